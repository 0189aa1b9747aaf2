"""The blank consultation form: a CSV header or a workbook with a Responses sheet to fill."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..workbook.cells import cell_name
from ..workbook.writer import (
    decimal_validation,
    input_style,
    new_workbook,
    set_text,
    workbook_bytes,
)
from .items import Item
from .methods import METHOD_NAMES, Method
from .reading import RESPONDENT, SHEET, pair_header

ROWS = 500


def headers(items: Sequence[Item], method: Method, fields: Sequence[str] = ()) -> list[str]:
    """respondent, the declared fields, then one column per item (or per pair for AHP)."""
    ids = [i.id for i in items]
    answers = (
        [pair_header(a, b) for x, a in enumerate(ids) for b in ids[x + 1 :]]
        if method == "ahp"
        else ids
    )
    return [RESPONDENT, *fields, *answers]


def instructions(items: Sequence[Item], method: Method) -> list[str]:
    n = len(items)
    how = {
        "points": "Share 100 points among the items: more points, more important. Each row adds up to 100.",
        "ahp": "For each pair 'A vs B' enter how many times more important A is than B: 1 (equal) to 9, or 1/2 to 1/9 if B matters more.",
    }.get(method, f"Rank every item once, 1 (most important) to {n}.")
    return [f"Method: {METHOD_NAMES[method]}.", how, *(f"{i.id}: {i.title}" for i in items)]


def csv_bytes(items: Sequence[Item], method: Method, fields: Sequence[str] = ()) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(headers(items, method, fields))
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(items: Sequence[Item], method: Method, fields: Sequence[str] = ()) -> bytes:
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    head = headers(items, method, fields)
    for c, text in enumerate(head, start=1):
        set_text(ws.cell(1, c), text)
        ws.column_dimensions[cell_name(1, c).rstrip("1")].width = max(12, len(text) + 2)
    first = 2 + len(fields)
    last = len(head)
    area = f"{cell_name(2, first)}:{cell_name(ROWS + 1, last)}"
    if method == "points":
        decimal_validation(ws, area, 0, 100)
    elif method != "ahp":
        decimal_validation(ws, area, 1, len(items))
    for row in range(2, 12):
        for c in range(1, last + 1):
            input_style(ws.cell(row, c))
    notes = wb.create_sheet("How to answer")
    for r, line in enumerate(instructions(items, method), start=1):
        set_text(notes.cell(r, 1), line)
    notes.column_dimensions["A"].width = 100
    return workbook_bytes(wb)
