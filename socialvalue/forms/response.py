"""The bidder response workbook: write the template, fill it (for tools and tests), read it back.

Sheets: Instructions, Bidder, Commitments, Answers, Declaration, and two hidden ones: ``_lists``
(dropdown choices) and ``_socialvalue`` (the fingerprint). Every input cell has a workbook-level
defined name (see :func:`response_fields` and ``docs/workbooks.md``); reading follows the names,
so rows a bidder inserts do not matter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import attrs
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import Problem, display_path
from ..rubric.model import Criterion, Measure, Rubric
from ..tender.model import Answer, Commitment, Response, Source, Tender
from ..workbook.cells import cell_name
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
)
from .fields import (
    LISTS,
    YES_NO,
    YES_NO_RANGE,
    Field,
    FormReader,
    NameRegistry,
    lists_sheet,
    name_part,
    open_form,
    plain,
    scale_text,
)
from .fingerprint import Fingerprint, check_fingerprint, write_fingerprint

INSTRUCTIONS, BIDDER, COMMITMENTS, ANSWERS, DECLARATION = (
    "Instructions",
    "Bidder",
    "Commitments",
    "Answers",
    "Declaration",
)
SHEETS = (INSTRUCTIONS, BIDDER, COMMITMENTS, ANSWERS, DECLARATION, LISTS, "_socialvalue")
TEMPLATE_FILE = "response-template.xlsx"
AUTHOR = "socialvalue"

# Columns of the Commitments sheet.
COL_ID, COL_TITLE, COL_UNIT, COL_QTY, COL_EVIDENCE, COL_MIN, COL_MAX, COL_SCORED, COL_GUIDE = range(
    1, 10
)
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
HEADER_ROW = 4


@attrs.frozen
class MeasureFields:
    measure: Measure
    criterion: Criterion
    quantity: Field
    evidence: Field


@attrs.frozen
class ResponseLayout:
    """Every input cell of the response workbook for one rubric, with its defined name."""

    bidder_name: Field
    company_number: Field
    contact_name: Field
    contact_email: Field
    measures: tuple[MeasureFields, ...]
    answers: tuple[tuple[Criterion, Field], ...]
    declaration_name: Field
    declaration_position: Field
    declaration_date: Field
    declaration_confirm: Field

    @property
    def bidder_fields(self) -> tuple[Field, ...]:
        return (self.bidder_name, self.company_number, self.contact_name, self.contact_email)

    @property
    def declaration_fields(self) -> tuple[Field, ...]:
        return (
            self.declaration_name,
            self.declaration_position,
            self.declaration_date,
            self.declaration_confirm,
        )

    def all_fields(self) -> list[Field]:
        out = list(self.bidder_fields)
        for m in self.measures:
            out += [m.quantity, m.evidence]
        out += [f for _, f in self.answers]
        out += list(self.declaration_fields)
        return out


def response_fields(rubric: Rubric) -> ResponseLayout:
    """The layout of the response workbook for ``rubric``: fixed names first, then one
    ``sv_qty_<measure>``/``sv_evidence_<measure>`` pair per measure, one ``sv_answer_<criterion>``
    per qualitative criterion (ids with characters other than letters, digits and ``_`` have them
    replaced by ``_``; a clash ignoring case gets ``_2``)."""
    names = NameRegistry()

    def fixed(
        key: str,
        sheet: str,
        row: int,
        context: str,
        kind: str = "text",
        required: bool = True,
        **kw: object,
    ) -> Field:
        return Field(names.name(key), sheet, f"B{row}", context, kind, required, **kw)  # type: ignore[arg-type]

    bidder = (
        fixed("bidder_name", BIDDER, 4, "bidder's legal name"),
        fixed("company_number", BIDDER, 5, "company number", required=False),
        fixed("contact_name", BIDDER, 6, "contact name"),
        fixed("contact_email", BIDDER, 7, "contact email"),
    )
    declaration = (
        fixed("declaration_name", DECLARATION, 5, "declaration, name"),
        fixed("declaration_position", DECLARATION, 6, "declaration, position"),
        fixed("declaration_date", DECLARATION, 7, "declaration, date", "date"),
        fixed(
            "declaration_confirm",
            DECLARATION,
            8,
            "declaration, confirmation",
            "choice",
            choices=YES_NO,
        ),
    )
    measures: list[MeasureFields] = []
    row = HEADER_ROW + 1
    for criterion in rubric.quantitative():
        row += 1  # the criterion's heading row
        for m in criterion.measures:
            label = f"{m.id} {m.title}"
            quantity = Field(
                names.name("qty", name_part(m.id)),
                COMMITMENTS,
                cell_name(row, COL_QTY),
                f"{label}, quantity",
                "decimal",
                minimum=m.min_quantity,
                maximum=m.max_quantity,
            )
            evidence = Field(
                names.name("evidence", name_part(m.id)),
                COMMITMENTS,
                cell_name(row, COL_EVIDENCE),
                f"{label}, evidence and delivery plan",
                required=False,
            )
            measures.append(MeasureFields(m, criterion, quantity, evidence))
            row += 1
    answers: list[tuple[Criterion, Field]] = []
    row = 3
    for criterion in rubric.qualitative():
        row += _answer_block_rows(criterion) - 1
        answers.append(
            (
                criterion,
                Field(
                    names.name("answer", name_part(criterion.id)),
                    ANSWERS,
                    f"B{row}",
                    f"{criterion.id} {criterion.title}, answer",
                ),
            )
        )
        row += 3  # the words row, a blank row, then the next heading
    return ResponseLayout(*bidder, tuple(measures), tuple(answers), *declaration)


def _answer_block_rows(criterion: Criterion) -> int:
    """Rows from a block's heading to its answer row, inclusive."""
    return 6 + (1 if criterion.sub_criteria else 0)


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


def write_response_template(tender: Tender, rubric: Rubric, path: str | Path) -> Path:
    """Write the response workbook for ``tender`` (reproducible bytes, atomic save)."""
    layout = response_fields(rubric)
    wb = new_workbook()
    _instructions(wb.create_sheet(INSTRUCTIONS), tender, rubric)
    ws = wb.create_sheet(BIDDER)
    _title(ws, "Bidder details", "Fill in the yellow cells.")
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 70
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

    ws = wb.create_sheet(COMMITMENTS)
    _commitments(ws, rubric, layout)
    ws = wb.create_sheet(ANSWERS)
    _answers(ws, rubric, layout)
    ws = wb.create_sheet(DECLARATION)
    _declaration(ws, layout)
    lists_sheet(wb, [])
    write_fingerprint(wb, Fingerprint.expected("response", rubric, tender.reference))
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
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
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
            "Answers and Declaration. Everything else is locked.",
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
    for col, (header, width) in enumerate(
        zip(COMMITMENT_HEADERS, (8, 40, 10, 14, 60, 10, 10, 14, 50), strict=True), 1
    ):
        ws.cell(HEADER_ROW, col, header).font = BOLD
        ws.column_dimensions[cell_name(1, col)[:-1]].width = width
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
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 110
    row = 3
    for criterion, field in layout.answers:
        ws.cell(row, 1, criterion.id).font = BOLD
        ws.cell(row, 2, criterion.title).font = BOLD
        lines = [("Question", criterion.question), ("Guidance", criterion.guidance or "-")]
        if criterion.sub_criteria:
            total = sum((s.weight for s in criterion.sub_criteria), Decimal(0))
            subs = "\n".join(
                f"{s.id} {s.title} ({plain(s.weight * 100 / total)}% of this "
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
        ws.cell(
            row,
            2,
            f'=IF(LEN(TRIM({ref}))=0,0,LEN(TRIM({ref}))-LEN(SUBSTITUTE(TRIM({ref})," ",""))+1)',
        )
        ws.cell(row, 2).alignment = Alignment(horizontal="left")
        row += 2
    if not layout.answers:
        ws.cell(row, 1, "This tender asks no qualitative questions.")


def _declaration(ws: Worksheet, layout: ResponseLayout) -> None:
    _title(ws, "Declaration", "To be completed by someone authorised to commit the bidder.")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 80
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


# ---------------------------------------------------------------------------------- filling
@attrs.frozen
class ResponseValues:
    """What a bidder types, for :func:`fill_response`. Values are written as typed: a number
    stays a number, text stays text (text starting with ``=`` becomes a formula, as in Excel).
    Missing keys leave their cells empty."""

    bidder_name: object = None
    company_number: object = None
    contact_name: object = None
    contact_email: object = None
    quantities: Mapping[str, object] = attrs.field(factory=dict)  # measure id -> quantity
    evidence: Mapping[str, object] = attrs.field(factory=dict)  # measure id -> text
    answers: Mapping[str, object] = attrs.field(factory=dict)  # criterion id -> text
    declaration_name: object = None
    declaration_position: object = None
    declaration_date: object = None
    declaration_confirm: object = "Yes"

    def by_name(self, layout: ResponseLayout) -> dict[str, object]:
        """These values keyed by defined name."""
        cells: dict[str, object] = {}
        for field, attr in zip(
            layout.bidder_fields + layout.declaration_fields,
            (
                "bidder_name",
                "company_number",
                "contact_name",
                "contact_email",
                "declaration_name",
                "declaration_position",
                "declaration_date",
                "declaration_confirm",
            ),
            strict=True,
        ):
            cells[field.name] = getattr(self, attr)
        for mf in layout.measures:
            cells[mf.quantity.name] = self.quantities.get(mf.measure.id)
            cells[mf.evidence.name] = self.evidence.get(mf.measure.id)
        for criterion, field in layout.answers:
            cells[field.name] = self.answers.get(criterion.id)
        return {k: v for k, v in cells.items() if v is not None}


def fill_by_names(template: str | Path, out: str | Path, cells: Mapping[str, object]) -> Path:
    """Copy a workbook, setting each defined name's cell to a value, as a person typing would.

    Works for all three forms. ``None`` empties a cell; a ``datetime.date`` gets a date format.
    KeyError for a name the workbook does not define. Saved reproducibly.
    """
    from openpyxl import load_workbook

    wb = load_workbook(template)
    for name, value in cells.items():
        defined = wb.defined_names.get(name)
        if defined is None:
            raise KeyError(f"{template} has no defined name {name}")
        [(sheet, coordinate)] = list(defined.destinations)
        cell = wb[sheet][coordinate.replace("$", "")]
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "DD/MM/YYYY"
    return save_workbook(wb, out)


def fill_response(
    template: str | Path, out: str | Path, values: ResponseValues, rubric: Rubric
) -> Path:
    """Fill a copy of the response template with ``values`` (for example tenders and tests)."""
    return fill_by_names(template, out, values.by_name(response_fields(rubric)))


# ---------------------------------------------------------------------------------- reading
def read_response(
    path: str | Path,
    rubric: Rubric,
    tender_reference: str,
    *,
    key: str | None = None,
    display: str | None = None,
) -> tuple[Response | None, list[Problem]]:
    """Read one filled response workbook: (the Response, or None if any error; every problem).

    ``key`` defaults to the file's stem. Problems name the file and ``Sheet!Cell``.
    """
    path = Path(path)
    display = display or display_path(path)
    book, digest, early = open_form(path, display)
    if book is None:
        return None, early
    reader = FormReader(book, list(book.problems))
    fp = check_fingerprint(book, Fingerprint.expected("response", rubric, tender_reference))
    if fp:
        return None, reader.problems + fp
    reader.extra_sheets(SHEETS)
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
    ), reader.problems


def write_template_for(folder: str | Path) -> Path:
    """``socialvalue template``: write ``out/response-template.xlsx`` for the tender in ``folder``."""
    from ..tender.config import OUT, load_rubric_for, load_tender

    tender = load_tender(folder)
    rubric = load_rubric_for(tender)
    out = Path(folder) / OUT
    out.mkdir(parents=True, exist_ok=True)
    return write_response_template(tender, rubric, out / TEMPLATE_FILE)


__all__ = [
    "TEMPLATE_FILE",
    "ResponseLayout",
    "ResponseValues",
    "fill_by_names",
    "fill_response",
    "read_response",
    "response_fields",
    "write_response_template",
    "write_template_for",
]
