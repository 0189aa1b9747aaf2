"""Evaluator scoresheets: one workbook per evaluator, written once responses are in, read back.

Sheets: Instructions, Conflicts (a Yes/No declaration and a note per bidder), Scores (one row per
scored part and bidder: the answer, read-only, the scale's descriptors, a score dropdown and a
rationale), Scale (every level's descriptor), and the hidden ``_lists`` and ``_socialvalue``.

The fingerprint records the SHA-256 of every response the scoresheet shows, so a response that
changed (or arrived) after the scoresheet was made is reported rather than silently mis-scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from ..model import Evaluator, Response, Source, Tender
from ..names import visible
from ..rubric.model import Rubric
from ..rubric.proxies import ProxySet
from ..workbook.cells import cell_name
from ..workbook.printing import ID_WIDTHS, SheetLayout, lay_out_sheet
from ..workbook.writer import (
    BOLD,
    TITLE_FONT,
    WRAP,
    add_defined_name,
    input_style,
    list_validation,
    lock_sheet,
    new_workbook,
    save_workbook,
    set_text,
)
from .fields import (
    LISTS,
    YES_NO,
    YES_NO_RANGE,
    BidderRef,
    Field,
    NameRegistry,
    Part,
    bidder_slug,
    column_runs,
    lists_sheet,
    name_part,
    plain,
    scale_text,
    scored_parts,
)
from .fingerprint import Fingerprint, write_fingerprint
from .lengths import characters
from .response import AUTHOR, _note

INSTRUCTIONS, CONFLICTS, SCORES, SCALE = "Instructions", "Conflicts", "Scores", "Scale"
SHEETS = (INSTRUCTIONS, CONFLICTS, SCORES, SCALE, LISTS, "_socialvalue")
HEADER_ROW = 4
MAX_CELL_TEXT = 32_000  # Excel holds at most 32,767 characters in a cell
# Scores sheet columns.
C_PART, C_WHAT, C_BIDDER, C_NAME, C_ANSWER, C_WORDS, C_SCORE, C_RATIONALE, C_SCALE = range(1, 10)
SCORE_HEADERS = (  # each column's header and widest width (ids are never cut)
    ("Part", ID_WIDTHS[1]),
    ("What is scored", 32),
    ("Bidder", 20),
    ("Legal name", 18),
    ("Bidder's answer (read-only)", 80),
    ("Words", 12),
    ("Your score", 8),
    ("Rationale: why this score, by reference to the answer", 44),
    ("Scale", 70),
)
# The narrowest widths of the Scores sheet's columns: room to read the answer and write.
SCORE_MIN_WIDTHS = {C_ANSWER: 60, C_SCORE: 8, C_RATIONALE: 40}


@attrs.frozen
class ConflictFields:
    bidder: BidderRef
    declared: Field
    note: Field


@attrs.frozen
class ScoreFields:
    part: Part
    bidder: BidderRef
    score: Field
    rationale: Field


@attrs.frozen
class ScoresheetLayout:
    conflicts: tuple[ConflictFields, ...]
    scores: tuple[ScoreFields, ...]

    def all_fields(self) -> list[Field]:
        out: list[Field] = []
        for c in self.conflicts:
            out += [c.declared, c.note]
        for s in self.scores:
            out += [s.score, s.rationale]
        return out


def scoresheet_fields(
    rubric: Rubric, bidders: Sequence[BidderRef], assigned: Evaluator | None = None
) -> ScoresheetLayout:
    """The input cells of a scoresheet: ``sv_coi_<bidder>`` and ``sv_coi_note_<bidder>`` per
    bidder, then ``sv_score_<bidder>_<part>`` and ``sv_rationale_<bidder>_<part>`` per scored part
    and bidder (part by part). ``<bidder>`` is :func:`bidder_slug` of the response file's stem.

    With ``assigned``, only the rows that evaluator is assigned (:meth:`Evaluator.assigned`) are
    laid out, one after another; the names are those of the full layout either way."""
    names = NameRegistry()
    conflicts = []
    for row, b in enumerate(bidders, start=HEADER_ROW + 1):
        slug = bidder_slug(b.key)
        label = f"bidder {b.key}, conflict of interest"
        conflicts.append(
            ConflictFields(
                b,
                Field(
                    names.name("coi", slug), CONFLICTS, f"C{row}", label, "choice", choices=YES_NO
                ),
                Field(
                    names.name("coi_note", slug),
                    CONFLICTS,
                    f"D{row}",
                    f"{label}, note",
                    required=False,
                    max_length=characters("note"),
                ),
            )
        )
    scores = []
    row = HEADER_ROW + 1
    for part in scored_parts(rubric):
        for b in bidders:
            slug, pid = bidder_slug(b.key), name_part(part.id)
            context = f"bidder {b.key}, {part.id}"
            row_fields = ScoreFields(
                part,
                b,
                Field(
                    names.name("score", slug, pid),
                    SCORES,
                    cell_name(row, C_SCORE),
                    f"{context}, score",
                    "score",
                ),
                Field(
                    names.name("rationale", slug, pid),
                    SCORES,
                    cell_name(row, C_RATIONALE),
                    f"{context}, rationale",
                    required=False,
                    max_length=characters("rationale"),
                ),
            )
            if assigned is None or assigned.assigned(b.key, part.id, part.criterion.id):
                scores.append(row_fields)
                row += 1
    return ScoresheetLayout(tuple(conflicts), tuple(scores))


def assignment_text(evaluator: Evaluator) -> str:
    """What an evaluator is assigned, in words: ``Questions LA-JOBS, LA-COMM; every bidder
    except afon. Why: ...``."""
    what = (
        "every question"
        if evaluator.criteria is None
        else "questions " + ", ".join(evaluator.criteria)
    )
    if evaluator.bidders is not None:
        whom = "bidders " + ", ".join(evaluator.bidders)
    elif evaluator.not_bidders:
        whom = "every bidder except " + ", ".join(evaluator.not_bidders)
    else:
        whom = "every bidder"
    why = f" Why: {evaluator.assignment_reason}" if evaluator.assignment_reason else ""
    return f"You score {what}, for {whom}: only those rows are on the Scores sheet.{why}"


def bidder_ref(response: Response, folder_relative: str) -> BidderRef:
    return BidderRef(response.key, folder_relative, response.sha256, response.name)


def _clip(text: str, where: str) -> str:
    if len(text) <= MAX_CELL_TEXT:
        return text
    return (
        text[:MAX_CELL_TEXT] + f"\n[... cut here for the scoresheet: the full answer is in {where}]"
    )


def write_scoresheet(
    tender: Tender,
    rubric: Rubric,
    evaluator: Evaluator,
    responses: Sequence[tuple[Response, str]],
    path: str | Path,
    *,
    proxies: ProxySet | None = None,
) -> Path:
    """Write ``evaluator``'s scoresheet for ``responses`` (each with its path inside the tender
    folder, e.g. ``responses/acme.xlsx``). Reproducible bytes, atomic save."""
    bidders = [bidder_ref(r, rel) for r, rel in responses if evaluator.scores_bidder(r.key)]
    by_key = {r.key: r for r, _ in responses}
    layout = scoresheet_fields(rubric, bidders, evaluator)
    parts = scored_parts(rubric)
    wb = new_workbook()
    ws = wb.create_sheet(INSTRUCTIONS)
    ws["A1"] = f"Scoresheet: {tender.title}"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = f"Tender {tender.reference}, evaluator {evaluator.name} ({evaluator.id})"
    lines: tuple[tuple[str, str], ...] = (
        ("Score alone", "Score each bidder's answer on your own, before moderation."),
        (
            "1. Conflicts",
            "On the Conflicts sheet, declare for each bidder whether you have a "
            "conflict of interest (Yes/No), with details if Yes. Do this before scoring.",
        ),
        (
            "2. Scores",
            "On the Scores sheet, choose a score from the dropdown for every row and "
            "write a rationale that explains the score by reference to the bidder's answer. "
            "A score without a rationale is not accepted.",
        ),
        (
            "The scale",
            "The Scale sheet and the last column of Scores give every level's "
            "descriptor. Score what the answer shows, against the descriptors.",
        ),
        ("Methodology", f"{rubric.title} (rubric {rubric.id}, version {rubric.version})"),
    )
    if evaluator.restricted:
        lines = (*lines[:-1], ("Your assignment", assignment_text(evaluator)), lines[-1])
    for row, (label, text) in enumerate(lines, start=4):
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 2, text).alignment = WRAP
    lay_out_sheet(ws, SheetLayout(widths={1: (12, 24), 2: (60, 90)}))

    ws = wb.create_sheet(CONFLICTS)
    ws["A1"] = "Conflicts of interest"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = "Do you have a conflict of interest with this bidder? Answer for every bidder."
    for col, header in enumerate(("Bidder", "Legal name", "Conflict? (Yes/No)", "Details"), 1):
        ws.cell(HEADER_ROW, col, header).font = BOLD
        ws.cell(HEADER_ROW, col).alignment = WRAP
    for c in layout.conflicts:
        row = ws[c.declared.cell].row
        set_text(ws.cell(row, 1), visible(c.bidder.key))
        set_text(ws.cell(row, 2), visible(c.bidder.name))
        for field, note in (
            (c.declared, 'choose "Yes" or "No".'),
            (c.note, 'if "Yes": what the conflict is.'),
        ):
            input_style(ws[field.cell])
            ws[field.cell].alignment = WRAP
            _note(ws[field.cell], f"Input: {note}")
    if layout.conflicts:
        for run in column_runs([c.declared.cell for c in layout.conflicts]):
            list_validation(ws, run, YES_NO_RANGE)
    widths = {1: (6, 20), 2: (16, 40), 3: (10, 10), 4: (50, 60)}
    lay_out_sheet(ws, SheetLayout(HEADER_ROW, widths))

    ws = wb.create_sheet(SCORES)
    ws["A1"] = "Scores"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = "One row per question (or sub-criterion) and bidder. Score and explain every row."
    for col, (header, _) in enumerate(SCORE_HEADERS, 1):
        ws.cell(HEADER_ROW, col, header).font = BOLD
        ws.cell(HEADER_ROW, col).alignment = WRAP
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    scales = []
    for part in parts:
        if part.scale not in scales:
            scales.append(part.scale)
    dropdowns: dict[str, list[str]] = {}
    for s in layout.scores:
        row = ws[s.score.cell].row
        response = by_key[s.bidder.key]
        answer = response.answer(s.part.criterion.id)
        what = [s.part.title]
        if s.part.criterion.question:
            what.append(f"Question: {s.part.criterion.question}")
        if s.part.guidance:
            what.append(f"Guidance: {s.part.guidance}")
        ws.cell(row, C_PART, s.part.id)
        set_text(ws.cell(row, C_WHAT), "\n".join(what))
        set_text(ws.cell(row, C_BIDDER), visible(s.bidder.key))
        set_text(ws.cell(row, C_NAME), visible(s.bidder.name))
        text = answer.text if answer else ""
        source = answer.source if answer else Source(s.bidder.file)
        set_text(ws.cell(row, C_ANSWER), _clip(text, str(source)))
        limit = s.part.criterion.word_limit
        words = answer.words if answer else 0
        ws.cell(row, C_WORDS, f"{words} (limit {limit})" if limit else str(words))
        ws.cell(row, C_SCALE, scale_text(s.part.scale))
        for col in (C_WHAT, C_ANSWER, C_SCALE):
            ws.cell(row, col).alignment = WRAP
        for field, note in (
            (s.score, "choose a score from the list."),
            (s.rationale, "why this score, by reference to the answer."),
        ):
            input_style(ws[field.cell])
            ws[field.cell].alignment = WRAP
            _note(ws[field.cell], f"Input: {note}")
        ws.row_dimensions[row].height = 200
        dropdowns.setdefault(s.part.scale.id, []).append(s.score.cell)
    widths = {
        col: (SCORE_MIN_WIDTHS.get(col, 6), widest)
        for col, (_, widest) in enumerate(SCORE_HEADERS, 1)
    }  # the Scale column is left off the printed pages: the Scale sheet prints every scale
    lay_out_sheet(ws, SheetLayout(HEADER_ROW, widths, print_columns=C_RATIONALE))

    ws = wb.create_sheet(SCALE)
    ws["A1"] = "Scales"
    ws["A1"].font = TITLE_FONT
    row = 3
    for scale in scales:
        ws.cell(row, 1, scale.title).font = BOLD
        row += 1
        for level in scale.levels:
            ws.cell(row, 1, plain(level.score))
            ws.cell(row, 2, level.label)
            ws.cell(row, 3, level.descriptor).alignment = WRAP
            row += 1
        row += 1
    lay_out_sheet(ws, SheetLayout(widths={1: (6, 10), 2: (10, 20), 3: (40, 90)}))
    ranges = lists_sheet(wb, scales)
    scores_ws = wb[SCORES]
    for scale_id, cells in dropdowns.items():
        for run in column_runs(cells):
            list_validation(scores_ws, run, ranges[scale_id])
    sources = tuple((b.file, b.sha256) for b in bidders)
    write_fingerprint(
        wb,
        Fingerprint.expected(
            "scoresheet", rubric, tender.reference, proxies, evaluator=evaluator.id, sources=sources
        ),
    )
    for sheet in wb.worksheets:
        lock_sheet(sheet)
    for field in layout.all_fields():
        add_defined_name(wb, field.name, field.sheet, field.cell)
    wb.security.lockStructure = True
    return save_workbook(wb, path)


__all__ = [
    "AUTHOR",
    "ScoresheetLayout",
    "scoresheet_fields",
    "write_scoresheet",
]
