"""Metrics (the OCDS metrics extension) from a bid's commitments and a contract's delivery.

``contract.agreedMetrics``: one metric per counted commitment of the winning bid, with two
observations: the committed quantity in its unit, and its GBP value at the award's proxy value.
``contract.implementation.metrics``: the same metrics, with one observation per reporting period
of what was delivered (and, where valued, its GBP value), each carrying the period's rating as
the UK extension's ``measureClassification`` (reg 39(5): Good ``met``, Approaching target
``slightlyBelow``, Requires improvement ``below``, Inadequate ``significantlyBelow``, Other
``other``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..formatting import exact_money

Json = dict[str, Any]

#: A rating (reg 39(5), as a contract's delivery record names it) -> the UK extension's
#: ``measureClassification`` id.
CLASSIFICATIONS: Mapping[str, str] = {
    "good": "met",
    "approaching target": "slightlyBelow",
    "requires improvement": "below",
    "inadequate": "significantlyBelow",
    "other": "other",
}

#: The ratings in their printed form, by the key :data:`CLASSIFICATIONS` uses.
RATING_LABELS: Mapping[str, str] = {key: key.capitalize() for key in CLASSIFICATIONS}


def number(text: str | Decimal | int) -> int | float:
    """A record's decimal (``"312"``, ``"12.5"``) as a JSON number: an integer when whole, else
    the nearest double (exact for every figure of up to 15 significant digits)."""
    value = Decimal(text) if not isinstance(text, Decimal) else text
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def rating_key(rating: str) -> str:
    """``"Approaching target"``, ``"approaching_target"`` -> ``"approaching target"``."""
    key = " ".join(rating.replace("_", " ").replace("-", " ").lower().split())
    if key not in CLASSIFICATIONS:
        known = ", ".join(RATING_LABELS.values())
        raise ValueError(f"unknown rating {rating!r} (one of {known})")
    return key


@attrs.frozen
class DeliveryObservation:
    """What a contract's delivery record says of one KPI in one reporting period.

    ``measure`` is the KPI's measure id as the award committed it (``LA-JOBS-1``); ``delivered``
    the quantity that counts (verified) in the KPI's ``unit``; ``gbp`` its GBP value, if the KPI
    is valued; ``rating`` one of Good, Approaching target, Requires improvement, Inadequate, Other
    (reg 39(5)) and ``reason`` why.
    """

    measure: str
    period: str
    start: dt.date
    end: dt.date
    delivered: Decimal
    unit: str
    rating: str
    reason: str = ""
    gbp: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        rating_key(self.rating)  # refuses an unknown rating at once


def counted_commitments(bidder: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The measures of ``bidder`` (a results.json bidder) that count: of quantitative criteria,
    entered, not record-only, with a quantity above zero, in the rubric's order."""
    return [
        measure
        for criterion in bidder["criteria"]
        if criterion["type"] == "quantitative"
        for measure in criterion["measures"] or ()
        if measure["entered"] and not measure["record_only"] and Decimal(measure["quantity"]) > 0
    ]


def agreed_metrics(bidder: Mapping[str, Any], currency: str = "GBP") -> list[Json]:
    """``contract.agreedMetrics``: each counted commitment of ``bidder`` with its quantity and
    its GBP value (quantity x proxy value)."""
    metrics = []
    for measure in counted_commitments(bidder):
        mid = measure["id"]
        quantity: Json = {
            "id": f"{mid}-quantity",
            "measure": number(measure["quantity"]),
            "unit": {"name": measure["unit"]},
        }
        if measure.get("committed") is not None:
            quantity["notes"] = (
                f"The bid committed {measure['committed']} {measure['unit']}; the panel "
                f"counted {measure['quantity']}."
            )
        value: Json = {
            "id": f"{mid}-value",
            "value": {"amount": number(measure["gbp_value"]), "currency": currency},
            "notes": (
                f"{measure['quantity']} ({measure['unit']}) x {exact_money(Decimal(measure['proxy_value']), currency)}"
                " (the award's proxy value for one unit)."
            ),
        }
        metrics.append({"id": mid, "title": measure["title"], "observations": [quantity, value]})
    return metrics


def implementation_metrics(
    agreed: Iterable[Json], observations: Iterable[DeliveryObservation], currency: str = "GBP"
) -> list[Json]:
    """``contract.implementation.metrics``: for each agreed metric (in its order) that has
    delivery observations, one observation per period (in period order) of the quantity
    delivered, rated, and one of its GBP value where the observation has one. An observation of
    a measure that was not agreed is refused (ValueError): it would publish a KPI the award never
    set."""
    by_measure: dict[str, list[DeliveryObservation]] = {}
    for observation in observations:
        by_measure.setdefault(observation.measure, []).append(observation)
    agreed_ids = [metric["id"] for metric in agreed]
    unknown = sorted(set(by_measure) - set(agreed_ids))
    if unknown:
        raise ValueError(f"delivery for measures the award did not agree: {', '.join(unknown)}")
    titles = {metric["id"]: metric.get("title") for metric in agreed}
    metrics = []
    for mid in agreed_ids:
        if mid not in by_measure:
            continue
        rows: list[Json] = []
        for obs in sorted(by_measure[mid], key=lambda o: (o.start, o.period)):
            rows.extend(_period_observations(obs, currency))
        metric: Json = {"id": mid, "observations": rows}
        if titles[mid]:
            metric["title"] = titles[mid]
        metrics.append(metric)
    return metrics


def _period_observations(obs: DeliveryObservation, currency: str) -> list[Json]:
    key = rating_key(obs.rating)
    period = {"startDate": _midnight(obs.start), "endDate": _end_of_day(obs.end)}
    description = RATING_LABELS[key] + (f": {obs.reason}" if obs.reason else "")
    delivered: Json = {
        "id": f"{obs.measure}-{obs.period}-delivered",
        "period": period,
        "measure": number(obs.delivered),
        "unit": {"name": obs.unit},
        "measureClassification": {"id": CLASSIFICATIONS[key], "description": description},
    }
    if obs.reason:
        delivered["notes"] = obs.reason
    rows = [delivered]
    if obs.gbp is not None:
        rows.append(
            {
                "id": f"{obs.measure}-{obs.period}-value",
                "period": period,
                "value": {"amount": number(obs.gbp), "currency": currency},
            }
        )
    return rows


def _midnight(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _end_of_day(day: dt.date) -> str:
    return f"{day.isoformat()}T23:59:59Z"
