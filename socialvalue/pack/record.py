"""The pack's one reader of the record: results.json as typed objects.

The pack renders only from results.json (it can be rebuilt from the published record), and
reads it through :func:`pack_record`: the parsed JSON, with control characters removed from
every text (:func:`~.figures.strip_control_chars`), structured into the record's attrs classes
(:class:`socialvalue.results.record.Record`). The pack modules read attributes, never keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import cattrs

from ..errors import InputError
from ..results.codec import from_json
from ..results.record import Record
from .figures import strip_control_chars

Results = Record | Mapping[str, Any]


def pack_record(results: Results, where: str = "results.json") -> Record:
    """``results`` as a :class:`Record` (a parsed results.json is cleaned and structured)."""
    if isinstance(results, Record):
        return results
    try:
        return from_json(strip_control_chars(results))
    except cattrs.BaseValidationError as exc:
        shown = "; ".join(cattrs.transform_error(exc, path="results")[:3])
        raise InputError.single(where, f"not a results.json record: {shown}") from None
