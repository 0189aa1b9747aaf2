"""The moderation workbook: scores side by side, the spread and flag, the consensus read back."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from forms_support import (
    REFERENCE,
    add_response,
    fill_scores,
    good_values,
    make_tender,
    rubric_of,
)
from openpyxl import load_workbook

from socialvalue.errors import InputError
from socialvalue.forms import fill_by_names, read_moderation
from socialvalue.forms.fields import BidderRef
from socialvalue.forms.moderation import ScoresheetRef
from socialvalue.tender.forms import make_moderation, make_scoresheets
from socialvalue.tender.inputs import read_scores_for

# Domain example 4: 60 / 80 / 40 on a 0-100 scale in steps of 20 must be moderated.
SCORES = {
    "ann": {
        ("acme", "W1a"): 60,
        ("acme", "W1b"): 60,
        ("acme", "W2"): 3,
        ("bravo", "W1a"): 80,
        ("bravo", "W1b"): 40,
        ("bravo", "W2"): 4,
    },
    "bob": {
        ("acme", "W1a"): 80,
        ("acme", "W1b"): 60,
        ("acme", "W2"): 3,
        ("bravo", "W1a"): 80,
        ("bravo", "W1b"): 60,
        ("bravo", "W2"): 5,
    },
    "cat": {
        ("acme", "W1a"): 40,
        ("acme", "W1b"): 80,
        ("acme", "W2"): 4,
        ("bravo", "W1a"): 80,
        ("bravo", "W1b"): 60,
        ("bravo", "W2"): 2,
    },
}
NO_CONFLICTS = {"acme": ("No", None), "bravo": ("No", None)}


def score_all(folder: Path) -> None:
    for evaluator, scores in SCORES.items():
        fill_scores(
            folder / "scores" / f"{evaluator}.xlsx",
            {
                key: (value, f"{evaluator}: {key[0]} {key[1]} earns {value}")
                for key, value in scores.items()
            },
            NO_CONFLICTS,
        )


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: two responses, three complete scoresheets, the moderation workbook."""
    folder = make_tender(tmp_path_factory.mktemp("moderation") / "tender")
    add_response(folder, "acme")
    add_response(folder, "bravo", good_values("Bravo plc"))
    make_scoresheets(folder)
    score_all(folder)
    assert make_moderation(folder).name == "moderation.xlsx"
    return folder


@pytest.fixture
def tender(scored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the scored tender, which is also the working directory."""
    shutil.copytree(scored, tmp_path / "tender")
    monkeypatch.chdir(tmp_path / "tender")
    return Path(".")


def read(folder: Path):  # type: ignore[no-untyped-def]
    _, _rubric, responses, sheets = read_scores_for(folder)
    bidders = [BidderRef(r.key, rel, r.sha256, r.name) for r, rel in responses]
    refs = [ScoresheetRef(s.evaluator, s.file, s.sha256) for s in sheets]
    return read_moderation(folder / "moderation.xlsx", rubric_of(folder), REFERENCE, bidders, refs)


def messages(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in problems]


def consensus(folder: Path, values: dict[tuple[str, str], tuple[object, object]]) -> None:
    cells: dict[str, object] = {}
    for (bidder, part), (score, why) in values.items():
        cells[f"sv_consensus_{bidder}_{part}"] = score
        cells[f"sv_consensus_rationale_{bidder}_{part}"] = why
    fill_by_names(folder / "moderation.xlsx", folder / "moderation.xlsx", cells)


def test_scores_side_by_side_with_spread_and_flag(tender: Path) -> None:
    ws = load_workbook(tender / "moderation.xlsx")["Moderation"]
    headers = [ws.cell(4, c).value for c in range(1, 16)]
    assert headers == [
        "Part",
        "What is scored",
        "Bidder",
        "Legal name",
        "Ann Evans: score",
        "Ann Evans: rationale",
        "Bob Khan: score",
        "Bob Khan: rationale",
        "Cat Jones: score",
        "Cat Jones: rationale",
        "Spread",
        "Discussion required",
        "Conflicts declared",
        "Consensus score",
        "Consensus rationale",
    ]
    row5 = [ws.cell(5, c).value for c in range(1, 13)]
    assert row5 == [
        "W1a",
        "Method statement: Recruitment",
        "acme",
        "Acme Ltd",
        60,
        "ann: acme W1a earns 60",
        80,
        "bob: acme W1a earns 80",
        40,
        "cat: acme W1a earns 40",
        40,
        "Yes: spread 40 is more than 1 scale step (20)",
    ]
    assert ws["L6"].value == "No" and ws["K6"].value == 0  # bravo W1a: 80 / 80 / 80
    assert ws["L8"].value == "No"  # bravo W1b: 40 / 60 / 60, one step
    assert ws["L10"].value == "Yes: spread 3 is more than 1 scale step (1)"  # 4 / 5 / 2 on 0-5
    assert ws["N5"].protection.locked is False and ws["E5"].protection.locked is True
    rules = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert rules == {"N5:N8": "_lists!$B$2:$B$7", "N9:N10": "_lists!$C$2:$C$7"}


def test_moderation_is_reproducible_and_not_overwritten(tender: Path) -> None:
    before = (tender / "moderation.xlsx").read_bytes()
    with pytest.raises(InputError) as error:
        make_moderation(tender)
    assert [str(p) for p in error.value.problems] == [
        "moderation.xlsx: already exists, not overwritten (the panel may have started): use "
        "--force to replace it"
    ]
    make_moderation(tender, force=True)
    assert (tender / "moderation.xlsx").read_bytes() == before


def test_round_trip(tender: Path) -> None:
    consensus(
        tender,
        {
            ("acme", "W1a"): (60, "Agreed: credible plan."),
            ("acme", "W2"): ("4", "Good evidence."),
            ("bravo", "W1b"): (60, "Retention plan is specific."),
        },
    )
    moderation, problems = read(tender)
    assert moderation is not None
    assert messages(problems) == [
        "moderation.xlsx: warning: 3 of 6 consensus scores are not filled in yet"
    ]
    got = moderation.consensus("acme", "W1a")
    assert got is not None
    assert (got.score, got.rationale, got.source.cell) == (
        Decimal(60),
        "Agreed: credible plan.",
        "Moderation!N5",
    )
    assert moderation.consensus("acme", "W2").score == Decimal(4)  # type: ignore[union-attr]
    assert moderation.consensus("bravo", "W2").score is None  # type: ignore[union-attr]


def test_consensus_off_the_scale_and_without_rationale(tender: Path) -> None:
    consensus(tender, {("acme", "W1a"): (70, "Between."), ("bravo", "W2"): (5, None)})
    moderation, problems = read(tender)
    assert moderation is None
    assert messages(problems) == [
        "moderation.xlsx: Moderation!N5 (bidder acme, W1a, consensus score): expected a score on "
        "the scale (0, 20, 40, 60, 80 or 100), found 70",
        "moderation.xlsx: Moderation!O10 (bidder bravo, W2, consensus rationale): the consensus "
        "score 5 has no rationale: record why the panel agreed it",
        "moderation.xlsx: warning: 4 of 5 consensus scores are not filled in yet",
    ]


def test_changed_scoresheet_is_a_warning(tender: Path) -> None:
    fill_scores(tender / "scores" / "cat.xlsx", {("acme", "W1a"): (60, "On reflection, 60.")}, {})
    moderation, problems = read(tender)
    assert moderation is not None
    assert messages(problems)[0] == (
        "moderation.xlsx: warning: scores/cat.xlsx has changed since this moderation workbook "
        "was made: the scores shown in it may be out of date"
    )


def test_moderation_needs_every_score(tender: Path) -> None:
    fill_scores(tender / "scores" / "bob.xlsx", {("bravo", "W2"): (None, None)}, {})
    with pytest.raises(InputError) as error:
        make_moderation(tender, force=True)
    assert [str(p) for p in error.value.problems] == [
        "scores/bob.xlsx: Scores!G10 (bidder bravo, W2, score): not scored yet: every score is "
        "needed before moderation"
    ]


def test_a_conflicted_evaluator_may_leave_that_bidder_unscored(tender: Path) -> None:
    blanks = {key: (None, None) for key in SCORES["bob"] if key[0] == "bravo"}
    fill_scores(
        tender / "scores" / "bob.xlsx", blanks, {"bravo": ("Yes", "Brother-in-law works there.")}
    )
    make_moderation(tender, force=True)
    ws = load_workbook(tender / "moderation.xlsx")["Moderation"]
    assert ws["G6"].value is None and ws["M6"].value == "Bob Khan"
    assert ws["K6"].value == 0  # the spread of the scores given
