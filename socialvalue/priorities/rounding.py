"""Integer points that add up exactly: the largest remainder method.

Each item gets the whole part of ``total x share``; the points still missing go one each to the
items with the largest fractional parts. Tie rule: equal remainders go to the item published
first in the rubric (the order of ``shares``). Exact throughout (:class:`~fractions.Fraction`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction


def largest_remainder(shares: Mapping[str, Fraction], total: int) -> dict[str, int]:
    """``total`` points shared in proportion to ``shares`` (any positive scale), adding up exactly."""
    whole = sum(shares.values(), Fraction(0))
    if whole <= 0:
        raise ValueError("the shares add up to nothing")
    exact = {k: total * v / whole for k, v in shares.items()}
    points = {k: math.floor(v) for k, v in exact.items()}
    missing = total - sum(points.values())
    order = list(shares)
    ranked = sorted(order, key=lambda k: (-(exact[k] - points[k]), order.index(k)))
    for k in ranked[:missing]:
        points[k] += 1
    return points
