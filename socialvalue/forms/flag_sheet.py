"""The moderation workbook's Flags sheet: every credibility flag raised on the bids, with the
panel's decision on each (accepted, capped, not counted or clarified), its figure, reason and
clarification reference. Written from the flags the engine raises (given by the caller: this
layer does not score); read back with every problem at its Sheet!Cell.

Each row's cells are found by defined name, ``sv_flag_<n>_<field>`` for the n-th flag, and the
number of rows by ``sv_flag_count``; the bidder, code, measure and committed quantity are locked
cells the reader takes the flag's identity from.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs
from openpyxl.workbook.workbook import Workbook

from ..model import DECISIONS, Clarification, FlagDecision, FlagToDecide, Source, gives_a_reason
from ..names import visible
from ..workbook import writer
from ..workbook.cells import cell_name, column_letters
from ..workbook.printing import ID_WIDTHS, SheetLayout, lay_out_sheet
from ..workbook.values import parse_decimal
from .fields import LISTS, NAME_PREFIX, Field, FormReader, plain
from .lengths import characters

FLAGS = "Flags"
HEADER_ROW = 5
COUNT_CELL = "B3"
COUNT_NAME = NAME_PREFIX + "flag_count"
#: (field, column, header, width); the first five are written, the last four are the inputs.
COLUMNS = (
    ("bidder", 1, "Bidder", 14),
    ("name", 2, "Legal name", 22),
    ("code", 3, "Flag", 22),
    ("measure", 4, "Measure", 12),
    ("found", 5, "What was found", 60),
    ("committed", 6, "Committed (what a cap replaces)", 14),
    ("unit", 7, "Unit", 8),
    ("decision", 8, "Decision", 14),
    ("figure", 9, "Figure (capped only)", 12),
    ("reason", 10, "Reason (always)", 50),
    ("reference", 11, "Clarification reference (clarified only)", 20),
)
COL = {name: col for name, col, _, _ in COLUMNS}
INPUTS = ("decision", "figure", "reason", "reference")


def _name(n: int, field: str) -> str:
    return f"{NAME_PREFIX}flag_{n}_{field}"


@attrs.frozen
class FlagRow:
    """The defined names of one row of the Flags sheet."""

    n: int

    def field(self, name: str, kind: str = "text", *, required: bool = False) -> Field:
        row = HEADER_ROW + self.n
        return Field(
            _name(self.n, name),
            FLAGS,
            cell_name(row, COL[name]),
            f"flag {self.n}, {name}",
            kind,
            required=required,
            minimum=Decimal(0) if kind == "decimal" else None,
            choices=DECISIONS if kind == "choice" else (),
            max_length=characters("flag"),
        )


def write_flags_sheet(wb: Workbook, flags: Sequence[FlagToDecide], names: dict[str, str]) -> None:
    """Add the Flags sheet (and the decisions list on the hidden lists sheet) to ``wb``."""
    ws = wb.create_sheet(FLAGS)
    ws["A1"] = "Credibility flags: the panel's decisions"
    ws["A1"].font = writer.TITLE_FONT
    ws["A2"] = (
        "Record a decision on every flag: accepted (with the reason), capped (the figure counted "
        "instead of the commitment), not counted, or clarified (with the clarification's "
        "reference). The result is provisional until every flag has one."
    )
    ws["A3"] = "Flags listed"
    ws[COUNT_CELL] = len(flags)
    for _field, col, header, width in COLUMNS:
        ws.cell(HEADER_ROW, col, header).font = writer.BOLD
        ws.cell(HEADER_ROW, col).alignment = writer.WRAP
        ws.column_dimensions[column_letters(col)].width = width
    if not flags:
        ws.cell(HEADER_ROW + 1, 1, "No credibility flag is raised on any bid.")
    for n, f in enumerate(flags, 1):
        row = HEADER_ROW + n
        written = {
            "bidder": f.bidder,
            "name": visible(names.get(f.bidder, f.bidder)),  # the key is read back as it is
            "code": f.code,
            "measure": f.measure or "(whole bid)",
            "found": f.found,
            "unit": f.unit,
        }
        for field, text in written.items():
            writer.set_text(ws.cell(row, COL[field]), text)
        ws.cell(row, COL["found"]).alignment = writer.WRAP
        if f.committed is not None:
            ws.cell(row, COL["committed"], f.committed)
        else:
            writer.set_text(ws.cell(row, COL["committed"]), "cannot be capped")
        for field in INPUTS:
            writer.input_style(ws.cell(row, COL[field]))
            ws.cell(row, COL[field]).alignment = writer.WRAP
        ws.row_dimensions[row].height = 60
        for field in ("bidder", "code", "measure", "committed", *INPUTS):
            writer.add_defined_name(wb, _name(n, field), FLAGS, cell_name(row, COL[field]))
    writer.add_defined_name(wb, COUNT_NAME, FLAGS, COUNT_CELL)
    if flags:
        lists = wb[LISTS]
        col = lists.max_column + 1
        lists.cell(1, col, "Decision")
        for i, d in enumerate(DECISIONS, 2):
            lists.cell(i, col, d)
        letters = column_letters(col)
        source = f"{LISTS}!${letters}$2:${letters}${len(DECISIONS) + 1}"
        first, last = HEADER_ROW + 1, HEADER_ROW + len(flags)
        column = column_letters(COL["decision"])
        writer.list_validation(ws, f"{column}{first}:{column}{last}", source)
    widths = {col: (min(width, ID_WIDTHS[0]), max(width, 40)) for _f, col, _h, width in COLUMNS}
    lay_out_sheet(ws, SheetLayout(HEADER_ROW, widths))


def read_flag_decisions(
    reader: FormReader, display: str, clarifications: Sequence[Clarification] | None = None
) -> list[FlagDecision]:
    """Every decision recorded on the Flags sheet, each row checked (problems at the cell);
    a warning for flags with no decision yet. A workbook with no Flags sheet has none.

    ``clarifications``, when given (tender.yaml's), are what a ``clarified`` decision's
    reference must name: one of their ids, asked of the flag's bidder."""
    count_field = Field(COUNT_NAME, FLAGS, COUNT_CELL, "number of flags listed", "decimal")
    if reader.book.defined_name(COUNT_NAME) is None:
        return []
    count, _ = reader.decimal(count_field)
    if count is None:
        return []
    decisions: list[FlagDecision] = []
    blank = 0
    for n in range(1, int(count) + 1):
        found, undecided = _read_row(reader, FlagRow(n), display, clarifications)
        blank += undecided
        if found is not None:
            decisions.append(found)
    if blank:
        reader.add(
            f"{blank} of {int(count)} credibility flags have no panel decision yet (Flags sheet): "
            "the result is provisional until each has one",
            severity="warning",
        )
    return decisions


def _read_row(
    reader: FormReader,
    row: FlagRow,
    display: str,
    clarifications: Sequence[Clarification] | None = None,
) -> tuple[FlagDecision | None, bool]:
    """(one row's decision or None, whether no decision is chosen); None with a problem too."""
    bidder, _ = reader.text(row.field("bidder", required=True))
    code, _ = reader.text(row.field("code", required=True))
    measure, _ = reader.text(row.field("measure"))
    committed_cell, committed_raw, _ = reader.raw(row.field("committed"))
    decision, dcell = reader.choice(row.field("decision", "choice"))
    figure, fcell = reader.decimal(row.field("figure", "decimal"))
    reason, rcell = reader.text(row.field("reason"))
    reference, refcell = reader.text(row.field("reference"))
    if bidder is None or code is None or dcell is None:
        return None, False
    if decision is None:
        return None, dcell.is_blank
    context = f"flag {row.n}: {code} for {bidder}, decision {decision}"
    problems = len(reader.problems)

    def need(ok: bool, message: str, cell: object) -> None:
        if not ok:
            ref = getattr(cell, "ref", None) or dcell.ref
            reader.add(message, cell=ref, context=context)

    need(
        bool(reason) and gives_a_reason(reason or ""),
        'record the panel\'s reason for this decision (a reason, not just "agreed")',
        rcell,
    )
    parsed = parse_decimal(committed_raw) if committed_cell is not None else None
    committed = parsed if isinstance(parsed, Decimal) else None
    if decision == "capped":
        need(
            committed is not None,
            "this flag is on the whole bid and cannot be capped: "
            "decide accepted, not counted or clarified",
            dcell,
        )
        need(figure is not None, "capped needs the figure counted instead of the commitment", fcell)
        if figure is not None and committed is not None:
            need(
                figure <= committed,
                f"the cap {plain(figure)} is above the {plain(committed)} committed: a cap can "
                "only lower a commitment",
                fcell,
            )
    elif figure is not None:
        need(False, f"a figure is only for capped (the decision is {decision}): clear it", fcell)
    if decision == "clarified":
        need(bool(reference), "clarified needs the clarification's reference", refcell)
        if reference and clarifications is not None:
            need(*_cited(reference, bidder, clarifications), refcell)
    if len(reader.problems) > problems:
        return None, False
    return FlagDecision(
        bidder,
        code,
        None if measure in (None, "", "(whole bid)") else measure,
        decision,
        figure if decision == "capped" else None,
        reason or "",
        reference or "",
        Source(display, dcell.ref),
    ), False


def _cited(
    reference: str, bidder: str, clarifications: Sequence[Clarification]
) -> tuple[bool, str]:
    """(whether ``reference`` names a clarification asked of ``bidder``, the problem if not)."""
    by_id = {c.id: c for c in clarifications}
    found = by_id.get(reference.strip())
    if found is None:
        ids = ", ".join(by_id) or "none recorded"
        return False, (
            f"no clarification {reference.strip()} in tender.yaml (clarifications: {ids}): cite "
            "the id of the clarification the decision rests on, as recorded under "
            "`clarifications:`"
        )
    if found.bidder != bidder:
        line = found.positions.get("bidder", (0, 0))[0]
        return False, (
            f"clarification {found.id} was asked of bidder {found.bidder} (tender.yaml line "
            f"{line}), not of {bidder}: cite a clarification asked of this bidder"
        )
    return True, ""


__all__ = ["FLAGS", "read_flag_decisions", "write_flags_sheet"]
