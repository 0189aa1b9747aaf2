"""A record of the bidders each form read was made for, kept while a caller asks: the check
cache (:mod:`socialvalue.tender.checkcache`) keys a scoresheet's or moderation workbook's check
on whether each of those bidders' responses still has the hash the form names, the only use
those readers make of the responses' hashes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

_made_for: ContextVar[list[dict[str, str]] | None] = ContextVar("made_for", default=None)


def record_made_for(then: Mapping[str, str]) -> None:
    """Called where a reader compares the bidders a form was made for with the current ones:
    ``then`` is each such bidder's key and the SHA-256 the form names."""
    recorded = _made_for.get()
    if recorded is not None:
        recorded.append(dict(then))


def comparing() -> bool:
    """Whether a caller is recording (a scoresheet's or moderation workbook's check, whose
    opened workbook is worth keeping: :mod:`.bookcache`)."""
    return _made_for.get() is not None


@contextmanager
def recording() -> Iterator[list[dict[str, str]]]:
    """Collect what :func:`record_made_for` is given inside this block, in a list."""
    recorded: list[dict[str, str]] = []
    token = _made_for.set(recorded)
    try:
        yield recorded
    finally:
        _made_for.reset(token)
