"""Conflicts of interest (issue 13 item 1): a conflicted evaluator's scores for that bidder never
count; scores typed anyway are an error in ``check`` naming the cells; fewer independent
evaluators than the tender's ``minimum_evaluators`` make the result provisional."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from forms_support import EVALUATORS, TENDER, add_response, fill_scores, good_values, make_tender
from openpyxl import load_workbook
from test_scoring_helpers import inputs, panel, simple_rubric

from socialvalue.forms import fill_by_names
from socialvalue.scoring import evaluate
from socialvalue.tender.forms import make_moderation, make_scoresheets
from socialvalue.testing import make_tender_folder

PARTS = ("W1a", "W1b", "W2")
BIDDERS = ("acme", "bravo")
DATED = TENDER + "pack:\n  generated: 2026-04-01\n"
NOTE = "My brother-in-law is a director of Bravo plc."


def _folder(
    root: Path,
    conflicted: dict[str, bool],
    *,
    tender_text: str = DATED,
    moderate: bool = True,
) -> Path:
    """Two bidders, three evaluators; ``conflicted``: evaluator -> scored bravo anyway? (each
    named there declares a conflict with bravo)."""
    folder = make_tender(root / "tender", tender_text=tender_text)
    add_response(folder, "acme")
    add_response(folder, "bravo", good_values("Bravo plc"))
    make_scoresheets(folder)
    for evaluator in EVALUATORS:
        scores: dict[tuple[str, str], tuple[object, object]] = {}
        for b in BIDDERS:
            for p in PARTS:
                value = 3 if p == "W2" else 60
                if b == "bravo" and evaluator in conflicted and not conflicted[evaluator]:
                    scores[(b, p)] = (None, None)
                else:
                    scores[(b, p)] = (value, f"{evaluator} on {b} {p}")
        declared = {"acme": ("No", None), "bravo": ("No", None)}
        if evaluator in conflicted:
            declared["bravo"] = ("Yes", NOTE)
        fill_scores(folder / "scores" / f"{evaluator}.xlsx", scores, declared)
    if moderate:
        make_moderation(folder)
        cells: dict[str, object] = {}
        for b in BIDDERS:
            for p in PARTS:
                cells[f"sv_consensus_{b}_{p}"] = 3 if p == "W2" else 60
                cells[f"sv_consensus_rationale_{b}_{p}"] = "Agreed."
        fill_by_names(folder / "moderation.xlsx", folder / "moderation.xlsx", cells)
    return folder


def test_scores_typed_despite_a_conflict_are_an_error_naming_the_cells(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _folder(tmp_path, {"bob": True}, moderate=False)
    monkeypatch.chdir(folder)
    result = cli(["check", "."], exit_code=1)
    assert "scores/bob.xlsx: 3 problems (scoresheet)" in result.stdout
    errors = [line for line in result.stderr.splitlines() if "can never count" in line]
    assert [line.split(":")[1].split()[0] for line in errors] == [
        "Scores!G6",
        "Scores!G8",
        "Scores!G10",
    ]
    assert errors[0] == (
        "scores/bob.xlsx: Scores!G6 (bidder bravo, W1a, score): a conflict of interest with this "
        "bidder is declared (Conflicts!C6), so this score can never count: clear the score and "
        "its rationale (or correct the declaration) before moderation"
    )
    # No moderation workbook can be made from a scoresheet that counts a conflicted score.
    cli(["moderation", "."], exit_code=1)


def test_too_few_independent_evaluators_is_provisional_naming_bidder_and_part(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _folder(tmp_path, {"bob": False, "cat": False})
    monkeypatch.chdir(folder)
    cli(["check", "."], exit_code=0)
    cli(["evaluate", "."], exit_code=0)
    data = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    assert data["status"]["state"] == "provisional"
    reasons = data["status"]["reasons"]
    assert len(reasons) == 3
    assert reasons[0] == (
        "Only 1 evaluator without a declared conflict of interest remains for Bravo plc on W1a "
        "(Bob Khan and Cat Jones declared a conflict); the tender's minimum is 2 "
        "(`minimum_evaluators` in tender.yaml): the score stands provisionally until another "
        "independent evaluator scores it."
    )
    assert "W1b" in reasons[1] and "W2" in reasons[2]


def test_one_conflicted_evaluator_left_blank_stays_final(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _folder(tmp_path, {"bob": False})
    monkeypatch.chdir(folder)
    ws = load_workbook(folder / "moderation.xlsx")["Moderation"]
    assert ws["G6"].value is None and ws["M6"].value == "Bob Khan"
    cli(["evaluate", "."], exit_code=0)
    data = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    assert data["status"]["state"] == "final"


def test_minimum_set_to_one_in_tender_yaml(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _folder(
        tmp_path, {"bob": False, "cat": False}, tender_text=DATED + "minimum_evaluators: 1\n"
    )
    monkeypatch.chdir(folder)
    cli(["evaluate", "."], exit_code=0)
    data = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    assert data["status"]["state"] == "final"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "minimum_evaluators must be at least 1, got 0"),
        ("two", 'minimum_evaluators must be a whole number, got "two"'),
    ],
)
def test_an_invalid_minimum_names_its_line_and_column(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    message: str,
) -> None:
    folder = tmp_path / "tender"
    make_tender_folder(folder, TENDER + f"minimum_evaluators: {value}\n", template=False)
    monkeypatch.chdir(folder)
    result = cli(["check", "."], exit_code=1)
    line = len(TENDER.splitlines()) + 1
    assert f"tender.yaml:{line}:21: {message}" in result.stderr


# ------------------------------------------------------------------ engine-level edges


def test_engine_never_counts_a_conflicted_score() -> None:
    ev = evaluate(
        inputs(
            simple_rubric(quant=None),
            {"a": {}, "b": {}},
            scores=panel({"a": [60, 100, 60], "b": [60, 60, 60]}),
            conflicts=[("e2", "a")],
        )
    )
    p = ev.bidder("a").criterion("W1").parts[0]
    assert p.mean == 60 and p.spread == 0
    assert ev.bidder("a").totals.total == ev.bidder("b").totals.total
    assert [s.conflict_declared for s in p.scores] == [False, True, False]
    assert ev.status.state == "final"  # two independent evaluators remain


def test_engine_conflict_with_no_scores_changes_nothing() -> None:
    scores = {"e1": {("a", "W1"): 60, ("b", "W1"): 60}, "e2": {("b", "W1"): 60}}
    scores["e3"] = {("a", "W1"): 60, ("b", "W1"): 60}
    ev = evaluate(
        inputs(
            simple_rubric(quant=None), {"a": {}, "b": {}}, scores=scores, conflicts=[("e2", "a")]
        )
    )
    assert ev.status.state == "final"
    assert ev.bidder("a").totals.total == ev.bidder("b").totals.total


def test_engine_two_of_three_conflicted_is_provisional() -> None:
    ev = evaluate(
        inputs(
            simple_rubric(quant=None),
            {"a": {}, "b": {}},
            scores=panel({"a": [60, 100, 100], "b": [60, 60, 60]}),
            conflicts=[("e2", "a"), ("e3", "a")],
        )
    )
    assert ev.status.state == "provisional"
    (missing,) = ev.status.missing
    assert (missing.bidder, missing.part, missing.what) == ("a", "W1", "evaluators")
    assert "for A on W1" in ev.status.reasons[0]
    assert ev.bidder("a").criterion("W1").parts[0].mean == 60


def test_engine_minimum_of_one() -> None:
    tender_inputs = inputs(
        simple_rubric(quant=None),
        {"a": {}, "b": {}},
        scores=panel({"a": [60, 100, 100], "b": [60, 60, 60]}),
        conflicts=[("e2", "a"), ("e3", "a")],
    )
    tender = attrs.evolve(tender_inputs.tender, minimum_evaluators=1)
    ev = evaluate(attrs.evolve(tender_inputs, tender=tender))
    assert ev.status.state == "final"
