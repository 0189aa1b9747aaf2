"""LM3 for bids (issue 17): the Spend plan sheet's local wage bill, each bid's LM3 from its
plan at the buyer's declared re-spend shares, recorded in results.json; hand-computed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from forms_support import complete_tender, make_tender
from openpyxl import load_workbook
from test_spend_sheet import LOCAL, PLAN, SPEND_RUBRIC, TENDER

from socialvalue.cli import main
from socialvalue.testing import cli_runner

MULTIPLIER = """\
local_multiplier:
  respend: {suppliers: 0.5, employees: 0.4}
  source: Test borough supplier survey
  year: 2025
"""
BRAVO_PLAN = ({"supplier": "Halifax Co", "postcode": "HX2 5AA", "kind": "SME", "amount": 1},)


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = complete_tender(
        tmp_path_factory.mktemp("lm3") / "t",
        SPEND_RUBRIC,
        TENDER + LOCAL + MULTIPLIER + "pack:\n  generated: 2026-03-01\n",
        (PLAN, BRAVO_PLAN),
        ("380000", None),
    )
    result = cli_runner().invoke(main, ["evaluate", str(folder)], prog_name="socialvalue")
    assert result.exit_code == 0, result.output
    return folder


def _spend(folder: Path, key: str) -> dict[str, Any]:
    record = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    spend: dict[str, Any] = next(b for b in record["bidders"] if b["key"] == key)["spend"]
    return spend


def test_the_template_has_a_local_wage_bill_cell(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t", SPEND_RUBRIC, TENDER + LOCAL)
    wb = load_workbook(folder / "out" / "response-template.xlsx")
    assert wb.defined_names["sv_spend_local_wages"].attr_text == "'Spend plan'!$F$48"
    ws = wb["Spend plan"]
    assert ws["E48"].value == "Local wage bill"
    rules = [v for v in ws.data_validations.dataValidation if "F48" in str(v.sqref)]
    assert [(r.type, r.operator, r.formula1) for r in rules] == [
        ("decimal", "greaterThanOrEqual", "0")
    ]


def test_lm3_of_a_bid_by_hand(evaluated: Path) -> None:
    """Acme: contract GBP 2,000,000; local suppliers BD1 1AA's 120,000; wage bill 380,000.
    R2 = 500,000; R3 = 120,000 x 0.5 + 380,000 x 0.4 = 212,000;
    LM3 = (2,000,000 + 500,000 + 212,000) / 2,000,000 = 1.356, printed 1.36 (half up)."""
    spend = _spend(evaluated, "acme")
    lm3 = spend["lm3"]
    assert (lm3["local_suppliers"], lm3["local_wages"], lm3["round2"], lm3["round3"]) == (
        "120000",
        "380000",
        "500000",
        "212000",
    )
    assert lm3["lm3"] == "1.36" and lm3["reason"] == "" and lm3["local_wages_given"] is True
    assert (lm3["source"], lm3["year"]) == ("Test borough supplier survey", 2025)
    assert lm3["arithmetic"][-1] == "LM3 = (2,000,000 + 500,000 + 212,000) ÷ 2,000,000 = 1.36"
    # Shares of the contract value, all three whichever the rubric scores (here: local).
    shares = {s["share"]: (s["amount"], s["percent"], s["counted_lines"]) for s in spend["shares"]}
    # VCSE: the Trust's 120,000 = 6%; SME: the cleaning line's 30,000 = 1.5%.
    assert shares == {
        "local": ("120000", "6", 1),
        "vcse": ("120000", "6", 1),
        "sme": ("30000", "1.5", 1),
    }
    assert spend["planned"] == "400000.5" and spend["lines"] == 3


def test_a_blank_wage_bill_counts_zero_and_says_so(evaluated: Path) -> None:
    """Bravo: GBP 1 local (HX2 5AA), no wage bill: R2 = 1, R3 = 0.5, LM3 = 1.00000075 -> 1 (1.00 printed)."""
    lm3 = _spend(evaluated, "bravo")["lm3"]
    assert lm3["local_wages_given"] is False and lm3["local_wages"] == "0"
    assert (lm3["round2"], lm3["round3"], lm3["lm3"]) == ("1", "0.5", "1")


def test_no_declared_shares_no_lm3(tmp_path: Path) -> None:
    """Without local_multiplier: the shares are recorded, LM3 is not computed and says why."""
    folder = complete_tender(
        tmp_path / "n",
        SPEND_RUBRIC,
        TENDER + LOCAL + "pack:\n  generated: 2026-03-01\n",
        (PLAN, BRAVO_PLAN),
        ("380000", "0"),
    )
    result = cli_runner().invoke(main, ["score", str(folder)], prog_name="socialvalue")
    assert result.exit_code == 0, result.output
    lm3 = _spend(folder, "acme")["lm3"]
    assert lm3["lm3"] is None and lm3["round3"] is None
    assert lm3["reason"] == "not computed: no re-spend shares declared"
    assert lm3["arithmetic"][-1] == "LM3 not computed: no re-spend shares declared"


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_the_pack_shows_each_bids_shares_and_lm3_with_the_arithmetic(evaluated: Path) -> None:
    text = _pdf_text(evaluated / "out" / "pack.pdf")
    for line in (
        "Local spend: GBP 120,000 / GBP 2,000,000 contract value x 100 = 6%",
        "VCSE spend: GBP 120,000 / GBP 2,000,000 contract value x 100 = 6%",
        "SME spend: GBP 30,000 / GBP 2,000,000 contract value x 100 = 1.5%",
        "Round 2 (local spend) = GBP 120,000 local suppliers + GBP 380,000 local wages = "
        "GBP 500,000",
        "Round 3 (re-spent locally) = GBP 120,000 × 0.5 + GBP 380,000 × 0.4 = GBP 212,000",
        "LM3 = (2,000,000 + 500,000 + 212,000) ÷ 2,000,000 = 1.36",
        # Bravo's: a blank wage bill is said to count 0.
        "Round 2 (local spend) = GBP 1 local suppliers + GBP 0 local wages = GBP 1",
        "No local wage bill given: counted as GBP 0.",
        "Re-spend shares declared by the buyer from Test borough supplier survey (2025).",
    ):
        assert line in text, (line, text[:4000])


def test_the_summary_explains_the_bidders_own_figures_only(evaluated: Path) -> None:
    acme = _pdf_text(evaluated / "out" / "summaries" / "acme-ltd.pdf")
    assert "Your spend plan: local, VCSE and SME spend and LM3" in acme
    assert "LM3 = (2,000,000 + 500,000 + 212,000) ÷ 2,000,000 = 1.36" in acme
    assert "GBP 1 local suppliers" not in acme  # never another bidder's plan
    bravo = _pdf_text(evaluated / "out" / "summaries" / "bravo-plc.pdf")
    assert "No local wage bill given: counted as GBP 0." in bravo
    assert "= 1.36" not in bravo


def test_libreoffice_recalculates_the_bidders_shares_and_lm3_to_the_engine(
    evaluated: Path, tmp_path: Path
) -> None:
    """results.xlsx's bidder sheet: each share % and LM3 as formulas over the plan's figures,
    recalculated by LibreOffice to the engine's (1.36 for Acme), every check "ok"."""
    from forms_support import convert

    convert([evaluated / "out" / "results.xlsx"], tmp_path / "lo", tmp_path / "profile")
    book = load_workbook(tmp_path / "lo" / "results.xlsx", data_only=True)
    ws = book[next(n for n in book.sheetnames if n.endswith("acme"))]
    rows = {r[1].value: (r[2].value, r[3].value, r[4].value) for r in ws.iter_rows() if r[1].value}
    lm3 = rows["LM3 = (R1 + R2 + R3) / R1, to 2 places"]
    assert lm3 == (1.36, 1.36, "ok")
    assert rows["Round 3 (re-spent locally)"] == (212000, 212000, "ok")
    assert rows["SME share %"] == (1.5, 1.5, "ok")
    assert rows["Local wage bill (Spend plan sheet)"][0] == 380000


def test_the_spend_lines_multiply_out_and_read_cleanly(evaluated: Path) -> None:
    """Every line of arithmetic in the pack and the summaries recomputes from its printed
    operands (tests/pack_text.py's checker), the LM3 and share lines among them."""
    import pack_text

    pdfs = [
        evaluated / "out" / "pack.pdf",
        *sorted((evaluated / "out" / "summaries").glob("*.pdf")),
    ]
    texts = [_pdf_text(pdf) for pdf in pdfs]
    lines = [line for text in texts for line in pack_text.arithmetic_lines(text)]
    checked = [line.text for line in lines]
    assert any(t.startswith("LM3 = (2,000,000 + 500,000 + 212,000)") for t in checked), checked
    assert pack_text.wrong_sums(lines) == []
    assert [fault for text in texts for fault in pack_text.text_faults(text)] == []
