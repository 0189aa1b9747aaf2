"""Every degenerate case has a declared outcome: never NaN, never a crash, never a silent zero."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from test_scoring_helpers import EXAMPLE1_BIDS, inputs, panel, proxy_set, simple_rubric

from socialvalue.errors import InputError
from socialvalue.scoring import evaluate, format_ranking_table

D = Decimal


def test_no_bids() -> None:
    ev = evaluate(inputs(simple_rubric(), {}))
    assert ev.outcome.kind == "no_bids" and ev.outcome.winner is None
    assert ev.ranking == () and ev.bidders == ()
    assert ev.sensitivity.applicable is False
    assert "no winner" in format_ranking_table(ev)


def test_every_bid_disqualified() -> None:
    rub = simple_rubric(qual_extra="\n        minimum: {score: 60}")
    ev = evaluate(inputs(rub, EXAMPLE1_BIDS, scores=panel({"a": 40, "b": 20, "c": 0})))
    assert ev.outcome.kind == "all_disqualified" and ev.outcome.winner is None
    assert ev.ranking == ()
    assert all(b.status == "disqualified" and b.rank is None for b in ev.bidders)
    # Relative scores are still reported, against all bids for information.
    a = ev.bidder("a").criterion("Q1")
    assert a.fraction == 1 and a.method.reference_bidder == "a"
    assert ev.bidder("c").disqualification[0].code == "criterion_minimum"
    assert "below the minimum of 60" in ev.bidder("c").disqualification[0].text


def test_single_bidder_scores_against_itself() -> None:
    ev = evaluate(inputs(simple_rubric(), {"a": EXAMPLE1_BIDS["a"]}, scores=panel({"a": 60})))
    a = ev.bidders[0]
    assert a.criterion("Q1").fraction == 1
    assert a.criterion("Q1").method.reference_bidder == "a"
    assert a.totals.total == D(8)
    assert ev.outcome.winner == "a" and a.rank == 1
    assert all(c.break_even is None for c in ev.sensitivity.criteria)
    assert ev.sensitivity.criteria[0].text.startswith("No change of Q1's weight within 0-100%")


def test_everyone_commits_zero_scores_zero_without_division() -> None:
    bids = {k: {"q": {"M1": 0, "M2": 0, "M3": 0}} for k in ("a", "b")}
    ev = evaluate(inputs(simple_rubric(qual=None), bids))
    for b in ev.bidders:
        q = b.criterion("Q1")
        assert q.fraction == 0 and q.weighted_points == 0
        assert q.method.reference_value == 0
        assert "best eligible value is 0" in q.method.text
    assert ev.ties and ev.ties[0].bidders == ("a", "b")
    assert ev.outcome.kind == "tied_for_first"


def test_nobody_answered_the_measures() -> None:
    ev = evaluate(inputs(simple_rubric(qual=None), {"a": {}, "b": {}}))
    lines = ev.bidder("a").criterion("Q1").measures
    assert [line.entered for line in lines] == [False, False, False]
    assert all(line.quantity == 0 for line in lines)
    assert ev.bidder("a").criterion("Q1").fraction == 0


def test_relative_zero_with_disqualified_nonzero_bid() -> None:
    """Eligible bids all 0, a disqualified one with value: eligible score 0, it is capped at 1."""
    rub = simple_rubric(qual_extra="\n        minimum: {score: 40}")
    bids = {"a": {"q": {"M1": 5}}, "b": {"q": {"M1": 0}}}
    ev = evaluate(inputs(rub, bids, scores=panel({"a": 20, "b": 60})))
    assert ev.bidder("a").status == "disqualified"
    assert ev.bidder("b").criterion("Q1").fraction == 0
    assert ev.bidder("a").criterion("Q1").fraction == 0  # against eligible best 0: declared 0
    assert ev.outcome.winner == "b"


def test_disqualified_bid_above_eligible_best_is_capped() -> None:
    rub = simple_rubric(qual_extra="\n        minimum: {score: 40}")
    bids = {"a": {"q": {"M1": 10}}, "b": {"q": {"M1": 2}}}
    ev = evaluate(inputs(rub, bids, scores=panel({"a": 20, "b": 60})))
    a = ev.bidder("a").criterion("Q1")
    assert a.fraction == 1 and a.method.reference_bidder == "b"
    assert "capped at 1" in a.method.text


@pytest.mark.parametrize(
    ("pct_bid", "expected"),
    [(0, "0"), (2, "0"), (5, "0.5"), (7, "0.5"), (10, "1"), (50, "1")],
)
def test_bands(pct_bid: int, expected: str) -> None:
    method = "{kind: contract_value_bands, bands: [{at_least: 5, score: 50}, {at_least: 10, score: 100}]}"
    # M1 proxy 30000 on a contract of 300000: 1 FTE = 10%.
    fte = D(pct_bid) / 10
    ev = evaluate(
        inputs(
            simple_rubric(qual=None, method=method),
            {"a": {"q": {"M1": fte}}},
            contract_value="300000",
        )
    )
    q = ev.bidders[0].criterion("Q1")
    assert q.counted_percent_of_contract == D(pct_bid)
    assert q.fraction == D(expected)
    if pct_bid < 5:
        assert q.method.band is None and "below the lowest band" in q.method.text


def test_target_is_capped_at_full_marks() -> None:
    method = "{kind: contract_value_target, target_percent: 10}"
    ev = evaluate(
        inputs(
            simple_rubric(qual=None, method=method),
            {"a": {"q": {"M1": 2}}, "b": {"q": {"M1": D("0.5")}}},
            contract_value="300000",
        )
    )
    assert ev.bidder("a").criterion("Q1").fraction == 1  # 20% of a 10% target
    assert ev.bidder("b").criterion("Q1").fraction == D("0.5")  # 5% of 10%


def test_cap_limits_the_counted_value() -> None:
    method = "{kind: relative_to_best, cap_percent_of_contract: 5}"
    bids = {"a": {"q": {"M1": 10}}, "b": {"q": {"M1": 2}}}  # 300k and 60k of a 2m contract
    ev = evaluate(inputs(simple_rubric(qual=None, method=method), bids))
    a = ev.bidder("a").criterion("Q1")
    assert a.gbp_value == 300000 and a.cap_amount == 100000 and a.counted_gbp_value == 100000
    assert a.percent_of_contract == 15 and a.counted_percent_of_contract == 5
    assert ev.bidder("b").criterion("Q1").fraction == D("0.6")
    assert "capped at 5%" in a.method.text


def test_credibility_with_zero_quality_is_zero() -> None:
    rub = simple_rubric(method="{kind: credibility_adjusted, criterion: W1}")
    ev = evaluate(inputs(rub, EXAMPLE1_BIDS, scores=panel({"a": 0, "b": 0, "c": 0})))
    assert all(b.criterion("Q1").fraction == 0 for b in ev.bidders)
    assert all(b.criterion("Q1").method.adjusted_value == 0 for b in ev.bidders)


def test_record_only_measures_are_reported_not_valued() -> None:
    measures = """
  - id: M1
    title: Local FTE
    unit: FTE
  - id: R1
    title: Carbon reported
    unit: tCO2e
    record_only: true"""
    ev = evaluate(
        inputs(
            simple_rubric(qual=None, measures=measures),
            {"a": {"q": {"M1": 1, "R1": 40}}},
            proxies=proxy_set({"M1": ("FTE", "30000")}),
        )
    )
    r1 = ev.bidders[0].criterion("Q1").measures[1]
    assert r1.record_only and r1.quantity == 40 and r1.proxy_value is None and r1.gbp_value is None
    assert ev.bidders[0].criterion("Q1").gbp_value == 30000


@pytest.mark.parametrize("value", ["0", "-5"])
def test_contract_value_must_be_positive(value: str) -> None:
    with pytest.raises(InputError, match="contract_value must be more than 0"):
        evaluate(inputs(simple_rubric(), EXAMPLE1_BIDS, contract_value=value))


def test_missing_proxy_value_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no proxy value for measure `M3`"):
        evaluate(
            inputs(
                simple_rubric(qual=None),
                EXAMPLE1_BIDS,
                proxies=proxy_set({"M1": ("FTE", "1"), "M2": ("weeks", "1")}),
            )
        )
    with pytest.raises(InputError, match="no proxy value"):
        evaluate(inputs(simple_rubric(qual=None), EXAMPLE1_BIDS, proxies=None))


def test_negative_quantity_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"responses/a.xlsx: Commitments!C4.*0 or more"):
        evaluate(inputs(simple_rubric(qual=None), {"a": {"q": {"M1": -1}}}))


def test_duplicate_response_keys() -> None:
    inp = inputs(simple_rubric(qual=None), {"a": {}})
    doubled = attrs.evolve(inp, responses=inp.responses * 2)
    with pytest.raises(InputError, match="two responses have the key `a`"):
        evaluate(doubled)


def test_score_outside_scale_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"Scores!D5.*outside scale `s100`"):
        evaluate(inputs(simple_rubric(quant=None), {"a": {}}, scores=panel({"a": 120})))


def test_evaluator_scoring_twice_is_an_input_error() -> None:
    inp = inputs(simple_rubric(quant=None), {"a": {}}, scores=panel({"a": 60}))
    sheets = (*inp.scoresheets, inp.scoresheets[0])
    with pytest.raises(InputError, match="scored `a` on `W1` twice"):
        evaluate(attrs.evolve(inp, scoresheets=sheets))


def test_stray_scores_are_warnings() -> None:
    scores = {"e1": {("a", "W1"): 60, ("zz", "W1"): 60, ("a", "NOPE"): 60}}
    ev = evaluate(inputs(simple_rubric(quant=None), {"a": {}}, scores=scores, evaluators=["e1"]))
    messages = [w.message for w in ev.warnings]
    assert "score ignored: no bidder `zz` in this tender" in messages
    assert "score ignored: no scored part `NOPE` in this tender" in messages
    assert ev.bidders[0].totals.total == 3


def test_unlisted_evaluator_is_kept_with_a_warning() -> None:
    ev = evaluate(
        inputs(
            simple_rubric(quant=None), {"a": {}}, scores={"x9": {("a", "W1"): 80}}, evaluators=[]
        )
    )
    assert ev.bidders[0].criterion("W1").parts[0].scores[0].evaluator == "x9"
    assert any("`x9` is not listed" in w.message for w in ev.warnings)


def test_qualitative_threshold_without_qualitative_criteria_is_not_applied() -> None:
    rub = simple_rubric(qual=None, extra="threshold: {minimum_percent: 50, basis: qualitative}")
    ev = evaluate(inputs(rub, EXAMPLE1_BIDS))
    assert all(b.eligible for b in ev.bidders)
    assert any("threshold is not applied" in w.message for w in ev.warnings)


def test_social_value_percent_out_of_range() -> None:
    with pytest.raises(InputError, match="at most 100"):
        evaluate(inputs(simple_rubric(), EXAMPLE1_BIDS, sv_percent="120"))


def test_nothing_is_nan_or_infinite() -> None:
    ev = evaluate(inputs(simple_rubric(), {"a": {}, "b": {}}))
    for b in ev.bidders:
        for value in (b.totals.total, b.totals.total_percent, b.totals.evaluation_points):
            assert value.is_finite()
