"""The pack's one reader of the record: results.json as typed objects.

The pack renders only from results.json (it can be rebuilt from the published record), and
reads it through :func:`pack_record`: the parsed JSON, with control and format characters
shown as ``<U+200B>`` markers in every text (:func:`~.figures.visible_text`), structured into
the record's attrs classes (:class:`socialvalue.results.record.Record`). The pack modules read attributes, never keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import cattrs

from ..errors import InputError
from ..results.codec import from_json
from ..results.record import Record
from .figures import visible_text

Results = Record | Mapping[str, Any]


def pack_record(results: Results, where: str = "results.json") -> Record:
    """``results`` as a :class:`Record` (a parsed results.json is cleaned and structured)."""
    if isinstance(results, Record):
        return results
    try:
        return from_json(visible_text(results))
    except cattrs.BaseValidationError as exc:
        shown = "; ".join(cattrs.transform_error(exc, path="results")[:3])
        raise InputError.single(where, f"not a results.json record: {shown}") from None
