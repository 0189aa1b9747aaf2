"""The summary a bidder whose tender was not assessed receives: why (the status, reason and date
tender.yaml records), with no scores, and that no other tender's score depends on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..results.record import Record
from .common import tender_context
from .figures import long_date
from .record import Results, pack_record
from .records import STATUS_TITLES

Context = dict[str, Any]

#: The outcome for a tender not assessed, by its status.
OUTCOMES = {
    "rejected": "Your tender was rejected. It was not assessed and cannot be awarded the contract.",
    "non-compliant": (
        "Your tender was found non-compliant. It was not assessed and cannot be awarded the "
        "contract."
    ),
    "withdrawn": "Your tender was withdrawn. It was not assessed.",
    "late": (
        "Your tender was received after the deadline. It was not assessed and cannot be awarded "
        "the contract."
    ),
}


def not_assessed_contexts(results: Results, *, generated: dt.datetime) -> list[Context]:
    """One context for ``templates/summary/not-assessed.html.j2`` per bid not assessed, in the
    record's order (by key)."""
    record: Record = pack_record(results)
    tender = tender_context(record, generated)
    return [
        {
            "created": generated,
            "lang": "en-GB",
            "tender": tender,
            "bidder": {"name": n.name, "key": n.key},
            "status": STATUS_TITLES.get(n.status, n.status),
            "outcome": OUTCOMES.get(n.status, "Your tender was not assessed."),
            "reason": n.reason,
            "date": long_date(n.date),
            "file": n.file,
            "sha256": n.sha256,
            "weighting_text": record.weighting.text,
        }
        for n in record.not_assessed
    ]


__all__ = ["OUTCOMES", "not_assessed_contexts"]
