"""Shared by the HTML tests: the example tender's HTML (and PDFs) and the example portfolio's
report made once per test process, and a headless Debian Chromium driven by Selenium.

The browser is Debian's ``chromium`` with its ``chromium-driver`` (``.ci/run`` installs both);
Selenium is given both paths, so Selenium Manager never looks for (or downloads) a browser or a
driver. Without them the browser tests skip, saying why; under CI (``CI=true``) they fail.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest

from socialvalue.delivery.example import make_example_contract
from socialvalue.delivery.report import write_report
from socialvalue.portfolio.report import write_portfolio_report
from socialvalue.workflow import copy_example, evaluate_tender

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
#: The WCAG 2.2 A and AA rules of axe-core (issue 20).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


@attrs.frozen
class Example:
    """The example tender evaluated with ``--html``, and the example contract's report."""

    tender: Path
    html: tuple[Path, ...]  #: every index.html: the pack, each summary, the delivery report
    delivery_pdf: Path


@functools.cache
def example() -> Example:
    """Made once per test process, in a temporary folder removed at exit."""
    root = Path(tempfile.mkdtemp(prefix="html-example-"))
    atexit.register(shutil.rmtree, root, True)
    tender = copy_example(root / "tender")
    report = evaluate_tender(tender, html=True, processes=2)
    contract = make_example_contract(tender, root / "contract")
    written = write_report(contract, html=True)
    return Example(tender, (*report.pack.html, written.paths[-1]), written.paths[-2])


@attrs.frozen
class Portfolio:
    """The example portfolio reported with ``--html``."""

    folder: Path
    html: Path  #: out/html/portfolio/index.html
    pdf: Path  #: out/portfolio.pdf


@functools.cache
def portfolio() -> Portfolio:
    """Made once per test process, in a temporary folder removed at exit."""
    from tests.test_portfolio_report import copy

    root = Path(tempfile.mkdtemp(prefix="html-portfolio-"))
    atexit.register(shutil.rmtree, root, True)
    folder = copy(root)
    written = write_portfolio_report(folder, html=True)
    return Portfolio(folder, written.paths[-1], written.paths[-2])


def _missing() -> str | None:
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        return "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


def need_browser() -> None:
    """Skip (fail under CI) when the browser or Selenium is missing."""
    missing = _missing()
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(missing + "; CI must run the browser tests")
        pytest.skip(missing)


@contextmanager
def browser(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A headless Chromium (one per test module): console and network logs on, no network
    beyond file:// to reach anyway (no proxy, no background services)."""
    need_browser()
    # The driver's path is given (Service), so Selenium skips Selenium Manager; offline too, in
    # case a later Selenium asks it anyway.
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def load(driver: Any, page: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Open ``page``; (console entries, every URL requested) while it loaded."""
    driver.get_log("browser")  # drop what an earlier page left
    driver.get_log("performance")
    driver.get(page.as_uri())
    driver.execute_script("return document.fonts.ready.then(() => true)")
    console = driver.get_log("browser")
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    return console, requests


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A/AA violations on the page open (run after :func:`load`)."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    script = """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, preload: false})
          .then(r => done(r.violations.map(v => ({id: v.id, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 200))}))))
          .catch(e => done([{id: "axe-error", help: String(e), nodes: []}]));
    """
    driver.set_script_timeout(60)
    return driver.execute_async_script(script, list(AXE_TAGS))
