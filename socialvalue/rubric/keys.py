"""The keys each mapping of a rubric file may hold: lists for the loader, the schema, the docs."""

from __future__ import annotations

from . import methods

ROOT_KEYS = (
    "id",
    "title",
    "version",
    "policy",
    "description",
    "currency",
    "weights",
    "proxy_set",
    "weighting",
    "scales",
    "sections",
    "moderation",
    "tie_breaks",
    "rounding",
    "threshold",
    "credibility",
    "notes",
    "weights_provenance",
)
SCALE_KEYS = ("id", "title", "levels")
LEVEL_KEYS = ("score", "label", "descriptor")
SECTION_KEYS = ("id", "title", "weight", "description", "criteria")
CRITERION_KEYS = (
    "id",
    "title",
    "weight",
    "type",
    "question",
    "guidance",
    "scale",
    "word_limit",
    "sub_criteria",
    "rollup",
    "minimum",
    "measures",
    "method",
    "share",
)
QUALITATIVE_ONLY = ("question", "scale", "word_limit", "sub_criteria", "rollup", "minimum")
QUANTITATIVE_ONLY = ("measures", "method")
SPEND_PLAN_ONLY = ("share",)
#: The keys that do not apply to each type of criterion.
NOT_FOR = {
    "qualitative": (*QUANTITATIVE_ONLY, *SPEND_PLAN_ONLY),
    "quantitative": (*QUALITATIVE_ONLY, *SPEND_PLAN_ONLY),
    "spend_plan": (*QUALITATIVE_ONLY, "measures"),
}
SUB_KEYS = ("id", "title", "weight", "guidance")
MINIMUM_KEYS = ("score", "disqualifies")
MEASURE_KEYS = (
    "id",
    "title",
    "unit",
    "guidance",
    "record_only",
    "min_quantity",
    "max_quantity",
    "evidence_required",
)
MODERATION_KEYS = ("final_score", "mandatory_spread_steps")
TIE_KEYS = ("rule", "criterion")
ROUNDING_KEYS = ("places", "rule", "stage", "rank_on")
WEIGHTING_KEYS = ("social_value_percent", "policy_minimum_percent", "exception")
THRESHOLD_KEYS = ("minimum_percent", "basis", "disqualifies")
PROVENANCE_KEYS = (
    "method",
    "who",
    "responses",
    "first_day",
    "last_day",
    "consultation",
    "alternative",
)
ALTERNATIVE_KEYS = ("method", "weights")
CREDIBILITY_KEYS = ("max_share_of_contract_percent", "annual_fte_cost", "outlier_multiple")


def method_keys() -> tuple[str, ...]:
    """A method's keys: its kind, every registered method's settings, the cap."""
    return ("kind", *(s.key for s, _ in methods.settings()), "cap_percent_of_contract")


METHOD_KEYS = method_keys()  # the registered methods' keys when this module was imported
