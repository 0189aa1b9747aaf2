"""Where every input cell of the bidder response workbook is, for one rubric.

The writer, the reader and the filler build the same :class:`ResponseLayout` from the same
rubric, so the defined names cannot drift between them (see ``docs/workbooks.md``).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..model import SUPPLIER_KINDS
from ..rubric.model import Criterion, Measure, Rubric
from ..workbook.cells import cell_name
from .fields import LISTS, YES_NO, Field, NameRegistry, name_part
from .lengths import LENGTHS, answer_characters, characters

INSTRUCTIONS, BIDDER, COMMITMENTS, ANSWERS, DECLARATION, SPEND_PLAN = (
    "Instructions",
    "Bidder",
    "Commitments",
    "Answers",
    "Declaration",
    "Spend plan",
)
#: Every sheet a response may have (Spend plan only when the rubric asks for one).
SHEETS = (
    INSTRUCTIONS,
    BIDDER,
    COMMITMENTS,
    SPEND_PLAN,
    ANSWERS,
    DECLARATION,
    LISTS,
    "_socialvalue",
)
#: Lines of the Spend plan sheet, its header row and its columns.
SPEND_LINES = 40
SPEND_HEADER_ROW = 5
SPEND_COLUMNS = ("supplier", "postcode", "kind", "category", "amount", "evidence")
#: The local wage bill the bid commits (LM3's Round 2 with the local suppliers), below the lines.
SPEND_WAGES_ROW = SPEND_HEADER_ROW + SPEND_LINES + 3
SPEND_WAGES_COL = 6
COL_LINE = 1  # the line number; the inputs follow in SPEND_COLUMNS order from column B

# Columns of the Commitments sheet.
COL_ID, COL_TITLE, COL_UNIT, COL_QTY, COL_EVIDENCE, COL_MIN, COL_MAX, COL_SCORED, COL_GUIDE = range(
    1, 10
)
HEADER_ROW = 4


@attrs.frozen
class MeasureFields:
    measure: Measure
    criterion: Criterion
    quantity: Field
    evidence: Field


@attrs.frozen
class SpendLineFields:
    """One line of the Spend plan sheet: its number and its six input cells."""

    number: int
    supplier: Field
    postcode: Field
    kind: Field
    category: Field
    amount: Field
    evidence: Field

    @property
    def fields(self) -> tuple[Field, ...]:
        return (self.supplier, self.postcode, self.kind, self.category, self.amount, self.evidence)


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
    #: The Spend plan sheet's lines: none unless the rubric has a spend_plan criterion.
    spend_lines: tuple[SpendLineFields, ...] = ()
    #: The Spend plan sheet's local wage bill: None unless the rubric has a spend_plan criterion.
    local_wages: Field | None = None

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
        for line in self.spend_lines:
            out += line.fields
        if self.local_wages is not None:
            out.append(self.local_wages)
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
        length = LENGTHS.get(key)
        if length is not None:
            kw["max_length"] = length.characters
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
                max_length=characters("evidence"),
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
                    max_length=answer_characters(criterion.word_limit),
                ),
            )
        )
        row += 3  # the words row, a blank row, then the next heading
    spend = _spend_lines(names) if rubric.spend_plans() else ()
    wages = _local_wages(names) if rubric.spend_plans() else None
    return ResponseLayout(*bidder, tuple(measures), tuple(answers), *declaration, spend, wages)


def _local_wages(names: NameRegistry) -> Field:
    """``sv_spend_local_wages``: the GBP of wages over the contract paid to local staff."""
    return Field(
        names.name("spend", "local", "wages"),
        SPEND_PLAN,
        cell_name(SPEND_WAGES_ROW, SPEND_WAGES_COL),
        "spend plan, local wage bill over the contract",
        "decimal",
        required=False,
        minimum=Decimal(0),
    )


def _spend_lines(names: NameRegistry) -> tuple[SpendLineFields, ...]:
    """``sv_spend_<column>_<n>`` for each line n of the Spend plan sheet."""
    contexts = {
        "supplier": ("supplier", "text", {"max_length": characters("supplier")}),
        "postcode": ("supplier postcode", "text", {"max_length": 16}),
        "kind": ("VCSE, SME or large", "choice", {"choices": SUPPLIER_KINDS}),
        "category": ("category of spend", "text", {"max_length": characters("spend_category")}),
        "amount": ("planned GBP over the contract", "decimal", {"minimum": Decimal(0)}),
        "evidence": ("evidence", "text", {"max_length": characters("evidence")}),
    }
    lines = []
    for n in range(1, SPEND_LINES + 1):
        row = SPEND_HEADER_ROW + n
        cells = {}
        for col, key in enumerate(SPEND_COLUMNS, COL_LINE + 1):
            what, kind, extra = contexts[key]
            cells[key] = Field(
                names.name("spend", key, str(n)),
                SPEND_PLAN,
                cell_name(row, col),
                f"spend plan line {n}, {what}",
                kind,
                required=False,
                **extra,  # type: ignore[arg-type]
            )
        lines.append(SpendLineFields(n, **cells))
    return tuple(lines)


def _answer_block_rows(criterion: Criterion) -> int:
    """Rows from a block's heading to its answer row, inclusive."""
    return 6 + (1 if criterion.sub_criteria else 0)


__all__ = ["SHEETS", "MeasureFields", "ResponseLayout", "SpendLineFields", "response_fields"]
