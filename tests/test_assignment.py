"""Evaluator assignment (issue 13 item 2): tender.yaml assigns evaluators questions (``criteria``)
and bidders (``bidders`` / ``not_bidders``); scoresheets hold only the assigned rows; moderation
shows who was not assigned a row; a blank assigned score is named; too few assigned evaluators
is a warning in check and provisional in the result; the record and the pack show it all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from forms_support import TENDER, add_response, fill_scores, good_values, make_tender
from openpyxl import load_workbook
from test_pack_build import page_texts, squash

from socialvalue.forms import fill_by_names

BIDDERS = ("acme", "bravo")
PARTS = ("W1a", "W1b", "W2")
REASON = "Bob's sister works for Bravo plc."
NOT_ASSIGNED = "Not assigned (tender.yaml): not expected to score this row"
LEAD = "Cat is the social value lead: she scores the environment question only."
BASE = TENDER.split("evaluators:")[0] + "pack:\n  generated: 2026-04-01\n"
ASSIGNED = BASE + (
    "evaluators:\n"
    "  - {id: ann, name: Ann Evans}\n"
    "  - id: bob\n"
    "    name: Bob Khan\n"
    "    not_bidders: [bravo]\n"
    f"    assignment_reason: {REASON}\n"
    "  - id: cat\n"
    "    name: Cat Jones\n"
    "    role: Social value lead\n"
    "    criteria: [W2]\n"
    f'    assignment_reason: "{LEAD}"\n'
    "minimum_evaluators: 1\n"
)
#: Who is assigned what in ASSIGNED: (evaluator, bidder) -> parts.
ROWS = {
    ("ann", "acme"): PARTS,
    ("ann", "bravo"): PARTS,
    ("bob", "acme"): PARTS,
    ("cat", "acme"): ("W2",),
    ("cat", "bravo"): ("W2",),
}


def _folder(root: Path, tender_text: str = ASSIGNED) -> Path:
    folder = make_tender(root / "tender", tender_text=tender_text)
    add_response(folder, "acme")
    add_response(folder, "bravo", good_values("Bravo plc"))
    return folder


def _issued(root: Path, monkeypatch: pytest.MonkeyPatch, cli, text: str = ASSIGNED) -> Path:  # type: ignore[no-untyped-def]
    """The tender with both responses in, as the working directory, scoresheets issued."""
    folder = _folder(root, text)
    monkeypatch.chdir(folder)
    cli(["scoresheets", "."])
    return folder


def _score_all(folder: Path, blank: tuple[str, str, str] | None = None) -> None:
    """Every evaluator scores every row they are assigned (``blank``: one left blank)."""
    for evaluator in ("ann", "bob", "cat"):
        scores: dict[tuple[str, str], tuple[object, object]] = {}
        declared: dict[str, tuple[object, object]] = {}
        for (e, b), parts in ROWS.items():
            if e != evaluator:
                continue
            declared[b] = ("No", None)
            for p in parts:
                value = 3 if p == "W2" else 60
                if (e, b, p) == blank:
                    scores[(b, p)] = (None, None)
                else:
                    scores[(b, p)] = (value, f"{e} on {b} {p}")
        fill_scores(folder / "scores" / f"{evaluator}.xlsx", scores, declared)


def _rows(path: Path) -> list[tuple[str, str]]:
    """(part, bidder) of each row of a scoresheet's Scores sheet."""
    ws = load_workbook(path)["Scores"]
    return [
        (str(ws.cell(r, 1).value), str(ws.cell(r, 3).value))
        for r in range(5, ws.max_row + 1)
        if ws.cell(r, 1).value
    ]


def _results(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "out" / "results.json").read_text("utf-8"))
    return data


def test_scoresheets_hold_only_the_assigned_rows(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _issued(tmp_path, monkeypatch, cli)
    scores = folder / "scores"
    assert _rows(scores / "ann.xlsx") == [(p, b) for p in PARTS for b in BIDDERS]
    assert _rows(scores / "bob.xlsx") == [(p, "acme") for p in PARTS]
    assert _rows(scores / "cat.xlsx") == [("W2", "acme"), ("W2", "bravo")]
    bob = load_workbook(scores / "bob.xlsx")
    assert bob["Conflicts"]["A5"].value == "acme" and bob["Conflicts"]["A6"].value is None
    assert "sv_score_bravo_W1a" not in bob.defined_names
    cat = load_workbook(scores / "cat.xlsx")
    assert "sv_score_acme_W1a" not in cat.defined_names
    assert "sv_score_bravo_W2" in cat.defined_names
    said = [str(c.value) for row in cat["Instructions"].iter_rows() for c in row if c.value]
    assert any("You score questions W2, for every bidder" in s and LEAD in s for s in said)


def test_assigned_panel_scores_moderates_and_evaluates_through_the_cli(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _issued(tmp_path, monkeypatch, cli)
    _score_all(folder)
    result = cli(["check", "."])
    assert "scores/cat.xlsx: ok (scoresheet)" in result.stdout
    assert "scores/bob.xlsx: ok (scoresheet)" in result.stdout
    cli(["moderation", "."])
    ws = load_workbook(folder / "moderation.xlsx")["Moderation"]
    header = [ws.cell(4, c).value for c in range(1, ws.max_column + 1)]
    bob_rationale = header.index("Bob Khan: rationale") + 1
    cat_rationale = header.index("Cat Jones: rationale") + 1
    rows = {(ws.cell(r, 1).value, ws.cell(r, 3).value): r for r in range(5, ws.max_row + 1)}
    assert ws.cell(rows[("W1a", "bravo")], bob_rationale).value == NOT_ASSIGNED
    assert ws.cell(rows[("W1a", "bravo")], bob_rationale - 1).value is None
    assert ws.cell(rows[("W1a", "acme")], bob_rationale).value == "bob on acme W1a"
    assert ws.cell(rows[("W1a", "acme")], cat_rationale).value == NOT_ASSIGNED
    assert ws.cell(rows[("W2", "acme")], cat_rationale).value == "cat on acme W2"
    cli(["evaluate", "."])
    data = _results(folder)
    assert data["status"]["state"] == "final"
    bob, cat = data["tender"]["evaluators"][1:]
    assert bob["not_bidders"] == ["bravo"] and bob["assignment_reason"] == REASON
    assert bob["criteria"] is None and bob["bidders"] is None
    assert cat["criteria"] == ["W2"] and cat["assignment_reason"] == LEAD
    scored = {
        (m["bidder"], m["part"]): [s["evaluator"] for s in m["scores"]] for m in data["moderation"]
    }
    assert scored[("bravo", "W1a")] == ["ann"]
    assert scored[("acme", "W1a")] == ["ann", "bob"]
    assert scored[("acme", "W2")] == ["ann", "bob", "cat"]
    text = squash(" ".join(page_texts(folder / "out" / "pack.pdf")))
    assert (
        squash(
            f"Cat Jones, Social value lead (cat): assigned to score W2 only, for every "
            f"bidder. Reason: {LEAD}"
        )
        in text
    )
    assert (
        squash(
            f"Bob Khan (bob): assigned to score every question, for every bidder except "
            f"Bravo plc. Reason: {REASON}"
        )
        in text
    )


def test_a_blank_assigned_score_is_named_in_check_and_the_result(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _issued(tmp_path, monkeypatch, cli)
    _score_all(folder, blank=("cat", "bravo", "W2"))
    result = cli(["check", "."])
    assert (
        "scores/cat.xlsx: Scores!G6 (bidder bravo, W2, score): warning: assigned to evaluator cat "
        "and not scored yet (1 of 2 blank): the result is provisional until it is"
    ) in result.stderr
    cli(["score", "."])
    data = _results(folder)
    assert data["status"]["state"] == "provisional"
    [missing] = data["status"]["missing"]
    assert (missing["bidder"], missing["part"], missing["what"]) == (
        "bravo",
        "W2",
        "assigned_scores",
    )
    assert data["status"]["reasons"] == [
        "Assigned to score Bravo plc on W2 but not scored: Cat Jones (cat): blank at "
        "scores/cat.xlsx: Scores!G6. The score stands provisionally on the other evaluators' "
        "scores until it is recorded."
    ]


def test_too_few_assigned_evaluators_warns_in_check_and_is_provisional(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _issued(tmp_path, monkeypatch, cli, ASSIGNED.replace("minimum_evaluators: 1\n", ""))
    _score_all(folder)
    result = cli(["check", "."])
    for part in ("W1a", "W1b"):
        assert (
            f"tender.yaml:11:1: warning: {part}: 1 evaluator assigned (Ann Evans) for bravo, fewer "
            "than minimum_evaluators (2): the result will be provisional until more are assigned"
        ) in result.stderr
    assert "W2:" not in result.stderr
    cli(["score", "."])
    data = _results(folder)
    assert data["status"]["state"] == "provisional"
    assert [(m["bidder"], m["part"], m["what"]) for m in data["status"]["missing"]] == [
        ("bravo", "W1a", "evaluators"),
        ("bravo", "W1b", "evaluators"),
    ]
    assert data["status"]["reasons"][0] == (
        "Only 1 evaluator assigned and without a declared conflict of interest remains for "
        "Bravo plc on W1a (Bob Khan and Cat Jones not assigned it); the tender's minimum is 2 "
        "(`minimum_evaluators` in tender.yaml): the score stands provisionally until another "
        "independent evaluator scores it."
    )


def test_unknown_ids_in_an_assignment_name_line_and_column(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = BASE + (
        "evaluators:\n"
        "  - {id: ann, name: Ann Evans, criteria: [W9, Q1, W1]}\n"
        "  - {id: bob, name: Bob Khan, bidders: [acme, zed], assignment_reason: Only acme.}\n"
    )
    folder = _folder(tmp_path, text)
    monkeypatch.chdir(folder)
    result = cli(["check", "."], exit_code=1)
    lines = result.stderr.splitlines()
    assert (
        "tender.yaml:12:43: evaluator ann: criteria `W9` is not a qualitative criterion or scored "
        "part of rubric `forms-test`"
    ) in lines
    assert (
        "tender.yaml:12:47: evaluator ann: criteria `Q1` is a quantitative criterion (evaluators "
        "score only qualitative ones)"
    ) in lines
    assert (
        "tender.yaml:13:47: warning: evaluator bob: bidders `zed` is not a response in "
        "responses/ (yet): bidder keys are the response files' names without .xlsx"
    ) in lines
    cli(["scoresheets", "."], exit_code=1)


def test_taking_an_evaluator_off_a_bidder_needs_a_reason(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = BASE + (
        "evaluators:\n"
        "  - {id: ann, name: Ann Evans, bidders: []}\n"
        "  - {id: cat, name: Cat Jones, not_bidders: [bravo]}\n"
        "  - {id: dan, name: Dan Ode, bidders: [acme], not_bidders: [bravo], assignment_reason: x}\n"
    )
    folder = _folder(tmp_path, BASE + "evaluators:\n  - {id: ann, name: Ann Evans}\n")
    (folder / "tender.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    result = cli(["check", "."], exit_code=1)
    assert result.stderr.splitlines()[:3] == [
        "tender.yaml:12:32: bidders must list at least one entry (or leave the key out: "
        "everything)",
        "tender.yaml:13:32: an evaluator taken off a bidder needs `assignment_reason`: say why "
        "(the pack records it)",
        "tender.yaml:14:47: give either bidders (whom they score) or not_bidders (whom they are "
        "taken off), not both",
    ]


def test_a_score_in_a_row_no_longer_assigned_is_an_error(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _issued(
        tmp_path, monkeypatch, cli, ASSIGNED.replace("    criteria: [W2]\n", "")
    )  # cat's scoresheet has every row
    every = {(b, p): (60 if p != "W2" else 3, "cat") for b in BIDDERS for p in PARTS}
    fill_scores(folder / "scores" / "cat.xlsx", every, {b: ("No", None) for b in BIDDERS})
    (folder / "tender.yaml").write_text(ASSIGNED, encoding="utf-8")  # now W2 only
    result = cli(["check", "."], exit_code=1)
    assert (
        "scores/cat.xlsx: Scores!G5 (bidder acme, W1a, score): evaluator cat is not assigned "
        "bidder acme on W1a (tender.yaml, criteria / bidders / not_bidders), so this score can "
        "never count: clear it, or assign them in tender.yaml"
    ) in result.stderr.splitlines()
    assert "scores/cat.xlsx: 4 problems (scoresheet)" in result.stdout
    # Cleared, the old full scoresheet reads: its unassigned rows are blank.
    fill_by_names(
        folder / "scores" / "cat.xlsx",
        folder / "scores" / "cat.xlsx",
        {f"sv_score_{b}_{p}": None for b in BIDDERS for p in ("W1a", "W1b")},
    )
    cli(["check", "."])


def test_a_scoresheet_missing_an_assigned_row_is_an_error(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _issued(tmp_path, monkeypatch, cli)  # cat's scoresheet has W2 only
    (folder / "tender.yaml").write_text(ASSIGNED.replace("    criteria: [W2]\n", ""), "utf-8")
    result = cli(["check", "."], exit_code=1)
    assert (
        "scores/cat.xlsx (bidder acme, W1a, score): tender.yaml assigns evaluator cat to score "
        "bidder acme on W1a, but this scoresheet has no row for it (it was made before that "
        "assignment, or its defined name was deleted): make it again with --force"
    ) in result.stderr.splitlines()


def test_without_an_assignment_one_evaluators_blank_score_is_named(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Everyone is assigned everything by default: a blank among others' scores is missing."""
    folder = _issued(tmp_path, monkeypatch, cli, BASE + TENDER[TENDER.index("evaluators:") :])
    for evaluator in ("ann", "bob", "cat"):
        scores: dict[tuple[str, str], tuple[object, object]] = {
            (b, p): (3 if p == "W2" else 60, f"{evaluator} on {b} {p}")
            for b in BIDDERS
            for p in PARTS
        }
        if evaluator == "bob":
            scores[("acme", "W1b")] = (None, None)
        fill_scores(
            folder / "scores" / f"{evaluator}.xlsx", scores, {b: ("No", None) for b in BIDDERS}
        )
    result = cli(["check", "."])
    assert (
        "scores/bob.xlsx: Scores!G7 (bidder acme, W1b, score): warning: assigned" in result.stderr
    )
    cli(["score", "."])
    data = _results(folder)
    assert data["status"]["state"] == "provisional"
    assert [(m["bidder"], m["part"], m["what"]) for m in data["status"]["missing"]] == [
        ("acme", "W1b", "assigned_scores")
    ]
    assert "Bob Khan (bob): blank at scores/bob.xlsx: Scores!G7" in data["status"]["reasons"][0]
