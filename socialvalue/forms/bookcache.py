"""Opened workbooks kept by the SHA-256 of their bytes, so a form whose check must run again
(a scoresheet naming a changed response, a moderation workbook after a scoresheet changed) is
not unzipped, scanned and parsed again when its own bytes did not change.

An entry is what :func:`~socialvalue.forms.fields.open_form` returned for those bytes under
that name, limits and code: the safety checks and the parse are functions of exactly those, so
a cached book is the book a fresh open gives. Entries are pickles in the user's private cache
folder (:mod:`socialvalue.caches`), like the check cache's; a damaged one is opened afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar, cast

from .. import __version__
from ..caches import cache_folder, code_digest, load_pickle, store_pickle
from ..caches import prune as prune_folder

T = TypeVar("T")
MAX_BYTES = 512 * 1024 * 1024
#: Opened workbooks found (hits) and opened afresh (misses) in this process.
stats = {"hits": 0, "misses": 0}


def opened(sha256: str, display: str, open_: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """``open_()``, or what it returned before for the bytes hashed ``sha256`` shown as
    ``display`` (``valid`` says whether an unpickled entry has the right shape)."""
    folder = cache_folder("books")
    if folder is None:
        return open_()
    name = hashlib.sha256(f"{__version__}\0{code_digest()}\0{sha256}\0{display}".encode())
    entry = folder / f"{name.hexdigest()}.pickle"
    found = load_pickle(entry, valid)
    if found is not None:
        stats["hits"] += 1
        return cast(T, found)
    stats["misses"] += 1
    result = open_()
    store_pickle(entry, result)
    return result


def prune(max_bytes: int = MAX_BYTES) -> list[str]:
    """Keep the folder of opened workbooks under ``max_bytes``, least recently used first."""
    folder = cache_folder("books")
    return [] if folder is None else prune_folder(folder, max_bytes)
