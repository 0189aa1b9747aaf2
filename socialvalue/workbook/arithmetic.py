"""Recompute a formula of constant arithmetic exactly, in Decimal: ``9``, ``3*4``, ``(1+2)/4``.

A formula's saved result is whatever the file says it is: a crafted file can save ``=9`` with
the result 90, and Excel and LibreOffice show 9 once they recalculate. So the result of an input
cell's formula is never taken from the file: a formula of numbers, ``+ - * /``, unary signs and
brackets is worked out here, and any other formula (a cell reference, a function, a percent
sign, an exponent, text) is refused by the caller.

The arithmetic is exact: 40 significant digits, and a result that would need rounding
(``1/3``), a division by zero or an overflow gives None, as does a number with an exponent.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

MAX_TEXT = 200
_TOKEN = re.compile(r"\s*(?:([0-9]+(?:\.[0-9]*)?|\.[0-9]+)|([-+*/()]))")
_CONTEXT = decimal.Context(
    prec=40,
    traps=[
        decimal.Inexact,
        decimal.DivisionByZero,
        decimal.InvalidOperation,
        decimal.Overflow,
        decimal.Underflow,
    ],
)


class _NotSimple(Exception):
    pass


def constant_arithmetic(formula: str) -> Decimal | None:
    """The exact value of ``formula`` (its text without the leading ``=``), or None when it is
    not constant arithmetic or its value is not exact."""
    text = formula.strip().removeprefix("=")
    if not text or len(text) > MAX_TEXT:
        return None
    tokens = _tokens(text)
    if tokens is None:
        return None
    try:
        with decimal.localcontext(_CONTEXT):
            value, rest = _sum(tokens)
    except (_NotSimple, decimal.DecimalException, RecursionError):
        return None
    if rest:
        return None
    return value if value else Decimal(0)  # no "-0"


def _tokens(text: str) -> list[str] | None:
    tokens: list[str] = []
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            if text[at:].strip():
                return None
            break
        tokens.append(match.group(1) or match.group(2))
        at = match.end()
    return tokens


def _sum(tokens: list[str]) -> tuple[Decimal, list[str]]:
    value, tokens = _product(tokens)
    while tokens and tokens[0] in "+-":
        sign, (right, tokens) = tokens[0], _product(tokens[1:])
        value = value + right if sign == "+" else value - right
    return value, tokens


def _product(tokens: list[str]) -> tuple[Decimal, list[str]]:
    value, tokens = _factor(tokens)
    while tokens and tokens[0] in "*/":
        sign, (right, tokens) = tokens[0], _factor(tokens[1:])
        value = value * right if sign == "*" else value / right
    return value, tokens


def _factor(tokens: list[str]) -> tuple[Decimal, list[str]]:
    if not tokens:
        raise _NotSimple
    head, rest = tokens[0], tokens[1:]
    if head in "+-":
        value, rest = _factor(rest)
        return (-value if head == "-" else +value), rest
    if head == "(":
        value, rest = _sum(rest)
        if not rest or rest[0] != ")":
            raise _NotSimple
        return value, rest[1:]
    if head in "*/)":
        raise _NotSimple
    return Decimal(head), rest


__all__ = ["constant_arithmetic"]
