"""Weight sensitivity, against a case solved by hand.

Q1 and W1 have 5 points each (shares 50% / 50%). a: Q1 fraction 1, W1 0.4 (total 70%);
b: Q1 0.5, W1 0.85 (total 67.5%). Moving Q1's share to x (W1 gets 100 - x):
P_a = x + 0.4(100 - x) = 40 + 0.6x and P_b = 0.5x + 0.85(100 - x) = 85 - 0.35x, equal at
x = 45 / 0.95 = 900/19 = 47.368...: a decrease of 50/19 = 2.631... points. At 45% b leads
(67 against 69.25); at 55% a holds. W1 mirrors it: an increase of 50/19.
"""

from __future__ import annotations

from decimal import Decimal

from test_scoring_helpers import inputs, panel, simple_rubric

from socialvalue.scoring import evaluate
from socialvalue.scoring.arith import exact

D = Decimal
Q = D("1E-40")


def close(a: Decimal, b: Decimal) -> bool:
    with exact():
        return abs(a - b) < Q


def test_break_even_solved_exactly() -> None:
    bids = {"a": {"q": {"M1": 2}}, "b": {"q": {"M1": 1}}}
    ev = evaluate(inputs(simple_rubric(), bids, scores=panel({"a": 40, "b": 85})))
    assert ev.outcome.winner == "a"
    s = ev.sensitivity
    assert s.applicable and s.winner == "a"
    q1, w1 = s.criteria
    assert q1.share_percent == 50 and w1.share_percent == 50
    with exact():
        assert close(q1.break_even.change_points, D(-50) / 19)
        assert close(q1.break_even.new_share_percent, D(900) / 19)
        assert close(w1.break_even.change_points, D(50) / 19)
    assert q1.break_even.direction == "decrease" and q1.break_even.challenger == "b"
    assert w1.break_even.direction == "increase"
    assert (q1.plus_5.share_percent, q1.plus_5.holds, q1.plus_5.leaders) == (55, True, ("a",))
    assert (q1.minus_5.share_percent, q1.minus_5.holds, q1.minus_5.leaders) == (45, False, ("b",))
    assert (w1.plus_5.holds, w1.minus_5.holds) == (False, True)
    assert "when Q1's share moves from 50% to 47.368421...%" in q1.text
    assert "-5 points (45%): the winner does not hold" in q1.text
    assert "thresholds are not re-applied" in s.assumption


def test_dominant_winner_never_changes() -> None:
    bids = {"a": {"q": {"M1": 2}}, "b": {"q": {"M1": 1}}}
    ev = evaluate(inputs(simple_rubric(), bids, scores=panel({"a": 80, "b": 40})))
    for c in ev.sensitivity.criteria:
        assert c.break_even is None
        assert c.text.startswith(
            f"No change of {c.criterion}'s weight within 0-100% changes the winner"
        )
        assert c.plus_5.holds and c.minus_5.holds


def test_shift_outside_range_is_none() -> None:
    rub = simple_rubric(quant="97", qual="3")
    bids = {"a": {"q": {"M1": 2}}, "b": {"q": {"M1": 1}}}
    ev = evaluate(inputs(rub, bids, scores=panel({"a": 40, "b": 85})))
    q1, w1 = ev.sensitivity.criteria
    assert q1.plus_5 is None and w1.minus_5 is None
    assert "+5 points: outside 0-100%" in q1.text


def test_not_applicable_with_one_criterion_or_no_winner() -> None:
    ev = evaluate(inputs(simple_rubric(qual=None), {"a": {"q": {"M1": 1}}}))
    assert not ev.sensitivity.applicable and "single criterion" in (ev.sensitivity.reason or "")
    tied = evaluate(
        inputs(simple_rubric(qual=None), {"a": {"q": {"M1": 1}}, "b": {"q": {"M1": 1}}})
    )
    assert (
        not tied.sensitivity.applicable and tied.sensitivity.reason == "there is no single winner"
    )


def test_nearest_challenger_is_reported() -> None:
    # c trails on total but overtakes first when Q1 falls; b would need a bigger move.
    bids = {"a": {"q": {"M1": 10}}, "b": {"q": {"M1": 9}}, "c": {"q": {"M1": 1}}}
    ev = evaluate(inputs(simple_rubric(), bids, scores=panel({"a": 20, "b": 20, "c": 100})))
    q1 = ev.sensitivity.criteria[0]
    # P_a = x + 0.2(100 - x) = 20 + 0.8x; P_c = 0.1x + (100 - x): equal at x = 80 / 1.7.
    assert q1.break_even.challenger == "c"
    with exact():
        assert close(q1.break_even.new_share_percent, D(800) / 17)


def test_winner_by_tie_break_has_zero_break_even() -> None:
    # a: Q1 5 + W1 2 = 7; b: Q1 2.5 + W1 4.5 = 7; tie-break on W1 makes b the winner.
    rub = simple_rubric(extra="tie_breaks: [{rule: criterion, criterion: W1}]")
    bids = {"a": {"q": {"M1": 2}}, "b": {"q": {"M1": 1}}}
    ev = evaluate(inputs(rub, bids, scores=panel({"a": 40, "b": 90})))
    assert ev.outcome.winner == "b"
    q1 = ev.sensitivity.criteria[0]
    assert q1.break_even.change_points == 0 and q1.break_even.direction == "increase"
    assert "leads on a tie-break: any increase of Q1's share puts A ahead" in q1.break_even.text
