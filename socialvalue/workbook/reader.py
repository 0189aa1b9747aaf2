"""Read an untrusted .xlsx into plain data: every sheet's values, defined names, sheet states,
custom document properties, and which cells are formulas (with or without a saved result).

How it reads, in order:

1. :func:`~socialvalue.workbook.safety.load_checked` reads the file once and checks the
   container (type, size, zip bombs, part names, DTDs, encodings). Every later step parses those
   same bytes.
2. ``xl/workbook.xml``, its relationships and ``docProps/custom.xml`` are parsed with defusedxml
   (DTDs forbidden): sheet names, states and parts, defined names, custom properties.
   python-calamine 0.9 has no API for defined names, hence this. Each sheet's part is found the
   way calamine finds it (its relationship's target taken literally, under ``xl/``), and anything
   that could make the two disagree is refused: a relationship id given twice, a ``<sheet>``
   pointing at two parts, a sheet list that calamine reads differently.
3. Each worksheet's XML is streamed once through expat (UTF-8 only, no tree, DTDs and entities
   raise) to find (a) formula cells, ``<c><f>``, and whether a result was saved with them,
   ``<v>`` present and non-empty, (b) error cells, ``t="e"``, whose text calamine drops,
   (c) the furthest cell holding anything, (d) how many cells hold anything and (e) how much text
   they hold, shared strings counted at each use. (c) matters: calamine allocates a dense grid up
   to the furthest cell, so one crafted cell at XFD1048576 makes it abort the whole process. A
   sheet reaching beyond :class:`~socialvalue.workbook.safety.Limits` is reported and not read.
   Worksheet parts that no sheet uses are scanned for (c) too.
4. The workbook-wide budgets are spent sheet by sheet, in workbook order: cells holding
   anything, the dense grid calamine will build (rows x columns from A1) and characters of text.
   Text uses an upper bound on each shared string's length (its bytes in
   ``xl/sharedStrings.xml``), so one long string referenced from thousands of cells, which
   calamine copies into every cell, is caught before calamine builds it. A sheet that would
   overspend a budget is reported and not read.
5. python-calamine reads the values of the sheets within bounds (fast), from A1.

Calamine gives ``''`` for an empty cell, a formula without a saved result and an error cell
alike; :meth:`WorkbookData.cell` tells them apart with what step 3 found.
"""

from __future__ import annotations

import io
import re
import sys
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
from .safety import (
    CONTENT_TYPES_PART,
    DEFAULT_LIMITS,
    UTF8_NAMES,
    WORKBOOK_PART,
    WORKSHEETS_FOLDER,
    Limits,
    load_checked,
    not_utf8,
    printable,
)

WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CUSTOM_PROPS = "docProps/custom.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"  # where calamine reads them from, whatever the rels say
WORKSHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
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
    parts = {name.lower(): name for name in archive.namelist()}
    try:
        workbook_xml = SafeET.fromstring(archive.read(WORKBOOK_PART), forbid_dtd=True)
    except Exception as error:  # defusedxml and expat raise several types
        raise fail(f"the workbook is damaged: {WORKBOOK_PART} cannot be read ({error})") from None
    try:
        targets = _relationships(archive, parts)
    except _Crafted as crafted:
        raise fail(crafted.message) from None
    entries = _sheet_entries(workbook_xml, targets)
    if not entries:
        raise fail("the workbook has no sheets")
    seen: set[str] = set()
    for entry in entries:
        if entry.name.casefold() in seen:
            raise fail(
                f'the workbook has two sheets called "{entry.name}": it is damaged or crafted'
            )
        seen.add(entry.name.casefold())
        book.sheets[entry.name] = SheetData(entry.name, entry.state, entry.kind)
    _read_defined_names(workbook_xml, book, [entry.name for entry in entries])
    book.custom_properties = _custom_properties(archive, book)

    try:
        # Opening reads xl/workbook.xml, its relationships, the shared strings and the styles,
        # never a worksheet; sheets are read one by one below, once the guard has passed them.
        calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as error:
        if not _reader_failure(error):
            raise
        raise fail(f"the workbook cannot be read: {error}") from None
    try:
        if list(calamine.sheet_names) != [entry.name for entry in entries]:
            # Only a name is passed to calamine: it must mean the sheet whose part was checked.
            raise fail(
                "the workbook is damaged or crafted: its list of sheets reads differently in "
                "the spreadsheet reader (a sheet name with a tab or line break?)"
            )
        try:
            scans = _Guard(archive, parts, book, limits).check(entries)
        except _Crafted as crafted:
            raise fail(crafted.message) from None
        for name, scan in scans.items():
            sheet = book.sheets[name]
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
            sheet.formulas, sheet.errors = scan.formulas, scan.errors
            _check_text_lengths(sheet, limits, book)
    finally:
        calamine.close()
    return book


@attrs.define
class _SheetScan:
    """What the expat scan found in one worksheet part (see :func:`_scan_xml`)."""

    formulas: dict[tuple[int, int], bool] = attrs.field(factory=dict)
    errors: dict[tuple[int, int], str] = attrs.field(factory=dict)
    cells: int = 0  # cells holding anything
    rows: int = 0  # the furthest row and column holding anything
    columns: int = 0
    text: int = 0  # characters of text written in the sheet itself (inline strings, results)
    elements: int = 0  # XML elements in the part
    strings: dict[int, int] = attrs.field(factory=dict)  # shared string index -> cells using it

    @property
    def grid(self) -> int:
        """Cells calamine materialises for the sheet: from A1 to the furthest row and column."""
        return self.rows * self.columns


class _Crafted(Exception):
    """The workbook cannot be read safely at all: one fatal problem."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@attrs.define
class _Guard:
    """Decide which worksheets calamine may read, before it opens any (steps 3 and 4)."""

    archive: zipfile.ZipFile
    parts: dict[str, str]  # lower-case part name -> part name
    book: WorkbookData
    limits: Limits
    scanned: dict[str, _SheetScan | Problem | _OverBudget] = attrs.field(factory=dict)

    def check(self, entries: list[_SheetEntry]) -> dict[str, _SheetScan]:
        """Scan and budget every worksheet; return the ones to read (name -> scan), in order.

        Problems confined to a sheet go to the book; :class:`_Crafted` when nothing can be read.
        """
        limits, display = self.limits, self.book.display
        cells, grid, elements = limits.max_cells, limits.max_grid_cells, limits.max_xml_elements
        passed: dict[str, _SheetScan] = {}
        for entry in entries:
            if entry.kind != "worksheet":
                continue
            problem: Problem | None = None
            key = (entry.part or "").lower()
            if entry.ambiguous:
                problem = _sheet_problem(
                    display,
                    entry.name,
                    f"the sheet's entry in {WORKBOOK_PART} points at more than one part: the "
                    "workbook may be crafted; the sheet was not read",
                )
            elif entry.part is None or key not in self.parts:
                problem = _sheet_problem(
                    display, entry.name, "the sheet's data is missing from the file"
                )
            else:
                scan = self.scan(key, entry.name, cells, elements)
                problem = self.overspent(entry.name, scan, cells, grid, elements)
                if problem is None:
                    assert isinstance(scan, _SheetScan)
                    cells -= scan.cells
                    grid -= scan.grid
                    elements -= scan.elements
                    passed[entry.name] = scan
            if problem is not None:
                self.book.sheets[entry.name].readable = False
                self.book.problems.append(problem)
        self.check_unused_parts(entries)
        return self.spend_text(passed)

    def overspent(
        self,
        sheet: str,
        scan: _SheetScan | Problem | _OverBudget,
        cells: int,
        grid: int,
        elements: int,
    ) -> Problem | None:
        """Why a scanned sheet may not be read (its own problem, or a budget it would take
        past what is left), or None."""
        if isinstance(scan, Problem):
            return scan
        limits = self.limits
        if isinstance(scan, _TooManyElements) or (
            isinstance(scan, _SheetScan) and scan.elements > elements
        ):
            message = (
                f"the sheet takes the workbook past {limits.max_xml_elements:,} XML elements, "
                "the most that are read: delete what is not needed and save again from Excel; "
                "the sheet was not read"
            )
        elif isinstance(scan, _OverBudget) or scan.cells > cells:
            message = (
                f"the sheet takes the workbook past {limits.max_cells:,} cells holding "
                "something, the most that are read: delete what is not needed (or split the "
                "workbook) and save again; the sheet was not read"
            )
        elif scan.grid > grid:
            message = (
                f"the sheet takes the workbook past {limits.max_grid_cells:,} cells counted from "
                "A1 to each sheet's last used row and column, the most that are read: delete "
                "unused rows and columns and save again; the sheet was not read"
            )
        else:
            return None
        return _sheet_problem(self.book.display, sheet, message)

    def scan(
        self, key: str, sheet: str, cells: int, elements: int
    ) -> _SheetScan | Problem | _OverBudget:
        """Scan a part once (a part shared by several sheets is scanned for the first; what is
        left of the budgets only shrinks, so its verdict holds for the others)."""
        if key not in self.scanned:
            with self.archive.open(self.parts[key]) as stream:
                self.scanned[key] = _scan_sheet(
                    stream, sheet, self.limits, self.book.display, cells, elements
                )
        return self.scanned[key]

    def check_unused_parts(self, entries: list[_SheetEntry]) -> None:
        """Worksheet parts no sheet uses must not reach far either: were calamine ever to
        resolve a sheet differently from this reader, it could only find a scanned part."""
        used = {part.lower() for entry in entries for part in entry.candidates}
        for key in sorted(self.worksheet_like() - used - set(self.scanned)):
            try:
                with self.archive.open(self.parts[key]) as stream:
                    _scan_xml(stream, self.limits, sys.maxsize, self.limits.max_xml_elements)
            except _TooManyElements:
                raise _Crafted(
                    f"part {self.parts[key]}, a worksheet no sheet uses, has more than "
                    f"{self.limits.max_xml_elements:,} XML elements, too many to check: the "
                    "workbook may be crafted"
                ) from None
            except _SheetTooLarge as big:
                raise _Crafted(
                    f"part {self.parts[key]}, a worksheet no sheet uses, has something in "
                    f"{_far_ref(big)}, beyond the {self.limits.max_rows:,} rows and "
                    f"{self.limits.max_columns} columns that can be read: the workbook may be "
                    "crafted"
                ) from None
            except (_BadSheet, *_XML_FAILURES):
                continue  # calamine cannot read it either; only a far cell would be dangerous

    def worksheet_like(self) -> set[str]:
        """Parts under xl/worksheets/ (not relationships) and parts typed as worksheets."""
        found = {
            key
            for key in self.parts
            if key.startswith(WORKSHEETS_FOLDER) and not key.endswith(("/", ".rels"))
        }
        try:
            types = SafeET.fromstring(
                self.archive.read(self.parts[CONTENT_TYPES_PART.lower()]), forbid_dtd=True
            )
        except Exception:  # checked by load_checked already; nothing more to find here
            return found
        for override in types.iter(f"{CT_NS}Override"):
            if override.get("ContentType") == WORKSHEET_CONTENT_TYPE:
                key = override.get("PartName", "").removeprefix("/").lower()
                if key in self.parts:
                    found.add(key)
        return found

    def spend_text(self, passed: dict[str, _SheetScan]) -> dict[str, _SheetScan]:
        """Keep the sheets whose text fits the budget, in workbook order."""
        needed = max((max(scan.strings, default=-1) for scan in passed.values()), default=-1)
        spans = _shared_string_spans(self.archive, self.parts, needed, self.limits.max_xml_elements)
        budget = self.limits.max_text_chars
        kept: dict[str, _SheetScan] = {}
        for name, scan in passed.items():
            if isinstance(spans, int):  # every string bounded by the whole table's size
                text = scan.text + spans * sum(scan.strings.values())
            else:
                text = scan.text + sum(
                    count * spans[index]
                    for index, count in scan.strings.items()
                    if index < len(spans)  # beyond the table: calamine reports the sheet
                )
            if text > budget:
                self.book.sheets[name].readable = False
                self.book.problems.append(
                    _sheet_problem(
                        self.book.display,
                        name,
                        f"the sheet takes the workbook past {self.limits.max_text_chars:,} "
                        "characters of text (a shared text counts each time a cell uses it), "
                        "the most that are read; the sheet was not read",
                    )
                )
                continue
            budget -= text
            kept[name] = scan
        return kept


def _shared_string_spans(
    archive: zipfile.ZipFile, parts: dict[str, str], needed: int, max_elements: int
) -> list[int] | int:
    """An upper bound on the length of each shared string, by calamine's index, up to ``needed``.

    calamine gives every ``<si>`` element (any prefix, at any depth, but not inside another
    ``<si>``) the next index, and its text is at most the bytes between ``<si`` and ``</si>``.
    The table is read only as far as the highest index a sheet uses, and through at most
    ``max_elements`` elements. When expat cannot read that far (a longer table, or one calamine
    reads and expat does not: a raw control character, for one) the answer is one bound for
    every string: the table's size in bytes (any decoding takes at least a byte per character).
    A table not in UTF-8 is refused: it is never legitimate.
    """
    name = parts.get(SHARED_STRINGS.lower())
    if name is None or needed < 0:
        return []
    spans: list[int] = []
    depth = start = elements = 0
    parser = _xml_parser()

    def begin(tag: str, _attrs: dict[str, str]) -> None:
        nonlocal depth, start, elements
        elements += 1
        if elements > max_elements:
            raise _TooManyElements
        if tag == "si" or tag.endswith(":si"):
            if depth == 0:
                start = parser.CurrentByteIndex
            depth += 1

    def end(tag: str) -> None:
        nonlocal depth
        if tag == "si" or tag.endswith(":si"):
            depth -= 1
            if depth == 0:
                spans.append(parser.CurrentByteIndex - start)
                if len(spans) > needed:
                    raise _Enough

    parser.StartElementHandler = begin
    parser.EndElementHandler = end
    try:
        with archive.open(name) as stream:
            _parse(parser, stream)
    except _Enough:
        pass
    except _BadSheet as bad:
        raise _Crafted(f"the workbook is damaged: {name} cannot be read ({bad})") from None
    except (_TooManyElements, *_XML_FAILURES):
        return archive.getinfo(name).file_size
    return spans


class _Enough(Exception):
    pass


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


def _relationships(
    archive: zipfile.ZipFile, parts: dict[str, str]
) -> dict[str, tuple[str, str | None]]:
    """Relationship id -> (type's last segment, part path inside the zip), as calamine reads them.

    Every ``<Relationship>`` counts, at any depth; an id given twice is refused (calamine would
    take the last, a reader of the first would check another part).
    """
    name = parts.get(WORKBOOK_RELS.lower())
    if name is None:
        return {}
    try:
        root = SafeET.fromstring(archive.read(name), forbid_dtd=True)
    except Exception:
        return {}
    found: dict[str, tuple[str, str | None]] = {}
    for rel in root.iter():
        if _local(rel.tag) != "Relationship":
            continue
        rid = rel.get("Id", "")
        if rid in found:
            raise _Crafted(
                f'the workbook is damaged or crafted: {WORKBOOK_RELS} gives relationship "'
                f'{printable(rid, 40)}" more than once'
            )
        kind = rel.get("Type", "").rpartition("/")[2]
        target = rel.get("Target", "")
        part: str | None = None
        if rel.get("TargetMode", "Internal") != "External" and target:
            part = _resolve(target)
        found[rid] = (kind, part)
    return found


def _resolve(target: str) -> str:
    """The part a workbook relationship's target names, literally, as python-calamine resolves it:
    ``/x`` is ``x``, anything else is under ``xl/``. Nothing is normalised: the container check
    refuses part names with ``./``, ``../`` or ``//``, so a target spelled with them names no
    part for either reader (it is reported as missing)."""
    return target[1:] if target.startswith("/") else "xl/" + target


@attrs.frozen
class _SheetEntry:
    """One ``<sheet>`` of ``xl/workbook.xml``."""

    name: str
    state: str
    kind: str
    part: str | None
    ambiguous: bool = False  # id attributes naming different relationships
    candidates: frozenset[str] = frozenset()  # every part its id attributes name


def _sheet_entries(
    workbook_xml: Any, targets: dict[str, tuple[str, str | None]]
) -> list[_SheetEntry]:
    """Each sheet, in workbook order.

    Its relationship id is the one ``id`` attribute of ``<sheet>``, in whatever namespace:
    calamine takes ``r:id`` (whatever ``r`` is bound to) or the relationships namespace's
    ``id``, so a sheet whose ``id`` attributes disagree is marked ambiguous and never read.
    """
    entries = []
    for element in workbook_xml.iter():
        if _local(element.tag) != "sheet":
            continue
        name = element.get("name")
        if not name:
            continue
        ids = {value for key, value in element.attrib.items() if _local(key) == "id"}
        candidates = frozenset(
            part for rid in ids if (part := targets.get(rid, ("", None))[1]) is not None
        )
        rid = next(iter(ids)) if len(ids) == 1 else ""
        kind, part = targets.get(rid, ("worksheet", None))
        state = SHEET_STATES.get(element.get("state", "visible").lower(), "visible")
        kind = SHEET_KINDS.get(kind, kind or "worksheet")
        ambiguous = len(ids) > 1
        entries.append(
            _SheetEntry(
                name, state, "worksheet" if ambiguous else kind, part, ambiguous, candidates
            )
        )
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


class _OverBudget(Exception):
    """The scan stopped: the sheet would overspend a budget."""


class _TooManyCells(_OverBudget):
    pass


class _TooManyElements(_OverBudget):
    pass


class _BadSheet(Exception):
    pass


_XML_FAILURES = (expat.ExpatError, LookupError, ValueError, UnicodeError)
"""What expat raises for malformed XML, and Python's codecs for a declared encoding they do not
know (or cannot feed to expat): ``x-evil``, ``utf-7``, ``rot13``, ``idna``."""


def _forbid(*_args: object) -> None:
    raise _BadSheet("the sheet's XML declares a DTD or entities")


def _declaration(_version: str, encoding: str | None, _standalone: int) -> None:
    if encoding is not None and encoding.strip().lower().replace("_", "-") not in UTF8_NAMES:
        raise _BadSheet(
            f'it declares the encoding "{printable(encoding, 40)}", but workbook parts must '
            "be UTF-8"
        )


def _xml_parser() -> expat.XMLParserType:
    """An expat parser that reads UTF-8 only, as calamine does, and refuses any DTD.

    Forcing the encoding makes expat ignore a declared one (so it never looks up a codec), and
    :func:`_declaration` refuses a part that declares another; :func:`_parse` refuses UTF-16.
    """
    parser = expat.ParserCreate("UTF-8")
    parser.buffer_text = True
    parser.XmlDeclHandler = _declaration
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _parse(parser: expat.XMLParserType, stream: IO[bytes]) -> None:
    """Feed a part to ``parser``; :class:`_BadSheet` when it is not UTF-8 (a byte order mark
    makes expat read UTF-16 whatever it was told)."""
    head = stream.read(1 << 16)
    problem = not_utf8(head)
    if problem is not None:
        raise _BadSheet(f"it {problem}, but workbook parts must be UTF-8")
    parser.Parse(head, False)
    while chunk := stream.read(1 << 20):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _scan_xml(stream: IO[bytes], limits: Limits, max_cells: int, max_elements: int) -> _SheetScan:
    """Stream a worksheet's XML through expat: formula cells (-> has a saved result), error cells
    (-> their text), how many cells hold anything, how far they reach and how much text they
    hold. Raises _SheetTooLarge at the first cell holding anything beyond the limits,
    _TooManyCells at the cell after ``max_cells``, _TooManyElements at the element after
    ``max_elements``, and _BadSheet or one of _XML_FAILURES when the XML is malformed, not UTF-8
    or declares a DTD.

    Written as closures over local variables: this runs once per cell element, so it is the
    reader's hot loop.
    """
    scan = _SheetScan()
    formulas, errors, strings = scan.formulas, scan.errors, scan.strings
    max_rows, max_columns = limits.max_rows, limits.max_columns
    columns: dict[str, int] = {}
    in_data = in_v = in_is = has_f = has_v = has_is = False
    row = column = cells = top_row = top_column = text_chars = elements = 0
    cell: tuple[int, int] | None = None
    kind = "n"
    text: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_data, in_v, in_is, has_f, has_v, has_is, row, column, cell, kind, text
        nonlocal elements
        elements += 1
        if elements > max_elements:
            raise _TooManyElements
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c" and in_data:
            ref = attrs.get("r")
            if ref:
                match = _REF.match(ref)
                if not match:
                    raise _BadSheet(f'a cell has the malformed reference "{printable(ref, 20)}"')
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
                has_is = in_is = True
        elif name == "sheetData":
            in_data = True

    def end(name: str) -> None:
        nonlocal in_data, in_v, in_is, cell, cells, top_row, top_column, text_chars
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
            cells += 1
            if cells > max_cells:
                raise _TooManyCells
            if r > top_row:
                top_row = r
            if c > top_column:
                top_column = c
            value = "".join(text) if has_v else ""
            if kind == "s":
                if has_v:
                    try:
                        index = int(value)
                    except ValueError:  # calamine cannot read it either
                        index = -1
                    if index >= 0:
                        strings[index] = strings.get(index, 0) + 1
            elif kind != "n" and kind != "b":
                text_chars += len(value)  # a formula's text result, an error, a date as text
            if has_f:
                formulas[here] = has_v and (kind == "str" or value != "")
            if kind == "e" and has_v:
                errors[here] = value.strip() or "#ERROR"
        elif name == "is":
            in_is = False
        elif name == "sheetData":
            in_data = False

    def characters(data: str) -> None:
        nonlocal text_chars
        if in_v:
            text.append(data)
        elif in_is:
            text_chars += len(data)

    parser = _xml_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    _parse(parser, stream)
    scan.cells, scan.rows, scan.columns, scan.text = cells, top_row, top_column, text_chars
    scan.elements = elements
    return scan


def _int(text: str, what: str) -> int:
    if not text.isdigit() or len(text) > 8:
        raise _BadSheet(f'a {what} is malformed: "{printable(text, 20)}"')
    return int(text)


def _far_ref(big: _SheetTooLarge) -> str:
    return cell_name(big.row, big.column) if big.column <= 16_384 else f"row {big.row}"


def _scan_sheet(
    stream: IO[bytes], sheet: str, limits: Limits, display: str, max_cells: int, max_elements: int
) -> _SheetScan | Problem | _OverBudget:
    """Scan one worksheet (see :func:`_scan_xml`); a Problem when it must not be read, the
    budget it overspent when it stopped early."""
    try:
        return _scan_xml(stream, limits, max_cells, max_elements)
    except _SheetTooLarge as big:
        ref = _far_ref(big)
        return Problem(
            Location(display, cell=f"{sheet}!{ref}"),
            f"the sheet has something in {ref}, beyond the {limits.max_rows:,} rows and "
            f"{limits.max_columns} columns that can be read: delete what is there (or the "
            "unused rows and columns) and save again; the sheet was not read",
        )
    except _OverBudget as over:
        return over
    except _BadSheet as bad:
        return _sheet_problem(display, sheet, f"the sheet is damaged: {bad}; it was not read")
    except _XML_FAILURES as error:
        return _sheet_problem(
            display, sheet, f"the sheet is damaged (XML error: {error}); it was not read"
        )


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
