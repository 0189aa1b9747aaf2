"""Text from tender.yaml and rubrics is data too (issue 15 item 9).

A title with an escape or NUL passed `check`, then `template`, `scoresheets` and `moderation`
crashed with a traceback; `buyer: "=1+1"`, a rubric measure titled `=HYPERLINK(...)` and an
evaluator named `=...` became live formulas in the forms sent to bidders and the panel.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from socialvalue.forms import fill_response
from socialvalue.resources import rubrics_dir
from socialvalue.rubric import catalogue
from socialvalue.testing import fill_scoresheet, make_tender_folder, response_values
from socialvalue.workbook.writer import neutralise_stray_formulas, set_formula
from tests.hostile.folder_cases import FORMULA_TEXTS, TEXT_ESCAPES

TENDER = """\
reference: HT-2026-001
title: {title}
buyer: {buyer}
contract:
  value: 2000000
rubric: {rubric}
evaluators:
  - {{id: e1, name: {evaluator}}}
  - {{id: e2, name: Priya Shah}}
"""
HYPERLINK = json.dumps(FORMULA_TEXTS["measure title"])  # double-quoted YAML
BUYER = json.dumps(FORMULA_TEXTS["buyer"])
EVALUATOR = json.dumps(FORMULA_TEXTS["evaluator name"])


def _tender(folder: Path, rubric: str = "tutorial", **values: str) -> Path:
    fields = {"title": "Grounds maintenance", "buyer": "Example Council", "evaluator": "Jo Bloggs"}
    fields.update(values)
    make_tender_folder(folder, TENDER.format(rubric=rubric, **fields), template=False)
    return folder


@pytest.mark.parametrize(("key", "escape", "code"), TEXT_ESCAPES)
def test_control_character_in_tender_text_is_a_problem_not_a_crash(
    tmp_path: Path, cli, key: str, escape: str, code: str
) -> None:
    tender = _tender(tmp_path / "t", **{key: f'"Ground{escape}s"'})
    line = 2 if key == "title" else 3
    for command in (["check"], ["template"], ["scoresheets"], ["moderation"]):
        result = cli([*command, str(tender)], exit_code=1)
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        assert f"tender.yaml:{line}:8: {key} holds the control character {code}" in output
    assert not (tender / "out" / "response-template.xlsx").exists()
    assert not list((tender / "scores").iterdir())


def test_control_character_in_a_rubric_is_named_with_its_line(tmp_path: Path, cli) -> None:
    text = (rubrics_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    bad = first_title.split("title:")[0] + 'title: "Bad\\x07 bell"'
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(text.replace(first_title, bad, 1), encoding="utf-8")
    line = text.splitlines().index(first_title) + 1
    result = cli(["rubric", "check", str(rubric)], exit_code=1)
    assert f":{line}:" in result.stdout + result.stderr
    assert "holds the control character U+0007" in result.stdout + result.stderr


def _formulas(path: Path) -> dict[str, str]:
    """Every cell of the workbook holding a formula: ``Sheet!A1`` -> formula."""
    wb = openpyxl.load_workbook(path)
    return {
        f"{ws.title}!{cell.coordinate}": str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


def _texts(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "s" and cell.value is not None
    ]


def test_formula_text_from_tender_and_rubric_is_never_a_formula(tmp_path: Path, cli) -> None:
    rubric_text = (rubrics_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    measure_title = next(
        line for line in rubric_text.splitlines() if line.strip().startswith("title:")
    )
    rubric_text = rubric_text.replace(
        measure_title, measure_title.split("title:")[0] + f"title: {HYPERLINK}", 1
    )
    tender = _tender(tmp_path / "t", rubric="rubric.yaml", buyer=BUYER, evaluator=EVALUATOR)
    (tender / "rubric.yaml").write_text(rubric_text, encoding="utf-8")
    cli(["template", str(tender)])
    fill_response(
        tender / "out" / "response-template.xlsx",
        tender / "responses" / "acme.xlsx",
        response_values(
            '@HYPERLINK("https://evil.invalid/")',  # typed by the bidder as text
            quantities={"M1": 2, "M2": 52, "M3": 100},
            evidence={m: "Plan." for m in ("M1", "M2", "M3")},
            answers={"W1": "We recruit locally."},
        ),
        catalogue.load("tutorial"),
    )
    cli(["scoresheets", str(tender)])
    for evaluator in ("e1", "e2"):
        fill_scoresheet(
            tender / "scores" / f"{evaluator}.xlsx",
            {("acme", "W1"): (60, "+1+2 credible, typed as text")},
            {"acme": ("No", None)},
        )
    cli(["moderation", str(tender)])
    template = tender / "out" / "response-template.xlsx"
    forms = [template, tender / "scores" / "e1.xlsx", tender / "moderation.xlsx"]
    for form in forms:
        formulas = _formulas(form)
        # The response template's word counts are its only formulas; the others have none.
        assert all(f.startswith("=IF(LEN(TRIM(") for f in formulas.values()), (form, formulas)
        assert not any("HYPERLINK" in f or "1+1" in f for f in formulas.values())
    assert _formulas(template), "the word-count formulas are still formulas"
    assert "'=1+1" in _texts(template)
    assert any(text.startswith("'=HYPERLINK(") for text in _texts(template))
    assert any("=HYPERLINK(" in text for text in _texts(tender / "moderation.xlsx"))


def test_only_declared_formulas_survive_the_save_net() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "=1+1"  # as a writer would by mistake, from outside text
    set_formula(ws["B1"], "=SUM(C1:C2)")
    ws["C1"] = "plain"
    assert neutralise_stray_formulas(wb) == [f"{ws.title}!A1"]
    assert (ws["A1"].data_type, ws["A1"].value) == ("s", "'=1+1")
    assert (ws["B1"].data_type, ws["B1"].value) == ("f", "=SUM(C1:C2)")
    assert ws["C1"].value == "plain"
    with pytest.raises(ValueError, match="a formula starts with"):
        set_formula(ws["D1"], "SUM(C1)")
