"""Lines of arithmetic in the pack that multiply out (docs/pack.md, "Arithmetic").

Each line prints its result as the page says (points to the rubric's places) and its operands so
that a panel member with a calculator gets the printed result from the printed operands: exact
when an operand has few decimals, else rounded to the fewest places that recompute and followed
by ``...`` (see :func:`socialvalue.formatting.operand_places`). The exact figures are in
results.json and results.xlsx.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from .. import formatting
from ..formatting import SENTENCE_PLACES, cut_text, half_up, operand_places, operand_text
from ..results.record import BidderRecord, CriterionRecord, Record
from .figures import at_most_places, points, record_decimal, rounded

HUNDRED = Decimal(100)


def _operands(
    values: Sequence[Decimal],
    combine: Callable[[tuple[Decimal, ...]], Decimal],
    result: Decimal,
    places: int,
    least: int = 0,
) -> list[str]:
    """``values`` as printed in a line whose result is ``result`` printed to ``places``."""
    shown = operand_places(tuple(values), combine, half_up(result, places), places, least)
    return [operand_text(v, s) for v, s in zip(values, shown, strict=True)]


def criterion_line(c: CriterionRecord, places: int) -> str:
    """``LA-JOBS: 0.776... × 20 marks = 15.52 points``."""
    marks = record_decimal(c.marks)
    weighted = record_decimal(c.weighted_points)
    fraction = record_decimal(c.fraction)
    (shown,) = _operands([fraction], lambda o: o[0] * marks, weighted, places)
    return (
        f"{c.id}: {shown} × {at_most_places(marks, places)} marks = "
        f"{points(weighted, places)} points"
    )


def share_of_marks(c: CriterionRecord, places: int) -> str:
    """The criterion's fraction as a percentage that multiplies out to its points: ``77.6%``."""
    return share_text(c.fraction, c.marks, c.weighted_points, places)


def share_text(fraction: object, marks: object, weighted: object, places: int) -> str:
    """``fraction`` of ``marks`` as a percentage that gives ``weighted`` points printed to
    ``places``: ``72.29...%`` (72.3% of 5 marks would be 3.615, not 3.614)."""
    of = record_decimal(marks)
    share = record_decimal(fraction) * HUNDRED
    (shown,) = _operands(
        [share], lambda o: o[0] / HUNDRED * of, record_decimal(weighted), places, least=1
    )
    return shown + "%"


def total_line(bidder: BidderRecord, rule: str, rule_places: int, places: int) -> str:
    """``Total = 15.525... + 15 + ... = 85.51 of 100; rounded (half up, 2 places) to 85.51.``"""
    t = bidder.totals
    addends = [record_decimal(c.weighted_points) for c in bidder.criteria]
    total = record_decimal(t.total)
    shown = _operands(addends, lambda o: sum(o, Decimal(0)), total, places, least=places)
    return (
        f"Total = {' + '.join(shown) or '0'} = {points(total, places)} of "
        f"{at_most_places(t.out_of, places)}; rounded ({rule.replace('_', ' ')}, {rule_places} "
        f"places) to {rounded(t.total_rounded)}."
    )


def evaluation_line(results: Record, bidder: BidderRecord, places: int) -> str:
    """``Evaluation points = 85.508... ÷ 100 × 10 = 8.55, rounded to 8.55 of 10.``"""
    t = bidder.totals
    out_of = record_decimal(t.out_of)
    weight = record_decimal(results.weighting.social_value_percent)
    evaluation = record_decimal(t.evaluation_points)
    (total,) = _operands(
        [record_decimal(t.total)], lambda o: o[0] / out_of * weight, evaluation, places, places
    )
    return (
        f"Evaluation points = {total} ÷ {at_most_places(out_of, places)} × "
        f"{at_most_places(weight, places)} = {points(evaluation, places)}, rounded to "
        f"{rounded(t.evaluation_points_rounded)} of "
        f"{at_most_places(t.evaluation_points_out_of, places)}."
    )


def unrounded(value: object) -> str:
    """An unrounded figure as it is: exact up to 6 decimals, else 6 decimals and ``...``."""
    return formatting.group_thousands(cut_text(record_decimal(value), SENTENCE_PLACES))
