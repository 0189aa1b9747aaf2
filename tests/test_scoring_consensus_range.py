"""The engine's edges of a consensus outside the range of the counted evaluators' scores:
the flag ``consensus_outside_range`` and, without a reason, the provisional status."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_scoring_helpers import inputs, panel, simple_rubric

from socialvalue.model import gives_a_reason
from socialvalue.scoring import evaluate
from socialvalue.scoring.result import Evaluation, Flag

SUBS = """
        sub_criteria:
          - {id: W1a, title: Recruitment, weight: 3}
          - {id: W1b, title: Retention, weight: 2}"""
REASON = "The answer is for another contract; the evaluators missed it."


def departures(ev: Evaluation) -> list[Flag]:
    return [f for f in ev.flags if f.code == "consensus_outside_range"]


def moderated(scores: list[object], consensus: object, **kw: object) -> Evaluation:
    return evaluate(
        inputs(
            simple_rubric(quant=None, **kw),  # type: ignore[arg-type]
            {"a": {"name": "Acme Ltd"}},
            scores=panel({"a": scores}),
            consensus={("a", "W1"): consensus},
        )
    )


@pytest.mark.parametrize("agreed", [60, 70, 80])
def test_a_consensus_at_either_end_of_the_range_or_inside_is_not_flagged(agreed: int) -> None:
    ev = moderated([60, 60, 80], (agreed, "Agreed."))
    assert departures(ev) == [] and ev.status.state == "final"


@pytest.mark.parametrize("agreed", [40, 100])
def test_a_consensus_below_or_above_the_range_with_a_reason_is_final_and_flagged(
    agreed: int,
) -> None:
    ev = moderated([60, 60, 80], (agreed, REASON))
    [flag] = departures(ev)
    assert (flag.bidder, flag.criterion, flag.part) == ("a", "W1", "W1")
    assert flag.reason == (
        f"The panel's consensus for Acme Ltd on W1 is {agreed}, outside the evaluators' scores "
        f'(Evaluator e1 60, Evaluator e2 60, Evaluator e3 80; range 60 to 80). The panel\'s reason: "{REASON}"'
    )
    assert ev.status.state == "final" and ev.bidders[0].criterion("W1").final_score == agreed


def test_without_a_reason_it_is_provisional_naming_bidder_part_and_cell() -> None:
    ev = moderated([80, 80, 80], (0, "n/a"))
    assert ev.status.state == "provisional"
    [missing] = ev.status.missing
    assert (missing.what, missing.stand_in, missing.stand_in_score) == (
        "consensus_reason",
        "consensus",
        Decimal(0),
    )
    [reason] = ev.status.reasons
    assert reason.startswith("The consensus for Acme Ltd on W1 (0, moderation.xlsx: Moderation!")
    assert 'its rationale, "n/a", gives no reason' in reason
    part = ev.bidders[0].criterion("W1").parts[0]
    assert part.provisional and part.final_score == 0 and part.basis == "consensus"
    [flag] = departures(ev)
    assert 'Its rationale, "n/a", gives no reason' in flag.reason


def test_blank_scores_are_not_part_of_the_range_one_counted_evaluator() -> None:
    ev = moderated([80, None, None], (60, REASON))
    [flag] = departures(ev)
    assert "(Evaluator e1 80; range 80 to 80)" in flag.reason
    assert departures(moderated([80, None, None], (80, "Agreed."))) == []


def test_no_counted_score_at_all_has_no_range_to_depart_from() -> None:
    ev = moderated([None, None, None], (0, "Agreed."))
    assert departures(ev) == []
    assert [m.what for m in ev.status.missing] == ["scores"]  # provisional already, for that


def test_mean_policy_uses_no_consensus_so_flags_none() -> None:
    ev = moderated([80, 80, 80], (0, "Agreed."), extra="moderation: {final_score: mean}")
    assert departures(ev) == [] and ev.status.state == "final"


def test_a_weighted_sub_criterion_is_flagged_on_its_own_part() -> None:
    ev = evaluate(
        inputs(
            simple_rubric(quant=None, qual_extra=SUBS),
            {"a": {"name": "Acme Ltd"}},
            scores={
                "e1": {("a", "W1a"): 80, ("a", "W1b"): 40},
                "e2": {("a", "W1a"): 80, ("a", "W1b"): 40},
            },
            consensus={("a", "W1a"): (20, "Agreed."), ("a", "W1b"): (40, "Agreed.")},
            evaluators=["e1", "e2"],
        )
    )
    [flag] = departures(ev)
    assert (flag.criterion, flag.part) == ("W1", "W1a")
    assert [m.part for m in ev.status.missing] == ["W1a"]
    w1 = ev.bidders[0].criterion("W1")
    assert [p.provisional for p in w1.parts] == [True, False]


def test_a_holistic_criterion_is_flagged_on_the_criterion() -> None:
    ev = moderated([80, 80, 80], (0, REASON), qual_extra=SUBS + "\n        rollup: holistic")
    [flag] = departures(ev)
    assert (flag.criterion, flag.part) == ("W1", "W1")


@pytest.mark.parametrize(
    ("rationale", "reason"),
    [
        ("", False),
        ("  -  ", False),
        ("0", False),
        ("Agreed.", False),
        ("N/A", False),
        ("see above", False),
        ("Agreed: the plan names no employer partners.", True),
        ("Answer is off-topic", True),
    ],
)
def test_what_counts_as_a_reason(rationale: str, reason: bool) -> None:
    assert gives_a_reason(rationale) is reason
