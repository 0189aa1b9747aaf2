"""``socialvalue contract report`` on the example contract (the example tender's winner with
four quarterly returns: one under-delivering, one with a queried figure, one late): the
ratings, delivery.json against its schema, the chain back to results.json, the outputs
replaced together and the same bytes on two runs."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from forms_support import convert
from jsonschema import Draft202012Validator
from pdfua import validate
from pypdf import PdfReader

from socialvalue.delivery.example import make_example_contract
from socialvalue.delivery.report_schema import render, schema_path
from socialvalue.testing import scored_example

OUTPUTS = ("delivery.json", "delivery.xlsx", "delivery.pdf")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("delivery-report")
    tender = scored_example(root)
    make_example_contract(tender, root / "contract")
    return root


@pytest.fixture
def folder(made: Path, tmp_path: Path) -> Path:
    """A copy of the tender and the example contract beside it; returns the contract."""
    shutil.copytree(made, tmp_path / "copy")
    return tmp_path / "copy" / "contract"


def report(cli, folder: Path, *args: str, exit_code: int = 0):
    return cli(["contract", "report", str(folder), *args], exit_code=exit_code)


def delivery(folder: Path) -> dict:
    return json.loads((folder / "out" / "delivery.json").read_text(encoding="utf-8"))


def test_the_report_rates_every_kpi_and_prints_the_table(cli, folder):
    result = report(cli, folder)
    assert [Path(line).name for line in result.stdout.split()] == list(OUTPUTS)
    assert "KPI" in result.stderr and "Rating" in result.stderr
    assert "As of 2027-03-31 (the latest period reported)." in result.stderr
    assert "Late returns: 2027-Q1 (21 days)." in result.stderr
    data = delivery(folder)
    kpis = {k["id"]: k for k in data["kpis"]}
    jobs = kpis["LA-JOBS-1"]  # 0.75 a quarter; half delivered in 2026-Q3
    assert (jobs["profile_to_date"], jobs["verified_to_date"]) == ("3", "2.63")
    assert jobs["percent_rounded"] == "87.7"
    assert jobs["rating"] == "Requires improvement"
    assert jobs["gbp_verified_to_date"] == "78900"  # 2.63 x GBP 30,000
    queried = kpis["LA-JOBS-2"]
    assert queried["rating"] == "Inadequate"
    assert "2026-Q4's figure is queried: not counted" in queried["reason"]
    q4 = next(p for p in queried["periods"] if p["period"] == "2026-Q4")
    assert q4["delivered"] == "0.33" and q4["verified"] == "0"
    assert q4["verification"]["state"] == "queried"
    assert q4["verification"]["by"] == "Helen Marsh"
    assert [x["period"] for x in data["late"]] == ["2027-Q1"]
    assert data["overdue"] == []


def test_the_demo_contract_reports_local_spend_against_plan_and_lm3(cli, folder):
    """The demo's returns list the payments behind LA-GROWTH-1 and -2. 2026-Q2 by hand: local
    = Millfield 12,000 + Hollins Green 10,000 + Recycling CIC 3,000 + Allotments 2,000 = 27,000
    (Eastbrook invoices from M1 1AD, outside HX1-HX3); VCSE = 3,000 + 2,000; SME = 12,000 +
    8,000 + 10,000 + 3,000 (the CIC is VCSE and SME: both) = 33,000. The plan is Greenway's
    spend plan over the term (local 420,000, VCSE 60,000, SME 360,000), spread by days: 91 of
    the 1,096 in 2026-Q2."""
    result = report(cli, folder)
    data = delivery(folder)["local_spend"]
    assert data["plan"]["local"] == "420000 over the term, spread by days"
    q2 = data["periods"][0]
    got = {c["category"]: (c["actual"], c["planned"]) for c in q2["categories"]}
    assert (got["local"][0], got["vcse"][0], got["sme"][0]) == ("27000", "5000", "33000")
    for category, term in (("local", 420000), ("vcse", 60000), ("sme", 360000)):
        planned = Fraction(Decimal(got[category][1]))
        assert abs(planned - Fraction(term * 91, 1096)) < Fraction(1, 10**20), category
    assert q2["lm3"]["arithmetic"][1].startswith("Round 2 (local spend) = GBP 27,000 local")
    # The terminal table: the latest period's spend to date, rated, and its LM3.
    lines = result.stderr.splitlines()
    assert any(line.startswith("Spend to 2027-Q1") and "Counted" in line for line in lines)
    assert any(line.startswith("Local ") and "GBP 94,500" in line for line in lines), lines
    # 2027-Q1 (90 days): R1 = 2,400,000 x 90 / 1,096 = 197,080.29; the bid's local wage bill
    # 960,000 x 90 / 1,096 = 78,832.12. Counted: R2 = 27,000 + 78,832.12, R3 = 13,500 +
    # 31,532.85: LM3 = 347,945.26 / 197,080.29 = 1.77. Planned (local 420,000 x 90 / 1,096 =
    # 34,489.05): (197,080.29 + 113,321.17 + 48,777.37) / 197,080.29 = 1.82, the bid's LM3.
    assert "LM3 in 2027-Q1: 1.77 (planned 1.82)." in lines


def test_delivery_json_validates_and_the_schema_is_shipped_up_to_date(cli, folder):
    assert schema_path().read_text(encoding="utf-8") == render(), (
        "socialvalue/schema/delivery.schema.json is out of date: run python scripts/make_schema.py"
    )
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    report(cli, folder, "--as-of", "2027-09-30")
    data = delivery(folder)
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors]
    assert data["schema_version"] == "1.2"
    data["kpis"][0]["rating"] = "Splendid"
    assert list(Draft202012Validator(schema).iter_errors(data))  # the schema can fail


def test_the_chain_back_to_results_json(cli, folder):
    results = folder.parent / "tender" / "out" / "results.json"
    import hashlib

    digest = hashlib.sha256(results.read_bytes()).hexdigest()
    report(cli, folder)
    chain = delivery(folder)["chain"]
    assert (chain["tender"], chain["results_sha256"], chain["state"]) == (
        "ABC-2026-017",
        digest,
        "unchanged",
    )
    results.write_bytes(results.read_bytes() + b" ")
    report(cli, folder)
    chain = delivery(folder)["chain"]
    assert chain["state"] == "changed" and chain["results_sha256_now"] != digest
    results.unlink()
    report(cli, folder)
    assert delivery(folder)["chain"]["state"] == "missing"


def test_as_of_given_lists_overdue_returns(cli, folder):
    result = report(cli, folder, "--as-of", "2027-10-31")
    data = delivery(folder)
    assert (data["as_of"], data["as_of_basis"]) == ("2027-10-31", "given")
    assert [(o["period"], o["return_due"], o["days"]) for o in data["overdue"]] == [
        ("2027-Q2", "2027-07-30", 93),
        ("2027-Q3", "2027-10-30", 1),
    ]
    assert "Overdue returns: 2027-Q2, 2027-Q3." in result.stderr
    period = data["kpis"][0]["periods"][5]
    assert (period["state"], period["rating"]) == ("overdue", "Other")


def test_same_bytes_on_two_runs(cli, folder):
    report(cli, folder)
    first = {name: (folder / "out" / name).read_bytes() for name in OUTPUTS}
    report(cli, folder)
    assert {name: (folder / "out" / name).read_bytes() for name in OUTPUTS} == first


def test_a_return_with_a_problem_refuses_the_report_and_keeps_the_outputs(cli, folder):
    report(cli, folder)
    before = (folder / "out" / "delivery.json").read_bytes()
    (folder / "returns" / "2027-Q1-return.xlsx").write_bytes(b"not a workbook")
    result = report(cli, folder, exit_code=1)
    assert "2027-Q1-return.xlsx" in result.stderr
    assert "Traceback" not in result.stderr
    assert (folder / "out" / "delivery.json").read_bytes() == before
    assert not [p for p in (folder / "out").iterdir() if p.name.startswith(".")]


def _cell(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(repr(value))


@pytest.mark.slow
def test_libreoffice_recalculates_delivery_xlsx_to_the_engine_figures(cli, folder, tmp_path):
    report(cli, folder, "--as-of", "2027-10-31")  # with overdue periods too
    source = folder / "out" / "delivery.xlsx"
    convert([source], tmp_path / "lo", tmp_path / "profile")
    formulas = openpyxl.load_workbook(source)
    values = openpyxl.load_workbook(tmp_path / "lo" / "delivery.xlsx", data_only=True)
    count = 0
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    got = values[ws.title][cell.coordinate].value
                    assert not (isinstance(got, str) and got.startswith(("#", "Err"))), (
                        f"{ws.title}!{cell.coordinate} {cell.value}: {got}"
                    )
                    count += 1
    assert count > 100
    sheet = values["KPIs"]
    rows = {sheet.cell(r, 1).value: r for r in range(10, sheet.max_row + 1)}
    columns = {
        "profile_to_date": 6,
        "delivered_to_date": 7,
        "verified_to_date": 8,
        "shortfall_to_date": 9,
        "percent_rounded": 10,
        "gbp_verified_to_date": 11,
    }
    for kpi in delivery(folder)["kpis"]:
        r = rows[kpi["id"]]
        for key, col in columns.items():
            want = None if kpi[key] is None else Decimal(kpi[key])
            got = _cell(sheet.cell(r, col).value)
            assert (got is None) == (want is None), (kpi["id"], key)
            if want is not None:
                assert abs(got - want) < Decimal("1E-9"), (kpi["id"], key, got, want)  # type: ignore[operator]
        assert sheet.cell(r, 12).value == kpi["rating"]
        assert sheet.cell(r, 14).value == "ok"


def test_delivery_pdf_is_tagged_and_says_every_rating_with_its_reason(cli, folder):
    report(cli, folder)
    path = folder / "out" / "delivery.pdf"
    reader = PdfReader(path)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    data = delivery(folder)
    assert "Delivery report" in text and data["supplier"] in text
    assert "Rated as of 2027-03-31 (the latest period reported)" in text
    assert "Late returns: 2027-Q1 (due 2027-04-30, returned 2027-05-21)" in text
    for kpi in data["kpis"]:
        assert f"{kpi['id']}: {kpi['title']}" in text
        assert " ".join(kpi["reason"].split()) in text, kpi["id"]
    assert "The referral letters for two of the posts are missing." in text  # the record
    assert "Contract Performance Notice" in text and "reg 39(5)" in text
    assert "Social value in GBP" in text
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and bool(root["/MarkInfo"]["/Marked"])
    findings = {(f.rule_id, f.severity.name) for f in validate(str(path)).findings}
    assert findings == set(), findings


def test_ocds_for_a_contract_publishes_the_rated_delivery(cli, folder):
    from socialvalue.ocds import validation_problems

    result = cli(["ocds", str(folder), "--ocid-prefix", "ocds-abc123"])
    path = folder / "out" / "ocds.json"
    assert result.stdout.strip().endswith("out/ocds.json")
    first = path.read_bytes()
    package = json.loads(first)
    assert validation_problems(package) == []
    release = package["releases"][0]
    assert release["tag"] == ["award", "contract", "implementation"]
    assert package["publishedDate"] == "2027-03-31T00:00:00Z"  # the report's as_of
    contract = release["contracts"][0]
    metrics = {m["id"]: m for m in contract["implementation"]["metrics"]}
    agreed = {m["id"] for m in contract["agreedMetrics"]}
    assert set(metrics) == agreed and "LA-COMM-3" not in metrics  # record only: not agreed
    q4 = next(o for o in metrics["LA-JOBS-2"]["observations"] if o["id"].endswith("Q4-delivered"))
    assert q4["measure"] == 0  # queried: not counted
    assert q4["measureClassification"]["id"] == "significantlyBelow"
    q2 = next(o for o in metrics["LA-JOBS-1"]["observations"] if o["id"].endswith("Q2-delivered"))
    assert (q2["measure"], q2["measureClassification"]["id"]) == (0.75, "met")
    cli(["ocds", str(folder), "--ocid-prefix", "ocds-abc123"])
    assert path.read_bytes() == first
    cli(["ocds", str(folder.parent / "tender"), "--as-of", "2027-01-01"], exit_code=2)


def test_hostile_supplier_text_stays_text_in_every_output(cli, folder):
    from socialvalue.delivery.example import return_values
    from socialvalue.delivery.load import load_contract
    from socialvalue.delivery.return_layout import return_fields
    from socialvalue.delivery.returns import make_return_workbook
    from socialvalue.forms import fill_by_names

    contract = load_contract(folder)
    cells = return_values(contract, "2026-Q2")
    hostile = '@HYPERLINK("http://x.invalid") <script>alert(1)</script> {{ 7*7 }}'
    cells[return_fields(contract).kpis[0].evidence.name] = hostile
    blank = make_return_workbook(folder, "2026-Q2")
    fill_by_names(blank, folder / "returns" / "2026-Q2-return.xlsx", cells)
    cli(["contract", "verification", str(folder)])
    report(cli, folder)
    sheet = openpyxl.load_workbook(folder / "out" / "delivery.xlsx")["Periods"]
    evidence = next(
        sheet.cell(r, 11)
        for r in range(2, sheet.max_row + 1)
        if (sheet.cell(r, 1).value, sheet.cell(r, 2).value) == ("LA-JOBS-1", "2026-Q2")
    )
    assert evidence.data_type == "s" and "HYPERLINK" in str(evidence.value)
    assert not str(evidence.value).startswith("=")
    reader = PdfReader(folder / "out" / "delivery.pdf")
    text = "".join("".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "<script>alert(1)</script>{{7*7}}" in text  # as typed (a narrow column wraps it)


def test_a_contract_with_no_returns_yet(cli, folder, tmp_path):
    fresh = tmp_path / "fresh"
    cli(["contract", "init", str(fresh), "--from", str(folder.parent / "tender")])
    result = report(cli, fresh)
    data = delivery(fresh)
    assert (data["as_of"], data["as_of_basis"]) == (
        "2026-04-01",
        "the contract's start: nothing reported",
    )
    assert {(k["rating"], k["reason"]) for k in data["kpis"]} == {("Other", "nothing is due yet")}
    assert data["overdue"] == [] and data["totals"]["gbp_verified_to_date"] == "0"
    assert "Other" in result.stderr
    result = report(cli, fresh, "--as-of", "2026-09-01")  # 2026-Q2's return is overdue
    data = delivery(fresh)
    assert [o["period"] for o in data["overdue"]] == ["2026-Q2"]
    assert {k["rating"] for k in data["kpis"]} == {"Inadequate"}
    assert "Overdue returns: 2026-Q2." in result.stderr
