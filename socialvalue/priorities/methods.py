"""From answers to exact shares: ROC, rank sum, rank reciprocal, Borda and points (docs/priorities.md).

Ranks run from 1 (most important) to n. Every share is an exact :class:`~fractions.Fraction`;
nothing is rounded here (see :mod:`.rounding`). Ranking methods give each respondent's weights
and average them over respondents; Borda sums each respondent's n - r points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal, get_args

from ..rubric.model import PRIORITY_METHOD_NAMES

Method = Literal["roc", "rank-sum", "rank-reciprocal", "borda", "points", "ahp"]
METHODS: tuple[Method, ...] = get_args(Method)
RANKING_METHODS: tuple[Method, ...] = ("roc", "rank-sum", "rank-reciprocal", "borda")
#: How each method is named in the pack and the provenance record (the rubric model's names).
METHOD_NAMES: dict[Method, str] = {m: PRIORITY_METHOD_NAMES[m] for m in METHODS}

Ranking = Mapping[str, int]


def roc(rank: int, n: int) -> Fraction:
    """Rank order centroid: w_r = (1/n) * sum_{i=r..n} 1/i."""
    return sum((Fraction(1, i) for i in range(rank, n + 1)), Fraction(0)) / n


def rank_sum(rank: int, n: int) -> Fraction:
    """Rank sum: w_r = 2(n + 1 - r) / (n(n + 1))."""
    return Fraction(2 * (n + 1 - rank), n * (n + 1))


def rank_reciprocal(rank: int, n: int) -> Fraction:
    """Rank reciprocal: w_r = (1/r) / sum_{i=1..n} 1/i."""
    return Fraction(1, rank) / sum((Fraction(1, i) for i in range(1, n + 1)), Fraction(0))


def borda_points(rank: int, n: int) -> int:
    """Borda: n - r points for rank r."""
    return n - rank


_RANK_WEIGHT = {"roc": roc, "rank-sum": rank_sum, "rank-reciprocal": rank_reciprocal}


def from_rankings(
    method: Method, ids: Sequence[str], rankings: Sequence[Ranking]
) -> dict[str, Fraction]:
    """Each id's share (summing to 1) from complete rankings, by ``method``."""
    n = len(ids)
    if not rankings:
        raise ValueError("no rankings to derive weights from")
    if method == "borda":
        totals = {i: Fraction(sum(borda_points(r[i], n) for r in rankings)) for i in ids}
        whole = sum(totals.values(), Fraction(0))
        if whole == 0:  # n == 1
            return {i: Fraction(1, n) for i in ids}
        return {i: totals[i] / whole for i in ids}
    weight = _RANK_WEIGHT[method]
    return {i: sum((weight(r[i], n) for r in rankings), Fraction(0)) / len(rankings) for i in ids}


def from_points(
    ids: Sequence[str], allocations: Sequence[Mapping[str, Decimal]]
) -> dict[str, Fraction]:
    """Point allocation: w_i = mean points_i / 100 (each allocation adds up to 100)."""
    if not allocations:
        raise ValueError("no allocations to derive weights from")
    m = len(allocations)
    return {i: sum((Fraction(a[i]) for a in allocations), Fraction(0)) / (100 * m) for i in ids}
