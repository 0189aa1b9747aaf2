"""Inline SVG line charts of a KPI's profile (committed, cumulative) against its verified and
returned delivery over the periods of the term.

Safety as in :mod:`socialvalue.pack.chart`: every attribute is made here from numbers and a
fixed palette; text (period labels, figures) is only escaped element content. The SVG's
``<title>`` is a generic description pointing to the table of the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs
from markupsafe import Markup, escape

from ..formatting import plain_decimal

#: Okabe-Ito: profile blue, verified green, returned orange (dashed).
PROFILE, VERIFIED, RETURNED = "#0072B2", "#009E73", "#E69F00"
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 680, 200, 70, 30, 26, 46
ALT_TEXT = (
    "Line chart of the profile to date (what was committed) against what was verified and "
    "what was returned, cumulatively, period by period. The same figures are in the tables."
)


@attrs.frozen
class Series:
    """The chart's data: period labels and three cumulative series (None: not yet)."""

    labels: tuple[str, ...]
    profile: tuple[Decimal, ...]
    verified: tuple[Decimal | None, ...]
    returned: tuple[Decimal | None, ...]


def _n(value: float) -> str:
    return f"{value:.1f}"


def _top(values: Sequence[Decimal]) -> Decimal:
    most = max(values, default=Decimal(0))
    return most if most > 0 else Decimal(1)


def _points(values: Sequence[Decimal | None], x: Sequence[float], y: object) -> str:
    return " ".join(
        f"{_n(xi)},{_n(y(v))}"  # type: ignore[operator]
        for xi, v in zip(x, values, strict=True)
        if v is not None
    )


def line_chart_svg(series: Series, unit: str) -> Markup:
    """The chart as inline SVG markup."""
    count = max(len(series.labels), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    known = [v for v in (*series.profile, *series.verified, *series.returned) if v is not None]
    top = _top(known)
    step = plot_w / max(count - 1, 1)
    x = [LEFT + i * step for i in range(len(series.labels))]

    def y(value: Decimal) -> float:
        return TOP + plot_h - float(value / top) * plot_h

    parts = [
        # the page's width, scaled: a chart as wide as the pack's would overflow a portrait page
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f"<title>{escape(ALT_TEXT)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#444" stroke-width="1"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#444" '
        'stroke-width="1"/>',
        f'<text x="{LEFT - 6}" y="{_n(TOP + 4)}" font-size="10" text-anchor="end">'
        f"{escape(plain_decimal(top))}</text>",
        f'<text x="{LEFT - 6}" y="{_n(TOP + plot_h)}" font-size="10" text-anchor="end">0</text>',
        f'<text x="{LEFT}" y="{TOP - 10}" font-size="10">{escape(unit)}</text>',
    ]
    every = max(1, -(-count // 12))
    for i, label in enumerate(series.labels):
        if i % every == 0:
            parts.append(
                f'<text x="{_n(x[i])}" y="{TOP + plot_h + 16}" font-size="9" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for values, colour, dash in (
        (series.profile, PROFILE, ""),
        (series.returned, RETURNED, ' stroke-dasharray="5,3"'),
        (series.verified, VERIFIED, ""),
    ):
        points = _points(values, x, y)
        if points:
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
    legend_y = HEIGHT - 6
    for i, (name, colour) in enumerate(
        (("Profile (committed)", PROFILE), ("Returned", RETURNED), ("Verified", VERIFIED))
    ):
        lx = LEFT + i * 170
        parts.append(
            f'<rect x="{lx}" y="{legend_y - 8}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{lx + 20}" y="{legend_y}" font-size="10">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def chart_rows(series: Series, show: Callable[[Decimal], str]) -> list[dict[str, str]]:
    """The chart's figures for the table after it: one row per period, each series' value to
    date as ``show`` writes it (blank where a series has no value yet)."""
    return [
        {
            "period": label,
            "profile": show(profile),
            "returned": "" if returned is None else show(returned),
            "verified": "" if verified is None else show(verified),
        }
        for label, profile, returned, verified in zip(
            series.labels, series.profile, series.returned, series.verified, strict=True
        )
    ]


__all__ = ["Series", "chart_rows", "line_chart_svg"]
