"""The one formatting module: decimals, percentages and money as text for every output."""

from __future__ import annotations

import ast
import decimal
from decimal import Decimal
from pathlib import Path

import pytest

from socialvalue import formatting
from socialvalue.formatting import (
    at_most_places,
    currency_code,
    decimal_places,
    exact_money,
    exact_money_amount,
    fixed_places,
    fraction_as_percent,
    group_thousands,
    kept_places,
    money,
    percent,
    plain_decimal,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("7.2500", "7.25"),
        ("1E+2", "100"),
        ("0E-50", "0"),
        ("-0.00", "0"),
        ("-3.10", "-3.1"),
        ("120", "120"),
        ("0.000001", "0.000001"),
        ("1E-7", "0.0000001"),
    ],
)
def test_plain_decimal(value: str, text: str) -> None:
    assert plain_decimal(Decimal(value)) == text


def test_plain_decimal_ignores_the_ambient_context() -> None:
    long = Decimal("1.0000000000000000000000000000000000000000000000001")
    with decimal.localcontext(decimal.Context(prec=5)):
        assert plain_decimal(long) == str(long)
        assert decimal_places(long) == 49


def test_places_and_kept_places() -> None:
    assert decimal_places(Decimal("2.50")) == 1
    assert decimal_places(Decimal("1E+2")) == 0
    assert decimal_places(Decimal("0.000")) == 0
    assert kept_places(Decimal("7.600")) == "7.600"
    assert kept_places(Decimal("1E+1")) == "10"


def test_numbers_with_places() -> None:
    assert fixed_places(Decimal("1234.5")) == "1,234.50"
    assert fixed_places(Decimal("0.0005"), 3) == "0.001"  # half up
    assert fixed_places(Decimal("-0.0004"), 3) == "0.000"  # never -0
    assert at_most_places(Decimal("20000"), 3) == "20,000"
    assert at_most_places(Decimal("53.33333333"), 3) == "53.333"
    assert at_most_places(Decimal("4.50"), 3) == "4.5"
    assert percent(Decimal("6.225"), 3) == "6.225%"
    assert fraction_as_percent(Decimal("0.72289156626506")) == "72.3%"
    assert group_thousands("-1234567.25") == "-1,234,567.25"
    assert group_thousands("12") == "12"


def test_money_one_style() -> None:
    assert money(Decimal("124500.00"), "GBP") == "GBP 124,500"
    assert money(Decimal("0.3"), "GBP") == "GBP 0.30"
    assert money(Decimal("1234.565"), "EUR") == "EUR 1,234.57"  # half up to the cent
    assert money(Decimal("0.004"), "GBP") == "GBP 0"
    assert exact_money(Decimal("1234.565"), "EUR") == "EUR 1,234.565"
    assert exact_money(Decimal("1234.5"), "GBP") == "GBP 1,234.50"
    assert exact_money_amount(Decimal("335333.33333333333")) == "335,333.333333..."
    assert exact_money_amount(Decimal("0.10000001")) == "0.10..."
    assert currency_code("CHF") == "CHF"
    for bad in ("gbp", "£", "GB", "EURO", "ÄBC"):
        with pytest.raises(ValueError):
            currency_code(bad)
    for wrong in (1.5, "1", None, True):
        with pytest.raises(TypeError):
            money(wrong, "GBP")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        money(Decimal("Infinity"), "GBP")


def test_formatting_is_the_bottom_layer() -> None:
    tree = ast.parse(Path(formatting.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module in (
                "__future__",
                "collections.abc",
                "decimal",
            ), node.module
        elif isinstance(node, ast.Import):
            assert all(alias.name == "decimal" for alias in node.names)


def test_engine_sentences_write_the_rubrics_currency() -> None:
    from test_scoring_helpers import inputs, proxy_set, simple_rubric

    from socialvalue.scoring import evaluate

    rub = simple_rubric(
        qual=None,
        extra="currency: EUR\ncredibility: {max_share_of_contract_percent: 50}\n"
        "tie_breaks: [{rule: social_value_gbp}]",
    )
    bids = {"a": {"q": {"M1": 40}}, "b": {"q": {"M1": 30}}}
    ev = evaluate(inputs(rub, bids, proxies=proxy_set(currency="EUR")))
    texts = [f.reason for f in ev.flags]
    texts += [c.method.text for b in ev.bidders for c in b.criteria if c.method]
    texts += [c.explanation for b in ev.bidders for c in b.criteria]
    assert any("claims EUR 1,200,000 of social value" in t for t in texts), texts
    assert any("divided by the best eligible EUR 1,200,000" in t for t in texts), texts
    assert not any("GBP" in t for t in texts), texts
