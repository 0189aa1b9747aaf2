"""An inline SVG bar chart of each bidder's weighted points by criterion, drawn from data.

Safety: bidder names appear only as the escaped text content of ``<text>`` elements. Every
attribute (coordinates, colours, sizes) is generated here from numbers and a fixed palette.
Accessibility: the SVG's ``<title>`` (which WeasyPrint uses as the PDF figure's alternate text)
is a generic description pointing to the table of the same numbers; it holds no bidder data.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs
from markupsafe import Markup, escape

from .figures import at_most_places

#: Colour-blind-safe palette (Okabe-Ito), cycled by criterion order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
ALT_TEXT = (
    "Bar chart of the social value points each ranked bidder scored, stacked by criterion. "
    "The same figures are given in the table that follows the chart."
)
WIDTH, LABEL_W, TOTAL_W, ROW_H, BAR_H, TOP = 680, 200, 60, 26, 16, 24
LABEL_SIZE, LEGEND_SIZE = 11, 10.5


@attrs.frozen
class Bar:
    """One bidder's row: a label and the points for each criterion, in criterion order."""

    label: str
    values: tuple[Decimal, ...]
    total_text: str


def _em(char: str) -> float:
    """A generous estimate of a character's advance width, in em."""
    if char in "ijlrtfI.,:;'|!() ":
        return 0.35
    if char in "MW@%&mw" or not char.isascii():
        return 1.0
    return 0.72 if char.isupper() or char.isdigit() else 0.58


def fit(text: str, width: float, size: float) -> str:
    """``text`` on one line, cut with an ellipsis so that it fits ``width`` at font ``size``."""
    text = " ".join(text.split())
    if sum(_em(c) for c in text) * size <= width:
        return text
    room, out = width / size - _em("…"), []
    for char in text:
        room -= _em(char)
        if room < 0:
            break
        out.append(char)
    return "".join(out).rstrip() + "…"


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar_chart_svg(
    bars: Sequence[Bar],
    legend: Sequence[str],
    out_of: Decimal,
) -> Markup:
    """SVG markup for horizontal stacked bars, one per bidder, on a 0..``out_of`` axis."""
    plot_w = WIDTH - LABEL_W - TOTAL_W
    scale = float(plot_w) / float(out_of) if out_of > 0 else 0.0
    legend_rows = (len(legend) + 1) // 2
    height = TOP + ROW_H * len(bars) + 24 + 18 * legend_rows + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="chart-svg">',
        f"<title>{escape(ALT_TEXT)}</title>",
    ]
    ticks = _ticks(out_of)
    axis_y = TOP + ROW_H * len(bars)
    for tick in ticks:
        x = LABEL_W + float(tick) * scale
        parts.append(
            f'<line x1="{_n(x)}" y1="{TOP - 6}" x2="{_n(x)}" y2="{axis_y}" '
            'stroke="#cccccc" stroke-width="0.8"/>'
        )
        parts.append(
            f'<text x="{_n(x)}" y="{TOP - 10}" font-size="10" text-anchor="middle" '
            f'fill="#444444">{escape(at_most_places(tick))}</text>'
        )
    for row, bar in enumerate(bars):
        y = TOP + row * ROW_H + (ROW_H - BAR_H) / 2
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{_n(y + BAR_H - 4)}" font-size="{LABEL_SIZE}" '
            f'text-anchor="end" fill="#111111">{escape(fit(bar.label, LABEL_W - 12, LABEL_SIZE))}'
            "</text>"
        )
        x = float(LABEL_W)
        for index, value in enumerate(bar.values):
            width = max(0.0, float(value) * scale)
            if width > 0:
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{BAR_H}" '
                    f'fill="{PALETTE[index % len(PALETTE)]}" stroke="#ffffff" stroke-width="0.6"/>'
                )
            x += width
        parts.append(
            f'<text x="{_n(x + 6)}" y="{_n(y + BAR_H - 4)}" font-size="11" '
            f'fill="#111111">{escape(bar.total_text)}</text>'
        )
    parts.append(
        f'<line x1="{LABEL_W}" y1="{axis_y}" x2="{LABEL_W + plot_w}" y2="{axis_y}" '
        'stroke="#444444" stroke-width="1"/>'
    )
    legend_y = axis_y + 24
    for index, text in enumerate(legend):
        lx = LABEL_W + (index % 2) * (plot_w // 2)
        ly = legend_y + (index // 2) * 18
        parts.append(
            f'<rect x="{_n(lx)}" y="{ly - 10}" width="12" height="12" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
        )
        parts.append(
            f'<text x="{_n(lx + 18)}" y="{ly}" font-size="{LEGEND_SIZE}" fill="#111111">'
            f"{escape(fit(text, plot_w / 2 - 24, LEGEND_SIZE))}</text>"
        )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _ticks(out_of: Decimal) -> list[Decimal]:
    """About five evenly spaced ticks from 0 to ``out_of`` on a 1-2-5 step."""
    if out_of <= 0:
        return [Decimal(0)]
    raw = out_of / 5
    magnitude = Decimal(10) ** (raw.adjusted())
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    ticks, value = [], Decimal(0)
    while value <= out_of:
        ticks.append(value)
        value += step
    return ticks
