"""The record: the typed shape of results.json, one attrs class per JSON object.

Where the record holds a result exactly as the engine computed it, the class *is* the result
class (:mod:`socialvalue.scoring.result`, the input model, the rubric model). The classes below
are the few places where the record's shape really differs from the model: a subset of the
tender, the rubric as a printable methodology with its computed marks, a criterion result with
its scale and cap grouped, and the texts and figures computed for the reader.

:func:`build_record` makes a :class:`Record` from an :class:`Evaluation`;
:mod:`socialvalue.results.codec` writes it as JSON (and reads it back) with cattrs, and
:mod:`socialvalue.results.schema` derives results.schema.json from these classes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from .. import __version__
from ..errors import Problem, Severity
from ..proxies import ProxyValue
from ..rubric.model import (
    Credibility,
    Criterion,
    CriterionType,
    Level,
    Measure,
    Method,
    Minimum,
    Moderation,
    Rollup,
    Rounding,
    Rubric,
    Threshold,
    TieRule,
    Weighting,
    WeightKind,
)
from ..rubric.show import describe_method
from ..scoring.arith import plain
from ..scoring.ranking import rule_label
from ..scoring.result import (
    AnswerRecord,
    BidderResult,
    ConflictRecord,
    CriterionResult,
    Evaluation,
    Flag,
    MeasureLine,
    MethodResult,
    MinimumCheck,
    ModerationEntry,
    Outcome,
    PartResult,
    RankEntry,
    Reason,
    SectionResult,
    Sensitivity,
    Status,
    ThresholdRound,
    TieBreakRecord,
    TieGroup,
    Totals,
    WeightingCheck,
)
from ..tender.model import Evaluator, InputFile

SCHEMA_VERSION = "1.0"
#: Arithmetic precision (significant digits) of the unrounded figures.
PRECISION = 50


def _copy(cls: type[Any], source: object, **changes: object) -> Any:
    """An instance of ``cls`` with ``source``'s same-named attributes, except ``changes``."""
    values = {f.name: getattr(source, f.name) for f in attrs.fields(cls) if f.name not in changes}
    return cls(**values, **changes)


# ---------------------------------------------------------------- provenance


@attrs.frozen
class Toolkit:
    """The program that wrote the record."""

    name: str
    version: str


@attrs.frozen
class TenderRecord:
    """The tender as recorded: tender.yaml's published fields, dates as ISO text in name order."""

    reference: str
    title: str
    buyer: str
    contract_value: Decimal
    currency: str
    contract_years: Decimal | None
    marking: str
    dates: dict[str, dt.date]
    evaluators: tuple[Evaluator, ...]
    rubric: str
    proxy_set: str | None
    file: str
    sha256: str


@attrs.frozen
class ProxySetRecord:
    """The proxy set, with the values of the measures the rubric uses only."""

    id: str
    name: str
    source: str
    version: str
    licence: str
    price_year: int
    currency: str
    example: bool
    label: str
    file: str
    sha256: str
    values: tuple[ProxyValue, ...]


# ---------------------------------------------------------------- the methodology


@attrs.frozen
class ScaleRecord:
    """A score scale with its range."""

    id: str
    title: str
    minimum: Decimal
    maximum: Decimal
    step: Decimal
    levels: tuple[Level, ...]


@attrs.frozen
class SubCriterionRecord:
    """A sub-criterion with its share of the criterion (its weight over all sub-weights)."""

    id: str
    title: str
    weight: Decimal
    share: Decimal
    guidance: str


@attrs.frozen
class CriterionMethod:
    """A criterion as published: the rubric's fields, its marks and share, its method in words."""

    id: str
    title: str
    type: CriterionType
    section: str
    weight: Decimal
    marks: Decimal
    share_percent: Decimal
    question: str
    guidance: str
    scale: str | None
    word_limit: int | None
    rollup: Rollup | None
    minimum: Minimum | None
    sub_criteria: tuple[SubCriterionRecord, ...]
    measures: tuple[Measure, ...]
    method: Method | None
    method_text: str | None


@attrs.frozen
class SectionRecord:
    """A section with its marks."""

    id: str
    title: str
    description: str
    weight: Decimal | None
    marks: Decimal
    criteria: tuple[CriterionMethod, ...]


@attrs.frozen
class TieBreakRule:
    """A tie-break rule with its wording."""

    rule: TieRule
    criterion: str | None
    text: str


@attrs.frozen
class RubricRecord:
    """The published methodology, complete enough to print."""

    id: str
    title: str
    version: str
    policy: str
    description: str
    currency: str
    weights: WeightKind
    total_marks: Decimal
    proxy_set: str | None
    source: str
    sha256: str
    notes: tuple[str, ...]
    weighting: Weighting
    scales: tuple[ScaleRecord, ...]
    sections: tuple[SectionRecord, ...]
    moderation: Moderation
    tie_breaks: tuple[TieBreakRule, ...]
    rounding: Rounding
    threshold: Threshold | None
    credibility: Credibility


# ---------------------------------------------------------------- arithmetic and thresholds


@attrs.frozen
class Arithmetic:
    """How the figures were computed and rounded."""

    precision: int
    rounding: Rounding
    text: str


@attrs.frozen
class CriterionMinimum:
    """A criterion's minimum score."""

    criterion: str
    score: Decimal
    disqualifies: bool


@attrs.frozen
class Thresholds:
    """The minimum scores and the threshold, and what they excluded in each round."""

    criterion_minimums: tuple[CriterionMinimum, ...]
    threshold: Threshold | None
    rounds: tuple[ThresholdRound, ...]
    text: str


# ---------------------------------------------------------------- bidders


@attrs.frozen
class ScaleRef:
    """The scale a qualitative criterion is scored on."""

    id: str | None
    maximum: Decimal | None
    step: Decimal | None


@attrs.frozen
class Cap:
    """A quantitative criterion's cap on counted value: a percent of the contract, in GBP."""

    percent: Decimal | None
    amount: Decimal | None


@attrs.frozen
class CriterionRecord:
    """One criterion for one bidder; ``parts`` for qualitative, ``measures`` for quantitative."""

    id: str
    title: str
    type: str
    section: str
    marks: Decimal
    fraction: Decimal
    weighted_points: Decimal
    weighted_points_rounded: Decimal | None
    explanation: str
    scale: ScaleRef | None
    final_score: Decimal | None
    basis: str | None
    minimum: MinimumCheck | None
    answer: AnswerRecord | None
    parts: tuple[PartResult, ...] | None
    measures: tuple[MeasureLine, ...] | None
    gbp_value: Decimal | None
    cap: Cap | None
    counted_gbp_value: Decimal | None
    percent_of_contract: Decimal | None
    counted_percent_of_contract: Decimal | None
    method: MethodResult | None

    @property
    def qualitative(self) -> bool:
        return self.type == "qualitative"


@attrs.frozen
class FlagRecord:
    """A credibility or process flag (flags never change a score)."""

    code: str
    bidder: str
    criterion: str | None
    part: str | None
    measure: str | None
    evaluator: str | None
    reason: str


@attrs.frozen
class Disqualification:
    """Why a bid is disqualified."""

    reasons: tuple[Reason, ...]


@attrs.frozen
class BidderRecord:
    """One bid: who, its status and rank, its totals, sections, criteria and flags."""

    key: str
    name: str
    company_number: str
    contact: str
    file: str
    sha256: str
    status: str
    disqualification: Disqualification | None
    rank: int | None
    rank_shared: bool
    totals: Totals
    sections: tuple[SectionResult, ...]
    criteria: tuple[CriterionRecord, ...]
    flags: tuple[FlagRecord, ...]

    @property
    def eligible(self) -> bool:
        return self.status == "ranked"

    def criterion(self, cid: str) -> CriterionRecord:
        return next(c for c in self.criteria if c.id == cid)


# ---------------------------------------------------------------- moderation and warnings


@attrs.frozen
class EvaluatorValue:
    """One evaluator's score in a moderation line (None: left blank)."""

    evaluator: str
    score: Decimal | None


@attrs.frozen
class ModerationRecord:
    """One scored part of one bid through moderation."""

    bidder: str
    criterion: str
    part: str
    scores: tuple[EvaluatorValue, ...]
    spread: Decimal
    spread_steps: Decimal
    moderation_required: bool
    consensus: Decimal | None
    consensus_rationale: str | None
    final_score: Decimal
    basis: str


@attrs.frozen
class ProblemRecord:
    """A warning found in the inputs, with where it is."""

    file: str
    line: int | None
    column: int | None
    cell: str | None
    context: str | None
    severity: Severity
    message: str


# ---------------------------------------------------------------- the whole record


@attrs.frozen
class Record:
    """results.json: the evaluation record (docs/results.md)."""

    schema_version: str
    toolkit: Toolkit
    status: Status
    outcome: Outcome
    tender: TenderRecord
    rubric: RubricRecord
    proxy_set: ProxySetRecord | None
    weighting: WeightingCheck
    arithmetic: Arithmetic
    thresholds: Thresholds
    ranking: tuple[RankEntry, ...]
    tie_breaks: tuple[TieBreakRecord, ...]
    ties: tuple[TieGroup, ...]
    bidders: tuple[BidderRecord, ...]
    flags: tuple[FlagRecord, ...]
    sensitivity: Sensitivity
    moderation: tuple[ModerationRecord, ...]
    conflicts: tuple[ConflictRecord, ...]
    files: tuple[InputFile, ...]
    warnings: tuple[ProblemRecord, ...]

    def bidder(self, key: str) -> BidderRecord:
        return next(b for b in self.bidders if b.key == key)


# ---------------------------------------------------------------- from an evaluation


def build_record(ev: Evaluation) -> Record:
    """The record of an evaluation (no I/O; figures stay Decimals).

    Run it inside :func:`~socialvalue.scoring.arith.exact`: marks and shares are divided here.
    """
    rubric = ev.inputs.rubric
    return Record(
        schema_version=SCHEMA_VERSION,
        toolkit=Toolkit("socialvalue", __version__),
        status=ev.status,
        outcome=ev.outcome,
        tender=tender_record(ev),
        rubric=rubric_record(rubric),
        proxy_set=proxy_record(ev),
        weighting=ev.weighting,
        arithmetic=Arithmetic(PRECISION, rubric.rounding, arithmetic_text(rubric.rounding)),
        thresholds=Thresholds(
            criterion_minimums=tuple(
                CriterionMinimum(c.id, c.minimum.score, c.minimum.disqualifies)
                for c in rubric.qualitative()
                if c.minimum
            ),
            threshold=rubric.threshold,
            rounds=ev.threshold_rounds,
            text=threshold_text(ev),
        ),
        ranking=ev.ranking,
        tie_breaks=ev.tie_breaks,
        ties=ev.ties,
        bidders=tuple(bidder_record(b) for b in ev.bidders),
        flags=tuple(flag_record(f) for f in ev.flags),
        sensitivity=ev.sensitivity,
        moderation=tuple(moderation_record(m) for m in ev.moderation),
        conflicts=ev.conflicts,
        files=ev.inputs.files,
        warnings=tuple(problem_record(p) for p in ev.warnings),
    )


def tender_record(ev: Evaluation) -> TenderRecord:
    t = ev.inputs.tender
    return _copy(TenderRecord, t, dates={k: t.dates[k] for k in sorted(t.dates)})


def proxy_record(ev: Evaluation) -> ProxySetRecord | None:
    p = ev.inputs.proxies
    if p is None:
        return None
    used = [m.id for _, m in ev.inputs.rubric.measures() if p.value(m.id) is not None]
    return _copy(ProxySetRecord, p, values=tuple(p.values[m] for m in used))


def rubric_record(rubric: Rubric) -> RubricRecord:
    """The published methodology of ``rubric``, with its computed marks and texts."""
    return _copy(
        RubricRecord,
        rubric,
        total_marks=rubric.total_marks,
        scales=tuple(_copy(ScaleRecord, s) for s in rubric.scales),
        sections=tuple(
            _copy(
                SectionRecord,
                s,
                marks=rubric.section_marks(s),
                criteria=tuple(criterion_method(rubric, c, s.id) for c in s.criteria),
            )
            for s in rubric.sections
        ),
        tie_breaks=tuple(
            TieBreakRule(t.rule, t.criterion, rule_label(t)) for t in rubric.tie_breaks
        ),
    )


def criterion_method(rubric: Rubric, c: Criterion, section_id: str) -> CriterionMethod:
    marks = rubric.criterion_marks(c)
    subs_total = sum((s.weight for s in c.sub_criteria), Decimal(0))
    return _copy(
        CriterionMethod,
        c,
        section=section_id,
        marks=marks,
        share_percent=marks / rubric.total_marks * 100,
        rollup=c.rollup if c.qualitative else None,
        sub_criteria=tuple(
            _copy(SubCriterionRecord, s, share=s.weight / subs_total if subs_total else Decimal(0))
            for s in c.sub_criteria
        ),
        method_text=describe_method(c.method) if c.method else None,
    )


def arithmetic_text(r: Rounding) -> str:
    return (
        "Computed with exact rational arithmetic from the decimal inputs; unrounded "
        f"figures are recorded to at most {PRECISION} significant digits; "
        f"rounded only at stage {r.stage} to {r.places} places "
        f"({r.rule.replace('_', '-')}); ranked on {r.rank_on} totals."
    )


def threshold_text(ev: Evaluation) -> str:
    rubric = ev.inputs.rubric
    parts = []
    for c in rubric.qualitative():
        if c.minimum:
            effect = "disqualifies" if c.minimum.disqualifies else "is flagged only"
            parts.append(f"A final score below {plain(c.minimum.score)} on {c.id} {effect}.")
    th = rubric.threshold
    if th:
        effect = "disqualifies" if th.disqualifies else "is flagged only"
        basis = "qualitative marks" if th.basis == "qualitative" else "the social value total"
        parts.append(f"Less than {plain(th.minimum_percent)}% of {basis} {effect}.")
        n = sum(len(r.excluded) for r in ev.threshold_rounds)
        parts.append(
            f"{n} bid(s) excluded by the threshold in {len(ev.threshold_rounds)} round(s)."
        )
    if not parts:
        return "The rubric sets no minimum score or threshold."
    return " ".join(parts)


def criterion_record(c: CriterionResult) -> CriterionRecord:
    q = c.qualitative
    return _copy(
        CriterionRecord,
        c,
        scale=ScaleRef(c.scale_id, c.scale_maximum, c.scale_step) if q else None,
        parts=c.parts if q else None,
        measures=None if q else c.measures,
        cap=Cap(c.cap_percent, c.cap_amount) if c.cap_percent is not None else None,
    )


def flag_record(f: Flag) -> FlagRecord:
    return _copy(FlagRecord, f)


def bidder_record(b: BidderResult) -> BidderRecord:
    return _copy(
        BidderRecord,
        b,
        disqualification=Disqualification(b.disqualification) if b.disqualification else None,
        criteria=tuple(criterion_record(c) for c in b.criteria),
        flags=tuple(flag_record(f) for f in b.flags),
    )


def moderation_record(m: ModerationEntry) -> ModerationRecord:
    return _copy(ModerationRecord, m, scores=tuple(EvaluatorValue(e, v) for e, v in m.scores))


def problem_record(p: Problem) -> ProblemRecord:
    return _copy(ProblemRecord, p.where, severity=p.severity, message=p.message)
