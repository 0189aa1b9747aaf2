"""Quantitative criteria: commitments x proxy values -> GBP -> a fraction by the declared method.

The GBP side (:func:`value_bid`) depends on one bid only. The method side (:func:`method_fraction`)
may compare bids: relative methods divide by the best value among the *eligible* bids (all bids
when none is eligible, for information only). Declared outcomes:

* the best eligible value is 0 (nobody committed anything valued): every bid scores 0;
* a disqualified bid above the eligible best: its fraction is capped at 1;
* below the lowest band: 0; a target is capped at full marks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

import attrs

from ..errors import InputError, Location, Problem
from ..model import Response
from ..rubric import methods
from ..rubric.model import Criterion
from ..rubric.proxies import ProxySet
from .arith import HUNDRED, ZERO, Number, dec, factor, money, opt, plain, q, ratio, show
from .result import MeasureLine, MethodResult, SpendFigures


@attrs.frozen
class BidValue:
    """One quantitative criterion's GBP figures for one bid (exact; independent of other bids)."""

    criterion: Criterion
    measures: tuple[MeasureLine, ...]
    gbp_value: Fraction
    cap_percent: Decimal | None
    cap_amount: Fraction | None
    counted: Fraction
    percent: Fraction
    counted_percent: Fraction
    #: A spend_plan criterion's share figures (the GBP above are the share's planned spend).
    spend: SpendFigures | None = None


def check_measures(
    criteria: Sequence[Criterion], proxies: ProxySet | None, responses: Sequence[Response]
) -> None:
    """Every valued measure has a proxy value; no negative quantity. Raises InputError."""
    problems: list[Problem] = []
    for criterion in criteria:
        for m in criterion.measures:
            if m.record_only:
                continue
            if proxies is None or proxies.value(m.id) is None:
                problems.append(
                    Problem(
                        Location(proxies.file if proxies else "<proxy set>"),
                        f"no proxy value for measure `{m.id}` ({m.title})",
                    )
                )
    for r in responses:
        for c in r.commitments:
            if c.quantity < 0:
                problems.append(
                    Problem(
                        Location(c.source.file, cell=c.source.cell),
                        f"quantity for `{c.measure}` must be 0 or more, got {plain(c.quantity)}",
                    )
                )
    if problems:
        raise InputError(problems)


def value_bid(
    criterion: Criterion, response: Response, proxies: ProxySet | None, contract_value: Decimal
) -> BidValue:
    """Quantity x proxy value per measure, the GBP total, the cap and % of contract value."""
    lines = []
    gbp_total = ZERO
    for m in criterion.measures:
        c = response.commitment(m.id)
        quantity = c.quantity if c is not None else Decimal(0)
        proxy = None
        gbp = None
        if not m.record_only:
            assert proxies is not None  # check_measures
            pv = proxies.value(m.id)
            assert pv is not None
            proxy = pv.value
            exact_gbp = q(quantity) * q(proxy)
            gbp_total += exact_gbp
            gbp = dec(exact_gbp)
        lines.append(
            MeasureLine(
                id=m.id,
                title=m.title,
                unit=m.unit,
                record_only=m.record_only,
                entered=c is not None,
                quantity=quantity,
                proxy_value=proxy,
                gbp_value=gbp,
                evidence=c.evidence if c is not None else "",
                evidence_required=m.evidence_required,
                source=str(c.source) if c is not None else "",
            )
        )
    return capped_value(criterion, tuple(lines), gbp_total, contract_value)


def capped_value(
    criterion: Criterion,
    lines: tuple[MeasureLine, ...],
    gbp_total: Fraction,
    contract_value: Decimal,
    spend: SpendFigures | None = None,
) -> BidValue:
    """A criterion's GBP figure with the method's cap and its percent of contract value."""
    method = criterion.method
    assert method is not None
    cap_pct = method.cap_percent_of_contract
    cap = q(cap_pct) * q(contract_value) / HUNDRED if cap_pct is not None else None
    counted = min(gbp_total, cap) if cap is not None else gbp_total
    return BidValue(
        criterion=criterion,
        measures=lines,
        gbp_value=gbp_total,
        cap_percent=cap_pct,
        cap_amount=cap,
        counted=counted,
        percent=ratio(gbp_total, contract_value) * HUNDRED,
        counted_percent=ratio(counted, contract_value) * HUNDRED,
        spend=spend,
    )


def method_basis(value: BidValue, credibility: Fraction | None) -> Fraction:
    """The figure a relative method compares: counted GBP (the method may adjust it)."""
    method = value.criterion.method
    assert method is not None
    return methods.get(method.kind).basis(value.counted, credibility)


def quality_criterion(criterion: Criterion) -> str | None:
    """The qualitative criterion whose fraction the criterion's method uses, if any."""
    method = criterion.method
    return methods.get(method.kind).quality_criterion(method) if method else None


def reference(bases: Mapping[str, Fraction], pool: Sequence[str]) -> tuple[str | None, Fraction]:
    """The best value among ``pool`` (bidder keys) and who holds it (lowest key on equal values)."""
    if not pool:
        return None, ZERO
    best = max(bases[k] for k in pool)
    holder = min(k for k in pool if bases[k] == best)
    return holder, best


def holders(bases: Mapping[str, Fraction], pool: Sequence[str], best: Fraction) -> list[str]:
    """Every bidder in ``pool`` whose value is ``best`` (several when they tie), in key order."""
    return sorted(k for k in pool if bases[k] == best)


def holder_names(keys: Sequence[str], names: Mapping[str, str]) -> str:
    """``A``, ``A and B``, ``A, B and C``: the holders of the best value, by name."""
    shown = [names.get(k, k) for k in keys]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


@attrs.frozen
class EngineNumbers:
    """The engine's figures in sentences (:mod:`.arith`), as the methods write them, with the
    tender's currency."""

    currency: str
    plain = staticmethod(plain)
    show = staticmethod(show)
    factor = staticmethod(factor)

    def money(self, value: Number) -> str:
        return money(value, self.currency)


def method_fraction(
    value: BidValue,
    basis: Fraction,
    ref: tuple[str | None, Fraction],
    credibility: Fraction | None,
    names: Mapping[str, str],
    currency: str,
    tied: Sequence[str] = (),
) -> tuple[Fraction, MethodResult]:
    """The fraction (0..1) of the criterion's marks, and every figure used for it; ``tied`` are
    every bidder holding the reference value (all are named in the text)."""
    method = value.criterion.method
    assert method is not None
    counted = money(value.counted, currency)
    if value.cap_amount is not None and value.gbp_value > value.cap_amount:
        counted += (
            f" ({money(value.gbp_value, currency)} capped at {plain(method.cap_percent_of_contract or ZERO)}% "
            f"of contract value)"
        )
    holder, best = ref
    bid = methods.Bid(
        method=method,
        counted=value.counted,
        counted_text=counted,
        counted_percent=value.counted_percent,
        basis=basis,
        reference_bidder=holder,
        reference_value=best,
        reference_name=(
            holder_names(tied, names) if len(tied) > 1 else names.get(holder or "", holder or "")
        ),
        credibility=credibility,
    )
    out = methods.get(method.kind).score(bid, EngineNumbers(currency))
    return out.fraction, MethodResult(
        kind=method.kind,
        reference_bidder=out.reference_bidder,
        reference_value=opt(out.reference_value),
        credibility_criterion=out.credibility_criterion,
        credibility_fraction=opt(out.credibility_fraction),
        adjusted_value=opt(out.adjusted_value),
        band=out.band,
        target_percent=out.target_percent,
        text=out.text,
    )


class ScoredCriterion(Protocol):
    """A quantitative criterion's recorded result: the engine's or the record's (same fields)."""

    @property
    def id(self) -> str: ...
    @property
    def fraction(self) -> Decimal: ...
    @property
    def counted_gbp_value(self) -> Decimal | None: ...
    @property
    def method(self) -> MethodResult | None: ...


def method_figures(criterion: ScoredCriterion) -> methods.Figures:
    """One bid's recorded figures on a quantitative criterion, as its method explains them (the
    pack) or lays them out as formulas (results.xlsx)."""
    method, counted = criterion.method, criterion.counted_gbp_value
    if method is None or counted is None:
        raise ValueError(f"criterion {criterion.id} has no method result")
    return methods.Figures(
        fraction=criterion.fraction,
        counted=counted,
        reference_value=method.reference_value,
        credibility_criterion=method.credibility_criterion,
        credibility_fraction=method.credibility_fraction,
        adjusted_value=method.adjusted_value,
        band=method.band,
        target_percent=method.target_percent,
    )
