"""A filled return and verification workbook, opened and saved by LibreOffice (headless), read
back the same: a supplier or officer working in LibreOffice Calc loses nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from forms_support import convert, soffice

from socialvalue.delivery.folder import read_returns
from socialvalue.delivery.load import load_contract
from socialvalue.delivery.reading import read_return
from socialvalue.delivery.verification import read_verification
from socialvalue.testing import fill_return, fill_verification, scored_example

pytestmark = pytest.mark.slow
Q2 = "2026-Q2"


def test_a_return_and_its_verification_survive_libreoffice(cli, tmp_path):
    soffice()
    tender = scored_example(tmp_path)
    folder = tmp_path / "contract"
    cli(["contract", "init", str(folder), "--from", str(tender)])
    contract = load_contract(folder)
    blank = Path(cli(["returns", str(folder), "--period", Q2]).stdout.strip())
    delivered = {k.id: (k.due(Q2), f"Evidence for {k.id}") for k in contract.kpis}
    spend = (("Millfield Motors Ltd", "AB1 2CD", "SME", 30000, "LA-GROWTH-1"),)
    filled = fill_return(
        blank, tmp_path / f"{Q2}-return.xlsx", contract, delivered=delivered, spend=spend
    )
    before, problems = read_return(filled, contract)
    assert before is not None and problems == []
    convert([filled], tmp_path / "lo", tmp_path / "profile")
    saved = tmp_path / "lo" / filled.name
    after, problems = read_return(saved, contract, display=str(filled))
    assert problems == []
    assert after is not None
    assert after.delivered == before.delivered and after.spend == before.spend
    (folder / "returns" / saved.name).write_bytes(saved.read_bytes())
    cli(["contract", "verification", str(folder)])
    book = folder / "verification" / "verification.xlsx"
    day = dt.date(2026, 7, 20)
    fill_verification(book, {(Q2, "LA-JOBS-1"): ("queried", "Payroll missing.", "Helen", day)})
    convert([book], tmp_path / "lo2", tmp_path / "profile")
    returns, _, _ = read_returns(contract, folder)
    checks, problems = read_verification(tmp_path / "lo2" / book.name, contract, returns)
    assert checks is not None, problems
    got = [(c.kpi, c.state, c.note, c.by, c.date) for c in checks if c.state]
    assert got == [("LA-JOBS-1", "queried", "Payroll missing.", "Helen", day)]
