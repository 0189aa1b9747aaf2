"""workbook.cellxml writes plain cells as the very bytes openpyxl's own writer gives."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet import _writer as sheet_writer

from socialvalue.workbook import cellxml, writer
from socialvalue.workbook.writer import workbook_bytes

VALUES: list[object] = [
    0,
    -7,
    10**20,
    1.5,
    1e-300,
    float("nan"),
    float("inf"),
    0.1 + 0.2,
    True,
    Decimal("2.50"),
    "plain",
    "a & b < c > d \"quoted\" 'single'",
    " leading",
    "trailing ",
    "   ",
    "line\nbreak",
    "tab\tand\rreturn",
    "\u200bzero width and é",
    "=SUM(A1:A2)",
    "=",
    '=IF(A1>0,"yes & no","<none>")',
    dt.date(2026, 3, 20),
    dt.datetime(2026, 3, 20, 12, 30),
    "",
    None,
]


def _book() -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row, value in enumerate(VALUES, start=1):
        ws.cell(row=row, column=1, value=value)
        styled = ws.cell(row=row, column=2, value=value)
        styled.font = Font(bold=True)
    ws.cell(row=1, column=3, value="linked").hyperlink = "https://example.org/"
    return wb


def _sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def _standard_bytes(monkeypatch) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook as openpyxl's own cell writer saves it (workbook_bytes without cellxml)."""
    with monkeypatch.context() as patch:
        patch.setattr(writer, "plain_cells_as_text", contextlib.nullcontext)
        return workbook_bytes(_book())


def test_plain_cells_written_as_text_are_the_bytes_openpyxl_writes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    standard = _standard_bytes(monkeypatch)
    fast = workbook_bytes(_book())
    assert _sheet(fast) == _sheet(standard)
    assert fast == standard
    assert sheet_writer.write_cell is cellxml._ORIGINAL  # restored after the save


def test_only_the_odd_cells_go_to_openpyxls_writer(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    original = cellxml._ORIGINAL
    monkeypatch.setattr(
        cellxml,
        "_ORIGINAL",
        lambda xf, ws, cell, styled=None: (
            calls.append(cell.coordinate) or original(xf, ws, cell, styled)
        ),
    )
    workbook_bytes(_book())
    # Only the odd cells went to openpyxl: booleans, Decimals, dates, texts with white space to
    # preserve, and the hyperlink; the plain numbers, texts and formulas did not.
    assert "A1" not in calls and "A11" not in calls and "A19" not in calls
    assert "A9" in calls and "A13" in calls and "C1" in calls
