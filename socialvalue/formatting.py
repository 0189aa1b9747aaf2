"""Decimals, money and percentages as text: one module for every output (bottom layer).

Every function takes a finite :class:`~decimal.Decimal` (or an int) and never a float or a
string; callers convert first (the engine from exact rationals, the pack from results.json
strings). Exact text (:func:`plain_decimal`, :func:`kept_places`, :func:`decimal_places`)
never depends on the ambient decimal context; the rounding functions round with
:meth:`~decimal.Decimal.quantize` in it, as the code they replace did.

* :func:`plain_decimal` -- exact, without exponent or trailing zeros: ``7.2500`` -> ``7.25``.
* :func:`kept_places` -- exact, keeping the places it has: ``7.600`` -> ``7.600``.
* :func:`fixed_places` -- rounded half up to ``places``, thousands separated: ``1,234.50``.
* :func:`at_most_places` -- exact when it has at most ``places`` decimals, else rounded half up
  to ``places``; thousands separated: ``20,000``, ``53.333``.
* :func:`percent` -- a figure already times 100: ``6.225%``;
  :func:`fraction_as_percent` -- a fraction 0..1: ``0.7228...`` -> ``72.3%``.
* :func:`money` -- the one money style (docs/pack.md, "Money"): the ISO 4217 code, a space, the
  amount with thousands separators; whole amounts without decimals, others with (at least) two:
  ``GBP 124,500``, ``GBP 0.30``, ``EUR 1,234.56``. :func:`money` rounds to :data:`MONEY_PLACES`
  (half up) for the pack and summaries; :func:`exact_money` keeps the exact amount for the
  engine's sentences (cut after :data:`SENTENCE_PLACES` decimals, then ``...``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

#: Decimal places a number in a sentence shows before it is cut and followed by ``...``.
SENTENCE_PLACES = 6
#: What follows a cut number.
CUT = "..."
#: Money in the pack and summaries is rounded (half up) to this many places: pence, cents.
MONEY_PLACES = 2


def finite(value: object, what: str = "a figure") -> Decimal:
    """``value`` (a Decimal or int) as a finite Decimal; a float, string or bool is a bug."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} needs a Decimal or int, not {type(value).__name__} {value!r}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{what} cannot show {value!r}")
    return result


def decimal_places(value: Decimal) -> int:
    """The decimal places ``value`` needs without trailing zeros: ``2.50`` -> 1, ``1E+2`` -> 0."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0 or not any(digits):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - zeros)


def plain_decimal(value: Decimal | int) -> str:
    """Exact text without exponent or trailing zeros: 7.2500 -> 7.25, 1E+2 -> 100, -0.0 -> 0."""
    text = format(finite(value, "plain_decimal"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def kept_places(value: Decimal) -> str:
    """Text of an already rounded figure, keeping its places: 7.600 -> 7.600."""
    return format(finite(value, "kept_places"), "f")


def group_thousands(text: str) -> str:
    """Commas between groups of three digits of a plain number's whole part: 1234.5 -> 1,234.5."""
    sign = "-" if text.startswith("-") else ""
    whole, dot, rest = text.removeprefix("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{rest}"


def fixed_places(value: Decimal | int, places: int = 2) -> str:
    """Rounded half up to ``places``, thousands separated, never ``-0``: 1234.5 -> 1,234.50."""
    number = finite(value, "fixed_places")
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:,.{places}f}"


def at_most_places(value: Decimal | int, places: int) -> str:
    """Exact with up to ``places`` decimals, else rounded half up: 60, 20,000, 4.5, 53.333."""
    number = finite(value, "at_most_places")
    return fixed_places(number, min(decimal_places(number), places))


def percent(value: Decimal | int, places: int) -> str:
    """A percentage already times 100, as :func:`at_most_places`: 6.225 -> 6.225%, 4.5 -> 4.5%."""
    return at_most_places(value, places) + "%"


def fraction_as_percent(value: Decimal | int, places: int = 1) -> str:
    """A fraction 0..1 as a percentage to ``places`` (half up): 0.7228... -> 72.3%."""
    return fixed_places(finite(value, "fraction_as_percent") * 100, places) + "%"


def currency_code(code: str) -> str:
    """``code`` if it is an ISO 4217 code (three capital letters), else ValueError."""
    if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
        raise ValueError(f"not an ISO 4217 currency code: {code!r}")
    return code


def _drop_zero_pence(text: str) -> str:
    whole, dot, frac = text.partition(".")
    if dot and not frac.strip("0"):
        return whole
    return text + "0" if dot and len(frac) < MONEY_PLACES else text


def money(value: Decimal | int, currency: str) -> str:
    """Money in the one style, to the penny (half up): ``GBP 124,500``, ``GBP 0.30``, ``GBP -5``."""
    amount = fixed_places(finite(value, "money"), MONEY_PLACES)
    return f"{currency_code(currency)} {_drop_zero_pence(amount)}"


def exact_money_amount(value: Decimal | int) -> str:
    """The amount of :func:`money`, exact, for sentences: 124,500; 0.30; 1,234.875; 0.333333...

    Up to :data:`SENTENCE_PLACES` decimals as they are; beyond that cut (half even) and
    followed by :data:`CUT`.
    """
    amount = finite(value, "money")
    cut = ""
    if decimal_places(amount) > SENTENCE_PLACES:
        amount = amount.quantize(Decimal(1).scaleb(-SENTENCE_PLACES), rounding=ROUND_HALF_EVEN)
        cut = CUT
    return group_thousands(_drop_zero_pence(plain_decimal(amount))) + cut


def exact_money(value: Decimal | int, currency: str) -> str:
    """:func:`exact_money_amount` after the currency code: ``GBP 1,234.875``."""
    return f"{currency_code(currency)} {exact_money_amount(value)}"
