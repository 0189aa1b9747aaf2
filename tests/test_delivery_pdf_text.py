"""delivery.pdf read back as a contract manager reads it: the example contract's 12 KPIs on a
few pages (two to a page, not one), no text faults, running headers naming what the page holds,
dates and periods never broken inside, and the band's wording not repeated on every period's
row (it is in the contract table)."""

from __future__ import annotations

import json
from pathlib import Path

import pack_text
import pytest
from test_pack_build import need

from socialvalue.delivery.example import make_example_contract
from socialvalue.delivery.report import write_report
from socialvalue.testing import scored_example

MARKER = "· Delivery report"
#: The example contract: 12 KPIs, four returns. One page per KPI made it 23 pages.
MOST_PAGES = 15


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list[str]]:
    root = tmp_path_factory.mktemp("delivery-pdf")
    contract = make_example_contract(scored_example(root), root / "contract")
    write_report(contract)
    out = contract / "out"
    record = json.loads((out / "delivery.json").read_text(encoding="utf-8"))
    pages = pack_text.layout_pages(out / "delivery.pdf", need("pdftotext"))
    return out / "delivery.pdf", record, pages


def test_the_report_is_dense_enough(made):
    _, record, pages = made
    assert len(record["kpis"]) == 12
    assert len(pages) <= MOST_PAGES, f"{len(pages)} pages for 12 KPIs"


def test_no_text_faults(made):
    _, _, pages = made
    # results.json's relative path (../tender/out/) is not a doubled full stop
    assert pack_text.text_faults("\n".join(pages).replace("../", "")) == []


def test_running_headers_name_the_section(made):
    _, _, pages = made
    headers = [pack_text.running_header(page, MARKER) for page in pages[1:]]
    for page, header in zip(pages[1:], headers, strict=True):
        body = page.split("\n", 1)[1]
        # A KPI's periods (not the Local spend section's "spend by period: ..." table).
        if " by period: the rating" in body and "KPI by KPI" not in body:
            assert header == "KPI by KPI", header  # not "Ratings"
        if "Every figure returned" in body or "Who, when" in body:
            assert header in (
                "KPI by KPI",
                "Social value in GBP",
                "Evidence and verification",
                "Local spend",
            )


def test_dates_and_periods_are_never_broken(made):
    _, record, pages = made
    text = "\n".join(pages)
    for kpi in record["kpis"]:
        for period in kpi["periods"]:
            check = period["verification"]
            if check and check["date"]:
                assert f"{check['by']} {check['date']}" not in text  # its own line now
                assert check["date"] in text, f"{check['date']} is broken across lines"
    for line in text.splitlines():
        cells = line.split()
        assert not any(c.endswith(("-Q", "20", "202")) and c[:4].isdigit() for c in cells), line


def test_the_bands_wording_is_not_repeated_on_every_row(made):
    _, record, pages = made
    text = pack_text.flat("\n".join(pages))
    # once in each KPI's heading and once in the Contract Performance Notice
    assert text.count("of the profile to date verified") == 2 * len(record["kpis"])
    assert "this period's figure is queried: not counted" in text
    assert "returned late, 2027-05-21" in text
