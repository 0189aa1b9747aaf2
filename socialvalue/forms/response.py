"""The bidder response workbook: write the template, read it back filled in.

Sheets: Instructions, Bidder, Commitments, Answers, Declaration, and two hidden ones: ``_lists``
(dropdown choices) and ``_socialvalue`` (the fingerprint). Every input cell has a workbook-level
defined name (see :func:`~socialvalue.forms.response_layout.response_fields` and
``docs/workbooks.md``); reading follows the names, and refuses one pointing anywhere but
where the template put its cell.
Filling one in from code is :mod:`socialvalue.forms.filling`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from ..bounds import QUANTITY_MAX
from ..errors import Problem, display_path
from ..formatting import percent
from ..model import Answer, Commitment, Response, Source, Tender
from ..rubric.model import Criterion, Rubric
from ..rubric.proxies import ProxySet
from ..workbook.printing import ID_WIDTHS, SheetLayout, lay_out_sheet
from ..workbook.values import word_count
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
    set_formula,
)
from .fields import (
    YES_NO_RANGE,
    Field,
    lists_sheet,
    plain,
    scale_text,
)
from .fingerprint import Fingerprint, write_fingerprint
from .reading import open_checked_form
from .response_layout import (
    ANSWERS,
    BIDDER,
    COL_EVIDENCE,
    COL_GUIDE,
    COL_ID,
    COL_MAX,
    COL_MIN,
    COL_QTY,
    COL_SCORED,
    COL_TITLE,
    COL_UNIT,
    COMMITMENTS,
    DECLARATION,
    HEADER_ROW,
    INSTRUCTIONS,
    SHEETS,
    MeasureFields,
    ResponseLayout,
    response_fields,
)
from .spend_sheet import read_local_wages, read_spend_plan, write_kinds_list, write_spend_sheet

AUTHOR = "socialvalue"

COMMITMENT_HEADERS = (
    "ID",
    "Measure",
    "Unit",
    "Your quantity",
    "Evidence and delivery plan",
    "Minimum",
    "Maximum",
    "Scored?",
    "Guidance: what counts",
)
# Each Commitments column's (narrowest, widest) width: ids are never cut, text wraps, the
# input columns leave room to type.
COMMITMENT_WIDTHS = {
    COL_ID: ID_WIDTHS,
    COL_TITLE: (20, 36),
    COL_UNIT: (6, 16),
    COL_QTY: (12, 14),
    COL_EVIDENCE: (40, 44),
    COL_MIN: (6, 10),
    COL_MAX: (6, 10),
    COL_SCORED: (6, 13),
    COL_GUIDE: (20, 44),
}


# ---------------------------------------------------------------------------------- writing
def _note(cell: object, text: str) -> None:
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 240, 80
    cell.comment = comment  # type: ignore[attr-defined]


def _input(ws: Worksheet, field: Field, note: str) -> None:
    cell = ws[field.cell]
    input_style(cell)
    cell.alignment = WRAP
    _note(cell, f"Input: {note}")


def _scale_text(rubric: Rubric, criterion: Criterion) -> str:
    return scale_text(rubric.scale(criterion.scale or ""))


def write_response_template(
    tender: Tender, rubric: Rubric, path: str | Path, *, proxies: ProxySet | None = None
) -> Path:
    """Write the response workbook for ``tender`` (reproducible bytes, atomic save), bound to
    ``rubric`` and the proxy values in force (``proxies``)."""
    layout = response_fields(rubric)
    wb = new_workbook()
    ws = wb.create_sheet(INSTRUCTIONS)
    _instructions(ws, tender, rubric)
    lay_out_sheet(ws, SheetLayout(widths={1: (12, ID_WIDTHS[1]), 2: (60, 90)}))
    ws = wb.create_sheet(BIDDER)
    _title(ws, "Bidder details", "Fill in the yellow cells.")
    labels = (
        "Legal name of the bidder",
        "Company registration number (if any)",
        "Contact name",
        "Contact email",
    )
    notes = (
        "the bidder's full legal name.",
        "as registered at Companies House; leave blank if none.",
        "the person we should contact about this response.",
        "their email address.",
    )
    for field, label, note in zip(layout.bidder_fields, labels, notes, strict=True):
        ws[f"A{ws[field.cell].row}"] = label
        _input(ws, field, note)
    ws[layout.company_number.cell].number_format = "@"  # keep leading zeros
    lay_out_sheet(ws, SheetLayout(widths={1: (20, 40), 2: (60, 70)}))

    ws = wb.create_sheet(COMMITMENTS)
    _commitments(ws, rubric, layout)
    lay_out_sheet(ws, SheetLayout(HEADER_ROW, COMMITMENT_WIDTHS))
    write_spend_sheet(wb, tender, rubric, layout, _input)
    ws = wb.create_sheet(ANSWERS)
    _answers(ws, rubric, layout)
    lay_out_sheet(ws, SheetLayout(widths={1: (12, ID_WIDTHS[1]), 2: (90, 90)}))
    ws = wb.create_sheet(DECLARATION)
    _declaration(ws, layout)
    lay_out_sheet(ws, SheetLayout(widths={1: (12, 24), 2: (60, 70)}))
    lists_sheet(wb, [])
    write_kinds_list(wb, layout)
    write_fingerprint(wb, Fingerprint.expected("response", rubric, tender.reference, proxies))
    for sheet in wb.worksheets:
        lock_sheet(sheet)
    for field in layout.all_fields():
        add_defined_name(wb, field.name, field.sheet, field.cell)
    wb.security.lockStructure = True  # no unhiding, adding or deleting sheets
    return save_workbook(wb, path)


def _title(ws: Worksheet, title: str, subtitle: str) -> None:
    ws["A1"] = title
    ws["A1"].font = TITLE_FONT
    ws["A2"] = subtitle


def _instructions(ws: Worksheet, tender: Tender, rubric: Rubric) -> None:
    _title(ws, f"Social value response: {tender.title}", f"Tender reference {tender.reference}")
    rows = [
        ("Buyer", tender.buyer),
        ("Methodology", f"{rubric.title} (rubric {rubric.id}, version {rubric.version})"),
    ]
    if "deadline" in tender.dates:
        rows.append(("Deadline", tender.dates["deadline"].strftime("%d %B %Y")))
    rows += [
        (
            "How to respond",
            "Fill in every yellow cell on the sheets Bidder, Commitments, "
            + ("Spend plan, " if rubric.spend_plans() else "")
            + "Answers and Declaration. Everything else is locked.",
        ),
        (
            "Commitments",
            "Type a number in every quantity cell: 0 if you commit nothing. "
            "Numbers only (no units or words); decimals are fine. Any quantity above 0 needs "
            "evidence and a delivery plan beside it.",
        ),
        (
            "Answers",
            "Answer each question in its yellow cell. Words beyond the word limit are "
            "reported to the evaluators.",
        ),
        (
            "Please do not",
            "rename, delete or move the yellow cells, type formulas in them, or "
            "add sheets. Save the file as an Excel Workbook (.xlsx), without a password.",
        ),
    ]
    row = 4
    for label, text in rows:
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 2, text).alignment = WRAP
        row += 1
    row += 1
    ws.cell(row, 1, "How marks are available").font = BOLD
    row += 1
    for _, criterion in rubric.criteria():
        ws.cell(row, 1, criterion.id)
        marks = plain(rubric.criterion_marks(criterion))
        ws.cell(
            row,
            2,
            f"{criterion.title} ({criterion.type}): {marks} of "
            f"{plain(rubric.total_marks)} social value marks",
        ).alignment = WRAP
        row += 1


def _commitments(ws: Worksheet, rubric: Rubric, layout: ResponseLayout) -> None:
    _title(
        ws,
        "Commitments",
        "One row per measure. Type a quantity for each (0 if none), "
        "and the evidence and delivery plan for any quantity above 0.",
    )
    for col, header in enumerate(COMMITMENT_HEADERS, 1):
        ws.cell(HEADER_ROW, col, header).font = BOLD
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    row = HEADER_ROW + 1
    by_criterion: dict[str, list[MeasureFields]] = {}
    for mf in layout.measures:
        by_criterion.setdefault(mf.criterion.id, []).append(mf)
    for criterion in rubric.quantitative():
        ws.cell(row, COL_ID, criterion.id).font = BOLD
        ws.cell(row, COL_TITLE, criterion.title).font = BOLD
        if criterion.guidance:
            ws.cell(row, COL_EVIDENCE, criterion.guidance).alignment = WRAP
        row += 1
        for mf in by_criterion.get(criterion.id, []):
            m = mf.measure
            ws.cell(row, COL_ID, m.id)
            ws.cell(row, COL_TITLE, m.title).alignment = WRAP
            ws.cell(row, COL_UNIT, m.unit)
            low = m.min_quantity if m.min_quantity is not None else Decimal(0)
            ws.cell(row, COL_MIN, plain(low))
            ws.cell(row, COL_MAX, plain(m.max_quantity) if m.max_quantity is not None else "")
            ws.cell(row, COL_SCORED, "Record only" if m.record_only else "Scored")
            ws.cell(row, COL_GUIDE, m.guidance).alignment = WRAP
            bounds = (
                f"from {plain(low)} to {plain(m.max_quantity)}"
                if m.max_quantity is not None
                else f"of {plain(low)} or more"
            )
            _input(ws, mf.quantity, f"a number {bounds} ({m.unit}); 0 if none.")
            ws[mf.quantity.cell].number_format = "General"
            decimal_validation(ws, mf.quantity.cell, low, m.max_quantity)
            evidence = "evidence and delivery plan" + ("" if m.evidence_required else " (optional)")
            _input(ws, mf.evidence, f"{evidence} for this commitment.")
            ws.row_dimensions[row].height = 60
            row += 1
    if not layout.measures:
        ws.cell(row, COL_ID, "This tender asks for no quantitative commitments.")


def _answers(ws: Worksheet, rubric: Rubric, layout: ResponseLayout) -> None:
    _title(ws, "Answers", "Answer each question in its yellow cell.")
    row = 3
    for criterion, field in layout.answers:
        ws.cell(row, 1, criterion.id).font = BOLD
        ws.cell(row, 2, criterion.title).font = BOLD
        lines = [("Question", criterion.question), ("Guidance", criterion.guidance or "-")]
        if criterion.sub_criteria:
            total = sum((s.weight for s in criterion.sub_criteria), Decimal(0))
            subs = "\n".join(
                f"{s.id} {s.title} ({percent(s.weight * 100 / total, 1)} of this "
                f"question){': ' + s.guidance if s.guidance else ''}"
                for s in criterion.sub_criteria
            )
            lines.append(("Sub-criteria", subs))
        lines.append(("How it is scored", _scale_text(rubric, criterion)))
        limit = criterion.word_limit
        lines.append(("Word limit", f"{limit} words" if limit else "none"))
        for label, text in lines:
            row += 1
            ws.cell(row, 1, label).font = BOLD
            ws.cell(row, 2, text).alignment = WRAP
        row += 1
        assert f"B{row}" == field.cell, (field.cell, row)
        ws.cell(row, 1, "Your answer").font = BOLD
        _input(ws, field, "your answer" + (f", at most {limit} words." if limit else "."))
        ws.row_dimensions[row].height = 300
        row += 1
        ws.cell(row, 1, "Words (approx.)")
        ref = field.cell
        set_formula(
            ws.cell(row, 2),
            f'=IF(LEN(TRIM({ref}))=0,0,LEN(TRIM({ref}))-LEN(SUBSTITUTE(TRIM({ref})," ",""))+1)',
        )
        ws.cell(row, 2).alignment = Alignment(horizontal="left")
        row += 2
    if not layout.answers:
        ws.cell(row, 1, "This tender asks no qualitative questions.")


def _declaration(ws: Worksheet, layout: ResponseLayout) -> None:
    _title(ws, "Declaration", "To be completed by someone authorised to commit the bidder.")
    ws["A3"] = (
        "I confirm that the commitments and answers in this response are accurate, that the "
        "bidder will deliver the commitments if awarded the contract, and that I am authorised "
        "to submit this response on the bidder's behalf."
    )
    ws["A3"].alignment = WRAP
    ws.merge_cells("A3:B3")
    ws.row_dimensions[3].height = 45
    labels = ("Name", "Position", "Date", "I confirm (Yes/No)")
    notes = (
        "your full name.",
        "your position in the bidding organisation.",
        "the date, e.g. 22/11/2026.",
        'choose "Yes" to confirm the declaration.',
    )
    for field, label, note in zip(layout.declaration_fields, labels, notes, strict=True):
        ws[f"A{ws[field.cell].row}"] = label
        _input(ws, field, note)
    ws[layout.declaration_date.cell].number_format = "DD/MM/YYYY"
    list_validation(ws, layout.declaration_confirm.cell, YES_NO_RANGE)


# ---------------------------------------------------------------------------------- reading
def read_response(
    path: str | Path,
    rubric: Rubric,
    tender_reference: str,
    *,
    key: str | None = None,
    display: str | None = None,
    proxies: ProxySet | None = None,
    data: bytes | None = None,
) -> tuple[Response | None, list[Problem]]:
    """Read one filled response workbook: (the Response, or None if any error; every problem).

    ``key`` defaults to the file's stem. Problems name the file and ``Sheet!Cell``.
    """
    path = Path(path)
    display = display or display_path(path)
    fingerprint = Fingerprint.expected("response", rubric, tender_reference, proxies)
    form, problems = open_checked_form(path, display, fingerprint, SHEETS, data)
    if form is None:
        return None, problems
    reader, digest = form.reader, form.digest
    layout = response_fields(rubric)
    name, _ = reader.text(layout.bidder_name)
    number, _ = reader.text(layout.company_number)
    contact, _ = reader.text(layout.contact_name)
    email, email_cell = reader.text(layout.contact_email)
    if email and ("@" not in email or " " in email.strip()):
        reader.add(
            f'expected an email address, found "{email[:60]}"',
            cell=email_cell.ref if email_cell else None,
            context=layout.contact_email.context,
        )
    commitments: list[Commitment] = []
    for mf in layout.measures:
        quantity, qcell = reader.decimal(
            mf.quantity, blank_message="no quantity given: type 0 if you commit nothing"
        )
        if quantity is not None and qcell is not None and quantity > QUANTITY_MAX:
            reader.add(
                f"expected a number of at most {QUANTITY_MAX:,} (the most any quantity may be), "
                f"found {plain(quantity)}",
                cell=qcell.ref,
                context=mf.quantity.context,
            )
            quantity = None
        evidence, ecell = reader.text(mf.evidence)
        if (
            quantity is not None
            and quantity > 0
            and mf.measure.evidence_required
            and evidence == ""
            and ecell is not None
        ):
            reader.add(
                f"a quantity of {plain(quantity)} needs evidence and a delivery plan, but "
                "the cell is empty",
                cell=ecell.ref,
                context=mf.evidence.context,
            )
        if quantity is not None and qcell is not None and evidence is not None:
            commitments.append(
                Commitment(mf.measure.id, quantity, evidence, Source(display, qcell.ref))
            )
    answers: list[Answer] = []
    for criterion, field in layout.answers:
        text, cell = reader.text(field)
        if text is None or cell is None:
            continue
        words = word_count(text)
        if criterion.word_limit and words > criterion.word_limit:
            reader.add(
                f"the answer has {words} words, over the limit of {criterion.word_limit} "
                "(reported to the evaluators; nothing was cut)",
                cell=cell.ref,
                context=field.context,
                severity="warning",
            )
        answers.append(Answer(criterion.id, text, words, Source(display, cell.ref)))
    spend_plan = read_spend_plan(reader, layout, display)
    wages, wages_cell = read_local_wages(reader, layout)
    reader.text(layout.declaration_name)
    reader.text(layout.declaration_position)
    reader.date(layout.declaration_date)
    confirm, ccell = reader.choice(layout.declaration_confirm)
    if confirm == "No" and ccell is not None:
        reader.add(
            'the declaration is not confirmed: it must say "Yes"',
            cell=ccell.ref,
            context=layout.declaration_confirm.context,
        )
    if any(p.severity == "error" for p in reader.problems):
        return None, reader.problems
    assert name is not None and contact is not None and email is not None
    return Response(
        key=key or path.stem,
        name=name,
        company_number=number or "",
        contact=f"{contact} <{email}>",
        commitments=tuple(commitments),
        answers=tuple(answers),
        file=display,
        sha256=digest,
        spend_plan=spend_plan,
        local_wages=wages,
        local_wages_cell=wages_cell,
    ), reader.problems


__all__ = ["read_response", "write_response_template"]
