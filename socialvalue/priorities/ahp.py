"""Pairwise comparison (AHP): the principal eigenvector and the consistency ratio, in Decimal.

The eigenvector is found by power iteration in a 40-digit :mod:`decimal` context, so the same
answers give the same digits on every machine (no floating point, no numpy). The group matrix
is the element-wise geometric mean of the respondents' judgments (aggregation of individual
judgments), computed with Decimal ``ln``/``exp``, which are correctly rounded.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

#: Saaty's random index for n = 1..10 (domain.md); CR = CI / RI.
RANDOM_INDEX = (
    Decimal(0), Decimal(0), Decimal("0.58"), Decimal("0.90"), Decimal("1.12"),
    Decimal("1.24"), Decimal("1.32"), Decimal("1.41"), Decimal("1.45"), Decimal("1.49"),
)  # fmt: skip
CR_LIMIT = Decimal("0.10")
PRECISION = 40
TOLERANCE = Decimal("1e-30")
MAX_ITERATIONS = 1000

#: One respondent's answers: (a, b) -> how many times more important a is than b.
Judgments = Mapping[tuple[str, str], Decimal]


@attrs.frozen
class Eigen:
    """The principal eigenvector (summing to 1), lambda_max and the consistency ratio."""

    weights: dict[str, Decimal]
    lambda_max: Decimal
    ci: Decimal
    cr: Decimal


def _context() -> decimal.Context:
    return decimal.Context(prec=PRECISION, rounding=decimal.ROUND_HALF_EVEN)


def matrix(ids: Sequence[str], judgments: Judgments) -> list[list[Decimal]]:
    """The reciprocal comparison matrix: a_ij from the answer for (i, j) or 1 / that for (j, i)."""
    with decimal.localcontext(_context()):
        size = len(ids)
        a = [[Decimal(1)] * size for _ in range(size)]
        for x in range(size):
            for y in range(size):
                if x == y:
                    continue
                pair = (ids[x], ids[y])
                a[x][y] = judgments[pair] if pair in judgments else 1 / judgments[(ids[y], ids[x])]
        return a


def eigen(ids: Sequence[str], a: list[list[Decimal]]) -> Eigen:
    """Power iteration from equal weights until no weight moves by more than 1e-30."""
    n = len(ids)
    with decimal.localcontext(_context()):
        w = [Decimal(1) / n] * n
        for _ in range(MAX_ITERATIONS):
            product = [sum((a[i][j] * w[j] for j in range(n)), Decimal(0)) for i in range(n)]
            total = sum(product, Decimal(0))
            new = [p / total for p in product]
            done = max(abs(x - y) for x, y in zip(new, w, strict=True)) <= TOLERANCE
            w = new
            if done:
                break
        aw = [sum((a[i][j] * w[j] for j in range(n)), Decimal(0)) for i in range(n)]
        lam = sum((aw[i] / w[i] for i in range(n)), Decimal(0)) / n
        ci = (lam - n) / (n - 1) if n > 2 else Decimal(0)
        ri = RANDOM_INDEX[n - 1] if n <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
        cr = ci / ri if ri else Decimal(0)
        return Eigen(dict(zip(ids, w, strict=True)), +lam, +ci, +cr)


def geometric_mean(ids: Sequence[str], all_judgments: Sequence[Judgments]) -> list[list[Decimal]]:
    """The group matrix: each a_ij the geometric mean of the respondents' a_ij."""
    mats = [matrix(ids, j) for j in all_judgments]
    n, m = len(ids), len(mats)
    with decimal.localcontext(_context()):
        return [
            [
                Decimal(1)
                if i == j
                else (sum((mt[i][j].ln() for mt in mats), Decimal(0)) / m).exp()
                for j in range(n)
            ]
            for i in range(n)
        ]
