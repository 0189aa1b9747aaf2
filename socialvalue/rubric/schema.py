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

Regenerate the shipped file with ``python scripts/make_schema.py``; a test fails when it is stale.
"""

from __future__ import annotations

import json
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

# The loader's own patterns, so the schema accepts exactly the identifiers and numbers it does.
from ..yamlnodes import _ID, _NUMBER
from . import methods
from . import model as m
from .load import QUALITATIVE_ONLY, QUANTITATIVE_ONLY

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:socialvalue:schema:rubric"

# Fields whose value is one of the model's choices.
ENUMS: dict[tuple[type, str], tuple[str, ...]] = {
    (m.Rubric, "weights"): m.WEIGHT_KINDS,
    (m.Criterion, "type"): m.CRITERION_TYPES,
    (m.Criterion, "rollup"): m.ROLLUPS,
    (m.Moderation, "final_score"): m.FINAL_SCORES,
    (m.TieBreak, "rule"): m.TIE_RULES,
    (m.Rounding, "rule"): m.ROUNDING_RULES,
    (m.Rounding, "stage"): m.ROUNDING_STAGES,
    (m.Rounding, "rank_on"): m.RANK_ON,
    (m.Threshold, "basis"): m.THRESHOLD_BASES,
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
}

# Keys a criterion of each type must have (beyond those every criterion has).
CRITERION_NEEDS: dict[str, tuple[str, ...]] = {
    "qualitative": ("question", "scale"),
    "quantitative": ("measures", "method"),
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


def model_classes(root: type = m.Rubric) -> list[type]:
    """Every attrs class reachable from ``root`` through its fields, ``root`` first."""
    found: list[type] = []

    def visit(cls: type) -> None:
        if cls in found:
            return
        found.append(cls)
        for field in yaml_fields(cls):
            for inner in _classes_in(_hints(cls)[field.name]):
                visit(inner)

    visit(root)
    return found


def yaml_fields(cls: type) -> list[attrs.Attribute]:
    """The fields of ``cls`` that are YAML keys (not ``internal``)."""
    return [f for f in attrs.fields(cls) if not f.metadata.get("internal")]


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(m))


def _classes_in(hint: Any) -> list[type]:
    if attrs.has(hint):
        return [hint]
    return [c for arg in typing.get_args(hint) for c in _classes_in(arg)]


def _optional(hint: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(hint, False)``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0], True
        raise TypeError(f"unsupported union in the rubric model: {hint}")  # pragma: no cover
    return hint, False


def _type_schema(hint: Any) -> dict[str, Any]:
    if attrs.has(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint is Decimal:
        return {"$ref": "#/$defs/number"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"$ref": "#/$defs/integer"}
    if hint is str:
        return {"type": "string"}
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0])}
    raise TypeError(f"no JSON Schema type for {hint!r} in the rubric model")  # pragma: no cover


def _json_default(value: object) -> object:
    """A field's default as JSON, or ``attrs.NOTHING`` when it has no plain JSON form."""
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value == ():
        return []
    return attrs.NOTHING


def _required(cls: type, field: attrs.Attribute) -> bool:
    _, nullable = _optional(_hints(cls)[field.name])
    return field.default is attrs.NOTHING and not nullable and (cls, field.name) not in OPTIONAL


def _property(cls: type, field: attrs.Attribute) -> dict[str, Any]:
    hint, nullable = _optional(_hints(cls)[field.name])
    if (cls, field.name) in IDENTIFIERS:
        schema: dict[str, Any] = {"$ref": "#/$defs/identifier"}
    elif (cls, field.name) in ENUMS:
        schema = {"type": "string", "enum": list(ENUMS[cls, field.name])}
    elif (cls, field.name) == (m.Method, "kind"):
        schema = {"type": "string", "enum": list(methods.kinds())}  # the registry, read now
    else:
        schema = _type_schema(hint)
    if _required(cls, field):
        if hint is str and "pattern" not in schema and "$ref" not in schema:
            schema["pattern"] = r"\S"  # the loader rejects an empty required text
        if schema.get("type") == "array":
            schema["minItems"] = 1
    schema.update(EXTRA.get((cls, field.name), {}))
    if nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    schema["description"] = field.metadata["doc"]
    default = field.default
    if default is not attrs.NOTHING and not isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        value = _json_default(default)
        if value is not attrs.NOTHING:
            schema["default"] = value
    return schema


def class_schema(cls: type) -> dict[str, Any]:
    """The schema of one attrs class: an object with exactly its YAML keys."""
    fields = yaml_fields(cls)
    schema: dict[str, Any] = {
        "type": "object",
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": {f.name: _property(cls, f) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if _required(cls, f)]
    if required:
        schema["required"] = required
    rules = RULES.get(cls)
    if rules:
        schema["allOf"] = rules()
    return schema


def _when(key: str, value: str) -> dict[str, Any]:
    return {"properties": {key: {"const": value}}, "required": [key]}


def _forbid(keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {key: False for key in keys}


def _criterion_rules() -> list[dict[str, Any]]:
    """A criterion's type decides which keys it has (the loader's QUALITATIVE_ONLY ...)."""
    return [
        {
            "if": _when("type", "qualitative"),
            "then": {
                "required": list(CRITERION_NEEDS["qualitative"]),
                "properties": _forbid(QUANTITATIVE_ONLY),
            },
        },
        {
            "if": _when("type", "quantitative"),
            "then": {
                "required": list(CRITERION_NEEDS["quantitative"]),
                "properties": _forbid(QUALITATIVE_ONLY),
            },
        },
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


def rubric_schema() -> dict[str, Any]:
    """The JSON Schema for a rubric file."""
    classes = model_classes(m.Rubric)
    root = class_schema(m.Rubric)
    defs = {cls.__name__: class_schema(cls) for cls in classes[1:]}
    defs.update(DEFS)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        **root,
        "title": "socialvalue rubric",
        "description": (
            "A rubric: how the social value in tender responses is scored. "
            "Check a file with `socialvalue rubric check FILE`; the loader reports every problem "
            "this schema cannot see (weight totals, references, scales, policy minimums)."
        ),
        "$defs": defs,
    }


def render() -> str:
    """The schema as the shipped file's text: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(rubric_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(path: Path) -> bool:
    """Write the schema to ``path``; True if the file changed."""
    text = render()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


__all__ = ["model_classes", "render", "rubric_schema", "write", "yaml_fields"]
