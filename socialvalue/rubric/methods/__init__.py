"""The registry of quantitative scoring methods: one module per method, registered here.

Every part of the toolkit that depends on a method's kind asks this registry: the loader (which
kinds exist, which settings each owns), the JSON Schema, ``rubric show``, the scoring engine,
results.xlsx and the pack. Adding a method is one new module defining a
:class:`~.base.MethodSpec` and one line in :data:`METHODS` below (docs/scoring.md, "Adding a
method").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from . import contract_value_bands, contract_value_target, credibility_adjusted, relative_to_best
from .base import Bid, Figures, MethodSpec, Notes, Numbers, Outcome, Setting, Sheet, Words

# The registered methods, in the order the schema and the documentation list them.
METHODS: list[MethodSpec] = [
    relative_to_best.METHOD,
    contract_value_bands.METHOD,
    contract_value_target.METHOD,
    credibility_adjusted.METHOD,
]


def kinds() -> tuple[str, ...]:
    """The kinds a rubric may name, in registry order."""
    return tuple(spec.kind for spec in METHODS)


def get(kind: str) -> MethodSpec:
    """The method of ``kind``; KeyError when no method of that kind is registered."""
    for spec in METHODS:
        if spec.kind == kind:
            return spec
    raise KeyError(kind)


def find(kind: str) -> MethodSpec | None:
    """The method of ``kind``, or None (e.g. a record written by a version with other methods)."""
    return next((spec for spec in METHODS if spec.kind == kind), None)


def settings() -> list[tuple[Setting, tuple[str, ...]]]:
    """Every method setting once, in registry order, with the kinds that own it."""
    found: dict[str, tuple[Setting, list[str]]] = {}
    for spec in METHODS:
        for setting in spec.settings:
            found.setdefault(setting.key, (setting, []))[1].append(spec.kind)
    return [(setting, tuple(owners)) for setting, owners in found.values()]


def register(spec: MethodSpec) -> None:
    """Add a method (its kind must be new)."""
    if not spec.kind or spec.kind in kinds():
        raise ValueError(f"a method needs a new kind, got {spec.kind!r}")
    METHODS.append(spec)


@contextmanager
def registered(spec: MethodSpec) -> Iterator[MethodSpec]:
    """Register ``spec`` for the duration of a block (for tests and experiments)."""
    register(spec)
    try:
        yield spec
    finally:
        METHODS.remove(spec)


__all__ = [
    "METHODS",
    "Bid",
    "Figures",
    "MethodSpec",
    "Notes",
    "Numbers",
    "Outcome",
    "Setting",
    "Sheet",
    "Words",
    "find",
    "get",
    "kinds",
    "register",
    "registered",
    "settings",
]
