"""Clarifications in the pack and the summaries: each asked of a bidder, with its dates, the
criterion it touched, the question and the answer; and, for the audit appendix, each response
resubmitted after one, with the original's SHA-256 beside the current file's."""

from __future__ import annotations

from typing import Any

from ..results.record import BidderRecord, ClarificationRecord, Record
from .figures import long_date

Context = dict[str, Any]


def clarification_context(c: ClarificationRecord) -> Context:
    """One clarification as display text (``answered`` None while it is open)."""
    resubmitted = c.resubmitted
    return {
        "id": c.id,
        "criterion": c.criterion or "the response as a whole",
        "asked": long_date(c.asked),
        "answered": long_date(c.answered) if c.answered is not None else None,
        "question": c.question,
        "answer": c.answer or "",
        "open": c.state == "open",
        "resubmitted": (
            {
                "file": resubmitted.file,
                "original_file": resubmitted.original_file or "the original response",
                "original_sha256": resubmitted.original_sha256,
            }
            if resubmitted
            else None
        ),
    }


def bidder_clarifications(bidder: BidderRecord) -> list[Context]:
    """The bidder's clarifications, in tender.yaml order."""
    return [clarification_context(c) for c in bidder.clarifications]


def resubmissions(results: Record) -> list[Context]:
    """Every response resubmitted after a clarification: bidder, current and original files with
    their SHA-256, and the clarification's id."""
    return [
        {
            "bidder": b.name,
            "clarification": c.id,
            "file": c.resubmitted.file,
            "sha256": c.resubmitted.sha256,
            "original_file": c.resubmitted.original_file or "original response",
            "original_sha256": c.resubmitted.original_sha256,
        }
        for b in results.bidders
        for c in b.clarifications
        if c.resubmitted is not None
    ]
