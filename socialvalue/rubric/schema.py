"""The JSON Schema (draft 2020-12) for rubric files, generated from the attrs model.

Editors use it for completion and inline checks (``# yaml-language-server: $schema=...``). It is
a guide, not the judge: :mod:`socialvalue.rubric.load` checks everything (totals, references,
scales, policy minimums) and points at the line. The schema gives the shape: which keys exist
at each level, their types, the documented choices, and which keys are required.

Everything comes from :mod:`socialvalue.rubric.model`: each attrs class becomes a ``$defs``
entry, each field (except ``internal`` ones) a property whose description is the field's
``metadata["doc"]``. A field without a default whose type does not allow ``None`` is required.
The few rules the types cannot say (a criterion's type decides its keys, a method's kind its
settings, ...) are written out below, next to the loader's own lists where it has them.

The machinery is :mod:`socialvalue.attrs_schema` (shared with ``results.schema.json``); this
module holds the rubric's :data:`SPEC`. Regenerate the shipped file with
``python scripts/make_schema.py``; a test fails when it is stale.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import attrs_schema
from ..attrs_schema import SCHEMA_DIALECT, Spec, write_text, yaml_fields

# The loader's own patterns, so the schema accepts exactly the identifiers and numbers it does.
from ..yamlnodes import _ID, _NUMBER
from . import methods
from . import model as m
from .keys import NOT_FOR

SCHEMA_ID = "urn:socialvalue:schema:rubric"

# Fields whose value is one of the model's choices.
ENUMS: dict[tuple[type, str], attrs_schema.Choices] = {
    (m.Rubric, "weights"): m.WEIGHT_KINDS,
    (m.Criterion, "type"): m.CRITERION_TYPES,
    (m.Criterion, "rollup"): m.ROLLUPS,
    (m.Criterion, "share"): m.SPEND_SHARES,
    (m.Method, "kind"): methods.kinds,  # the registry, read when the schema is made
    (m.Moderation, "final_score"): m.FINAL_SCORES,
    (m.TieBreak, "rule"): m.TIE_RULES,
    (m.Rounding, "rule"): m.ROUNDING_RULES,
    (m.Rounding, "stage"): m.ROUNDING_STAGES,
    (m.Rounding, "rank_on"): m.RANK_ON,
    (m.Threshold, "basis"): m.THRESHOLD_BASES,
    (m.WeightsProvenance, "method"): m.PRIORITY_METHODS,
    (m.AlternativeWeights, "method"): m.PRIORITY_METHODS,
}

# Fields holding an identifier, or naming one (the loader's ``Fields.ident``).
IDENTIFIERS: frozenset[tuple[type, str]] = frozenset(
    {
        (m.Rubric, "id"),
        (m.Rubric, "proxy_set"),
        (m.Scale, "id"),
        (m.Section, "id"),
        (m.Criterion, "id"),
        (m.Criterion, "scale"),
        (m.SubCriterion, "id"),
        (m.Measure, "id"),
        (m.Method, "criterion"),
        (m.TieBreak, "criterion"),
    }
)

# Required by the model but optional in a file: a rubric without qualitative criteria
# needs no scales (the loader reads a missing list as empty).
OPTIONAL: frozenset[tuple[type, str]] = frozenset({(m.Rubric, "scales")})

# Further keywords for single fields.
EXTRA: dict[tuple[type, str], dict[str, Any]] = {
    (m.Rubric, "currency"): {"pattern": "^[A-Z]{3}$"},
    (m.Scale, "levels"): {"minItems": 2},
    (m.WeightsProvenance, "responses"): {"minimum": 1},
}

# Keys a criterion of each type must have (beyond those every criterion has).
CRITERION_NEEDS: dict[str, tuple[str, ...]] = {
    "qualitative": ("question", "scale"),
    "quantitative": ("measures", "method"),
    "spend_plan": ("share", "method"),
}

_NUMBER_TEXT = rf"^\s*(?:{_NUMBER.pattern})\s*$"
_INTEGER_TEXT = r"^\s*[+-]?\d+\s*$"

DEFS: dict[str, Any] = {
    "number": {
        "description": 'A number; it may be quoted, e.g. 12.5 or "12.5".',
        "anyOf": [{"type": "number"}, {"type": "string", "pattern": _NUMBER_TEXT}],
    },
    "integer": {
        "description": 'A whole number; it may be quoted, e.g. 3 or "3".',
        "anyOf": [{"type": "integer"}, {"type": "string", "pattern": _INTEGER_TEXT}],
    },
    "identifier": {
        "description": "Letters, digits, '-', '_' or '.', starting with a letter or digit.",
        "type": "string",
        "pattern": rf"^(?:{_ID.pattern})$",
    },
}


def _when(key: str, value: str) -> dict[str, Any]:
    return {"properties": {key: {"const": value}}, "required": [key]}


def _forbid(keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {key: False for key in keys}


def _criterion_rules() -> list[dict[str, Any]]:
    """A criterion's type decides which keys it has (the loader's QUALITATIVE_ONLY ...)."""
    return [
        {
            "if": _when("type", ctype),
            "then": {
                "required": list(CRITERION_NEEDS[ctype]),
                "properties": _forbid(NOT_FOR[ctype]),
            },
        }
        for ctype in m.CRITERION_TYPES
    ]


def _method_rules() -> list[dict[str, Any]]:
    """Each setting is required for the kinds that own it and applies to no other kind."""
    rules = []
    for setting, owners in methods.settings():
        when = (
            _when("kind", owners[0])
            if len(owners) == 1
            else {"properties": {"kind": {"enum": list(owners)}}, "required": ["kind"]}
        )
        rules.append(
            {
                "if": when,
                "then": {"required": [setting.key]},
                "else": {"properties": _forbid([setting.key])},
            }
        )
    return rules


def _tie_break_rules() -> list[dict[str, Any]]:
    return [
        {
            "if": _when("rule", "criterion"),
            "then": {"required": ["criterion"]},
            "else": {"properties": _forbid(["criterion"])},
        }
    ]


def _rubric_rules() -> list[dict[str, Any]]:
    """With percent weights (the default) every section states its weight."""
    return [
        {
            "if": _when("weights", "points"),
            "else": {
                "properties": {
                    "sections": {
                        "items": {
                            "required": ["weight"],
                            "properties": {"weight": {"$ref": "#/$defs/number"}},
                        }
                    }
                }
            },
        }
    ]


RULES = {
    m.Rubric: _rubric_rules,
    m.Criterion: _criterion_rules,
    m.Method: _method_rules,
    m.TieBreak: _tie_break_rules,
}


SPEC = Spec(
    scalars={
        Decimal: {"$ref": "#/$defs/number"},
        int: {"$ref": "#/$defs/integer"},
        bool: {"type": "boolean"},
        str: {"type": "string"},
    },
    defs=DEFS,
    enums=ENUMS,
    identifiers=IDENTIFIERS,
    optional=OPTIONAL,
    extra=EXTRA,
    rules=RULES,
    non_empty=True,
)


def model_classes(root: type = m.Rubric) -> list[type]:
    """Every rubric model class reachable from ``root``, ``root`` first."""
    return attrs_schema.model_classes(root)


def class_schema(cls: type) -> dict[str, Any]:
    """The schema of one rubric model class: an object with exactly its YAML keys."""
    return attrs_schema.class_schema(SPEC, cls)


def rubric_schema() -> dict[str, Any]:
    """The JSON Schema for a rubric file."""
    return attrs_schema.document_schema(
        SPEC,
        m.Rubric,
        **{"$id": SCHEMA_ID},
        title="socialvalue rubric",
        description=(
            "A rubric: how the social value in tender responses is scored. "
            "Check a file with `socialvalue rubric check FILE`; the loader reports every problem "
            "this schema cannot see (weight totals, references, scales, policy minimums)."
        ),
    )


def render() -> str:
    """The schema as the shipped file's text: sorted keys, 2-space indent, trailing newline."""
    return attrs_schema.render(rubric_schema())


def write(path: Path) -> bool:
    """Write the schema to ``path``; True if the file changed."""
    return write_text(path, render())


__all__ = [
    "SCHEMA_DIALECT",
    "model_classes",
    "render",
    "rubric_schema",
    "write",
    "yaml_fields",
]
