"""Evaluator scoresheets: written once responses are in, filled, read back with exact messages."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from forms_support import (
    REFERENCE,
    add_response,
    edit_workbook,
    fill_scores,
    good_values,
    make_tender,
    rubric_of,
    set_string,
)
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from socialvalue.errors import InputError
from socialvalue.forms import BidderRef, bidder_slug, read_scoresheet
from socialvalue.forms.fingerprint import SHEET
from socialvalue.tender.forms import make_scoresheets
from socialvalue.tender.inputs import read_responses_for

PARTS = ("W1a", "W1b", "W2")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: two responses (one with text that looks like a formula) and the scoresheets."""
    folder = make_tender(tmp_path_factory.mktemp("scoresheet") / "tender")
    add_response(folder, "acme")
    bravo = add_response(folder, "bravo", good_values("Bravo plc"))
    set_string(bravo, "sv_answer_W1", "=cmd|' /C calc'!A0")
    written, kept = make_scoresheets(folder)
    assert [p.name for p in written] == ["ann.xlsx", "bob.xlsx", "cat.xlsx"] and kept == []
    return folder


@pytest.fixture
def tender(made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(made, tmp_path / "tender")
    monkeypatch.chdir(tmp_path / "tender")
    return Path(".")


def bidders(folder: Path) -> list[BidderRef]:
    _, _, responses = read_responses_for(folder)
    return [BidderRef(r.key, rel, r.sha256, r.name) for r, rel in responses]


def read(folder: Path, evaluator: str = "ann"):  # type: ignore[no-untyped-def]
    return read_scoresheet(
        folder / "scores" / f"{evaluator}.xlsx",
        rubric_of(folder),
        REFERENCE,
        evaluator,
        bidders(folder),
    )


def full(score: object = 60, rationale: object = "Clear plan, named partners.") -> dict:  # type: ignore[type-arg]
    scores = {}
    for bidder in ("acme", "bravo"):
        for part in PARTS:
            value = score if part != "W2" or not isinstance(score, int) else 3
            scores[(bidder, part)] = (value, rationale)
    return scores


NO_CONFLICTS = {"acme": ("No", None), "bravo": ("No", None)}


def messages(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in problems]


def test_layout_answers_are_read_only_and_neutralised(tender: Path) -> None:
    wb = load_workbook(tender / "scores" / "ann.xlsx")
    assert wb.sheetnames == ["Instructions", "Conflicts", "Scores", "Scale", "_lists", SHEET]
    scores = wb["Scores"]
    assert [scores.cell(r, 1).value for r in range(5, 11)] == [
        "W1a",
        "W1a",
        "W1b",
        "W1b",
        "W2",
        "W2",
    ]
    assert scores["C6"].value == "bravo" and scores["D6"].value == "Bravo plc"
    assert scores["E6"].value == "'=cmd|' /C calc'!A0"  # shown as text, never a formula
    assert scores["E6"].data_type == "s" and scores["E6"].protection.locked is True
    assert scores["G5"].protection.locked is False and scores["H5"].protection.locked is False
    assert "60 Adequate: Credible plan." in scores["I5"].value
    rules = {str(dv.sqref): dv.formula1 for dv in scores.data_validations.dataValidation}
    assert rules == {"G5:G8": "_lists!$B$2:$B$7", "G9:G10": "_lists!$C$2:$C$7"}
    names = set(wb.defined_names)
    for bidder in ("acme", "bravo"):
        assert {f"sv_coi_{bidder}", f"sv_coi_note_{bidder}"} <= names
        assert {f"sv_score_{bidder}_{p}" for p in PARTS} <= names
        assert {f"sv_rationale_{bidder}_{p}" for p in PARTS} <= names
    assert wb[SHEET].sheet_state == "hidden"


def test_scoresheets_are_reproducible(tender: Path) -> None:
    before = (tender / "scores" / "ann.xlsx").read_bytes()
    make_scoresheets(tender, force=True)
    assert (tender / "scores" / "ann.xlsx").read_bytes() == before


def test_existing_scoresheets_are_kept_without_force(tender: Path) -> None:
    fill_scores(tender / "scores" / "ann.xlsx", full(), NO_CONFLICTS)
    before = (tender / "scores" / "ann.xlsx").read_bytes()
    (tender / "scores" / "cat.xlsx").unlink()
    written, kept = make_scoresheets(tender)
    assert [p.name for p in written] == ["cat.xlsx"]
    assert messages(kept) == [
        f"scores/{e}.xlsx: already exists, not overwritten (the evaluator may have started): "
        "use --force to replace it"
        for e in ("ann", "bob")
    ]
    assert (tender / "scores" / "ann.xlsx").read_bytes() == before


def test_no_scoresheets_while_a_response_has_errors(tender: Path) -> None:
    add_response(tender, "charlie", good_values(quantities={"M1": "lots"}))
    with pytest.raises(InputError) as error:
        make_scoresheets(tender, force=True)
    assert [str(p) for p in error.value.problems] == [
        "responses/charlie.xlsx: Commitments!D6 (M1 Local people employed, quantity): expected a "
        'number of 0 or more, found "lots"'
    ]


def test_round_trip(tender: Path) -> None:
    scores = full()
    scores[("bravo", "W2")] = ("4", "  Good evidence.  ")  # typed as text
    fill_scores(
        tender / "scores" / "ann.xlsx",
        scores,
        {"acme": ("No", None), "bravo": ("no", "Former employee of Bravo.")},
    )
    sheet, problems = read(tender)
    assert problems == [] and sheet is not None
    assert sheet.evaluator == "ann" and sheet.file == "scores/ann.xlsx"
    got = {(s.bidder, s.part): (s.score, s.rationale, s.source.cell) for s in sheet.scores}
    assert got[("acme", "W1a")] == (Decimal(60), "Clear plan, named partners.", "Scores!G5")
    assert got[("bravo", "W2")] == (Decimal(4), "Good evidence.", "Scores!G10")
    assert len(got) == 6
    conflicts = {c.bidder: (c.declared, c.note, c.source.cell) for c in sheet.conflicts}
    assert conflicts == {
        "acme": (False, "", "Conflicts!C5"),
        "bravo": (False, "Former employee of Bravo.", "Conflicts!C6"),
    }


def test_scores_typed_despite_a_declared_conflict_are_errors(tender: Path) -> None:
    fill_scores(
        tender / "scores" / "ann.xlsx",
        full(),
        {"acme": ("No", None), "bravo": ("yes", "Former employee of Bravo.")},
    )
    sheet, problems = read(tender)
    assert sheet is None
    assert [p.where.cell for p in problems] == ["Scores!G6", "Scores!G8", "Scores!G10"]
    assert all("(Conflicts!C6), so this score can never count" in p.message for p in problems)


def test_blank_scoresheet_is_work_in_progress(tender: Path) -> None:
    sheet, problems = read(tender)
    assert sheet is not None and all(s.score is None for s in sheet.scores)
    assert messages(problems) == [
        "scores/ann.xlsx: warning: 6 of 6 scores are not filled in yet",
        "scores/ann.xlsx: warning: 2 of 2 conflict-of-interest declarations are not made yet",
    ]


def test_score_not_on_the_scale_missing_rationale_and_undeclared_conflict(tender: Path) -> None:
    scores = full()
    scores[("acme", "W1a")] = (50, "Between two levels.")
    scores[("acme", "W1b")] = ("sixty", "Words.")
    scores[("bravo", "W2")] = (3, "   ")
    scores[("acme", "W2")] = (6, "Off the scale.")
    fill_scores(tender / "scores" / "ann.xlsx", scores, {"acme": ("No", None)})
    sheet, problems = read(tender)
    assert sheet is None
    assert messages(problems) == [
        "scores/ann.xlsx: Scores!G5 (bidder acme, W1a, score): expected a score on the scale (0, "
        "20, 40, 60, 80 or 100), found 50",
        "scores/ann.xlsx: Scores!G7 (bidder acme, W1b, score): expected a score on the scale (0, "
        '20, 40, 60, 80 or 100), found "sixty"',
        "scores/ann.xlsx: Scores!G9 (bidder acme, W2, score): expected a score on the scale (0, 1, "
        "2, 3, 4 or 5), found 6",
        "scores/ann.xlsx: Scores!H10 (bidder bravo, W2, rationale): the score 3 has no rationale: "
        "explain it by reference to the bidder's answer",
        "scores/ann.xlsx: Conflicts!C6 (bidder bravo, conflict of interest): no "
        "conflict-of-interest declaration: answer Yes or No before scoring this bidder",
    ]


def test_conflict_declared_without_a_note(tender: Path) -> None:
    scores = full()
    for key in [k for k in scores if k[0] == "acme"]:
        scores[key] = (None, None)
    fill_scores(tender / "scores" / "ann.xlsx", scores, {"acme": ("Yes", ""), "bravo": ("No", "")})
    assert messages(read(tender)[1]) == [
        "scores/ann.xlsx: Conflicts!D5 (bidder acme, conflict of interest, note): a conflict of "
        'interest is declared ("Yes"): say what it is'
    ]


def test_scoresheet_of_another_evaluator(tender: Path) -> None:
    (tender / "scores" / "bob.xlsx").unlink()
    (tender / "scores" / "ann.xlsx").rename(tender / "scores" / "bob.xlsx")
    assert messages(read(tender, "bob")[1]) == [
        'scores/bob.xlsx: _socialvalue!B9: this is the scoresheet of evaluator "ann", not of "bob"'
    ]


def test_response_changed_after_the_scoresheet_was_made(tender: Path) -> None:
    fill_scores(tender / "scores" / "ann.xlsx", full(), NO_CONFLICTS)
    add_response(tender, "bravo", good_values("Bravo plc", answers={"W1": "A better answer."}))
    sheet, problems = read(tender)
    assert sheet is None
    assert messages(problems) == [
        "scores/ann.xlsx: was made from an earlier version of responses/bravo.xlsx (the response "
        "changed after this scoresheet was made): what was scored may not be what the bidder "
        "sent; make it again with --force"
    ]


def test_response_added_or_removed_after_the_scoresheet_was_made(tender: Path) -> None:
    fill_scores(tender / "scores" / "ann.xlsx", full(), NO_CONFLICTS)
    add_response(tender, "charlie", good_values("Charlie CIC"))
    (tender / "responses" / "acme.xlsx").unlink()
    sheet, problems = read(tender)
    assert sheet is None
    assert messages(problems) == [
        "scores/ann.xlsx: warning: has scores for responses/acme.xlsx, which is no longer in the "
        "tender's responses: they are ignored",
        "scores/ann.xlsx: has no scores for responses/charlie.xlsx (the response arrived after "
        "this scoresheet was made): make it again with --force",
    ]


def test_a_deleted_score_cell(tender: Path) -> None:
    path = tender / "scores" / "ann.xlsx"
    fill_scores(path, full(), NO_CONFLICTS)

    def delete(wb: Workbook) -> None:
        wb.defined_names["sv_score_bravo_W1b"].attr_text = "#REF!"

    edit_workbook(path, delete)
    assert messages(read(tender)[1]) == [
        "scores/ann.xlsx (bidder bravo, W1b, score): the input cell was deleted: its defined name "
        "sv_score_bravo_W1b points at #REF! (rows, columns or a sheet were deleted)"
    ]


def test_a_score_name_pointed_at_another_row_is_an_error(tender: Path) -> None:
    """Issue 15 item 8: one cell read for two scores. The row a name belongs to is the one the
    writer labelled with its part and bidder; a name pointing elsewhere is not followed."""
    path = tender / "scores" / "ann.xlsx"
    fill_scores(path, full(), NO_CONFLICTS)
    [(_, own)] = list(load_workbook(path).defined_names["sv_score_bravo_W1b"].destinations)
    [(_, other)] = list(load_workbook(path).defined_names["sv_score_acme_W1b"].destinations)

    def repoint(wb: Workbook) -> None:
        wb.defined_names["sv_score_bravo_W1b"].attr_text = f"Scores!{other}"

    edit_workbook(path, repoint)
    own, other = own.replace("$", ""), other.replace("$", "")
    assert messages(read(tender)[1]) == [
        f"scores/ann.xlsx: Scores!{own} (bidder bravo, W1b, score): the defined name "
        f"sv_score_bravo_W1b points at Scores!{other}, but the template put this input in "
        "Scores!" + own + ": a name moved to another cell is not followed (two inputs could be "
        f"read from one cell, or from a hidden sheet); type the value in Scores!{own} of an "
        "unaltered copy of the form"
    ]


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("acme", "acme"),
        ("Acme Ltd (v2)", "acme_ltd_v2"),
        ("Café-Bar", "caf_bar"),
        ("---", "bidder"),
        ("x" * 60, "x" * 40),
    ],
)
def test_bidder_slugs(stem: str, slug: str) -> None:
    assert bidder_slug(stem) == slug


@given(
    stem=st.text(min_size=1, max_size=80),
    part=st.from_regex(r"[A-Za-z0-9_.\-]{1,20}", fullmatch=True),
)
def test_any_file_stem_and_rubric_id_give_a_valid_defined_name(stem: str, part: str) -> None:
    from socialvalue.forms.fields import name_part
    from socialvalue.workbook.writer import check_name

    check_name(f"sv_score_{bidder_slug(stem)}_{name_part(part)}")
    check_name(f"sv_coi_note_{bidder_slug(stem)}")
