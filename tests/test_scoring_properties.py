"""Properties of the engine over generated tenders (hypothesis, bounded)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_scoring_helpers import EXAMPLE_PROXIES, inputs, proxy_set, simple_rubric

from socialvalue.results.json_io import to_json
from socialvalue.scoring import evaluate

D = Decimal
SETTINGS = settings(max_examples=50, deadline=None)
MINIMUM = "\n        minimum: {score: 40}"
METHODS = {
    "relative": simple_rubric(qual_extra=MINIMUM),
    "credibility": simple_rubric(
        method="{kind: credibility_adjusted, criterion: W1}", qual_extra=MINIMUM
    ),
    "bands": simple_rubric(
        method="{kind: contract_value_bands, bands: [{at_least: 1, score: 40}, {at_least: 5, score: 100}]}"
    ),
    "target": simple_rubric(
        method="{kind: contract_value_target, target_percent: 5}",
        extra="tie_breaks: [{rule: quantitative_total}]\nrounding: {places: 1, stage: criterion}",
    ),
    "total_threshold": simple_rubric(
        extra="threshold: {minimum_percent: 50, basis: total}\nrounding: {stage: section, rule: half_even}"
    ),
}
LEVELS = st.sampled_from([0, 20, 40, 60, 80, 100])

bid = st.fixed_dictionaries(
    {
        "q": st.dictionaries(st.sampled_from(["M1", "M2", "M3"]), st.integers(0, 60), max_size=3),
        "w": st.lists(LEVELS, min_size=3, max_size=3),
    }
)
tenders = st.tuples(
    st.sampled_from(sorted(METHODS)),
    st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), bid, min_size=1, max_size=5),
)


def build(method: str, bids: dict, order: list[str] | None = None, factor: Decimal = Decimal(1)):  # type: ignore[no-untyped-def]
    scores = {
        ev: {(k, "W1"): spec["w"][i] for k, spec in bids.items()}
        for i, ev in enumerate(("e1", "e2", "e3"))
    }
    proxies = proxy_set({m: (u, str(D(v) * factor)) for m, (u, v) in EXAMPLE_PROXIES.items()})
    return inputs(
        METHODS[method],
        {k: {"q": spec["q"]} for k, spec in bids.items()},
        scores=scores,
        proxies=proxies,
        order=order,
    )


@SETTINGS
@given(tenders, st.randoms(use_true_random=False))
def test_bidder_order_never_changes_results(tender, rnd) -> None:  # type: ignore[no-untyped-def]
    method, bids = tender
    order = list(bids)
    shuffled = order[:]
    rnd.shuffle(shuffled)
    assert to_json(evaluate(build(method, bids, order))) == to_json(
        evaluate(build(method, bids, shuffled))
    )


@SETTINGS
@given(tenders, bid)
def test_adding_a_disqualified_bid_changes_no_other_score(tender, extra) -> None:  # type: ignore[no-untyped-def]
    method, bids = tender
    if method in ("bands", "target", "total_threshold"):
        method = "relative"  # rubrics with a disqualifying minimum
    before = evaluate(build(method, bids))
    # With no eligible bid, relative scores are informational, against all bids (declared).
    assume(any(b.eligible for b in before.bidders))
    extra = {"q": extra["q"], "w": [0, 20, 20]}  # below the minimum of 40: disqualified
    after = evaluate(build(method, {**bids, "zz": extra}))
    assert after.bidder("zz").status == "disqualified"
    for b in before.bidders:
        a = after.bidder(b.key)
        assert a.totals == b.totals
        assert [c.fraction for c in a.criteria] == [c.fraction for c in b.criteria]
        assert (a.status, a.rank) == (b.status, b.rank)


@SETTINGS
@given(tenders, st.sampled_from([D("0.5"), D(3), D("1.37"), D(1000)]))
def test_scaling_proxies_leaves_relative_scores_unchanged(tender, factor) -> None:  # type: ignore[no-untyped-def]
    method, bids = tender
    method = "credibility" if method == "credibility" else "relative"
    base = evaluate(build(method, bids))
    scaled = evaluate(build(method, bids, factor=factor))
    for b in base.bidders:
        s = scaled.bidder(b.key)
        assert s.criterion("Q1").fraction == b.criterion("Q1").fraction
        assert s.totals.total == b.totals.total
        assert s.criterion("Q1").gbp_value == b.criterion("Q1").gbp_value * factor


@SETTINGS
@given(tenders)
def test_no_score_exceeds_its_maximum(tender) -> None:  # type: ignore[no-untyped-def]
    method, bids = tender
    ev = evaluate(build(method, bids))
    rubric = ev.inputs.rubric
    for b in ev.bidders:
        for c in b.criteria:
            assert 0 <= c.fraction <= 1
            assert 0 <= c.weighted_points <= c.marks
            if c.final_score is not None:
                assert 0 <= c.final_score <= c.scale_maximum
        assert 0 <= b.totals.total <= rubric.total_marks
        assert 0 <= b.totals.total_rounded <= rubric.total_marks
        assert b.totals.evaluation_points <= ev.weighting.social_value_percent


@SETTINGS
@given(tenders)
def test_winner_has_the_maximum_total(tender) -> None:  # type: ignore[no-untyped-def]
    method, bids = tender
    ev = evaluate(build(method, bids))
    ranked = [b for b in ev.bidders if b.eligible]
    if ev.outcome.winner is not None:
        best = max(b.totals.total for b in ranked)
        assert ev.winner.totals.total == best
        assert ev.winner.rank == 1
    if ranked:
        assert ev.ranking[0].total == max(b.totals.total for b in ranked)
        totals = [e.ranked_on for e in ev.ranking]
        assert totals == sorted(totals, reverse=True)
    else:
        assert ev.outcome.kind == "all_disqualified"


def figures(node: Any) -> list[object]:
    """Every number in a result tree (the inputs excluded)."""
    out: list[object] = []
    if attrs.has(type(node)):
        if type(node).__name__ == "TenderInputs":
            return out
        for field in attrs.fields(type(node)):
            out += figures(getattr(node, field.name))
    elif isinstance(node, (tuple, list)):
        for item in node:
            out += figures(item)
    elif isinstance(node, (Decimal, Fraction, float)):
        out.append(node)
    return out


@SETTINGS
@given(tenders)
def test_results_hold_finite_decimals_only(tender) -> None:  # type: ignore[no-untyped-def]
    method, bids = tender
    for value in figures(evaluate(build(method, bids))):
        assert type(value) is Decimal and value.is_finite(), value
