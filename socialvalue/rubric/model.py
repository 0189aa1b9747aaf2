"""The rubric: everything a buyer publishes about how social value will be scored.

These attrs classes are the single model every part of the toolkit reads. Field names are the
YAML keys; each field's ``metadata["doc"]`` is the reference text used by ``docs/rubrics.md`` and
the JSON Schema. Values are exact ``Decimal``; nothing is rescaled.

Weights, in both kinds, describe *available marks*:

* ``percent``: at every level the siblings' weights total 100 and each is a percentage of its
  parent. A criterion's available marks are ``section% x criterion% / 100`` out of 100.
* ``points``: every weight is marks. A parent that states a weight must equal the sum of its
  children's; the social value total is the sum of the sections.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Literal, get_args

import attrs

from ..attrs_schema import doc
from .provenance import (  # re-exported: the model's classes are all reached from here
    PRIORITY_METHOD_NAMES,  # noqa: F401
    PRIORITY_METHODS,  # noqa: F401
    AlternativeWeights,  # noqa: F401
    WeightsProvenance,
    consultation_dates,  # noqa: F401
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)

WeightKind = Literal["percent", "points"]
WEIGHT_KINDS: tuple[WeightKind, ...] = get_args(WeightKind)
CriterionType = Literal["qualitative", "quantitative", "spend_plan"]
CRITERION_TYPES: tuple[CriterionType, ...] = get_args(CriterionType)
#: What a spend_plan criterion scores: the planned spend with local suppliers, with VCSEs or
#: with SMEs, or the local return LM3 - 1 (Rounds 2 and 3), as a share of the contract value
#: (docs/scoring.md, "Spend plans" and "Scoring LM3").
SpendShare = Literal["local", "vcse", "sme", "lm3"]
SPEND_SHARES: tuple[SpendShare, ...] = get_args(SpendShare)
Rollup = Literal["weighted", "holistic"]
ROLLUPS: tuple[Rollup, ...] = get_args(Rollup)
FinalScore = Literal["consensus", "mean"]
FINAL_SCORES: tuple[FinalScore, ...] = get_args(FinalScore)
TieRule = Literal["criterion", "qualitative_total", "quantitative_total", "social_value_gbp"]
TIE_RULES: tuple[TieRule, ...] = get_args(TieRule)
RoundingRule = Literal["half_up", "half_even"]
ROUNDING_RULES: tuple[RoundingRule, ...] = get_args(RoundingRule)
RoundingStage = Literal["criterion", "section", "total"]
ROUNDING_STAGES: tuple[RoundingStage, ...] = get_args(RoundingStage)
ThresholdBasis = Literal["qualitative", "total"]
THRESHOLD_BASES: tuple[ThresholdBasis, ...] = get_args(ThresholdBasis)
RankOn = Literal["unrounded", "rounded"]
RANK_ON: tuple[RankOn, ...] = get_args(RankOn)


@attrs.frozen
class Level:
    """One step of a scoring scale."""

    score: Decimal = attrs.field(metadata=doc("The score awarded at this level."))
    label: str = attrs.field(metadata=doc("A short name, e.g. 'Good'."))
    descriptor: str = attrs.field(
        metadata=doc("What a response must show to earn this level (published to bidders).")
    )


@attrs.frozen
class Scale:
    """A named, reusable scoring scale, e.g. 0/20/40/60/80/100."""

    id: str = attrs.field(metadata=doc("Identifier that criteria use to name this scale."))
    title: str = attrs.field(metadata=doc("Human-readable name."))
    levels: tuple[Level, ...] = attrs.field(
        metadata=doc("The levels, lowest score first. Scores must be distinct.")
    )

    @property
    def minimum(self) -> Decimal:
        return min(level.score for level in self.levels)

    @property
    def maximum(self) -> Decimal:
        return max(level.score for level in self.levels)

    @property
    def scores(self) -> tuple[Decimal, ...]:
        return tuple(sorted(level.score for level in self.levels))

    @property
    def step(self) -> Decimal:
        """The smallest gap between two adjacent scores (one "scale step")."""
        s = self.scores
        return min((b - a for a, b in itertools.pairwise(s)), default=Decimal(0))

    def level(self, score: Decimal) -> Level | None:
        return next((lv for lv in self.levels if lv.score == score), None)


@attrs.frozen
class Minimum:
    """A minimum acceptable score on a qualitative criterion."""

    score: Decimal = attrs.field(
        metadata=doc("The lowest acceptable score on the criterion's scale.")
    )
    disqualifies: bool = attrs.field(
        default=True,
        metadata=doc("Whether a final score below the minimum disqualifies the tender."),
    )


@attrs.frozen
class SubCriterion:
    """A published aspect of a criterion, with its weight."""

    id: str = attrs.field(metadata=doc("Identifier, unique in the rubric."))
    title: str = attrs.field(metadata=doc("What the aspect is."))
    weight: Decimal = attrs.field(
        metadata=doc("Weight within the criterion (same kind as the rubric's weights).")
    )
    guidance: str = attrs.field(default="", metadata=doc("Guidance for bidders and evaluators."))


@attrs.frozen
class Measure:
    """A quantitative commitment a bidder makes, in a unit, valued by the proxy set."""

    id: str = attrs.field(
        metadata=doc("Identifier, unique in the rubric; proxy sets key values by it.")
    )
    title: str = attrs.field(metadata=doc("What is measured."))
    unit: str = attrs.field(
        metadata=doc("The unit of quantity: FTE, weeks, hours, GBP, tCO2e, people...")
    )
    guidance: str = attrs.field(
        default="", metadata=doc("What counts (e.g. residents of the local area only).")
    )
    record_only: bool = attrs.field(
        default=False,
        metadata=doc("Recorded and reported but never valued or scored (no proxy value needed)."),
    )
    min_quantity: Decimal | None = attrs.field(
        default=None, metadata=doc("Smallest quantity accepted.")
    )
    max_quantity: Decimal | None = attrs.field(
        default=None,
        metadata=doc(
            "Largest quantity accepted; without it, 1,000,000,000 (the most any quantity may be)."
        ),
    )
    evidence_required: bool = attrs.field(
        default=True,
        metadata=doc("Whether a non-zero commitment must come with evidence and a delivery plan."),
    )


MONEY_UNITS = frozenset({"gbp", "£", "pounds"})


def is_money(unit: str, currency: str = "GBP") -> bool:
    """Whether a measure's unit is money (GBP, £ or the rubric's currency, any case)."""
    return unit.strip().casefold() in MONEY_UNITS | {currency.casefold()}


def spends_above(unit: str, quantity: Decimal, contract_value: Decimal, currency: str) -> bool:
    """Whether a commitment is money spent beyond the contract's whole value: the
    ``spend_above_contract`` credibility flag, and the warning ``check`` gives of it."""
    return is_money(unit, currency) and quantity > contract_value


@attrs.frozen
class Band:
    """A band of social value as a percentage of contract value, and the marks it earns."""

    at_least: Decimal = attrs.field(
        metadata=doc("Lower bound, in percent of contract value (inclusive).")
    )
    score: Decimal = attrs.field(
        metadata=doc("Percentage of the criterion's available marks awarded.")
    )


@attrs.frozen
class Method:
    """How a quantitative criterion's GBP social value becomes a score.

    ``kind`` names a method registered in :mod:`socialvalue.rubric.methods`, which owns its
    settings (the fields below), its arithmetic and its words.
    """

    kind: str = attrs.field(
        metadata=doc(
            "The scoring method: a registered kind (docs/scoring.md describes each), "
            "e.g. relative_to_best."
        )
    )
    bands: tuple[Band, ...] = attrs.field(
        default=(), metadata=doc("For contract_value_bands: the bands, lowest first.")
    )
    target_percent: Decimal | None = attrs.field(
        default=None,
        metadata=doc(
            "For contract_value_target: the percent of contract value that earns full marks."
        ),
    )
    criterion: str | None = attrs.field(
        default=None,
        metadata=doc(
            "For credibility_adjusted: the qualitative criterion whose score (as a share of its scale maximum) multiplies the GBP value."
        ),
    )
    cap_percent_of_contract: Decimal | None = attrs.field(
        default=None,
        metadata=doc(
            "Optional cap: GBP value counted for scoring is at most this percent of contract value."
        ),
    )


@attrs.frozen
class Criterion:
    """A scored criterion: qualitative (a question scored on a scale) or quantitative (measures)."""

    id: str = attrs.field(metadata=doc("Identifier, unique in the rubric."))
    title: str = attrs.field(metadata=doc("The criterion's title as published."))
    weight: Decimal = attrs.field(metadata=doc("Weight within the section."))
    type: CriterionType = attrs.field(
        metadata=doc(
            "qualitative | quantitative | spend_plan (a share of the contract value from the "
            "bid's spend plan, scored by its method)"
        )
    )
    question: str = attrs.field(
        default="", metadata=doc("Qualitative: the question put to bidders.")
    )
    guidance: str = attrs.field(default="", metadata=doc("Guidance for bidders and evaluators."))
    scale: str | None = attrs.field(
        default=None, metadata=doc("Qualitative: the id of the scale used.")
    )
    word_limit: int | None = attrs.field(
        default=None, metadata=doc("Qualitative: maximum words in the answer.")
    )
    sub_criteria: tuple[SubCriterion, ...] = attrs.field(
        default=(), metadata=doc("Qualitative: published sub-criteria with weights.")
    )
    rollup: Rollup = attrs.field(
        default="weighted",
        metadata=doc(
            "weighted: each sub-criterion is scored and rolled up by weight; holistic: one score for the criterion, sub-criteria guide it."
        ),
    )
    minimum: Minimum | None = attrs.field(
        default=None, metadata=doc("Qualitative: minimum acceptable score.")
    )
    measures: tuple[Measure, ...] = attrs.field(
        default=(), metadata=doc("Quantitative: the measures.")
    )
    method: Method | None = attrs.field(
        default=None, metadata=doc("Quantitative and spend_plan: the scoring method.")
    )
    share: SpendShare | None = attrs.field(
        default=None,
        metadata=doc(
            "Spend_plan: the share of the contract value scored: local (suppliers whose "
            "postcode is in the tender's local_area), vcse or sme (suppliers of that kind), or "
            "lm3 (the local return LM3 - 1 = (Round 2 + Round 3) / Round 1; needs the tender's "
            "local_multiplier with scored: true)."
        ),
    )

    @property
    def qualitative(self) -> bool:
        return self.type == "qualitative"

    @property
    def spend_plan(self) -> bool:
        return self.type == "spend_plan"

    @property
    def scored_parts(self) -> tuple[str, ...]:
        """Ids an evaluator scores: each sub-criterion when rolled up by weight, else the criterion."""
        if self.qualitative and self.sub_criteria and self.rollup == "weighted":
            return tuple(s.id for s in self.sub_criteria)
        return (self.id,)


@attrs.frozen
class Section:
    """A theme or mission grouping criteria."""

    id: str = attrs.field(metadata=doc("Identifier, unique in the rubric."))
    title: str = attrs.field(metadata=doc("Theme, mission or outcome title."))
    weight: Decimal | None = attrs.field(
        metadata=doc(
            "Weight of the section in the social value total (points: optional, must equal the criteria's sum)."
        )
    )
    criteria: tuple[Criterion, ...] = attrs.field(metadata=doc("The criteria in this section."))
    description: str = attrs.field(
        default="", metadata=doc("Notes (e.g. the policy outcome it maps to).")
    )


@attrs.frozen
class Moderation:
    """How evaluators' scores become one final score."""

    final_score: FinalScore = attrs.field(
        default="consensus",
        metadata=doc(
            "consensus: the panel's agreed score is final; mean: the mean of evaluators' scores."
        ),
    )
    mandatory_spread_steps: int = attrs.field(
        default=1,
        metadata=doc(
            "Moderation is mandatory when evaluators' scores differ by more than this many scale steps."
        ),
    )


@attrs.frozen
class TieBreak:
    """One tie-break rule; rules apply in order until bids differ."""

    rule: TieRule = attrs.field(
        metadata=doc(
            "criterion | qualitative_total | quantitative_total | social_value_gbp: the higher wins."
        )
    )
    criterion: str | None = attrs.field(default=None, metadata=doc("For rule criterion: its id."))


@attrs.frozen
class Rounding:
    """Where and how scores are rounded: once, at the declared stage."""

    places: int = attrs.field(default=2, metadata=doc("Decimal places."))
    rule: RoundingRule = attrs.field(default="half_up", metadata=doc("half_up | half_even"))
    stage: RoundingStage = attrs.field(
        default="total",
        metadata=doc(
            "criterion: weighted points per criterion are rounded and summed; section: section totals; total: only the final total."
        ),
    )
    rank_on: RankOn = attrs.field(
        default="unrounded", metadata=doc("Rank on unrounded (default) or rounded totals.")
    )


@attrs.frozen
class Weighting:
    """The weight of social value within the whole tender evaluation, against the policy minimum."""

    social_value_percent: Decimal = attrs.field(
        metadata=doc("Percentage of the whole evaluation given to social value.")
    )
    policy_minimum_percent: Decimal = attrs.field(
        default=Decimal(10), metadata=doc("The policy's minimum (10 under PPN 06/20 and PPN 002).")
    )
    exception: str | None = attrs.field(
        default=None,
        metadata=doc(
            "Why a weight below the minimum is permitted; without it a lower weight is an error."
        ),
    )


@attrs.frozen
class Threshold:
    """An overall minimum score below which a tender may be disqualified."""

    minimum_percent: Decimal = attrs.field(
        metadata=doc("The minimum, as a percentage of the marks available on the basis.")
    )
    basis: ThresholdBasis = attrs.field(
        default="qualitative",
        metadata=doc(
            "qualitative: the qualitative marks only (applied before any relative calculation); "
            "total: the whole social value total (bids are excluded and relative scores "
            "recomputed until no further bid falls below)."
        ),
    )
    disqualifies: bool = attrs.field(
        default=True, metadata=doc("Whether falling below disqualifies.")
    )


@attrs.frozen
class Credibility:
    """Settings of the credibility flags the panel is shown and decides (docs/scoring.md)."""

    max_share_of_contract_percent: Decimal = attrs.field(
        default=HUNDRED,
        metadata=doc("Flag a bid whose GBP social value exceeds this percent of contract value."),
    )
    annual_fte_cost: Decimal | None = attrs.field(
        default=None,
        metadata=doc("Flag FTE commitments whose cost (FTE x this) exceeds the contract value."),
    )
    outlier_multiple: Decimal = attrs.field(
        default=Decimal(3),
        metadata=doc("Flag a commitment above this multiple of the median of the other bids."),
    )


@attrs.frozen
class Rubric:
    """A complete rubric, as loaded from one YAML file."""

    id: str = attrs.field(metadata=doc("Identifier, e.g. 'ppn002-model'."))
    title: str = attrs.field(metadata=doc("Title as published."))
    version: str = attrs.field(metadata=doc('Version of the methodology; quote it, e.g. "1.0".'))
    policy: str = attrs.field(metadata=doc("The policy followed, free text, e.g. 'PPN 002'."))
    weighting: Weighting = attrs.field(
        metadata=doc("Social value's weight in the whole evaluation.")
    )
    scales: tuple[Scale, ...] = attrs.field(metadata=doc("Named scales."))
    sections: tuple[Section, ...] = attrs.field(
        metadata=doc("Themes or missions, each with criteria.")
    )
    description: str = attrs.field(default="", metadata=doc("What this rubric is for."))
    currency: str = attrs.field(default="GBP", metadata=doc("ISO 4217 currency of money values."))
    weights: WeightKind = attrs.field(
        default="percent", metadata=doc("percent | points: the kind of every weight.")
    )
    proxy_set: str | None = attrs.field(
        default=None, metadata=doc("Id of the proxy set the rubric expects.")
    )
    moderation: Moderation = attrs.field(factory=Moderation, metadata=doc("Moderation policy."))
    tie_breaks: tuple[TieBreak, ...] = attrs.field(
        default=(), metadata=doc("Tie-break rules in order.")
    )
    rounding: Rounding = attrs.field(factory=Rounding, metadata=doc("Rounding rule."))
    threshold: Threshold | None = attrs.field(default=None, metadata=doc("Overall minimum score."))
    credibility: Credibility = attrs.field(
        factory=Credibility, metadata=doc("Credibility flag settings.")
    )
    notes: tuple[str, ...] = attrs.field(
        default=(), metadata=doc("Caveats shown with the methodology (e.g. wording not confirmed).")
    )
    weights_provenance: WeightsProvenance | None = attrs.field(
        default=None,
        metadata=doc("Who set the weights and how (written by `socialvalue priorities derive`)."),
    )
    # Not from YAML: where it was loaded from.
    source: str = attrs.field(
        default="", metadata=doc("File the rubric was loaded from.", internal=True)
    )
    sha256: str = attrs.field(
        default="", metadata=doc("SHA-256 of the file's bytes.", internal=True)
    )

    # -- navigation
    def criteria(self) -> Iterator[tuple[Section, Criterion]]:
        for section in self.sections:
            for criterion in section.criteria:
                yield section, criterion

    def criterion(self, cid: str) -> Criterion:
        for _, criterion in self.criteria():
            if criterion.id == cid:
                return criterion
        raise KeyError(cid)

    def scale(self, sid: str) -> Scale:
        for scale in self.scales:
            if scale.id == sid:
                return scale
        raise KeyError(sid)

    def measures(self) -> Iterator[tuple[Criterion, Measure]]:
        for _, criterion in self.criteria():
            for measure in criterion.measures:
                yield criterion, measure

    def qualitative(self) -> list[Criterion]:
        return [c for _, c in self.criteria() if c.qualitative]

    def quantitative(self) -> list[Criterion]:
        """The criteria whose measures are valued by the proxy set (not spend plans)."""
        return [c for _, c in self.criteria() if c.type == "quantitative"]

    def spend_plans(self) -> list[Criterion]:
        """The criteria scored from the bid's spend plan."""
        return [c for _, c in self.criteria() if c.spend_plan]

    def by_method(self) -> list[Criterion]:
        """Every criterion a method scores: quantitative and spend_plan."""
        return [c for _, c in self.criteria() if not c.qualitative]

    # -- marks
    @property
    def total_marks(self) -> Decimal:
        """Marks available for social value: 100 (percent) or the sum of section points."""
        if self.weights == "percent":
            return HUNDRED
        return sum((self.section_marks(s) for s in self.sections), Decimal(0))

    def section_marks(self, section: Section) -> Decimal:
        if self.weights == "percent":
            assert section.weight is not None
            return section.weight
        return sum((c.weight for c in section.criteria), Decimal(0))

    def criterion_marks(self, criterion: Criterion) -> Decimal:
        """Marks available for a criterion out of :attr:`total_marks` (exact)."""
        for section in self.sections:
            if criterion in section.criteria:
                if self.weights == "percent":
                    return self.section_marks(section) * criterion.weight / HUNDRED
                return criterion.weight
        raise KeyError(criterion.id)

    def sub_criterion_share(self, criterion: Criterion, sub: SubCriterion) -> Decimal:
        """A sub-criterion's share (0..1) of its criterion's marks."""
        total = sum((s.weight for s in criterion.sub_criteria), Decimal(0))
        return sub.weight / total if total else Decimal(0)
