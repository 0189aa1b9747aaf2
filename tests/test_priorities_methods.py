"""Each method against hand-computed weights; rounding totals; constraints."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest

from socialvalue.priorities import ahp
from socialvalue.priorities.constraints import Limits, apply, problems_with
from socialvalue.priorities.methods import borda_points, from_points, from_rankings, rank_sum, roc
from socialvalue.priorities.rounding import largest_remainder


def test_roc_three_and_five() -> None:
    assert [roc(r, 3) for r in (1, 2, 3)] == [F(11, 18), F(5, 18), F(2, 18)]
    # n = 5: (1/5)(1+1/2+1/3+1/4+1/5) = 137/300, then 77/300, 47/300, 27/300, 12/300
    assert [roc(r, 5) for r in range(1, 6)] == [F(n, 300) for n in (137, 77, 47, 27, 12)]


def test_rank_sum_and_borda_and_points() -> None:
    assert [rank_sum(r, 4) for r in range(1, 5)] == [F(4, 10), F(3, 10), F(2, 10), F(1, 10)]
    rankings = [{"a": 1, "b": 2, "c": 3}, {"a": 2, "b": 1, "c": 3}, {"a": 1, "b": 3, "c": 2}]
    # Borda: n - r points: a 2+1+2 = 5, b 1+2+0 = 3, c 0+0+1 = 1, of 9
    assert from_rankings("borda", "abc", rankings) == {"a": F(5, 9), "b": F(3, 9), "c": F(1, 9)}
    assert borda_points(1, 3) == 2
    # ROC mean: a (11+5+11)/54, b (5+11+2)/54, c (2+2+5)/54
    assert from_rankings("roc", "abc", rankings) == {"a": F(27, 54), "b": F(18, 54), "c": F(9, 54)}
    allocations = [{"a": Decimal(50), "b": Decimal("30.5"), "c": Decimal("19.5")},
                   {"a": Decimal(20), "b": Decimal(40), "c": Decimal(40)}]  # fmt: skip
    assert from_points("abc", allocations) == {
        "a": F(35, 100),
        "b": F("35.25") / 100,
        "c": F("29.75") / 100,
    }


def test_ahp_consistent_matrix_has_its_known_eigenvector() -> None:
    ids = ["a", "b", "c"]
    judged = {("a", "b"): Decimal(2), ("a", "c"): Decimal(4), ("b", "c"): Decimal(2)}
    e = ahp.eigen(ids, ahp.matrix(ids, judged))
    assert [round(e.weights[k], 20) for k in ids] == [round(Decimal(x) / 7, 20) for x in (4, 2, 1)]
    assert round(e.lambda_max, 20) == 3 and round(e.cr, 20) == 0


def test_ahp_saaty_example_and_its_consistency_ratio() -> None:
    ids = ["a", "b", "c"]
    judged = {("a", "b"): Decimal(3), ("a", "c"): Decimal(5), ("b", "c"): Decimal(3)}
    e = ahp.eigen(ids, ahp.matrix(ids, judged))
    assert [f"{e.weights[k]:.4f}" for k in ids] == ["0.6370", "0.2583", "0.1047"]
    assert f"{e.lambda_max:.4f}" == "3.0385"
    assert f"{e.cr:.4f}" == "0.0332"  # CI 0.0193 / RI 0.58


def test_ahp_group_matrix_is_the_geometric_mean() -> None:
    ids = ["a", "b"]
    group = ahp.geometric_mean(ids, [{("a", "b"): Decimal(4)}, {("a", "b"): Decimal(1)}])
    assert round(group[0][1], 20) == 2 and round(group[1][0], 20) == Decimal("0.5")


@pytest.mark.parametrize("total", [1, 7, 35, 100])
def test_largest_remainder_adds_up_exactly(total: int) -> None:
    points = largest_remainder({"a": F(1, 3), "b": F(1, 3), "c": F(1, 3)}, total)
    assert sum(points.values()) == total
    assert max(points.values()) - min(points.values()) <= 1


def test_largest_remainder_ties_go_to_the_first_published() -> None:
    assert largest_remainder({"a": F(1), "b": F(1), "c": F(1)}, 100) == {"a": 34, "b": 33, "c": 33}
    assert largest_remainder({"a": F(1), "b": F(1), "c": F(1)}, 2) == {"a": 1, "b": 1, "c": 0}


PUBLISHED = {"a": 30, "b": 35, "c": 35}
SHARES = {"a": F(7, 10), "b": F(2, 10), "c": F(1, 10)}


def test_fixed_item_keeps_its_weight_and_the_rest_is_shared() -> None:
    out = apply(SHARES, PUBLISHED, 100, Limits(fixed=frozenset({"c"})))
    # 65 shared 7:2 = 50.56, 14.44: floors 50 + 14, the missing point to the larger remainder
    assert out == {"a": 51, "b": 14, "c": 35}


def test_minimum_and_maximum_are_kept() -> None:
    out = apply(SHARES, PUBLISHED, 100, Limits(minimum={"c": 20}, maximum={"a": 50}))
    assert out["a"] == 50 and out["c"] == 20 and sum(out.values()) == 100


def test_every_item_gets_at_least_one_point() -> None:
    out = apply({"a": F(1), "b": F(0)}, {"a": 5, "b": 5}, 10, Limits())
    assert out == {"a": 9, "b": 1}


def test_impossible_limits_are_reported() -> None:
    assert problems_with(Limits(minimum={"a": 60, "b": 60}), PUBLISHED, 100) == [
        "the minimums add up to 121, more than the 100 points to share"
    ]
    assert problems_with(Limits(fixed=frozenset({"z"})), PUBLISHED, 100) == [
        'fixed names "z", which is not ranked'
    ]
    assert problems_with(Limits(minimum={"a": 9}, maximum={"a": 3}), PUBLISHED, 100) == [
        "a: the minimum 9 is above the maximum 3"
    ]
