"""Regenerate docs/images/html-*.png: the example tender's HTML documents in headless Chromium.

Evaluates a copy of the example tender with ``--html`` (in a temporary folder) and takes
screenshots with Debian's chromium and chromium-driver through Selenium (given both paths, so
nothing is downloaded): the top of an assessment summary at 1000 px and at 320 px wide, and the
pack's ranking. Run from the repository root:

    .venv/bin/python scripts/make_html_images.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from socialvalue.workflow import copy_example, evaluate_tender

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
SUMMARY = "brightstar-environmental-group-plc"


def _driver() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_argument("--force-device-scale-factor=1")
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tender = copy_example(Path(tmp) / "tender")
        evaluate_tender(tender, html=True, processes=2)
        html = tender / "out" / "html"
        driver = _driver()
        try:
            for name, width, height in (
                ("html-summary", 1000, 900),
                ("html-summary-320", 320, 900),
            ):
                driver.set_window_size(width, height)
                driver.get((html / "summaries" / SUMMARY / "index.html").as_uri())
                driver.save_screenshot(str(IMAGES / f"{name}.png"))
            driver.set_window_size(1000, 900)
            driver.get((html / "pack" / "index.html").as_uri())
            section = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=sec-summary]")
            driver.set_window_size(1000, section.size["height"] + 200)
            table = driver.find_element(By.CSS_SELECTOR, "details.ranking-order")
            driver.execute_script("arguments[0].open = true", table)
            section.find_elements(By.CSS_SELECTOR, ".table-scroll")[0].screenshot(
                str(IMAGES / "html-ranking.png")
            )
        finally:
            driver.quit()
    for name in ("html-summary", "html-summary-320", "html-ranking"):
        print(IMAGES / f"{name}.png")


if __name__ == "__main__":
    main()
