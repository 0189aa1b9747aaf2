"""The portfolio's figures: exact sums of the members' KPIs, grouped six ways.

Every figure is summed exactly (``Decimal`` from the summaries' strings) and rounded once, for
output: GBP to the penny and percentages to one place, both ROUND_HALF_UP (:data:`PENNY`,
:data:`TENTH`). GBP of a KPI is its quantity x the award's proxy value; a KPI without one
(record only) adds quantities but no GBP. Quantities are summed only per measure (one unit);
themes, suppliers and contracts sum GBP. The verified share is verified GBP / delivered GBP
(per measure: quantities); null when nothing was delivered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .config import Portfolio
from .members import Summary

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
SCOPES = ("year", "to_date")
GROUPS = ("theme", "outcome", "measure", "supplier", "contract")
Row = dict[str, Any]


def gbp(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(TENTH, ROUND_HALF_UP)


def _d(text: str | None) -> Decimal:
    return Decimal(text) if text is not None else Decimal(0)


def kpi_rows(portfolio: Portfolio, members: Iterable[tuple[str, Summary]]) -> list[Row]:
    """One row per KPI of every readable contract, with exact figures."""
    rows = []
    for path, s in members:
        if s["kind"] != "contract" or s["status"] != "ok":
            continue
        for k in s["kpis"]:
            value = Decimal(k["proxy_value"]) if k["proxy_value"] is not None else None
            row: Row = {
                "contract": path,
                "reference": s["reference"],
                "supplier": s["supplier"],
                "measure": k["id"],
                "outcome": k["outcome"],
                "theme": portfolio.theme_of(k["id"]),
                "unit": k["unit"],
                "rating": k["rating"],
                "proxy_value": value,
                "committed": _d(k["committed"]),
            }
            figures = {
                "year": ("due_year", "delivered_year", "verified_year"),
                "to_date": ("profile_to_date", "delivered_to_date", "verified_to_date"),
            }
            for scope, (due, delivered, verified) in figures.items():
                row[f"due_{scope}"] = _d(k[due])
                row[f"delivered_{scope}"] = _d(k[delivered])
                row[f"verified_{scope}"] = _d(k[verified])
            for name in [
                n
                for n in list(row)
                if n.startswith(("committed", "due_", "delivered_", "verified_"))
            ]:
                row[f"gbp_{name}"] = row[name] * value if value is not None else Decimal(0)
            rows.append(row)
    return rows


def _figures(rows: list[Row], quantities: bool) -> Row:
    out: Row = {}
    names = ["committed"] + [f"{f}_{s}" for s in SCOPES for f in ("due", "delivered", "verified")]
    for name in names:
        total = sum((r[f"gbp_{name}"] for r in rows), Decimal(0))
        out[f"gbp_{name}"] = gbp(total)
        if quantities:
            out[name] = sum((r[name] for r in rows), Decimal(0))
    for scope in SCOPES:
        if quantities:
            share = percent(out[f"verified_{scope}"], out[f"delivered_{scope}"])
        else:
            share = percent(
                sum((r[f"gbp_verified_{scope}"] for r in rows), Decimal(0)),
                sum((r[f"gbp_delivered_{scope}"] for r in rows), Decimal(0)),
            )
        out[f"verified_share_{scope}"] = share
    out["ratings"] = dict(sorted(Counter(r["rating"] for r in rows).items()))
    return out


def group(rows: list[Row], by: str, extra: Callable[[str], Row] | None = None) -> list[Row]:
    """Rows summed by ``by`` (theme, outcome, measure, supplier or contract), first seen first."""
    keys: dict[str, list[Row]] = {}
    for r in rows:
        keys.setdefault(r[by], []).append(r)
    out = []
    for key, members in keys.items():
        entry: Row = {by: key}
        if by == "measure":
            entry["unit"] = members[0]["unit"]
            entry["theme"] = members[0]["theme"]
            entry["outcome"] = members[0]["outcome"]
        entry |= _figures(members, by == "measure")
        if extra:
            entry |= extra(key)
        out.append(entry)
    return out


def _local(s: Summary, scope: str) -> Row:
    local = (s.get("local") or {}).get(scope)
    if not local:
        return {
            "spend_value": None,
            "local_percent": None,
            "vcse_percent": None,
            "sme_percent": None,
            "lm3": None,
        }
    value = Decimal(local["value"])
    return {
        "spend_value": gbp(value),
        **{f"{c}_percent": percent(Decimal(local[c]), value) for c in ("local", "vcse", "sme")},
        "lm3": Decimal(local["lm3"]) if local["lm3"] is not None else None,
    }


def aggregate(portfolio: Portfolio, members: list[tuple[str, Summary]]) -> Row:
    """The portfolio's figures (see the module's docstring); decimals unrounded only for
    quantities, which are exact sums of what was returned."""
    rows = kpi_rows(portfolio, members)
    by_ref = {p: s for p, s in members if s["kind"] == "contract" and s["status"] == "ok"}
    theme_order = [name for name, _ in portfolio.themes]
    themes = sorted(
        group(rows, "theme"), key=lambda t: ([*theme_order, t["theme"]]).index(t["theme"])
    )

    def contract_extra(ref: str) -> Row:
        s = by_ref[ref]
        return {
            "reference": s["reference"],
            "supplier": s["supplier"],
            "title": s["title"],
            "overdue": s["overdue"],
            "local_year": _local(s, "year"),
            "local_to_date": _local(s, "to_date"),
        }

    def supplier_extra(name: str) -> Row:
        return {"overdue": sum(s["overdue"] for s in by_ref.values() if s["supplier"] == name)}

    return {
        "totals": _figures(rows, False) | {"overdue": sum(s["overdue"] for s in by_ref.values())},
        "themes": themes,
        "outcomes": sorted(group(rows, "outcome"), key=lambda o: o["outcome"]),
        "measures": sorted(group(rows, "measure"), key=lambda m: m["measure"]),
        "suppliers": sorted(group(rows, "supplier", supplier_extra), key=lambda m: m["supplier"]),
        "contracts": group(rows, "contract", contract_extra),
    }


__all__ = ["PENNY", "TENTH", "aggregate", "gbp", "group", "kpi_rows", "percent"]
