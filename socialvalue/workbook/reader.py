"""Read an untrusted .xlsx into plain data: every sheet's values, defined names, sheet states,
custom document properties, and which cells are formulas (with or without a saved result).

How it reads, in order:

1. :func:`~socialvalue.workbook.safety.load_checked` reads the file once and checks the
   container (type, size, zip bombs, DTDs). Every later step parses those same bytes.
2. ``xl/workbook.xml``, its relationships and ``docProps/custom.xml`` are parsed with defusedxml
   (DTDs forbidden): sheet names, states and parts, defined names, custom properties.
   python-calamine 0.9 has no API for defined names, hence this.
3. Each worksheet's XML is streamed once through expat (no tree is built; DTDs and entities
   raise) to find (a) formula cells, ``<c><f>``, and whether a result was saved with them,
   ``<v>`` present and non-empty, (b) error cells, ``t="e"``, whose text calamine drops, and
   (c) the furthest cell holding anything. (c) matters: calamine allocates a dense grid up to the
   furthest cell, so one crafted cell at XFD1048576 makes it abort the whole process. A sheet
   reaching beyond :class:`~socialvalue.workbook.safety.Limits` is reported and not read.
4. python-calamine reads the values of the sheets within bounds (fast), from A1.

Calamine gives ``''`` for an empty cell, a formula without a saved result and an error cell
alike; :meth:`WorkbookData.cell` tells them apart with what step 3 found.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import attrs
import defusedxml.ElementTree as SafeET
import python_calamine

from ..errors import InputError, Location, Problem, Severity, display_path
from .cells import cell_name, column_index, parse_cell, split_area
from .safety import DEFAULT_LIMITS, WORKBOOK_PART, Limits, load_checked

WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CUSTOM_PROPS = "docProps/custom.xml"
SHEET_KINDS = {
    "worksheet": "worksheet",
    "chartsheet": "chartsheet",
    "dialogsheet": "dialogsheet",
    "xlMacrosheet": "macrosheet",
    "xlIntlMacrosheet": "macrosheet",
}
SHEET_STATES = {"visible": "visible", "hidden": "hidden", "veryhidden": "veryHidden"}
_REF = re.compile(r"^([A-Za-z]{1,4})([0-9]{1,8})$")


@attrs.frozen
class CellValue:
    """One cell as read: its value, whether it is a formula, and where it is.

    ``raw`` is what python-calamine gives (str, float, int, bool, date, datetime, time or
    timedelta; integers usually arrive as floats such as ``5.0``), except that an empty cell and a
    formula without a saved result are ``None`` and an error cell is ``None`` with ``error`` set
    (``"#DIV/0!"``). ``ref`` is ``Sheet!D14`` for messages (the sheet name unquoted).
    """

    raw: object
    is_formula: bool
    has_cached_value: bool
    ref: str
    error: str | None = None

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
        if error is not None:
            return CellValue(None, cached is not None, True, where, error)
        if cached is None:
            return CellValue(None if raw == "" else raw, False, raw not in ("", None), where)
        if not cached:
            return CellValue(None, True, False, where)
        return CellValue(raw, True, True, where)

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


def open_workbook(
    path: Path | str, display: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> WorkbookData:
    """Check and read the workbook at ``path``.

    Raises :class:`InputError` (with every problem found) when the file cannot be read at all.
    Otherwise returns the data; ``.problems`` then holds the warnings and any errors confined to a
    sheet or cell (a sheet too large to read, an over-long cell), for the caller to report.
    """
    path = Path(path)
    display = display or display_path(path)
    data, problems = load_checked(path, display, limits)
    if data is None:
        raise InputError(problems)
    return read_checked_bytes(data, display, limits, problems)


def read_checked_bytes(
    data: bytes,
    display: str,
    limits: Limits = DEFAULT_LIMITS,
    problems: list[Problem] | None = None,
) -> WorkbookData:
    """Read bytes that :func:`~socialvalue.workbook.safety.load_checked` has passed."""
    book = WorkbookData(display, problems=list(problems or []))
    fatal: list[Problem] = []

    def fail(message: str) -> InputError:
        fatal.append(Problem(Location(display), message))
        return InputError(book.problems + fatal)

    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        workbook_xml = SafeET.fromstring(archive.read(WORKBOOK_PART), forbid_dtd=True)
    except Exception as error:  # defusedxml and expat raise several types
        raise fail(f"the workbook is damaged: {WORKBOOK_PART} cannot be read ({error})") from None
    targets = _relationships(archive)
    sheet_entries = _sheet_entries(workbook_xml, targets)
    if not sheet_entries:
        raise fail("the workbook has no sheets")
    seen: set[str] = set()
    for name, state, kind, _part in sheet_entries:
        if name.casefold() in seen:
            raise fail(f'the workbook has two sheets called "{name}": it is damaged or crafted')
        seen.add(name.casefold())
        book.sheets[name] = SheetData(name, state, kind)
    _read_defined_names(workbook_xml, book, [entry[0] for entry in sheet_entries])
    book.custom_properties = _custom_properties(archive, book)

    try:
        calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as error:
        if not _reader_failure(error):
            raise
        raise fail(f"the workbook cannot be read: {error}") from None
    parts = {name.lower(): name for name in archive.namelist()}
    try:
        for name, _state, kind, part in sheet_entries:
            sheet = book.sheets[name]
            if kind != "worksheet":
                continue
            if part is None or part.lower() not in parts:
                sheet.readable = False
                book.problems.append(
                    _sheet_problem(display, name, "the sheet's data is missing from the file")
                )
                continue
            with archive.open(parts[part.lower()]) as stream:
                problem = _scan_sheet(stream, sheet, limits, display)
            if problem is not None:
                sheet.readable = False
                book.problems.append(problem)
                continue
            try:
                values = calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except BaseException as error:
                if not _reader_failure(error):
                    raise
                sheet.readable = False
                book.problems.append(
                    _sheet_problem(display, name, f"the sheet cannot be read: {error}")
                )
                continue
            sheet.rows = values
            _check_text_lengths(sheet, limits, book)
    finally:
        calamine.close()
    return book


def _reader_failure(error: BaseException) -> bool:
    """Did python-calamine fail on this input (an error, or a Rust panic surfacing as
    ``pyo3_runtime.PanicException``, a BaseException), rather than the user interrupting?"""
    if isinstance(error, Exception):
        return True
    return type(error).__name__ == "PanicException"


def _sheet_problem(display: str, sheet: str, message: str) -> Problem:
    return Problem(Location(display, context=f"sheet {sheet}"), message)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationships(archive: zipfile.ZipFile) -> dict[str, tuple[str, str | None]]:
    """Relationship id -> (type's last segment, part path inside the zip)."""
    if WORKBOOK_RELS not in archive.namelist():
        return {}
    try:
        root = SafeET.fromstring(archive.read(WORKBOOK_RELS), forbid_dtd=True)
    except Exception:
        return {}
    found: dict[str, tuple[str, str | None]] = {}
    for rel in root:
        if _local(rel.tag) != "Relationship":
            continue
        kind = rel.get("Type", "").rpartition("/")[2]
        target = rel.get("Target", "")
        part: str | None = None
        if rel.get("TargetMode", "Internal") != "External" and target:
            if target.startswith("/"):
                part = posixpath.normpath(target.lstrip("/"))
            else:
                part = posixpath.normpath(posixpath.join("xl", target))
        found[rel.get("Id", "")] = (kind, part)
    return found


def _sheet_entries(
    workbook_xml: Any, targets: dict[str, tuple[str, str | None]]
) -> list[tuple[str, str, str, str | None]]:
    """(name, state, kind, part) for each sheet, in workbook order."""
    entries = []
    for element in workbook_xml.iter():
        if _local(element.tag) != "sheet":
            continue
        name = element.get("name")
        if not name:
            continue
        rid = next(
            (v for k, v in element.attrib.items() if k.startswith("{") and _local(k) == "id"), ""
        )
        kind, part = targets.get(rid, ("worksheet", None))
        state = SHEET_STATES.get(element.get("state", "visible").lower(), "visible")
        entries.append((name, state, SHEET_KINDS.get(kind, kind or "worksheet"), part))
    return entries


def _read_defined_names(workbook_xml: Any, book: WorkbookData, sheet_order: list[str]) -> None:
    for element in workbook_xml.iter():
        if _local(element.tag) != "definedName":
            continue
        name = element.get("name")
        if not name:
            continue
        text = (element.text or "").strip()
        scope: str | None = None
        local_id = element.get("localSheetId")
        if local_id is not None:
            try:
                scope = sheet_order[int(local_id)]
            except (ValueError, IndexError):
                continue
        area = split_area(text)
        sheet, first, last = area if area and area[0] else (None, None, None)
        ref = DefinedNameRef(
            name=name,
            text=text,
            scope=scope,
            hidden=element.get("hidden", "0").lower() in ("1", "true"),
            sheet=sheet,
            first=first,
            last=last,
        )
        if scope is None:
            book.defined_names.setdefault(name.casefold(), ref)
        else:
            book.local_names.setdefault((scope.casefold(), name.casefold()), ref)


def _custom_properties(archive: zipfile.ZipFile, book: WorkbookData) -> dict[str, object]:
    """``docProps/custom.xml`` as name -> str, int, Decimal or bool (others as their text)."""
    if CUSTOM_PROPS not in archive.namelist():
        return {}
    try:
        root = SafeET.fromstring(archive.read(CUSTOM_PROPS), forbid_dtd=True)
    except Exception as error:
        book.problems.append(
            Problem(
                Location(book.display),
                f"the custom document properties cannot be read ({error}); they are ignored",
                "warning",
            )
        )
        return {}
    found: dict[str, object] = {}
    for prop in root:
        name = prop.get("name")
        if _local(prop.tag) != "property" or not name or len(prop) == 0:
            continue
        value = prop[0]
        kind, text = _local(value.tag), value.text or ""
        found[name] = _typed_property(kind, text)
    return found


def _typed_property(kind: str, text: str) -> object:
    if kind in ("i1", "i2", "i4", "i8", "int", "ui1", "ui2", "ui4", "ui8", "uint"):
        try:
            return int(text)
        except ValueError:
            return text
    if kind in ("r4", "r8", "decimal"):
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    if kind == "bool":
        return text.strip().lower() in ("1", "true")
    return text


class _SheetTooLarge(Exception):
    def __init__(self, row: int, column: int):
        self.row, self.column = row, column


class _BadSheet(Exception):
    pass


def _forbid(*_args: object) -> None:
    raise _BadSheet("the sheet's XML declares a DTD or entities")


def _scan_xml(
    stream: IO[bytes], limits: Limits
) -> tuple[dict[tuple[int, int], bool], dict[tuple[int, int], str]]:
    """Stream a worksheet's XML through expat: (formula cell -> has a saved result, error cell ->
    its text). Raises _SheetTooLarge at the first cell holding anything beyond the limits, and
    _BadSheet or ExpatError when the XML is malformed or declares a DTD.

    Written as closures over local variables: this runs once per cell element, so it is the
    reader's hot loop.
    """
    formulas: dict[tuple[int, int], bool] = {}
    errors: dict[tuple[int, int], str] = {}
    max_rows, max_columns = limits.max_rows, limits.max_columns
    columns: dict[str, int] = {}
    in_data = in_v = has_f = has_v = has_is = False
    row = column = 0
    cell: tuple[int, int] | None = None
    kind = "n"
    text: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_data, in_v, has_f, has_v, has_is, row, column, cell, kind, text
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c" and in_data:
            ref = attrs.get("r")
            if ref:
                match = _REF.match(ref)
                if not match:
                    raise _BadSheet(f'a cell has the malformed reference "{ref[:20]}"')
                letters = match.group(1)
                column = columns.get(letters) or columns.setdefault(letters, column_index(letters))
                row = int(match.group(2))
            else:
                column += 1
            cell = (row, column)
            kind = attrs.get("t", "n")
            has_f = has_v = has_is = False
            text = []
        elif name == "v":
            if cell is not None:
                has_v = in_v = True
        elif name == "f":
            if cell is not None:
                has_f = True
        elif name == "row":
            if in_data:
                number = attrs.get("r")
                row = _int(number, "row number") if number else row + 1
                column = 0
        elif name == "is":
            if cell is not None:
                has_is = True
        elif name == "sheetData":
            in_data = True

    def end(name: str) -> None:
        nonlocal in_data, in_v, cell
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "v":
            in_v = False
        elif name == "c" and cell is not None:
            here, cell = cell, None
            if not (has_f or has_v or has_is):
                return
            r, c = here
            if r < 1 or c < 1:
                raise _BadSheet("a cell has an impossible position")
            if r > max_rows or c > max_columns:
                raise _SheetTooLarge(r, c)
            if has_f:
                formulas[here] = has_v and (kind == "str" or "".join(text) != "")
            if kind == "e" and has_v:
                errors[here] = "".join(text).strip() or "#ERROR"
        elif name == "sheetData":
            in_data = False

    def characters(data: str) -> None:
        if in_v:
            text.append(data)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.ParseFile(stream)
    return formulas, errors


def _int(text: str, what: str) -> int:
    if not text.isdigit() or len(text) > 8:
        raise _BadSheet(f'a {what} is malformed: "{text[:20]}"')
    return int(text)


def _scan_sheet(
    stream: IO[bytes], sheet: SheetData, limits: Limits, display: str
) -> Problem | None:
    """Scan one worksheet (see :func:`_scan_xml`); a Problem when it must not be read."""
    try:
        sheet.formulas, sheet.errors = _scan_xml(stream, limits)
    except _SheetTooLarge as big:
        ref = cell_name(big.row, big.column) if big.column <= 16_384 else f"row {big.row}"
        return Problem(
            Location(display, cell=f"{sheet.name}!{ref}"),
            f"the sheet has something in {ref}, beyond the {limits.max_rows:,} rows and "
            f"{limits.max_columns} columns that can be read: delete what is there (or the "
            "unused rows and columns) and save again; the sheet was not read",
        )
    except _BadSheet as bad:
        return _sheet_problem(display, sheet.name, f"the sheet is damaged: {bad}; it was not read")
    except expat.ExpatError as error:
        return _sheet_problem(
            display, sheet.name, f"the sheet is damaged (XML error: {error}); it was not read"
        )
    return None


def _check_text_lengths(sheet: SheetData, limits: Limits, book: WorkbookData) -> None:
    """Report (and cut) any text longer than the limit: Excel itself stops at 32,767."""
    cap = limits.max_cell_chars
    for r, row in enumerate(sheet.rows, start=1):
        for c, value in enumerate(row, start=1):
            if type(value) is str and len(value) > cap:
                row[c - 1] = value[:cap]
                book.problems.append(
                    Problem(
                        Location(book.display, cell=f"{sheet.name}!{cell_name(r, c)}"),
                        f"the cell holds {len(value):,} characters, more than the {cap:,} "
                        f"that are read; only the first {cap:,} were kept",
                    )
                )
