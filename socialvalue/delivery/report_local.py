"""The local spend section of delivery.xlsx and delivery.pdf (see :mod:`.local_spend`).

**Local spend** sheet: the re-spend shares above the table, then one row per ended period: its
contract value, planned and counted local / VCSE / SME spend with each as a percent of the
period's value (live ``ROUND`` formulas), the local wage bill as planned, and LM3 as a live
formula from the cells beside it (``(V + L + W + L x s + W x e) / V``), with the engine's LM3
and a check column. The PDF gets a table per category (local, VCSE, SME: period, planned,
counted, rating), a table of LM3 by period, and the arithmetic of each period's LM3.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..formatting import fixed_places, money
from ..scoring.arith import plain
from ..workbook.printing import SheetLayout, lay_out_sheet
from ..workbook.writer import BOLD, set_formula, set_text
from .local_spend import REPORTED, PeriodSpend
from .ratings import PERCENT_ROUNDING
from .record import DeliveryRecord

SHEET = "Local spend"
HEADER_ROW = 6  # the re-spend shares in B3:B4 above
SHARES = ("$B$3", "$B$4")  # suppliers, employees


def _number(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(plain(value))


def _columns() -> list[str]:
    names = ["Period", "Period value"]
    for _, title in REPORTED:
        names += [f"{title} planned", f"{title} counted", f"{title} % planned", f"{title} %"]
    return [*names, "Local wages (planned)", "LM3", "Engine's LM3", "Check"]


def write_local_sheet(wb: Workbook, record: DeliveryRecord) -> None:
    """Add the Local spend sheet to ``wb`` when the record has a local spend section."""
    local = record.local_spend
    if local is None:
        return
    ws = wb.create_sheet(SHEET)
    set_text(ws["A1"], f"Local, VCSE and SME spend: {local.area or 'no local area declared'}")
    ws["A1"].font = BOLD
    set_text(ws["A2"], f"Re-spend shares: {local.respend or 'none declared: LM3 not computed'}")
    shares = _shares(record)
    for row, (name, value) in enumerate(
        (("Suppliers re-spend locally", shares[0]), ("Staff re-spend locally", shares[1])), 3
    ):
        set_text(ws.cell(row, 1), name)
        ws.cell(row, 2).value = value
    columns = _columns()
    for col, name in enumerate(columns, 1):
        set_text(ws.cell(HEADER_ROW, col), name)
        ws.cell(HEADER_ROW, col).font = BOLD
    places = PERCENT_ROUNDING.places
    for row, p in enumerate(local.periods, HEADER_ROW + 1):
        set_text(ws.cell(row, 1), p.period)
        ws.cell(row, 2).value = _number(p.value)
        col = 3
        for name, _ in REPORTED:
            c = p.category(name)
            ws.cell(row, col).value = _number(c.planned)
            ws.cell(row, col + 1).value = _number(c.actual)
            planned, actual = (get_column_letter(col + i) for i in range(2))
            set_formula(
                ws.cell(row, col + 2),
                f'=IF({planned}{row}="","",ROUND({planned}{row}/$B{row}*100,{places}))',
            )
            set_formula(ws.cell(row, col + 3), f"=ROUND({actual}{row}/$B{row}*100,{places})")
            col += 4
        ws.cell(row, col).value = _number(p.local_wages) if p.local_wages is not None else 0
        w, lm3 = get_column_letter(col), get_column_letter(col + 1)
        s, e = SHARES
        if shares[0] is None:
            set_text(ws.cell(row, col + 1), "not computed")
        else:
            set_formula(
                ws.cell(row, col + 1),
                f"=ROUND(($B{row}+D{row}+{w}{row}+D{row}*{s}+{w}{row}*{e})/$B{row},2)",
            )
        rounded = p.lm3.actual_rounded
        if rounded is None:
            set_text(ws.cell(row, col + 2), "not computed")
        else:
            ws.cell(row, col + 2).value = rounded
        set_formula(
            ws.cell(row, col + 3), f'=IF({lm3}{row}={get_column_letter(col + 2)}{row},"ok","check")'
        )
    lay_out_sheet(ws, SheetLayout(header_row=HEADER_ROW))


def _shares(record: DeliveryRecord) -> tuple[Decimal | None, Decimal | None]:
    local = record.local_spend
    if local is None:
        return None, None
    return _number(local.respend_suppliers), _number(local.respend_employees)


def local_context(record: DeliveryRecord) -> dict[str, Any] | None:
    """The PDF's local spend table and LM3 arithmetic (None: no section)."""
    local = record.local_spend
    if local is None:
        return None
    cur = record.currency
    return {
        "area": local.area,
        "respend": local.respend,
        "plan": [f"{name.replace('_', ' ')}: {text}" for name, text in local.plan.items()],
        "categories": [title for _, title in REPORTED],
        "rows": [_row(p, cur) for p in local.periods],
    }


def _row(p: PeriodSpend, cur: str) -> dict[str, Any]:
    cells = []
    for name, _ in REPORTED:
        c = p.category(name)
        planned = (
            "no plan"
            if c.planned is None
            else f"{money(c.planned, cur)} ({c.planned_percent_rounded}%)"
        )
        cells.append(
            {
                "planned": planned,
                "actual": f"{money(c.actual, cur)} ({c.actual_percent_rounded}%)",
                "rating": c.rating,
            }
        )
    lm3 = p.lm3
    return {
        "period": p.period,
        "value": money(p.value, cur),
        "cells": cells,
        "lm3_planned": "" if lm3.planned_rounded is None else fixed_places(lm3.planned_rounded),
        "lm3": "not computed" if lm3.actual_rounded is None else fixed_places(lm3.actual_rounded),
        "arithmetic": list(lm3.arithmetic),
        "not_placed": list(p.not_placed),
    }


__all__ = ["SHEET", "local_context", "write_local_sheet"]
