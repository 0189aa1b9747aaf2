"""The streaming XML scan of worksheets and shared strings (step 3 of :mod:`.reader`).

Each worksheet's XML is streamed once through expat (UTF-8 only, no tree, DTDs and entities
raise) to find (a) formula cells, ``<c><f>``, and whether a result was saved with them, ``<v>``
present and non-empty, (b) error cells, ``t="e"``, whose text calamine drops, (c) the furthest
cell holding anything, (d) how many cells hold anything and (e) how much text they hold, shared
strings counted at each use. The shared strings table is scanned for an upper bound on each
string's length. What the scans find is budgeted by :mod:`.guard`.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO
from xml.parsers import expat

import attrs

from ..errors import Location, Problem
from .cells import cell_name, column_index
from .container import printable
from .data import sheet_problem
from .limits import Limits
from .parts import Crafted
from .prolog import UTF8_NAMES, not_utf8

SHARED_STRINGS = "xl/sharedStrings.xml"  # where calamine reads them from, whatever the rels say
_REF = re.compile(r"^([A-Za-z]{1,4})([0-9]{1,8})$")
MAX_FORMULA_TEXT = 200
"""Formula text kept for a cell, at most: enough to recompute simple arithmetic and quote it."""


@attrs.define
class SheetScan:
    """What the expat scan found in one worksheet part (see :func:`scan_xml`)."""

    formulas: dict[tuple[int, int], bool] = attrs.field(factory=dict)
    #: Each formula's text (without ``=``), when the cell has its own and it is at most
    #: MAX_FORMULA_TEXT characters (a shared formula's other cells have none).
    formula_texts: dict[tuple[int, int], str] = attrs.field(factory=dict)
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


class SheetTooLarge(Exception):
    def __init__(self, row: int, column: int):
        self.row, self.column = row, column


class OverBudget(Exception):
    """The scan stopped: the sheet would overspend a budget."""


class TooManyCells(OverBudget):
    pass


class TooManyElements(OverBudget):
    pass


class BadSheet(Exception):
    pass


XML_FAILURES = (expat.ExpatError, LookupError, ValueError, UnicodeError)
"""What expat raises for malformed XML, and Python's codecs for a declared encoding they do not
know (or cannot feed to expat): ``x-evil``, ``utf-7``, ``rot13``, ``idna``."""


def _forbid(*_args: object) -> None:
    raise BadSheet("the sheet's XML declares a DTD or entities")


def _declaration(_version: str, encoding: str | None, _standalone: int) -> None:
    if encoding is not None and encoding.strip().lower().replace("_", "-") not in UTF8_NAMES:
        raise BadSheet(
            f'it declares the encoding "{printable(encoding, 40)}", but workbook parts must '
            "be UTF-8"
        )


def xml_parser() -> expat.XMLParserType:
    """An expat parser that reads UTF-8 only, as calamine does, and refuses any DTD.

    Forcing the encoding makes expat ignore a declared one (so it never looks up a codec), and
    :func:`_declaration` refuses a part that declares another; :func:`parse_part` refuses UTF-16.
    """
    parser = expat.ParserCreate("UTF-8")
    parser.buffer_text = True
    parser.XmlDeclHandler = _declaration
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def parse_part(parser: expat.XMLParserType, stream: IO[bytes]) -> None:
    """Feed a part to ``parser``; :class:`BadSheet` when it is not UTF-8 (a byte order mark
    makes expat read UTF-16 whatever it was told)."""
    head = stream.read(1 << 16)
    problem = not_utf8(head)
    if problem is not None:
        raise BadSheet(f"it {problem}, but workbook parts must be UTF-8")
    parser.Parse(head, False)
    while chunk := stream.read(1 << 20):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def scan_xml(stream: IO[bytes], limits: Limits, max_cells: int, max_elements: int) -> SheetScan:
    """Stream a worksheet's XML through expat: formula cells (-> has a saved result), error cells
    (-> their text), how many cells hold anything, how far they reach and how much text they
    hold. Raises SheetTooLarge at the first cell holding anything beyond the limits,
    TooManyCells at the cell after ``max_cells``, TooManyElements at the element after
    ``max_elements``, and BadSheet or one of XML_FAILURES when the XML is malformed, not UTF-8
    or declares a DTD.

    Written as closures over local variables: this runs once per cell element, so it is the
    reader's hot loop.
    """
    scan = SheetScan()
    formulas, errors, strings = scan.formulas, scan.errors, scan.strings
    formula_texts = scan.formula_texts
    max_rows, max_columns = limits.max_rows, limits.max_columns
    columns: dict[str, int] = {}
    in_data = in_v = in_is = in_f = has_f = has_v = has_is = False
    row = column = cells = top_row = top_column = text_chars = elements = 0
    cell: tuple[int, int] | None = None
    kind = "n"
    text: list[str] = []
    formula: list[str] = []
    formula_chars = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_data, in_v, in_is, in_f, has_f, has_v, has_is, row, column, cell, kind, text
        nonlocal elements, formula, formula_chars
        elements += 1
        if elements > max_elements:
            raise TooManyElements
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c" and in_data:
            ref = attrs.get("r")
            if ref:
                match = _REF.match(ref)
                if not match:
                    raise BadSheet(f'a cell has the malformed reference "{printable(ref, 20)}"')
                letters = match.group(1)
                column = columns.get(letters) or columns.setdefault(letters, column_index(letters))
                row = int(match.group(2))
            else:
                column += 1
            cell = (row, column)
            kind = attrs.get("t", "n")
            has_f = has_v = has_is = False
            text = []
            formula = []
            formula_chars = 0
        elif name == "v":
            if cell is not None:
                has_v = in_v = True
        elif name == "f":
            if cell is not None:
                has_f = in_f = True
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
        nonlocal in_data, in_v, in_is, in_f, cell, cells, top_row, top_column, text_chars
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "v":
            in_v = False
        elif name == "f":
            in_f = False
        elif name == "c" and cell is not None:
            here, cell = cell, None
            if not (has_f or has_v or has_is):
                return
            r, c = here
            if r < 1 or c < 1:
                raise BadSheet("a cell has an impossible position")
            if r > max_rows or c > max_columns:
                raise SheetTooLarge(r, c)
            cells += 1
            if cells > max_cells:
                raise TooManyCells
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
                if formula and formula_chars <= MAX_FORMULA_TEXT:
                    formula_texts[here] = "".join(formula)
            if kind == "e" and has_v:
                errors[here] = value.strip() or "#ERROR"
        elif name == "is":
            in_is = False
        elif name == "sheetData":
            in_data = False

    def characters(data: str) -> None:
        nonlocal text_chars, formula_chars
        if in_v:
            text.append(data)
        elif in_is:
            text_chars += len(data)
        elif in_f and formula_chars <= MAX_FORMULA_TEXT:
            formula_chars += len(data)
            formula.append(data)

    parser = xml_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parse_part(parser, stream)
    scan.cells, scan.rows, scan.columns, scan.text = cells, top_row, top_column, text_chars
    scan.elements = elements
    return scan


def _int(text: str, what: str) -> int:
    if not text.isdigit() or len(text) > 8:
        raise BadSheet(f'a {what} is malformed: "{printable(text, 20)}"')
    return int(text)


def far_ref(big: SheetTooLarge) -> str:
    return cell_name(big.row, big.column) if big.column <= 16_384 else f"row {big.row}"


def scan_sheet(
    stream: IO[bytes], sheet: str, limits: Limits, display: str, max_cells: int, max_elements: int
) -> SheetScan | Problem | OverBudget:
    """Scan one worksheet (see :func:`scan_xml`); a Problem when it must not be read, the
    budget it overspent when it stopped early."""
    try:
        return scan_xml(stream, limits, max_cells, max_elements)
    except SheetTooLarge as big:
        ref = far_ref(big)
        return Problem(
            Location(display, cell=f"{sheet}!{ref}"),
            f"the sheet has something in {ref}, beyond the {limits.max_rows:,} rows and "
            f"{limits.max_columns} columns that can be read: delete what is there (or the "
            "unused rows and columns) and save again; the sheet was not read",
        )
    except OverBudget as over:
        return over
    except BadSheet as bad:
        return sheet_problem(display, sheet, f"the sheet is damaged: {bad}; it was not read")
    except XML_FAILURES as error:
        return sheet_problem(
            display, sheet, f"the sheet is damaged (XML error: {error}); it was not read"
        )


def shared_string_spans(
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
    parser = xml_parser()

    def begin(tag: str, _attrs: dict[str, str]) -> None:
        nonlocal depth, start, elements
        elements += 1
        if elements > max_elements:
            raise TooManyElements
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
            parse_part(parser, stream)
    except _Enough:
        pass
    except BadSheet as bad:
        raise Crafted(f"the workbook is damaged: {name} cannot be read ({bad})") from None
    except (TooManyElements, *XML_FAILURES):
        return archive.getinfo(name).file_size
    return spans


class _Enough(Exception):
    pass
