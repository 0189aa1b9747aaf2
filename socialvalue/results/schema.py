"""The JSON Schema (draft 2020-12) for results.json, generated from the record's attrs classes.

The record's classes (:mod:`socialvalue.results.record`, and the result, input and rubric
classes it holds) give the shape; :mod:`socialvalue.attrs_schema` (the machinery behind
``rubric.schema.json`` too) turns them into a schema, with the record's own rules from
:mod:`socialvalue.results.codec`: every key is always written, decimals are strings, dates are ISO
text, and a few keys are renamed. The choices below are those the engine writes.

Regenerate the shipped file with ``python scripts/make_schema.py``; a test fails when it is stale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import attrs_schema
from ..attrs_schema import Spec, write_text
from ..model import BID_STATUSES, NotAssessed
from ..rubric.model import CRITERION_TYPES, SPEND_SHARES
from ..scoring import result as r
from . import record as rec
from .codec import RENAMED

SCHEMA_ID = "urn:socialvalue:schema:results"

#: String fields whose value is one of the engine's choices.
ENUMS: dict[tuple[type, str], tuple[str, ...]] = {
    (r.Status, "state"): ("final", "provisional"),
    (r.Outcome, "kind"): ("winner", "tied_for_first", "all_disqualified", "no_bids"),
    (r.WeightingCheck, "source"): ("tender", "rubric"),
    (r.Reason, "code"): ("criterion_minimum", "threshold"),
    (r.BreakEven, "direction"): ("increase", "decrease"),
    (r.Missing, "what"): (
        "consensus",
        "scores",
        "consensus_reason",
        "evaluators",
        "assigned_scores",
    ),
    (r.Missing, "stand_in"): ("mean", "consensus", "scale_minimum"),
    (rec.BidderRecord, "status"): ("ranked", "disqualified"),
    (rec.CriterionRecord, "type"): CRITERION_TYPES,
    (r.SpendFigures, "share"): SPEND_SHARES,
    (NotAssessed, "status"): BID_STATUSES,
    (rec.ClarificationRecord, "state"): ("open", "answered"),
}

#: How every decimal in the record is written.
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"

DEFS: dict[str, Any] = {
    "decimal": {
        "description": (
            "A decimal number as a string: exact figures without exponent or trailing zeros, "
            "rounded figures (keys ending in _rounded) with the rubric's places."
        ),
        "type": "string",
        "pattern": DECIMAL_PATTERN,
    },
    "date": {
        "description": "A date as ISO text, e.g. 2026-03-02.",
        "type": "string",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    },
}


def _criterion_rules() -> list[dict[str, Any]]:
    """A qualitative criterion has parts and a scale; a quantitative one, measures."""
    array = {"type": "array"}
    null = {"type": "null"}
    return [
        {
            "if": {"properties": {"type": {"const": "qualitative"}}},
            "then": {"properties": {"parts": array, "measures": null}},
            "else": {"properties": {"parts": null, "measures": array, "scale": null}},
        }
    ]


SPEC = Spec(
    scalars={
        Decimal: {"$ref": "#/$defs/decimal"},
        dt.date: {"$ref": "#/$defs/date"},
        int: {"type": "integer"},
        bool: {"type": "boolean"},
        str: {"type": "string"},
    },
    defs=DEFS,
    enums=ENUMS,
    keys=RENAMED,
    rules={rec.CriterionRecord: _criterion_rules},
    every_key=True,
    # A minor addition: a 1.0 record written before it was added is still read (as null).
    optional=frozenset({(rec.RubricRecord, "weights_provenance")}),
    defaults=False,
)


def results_schema() -> dict[str, Any]:
    """The JSON Schema for results.json."""
    return attrs_schema.document_schema(
        SPEC,
        rec.Record,
        **{"$id": SCHEMA_ID},
        title="socialvalue results.json",
        description=(
            "The evaluation record that `socialvalue score` writes (docs/results.md). Every key "
            f"is always present; null means 'does not apply'. schema_version {rec.SCHEMA_VERSION}."
        ),
    )


def render() -> str:
    """The schema as the shipped file's text: sorted keys, 2-space indent, trailing newline."""
    return attrs_schema.render(results_schema())


def write(path: Path) -> bool:
    """Write the schema to ``path``; True if the file changed."""
    return write_text(path, render())


__all__ = ["ENUMS", "SCHEMA_ID", "SPEC", "render", "results_schema", "write"]
