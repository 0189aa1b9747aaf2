"""Decimals, money and percentages as text: one module for every output (bottom layer).

Every function takes a finite :class:`~decimal.Decimal` (or an int) and never a float or a
string; callers convert first (the engine from exact rationals, the pack from results.json
strings). Nothing here depends on the ambient decimal context, and nothing raises for a finite
figure however large or small: the rounding functions round through :func:`quantize`, in a
context with the precision the result needs (issue 15 item 15).

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

from collections.abc import Callable
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    localcontext,
)

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


def quantize(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` rounded to ``places`` decimals, for any finite ``value``: in a context with the
    precision the result needs (quantize in the ambient one raises InvalidOperation when the
    result has more digits than its precision: 1E+15 to 20 places), never a trap raised."""
    digits = max(value.adjusted(), 0) + places + 2
    context = Context(
        prec=max(digits, 28), rounding=rounding, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[]
    )
    return value.quantize(Decimal(1).scaleb(-places, context), rounding=rounding, context=context)


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
    rounded = quantize(number, places)
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
        amount = quantize(amount, SENTENCE_PLACES, ROUND_HALF_EVEN)
        cut = CUT
    return group_thousands(_drop_zero_pence(plain_decimal(amount))) + cut


def exact_money(value: Decimal | int, currency: str) -> str:
    """:func:`exact_money_amount` after the currency code: ``GBP 1,234.875``."""
    return f"{currency_code(currency)} {exact_money_amount(value)}"


# --- arithmetic that multiplies out (docs/pack.md, "Arithmetic") ------------------------------
#
# A printed line of arithmetic ("0.776... x 20 marks = 15.52 points") must recompute: the printed
# operands, combined as the line says, round to the printed result at its printed places. An
# operand is printed exactly when it has few enough decimals; otherwise it is cut (rounded) to
# the fewest places at which the line recomputes, and followed by CUT to say it is cut. The exact
# figures are in results.json and results.xlsx.

#: The most decimal places an operand is ever printed with (the record keeps 50 digits).
MOST_OPERAND_PLACES = 20


def half_up(value: Decimal | int, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals (a Decimal with exactly that exponent)."""
    return quantize(finite(value, "half_up"), places)


def cut_to(value: Decimal | int, places: int) -> Decimal:
    """``value`` as printed with at most ``places`` decimals: exact when it fits, else rounded."""
    number = finite(value, "cut_to")
    return number if decimal_places(number) <= places else half_up(number, places)


def cut_text(value: Decimal | int, places: int, group: bool = False) -> str:
    """``value`` exact when it has at most ``places`` decimals, else rounded half up and ``...``:
    ``0.8`` -> ``0.8``; ``0.7762345...`` (places 3) -> ``0.776...``."""
    number = finite(value, "cut_text")
    cut = decimal_places(number) > places
    text = format(half_up(number, places), "f") if cut else plain_decimal(number)
    return (group_thousands(text) if group else text) + (CUT if cut else "")


def recomputes(shown: Decimal, printed: Decimal, places: int) -> bool:
    """Whether ``shown`` (worked from printed operands) rounds to ``printed`` at ``places``, half
    up or half even (a reader may do either)."""
    return printed in (quantize(shown, places), quantize(shown, places, ROUND_HALF_EVEN))


def operand_places(
    operands: tuple[Decimal, ...],
    combine: Callable[[tuple[Decimal, ...]], Decimal],
    printed: Decimal,
    places: int,
    least: int = 0,
) -> tuple[Decimal, ...]:
    """``operands`` as a line should print them so that they ``combine`` to ``printed`` at
    ``places`` (see :func:`recomputes`): each exact when it has at most N decimals, else cut to N,
    for the fewest N (at least ``least``). A cut is rounded half up; when the result lies on a
    half (0.208333... x 15 = 3.125, printed 3.13) the cut that rounds away from zero or towards
    it is taken instead. Past :data:`MOST_OPERAND_PLACES` the operands are cut there."""
    with localcontext(prec=100, Emax=MAX_EMAX, Emin=MIN_EMIN):
        for digits in range(least, MOST_OPERAND_PLACES + 1):
            for rounding in (ROUND_HALF_UP, ROUND_UP, ROUND_DOWN):
                shown = tuple(_cut(o, digits, rounding) for o in operands)
                if recomputes(combine(shown), printed, places):
                    return shown
    return tuple(cut_to(o, MOST_OPERAND_PLACES) for o in operands)


def _cut(value: Decimal, places: int, rounding: str) -> Decimal:
    if decimal_places(value) <= places:
        return value
    return quantize(value, places, rounding)


def operand_text(value: Decimal, shown: Decimal) -> str:
    """``shown`` (from :func:`operand_places`) as printed: plain when it is ``value`` exactly,
    else with its places, thousands separated, and followed by :data:`CUT`."""
    if shown == value:
        return group_thousands(plain_decimal(value))
    return group_thousands(format(shown, "f")) + CUT
