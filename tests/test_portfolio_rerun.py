"""Reruns of ``portfolio report``: the stat pre-check (size, mtime_ns, inode) and its limits,
the award's results.json in a contract's key, outputs left alone when their bytes would not
change, a member's problems named by its own file and line, the year's LM3 from summed rounds,
and one OCDS release per contract of a shared award."""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from socialvalue.errors import InputError
from socialvalue.ocds.schema import validation_problems
from socialvalue.portfolio.index import INDEX_FILE
from socialvalue.portfolio.members import member_files, summed_lm3
from socialvalue.portfolio.ocds import write_portfolio_package
from socialvalue.portfolio.report import OUTPUTS, write_portfolio_report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "portfolio"
CONTRACTS = {
    "contract": "ABC-2026-017-greenway",
    "grounds": "ABC-2026-021-grounds",
    "libraries": "ABC-2026-030-libraries",
    "transport": "ABC-2025-044-transport",
}
HOUR_AGO = 3600 * 10**9


def copy(tmp: Path) -> Path:
    """The example, every file dated an hour ago (older than the pre-check's racy window)."""
    folder = tmp / "portfolio"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(INDEX_FILE))
    shutil.rmtree(folder / "out", ignore_errors=True)
    old = os.stat(folder).st_mtime_ns - HOUR_AGO
    for path in folder.rglob("*"):
        os.utime(path, ns=(old, old))
    return folder


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {n: (s.st_ino, s.st_mtime_ns) for n in OUTPUTS if (s := (folder / "out" / n).stat())}


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Any]:
    folder = copy(tmp_path_factory.mktemp("rerun"))
    first = write_portfolio_report(folder)
    before = stats(folder)
    second = write_portfolio_report(folder)
    assert stats(folder) == before
    return folder, first, second


def test_a_rerun_hashes_nothing_and_rewrites_nothing(twice):
    folder, first, second = twice
    assert first.found.read == 5 and first.written
    inputs = sum(len(member_files(folder / m)) for m in ("tender", *CONTRACTS))
    assert first.found.hashed == inputs + 1  # and the award's results.json, once
    assert second.found.read == 0 and second.found.hashed == 0
    assert not second.written


def test_a_removed_output_is_written_again(tmp_path):
    folder = copy(tmp_path)
    write_portfolio_report(folder)
    kept = (folder / "out" / "portfolio.pdf").read_bytes()
    (folder / "out" / "portfolio.pdf").unlink()
    again = write_portfolio_report(folder)
    assert again.written and again.found.read == 0
    assert (folder / "out" / "portfolio.pdf").read_bytes() == kept


def test_same_stat_different_bytes_needs_rehash(tmp_path):
    """The stat is a pre-check: a file rewritten with its size and mtime kept is missed until
    --rehash (or deleting the index) hashes it; the hash stays the truth."""
    folder = copy(tmp_path)
    write_portfolio_report(folder)
    path = folder / "grounds" / "contract.yaml"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "# Who delivers it" in text
    with path.open("r+b") as f:  # same inode, same size
        f.write(text.replace("# Who delivers it", "# WHO DELIVERS IT", 1).encode("utf-8"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert write_portfolio_report(folder).found.read == 0
    rehashed = write_portfolio_report(folder, rehash=True)
    assert rehashed.found.read == 1 and rehashed.written


def test_a_re_evaluated_tender_re_reads_its_contracts(tmp_path):
    folder = copy(tmp_path)
    write_portfolio_report(folder)
    results = folder / "tender" / "out" / "results.json"
    data = json.loads(results.read_text(encoding="utf-8"))
    winner = next(b for b in data["bidders"] if b["key"] == data["outcome"]["winner"])
    criterion = next(c for c in winner["criteria"] if c["id"] == "LA-JOBS")
    criterion["title"] = "Local jobs, renamed"
    results.write_text(json.dumps(data, indent=2), encoding="utf-8")
    again = write_portfolio_report(folder)
    assert again.found.read == len(CONTRACTS)  # the tender's out/ is not its input
    record = json.loads((folder / "out" / "portfolio.json").read_text(encoding="utf-8"))
    assert "LA-JOBS: Local jobs, renamed" in {o["outcome"] for o in record["outcomes"]}


def test_report_and_check_name_the_members_own_file_and_line(cli, tmp_path):
    folder = copy(tmp_path)
    yaml = folder / "libraries" / "contract.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("value: ", "value: lots", 1))
    with pytest.raises(InputError) as caught:
        write_portfolio_report(folder)
    got = [str(p) for p in caught.value.problems]
    assert got and all(p.startswith("libraries/contract.yaml:") for p in got), got
    assert got[0].split(":")[1].isdigit()  # the line
    check = cli(["portfolio", "check", str(folder)], exit_code=1)
    report = cli(["portfolio", "report", str(folder)], exit_code=1)
    shown = [f"{folder.as_posix()}/{p}" for p in got]
    for line in shown:
        assert line in check.stderr.splitlines(), check.stderr
        assert line in report.stderr.splitlines(), report.stderr


def _period(value: str, local: str, wages: str | None) -> Any:
    local_spend = SimpleNamespace(actual=Decimal(local))
    return SimpleNamespace(
        value=Decimal(value),
        local_wages=None if wages is None else Decimal(wages),
        category=lambda name: local_spend,
    )


def test_the_years_lm3_is_from_the_summed_rounds():
    spend: Any = SimpleNamespace(respend_suppliers=Decimal("0.5"), respend_employees=Decimal("0.4"))
    periods = [_period("1000", "200", "100"), _period("3000", "600", None)]
    # R1 = 1000 + 3000 = 4000; R2 = (200 + 100) + (600 + 0) = 900;
    # R3 = 200 x 0.5 + 100 x 0.4 + 600 x 0.5 = 440; (4000 + 900 + 440) / 4000 = 1.335 -> 1.34
    # (the latest period alone is 1.30; the mean of the periods' LM3s 1.37)
    assert summed_lm3(spend, periods) == Decimal("1.34")
    assert summed_lm3(spend, []) is None
    undeclared: Any = SimpleNamespace(respend_suppliers=None, respend_employees=None)
    assert summed_lm3(undeclared, periods) is None


def test_every_contract_of_a_shared_award_is_its_own_release(twice):
    folder, _, _ = twice
    package = json.loads(write_portfolio_package(folder).read_text(encoding="utf-8"))
    assert validation_problems(package) == []
    releases = package["releases"]
    assert len({r["ocid"] for r in releases}) == 1  # one contracting process: the award
    ids = [r["id"] for r in releases]
    assert len(ids) == len(set(ids)) == 1 + len(CONTRACTS)
    contracts = [c for r in releases for c in r.get("contracts", ())]
    assert [c["id"] for c in contracts] == list(CONTRACTS.values())
    assert all(c["implementation"]["metrics"] for c in contracts)
    assert len({c["awardID"] for c in contracts}) == 1
    for name, reference in CONTRACTS.items():
        own = json.loads(
            (folder / name / "out" / "ocds.json").read_text(encoding="utf-8")
            if (folder / name / "out" / "ocds.json").is_file()
            else "{}"
        )
        if own:
            assert own["releases"][0]["id"] in ids
        assert any(reference in i for i in ids), name
