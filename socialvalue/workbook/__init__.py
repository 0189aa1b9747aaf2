"""The content-agnostic workbook layer: check, read and write .xlsx files.

* :mod:`.safety` checks an untrusted file before any parser sees it, with :mod:`.filetype`
  (what the file is), :mod:`.zipcheck` (the archive and its parts), :mod:`.prolog` (each XML
  part's prolog) and :mod:`.container` (what they share), within :mod:`.limits`;
* :mod:`.reader` reads values, defined names, sheet states, formulas and custom properties
  into :mod:`.data`, with :mod:`.parts` (the workbook's package parts), :mod:`.xmlscan` (the
  worksheet XML scan) and :mod:`.guard` (which sheets may be read, the budgets);
* :mod:`.values` turns messy cell values into Decimals, dates, choices and clean text;
* :mod:`.arithmetic` recomputes a formula of constant arithmetic (``=3*4``) exactly;
* :mod:`.writer` builds our own workbooks reproducibly;
* :mod:`.cells` converts cell coordinates.

It knows nothing about tenders: readers of response templates build on it.
"""

from __future__ import annotations

from .cells import absolute, cell_name, column_index, column_letters, parse_cell, quote_sheet
from .limits import DEFAULT_LIMITS, Limits
from .reader import CellValue, DefinedNameRef, SheetData, WorkbookData, open_workbook
from .safety import check_container, load_checked
from .values import (
    Invalid,
    neutralise_formula,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_text,
    word_count,
)
from .writer import (
    add_defined_name,
    decimal_validation,
    input_style,
    list_validation,
    lock_sheet,
    new_workbook,
    save_workbook,
    set_custom_property,
    set_formula,
    set_text,
)

__all__ = [
    "DEFAULT_LIMITS",
    "CellValue",
    "DefinedNameRef",
    "Invalid",
    "Limits",
    "SheetData",
    "WorkbookData",
    "absolute",
    "add_defined_name",
    "cell_name",
    "check_container",
    "column_index",
    "column_letters",
    "decimal_validation",
    "input_style",
    "list_validation",
    "load_checked",
    "lock_sheet",
    "neutralise_formula",
    "new_workbook",
    "open_workbook",
    "parse_cell",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "parse_text",
    "quote_sheet",
    "save_workbook",
    "set_custom_property",
    "set_formula",
    "set_text",
    "word_count",
]
