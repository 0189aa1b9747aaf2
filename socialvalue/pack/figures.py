"""Turn results.json figures (decimal strings) into the text printed in packs and summaries.

One place decides how each kind of figure looks, so the templates, the tests and the docs agree:

* rounded figures (keys ending ``_rounded``) are printed as the engine wrote them, never
  re-rounded;
* unrounded points are printed to the rubric's ``rounding.places`` decimal places (half up) and
  the page says so;
* scale scores, quantities and percentages are printed exactly when they have at most
  ``places`` decimals, else to ``places`` decimals;
* money uses :func:`socialvalue.render.money` (two decimals, thousands separators).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from ..render import money as _money
from ..render import num as _num
from ..render import pct as _pct

DEFAULT_PLACES = 3


def dec(value: object) -> Decimal:
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


def _places_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def exact(value: object, places: int = DEFAULT_PLACES) -> str:
    """``"60"`` -> ``60``, ``"20000"`` -> ``20,000``, ``"53.3333"`` -> ``53.333`` (places 3)."""
    number = dec(value)
    return _num(number, min(_places_of(number), places))


def points(value: object, places: int = DEFAULT_PLACES) -> str:
    """Points to ``places`` decimals: ``"3.6144578..."`` -> ``3.614``; ``"5"`` -> ``5.000``."""
    return _num(dec(value), places)


def rounded(value: object) -> str:
    """A figure the engine has already rounded, with the places it has: ``"7.000"`` -> ``7.000``."""
    number = dec(value)
    exponent = number.as_tuple().exponent
    return _num(number, max(0, -exponent) if isinstance(exponent, int) else 0)


def money(value: object, currency: str = "GBP") -> str:
    """``"124500"`` -> ``£124,500.00``."""
    return _money(dec(value), currency)


def percent(value: object, places: int = DEFAULT_PLACES) -> str:
    """A percentage already times 100: ``"6.225"`` -> ``6.225%``, ``"4.5"`` -> ``4.5%``."""
    return exact(value, places) + "%"


def fraction_percent(value: object, places: int = 1) -> str:
    """A fraction 0..1 as a percentage: ``"0.7228..."`` -> ``72.3%``."""
    return _pct(dec(value), places)


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


_CONTROL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def printable(value: Any) -> Any:
    """``value`` (a results.json tree) with control characters removed from every string.

    A stray control character (e.g. the BEL that ruamel.yaml uses to mark folds) has no glyph:
    WeasyPrint then writes a font encoding that some PDF readers cannot decode.
    """
    if isinstance(value, str):
        cleaned = value.translate(_CONTROL)
        return cleaned.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {k: printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable(v) for v in value]
    return value
