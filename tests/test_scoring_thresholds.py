"""Thresholds and disqualification come first; basis total iterates; excluded bids never lead."""

from __future__ import annotations

from decimal import Decimal

from test_scoring_helpers import inputs, panel, simple_rubric

from socialvalue.scoring import evaluate

D = Decimal
TOTAL = "threshold: {minimum_percent: 60, basis: total}"


def test_total_threshold_excludes_and_rescores_against_eligible() -> None:
    # 50 points each. y: best GBP, W1 0 -> 50%; x: 10 + 45 = 55%; z: 15 + 50 = 65% in round 1.
    bids = {"x": {"q": {"M1": 2}}, "y": {"q": {"M1": 10}}, "z": {"q": {"M1": 3}}}
    rub = simple_rubric(quant="50", qual="50", extra=TOTAL)
    ev = evaluate(inputs(rub, bids, scores=panel({"x": 90, "y": 0, "z": 100})))
    (round1,) = ev.threshold_rounds
    assert round1.round == 1
    assert [(e.bidder, e.percent) for e in round1.excluded] == [("x", D(55)), ("y", D(50))]
    assert [b.key for b in ev.bidders if b.eligible] == ["z"]
    z = ev.bidder("z")
    assert z.criterion("Q1").method.reference_bidder == "z" and z.totals.total == 100
    x = ev.bidder("x")
    assert x.disqualification[0].code == "threshold" and x.disqualification[0].round == 1
    assert (
        "55% of the marks (scored against the 3 bid(s) eligible in round 1)"
        in x.disqualification[0].text
    )
    # x would pass against the final eligible bids: the panel is told.
    (flag,) = [f for f in ev.flags if f.code == "excluded_would_pass"]
    assert flag.bidder == "x"
    assert ev.outcome.winner == "z"


def test_total_threshold_nobody_below() -> None:
    rub = simple_rubric(quant="50", qual="50", extra=TOTAL)
    bids = {"x": {"q": {"M1": 2}}, "z": {"q": {"M1": 3}}}
    ev = evaluate(inputs(rub, bids, scores=panel({"x": 100, "z": 100})))
    assert ev.threshold_rounds == () and all(b.eligible for b in ev.bidders)


def test_criterion_minimum_applies_before_relative_scores() -> None:
    rub = simple_rubric(qual_extra="\n        minimum: {score: 40}")
    bids = {"big": {"q": {"M1": 50}}, "a": {"q": {"M1": 2}}, "b": {"q": {"M1": 1}}}
    ev = evaluate(inputs(rub, bids, scores=panel({"big": 20, "a": 60, "b": 60})))
    assert ev.bidder("big").status == "disqualified"
    assert ev.bidder("a").criterion("Q1").method.reference_bidder == "a"
    assert ev.bidder("b").criterion("Q1").fraction == D("0.5")
    assert ev.bidder("big").criterion("W1").minimum.met is False


def test_minimum_on_a_provisional_score_says_so() -> None:
    rub = simple_rubric(quant=None, qual_extra="\n        minimum: {score: 40}")
    ev = evaluate(inputs(rub, {"a": {}, "b": {}}, scores=panel({"b": 60})))
    reason = ev.bidder("a").disqualification[0]
    assert reason.code == "criterion_minimum" and "(provisional score)" in reason.text
    assert ev.status.state == "provisional"


def test_qualitative_threshold_boundary_is_inclusive() -> None:
    rub = simple_rubric(extra="threshold: {minimum_percent: 40, basis: qualitative}")
    bids = {"a": {"q": {"M1": 1}}, "b": {"q": {"M1": 1}}}
    ev = evaluate(inputs(rub, bids, scores=panel({"a": 40, "b": 20})))
    assert ev.bidder("a").eligible and not ev.bidder("b").eligible
    assert "20%) are below the threshold of 40%" in ev.bidder("b").disqualification[0].text


def test_rolled_up_score_exactly_at_the_minimum_is_not_disqualified() -> None:
    """Three sub-criteria of weight 1 (shares of 1/3) all at 40: exactly 40, the minimum."""
    subs = """
        minimum: {score: 40}
        sub_criteria:
          - {id: A1, title: One, weight: 1}
          - {id: A2, title: Two, weight: 1}
          - {id: A3, title: Three, weight: 1}"""
    rub = simple_rubric(quant=None, qual="3", qual_extra=subs)
    scores = {"e1": {("a", p): 40 for p in ("A1", "A2", "A3")}}
    ev = evaluate(inputs(rub, {"a": {}}, scores=scores, evaluators=["e1"]))
    w1 = ev.bidders[0].criterion("W1")
    assert w1.final_score == 40 and w1.minimum.met
    assert ev.bidders[0].eligible


def test_equal_totals_by_different_paths_are_a_tie() -> None:
    """1/3 of Q1 plus 2/3 of W1 equals 2/3 of Q1 plus 1/3 of W1: an exact tie (3 + 3 marks)."""
    rub = simple_rubric(quant="3", qual="3")
    bids = {"a": {"q": {"M1": 1}}, "b": {"q": {"M1": 2}}, "c": {"q": {"M1": 3}}}
    # W1 means: a 200/3 (= 2/3 of 100), b 100/3.
    scores = panel({"a": [60, 60, 80], "b": [20, 40, 40], "c": [20, 20, 20]})
    ev = evaluate(inputs(rub, bids, scores=scores))
    assert ev.bidder("a").totals.total == ev.bidder("b").totals.total == 3
    assert [(e.bidder, e.rank) for e in ev.ranking] == [("c", 1), ("a", 2), ("b", 2)]
    assert ev.ties[0].bidders == ("a", "b")
