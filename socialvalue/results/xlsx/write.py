"""Build the whole workbook in memory and write results.xlsx reproducibly and atomically."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ...scoring.result import Evaluation
from ...workbook.writer import FIXED_TIME, save_workbook
from .bidder import bidder_sheet, sheet_names
from .book import Book
from .inputs import inputs_sheet, reference_sheet
from .listings import clarifications_sheet, not_assessed_sheet
from .summary import summary_sheet


def build_workbook(ev: Evaluation) -> Book:
    """The workbook in memory (formulas resolved)."""
    book = Book()
    sheets = sheet_names(ev.bidders)
    summary_sheet(book, ev, sheets)
    inputs_sheet(book, ev)
    reference_sheet(book, ev, sheets)
    evaluators = [e.id for e in ev.inputs.tender.evaluators]
    for b in ev.bidders:
        for c in b.criteria:
            for p in c.parts:
                for s in p.scores:
                    if s.evaluator not in evaluators:
                        evaluators.append(s.evaluator)
    for b in ev.bidders:
        bidder_sheet(book, ev, b, sheets[b.key], evaluators)
    not_assessed_sheet(book, ev)
    clarifications_sheet(book, ev)
    book.resolve()
    return book


def _when(ev: Evaluation) -> dt.datetime:
    generated = ev.inputs.tender.pack.generated
    if generated is None:
        return FIXED_TIME
    if generated.tzinfo is not None:
        generated = generated.astimezone(dt.UTC).replace(tzinfo=None)
    return generated.replace(microsecond=0)


def write_results_xlsx(ev: Evaluation, path: str | os.PathLike[str]) -> Path:
    """Write results.xlsx reproducibly and atomically; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = build_workbook(ev)
    return save_workbook(book.wb, path, _when(ev), formulas="any")
