"""Ranking, tie-breaks in rubric order, remaining ties, rank_on rounded."""

from __future__ import annotations

from decimal import Decimal

from test_scoring_helpers import inputs, panel, simple_rubric

from socialvalue.scoring import evaluate, format_ranking_table

D = Decimal
TIES = """
tie_breaks:
  - rule: criterion
    criterion: W1
  - rule: social_value_gbp
"""


def test_tie_broken_by_criterion_then_recorded() -> None:
    # a: Q1 full (5) + W1 40 (2) = 7; b: Q1 2.5 + W1 90 (4.5) = 7.
    bids = {"a": {"q": {"M1": 2}}, "b": {"q": {"M1": 1}}}
    ev = evaluate(inputs(simple_rubric(extra=TIES), bids, scores=panel({"a": 40, "b": 90})))
    assert ev.bidder("a").totals.total == ev.bidder("b").totals.total == 7
    assert [e.bidder for e in ev.ranking] == ["b", "a"]
    assert [e.rank for e in ev.ranking] == [1, 2]
    (record,) = ev.tie_breaks
    assert (record.higher, record.lower, record.rule, record.criterion) == (
        "b",
        "a",
        "criterion",
        "W1",
    )
    assert (record.higher_value, record.lower_value) == (D("4.5"), D(2))
    assert "tie-break 1 (higher weighted points on criterion W1)" in record.text
    assert ev.outcome.winner == "b" and ev.ties == ()
    assert "Tie-break:" in format_ranking_table(ev)


def test_second_rule_decides_when_first_is_level() -> None:
    # Same W1; the quantitative criterion is capped so equal points hide different GBP.
    method = "{kind: contract_value_target, target_percent: 1}"
    bids = {"a": {"q": {"M1": 2}}, "b": {"q": {"M1": 3}}}
    rub = simple_rubric(method=method, extra=TIES)
    ev = evaluate(inputs(rub, bids, scores=panel({"a": 60, "b": 60})))
    assert [e.bidder for e in ev.ranking] == ["b", "a"]
    (record,) = ev.tie_breaks
    assert record.rule == "social_value_gbp"
    assert (record.higher_value, record.lower_value) == (D(90000), D(60000))
    assert "equal on higher weighted points on criterion W1 (3)" in record.text


def test_remaining_ties_share_a_rank_and_there_is_no_single_winner() -> None:
    bids = {"b": {"q": {"M1": 1}}, "a": {"q": {"M1": 1}}, "c": {"q": {"M1": D("0.5")}}}
    ev = evaluate(
        inputs(simple_rubric(extra=TIES), bids, scores=panel({"a": 60, "b": 60, "c": 60}))
    )
    assert [(e.bidder, e.rank, e.shared) for e in ev.ranking] == [
        ("a", 1, True),
        ("b", 1, True),
        ("c", 3, False),
    ]
    assert ev.outcome.kind == "tied_for_first" and ev.outcome.winner is None
    assert ev.outcome.tied_for_first == ("a", "b")
    (tie,) = ev.ties
    assert tie.rank == 1 and tie.bidders == ("a", "b")
    assert "after every tie-break" in tie.text
    assert ev.sensitivity.applicable is False
    assert "1=" in format_ranking_table(ev)


def test_no_tie_break_rules_means_shared_rank() -> None:
    bids = {"a": {"q": {"M1": 1}}, "b": {"q": {"M1": 1}}, "c": {"q": {"M1": 2}}}
    ev = evaluate(inputs(simple_rubric(qual=None), bids))
    assert [(e.bidder, e.rank) for e in ev.ranking] == [("c", 1), ("a", 2), ("b", 2)]
    assert "declares no tie-break" in ev.ties[0].text
    assert ev.outcome.winner == "c"


def test_rank_on_rounded_makes_near_equal_totals_tie() -> None:
    # W1 scores 60 vs 60.02 (mean of 60, 60, 60.06): totals differ only in the 3rd place.
    extra = "rounding: {places: 1, rank_on: %s}"
    bids = {"a": {}, "b": {}}
    scores = panel({"a": 60, "b": [60, 60, D("60.06")]})
    unrounded = evaluate(
        inputs(simple_rubric(quant=None, extra=extra % "unrounded"), bids, scores=scores)
    )
    assert [e.bidder for e in unrounded.ranking] == ["b", "a"] and unrounded.ties == ()
    rounded = evaluate(
        inputs(simple_rubric(quant=None, extra=extra % "rounded"), bids, scores=scores)
    )
    assert [(e.bidder, e.rank) for e in rounded.ranking] == [("a", 1), ("b", 1)]
    assert rounded.ranking[0].ranked_on == D("3.0")
    assert rounded.outcome.kind == "tied_for_first"


def test_disqualified_bidders_listed_after_ranked() -> None:
    rub = simple_rubric(qual_extra="\n        minimum: {score: 40}")
    bids = {"a": {"q": {"M1": 9}}, "b": {"q": {"M1": 1}}, "c": {"q": {"M1": 2}}}
    accepted = {("a", "outlier_commitment", "M1"): ("accepted", None, "Plan reviewed.")}
    ev = evaluate(inputs(rub, bids, scores=panel({"a": 20, "b": 60, "c": 60}), decisions=accepted))
    assert [b.key for b in ev.bidders] == ["c", "b", "a"]
    assert ev.bidder("a").rank is None
    table = format_ranking_table(ev)
    assert "Disqualified:" in table and table.splitlines()[-1] == "Status: FINAL"
