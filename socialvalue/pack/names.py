"""Safe, unique file names for bidders' assessment summaries.

Bidder names and keys are untrusted text. A name here is an ASCII slug (``a-z``, ``0-9``, ``-``)
that cannot climb out of a folder, is never a reserved Windows device name, stays short, and is
unique among the bidders of one tender even on case-insensitive file systems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

MAX_STEM = 60
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)


def slug(text: str, max_length: int = MAX_STEM) -> str:
    """``"Acme & Sons (UK) Ltd"`` -> ``"acme-sons-uk-ltd"``; ``""`` when nothing survives."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    result = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(result) > max_length:
        result = result[:max_length].rstrip("-")
    return result


def is_reserved(stem: str) -> bool:
    """True for names Windows will not create as files (``CON``, ``com1``, ``nul.txt`` ...)."""
    return stem.split(".", 1)[0].lower() in _WINDOWS_RESERVED


def _base(name: str, key: str, index: int) -> str:
    stem = slug(name) or slug(key) or f"bidder-{index}"
    if is_reserved(stem):
        stem = f"{stem}-bidder"
    return stem


def summary_file_names(bidders: Sequence[tuple[str, str]], suffix: str = ".pdf") -> list[str]:
    """One safe, unique file name per ``(name, key)`` pair, in the same order.

    The name comes from the bidder's name (else its key, else its position). Clashes are
    settled by appending the key's slug, then a counter, in list order, so the result depends
    only on the input.
    """
    taken: set[str] = set()
    result: list[str] = []
    for index, (name, key) in enumerate(bidders, start=1):
        stem = _base(name, key, index)
        if stem in taken:
            key_slug = slug(key, 20)
            if key_slug and key_slug not in stem.split("-"):
                stem = f"{stem[: MAX_STEM - len(key_slug) - 1]}-{key_slug}"
        candidate, counter = stem, 2
        while candidate in taken:
            candidate = f"{stem[: MAX_STEM - 4]}-{counter}"
            counter += 1
        taken.add(candidate)
        result.append(candidate + suffix)
    return result


def anchor_ids(count: int, prefix: str = "bidder") -> list[str]:
    """Element ids for ``count`` bidders: ``bidder-1`` ... (never derived from bidder text)."""
    return [f"{prefix}-{i}" for i in range(1, count + 1)]


def all_safe(names: Iterable[str]) -> bool:
    """True when every name is a plain, non-reserved file name (for tests and assertions)."""
    pattern = re.compile(r"[a-z0-9][a-z0-9-]*\.[a-z]+")
    return all(pattern.fullmatch(n) and not is_reserved(n) for n in names)
