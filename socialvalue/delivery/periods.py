"""Reporting periods: calendar quarters named ``2026-Q2``, from a contract's start to its end.

A contract that starts or ends inside a quarter has a part-quarter first or last period; its
profile share is not pro-rated (the officer edits the profile where that matters).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal, Inexact, localcontext

import attrs

#: The reporting frequencies contract.yaml may name (others can be added here).
FREQUENCIES = ("quarterly",)
DEFAULT_FREQUENCY = "quarterly"
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
#: Places a delivery profile is spread to when a commitment does not divide evenly.
PROFILE_PLACES = 2


@attrs.frozen(order=True)
class Period:
    """One reporting period: a calendar quarter, cut to the contract's dates."""

    year: int
    quarter: int
    start: dt.date = attrs.field(order=False)
    end: dt.date = attrs.field(order=False)

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return self.label


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, following - dt.timedelta(days=1)


def next_quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter after the one ``day`` is in (a contract's default start)."""
    year, quarter = quarter_of(day)
    return quarter_bounds(year, quarter)[1] + dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (the last day of a shorter month when it has no such day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month + 1, candidate)
        except ValueError:
            continue
    return dt.date(year, month + 1, min(day.day, 28))


def term_end(start: dt.date, years: Decimal) -> dt.date | None:
    """The last day of a term of ``years`` from ``start``; None unless it is whole months."""
    months = years * 12
    if months != months.to_integral_value() or months <= 0:
        return None
    return add_months(start, int(months)) - dt.timedelta(days=1)


def periods_between(start: dt.date, end: dt.date) -> tuple[Period, ...]:
    """The quarters from ``start`` to ``end`` (inclusive), the first and last cut to them."""
    out: list[Period] = []
    year, quarter = quarter_of(start)
    while True:
        first, last = quarter_bounds(year, quarter)
        if first > end:
            break
        out.append(Period(year, quarter, max(first, start), min(last, end)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return tuple(out)


def parse_period(text: str) -> tuple[int, int] | None:
    """``"2026-Q2"`` -> (2026, 2); None when it is not a quarter so written."""
    match = _QUARTER.fullmatch(text.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def spread_evenly(total: Decimal, count: int) -> tuple[Decimal, ...]:
    """``total`` over ``count`` periods, equal where it divides exactly, else to
    :data:`PROFILE_PLACES` places with the remainder on the last periods, one hundredth each:
    100 over 12 is 8.33 x 8 then 8.34 x 4. The shares always sum to ``total``."""
    if count <= 0:
        return ()
    with localcontext() as context:
        context.clear_flags()
        share = total / count
        if not context.flags[Inexact]:
            return tuple(share for _ in range(count))
    step = Decimal(1).scaleb(-PROFILE_PLACES)
    base = share.quantize(step, rounding=ROUND_DOWN)
    extra = int((total - base * count) / step)
    shares = [base] * (count - extra) + [base + step] * extra
    remainder = total - sum(shares, Decimal(0))  # below a hundredth when total has more places
    shares[-1] += remainder
    return tuple(shares)
