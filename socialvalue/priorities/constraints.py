"""The buyer's limits on derived weights: fixed criteria, a minimum and maximum per item.

Fixed items keep their published weight; the rest of the total is shared in proportion to the
derived shares. An item whose share falls below its minimum (or above its maximum) is set to
that bound and the remainder is shared again among the others, until none is out of bounds.
Every item has a minimum of 1 point unless declared (a rubric weight is never zero).
Bounds are whole points, so the rounding (:mod:`.rounding`) of the free items cannot break them.
Social value's share of the whole evaluation is unchanged: the total marks are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from .rounding import largest_remainder


@attrs.frozen
class Limits:
    """What the buyer declares: items that keep their weight, and bounds in whole points."""

    fixed: frozenset[str] = frozenset()
    minimum: Mapping[str, int] = attrs.field(factory=dict)
    maximum: Mapping[str, int] = attrs.field(factory=dict)


def problems_with(limits: Limits, published: Mapping[str, int], total: int) -> list[str]:
    """What makes the limits impossible to keep, as messages (empty when they can be kept)."""
    out = []
    for name, bounds in (("fixed", limits.fixed), ("min", limits.minimum), ("max", limits.maximum)):
        out += [
            f'{name} names "{k}", which is not ranked' for k in sorted(bounds) if k not in published
        ]
    for k in sorted(set(limits.minimum) & set(limits.maximum)):
        if limits.minimum[k] > limits.maximum[k]:
            out.append(
                f"{k}: the minimum {limits.minimum[k]} is above the maximum {limits.maximum[k]}"
            )
    if out:
        return out
    free = total - sum(published[k] for k in limits.fixed)
    others = [k for k in published if k not in limits.fixed]
    low = sum(limits.minimum.get(k, 1) for k in others)
    high = sum(limits.maximum.get(k, total) for k in others)
    if not others and free:
        out.append("every item is fixed: there is nothing to re-weight")
    elif low > free:
        out.append(f"the minimums add up to {low}, more than the {free} points to share")
    elif high < free:
        out.append(f"the maximums add up to {high}, fewer than the {free} points to share")
    return out


def apply(
    shares: Mapping[str, Fraction], published: Mapping[str, int], total: int, limits: Limits
) -> dict[str, int]:
    """Integer weights adding up to ``total`` that keep ``limits`` (checked by :func:`problems_with`)."""
    result = {k: published[k] for k in limits.fixed}
    minimum = {k: limits.minimum.get(k, 1) for k in shares}
    free = [k for k in shares if k not in limits.fixed]
    remaining = total - sum(result.values())
    while True:
        whole = sum((shares[k] for k in free), Fraction(0))
        exact = {
            k: (remaining * shares[k] / whole if whole else Fraction(remaining, len(free)))
            for k in free
        }
        low = [k for k in free if exact[k] < minimum[k]]
        high = [k for k in free if k in limits.maximum and exact[k] > limits.maximum[k]]
        if not low and not high:
            break
        for k in low:
            result[k] = minimum[k]
        for k in high:
            result[k] = limits.maximum[k]
        free = [k for k in free if k not in low and k not in high]
        remaining = total - sum(result.values())
        if not free:
            break
    if free:
        result.update(largest_remainder(exact, remaining))
    return {k: result[k] for k in shares}
