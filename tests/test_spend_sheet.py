"""The response workbook's Spend plan sheet (issue 17): written for a rubric with a spend_plan
criterion, read back line by line, a malformed postcode named by its cell in `check`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
from forms_support import (
    REFERENCE,
    RUBRIC,
    TENDER,
    add_response,
    complete_tender,
    good_values,
    make_tender,
    rubric_of,
)
from openpyxl import load_workbook
from pack_text import flat
from pypdf import PdfReader

from socialvalue.cli import main
from socialvalue.forms.response import read_response
from socialvalue.forms.response_layout import SPEND_LINES, response_fields
from socialvalue.testing import cli_runner, make_tender_folder

SPEND_RUBRIC = RUBRIC.replace(
    """      - id: W2
        title: Environment""",
    """      - id: L1
        title: Local spend
        weight: 2
        type: spend_plan
        share: local
        method: {kind: contract_value_target, target_percent: 40}
      - id: W2
        title: Environment""",
)
LOCAL = """\
local_area:
  name: Test borough
  policy: Test Council Social Value Policy 2026
  postcodes: [BD, HX1-HX3]
"""
PLAN = (
    {
        "supplier": "Bradford Community Trust",
        "postcode": "bd1 1aa",
        "kind": "VCSE",
        "category": "Catering",
        "amount": 120000,
        "evidence": "Letter of intent",
    },
    {"supplier": "to be appointed", "kind": "SME", "category": "Cleaning", "amount": 30000},
    {"supplier": "National Plc", "postcode": "M1 1AA", "kind": "large", "amount": "250000.50"},
)


def _tender(tmp_path: Path) -> Path:
    return make_tender(tmp_path / "t", SPEND_RUBRIC, TENDER + LOCAL)


def test_template_has_the_sheet(tmp_path: Path) -> None:
    folder = _tender(tmp_path)
    wb = load_workbook(folder / "out" / "response-template.xlsx")
    assert wb.sheetnames[:5] == ["Instructions", "Bidder", "Commitments", "Spend plan", "Answers"]
    ws = wb["Spend plan"]
    assert ws["B5"].value == "Supplier (or to be appointed)"
    assert "Test borough" in ws["A3"].value and "BD" in ws["A3"].value
    assert ws["F46"].value == "=SUM(F6:F45)"
    assert ws.print_title_rows == "$5:$5"
    assert wb.defined_names["sv_spend_postcode_1"].attr_text == "'Spend plan'!$C$6"
    assert wb.defined_names[f"sv_spend_amount_{SPEND_LINES}"].attr_text == "'Spend plan'!$F$45"
    kinds = [v for v in ws.data_validations.dataValidation if "D6" in str(v.sqref)]
    assert kinds and kinds[0].formula1 == "_lists!$B$2:$B$4"
    assert [c.value for c in wb["_lists"]["B"][:4]] == ["Supplier kinds", "VCSE", "SME", "large"]
    assert not ws["C6"].protection.locked and ws["A6"].protection.locked
    # A rubric without a spend_plan criterion: no sheet.
    plain = make_tender(tmp_path / "p")
    assert "Spend plan" not in load_workbook(plain / "out" / "response-template.xlsx").sheetnames


def test_lines_are_read_back(tmp_path: Path) -> None:
    folder = _tender(tmp_path)
    path = add_response(folder, "acme", attrs.evolve(good_values(), spend_plan=PLAN))
    response, problems = read_response(path, rubric_of(folder), REFERENCE)
    assert [p for p in problems if p.severity == "error"] == []
    assert response is not None
    lines = response.spend_plan
    assert [(x.supplier, x.postcode, x.kind, x.amount) for x in lines] == [
        ("Bradford Community Trust", "BD1 1AA", "VCSE", Decimal(120000)),
        ("to be appointed", None, "SME", Decimal(30000)),
        ("National Plc", "M1 1AA", "large", Decimal("250000.50")),
    ]
    assert lines[1].to_be_appointed and not lines[0].to_be_appointed
    assert (lines[0].source.cell, lines[0].postcode_cell) == ("Spend plan!F6", "Spend plan!C6")
    assert response_fields(rubric_of(folder)).spend_lines[0].postcode.cell == "C6"


def test_a_postcode_missing_from_the_snapshot_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    """BD1 1AA is well formed and BD1 is a district, but the shipped ONS snapshot has no such
    postcode (new, or a typo): read, matched by its sector, and warned about at its cell.
    So is M1 1AA; the other line has no postcode, which is flagged (not warned) elsewhere."""
    folder = _tender(tmp_path)
    path = add_response(folder, "acme", attrs.evolve(good_values(), spend_plan=PLAN))
    response, problems = read_response(path, rubric_of(folder), REFERENCE)
    assert response is not None and response.spend_plan[0].postcode == "BD1 1AA"
    warned = [p for p in problems if p.severity == "warning"]
    assert [(p.where.cell, p.message) for p in warned] == [
        (
            "Spend plan!C6",
            "BD1 1AA is not in the ONS Postcode Directory snapshot shipped with "
            "uk-postcodes-parsing (district BD1 is): check it is right; it is matched to the "
            "local area by its sector BD1 1",
        ),
        (
            "Spend plan!C8",
            "M1 1AA is not in the ONS Postcode Directory snapshot shipped with "
            "uk-postcodes-parsing (district M1 is): check it is right; it is matched to the "
            "local area by its sector M1 1",
        ),
    ]


def test_bad_postcode_through_check(tmp_path: Path) -> None:
    folder = _tender(tmp_path)
    bad = (
        {**PLAN[0], "postcode": "75008"},
        {"supplier": "Halifax Builders", "postcode": "ZZ9 9ZZ", "kind": "SME", "amount": 5},
        {"supplier": "No Amount Ltd", "kind": "SME"},
    )
    add_response(folder, "acme", attrs.evolve(good_values(), spend_plan=bad))
    result = cli_runner().invoke(main, ["check", str(folder)], prog_name="socialvalue")
    out = result.output + (result.stderr if hasattr(result, "stderr") else "")
    assert result.exit_code == 1, out
    assert "Spend plan!C6" in out and '"75008" is not a UK postcode' in out, out
    assert "Spend plan!C7" in out and "outward code ZZ9" in out, out
    assert "Spend plan!F8" in out and "line 3 of the spend plan needs the GBP planned" in out, out
    assert "Traceback" not in out


def test_spend_plan_through_evaluate(tmp_path: Path) -> None:
    """A tender scoring a local share, from workbooks to results.json and the pack."""
    folder = complete_tender(
        tmp_path / "e",
        SPEND_RUBRIC,
        TENDER + LOCAL + "pack:\n  generated: 2026-03-01\n",
        (PLAN, ({"supplier": "Halifax Co", "postcode": "HX2 5AA", "kind": "SME", "amount": 1},)),
    )
    result = cli_runner().invoke(main, ["evaluate", str(folder)], prog_name="socialvalue")
    assert result.exit_code == 0, result.output
    record = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    acme = next(b for b in record["bidders"] if b["key"] == "acme")
    local = next(c for c in acme["criteria"] if c["id"] == "L1")
    # Local: BD1 1AA's 120,000 of the 2,000,000 contract = 6%; target 40%: 0.15 of 2 marks.
    assert local["spend"]["amount"] == "120000"
    assert local["spend"]["planned"] == "400000.5"
    assert local["spend"]["percent"] == "6"
    assert local["weighted_points"] == "0.3"
    # The pack shows the share with its arithmetic; the bidder's summary explains its own.
    pack = flat(" ".join(p.extract_text() for p in PdfReader(folder / "out" / "pack.pdf").pages))
    assert (
        "Local spend: GBP 120,000 on 1 of 3 lines (lines whose supplier postcode is in the "
        "local area (no postcode: not local)) / GBP 2,000,000 contract value x 100 = 6% of "
        "contract value (plan total GBP 400,000.50)."
    ) in pack, pack[:3000]
    assert "Local area: Test borough (as defined in Test Council Social Value Policy" in pack
    summary = folder / "out" / "summaries" / "acme-ltd.pdf"
    text = flat(" ".join(p.extract_text() for p in PdfReader(summary).pages))
    assert "Local spend: GBP 120,000 on 1 of 3 lines" in text
    assert "GBP 1 on 1 of 1 line" not in text  # never another bidder's figures
    # results.xlsx lists the plan's lines and sums what the share counts.
    book = load_workbook(folder / "out" / "results.xlsx")
    sheet = book[next(n for n in book.sheetnames if n.endswith("acme"))]
    rows = {
        ws_row[1].value: (ws_row[4].value, ws_row[5].value)
        for ws_row in sheet.iter_rows()
        if ws_row[1].value in ("Bradford Community Trust", "to be appointed", "National Plc")
    }
    amount, counted = rows["Bradford Community Trust"]
    assert amount == 120000 and str(counted).startswith("=E")
    assert rows["National Plc"][1] == 0 and rows["to be appointed"][1] == 0


def test_check_wants_a_local_area(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "n", SPEND_RUBRIC, TENDER)
    result = cli_runner().invoke(main, ["check", str(folder)], prog_name="socialvalue")
    out = result.output + (result.stderr if hasattr(result, "stderr") else "")
    assert result.exit_code == 1
    assert "scores the local share of the spend plan (L1) but tender.yaml declares no" in out


def test_shipped_keep_it_local_rubric(tmp_path: Path) -> None:
    """The shipped rubric makes a template with the Spend plan sheet and checks clean."""
    text = TENDER.replace(
        "rubric: rubric.yaml\nproxy_set: proxies.yaml\n", "rubric: keep-it-local\n"
    )
    folder = tmp_path / "k"
    make_tender_folder(folder, text + LOCAL)
    wb = load_workbook(folder / "out" / "response-template.xlsx")
    assert "Spend plan" in wb.sheetnames
    assert "V1 Spend with community organisations (vcse)" in wb["Spend plan"]["A2"].value
    result = cli_runner().invoke(main, ["check", str(folder)], prog_name="socialvalue")
    assert "error" not in result.output.lower(), result.output
