"""The methodology a form is bound to, in its fingerprint: stored, read back and compared.

A form carries ``methodology_sha256``, the SHA-256 of the canonical methodology it was made for
(:mod:`socialvalue.rubric.canonical`), and that canonical JSON itself, zlib-compressed and
base64-encoded in rows ``methodology:1``, ``methodology:2``... of at most :data:`CHUNK`
characters each (a cell holds 32,767). Reading compares the hash; when it differs, the stored
JSON says what changed (:func:`~socialvalue.rubric.changes.describe_changes`). A form made
before forms recorded their methodology has only ``rubric_sha256``, the rubric file's hash:
it is accepted while the file is byte for byte the same, else refused with a clear message.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Any

import attrs

from ..errors import Location, Problem
from ..rubric.canonical import Canonical
from ..rubric.changes import describe_changes, summarise

PREFIX = "methodology:"
CHUNK = 32_000  # a multiple of 4: no base64 chunk starts with "=" (a formula to a spreadsheet)
MAX_JSON = 4_000_000  # bytes a stored methodology may inflate to; more is not ours
SHOWN = 10  # changes listed before "and N more changes"

ADVICE = {
    "response": (
        "the methodology changed after this form was issued: issue a corrected template "
        "(`socialvalue template`) to the bidders and ask them to resubmit, or restore the "
        "rubric and proxy values as they were"
    ),
    "scoresheet": (
        "make the scoresheets again with `socialvalue scoresheets --force` (copy across any "
        "scores already typed), or restore the rubric and proxy values as they were"
    ),
    "moderation": (
        "make it again with `socialvalue moderation --force` (copy across any consensus "
        "already typed), or restore the rubric and proxy values as they were"
    ),
}


def methodology_rows(canonical: str) -> list[tuple[str, str]]:
    """The fingerprint rows holding ``canonical`` (the canonical JSON), compressed."""
    packed = base64.b64encode(zlib.compress(canonical.encode("ascii"), 9)).decode("ascii")
    chunks = [packed[i : i + CHUNK] for i in range(0, len(packed), CHUNK)] or [""]
    return [(f"{PREFIX}{n}", chunk) for n, chunk in enumerate(chunks, 1)]


def stored_methodology(values: dict[str, str]) -> Canonical | None:
    """The canonical methodology a fingerprint's rows hold, or None if absent or unreadable."""
    chunks: dict[int, str] = {}
    for key, value in values.items():
        number = key[len(PREFIX) :]
        if key.startswith(PREFIX) and number.isdigit():
            chunks[int(number)] = value
    if not chunks or sorted(chunks) != list(range(1, len(chunks) + 1)):
        return None
    try:
        packed = base64.b64decode("".join(chunks[n] for n in sorted(chunks)), validate=True)
        inflate = zlib.decompressobj()
        raw = inflate.decompress(packed, MAX_JSON)
        if inflate.unconsumed_tail or not inflate.eof:
            return None
        doc: Any = json.loads(raw.decode("ascii"))
    except (binascii.Error, zlib.error, ValueError):
        return None
    return doc if isinstance(doc, dict) and isinstance(doc.get("rubric"), dict) else None


@attrs.frozen(eq=False)
class Bound:
    """The methodology a form is expected to be bound to: its canonical JSON, that JSON's
    SHA-256, and the rubric file's SHA-256 (what older forms carry instead)."""

    canonical: str
    sha256: str
    rubric_sha256: str


def methodology_problem(
    file: str, kind: str, values: dict[str, str], cells: dict[str, str], expected: Bound
) -> Problem | None:
    """The problem when a ``kind`` form (its fingerprint ``values`` and their ``cells``) was
    made for another methodology than ``expected``, else None."""
    found = values.get("methodology_sha256", "")
    if found == expected.sha256:
        return None
    now: Canonical = json.loads(expected.canonical)
    rubric = now.get("rubric", {})
    what = f'rubric "{rubric.get("id")}" version {rubric.get("version")}'
    if not found:
        if values.get("rubric_sha256") == expected.rubric_sha256:
            return None  # an older form, from the very same rubric file
        return Problem(
            Location(file, cell=cells.get("rubric_sha256")),
            f"made by an earlier socialvalue from a different copy of {what} (its file hash "
            "differs), and it does not record the methodology, so what changed cannot be "
            f"said: {ADVICE[kind]}",
        )
    where = Location(file, cell=cells.get("methodology_sha256"))
    stored = stored_methodology(values)
    if stored is None:
        return Problem(
            where,
            f"made for a different methodology of {what} (and its record of that methodology "
            f"cannot be read): {ADVICE[kind]}",
        )
    try:
        changes = describe_changes(stored, now)
    except (AttributeError, TypeError, KeyError, ValueError, ArithmeticError):
        changes = ["(the form's record of its methodology is not in the expected shape)"]
    if not changes:
        return None  # only what cannot be compared differs (no proxy set loaded on one side)
    listed = "; ".join(summarise(changes, SHOWN))
    advice = ADVICE[kind][0].upper() + ADVICE[kind][1:]
    return Problem(
        where, f"made for a different methodology ({what} has changed since): {listed}. {advice}"
    )


__all__ = ["Bound", "methodology_problem", "methodology_rows", "stored_methodology"]
