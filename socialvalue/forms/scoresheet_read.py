"""Reading an evaluator's scoresheet back: its scores, rationales and conflict declarations.

The reader follows each input cell's defined name (see :mod:`socialvalue.forms.fields`), so it
finds the rows the writer wrote wherever they are. An evaluator assigned only some questions or
bidders (tender.yaml, docs/tender.md) has a scoresheet holding only those rows: the reader
expects exactly those, and a score typed in a row they are not assigned is an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from ..errors import Problem, display_path
from ..model import Conflict, Evaluator, Score, Scoresheet, Source
from ..names import visible
from ..rubric.model import Rubric
from ..rubric.proxies import ProxySet
from ..workbook.cells import cell_name
from ..workbook.values import neutralise_formula, parse_text
from .compared import record_made_for
from .fields import BidderRef, FormReader, is_blank_value, plain, read_score
from .fingerprint import Fingerprint
from .reading import open_checked_form
from .scoresheet import (
    C_BIDDER,
    C_PART,
    C_RATIONALE,
    C_SCORE,
    HEADER_ROW,
    SCORES,
    SHEETS,
    ScoreFields,
    ScoresheetLayout,
    scoresheet_fields,
)


def _has_row(reader: FormReader, s: ScoreFields, evaluator: str) -> bool:
    """Whether the workbook has the row of an assigned score; an error when it has not."""
    if reader.book.defined_name(s.score.name) is not None:
        return True
    reader.add(
        f"tender.yaml assigns evaluator {evaluator} to score bidder {s.bidder.key} on "
        f"{s.part.id}, but this scoresheet has no row for it (it was made before that "
        "assignment, or its defined name was deleted): make it again with --force",
        context=s.score.context,
    )
    return False


def _refuse_unassigned(reader: FormReader, s: ScoreFields, evaluator: Evaluator) -> None:
    """A score typed in a row the evaluator is not assigned (a scoresheet made before the
    assignment changed) is an error; a blank one, or none, is as it should be."""
    if reader.book.defined_name(s.score.name) is None:
        return
    cell = reader.book.named(s.score.name)
    if cell is None or cell.is_blank:
        return
    reader.add(
        f"evaluator {evaluator.id} is not assigned bidder {s.bidder.key} on {s.part.id} "
        "(tender.yaml, criteria / bidders / not_bidders), so this score can never count: clear "
        "it, or assign them in tender.yaml",
        cell=cell.ref,
        context=s.score.context,
    )


def _warn_blank(
    reader: FormReader, blank: list[tuple[str, str, str]], expected: int, evaluator: str
) -> None:
    """Scores assigned and left blank: counted while none is filled in, named at their cells
    once the evaluator has started (each one is missing from the evaluation)."""
    if not blank:
        return
    if len(blank) == expected:
        reader.add(f"{len(blank)} of {expected} scores are not filled in yet", severity="warning")
        return
    for _bidder, ref, context in blank:
        reader.add(
            f"assigned to evaluator {evaluator} and not scored yet ({len(blank)} of {expected} "
            "blank): the result is provisional until it is",
            cell=ref,
            context=context,
            severity="warning",
        )


def _placed(reader: FormReader, layout: ScoresheetLayout) -> ScoresheetLayout:
    """Each score row where the writer put it: the Scores row it labelled with the part's id
    and the bidder's key. Which rows a scoresheet has depends on the evaluator's assignment when
    it was made, so the row is found by those labels rather than by counting; a name is then
    trusted only at that row's score or rationale cell (a name re-pointed at another row, sheet
    or the fingerprint is an error naming both cells)."""
    sheet = reader.book.find_sheet(SCORES)
    if sheet is None:
        return layout
    rows = {
        (parse_text(sheet.cell_at(r, C_PART).raw), parse_text(sheet.cell_at(r, C_BIDDER).raw)): r
        for r in range(HEADER_ROW + 1, sheet.max_row + 1)
    }

    def at_row(s: ScoreFields) -> ScoreFields:
        # The label shows format characters as markers (names.visible); a scoresheet made
        # before it did holds the key as it is.
        row = rows.get((s.part.id, neutralise_formula(visible(s.bidder.key)))) or rows.get(
            (s.part.id, neutralise_formula(s.bidder.key))
        )
        if row is None:
            return s
        return attrs.evolve(
            s,
            score=attrs.evolve(s.score, cell=cell_name(row, C_SCORE)),
            rationale=attrs.evolve(s.rationale, cell=cell_name(row, C_RATIONALE)),
        )

    return attrs.evolve(layout, scores=tuple(at_row(s) for s in layout.scores))


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
    record_made_for({key: b.sha256 for key, b in then.items()})
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
    assigned: Evaluator | None = None,
    proxies: ProxySet | None = None,
    data: bytes | None = None,
) -> tuple[Scoresheet | None, list[Problem]]:
    """Read an evaluator's scoresheet: (the Scoresheet, or None if any error; every problem).

    A blank score is kept as ``None`` (not scored yet: a warning counts them, or names each one
    once the evaluator has started). A score needs a rationale; a bidder scored needs a
    conflict-of-interest declaration. With ``assigned`` (the evaluator as tender.yaml has them),
    only the rows they are assigned are read: one missing from the workbook is an error, and so
    is a score typed in a row they are not assigned.
    """
    path = Path(path)
    display = display or display_path(path)
    fingerprint = Fingerprint.expected(
        "scoresheet", rubric, tender_reference, proxies, evaluator=evaluator
    )
    form, problems = open_checked_form(path, display, fingerprint, SHEETS, data)
    if form is None:
        return None, problems
    reader, digest = form.reader, form.digest
    made_for = _sources_as_bidders(form.fingerprint.sources, "")
    scored = assigned.scores_bidder if assigned is not None else (lambda key: True)
    usable = compare_bidders(
        reader,
        [b for b in made_for if scored(b.key)],
        [b for b in bidders if scored(b.key)],
        "scores",
        "scoresheet",
    )
    layout = _placed(reader, scoresheet_fields(rubric, made_for))
    current = {b.key for b in bidders}
    scores: list[Score] = []
    blank: list[tuple[str, str, str]] = []  # (bidder, score cell, context) of each score blank
    scored_keys: set[str] = set()
    typed: list[tuple[str, str, str]] = []  # (bidder, score cell, context) of each score typed
    for s in layout.scores:
        if assigned is not None and not assigned.assigned(
            s.bidder.key, s.part.id, s.part.criterion.id
        ):
            if s.bidder.key in current:  # a bidder since removed is ignored, with a warning
                _refuse_unassigned(reader, s, assigned)
            continue
        if s.bidder.key not in usable or not _has_row(reader, s, evaluator):
            continue
        value, cell, ok = read_score(reader, s.score, s.part.scale)
        rationale, rcell = reader.text(s.rationale)
        if cell is None or not ok or rationale is None:
            continue
        if value is None:
            blank.append((s.bidder.key, cell.ref, s.score.context))
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
        cell, raw, ok = reader.raw(c.declared)
        if cell is None or not ok:
            continue
        note, ncell = reader.text(c.note)
        if is_blank_value(raw):
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
    expected = sum(1 for s in scores if s.bidder not in conflicted)
    _warn_blank(reader, [b for b in blank if b[0] not in conflicted], expected, evaluator)
    if undeclared:
        reader.add(
            f"{undeclared} of {len(usable)} conflict-of-interest declarations are not made yet",
            severity="warning",
        )
    if any(p.severity == "error" for p in reader.problems):
        return None, reader.problems
    return Scoresheet(evaluator, tuple(scores), tuple(conflicts), display, digest), reader.problems
