"""The evaluation: every figure from the inputs to the ranking, kept for the record.

These frozen attrs classes are what :func:`socialvalue.scoring.evaluate` returns and what
``results.json`` / ``results.xlsx`` are written from. Decimals are exact (unrounded) unless the
field name ends in ``_rounded``. ``None`` means "does not apply".
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..errors import Problem
from ..model import TenderInputs
from ..rubric.model import Band

# ---------------------------------------------------------------- qualitative


@attrs.frozen
class EvaluatorScore:
    """One evaluator's original score and rationale (``score`` None: left blank)."""

    evaluator: str
    evaluator_name: str
    score: Decimal | None
    rationale: str
    source: str
    conflict_declared: bool


@attrs.frozen
class ConsensusRecord:
    score: Decimal
    rationale: str
    source: str


@attrs.frozen
class PartResult:
    """A scored part (a criterion, or a sub-criterion rolled up by weight) for one bidder.

    ``basis``: consensus | mean | mean_no_consensus | mean_stand_in | consensus_only | missing.
    """

    id: str
    title: str
    share: Decimal
    scores: tuple[EvaluatorScore, ...]
    mean: Decimal | None
    spread: Decimal
    spread_steps: Decimal
    moderation_required: bool
    consensus: ConsensusRecord | None
    final_score: Decimal
    basis: str
    fraction: Decimal
    provisional: bool
    explanation: str


@attrs.frozen
class MinimumCheck:
    score: Decimal
    disqualifies: bool
    met: bool


@attrs.frozen
class AnswerRecord:
    text: str
    words: int
    source: str


# ---------------------------------------------------------------- quantitative


@attrs.frozen
class MeasureLine:
    """One measure of one bid: quantity x proxy value = GBP value (None for record-only)."""

    id: str
    title: str
    unit: str
    record_only: bool
    entered: bool
    quantity: Decimal
    proxy_value: Decimal | None
    gbp_value: Decimal | None
    evidence: str
    evidence_required: bool
    source: str
    #: The quantity the bid committed, when a panel decision counts another (``quantity``).
    committed: Decimal | None = None


@attrs.frozen
class SpendFigures:
    """A spend_plan criterion's share for one bid: planned GBP in the share of the contract value.

    ``amount`` / ``contract_value`` x 100 = ``percent``; ``rule`` says which lines count."""

    share: str  # local | vcse | sme
    amount: Decimal
    planned: Decimal  # every line of the plan
    contract_value: Decimal
    percent: Decimal
    lines: int  # lines in the plan
    counted_lines: int  # lines counted in the share
    rule: str
    #: The local area's description, for the local share.
    local_area: str | None = None


@attrs.frozen
class MethodResult:
    """Every figure a quantitative method used for one bid."""

    kind: str
    reference_bidder: str | None
    reference_value: Decimal | None
    credibility_criterion: str | None
    credibility_fraction: Decimal | None
    adjusted_value: Decimal | None
    band: Band | None
    target_percent: Decimal | None
    text: str


# ---------------------------------------------------------------- criterion, section, bidder


@attrs.frozen
class CriterionResult:
    """One criterion for one bidder. Qualitative and quantitative fields; the other's are None."""

    id: str
    title: str
    type: str
    section: str
    marks: Decimal
    fraction: Decimal
    weighted_points: Decimal
    weighted_points_rounded: Decimal | None
    explanation: str
    # qualitative
    scale_id: str | None = None
    scale_maximum: Decimal | None = None
    scale_step: Decimal | None = None
    final_score: Decimal | None = None
    basis: str | None = None
    minimum: MinimumCheck | None = None
    answer: AnswerRecord | None = None
    parts: tuple[PartResult, ...] = ()
    # quantitative
    measures: tuple[MeasureLine, ...] = ()
    gbp_value: Decimal | None = None
    cap_percent: Decimal | None = None
    cap_amount: Decimal | None = None
    counted_gbp_value: Decimal | None = None
    percent_of_contract: Decimal | None = None
    counted_percent_of_contract: Decimal | None = None
    method: MethodResult | None = None
    # spend_plan
    spend: SpendFigures | None = None

    @property
    def qualitative(self) -> bool:
        return self.type == "qualitative"


@attrs.frozen
class SectionResult:
    id: str
    title: str
    marks: Decimal
    points: Decimal
    points_rounded: Decimal | None


@attrs.frozen
class Totals:
    qualitative: Decimal
    quantitative: Decimal
    social_value_gbp: Decimal
    percent_of_contract: Decimal
    total: Decimal
    total_rounded: Decimal
    out_of: Decimal
    total_percent: Decimal
    evaluation_points: Decimal
    evaluation_points_rounded: Decimal
    evaluation_points_out_of: Decimal


@attrs.frozen
class Reason:
    """Why a bid is disqualified. ``code``: criterion_minimum | threshold."""

    code: str
    criterion: str | None
    round: int | None
    text: str


@attrs.frozen
class QuantityChange:
    """A measure whose counted quantity a panel decision changed."""

    measure: str
    committed: Decimal
    counted: Decimal


@attrs.frozen
class DecisionResult:
    """The panel's recorded decision on a credibility flag and what it did to the bid."""

    decision: str  # accepted | capped | not counted | clarified
    figure: Decimal | None
    reason: str
    reference: str
    source: str
    changes: tuple[QuantityChange, ...]
    text: str


@attrs.frozen
class Flag:
    """A credibility or process flag. A flag never changes a score by itself; a credibility
    flag's recorded panel decision may (``decision``)."""

    code: str
    bidder: str
    reason: str
    criterion: str | None = None
    part: str | None = None
    measure: str | None = None
    evaluator: str | None = None
    #: A credibility flag: the result is provisional until the panel records a decision.
    needs_decision: bool = False
    decision: DecisionResult | None = None


@attrs.frozen
class BidderResult:
    key: str
    name: str
    company_number: str
    contact: str
    file: str
    sha256: str
    status: str  # ranked | disqualified
    disqualification: tuple[Reason, ...]
    rank: int | None
    rank_shared: bool
    totals: Totals
    sections: tuple[SectionResult, ...]
    criteria: tuple[CriterionResult, ...]
    flags: tuple[Flag, ...]

    @property
    def eligible(self) -> bool:
        return self.status == "ranked"

    def criterion(self, cid: str) -> CriterionResult:
        return next(c for c in self.criteria if c.id == cid)


# ---------------------------------------------------------------- ranking


@attrs.frozen
class RankEntry:
    rank: int
    shared: bool
    bidder: str
    name: str
    total: Decimal
    total_rounded: Decimal
    ranked_on: Decimal


@attrs.frozen
class TieBreakRecord:
    """An adjacent pair of ranked bids with level ranking figures, ordered by ``rule``."""

    higher: str
    lower: str
    rule: str
    criterion: str | None
    higher_value: Decimal
    lower_value: Decimal
    text: str


@attrs.frozen
class TieGroup:
    rank: int
    bidders: tuple[str, ...]
    text: str


@attrs.frozen
class Outcome:
    """kind: winner | tied_for_first | all_disqualified | no_bids."""

    kind: str
    winner: str | None
    tied_for_first: tuple[str, ...]
    text: str


# ---------------------------------------------------------------- checks and status


@attrs.frozen
class WeightingCheck:
    social_value_percent: Decimal
    source: str  # tender | rubric
    rubric_percent: Decimal
    policy_minimum_percent: Decimal
    exception: str | None
    meets_policy_minimum: bool
    text: str


@attrs.frozen
class Exclusion:
    bidder: str
    percent: Decimal
    text: str


@attrs.frozen
class ThresholdRound:
    round: int
    excluded: tuple[Exclusion, ...]


@attrs.frozen
class Missing:
    """A score or reason the evaluation lacks. what: consensus | scores | consensus_reason |
    evaluators (fewer assigned and without a declared conflict than the tender's minimum) |
    assigned_scores (an assigned evaluator's score left blank);
    stand_in: mean | consensus | scale_minimum."""

    bidder: str
    criterion: str
    part: str
    what: str
    stand_in: str
    stand_in_score: Decimal
    text: str


@attrs.frozen
class Status:
    state: str  # final | provisional
    reasons: tuple[str, ...]
    missing: tuple[Missing, ...]

    @property
    def provisional(self) -> bool:
        return self.state == "provisional"


# ---------------------------------------------------------------- sensitivity


@attrs.frozen
class BreakEven:
    change_points: Decimal
    direction: str  # increase | decrease
    new_share_percent: Decimal
    challenger: str
    text: str


@attrs.frozen
class Shift:
    share_percent: Decimal
    holds: bool
    leaders: tuple[str, ...]


@attrs.frozen
class CriterionSensitivity:
    criterion: str
    title: str
    share_percent: Decimal
    break_even: BreakEven | None
    plus_5: Shift | None
    minus_5: Shift | None
    text: str


@attrs.frozen
class Sensitivity:
    applicable: bool
    reason: str | None
    winner: str | None
    assumption: str
    criteria: tuple[CriterionSensitivity, ...]


# ---------------------------------------------------------------- the whole evaluation


@attrs.frozen
class ModerationEntry:
    bidder: str
    criterion: str
    part: str
    scores: tuple[tuple[str, Decimal | None], ...]
    spread: Decimal
    spread_steps: Decimal
    moderation_required: bool
    consensus: Decimal | None
    consensus_rationale: str | None
    final_score: Decimal
    basis: str


@attrs.frozen
class ConflictRecord:
    evaluator: str
    bidder: str
    declared: bool
    note: str
    source: str
    scored: bool


@attrs.frozen
class Evaluation:
    """Everything :func:`~socialvalue.scoring.evaluate` computed, with the inputs it used."""

    inputs: TenderInputs
    status: Status
    outcome: Outcome
    weighting: WeightingCheck
    threshold_rounds: tuple[ThresholdRound, ...]
    ranking: tuple[RankEntry, ...]
    tie_breaks: tuple[TieBreakRecord, ...]
    ties: tuple[TieGroup, ...]
    bidders: tuple[BidderResult, ...]
    flags: tuple[Flag, ...]
    sensitivity: Sensitivity
    moderation: tuple[ModerationEntry, ...]
    conflicts: tuple[ConflictRecord, ...]
    warnings: tuple[Problem, ...]

    def bidder(self, key: str) -> BidderResult:
        return next(b for b in self.bidders if b.key == key)

    @property
    def winner(self) -> BidderResult | None:
        return self.bidder(self.outcome.winner) if self.outcome.winner else None
