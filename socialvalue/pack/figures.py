"""Turn results.json figures (decimal strings) into the text printed in packs and summaries.

Each function reads a results.json decimal string (:func:`record_decimal`) and writes it with
:mod:`socialvalue.formatting`, so the templates, the tests and the docs agree:

* rounded figures (keys ending ``_rounded``) are printed as the engine wrote them, never
  re-rounded;
* unrounded points are printed to the rubric's ``rounding.places`` decimal places (half up) and
  the page says so;
* scale scores, quantities and percentages are printed exactly when they have at most
  ``places`` decimals, else to ``places`` decimals;
* money in the one money style, :func:`socialvalue.formatting.money` (``GBP 124,500``), the
  style of the engine's sentences that the pack quotes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import formatting
from ..names import visible

DEFAULT_PLACES = 3


def record_decimal(value: object) -> Decimal:
    """A results.json decimal string (or int) as a :class:`Decimal`; anything else is a bug."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise TypeError(f"expected a decimal string, got {type(value).__name__} {value!r}")
    try:
        result = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite decimal: {value!r}")
    return result


def at_most_places(value: object, places: int = DEFAULT_PLACES) -> str:
    """``"60"`` -> ``60``, ``"20000"`` -> ``20,000``, ``"53.3333"`` -> ``53.333`` (places 3)."""
    return formatting.at_most_places(record_decimal(value), places)


def points(value: object, places: int = DEFAULT_PLACES) -> str:
    """Points to ``places`` decimals: ``"3.6144578..."`` -> ``3.614``; ``"5"`` -> ``5.000``."""
    return formatting.fixed_places(record_decimal(value), places)


def rounded(value: object) -> str:
    """A figure the engine has already rounded, with the places it has: ``"7.000"`` -> ``7.000``."""
    number = record_decimal(value)
    exponent = number.as_tuple().exponent
    return formatting.fixed_places(number, max(0, -exponent) if isinstance(exponent, int) else 0)


def money(value: object, currency: str) -> str:
    """``"124500"``, ``"GBP"`` -> ``GBP 124,500``; ``"0.3"`` -> ``GBP 0.30``."""
    return formatting.money(record_decimal(value), currency)


def percent(value: object, places: int = DEFAULT_PLACES) -> str:
    """A percentage already times 100: ``"6.225"`` -> ``6.225%``, ``"4.5"`` -> ``4.5%``."""
    return formatting.percent(record_decimal(value), places)


def fraction_percent(value: object, places: int = 1) -> str:
    """A fraction 0..1 as a percentage: ``"0.7228..."`` -> ``72.3%``."""
    return formatting.fraction_as_percent(record_decimal(value), places)


def long_date(value: dt.datetime | dt.date) -> str:
    """``1 March 2026`` (the date only, in UTC for datetimes)."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).date()
    return f"{value.day} {value:%B %Y}"


def iso_date(text: str) -> str:
    """An ISO date string from results.json as ``1 March 2026`` (unparseable text unchanged)."""
    try:
        return long_date(dt.date.fromisoformat(text))
    except (TypeError, ValueError):
        return str(text)


def ordinal(n: int) -> str:
    """``1`` -> ``1st``, ``12`` -> ``12th``, ``23`` -> ``23rd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def visible_text(value: Any) -> Any:
    """``value`` (a results.json tree) as it is printed: in every string, each control and
    format character but tab and newline shown as a ``<U+200B>`` marker
    (:func:`~socialvalue.names.visible`), and lone surrogates replaced.

    A control character has no glyph (WeasyPrint then writes a font encoding that some PDF
    readers cannot decode); a zero-width space makes two names look the same, and a bidi
    override reverses the text after it. results.json keeps the exact text.
    """
    if isinstance(value, str):
        shown = visible(value, keep="\t\n\r")
        return shown.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {k: visible_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [visible_text(v) for v in value]
    return value
