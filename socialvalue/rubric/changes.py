"""What changed between two canonical methodologies, in lines a procurement officer can act on.

:func:`describe_changes` compares the methodology a form was made for with the one in force now,
both as :func:`~socialvalue.rubric.canonical.canonical_methodology` gives them, and says what
changed: ``LA-JOBS weight 20 -> 25``, ``measure LA-JOBS-3 added``, ``scale quality levels 0-100
in 20s -> 0-10``, ``proxy value LA-JOBS-1 GBP 28,000 -> GBP 30,000``. Sections, criteria,
sub-criteria, measures and scales are matched by id (so one added or moved is one line); every
other field is compared by its path in the rubric (``rounding places 2 -> 1``).
"""

from __future__ import annotations

import itertools
import re
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from ..formatting import exact_money
from . import model as m
from .canonical import Canonical, field_default, plain

#: A list of these in the canonical rubric holds things with ids, matched by id.
ENTITY_LISTS = {
    "scales": "scale",
    "sections": "section",
    "criteria": "criterion",
    "sub_criteria": "sub-criterion",
    "measures": "measure",
}
CLASSES: dict[str, type] = {
    "rubric": m.Rubric,
    "scale": m.Scale,
    "section": m.Section,
    "criterion": m.Criterion,
    "sub-criterion": m.SubCriterion,
    "measure": m.Measure,
}
SHORT = 60  # longer text is reported as "changed", not quoted
MOVED = "in"  # the pseudo-field holding an entity's parent id


@attrs.define
class _Entity:
    kind: str
    id: str
    fields: dict[str, Any] = attrs.field(factory=dict)
    children: dict[str, list[str]] = attrs.field(factory=dict)

    @property
    def label(self) -> str:
        """How lines name it: ``LA-JOBS``, ``scale quality``; the rubric itself is unnamed."""
        if self.kind == "rubric":
            return ""
        return f"scale {self.id}" if self.kind == "scale" else self.id


Entities = dict[tuple[str, str], _Entity]


def describe_changes(old: Canonical, new: Canonical) -> list[str]:
    """Every difference between methodology ``old`` (a form's) and ``new`` (in force), one line
    each, in the order of ``new``. Proxy values are compared only when both sides have them."""
    old_rubric, new_rubric = old.get("rubric") or {}, new.get("rubric") or {}
    before, after = _entities(old_rubric), _entities(new_rubric)
    lines: list[str] = []
    for key in [*after, *(k for k in before if k not in after)]:
        lines.extend(_entity_lines(before.get(key), after.get(key), old_rubric, new_rubric))
    old_proxies, new_proxies = old.get("proxy_values"), new.get("proxy_values")
    if old_proxies is not None and new_proxies is not None:
        lines.extend(_proxy_lines(old_proxies, new_proxies))
    if not lines and old.get("rubric") != new.get("rubric"):
        lines.append("the methodology's content differs (in a way not itemised here)")
    return lines


def summarise(lines: list[str], limit: int = 10) -> list[str]:
    """At most ``limit`` lines, the rest counted: ``and 4 more changes``."""
    if len(lines) <= limit:
        return lines
    rest = len(lines) - limit + 1
    return [*lines[: limit - 1], f"and {rest} more changes"]


# -- flattening


def _entities(rubric: Canonical) -> Entities:
    found: Entities = {}
    _collect(found, "rubric", "", rubric, None)
    return found


def _collect(found: Entities, kind: str, eid: str, doc: Canonical, parent: str | None) -> None:
    entity = _Entity(kind, eid)
    found[(kind, eid)] = entity
    if parent is not None and kind != "scale":
        entity.fields[MOVED] = parent
    for key, value in doc.items():
        if key in ENTITY_LISTS and isinstance(value, list):
            child_kind = ENTITY_LISTS[key]
            entity.children[key] = [str(item.get("id")) for item in value]
            for item in value:
                _collect(found, child_kind, str(item.get("id")), item, eid or None)
        else:
            _flatten(entity.fields, key, value)


def _flatten(into: dict[str, Any], path: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(into, f"{path}.{key}", item)
    else:
        into[path] = value


# -- lines


def _entity_lines(
    old: _Entity | None, new: _Entity | None, old_rubric: Canonical, new_rubric: Canonical
) -> Iterator[str]:
    if old is None:
        assert new is not None
        yield f"{new.kind} {new.id} added"
        return
    if new is None:
        yield f"{old.kind} {old.id} removed"
        return
    missing = object()
    for path in [*new.fields, *(p for p in old.fields if p not in new.fields)]:
        before = old.fields.get(path, missing)
        after = new.fields.get(path, missing)
        before = _default(new.kind, path) if before is missing else before
        after = _default(new.kind, path) if after is missing else after
        if before != after:
            yield _field_line(new, path, before, after, old_rubric, new_rubric)
    for key, ids in new.children.items():
        was = old.children.get(key, [])
        if ids != was and sorted(ids) == sorted(was):
            yield _named(new, f"order of {key.replace('_', '-')} changed")


def _named(entity: _Entity, text: str) -> str:
    return f"{entity.label} {text}" if entity.label else text


def _field_line(
    entity: _Entity,
    path: str,
    old: Any,
    new: Any,
    old_rubric: Canonical,
    new_rubric: Canonical,
) -> str:
    what = path.replace(".", " ")
    if path == MOVED:
        return _named(entity, f"moved from {old} to {new}")
    if path == "levels":
        return _named(entity, _levels_line(old or [], new or []))
    if entity.kind == "criterion" and path == "scale":
        was, now = _scale_summary(old_rubric, old), _scale_summary(new_rubric, new)
        return _named(entity, f"scale {_value(old)} -> {_value(new)} ({was} -> {now})")
    if isinstance(old, list) or isinstance(new, list) or _long(old) or _long(new):
        return _named(entity, f"{what} changed")
    return _named(entity, f"{what} {_value(old)} -> {_value(new)}")


def _long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > SHORT or "\n" in value)


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and not _is_number(value):
        return f'"{value}"'
    return str(value)


def _is_number(text: str) -> bool:
    """Whether canonical ``text`` is a number (Decimals are kept as text: ``20``, ``0.5``)."""
    return re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) is not None


def _levels_line(old: list[Canonical], new: list[Canonical]) -> str:
    was, now = _scores(old), _scores(new)
    if was != now:
        return f"levels {_range(was)} -> {_range(now)}"
    for before, after in zip(old, new, strict=True):
        if before.get("label") != after.get("label"):
            return f'level {after.get("score")} label "{before.get("label")}" -> "{after.get("label")}"'
    changed = [str(a.get("score")) for b, a in zip(old, new, strict=True) if b != a]
    return f"level {', '.join(changed)} descriptor changed"


def _scores(levels: list[Canonical]) -> list[Decimal]:
    return sorted(Decimal(str(level.get("score", "0"))) for level in levels)


def _range(scores: list[Decimal]) -> str:
    """``0-100 in 20s``, ``0-10`` (steps of one), else the scores: ``0, 25, 50, 100``."""
    text = [plain(s) for s in scores]
    steps = {b - a for a, b in itertools.pairwise(scores)}
    if len(scores) < 3 or len(steps) != 1:
        return ", ".join(text) or "no levels"
    step = steps.pop()
    span = f"{text[0]}-{text[-1]}"
    return span if step == 1 else f"{span} in {plain(step)}s"


def _scale_summary(rubric: Canonical, sid: Any) -> str:
    for scale in rubric.get("scales", []):
        if scale.get("id") == sid:
            return _range(_scores(scale.get("levels", [])))
    return "none"


def _default(kind: str, path: str) -> Any:
    """The canonical value of a field left out (at its default) at ``path`` in a ``kind``."""
    if path == MOVED:
        return None
    cls: type | None = CLASSES[kind]
    *parents, last = path.split(".")
    for part in parents:
        cls = _field_class(cls, part)
    if cls is None or last not in attrs.fields_dict(cls):
        return None
    default = field_default(attrs.fields_dict(cls)[last])
    return None if default is attrs.NOTHING else plain(default)


def _field_class(cls: type | None, name: str) -> type | None:
    """The attrs class a field of ``cls`` holds (``Rounding`` for ``rounding``), if any."""
    if cls is None or name not in attrs.fields_dict(cls):
        return None
    attrs.resolve_types(cls)
    kind = attrs.fields_dict(cls)[name].type
    for candidate in (kind, *typing.get_args(kind)):
        if isinstance(candidate, type) and attrs.has(candidate):
            return candidate
    return None


def _proxy_lines(old: Canonical, new: Canonical) -> Iterator[str]:
    currency, was_currency = str(new.get("currency", "")), str(old.get("currency", ""))
    if currency != was_currency:
        yield f"proxy values currency {was_currency} -> {currency}"
    before, after = old.get("values", {}), new.get("values", {})
    for measure in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(measure), after.get(measure)
        if was == now:
            continue
        if was is None:
            yield f"proxy value {measure} added ({_money(now, currency)} per {now['unit']})"
        elif now is None:
            yield f"proxy value {measure} removed (was {_money(was, was_currency)})"
        elif was["unit"] != now["unit"]:
            yield f"proxy value {measure} unit {was['unit']} -> {now['unit']}"
        else:
            yield (f"proxy value {measure} {_money(was, was_currency)} -> {_money(now, currency)}")


def _money(value: Canonical, currency: str) -> str:
    try:
        return exact_money(Decimal(str(value["value"])), currency)
    except (ArithmeticError, ValueError):
        return f"{currency} {value['value']}"


__all__ = ["describe_changes", "summarise"]
