"""What a consultation ranks: a rubric's themes (sections) or its criteria, with their weights."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, get_args

import attrs

from ..errors import InputError
from ..rubric.model import Rubric

By = Literal["themes", "criteria"]
BY: tuple[By, ...] = get_args(By)


@attrs.frozen
class Item:
    """One thing residents rank: its id, title and published weight (marks)."""

    id: str
    title: str
    weight: Decimal


def items_of(rubric: Rubric, by: By) -> tuple[Item, ...]:
    """The rubric's themes or criteria in published order, each with its weight in marks.

    Only ``points`` rubrics can be re-weighted by criteria; a ``percent`` rubric is ranked by
    themes, whose percentages are its top-level weights.
    """
    if by == "criteria":
        if rubric.weights != "points":
            raise InputError.single(
                rubric.source, "a percent rubric is ranked by themes: use --by themes"
            )
        return tuple(Item(c.id, c.title, c.weight) for _, c in rubric.criteria())
    out = []
    for section in rubric.sections:
        weight = section.weight
        if weight is None:
            weight = sum((c.weight for c in section.criteria), Decimal(0))
        out.append(Item(section.id, section.title, weight))
    return tuple(out)
