"""Credibility and process flags: each fires with its reason and the numbers, and never changes a
score by itself (the panel's decisions on credibility flags: test_scoring_decisions.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_helpers import inputs, panel, simple_rubric

from socialvalue.scoring import evaluate
from socialvalue.scoring.arith import median
from socialvalue.scoring.flags import _medians_of_others

D = Decimal


def codes(ev, bidder: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in ev.bidder(bidder).flags]


def only(ev, code: str):  # type: ignore[no-untyped-def]
    (flag,) = [f for f in ev.flags if f.code == code]
    return flag


def test_social_value_above_share_of_contract() -> None:
    rub = simple_rubric(qual=None, extra="credibility: {max_share_of_contract_percent: 50}")
    # 40 FTE x 30,000 = 1,200,000 = 60% of 2,000,000.
    ev = evaluate(inputs(rub, {"a": {"q": {"M1": 40}}, "b": {"q": {"M1": 30}}}))
    f = only(ev, "social_value_above_share")
    assert f.bidder == "a"
    assert f.reason == (
        "A claims GBP 1,200,000 of social value, 60% of the contract value of GBP 2,000,000, "
        "above the 50% credibility limit (GBP 1,000,000)."
    )


def test_default_share_limit_is_the_contract_value() -> None:
    ev = evaluate(inputs(simple_rubric(qual=None), {"a": {"q": {"M1": 70}}}))
    assert codes(ev, "a") == ["social_value_above_share"]


def test_fte_cost_above_contract() -> None:
    rub = simple_rubric(qual=None, extra="credibility: {annual_fte_cost: 40000}")
    ev = evaluate(
        inputs(rub, {"a": {"q": {"M1": 51}}, "b": {"q": {"M1": 50}}}, contract_value="2000000")
    )
    f = only(ev, "fte_cost_above_contract")
    assert f.bidder == "a"
    assert "commits 51 FTE (M1 51); at GBP 40,000 a year each that costs GBP 2,040,000" in f.reason


def test_fte_unit_is_case_insensitive_and_not_set_means_no_flag() -> None:
    measures = """
  - id: M1
    title: Local jobs
    unit: fte"""
    from test_scoring_helpers import proxy_set

    rub = simple_rubric(
        qual=None, measures=measures, extra="credibility: {annual_fte_cost: 100000}"
    )
    ev = evaluate(inputs(rub, {"a": {"q": {"M1": 21}}}, proxies=proxy_set({"M1": ("fte", "1")})))
    assert codes(ev, "a") == ["fte_cost_above_contract"]
    ev2 = evaluate(
        inputs(
            simple_rubric(qual=None, measures=measures),
            {"a": {"q": {"M1": 21}}},
            proxies=proxy_set({"M1": ("fte", "1")}),
        )
    )
    assert codes(ev2, "a") == []


def test_evidence_missing_only_for_nonzero_commitments() -> None:
    bids = {"a": {"q": {"M1": 1, "M2": 0}, "evidence": {"M1": "  ", "M2": ""}}}
    ev = evaluate(inputs(simple_rubric(qual=None), bids))
    f = only(ev, "evidence_missing")
    assert (f.bidder, f.criterion, f.measure) == ("a", "Q1", "M1")
    assert f.reason == "A commits 1 FTE on M1 (Local FTE) with no evidence or delivery plan."


def test_evidence_not_required() -> None:
    measures = """
  - id: M1
    title: Local FTE
    unit: FTE
    evidence_required: false"""
    from test_scoring_helpers import proxy_set

    ev = evaluate(
        inputs(
            simple_rubric(qual=None, measures=measures),
            {"a": {"q": {"M1": 1}, "evidence": {"M1": ""}}},
            proxies=proxy_set({"M1": ("FTE", "1")}),
        )
    )
    assert ev.flags == ()


def test_outlier_commitment_against_median_of_others() -> None:
    bids = {
        "a": {"q": {"M3": 2000}},
        "b": {"q": {"M3": 100}},
        "c": {"q": {"M3": 200}},
        "d": {"q": {"M3": 300}},
    }
    ev = evaluate(inputs(simple_rubric(qual=None), bids))
    f = only(ev, "outlier_commitment")
    assert (f.bidder, f.measure) == ("a", "M3")
    assert f.reason == (
        "A commits 2000 hours on M3 (Volunteering hours), more than 3 x the median of the other "
        "3 bids (200 hours): 10 times it."
    )
    # Exactly 3 x the median is not flagged.
    bids["a"] = {"q": {"M3": 600}}
    assert [
        f
        for f in evaluate(inputs(simple_rubric(qual=None), bids)).flags
        if f.code == "outlier_commitment"
    ] == []


def test_outlier_needs_two_other_bids_and_a_positive_median() -> None:
    two = {"a": {"q": {"M3": 1000}}, "b": {"q": {"M3": 1}}}
    assert evaluate(inputs(simple_rubric(qual=None), two)).flags == ()
    zeros = {"a": {"q": {"M3": 1000}}, "b": {"q": {"M3": 0}}, "c": {"q": {"M3": 0}}}
    assert evaluate(inputs(simple_rubric(qual=None), zeros)).flags == ()


def test_moderation_required_flag() -> None:
    ev = evaluate(
        inputs(
            simple_rubric(quant=None),
            {"a": {}},
            scores=panel({"a": [40, 80, 40]}),
            consensus={("a", "W1"): 60},
        )
    )
    f = only(ev, "moderation_required")
    assert (f.bidder, f.criterion, f.part) == ("a", "W1", "W1")
    assert (
        "e1 40, e2 80, e3 40: spread 40 is 2 scale steps of 20, more than the 1 allowed" in f.reason
    )
    assert "Consensus recorded: 60." in f.reason


def test_conflict_declared_but_scored() -> None:
    ev = evaluate(
        inputs(
            simple_rubric(quant=None),
            {"a": {}, "b": {}},
            scores=panel({"a": 60, "b": 60}),
            conflicts=[("e2", "a")],
        )
    )
    f = only(ev, "conflict_scored")
    assert (f.bidder, f.evaluator, f.part) == ("a", "e2", "W1")
    assert f.reason == (
        'Evaluator e2 (e2) declared a conflict of interest for A ("Former employee") but scored '
        "it on W1 (60); the score is not counted."
    )
    (record,) = ev.conflicts
    assert record.scored and record.declared
    # The conflicted score is never counted (60 from each of the other two either way).
    assert ev.bidder("a").totals.total == ev.bidder("b").totals.total


def test_conflict_declared_and_not_scored_is_no_flag() -> None:
    scores = {"e1": {("a", "W1"): 60}, "e2": {("b", "W1"): 60}}
    ev = evaluate(
        inputs(
            simple_rubric(quant=None),
            {"a": {}, "b": {}},
            scores=scores,
            conflicts=[("e2", "a")],
            evaluators=["e1", "e2"],
        )
    )
    assert [f.code for f in ev.flags] == []
    assert ev.conflicts[0].scored is False


def test_non_disqualifying_minimum_and_threshold_flag() -> None:
    rub = simple_rubric(
        qual_extra="\n        minimum: {score: 60, disqualifies: false}",
        extra="threshold: {minimum_percent: 75, basis: total, disqualifies: false}",
    )
    ev = evaluate(inputs(rub, {"a": {"q": {"M1": 1}}}, scores=panel({"a": 40})))
    assert ev.bidder("a").eligible
    assert sorted(codes(ev, "a")) == ["below_minimum", "below_threshold"]
    assert "70% of the marks, below the threshold of 75%" in only(ev, "below_threshold").reason


def test_flags_never_change_scores() -> None:
    bids = {"a": {"q": {"M1": 70}, "evidence": {"M1": ""}}, "b": {"q": {"M1": 1}}}
    strict = simple_rubric(
        qual=None, extra="credibility: {max_share_of_contract_percent: 1, annual_fte_cost: 1000000}"
    )
    loose = simple_rubric(qual=None)
    a = evaluate(inputs(strict, bids))
    b = evaluate(inputs(loose, bids))
    assert len(a.flags) > len(b.flags)
    assert [x.totals for x in a.bidders] == [x.totals for x in b.bidders]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fractions(min_value=0, max_value=8, max_denominator=2), min_size=3, max_size=12))
def test_medians_of_others_match_a_fresh_median_for_each_bid(values: list[Fraction]) -> None:
    expected = [median(values[:i] + values[i + 1 :]) for i in range(len(values))]
    assert _medians_of_others(values) == expected


# ----------------------------------------------------------------------------- the kinds registry
def test_docs_tables_are_the_registered_kinds() -> None:
    """docs/scoring.md and docs/results.md list every kind once, in its registered words."""
    from pathlib import Path

    from socialvalue.scoring.flags import KINDS

    root = Path(__file__).resolve().parent.parent
    rows = [f"| `{k.code}` | {k.condition} |" for k in KINDS]
    for doc in ("scoring.md", "results.md"):
        text = (root / "docs" / doc).read_text(encoding="utf-8")
        # the two-column table of kinds (not, say, the table of what each decision does)
        table = [x for x in text.splitlines() if x.startswith("| `") and x.count(" | ") == 1]
        listed = [line for line in table if line.split("`")[1] in {k.code for k in KINDS}]
        assert listed == rows, doc


def test_every_flag_raised_is_a_registered_kind() -> None:
    """No module raises a flag whose code has no entry (and so no title or documentation)."""
    import re
    from pathlib import Path

    from socialvalue.scoring.flags import KINDS, title

    package = Path(__file__).resolve().parent.parent / "socialvalue"
    raised = {
        code
        for path in package.rglob("*.py")
        for code in re.findall(r'Flag\(\s*"(\w+)"', path.read_text(encoding="utf-8"))
    }
    assert raised == {k.code for k in KINDS}
    assert all(title(k.code) != k.code for k in KINDS)
    assert title("something_new") == "something_new"
