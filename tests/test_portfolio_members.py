"""portfolio.yaml's problems by line, a broken member reported with its path while the others
are read, and the aggregation's arithmetic against sums made by hand."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from socialvalue.errors import InputError
from socialvalue.portfolio.aggregate import aggregate
from socialvalue.portfolio.config import load_portfolio
from socialvalue.portfolio.index import INDEX_FILE
from socialvalue.portfolio.reading import read_portfolio

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "portfolio"


def test_portfolio_yaml_problems_are_all_reported_with_their_lines(tmp_path):
    (tmp_path / "portfolio.yaml").write_text(
        "organisation: Ashcombe\n"
        "year_start: 2026-04-01\n"
        "year_end: 2026-13-01\n"
        "themes:\n"
        "  Jobs: {a: 1}\n"
        "members: [a, a, ../elsewhere]\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_portfolio(tmp_path)
    got = [str(p) for p in caught.value.problems]
    assert any(p.startswith("portfolio.yaml:3:") and "YYYY-MM-DD" in p for p in got), got
    assert any(p.startswith("portfolio.yaml:5:") and "theme `Jobs`" in p for p in got), got
    assert any(p.startswith("portfolio.yaml:6:") and "listed twice" in p for p in got), got
    assert any(p.startswith("portfolio.yaml:6:") and "inside the portfolio" in p for p in got)
    assert any(p.startswith("portfolio.yaml:7:") and "unknown key `colour`" in p for p in got)


def test_contains_finds_the_member_folders(tmp_path):
    for name in ("b", "a"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "contract.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "portfolio.yaml").write_text(
        "organisation: O\nyear_start: 2026-04-01\nyear_end: 2027-03-31\ncontains: true\n",
        encoding="utf-8",
    )
    assert load_portfolio(tmp_path).members == ("a", "b")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("broken") / "portfolio"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(INDEX_FILE))
    yaml = folder / "libraries" / "contract.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("value: ", "value: lots", 1))
    (folder / "portfolio.yaml").write_text(
        (folder / "portfolio.yaml").read_text(encoding="utf-8") + "  - missing\n"
    )
    return folder


def test_a_broken_member_is_reported_with_its_path_and_the_others_are_read(broken):
    found = read_portfolio(broken)
    status = {path: s["status"] for path, s in found.members}
    assert status == {
        "tender": "ok",
        "contract": "ok",
        "grounds": "ok",
        "libraries": "broken",
        "transport": "ok",
        "missing": "broken",
    }
    assert any(p.startswith("libraries/contract.yaml:") for p in found.problems), found.problems
    assert "missing: no such folder" in found.problems


def test_check_exits_1_and_report_writes_nothing_for_a_broken_member(cli, broken):
    result = cli(["portfolio", "check", str(broken), "--json"], exit_code=1)
    members = {m["path"]: m for m in json.loads(result.stdout)["members"]}
    assert members["libraries"]["status"] == "broken" and members["grounds"]["status"] == "ok"
    result = cli(["portfolio", "report", str(broken)], exit_code=1)
    assert "libraries/contract.yaml" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (broken / "out" / "portfolio.json").exists()


def _kpi(kid: str, value: str | None, committed: str, delivered: str, verified: str) -> dict:
    return {
        "id": kid,
        "title": kid,
        "outcome": "O1",
        "unit": "FTE",
        "proxy_value": value,
        "committed": committed,
        "profile_to_date": committed,
        "delivered_to_date": delivered,
        "verified_to_date": verified,
        "due_year": committed,
        "delivered_year": delivered,
        "verified_year": verified,
        "rating": "Good",
    }


def _contract(ref: str, supplier: str, kpis: list[dict]) -> dict:
    return {
        "kind": "contract",
        "status": "ok",
        "problems": [],
        "reference": ref,
        "title": ref,
        "supplier": supplier,
        "currency": "GBP",
        "kpis": kpis,
        "overdue": 1,
        "local": None,
    }


def test_the_arithmetic_against_hand_sums(tmp_path):
    (tmp_path / "portfolio.yaml").write_text(
        "organisation: O\nyear_start: 2026-04-01\nyear_end: 2027-03-31\n"
        "themes:\n  Jobs: [J]\nmembers: [a]\n",
        encoding="utf-8",
    )
    p = load_portfolio(tmp_path)
    members = [
        (
            "a",
            _contract(
                "A", "S1", [_kpi("J1", "1000.005", "3", "2", "1.5"), _kpi("X", None, "9", "9", "9")]
            ),
        ),
        ("b", _contract("B", "S1", [_kpi("J1", "0.335", "1", "1", "1")])),
        ("c", {"kind": "contract", "status": "broken", "problems": ["c/contract.yaml: bad"]}),
    ]
    got = aggregate(p, members)
    # committed: 3 x 1000.005 + 1 x 0.335 = 3000.35 exactly; the record-only KPI adds no GBP
    assert got["totals"]["gbp_committed"] == Decimal("3000.35")
    # verified: 1.5 x 1000.005 + 0.335 = 1500.3425 -> 1500.34; delivered 2000.01 + 0.335 = 2000.345
    assert got["totals"]["gbp_verified_to_date"] == Decimal("1500.34")
    assert got["totals"]["gbp_delivered_to_date"] == Decimal("2000.35")  # 2000.345 half up
    # share: 1500.3425 / 2000.345 = 75.0040...% -> 75.0
    assert got["totals"]["verified_share_to_date"] == Decimal("75.0")
    assert got["totals"]["overdue"] == 2
    assert got["totals"]["ratings"] == {"Good": 3}
    jobs = next(t for t in got["themes"] if t["theme"] == "Jobs")
    assert jobs["gbp_committed"] == Decimal("3000.35")
    other = next(t for t in got["themes"] if t["theme"] == "Other")
    assert other["gbp_committed"] == Decimal("0.00") and other["verified_share_to_date"] is None
    j1 = next(m for m in got["measures"] if m["measure"] == "J1")
    assert (j1["committed"], j1["verified_to_date"]) == (Decimal(4), Decimal("2.5"))
    assert j1["verified_share_to_date"] == Decimal("83.3")  # 2.5 / 3
    assert [s["supplier"] for s in got["suppliers"]] == ["S1"]
    assert got["suppliers"][0]["overdue"] == 2
    assert [c["contract"] for c in got["contracts"]] == ["a", "b"]
