"""Local, VCSE and SME spend and LM3 by period in the delivery report, through the CLI, on a
contract from a scored copy of the example tender that declares its own local area and re-spend
shares (in place of the example's), with a plan of its own; every figure hand-computed."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from socialvalue.delivery.load import load_contract
from socialvalue.testing import fill_return, fill_verification, without_yaml_keys
from socialvalue.workflow import copy_example, score_tender

D = Decimal
LOCAL = """\
local_area:
  name: Calderdale and Bradford
  policy: Calderdale Council Social Value Policy 2024, section 3
  postcodes: [BD, HX1-HX7]
local_multiplier:
  respend: {suppliers: 0.5, employees: 0.4}
  source: Calderdale supplier and staff survey
  year: 2025
"""
PLAN = """\
local_spend:
  local: {share: 0.2}
  sme: {kpi: LA-GROWTH-1}
  vcse: {kpi: LA-GROWTH-2}
  local_wages: {share: 0.3}
"""
# GBP 2.4m over 2026-04-01 to 2029-03-31 (1,096 days): 2026-Q2 has 91 of them, 2026-Q3 92.
Q2_VALUE = Fraction(2_400_000 * 91, 1096)
Q3_VALUE = Fraction(2_400_000 * 92, 1096)
SPEND = {
    "2026-Q2": (
        ("Bradford Bakery Ltd", "BD1 1AA", "SME", 20000, "LA-GROWTH-1"),
        ("Leeds Logistics Ltd", "LS1 4AP", "SME", 10000, "LA-GROWTH-1"),
        ("Halifax Community Trust", "hx3 5ab", "VCSE", 5000, "LA-GROWTH-2"),
    ),
    "2026-Q3": (
        ("Bradford Bakery Ltd", "BD1 1AA", "SME", 10000, "LA-GROWTH-1"),
        ("Nowhere Ltd", "ZZ99 9ZZ", "SME", 5000, "LA-GROWTH-1"),
        ("Halifax Community Trust", "HX3 5AB", "VCSE", 2500, "LA-GROWTH-2"),
    ),
}


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tender = copy_example(tmp_path_factory.mktemp("local-spend") / "tender")
    yaml = tender / "tender.yaml"
    text = without_yaml_keys(yaml.read_text(encoding="utf-8"), "local_area", "local_multiplier")
    yaml.write_text(text + LOCAL, encoding="utf-8")
    score_tender(tender)
    return tender


def _contract(cli, tender: Path, folder: Path, plan: str = PLAN) -> Path:
    cli(["contract", "init", str(folder), "--from", str(tender)])
    yaml = folder / "contract.yaml"
    text = without_yaml_keys(yaml.read_text(encoding="utf-8"), "local_spend")  # the bid's plan
    yaml.write_text(text + plan, encoding="utf-8")
    contract = load_contract(folder)
    for period, lines in SPEND.items():
        half = D(1) if period == "2026-Q2" else D("0.5")
        blank = Path(cli(["returns", str(folder), "--period", period]).stdout.strip())
        delivered = {
            k.id: ((k.due(period) * half).quantize(D("0.01")), f"Records for {k.id}")
            for k in contract.kpis
        }
        fill_return(
            blank, folder / "returns" / blank.name, contract, delivered=delivered, spend=lines
        )
    cli(["contract", "verification", str(folder)])
    records = {
        (p, k.id): ("verified", "", "Helen Marsh", "2026-10-30")
        for p in SPEND
        for k in contract.kpis
    }
    records["2026-Q3", "LA-GROWTH-1"] = ("queried", "Invoices missing", "Helen Marsh", "2026-10-30")
    fill_verification(folder / "verification" / "verification.xlsx", records)
    return folder


@pytest.fixture
def reported(cli, tender, tmp_path) -> dict:
    folder = _contract(cli, tender, tmp_path / "contract")
    cli(["contract", "report", str(folder)])
    return json.loads((folder / "out" / "delivery.json").read_text(encoding="utf-8"))


def _close(text: str | None, exact: Fraction) -> bool:
    """Whether delivery.json's figure is ``exact`` to 20 places (it keeps 50 digits)."""
    return abs(Fraction(_dec(text)) - exact) < Fraction(1, 10**20)


def _dec(text: str | None) -> Decimal:
    assert text is not None
    return D(text)


def test_contract_init_copies_the_local_area_and_the_declaration(cli, tender, tmp_path):
    folder = tmp_path / "contract"
    cli(["contract", "init", str(folder), "--from", str(tender)])
    contract = load_contract(folder)
    assert contract.local_area is not None
    assert contract.local_area.postcodes == ("BD", "HX1-HX7")
    assert contract.local_area.contains("BD1 1AA") and not contract.local_area.contains("LS1 4AP")
    assert contract.local_multiplier is not None
    assert contract.local_multiplier.source == "Calderdale supplier and staff survey"
    # The winning bid's spend plan (Greenway's Spend plan sheet): every line in BD or HX1-HX7 is
    # local (144,000 + 96,000 + 120,000 + 36,000 + 24,000; LS10 is not), its two VCSE lines
    # 36,000 + 24,000, its three SME lines 144,000 + 96,000 + 120,000, its local wage bill.
    plan = contract.local_spend
    assert plan is not None
    assert plan.local is not None and plan.local.amount == 420000
    assert plan.vcse is not None and plan.vcse.amount == 60000
    assert plan.sme is not None and plan.sme.amount == 360000
    assert plan.local_wages is not None and plan.local_wages.amount == 960000
    assert "from the winning bid's spend plan" in (folder / "contract.yaml").read_text("utf-8")


def test_local_vcse_and_sme_spend_by_period_against_the_plan(reported):
    local = reported["local_spend"]
    assert local["area"].startswith("Calderdale and Bradford (as defined in Calderdale Council")
    assert local["respend"] == "Calderdale supplier and staff survey, 2025"
    assert local["plan"] == {
        "local": "0.2 of the period's contract value",
        "sme": "KPI LA-GROWTH-1's profile",
        "vcse": "KPI LA-GROWTH-2's profile",
        "local_wages": "0.3 of the period's contract value",
    }
    q2, q3 = local["periods"]
    assert (q2["period"], q3["period"]) == ("2026-Q2", "2026-Q3")
    cats = {c["category"]: c for c in q2["categories"]}
    # Local: Bradford Bakery (BD) 20,000 + Halifax Community Trust (HX3) 5,000; Leeds is not.
    assert _dec(cats["local"]["actual"]) == 25000
    assert _close(cats["local"]["planned"], Q2_VALUE / 5)
    assert cats["local"]["planned_percent_rounded"] == "20.0"
    # 25,000 of 2,400,000 x 91 / 1,096 = 199,270.07...: 12.5%
    assert cats["local"]["actual_percent_rounded"] == "12.5"
    assert cats["local"]["rating"] == "Inadequate"  # 25,000 / 39,854.01 = 62.7%
    assert "62.7%" in cats["local"]["reason"]
    assert (_dec(cats["sme"]["planned"]), _dec(cats["sme"]["actual"])) == (30000, 30000)
    assert cats["sme"]["rating"] == "Good"
    assert (_dec(cats["vcse"]["planned"]), _dec(cats["vcse"]["actual"])) == (5000, 5000)
    assert q2["not_placed"] == []
    cats3 = {c["category"]: c for c in q3["categories"]}
    # LA-GROWTH-1's Q3 figure is queried: its lines are returned, not counted.
    assert (_dec(cats3["sme"]["returned"]), _dec(cats3["sme"]["actual"])) == (15000, 0)
    assert cats3["sme"]["rating"] == "Inadequate"  # 30,000 of 60,000 to date: 50%
    assert (_dec(cats3["local"]["returned"]), _dec(cats3["local"]["actual"])) == (12500, 2500)
    assert _dec(cats3["vcse"]["actual_to_date"]) == 7500
    assert cats3["vcse"]["rating"] == "Requires improvement"  # 7,500 of 10,000: 75%
    assert q3["not_placed"] == ["returns/2026-Q3-return.xlsx: Spend!B6: ZZ99 9ZZ"]


def test_lm3_by_period_by_hand(reported):
    q2, q3 = reported["local_spend"]["periods"]
    # R1 = V; R2 = 25,000 + 0.3 V; R3 = 0.5 x 25,000 + 0.4 x 0.3 V:
    # LM3 = 1.42 + 37,500 / V = 1.42 + 37,500 x 1,096 / (2,400,000 x 91) = 1.6081...
    expected = Fraction(142, 100) + 37500 / Q2_VALUE
    assert _close(q2["lm3"]["actual"], expected)
    assert q2["lm3"]["actual_rounded"] == "1.61"
    # As planned: local 0.2 V: 1 + 0.2 + 0.3 + 0.1 + 0.12 = 1.72.
    assert q2["lm3"]["planned_rounded"] == "1.72"
    lines = q2["lm3"]["arithmetic"]
    assert lines[1].startswith("Round 2 (local spend) = GBP 25,000 local suppliers + GBP ")
    assert lines[-1].endswith("= 1.61")
    # Q3: only the VCSE line's 2,500 counts: LM3 = 1.42 + 3,750 / V3.
    expected3 = Fraction(142, 100) + 3750 / Q3_VALUE
    assert q3["lm3"]["actual_rounded"] == str(
        (D(expected3.numerator) / expected3.denominator).quantize(D("0.01"))
    )


def test_without_a_declaration_lm3_is_not_computed_and_without_a_plan_nothing_is_rated(
    cli, tmp_path
):
    from socialvalue.testing import scored_example

    tender = scored_example(tmp_path)
    folder = tmp_path / "contract"
    cli(["contract", "init", str(folder), "--from", str(tender)])
    yaml = folder / "contract.yaml"
    text = without_yaml_keys(
        yaml.read_text(encoding="utf-8"), "local_area", "local_multiplier", "local_spend"
    )
    yaml.write_text(
        text + "local_area: {name: Bradford, policy: Bradford policy, postcodes: [BD]}\n",
        encoding="utf-8",
    )
    cli(["contract", "report", str(folder), "--as-of", "2026-06-30"])
    data = json.loads((folder / "out" / "delivery.json").read_text(encoding="utf-8"))
    (q2,) = data["local_spend"]["periods"]
    assert q2["reported"] is False
    assert q2["lm3"]["actual"] is None
    assert q2["lm3"]["reason"] == "not computed: no re-spend shares declared"
    assert {(c["rating"], c["reason"]) for c in q2["categories"]} == {
        ("Other", "the return for 2026-Q2 is not in")
    }


def test_a_bad_plan_names_its_line(cli, tender, tmp_path):
    folder = tmp_path / "contract"
    cli(["contract", "init", str(folder), "--from", str(tender)])
    yaml = folder / "contract.yaml"
    text = without_yaml_keys(yaml.read_text(encoding="utf-8"), "local_spend")
    lines = text.count("\n")
    yaml.write_text(
        text + "local_spend:\n  local: {share: 1.5}\n  sme: {kpi: LA-JOBS-1}\n  vcse: {}\n",
        encoding="utf-8",
    )
    result = cli(["contract", "check", str(folder)], exit_code=1)
    out = result.stdout + result.stderr
    assert f"contract.yaml:{lines + 2}" in out and "share must be at most 1" in out
    assert "kpi LA-JOBS-1 is not a KPI of this contract counted in money" in out
    assert "local_spend.vcse needs one of `share`, `amount` or `kpi`" in out


@pytest.fixture
def made(cli, tender, tmp_path) -> Path:
    folder = _contract(cli, tender, tmp_path / "contract")
    cli(["contract", "report", str(folder)])
    return folder


def test_delivery_xlsx_has_the_local_spend_sheet_with_live_formulas(made):
    import openpyxl

    ws = openpyxl.load_workbook(made / "out" / "delivery.xlsx")["Local spend"]
    header = [c.value for c in ws[6]]
    assert header[:4] == ["Period", "Period value", "Local planned", "Local counted"]
    lm3 = header.index("LM3") + 1
    assert (ws["B3"].value, ws["B4"].value) == (0.5, 0.4)
    assert ws.cell(7, 1).value == "2026-Q2" and ws.cell(7, 4).value == 25000
    assert str(ws.cell(7, lm3).value).startswith("=ROUND(($B7+D7+")
    assert ws.cell(7, lm3 + 1).value == 1.61
    assert ws.cell(7, 6).value == "=ROUND(D7/$B7*100,1)"


@pytest.mark.slow
def test_libreoffice_recalculates_the_local_spend_sheet_to_the_engine(made, tmp_path):
    import openpyxl
    from forms_support import convert

    convert([made / "out" / "delivery.xlsx"], tmp_path / "lo", tmp_path / "profile")
    ws = openpyxl.load_workbook(tmp_path / "lo" / "delivery.xlsx", data_only=True)["Local spend"]
    header = [c.value for c in ws[6]]
    check = header.index("Check") + 1
    assert [ws.cell(r, check).value for r in (7, 8)] == ["ok", "ok"]
    assert ws.cell(7, 6).value == 12.5  # Local %


def test_delivery_pdf_shows_the_table_and_the_lm3_arithmetic(made):
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(made / "out" / "delivery.pdf").pages)
    text = " ".join(text.split())
    assert "Local spend" in text
    for title in ("Local", "VCSE", "SME"):
        assert f"{title} spend by period: planned against counted" in text
    assert "LM3 by period: planned against counted" in text
    assert "GBP 25,000 (12.5%)" in text
    assert "LM3 = (" in text and "= 1.61" in text
    assert "Calderdale supplier and staff survey, 2025" in text
    assert "ZZ99 9ZZ" in text


def test_a_plan_as_an_amount_over_the_term_is_spread_by_days(cli, tender, tmp_path):
    plan = PLAN.replace("local: {share: 0.2}", "local: {amount: 480000}")
    folder = _contract(cli, tender, tmp_path / "contract", plan)
    cli(["contract", "report", str(folder)])
    data = json.loads((folder / "out" / "delivery.json").read_text(encoding="utf-8"))
    q2, q3 = data["local_spend"]["periods"]
    # GBP 480,000 over 1,096 days: 91 days of it in 2026-Q2, 92 in 2026-Q3.
    assert _close(q2["categories"][0]["planned"], Fraction(480000 * 91, 1096))
    assert _close(q3["categories"][0]["planned_to_date"], Fraction(480000 * 183, 1096))
    assert data["local_spend"]["plan"]["local"] == "480000 over the term, spread by days"


def test_the_bids_spend_plan_becomes_the_contracts_plan(cli, tender, tmp_path):
    """contract init writes the winner's spend plan shares (results.json's spend figures) as
    amounts over the term; here the lines local_yaml writes for them, loaded back."""
    from socialvalue.delivery.local_plan import local_yaml

    folder = tmp_path / "contract"
    cli(["contract", "init", str(folder), "--from", str(tender)])
    yaml = folder / "contract.yaml"
    lines = local_yaml(None, None, [], {"local": D("420000"), "vcse": D("60000.50")})
    assert "local_spend:" in lines and "  vcse: {amount: 60000.5}" in lines
    text = yaml.read_text(encoding="utf-8").split("\n# The planned local")[0]
    yaml.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    plan = load_contract(folder).local_spend
    assert plan is not None and plan.local is not None and plan.vcse is not None
    assert (plan.local.amount, plan.vcse.amount, plan.sme) == (D(420000), D("60000.5"), None)


def test_the_bids_local_wage_bill_becomes_the_contracts_planned_wages(tmp_path):
    """contract init copies the winner's local wage bill (results.json's bidders[].spend) as
    ``local_wages: {amount: ...}``, loadable, with a comment saying where it comes from."""
    from socialvalue.delivery.local_plan import local_yaml

    lines = local_yaml(None, None, [], {"local": D("120000"), "local_wages": D("380000")})
    assert "  local_wages: {amount: 380000}" in lines
    assert any("local_wages is the bid's local wage bill" in line for line in lines)
    assert not any("Add the local wage bill" in line for line in lines)
