"""delivery.pdf: the delivery report, tagged (PDF/UA-1) like the pack.

The status of the contract, every KPI's rating with its reason, a chart per KPI and one in GBP
of the profile against what was returned and verified, the evidence and verification record,
and the data for the yearly Contract Performance Notice (Procurement Act 2023 s.71; the
ratings of Procurement Regulations 2024 reg 39(5)). Every value is display text made here;
``templates/delivery/delivery.html.j2`` only lays it out (sandboxed, autoescaped). Dated
``as_of``, so the same record gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..formatting import money, plain_decimal
from ..render import RenderJob, make_environment
from ..resources import templates_dir
from ..rubric.model import is_money
from .periods import Calendar
from .ratings import RATINGS, KpiRating, PeriodRating
from .record import DeliveryRecord
from .report_chart import Series, chart_rows, line_chart_svg
from .report_local import local_context

TEMPLATE = "delivery/delivery.html.j2"


def _q(value: Decimal | None) -> str:
    return "" if value is None else plain_decimal(value)


def _series(kpi: KpiRating) -> Series:
    returned: list[Decimal | None] = []
    running = Decimal(0)
    for p in kpi.periods:
        running += p.delivered or 0
        returned.append(None if p.state == "not due" else running)
    return Series(
        tuple(p.period for p in kpi.periods),
        tuple(p.profile_to_date for p in kpi.periods),
        tuple(None if p.state == "not due" else p.verified_to_date for p in kpi.periods),
        tuple(returned),
    )


def _gbp_series(record: DeliveryRecord) -> Series | None:
    valued = [k for k in record.kpis if k.proxy_value is not None]
    if not valued:
        return None
    parts = [(k.proxy_value, _series(k)) for k in valued]
    first = parts[0][1]

    def total(pick: str) -> tuple[Decimal | None, ...]:
        out: list[Decimal | None] = []
        for i in range(len(first.labels)):
            values = [getattr(s, pick)[i] for _, s in parts]
            out.append(
                None
                if any(v is None for v in values)
                else sum((v * p for v, (p, _) in zip(values, parts, strict=True)), Decimal(0))
            )
        return tuple(out)

    profile = tuple(v or Decimal(0) for v in total("profile"))
    return Series(first.labels, profile, total("verified"), total("returned"))


def _money(value: Decimal | None, currency: str) -> str:
    return "" if value is None else money(value, currency)


def _quantity(value: Decimal, unit: str, currency: str) -> str:
    """A quantity with its unit: money as money (``GBP 2,083.33``), else ``9 FTE``."""
    if is_money(unit, currency):
        return money(value, currency)
    return f"{plain_decimal(value)} {unit}"


def _period_note(p: PeriodRating) -> str:
    """What a period's row says beside its rating: why there is none, or what the rating
    leaves out (the band's wording is in the contract table, not repeated on every row)."""
    if p.state != "reported":
        return p.reason
    notes = p.reason.split("; ")[1:]
    if p.late and p.returned is not None:
        notes.append(f"returned late, {p.returned.isoformat()}")
    return "; ".join(notes)


def _kpi_rows(record: DeliveryRecord) -> list[dict[str, Any]]:
    cur = record.currency
    return [
        {
            "id": k.id,
            "title": k.title,
            "unit": k.unit,
            "committed": _quantity(k.committed, k.unit, cur),
            "profile": _q(k.profile_to_date),
            "returned": _q(k.delivered_to_date),
            "verified": _q(k.verified_to_date),
            "shortfall": _q(k.shortfall_to_date),
            "percent": "" if k.percent_rounded is None else f"{k.percent_rounded}%",
            "gbp_committed": _money(k.gbp_committed, cur),
            "gbp_verified": _money(k.gbp_verified_to_date, cur),
            "gbp_committed_newer": _money(k.gbp_committed_newer, cur),
            "gbp_verified_newer": _money(k.gbp_verified_to_date_newer, cur),
            "rating": k.rating,
            "reason": k.reason,
            "chart": line_chart_svg(_series(k), k.unit),
            "periods": [
                {
                    "period": p.period,
                    "due": _q(p.due),
                    "returned": _q(p.delivered),
                    "verified": _q(p.verified),
                    "percent": "" if p.percent_rounded is None else f"{p.percent_rounded}%",
                    "rating": p.rating if p.state == "reported" else "",
                    "note": _period_note(p),
                }
                for p in k.periods
                if p.state != "not due"
            ],
        }
        for k in record.kpis
    ]


def _evidence(record: DeliveryRecord) -> list[dict[str, str]]:
    rows = []
    for k in record.kpis:
        for p in k.periods:
            if p.delivered is None or p.verification is None:
                continue
            v = p.verification
            rows.append(
                {
                    "period": p.period,
                    "kpi": k.id,
                    "returned": _quantity(p.delivered, k.unit, record.currency),
                    "evidence": p.evidence,
                    "state": v.state,
                    "note": v.note,
                    "by": v.by,
                    "date": v.date.isoformat() if v.date else "",
                }
            )
    return sorted(rows, key=lambda r: r["period"])


def delivery_context(record: DeliveryRecord) -> dict[str, Any]:
    """The template's context: display text and charts."""
    counts = Counter(k.rating for k in record.kpis)
    gbp = _gbp_series(record)
    cur = record.currency
    return {
        "created": dt.datetime.combine(record.as_of, dt.time(), dt.UTC),
        "r": record,
        "reporting": Calendar(record.reporting, record.year_start).describe(),
        # in groups of 16, so that it can wrap in its cell
        "sha256": " ".join(record.chain.results_sha256[i : i + 16] for i in range(0, 64, 16)),
        "ratings": [(name, counts[name]) for name in RATINGS if counts[name]],
        "kpis": _kpi_rows(record),
        "evidence": _evidence(record),
        "gbp_chart": line_chart_svg(gbp, cur) if gbp else None,
        "gbp_rows": chart_rows(gbp, lambda v: money(v, cur)) if gbp else [],
        "local": local_context(record),
        "totals": {
            "committed": money(record.totals.gbp_committed, cur),
            "profile": money(record.totals.gbp_profile_to_date, cur),
            "verified": money(record.totals.gbp_verified_to_date, cur),
        },
        "newer": (
            {
                "set": f"{record.chain.newer_proxy_set} {record.chain.newer_proxy_set_version or ''}".rstrip(),
                "committed": _money(record.totals.gbp_committed_newer, cur),
                "profile": _money(record.totals.gbp_profile_to_date_newer, cur),
                "verified": _money(record.totals.gbp_verified_to_date_newer, cur),
            }
            if record.chain.newer_proxy_set
            else None
        ),
    }


def write_delivery_pdf(record: DeliveryRecord, path: Path) -> None:
    """Render delivery.pdf for ``record`` to ``path`` (tagged, reproducible, atomic)."""
    shipped = templates_dir()
    context = delivery_context(record)
    html = make_environment([shipped]).get_template(TEMPLATE).render(**context)
    RenderJob(html, path, (shipped / "assets",), context["created"]).run()


__all__ = ["delivery_context", "write_delivery_pdf"]
