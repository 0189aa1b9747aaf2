"""The public worked examples (docs: /work/shared/domain.md) reproduce to the digit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_scoring_helpers import EXAMPLE1_BIDS, QUANT, SCALE_100, inputs, rubric

from socialvalue.scoring import evaluate
from socialvalue.scoring.arith import exact

D = Decimal
MEASURES = QUANT.replace("\n  ", "\n          ")


def quant_rubric(marks: str, method: str = "{kind: relative_to_best}", places: int = 2) -> object:
    return rubric(
        f"""
sections:
  - id: s
    title: S
    criteria:
      - id: Q1
        title: Quantitative
        weight: {marks}
        type: quantitative
        measures:{MEASURES}
        method: {method}
rounding: {{places: {places}, stage: criterion}}
"""
    )


BLEND = (
    SCALE_100
    + """
sections:
  - id: s
    title: S
    criteria:
      - id: Q1
        title: Quantitative
        weight: 5
        type: quantitative
        measures:"""
    + MEASURES
    + """
        method: {kind: relative_to_best}
      - id: W1
        title: Method statement
        weight: 5
        type: qualitative
        question: How?
        scale: s100
rounding: {places: 3, stage: criterion}
"""
)
QUALITY = {"a": 40, "b": 80, "c": 60}


def consensus_of(scores: dict[str, int]) -> dict[tuple[str, str], int]:
    return {(k, "W1"): v for k, v in scores.items()}


def evaluator_scores(scores: dict[str, int]) -> dict[str, dict[tuple[str, str], int]]:
    return {e: {(k, "W1"): v for k, v in scores.items()} for e in ("e1", "e2", "e3")}


def test_example_1_relative_to_best() -> None:
    ev = evaluate(inputs(quant_rubric("10"), EXAMPLE1_BIDS))
    got = {
        b.key: (
            b.criteria[0].gbp_value,
            b.criteria[0].percent_of_contract,
            b.criteria[0].weighted_points_rounded,
        )
        for b in ev.bidders
    }
    assert got == {
        "a": (D("124500"), D("6.225"), D("10.00")),
        "b": (D("90000"), D("4.500"), D("7.23")),
        "c": (D("33400"), D("1.670"), D("2.68")),
    }
    assert [e.bidder for e in ev.ranking] == ["a", "b", "c"]
    assert ev.bidder("b").criteria[0].method.reference_value == D("124500")


def test_example_2_blend_inflated_numbers_lose() -> None:
    ev = evaluate(
        inputs(
            rubric(BLEND),
            EXAMPLE1_BIDS,
            scores=evaluator_scores(QUALITY),
            consensus=consensus_of(QUALITY),
            # a's 104 apprenticeship weeks are an outlier: the panel accepts them
            decisions={("a", "outlier_commitment", "M2"): ("accepted", None, "Plan reviewed.")},
        )
    )
    q = {b.key: b.criterion("Q1").weighted_points_rounded for b in ev.bidders}
    w = {b.key: b.criterion("W1").weighted_points_rounded for b in ev.bidders}
    t = {b.key: b.totals.total_rounded for b in ev.bidders}
    assert q == {"a": D("5.000"), "b": D("3.614"), "c": D("1.341")}
    assert w == {"a": D("2.000"), "b": D("4.000"), "c": D("3.000")}
    assert t == {"a": D("7.000"), "b": D("7.614"), "c": D("4.341")}
    assert ev.outcome.winner == "b"
    assert ev.status.state == "final"


def test_example_3_credibility_adjusted() -> None:
    rub = rubric(
        SCALE_100
        + """
sections:
  - id: s
    title: S
    criteria:
      - id: Q1
        title: Quantitative
        weight: 10
        type: quantitative
        measures:"""
        + MEASURES
        + """
        method: {kind: credibility_adjusted, criterion: W1}
  - id: s2
    title: Quality
    criteria:
      - id: W1
        title: Method statement
        weight: 5
        type: qualitative
        question: How?
        scale: s100
rounding: {places: 2, stage: criterion}
"""
    )
    ev = evaluate(
        inputs(
            rub, EXAMPLE1_BIDS, scores=evaluator_scores(QUALITY), consensus=consensus_of(QUALITY)
        )
    )
    adjusted = {b.key: b.criterion("Q1").method.adjusted_value for b in ev.bidders}
    assert adjusted == {"a": D("49800"), "b": D("72000"), "c": D("20040")}
    q = {b.key: b.criterion("Q1").weighted_points_rounded for b in ev.bidders}
    assert q == {"a": D("6.92"), "b": D("10.00"), "c": D("2.78")}


def test_example_4_moderation_required_and_originals_kept() -> None:
    rub = rubric(
        SCALE_100
        + """
sections:
  - id: s
    title: S
    criteria:
      - id: W1
        title: Method statement
        weight: 10
        type: qualitative
        question: How?
        scale: s100
"""
    )
    scores = {"e1": {("a", "W1"): 60}, "e2": {("a", "W1"): 80}, "e3": {("a", "W1"): 40}}
    ev = evaluate(inputs(rub, {"a": {}}, proxies=None, scores=scores))
    part = ev.bidders[0].criteria[0].parts[0]
    assert part.spread == 40 and part.spread_steps == 2 and part.moderation_required
    assert [s.score for s in part.scores] == [60, 80, 40]
    assert ev.status.state == "provisional"
    assert [f.code for f in ev.flags] == ["moderation_required"]
    # With the consensus recorded the originals stay and the result is final.
    ev2 = evaluate(inputs(rub, {"a": {}}, proxies=None, scores=scores, consensus={("a", "W1"): 60}))
    part2 = ev2.bidders[0].criteria[0].parts[0]
    assert part2.basis == "consensus" and [s.score for s in part2.scores] == [60, 80, 40]
    assert ev2.status.state == "final"


def test_example_5_threshold_excludes_before_relative() -> None:
    rub = rubric(
        SCALE_100
        + """
sections:
  - id: s
    title: S
    criteria:
      - id: Q1
        title: Quantitative
        weight: 50
        type: quantitative
        measures:"""
        + MEASURES
        + """
        method: {kind: relative_to_best}
      - id: W1
        title: Quality
        weight: 50
        type: qualitative
        question: How?
        scale: s100
threshold: {minimum_percent: 50, basis: qualitative}
"""
    )
    quality = {"a": 45, "b": 80, "c": 60}  # a: 45% quality, and the most GBP
    ev = evaluate(
        inputs(
            rub, EXAMPLE1_BIDS, scores=evaluator_scores(quality), consensus=consensus_of(quality)
        )
    )
    a = ev.bidder("a")
    assert a.status == "disqualified" and a.rank is None
    assert a.disqualification[0].code == "threshold"
    b = ev.bidder("b")
    assert b.criterion("Q1").method.reference_bidder == "b"
    assert b.criterion("Q1").fraction == 1
    with exact():
        assert ev.bidder("c").criterion("Q1").fraction == D(33400) / D(90000)
    # a is still scored against the eligible best, capped at full marks.
    assert a.criterion("Q1").fraction == 1
    assert [e.bidder for e in ev.ranking] == ["b", "c"]


@pytest.mark.parametrize(("percent", "meets"), [("5", False), ("10", True)])
def test_example_6_policy_minimum(percent: str, meets: bool) -> None:
    ev = evaluate(inputs(quant_rubric("10"), EXAMPLE1_BIDS, sv_percent=percent))
    assert ev.weighting.social_value_percent == D(percent)
    assert ev.weighting.source == "tender"
    assert ev.weighting.meets_policy_minimum is meets
    assert any("BELOW the policy minimum" in w.message for w in ev.warnings) is not meets
    assert ev.bidder("a").totals.evaluation_points == D(percent)
