"""What ``check`` learnt about a workbook, kept by the SHA-256 of its bytes, so a rerun reads
and hashes every file but parses only the ones that changed.

An entry is a shortcut for identical bytes under identical rules: its key is a SHA-256 of the
toolkit's code (every module of the package, so any change to a reader or a check misses), the
reader, the workbook's bytes' hash, and a canonical serialisation of everything else the reader
was given (the rubric, the tender reference, the proxies, the evaluator, the bidders, the file's
name). The value is what the reader returned, problems included, so a cached file reports
exactly what a fresh read would.

A scoresheet's or moderation workbook's check compares the bidders it was made for (its
fingerprint's sources) with the current ones, and that comparison is the only use it makes of
the responses' hashes. :func:`parse_compared` keys it in two steps, so a changed response does
not make every scoresheet be parsed again: the first key holds everything but the bidders'
hashes and leads to the bidders the form was made for (recorded by
:func:`~socialvalue.forms.compared.record_made_for` as the reader compares them); the second adds, for each of those, whether
the current response has the same hash, and leads to what the reader returned.

The entries are pickles, so they live in the user's private cache folder
(:mod:`socialvalue.caches`), never in a tender folder another person could write to. An entry that cannot be read is removed and the workbook parsed; :func:`prune` keeps
the folder under a size bound, least recently used first.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

from .. import __version__
from ..caches import cache_folder, code_digest, load_pickle, store_pickle
from ..caches import prune as prune_folder
from ..forms import bookcache
from ..forms.compared import recording
from ..forms.fields import BidderRef

T = TypeVar("T")
MAX_BYTES = 512 * 1024 * 1024
#: Hits and misses in this process (for tests and the benchmark).
stats = {"hits": 0, "misses": 0}


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
        f"{__version__}\0{code_digest()}\0{reader.__module__}.{reader.__qualname__}\0{sha256}\0".encode()
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
    name, found = lookup(reader, sha256, args, kwargs)
    if found is not None:
        return found
    result = reader(*args, data=data, **kwargs)
    keep(name, result)
    return result


def lookup(
    reader: Callable[..., tuple[T | None, list[Any]]],
    sha256: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[str | None, tuple[T | None, list[Any]] | None]:
    """The entry's name for these inputs (None: no cache, or inputs that cannot be keyed) and
    what the reader returned for them before (None: not known; counted as a miss)."""
    folder = cache_folder("check")
    if folder is None:
        return None, None
    try:
        name = key(reader, sha256, args, kwargs)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return None, None
    found = load_pickle(folder / f"{name}.pickle", _is_result)
    if found is not None:
        stats["hits"] += 1
        return name, cast(tuple[T | None, list[Any]], found)
    stats["misses"] += 1
    return name, None


def keep(name: str | None, result: object) -> None:
    """Keep what a reader returned under the entry ``name`` from :func:`lookup` (None: not)."""
    folder = cache_folder("check")
    if name is not None and folder is not None:
        store_pickle(folder / f"{name}.pickle", result)


def _is_bidders(value: object) -> bool:
    return isinstance(value, list | tuple) and any(isinstance(v, BidderRef) for v in value)


def _without_hashes(value: object) -> object:
    if _is_bidders(value):
        return [
            attrs.evolve(v, sha256="") if isinstance(v, BidderRef) else v
            for v in value  # type: ignore[attr-defined]
        ]
    return value


def _current(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, str]:
    return {
        b.key: b.sha256
        for value in (*args, *kwargs.values())
        if _is_bidders(value)
        for b in value
        if isinstance(b, BidderRef)
    }


def _is_result(found: object) -> bool:
    """Whether an unpickled entry has the shape of a reader's result: (value, problems)."""
    return isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], list)


def parse_compared(
    reader: Callable[..., tuple[T | None, list[Any]]],
    data: bytes,
    sha256: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[T | None, list[Any]]:
    """As :func:`parse`, for a reader whose only use of the bidders' hashes (in ``args`` and
    ``kwargs``) is to compare them with the ones its form was made for, through
    :func:`record_made_for`: a response whose bytes changed misses only where its form names it
    with the same hash as before or now."""
    folder = cache_folder("check")
    if folder is None:
        return reader(*args, data=data, **kwargs)
    try:
        first = key(
            reader,
            sha256,
            tuple(_without_hashes(a) for a in args),
            {k: _without_hashes(v) for k, v in kwargs.items()},
        )
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return reader(*args, data=data, **kwargs)
    now = _current(args, kwargs)
    made_for = load_pickle(folder / f"{first}.made-for.pickle", lambda v: isinstance(v, list))
    if isinstance(made_for, list):
        found = load_pickle(folder / f"{_second(first, made_for, now)}.pickle", _is_result)
        if found is not None:
            stats["hits"] += 1
            return cast(tuple[T | None, list[Any]], found)
    stats["misses"] += 1
    with recording() as recorded:
        result = reader(*args, data=data, **kwargs)
    store_pickle(folder / f"{first}.made-for.pickle", recorded)
    store_pickle(folder / f"{_second(first, recorded, now)}.pickle", result)
    return result


def _second(first: str, made_for: list[dict[str, str]], now: dict[str, str]) -> str:
    """The second key: the first, and for each bidder a form was made for whether the current
    response with that key has the hash the form names (None when there is none)."""
    same = [
        sorted((k, None if k not in now else now[k] == v) for k, v in then.items())
        for then in made_for
    ]
    return hashlib.sha256(f"{first}\0{same!r}".encode()).hexdigest()


def prune(max_bytes: int = MAX_BYTES) -> list[str]:
    """Keep the check cache, and the opened workbooks kept for it (:mod:`~socialvalue.forms.
    bookcache`), each under ``max_bytes``, least recently used entries first out."""
    folder = cache_folder("check")
    return ([] if folder is None else prune_folder(folder, max_bytes)) + bookcache.prune(max_bytes)
