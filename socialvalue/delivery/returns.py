"""The supplier's return workbook for one period: written for the supplier to fill in.

Made like the bidder's response template: an Instructions sheet, the yellow input cells each
with a workbook-level defined name (:mod:`.return_layout`), validation, locked sheets, a hidden
fingerprint (:mod:`.fingerprint`), laid out and set up to print. Read back by :mod:`.reading`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from ..errors import InputError
from ..formatting import plain_decimal
from ..forms.fields import LISTS, YES_NO_RANGE, Field, lists_sheet
from ..forms.fingerprint import write_fingerprint
from ..forms.response import _note
from ..workbook.cells import column_letters
from ..workbook.printing import ID_WIDTHS, SheetLayout, lay_out_sheet
from ..workbook.writer import (
    BOLD,
    TITLE_FONT,
    WRAP,
    add_defined_name,
    decimal_validation,
    input_style,
    list_validation,
    lock_sheet,
    new_workbook,
    save_workbook,
    set_text,
)
from .fingerprint import RETURN, DeliveryFingerprint
from .load import load_contract
from .model import OUT, Contract
from .return_layout import (
    DELIVERY,
    DETAILS,
    HEADER_ROW,
    INSTRUCTIONS,
    SPEND,
    SPEND_KINDS,
    ReturnLayout,
    return_fields,
)

RETURNS_OUT = "returns"  # under out/: the blank returns to send


def return_file_name(period: str) -> str:
    """``2026-Q2-return.xlsx``; ``2026-27-Q1-return.xlsx`` for ``2026/27-Q1`` (no ``/`` in a
    file name)."""
    return f"{period.replace('/', '-')}-return.xlsx"


def make_return_workbook(contract_dir: str | Path, period: str) -> Path:
    """``socialvalue returns``: write ``out/returns/<period>-return.xlsx`` for the supplier.

    The filled return goes back in ``returns/`` (any name; ``<period>-return.xlsx`` is checked
    against the period inside). InputError for a period not in the contract's term."""
    contract = load_contract(contract_dir)
    if contract.period(period) is None:
        raise InputError.single(
            contract.file, contract.calendar.not_a_period(period, contract.periods)
        )
    target = Path(contract_dir) / OUT / RETURNS_OUT / return_file_name(period)
    return write_return(contract, period, target)


def write_return(contract: Contract, period: str, path: str | Path) -> Path:
    """Write the blank return for ``period`` (reproducible bytes, atomic save)."""
    layout = return_fields(contract)
    wb = new_workbook()
    _instructions(wb.create_sheet(INSTRUCTIONS), contract, period, layout)
    lay_out_sheet(wb[INSTRUCTIONS], SheetLayout(widths={1: (12, 24), 2: (60, 90)}))
    _details(wb.create_sheet(DETAILS), contract, period, layout)
    lay_out_sheet(wb[DETAILS], SheetLayout(widths={1: (20, 36), 2: (50, 70)}))
    _delivery(wb.create_sheet(DELIVERY), contract, period, layout)
    widths = {1: ID_WIDTHS, 2: (20, 36), 3: (6, 12), 6: (12, 14), 7: (40, 44), 8: (20, 30)}
    lay_out_sheet(wb[DELIVERY], SheetLayout(HEADER_ROW, widths | {9: (20, 44)}))
    lists_sheet(wb, [])
    lists = wb[LISTS]
    if layout.spend:
        _spend(wb.create_sheet(SPEND, len(wb.sheetnames) - 1), contract, layout)
        lay_out_sheet(wb[SPEND], SheetLayout(HEADER_ROW, {1: (30, 40), 5: (12, 20)}))
        for col, (title, values) in enumerate(
            (("Kinds", SPEND_KINDS), ("KPIs", [k.id for k in contract.money_kpis])), 2
        ):
            lists.cell(1, col, title)
            for row, value in enumerate(values, 2):
                lists.cell(row, col, value)
    write_fingerprint(wb, DeliveryFingerprint.expected(RETURN, contract, period))
    for sheet in wb.worksheets:
        lock_sheet(sheet)
    for field in layout.all_fields():
        add_defined_name(wb, field.name, field.sheet, field.cell)
    wb.security.lockStructure = True
    return save_workbook(wb, path)


#: What each kind of input cell's note asks for, by the last word of its context.
NOTES = {
    "prepared by": "the name of the person who prepared this return.",
    "email of who prepared it": "their email address.",
    "date prepared": "the date, e.g. 10/07/2026.",
    "confirmation": 'choose "Yes" to confirm the figures are accurate.',
    "delivered": "what was delivered in this period only, in the KPI's unit; 0 if nothing.",
    "evidence": "what the evidence is and where the buyer can see it.",
    "note": "anything the officer should know (optional).",
    "supplier": "the supplier's name.",
    "postcode": "its postcode.",
    "VCSE/SME": "SME, VCSE, VCSE and SME, or Other.",
    "amount": "the amount paid in this period (no symbols).",
    "KPI": "the KPI this spend counts towards.",
}


def input_cell(ws: Worksheet, field: Field, notes: Mapping[str, str] = NOTES) -> None:
    """Style an input cell yellow, wrapped, with its ``Input:`` note (from ``notes``, by the
    last part of the field's context)."""
    input_style(ws[field.cell])
    ws[field.cell].alignment = WRAP
    what = field.context.rsplit(", ", 1)[-1]
    if what in notes:
        _note(ws[field.cell], f"Input: {notes[what]}")


def title_rows(ws: Worksheet, title: str, subtitle: str) -> None:
    ws["A1"] = title
    ws["A1"].font = TITLE_FONT
    ws["A2"] = subtitle


def _instructions(ws: Worksheet, contract: Contract, period: str, layout: ReturnLayout) -> None:
    p = contract.period(period)
    assert p is not None
    title_rows(
        ws, f"Social value return: {contract.title}", f"Contract reference {contract.reference}"
    )
    rows = [
        ("Buyer", contract.buyer),
        ("Supplier", contract.supplier.name),
        ("Period", f"{period}: {p.start:%d %B %Y} to {p.end:%d %B %Y}"),
        ("Reporting", f"{contract.calendar.describe()}"),
        (
            "How to fill it in",
            "Fill in the yellow cells on the sheets Return, Delivery"
            + (" and Spend" if layout.spend else "")
            + ". Everything else is locked.",
        ),
        (
            "Delivery",
            "For every KPI type what was delivered in this period only (not the total so far): "
            "a number in the KPI's unit, 0 if nothing. Any figure above 0 needs its evidence "
            "beside it (what it is and where the buyer can see it). Use the note for anything "
            "the officer should know.",
        ),
    ]
    if layout.spend:
        rows.append(
            (
                "Spend",
                "One row per supply-chain supplier paid in this period under the contract: its "
                "name, postcode, whether it is an SME or a VCSE, the amount paid in "
                f"{contract.currency} (no symbols) and the KPI it counts towards.",
            )
        )
    rows.append(
        (
            "Please do not",
            "rename, delete or move the yellow cells, type formulas in them, or add sheets. "
            "Save the file as an Excel Workbook (.xlsx), without a password.",
        )
    )
    for row, (label, text) in enumerate(rows, 4):
        ws.cell(row, 1, label).font = BOLD
        set_text(ws.cell(row, 2), text)
        ws.cell(row, 2).alignment = WRAP


def _details(ws: Worksheet, contract: Contract, period: str, layout: ReturnLayout) -> None:
    title_rows(ws, "Return", "Who prepared this return, and their confirmation.")
    for row, (label, text) in enumerate(
        (
            ("Contract", contract.reference),
            ("Supplier", contract.supplier.name),
            ("Period", period),
        ),
        3,
    ):
        ws.cell(row, 1, label).font = BOLD
        set_text(ws.cell(row, 2), text)
    for field, label in zip(
        layout.details,
        ("Prepared by", "Email", "Date", "I confirm the figures are accurate (Yes/No)"),
        strict=True,
    ):
        ws[f"A{ws[field.cell].row}"] = label
        input_cell(ws, field)
    ws[layout.prepared_date.cell].number_format = "DD/MM/YYYY"
    list_validation(ws, layout.confirm.cell, YES_NO_RANGE)


HEADERS = (
    "ID",
    "KPI",
    "Unit",
    "Committed (term)",
    "Due this period",
    "Delivered this period",
    "Evidence",
    "Note",
    "Evidence the contract asks for",
)


def _delivery(ws: Worksheet, contract: Contract, period: str, layout: ReturnLayout) -> None:
    title_rows(ws, "Delivery", f"What was delivered in {period}, KPI by KPI, with its evidence.")
    for col, header in enumerate(HEADERS, 1):
        ws.cell(HEADER_ROW, col, header).font = BOLD
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    for kf in layout.kpis:
        k = kf.kpi
        row = ws[kf.delivered.cell].row
        set_text(ws.cell(row, 1), k.id)
        set_text(ws.cell(row, 2), k.title)
        set_text(ws.cell(row, 3), k.unit)
        ws.cell(row, 4, plain_decimal(k.committed))
        ws.cell(row, 5, plain_decimal(k.due(period)))
        asked = k.evidence + (f"\nWhat counts: {k.guidance}" if k.guidance else "")
        set_text(ws.cell(row, 9), asked)
        for field in (kf.delivered, kf.evidence, kf.note):
            input_cell(ws, field)
        ws[kf.delivered.cell].number_format = "General"
        decimal_validation(ws, kf.delivered.cell, Decimal(0))
    if not layout.kpis:
        ws.cell(HEADER_ROW + 1, 1, "This contract has no KPIs.")


def _spend(ws: Worksheet, contract: Contract, layout: ReturnLayout) -> None:
    ids = ", ".join(k.id for k in contract.money_kpis)
    title_rows(
        ws,
        "Supply-chain spend",
        f"Payments in this period to the suppliers counted towards {ids}: one row each.",
    )
    headers = ("Supplier", "Postcode", "SME or VCSE", f"Amount ({contract.currency})", "KPI")
    for col, header in enumerate(headers, 1):
        ws.cell(HEADER_ROW, col, header).font = BOLD
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    kinds = f"{LISTS}!$B$2:$B${len(SPEND_KINDS) + 1}"
    letters = column_letters(3)
    kpis = f"{LISTS}!${letters}$2:${letters}${len(contract.money_kpis) + 1}"
    for line in layout.spend:
        for field in line.fields:
            input_cell(ws, field)
        ws[line.postcode.cell].number_format = "@"
        ws[line.amount.cell].number_format = "General"
    first, last = layout.spend[0], layout.spend[-1]
    list_validation(ws, f"{first.kind.cell}:{last.kind.cell}", kinds)
    list_validation(ws, f"{first.kpi.cell}:{last.kpi.cell}", kpis)
    decimal_validation(ws, f"{first.amount.cell}:{last.amount.cell}", Decimal(0))


__all__ = ["make_return_workbook", "return_file_name", "write_return"]
