"""Which worksheets calamine may read, and the workbook-wide budgets (steps 3 and 4 of
:mod:`.reader`).

The budgets are spent sheet by sheet, in workbook order: cells holding anything, the dense grid
calamine will build (rows x columns from A1) and characters of text. Text uses an upper bound on
each shared string's length (its bytes in ``xl/sharedStrings.xml``), so one long string
referenced from thousands of cells, which calamine copies into every cell, is caught before
calamine builds it. A sheet that would overspend a budget is reported and not read. Worksheet
parts that no sheet uses are scanned for far cells too.
"""

from __future__ import annotations

import sys
import zipfile

import attrs

from ..errors import Problem
from .container import WORKBOOK_PART
from .data import WorkbookData, sheet_problem
from .limits import Limits
from .parts import Crafted, SheetEntry, worksheet_parts
from .xmlscan import (
    XML_FAILURES,
    BadSheet,
    OverBudget,
    SheetScan,
    SheetTooLarge,
    TooManyElements,
    far_ref,
    scan_sheet,
    scan_xml,
    shared_string_spans,
)


@attrs.define
class Guard:
    """Decide which worksheets calamine may read, before it opens any (steps 3 and 4)."""

    archive: zipfile.ZipFile
    parts: dict[str, str]  # lower-case part name -> part name
    book: WorkbookData
    limits: Limits
    scanned: dict[str, SheetScan | Problem | OverBudget] = attrs.field(factory=dict)

    def check(self, entries: list[SheetEntry]) -> dict[str, SheetScan]:
        """Scan and budget every worksheet; return the ones to read (name -> scan), in order.

        Problems confined to a sheet go to the book; :class:`Crafted` when nothing can be read.
        """
        limits, display = self.limits, self.book.display
        cells, grid, elements = limits.max_cells, limits.max_grid_cells, limits.max_xml_elements
        passed: dict[str, SheetScan] = {}
        for entry in entries:
            if entry.kind != "worksheet":
                continue
            problem: Problem | None = None
            key = (entry.part or "").lower()
            if entry.ambiguous:
                problem = sheet_problem(
                    display,
                    entry.name,
                    f"the sheet's entry in {WORKBOOK_PART} points at more than one part: the "
                    "workbook may be crafted; the sheet was not read",
                )
            elif entry.part is None or key not in self.parts:
                problem = sheet_problem(
                    display, entry.name, "the sheet's data is missing from the file"
                )
            else:
                scan = self.scan(key, entry.name, cells, elements)
                problem = self.overspent(entry.name, scan, cells, grid, elements)
                if problem is None:
                    assert isinstance(scan, SheetScan)
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
        scan: SheetScan | Problem | OverBudget,
        cells: int,
        grid: int,
        elements: int,
    ) -> Problem | None:
        """Why a scanned sheet may not be read (its own problem, or a budget it would take
        past what is left), or None."""
        if isinstance(scan, Problem):
            return scan
        limits = self.limits
        if isinstance(scan, TooManyElements) or (
            isinstance(scan, SheetScan) and scan.elements > elements
        ):
            message = (
                f"the sheet takes the workbook past {limits.max_xml_elements:,} XML elements, "
                "the most that are read: delete what is not needed and save again from Excel; "
                "the sheet was not read"
            )
        elif isinstance(scan, OverBudget) or scan.cells > cells:
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
        return sheet_problem(self.book.display, sheet, message)

    def scan(
        self, key: str, sheet: str, cells: int, elements: int
    ) -> SheetScan | Problem | OverBudget:
        """Scan a part once (a part shared by several sheets is scanned for the first; what is
        left of the budgets only shrinks, so its verdict holds for the others)."""
        if key not in self.scanned:
            with self.archive.open(self.parts[key]) as stream:
                self.scanned[key] = scan_sheet(
                    stream, sheet, self.limits, self.book.display, cells, elements
                )
        return self.scanned[key]

    def check_unused_parts(self, entries: list[SheetEntry]) -> None:
        """Worksheet parts no sheet uses must not reach far either: were calamine ever to
        resolve a sheet differently from this reader, it could only find a scanned part."""
        used = {part.lower() for entry in entries for part in entry.candidates}
        for key in sorted(worksheet_parts(self.archive, self.parts) - used - set(self.scanned)):
            try:
                with self.archive.open(self.parts[key]) as stream:
                    scan_xml(stream, self.limits, sys.maxsize, self.limits.max_xml_elements)
            except TooManyElements:
                raise Crafted(
                    f"part {self.parts[key]}, a worksheet no sheet uses, has more than "
                    f"{self.limits.max_xml_elements:,} XML elements, too many to check: the "
                    "workbook may be crafted"
                ) from None
            except SheetTooLarge as big:
                raise Crafted(
                    f"part {self.parts[key]}, a worksheet no sheet uses, has something in "
                    f"{far_ref(big)}, beyond the {self.limits.max_rows:,} rows and "
                    f"{self.limits.max_columns} columns that can be read: the workbook may be "
                    "crafted"
                ) from None
            except (BadSheet, *XML_FAILURES):
                continue  # calamine cannot read it either; only a far cell would be dangerous

    def spend_text(self, passed: dict[str, SheetScan]) -> dict[str, SheetScan]:
        """Keep the sheets whose text fits the budget, in workbook order."""
        needed = max((max(scan.strings, default=-1) for scan in passed.values()), default=-1)
        spans = shared_string_spans(self.archive, self.parts, needed, self.limits.max_xml_elements)
        budget = self.limits.max_text_chars
        kept: dict[str, SheetScan] = {}
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
                    sheet_problem(
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
