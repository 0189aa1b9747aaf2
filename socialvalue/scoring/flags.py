"""Credibility and process flags for the panel. Flags never change a score.

Each flag has a code, the bidder and a reason sentence with the numbers (docs/results.md lists the
codes). Commitment flags consider every bid, eligible or not.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from ..rubric.model import Rubric
from ..tender.model import TenderInputs
from .arith import HUNDRED, ZERO, money, plain, q, show, total
from .qualitative import QualitativeScore
from .quantitative import BidValue
from .result import Flag


def commitment_flags(
    rubric: Rubric,
    contract_value: Decimal,
    values: Mapping[tuple[str, str], BidValue],
    keys: Sequence[str],
    names: Mapping[str, str],
) -> list[Flag]:
    """GBP share of contract, FTE cost, missing evidence, outlier quantities."""
    cred = rubric.credibility
    currency = rubric.currency
    flags: list[Flag] = []
    crits = rubric.quantitative()
    quantities: dict[str, dict[str, Fraction]] = {}  # measure -> bidder -> quantity
    contract = q(contract_value)
    for key in keys:
        gbp = total(values[(key, c.id)].gbp_value for c in crits)
        limit = q(cred.max_share_of_contract_percent) * contract / HUNDRED
        if crits and gbp > limit:
            flags.append(
                Flag(
                    "social_value_above_share",
                    key,
                    f"{names[key]} claims {money(gbp, currency)} of social value, "
                    f"{show(gbp / contract * HUNDRED)}% of the contract value of "
                    f"{money(contract_value, currency)}, above the {plain(cred.max_share_of_contract_percent)}% "
                    f"credibility limit ({money(limit, currency)}).",
                )
            )
        fte_lines = []
        for c in crits:
            for line in values[(key, c.id)].measures:
                quantities.setdefault(line.id, {})[key] = q(line.quantity)
                if line.unit.casefold() == "fte":
                    fte_lines.append(line)
                if line.quantity > 0 and line.evidence_required and not line.evidence.strip():
                    flags.append(
                        Flag(
                            "evidence_missing",
                            key,
                            f"{names[key]} commits {plain(line.quantity)} {line.unit} on "
                            f"{line.id} ({line.title}) with no evidence or delivery plan.",
                            criterion=c.id,
                            measure=line.id,
                        )
                    )
        if cred.annual_fte_cost is not None and fte_lines:
            fte = total(q(line.quantity) for line in fte_lines)
            cost = fte * q(cred.annual_fte_cost)
            if cost > contract:
                which = ", ".join(f"{line.id} {plain(line.quantity)}" for line in fte_lines)
                flags.append(
                    Flag(
                        "fte_cost_above_contract",
                        key,
                        f"{names[key]} commits {plain(fte)} FTE ({which}); at "
                        f"{money(cred.annual_fte_cost, currency)} a year each that costs {money(cost, currency)}, "
                        f"more than the contract value of {money(contract_value, currency)}.",
                    )
                )
    if len(keys) < 3:  # each bid is compared with the median of at least two others
        return flags
    for c in crits:
        for m in c.measures:
            per = quantities.get(m.id, {})
            bids = [per[key] for key in keys]
            for key, qty, mid in zip(keys, bids, _medians_of_others(bids), strict=True):
                if mid > 0 and qty > q(cred.outlier_multiple) * mid:
                    flags.append(
                        Flag(
                            "outlier_commitment",
                            key,
                            f"{names[key]} commits {plain(qty)} {m.unit} on {m.id} ({m.title}), "
                            f"more than {plain(cred.outlier_multiple)} x the median of the other "
                            f"{len(keys) - 1} bids ({show(mid)} {m.unit}): {show(qty / mid)} times it.",
                            criterion=c.id,
                            measure=m.id,
                        )
                    )
    return flags


def _medians_of_others(values: Sequence[Fraction]) -> list[Fraction]:
    """For each value, the median of all the *other* values (at least three values).

    The values are sorted once; leaving one out shifts the positions after it by one, so each
    median is found by index rather than by sorting afresh (n log n, not n squared log n).
    Removing any copy of a repeated value leaves the same list, so its first position serves.
    """
    ordered = sorted(values)
    n = len(ordered) - 1  # how many others
    half = n // 2

    def at(j: int, skip: int) -> Fraction:  # the j-th of the others: ``ordered`` without ``skip``
        return ordered[j] if j < skip else ordered[j + 1]

    medians = []
    for value in values:
        skip = bisect_left(ordered, value)
        if n % 2:
            medians.append(at(half, skip))
        else:
            medians.append((at(half - 1, skip) + at(half, skip)) / 2)
    return medians


def process_flags(
    inputs: TenderInputs,
    quals: Mapping[tuple[str, str], QualitativeScore],
    keys: Sequence[str],
    names: Mapping[str, str],
) -> list[Flag]:
    """Evaluator spread needing moderation; an evaluator with a declared conflict who scored."""
    rubric = inputs.rubric
    flags: list[Flag] = []
    for key in keys:
        for c in rubric.qualitative():
            q = quals[(key, c.id)]
            for p in q.parts:
                scored = [s for s in p.scores if s.score is not None]
                if p.moderation_required:
                    listing = ", ".join(f"{s.evaluator} {plain(s.score or ZERO)}" for s in scored)
                    done = (
                        f" Consensus recorded: {plain(p.consensus.score)}."
                        if p.consensus
                        else " No consensus is recorded."
                    )
                    flags.append(
                        Flag(
                            "moderation_required",
                            key,
                            f"Evaluators' scores for {names[key]} on {p.id} are {listing}: spread "
                            f"{plain(p.spread)} is {show(p.spread_steps)} scale steps of "
                            f"{plain(q.scale.step)}, more than the "
                            f"{rubric.moderation.mandatory_spread_steps} allowed; moderation is "
                            f"required.{done}",
                            criterion=c.id,
                            part=p.id,
                        )
                    )
                for s in scored:
                    if s.conflict_declared:
                        note = next(
                            (
                                cf.note
                                for sheet in inputs.scoresheets
                                for cf in sheet.conflicts
                                if cf.evaluator == s.evaluator and cf.bidder == key and cf.declared
                            ),
                            "",
                        )
                        why = f' ("{note}")' if note else ""
                        flags.append(
                            Flag(
                                "conflict_scored",
                                key,
                                f"{s.evaluator_name} ({s.evaluator}) declared a conflict of "
                                f"interest for {names[key]}{why} but scored it on {p.id} "
                                f"({plain(s.score or ZERO)}).",
                                criterion=c.id,
                                part=p.id,
                                evaluator=s.evaluator,
                            )
                        )
    return flags


def sort_flags(flags: Sequence[Flag], order: Mapping[str, int]) -> list[Flag]:
    """Stable order: bidder (ranking order), code, criterion, part, measure, evaluator."""
    return sorted(
        flags,
        key=lambda f: (
            order.get(f.bidder, len(order)),
            f.code,
            f.criterion or "",
            f.part or "",
            f.measure or "",
            f.evaluator or "",
            f.reason,
        ),
    )
