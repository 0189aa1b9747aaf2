"""delivery.xlsx: the delivery record as a workbook whose figures are live formulas.

* **Periods**: one row per KPI and period of the term, with what is due, what was returned,
  the officer's record and whether the period counts to date (ended by ``as_of``); the verified
  figure is a formula (the returned figure when the record says verified, else 0).
* **KPIs**: each KPI's profile, delivered and verified to date (``SUMIFS`` over Periods), the
  shortfall, the percent (rounded to one place, half up, as the engine), the GBP verified, and
  the rating from the bands on the sheet (and, when contract.yaml names a newer proxy set, its
  value of a unit and the GBP verified at it); beside them the engine's rating and a check column
  (``ok`` when the formula's rating is the engine's).

LibreOffice recalculates it to the engine's figures (tests/test_delivery_report.py). Same
record, same bytes.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from ..scoring.arith import plain
from ..workbook.printing import SheetLayout, lay_out_sheet
from ..workbook.writer import BOLD, new_workbook, save_workbook, set_formula, set_text
from .ratings import PERCENT_ROUNDING
from .record import DeliveryRecord
from .report_local import write_local_sheet

KPIS, PERIODS = "KPIs", "Periods"
PERIOD_COLUMNS = (
    "KPI",
    "Period",
    "Start",
    "End",
    "State",
    "Due",
    "Delivered (as returned)",
    "Officer's record",
    "Counts to date (1 yes)",
    "Verified (counts)",
    "Evidence",
    "Officer's note",
    "Who",
    "When",
    "Return",
)
KPI_COLUMNS = (
    "KPI",
    "Title",
    "Unit",
    "Committed",
    "Proxy value",
    "Profile to date",
    "Delivered to date",
    "Verified to date",
    "Shortfall",
    "% of profile",
    "GBP verified to date",
    "Rating",
    "Engine's rating",
    "Check",
)
#: When contract.yaml names a newer proxy set: its value of a unit and the GBP verified at it.
NEWER_COLUMNS = ("Proxy value (newer set)", "GBP verified to date (newer set)")
HEADER_ROW = 9  # on KPIs: bands and the date above
BANDS_ROW = 4  # B4:B6 hold the bands (percent)
#: Decimal places a ratio is rounded to before it is compared with a band (floating point noise).
COMPARE_PLACES = 9


def _number(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(plain(value))


def _head(ws: Worksheet, row: int, names: tuple[str, ...]) -> None:
    for col, name in enumerate(names, 1):
        cell = ws.cell(row, col)
        set_text(cell, name)
        cell.font = BOLD


def _periods(ws: Worksheet, record: DeliveryRecord) -> int:
    _head(ws, 1, PERIOD_COLUMNS)
    row = 1
    for kpi in record.kpis:
        for p in kpi.periods:
            row += 1
            v = p.verification
            for col, text in (
                (1, kpi.id),
                (2, p.period),
                (3, p.start.isoformat()),
                (4, p.end.isoformat()),
                (5, p.state),
                (8, v.state if v else ""),
                (11, p.evidence),
                (12, v.note if v else ""),
                (13, v.by if v else ""),
                (14, v.date.isoformat() if v and v.date else ""),
                (15, p.return_file or ""),
            ):
                set_text(ws.cell(row, col), text)
            ws.cell(row, 6).value = _number(p.due)
            ws.cell(row, 7).value = _number(p.delivered)
            ws.cell(row, 9).value = 0 if p.state == "not due" else 1
            set_formula(ws.cell(row, 10), f'=IF(AND(I{row}=1,H{row}="verified"),N(G{row}),0)')
    return row


def _kpis(ws: Worksheet, record: DeliveryRecord, last: int) -> None:
    set_text(ws["A1"], f"Delivery of {record.contract}: {record.title}")
    ws["A1"].font = BOLD
    set_text(ws["A2"], f"Rated as of {record.as_of.isoformat()} ({record.as_of_basis}).")
    for i, (name, value) in enumerate(
        (
            ("Good from (% of the profile to date)", record.bands.good),
            ("Approaching target from", record.bands.approaching_target),
            ("Requires improvement from", record.bands.requires_improvement),
        )
    ):
        set_text(ws.cell(BANDS_ROW + i, 1), name)
        ws.cell(BANDS_ROW + i, 2).value = _number(value)
    good, near, needs = (f"$B${BANDS_ROW + i}" for i in range(3))
    newer = record.chain.newer_proxy_set
    _head(ws, HEADER_ROW, KPI_COLUMNS + (NEWER_COLUMNS if newer else ()))
    if newer:
        set_text(
            ws["A7"],
            f"Newer proxy set: {newer} {record.chain.newer_proxy_set_version or ''}".rstrip(),
        )
    rng = f"{PERIODS}!$%s$2:$%s${last}"

    def total(col: str, row: int) -> str:
        return f"SUMIFS({rng % (col, col)},{rng % ('A', 'A')},$A{row},{rng % ('I', 'I')},1)"

    places = PERCENT_ROUNDING.places
    for row, kpi in enumerate(record.kpis, HEADER_ROW + 1):
        set_text(ws.cell(row, 1), kpi.id)
        set_text(ws.cell(row, 2), kpi.title)
        set_text(ws.cell(row, 3), kpi.unit)
        ws.cell(row, 4).value = _number(kpi.committed)
        ws.cell(row, 5).value = _number(kpi.proxy_value)
        set_formula(ws.cell(row, 6), f"={total('F', row)}")
        set_formula(ws.cell(row, 7), f"={total('G', row)}")
        set_formula(ws.cell(row, 8), f"={total('J', row)}")
        set_formula(ws.cell(row, 9), f"=MAX(0,F{row}-H{row})")
        set_formula(ws.cell(row, 10), f'=IF(F{row}=0,"",ROUND(H{row}/F{row}*100,{places}))')
        set_formula(ws.cell(row, 11), f'=IF(E{row}="","",H{row}*E{row})')
        share = f"ROUND(H{row}/F{row}*100,{COMPARE_PLACES})"
        set_formula(
            ws.cell(row, 12),
            f'=IF(F{row}=0,"Other",IF({share}>={good},"Good",IF({share}>={near},'
            f'"Approaching target",IF({share}>={needs},"Requires improvement","Inadequate"))))',
        )
        set_text(ws.cell(row, 13), kpi.rating)
        set_formula(ws.cell(row, 14), f'=IF(L{row}=M{row},"ok","check")')
        if newer:
            ws.cell(row, 15).value = _number(kpi.proxy_value_newer)
            set_formula(ws.cell(row, 16), f'=IF(O{row}="","",H{row}*O{row})')


def write_delivery_xlsx(record: DeliveryRecord, path: Path) -> None:
    """Write delivery.xlsx for ``record`` to ``path`` (reproducibly, atomically)."""
    wb = new_workbook()
    kpis = wb.create_sheet(KPIS)
    periods = wb.create_sheet(PERIODS)
    last = _periods(periods, record)
    _kpis(kpis, record, last)
    lay_out_sheet(kpis, SheetLayout(header_row=HEADER_ROW, widths={2: (20, 40)}))
    lay_out_sheet(periods, SheetLayout(header_row=1, widths={11: (20, 40), 12: (20, 40)}))
    write_local_sheet(wb, record)
    save_workbook(wb, path)


__all__ = ["KPIS", "PERIODS", "write_delivery_xlsx"]
