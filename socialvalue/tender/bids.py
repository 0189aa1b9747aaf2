"""Bids that are not assessed: tender.yaml's ``bids:`` records a status, a reason and a date.

A bid the buyer rejects, finds non-compliant, that is withdrawn or arrives late is not deleted
from ``responses/``: tender.yaml records why, e.g.::

    bids:
      latecomer:
        status: late
        reason: Received at 14:20 on 20 February 2026, after the 12:00 deadline.
        date: 2026-02-20

Such a bid's file is still read, for its SHA-256 and its bidder's name, but its problems are
warnings: it is left out of the scoresheets, the moderation workbook and every calculation, so it
never holds up the others. The record keeps it (:class:`~socialvalue.model.NotAssessed`) for the
pack's exclusions, the audit appendix and a summary saying why it was not assessed. See
docs/tender.md ("Bids that are not assessed").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from ..errors import Location, Problem, Problems
from ..model import BID_STATUSES, NotAssessed, RecordedBid
from ..workbook.container import Refused
from ..workbook.safety import read_bounded
from ..yamlnodes import Fields, YMap, YScalar, describe

BID_KEYS = ("status", "reason", "date")


def read_bids(f: Fields, problems: Problems) -> tuple[RecordedBid, ...]:
    """tender.yaml's ``bids:``: bidder key -> {status, reason, date}, every problem at its line
    and column; the bids in key order."""
    node = f.mapping("bids")
    if node is None:
        return ()
    found: dict[str, RecordedBid] = {}
    for key_node, value in node.entries:
        key = (key_node.text or "").strip()
        if not key or "/" in key or "\\" in key:
            problems.add(
                f"bids: a bid is named by its response file's stem (`acme` for "
                f"responses/acme.xlsx), got {key_node.describe()}",
                line=key_node.line,
                column=key_node.column,
            )
            continue
        if key in found:
            problems.add(
                f"bids: `{key}` is given twice (first at line {found[key].line})",
                line=key_node.line,
                column=key_node.column,
            )
            continue
        if not isinstance(value, YMap):
            problems.add(
                f"bids: `{key}` must be a mapping with status, reason and date, got "
                f"{describe(value)}",
                line=value.line,
                column=value.column,
            )
            continue
        bid = _read_bid(key, value, problems)
        if bid is not None:
            found[key] = bid
    return tuple(found[k] for k in sorted(found))


def _read_bid(key: str, node: YMap, problems: Problems) -> RecordedBid | None:
    bf = Fields(node, problems, f"bid `{key}`", BID_KEYS)
    status = bf.choice("status", BID_STATUSES, required=True)
    reason = bf.text("reason", required=True)
    day = _date(bf.scalar("date", required=True), bf)
    if status is None or reason is None or day is None:
        return None
    return RecordedBid(key, status, reason.strip(), day, node.line, node.column)


def _date(scalar: YScalar | None, bf: Fields) -> dt.date | None:
    if scalar is None:
        return None
    try:
        return dt.date.fromisoformat(str(scalar.text).strip())
    except ValueError:
        bf.error(scalar, f"date must be a date written YYYY-MM-DD, got {scalar.describe()}")
        return None


def late_before_deadline(
    bids: Iterable[RecordedBid], deadline: dt.date | None, tender_file: str
) -> list[Problem]:
    """A warning for each bid recorded ``late`` before the deadline day (``dates.deadline``)."""
    if deadline is None:
        return []
    return [
        Problem(
            Location(tender_file, b.line, b.column),
            f"bid `{b.key}` is recorded as late on {b.date.isoformat()}, before the deadline "
            f"(dates.deadline, {deadline.isoformat()}): check the date",
            "warning",
        )
        for b in bids
        if b.status == "late" and b.date < deadline
    ]


def described(bid: RecordedBid) -> str:
    """``late on 2026-02-20 ("Received after the deadline.")``."""
    return f'{bid.status} on {bid.date.isoformat()} ("{bid.reason}")'


def not_assessed_problems(
    bid: RecordedBid, file: str, problems: Iterable[Problem], tender_file: str
) -> list[Problem]:
    """What ``check`` says of a response tender.yaml records as not assessed: one warning that
    it is not assessed and why, then its own problems, each a warning (they block nothing)."""
    own = [attrs.evolve(p, severity="warning") for p in problems]
    tail = ", and its problems below do not block" if own else ""
    head = Problem(
        Location(file),
        f"not assessed: {tender_file} (line {bid.line}) records this bid as {described(bid)}; "
        f"it is left out of the scoresheets and the scoring{tail}",
        "warning",
    )
    suffix = f" (bid not assessed: {bid.status})"
    return [head] + [attrs.evolve(p, message=p.message + suffix) for p in own]


def without_file(bid: RecordedBid, tender_file: str) -> Problem:
    """The warning for a bid recorded with no response file (it may have been withheld)."""
    return Problem(
        Location(tender_file, bid.line, bid.column),
        f"bid `{bid.key}` is recorded as {bid.status} but responses/ has no {bid.key}.xlsx: "
        "it is listed in the exclusions with no file",
        "warning",
    )


def not_assessed(bid: RecordedBid, name: str, file: str | None, sha256: str | None) -> NotAssessed:
    """The record of a bid not assessed (``name``: its bidder's name, else its key)."""
    return NotAssessed(bid.key, name or bid.key, bid.status, bid.reason, bid.date, file, sha256)


def set_aside_unread(
    bids: Iterable[RecordedBid],
    files: Mapping[str, Path],
    problems: list[Problem],
    tender_file: str,
) -> tuple[list[Problem], list[NotAssessed]]:
    """The bids recorded with no workbook read for them: each matched by its key to a file of
    ``files`` (a spreadsheet of another format in responses/, whose problems become warnings and
    whose SHA-256 is kept) or to none (a warning). Returns ``problems`` so changed, and the bids."""
    found: list[NotAssessed] = []
    for bid in bids:
        display, path = next(((d, p) for d, p in files.items() if p.stem == bid.key), ("", None))
        if path is None:
            problems = [*problems, without_file(bid, tender_file)]
            found.append(not_assessed(bid, "", None, None))
            continue
        own = [p for p in problems if p.where.file == display]
        problems = [p for p in problems if p.where.file != display]
        problems += not_assessed_problems(bid, display, own, tender_file)
        digest = _bounded_sha256(path)
        found.append(not_assessed(bid, "", display, digest))
    return problems, found


def _bounded_sha256(path: Path) -> str | None:
    """The SHA-256 of a file read once within the workbook size limit; None when it is not a
    regular file, is larger, or cannot be read (a 6 GB sparse file is never read whole)."""
    if not path.is_file():
        return None
    try:
        return hashlib.sha256(read_bounded(path)).hexdigest()
    except Refused:
        return None


def blocking_bids(problems: Iterable[Problem], bids: Mapping[str, Path]) -> list[str]:
    """The bidder keys of the bids (``bids``: file name -> path, its stem the key) with an error,
    in order: each holds up the scoresheets and the scoring of every bid until it is fixed or its
    status is recorded. (A file a status would not clear, a symbolic link or a second file for
    one key, is not among ``bids``.)"""
    errors = [p.where.file for p in problems if p.severity == "error"]
    return sorted({bids[file].stem for file in errors if file in bids})


def blocking_advice(keys: Sequence[str]) -> tuple[str, ...]:
    """What to do about responses with errors (after the list of problems): fix them, or record
    in tender.yaml the status of a bid that will not be assessed. Empty when there are none."""
    if not keys:
        return ()
    shown = ", ".join(keys)
    count = f"{len(keys)} responses have" if len(keys) > 1 else "1 response has"
    return (
        f"{count} errors, and they hold up the scoresheets and the scoring of every bid: {shown}.",
        "Fix them; or, for a bid that will not be assessed (rejected, non-compliant, withdrawn "
        "or late), record its status in tender.yaml and the others go ahead without it:",
        "  bids:",
        f"    {keys[0]}:",
        f"      status: {' | '.join(BID_STATUSES)}",
        "      reason: why it is not assessed (the pack and the bidder's summary say so)",
        "      date: YYYY-MM-DD",
    )


__all__ = [
    "BID_KEYS",
    "blocking_advice",
    "blocking_bids",
    "late_before_deadline",
    "not_assessed",
    "not_assessed_problems",
    "read_bids",
    "set_aside_unread",
    "without_file",
]
