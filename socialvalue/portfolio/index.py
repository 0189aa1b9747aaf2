"""The SQLite index inside the portfolio folder: each member's summary, keyed by SHA-256.

``.portfolio-index.sqlite`` holds one row per member folder with the SHA-256 of what was read
(:func:`~.members.member_sha256`) and the summary made from it. A member whose files hash the
same is not read again. The index is never the only copy of anything: every row is remade from
the member folders, so deleting the file loses nothing, and a file that is not a readable index
is set aside with a warning and rebuilt.

Tables (query them with any SQLite tool)::

    meta(key TEXT PRIMARY KEY, value TEXT)         -- key 'version'
    members(path TEXT PRIMARY KEY, sha256 TEXT, kind TEXT, status TEXT, summary TEXT)
        -- summary: the member's figures as JSON (exact decimals as strings)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from .members import Summary

INDEX_FILE = ".portfolio-index.sqlite"
VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS members(
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
    summary TEXT NOT NULL);
"""


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
    if row is None:
        db.execute("INSERT INTO meta VALUES('version', ?)", (VERSION,))
    elif row[0] != VERSION:
        db.close()
        raise sqlite3.DatabaseError(f"index version {row[0]}, not {VERSION}")
    db.commit()
    return db


def open_index(folder: Path, warn: Callable[[str], None]) -> sqlite3.Connection:
    """The index in ``folder``, made if absent; a corrupt one is rebuilt with a warning."""
    path = folder / INDEX_FILE
    try:
        db = _open(path)
        db.execute("SELECT count(*) FROM members").fetchone()
        return db
    except sqlite3.DatabaseError as exc:
        warn(f"{INDEX_FILE}: not a readable index ({exc}); rebuilding it from the members")
        path.unlink(missing_ok=True)
        return _open(path)


def cached(db: sqlite3.Connection, member: str, sha256: str) -> Summary | None:
    """The summary kept for ``member`` if it was made from the same inputs."""
    row = db.execute("SELECT sha256, summary FROM members WHERE path=?", (member,)).fetchone()
    if row is None or row[0] != sha256:
        return None
    summary: Summary = json.loads(row[1])
    return summary


def store(db: sqlite3.Connection, member: str, sha256: str, summary: Summary) -> None:
    """Keep ``summary`` for ``member`` (replacing an older row)."""
    db.execute(
        "INSERT OR REPLACE INTO members VALUES(?, ?, ?, ?, ?)",
        (member, sha256, summary["kind"], summary["status"], json.dumps(summary, sort_keys=True)),
    )


def prune(db: sqlite3.Connection, members: list[str]) -> None:
    """Drop rows of folders no longer members."""
    keep = set(members)
    for (path,) in db.execute("SELECT path FROM members").fetchall():
        if path not in keep:
            db.execute("DELETE FROM members WHERE path=?", (path,))


__all__ = ["INDEX_FILE", "cached", "open_index", "prune", "store"]
