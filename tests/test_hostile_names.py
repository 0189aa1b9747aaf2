"""File names are data, and hostile (issue 15 item 1, results.xlsx).

A response named with a dot in its stem (`Greenway Ltd. v2.xlsx`) passed `check`, then `score`
crashed in the results.xlsx writer (its formula placeholders were built from the bidder key);
a name built to close a placeholder (`x}&HYPERLINK("...")&{b_y.xlsx`) came out as a live
formula. Placeholders are now digests of the key, so no key can reach a formula's text.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from socialvalue import testing
from socialvalue.forms import fill_response
from socialvalue.rubric import catalogue
from socialvalue.tender.config import MODERATION_FILE

TENDER = """\
reference: HN-2026-001
title: Grounds maintenance
buyer: Example Council
contract:
  value: 2000000
rubric: tutorial
evaluators:
  - {id: e1, name: Jo Bloggs}
  - {id: e2, name: Priya Shah}
"""
HOSTILE_KEYS = (
    "Greenway Ltd. v2",
    'x}&HYPERLINK("evil.invalid")&{b_y',
    "{0.__class__}",
    "-rf [draft]:1",
    "plain",
)


def _scored_tender(
    folder: Path, cli, keys: tuple[str, ...], names: tuple[str, ...] | None = None
) -> Path:
    """A tender scored by both evaluators and moderated, a response under each of ``keys``
    (legal names ``names``, or ``Bidder <n> Ltd``)."""
    testing.make_tender_folder(folder, TENDER)
    rubric = catalogue.load("tutorial")
    for n, key in enumerate(keys):
        fill_response(
            folder / "out" / "response-template.xlsx",
            folder / "responses" / f"{key}.xlsx",
            testing.response_values(
                names[n] if names else f"Bidder {n} Ltd",
                quantities={"M1": 1 + n, "M2": 52, "M3": 100 * (n + 1)},
                evidence={m: "Plan." for m in ("M1", "M2", "M3")},
                answers={"W1": "We recruit locally."},
                company_number=f"0123456{n}",
            ),
            rubric,
        )
    cli(["check", str(folder)])
    cli(["scoresheets", str(folder)])
    for evaluator in ("e1", "e2"):
        testing.fill_scoresheet(
            folder / "scores" / f"{evaluator}.xlsx",
            {(key, "W1"): (60, "Credible plan.") for key in keys},
            {key: ("No", None) for key in keys},
        )
    cli(["moderation", str(folder)])
    testing.fill_moderation(
        folder / MODERATION_FILE, {(key, "W1"): (60, "Agreed.") for key in keys}
    )
    return folder


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import cli as _cli  # the fixture's function, outside a test

    tender = tmp_path_factory.mktemp("names") / "t"
    invoke = _cli.__wrapped__()  # type: ignore[attr-defined]
    _scored_tender(tender, invoke, HOSTILE_KEYS)
    invoke(["score", str(tender)])
    return tender


def test_hostile_keys_score_and_write_results_xlsx(scored: Path) -> None:
    out = scored / "out"
    assert (out / "results.json").is_file() and (out / "results.xlsx").is_file()
    assert not list(out.glob(".*staging*")) and not list(out.glob("*.tmp"))


def test_no_key_reaches_a_formula(scored: Path) -> None:
    wb = openpyxl.load_workbook(scored / "out" / "results.xlsx")
    formulas = [
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas
    for formula in formulas:
        outside_sheet_names = re.sub(r"'(?:[^']|'')*'!", "", formula)
        assert "HYPERLINK" not in outside_sheet_names, formula
        assert "{" not in outside_sheet_names and "}" not in outside_sheet_names, formula
    texts = {
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "s"
    }
    assert any('x}&HYPERLINK("evil.invalid")&{b_y' in text for text in texts)
