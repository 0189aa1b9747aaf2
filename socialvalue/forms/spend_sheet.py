"""The response workbook's Spend plan sheet (issue 17): written when the rubric has a
``spend_plan`` criterion, read back as :class:`~socialvalue.model.SpendLine` rows.

One line per supplier (or "to be appointed"): its postcode, whether it is a VCSE, an SME or a
large organisation, the category of spend, the GBP planned over the whole contract and the
evidence. A postcode that is not a UK postcode is an error naming its cell; a line with no
postcode is read (and flagged for the panel: it can never be local).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..local import parse_postcode, postcode_problem, unlisted_warning
from ..model import SUPPLIER_KINDS, TO_BE_APPOINTED, Source, SpendLine, Tender
from ..rubric.model import Rubric
from ..workbook.printing import ID_WIDTHS, SheetLayout, lay_out_sheet
from ..workbook.writer import BOLD, WRAP, decimal_validation, list_validation, set_formula
from .fields import LISTS, Field, FormReader, plain
from .response_layout import (
    COL_LINE,
    SPEND_HEADER_ROW,
    SPEND_LINES,
    SPEND_PLAN,
    SPEND_WAGES_COL,
    SPEND_WAGES_ROW,
    ResponseLayout,
    SpendLineFields,
)

HEADERS = (
    "Line",
    "Supplier (or to be appointed)",
    "Supplier postcode",
    "VCSE, SME or large",
    "Category of spend",
    "Planned GBP over the contract",
    "Evidence (quote, letter of intent, framework)",
)
WIDTHS = {
    1: ID_WIDTHS,
    2: (24, 36),
    3: (10, 12),
    4: (10, 12),
    5: (16, 28),
    6: (14, 16),
    7: (30, 44),
}
#: Where the supplier kinds are listed for the dropdown (column B of the hidden lists sheet).
KINDS_RANGE = f"{LISTS}!$B$2:$B${len(SUPPLIER_KINDS) + 1}"


def write_spend_sheet(
    wb: Workbook,
    tender: Tender,
    rubric: Rubric,
    layout: ResponseLayout,
    note: Callable[[Worksheet, Field, str], None],
) -> None:
    """Add the Spend plan sheet, if the rubric asks for one. ``note(ws, field, text)`` styles
    an input cell as the other sheets do."""
    if not layout.spend_lines:
        return
    ws = wb.create_sheet(SPEND_PLAN)
    ws["A1"] = "Spend plan"
    ws["A1"].font = BOLD
    shares = ", ".join(f"{c.id} {c.title} ({c.share})" for c in rubric.spend_plans())
    ws["A2"] = (
        "One line per supplier you plan to spend this contract's money with, or "
        f'"{TO_BE_APPOINTED}" if not chosen yet. Scored from it: {shares}.'
    )
    area = tender.local_area
    ws["A3"] = (
        f"Local means: {area.describe()}" if area else "The buyer declares no local area."
    ) + f" Contract value: GBP {plain(tender.contract_value)}."
    for cell in ("A2", "A3"):
        ws[cell].alignment = WRAP
    for col, header in enumerate(HEADERS, COL_LINE):
        ws.cell(SPEND_HEADER_ROW, col, header).font = BOLD
    ws.freeze_panes = f"A{SPEND_HEADER_ROW + 1}"
    notes = (
        f'the supplier\'s name, or "{TO_BE_APPOINTED}".',
        "the supplier's UK postcode, e.g. LS6 1AB (where it is based).",
        "VCSE, SME or large.",
        "what is bought, e.g. catering.",
        "GBP planned over the whole contract (a number, 0 or more).",
        "what shows the spend is planned.",
    )
    for line in layout.spend_lines:
        ws.cell(SPEND_HEADER_ROW + line.number, COL_LINE, line.number)
        for field, text in zip(line.fields, notes, strict=True):
            note(ws, field, text)
        ws[line.amount.cell].number_format = "#,##0.00"
        ws[line.postcode.cell].number_format = "@"
    top, end = layout.spend_lines[0], layout.spend_lines[-1]
    list_validation(ws, f"{top.kind.cell}:{end.kind.cell}", KINDS_RANGE)
    decimal_validation(ws, f"{top.amount.cell}:{end.amount.cell}", 0)
    total_row = SPEND_HEADER_ROW + SPEND_LINES + 1
    first, last = top.amount.cell, end.amount.cell
    ws.cell(total_row, 5, "Total planned").font = BOLD
    set_formula(ws.cell(total_row, 6), f"=SUM({first}:{last})")
    ws.cell(total_row, 6).number_format = "#,##0.00"
    _write_wages(ws, layout, note)
    lay_out_sheet(ws, SheetLayout(SPEND_HEADER_ROW, WIDTHS))


def _write_wages(
    ws: Worksheet, layout: ResponseLayout, note: Callable[[Worksheet, Field, str], None]
) -> None:
    """The local wage bill cell below the lines: LM3's Round 2 counts it with local suppliers."""
    wages = layout.local_wages
    assert wages is not None
    label = ws.cell(SPEND_WAGES_ROW, SPEND_WAGES_COL - 1, "Local wage bill")
    label.font = BOLD
    note(
        ws,
        wages,
        "GBP of wages over the whole contract paid to staff who live in the local area "
        "(0 if none). The local multiplier (LM3) counts it with the local suppliers' lines.",
    )
    ws[wages.cell].number_format = "#,##0.00"
    decimal_validation(ws, wages.cell, 0)


def write_kinds_list(wb: Workbook, layout: ResponseLayout) -> None:
    """The supplier kinds for the dropdown, in column B of the hidden lists sheet."""
    if not layout.spend_lines:
        return
    lists = wb[LISTS]
    lists["B1"] = "Supplier kinds"
    for row, kind in enumerate(SUPPLIER_KINDS, 2):
        lists.cell(row, 2, kind)


def read_spend_plan(
    reader: FormReader, layout: ResponseLayout, display: str
) -> tuple[SpendLine, ...]:
    """The filled lines, in sheet order; every problem goes to ``reader`` with its cell."""
    out = []
    for line in layout.spend_lines:
        read = _line(reader, line, display)
        if read is not None:
            out.append(read)
    return tuple(out)


def read_local_wages(reader: FormReader, layout: ResponseLayout) -> tuple[Decimal | None, str]:
    """The local wage bill and its ``Sheet!Cell``; None when the sheet has none or it is blank."""
    if layout.local_wages is None:
        return None, ""
    amount, cell = reader.decimal(layout.local_wages)
    return amount, cell.ref if cell is not None else ""


def _line(reader: FormReader, line: SpendLineFields, display: str) -> SpendLine | None:
    supplier, scell = reader.text(line.supplier)
    postcode, pcell = reader.text(line.postcode)
    kind, kcell = reader.choice(line.kind)
    category, _ = reader.text(line.category)
    amount, acell = reader.decimal(line.amount)
    evidence, _ = reader.text(line.evidence)
    given = [
        v for v in (supplier, postcode, kind, category, amount, evidence) if v not in (None, "")
    ]
    if not given:
        return None
    ok = True
    for value, cell, field, what in (
        (supplier, scell, line.supplier, f'the supplier\'s name or "{TO_BE_APPOINTED}"'),
        (kind, kcell, line.kind, "VCSE, SME or large"),
        (amount, acell, line.amount, "the GBP planned over the contract"),
    ):
        if value in (None, "") and cell is not None:
            reader.add(
                f"line {line.number} of the spend plan needs {what}, but the cell is empty",
                cell=cell.ref,
                context=field.context,
            )
        if value in (None, ""):
            ok = False
    normal = None
    if postcode and pcell is not None:
        parsed = parse_postcode(postcode)
        if parsed is None:
            reader.add(
                f'"{postcode[:20]}" {postcode_problem(postcode)}',
                cell=pcell.ref,
                context=line.postcode.context,
            )
            ok = False
        else:
            normal = parsed.text
            warning = unlisted_warning(parsed)
            if warning is not None:
                reader.add(
                    warning, cell=pcell.ref, context=line.postcode.context, severity="warning"
                )
    if not ok or acell is None:
        return None
    assert supplier is not None and kind is not None and amount is not None
    return SpendLine(
        supplier=supplier,
        postcode=normal,
        kind=kind,  # type: ignore[arg-type]
        category=category or "",
        amount=amount,
        evidence=evidence or "",
        source=Source(display, acell.ref),
        postcode_cell=pcell.ref if pcell is not None else "",
        line=line.number,
    )
