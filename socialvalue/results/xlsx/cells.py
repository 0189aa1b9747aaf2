"""Fast cell writes for results.xlsx, over openpyxl's private cell internals (capped in pyproject)."""

from __future__ import annotations

import functools
import weakref
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ...names import visible
from ...scoring.arith import plain
from ...workbook.writer import set_text


def cell_number(value: Decimal) -> Decimal:
    """An exact input value as written to a cell (normalised; openpyxl writes its text)."""
    return Decimal(plain(value))


@functools.cache
def _position(ref: str) -> tuple[int, int]:
    """``"B5"`` -> ``(5, 2)``; the same few thousand references recur on every bidder sheet."""
    return coordinate_to_tuple(ref)


def cell_at(ws: Worksheet, ref: str) -> Cell:
    """The cell at ``ref`` (created when new), as ``ws[ref]`` but without parsing it each time."""
    position = _position(ref)
    cell = ws._cells.get(position)
    if cell is None:
        cell = Cell(ws, row=position[0], column=position[1])
        ws._add_cell(cell)
    return cell


def put(ws: Worksheet, ref: str, value: object) -> None:
    """Set the value of the cell at ``ref`` (a formula when it is text starting with ``=``)."""
    cell_at(ws, ref).value = value


_STYLE_KEYS = {"font": "fontId", "alignment": "alignmentId"}
_STYLE_IDS: weakref.WeakKeyDictionary[Workbook, dict[tuple[str, int], int]] = (
    weakref.WeakKeyDictionary()
)


def set_style(cell: Cell, attribute: str, value: Font | Alignment) -> None:
    """``setattr(cell, attribute, value)`` for one of the shared fonts and alignments.

    openpyxl looks the style up in the workbook's list (hashing it) at every assignment; here
    that happens once per workbook and style, the first time it is used (so styles are listed in
    the same order), and later cells get the index it returned.
    """
    ids = _STYLE_IDS.setdefault(cell.parent.parent, {})
    key = (attribute, id(value))
    index = ids.get(key)
    if index is None:
        setattr(cell, attribute, value)
        ids[key] = getattr(cell._style, _STYLE_KEYS[attribute])
        return
    if cell._style is None:
        cell._style = StyleArray()
    setattr(cell._style, _STYLE_KEYS[attribute], index)


def merge_across(ws: Worksheet, row: int, first: int = 2, last: int = 8) -> None:
    """Merge columns ``first`` to ``last`` (B:H) of ``row``, as ``ws.merge_cells`` does.

    ``merge_cells`` checks the new range against every range merged before (quadratic in a
    sheet's merges) and restyles every cell of it; for a plain first cell (no border, default
    protection) and a last cell not yet written, that restyling changes nothing, so only the
    range and its :class:`MergedCell` placeholders are added. Anything else goes to openpyxl.
    """
    coord = f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"
    start = ws.cell(row, first)
    plain_start = start._style is None or (
        start._style.borderId == 0 and start._style.protectionId == 0
    )
    if not plain_start or (row, last) in ws._cells:
        ws.merge_cells(coord)
        return
    ws.merged_cells.ranges.add(MergedCellRange(ws, coord))
    for column in range(first + 1, last + 1):
        ws._cells[row, column] = MergedCell(ws, row, column)


def put_text(ws: Worksheet, cell: str, text: str, font: Font | None = None) -> None:
    """Write ``text`` as a string cell, never a formula (:func:`set_text`), in ``font`` if given;
    control and format characters shown as ``<U+200B>`` markers (:func:`visible`), as in the
    pack: a zero-width space or a bidi override in a bidder's name is seen, not hidden."""
    target = cell_at(ws, cell)
    set_text(target, visible(text, keep="\n\t"))
    if font is not None:
        set_style(target, "font", font)


def put_number(ws: Worksheet, cell: str, value: Decimal | int | None) -> None:
    """Write an exact number (:func:`cell_number`); ``None`` leaves the cell empty."""
    if value is None:
        return
    put(ws, cell, cell_number(value) if isinstance(value, Decimal) else value)


def column_letter(index: int) -> str:
    """``1`` -> ``"A"``, ``27`` -> ``"AA"``."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
