"""The example contract: the example tender's winner after a year, with four quarterly returns
filled in and verified as a supplier and an officer would.

* 2026-Q2: on time, every KPI as profiled, verified;
* 2026-Q3: under-delivering: half of what was due, verified;
* 2026-Q4: on time, but LA-JOBS-2's figure is queried (referral letters missing);
* 2027-Q1: as profiled, verified, but returned late (after the 30 days' grace).

Each return lists the supply-chain payments behind the two spend KPIs (LA-GROWTH-1, SMEs in
the area; LA-GROWTH-2, VCSEs), one supplier invoicing from outside the local area (Eastbrook,
local in the bid's spend plan), so the delivery report shows local, VCSE and SME spend and LM3
against the plan by period. The local area, the re-spend shares and the plan (the winning bid's
spend plan and local wage bill) are copied from the tender by ``contract init``.

Made by ``socialvalue demo`` beside the evaluated tender, and by the tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from ..forms import fill_by_names
from .folder import read_returns
from .load import load_contract
from .model import CONTRACT_FILE, RETURNS, Contract
from .report import write_report
from .return_layout import return_fields
from .returns import make_return_workbook, return_file_name
from .scaffold import init_contract
from .verification import make_verification, rows_for

FOLDER = "contract"
#: Each period: (share of what was due that is delivered, the day the return was prepared).
QUARTERS = {
    "2026-Q2": (Decimal(1), dt.date(2026, 7, 14)),
    "2026-Q3": (Decimal("0.5"), dt.date(2026, 10, 20)),
    "2026-Q4": (Decimal(1), dt.date(2027, 1, 18)),
    "2027-Q1": (Decimal(1), dt.date(2027, 5, 21)),
}
QUERIED = ("2026-Q4", "LA-JOBS-2", "The referral letters for two of the posts are missing.")
OFFICER = "Helen Marsh"
#: A full quarter's payments: (supplier, postcode, kind, GBP, KPI). Each KPI's lines add up to
#: its profiled quarter (LA-GROWTH-1 30,000; LA-GROWTH-2 5,000), scaled as the KPIs are.
SPEND = (
    ("Millfield Motors Ltd", "HX1 1AA", "SME", Decimal(12000), "LA-GROWTH-1"),
    ("Eastbrook Safety Supplies", "M1 1AD", "SME", Decimal(8000), "LA-GROWTH-1"),
    ("Hollins Green Arboriculture", "HX3 6AA", "SME", Decimal(10000), "LA-GROWTH-1"),
    ("Ashcombe Community Recycling CIC", "HX1 2AA", "VCSE and SME", Decimal(3000), "LA-GROWTH-2"),
    ("Riverside Community Allotments", "HX3 5AA", "VCSE", Decimal(2000), "LA-GROWTH-2"),
)


def return_values(contract: Contract, period: str) -> dict[str, object]:
    """The example supplier's return for ``period``, by defined name."""
    share, made = QUARTERS[period]
    layout = return_fields(contract)
    cells: dict[str, object] = {
        layout.prepared_by.name: "Sam Carter",
        layout.prepared_email.name: "sam.carter@greenway.example",
        layout.prepared_date.name: made,
        layout.confirm.name: "Yes",
    }
    for kf in layout.kpis:
        figure = (kf.kpi.due(period) * share).quantize(Decimal("0.01"))
        cells[kf.delivered.name] = figure.normalize() if figure else 0
        cells[kf.evidence.name] = f"{kf.kpi.title}: records for {period} attached."
    lines = [line for line in SPEND if contract.kpi(line[4]) is not None]
    for sf, (supplier, postcode, kind, amount, kpi) in zip(layout.spend, lines, strict=False):
        paid = (amount * share).quantize(Decimal("0.01")).normalize()
        for field, value in zip(sf.fields, (supplier, postcode, kind, paid, kpi), strict=True):
            cells[field.name] = value
    return cells


def make_example_contract(tender: str | Path, target: str | Path) -> Path:
    """Make the example contract in ``target`` from the evaluated ``tender`` (its winner),
    with the four returns and the officer's verification; returns ``target``."""
    target = Path(target)
    init_contract(target, tender)
    contract = load_contract(target)
    for period in QUARTERS:
        blank = make_return_workbook(target, period)
        out = target / RETURNS / return_file_name(period)
        fill_by_names(blank, out, return_values(contract, period))
    path, _ = make_verification(target)
    returns, _, _ = read_returns(contract, target)
    cells: dict[str, object] = {}
    for row in rows_for(returns, contract):
        queried = (row.period, row.kpi) == QUERIED[:2]
        _, made = QUARTERS[row.period]
        values = (
            "queried" if queried else "verified",
            QUERIED[2] if queried else "",
            OFFICER,
            made + dt.timedelta(days=7),
        )
        for key, value in zip(("decision", "note", "by", "date"), values, strict=True):
            if value:
                cells[row.fields[key].name] = value
    fill_by_names(path, path, cells)
    return target


def example_contract_report(tender: str | Path, target: str | Path) -> Path:
    """The example contract's delivery report: the contract made in ``target`` from the
    evaluated ``tender`` unless it is there already (a demo run again reuses it); returns the
    path of delivery.pdf."""
    target = Path(target)
    if not (target / CONTRACT_FILE).is_file():
        make_example_contract(tender, target)
    return write_report(target).paths[-1]


__all__ = [
    "FOLDER",
    "QUARTERS",
    "example_contract_report",
    "make_example_contract",
    "return_values",
]
