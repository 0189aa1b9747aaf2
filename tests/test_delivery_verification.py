"""The verification workbook: made from the returns like moderation from the scoresheets, the
officer's records read back, and kept when it is made again after a new return."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from socialvalue.delivery.folder import read_returns
from socialvalue.delivery.load import load_contract
from socialvalue.delivery.verification import read_verification
from socialvalue.testing import fill_return, fill_verification, scored_example

DAY = dt.date(2026, 7, 20)


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scored_example(tmp_path_factory.mktemp("delivery-verification"))


@pytest.fixture
def contract_dir(cli, tender, tmp_path) -> Path:
    target = tmp_path / "contract"
    cli(["contract", "init", str(target), "--from", str(tender)])
    return target


def add_return(cli, folder: Path, period: str, name: str | None = None) -> Path:
    contract = load_contract(folder)
    blank = Path(cli(["returns", str(folder), "--period", period]).stdout.strip())
    delivered = {k.id: (k.due(period), f"{k.id} evidence") for k in contract.kpis}
    out = folder / "returns" / (name or f"{period}-return.xlsx")
    return fill_return(blank, out, contract, delivered=delivered)


def records(folder: Path):
    contract = load_contract(folder)
    returns, _, _ = read_returns(contract, folder)
    return read_verification(folder / "verification" / "verification.xlsx", contract, returns)


def test_one_row_per_figure_and_the_records_read_back(cli, contract_dir):
    add_return(cli, contract_dir, "2026-Q2")
    result = cli(["contract", "verification", str(contract_dir)])
    path = contract_dir / "verification" / "verification.xlsx"
    assert result.stdout.strip().endswith("verification/verification.xlsx")
    first = path.read_bytes()
    cli(["contract", "verification", str(contract_dir)])
    assert path.read_bytes() == first  # reproducible
    wb = load_workbook(path)
    contract = load_contract(contract_dir)
    assert wb["Verification"]["I3"].value == len(contract.kpis)
    assert wb["Verification"].print_title_rows == "$4:$4"
    facts = {r[0]: r[1] for r in wb["_socialvalue"].iter_rows(values_only=True)}
    assert facts["kind"] == "verification"
    assert "source:returns/2026-Q2-return.xlsx" in facts
    checks, problems = records(contract_dir)
    assert checks is not None and all(c.state is None for c in checks)
    assert any(
        f"{len(checks)} of {len(checks)} figures are not verified yet" in str(p) for p in problems
    )
    fill_verification(
        path,
        {
            ("2026-Q2", "LA-JOBS-1"): ("verified", None, "Helen Marsh", DAY),
            ("2026-Q2", "LA-JOBS-2"): ("queried", "Payroll extract missing.", "Helen Marsh", DAY),
        },
    )
    checks, problems = records(contract_dir)
    assert checks is not None
    got = {c.kpi: (c.state, c.note, c.by, c.date) for c in checks if c.state}
    assert got == {
        "LA-JOBS-1": ("verified", "", "Helen Marsh", DAY),
        "LA-JOBS-2": ("queried", "Payroll extract missing.", "Helen Marsh", DAY),
    }


def test_a_record_needs_its_note_who_and_when(cli, contract_dir):
    add_return(cli, contract_dir, "2026-Q2")
    cli(["contract", "verification", str(contract_dir)])
    path = contract_dir / "verification" / "verification.xlsx"
    fill_verification(
        path,
        {
            ("2026-Q2", "LA-JOBS-1"): ("rejected", None, "Helen Marsh", DAY),
            ("2026-Q2", "LA-JOBS-2"): ("verified", None, None, None),
            ("2026-Q2", "LA-JOBS-3"): ("maybe", None, "Helen Marsh", DAY),
        },
    )
    checks, problems = records(contract_dir)
    assert checks is None
    shown = "\n".join(str(p) for p in problems)
    assert "Verification!K5 (LA-JOBS-1 in 2026-Q2, note): rejected needs a note saying why" in shown
    assert "Verification!L6 (LA-JOBS-2 in 2026-Q2, by): who recorded it?" in shown
    assert "Verification!M6 (LA-JOBS-2 in 2026-Q2, date): when was it recorded?" in shown
    assert "Verification!J7 (LA-JOBS-3 in 2026-Q2, decision)" in shown
    result = cli(["contract", "check", str(contract_dir)], 1)
    assert "verification/verification.xlsx: Verification!K5 (LA-JOBS-1 in 2026-Q2, note)" in (
        result.stderr
    )
    assert "verification/verification.xlsx  -  4 problems" in result.stdout


def test_made_again_it_keeps_the_records_of_unchanged_returns(cli, contract_dir):
    add_return(cli, contract_dir, "2026-Q2")
    cli(["contract", "verification", str(contract_dir)])
    path = contract_dir / "verification" / "verification.xlsx"
    fill_verification(path, {("2026-Q2", "LA-JOBS-1"): ("verified", "Seen.", "Helen Marsh", DAY)})
    add_return(cli, contract_dir, "2026-Q3")
    checks, problems = records(contract_dir)
    assert any("returns/2026-Q3-return.xlsx: warning: is new since" in str(p) for p in problems)
    result = cli(["contract", "verification", str(contract_dir)])
    assert "1 record kept from the workbook it replaces." in result.stderr
    checks, _ = records(contract_dir)
    assert checks is not None
    assert {(c.period, c.kpi) for c in checks if c.state} == {("2026-Q2", "LA-JOBS-1")}
    assert {c.period for c in checks} == {"2026-Q2", "2026-Q3"}


def test_returns_with_errors_are_corrected_first(cli, contract_dir):
    contract = load_contract(contract_dir)
    blank = Path(cli(["returns", str(contract_dir), "--period", "2026-Q2"]).stdout.strip())
    fill_return(blank, contract_dir / "returns" / "2026-Q2-return.xlsx", contract, delivered={})
    result = cli(["contract", "verification", str(contract_dir)], 1)
    assert "no figure given" in result.stderr
    assert "Correct the returns first: `socialvalue contract check`." in result.stderr
    assert not (contract_dir / "verification" / "verification.xlsx").exists()
