"""Generated contracts for the example portfolio and the benchmark: made from an evaluated
tender with the delivery scaffolding (``contract init``, ``returns``, ``contract
verification``), each return filled with a share of what was due and every figure verified.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from ..delivery.folder import read_returns
from ..delivery.load import load_contract
from ..delivery.model import RETURNS
from ..delivery.return_layout import return_fields
from ..delivery.returns import make_return_workbook, return_file_name
from ..delivery.scaffold import init_contract
from ..delivery.verification import make_verification, rows_for
from ..forms import fill_by_names

HUNDREDTH = Decimal("0.01")
OFFICER = "Helen Marsh"


def fill_return(folder: Path, period: str, share: Decimal, prepared: dt.date) -> Path:
    """Write ``returns/<period>-return.xlsx``: every KPI at ``share`` of what was due."""
    contract = load_contract(folder)
    layout = return_fields(contract)
    cells: dict[str, object] = {
        layout.prepared_by.name: "Sam Carter",
        layout.prepared_email.name: "sam.carter@supplier.example",
        layout.prepared_date.name: prepared,
        layout.confirm.name: "Yes",
    }
    for kf in layout.kpis:
        figure = (kf.kpi.due(period) * share).quantize(HUNDREDTH)
        cells[kf.delivered.name] = figure.normalize() if figure else 0
        cells[kf.evidence.name] = f"{kf.kpi.title}: records for {period} attached."
    blank = make_return_workbook(folder, period)
    return fill_by_names(blank, folder / RETURNS / return_file_name(period), cells)


def verify_all(folder: Path, queried: Mapping[tuple[str, str], str] = {}) -> Path:
    """Write the verification workbook with every figure verified (or queried, with a note)."""
    contract = load_contract(folder)
    path, _ = make_verification(folder)
    returns, _, _ = read_returns(contract, folder)
    cells: dict[str, object] = {}
    for row in rows_for(returns, contract):
        note = queried.get((row.period, row.kpi))
        values = ("queried" if note else "verified", note or "", OFFICER, dt.date(2027, 1, 1))
        for key, value in zip(("decision", "note", "by", "date"), values, strict=True):
            if value:
                cells[row.fields[key].name] = value
    return fill_by_names(path, path, cells)


def make_generated_contract(
    tender: Path,
    target: Path,
    reference: str,
    start: dt.date,
    shares: Mapping[str, Decimal],
    *,
    years: Decimal | None = None,
    force: bool = False,
) -> Path:
    """A contract in ``target`` from ``tender``'s winner, starting ``start``, with a return for
    each period in ``shares`` (period -> share of what was due), all verified. ``force``: made
    from a provisional evaluation too (as ``contract init --force``)."""
    init_contract(target, tender, start=start, years=years, reference=reference, force=force)
    contract = load_contract(target)
    for period, share in shares.items():
        p = contract.period(period)
        assert p is not None, period
        fill_return(target, period, share, p.end + dt.timedelta(days=14))
    if shares:
        verify_all(target)
    return target


__all__ = ["fill_return", "make_generated_contract", "verify_all"]
