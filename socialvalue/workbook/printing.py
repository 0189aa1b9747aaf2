"""Lay out and set up for printing a sheet socialvalue writes, so that a person can read it on
screen and print it in a sensible number of pages.

:func:`lay_out_sheet` is the one call a writer makes per visible sheet, once its cells are
written: every column as wide as its contents (within the limits the writer gives), long text
wrapped, every cell aligned to the top, every row as tall as its wrapped text, titles and
headings too long for column A spread across the table, and the print set-up
(:func:`print_setup`): A4, portrait or landscape by the table's width, fitted to one page wide,
the header row repeated on every page, a print area, and the sheet name and page number in the
footer. Hidden sheets are never printed and are left alone.

Widths are in Excel's units (the width of one ``0`` of the default font), heights in points.
Text is measured by its characters, which is an estimate; it errs on the wide and tall side.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .cells import column_letters

MIN_WIDTH = 6
"""The narrowest column, in characters."""
MAX_WIDTH = 60
"""The widest column unless the writer says otherwise; longer text wraps."""
ID_WIDTHS = (6, 40)
"""The (narrowest, widest) width of a column of ids: as wide as the longest, never cut."""
PADDING = 2
"""Characters added to the longest text in a column."""
LINE_HEIGHT = 15.0
"""Points per line of 11 pt text."""
CHARACTERS_PER_UNIT = 1.15
"""Characters of prose per unit of column width: measured with DejaVu Sans, which LibreOffice
uses where Calibri is missing and which is wider than Calibri (Excel fits about 1.3)."""
PORTRAIT_WIDTH = 130
"""A table up to this many characters wide prints portrait, a wider one landscape."""
FOOTER = "&A, page &P of &N"
"""The footer's codes: the sheet name, the page number, the number of pages."""
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.7, "header": 0.3, "footer": 0.3}
"""Page margins in inches: narrower than Excel's default, room for the footer."""


@attrs.frozen
class SheetLayout:
    """How one sheet is laid out.

    ``header_row`` is the table's header row, repeated on every printed page (0: none).
    ``widths`` gives a column (1 = A) its ``(narrowest, widest)`` width; other columns are
    ``(MIN_WIDTH, MAX_WIDTH)``. ``print_columns`` limits the print area to the first columns
    (0: every column used).
    """

    header_row: int = 0
    widths: Mapping[int, tuple[int, int]] = attrs.field(factory=dict)
    print_columns: int = 0


def text_width(value: object) -> int:
    """Characters in the longest line of a cell's value as shown (a formula counts as 6)."""
    if value is None:
        return 0
    text = str(value)
    if text.startswith("="):
        return MIN_WIDTH
    return max((len(line) for line in text.split("\n")), default=0)


def text_lines(value: object, width: float) -> int:
    """Lines a value takes wrapped at ``width`` characters (at least 1)."""
    if value is None or width <= 0:
        return 1
    per_line = max(1.0, width * CHARACTERS_PER_UNIT - 2)
    return max(1, sum(max(1, math.ceil(len(line) / per_line)) for line in str(value).split("\n")))


def _font_factor(cell: Cell) -> float:
    """How much wider and taller than 11 pt text the cell's font is."""
    return float(cell.font.sz or 11) / 11 * (1.1 if cell.font.b else 1.0)


def _cells(ws: Worksheet) -> list[Cell]:
    return [c for c in ws._cells.values() if isinstance(c, Cell)]


def _headings(ws: Worksheet) -> set[int]:
    """Rows whose only cell is a text in column A: titles and headings, which may spread across
    the row rather than widen column A."""
    columns: dict[int, set[int]] = {}
    for row, col in ws._cells:
        columns.setdefault(row, set()).add(col)
    return {row for row, cols in columns.items() if cols == {1} and ws.cell(row, 1).value}


def _merged(ws: Worksheet) -> set[tuple[int, int]]:
    return {
        (row, col)
        for r in ws.merged_cells.ranges
        for row in range(r.min_row, r.max_row + 1)
        for col in range(r.min_col, r.max_col + 1)
    }


def fit_columns(ws: Worksheet, layout: SheetLayout) -> dict[int, float]:
    """Set each column's width from its longest text (headings and merged cells apart), within
    its limits; returns column -> width."""
    skip = _merged(ws)
    headings = _headings(ws)
    longest: dict[int, float] = {}
    for cell in _cells(ws):
        if cell.row in headings or (cell.row, cell.column) in skip:
            continue
        width = text_width(cell.value) * _font_factor(cell)
        longest[cell.column] = max(longest.get(cell.column, 0), width)
    widths: dict[int, float] = {}
    for col in range(1, max([*longest, *layout.widths, 1]) + 1):
        low, high = layout.widths.get(col, (MIN_WIDTH, MAX_WIDTH))
        width = min(max(math.ceil(longest.get(col, 0)) + PADDING, low), high)
        ws.column_dimensions[column_letters(col)].width = width
        widths[col] = width
    return widths


def _printed(layout: SheetLayout, widths: Mapping[int, float]) -> int:
    """The number of columns printed."""
    return layout.print_columns or (max(widths) if widths else 1)


def spread_headings(ws: Worksheet, layout: SheetLayout, widths: Mapping[int, float]) -> None:
    """A title or heading too long for column A: merged across the printed columns, wrapped."""
    last = _printed(layout, widths)
    if last == 1:
        return
    for row in sorted(_headings(ws)):
        cell = ws.cell(row, 1)
        if text_width(cell.value) * _font_factor(cell) <= widths.get(1, MAX_WIDTH):
            continue
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        old = cell.alignment
        cell.alignment = Alignment(horizontal=old.horizontal, vertical="top", wrap_text=True)


def align_top(ws: Worksheet, widths: Mapping[int, float]) -> None:
    """Every cell aligned to the top of its row; text longer than its column wraps."""
    skip = _merged(ws)
    for cell in _cells(ws):
        old = cell.alignment
        long = text_width(cell.value) * _font_factor(cell) > widths.get(cell.column, MAX_WIDTH)
        wrap = bool(old.wrap_text) or (long and (cell.row, cell.column) not in skip)
        if old.vertical == "top" and bool(old.wrap_text) == wrap:
            continue
        cell.alignment = Alignment(
            horizontal=old.horizontal,
            vertical="top",
            wrap_text=wrap or None,
            shrink_to_fit=old.shrink_to_fit,
            indent=old.indent,
            text_rotation=old.text_rotation,
        )


def _spans(ws: Worksheet, widths: Mapping[int, float]) -> dict[tuple[int, int], float]:
    """The width of each merged range's first cell: its columns' widths added up."""
    return {
        (r.min_row, r.min_col): sum(
            widths.get(c, MAX_WIDTH) for c in range(r.min_col, r.max_col + 1)
        )
        for r in ws.merged_cells.ranges
    }


def fit_rows(ws: Worksheet, widths: Mapping[int, float]) -> None:
    """Give every row holding wrapped text the height the text needs, or the row's fixed height
    when that is more (room to type): stored, so that the rows are the same in every program
    (none fits a row to a merged cell)."""
    spans = _spans(ws, widths)
    need: dict[int, float] = {}
    for cell in _cells(ws):
        if cell.value is None or not cell.alignment.wrap_text:
            continue
        factor = _font_factor(cell)
        width = spans.get((cell.row, cell.column), widths.get(cell.column, MAX_WIDTH))
        lines = text_lines(cell.value, width / factor)
        need[cell.row] = max(need.get(cell.row, 0), lines * LINE_HEIGHT * factor + 4)
    for row, height in need.items():
        fixed = ws.row_dimensions[row].height
        if fixed is None or height > fixed:
            ws.row_dimensions[row].height = math.ceil(height)


def print_setup(ws: Worksheet, layout: SheetLayout, widths: Mapping[int, float]) -> None:
    """A4, portrait or landscape by the width printed, one page wide and as many tall as it
    takes, the header row on every page, a print area, and the sheet and page in the footer."""
    columns = _printed(layout, widths)
    printed = sum(w for c, w in widths.items() if c <= columns)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if printed <= PORTRAIT_WIDTH else "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(**MARGINS)
    if layout.header_row:
        ws.print_title_rows = f"{layout.header_row}:{layout.header_row}"
    ws.print_area = f"A1:{column_letters(columns)}{max(ws.max_row, 1)}"
    ws.oddFooter.center.text = FOOTER


def lay_out_sheet(ws: Worksheet, layout: SheetLayout | None = None) -> None:
    """Widths, wrapping, alignment, row heights, titles and print set-up for a written sheet."""
    layout = layout or SheetLayout()
    widths = fit_columns(ws, layout)
    spread_headings(ws, layout, widths)
    align_top(ws, widths)
    fit_rows(ws, widths)
    print_setup(ws, layout, widths)


__all__ = [
    "ID_WIDTHS",
    "SheetLayout",
    "align_top",
    "fit_columns",
    "fit_rows",
    "lay_out_sheet",
    "print_setup",
    "spread_headings",
    "text_lines",
    "text_width",
]
