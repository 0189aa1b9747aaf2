"""Small helpers over openpyxl for generating *our* workbooks (response templates, evaluator
sheets) the same way every time.

:func:`save_workbook` is reproducible: the same workbook built twice saves to identical bytes
(fixed document times, fixed zip entry times and attributes), and atomic: a temporary file in the
same folder, then :func:`os.replace`, so a reader never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import weakref
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.packaging.custom import BoolProperty, IntProperty, StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..atomic import write_bytes_atomic
from ..formatting import plain_decimal
from .cells import parse_cell, sheet_ref, split_area
from .cellxml import plain_cells_as_text
from .values import neutralise_formula

FIXED_TIME = dt.datetime(2000, 1, 1)
"""Document created/modified time used unless the caller gives one."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry's timestamp: the earliest a zip can hold."""
INPUT_FILL = "FFF2CC"
MAX_VALIDATION_FORMULA = 255
MAX_CELL_TEXT = 32_767
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")

_NAME = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.\\]*$")
_R1C1 = re.compile(r"^([Rr][0-9]*)?([Cc][0-9]*)?$")


def new_workbook(*, creator: str = "socialvalue") -> Workbook:
    """An empty workbook with fixed document properties and no sheets (add with create_sheet)."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def check_name(name: str) -> None:
    """ValueError unless ``name`` is a valid Excel defined name (not a cell like ``A1``)."""
    if not (1 <= len(name) <= 255) or not _NAME.match(name):
        raise ValueError(f"not a valid defined name: {name!r}")
    looks_like_cell = True
    try:
        parse_cell(name)
    except ValueError:
        looks_like_cell = False
    if looks_like_cell or _R1C1.match(name):
        raise ValueError(f"a defined name cannot look like a cell reference: {name!r}")


def add_defined_name(wb: Workbook, name: str, sheet: str, cell: str) -> DefinedName:
    """Define a workbook-level ``name`` for ``cell`` (``"D14"`` or a range ``"D14:D20"``)."""
    check_name(name)
    if sheet not in wb.sheetnames:
        raise ValueError(f"no sheet named {sheet!r}")
    existing = {n.casefold() for n in wb.defined_names}
    if name.casefold() in existing:
        raise ValueError(f"defined name {name!r} exists already")
    defined = DefinedName(name, attr_text=sheet_ref(sheet, cell))
    try:
        wb.defined_names[name] = defined  # openpyxl >= 3.1
    except TypeError:  # pragma: no cover - openpyxl 3.0 kept a list
        wb.defined_names.append(defined)
    return defined


def set_custom_property(wb: Workbook, name: str, value: str | int | bool) -> None:
    """Set a custom document property (File > Properties > Custom), replacing any of that name."""
    prop: StringProperty | IntProperty | BoolProperty
    if isinstance(value, bool):
        prop = BoolProperty(name=name, value=value)
    elif isinstance(value, int):
        prop = IntProperty(name=name, value=value)
    else:
        prop = StringProperty(name=name, value=value)
    if name in wb.custom_doc_props.names:
        del wb.custom_doc_props[name]
    wb.custom_doc_props.append(prop)


def set_text(cell: Cell, text: str) -> None:
    """Write text that came from outside: characters XML cannot hold removed, never a formula."""
    # What ``cell.value = ...`` then ``data_type = "s"`` would do, without openpyxl checking the
    # text again for the characters just removed: it keeps Excel's 32,767 characters.
    cell._value = neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", text))[:MAX_CELL_TEXT]
    cell.data_type = "s"


#: The cells of each sheet given a formula on purpose, by :func:`set_formula`.
_FORMULAS: weakref.WeakKeyDictionary[Worksheet, set[str]] = weakref.WeakKeyDictionary()


def set_formula(cell: Cell, formula: str) -> None:
    """Write a formula of our own (``=...``): the only way a form's cell may hold one."""
    if not formula.startswith("="):
        raise ValueError(f"a formula starts with '=': {formula!r}")
    cell.value = formula
    _FORMULAS.setdefault(cell.parent, set()).add(cell.coordinate)


def neutralise_stray_formulas(wb: Workbook) -> list[str]:
    """Turn every formula not written by :func:`set_formula` into the text it was typed as.

    A safety net under :func:`set_text`: text from a rubric, tender.yaml or a bidder that a
    writer put in a cell directly (``ws.cell(row, col, title)``) and that starts with ``=``
    would otherwise be saved as a live formula. Returns the ``Sheet!A1`` of each cell changed.
    """
    changed: list[str] = []
    for ws in wb.worksheets:
        ours = _FORMULAS.get(ws, set())
        for cell in _cells_of(ws):
            stray = cell.data_type == "f" and cell.coordinate not in ours
            if stray and isinstance(cell.value, str):
                set_text(cell, cell.value)
                changed.append(f"{ws.title}!{cell.coordinate}")
    return changed


def _cells_of(ws: Worksheet) -> Iterable[Cell]:
    return list(ws._cells.values())


def input_style(cell: Cell) -> None:
    """Mark a cell for the bidder to fill in: unlocked, pale yellow, thin grey border."""
    side = Side(style="thin", color="808080")
    cell.protection = Protection(locked=False)
    cell.fill = PatternFill(fill_type="solid", fgColor=INPUT_FILL)
    cell.border = Border(left=side, right=side, top=side, bottom=side)


def lock_sheet(ws: Worksheet, password: str | None = None) -> None:
    """Protect a sheet so only unlocked cells can change; rows and columns may still be resized.

    A sheet password only deters accidents; every value read back is validated regardless.
    """
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False
    if password:
        ws.protection.password = password


def _cells(cells: str | Iterable[str]) -> str:
    return cells if isinstance(cells, str) else " ".join(cells)


def list_validation(
    ws: Worksheet,
    cells: str | Iterable[str],
    source_range: str,
    *,
    allow_blank: bool = True,
) -> DataValidation:
    """A dropdown on ``cells`` taking its choices from a range (``"Lists!A1:A5"``, sheet names
    quoted or not) or a defined name. Never an inline list: Excel corrupts those past 255
    characters, so a literal list (``'"Yes,No"'``) is a ValueError."""
    area = split_area(source_range)
    if area is not None and area[0] is not None:
        _, first, last = area
        formula = sheet_ref(area[0], first if first == last else f"{first}:{last}")
    else:
        try:
            check_name(source_range)
        except ValueError:
            raise ValueError(
                f"list source must be Sheet!A1:A9 or a defined name: {source_range!r}"
            ) from None
        formula = source_range
    if len(formula) > MAX_VALIDATION_FORMULA:
        raise ValueError(f"list source longer than {MAX_VALIDATION_FORMULA} characters")
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=allow_blank,
        showErrorMessage=True,
        errorTitle="Not in the list",
        error="Choose a value from the list.",
    )
    validation.add(_cells(cells))
    ws.add_data_validation(validation)
    return validation


def _number(value: Decimal | int | str) -> str:
    return plain_decimal(Decimal(str(value)))


def decimal_validation(
    ws: Worksheet,
    cells: str | Iterable[str],
    minimum: Decimal | int | str,
    maximum: Decimal | int | str | None = None,
) -> DataValidation:
    """Allow only numbers from ``minimum`` (to ``maximum``) in ``cells``; blanks allowed."""
    low = _number(minimum)
    if maximum is None:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=low)
        validation.error = f"Enter a number of {low} or more."
    else:
        high = _number(maximum)
        validation = DataValidation(type="decimal", operator="between", formula1=low, formula2=high)
        validation.error = f"Enter a number from {low} to {high}."
    validation.allow_blank = True
    validation.showErrorMessage = True
    validation.errorTitle = "Not a valid number"
    validation.add(_cells(cells))
    ws.add_data_validation(validation)
    return validation


def workbook_bytes(wb: Workbook, when: dt.datetime = FIXED_TIME) -> bytes:
    """The saved workbook's bytes, identical for identical content."""
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    # Stored, not compressed: _normalise_zip compresses every entry once, for good.
    # ExcelWriter, not openpyxl's save_workbook: that stamps properties.modified with now.
    # Plain cells are written as text (workbook.cellxml): the same bytes, in less time.
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as archive,
        plain_cells_as_text(),
    ):
        ExcelWriter(wb, archive).save()
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and attributes, entries in their original order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info), compresslevel=6)
    return out.getvalue()


def save_workbook(
    wb: Workbook,
    path: Path | str,
    when: dt.datetime = FIXED_TIME,
    *,
    formulas: Literal["declared", "any"] = "declared",
) -> Path:
    """Save reproducibly and atomically; ``when`` is the document's created/modified time.

    With ``formulas="declared"`` (the default, for every form) a cell holds a formula only if
    :func:`set_formula` put it there; any other text starting with ``=`` is saved as text (see
    :func:`neutralise_stray_formulas`). results.xlsx, made of formulas over its own cells,
    passes ``"any"``.
    """
    path = Path(path)
    if formulas == "declared":
        neutralise_stray_formulas(wb)
    data = workbook_bytes(wb, when)
    write_bytes_atomic(path, data)
    return path
