"""Forms filled, then opened and saved by a real spreadsheet program (LibreOffice headless), read
back the same. One soffice run converts every file, to keep the suite fast."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from forms_support import (
    EVALUATORS,
    REFERENCE,
    add_response,
    convert,
    fill_scores,
    good_values,
    make_tender,
    rubric_of,
    soffice,
)

from socialvalue.forms import (
    BidderRef,
    ScoresheetRef,
    fill_by_names,
    read_moderation,
    read_response,
    read_scoresheet,
    response_fields,
)
from socialvalue.model import Response
from socialvalue.tender.forms import make_moderation, make_scoresheets
from socialvalue.tender.inputs import read_inputs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice()
    folder = make_tender(tmp_path_factory.mktemp("lo") / "tender")
    add_response(
        folder, "acme", good_values(quantities={"M1": "2.5", "M2": "104.0", "M4": "£1,500"})
    )
    add_response(
        folder,
        "bravo",
        good_values(
            "Bravo plc", quantities={"M2": " 52 ", "M4": 1000.5}, declaration_date="01/03/2026"
        ),
    )
    # Outside responses/: a formula openpyxl saves without its result.
    fill_by_names(
        folder / "out/response-template.xlsx",
        folder.parent / "formula.xlsx",
        good_values(quantities={"M4": "=1000+500"}).by_name(response_fields(rubric_of(folder))),
    )
    make_scoresheets(folder)
    for evaluator in EVALUATORS:
        scores: dict[tuple[str, str], tuple[object, object]] = {
            (b, p): (4 if p == "W2" else "80", f"{evaluator}: strong answer from {b}")
            for b in ("acme",)
            for p in ("W1a", "W1b", "W2")
        }  # bravo left unscored: a conflict is declared with it
        fill_scores(
            folder / "scores" / f"{evaluator}.xlsx",
            scores,
            {"acme": ("No", None), "bravo": ("Yes", "Knows the director.")},
        )
    make_moderation(folder)
    fill_by_names(
        folder / "moderation.xlsx",
        folder / "moderation.xlsx",
        {"sv_consensus_acme_W1a": 80, "sv_consensus_rationale_acme_W1a": "Agreed."},
    )
    files = [
        folder / "responses/acme.xlsx",
        folder / "responses/bravo.xlsx",
        folder / "scores/ann.xlsx",
        folder / "moderation.xlsx",
        folder.parent / "formula.xlsx",
    ]
    convert(files, folder.parent / "saved", folder.parent / "profile")
    return folder


def saved(tender: Path, name: str) -> Path:
    return tender.parent / "saved" / name


def essentials(response: Response) -> tuple[object, ...]:
    """Everything read from a response except the file's name and hash."""
    return (
        response.key,
        response.name,
        response.company_number,
        response.contact,
        [(c.measure, c.quantity, c.evidence, c.source.cell) for c in response.commitments],
        [(a.criterion, a.text, a.words, a.source.cell) for a in response.answers],
    )


@pytest.mark.parametrize("key", ["acme", "bravo"])
def test_response_saved_by_libreoffice_reads_the_same(tender: Path, key: str) -> None:
    rubric = rubric_of(tender)
    original, problems = read_response(tender / f"responses/{key}.xlsx", rubric, REFERENCE)
    assert problems == [] and original is not None
    again, problems = read_response(saved(tender, f"{key}.xlsx"), rubric, REFERENCE, key=key)
    assert problems == [] and again is not None
    assert essentials(again) == essentials(original)
    quantities = {c.measure: c.quantity for c in again.commitments}
    expected = {
        "acme": {"M1": "2.5", "M2": "104", "M3": "250", "M4": "1500"},
        "bravo": {"M1": "3", "M2": "52", "M3": "250", "M4": "1000.5"},
    }
    assert quantities == {m: Decimal(v) for m, v in expected[key].items()}


def test_constant_arithmetic_reads_alike_before_and_after_libreoffice(tender: Path) -> None:
    """``=1000+500`` saved by openpyxl without a result, and by LibreOffice with one: the
    reader works it out either way (a formula's saved result is never taken on trust), with a
    warning at the cell."""
    rubric = rubric_of(tender)
    for path in (tender.parent / "formula.xlsx", saved(tender, "formula.xlsx")):
        response, problems = read_response(path, rubric, REFERENCE)
        assert response is not None, problems
        assert [(p.where.cell, p.severity) for p in problems] == [("Commitments!D9", "warning")]
        assert str(response.commitment("M4").quantity) == "1500"  # type: ignore[union-attr]


def test_scoresheet_and_moderation_saved_by_libreoffice_read_the_same(tender: Path) -> None:
    rubric = rubric_of(tender)
    inputs_before = read_inputs(tender)  # the originals, all complete
    bidders = [
        BidderRef(r.key, f"responses/{Path(r.file).name}", r.sha256, r.name)
        for r in inputs_before.responses
    ]
    original = next(s for s in inputs_before.scoresheets if s.evaluator == "ann")
    again, problems = read_scoresheet(saved(tender, "ann.xlsx"), rubric, REFERENCE, "ann", bidders)
    assert problems == [] and again is not None
    strip = lambda items: [attrs.evolve(i, source=None) for i in items]  # noqa: E731
    assert strip(again.scores) == strip(original.scores)
    assert strip(again.conflicts) == strip(original.conflicts)
    refs = [
        ScoresheetRef(s.evaluator, f"scores/{Path(s.file).name}", s.sha256)
        for s in inputs_before.scoresheets
    ]
    moderation, problems = read_moderation(
        saved(tender, "moderation.xlsx"), rubric, REFERENCE, bidders, refs
    )
    assert moderation is not None
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "warning: 5 of 6 consensus scores are not filled in yet"
    ]
    assert inputs_before.moderation is not None
    assert strip(moderation.entries) == strip(inputs_before.moderation.entries)
