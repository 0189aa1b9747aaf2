"""From shares to the rubric's integer weights: items, then criteria, then sub-criteria.

Ranking themes sets each section's marks; its criteria keep their published proportions. Ranking
criteria sets each criterion's marks; a section that states a weight becomes the sum of its
criteria. In a ``points`` rubric sub-criteria keep their published proportions of their
criterion (a ``percent`` rubric's are percentages of it, so they are unchanged). Every share out
is made by :func:`~.rounding.largest_remainder`, so each level adds up exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from ..errors import InputError
from ..rubric.model import Rubric
from .items import By
from .rounding import largest_remainder


def whole(rubric: Rubric, value: object, what: str) -> int:
    number = Fraction(str(value))
    if number.denominator != 1:
        raise InputError.single(
            rubric.source, f"{what} has weight {value}: only whole points can be re-weighted"
        )
    return int(number)


def spread(rubric: Rubric, by: By, items: Mapping[str, int]) -> dict[str, int]:
    """Every weight in the rubric keyed by section, criterion or sub-criterion id."""
    out: dict[str, int] = {}
    for section in rubric.sections:
        if by == "themes":
            out[section.id] = items[section.id]
            if rubric.weights == "points":
                published = {c.id: Fraction(str(c.weight)) for c in section.criteria}
                out.update(largest_remainder(published, items[section.id]))
            else:
                out.update({c.id: whole(rubric, c.weight, c.id) for c in section.criteria})
        else:
            out.update({c.id: items[c.id] for c in section.criteria})
            out[section.id] = sum(items[c.id] for c in section.criteria)
        if rubric.weights == "points":
            for c in section.criteria:
                if c.sub_criteria:
                    published = {s.id: Fraction(str(s.weight)) for s in c.sub_criteria}
                    out.update(largest_remainder(published, out[c.id]))
    return out
