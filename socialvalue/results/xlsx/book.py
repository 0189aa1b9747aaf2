"""Formulas with named placeholders, resolved once every cell is placed; labelled figures."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from openpyxl.worksheet.worksheet import Worksheet

from ...scoring.arith import exact, plain
from ...workbook.cells import quote_sheet
from ...workbook.writer import new_workbook
from .cells import put, put_text

TOLERANCE = "1E-9"


def _ref(sheet: str, cell: str) -> str:
    column = "".join(ch for ch in cell if ch.isalpha())
    row = "".join(ch for ch in cell if ch.isdigit())
    return f"{quote_sheet(sheet)}!${column}${row}"


def round_formula(cell: str, places: int, rule: str) -> str:
    """A formula rounding the value in ``cell`` as the rubric says (see the package docstring)."""
    if rule == "half_up":
        return f"ROUND({cell},{places})"
    y = f"({cell}*10^{places})"
    return (
        f"IF(ABS(MOD({y},2)-0.5)<={TOLERANCE}*MAX(1,{y}),ROUNDDOWN({y},0),ROUND({y},0))/10^{places}"
    )


def _engine(value: Decimal) -> Decimal:
    """The engine's figure for comparison (15 significant digits: what a spreadsheet holds)."""
    with exact():
        return Decimal(plain(value.quantize(Decimal(1).scaleb(value.adjusted() - 14))))


_PLAIN = re.compile(r"[A-Za-z0-9_]+")


def _token(name: str) -> str:
    """``name`` as a format-string field: itself when it is letters, digits and ``_``, else a
    digest, so that a bidder key or an id with ``.``, ``{``, ``}`` or ``:`` can neither break
    the placeholder (``Greenway Ltd. v2``) nor close it and inject formula text
    (``x}&HYPERLINK(...)&{b_y``)."""
    if _PLAIN.fullmatch(name):
        return name
    return "h" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()


def slot(name: str) -> str:
    """The placeholder for the cell registered as ``name`` with :meth:`Book.name`."""
    return "{" + _token(name) + "}"


class Book:
    """Collects formulas with ``{name}`` placeholders, resolved once every cell is placed."""

    def __init__(self) -> None:
        self.wb = new_workbook()
        self.names: dict[str, str] = {}
        self.pending: list[tuple[Worksheet, str, str]] = []

    def sheet(self, title: str) -> Worksheet:
        return self.wb.create_sheet(title)

    def name(self, key: str, sheet: Worksheet, cell: str) -> None:
        """Register ``sheet!cell`` as ``key``; formulas refer to it as :func:`slot(key) <slot>`."""
        self.names[_token(key)] = _ref(sheet.title, cell)

    def formula(self, ws: Worksheet, cell: str, template: str) -> None:
        self.pending.append((ws, cell, template))

    def resolve(self) -> None:
        for ws, cell, template in self.pending:
            put(ws, cell, "=" + template.format_map(self.names))


def figure(
    book: Book, ws: Worksheet, row: int, label: str, template: str, engine: Decimal | None
) -> str:
    """A labelled formula in column C with the engine's figure in D and a check in E."""
    put_text(ws, f"B{row}", label)
    book.formula(ws, f"C{row}", template)
    if engine is not None:
        put(ws, f"D{row}", _engine(engine))
        put(ws, f"E{row}", f'=IF(ABS(C{row}-D{row})<={TOLERANCE}*MAX(1,ABS(D{row})),"ok","CHECK")')
    return f"C{row}"
