"""The JSON Schema (draft 2020-12) for delivery.json, generated from the record's classes
(:mod:`.record`, :mod:`.ratings`) as results.schema.json is: every key always written,
decimals as strings, dates as ISO text. ``python scripts/make_schema.py`` regenerates the
shipped file; a test fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import attrs_schema
from ..attrs_schema import Spec
from ..results.schema import SPEC as RESULTS
from . import ratings as r
from . import record as rec
from .periods import FREQUENCIES

SCHEMA_ID = "urn:socialvalue:schema:delivery"
FILE = "delivery.schema.json"

SPEC = Spec(
    scalars=RESULTS.scalars,  # written as results.json is: decimals as strings, ISO dates
    defs=RESULTS.defs,
    enums={
        (r.PeriodRating, "state"): r.STATES,
        (r.PeriodRating, "rating"): r.RATINGS,
        (r.KpiRating, "rating"): r.RATINGS,
        (r.Verification, "state"): r.VERIFICATION_STATES,
        (rec.DeliveryRecord, "as_of_basis"): rec.AS_OF_BASES,
        (rec.Chain, "state"): rec.CHAIN_STATES,
        (rec.Chain, "evaluation"): ("final", "provisional"),
        (rec.DeliveryRecord, "reporting"): FREQUENCIES,
    },
    extra={
        (rec.DeliveryRecord, "schema_version"): {"const": rec.SCHEMA_VERSION},
        (rec.Chain, "results_sha256"): {"pattern": "^[0-9a-f]{64}$"},
        (rec.DeliveryRecord, "year_start"): {"minimum": 1, "maximum": 12},
    },
    every_key=True,
    defaults=False,
)


def delivery_schema() -> dict[str, Any]:
    """The JSON Schema for delivery.json."""
    return attrs_schema.document_schema(
        SPEC,
        rec.DeliveryRecord,
        **{"$id": SCHEMA_ID},
        title="socialvalue delivery.json",
        description=(
            "A contract's delivery rated as of a date, written by `socialvalue contract report` "
            f"(docs/delivery.md). Every key is always present. schema_version {rec.SCHEMA_VERSION}."
        ),
    )


def render() -> str:
    return attrs_schema.render(delivery_schema())


def schema_path() -> Path:
    return Path(__file__).resolve().parent.parent / "schema" / FILE


__all__ = ["FILE", "delivery_schema", "render", "schema_path"]
