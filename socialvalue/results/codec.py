"""The record to and from JSON with cattrs, by a few declared rules.

- Decimals are strings: exact figures without exponent or trailing zeros (``plain``); a field
  whose name ends in ``_rounded`` holds a rounded figure and keeps its places (``fixed``).
- Dates are ISO text (``2026-03-02``).
- Tuples are JSON arrays; ``None`` is ``null``; every field is written, in class order.
- :data:`RENAMED` lists the keys whose JSON name differs from the field's.

Everything else follows from the classes in :mod:`socialvalue.results.record`. Unstructure inside
:func:`socialvalue.scoring.arith.exact` (as :func:`to_json` does), so that figures keep their
full precision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.gen import AttributeOverride, make_dict_structure_fn, make_dict_unstructure_fn, override

from ..scoring.arith import exact, fixed, plain
from ..scoring.result import Evaluation, PartResult
from .build import build_record
from .record import Record

#: (class, field) -> JSON key, where the record's name differs from the model's.
RENAMED: dict[tuple[type, str], str] = {
    (PartResult, "scores"): "evaluator_scores",
}

#: The suffix of fields that hold a rounded figure (written with its places kept).
ROUNDED_SUFFIX = "_rounded"


def _rounded(value: Decimal | None) -> str | None:
    return None if value is None else fixed(value)


def _decimal(value: object, _: object) -> Decimal:
    if not isinstance(value, str):
        raise TypeError(f"expected a decimal as a string, got {value!r}")
    return Decimal(value)


def _date(value: object, _: object) -> dt.date:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date, got {value!r}")
    return dt.date.fromisoformat(value)


def _overrides(cls: type, *, structure: bool) -> dict[str, Any]:
    """cattrs' per-field overrides of ``cls``: renamed keys, rounded figures."""
    found: dict[str, AttributeOverride] = {}
    for field in attrs.fields(cls):
        rename = RENAMED.get((cls, field.name))
        rounded = field.name.endswith(ROUNDED_SUFFIX)
        if rename is None and not rounded:
            continue
        if structure:
            found[field.name] = override(rename=rename)
        else:
            found[field.name] = override(rename=rename, unstruct_hook=_rounded if rounded else None)
    return found


def make_converter(*, detailed: bool = False) -> cattrs.Converter:
    """The converter for the record (and any attrs class it holds).

    ``detailed``: structuring errors say where in the record they are (several times slower).
    """
    conv = cattrs.Converter(detailed_validation=detailed)
    conv.register_unstructure_hook(Decimal, plain)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_structure_hook(dt.date, _date)

    def unstructure(cls: type) -> Callable[[Any], dict[str, Any]]:
        attrs.resolve_types(cls)
        return make_dict_unstructure_fn(cls, conv, **_overrides(cls, structure=False))

    def structure(cls: type) -> Callable[[Any, Any], Any]:
        attrs.resolve_types(cls)
        return make_dict_structure_fn(cls, conv, **_overrides(cls, structure=True))

    conv.register_unstructure_hook_factory(attrs.has, unstructure)
    conv.register_structure_hook_factory(attrs.has, structure)
    return conv


CONVERTER = make_converter()


def to_json(ev: Evaluation) -> dict[str, Any]:
    """The evaluation as a JSON-ready dict, keys in schema order (docs/results.md)."""
    with exact():  # build_record computes shares and marks: in the engine's precision too
        out: dict[str, Any] = CONVERTER.unstructure(build_record(ev), Record)
    return out


def from_json(data: object) -> Record:
    """The typed record from results.json's parsed data.

    A bad shape raises :class:`cattrs.BaseValidationError` naming where (keys that a later 1.x
    version adds are ignored).
    """
    try:
        return CONVERTER.structure(data, Record)
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError, ArithmeticError):
        pass
    # Again, slowly, so that the error says where the record is wrong.
    return make_converter(detailed=True).structure(data, Record)
