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

from ..errors import Problem, display_path
from ..model import Conflict, Evaluator, Response, Score, Scoresheet, Source, Tender
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
    FormReader,
    NameRegistry,
    Part,
    bidder_slug,
    column_runs,
    lists_sheet,
    name_part,
    plain,
    read_score,
    scale_text,
    scored_parts,
)
from .fingerprint import Fingerprint, write_fingerprint
from .reading import open_checked_form
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


def scoresheet_fields(rubric: Rubric, bidders: Sequence[BidderRef]) -> ScoresheetLayout:
    """The input cells of a scoresheet: ``sv_coi_<bidder>`` and ``sv_coi_note_<bidder>`` per
    bidder, then ``sv_score_<bidder>_<part>`` and ``sv_rationale_<bidder>_<part>`` per scored part
    and bidder (part by part). ``<bidder>`` is :func:`bidder_slug` of the response file's stem."""
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
                ),
            )
        )
    scores = []
    row = HEADER_ROW + 1
    for part in scored_parts(rubric):
        for b in bidders:
            slug, pid = bidder_slug(b.key), name_part(part.id)
            context = f"bidder {b.key}, {part.id}"
            scores.append(
                ScoreFields(
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
                    ),
                )
            )
            row += 1
    return ScoresheetLayout(tuple(conflicts), tuple(scores))


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
    bidders = [bidder_ref(r, rel) for r, rel in responses]
    by_key = {r.key: r for r, _ in responses}
    layout = scoresheet_fields(rubric, bidders)
    parts = scored_parts(rubric)
    wb = new_workbook()
    ws = wb.create_sheet(INSTRUCTIONS)
    ws["A1"] = f"Scoresheet: {tender.title}"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = f"Tender {tender.reference}, evaluator {evaluator.name} ({evaluator.id})"
    lines = (
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
        set_text(ws.cell(row, 1), c.bidder.key)
        set_text(ws.cell(row, 2), c.bidder.name)
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
        set_text(ws.cell(row, C_BIDDER), s.bidder.key)
        set_text(ws.cell(row, C_NAME), s.bidder.name)
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


def _sources_as_bidders(fingerprint_sources: dict[str, str], prefix: str) -> list[BidderRef]:
    return [
        BidderRef(Path(rel).stem, rel, digest)
        for rel, digest in fingerprint_sources.items()
        if rel.startswith(prefix)
    ]


def compare_bidders(
    reader: FormReader,
    made_for: list[BidderRef],
    current: Sequence[BidderRef],
    what: str,
    form: str,
) -> set[str]:
    """Report bidders added, removed or changed since the form was made; return the keys whose
    cells can be read (in both, unchanged, assessed). A bid tender.yaml records as not assessed
    is never read: its cells are ignored, with a warning when the form has them."""
    now = {b.key: b for b in current}
    then = {b.key: b for b in made_for}
    usable: set[str] = set()
    for key, b in then.items():
        if key in now and now[key].status:
            reader.add(
                f"has {what} for {b.file}, a bid not assessed (tender.yaml records it as "
                f"{now[key].status}): they are ignored",
                severity="warning",
            )
        elif key not in now:
            reader.add(
                f"has {what} for {b.file}, which is no longer in the tender's responses: "
                "they are ignored",
                severity="warning",
            )
        elif now[key].sha256 != b.sha256:
            reader.add(
                f"was made from an earlier version of {b.file} (the response changed "
                f"after this {form} was made): what was scored may not be "
                "what the bidder sent; make it again with --force"
            )
        else:
            usable.add(key)
    for key, b in now.items():
        if key not in then and not b.status:
            reader.add(
                f"has no {what} for {b.file} (the response arrived after this {form} "
                "was made): make it again with --force"
            )
    return usable


def read_scoresheet(
    path: str | Path,
    rubric: Rubric,
    tender_reference: str,
    evaluator: str,
    bidders: Sequence[BidderRef],
    *,
    display: str | None = None,
    proxies: ProxySet | None = None,
) -> tuple[Scoresheet | None, list[Problem]]:
    """Read an evaluator's scoresheet: (the Scoresheet, or None if any error; every problem).

    A blank score is kept as ``None`` (not scored yet: one warning counts them). A score needs a
    rationale; a bidder scored needs a conflict-of-interest declaration.
    """
    path = Path(path)
    display = display or display_path(path)
    fingerprint = Fingerprint.expected(
        "scoresheet", rubric, tender_reference, proxies, evaluator=evaluator
    )
    form, problems = open_checked_form(path, display, fingerprint, SHEETS)
    if form is None:
        return None, problems
    reader, digest = form.reader, form.digest
    made_for = _sources_as_bidders(form.fingerprint.sources, "")
    usable = compare_bidders(reader, made_for, bidders, "scores", "scoresheet")
    layout = scoresheet_fields(rubric, made_for)
    scores: list[Score] = []
    blank: list[str] = []
    scored_keys: set[str] = set()
    typed: list[tuple[str, str, str]] = []  # (bidder, score cell, context) of each score typed
    for s in layout.scores:
        if s.bidder.key not in usable:
            continue
        value, cell, ok = read_score(reader, s.score, s.part.scale)
        rationale, rcell = reader.text(s.rationale)
        if cell is None or not ok or rationale is None:
            continue
        if value is None:
            blank.append(s.bidder.key)
        else:
            scored_keys.add(s.bidder.key)
            typed.append((s.bidder.key, cell.ref, s.score.context))
            if not rationale and rcell is not None:
                reader.add(
                    f"the score {plain(value)} has no rationale: explain it by reference "
                    "to the bidder's answer",
                    cell=rcell.ref,
                    context=s.rationale.context,
                )
        scores.append(
            Score(evaluator, s.bidder.key, s.part.id, value, rationale, Source(display, cell.ref))
        )
    conflicts: list[Conflict] = []
    undeclared = 0
    for c in layout.conflicts:
        if c.bidder.key not in usable:
            continue
        cell, _raw, ok = reader.raw(c.declared)
        if cell is None or not ok:
            continue
        note, ncell = reader.text(c.note)
        if cell.is_blank:
            if c.bidder.key in scored_keys:
                reader.add(
                    "no conflict-of-interest declaration: answer Yes or No before "
                    "scoring this bidder",
                    cell=cell.ref,
                    context=c.declared.context,
                )
            else:
                undeclared += 1
            continue
        answer, _ = reader.choice(c.declared)
        if answer is None or note is None:
            continue
        if answer == "Yes" and not note and ncell is not None:
            reader.add(
                'a conflict of interest is declared ("Yes"): say what it is',
                cell=ncell.ref,
                context=c.note.context,
            )
        conflicts.append(
            Conflict(evaluator, c.bidder.key, answer == "Yes", note, Source(display, cell.ref))
        )
    conflicted = {c.bidder: c.source.cell for c in conflicts if c.declared}
    for bidder, ref, context in typed:
        if bidder in conflicted:
            reader.add(
                f"a conflict of interest with this bidder is declared ({conflicted[bidder]}), "
                "so this score can never count: clear the score and its rationale (or correct "
                "the declaration) before moderation",
                cell=ref,
                context=context,
            )
    expected = [
        s for s in layout.scores if s.bidder.key in usable and s.bidder.key not in conflicted
    ]
    missing = sum(1 for key in blank if key not in conflicted)
    if missing:
        reader.add(f"{missing} of {len(expected)} scores are not filled in yet", severity="warning")
    if undeclared:
        reader.add(
            f"{undeclared} of {len(usable)} conflict-of-interest declarations are not made yet",
            severity="warning",
        )
    if any(p.severity == "error" for p in reader.problems):
        return None, reader.problems
    return Scoresheet(evaluator, tuple(scores), tuple(conflicts), display, digest), reader.problems


__all__ = [
    "AUTHOR",
    "ScoresheetLayout",
    "read_scoresheet",
    "scoresheet_fields",
    "write_scoresheet",
]
