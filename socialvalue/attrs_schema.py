"""JSON Schema (draft 2020-12) generated from attrs classes: the machinery behind the shipped
schemas (``rubric.schema.json`` from the rubric model, ``results.schema.json`` from the record).

Each attrs class reachable from the root becomes a ``$defs`` entry named after the class, each
field (except ``internal`` ones) a property whose description is the field's ``metadata["doc"]``
(when it has one). A :class:`Spec` says what differs between documents: how scalars are written,
which fields are choices or identifiers, which are required, and the rules the types cannot say.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Field = tuple[type, str]
#: A field's choices, or a function giving them when the schema is made (a registry).
Choices = tuple[str, ...] | Callable[[], Sequence[str]]


@attrs.frozen
class Spec:
    """How one document's schema is made from its classes."""

    #: Schemas of the scalar types (``Decimal``, ``int``, ``str``, ...), by type.
    scalars: Mapping[Any, dict[str, Any]]
    #: Shared ``$defs`` entries (referenced from ``scalars`` and the tables below).
    defs: Mapping[str, Any] = attrs.field(factory=dict)
    #: Fields whose value is one of a list of choices (``Literal`` types are found alone).
    enums: Mapping[Field, Choices] = attrs.field(factory=dict)
    #: Fields holding an identifier (``$defs/identifier``).
    identifiers: frozenset[Field] = frozenset()
    #: Required by the model but optional in a document.
    optional: frozenset[Field] = frozenset()
    #: Further keywords for single fields.
    extra: Mapping[Field, dict[str, Any]] = attrs.field(factory=dict)
    #: ``allOf`` rules of a class, for what its field types cannot say.
    rules: Mapping[type, Callable[[], list[dict[str, Any]]]] = attrs.field(factory=dict)
    #: A field's key in the document, where it differs from the field's name.
    keys: Mapping[Field, str] = attrs.field(factory=dict)
    #: True: every key is always present (a written record); False: a key is required when
    #: its field has no default and is not nullable (a file people write).
    every_key: bool = False
    #: Required text must not be empty and required lists must have an item.
    non_empty: bool = False
    #: Write fields' defaults.
    defaults: bool = True


def model_classes(root: type) -> list[type]:
    """Every attrs class reachable from ``root`` through its fields, ``root`` first."""
    found: list[type] = []

    def visit(cls: type) -> None:
        if cls in found:
            return
        found.append(cls)
        for field in yaml_fields(cls):
            for inner in _classes_in(hints(cls)[field.name]):
                visit(inner)

    visit(root)
    return found


def yaml_fields(cls: type) -> list[attrs.Attribute]:
    """The fields of ``cls`` that are keys in a document (not ``internal``)."""
    return [f for f in attrs.fields(cls) if not f.metadata.get("internal")]


def hints(cls: type) -> dict[str, Any]:
    """``cls``'s resolved field types."""
    return typing.get_type_hints(cls)


def _classes_in(hint: Any) -> list[type]:
    if attrs.has(hint):
        return [hint]
    return [c for arg in typing.get_args(hint) for c in _classes_in(arg)]


def unwrap_optional(hint: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(hint, False)``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0], True
        raise TypeError(f"unsupported union in the model: {hint}")  # pragma: no cover
    return hint, False


def _type_schema(spec: Spec, hint: Any) -> dict[str, Any]:
    if attrs.has(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint in spec.scalars:
        return dict(spec.scalars[hint])
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Literal:
        return {"type": "string", "enum": list(args)}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _type_schema(spec, args[0])}
    if origin is dict and args[0] is str:
        return {"type": "object", "additionalProperties": _type_schema(spec, args[1])}
    raise TypeError(f"no JSON Schema type for {hint!r} in the model")  # pragma: no cover


def _json_default(value: object) -> object:
    """A field's default as JSON, or ``attrs.NOTHING`` when it has no plain JSON form."""
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value == ():
        return []
    return attrs.NOTHING


def required(spec: Spec, cls: type, field: attrs.Attribute) -> bool:
    """Whether a document must have ``field``'s key."""
    if (cls, field.name) in spec.optional:
        return False
    if spec.every_key:
        return True
    _, nullable = unwrap_optional(hints(cls)[field.name])
    return field.default is attrs.NOTHING and not nullable


def _property(spec: Spec, cls: type, field: attrs.Attribute) -> dict[str, Any]:
    hint, nullable = unwrap_optional(hints(cls)[field.name])
    if (cls, field.name) in spec.identifiers:
        schema: dict[str, Any] = {"$ref": "#/$defs/identifier"}
    elif (cls, field.name) in spec.enums:
        choices = spec.enums[cls, field.name]
        schema = {"type": "string", "enum": list(choices() if callable(choices) else choices)}
    else:
        schema = _type_schema(spec, hint)
    if spec.non_empty and required(spec, cls, field):
        if hint is str and "pattern" not in schema and "$ref" not in schema:
            schema["pattern"] = r"\S"  # the loader rejects an empty required text
        if schema.get("type") == "array":
            schema["minItems"] = 1
    schema.update(spec.extra.get((cls, field.name), {}))
    if nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if "doc" in field.metadata:
        schema["description"] = field.metadata["doc"]
    default = field.default
    if (
        spec.defaults and default is not attrs.NOTHING and not isinstance(default, attrs.Factory)  # type: ignore[arg-type]
    ):
        value = _json_default(default)
        if value is not attrs.NOTHING:
            schema["default"] = value
    return schema


def key(spec: Spec, cls: type, name: str) -> str:
    """The document key of field ``name`` of ``cls``."""
    return spec.keys.get((cls, name), name)


def class_schema(spec: Spec, cls: type) -> dict[str, Any]:
    """The schema of one attrs class: an object with exactly its keys."""
    fields = yaml_fields(cls)
    schema: dict[str, Any] = {"type": "object", "title": cls.__name__}
    doc = (cls.__doc__ or "").strip()
    if doc:
        schema["description"] = doc.splitlines()[0]
    schema["properties"] = {key(spec, cls, f.name): _property(spec, cls, f) for f in fields}
    schema["additionalProperties"] = False
    needed = [key(spec, cls, f.name) for f in fields if required(spec, cls, f)]
    if needed:
        schema["required"] = needed
    rules = spec.rules.get(cls)
    if rules:
        schema["allOf"] = rules()
    return schema


def doc(text: str, **kw: object) -> dict[str, object]:
    """Field metadata: the reference text for docs and schema (``metadata["doc"]``), plus extras."""
    return {"doc": text, **kw}


def document_schema(spec: Spec, root: type, **top: Any) -> dict[str, Any]:
    """The whole schema: ``root``'s object, every class it reaches in ``$defs``, and ``top``
    (``$id``, ``title``, ``description``, ...) over the root's own keywords."""
    classes = model_classes(root)
    names = [cls.__name__ for cls in classes]
    clash = sorted({n for n in names if names.count(n) > 1})
    if clash:  # pragma: no cover - a model error
        raise TypeError(f"two classes share a $defs name: {', '.join(clash)}")
    defs = {cls.__name__: class_schema(spec, cls) for cls in classes[1:]}
    defs.update(spec.defs)
    return {"$schema": SCHEMA_DIALECT, **class_schema(spec, root), **top, "$defs": defs}


def render(schema: Mapping[str, Any]) -> str:
    """A schema as a shipped file's text: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_text(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; True if the file changed."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


__all__ = [
    "SCHEMA_DIALECT",
    "Spec",
    "class_schema",
    "document_schema",
    "key",
    "model_classes",
    "render",
    "required",
    "write_text",
    "yaml_fields",
]
