"""Read an untrusted .xlsx into plain data: every sheet's values, defined names, sheet states,
custom document properties, and which cells are formulas (with or without a saved result).

How it reads, in order (one module per step; this one runs them):

1. :func:`~socialvalue.workbook.safety.load_checked` reads the file once and checks the
   container (type, size, zip bombs, part names, DTDs, encodings). Every later step parses those
   same bytes.
2. :mod:`.parts`: ``xl/workbook.xml``, its relationships and ``docProps/custom.xml`` are parsed with defusedxml
   (DTDs forbidden): sheet names, states and parts, defined names, custom properties.
   python-calamine 0.9 has no API for defined names, hence this. Each sheet's part is found the
   way calamine finds it (its relationship's target taken literally, under ``xl/``), and anything
   that could make the two disagree is refused: a relationship id given twice, a ``<sheet>``
   pointing at two parts, a sheet list that calamine reads differently.
3. :mod:`.xmlscan`: each worksheet's XML is streamed once through expat (UTF-8 only, no tree, DTDs and entities
   raise) to find (a) formula cells, ``<c><f>``, and whether a result was saved with them,
   ``<v>`` present and non-empty, (b) error cells, ``t="e"``, whose text calamine drops,
   (c) the furthest cell holding anything, (d) how many cells hold anything and (e) how much text
   they hold, shared strings counted at each use. (c) matters: calamine allocates a dense grid up
   to the furthest cell, so one crafted cell at XFD1048576 makes it abort the whole process. A
   sheet reaching beyond :class:`~socialvalue.workbook.limits.Limits` is reported and not read
   (:mod:`.guard`). Worksheet parts that no sheet uses are scanned for (c) too.
4. :mod:`.guard`: the workbook-wide budgets are spent sheet by sheet, in workbook order: cells holding
   anything, the dense grid calamine will build (rows x columns from A1) and characters of text.
   Text uses an upper bound on each shared string's length (its bytes in
   ``xl/sharedStrings.xml``), so one long string referenced from thousands of cells, which
   calamine copies into every cell, is caught before calamine builds it. A sheet that would
   overspend a budget is reported and not read.
5. python-calamine reads the values of the sheets within bounds (fast), from A1.

Calamine gives ``''`` for an empty cell, a formula without a saved result and an error cell
alike; :meth:`~.data.WorkbookData.cell` (the data model is in :mod:`.data`) tells them apart
with what step 3 found.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
import python_calamine

from ..errors import InputError, Location, Problem, display_path
from .cells import cell_name
from .container import WORKBOOK_PART
from .data import CellValue, DefinedNameRef, SheetData, WorkbookData, sheet_problem
from .guard import Guard
from .limits import DEFAULT_LIMITS, Limits
from .parts import Crafted, custom_properties, read_defined_names, relationships, sheet_entries
from .safety import load_checked

__all__ = [
    "CellValue",
    "DefinedNameRef",
    "SheetData",
    "WorkbookData",
    "open_workbook",
    "read_checked_bytes",
]


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
        targets = relationships(archive, parts)
    except Crafted as crafted:
        raise fail(crafted.message) from None
    entries = sheet_entries(workbook_xml, targets)
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
    read_defined_names(workbook_xml, book, [entry.name for entry in entries])
    book.custom_properties = custom_properties(archive, book)

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
            scans = Guard(archive, parts, book, limits).check(entries)
        except Crafted as crafted:
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
                    sheet_problem(display, name, f"the sheet cannot be read: {error}")
                )
                continue
            sheet.rows = values
            sheet.formulas, sheet.errors = scan.formulas, scan.errors
            sheet.formula_texts = scan.formula_texts
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
