"""Where the rerun caches live: a folder private to the user, never a tender folder.

``$SOCIALVALUE_CACHE`` if set (``0`` turns every cache off), else ``$XDG_CACHE_HOME/socialvalue``
(by default ``~/.cache/socialvalue``). A tender folder is often shared, and an entry another
person could write would be served as this user's output (a render cache entry) or unpickled
(the check cache): so a cache folder that is not the user's own, or that others may write to,
is not used. Deleting the folder at any time is safe: the next run renders and reads afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

ENV = "SOCIALVALUE_CACHE"


def cache_folder(kind: str) -> Path | None:
    """The folder of the cache ``kind`` (made, mode 0700), or None when caches are off or the
    folder is not safe to use (not a real folder of this user's that only they can write)."""
    chosen = os.environ.get(ENV)
    if chosen == "0":
        return None
    if chosen:
        root = Path(chosen)
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "socialvalue"
    folder = root / kind
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path in (root, folder):
            info = path.lstat()
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                return None
            if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return None
    except OSError:
        return None
    return folder


@cache
def code_digest() -> str:
    """A SHA-256 of every module of the toolkit (so any change to a reader or a check makes
    every entry that depends on the code miss)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_entry(path: Path, data: bytes) -> None:
    """Write a cache entry: to a temporary file, then renamed into place. Not flushed to disk:
    an entry a crash tears is caught when it is next read (and rendered or parsed afresh)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_pickle(entry: Path, valid: Callable[[object], bool]) -> object | None:
    """The value pickled in ``entry`` if it is there, unpickles and ``valid`` accepts it (its
    use is then recorded for :func:`prune`); else None, and a damaged or wrong entry is removed."""
    with suppress(FileNotFoundError):
        try:
            found = pickle.loads(entry.read_bytes())
            if valid(found):
                os.utime(entry)
                return found
        except Exception:  # a damaged entry: computed afresh
            pass
        with suppress(OSError):
            entry.unlink()
    return None


def store_pickle(entry: Path, value: object) -> None:
    """Keep ``value`` in ``entry`` (:func:`write_entry`); a value that cannot be pickled, or a
    folder that cannot be written, only means no entry."""
    with suppress(OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        write_entry(entry, pickle.dumps(value, protocol=5))


def prune(folder: Path, max_bytes: int) -> list[str]:
    """Remove the least recently used entries (files sharing a stem; a file's modification time
    is its last use) until ``folder`` holds at most ``max_bytes``, and any ``.*.tmp`` an
    interrupted write left. Returns the stems removed."""
    if not folder.is_dir():
        return []
    groups: dict[str, list[tuple[float, int, Path]]] = {}
    for path in folder.iterdir():
        with suppress(OSError):
            if path.name.startswith(".") and path.name.endswith(".tmp"):
                path.unlink()
                continue
            info = path.stat()
            groups.setdefault(path.stem, []).append((info.st_mtime, info.st_size, path))
    entries = sorted(
        (max(m for m, _, _ in files), stem, sum(s for _, s, _ in files), files)
        for stem, files in groups.items()
    )
    total = sum(size for _, _, size, _ in entries)
    removed = []
    for _, stem, size, files in entries:
        if total <= max_bytes:
            break
        for _, _, path in files:
            with suppress(OSError):
                path.unlink()
        total -= size
        removed.append(stem)
    return removed
