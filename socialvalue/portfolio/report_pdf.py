"""portfolio.pdf: the annual social value report, tagged (PDF/UA-1) like the pack.

:func:`portfolio_context` builds the template's context from portfolio.json's content (display
text and charts; kept apart from rendering so other formats can reuse it);
:func:`write_portfolio_pdf` renders ``templates/portfolio/portfolio.html.j2`` (sandboxed,
autoescaped, bundled assets only). Dated by the reporting year's end: same record, same bytes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..delivery.ratings import RATINGS
from ..formatting import money
from ..render import RenderJob, make_environment
from ..resources import templates_dir
from .chart import bars_svg

TEMPLATE = "portfolio/portfolio.html.j2"
CURRENCY = "GBP"


def _money(text: str | None) -> str:
    return "" if text is None else money(Decimal(text), CURRENCY)


def _pct(text: str | None) -> str:
    return "" if text is None else f"{text}%"


def _figures(entry: dict[str, Any]) -> dict[str, str]:
    return {
        "committed": _money(entry["gbp_committed"]),
        "due_year": _money(entry["gbp_due_year"]),
        "delivered_year": _money(entry["gbp_delivered_year"]),
        "verified_year": _money(entry["gbp_verified_year"]),
        "verified_to_date": _money(entry["gbp_verified_to_date"]),
        "share_year": _pct(entry["verified_share_year"]),
        "share_to_date": _pct(entry["verified_share_to_date"]),
    }


def _ratings(entry: dict[str, Any]) -> str:
    counts = entry["ratings"]
    return "; ".join(f"{name} {counts[name]}" for name in RATINGS if counts.get(name))


def portfolio_context(record: dict[str, Any]) -> dict[str, Any]:
    """The template's context for portfolio.json's content ``record``: display text, charts."""
    themes = record["themes"]
    counts = record["totals"]["ratings"]
    theme_chart = bars_svg(
        [
            (
                t["theme"],
                [
                    (Decimal(t["gbp_committed"]), _money(t["gbp_committed"])),
                    (Decimal(t["gbp_verified_to_date"]), _money(t["gbp_verified_to_date"])),
                ],
            )
            for t in themes
        ],
        ("Committed over the term", "Verified to date"),
        "Bar chart of the social value committed and verified by theme; the table after it "
        "gives the same figures.",
    )
    rating_chart = bars_svg(
        [
            (name, [(Decimal(counts[name]), str(counts[name]))])
            for name in RATINGS
            if counts.get(name)
        ],
        ("KPIs",),
        "Bar chart of how many KPIs have each rating; the table after it gives the same figures.",
    )
    local_rows = [
        (c["contract"], c["local_to_date"])
        for c in record["contracts"]
        if c["local_to_date"]["local_percent"] is not None
    ]
    local_chart = (
        bars_svg(
            [
                (ref, [(Decimal(loc["local_percent"]), _pct(loc["local_percent"]))])
                for ref, loc in local_rows
            ],
            ("Local spend, % of the contract's value to date",),
            "Bar chart of each contract's local spend as a share of its value to date; the "
            "table after it gives the same figures.",
        )
        if local_rows
        else None
    )
    return {
        "created": dt.datetime.combine(
            dt.date.fromisoformat(record["year_end"]), dt.time(), dt.UTC
        ),
        "r": record,
        "totals": _figures(record["totals"]) | {"overdue": str(record["totals"]["overdue"])},
        "ratings": [(name, counts[name]) for name in RATINGS if counts.get(name)],
        "themes": [{"name": t["theme"], "ratings": _ratings(t)} | _figures(t) for t in themes],
        "suppliers": [
            {"name": s["supplier"], "ratings": _ratings(s), "overdue": str(s["overdue"])}
            | _figures(s)
            for s in record["suppliers"]
        ],
        "contracts": [
            {
                "ref": c["contract"],
                "title": c["title"],
                "supplier": c["supplier"],
                "ratings": _ratings(c),
                "overdue": str(c["overdue"]),
                "local": _pct(c["local_to_date"]["local_percent"]),
                "vcse": _pct(c["local_to_date"]["vcse_percent"]),
                "sme": _pct(c["local_to_date"]["sme_percent"]),
                "lm3": c["local_to_date"]["lm3"] or "",
            }
            | _figures(c)
            for c in record["contracts"]
        ],
        "theme_chart": theme_chart,
        "rating_chart": rating_chart,
        "local_chart": local_chart,
    }


def write_portfolio_pdf(record: dict[str, Any], path: Path) -> None:
    """Render portfolio.pdf for ``record`` to ``path`` (tagged, reproducible, atomic)."""
    shipped = templates_dir()
    context = portfolio_context(record)
    html = make_environment([shipped]).get_template(TEMPLATE).render(**context)
    RenderJob(html, path, (shipped / "assets",), context["created"]).run()


__all__ = ["portfolio_context", "write_portfolio_pdf"]
