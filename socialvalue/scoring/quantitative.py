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

import attrs

from ..errors import InputError, Location, Problem
from ..proxies import ProxySet
from ..rubric.model import Band, Criterion, Method
from ..tender.model import Response
from .arith import HUNDRED, ONE, ZERO, dec, money, opt, plain, q, ratio, show
from .result import MeasureLine, MethodResult


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
    method = criterion.method
    assert method is not None
    cap_pct = method.cap_percent_of_contract
    cap = q(cap_pct) * q(contract_value) / HUNDRED if cap_pct is not None else None
    counted = min(gbp_total, cap) if cap is not None else gbp_total
    return BidValue(
        criterion=criterion,
        measures=tuple(lines),
        gbp_value=gbp_total,
        cap_percent=cap_pct,
        cap_amount=cap,
        counted=counted,
        percent=ratio(gbp_total, contract_value) * HUNDRED,
        counted_percent=ratio(counted, contract_value) * HUNDRED,
    )


def method_basis(value: BidValue, credibility: Fraction | None) -> Fraction:
    """The figure a relative method compares: counted GBP, times the credibility fraction."""
    if value.criterion.method and value.criterion.method.kind == "credibility_adjusted":
        assert credibility is not None
        return value.counted * credibility
    return value.counted


def reference(bases: Mapping[str, Fraction], pool: Sequence[str]) -> tuple[str | None, Fraction]:
    """The best value among ``pool`` (bidder keys) and who holds it (lowest key on equal values)."""
    if not pool:
        return None, ZERO
    best = max(bases[k] for k in pool)
    holder = min(k for k in pool if bases[k] == best)
    return holder, best


def _band(method: Method, pct: Fraction) -> Band | None:
    chosen = None
    for band in method.bands:
        if q(band.at_least) <= pct:
            chosen = band
    return chosen


def method_fraction(
    value: BidValue,
    basis: Fraction,
    ref: tuple[str | None, Fraction],
    credibility: Fraction | None,
    names: Mapping[str, str],
    currency: str,
) -> tuple[Fraction, MethodResult]:
    """The fraction (0..1) of the criterion's marks, and every figure used for it."""
    method = value.criterion.method
    assert method is not None
    kind = method.kind
    counted = money(value.counted, currency)
    if value.cap_amount is not None and value.gbp_value > value.cap_amount:
        counted += (
            f" ({money(value.gbp_value, currency)} capped at {plain(method.cap_percent_of_contract or ZERO)}% "
            f"of contract value)"
        )
    if kind in ("relative_to_best", "credibility_adjusted"):
        holder, best = ref
        adjusted = None
        cred_text = ""
        if kind == "credibility_adjusted":
            adjusted = basis
            cred_text = (
                f" x credibility {show(credibility or ZERO)} (score on {method.criterion} / "
                f"scale maximum) = {money(basis, currency)}"
            )
        if best == 0:
            fraction = ZERO
            text = (
                f"{counted}{cred_text}; the best eligible value is 0, so every bid scores 0 "
                "(declared outcome: no division by zero)."
            )
        else:
            fraction = min(ratio(basis, best), ONE)
            who = names.get(holder or "", holder or "")
            text = f"{counted}{cred_text}, divided by the best eligible {money(best, currency)} ({who})"
            text += f" = {show(ratio(basis, best))}"
            if ratio(basis, best) > ONE:
                text += ", capped at 1 (this bid is not eligible, so it is not the reference)"
            text += "" if text.endswith(".") else "."
        return fraction, MethodResult(
            kind=kind,
            reference_bidder=holder,
            reference_value=dec(best),
            credibility_criterion=method.criterion,
            credibility_fraction=opt(credibility),
            adjusted_value=opt(adjusted),
            band=None,
            target_percent=None,
            text=text,
        )
    if kind == "contract_value_target":
        target = method.target_percent
        assert target is not None and target > 0
        fraction = min(ratio(value.counted_percent, target), ONE)
        text = (
            f"{counted} is {show(value.counted_percent)}% of contract value; against the "
            f"{plain(target)}% target: {show(fraction)} of the marks (at most 1)."
        )
        return fraction, MethodResult(kind, None, None, None, None, None, None, target, text)
    if kind == "contract_value_bands":
        band = _band(method, value.counted_percent)
        fraction = ratio(band.score, HUNDRED) if band else ZERO
        where = (
            f"band 'at least {plain(band.at_least)}%' earns {plain(band.score)}% of the marks"
            if band
            else "below the lowest band: 0 marks"
        )
        text = f"{counted} is {show(value.counted_percent)}% of contract value: {where}."
        return fraction, MethodResult(kind, None, None, None, None, None, band, None, text)
    raise AssertionError(f"unknown method kind {kind!r}")  # the loader allows only the four
