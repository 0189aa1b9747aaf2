"""The canonical form of a published methodology: what a form is bound to, not the file's bytes.

A form (response, scoresheet, moderation workbook) is made for one methodology: the rubric's
content and the proxy values in force. :func:`canonical_methodology` turns those into plain
JSON data: every field of the rubric model (ids, titles, weights, scales with their levels and
descriptors, questions, guidance, word limits, sub-criteria, minimums, measures with units and
limits, methods and their settings, moderation, tie-breaks, rounding, threshold, credibility
settings, the weighting, currency and proxy set id) and, per measure of the rubric, the proxy
value in force (unit and value). Left out, because they change neither what a bidder is asked
nor how anything is scored: where the rubric was loaded from and its file hash, the rubric's and
sections' ``description`` and the rubric's ``notes``.

The form is deterministic: keys sorted, Decimals as plain normalised strings (``20.0`` and
``20`` are the same weight), lists in the order published, and a field at its default value left
out (so a default written out and one left implicit are the same content, and a field added to a
later socialvalue with a default does not unbind the forms already issued). A comment, key
order, quoting style or indentation in the YAML changes nothing in it.
:func:`methodology_sha256` is the SHA-256 of :func:`canonical_json`: the methodology
fingerprint forms carry.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

import attrs

from ..formatting import plain_decimal
from .model import Rubric
from .proxies import ProxySet

#: Bump when the canonical form itself changes meaning (never for a new rubric field).
CANONICAL_FORMAT = 1

#: Rubric model fields that are commentary, not methodology (see the module docstring).
LEFT_OUT = frozenset({"description", "notes", "weights_provenance"})

Canonical = dict[str, Any]


def canonical_methodology(rubric: Rubric, proxies: ProxySet | None) -> Canonical:
    """The methodology as plain, deterministic JSON data (see the module docstring).

    ``proxy_values`` is None when no proxy set could be loaded (its problem is reported where it
    is loaded; the rubric alone is then compared)."""
    return {
        "format": CANONICAL_FORMAT,
        "rubric": plain(rubric),
        "proxy_values": None if proxies is None else proxy_values(rubric, proxies),
    }


def proxy_values(rubric: Rubric, proxies: ProxySet) -> Canonical:
    """The proxy value in force for each measure of ``rubric`` that has one, with its unit."""
    values: Canonical = {}
    for _, measure in rubric.measures():
        found = proxies.value(measure.id)
        if found is not None:
            values[measure.id] = {"unit": found.unit, "value": plain_decimal(found.value)}
    return {"currency": proxies.currency, "values": values}


def canonical_json(doc: Canonical) -> str:
    """``doc`` as one line of ASCII JSON, keys sorted: the same content gives the same text."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def methodology_sha256(doc: Canonical) -> str:
    """The SHA-256 of :func:`canonical_json`: the methodology fingerprint."""
    return hashlib.sha256(canonical_json(doc).encode("ascii")).hexdigest()


_last: tuple[Rubric, ProxySet | None, str, str] | None = None


def bound_methodology(rubric: Rubric, proxies: ProxySet | None) -> tuple[str, str]:
    """(:func:`methodology_sha256`, :func:`canonical_json`) of the methodology of ``rubric``
    with ``proxies``; the last one asked for is remembered (every form of a tender asks)."""
    global _last
    if _last is None or _last[0] is not rubric or _last[1] is not proxies:
        doc = canonical_methodology(rubric, proxies)
        text = canonical_json(doc)
        _last = (rubric, proxies, hashlib.sha256(text.encode("ascii")).hexdigest(), text)
    return _last[2], _last[3]


def plain(value: object) -> Any:
    """Plain JSON data for a model value; attrs fields at their default are left out."""
    if attrs.has(type(value)):
        out: Canonical = {}
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            if field.name in LEFT_OUT or field.metadata.get("internal"):
                continue
            item = getattr(value, field.name)
            if _is_default(field, item):
                continue
            out[field.name] = plain(item)
        return out
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"no canonical form for {type(value).__name__}")  # pragma: no cover


def field_default(field: attrs.Attribute[Any]) -> object:
    """The value an attrs field takes when the rubric does not give it (attrs.NOTHING if none)."""
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


def _is_default(field: attrs.Attribute[Any], value: object) -> bool:
    """Whether ``value`` is the field's default (Decimals compare by value: 2.0 is 2)."""
    default = field_default(field)
    return default is not attrs.NOTHING and type(default) is type(value) and default == value


__all__ = [
    "CANONICAL_FORMAT",
    "Canonical",
    "bound_methodology",
    "canonical_json",
    "canonical_methodology",
    "field_default",
    "methodology_sha256",
    "plain",
    "proxy_values",
]
