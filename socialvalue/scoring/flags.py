"""Credibility and process flags for the panel. A flag never changes a score by itself: the
credibility kinds (``decide`` set) need the panel's recorded decision, which may (:mod:`.decisions`).

Each flag has a code, the bidder and a reason sentence with the numbers. Every kind of flag is
one :class:`FlagKind` entry in :data:`KINDS`: its code, the pack's title for it, when it is
raised (docs/scoring.md's table is checked against it), the rubric setting it reads and how the
pack's Methodology states that setting, and the check that raises it. Commitment flags consider
every bid, eligible or not. The three threshold kinds are raised where thresholds are applied
(:mod:`.thresholds`, :mod:`.engine`); their entries declare them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..model import SpendLine, TenderInputs, departs, gives_a_reason
from ..rubric.methods import Words
from ..rubric.model import Rubric, spends_above
from . import spend_flags
from .arith import HUNDRED, ZERO, money, plain, q, show, total
from .qualitative import QualitativeScore
from .quantitative import BidValue
from .result import Flag, MeasureLine


@attrs.frozen
class Commitments:
    """What commitment checks see: every bid's GBP figures on every quantitative criterion."""

    rubric: Rubric
    contract_value: Decimal
    values: Mapping[tuple[str, str], BidValue]
    keys: Sequence[str]
    names: Mapping[str, str]
    #: The tender's cost of one FTE a year (``contract.annual_fte_cost``); None: the rubric's.
    annual_fte_cost: Decimal | None = None
    #: Every bid's spend plan lines, when the rubric scores a spend plan (else empty).
    plans: Mapping[str, Sequence[SpendLine]] = attrs.field(factory=dict)


@attrs.frozen
class Process:
    """What process checks see: the inputs and every bid's qualitative scores."""

    inputs: TenderInputs
    quals: Mapping[tuple[str, str], QualitativeScore]
    keys: Sequence[str]
    names: Mapping[str, str]


@attrs.frozen
class FlagKind:
    """One kind of flag: its code, its words and the check that raises it."""

    code: str
    title: str  # the heading of the flag on a bidder's pages of the pack
    condition: str  # when it is raised (the table in docs/scoring.md)
    #: The check: commitment kinds take :class:`Commitments`, process kinds :class:`Process`;
    #: None when the flag is raised elsewhere (thresholds).
    commitments: Callable[[Commitments], Iterator[Flag]] | None = None
    process: Callable[[Process], Iterator[Flag]] | None = None
    #: The ``credibility`` setting the check reads, and the Methodology's sentence for it.
    setting: str | None = None
    rule: Callable[[Decimal, Words], str] | None = None
    #: What a panel decision on the flag acts on (docs/scoring.md, "Panel decisions on
    #: credibility flags"): ``measure`` (the flag's measure), ``fte`` (the bid's FTE measures,
    #: capped to a total), ``bid`` (every valued measure of the bid; cannot be capped),
    #: ``spend_plan`` / ``spend_line`` (the bid's spend plan / the flag's line of it; cannot be
    #: capped); None: the flag needs no decision.
    decide: str | None = None


# ---------------------------------------------------------------- commitment checks


def _above_share(c: Commitments) -> Iterator[Flag]:
    cred, currency = c.rubric.credibility, c.rubric.currency
    crits = c.rubric.quantitative()
    contract = q(c.contract_value)
    limit = q(cred.max_share_of_contract_percent) * contract / HUNDRED
    for key in c.keys:
        gbp = total(c.values[(key, cr.id)].gbp_value for cr in crits)
        if crits and gbp > limit:
            yield Flag(
                "social_value_above_share",
                key,
                f"{c.names[key]} claims {money(gbp, currency)} of social value, "
                f"{show(gbp / contract * HUNDRED)}% of the contract value of "
                f"{money(c.contract_value, currency)}, above the "
                f"{plain(cred.max_share_of_contract_percent)}% "
                f"credibility limit ({money(limit, currency)}).",
            )


def _evidence_missing(c: Commitments) -> Iterator[Flag]:
    for key in c.keys:
        for cr in c.rubric.quantitative():
            for line in c.values[(key, cr.id)].measures:
                if line.quantity > 0 and line.evidence_required and not line.evidence.strip():
                    yield Flag(
                        "evidence_missing",
                        key,
                        f"{c.names[key]} commits {plain(line.quantity)} {line.unit} on "
                        f"{line.id} ({line.title}) with no evidence or delivery plan.",
                        criterion=cr.id,
                        measure=line.id,
                    )


def _spend_above_contract(c: Commitments) -> Iterator[Flag]:
    currency = c.rubric.currency
    for key in c.keys:
        for cr in c.rubric.quantitative():
            for line in c.values[(key, cr.id)].measures:
                if spends_above(line.unit, line.quantity, c.contract_value, currency):
                    yield Flag(
                        "spend_above_contract",
                        key,
                        f"{c.names[key]} commits {money(line.quantity, currency)} on {line.id} "
                        f"({line.title}), more than the contract value of "
                        f"{money(c.contract_value, currency)}.",
                        criterion=cr.id,
                        measure=line.id,
                    )


def fte_lines(
    values: Mapping[tuple[str, str], BidValue], rubric: Rubric, key: str
) -> list[MeasureLine]:
    """A bid's lines on measures whose unit is FTE (any case), in rubric order."""
    return [
        line
        for cr in rubric.quantitative()
        for line in values[(key, cr.id)].measures
        if line.unit.casefold() == "fte"
    ]


def _fte_cost(c: Commitments) -> Iterator[Flag]:
    cost_each = c.annual_fte_cost or c.rubric.credibility.annual_fte_cost
    currency = c.rubric.currency
    if cost_each is None:
        return
    contract = q(c.contract_value)
    for key in c.keys:
        lines = fte_lines(c.values, c.rubric, key)
        if not lines:
            continue
        fte = total(q(line.quantity) for line in lines)
        cost = fte * q(cost_each)
        if cost > contract:
            which = ", ".join(f"{line.id} {plain(line.quantity)}" for line in lines)
            yield Flag(
                "fte_cost_above_contract",
                key,
                f"{c.names[key]} commits {plain(fte)} FTE ({which}); at "
                f"{money(cost_each, currency)} a year each that costs {money(cost, currency)}, "
                f"more than the contract value of {money(c.contract_value, currency)}.",
            )


def _outliers(c: Commitments) -> Iterator[Flag]:
    keys = c.keys
    if len(keys) < 3:  # each bid is compared with the median of at least two others
        return
    multiple = c.rubric.credibility.outlier_multiple
    crits = c.rubric.quantitative()
    quantities: dict[str, dict[str, Fraction]] = {}  # measure -> bidder -> quantity
    for key in keys:
        for cr in crits:
            for line in c.values[(key, cr.id)].measures:
                quantities.setdefault(line.id, {})[key] = q(line.quantity)
    for cr in crits:
        for m in cr.measures:
            per = quantities.get(m.id, {})
            bids = [per[key] for key in keys]
            for key, qty, mid in zip(keys, bids, _medians_of_others(bids), strict=True):
                if mid > 0 and qty > q(multiple) * mid:
                    yield Flag(
                        "outlier_commitment",
                        key,
                        f"{c.names[key]} commits {plain(qty)} {m.unit} on {m.id} ({m.title}), "
                        f"more than {plain(multiple)} x the median of the other "
                        f"{len(keys) - 1} bids ({show(mid)} {m.unit}): {show(qty / mid)} times it.",
                        criterion=cr.id,
                        measure=m.id,
                    )


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


def _spend_plan(c: Commitments) -> Iterator[Flag]:
    """The spend plan kinds (:mod:`.spend_flags`), when the rubric scores a spend plan."""
    if not c.rubric.spend_plans():
        return
    currency = c.rubric.currency
    yield from spend_flags.above_contract(c.plans, c.contract_value, c.names, currency)
    yield from spend_flags.no_postcode(c.plans, c.names, currency)
    yield from spend_flags.twice(c.plans, c.names, currency)


# ---------------------------------------------------------------- process checks


def _moderation_required(p: Process) -> Iterator[Flag]:
    rubric = p.inputs.rubric
    for key in p.keys:
        for c in rubric.qualitative():
            qs = p.quals[(key, c.id)]
            for part in qs.parts:
                if not part.moderation_required:
                    continue
                scored = [s for s in part.scores if s.score is not None]
                listing = ", ".join(f"{s.evaluator} {plain(s.score or ZERO)}" for s in scored)
                done = (
                    f" Consensus recorded: {plain(part.consensus.score)}."
                    if part.consensus
                    else " No consensus is recorded."
                )
                yield Flag(
                    "moderation_required",
                    key,
                    f"Evaluators' scores for {p.names[key]} on {part.id} are {listing}: spread "
                    f"{plain(part.spread)} is {show(part.spread_steps)} scale steps of "
                    f"{plain(qs.scale.step)}, more than the "
                    f"{rubric.moderation.mandatory_spread_steps} allowed; moderation is "
                    f"required.{done}",
                    criterion=c.id,
                    part=part.id,
                )


def _conflict_scored(p: Process) -> Iterator[Flag]:
    for key in p.keys:
        for c in p.inputs.rubric.qualitative():
            for part in p.quals[(key, c.id)].parts:
                for s in part.scores:
                    if s.score is None or not s.conflict_declared:
                        continue
                    note = next(
                        (
                            cf.note
                            for sheet in p.inputs.scoresheets
                            for cf in sheet.conflicts
                            if cf.evaluator == s.evaluator and cf.bidder == key and cf.declared
                        ),
                        "",
                    )
                    why = f' ("{note}")' if note else ""
                    yield Flag(
                        "conflict_scored",
                        key,
                        f"{s.evaluator_name} ({s.evaluator}) declared a conflict of "
                        f"interest for {p.names[key]}{why} but scored it on {part.id} "
                        f"({plain(s.score or ZERO)}); the score is not counted.",
                        criterion=c.id,
                        part=part.id,
                        evaluator=s.evaluator,
                    )


def _consensus_outside_range(p: Process) -> Iterator[Flag]:
    for key in p.keys:
        for c in p.inputs.rubric.qualitative():
            for part in p.quals[(key, c.id)].parts:
                if part.basis != "consensus" or part.consensus is None:
                    continue  # not used as the final score: recorded only
                counted = [s for s in part.scores if not s.conflict_declared]
                span = departs(part.consensus.score, (s.score for s in counted))
                if span is None:
                    continue
                listing = ", ".join(
                    f"{s.evaluator_name} {plain(s.score)}" for s in counted if s.score is not None
                )
                why = part.consensus.rationale
                said = (
                    f'The panel\'s reason: "{" ".join(why.split())}"'
                    if gives_a_reason(why)
                    else f'Its rationale, "{" ".join(why.split())}", gives no reason '
                    f"({part.consensus.source}): the result is provisional until the panel's "
                    "reason is written beside the consensus."
                )
                yield Flag(
                    "consensus_outside_range",
                    key,
                    f"The panel's consensus for {p.names[key]} on {part.id} is "
                    f"{plain(part.consensus.score)}, outside the evaluators' scores ({listing}; "
                    f"range {plain(span[0])} to {plain(span[1])}). {said}",
                    criterion=c.id,
                    part=part.id,
                )


# ---------------------------------------------------------------- the kinds

KINDS: tuple[FlagKind, ...] = (
    FlagKind(
        "social_value_above_share",
        "Social value above the credible share of contract value",
        "GBP social value (all quantitative criteria, before caps) > "
        "`credibility.max_share_of_contract_percent` % of contract value",
        commitments=_above_share,
        setting="max_share_of_contract_percent",
        decide="bid",
        rule=lambda v, w: (
            f"Flag a bid whose social value exceeds {w.percent(v)} of contract value."
        ),
    ),
    FlagKind(
        "fte_cost_above_contract",
        "FTE committed cost more than the contract value",
        "sum of quantities on measures whose unit is FTE (any case) x "
        "the cost per FTE (tender.yaml `contract.annual_fte_cost`, else "
        "`credibility.annual_fte_cost`) > contract value (only when one of them is set)",
        commitments=_fte_cost,
        setting="annual_fte_cost",
        decide="fte",
        rule=lambda v, w: (
            "Flag FTE commitments that would cost more than the contract value at "
            f"{w.money(v)} per FTE."
        ),
    ),
    FlagKind(
        "evidence_missing",
        "Commitment without evidence",
        "quantity > 0 on a measure with `evidence_required` and blank evidence text",
        commitments=_evidence_missing,
        decide="measure",
    ),
    FlagKind(
        "spend_above_contract",
        "Spend commitment above the contract value",
        "quantity on a measure whose unit is money (GBP, £ or the rubric's currency) > "
        "contract value",
        commitments=_spend_above_contract,
        decide="measure",
    ),
    FlagKind(
        "outlier_commitment",
        "Outlier commitment",
        "quantity > `outlier_multiple` x median of the other bids' quantities on that measure, "
        "when that median > 0 and there are at least 2 other bids (a bid with no row counts as 0)",
        commitments=_outliers,
        setting="outlier_multiple",
        decide="measure",
        rule=lambda v, w: (
            f"Flag a commitment above {w.number(v)} times the median of the other bids."
        ),
    ),
    FlagKind(
        "spend_plan_above_contract",
        "Spend plan above the contract value",
        "the planned GBP of a spend plan's lines, together, > contract value",
        commitments=_spend_plan,  # raises all three spend plan kinds
        decide="spend_plan",
    ),
    FlagKind(
        "spend_line_no_postcode",
        "Spend plan line without a postcode",
        "a spend plan line gives no supplier postcode (it is never local)",
        decide="spend_line",
    ),
    FlagKind(
        "spend_supplier_twice",
        "Supplier twice in a spend plan",
        "a supplier (other than to be appointed) is named on a second spend plan line, "
        "ignoring case and spacing",
        decide="spend_line",
    ),
    FlagKind(
        "moderation_required",
        "Moderation required",
        "spread on a part is more than `mandatory_spread_steps` steps (whether or not a "
        "consensus is recorded)",
        process=_moderation_required,
    ),
    FlagKind(
        "conflict_scored",
        "Evaluator with a declared conflict scored the bid",
        "an evaluator declared a conflict for the bidder and a score of theirs reached the "
        "engine (`check` refuses such a scoresheet); the score is never counted",
        process=_conflict_scored,
    ),
    FlagKind(
        "consensus_outside_range",
        "Consensus outside the evaluators' scores",
        "the consensus used as a part's final score is below the lowest or above the highest of "
        "the evaluators' counted (non-blank) scores; with no reason in its rationale the result "
        "is provisional",
        process=_consensus_outside_range,
    ),
    FlagKind(
        "below_minimum",
        "Below a criterion minimum",
        "a final score is below a criterion minimum that does not disqualify",
    ),
    FlagKind(
        "below_threshold",
        "Below the overall threshold",
        "the bid is below an overall threshold that does not disqualify",
    ),
    FlagKind(
        "excluded_would_pass",
        "Excluded bid would pass against the final eligible bids",
        "a bid excluded by a `total`-basis threshold in an earlier round would pass against the "
        "final eligible bids (docs/scoring.md, thresholds)",
    ),
)


def kind(code: str) -> FlagKind | None:
    """The registered kind of flag with ``code``, or None."""
    return next((k for k in KINDS if k.code == code), None)


def title(code: str) -> str:
    """The pack's heading for a flag (its code when the kind is unknown)."""
    found = kind(code)
    return found.title if found else code


def commitment_flags(
    rubric: Rubric,
    contract_value: Decimal,
    values: Mapping[tuple[str, str], BidValue],
    keys: Sequence[str],
    names: Mapping[str, str],
    annual_fte_cost: Decimal | None = None,
    plans: Mapping[str, Sequence[SpendLine]] | None = None,
) -> list[Flag]:
    """Every commitment kind's flags (GBP share, FTE cost, missing evidence, spend above the
    contract value, outliers, spend plans), on what was committed (before any panel decision)."""
    seen = Commitments(rubric, contract_value, values, keys, names, annual_fte_cost, plans or {})
    return [f for k in KINDS if k.commitments for f in k.commitments(seen)]


def process_flags(
    inputs: TenderInputs,
    quals: Mapping[tuple[str, str], QualitativeScore],
    keys: Sequence[str],
    names: Mapping[str, str],
) -> list[Flag]:
    """Every process kind's flags (evaluator spread, conflicted evaluators who scored, a
    consensus outside the evaluators' scores)."""
    seen = Process(inputs, quals, keys, names)
    return [f for k in KINDS if k.process for f in k.process(seen)]


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
