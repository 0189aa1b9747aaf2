"""The sheets that list what the record keeps beside the scores: the bids not assessed (and any
missing since an earlier run), and the clarifications. Plain values, no formulas: nothing here
is computed. Every text is a string cell (never a formula); dates are written ``YYYY-MM-DD``."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from ...scoring.result import Evaluation
from ...workbook.writer import BOLD, TITLE_FONT
from .book import Book
from .cells import column_letter, put_text

NOT_ASSESSED, CLARIFICATIONS = "Not assessed", "Clarifications"


def _table(
    ws: Worksheet,
    row: int,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    empty: str,
) -> int:
    """``header`` in bold at ``row``, then ``rows`` (or ``empty`` when none); the next free row."""
    for col, text in enumerate(header, 1):
        put_text(ws, f"{column_letter(col)}{row}", text, BOLD)
    if not rows:
        put_text(ws, f"A{row + 1}", empty)
        return row + 3
    for r, values in enumerate(rows, row + 1):
        for col, text in enumerate(values, 1):
            put_text(ws, f"{column_letter(col)}{r}", text)
    return row + len(rows) + 2


def not_assessed_sheet(book: Book, ev: Evaluation) -> None:
    """Each bid tender.yaml records as not assessed, then each bid an earlier run scored whose
    response is now missing (docs/results.md, "Bids not assessed", "Bids that vanished")."""
    ws = book.sheet(NOT_ASSESSED)
    put_text(ws, "A1", "Bids not assessed: in no calculation", TITLE_FONT)
    put_text(ws, "A2", "As tender.yaml records them (bids:), with the response file's SHA-256.")
    header = ("Bidder", "Name", "Status", "Date", "Reason", "File", "SHA-256")
    rows = [
        (n.key, n.name, n.status, n.date.isoformat(), n.reason, n.file or "", n.sha256 or "")
        for n in ev.inputs.not_assessed
    ]
    row = _table(ws, 4, header, rows, "None: every bid received was assessed.")
    put_text(ws, f"A{row}", "Responses missing since an earlier run", BOLD)
    put_text(
        ws,
        f"A{row + 1}",
        "Scored before, no longer in responses/, and no status recorded: the result is "
        "provisional until the file is back or the bid's status is recorded.",
    )
    missing = [(b.key, b.name, b.file, b.sha256) for b in ev.inputs.missing_bids]
    _table(ws, row + 3, ("Bidder", "Name", "File", "SHA-256 (as last recorded)"), missing, "None.")
    _widths(ws, {"A": 16, "B": 30, "C": 16, "D": 12, "E": 60, "F": 28, "G": 66})


def clarifications_sheet(book: Book, ev: Evaluation) -> None:
    """Every clarification tender.yaml records, in its order, with its state and answer."""
    ws = book.sheet(CLARIFICATIONS)
    put_text(ws, "A1", "Clarifications asked of bidders", TITLE_FONT)
    put_text(
        ws,
        "A2",
        "As tender.yaml records them (clarifications:); open ones keep the result provisional.",
    )
    names = {b.key: b.name for b in ev.bidders} | {n.key: n.name for n in ev.inputs.not_assessed}
    header = (
        "Id",
        "Bidder",
        "Name",
        "Criterion",
        "State",
        "Asked",
        "Answered",
        "Question",
        "Answer",
        "Original response replaced",
        "Original SHA-256",
    )
    rows = [
        (
            c.id,
            c.bidder,
            names.get(c.bidder, c.bidder),
            c.criterion or "",
            "open" if c.open else "answered",
            c.asked.isoformat(),
            c.answered.isoformat() if c.answered else "",
            c.question,
            c.answer or "",
            (c.resubmitted.original_file or "(not named)") if c.resubmitted else "",
            c.resubmitted.original_sha256 if c.resubmitted else "",
        )
        for c in ev.inputs.tender.clarifications
    ]
    _table(ws, 4, header, rows, "None: no clarification was asked.")
    widths = (12, 16, 30, 12, 10, 12, 12, 60, 60, 24, 66)
    _widths(ws, {column_letter(i): w for i, w in enumerate(widths, 1)})


def _widths(ws: Worksheet, widths: dict[str, int]) -> None:
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
