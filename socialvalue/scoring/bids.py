"""The working state of an evaluation: what is scored once, and each bid's fractions and
points against a given set of eligible bids (relative methods depend on that set)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from ..model import TenderInputs
from ..rubric.model import Criterion, Rubric
from .arith import q, total
from .qualitative import QualitativeScore
from .quantitative import (
    BidValue,
    holders,
    method_basis,
    method_fraction,
    quality_criterion,
    reference,
)
from .result import Flag, MethodResult


@attrs.frozen
class Draft:
    """One bid's fractions and points against a given set of eligible bids."""

    fractions: dict[str, Fraction]
    methods: dict[str, MethodResult]
    points: dict[str, Fraction]
    total: Fraction


@attrs.define
class Work:
    """The inputs scored once (final qualitative scores, GBP values of commitments), from which
    every bid can be scored against any set of eligible bids."""

    inputs: TenderInputs
    keys: list[str]
    names: dict[str, str]
    quals: Mapping[tuple[str, str], QualitativeScore]
    values: dict[tuple[str, str], BidValue]  # counted: after the panel's decisions on flags
    #: The commitment flags (on the quantities committed), with the panel's decisions.
    commitment_flags: list[Flag] = attrs.field(factory=list)
    #: Why the result is provisional: credibility flags with no panel decision.
    undecided: list[str] = attrs.field(factory=list)

    @property
    def rubric(self) -> Rubric:
        return self.inputs.rubric

    def credibility(self, key: str, criterion: Criterion) -> Fraction | None:
        named = quality_criterion(criterion)
        return None if named is None else self.quals[(key, named)].fraction

    def compute(self, eligible: frozenset[str]) -> dict[str, Draft]:
        """Score every bid against ``eligible`` (all bids as reference when none is eligible)."""
        rubric = self.rubric
        pool = sorted(eligible) if eligible else list(self.keys)
        drafts: dict[str, dict[str, object]] = {
            k: {"fractions": {}, "methods": {}, "points": {}} for k in self.keys
        }
        for _, c in rubric.criteria():
            marks = q(rubric.criterion_marks(c))
            if c.qualitative:
                for k in self.keys:
                    f = self.quals[(k, c.id)].fraction
                    drafts[k]["fractions"][c.id] = f  # type: ignore[index]
                    drafts[k]["points"][c.id] = f * marks  # type: ignore[index]
                continue
            bases = {
                k: method_basis(self.values[(k, c.id)], self.credibility(k, c)) for k in self.keys
            }
            ref = reference(bases, pool)
            tied = holders(bases, pool, ref[1])
            for k in self.keys:
                f, mr = method_fraction(
                    self.values[(k, c.id)],
                    bases[k],
                    ref,
                    self.credibility(k, c),
                    self.names,
                    rubric.currency,
                    tied,
                )
                drafts[k]["fractions"][c.id] = f  # type: ignore[index]
                drafts[k]["methods"][c.id] = mr  # type: ignore[index]
                drafts[k]["points"][c.id] = f * marks  # type: ignore[index]
        out = {}
        for k, d in drafts.items():
            points: dict[str, Fraction] = d["points"]  # type: ignore[assignment]
            out[k] = Draft(d["fractions"], d["methods"], points, total(points.values()))  # type: ignore[arg-type]
        return out
