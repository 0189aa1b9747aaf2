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

#: Colour-blind-safe palette, in criterion order: Okabe-Ito's eight, then four of Paul Tol's
#: "muted" scheme, so a rubric of up to 12 criteria never shows two in one colour (beyond 12
#: the colours repeat; the table beside the chart has every figure).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#882255",
    "#44AA99",
    "#999933",
    "#999999",
)
ALT_TEXT = (
    "Bar chart of the social value points each ranked bidder scored, stacked by criterion. "
    "The same figures are given in the table that follows the chart."
)
WIDTH, LABEL_W, TOTAL_W, ROW_H, BAR_H, TOP = 680, 200, 60, 26, 16, 24
LABEL_SIZE, LEGEND_SIZE = 11, 10.5
#: Line height of wrapped labels and legend entries, in font sizes.
LINE = 1.2
#: The legend: three columns across the whole width, each entry's text beside its swatch.
LEGEND_COLUMNS, SWATCH_GAP = 3, 18
LEGEND_ROOM = WIDTH / LEGEND_COLUMNS - SWATCH_GAP - 8


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


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines that fit ``width`` at font ``size``; nothing is cut.

    Lines break between words; a word wider than a whole line (untrusted text can hold one)
    is broken between characters.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _pieces(word, width / size):
            candidate = f"{line} {piece}" if line else piece
            if line and _width(candidate) * size > width:
                lines.append(line)
                candidate = piece
            line = candidate
    return [*lines, line] if line or not lines else lines


def _width(text: str) -> float:
    return sum(_em(c) for c in text)


def _pieces(word: str, room: float) -> list[str]:
    """``word`` whole if it fits ``room`` em, else cut into pieces that each fit."""
    if _width(word) <= room:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and _width(piece + char) > room:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def _text(x: float, y: float, lines: Sequence[str], size: float, anchor: str = "start") -> str:
    """A ``<text>`` element of ``lines``, one ``<tspan>`` each, the first baseline at ``y``."""
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{_n(0 if i == 0 else size * LINE)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="#111111">{spans}</text>'
    )


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar_chart_svg(
    bars: Sequence[Bar],
    legend: Sequence[str],
    out_of: Decimal,
) -> Markup:
    """SVG markup for horizontal stacked bars, one per bidder, on a 0..``out_of`` axis.

    Bidder names and legend entries wrap onto as many lines as they need (a row grows to hold
    its name), so every name can be read in full.
    """
    plot_w = WIDTH - LABEL_W - TOTAL_W
    scale = float(plot_w) / float(out_of) if out_of > 0 else 0.0
    labels = [wrap(bar.label, LABEL_W - 12, LABEL_SIZE) for bar in bars]
    heights = [max(ROW_H, LABEL_SIZE * LINE * len(lines) + ROW_H - BAR_H) for lines in labels]
    entries = [wrap(text, LEGEND_ROOM, LEGEND_SIZE) for text in legend]
    legend_rows = [
        max(len(lines) for lines in entries[i : i + LEGEND_COLUMNS]) * LEGEND_SIZE * LINE + 5
        for i in range(0, len(entries), LEGEND_COLUMNS)
    ]
    axis_y = TOP + sum(heights)
    height = round(axis_y + 24 + sum(legend_rows) + 8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="chart-svg">',
        f"<title>{escape(ALT_TEXT)}</title>",
    ]
    for tick in _ticks(out_of):
        x = LABEL_W + float(tick) * scale
        parts.append(
            f'<line x1="{_n(x)}" y1="{TOP - 6}" x2="{_n(x)}" y2="{_n(axis_y)}" '
            'stroke="#cccccc" stroke-width="0.8"/>'
        )
        parts.append(
            f'<text x="{_n(x)}" y="{TOP - 10}" font-size="10" text-anchor="middle" '
            f'fill="#444444">{escape(at_most_places(tick))}</text>'
        )
    row_top = float(TOP)
    for bar, lines, row_h in zip(bars, labels, heights, strict=True):
        y = row_top + (row_h - BAR_H) / 2
        first = y + BAR_H - 4 - (len(lines) - 1) * LABEL_SIZE * LINE / 2
        parts.append(_text(LABEL_W - 8, first, lines, LABEL_SIZE, "end"))
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
        row_top += row_h
    parts.append(
        f'<line x1="{LABEL_W}" y1="{_n(axis_y)}" x2="{LABEL_W + plot_w}" y2="{_n(axis_y)}" '
        'stroke="#444444" stroke-width="1"/>'
    )
    ly = axis_y + 24
    for index, lines in enumerate(entries):
        lx = (index % LEGEND_COLUMNS) * WIDTH / LEGEND_COLUMNS
        parts.append(
            f'<rect x="{_n(lx)}" y="{_n(ly - 10)}" width="12" height="12" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
        )
        parts.append(_text(lx + SWATCH_GAP, ly, lines, LEGEND_SIZE))
        if index % LEGEND_COLUMNS == LEGEND_COLUMNS - 1:
            ly += legend_rows[index // LEGEND_COLUMNS]
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
