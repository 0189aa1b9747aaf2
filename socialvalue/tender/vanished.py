"""Bids that vanish: a response an earlier run scored, gone from ``responses/`` since.

A bid leaves the evaluation only by a status recorded in tender.yaml (``bids:``, e.g.
``withdrawn``). A response deleted, or moved away, after a run would otherwise drop out of the
ranking and the pack without a word; instead the bid is a :class:`~socialvalue.model.MissingBid`:
``check`` warns at the file, and the result is provisional naming it. The earlier record is
``out/results.json``: its ``bidders`` and its own ``missing_bids`` (so the bid stays missing,
run after run, until its file is back or its status is recorded). See docs/tender.md, "Bids that
are not assessed".
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import attrs

from ..errors import InputError, Location, Problem
from ..files import read_regular_file
from ..model import MissingBid, Tender
from .config import OUT, RESPONSES, TENDER_FILE

#: The evaluation record an earlier run left (the same name as results.RESULTS_JSON).
RECORD_FILE = "results.json"
#: A record larger than this is not read (it is not one this toolkit wrote).
RECORD_LIMIT = 1 << 30


def last_scored(folder: Path) -> list[MissingBid]:
    """The bids the record in ``folder/out`` scored or still counts as missing, by key; none
    when there is no record or it cannot be read (then there is nothing to compare with)."""
    try:
        path = folder / OUT / RECORD_FILE
        data = json.loads(read_regular_file(path, RECORD_FILE, RECORD_LIMIT))
        found = [
            MissingBid(b["key"], b["name"], b["file"], b["sha256"])
            for b in [*data["bidders"], *data.get("missing_bids", ())]
        ]
    except (InputError, ValueError, KeyError, TypeError, AttributeError):
        return []
    keyed = {
        b.key: attrs.evolve(b, file=_today(b.file))
        for b in found
        if all(isinstance(v, str) for v in (b.key, b.name, b.file, b.sha256))
        and f"{RESPONSES}/" in b.file
    }
    return [keyed[k] for k in sorted(keyed)]


def _today(file: str) -> str:
    """A response's name as today's records give it: ``responses/acme.xlsx`` (a record written
    by an earlier version named it from the tender's parent, ``my-tender/responses/...``)."""
    return f"{RESPONSES}/" + file.rsplit(f"{RESPONSES}/", 1)[1]


def _present(folder: Path) -> set[str]:
    """The stems of the names in ``responses/``, case folded (whatever they are: each is checked
    itself; ``Acme.xlsx`` renamed ``acme.xlsx`` is the same bid)."""
    directory = folder / RESPONSES
    try:
        return {Path(name).stem.casefold() for name in os.listdir(directory)}
    except OSError:
        return set()


def missing_bids(folder: Path, tender: Tender) -> tuple[list[MissingBid], list[Problem]]:
    """The bids the last run scored that have no file in ``responses/`` now (under any name
    with their key: a file there is checked itself) and no status recorded in tender.yaml;
    a warning for each."""
    here = _present(folder)
    recorded = {b.key for b in tender.bids}
    gone = [
        b for b in last_scored(folder) if b.key.casefold() not in here and b.key not in recorded
    ]
    problems = [
        Problem(
            Location(b.file),
            f"scored in an earlier run ({OUT}/{RECORD_FILE}: {b.name}) and now missing from "
            f"{RESPONSES}/: put the response back, or record the bid's status in {TENDER_FILE} "
            "`bids:` (e.g. withdrawn) to leave it out; the result is provisional until then",
            "warning",
        )
        for b in gone
    ]
    return gone, problems


__all__ = ["RECORD_FILE", "last_scored", "missing_bids"]
