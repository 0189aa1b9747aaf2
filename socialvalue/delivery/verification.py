"""The verification workbook: the officer's record, per KPI and period, of each figure the
supplier reported: verified, queried or rejected, a note, who and when.

Made from the returns that read without errors (``socialvalue contract verification``), like
the moderation workbook from the scoresheets: the figures, their evidence and the supplier's
notes locked, the officer's four cells per row in yellow. Made again when a new return comes
in, it keeps every record already made on a figure whose return has not changed. Only a
verified figure will count towards a rating; a queried or rejected one stays visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from ..errors import InputError, Location, Problem
from ..forms.fields import LISTS, Field, FormReader, lists_sheet
from ..forms.fingerprint import write_fingerprint
from ..forms.reading import open_checked_form
from ..model import Source
from ..names import TenderFolder
from ..workbook.cells import cell_name, column_letters
from ..workbook.printing import ID_WIDTHS, SheetLayout, lay_out_sheet
from ..workbook.writer import (
    BOLD,
    WRAP,
    add_defined_name,
    list_validation,
    lock_sheet,
    new_workbook,
    save_workbook,
    set_text,
)
from .fingerprint import VERIFICATION, DeliveryFingerprint, check_delivery_fingerprint
from .folder import read_returns
from .load import load_contract
from .model import VERIFICATION as FOLDER
from .model import Contract
from .reading import Return
from .returns import input_cell, title_rows

FILE = "verification.xlsx"
SHEET = "Verification"
SHEETS = (SHEET, LISTS, "_socialvalue")
HEADER_ROW = 4
STATES = ("verified", "queried", "rejected")
#: Shown columns: (key, header, width); the last four are the officer's.
COLUMNS = (
    ("period", "Period", 9),
    ("kpi", "KPI", 12),
    ("title", "Title", 30),
    ("unit", "Unit", 8),
    ("due", "Due", 10),
    ("delivered", "Delivered", 10),
    ("evidence", "Supplier's evidence", 40),
    ("supplier_note", "Supplier's note", 24),
    ("source", "Return", 24),
    ("decision", "Verified, queried or rejected", 14),
    ("note", "Officer's note (queried, rejected: why)", 36),
    ("by", "Who", 16),
    ("date", "When", 12),
)
COL = {key: col for col, (key, _, _) in enumerate(COLUMNS, 1)}
INPUTS = ("decision", "note", "by", "date")
NOTES = {
    "decision": "verified, queried or rejected; blank until the figure is checked.",
    "note": "why, for queried or rejected (what is missing or wrong); optional for verified.",
    "by": "who checked it.",
    "date": "when, e.g. 20/07/2026.",
}


@attrs.frozen
class Row:
    """One figure to verify: its return line and the defined names of its cells."""

    n: int
    period: str
    kpi: str
    fields: dict[str, Field]


@attrs.frozen
class Check:
    """The officer's record on one figure: a state (None: not yet), note, who and when."""

    period: str
    kpi: str
    state: str | None
    note: str
    by: str
    date: dt.date | None
    source: Source


COUNT_NAME = "sv_verify_count"
COUNT_CELL = "I3"


def row_fields(n: int, context: str) -> dict[str, Field]:
    """The defined names of row ``n``: its period and KPI (read back to know the row), and the
    officer's four cells."""
    return {
        key: Field(
            f"sv_verify_{n}_{key}",
            SHEET,
            cell_name(HEADER_ROW + n, COL[key]),
            f"{context}, {key}",
            {"decision": "choice", "date": "date"}.get(key, "text"),
            key in ("period", "kpi"),
            choices=STATES if key == "decision" else (),
        )
        for key in ("period", "kpi", *INPUTS)
    }


def rows_for(returns: Sequence[Return], contract: Contract) -> list[Row]:
    """One row per figure of every return, in period order, KPIs in contract order."""
    rows: list[Row] = []
    order = [k.id for k in contract.kpis]
    for ret in sorted(returns, key=lambda r: r.period):
        for d in sorted(ret.delivered, key=lambda d: order.index(d.kpi)):
            n = len(rows) + 1
            rows.append(Row(n, ret.period, d.kpi, row_fields(n, f"{d.kpi} in {ret.period}")))
    return rows


def make_verification(contract_dir: str | Path) -> tuple[Path, int]:
    """``socialvalue contract verification``: write ``verification/verification.xlsx`` from the
    returns; returns (its path, how many records were kept from the one it replaces).

    InputError if contract.yaml or any return has an error (check them first), or the existing
    workbook cannot be read (its records would be lost)."""
    folder = Path(contract_dir)
    contract = load_contract(folder)
    returns, problems, _ = read_returns(contract, folder)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors, ("Correct the returns first: `socialvalue contract check`.",))
    target = folder / FOLDER / FILE
    kept: dict[tuple[str, str], Check] = {}
    if target.exists():
        found, old = read_verification(target, contract, returns, display=f"{FOLDER}/{FILE}")
        if found is None:
            raise InputError(
                [p for p in old if p.severity == "error"],
                ("The records in it would be lost: correct it, or move it away.",),
            )
        stale = {p.where.file for p in old if "has changed since" in p.message}
        kept = {
            (c.period, c.kpi): c
            for c in found
            if c.state and _return_of(returns, c.period) not in stale
        }
    write_verification(contract, returns, target, kept)
    return target, len(kept)


def _return_of(returns: Sequence[Return], period: str) -> str:
    return next((r.file for r in returns if r.period == period), "")


def write_verification(
    contract: Contract,
    returns: Sequence[Return],
    path: str | Path,
    kept: dict[tuple[str, str], Check] | None = None,
) -> Path:
    """Write the verification workbook (reproducible bytes, atomic save), with ``kept``
    records (by period and KPI) already filled in."""
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    title_rows(
        ws,
        f"Verification: {contract.title}",
        "For each figure the supplier reported: verified, queried or rejected, with a note "
        "(always for queried and rejected), who and when. Only verified figures count.",
    )
    ws["A3"] = f"Contract {contract.reference}, {contract.supplier.name}"
    for col, (_, header, _) in enumerate(COLUMNS, 1):
        ws.cell(HEADER_ROW, col, header).font = BOLD
        ws.cell(HEADER_ROW, col).alignment = WRAP
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    rows = rows_for(returns, contract)
    by_return = {r.period: r for r in returns}
    for row in rows:
        ret = by_return[row.period]
        d = ret.figure(row.kpi)
        kpi = contract.kpi(row.kpi)
        assert d is not None and kpi is not None
        r = HEADER_ROW + row.n
        shown: dict[str, object] = {
            "period": row.period,
            "kpi": row.kpi,
            "title": kpi.title,
            "unit": kpi.unit,
            "evidence": d.evidence,
            "supplier_note": d.note,
            "source": str(d.source),
        }
        for key, text in shown.items():
            set_text(ws.cell(r, COL[key]), str(text))
        ws.cell(r, COL["due"], _number(kpi.due(row.period)))
        ws.cell(r, COL["delivered"], _number(d.quantity))
        for key in INPUTS:
            input_cell(ws, row.fields[key], NOTES)
        ws[row.fields["date"].cell].number_format = "DD/MM/YYYY"
        record = (kept or {}).get((row.period, row.kpi))
        if record is not None:
            ws[row.fields["decision"].cell] = record.state
            set_text(ws[row.fields["note"].cell], record.note)
            set_text(ws[row.fields["by"].cell], record.by)
            ws[row.fields["date"].cell] = record.date
    if not rows:
        ws.cell(HEADER_ROW + 1, 1, "No return has been read yet: nothing to verify.")
    ws["H3"], ws[COUNT_CELL] = "Figures listed", len(rows)
    lists_sheet(wb, [])
    lists = wb[LISTS]
    lists.cell(1, 2, "State")
    for i, state in enumerate(STATES, 2):
        lists.cell(i, 2, state)
    if rows:
        letters = column_letters(COL["decision"])
        list_validation(
            ws,
            f"{letters}{HEADER_ROW + 1}:{letters}{HEADER_ROW + len(rows)}",
            f"{LISTS}!$B$2:$B${len(STATES) + 1}",
        )
    widths = {col: (min(w, ID_WIDTHS[0]), max(w, 12)) for col, (_, _, w) in enumerate(COLUMNS, 1)}
    lay_out_sheet(ws, SheetLayout(HEADER_ROW, widths))
    sources = tuple(sorted((r.file, r.sha256) for r in returns))
    write_fingerprint(wb, DeliveryFingerprint.expected(VERIFICATION, contract, sources=sources))
    for sheet in wb.worksheets:
        lock_sheet(sheet)
    add_defined_name(wb, COUNT_NAME, SHEET, COUNT_CELL)
    for row in rows:
        for field in row.fields.values():
            add_defined_name(wb, field.name, field.sheet, field.cell)
    wb.security.lockStructure = True
    return save_workbook(wb, path)


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def read_verification(
    path: str | Path,
    contract: Contract,
    returns: Sequence[Return],
    *,
    display: str | None = None,
) -> tuple[list[Check] | None, list[Problem]]:
    """Read the verification workbook: (every row's record, or None if any error; problems).

    A return that changed, is new or is gone since the workbook was made is a warning naming
    it; queried and rejected need a note; a record needs who and when."""
    path = Path(path)
    display = display or TenderFolder(path.parent.parent).name(path)
    form, problems = open_checked_form(
        path, display, lambda book: check_delivery_fingerprint(book, contract, VERIFICATION), SHEETS
    )
    if form is None:
        return None, problems
    reader = form.reader
    then = form.fingerprint.sources
    now = {r.file: r.sha256 for r in returns}
    for file in sorted(set(then) | set(now)):
        if then.get(file) != now.get(file):
            state = (
                "is new" if file not in then else "is gone" if file not in now else "has changed"
            )
            reader.problems.append(
                Problem(
                    Location(file),
                    f"{state} since the verification workbook was made: make it again with "
                    "`socialvalue contract verification` (records on unchanged returns are kept)",
                    "warning",
                )
            )
    count, _ = reader.decimal(Field(COUNT_NAME, SHEET, COUNT_CELL, "figures listed", "decimal"))
    listed = _listed(reader, int(count) if count is not None else 0)
    checks = [c for row in listed if (c := _read_row(reader, row))]
    pending = sum(1 for c in checks if c.state is None)
    if pending:
        reader.add(f"{pending} of {len(checks)} figures are not verified yet", severity="warning")
    if any(p.severity == "error" for p in reader.problems):
        return None, reader.problems
    return checks, reader.problems


def _listed(reader: FormReader, total: int) -> list[Row]:
    """The rows as the workbook lists them (their period and KPI read back from it)."""
    rows = []
    for n in range(1, total + 1):
        period, _ = reader.text(row_fields(n, f"figure {n}")["period"])
        kpi, _ = reader.text(row_fields(n, f"figure {n}")["kpi"])
        if period and kpi:
            rows.append(Row(n, period, kpi, row_fields(n, f"{kpi} in {period}")))
    return rows


def _read_row(reader: FormReader, row: Row) -> Check | None:
    state, scell = reader.choice(row.fields["decision"])
    note, ncell = reader.text(row.fields["note"])
    by, bcell = reader.text(row.fields["by"])
    date, dcell = reader.date(row.fields["date"])
    if scell is None:
        return None
    before = len(reader.problems)
    if state is not None:
        if state in ("queried", "rejected") and not note and ncell is not None:
            reader.add(
                f"{state} needs a note saying why",
                cell=ncell.ref,
                context=row.fields["note"].context,
            )
        if not by and bcell is not None:
            reader.add("who recorded it?", cell=bcell.ref, context=row.fields["by"].context)
        if date is None and dcell is not None and dcell.is_blank:
            reader.add("when was it recorded?", cell=dcell.ref, context=row.fields["date"].context)
    if len(reader.problems) > before:
        return None
    return Check(
        row.period, row.kpi, state, note or "", by or "", date, Source(reader.file, scell.ref)
    )


__all__ = ["Check", "make_verification", "read_verification", "write_verification"]
