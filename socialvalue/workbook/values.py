"""Turn messy cell values into clean ones, or into a message saying what was wrong.

Every ``parse_*`` function returns the value, or an :class:`Invalid` (a ``str`` subclass holding
the problem message, such as ``expected a number of 0 or more, found "about five"``). The caller
adds where and in what context, so test with ``isinstance(result, Invalid)``. Nothing here
raises for bad input.

Decisions:

* Numbers are :class:`~decimal.Decimal`, never built from a float's binary value: a float from
  python-calamine goes through its shortest round-trip text (``repr``), so ``0.1`` stays
  ``Decimal("0.1")`` and ``5.0`` becomes ``Decimal("5")``. A float needing more than 15
  significant digits (``0.30000000000000004``, a saved formula result) is rounded to 15, the
  precision Excel itself shows and works to.
* Text numbers may have spaces around them, ``£`` before them, thousands separated by commas or
  spaces (only in groups of three, so a European ``1,5`` is refused rather than read as 15), and
  a sign. ``12.5%`` is accepted only when the caller asks for a percentage, and then means 0.125,
  the value Excel stores for a cell showing 12.5%. Other currencies, words, exponents, booleans,
  dates, NaN and infinity are refused.
* Every number, typed or stored, must be sane: under 10^15 in magnitude and, unless 0, at least
  10^-15, with at most 40 digits and 40 decimal places (the bounds ``socialvalue.yamlnodes``
  puts on rubric and tender numbers). Scoring is exact, so a quantity typed as 1 followed by
  99,999 zeros, or stored as ``1e-300``, would otherwise reach it.
* Dates: a date or datetime from calamine, ISO ``2026-11-22``, UK ``22/11/2026`` (also with ``-``
  or ``.``) and ``22 November 2026``. Never US month-first; never two-digit years.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from ..formatting import plain_decimal
from ..yamlnodes import MAX_DIGITS, is_sane_number

__all__ = [
    "Invalid",
    "decimal_from_float",
    "neutralise_formula",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "parse_text",
    "word_count",
]


class Invalid(str):
    """A problem message returned in place of a value (a ``str``, so it prints as itself)."""

    __slots__ = ()


_SPACES = "\u00a0\u202f\u2009 "
_NUMBER = re.compile(
    r"""^(?P<sign1>[-+\u2212])?\s*(?P<pound>£)?\s*(?P<sign2>[-+\u2212])?\s*
        (?P<digits>
            [0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?
          | [0-9]{1,3}(?:[\u00a0\u202f\u2009\ ][0-9]{3})+(?:\.[0-9]*)?
          | [0-9]+(?:\.[0-9]*)?
          | \.[0-9]+
        )
        \s*(?P<percent>%)?$""",
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_SIGNIFICANT = 15
OUT_OF_RANGE = (
    "which is outside what can be read (under 10^15 and, unless 0, at least 10^-15, "
    f"with at most {MAX_DIGITS} digits)"
)


def decimal_from_float(value: float) -> Decimal:
    """A float as the Decimal its shortest text shows (at most 15 significant digits)."""
    number = Decimal(repr(value))
    if len(number.as_tuple().digits) > MAX_SIGNIFICANT:
        number = Decimal(format(value, f".{MAX_SIGNIFICANT}g"))
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def _found(raw: object) -> str:
    """How a value is named in a message: ``"about five"``, ``an empty cell``, ``TRUE``..."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "an empty cell"
    if isinstance(raw, str):
        return _quoted(raw)
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time():
            return f"a date ({raw:%d/%m/%Y})"
        return f"a date and time ({raw:%d/%m/%Y %H:%M})"
    if isinstance(raw, dt.date):
        return f"a date ({raw:%d/%m/%Y})"
    if isinstance(raw, dt.time):
        return f"a time ({raw:%H:%M})"
    if isinstance(raw, dt.timedelta):
        return "a duration"
    if isinstance(raw, float) and not math.isfinite(raw):
        return f"an invalid number ({raw})"
    if isinstance(raw, Decimal) and not raw.is_finite():
        return f"an invalid number ({raw})"
    if isinstance(raw, (int, float, Decimal)):
        number = decimal_from_float(raw) if isinstance(raw, float) else Decimal(raw)
        # An absurd number is quoted as Decimal writes it and cut to 60 characters.
        return plain_decimal(number) if is_sane_number(number) else _quoted(str(number))
    return f"a value of type {type(raw).__name__}"


def _bound(number: Decimal, percent: bool) -> str:
    return f"{plain_decimal(number * 100)}%" if percent else plain_decimal(number)


def _expected_number(lowest: Decimal | None, highest: Decimal | None, percent: bool) -> str:
    what = "a percentage" if percent else "a number"
    if lowest is not None and highest is not None:
        return f"{what} from {_bound(lowest, percent)} to {_bound(highest, percent)}"
    if lowest is not None:
        return f"{what} of {_bound(lowest, percent)} or more"
    if highest is not None:
        return f"{what} of {_bound(highest, percent)} or less"
    return what


def _to_decimal(value: object) -> Decimal | None:
    """A number given as int, float or Decimal (not bool), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return decimal_from_float(value) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    return None


def _number_from_text(text: str, percent: bool) -> Decimal | None:
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    if match.group("sign1") and match.group("sign2"):
        return None
    if match.group("percent") and (match.group("pound") or not percent):
        return None
    digits = match.group("digits").replace(",", "")
    for space in _SPACES:
        digits = digits.replace(space, "")
    if len(digits) > 2 * MAX_DIGITS:  # not sane (so refused below) and not worth converting
        return Decimal("Infinity")
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits and one dot
        return None
    if (match.group("sign1") or match.group("sign2") or "+") in "-\u2212":
        number = -number
    if match.group("percent"):
        number = number.scaleb(-2)
    return number


def parse_decimal(
    raw: object,
    *,
    minimum: Decimal | int | str | None = None,
    maximum: Decimal | int | str | None = None,
    allow_negative: bool = False,
    percent: bool = False,
) -> Decimal | Invalid:
    """A number from a cell, or an :class:`Invalid` message.

    Without ``minimum`` the lowest allowed is 0, or no limit with ``allow_negative``; an explicit
    ``minimum`` wins over ``allow_negative``. With ``percent``, text such as ``"12.5%"`` is read
    as 0.125 and the bounds are fractions (``maximum=1`` is 100%), shown as percentages.
    """
    lowest = Decimal(str(minimum)) if minimum is not None else None
    if lowest is None and not allow_negative:
        lowest = Decimal(0)
    highest = Decimal(str(maximum)) if maximum is not None else None
    expected = _expected_number(lowest, highest, percent)
    number = _number_from_text(raw, percent) if isinstance(raw, str) else _to_decimal(raw)
    if number is None:
        return Invalid(f"expected {expected}, found {_found(raw)}")
    if not is_sane_number(number):
        return Invalid(f"expected {expected}, found {_found(raw)}, {OUT_OF_RANGE}")
    if number == 0:
        number = abs(number)  # no "-0"
    if (lowest is not None and number < lowest) or (highest is not None and number > highest):
        return Invalid(f"expected {expected}, found {_found(raw)}")
    return number


def parse_text(raw: object) -> str:
    """Text from a cell: trimmed, internal newlines kept (as ``\\n``), control characters removed.

    Numbers become their plain text (``5.0`` -> ``"5"``, ``0.1`` -> ``"0.1"``), booleans
    ``TRUE``/``FALSE``, dates ISO ``2026-11-22``; an empty cell is ``""``.
    """
    if raw is None:
        return ""
    if isinstance(raw, str):
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL.sub("", text).strip()
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, (int, float, Decimal)):
        number = _to_decimal(raw)
        return str(raw) if number is None else plain_decimal(number)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, (dt.date, dt.time)):
        return raw.isoformat()
    return str(raw).strip()


def word_count(text: str) -> int:
    """Words as a word processor counts them: runs of non-space holding a letter or digit.

    ``well-being`` and ``10,000`` are one word each; a lone bullet or dash is none.
    """
    return len(_WORD.findall(text))


# From a token's first letter or digit to its end: one match per word. ``[^\W_]`` is exactly
# str.isalnum, and ``\S`` is the complement of what str.split() splits on.
_WORD = re.compile(r"[^\W_]\S*")


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ][0-9:.]+)?$")
_UK_DATE = re.compile(r"^([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})$")
_WORDS_DATE = re.compile(r"^([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+([0-9]{4})$")
DATE_EXAMPLE = "22/11/2026"


def parse_date(raw: object) -> dt.date | Invalid:
    """A date from a cell (a calamine date/datetime, or text), or an :class:`Invalid` message."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    problem = Invalid(f"expected a date (for example {DATE_EXAMPLE}), found {_found(raw)}")
    if not isinstance(raw, str):
        return problem
    text = " ".join(raw.split())
    parts: tuple[int, int, int] | None = None
    if match := _ISO_DATE.match(text):
        parts = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif match := _UK_DATE.match(text):
        parts = int(match.group(4)), int(match.group(3)), int(match.group(1))
    elif (match := _WORDS_DATE.match(text)) and match.group(2).lower() in _MONTHS:
        parts = int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1))
    if parts is None:
        return problem
    try:
        return dt.date(*parts)
    except ValueError:
        return problem


def _choice_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _alternatives(choices: list[str]) -> str:
    quoted = [f'"{choice}"' for choice in choices]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} or {quoted[1]}"
    return "one of " + ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def parse_choice(raw: object, choices: Iterable[str]) -> str | Invalid:
    """One of ``choices`` (returned as spelled there), ignoring case and spacing, or Invalid."""
    options = list(choices)
    wanted = _choice_key(parse_text(raw))
    for option in options:
        if _choice_key(option) == wanted:
            return option
    return Invalid(f"expected {_alternatives(options)}, found {_found(raw)}")


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise_formula(text: str) -> str:
    """Make text safe to write into a spreadsheet cell: never read as a formula (CSV injection).

    Text starting with ``= + - @``, a tab, CR or LF (or their full-width forms) gets a leading
    apostrophe, as OWASP advises. We write the cell as a string, so the apostrophe is *shown*:
    deliberate, as it is visible rather than silent tampering, it survives a re-save as CSV (where
    Excel's hidden quote prefix would be lost), and removing one leading ``'`` gives the original.
    An invisible prefix (U+200B) was rejected: text that looks identical but compares unequal.
    """
    if text and text[0] in FORMULA_TRIGGERS:
        return "'" + text
    return text
