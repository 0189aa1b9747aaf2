"""A newer proxy set named in contract.yaml: GBP delivered at the award's values and at the
newer ones, side by side in delivery.json, .xlsx and .pdf; the rating stays on quantities.
Every problem with the named set is a message naming contract.yaml's line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from forms_support import convert
from pypdf import PdfReader
from test_delivery_ratings import Q2, check, contract, ret

from socialvalue.delivery.example import make_example_contract
from socialvalue.delivery.load import load_contract
from socialvalue.delivery.ratings import rate_delivery
from socialvalue.rubric.proxies import ProxySet, ProxyValue
from socialvalue.testing import scored_example

D = Decimal
NEWER = """\
id: council-2027
name: The council's 2027 values
source: Hand-made for this test
version: "2027.1"
licence: test only
price_year: 2027
currency: {currency}
example: true
values:
  - {{measure: LA-JOBS-1, unit: {unit}, value: 32000}}
  - {{measure: LA-JOBS-2, unit: FTE, value: 40000}}
"""


def proxy_set(**values: tuple[str, str]) -> ProxySet:
    return ProxySet(
        "newer",
        "Newer",
        "test",
        "2",
        "test",
        2027,
        "GBP",
        True,
        {m: ProxyValue(m, unit, D(v)) for m, (unit, v) in values.items()},
    )


def test_the_engine_values_delivery_at_both_sets_and_rates_on_quantities():
    old = contract()
    new = attrs.evolve(old, newer_proxies=proxy_set(JOBS=("weeks", "3.10"), REC=("hours", "9")))
    returns, checks = [ret(Q2, {"JOBS": "3.6", "REC": "4"})], [check(Q2, "JOBS")]
    before = rate_delivery(old, returns, checks, dt.date(2026, 6, 30)).kpis
    after = rate_delivery(new, returns, checks, dt.date(2026, 6, 30)).kpis
    jobs, rec = after
    assert (jobs.rating, jobs.reason) == (before[0].rating, before[0].reason)
    assert jobs.gbp_verified_to_date == D("9")  # 3.6 x 2.50, the award's value
    assert jobs.proxy_value_newer == D("3.10")
    assert jobs.gbp_verified_to_date_newer == D("11.16")  # 3.6 x 3.10, exact
    assert (jobs.gbp_committed_newer, jobs.gbp_profile_to_date_newer) == (D("49.6"), D("12.4"))
    assert jobs.periods[0].gbp_verified_newer == D("11.16")
    # a record-only KPI stays unvalued, whatever the newer set says
    assert rec.proxy_value_newer is None and rec.gbp_verified_to_date_newer is None
    assert before[0].proxy_value_newer is None  # no newer set: none
    unvalued = attrs.evolve(old, newer_proxies=proxy_set(REC=("hours", "9")))
    assert (
        rate_delivery(unvalued, returns, checks, dt.date(2026, 6, 30))
        .kpis[0]
        .gbp_verified_to_date_newer
        is None
    )


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("delivery-newer")
    make_example_contract(scored_example(root), root / "contract")
    return root


@pytest.fixture
def folder(made: Path, tmp_path: Path) -> Path:
    shutil.copytree(made, tmp_path / "copy")
    return tmp_path / "copy" / "contract"


def name_newer_set(folder: Path, ref: str = "council-2027", **fmt: str) -> int:
    """Write the hand-made set to proxies/ in the contract folder and name it in contract.yaml;
    returns the line it is named on."""
    (folder / "proxies").mkdir(exist_ok=True)
    values = {"currency": "GBP", "unit": "FTE"} | fmt
    (folder / "proxies" / "council-2027.yaml").write_text(NEWER.format(**values), "utf-8")
    path = folder / "contract.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "\nkpis:\n", f"\nnewer_proxy_set: {ref}\nkpis:\n", 1
    )
    path.write_text(text, encoding="utf-8")
    return text.splitlines().index(f"newer_proxy_set: {ref}") + 1


def test_the_report_shows_gbp_at_the_award_and_at_the_newer_set(cli, folder):
    name_newer_set(folder)
    assert load_contract(folder).newer_proxy_set == "council-2027"
    cli(["contract", "report", str(folder)])
    data = json.loads((folder / "out" / "delivery.json").read_text(encoding="utf-8"))
    assert (data["chain"]["newer_proxy_set"], data["chain"]["newer_proxy_set_version"]) == (
        "council-2027",
        "2027.1",
    )
    kpis = {k["id"]: k for k in data["kpis"]}
    jobs = kpis["LA-JOBS-1"]
    assert (jobs["proxy_value"], jobs["proxy_value_newer"]) == ("30000", "32000")
    verified = D(jobs["verified_to_date"])
    assert D(jobs["gbp_verified_to_date"]) == verified * 30000
    assert D(jobs["gbp_verified_to_date_newer"]) == verified * 32000
    # measures the newer set does not value: no newer figure (and not in the newer total)
    others = [k for k in kpis.values() if k["id"] not in ("LA-JOBS-1", "LA-JOBS-2")]
    assert all(k["gbp_verified_to_date_newer"] is None for k in others)
    newer_total = sum(
        (D(k["gbp_verified_to_date_newer"]) for k in kpis.values() if k["proxy_value_newer"]),
        D(0),
    )
    assert D(data["totals"]["gbp_verified_to_date_newer"]) == newer_total
    wb = openpyxl.load_workbook(folder / "out" / "delivery.xlsx")
    ws = wb["KPIs"]
    heads = [c.value for c in ws[9]]
    assert heads[-2:] == ["Proxy value (newer set)", "GBP verified to date (newer set)"]
    row = next(r for r in ws.iter_rows(min_row=10) if r[0].value == "LA-JOBS-1")
    assert (row[14].value, row[15].value) == (
        32000,
        f'=IF(O{row[0].row}="","",H{row[0].row}*O{row[0].row})',
    )
    text = " ".join(
        (p.extract_text() or "") for p in PdfReader(folder / "out" / "delivery.pdf").pages
    )
    text = " ".join(text.split())
    assert "At the newer proxy set council-2027 2027.1:" in text
    assert "at the newer proxy set council-2027 2027.1, of" in text


def test_without_a_newer_set_nothing_newer_is_shown(cli, folder):
    cli(["contract", "report", str(folder)])
    data = json.loads((folder / "out" / "delivery.json").read_text(encoding="utf-8"))
    assert data["chain"]["newer_proxy_set"] is None
    assert data["totals"]["gbp_verified_to_date_newer"] is None
    heads = [c.value for c in openpyxl.load_workbook(folder / "out" / "delivery.xlsx")["KPIs"][9]]
    assert heads[-1] == "Check"


@pytest.mark.parametrize(
    ("ref", "fmt", "message"),
    [
        (
            "no-such-set",
            {},
            "proxy set `no-such-set` not found: no such file in the contract folder",
        ),
        (
            "council-2027",
            {"currency": "EUR"},
            "proxy set `council-2027` is in EUR, the contract in GBP",
        ),
        (
            "council-2027",
            {"unit": "hours"},
            "proxy set `council-2027` values LA-JOBS-1 per hours, the KPI counts FTE",
        ),
    ],
)
def test_a_newer_set_that_cannot_be_used_is_a_problem_naming_the_line(
    cli, folder, ref, fmt, message
):
    line = name_newer_set(folder, ref, **fmt)
    result = cli(["contract", "check", str(folder)], 1)
    assert f"contract.yaml:{line}:18: {message}" in result.stderr


@pytest.mark.slow
def test_libreoffice_recalculates_the_newer_column_to_the_engines_figures(cli, folder, tmp_path):
    name_newer_set(folder)
    cli(["contract", "report", str(folder)])
    source = folder / "out" / "delivery.xlsx"
    convert([source], tmp_path / "lo", tmp_path / "profile")
    sheet = openpyxl.load_workbook(tmp_path / "lo" / "delivery.xlsx", data_only=True)["KPIs"]
    rows = {sheet.cell(r, 1).value: r for r in range(10, sheet.max_row + 1)}
    data = json.loads((folder / "out" / "delivery.json").read_text(encoding="utf-8"))
    valued = 0
    for kpi in data["kpis"]:
        got = sheet.cell(rows[kpi["id"]], 16).value
        if kpi["gbp_verified_to_date_newer"] is None:
            assert got in (None, ""), kpi["id"]
        else:
            valued += 1
            want = D(kpi["gbp_verified_to_date_newer"])
            assert abs(D(repr(got)) - want) < D("1E-6"), (kpi["id"], got, want)
    assert valued == 2
