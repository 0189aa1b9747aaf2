"""Cell coordinates: ``D14`` <-> (row 14, column 4), sheet-name quoting, ``Sheet!$D$14`` parsing.

Rows and columns here are 1-based, as a spreadsheet user counts them. Nothing in this module
touches a file.
"""

from __future__ import annotations

import functools
import re

MAX_EXCEL_ROWS = 1_048_576
MAX_EXCEL_COLUMNS = 16_384

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
# One area, optionally on a sheet: Sheet1!$A$1, 'My sheet'!A1:B2, 'It''s'!$C$3.
_AREA = re.compile(
    r"""^=?\s*(?:(?:'(?P<quoted>(?:[^']|'')+)'|(?P<bare>[^'!:,\s()"=+\-*/&^<>]+))!)?
        (?P<first>\$?[A-Za-z]{1,3}\$?[0-9]{1,7})
        (?::(?P<last>\$?[A-Za-z]{1,3}\$?[0-9]{1,7}))?\s*$""",
    re.VERBOSE,
)
_BARE_SHEET = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def column_index(letters: str) -> int:
    """Return the 1-based number of a column: ``"A"`` -> 1, ``"AB"`` -> 28."""
    if not letters or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"not a column: {letters!r}")
    number = 0
    for char in letters.upper():
        number = number * 26 + (ord(char) - 64)
    return number


def column_letters(index: int) -> str:
    """Return the letters of a 1-based column number: 28 -> ``"AB"``."""
    if index < 1:
        raise ValueError(f"column numbers start at 1, got {index}")
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@functools.lru_cache(maxsize=1 << 16)
def parse_cell(ref: str) -> tuple[int, int]:
    """Return (row, column), both 1-based, of ``"D14"`` or ``"$D$14"``; ValueError otherwise."""
    match = _CELL.match(ref.strip())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    row, column = int(match.group(2)), column_index(match.group(1))
    if not (1 <= row <= MAX_EXCEL_ROWS and 1 <= column <= MAX_EXCEL_COLUMNS):
        raise ValueError(f"cell reference outside a worksheet: {ref!r}")
    return row, column


def cell_name(row: int, column: int) -> str:
    """Return ``"D14"`` for row 14, column 4 (1-based)."""
    if row < 1:
        raise ValueError(f"row numbers start at 1, got {row}")
    return f"{column_letters(column)}{row}"


def normalise_cell(ref: str) -> str:
    """Return ``"D14"`` for ``"$d$14"``: upper case, no dollars."""
    return cell_name(*parse_cell(ref))


def absolute(ref: str) -> str:
    """Return ``"$D$14"`` for ``"D14"``, and ``"$A$1:$B$2"`` for ``"A1:B2"``."""
    parts = ref.split(":")
    if len(parts) > 2:
        raise ValueError(f"not a cell or range: {ref!r}")
    out = []
    for part in parts:
        row, column = parse_cell(part)
        out.append(f"${column_letters(column)}${row}")
    return ":".join(out)


def quote_sheet(name: str) -> str:
    """Quote a sheet name for a formula: ``My sheet`` -> ``'My sheet'``, ``It's`` -> ``'It''s'``.

    Names are always quoted unless they are plain identifiers that cannot be read as a cell.
    """
    if _BARE_SHEET.match(name) and not _CELL.match(name) and not _looks_r1c1(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def _looks_r1c1(name: str) -> bool:
    return re.fullmatch(r"[Rr][0-9]*([Cc][0-9]*)?|[Cc][0-9]*", name) is not None


def sheet_ref(sheet: str, ref: str) -> str:
    """Return an absolute formula reference: ``'My sheet'!$D$14``."""
    return f"{quote_sheet(sheet)}!{absolute(ref)}"


@functools.lru_cache(maxsize=1 << 16)
def split_area(text: str) -> tuple[str | None, str, str] | None:
    """Parse one area: ``'My sheet'!$A$1:$B$2`` -> (``My sheet``, ``A1``, ``B2``).

    A single cell gives the same first and last cell. The sheet is None when the text has none.
    Returns None for anything else (several areas, functions, constants, ``#REF!``).
    Cached: every response made from one template defines the same names.
    """
    match = _AREA.match(text)
    if not match:
        return None
    quoted, bare = match.group("quoted"), match.group("bare")
    sheet = quoted.replace("''", "'") if quoted is not None else bare
    try:
        first = normalise_cell(match.group("first"))
        last = normalise_cell(match.group("last") or match.group("first"))
    except ValueError:
        return None
    return sheet, first, last
