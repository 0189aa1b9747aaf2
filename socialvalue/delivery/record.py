"""delivery.json: the delivery record of a contract as of a date, and its JSON form.

The record's shape is the attrs classes here and in :mod:`.ratings`; decimals are strings
(exact figures without exponent or trailing zeros; ``*_rounded`` figures keep their places),
dates ISO text, every key always written. ``socialvalue/schema/delivery.schema.json`` is made
from these classes (:mod:`.report_schema`). No time stamp but ``as_of``, which is recorded.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from ..rubric.model import doc
from ..scoring.arith import exact, fixed, plain
from .local_spend import LocalSpend
from .model import Bands
from .ratings import KpiRating, Late, Overdue

#: 1.2 adds ``reporting`` and ``year_start``; 1.1 the newer proxy set's figures.
SCHEMA_VERSION = "1.2"
FILE = "delivery.json"
#: How ``as_of`` was chosen.
AS_OF_BASES = ("given", "the latest period reported", "the contract's start: nothing reported")
#: The chain back to the award: results.json unchanged since the contract was made, changed, or
#: not there.
CHAIN_STATES = ("unchanged", "changed", "missing")


@attrs.frozen
class Chain:
    """The chain from the bid: the tender and the results.json the contract was made from."""

    tender: str = attrs.field(metadata=doc("The tender's reference."))
    results: str = attrs.field(metadata=doc("results.json, relative to the contract folder."))
    results_sha256: str = attrs.field(metadata=doc("Its SHA-256 when the contract was made."))
    results_sha256_now: str | None = attrs.field(metadata=doc("Its SHA-256 now (null: not there)."))
    state: str = attrs.field(metadata=doc("unchanged, changed or missing."))
    proxy_set: str | None = attrs.field(metadata=doc("The proxy set the award used."))
    proxy_set_version: str | None = attrs.field(metadata=doc("Its version."))
    evaluation: str = attrs.field(metadata=doc("The evaluation's status: final or provisional."))
    newer_proxy_set: str | None = attrs.field(
        default=None, metadata=doc("The newer proxy set contract.yaml names (null: none).")
    )
    newer_proxy_set_version: str | None = attrs.field(default=None, metadata=doc("Its version."))


@attrs.frozen
class Totals:
    """The valued KPIs together, in the contract's currency."""

    gbp_committed: Decimal = attrs.field(metadata=doc("Committed over the term."))
    gbp_profile_to_date: Decimal = attrs.field(metadata=doc("Due to date."))
    gbp_verified_to_date: Decimal = attrs.field(metadata=doc("Verified to date."))
    gbp_committed_newer: Decimal | None = attrs.field(
        default=None, metadata=doc("Committed, at the newer proxy set (null: none named).")
    )
    gbp_profile_to_date_newer: Decimal | None = attrs.field(
        default=None, metadata=doc("Due to date, at the newer proxy set.")
    )
    gbp_verified_to_date_newer: Decimal | None = attrs.field(
        default=None, metadata=doc("Verified to date, at the newer proxy set.")
    )


@attrs.frozen
class DeliveryRecord:
    """A contract's delivery as of a date: every KPI rated, with its periods and evidence."""

    schema_version: str = attrs.field(metadata=doc("delivery.json's version."))
    contract: str = attrs.field(metadata=doc("The contract's reference."))
    title: str = attrs.field(metadata=doc("The contract's title."))
    buyer: str = attrs.field(metadata=doc("The contracting authority."))
    supplier: str = attrs.field(metadata=doc("The supplier's legal name."))
    supplier_key: str = attrs.field(metadata=doc("The bid's key in the tender."))
    company_number: str = attrs.field(metadata=doc("Companies House number, if any."))
    start: dt.date = attrs.field(metadata=doc("The contract's first day."))
    end: dt.date = attrs.field(metadata=doc("Its last day."))
    reporting: str = attrs.field(
        metadata=doc("How often returns are due: monthly, quarterly, half-yearly or annual.")
    )
    year_start: int = attrs.field(
        metadata=doc("The month (1-12) the reporting year starts: 1 calendar, 4 from April.")
    )
    currency: str = attrs.field(metadata=doc("ISO 4217 code of the money."))
    chain: Chain = attrs.field(metadata=doc("The chain back to the award."))
    as_of: dt.date = attrs.field(metadata=doc("The date the delivery is rated as of."))
    as_of_basis: str = attrs.field(metadata=doc("How as_of was chosen."))
    grace_days: int = attrs.field(metadata=doc("Days after a period's end its return is due."))
    bands: Bands = attrs.field(metadata=doc("The rating bands declared in contract.yaml."))
    totals: Totals = attrs.field(metadata=doc("The valued KPIs together."))
    kpis: tuple[KpiRating, ...] = attrs.field(metadata=doc("Every KPI, in contract order."))
    overdue: tuple[Overdue, ...] = attrs.field(metadata=doc("Returns overdue as of as_of."))
    late: tuple[Late, ...] = attrs.field(metadata=doc("Returns that came in after they were due."))
    local_spend: LocalSpend | None = attrs.field(
        default=None,
        metadata=doc("Local, VCSE and SME spend and LM3 by period (null: nothing declared)."),
    )


def _rounded(value: Decimal | None) -> str | None:
    return None if value is None else fixed(value)


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_unstructure_hook(Decimal, plain)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)

    def factory(cls: type) -> Any:
        rounded = {
            f.name: override(unstruct_hook=_rounded)
            for f in attrs.fields(cls)
            if f.name.endswith("_rounded")
        }
        return make_dict_unstructure_fn(cls, converter, **rounded)  # type: ignore[arg-type]

    converter.register_unstructure_hook_factory(attrs.has, factory)
    return converter


CONVERTER = _converter()


def to_json(record: DeliveryRecord) -> dict[str, Any]:
    """The record as JSON data (every figure at its full precision)."""
    with exact():
        data: dict[str, Any] = CONVERTER.unstructure(record)
    return data


__all__ = [
    "AS_OF_BASES",
    "CHAIN_STATES",
    "FILE",
    "SCHEMA_VERSION",
    "Chain",
    "DeliveryRecord",
    "Totals",
    "to_json",
]
