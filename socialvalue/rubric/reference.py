"""The field reference tables of docs/rubrics.md, generated from the rubric model.

Each attrs class of :mod:`socialvalue.rubric.model` gives one Markdown table: a row per YAML key
with its type, its default and what it means. Like the JSON Schema (:mod:`.schema`), it is
read from the model: the type and default from the field itself, the meaning from its
``metadata["doc"]``. Where a reader needs more than the schema's description (links to the
other tables, the rules the loader checks), the tables below say it for the docs alone, keyed by
(class, field) as the schema's own tables are. A criterion key's "Applies to" comes from the
loader's lists of qualitative-only and quantitative-only keys.

docs/rubrics.md calls :func:`field_table` from ``cog`` blocks; ``make lint`` runs
``cog --check`` so that the docs cannot drift from the model.
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

import attrs

from ..attrs_schema import hints, required, unwrap_optional, yaml_fields
from . import methods
from . import model as m
from .keys import NOT_FOR
from .schema import ENUMS, IDENTIFIERS, SPEC

# Docs-only text, where a reader needs more than the schema's description says (links to
# other tables, the rules the loader checks). Keyed by (class, field) like the schema's tables;
# a cell missing here is generated from the field.
TYPES: dict[tuple[type, str], str] = {
    (m.Rubric, "currency"): "3-letter code",
    (m.Weighting, "social_value_percent"): "number, more than 0, at most 100",
    (m.Weighting, "policy_minimum_percent"): "number, 0 to 100",
    (m.Level, "score"): "number, 0 or more",
    (m.Section, "weight"): "number, more than 0",
    (m.Criterion, "weight"): "number, more than 0",
    (m.Criterion, "word_limit"): "whole number, 1 or more",
    (m.SubCriterion, "weight"): "number, more than 0",
    (m.Minimum, "score"): "number within the criterion's scale",
    (m.Measure, "min_quantity"): "number, 0 to 1,000,000,000",
    (m.Measure, "max_quantity"): "number, 0 to 1,000,000,000, not below `min_quantity`",
    (m.Method, "target_percent"): "number, more than 0",
    (m.Method, "cap_percent_of_contract"): "number, more than 0",
    (m.Band, "at_least"): "number, 0 or more",
    (m.Band, "score"): "number, 0 to 100",
    (m.Moderation, "mandatory_spread_steps"): "whole number, 0 or more",
    (m.Rounding, "places"): "whole number, 0 to 6",
    (m.Threshold, "minimum_percent"): "number, 0 to 100",
    (m.Credibility, "max_share_of_contract_percent"): "number, more than 0",
    (m.Credibility, "annual_fte_cost"): "number, more than 0",
    (m.Credibility, "outlier_multiple"): "number, more than 0",
    (m.WeightsProvenance, "responses"): "whole number, 1 or more",
    (m.WeightsProvenance, "first_day"): "date, YYYY-MM-DD",
    (m.WeightsProvenance, "last_day"): "date, YYYY-MM-DD, not before `first_day`",
    (m.AlternativeWeights, "weights"): "mapping of every criterion id to a whole number, 0 or more",
}

DEFAULTS: dict[tuple[type, str], str] = {
    (m.Rubric, "scales"): "none",
    (m.Rubric, "moderation"): "consensus, 1 step",
    (m.Rubric, "rounding"): "2 places, half_up, total, unrounded",
    (m.Rubric, "credibility"): "see below",
    (m.Scale, "levels"): "required (at least two)",
    (m.Section, "weight"): "required with `weights: percent`; optional with `points`",
    (m.Criterion, "question"): "required for qualitative",
    (m.Criterion, "scale"): "required for qualitative",
    (m.Criterion, "measures"): "required for quantitative (at least one)",
    (m.Criterion, "method"): "required for quantitative",
    (m.Credibility, "annual_fte_cost"): "none (no FTE check)",
}

MEANINGS: dict[tuple[type, str], str] = {
    (m.Rubric, "id"): "Identifier, e.g. `ppn002-model`. Tenders refer to a shipped rubric by it.",
    (m.Rubric, "version"): 'Version of the methodology; quote it, e.g. `"1.0"`.',
    (m.Rubric, "policy"): "The policy followed, free text, e.g. `PPN 002`.",
    (
        m.Rubric,
        "weighting",
    ): "Social value's weight in the whole evaluation: see [Weighting](#weighting-fields).",
    (
        m.Rubric,
        "scales",
    ): "Named scales: see [Scale](#scale). Needed whenever there is a qualitative criterion.",
    (m.Rubric, "sections"): "Themes or missions, each with criteria: see [Section](#section).",
    (
        m.Rubric,
        "currency",
    ): "ISO 4217 currency of money values (upper case). The proxy set and the contract must use the same.",
    (
        m.Rubric,
        "weights",
    ): "The kind of every weight in the file: see [How weights work](#how-weights-work).",
    (
        m.Rubric,
        "proxy_set",
    ): "Id of the proxy set the rubric expects. Required when any measure is valued (not `record_only`).",
    (m.Rubric, "moderation"): "Moderation policy: see [Moderation](#moderation-fields).",
    (
        m.Rubric,
        "tie_breaks",
    ): "Tie-break rules in order: see [TieBreak](#tiebreak). Without any, tied bids share a rank.",
    (m.Rubric, "rounding"): "Rounding rule: see [Rounding](#rounding-fields).",
    (m.Rubric, "threshold"): "Overall minimum score: see [Threshold](#threshold).",
    (m.Rubric, "credibility"): "Credibility flag settings: see [Credibility](#credibility).",
    (m.Scale, "id"): "Identifier that criteria use to name this scale (unique among scales).",
    (m.Level, "label"): "A short name, e.g. `Good`.",
    (m.Criterion, "type"): "Which kind of criterion.",
    (m.Criterion, "question"): "The question put to bidders.",
    (m.Criterion, "scale"): "The id of the scale used.",
    (m.Criterion, "word_limit"): "Maximum words in the answer.",
    (
        m.Criterion,
        "sub_criteria",
    ): "Published sub-criteria with weights: see [SubCriterion](#subcriterion).",
    (
        m.Criterion,
        "rollup",
    ): "`weighted`: each sub-criterion is scored and rolled up by weight; `holistic`: one score for the criterion, sub-criteria guide it.",
    (m.Criterion, "minimum"): "Minimum acceptable score: see [Minimum](#minimum).",
    (m.Criterion, "measures"): "The measures: see [Measure](#measure).",
    (m.Criterion, "method"): "The scoring method: see [Method](#method).",
    (
        m.SubCriterion,
        "id",
    ): "Identifier, unique in the rubric. With `rollup: weighted` evaluators score this id.",
    (
        m.Minimum,
        "disqualifies",
    ): "Whether a final score below the minimum disqualifies the tender. With `false` the shortfall is flagged to the panel only.",
    (
        m.Measure,
        "unit",
    ): "The unit of quantity: FTE, weeks, hours, GBP, tCO2e, people... The proxy set must value the measure per the same unit (compared ignoring case).",
    (m.Method, "kind"): "How the criterion's GBP social value becomes a score.",
    (
        m.Method,
        "cap_percent_of_contract",
    ): "Optional, any kind: GBP value counted for scoring is at most this percent of contract value.",
    (
        m.Moderation,
        "final_score",
    ): "`consensus`: the panel's agreed score is final; `mean`: the mean of evaluators' scores.",
    (m.TieBreak, "rule"): "The higher wins.",
    (m.TieBreak, "criterion"): "For rule `criterion` (required there, an error otherwise): its id.",
    (m.Rounding, "rule"): "How a figure exactly half-way is rounded.",
    (
        m.Rounding,
        "stage",
    ): "`criterion`: weighted points per criterion are rounded and summed; `section`: section totals; `total`: only the final total.",
    (
        m.Threshold,
        "basis",
    ): "`qualitative`: the qualitative marks only (applied before any relative calculation); `total`: the whole social value total (bids are excluded and relative scores recomputed until no further bid falls below).",
    (
        m.Threshold,
        "disqualifies",
    ): "Whether falling below disqualifies. With `false` the shortfall is flagged only.",
}


def _choices(values: tuple[str, ...]) -> str:
    quoted = [f"`{v}`" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def field_type(cls: type, field: attrs.Attribute) -> str:
    """The Type cell: ``identifier``, the choices, ``number``, ``text``, ``list``..."""
    if (cls, field.name) in TYPES:
        return TYPES[cls, field.name]
    if (cls, field.name) in IDENTIFIERS:
        return "identifier"
    if (cls, field.name) in ENUMS:
        choices = ENUMS[cls, field.name]
        return _choices(tuple(choices() if callable(choices) else choices))
    hint, _ = unwrap_optional(hints(cls)[field.name])
    if attrs.has(hint):
        return "mapping"
    if typing.get_origin(hint) is tuple:
        (inner, _ellipsis) = typing.get_args(hint)
        return "list of text" if inner is str else "list"
    return {Decimal: "number", int: "whole number", bool: "true / false", str: "text"}[hint]


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, str):
        return f"`{value}`" if value else '`""`'
    return f"`{value}`"


def field_default(cls: type, field: attrs.Attribute) -> str:
    """The Default cell: ``required``, ``none`` or the value."""
    if (cls, field.name) in DEFAULTS:
        return DEFAULTS[cls, field.name]
    if required(SPEC, cls, field):
        hint, _ = unwrap_optional(hints(cls)[field.name])
        return "required (at least one)" if typing.get_origin(hint) is tuple else "required"
    default: Any = field.default
    if default is None or default == () or isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return "none"
    return _value(default)


def field_meaning(cls: type, field: attrs.Attribute) -> str:
    """The Meaning cell: the docs' own text for the field, else its ``doc``; a method setting
    says which registered kinds own it (:func:`_setting_meaning`)."""
    if (cls, field.name) in MEANINGS:
        return MEANINGS[cls, field.name]
    doc = str(field.metadata["doc"])
    return _setting_meaning(field, doc) if cls is m.Method else doc


def _setting_meaning(field: attrs.Attribute, doc: str) -> str:
    """``For `kind` (required there): ...``, the kinds from the method registry; the model's
    doc ("For kind: what it is") gives what follows."""
    for setting, owners in methods.settings():
        if setting.key == field.name:
            hint, _ = unwrap_optional(hints(m.Method)[field.name])
            least = ", at least one" if typing.get_origin(hint) is tuple else ""
            _, _, what = doc.partition(": ")
            return f"For {_choices(owners)} (required there{least}): {what or doc}"
    return doc


def _applies(name: str) -> str:
    """Which criteria a criterion key applies to, from the loader's own lists."""
    types = [t for t in m.CRITERION_TYPES if name not in NOT_FOR[t]]
    return "all" if len(types) == len(m.CRITERION_TYPES) else " and ".join(types)


def _check_entries() -> None:
    """Every docs-only entry names a YAML key of the model: a key renamed or removed there must
    not leave its text behind here."""
    for table in (TYPES, DEFAULTS, MEANINGS):
        for cls, name in table:
            if name not in {f.name for f in yaml_fields(cls)}:
                raise ValueError(f"{cls.__name__} has no key {name!r}: update rubric/reference.py")


def field_table(name: str) -> str:
    """The Markdown table of the model class ``name`` (``"Rubric"``, ``"Scale"``...); the
    criterion's table has an "Applies to" column."""
    _check_entries()
    cls = getattr(m, name)
    fields = yaml_fields(cls)
    applies = cls is m.Criterion
    head = ["Key", "Type", "Default", *(["Applies to"] if applies else []), "Meaning"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for f in fields:
        cells = [f"`{f.name}`", field_type(cls, f), field_default(cls, f)]
        if applies:
            cells.append(_applies(f.name))
        cells.append(field_meaning(cls, f))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
