"""The JSON Schema (draft 2020-12) for contract.yaml, generated from the attrs model.

For editors (``# yaml-language-server: $schema=...``); the loader (:mod:`.load`) is the judge,
with the rules the shape cannot say (a profile sums to its commitment, names only the term's
periods; the bands do not rise). Made by :mod:`socialvalue.attrs_schema`, like
``rubric.schema.json``; ``python scripts/make_schema.py`` regenerates the shipped file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import attrs_schema
from ..attrs_schema import Spec
from ..rubric import schema as rubric_schema
from . import model as m
from .load import DECISIONS
from .periods import FREQUENCIES

SCHEMA_ID = "urn:socialvalue:schema:contract"
FILE = "contract.schema.json"

SPEC = Spec(
    # A file people write, as a rubric is: numbers may be quoted; dates are YYYY-MM-DD.
    scalars={**rubric_schema.SPEC.scalars, dt.date: {"type": "string", "format": "date"}},
    defs=rubric_schema.DEFS,
    enums={
        (m.Decision, "decision"): DECISIONS,
        (m.Source, "status"): ("final", "provisional"),
        (m.Contract, "reporting"): FREQUENCIES,
    },
    identifiers=frozenset({(m.KPI, "id")}),
    extra={
        (m.Source, "results_sha256"): {"pattern": "^[0-9a-f]{64}$"},
        (m.Contract, "year_start"): {"minimum": 1, "maximum": 12},  # the loader takes April too
        # 2026-05, 2026-Q2, 2026-H1, 2026; 2026/27-Q1, 2026/27-H1, 2026/27 (periods.py)
        (m.KPI, "profile"): {
            "propertyNames": {
                "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12])|/[0-9]{2}(-(Q[1-4]|H[12]))?)?$"
            }
        },
    },
    non_empty=True,
)


def contract_schema() -> dict[str, Any]:
    """The JSON Schema for contract.yaml."""
    return attrs_schema.document_schema(
        SPEC,
        m.Contract,
        **{"$id": SCHEMA_ID},
        title="socialvalue contract",
        description="contract.yaml: a contract's social value KPIs after the award "
        "(docs/delivery.md).",
    )


def render() -> str:
    return attrs_schema.render(contract_schema())


def schema_path() -> Path:
    return Path(__file__).resolve().parent.parent / "schema" / FILE


__all__ = ["FILE", "contract_schema", "render", "schema_path"]
