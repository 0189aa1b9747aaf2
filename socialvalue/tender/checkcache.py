"""What ``check`` learnt about a workbook, kept by the SHA-256 of its bytes, so a rerun reads
and hashes every file but parses only the ones that changed.

An entry is a shortcut for identical bytes under identical rules: its key is a SHA-256 of the
toolkit's code (every module of the package, so any change to a reader or a check misses), the
reader, the workbook's bytes' hash, and a canonical serialisation of everything else the reader
was given (the rubric, the tender reference, the proxies, the evaluator, the bidders, the file's
name). The value is what the reader returned, problems included, so a cached file reports
exactly what a fresh read would.

The entries are pickles, so they live in the user's private cache folder
(:mod:`socialvalue.caches`), never in a tender folder another person could write to. An entry that cannot be read is removed and the workbook parsed; :func:`prune` keeps
the folder under a size bound, least recently used first.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__
from ..caches import cache_folder, write_entry
from ..caches import prune as prune_folder

T = TypeVar("T")
MAX_BYTES = 512 * 1024 * 1024
#: Hits and misses in this process (for tests and the benchmark).
stats = {"hits": 0, "misses": 0}


@cache
def _code() -> str:
    """A SHA-256 of the toolkit's version and every one of its modules."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class _Canonical(pickle.Pickler):
    """Pickles sets in sorted order, so equal arguments give equal bytes in every process (the
    arguments of a moderation workbook's check are scoresheets read afresh or from the cache)."""

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, set | frozenset):
            return type(obj), (sorted(obj, key=repr),)
        return NotImplemented


def key(
    reader: Callable[..., Any], sha256: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str:
    buffer = io.BytesIO()
    pickler = _Canonical(buffer, protocol=5)
    pickler.fast = True  # no memo: equal values give equal bytes, shared by identity or not
    pickler.dump((args, sorted(kwargs.items())))
    digest = hashlib.sha256(
        f"{_code()}\0{reader.__module__}.{reader.__qualname__}\0{sha256}\0".encode()
    )
    digest.update(buffer.getvalue())
    return digest.hexdigest()


def parse(
    reader: Callable[..., tuple[T | None, list[Any]]],
    data: bytes,
    sha256: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[T | None, list[Any]]:
    """``reader(*args, data=data, **kwargs)``, or what it returned before for the same inputs."""
    folder = cache_folder("check")
    if folder is None:
        return reader(*args, data=data, **kwargs)
    try:
        name = key(reader, sha256, args, kwargs)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return reader(*args, data=data, **kwargs)
    entry = folder / f"{name}.pickle"
    with suppress(FileNotFoundError):
        try:
            found = pickle.loads(entry.read_bytes())
            if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], list):
                os.utime(entry)
                stats["hits"] += 1
                return found
        except Exception:  # a damaged entry: parse again
            pass
        with suppress(OSError):
            entry.unlink()
    stats["misses"] += 1
    result = reader(*args, data=data, **kwargs)
    _store(folder, entry, result)
    return result


def _store(folder: Path, entry: Path, value: object) -> None:
    try:
        data = pickle.dumps(value, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    with suppress(OSError):
        write_entry(entry, data)


def prune(max_bytes: int = MAX_BYTES) -> list[str]:
    """Keep the check cache under ``max_bytes``, least recently used entries first out."""
    folder = cache_folder("check")
    return [] if folder is None else prune_folder(folder, max_bytes)
