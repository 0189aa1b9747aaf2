"""Exact arithmetic for scoring, and rounding only where the rubric declares it.

Inputs are :class:`decimal.Decimal` (built from strings by the readers; never floats). Inside the
engine every figure is an exact rational (:class:`fractions.Fraction`, built from those Decimals):
means, shares and relative scores are divisions, and a chain of rounded divisions can land a hair
off a value it should equal exactly (three sub-criteria weighted 1/3 each at 40 give
39.999...96, not 40: below a minimum of 40). With exact rationals every comparison (minimums,
thresholds, bands, ties) and every rounding decision (half-up or half-even, at the declared stage)
is made on the true value.

Figures leave the engine as Decimals (:func:`dec`): exact when the value has a terminating
decimal expansion of at most :data:`PRECISION` significant digits, otherwise rounded half-even to
50 significant digits in a local decimal context (the caller's context is untouched). Declared
roundings (:func:`round_to`) are computed from the exact value, never from the 50-digit one.
"""

from __future__ import annotations

import contextlib
import decimal
import math
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from ..formatting import (
    CUT,
    SENTENCE_PLACES,
    decimal_places,
    exact_money,
    kept_places,
    operand_places,
    operand_text,
    plain_decimal,
)
from ..rubric.model import Rounding

PRECISION = 50
ZERO = Fraction(0)
ONE = Fraction(1)
HALF = Fraction(1, 2)
HUNDRED = Fraction(100)
DISPLAY_PLACES = SENTENCE_PLACES

Number = Decimal | Fraction | int


def context() -> decimal.Context:
    """The decimal context for converting exact figures to Decimals (a fresh copy each call)."""
    return decimal.Context(
        prec=PRECISION,
        rounding=ROUND_HALF_EVEN,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


_DIVISION = context()


@contextlib.contextmanager
def exact() -> Iterator[decimal.Context]:
    """Run a block in the engine's decimal context (restored afterwards)."""
    with decimal.localcontext(context()) as ctx:
        yield ctx


def q(value: Number) -> Fraction:
    """An exact rational from a Decimal, int or Fraction (a float is a bug and is refused)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        return Fraction(value)
    raise TypeError(f"scoring needs Decimal or int, got {type(value).__name__}")


def dec(value: Number) -> Decimal:
    """An exact figure as a Decimal: exact when it terminates within 50 digits, else 50 digits."""
    if isinstance(value, Decimal):
        return value
    f = q(value)
    # The division in the engine's context without entering it (the hot path of every figure
    # that leaves the engine); its flags are never read, its traps raise as in exact().
    return _DIVISION.divide(Decimal(f.numerator), Decimal(f.denominator))


def opt(value: Number | None) -> Decimal | None:
    return None if value is None else dec(value)


def round_to(value: Number, rounding: Rounding) -> Decimal:
    """Round the exact ``value`` to the rubric's places: half_up (away from zero) or half_even."""
    f = q(value)
    sign = -1 if f < 0 else 1
    scaled = abs(f) * 10**rounding.places
    whole = math.floor(scaled)
    rest = scaled - whole
    if rest > HALF or (rest == HALF and (rounding.rule == "half_up" or whole % 2 == 1)):
        whole += 1
    # From text, so exact whatever its digits (scaleb would round to the context's precision).
    return Decimal(f"{sign * whole}E{-rounding.places}")


def total(values: Iterable[Fraction]) -> Fraction:
    return sum(values, ZERO)


def mean(values: list[Fraction]) -> Fraction:
    """Mean of a non-empty list (callers handle the empty case, which has a declared outcome)."""
    if not values:
        raise ValueError("mean of no values")
    return total(values) / len(values)


def median(values: list[Fraction]) -> Fraction:
    """Median of a non-empty list."""
    if not values:
        raise ValueError("median of no values")
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def ratio(numerator: Number, denominator: Number) -> Fraction:
    """``numerator / denominator``; a zero denominator is a bug here (callers declare that case)."""
    d = q(denominator)
    if d == 0:
        raise ZeroDivisionError("ratio with a zero denominator: the caller must handle it")
    return q(numerator) / d


def plain(value: Number) -> str:
    """Exact text without exponent or trailing zeros: 7.2500 -> 7.25, 1E+2 -> 100, 0E-50 -> 0."""
    return plain_decimal(dec(value))


def fixed(value: Decimal) -> str:
    """Text of an already rounded figure, keeping its places: 7.600 -> 7.600."""
    return kept_places(value)


def show(value: Number) -> str:
    """For sentences: exact when at most 6 decimal places, else 6 places followed by '...'."""
    text = plain(value)
    if "." in text and len(text.split(".")[1]) > DISPLAY_PLACES:
        return plain(round_to(value, Rounding(DISPLAY_PLACES, "half_even"))) + CUT
    return text


def money(value: Number, currency: str) -> str:
    """Money for sentences (:func:`socialvalue.formatting.exact_money`): GBP 124,500."""
    d = dec(value)
    if decimal_places(d) > DISPLAY_PLACES:
        return exact_money(round_to(value, Rounding(DISPLAY_PLACES, "half_even")), currency) + CUT
    return exact_money(d, currency)


def printed_figure(text: str) -> tuple[Decimal, int]:
    """A figure as :func:`show` or :func:`money` printed it, and its decimal places:
    ``"GBP 1,588.888889..."`` -> (1588.888889, 6)."""
    digits = text.rpartition(" ")[2].removesuffix(CUT).replace(",", "")
    return Decimal(digits), len(digits.partition(".")[2])


def operand(value: Number, combine: Callable[[Decimal], Decimal], result: str) -> str:
    """``value`` for a sentence whose printed ``result`` is ``combine(value)``: as :func:`show`
    when that recomputes the printed result, else with more places and '...'."""
    printed, places = printed_figure(result)
    exact_value = dec(value)
    (shown,) = operand_places(
        (exact_value,), lambda o: combine(o[0]), printed, places, DISPLAY_PLACES
    )
    return operand_text(exact_value, shown)


def factor(value: Number, times: Number, product: str) -> str:
    """``value`` in "``value`` x ``times`` = ``product``" (as printed: ``"5.483333..."``,
    ``"GBP 346,000"``), printed so that it multiplies out."""
    multiplier = dec(times)
    return operand(value, lambda v: v * multiplier, product)
