"""Issue 14 on a tender built for awkward fractions (tests/awkward_tender.py): every printed line
of arithmetic multiplies out, "unrounded" figures are unrounded, every bid tied for the best
eligible value is named, and the text has no doubled full stops or stray template names.

The example tender's pack gets the same checks in tests/test_pack_parts.py (built once there).
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pack_text
import pikepdf
import pytest
from awkward_tender import BIDDERS, make_awkward_tender
from pypdf import PdfReader
from test_pack_build import need
from test_pack_parts import SUMMARY_HEADINGS, dests

from socialvalue.formatting import operand_places, operand_text, recomputes
from socialvalue.pack import PackReport, build_pack
from socialvalue.scoring.arith import factor
from socialvalue.workflow import score_tender

NAMES = [name for name, *_ in BIDDERS.values()]


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_awkward_tender(tmp_path_factory.mktemp("awkward") / "tender")
    score_tender(folder)
    return folder


@pytest.fixture(scope="module")
def built(tender: Path) -> PackReport:
    return build_pack(tender, processes=2)


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


# --- units ---------------------------------------------------------------------------------


def test_an_operand_gets_the_places_its_line_needs() -> None:
    third = Decimal(1) / Decimal(3)
    (shown,) = operand_places((third,), lambda o: o[0] * 20, Decimal("6.67"), 2)
    assert operand_text(third, shown) == "0.3333..."  # 0.333 x 20 = 6.66, 0.334 x 20 = 6.68
    assert recomputes(shown * 20, Decimal("6.67"), 2)
    (exact,) = operand_places((Decimal("0.8"),), lambda o: o[0] * 10, Decimal("8.00"), 2)
    assert operand_text(Decimal("0.8"), exact) == "0.8"
    # 5/24 x 15 = 3.125 exactly, printed 3.13: no half-up cut of 5/24 recomputes; one up does.
    (half,) = operand_places((Decimal(5) / 24,), lambda o: o[0] * 15, Decimal("3.13"), 2)
    assert operand_text(Decimal(5) / 24, half) == "0.2084..."


def test_the_engine_prints_a_fraction_that_multiplies_out_to_its_points() -> None:
    # 329/600 x 10 = 5.483333...: 0.548333 x 10 = 5.48333 would not give it.
    assert factor(Fraction(329, 600), 10, "5.483333...") == "0.5483333..."
    assert factor(Fraction(4, 5), 10, "8") == "0.8"
    assert factor(Fraction(2, 3), 300000, "GBP 200,000") == "0.666667..."


# --- the awkward tender's pack and summaries ------------------------------------------------


def test_every_line_of_arithmetic_multiplies_out(built: PackReport) -> None:
    pdfs = [built.pack, *(s.path for s in built.summaries)]
    lines = [line for pdf in pdfs for line in pack_text.arithmetic_lines(pdf_text(pdf))]
    assert len(lines) > 40
    assert pack_text.wrong_sums(lines) == []


def test_unrounded_totals_are_unrounded(built: PackReport, tender: Path) -> None:
    data = json.loads((tender / "out" / "results.json").read_text(encoding="utf-8"))
    totals = [Decimal(b["totals"]["total"]) for b in data["bidders"]]
    text = pdf_text(built.pack)
    assert text.count("(unrounded ") == len(NAMES)
    assert pack_text.unrounded_faults(text, totals) == []


def test_every_bid_tied_for_the_best_eligible_value_is_named(built: PackReport) -> None:
    text = pack_text.flat(pdf_text(built.pack))
    # Bravo and Civic both commit 7 FTE on Q1: both hold the best eligible value.
    assert "divided by the best eligible GBP 210,000 (Bravo plc and Civic Works LLP)" in text


def test_no_wrong_text_and_headers_name_each_bidder(built: PackReport, tender: Path) -> None:
    for pdf in [built.pack, *(s.path for s in built.summaries)]:
        assert pack_text.text_faults(pdf_text(pdf)) == [], pdf.name
    pages = pack_text.layout_pages(built.pack, need("pdftotext"))
    data = json.loads((tender / "out" / "results.json").read_text("utf-8"))
    where = dests(pikepdf.open(built.pack))
    starts = [(b["name"], where[f"bidder-{i}"]) for i, b in enumerate(data["bidders"], 1)]
    end = where["sec-moderation"]
    marking = data["tender"]["marking"]
    assert pack_text.bidder_header_faults(pages, starts, end, marking) == []
    for summary in built.summaries:
        pages = pack_text.layout_pages(summary.path, need("pdftotext"))
        assert pack_text.section_header_faults(pages, SUMMARY_HEADINGS, marking) == []
