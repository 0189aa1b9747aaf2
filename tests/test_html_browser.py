"""The HTML documents in a real browser (issue 20): headless Debian Chromium via Selenium.

Every document of the example tender (the pack, every summary, the delivery report) and the
example portfolio's report loads with no console message and no request outside its own
folder; axe-core reports no WCAG 2.2 A/AA violation; the summary, the pack's ranking and the
portfolio report have no layout fault at 320 and 1280 px (a screenshot is taken of each); every
chart is an inline SVG image named by fixed text, with a table after it; the hostile-answer
pack of the PDF tests renders as text. One browser for the module; the examples are rendered
once per test process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from socialvalue.pack.context import pack_context
from socialvalue.pack.record import pack_record
from socialvalue.render.html import HtmlDocument, write_documents
from socialvalue.resources import templates_dir
from tests import html_support
from tests import test_pack_build as pdf_cases

WIDTHS = (320, 1280)

#: Layout faults on the page open, inside ``root`` (a CSS selector): the page wider than the
#: window, an element whose content overflows its box (a table's scrolling box excepted), and
#: text blocks that overlap one another.
LAYOUT_FAULTS = """
const root = document.querySelector(arguments[0]);
const faults = [];
const doc = document.documentElement;
if (doc.scrollWidth > window.innerWidth) faults.push(`page ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
const texts = [...root.querySelectorAll("p, li, h1, h2, h3, h4, th, td, dt, dd, caption, figcaption, summary")]
  .filter(el => el.offsetParent !== null && !el.closest("details:not([open]) > :not(summary)"));
for (const el of texts) {
  if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible")
    faults.push(`${el.tagName} overflows its box: ${el.textContent.slice(0, 60)}`);
}
const boxes = texts.map(el => [el, el.getBoundingClientRect()]).filter(([, r]) => r.width && r.height);
for (let i = 0; i < boxes.length; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (x > 1 && y > 1) faults.push(`${a.tagName} and ${b.tagName} overlap: ${a.textContent.slice(0, 40)} / ${b.textContent.slice(0, 40)}`);
  }
}
return faults.slice(0, 20);
"""


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with html_support.browser() as d:
        yield d


@pytest.fixture(scope="module")
def pages() -> tuple[Path, ...]:
    html_support.need_browser()
    return html_support.example().html


@pytest.fixture(scope="module")
def portfolio_page() -> Path:
    html_support.need_browser()
    return html_support.portfolio().html


def _name(page: Path) -> str:
    return page.parent.name


def test_every_document_of_the_example_is_there(pages: tuple[Path, ...]) -> None:
    names = [_name(p) for p in pages]
    assert names[0] == "pack" and names[-1] == "delivery"
    assert len(names) == 8  # the pack, the six summaries, the delivery report


def test_every_page_loads_with_no_console_message_and_no_request_outside_its_folder(
    driver: Any, pages: tuple[Path, ...], portfolio_page: Path
) -> None:
    for page in (*pages, portfolio_page):
        console, requests = html_support.load(driver, page)
        assert console == [], (_name(page), console)
        folder = page.parent.as_uri() + "/"
        assert requests, page  # the log works: the page itself is a request
        outside = [url for url in requests if not url.startswith(folder)]
        assert outside == [], (_name(page), outside)
        # the stylesheet and the font really loaded (a CSP refusal would leave them out)
        assert driver.execute_script("return document.styleSheets.length") >= 2
        assert driver.execute_script(
            "return document.fonts.check('16px \"Source Sans 3\"')"
            " && [...document.fonts].some(f => f.status === 'loaded')"
        ), _name(page)


def test_axe_finds_no_wcag_2_2_a_or_aa_violation_on_any_document(
    driver: Any, pages: tuple[Path, ...], portfolio_page: Path
) -> None:
    found = {}
    for page in (*pages, portfolio_page):
        html_support.load(driver, page)
        violations = html_support.axe_violations(driver)
        if violations:
            found[_name(page)] = violations
    assert found == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_summary_ranking_and_portfolio_have_no_layout_fault(
    driver: Any, pages: tuple[Path, ...], portfolio_page: Path, width: int, tmp_path: Path
) -> None:
    driver.set_window_size(width, 1000)
    summary = next(p for p in pages if p.parent.parent.name == "summaries")
    for page, root in (
        (summary, "main"),
        (pages[0], "section[aria-labelledby=sec-summary]"),
        (portfolio_page, "main"),
    ):
        html_support.load(driver, page)
        inner = driver.execute_script("return window.innerWidth")
        assert abs(inner - width) <= 20, inner  # the window really is that narrow
        shot = tmp_path / f"{_name(page)}-{width}.png"
        assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 1000
        assert driver.execute_script(LAYOUT_FAULTS, root) == [], (_name(page), width)
    driver.set_window_size(1280, 900)


#: Every chart on the page open: its role, its accessible name (as the browser computes it),
#: the text of its attributes, and whether a table follows it before the next heading.
CHARTS = """
return [...document.querySelectorAll("main svg")].map(svg => {
  const after = [...document.querySelectorAll("main table, main h2, main h3")]
    .filter(el => svg.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  return {
    role: svg.getAttribute("role"),
    title: svg.firstElementChild && svg.firstElementChild.tagName === "title"
      ? svg.firstElementChild.textContent : null,
    attributes: [...svg.querySelectorAll("*"), svg].flatMap(el => [...el.attributes].map(a => a.value)).join(" "),
    table_next: after.length > 0 && after[0].tagName === "TABLE",
  };
});
"""


def test_every_chart_is_an_inline_svg_image_named_by_fixed_text_with_a_table_after_it(
    driver: Any, pages: tuple[Path, ...], portfolio_page: Path
) -> None:
    from selenium.webdriver.common.by import By

    seen = 0
    for page in (pages[0], pages[-1], portfolio_page):
        html_support.load(driver, page)
        charts = driver.execute_script(CHARTS)
        names = [e.accessible_name for e in driver.find_elements(By.CSS_SELECTOR, "main svg")]
        assert charts, _name(page)
        for chart, name in zip(charts, names, strict=True):
            assert chart["role"] == "img" and chart["title"], (_name(page), chart)
            assert name == chart["title"] and name.startswith(("Bar chart", "Line chart"))
            assert chart["table_next"], (_name(page), chart["title"])
            for bidder in pdf_cases.HOSTILE_NAMES.values():
                assert bidder not in chart["attributes"]
            assert not re.search(r"[A-Za-z]{4,} (Ltd|CIC|plc)", chart["attributes"])
        seen += len(charts)
    assert seen >= 6


def test_the_ranking_keeps_rank_order_and_offers_other_orders_without_script(
    driver: Any, pages: tuple[Path, ...]
) -> None:
    html_support.load(driver, pages[0])
    tables = driver.execute_script(
        "return [...document.querySelectorAll('section[aria-labelledby=sec-summary] table')].map(t => "
        "[t.caption.textContent, [...t.tBodies[0].rows].map(r => "
        "[...r.cells].map(c => c.textContent.trim()))])"
    )
    ranking = dict(tables)
    assert [row[0] for row in ranking["Ranking"]][:5] == ["1", "2", "3", "4", "5"]
    by_name = ranking["Ranking, by bidder name (A to Z)"]
    names = [row[0] for row in by_name]
    assert names == sorted(names, key=str.lower)
    # the same rows, figures and all, in another order
    assert sorted(by_name) == sorted([r[1], r[0], *r[2:]] for r in ranking["Ranking"])
    # the rank-order table is the one shown; the others wait in a closed <details>
    assert not driver.execute_script("return document.querySelector('details.ranking-order').open")


def _hostile_pack(folder: Path) -> Path:
    """The PDF tests' hostile record (names, answers, evidence, rationales) as the pack's HTML."""
    results = pack_record(pdf_cases.hostile_results())
    context = pack_context(results, generated=pdf_cases.GENERATED)
    shipped = templates_dir()
    (index,) = write_documents(
        folder,
        [HtmlDocument("pack", "pack/pack.html.j2", context)],
        template_dirs=[shipped],
        asset_dirs=[shipped / "assets"],
    )
    return index


def test_hostile_text_renders_as_text_and_reaches_nothing(driver: Any, tmp_path: Path) -> None:
    page = _hostile_pack(tmp_path / "html")
    console, requests = html_support.load(driver, page)
    assert console == []
    assert [u for u in requests if not u.startswith(page.parent.as_uri() + "/")] == []
    elements = driver.execute_script(
        "return document.querySelectorAll('script, iframe, style, img, "
        'a[href^="javascript"], a[href^="http"], link[href^="http"]\').length'
    )
    assert elements == 0
    text = "".join(driver.execute_script("return document.body.innerText").split())
    for hostile in (
        *pdf_cases.HOSTILE_NAMES.values(),
        pdf_cases.ANSWER,
        pdf_cases.EVIDENCE,
        pdf_cases.RATIONALE,
        pdf_cases.CONSENSUS,
    ):
        assert "".join(hostile.split()) in text
