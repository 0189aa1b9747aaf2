"""Rounding once, at the declared stage, half-up or half-even.

Points: Q1 1.065 and Q2 1.06 (section s1: 2.125), Q3 1.14 (section s2); total 3.265.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_scoring_helpers import ROUNDING_BIDS, ROUNDING_PROXIES, inputs, proxy_set, rounding_rubric

from socialvalue.scoring import evaluate

D = Decimal


def run(stage: str, rule: str, places: int = 2):  # type: ignore[no-untyped-def]
    return evaluate(
        inputs(
            rounding_rubric(stage, rule, places),
            ROUNDING_BIDS,
            contract_value="100",
            proxies=proxy_set(ROUNDING_PROXIES),
        )
    ).bidders[0]


@pytest.mark.parametrize(
    ("stage", "rule", "criteria", "sections", "total"),
    [
        ("criterion", "half_up", ["1.07", "1.06", "1.14"], ["2.13", "1.14"], "3.27"),
        ("criterion", "half_even", ["1.06", "1.06", "1.14"], ["2.12", "1.14"], "3.26"),
        ("section", "half_up", [None, None, None], ["2.13", "1.14"], "3.27"),
        ("section", "half_even", [None, None, None], ["2.12", "1.14"], "3.26"),
        ("total", "half_up", [None, None, None], [None, None], "3.27"),
        ("total", "half_even", [None, None, None], [None, None], "3.26"),
    ],
)
def test_stage_and_rule(stage: str, rule: str, criteria: list, sections: list, total: str) -> None:
    b = run(stage, rule)
    assert [c.weighted_points for c in b.criteria] == [D("1.065"), D("1.06"), D("1.14")]
    assert [c.weighted_points_rounded for c in b.criteria] == [
        None if x is None else D(x) for x in criteria
    ]
    assert [s.points for s in b.sections] == [D("2.125"), D("1.14")]
    assert [s.points_rounded for s in b.sections] == [None if x is None else D(x) for x in sections]
    assert b.totals.total == D("3.265")  # never rounded
    assert b.totals.total_rounded == D(total)
    assert str(b.totals.total_rounded) == total  # keeps its places


def test_rounding_keeps_declared_places() -> None:
    b = run("total", "half_up", places=4)
    assert str(b.totals.total_rounded) == "3.2650"


def test_criterion_stage_sums_rounded_figures_without_rerounding() -> None:
    bids = {"a": {"q": {"M1": D("10.04"), "M2": D("10.04"), "M3": D("10.04")}}}
    for stage, expected in (("criterion", "3.00"), ("total", "3.01")):
        b = evaluate(
            inputs(
                rounding_rubric(stage, "half_up"),
                bids,
                contract_value="100",
                proxies=proxy_set(ROUNDING_PROXIES),
            )
        ).bidders[0]
        assert b.totals.total == D("3.012")
        assert str(b.totals.total_rounded) == expected


def test_evaluation_points_rounded_with_the_rule() -> None:
    b = run("total", "half_even", places=2)
    # 3.265 of 30 marks x 10% = 1.088333...
    assert b.totals.evaluation_points_rounded == D("1.09")


def test_exact_half_reached_through_thirds_rounds_as_a_half() -> None:
    """Means of 20/3 and 40/3 make a credibility-adjusted fraction of exactly 1/2 (2.5 points).

    With 50-digit decimals the chain gives 0.50000...01 and half-even would wrongly round up.
    """
    from test_scoring_helpers import simple_rubric

    for rule, expected in (("half_even", "2"), ("half_up", "3")):
        rub = simple_rubric(
            method="{kind: credibility_adjusted, criterion: W1}",
            extra=f"rounding: {{places: 0, rule: {rule}, stage: criterion}}",
        )
        scores = {
            "e1": {("b", "W1"): 0, ("c", "W1"): 0},
            "e2": {("b", "W1"): 0, ("c", "W1"): 0},
            "e3": {("b", "W1"): 20, ("c", "W1"): 40},
        }
        ev = evaluate(inputs(rub, {"b": {"q": {"M1": 1}}, "c": {"q": {"M1": 1}}}, scores=scores))
        q1 = ev.bidder("b").criterion("Q1")
        assert q1.fraction == D("0.5") and q1.weighted_points == D("2.5")
        assert str(q1.weighted_points_rounded) == expected
