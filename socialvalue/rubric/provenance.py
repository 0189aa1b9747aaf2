"""Who set a rubric's weights and how: the ``weights_provenance`` key ``priorities derive`` writes.

Kept apart from :mod:`.model` (which re-exports these names) for its size; see
docs/priorities.md.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..attrs_schema import doc

#: The methods ``socialvalue priorities derive`` can declare, as the pack names them.
PRIORITY_METHOD_NAMES: dict[str, str] = {
    "roc": "rank order centroid",
    "rank-sum": "rank sum",
    "rank-reciprocal": "rank reciprocal",
    "borda": "Borda count",
    "points": "point allocation (100 points each)",
    "ahp": "pairwise comparison (AHP)",
}
PRIORITY_METHODS: tuple[str, ...] = tuple(PRIORITY_METHOD_NAMES)


def consultation_dates(a: dt.date, b: dt.date) -> str:
    """A consultation's days as the pack says them, e.g. "1-28 February 2026"."""
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}-{b.day} {b:%B %Y}"
    return f"{a.day} {a:%B %Y} to {b.day} {b:%B %Y}"


@attrs.frozen
class AlternativeWeights:
    """The weights another method gives from the same consultation's answers."""

    method: str = attrs.field(metadata=doc("The method, e.g. 'borda' (docs/priorities.md)."))
    # a dict, left out of the hash so that a rubric stays hashable (equality still compares it)
    weights: dict[str, int] = attrs.field(
        hash=False, metadata=doc("Each criterion's weight under that method, by criterion id.")
    )


@attrs.frozen
class WeightsProvenance:
    """Who set the weights and how: written by ``socialvalue priorities derive``."""

    method: str = attrs.field(metadata=doc("The method that set the weights, e.g. 'roc'."))
    who: str = attrs.field(metadata=doc("Who answered, e.g. 'residents'."))
    responses: int = attrs.field(metadata=doc("How many responses were used."))
    first_day: str = attrs.field(metadata=doc("The consultation's first day, YYYY-MM-DD."))
    last_day: str = attrs.field(metadata=doc("Its last day, YYYY-MM-DD."))
    consultation: str = attrs.field(default="", metadata=doc("The consultation's name."))
    alternative: AlternativeWeights | None = attrs.field(
        default=None, metadata=doc("The next most common method's weights, for the pack.")
    )

    @property
    def method_name(self) -> str:
        return PRIORITY_METHOD_NAMES.get(self.method, self.method)

    def sentence(self) -> str:
        """Who set the weights and how, as the methodology says it."""
        answers = {"points": "point allocations", "ahp": "comparisons"}.get(self.method, "rankings")
        named = f" ({self.consultation})" if self.consultation else ""
        return (
            f"Weights derived from {self.responses} {self.who}' {answers} collected "
            f"{self.dates()}{named}, {self.method_name}."
        )

    def dates(self) -> str:
        return consultation_dates(
            dt.date.fromisoformat(self.first_day), dt.date.fromisoformat(self.last_day)
        )


__all__ = [
    "PRIORITY_METHODS",
    "PRIORITY_METHOD_NAMES",
    "AlternativeWeights",
    "WeightsProvenance",
    "consultation_dates",
]
