"""``socialvalue portfolio report`` on the shipped example portfolio: the three outputs,
portfolio.json against its schema and against sums made from each contract's own delivery
record, the same bytes twice, the PDF's text read back, and the index rebuilt after a change,
after deletion and when corrupt."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from pdfua import validate
from pypdf import PdfReader

from socialvalue.delivery.report import delivery_record
from socialvalue.ocds.schema import validation_problems
from socialvalue.portfolio.generate import fill_return
from socialvalue.portfolio.index import INDEX_FILE
from socialvalue.portfolio.ocds import write_portfolio_package
from socialvalue.portfolio.report import OUTPUTS, write_portfolio_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "portfolio"
CONTRACTS = ("contract", "grounds", "libraries", "transport")
SCHEMA = ROOT / "socialvalue" / "schema" / "portfolio.schema.json"


def copy(tmp: Path) -> Path:
    target = tmp / "portfolio"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(INDEX_FILE, "out"))
    shutil.copytree(EXAMPLE / "tender" / "out", target / "tender" / "out")
    return target


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy(tmp_path_factory.mktemp("portfolio"))
    write_portfolio_report(folder)
    return folder


def data(folder: Path, out: str = "out") -> dict:
    return json.loads((folder / out / "portfolio.json").read_text(encoding="utf-8"))


def test_the_report_writes_the_three_files_and_the_json_fits_its_schema(made):
    assert sorted(p.name for p in (made / "out").iterdir()) == sorted(OUTPUTS)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(data(made)))
    assert errors == []
    assert [m["status"] for m in data(made)["members"]] == ["ok"] * 5


def test_the_totals_are_the_sums_of_each_contracts_own_record(made):
    year_end = dt.date(2027, 3, 31)
    committed = verified = Decimal(0)
    for name in CONTRACTS:
        record = delivery_record(made / name, as_of=year_end)
        committed += sum((k.gbp_committed or 0 for k in record.kpis), Decimal(0))
        verified += sum((k.gbp_verified_to_date or 0 for k in record.kpis), Decimal(0))
    totals = data(made)["totals"]
    assert Decimal(totals["gbp_committed"]) == committed.quantize(Decimal("0.01"))
    assert Decimal(totals["gbp_verified_to_date"]) == verified.quantize(Decimal("0.01"))
    themes = data(made)["themes"]
    assert [t["theme"] for t in themes] == ["Jobs", "Growth", "Communities", "Environment"]
    assert sum(Decimal(t["gbp_committed"]) for t in themes) == committed.quantize(Decimal("0.01"))
    ratings = sum(sum(t["ratings"].values()) for t in themes)
    assert ratings == sum(totals["ratings"].values()) == 12 * 4


def test_a_measure_adds_its_quantities_across_contracts(made):
    year_end = dt.date(2027, 3, 31)
    want = Decimal(0)
    for name in CONTRACTS:
        record = delivery_record(made / name, as_of=year_end)
        want += next(k.verified_to_date for k in record.kpis if k.id == "LA-JOBS-1")
    jobs = next(m for m in data(made)["measures"] if m["measure"] == "LA-JOBS-1")
    assert Decimal(jobs["verified_to_date"]) == want
    assert jobs["unit"] == "FTE" and jobs["theme"] == "Jobs"
    assert jobs["outcome"] == "LA-JOBS: Commitments to local employment and skills"
    outcome = next(o for o in data(made)["outcomes"] if o["outcome"] == jobs["outcome"])
    theme = next(t for t in data(made)["themes"] if t["theme"] == "Jobs")
    assert outcome["gbp_committed"] == theme["gbp_committed"]  # one outcome in the theme


def test_the_same_inputs_give_the_same_bytes(made, tmp_path):
    again = copy(tmp_path)
    write_portfolio_report(again)
    for name in OUTPUTS:
        assert (again / "out" / name).read_bytes() == (made / "out" / name).read_bytes(), name


def test_the_pdf_reads_back_with_the_figures(made):
    text = subprocess.run(
        ["pdftotext", "-layout", str(made / "out" / "portfolio.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    totals = data(made)["totals"]
    assert "Ashcombe Borough Council" in text
    assert "Committed and verified by theme" in text and "KPI ratings" in text
    committed = f"GBP {Decimal(totals['gbp_committed']):,}"
    assert committed in text
    for name in CONTRACTS[1:]:
        assert name in text
    root = PdfReader(made / "out" / "portfolio.pdf").trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    findings = {
        (f.rule_id, f.severity.name) for f in validate(str(made / "out" / "portfolio.pdf")).findings
    }
    assert findings == set(), findings


def test_the_index_rereads_only_what_changed_and_can_be_deleted(tmp_path):
    folder = copy(tmp_path)
    assert write_portfolio_report(folder).found.read == 5
    assert write_portfolio_report(folder).found.read == 0
    before = data(folder)
    fill_return(folder / "grounds", "2026-Q3", Decimal("0.2"), dt.date(2026, 10, 14))
    changed = write_portfolio_report(folder)
    assert changed.found.read == 1
    after = data(folder)
    assert after["totals"]["gbp_delivered_to_date"] != before["totals"]["gbp_delivered_to_date"]
    kept = (folder / "out" / "portfolio.json").read_bytes()
    (folder / INDEX_FILE).unlink()
    assert write_portfolio_report(folder).found.read == 5
    assert (folder / "out" / "portfolio.json").read_bytes() == kept


def test_a_corrupt_index_is_rebuilt_with_a_warning(tmp_path):
    folder = copy(tmp_path)
    (folder / INDEX_FILE).write_bytes(b"not a database" * 100)
    written = write_portfolio_report(folder)
    assert written.found.read == 5
    assert any("rebuilding" in w for w in written.found.warnings)
    assert write_portfolio_report(folder).found.read == 0


def test_one_ocds_package_holds_every_members_releases(made):
    path = write_portfolio_package(made)
    package = json.loads(path.read_text(encoding="utf-8"))
    assert validation_problems(package) == []
    ids = [r["id"] for r in package["releases"]]
    assert len(ids) == len(set(ids)) >= 2
    assert any("implementation" in i for i in ids)
