"""Final scores by moderation policy, provisional status, sub-criteria roll-up."""

from __future__ import annotations

from decimal import Decimal

from test_scoring_helpers import inputs, panel, simple_rubric

from socialvalue.scoring import evaluate
from socialvalue.scoring.arith import exact

D = Decimal
SUBS = """
        sub_criteria:
          - {id: W1a, title: Recruitment, weight: 3}
          - {id: W1b, title: Retention, weight: 2}"""


def part(ev, bidder="a", criterion="W1", index=0):  # type: ignore[no-untyped-def]
    return ev.bidder(bidder).criterion(criterion).parts[index]


def test_consensus_recorded_overrides_mean() -> None:
    ev = evaluate(
        inputs(
            simple_rubric(quant=None),
            {"a": {}},
            scores=panel({"a": [60, 60, 80]}),
            consensus={("a", "W1"): (80, "Panel agreed: strong partners")},
        )
    )
    p = part(ev)
    assert p.final_score == 80 and p.basis == "consensus"
    with exact():
        assert p.mean == D(200) / 3
    assert (
        ev.bidders[0]
        .criterion("W1")
        .explanation.startswith('Consensus score 80: "Panel agreed: strong partners"')
    )
    assert ev.status.state == "final"


def test_no_consensus_not_required_uses_mean_and_says_so() -> None:
    ev = evaluate(inputs(simple_rubric(quant=None), {"a": {}}, scores=panel({"a": [60, 80, 80]})))
    p = part(ev)
    with exact():
        assert p.final_score == D(220) / 3
    assert p.basis == "mean_no_consensus" and not p.moderation_required
    assert "No consensus recorded (none required" in p.explanation
    assert 'Evaluator e1: "e1 rationale"' in p.explanation
    assert ev.status.state == "final"


def test_required_consensus_missing_is_provisional() -> None:
    ev = evaluate(inputs(simple_rubric(quant=None), {"a": {}}, scores=panel({"a": [40, 80, 60]})))
    p = part(ev)
    assert p.spread == 40 and p.spread_steps == 2 and p.moderation_required
    assert p.basis == "mean_stand_in" and p.final_score == 60 and p.provisional
    assert ev.status.state == "provisional"
    (missing,) = ev.status.missing
    assert (missing.bidder, missing.part, missing.what, missing.stand_in) == (
        "a",
        "W1",
        "consensus",
        "mean",
    )
    assert missing.stand_in_score == 60
    assert "consensus score is missing for 1 scored part" in ev.status.reasons[0]


def test_spread_of_exactly_the_allowed_steps_needs_no_moderation() -> None:
    ev = evaluate(inputs(simple_rubric(quant=None), {"a": {}}, scores=panel({"a": [60, 80, 60]})))
    assert part(ev).spread_steps == 1 and not part(ev).moderation_required


def test_mandatory_spread_zero_requires_any_difference() -> None:
    rub = simple_rubric(
        quant=None, extra="moderation: {final_score: consensus, mandatory_spread_steps: 0}"
    )
    ev = evaluate(inputs(rub, {"a": {}}, scores=panel({"a": [60, 80, 60]})))
    assert part(ev).moderation_required and ev.status.state == "provisional"


def test_mean_policy_ignores_consensus_and_is_final() -> None:
    rub = simple_rubric(quant=None, extra="moderation: {final_score: mean}")
    ev = evaluate(
        inputs(rub, {"a": {}}, scores=panel({"a": [40, 80, 60]}), consensus={("a", "W1"): 100})
    )
    p = part(ev)
    assert p.final_score == 60 and p.basis == "mean" and p.moderation_required
    assert p.consensus is not None and p.consensus.score == 100  # recorded only
    assert ev.status.state == "final"
    assert [f.code for f in ev.flags] == ["moderation_required"]


def test_no_scores_at_all_is_provisional_with_scale_minimum() -> None:
    ev = evaluate(inputs(simple_rubric(quant=None), {"a": {}, "b": {}}, scores=panel({"b": 60})))
    p = part(ev, "a")
    assert p.basis == "missing" and p.final_score == 0 and p.mean is None and p.provisional
    m = ev.status.missing[0]
    assert (m.bidder, m.what, m.stand_in) == ("a", "scores", "scale_minimum")
    assert ev.status.state == "provisional"
    assert "No evaluator score is recorded for 1 scored part" in ev.status.reasons[0]


def test_blank_scores_count_as_no_scores_but_are_kept() -> None:
    scores = panel({"a": [None, None, None]})
    ev = evaluate(
        inputs(simple_rubric(quant=None), {"a": {}}, scores=scores, consensus={("a", "W1"): 40})
    )
    p = part(ev)
    assert [s.score for s in p.scores] == [None, None, None]
    assert p.basis == "consensus_only" and p.final_score == 40 and p.provisional
    assert ev.status.missing[0].stand_in == "consensus"


def test_single_evaluator_and_a_blank() -> None:
    scores = {"e1": {("a", "W1"): 80}, "e2": {("a", "W1"): None}}
    ev = evaluate(
        inputs(simple_rubric(quant=None), {"a": {}}, scores=scores, evaluators=["e1", "e2"])
    )
    p = part(ev)
    assert p.spread == 0 and p.mean == 80 and p.final_score == 80
    assert "e2 blank" in p.explanation


def test_sub_criteria_roll_up_by_weight() -> None:
    rub = simple_rubric(quant=None, qual_extra=SUBS)
    scores = {
        "e1": {("a", "W1a"): 80, ("a", "W1b"): 40},
        "e2": {("a", "W1a"): 80, ("a", "W1b"): 40},
    }
    ev = evaluate(inputs(rub, {"a": {}}, scores=scores, evaluators=["e1", "e2"]))
    w1 = ev.bidders[0].criterion("W1")
    assert [p.id for p in w1.parts] == ["W1a", "W1b"]
    assert [p.share for p in w1.parts] == [D("0.6"), D("0.4")]
    assert w1.fraction == D("0.64") and w1.final_score == 64 and w1.basis == "sub_criteria"
    assert w1.weighted_points == D("3.2")
    assert "Rolled up from the sub-criteria by weight" in w1.explanation


def test_holistic_sub_criteria_are_scored_once() -> None:
    rub = simple_rubric(quant=None, qual_extra=SUBS + "\n        rollup: holistic")
    ev = evaluate(inputs(rub, {"a": {}}, scores=panel({"a": 80})))
    w1 = ev.bidders[0].criterion("W1")
    assert [p.id for p in w1.parts] == ["W1"] and w1.fraction == D("0.8")


def test_moderation_record_keeps_originals() -> None:
    ev = evaluate(
        inputs(
            simple_rubric(quant=None),
            {"a": {}},
            scores=panel({"a": [40, 80, 60]}),
            consensus={("a", "W1"): (60, "Agreed")},
        )
    )
    (entry,) = ev.moderation
    assert entry.scores == (("e1", D(40)), ("e2", D(80)), ("e3", D(60)))
    assert entry.consensus == 60 and entry.consensus_rationale == "Agreed"
    assert entry.moderation_required and entry.basis == "consensus"
