"""Skipping a report whose bytes would not change: the index remembers, per output folder, the
SHA-256 of what the outputs were made from and of each file written. A rerun whose inputs hash
the same, and whose files are still there with the same bytes, writes nothing (the set in
place is the set it would write); anything else writes the set again."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from .index import VERSION, open_index


def inputs_sha256(*parts: Any) -> str:
    """SHA-256 of what the outputs are made from (JSON-able, decimals as text) and the
    software that makes them."""
    text = json.dumps([__version__, VERSION, *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digests(target: Path, names: Iterable[str]) -> dict[str, str] | None:
    found = {}
    for name in names:
        try:
            found[name] = hashlib.sha256((target / name).read_bytes()).hexdigest()
        except OSError:
            return None
    return found


def outputs_current(folder: Path, target: Path, inputs: str, names: Iterable[str]) -> bool:
    """Whether ``target`` holds the outputs ``names`` made from ``inputs``, unchanged."""
    db = open_index(folder, lambda _: None)
    try:
        row = db.execute(
            "SELECT inputs_sha256, files FROM outputs WHERE target=?", (os.path.abspath(target),)
        ).fetchone()
    finally:
        db.close()
    if row is None or row[0] != inputs:
        return False
    return _digests(target, names) == json.loads(row[1])


def remember_outputs(folder: Path, target: Path, inputs: str, names: Iterable[str]) -> None:
    """Record the outputs just written to ``target`` from ``inputs``."""
    files = _digests(target, names)
    db = open_index(folder, lambda _: None)
    try:
        db.execute(
            "INSERT OR REPLACE INTO outputs VALUES(?, ?, ?)",
            (os.path.abspath(target), inputs, json.dumps(files, sort_keys=True)),
        )
        db.commit()
    finally:
        db.close()


__all__ = ["inputs_sha256", "outputs_current", "remember_outputs"]
