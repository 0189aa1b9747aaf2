"""Checks on the text of built packs and summaries, read back from the PDFs (issue 14).

* :func:`arithmetic_lines` finds every printed line of arithmetic (``a x b marks = c points``,
  ``a, divided by ... b = c``, ``Total = a + b = c``, ``a ÷ b × c = d``, ``p% of the marks: x of
  m points``, ``Score s of m: fraction f``) and :func:`recomputes` checks each with Decimal: the
  printed operands, combined as the line says, round (half up or half even) to the printed
  result at its printed places. A figure followed by ``...`` is cut, and is taken as printed.
* :func:`text_faults` finds wrong text: doubled full stops, a full stop before ``;`` or ``,``,
  template names leaking into the text, and engine sentences printed twice on a bidder's pages.
* :func:`header_faults` checks that every page's running header names what the page holds.
"""

from __future__ import annotations

import html as html_lib
import itertools
import re
import subprocess
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import attrs

NUM = r"-?\d[\d,]*(?:\.\d+)?(?:\.\.\.)?"
MONEY = r"[A-Z]{3} " + NUM


@attrs.frozen
class Line:
    """One printed line of arithmetic: its text, operands and result (as printed)."""

    text: str
    operands: tuple[str, ...]
    result: str
    combine: Callable[[tuple[Decimal, ...]], Decimal] = attrs.field(eq=False)


def figure(text: str) -> Decimal:
    """``GBP 1,234.5...`` -> 1234.5."""
    return Decimal(re.sub(r"^[A-Z]{3} ", "", text).removesuffix("...").replace(",", ""))


def places(text: str) -> int:
    digits = re.sub(r"^[A-Z]{3} ", "", text).removesuffix("...")
    return len(digits.partition(".")[2])


def _product(values: tuple[Decimal, ...]) -> Decimal:
    result = Decimal(1)
    for value in values:
        result *= value
    return result


PATTERNS: list[tuple[str, Callable[[tuple[Decimal, ...]], Decimal]]] = [
    # "LA-JOBS: 0.776... × 20 marks = 15.52 points", "fraction 0.8 x 10 marks = 8 weighted points"
    (rf"({NUM}) [x×] ({NUM}) marks = ({NUM}) (?:weighted )?points", _product),
    # "GBP 432,500 x credibility 0.8 (score on LA-JOBS-MS / scale maximum) = GBP 346,000"
    (rf"({MONEY}) x credibility ({NUM}) \(score on [^)]*\) = ({MONEY})", _product),
    # "GBP 65,800, divided by the best eligible GBP 120,000 (Name) = 0.548333..."
    (
        rf"({MONEY})(?: \({MONEY} capped at [^)]*\))?, divided by the best eligible ({MONEY}) "
        rf"\([^=]*\) = ({NUM})",
        lambda o: o[0] / o[1],
    ),
    # "Evaluation points = 85.508... ÷ 100 × 10 = 8.55"
    (rf"Evaluation points = ({NUM}) ÷ ({NUM}) × ({NUM}) = ({NUM})", lambda o: o[0] / o[1] * o[2]),
    # "LA-JOBS: 77.6% of the marks: 15.52 of 20 points"
    (rf"({NUM})% of the marks: ({NUM}) of ({NUM}) points", None),  # type: ignore[list-item]
    # "Score 93.333333... of 100: fraction 0.933333..."
    (rf"Score ({NUM}) of ({NUM}): fraction ({NUM})", lambda o: o[0] / o[1]),
    # "Local spend: GBP 120,000 / GBP 2,000,000 contract value x 100 = 6%"
    (rf"({MONEY}) / ({MONEY}) contract value x 100 = ({NUM})%", lambda o: o[0] / o[1] * 100),
    # "Round 2 (local spend) = GBP 120,000 local suppliers + GBP 380,000 local wages = GBP 500,000"
    (
        rf"({MONEY}) local suppliers \+ ({MONEY}) local wages = ({MONEY})",
        lambda o: o[0] + o[1],
    ),
    # "Round 3 (re-spent locally) = GBP 120,000 × 0.5 + GBP 380,000 × 0.4 = GBP 212,000"
    (
        rf"= ({MONEY}) × ({NUM}) \+ ({MONEY}) × ({NUM}) = ({MONEY})",
        lambda o: o[0] * o[1] + o[2] * o[3],
    ),
    # "LM3 = (2,000,000 + 500,000 + 212,000) ÷ 2,000,000 = 1.36"
    (
        rf"LM3 = \(({NUM}) \+ ({NUM}) \+ ({NUM})\) ÷ ({NUM}) = ({NUM})",
        lambda o: (o[0] + o[1] + o[2]) / o[3],
    ),
]
TOTAL = re.compile(rf"Total = ({NUM}(?: \+ {NUM})*) = ({NUM}) of")


def flat(text: str) -> str:
    """Text with every run of whitespace as one space (PDF extraction breaks lines anywhere)."""
    return " ".join(text.split())


def arithmetic_lines(text: str) -> list[Line]:
    """Every line of arithmetic in ``text`` (one page, or several joined)."""
    text = flat(text)
    found: list[Line] = []
    for pattern, combine in PATTERNS:
        for m in re.finditer(pattern, text):
            groups = m.groups()
            if combine is None:  # share of marks: p% x m marks = x points
                share, pts, marks = groups
                found.append(Line(m.group(0), (share, marks), pts, lambda o: o[0] / 100 * o[1]))
                continue
            found.append(Line(m.group(0), tuple(groups[:-1]), groups[-1], combine))
    for m in TOTAL.finditer(text):
        addends = tuple(a.strip() for a in m.group(1).split("+"))
        found.append(Line(m.group(0), addends, m.group(2), lambda o: sum(o, Decimal(0))))
    return found


def recomputes(line: Line) -> bool:
    """Whether the printed operands give the printed result at its printed precision."""
    with localcontext(prec=100):
        shown = line.combine(tuple(figure(o) for o in line.operands))
        unit = Decimal(1).scaleb(-places(line.result))
        printed = figure(line.result)
        return printed in (
            shown.quantize(unit, rounding=ROUND_HALF_UP),
            shown.quantize(unit, rounding=ROUND_HALF_EVEN),
        )


def wrong_sums(lines: Sequence[Line]) -> list[str]:
    return [line.text for line in lines if not recomputes(line)]


# --- wrong text ---------------------------------------------------------------------------

DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # exactly two full stops
STOP_BEFORE = re.compile(r"(?<!\.)\.[;,]")  # "= 1.;" (a cut number's "...;" is fine)
TEMPLATE_NAMES = re.compile(
    r"\{\{|\}\}|\{%|%\}|\b(?:proxy|bidder|criterion|part|row|summary|methodology|tender)\."
    r"(?!yaml|xlsx|json|pdf|csv)[a-z_]{2,}\b"
)
ONE_PLURAL = re.compile(r"(?<![\d.,])1 (?:scale )?steps\b")  # "(1 scale steps)"
#: The engine's method sentences: "GBP 108,000 is 4.5% of contract value; ...".
ENGINE_SENTENCE = re.compile(rf"{MONEY}(?: is |, divided by | x credibility )[^.]*")


def text_faults(text: str) -> list[str]:
    """Doubled full stops, a stop before ``;`` or ``,``, template names in the text, "1 steps"."""
    text = flat(text)
    faults = []
    for pattern, what in (
        (DOUBLED_STOP, "doubled full stop"),
        (STOP_BEFORE, "full stop before ; or ,"),
        (TEMPLATE_NAMES, "template name in the text"),
        (ONE_PLURAL, "one with a plural"),
    ):
        for m in pattern.finditer(text):
            faults.append(f"{what}: …{text[max(0, m.start() - 50) : m.end() + 10]}…")
    return faults


def repeated_sentences(section_text: str) -> list[str]:
    """The engine's method sentences printed more than once in one bidder's section."""
    sentences = [m.group(0) for m in ENGINE_SENTENCE.finditer(flat(section_text))]
    return sorted({s for s in sentences if sentences.count(s) > 1})


# --- pages: running headers and half-empty pages (pdftotext from poppler) -------------------


def layout_pages(pdf: Path, pdftotext: str) -> list[str]:
    """Each page's text laid out as printed, running header first (pypdf leaves artifacts out)."""
    out = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")[:-1]


def running_header(page: str, marker: str) -> str:
    """The right part of the running header: what follows ``marker`` on the page's first line."""
    first = next((line for line in page.splitlines() if line.strip()), "")
    return first.split(marker, 1)[1].strip() if marker in first else ""


def names_page(header: str, name: str) -> bool:
    """Whether ``header`` is ``name``, or its opening words cut short with an ellipsis."""
    return header == name or (header.endswith("…") and name.startswith(header[:-1].rstrip()))


@attrs.frozen
class PageBox:
    """One page's body: how far down its text reaches and its first line."""

    fill: float
    first_line: str


TOP_MARGIN, BOTTOM_MARGIN = 22 * 72 / 25.4, 20 * 72 / 25.4


def page_boxes(pdf: Path, pdftotext: str) -> list[PageBox]:
    """Each page's fill (0: empty, 1: text reaches the bottom margin) and first body line."""
    html = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        height = float(page.group(2))
        top, bottom = TOP_MARGIN, height - BOTTOM_MARGIN
        words = [
            (float(w.group(2)), float(w.group(4)), w.group(5))
            for w in re.finditer(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                page.group(3),
            )
        ]
        body = [w for w in words if w[0] >= top - 1 and w[1] <= bottom + 1]
        if not body:
            boxes.append(PageBox(0.0, ""))
            continue
        first_y = min(w[0] for w in body)
        first = " ".join(w[2] for w in body if abs(w[0] - first_y) < 2)
        fill = (max(w[1] for w in body) - top) / (bottom - top)
        boxes.append(PageBox(fill, html_lib.unescape(first)))
    return boxes


def half_empty_pages(
    boxes: Sequence[PageBox], breaks: Sequence[str], least: float = 0.75
) -> list[int]:
    """1-based pages filled less than ``least`` although the next page does not start with a
    heading that always starts a new page (``breaks``: section titles, bidder names)."""
    return [
        number
        for number, (box, after) in enumerate(itertools.pairwise(boxes), 1)
        if box.fill < least and not after.first_line.startswith(tuple(breaks))
    ]


UNROUNDED = re.compile(rf"\(unrounded ({NUM});")


def unrounded_faults(text: str, totals: Sequence[Decimal]) -> list[str]:
    """Every "unrounded X" that is not a bidder's exact total (or, ending ``...``, its cut)."""
    faults = []
    for m in UNROUNDED.finditer(flat(text)):
        printed = m.group(1)
        value, cut = figure(printed), printed.endswith("...")
        unit = Decimal(1).scaleb(-places(printed))
        if not any(
            (t.quantize(unit, rounding=ROUND_HALF_UP) == value) if cut else (t == value)
            for t in totals
        ):
            faults.append(f"unrounded {printed} is no bidder's exact total")
    return faults


def bidder_header_faults(
    pages: Sequence[str], starts: Sequence[tuple[str, int]], end: int, marker: str
) -> list[str]:
    """Pages of a bidder's part (``starts``: name and 0-based first page, in order; ``end``: the
    page after the last bidder's) whose running header does not name the bidder. The page that
    opens the Bidders section (and the first bidder's part) is headed "Bidders"."""
    faults = []
    bounds = [page for _, page in starts[1:]] + [end]
    for (name, first), after in zip(starts, bounds, strict=True):
        for number in range(first, after):
            header = running_header(pages[number], marker)
            opening = number == starts[0][1] and header == "Bidders"
            if not (opening or names_page(header, name)):
                faults.append(f"page {number + 1} of {name} is headed {header!r}")
    return faults


def section_header_faults(pages: Sequence[str], headings: Sequence[str], marker: str) -> list[str]:
    """Pages whose running header is not the heading the top of the page belongs to: the last
    of ``headings`` begun on an earlier page, or the one the page starts with."""
    faults = []
    current = ""
    for number, page in enumerate(pages):
        lines = [line.strip() for line in page.splitlines() if line.strip()][1:]
        if lines and lines[0] in headings:
            current = lines[0]
        header = running_header(page, marker)
        if number and header != current:
            faults.append(f"page {number + 1} is headed {header!r}, its top is in {current!r}")
        for line in lines:
            if line in headings:
                current = line
    return faults
