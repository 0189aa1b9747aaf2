"""The record: the typed shape of results.json, one attrs class per JSON object.

Where the record holds a result exactly as the engine computed it, the class *is* the result
class (:mod:`socialvalue.scoring.result`, the input model, the rubric model). The classes below
are the few places where the record's shape really differs from the model: a subset of the
tender, the rubric as a printable methodology with its computed marks, a criterion result with
its scale and cap grouped, and the texts and figures computed for the reader.

:func:`socialvalue.results.build.build_record` makes a :class:`Record` from an evaluation;
:mod:`socialvalue.results.codec` writes it as JSON (and reads it back) with cattrs, and
:mod:`socialvalue.results.schema` derives results.schema.json from these classes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from ..errors import Severity
from ..model import Evaluator, InputFile, MissingBid, NotAssessed
from ..rubric.model import (
    Credibility,
    CriterionType,
    Level,
    Measure,
    Method,
    Minimum,
    Moderation,
    Rollup,
    Rounding,
    SpendShare,
    Threshold,
    TieRule,
    Weighting,
    WeightKind,
    WeightsProvenance,
    doc,
)
from ..rubric.proxies import ProxyValue
from ..scoring.result import (
    AnswerRecord,
    ConflictRecord,
    DecisionResult,
    MeasureLine,
    MethodResult,
    MinimumCheck,
    Outcome,
    PartResult,
    RankEntry,
    Reason,
    SectionResult,
    Sensitivity,
    SpendFigures,
    Status,
    ThresholdRound,
    TieBreakRecord,
    TieGroup,
    Totals,
    WeightingCheck,
)
from ..scoring.spend_summary import BidSpend

SCHEMA_VERSION = "1.0"
#: Arithmetic precision (significant digits) of the unrounded figures.
PRECISION = 50


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
    #: ``contract.annual_fte_cost``: the cost of one FTE a year for the FTE credibility flag.
    annual_fte_cost: Decimal | None = None


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
    #: spend_plan: the share of the contract value scored (local, vcse or sme).
    share: SpendShare | None = None


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
    methodology_sha256: str = attrs.field(
        metadata={
            "doc": "SHA-256 of the canonical methodology (the rubric's content and the proxy "
            "values in force) that every form is bound to; sha256 is the rubric file's."
        }
    )
    notes: tuple[str, ...]
    weighting: Weighting
    scales: tuple[ScaleRecord, ...]
    sections: tuple[SectionRecord, ...]
    moderation: Moderation
    tie_breaks: tuple[TieBreakRule, ...]
    rounding: Rounding
    threshold: Threshold | None
    credibility: Credibility
    weights_provenance: WeightsProvenance | None = attrs.field(
        default=None,
        metadata={
            "doc": "Who set the weights and how, with the alternative method's weights, when "
            "the rubric was derived from a consultation (docs/priorities.md)."
        },
    )


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
    #: spend_plan: the share's planned GBP, the plan's total and the counting rule.
    spend: SpendFigures | None = None

    @property
    def qualitative(self) -> bool:
        return self.type == "qualitative"


@attrs.frozen
class FlagRecord:
    """A credibility or process flag, with the panel's decision on a credibility flag."""

    code: str
    bidder: str
    criterion: str | None
    part: str | None
    measure: str | None
    evaluator: str | None
    reason: str
    #: A credibility flag: the result is provisional until the panel records a decision.
    needs_decision: bool = False
    #: The panel's recorded decision, its reason, reference, cell and effect on the quantities.
    decision: DecisionResult | None = None


@attrs.frozen
class Disqualification:
    """Why a bid is disqualified."""

    reasons: tuple[Reason, ...]


@attrs.frozen
class ResubmissionRecord:
    """A response resubmitted after a clarification: the file read now and the one it replaced."""

    file: str = attrs.field(metadata=doc("The response read now (the resubmitted one)."))
    sha256: str = attrs.field(metadata=doc("SHA-256 of the response read now."))
    original_sha256: str = attrs.field(
        metadata=doc("SHA-256 of the original response it replaced, as tender.yaml gives it.")
    )
    original_file: str | None = attrs.field(
        metadata=doc("The original response's file name, as tender.yaml gives it (or null).")
    )


@attrs.frozen
class ClarificationRecord:
    """A clarification asked of the bidder about its response, and its answer."""

    id: str = attrs.field(
        metadata=doc("Its reference in tender.yaml (e.g. CQ-01), unique in the tender.")
    )
    criterion: str | None = attrs.field(
        metadata=doc("The criterion, sub-criterion or measure it touched (or null).")
    )
    state: str = attrs.field(metadata=doc("answered, or open (no answer yet: provisional)."))
    asked: dt.date = attrs.field(metadata=doc("The date it was asked."))
    answered: dt.date | None = attrs.field(metadata=doc("The date it was answered (or null)."))
    question: str = attrs.field(metadata=doc("The question asked, as recorded."))
    answer: str | None = attrs.field(metadata=doc("The bidder's answer (or null while open)."))
    resubmitted: ResubmissionRecord | None = attrs.field(
        metadata=doc("The response resubmitted after it, with the original's SHA-256 (or null).")
    )


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
    clarifications: tuple[ClarificationRecord, ...] = attrs.field(
        default=(),
        metadata=doc("The clarifications asked of this bidder, in tender.yaml order."),
    )
    spend: BidSpend | None = attrs.field(
        default=None,
        metadata=doc(
            "The bid's spend plan summed up: local, VCSE and SME shares of the contract value "
            "and LM3 with its arithmetic (null when the rubric asks for no spend plan)."
        ),
    )

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
    not_assessed: tuple[NotAssessed, ...] = attrs.field(
        default=(),
        metadata={
            "doc": "Bids tender.yaml records as not assessed (rejected, non-compliant, "
            "withdrawn, late): in no calculation, each with its reason, date, file and SHA-256."
        },
    )

    missing_bids: tuple[MissingBid, ...] = attrs.field(
        default=(),
        metadata={
            "doc": "Bids an earlier run scored whose response is now missing from responses/, "
            "with no status recorded in tender.yaml: the result is provisional until the file "
            "is back or the bid's status is recorded; kept here so that the next run knows."
        },
    )

    def bidder(self, key: str) -> BidderRecord:
        return next(b for b in self.bidders if b.key == key)
