"""The SQLite index inside the portfolio folder: each member's summary, keyed by SHA-256.

``.portfolio-index.sqlite`` holds one row per member folder with the SHA-256 of what was read
(:func:`~.members.member_sha256`, and of the award's results.json a contract was made from) and
the summary made from it. A member whose inputs hash the same is not read again. A file's
SHA-256 is taken from ``files`` when its size, mtime_ns and inode are as recorded (a cheap
pre-check; the hash stays the truth, and a file whose stat differs is hashed again). The index
is never the only copy of anything: every row is remade from the member folders, so deleting
the file loses nothing, and a file that is not a readable index is set aside with a warning.

Tables (query them with any SQLite tool)::

    meta(key TEXT PRIMARY KEY, value TEXT)         -- key 'version'
    members(path TEXT PRIMARY KEY, sha256 TEXT, results TEXT, results_sha256 TEXT,
            kind TEXT, status TEXT, summary TEXT)
        -- summary: the member's figures as JSON (exact decimals as strings)
    files(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, inode INTEGER, sha256 TEXT)
    outputs(target TEXT PRIMARY KEY, inputs_sha256 TEXT, files TEXT)
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from .members import Summary

INDEX_FILE = ".portfolio-index.sqlite"
VERSION = "2"
#: A file modified this recently (seconds) is hashed again next time whatever its stat says:
#: a change within the filesystem's mtime granularity would not show in the stat.
RACY_SECONDS = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS members(
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, results TEXT, results_sha256 TEXT,
    kind TEXT NOT NULL, status TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outputs(
    target TEXT PRIMARY KEY, inputs_sha256 TEXT NOT NULL, files TEXT NOT NULL);
"""


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    row = None
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "meta" in tables:
        row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is not None and row[0] != VERSION:
            db.close()
            raise sqlite3.DatabaseError(f"index version {row[0]}, not {VERSION}")
    db.executescript(SCHEMA)
    if row is None:
        db.execute("INSERT OR REPLACE INTO meta VALUES('version', ?)", (VERSION,))
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


class FileDigests:
    """SHA-256 of files, taken from the ``files`` table when a file's size, mtime_ns and inode
    are as recorded, else hashed (and recorded by :meth:`save`). ``rehash`` hashes every file."""

    def __init__(self, db: sqlite3.Connection, rehash: bool = False) -> None:
        self.db = db
        self.known: dict[str, tuple[int, int, int, str]] = (
            {} if rehash else {r[0]: tuple(r[1:]) for r in db.execute("SELECT * FROM files")}
        )
        self.seen: dict[str, tuple[int, int, int, str]] = {}
        self.hashed = 0
        self.started = time.time_ns()

    def __call__(self, path: Path) -> str:
        key = os.path.abspath(path)
        if key in self.seen:
            return self.seen[key][3]
        try:
            st = path.stat()
        except OSError:
            return ""
        stat = (st.st_size, st.st_mtime_ns, st.st_ino)
        row = self.known.get(key)
        if row is not None and row[:3] == stat:
            self.seen[key] = row
            return row[3]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.hashed += 1
        self.seen[key] = (*stat, digest)
        return digest

    def save(self) -> None:
        """Record what was seen this run (but racily recent files); forget the rest."""
        recent = self.started - RACY_SECONDS * 10**9
        keep = {k: v for k, v in self.seen.items() if v[1] < recent}
        if keep.keys() == self.known.keys() and all(self.known[k] == v for k, v in keep.items()):
            return
        self.db.execute("DELETE FROM files")
        self.db.executemany(
            "INSERT INTO files VALUES(?, ?, ?, ?, ?)", [(k, *v) for k, v in sorted(keep.items())]
        )


def cached(
    db: sqlite3.Connection, member: str, sha256: str, digest: Callable[[Path], str], folder: Path
) -> Summary | None:
    """The summary kept for ``member`` if it was made from the same inputs: the same files and
    (a contract) the same results.json of the award, at the path the contract's chain gives."""
    row = db.execute(
        "SELECT sha256, results, results_sha256, summary FROM members WHERE path=?", (member,)
    ).fetchone()
    if row is None or row[0] != sha256:
        return None
    if row[1] is not None and digest(folder / row[1]) != row[2]:
        return None
    summary: Summary = json.loads(row[3])
    return summary


def store(
    db: sqlite3.Connection,
    member: str,
    sha256: str,
    summary: Summary,
    digest: Callable[[Path], str],
    folder: Path,
) -> None:
    """Keep ``summary`` for ``member`` (replacing an older row), with the SHA-256 of the
    results.json it names (``folder`` is the member folder)."""
    results = summary.get("results")
    db.execute(
        "INSERT OR REPLACE INTO members VALUES(?, ?, ?, ?, ?, ?, ?)",
        (
            member,
            sha256,
            results,
            digest(folder / results) if results is not None else None,
            summary["kind"],
            summary["status"],
            json.dumps(summary, sort_keys=True),
        ),
    )


def prune(db: sqlite3.Connection, members: list[str]) -> None:
    """Drop rows of folders no longer members."""
    keep = set(members)
    for (path,) in db.execute("SELECT path FROM members").fetchall():
        if path not in keep:
            db.execute("DELETE FROM members WHERE path=?", (path,))


__all__ = ["INDEX_FILE", "FileDigests", "cached", "open_index", "prune", "store"]
