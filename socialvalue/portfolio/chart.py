"""Horizontal bar charts for portfolio.pdf, drawn from numbers as inline SVG.

Labels (theme, contract and band names) are only escaped text content; every attribute is made
here from numbers and a fixed palette. The ``<title>`` (the figure's alternate text) is fixed
text naming the table that gives the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from ..pack.chart import PALETTE, wrap

WIDTH, LABEL_W, VALUE_W, BAR_H, GAP, TOP, SIZE = 680, 200, 110, 12, 10, 8, 10


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bars_svg(
    rows: Sequence[tuple[str, Sequence[tuple[Decimal, str]]]],
    legend: Sequence[str],
    alt: str,
) -> Markup:
    """One group per row (label, then a (value, display text) per series, in legend order),
    each series a bar in its palette colour, scaled to the largest value."""
    top = max((v for _, values in rows for v, _ in values), default=Decimal(0))
    scale = float(WIDTH - LABEL_W - VALUE_W) / float(top) if top > 0 else 0.0
    series = max((len(values) for _, values in rows), default=1)
    group_h = series * BAR_H + GAP
    legend_y = TOP + len(rows) * group_h + 6
    height = round(legend_y + 18)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="chart-svg">',
        f"<title>{escape(alt)}</title>",
    ]
    for i, (label, values) in enumerate(rows):
        y0 = TOP + i * group_h
        line = (wrap(label, LABEL_W - 12, SIZE) or [""])[0]
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{_n(y0 + BAR_H)}" font-size="{SIZE}" '
            f'text-anchor="end" fill="#111111">{escape(line)}</text>'
        )
        for j, (value, text) in enumerate(values):
            y = y0 + j * BAR_H
            w = float(value) * scale
            parts.append(
                f'<rect x="{LABEL_W}" y="{_n(y)}" width="{_n(w)}" height="{BAR_H - 2}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"/>'
            )
            parts.append(
                f'<text x="{_n(LABEL_W + w + 4)}" y="{_n(y + BAR_H - 3)}" font-size="9" '
                f'fill="#111111">{escape(text)}</text>'
            )
    x = float(LABEL_W)
    for j, name in enumerate(legend):
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(legend_y)}" width="10" height="10" '
            f'fill="{PALETTE[j % len(PALETTE)]}"/>'
        )
        parts.append(
            f'<text x="{_n(x + 14)}" y="{_n(legend_y + 9)}" font-size="{SIZE}" '
            f'fill="#111111">{escape(name)}</text>'
        )
        x += 14 + len(name) * 6 + 20
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["bars_svg"]
