"""portfolio.json: the portfolio's figures as versioned JSON (decimals as exact strings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..formatting import plain_decimal
from .aggregate import aggregate
from .reading import PortfolioRead

FILE = "portfolio.json"
SCHEMA_VERSION = "1.0"
ROUNDING = {
    "gbp": "to 0.01, ROUND_HALF_UP, after summing exactly",
    "percent": "to 0.1, ROUND_HALF_UP, after dividing exactly",
    "quantities": "exact sums of the returned figures",
}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def portfolio_record(found: PortfolioRead) -> dict[str, Any]:
    """The content of portfolio.json for what was read."""
    p = found.portfolio
    figures = aggregate(p, list(found.members))
    members = [
        {
            "path": path,
            "kind": s["kind"],
            "status": s["status"],
            "reference": s.get("reference"),
            "problems": s["problems"],
        }
        for path, s in found.members
    ]
    return _plain(
        {
            "schema_version": SCHEMA_VERSION,
            "organisation": p.organisation,
            "year_start": p.year_start.isoformat(),
            "year_end": p.year_end.isoformat(),
            "local_area": p.local_area,
            "themes_declared": [{"name": n, "prefixes": list(ps)} for n, ps in p.themes],
            "rounding": ROUNDING,
            "members": members,
            **figures,
        }
    )


__all__ = ["FILE", "ROUNDING", "SCHEMA_VERSION", "portfolio_record"]
