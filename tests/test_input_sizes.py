"""The size of what bidders type, and extreme numbers (issue 15, items 7 and 15).

A 99,000-character bidder name passed `check` and `evaluate` had not finished after 15
minutes; 5,000 characters turned a 53-page pack into 125 pages. A contract value of
0.000000000000001 with a quantity of 999,999,999,999,999 ended `evaluate` in
``decimal.InvalidOperation``. Every text field now has a length (socialvalue/forms/lengths.py),
every number sane bounds (socialvalue/bounds.py), and formatting is total.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from awkward_tender import EVALUATORS, SCORES, make_awkward_tender
from forms_support import (
    PROXIES,
    RUBRIC,
    TENDER,
    add_response,
    good_values,
    make_tender,
    patch_part,
    sheet_part,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from socialvalue import formatting
from socialvalue.bounds import QUANTITY_MAX
from socialvalue.forms.lengths import LENGTHS, answer_characters, length_table
from socialvalue.rubric.model import Rounding
from socialvalue.scoring.arith import round_to
from socialvalue.tender.forms import make_scoresheets
from socialvalue.tender.inputs import check_tender
from socialvalue.testing import fill_scoresheet, make_tender_folder

ROOT = Path(__file__).resolve().parents[1]


def _bare(tmp_path: Path, rubric_text: str = RUBRIC, tender_text: str = TENDER) -> Path:
    """A tender folder without the template (a bad rubric or tender.yaml cannot make one)."""
    folder = tmp_path / "t"
    files = {"rubric.yaml": rubric_text, "proxies.yaml": PROXIES}
    make_tender_folder(folder, tender_text, files, template=False)
    return folder


def _errors(folder: Path) -> list[str]:
    return [str(p) for p in check_tender(folder).problems if p.severity == "error"]


# --------------------------------------------------------------------------- lengths (item 7)


@pytest.mark.parametrize("length", [161, 5_000, 32_767])  # 32,767: the most a cell can hold
def test_a_long_bidder_name_is_an_error_naming_its_cell(tmp_path: Path, length: int) -> None:
    folder = make_tender(tmp_path / "t")
    add_response(folder, "acme", good_values("N" * length))
    assert _errors(folder) == [
        "responses/acme.xlsx: Bidder!B4 (bidder's legal name): the text is "
        f"{length:,} characters long, over the limit of 160 for this cell: shorten it"
    ]


def test_a_99000_character_name_as_the_issue_found_it_is_an_error(tmp_path: Path) -> None:
    """Past what openpyxl writes (32,767): the text put in the file's XML, as another program
    could; the reader takes cells up to 100,000 characters, and check refuses it."""
    folder = make_tender(tmp_path / "t")
    path = add_response(folder, "acme", good_values("LONGNAME"))
    patch_part(path, sheet_part(path, "Bidder"), "LONGNAME", "N" * 99_000)
    assert _errors(folder) == [
        "responses/acme.xlsx: Bidder!B4 (bidder's legal name): the text is 99,000 characters "
        "long, over the limit of 160 for this cell: shorten it"
    ]


def test_a_name_at_its_limit_passes(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t")
    add_response(folder, "acme", good_values("N" * 160, contact_name="C" * 200))
    assert _errors(folder) == []


def test_every_long_field_of_a_response_is_reported_together(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t")
    values = good_values(
        contact_name="C" * 201,
        company_number="0" * 21,
        evidence={"M1": "e" * 5_001},
        answers={"W2": "a" * 32_767},
    )
    add_response(folder, "acme", values)
    found = _errors(folder)
    for cell, length, limit in (
        ("Bidder!B5", 21, 20),
        ("Bidder!B6", 201, 200),
        ("Commitments!E6", 5_001, 5_000),
        ("Answers!B", 32_767, 10_000),
    ):
        assert any(
            cell in line and f"{length:,} characters long, over the limit of {limit:,}" in line
            for line in found
        ), (cell, found)
    assert len(found) == 4


def test_an_answer_may_be_as_long_as_its_word_limit_asks() -> None:
    assert answer_characters(None) == answer_characters(500) == 10_000
    assert answer_characters(2_000) == 20_000


def test_the_length_table_is_in_the_docs() -> None:
    docs = (ROOT / "docs" / "workbooks.md").read_text(encoding="utf-8")
    assert length_table() in docs
    assert LENGTHS["bidder_name"].characters == 160


# --------------------------------------------------------------------------- bounds (item 15)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.000000000000001", "value must be at least 1, got 0.000000000000001"),
        ("0", "value must be at least 1, got 0"),
        ("1000000000001", "value must be at most 1000000000000, got 1000000000001"),
    ],
)
def test_a_contract_value_out_of_bounds_is_refused_with_its_line(
    tmp_path: Path, value: str, message: str
) -> None:
    folder = _bare(tmp_path, tender_text=TENDER.replace("2000000", value))
    assert _errors(folder) == [f"tender.yaml:5:10: {message}"]


def test_a_quantity_beyond_a_billion_is_refused_naming_its_cell(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t")
    add_response(folder, "acme", good_values(quantities={"M1": 999_999_999_999_999}))
    assert _errors(folder) == [
        "responses/acme.xlsx: Commitments!D6 (M1 Local people employed, quantity): expected a "
        "number of at most 1,000,000,000 (the most any quantity may be), found 999999999999999"
    ]


def test_a_rubric_max_quantity_beyond_a_billion_is_refused(tmp_path: Path) -> None:
    rubric = RUBRIC.replace("max_quantity: 520", "max_quantity: 1e12")
    folder = _bare(tmp_path, rubric_text=rubric)
    found = _errors(folder)
    assert len(found) == 1 and "max_quantity must be at most 1000000000, got 1e12" in found[0]


def test_a_proxy_value_beyond_a_billion_is_refused(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t")
    proxies = folder / "proxies.yaml"
    text = proxies.read_text(encoding="utf-8")
    proxies.write_text(text.replace("value: 30000", "value: 30000000000"), encoding="utf-8")
    found = _errors(folder)
    assert any(
        'value for `M1` must be at most 1,000,000,000, got "30000000000"' in f for f in found
    )


FINITE = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**40), max_value=10**40)
TINY = st.builds(
    lambda d, e: Decimal(d).scaleb(e), st.integers(-(10**30), 10**30), st.integers(-80, 40)
)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(FINITE, TINY), places=st.integers(0, 20))
def test_formatting_and_rounding_never_raise(value: Decimal, places: int) -> None:
    """Within and far beyond the bounds: every formatting and rounding step is total."""
    for text in (
        formatting.plain_decimal(value),
        formatting.fixed_places(value, places),
        formatting.at_most_places(value, places),
        formatting.percent(value, places),
        formatting.fraction_as_percent(value, places),
        formatting.money(value, "GBP"),
        formatting.exact_money(value, "GBP"),
        formatting.cut_text(value, places, group=True),
    ):
        assert "E" not in text and "NaN" not in text
    for rule in ("half_up", "half_even"):
        rounded = round_to(value, Rounding(places, rule))
        assert abs(rounded - value) <= Decimal(1).scaleb(-places) / 2


def test_rounding_a_quantity_of_a_quadrillion_to_twenty_places_is_exact() -> None:
    """quantize in the ambient context (28 digits) raised InvalidOperation here."""
    assert formatting.fixed_places(Decimal("999999999999999"), 20) == (
        "999,999,999,999,999.00000000000000000000"
    )
    assert formatting.percent(Decimal("1E+32"), 2) == "100" + ",000" * 10 + "%"


# --------------------------------------------------------------------------- rendering stays bounded


def test_a_pack_at_every_limit_renders_in_bounded_pages(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """The longest name, an unbroken answer and evidence at their limits, the least contract
    value and the most quantity: the pack renders (no InvalidOperation) and stays about the
    size of the ordinary one (21 pages; 23 with a 160-character name; 27 with everything
    here, the flags a contract value of 1 raises included)."""
    folder = tmp_path / "t"
    make_awkward_tender(folder)
    tender = folder / "tender.yaml"
    tender.write_text(tender.read_text().replace("value: 2100000", "value: 1"))
    values = good_values(
        "N" * 160,
        quantities={"M1": QUANTITY_MAX, "M2": 52, "M4": 10_000},
        evidence={"M1": "e" * 5_000, "M2": "Weeks.", "M4": "Suppliers."},
        answers={"W1": "x" * 10_000, "W2": "y" * 10_000},
    )
    add_response(folder, "acme", values)
    make_scoresheets(folder, force=True)
    for index, evaluator in enumerate(EVALUATORS):
        fill_scoresheet(
            folder / "scores" / f"{evaluator}.xlsx",
            {(b, p): (s[index], "See the answer.") for (b, p), s in SCORES.items()},
            {b: ("No", None) for b in ("acme", "bravo", "civic")},
        )
    cli(["evaluate", str(folder), "--quiet"])
    pages = len(PdfReader(folder / "out" / "pack.pdf").pages)
    assert pages <= 30
