"""What a workbook is read into: cells, defined names, sheets and the workbook itself.

:func:`~socialvalue.workbook.reader.open_workbook` fills these; readers of response templates
ask them for cells by reference or by defined name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ..errors import Location, Problem, Severity
from .cells import cell_name, parse_cell


@attrs.frozen
class CellValue:
    """One cell as read: its value, whether it is a formula, and where it is.

    ``raw`` is what python-calamine gives (str, float, int, bool, date, datetime, time or
    timedelta; integers usually arrive as floats such as ``5.0``), except that an empty cell and a
    formula without a saved result are ``None`` and an error cell is ``None`` with ``error`` set
    (``"#DIV/0!"``). ``ref`` is ``Sheet!D14`` for messages (the sheet name unquoted).
    ``formula`` is a formula's text without its ``=`` (None when not a formula, or when the cell
    has no text of its own: a shared formula's other cells, a text too long to keep).
    """

    raw: object
    is_formula: bool
    has_cached_value: bool
    ref: str
    error: str | None = None
    formula: str | None = None

    @property
    def is_blank(self) -> bool:
        """True for an empty cell (or one holding only spaces), a formula with no result too."""
        if self.error is not None:
            return False
        return self.raw is None or (isinstance(self.raw, str) and not self.raw.strip())


@attrs.frozen
class DefinedNameRef:
    """A defined name as written in ``xl/workbook.xml``, and the area it points at if simple."""

    name: str
    text: str
    scope: str | None = None
    hidden: bool = False
    sheet: str | None = None
    first: str | None = None
    last: str | None = None

    @property
    def is_single_cell(self) -> bool:
        return self.sheet is not None and self.first is not None and self.first == self.last


@attrs.define
class SheetData:
    """One sheet's values (``rows[0][0]`` is A1) and what the XML scan found."""

    name: str
    state: str = "visible"
    kind: str = "worksheet"
    rows: list[list[Any]] = attrs.field(factory=list)
    formulas: dict[tuple[int, int], bool] = attrs.field(factory=dict)
    formula_texts: dict[tuple[int, int], str] = attrs.field(factory=dict)
    errors: dict[tuple[int, int], str] = attrs.field(factory=dict)
    readable: bool = True

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_column(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def cell(self, ref: str) -> CellValue:
        """The cell at ``ref`` (``"D14"`` or ``"$D$14"``); ValueError for a malformed ``ref``."""
        row, column = parse_cell(ref)
        return self.cell_at(row, column)

    def cell_at(self, row: int, column: int) -> CellValue:
        """The cell at a 1-based row and column."""
        where = f"{self.name}!{cell_name(row, column)}"
        raw: object = None
        if row <= len(self.rows) and column <= len(self.rows[row - 1]):
            raw = self.rows[row - 1][column - 1]
        error = self.errors.get((row, column))
        cached = self.formulas.get((row, column))
        formula = self.formula_texts.get((row, column))
        if error is not None:
            return CellValue(None, cached is not None, True, where, error, formula)
        if cached is None:
            return CellValue(None if raw == "" else raw, False, raw not in ("", None), where)
        if not cached:
            return CellValue(None, True, False, where, formula=formula)
        return CellValue(raw, True, True, where, formula=formula)

    def iter_cells(self) -> Iterator[CellValue]:
        """Every cell holding anything (a value, a formula, an error), row by row."""
        positions = {
            (r, c)
            for r, row in enumerate(self.rows, start=1)
            for c, value in enumerate(row, start=1)
            if value != ""
        }
        positions.update(self.formulas, self.errors)
        for r, c in sorted(positions):
            yield self.cell_at(r, c)


@attrs.define
class WorkbookData:
    """Everything read from one workbook. ``problems`` holds what did not stop the reading:
    warnings, and errors confined to a sheet or cell. Callers add them to their own problems."""

    display: str
    sheets: dict[str, SheetData] = attrs.field(factory=dict)
    defined_names: dict[str, DefinedNameRef] = attrs.field(factory=dict)
    local_names: dict[tuple[str, str], DefinedNameRef] = attrs.field(factory=dict)
    #: Names (casefolded) defined twice in one scope, differing only in case: an error, and
    #: neither is in ``defined_names`` or ``local_names``.
    duplicate_names: set[str] = attrs.field(factory=set)
    custom_properties: dict[str, object] = attrs.field(factory=dict)
    problems: list[Problem] = attrs.field(factory=list)

    @property
    def sheet_names(self) -> list[str]:
        """All sheets, hidden ones included, in workbook order."""
        return list(self.sheets)

    def find_sheet(self, name: str) -> SheetData | None:
        """The sheet called ``name`` (exactly, else ignoring case as Excel does), or None."""
        if name in self.sheets:
            return self.sheets[name]
        folded = name.casefold()
        for sheet_name, sheet in self.sheets.items():
            if sheet_name.casefold() == folded:
                return sheet
        return None

    def has_sheet(self, name: str) -> bool:
        return self.find_sheet(name) is not None

    def sheet(self, name: str) -> SheetData:
        """The sheet called ``name``; KeyError when there is none (check with has_sheet)."""
        found = self.find_sheet(name)
        if found is None:
            raise KeyError(f"{self.display} has no sheet named {name!r}")
        return found

    def sheet_state(self, name: str) -> str:
        """``"visible"``, ``"hidden"`` or ``"veryHidden"``."""
        return self.sheet(name).state

    def cell(self, sheet: str, ref: str) -> CellValue:
        """The cell ``ref`` (``"D14"``) on ``sheet``; KeyError when the sheet is missing."""
        return self.sheet(sheet).cell(ref)

    def defined_name(self, name: str, sheet: str | None = None) -> DefinedNameRef | None:
        """A workbook-level name, or with ``sheet`` that sheet's own name; None if undefined."""
        if sheet is None:
            return self.defined_names.get(name.casefold())
        found = self.find_sheet(sheet)
        key = (found.name if found else sheet).casefold(), name.casefold()
        return self.local_names.get(key)

    def named(self, name: str, sheet: str | None = None) -> CellValue | None:
        """The cell a single-cell defined name points at; None when the name is undefined,
        is not one cell, or its sheet does not exist."""
        ref = self.defined_name(name, sheet)
        if ref is None or not ref.is_single_cell:
            return None
        assert ref.sheet is not None and ref.first is not None
        target = self.find_sheet(ref.sheet)
        return None if target is None else target.cell(ref.first)

    def problem(
        self,
        cell: CellValue | str | None,
        message: str,
        *,
        severity: Severity = "error",
        context: str | None = None,
    ) -> Problem:
        """A problem at a cell (a CellValue or ``"Sheet!D14"``) of this workbook."""
        where = cell.ref if isinstance(cell, CellValue) else cell
        return Problem(Location(self.display, cell=where, context=context), message, severity)


def sheet_problem(display: str, sheet: str, message: str) -> Problem:
    """A problem confined to one sheet of the workbook ``display``."""
    return Problem(Location(display, context=f"sheet {sheet}"), message)
