"""The forms for a tender folder: the response template, the evaluators' scoresheets and the
moderation workbook, each written from what the folder holds so far.

These are the folder-level commands behind ``socialvalue template``, ``scoresheets`` and
``moderation``; :mod:`socialvalue.forms` only knows how to write and read one workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import InputError, Location, Problem
from ..forms.moderation import write_moderation
from ..forms.response import write_response_template
from ..forms.scoresheet import write_scoresheet
from ..model import FlagToDecide, TenderInputs
from .config import (
    MODERATION_FILE,
    OUT,
    PRINTED_ON_TEMPLATE,
    RESPONSES,
    SCORES,
    load_proxies_for,
    load_rubric_for,
    load_tender,
    refuse_placeholders,
)
from .inputs import proxies_in_force, read_responses_for, read_scores_for

TEMPLATE_FILE = "response-template.xlsx"


def write_template_for(folder: str | Path) -> Path:
    """``socialvalue template``: write ``out/response-template.xlsx`` for the tender in ``folder``.

    Refuses a placeholder left in what the template prints for the bidders (the reference is
    also bound into every response: changing it later would refuse them all)."""
    tender = load_tender(folder)
    refuse_placeholders(tender, PRINTED_ON_TEMPLATE)
    rubric = load_rubric_for(tender)
    out = Path(folder) / OUT
    out.mkdir(parents=True, exist_ok=True)
    proxies = proxies_in_force(tender, rubric)
    return write_response_template(tender, rubric, out / TEMPLATE_FILE, proxies=proxies)


def make_scoresheets(
    folder: str | Path, *, force: bool = False
) -> tuple[list[Path], list[Problem]]:
    """``socialvalue scoresheets``: write ``scores/<evaluator>.xlsx`` for every evaluator.

    Every response must read without errors first (InputError otherwise). An existing scoresheet
    is kept unless ``force`` (an evaluator may have started): each one kept is returned as a
    problem, and the others are still written.
    """
    folder = Path(folder)
    tender, rubric, responses = read_responses_for(folder)
    if not responses:
        raise InputError.single(
            RESPONSES,
            "no responses yet: put the bidders' workbooks here first",
        )
    out = folder / SCORES
    out.mkdir(parents=True, exist_ok=True)
    proxies = proxies_in_force(tender, rubric)
    written: list[Path] = []
    kept: list[Problem] = []
    for evaluator in tender.evaluators:
        target = out / f"{evaluator.id}.xlsx"
        if target.exists() and not force:
            kept.append(
                Problem(
                    Location(f"{SCORES}/{target.name}"),
                    "already exists, not overwritten (the evaluator may have started): "
                    "use --force to replace it",
                )
            )
            continue
        written.append(
            write_scoresheet(tender, rubric, evaluator, responses, target, proxies=proxies)
        )
    return written, kept


FlagsFor = Callable[[TenderInputs], Sequence[FlagToDecide]]


def make_moderation(
    folder: str | Path, *, force: bool = False, flags_for: FlagsFor | None = None
) -> Path:
    """``socialvalue moderation``: write ``moderation.xlsx`` from complete scoresheets.

    ``flags_for`` gives the credibility flags the panel must decide, from the tender's inputs
    (the engine's :func:`~socialvalue.scoring.decisions.flags_to_decide`; this layer does not
    score): they are listed on the Flags sheet. InputError when any input has an error, a score
    is missing (other than for a bidder the evaluator declared a conflict with), or the file
    exists and ``force`` is not given.
    """
    folder = Path(folder)
    target = folder / MODERATION_FILE
    if target.exists() and not force:
        raise InputError.single(
            MODERATION_FILE,
            "already exists, not overwritten (the "
            "panel may have started): use --force to replace it",
        )
    tender, rubric, responses, sheets = read_scores_for(folder)
    missing: list[Problem] = []
    for s in sheets:
        assert s.sheet is not None
        conflicted = {c.bidder for c in s.sheet.conflicts if c.declared}
        for score in s.sheet.scores:
            if score.score is None and score.bidder not in conflicted:
                missing.append(
                    Problem(
                        Location(
                            score.source.file,
                            cell=score.source.cell,
                            context=f"bidder {score.bidder}, {score.part}, score",
                        ),
                        "not scored yet: every score is needed before moderation",
                    )
                )
    if missing:
        raise InputError(missing)
    proxies = proxies_in_force(tender, rubric)
    flags: Sequence[FlagToDecide] = ()
    if flags_for is not None:
        loaded, problems = load_proxies_for(tender, rubric)
        if any(p.severity == "error" for p in problems):
            raise InputError(problems)
        inputs = TenderInputs(tender, rubric, loaded, tuple(r for r, _ in responses))
        flags = flags_for(inputs)
    return write_moderation(tender, rubric, responses, sheets, target, flags, proxies=proxies)


__all__ = ["TEMPLATE_FILE", "make_moderation", "make_scoresheets", "write_template_for"]
