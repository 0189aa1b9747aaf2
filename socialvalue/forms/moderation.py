"""The moderation workbook: every evaluator's score and rationale side by side, the spread, a flag
where the rubric's moderation rule requires discussion, and the panel's consensus score and
rationale (the only input cells). Written from complete scoresheets; read back like the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import attrs
from openpyxl.styles import PatternFill
from openpyxl.workbook.workbook import Workbook

from ..errors import Problem, display_path
from ..model import (
    Clarification,
    Consensus,
    Evaluator,
    FlagToDecide,
    Moderation,
    Response,
    Scoresheet,
    Source,
    Tender,
    departs,
    gives_a_reason,
)
from ..names import visible
from ..rubric.model import Rubric
from ..rubric.proxies import ProxySet
from ..workbook.cells import cell_name
from ..workbook.printing import ID_WIDTHS, SheetLayout, lay_out_sheet
from ..workbook.reader import CellValue
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
    scored_parts,
)
from .fingerprint import Fingerprint, write_fingerprint
from .flag_sheet import FLAGS, read_flag_decisions, write_flags_sheet
from .lengths import characters
from .reading import open_checked_form
from .response import _note
from .scoresheet import bidder_ref
from .scoresheet_read import compare_bidders

INSTRUCTIONS, MODERATION = "Instructions", "Moderation"
SHEETS = (INSTRUCTIONS, MODERATION, FLAGS, LISTS, "_socialvalue")
HEADER_ROW = 4
FIRST_EVALUATOR_COL = 5
FLAG_FILL = PatternFill(fill_type="solid", fgColor="F4CCCC")
#: An evaluator's rationale cell on a row tender.yaml does not assign them (docs/workbooks.md).
NOT_ASSIGNED = "Not assigned (tender.yaml): not expected to score this row"
ASSIGNMENT_NOTE = (
    "Not every evaluator scores every row: tender.yaml assigns each evaluator questions and "
    f'bidders. Where an evaluator was not assigned a row, their rationale cell says "{NOT_ASSIGNED}" '
    "and their score is blank; every other evaluator on that row was expected to score it (a "
    "blank beside a declared conflict of interest is not counted)."
)


@attrs.frozen
class ScoresheetRef:
    """An evaluator's scoresheet as the moderation workbook knows it: the evaluator, the file's
    path inside the tender folder (``scores/ann.xlsx``), its SHA-256 and what was read (if any)."""

    evaluator: str
    file: str
    sha256: str
    sheet: Scoresheet | None = None


@attrs.frozen
class ConsensusFields:
    part: Part
    bidder: BidderRef
    score: Field
    rationale: Field


def moderation_fields(
    rubric: Rubric, bidders: Sequence[BidderRef], evaluators: int
) -> tuple[ConsensusFields, ...]:
    """``sv_consensus_<bidder>_<part>`` and ``sv_consensus_rationale_<bidder>_<part>`` for each
    scored part and bidder (part by part), in the columns after the ``evaluators`` pairs."""
    names = NameRegistry()
    col_score = FIRST_EVALUATOR_COL + 2 * evaluators + 3
    out = []
    row = HEADER_ROW + 1
    for part in scored_parts(rubric):
        for b in bidders:
            slug, pid = bidder_slug(b.key), name_part(part.id)
            context = f"bidder {b.key}, {part.id}"
            out.append(
                ConsensusFields(
                    part,
                    b,
                    Field(
                        names.name("consensus", slug, pid),
                        MODERATION,
                        cell_name(row, col_score),
                        f"{context}, consensus score",
                        "score",
                    ),
                    Field(
                        names.name("consensus_rationale", slug, pid),
                        MODERATION,
                        cell_name(row, col_score + 1),
                        f"{context}, consensus rationale",
                        required=False,
                        max_length=characters("rationale"),
                    ),
                )
            )
            row += 1
    return tuple(out)


def spread_flag(scores: list[Decimal], rubric: Rubric, part: Part) -> tuple[Decimal, bool, str]:
    """(spread, discussion required, the flag's text) under the rubric's moderation rule."""
    if not scores:
        return Decimal(0), False, "No scores"
    spread = max(scores) - min(scores)
    steps = rubric.moderation.mandatory_spread_steps
    limit = steps * part.scale.step
    unit = "step" if steps == 1 else "steps"
    if spread > limit:
        return (
            spread,
            True,
            (f"Yes: spread {plain(spread)} is more than {steps} scale {unit} ({plain(limit)})"),
        )
    return spread, False, "No"


def write_moderation(
    tender: Tender,
    rubric: Rubric,
    responses: Sequence[tuple[Response, str]],
    sheets: Sequence[ScoresheetRef],
    path: str | Path,
    flags: Sequence[FlagToDecide] = (),
    *,
    proxies: ProxySet | None = None,
) -> Path:
    """Write the moderation workbook from read scoresheets (reproducible bytes, atomic save),
    with the credibility ``flags`` the panel must decide on its Flags sheet.

    A rubric with no qualitative criterion has nothing to moderate: its workbook has no
    Moderation sheet, only the Flags sheet (and needs no scoresheets)."""
    bidders = [bidder_ref(r, rel) for r, rel in responses]
    sheets = [s for s in sheets if s.sheet is not None]
    fields = moderation_fields(rubric, bidders, len(sheets))
    wb = new_workbook()
    _instructions_sheet(wb, tender, rubric, flags_only=not fields)
    if fields:
        _moderation_sheet(wb, tender, rubric, sheets, fields)
    else:
        lists_sheet(wb, [])
    write_flags_sheet(wb, flags, {b.key: b.name for b in bidders})
    wb.move_sheet(FLAGS, offset=-1)  # after Moderation, before the hidden lists
    sources = tuple((b.file, b.sha256) for b in bidders) + tuple((s.file, s.sha256) for s in sheets)
    write_fingerprint(
        wb, Fingerprint.expected("moderation", rubric, tender.reference, proxies, sources=sources)
    )
    for sheet in wb.worksheets:
        lock_sheet(sheet)
    for f in fields:
        add_defined_name(wb, f.score.name, f.score.sheet, f.score.cell)
        add_defined_name(wb, f.rationale.name, f.rationale.sheet, f.rationale.cell)
    wb.security.lockStructure = True
    return save_workbook(wb, path)


#: The Instructions sheet's first line for a rubric with no qualitative criterion.
FLAGS_ONLY = (
    "The rubric has no qualitative criterion, so there are no scores to moderate: this workbook "
    "records only the panel's decisions on the credibility flags (the Flags sheet)."
)


def _instructions_sheet(wb: Workbook, tender: Tender, rubric: Rubric, *, flags_only: bool) -> None:
    ws = wb.create_sheet(INSTRUCTIONS)
    ws["A1"] = f"Moderation: {tender.title}"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = f"Tender {tender.reference}"
    final = rubric.moderation.final_score
    flag_line = (
        "Credibility flags",
        "The Flags sheet lists every credibility flag raised on the bids. For each, choose "
        "the panel's decision (accepted, capped, not counted or clarified) and write the "
        "reason; a cap needs the figure counted, a clarification its reference. The result "
        "is provisional until every flag has a decision.",
    )
    method = ("Methodology", f"{rubric.title} (rubric {rubric.id}, version {rubric.version})")
    lines: tuple[tuple[str, str], ...]
    if flags_only:
        lines = (("What this is", FLAGS_ONLY), flag_line, method)
    else:
        lines = (
            (
                "What this is",
                "Every evaluator's score and rationale side by side. The originals "
                "are kept in the record; this workbook only adds the panel's consensus.",
            ),
            (
                "Discussion required",
                f"Marked where the scores differ by more than "
                f"{rubric.moderation.mandatory_spread_steps} scale step(s): the panel must "
                "discuss these.",
            ),
            (
                "Consensus",
                "For each row, choose the agreed score and write the rationale, by "
                "reference to the bidder's answer. "
                + (
                    "The consensus score is the final score."
                    if final == "consensus"
                    else "The final score is the mean of the evaluators' scores; a consensus is "
                    "recorded for the file."
                ),
            ),
            flag_line,
            method,
        )
        if any(e.restricted for e in tender.evaluators):
            lines = (*lines[:-1], ("Assignment", ASSIGNMENT_NOTE), lines[-1])
    for row, (label, text) in enumerate(lines, start=4):
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 2, text).alignment = WRAP
    lay_out_sheet(ws, SheetLayout(widths={1: (12, 24), 2: (60, 90)}))


def _moderation_sheet(
    wb: Workbook,
    tender: Tender,
    rubric: Rubric,
    sheets: Sequence[ScoresheetRef],
    fields: Sequence[ConsensusFields],
) -> None:
    """The Moderation sheet (and the hidden lists its dropdowns point at)."""
    evaluators: dict[str, Evaluator] = {e.id: e for e in tender.evaluators}
    ws = wb.create_sheet(MODERATION)
    ws["A1"] = "Moderation"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = "Fill in the consensus score and rationale for every row."
    headers: list[tuple[str, tuple[int, int]]] = [  # each column's (narrowest, widest) width
        ("Part", ID_WIDTHS),
        ("What is scored", (16, 24)),
        ("Bidder", (6, 20)),
        ("Legal name", (10, 16)),
    ]
    for s in sheets:
        name = evaluators[s.evaluator].name if s.evaluator in evaluators else s.evaluator
        headers += [(f"{name}: score", (6, 8)), (f"{name}: rationale", (16, 28))]
    headers += [
        ("Spread", (6, 8)),
        ("Discussion required", (10, 16)),
        ("Conflicts declared", (10, 14)),
        ("Consensus score", (8, 10)),
        ("Consensus rationale", (30, 36)),
    ]
    for col, (header, _) in enumerate(headers, 1):
        ws.cell(HEADER_ROW, col, header).font = BOLD
        ws.cell(HEADER_ROW, col).alignment = WRAP
    ws.freeze_panes = f"E{HEADER_ROW + 1}"
    by_key = {
        (s.evaluator, sc.bidder, sc.part): sc for s in sheets if s.sheet for sc in s.sheet.scores
    }
    conflicts = {
        (s.evaluator, c.bidder): c
        for s in sheets
        if s.sheet
        for c in s.sheet.conflicts
        if c.declared
    }
    dropdowns: dict[str, list[str]] = {}
    scales = []
    for f in fields:
        if f.part.scale not in scales:
            scales.append(f.part.scale)
        row = ws[f.score.cell].row
        ws.cell(row, 1, f.part.id)
        set_text(ws.cell(row, 2), f.part.title)
        set_text(ws.cell(row, 3), visible(f.bidder.key))
        set_text(ws.cell(row, 4), visible(f.bidder.name))
        values: list[Decimal] = []
        col = FIRST_EVALUATOR_COL
        for s in sheets:
            score = by_key.get((s.evaluator, f.bidder.key, f.part.id))
            member = evaluators.get(s.evaluator)
            if member is not None and not member.assigned(
                f.bidder.key, f.part.id, f.part.criterion.id
            ):
                set_text(ws.cell(row, col + 1), NOT_ASSIGNED)
                col += 2
                continue
            if (s.evaluator, f.bidder.key) in conflicts:
                score = None  # a conflicted evaluator's score never counts, nor is shown
            if score is not None and score.score is not None:
                values.append(score.score)
                ws.cell(row, col, score.score)
            set_text(ws.cell(row, col + 1), score.rationale if score else "")
            ws.cell(row, col + 1).alignment = WRAP
            col += 2
        spread, flagged, text = spread_flag(values, rubric, f.part)
        ws.cell(row, col, spread)
        ws.cell(row, col + 1, text).alignment = WRAP
        if flagged:
            ws.cell(row, col + 1).fill = FLAG_FILL
        declared = [
            evaluators[e].name if e in evaluators else e
            for (e, b) in conflicts
            if b == f.bidder.key
        ]
        set_text(ws.cell(row, col + 2), ", ".join(declared))
        for field, note in (
            (f.score, "the panel's agreed score."),
            (f.rationale, "why the panel agreed this score."),
        ):
            input_style(ws[field.cell])
            ws[field.cell].alignment = WRAP
            _note(ws[field.cell], f"Input: {note}")
        ws.row_dimensions[row].height = 120
        dropdowns.setdefault(f.part.scale.id, []).append(f.score.cell)
    widths = {col: limits for col, (_, limits) in enumerate(headers, 1)}
    lay_out_sheet(ws, SheetLayout(HEADER_ROW, widths))
    ranges = lists_sheet(wb, scales)
    for scale_id, cells in dropdowns.items():
        for run in column_runs(cells):
            list_validation(ws, run, ranges[scale_id])


def evaluators_scores(
    sheets: Sequence[ScoresheetRef],
) -> dict[tuple[str, str], list[Decimal | None]]:
    """Each (bidder, part)'s scores in the scoresheets read, those of an evaluator who declared
    a conflict with the bidder left out (read once, not once per consensus row)."""
    out: dict[tuple[str, str], list[Decimal | None]] = {}
    for ref in sheets:
        if ref.sheet is None:
            continue
        conflicted = {c.bidder for c in ref.sheet.conflicts if c.declared}
        for s in ref.sheet.scores:
            if s.bidder not in conflicted:
                out.setdefault((s.bidder, s.part), []).append(s.score)
    return out


def _warn_unexplained(
    reader: FormReader,
    f: ConsensusFields,
    name: str,
    value: Decimal,
    rationale: str,
    rcell: CellValue | None,
    scores: dict[tuple[str, str], list[Decimal | None]],
) -> None:
    """Warn of a consensus outside the evaluators' counted scores (``scores``, from
    :func:`evaluators_scores`) whose rationale gives no reason (the evaluation is provisional
    until it does; docs/scoring.md, moderation)."""
    span = departs(value, scores.get((f.bidder.key, f.part.id), ()))
    if span is None or gives_a_reason(rationale):
        return
    reader.add(
        f"the consensus {plain(value)} for {name} on {f.part.id} is outside the "
        f"evaluators' scores ({plain(span[0])} to {plain(span[1])}) and its rationale "
        f'"{" ".join(rationale.split())}" gives no reason: record why the panel departed from '
        "every evaluator (the result is provisional until then)",
        cell=rcell.ref if rcell is not None else None,
        context=f.rationale.context,
        severity="warning",
    )


def read_moderation(
    path: str | Path,
    rubric: Rubric,
    tender_reference: str,
    bidders: Sequence[BidderRef],
    sheets: Sequence[ScoresheetRef],
    *,
    display: str | None = None,
    proxies: ProxySet | None = None,
    clarifications: Sequence[Clarification] | None = None,
    data: bytes | None = None,
) -> tuple[Moderation | None, list[Problem]]:
    """Read the moderation workbook: (the Moderation, or None if any error; every problem).

    ``clarifications`` (tender.yaml's), when given, are checked against each ``clarified``
    decision's reference (:func:`~.flag_sheet.read_flag_decisions`)."""
    path = Path(path)
    display = display or display_path(path)
    fingerprint = Fingerprint.expected("moderation", rubric, tender_reference, proxies)
    form, problems = open_checked_form(path, display, fingerprint, SHEETS, data)
    if form is None:
        return None, problems
    reader, digest = form.reader, form.digest
    sources = form.fingerprint.sources
    made_for = [
        BidderRef(Path(rel).stem, rel, d)
        for rel, d in sources.items()
        if rel.startswith("responses/")
    ]
    what = "consensus scores" if scored_parts(rubric) else "flag decisions"
    usable = compare_bidders(reader, made_for, bidders, what, "moderation workbook")
    then = {rel: d for rel, d in sources.items() if rel.startswith("scores/")}
    now = {s.file: s.sha256 for s in sheets}
    changed = sorted(rel for rel in set(then) | set(now) if then.get(rel) != now.get(rel))
    for rel in changed:
        state = "is new" if rel not in then else "is gone" if rel not in now else "has changed"
        reader.add(
            f"{rel} {state} since this moderation workbook was made: the scores shown in "
            "it may be out of date",
            severity="warning",
        )
    evaluators = sum(1 for rel in sources if rel.startswith("scores/"))
    entries: list[Consensus] = []
    blank = 0
    names = {b.key: b.name for b in bidders}
    scores = evaluators_scores(sheets)
    for f in moderation_fields(rubric, made_for, evaluators):
        if f.bidder.key not in usable:
            continue
        value, cell, ok = read_score(reader, f.score, f.part.scale)
        rationale, rcell = reader.text(f.rationale)
        if cell is None or not ok or rationale is None:
            continue
        if value is None:
            blank += 1
        elif not rationale and rcell is not None:
            reader.add(
                f"the consensus score {plain(value)} has no rationale: record why the "
                "panel agreed it",
                cell=rcell.ref,
                context=f.rationale.context,
            )
        elif value is not None and rubric.moderation.final_score == "consensus":
            name = names.get(f.bidder.key) or f.bidder.key
            _warn_unexplained(reader, f, name, value, rationale, rcell, scores)
        entries.append(
            Consensus(f.bidder.key, f.part.id, value, rationale, Source(display, cell.ref))
        )
    if blank and rubric.moderation.final_score == "consensus":
        total = sum(1 for _ in entries)
        reader.add(f"{blank} of {total} consensus scores are not filled in yet", severity="warning")
    decisions = read_flag_decisions(reader, display, clarifications)
    if any(p.severity == "error" for p in reader.problems):
        return None, reader.problems
    return Moderation(tuple(entries), display, digest, tuple(decisions)), reader.problems


__all__ = [
    "ScoresheetRef",
    "moderation_fields",
    "read_moderation",
    "spread_flag",
    "write_moderation",
]
