"""Reporting periods: months, quarters, half-years or years, from a contract's start to its end.

A :class:`Calendar` is contract.yaml's ``reporting`` (the frequency) and ``year_start`` (the
month its reporting year starts: January, or April for a UK public body's financial year).
Its periods are named so that they sort in time order as text:

=============  ======================  ==========================
frequency      calendar year           year from April (or other)
=============  ======================  ==========================
monthly        ``2026-05``             ``2026-05`` (a month is a month)
quarterly      ``2026-Q2`` (Apr-Jun)   ``2026/27-Q1`` (Apr-Jun 2026)
half-yearly    ``2026-H1`` (Jan-Jun)   ``2026/27-H2`` (Oct 2026-Mar 2027)
annual         ``2026``                ``2026/27`` (Apr 2026-Mar 2027)
=============  ======================  ==========================

A year not starting in January is named by the calendar years it spans, ``2026/27``, as UK
public bodies name their financial years. A contract that starts or ends inside a period has a
part period first or last; its profile share is not pro-rated (the officer edits the profile
where that matters).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal, Inexact, localcontext

import attrs

#: The reporting frequencies contract.yaml may name, and the months in each period.
MONTHS_IN = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "annual": 12}
FREQUENCIES = tuple(MONTHS_IN)
DEFAULT_FREQUENCY = "quarterly"
#: What one period of each frequency is called, in messages.
PERIOD_NAMES = {"monthly": "month", "quarterly": "quarter", "half-yearly": "half-year",
                "annual": "year"}  # fmt: skip
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Any period label of any calendar: ``2026``, ``2026/27``, then ``-05``, ``-Q2`` or ``-H1``.
_LABEL = re.compile(r"(\d{4})(?:/(\d{2}))?(?:-(?:(\d{2})|Q([1-4])|H([12])))?")
#: A label inside a file name, where ``/`` is written ``-``: ``2026-Q2``, ``2026-27-Q1``.
_IN_NAME = re.compile(r"(?<!\d)(\d{4})(?:-(\d{2}))?(?:-(\d{2}|Q[1-4]|H[12]))?(?!\d)")
_YEAR = re.compile(r"\d{4}(?:/\d{2})?")
#: Places a delivery profile is spread to when a commitment does not divide evenly.
PROFILE_PLACES = 2


@attrs.frozen(order=True)
class Period:
    """One reporting period, cut to the contract's dates: its first and last day, its label."""

    start: dt.date
    end: dt.date = attrs.field(order=False)
    label: str = attrs.field(order=False)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return self.label


def _month(year: int, month: int) -> tuple[int, int]:
    """(year, month) with ``month`` counted on past December or back before January."""
    y, m = divmod(year * 12 + month - 1, 12)
    return y, m + 1


def _last_day(year: int, month: int) -> dt.date:
    y, m = _month(year, month + 1)
    return dt.date(y, m, 1) - dt.timedelta(days=1)


@attrs.frozen
class Calendar:
    """How often returns are due (``frequency``) and the month the reporting year starts."""

    frequency: str = DEFAULT_FREQUENCY
    year_start: int = 1

    @property
    def months(self) -> int:
        return MONTHS_IN[self.frequency]

    @property
    def by_year(self) -> bool:
        """True when periods are named by a year that does not start in January."""
        return self.year_start != 1 and self.frequency != "monthly"

    @property
    def period_name(self) -> str:
        return PERIOD_NAMES[self.frequency]

    def year_label(self, year: int) -> str:
        """The reporting year that starts in ``year``: ``2026``, or ``2026/27``."""
        return f"{year}/{(year + 1) % 100:02d}" if self.by_year else str(year)

    def _label(self, year: int, index: int) -> str:
        if self.frequency == "monthly":
            return f"{year}-{index + 1:02d}"
        suffix = {"quarterly": f"-Q{index + 1}", "half-yearly": f"-H{index + 1}"}
        return self.year_label(year) + suffix.get(self.frequency, "")

    def _first(self) -> int:
        return 1 if self.frequency == "monthly" else self.year_start

    def containing(self, day: dt.date) -> tuple[dt.date, dt.date, str]:
        """The whole period ``day`` is in: its first and last day and its label."""
        first = self._first()
        offset = (day.month - first) % 12
        year = day.year - (day.month < first)
        index = offset // self.months
        y, m = _month(year, first + index * self.months)
        return dt.date(y, m, 1), _last_day(y, m + self.months - 1), self._label(year, index)

    def periods_between(self, start: dt.date, end: dt.date) -> tuple[Period, ...]:
        """The periods from ``start`` to ``end`` (inclusive), the first and last cut to them."""
        out: list[Period] = []
        day = start
        while day <= end:
            first, last, label = self.containing(day)
            out.append(Period(max(first, start), min(last, end), label))
            day = last + dt.timedelta(days=1)
        return tuple(out)

    def bounds(self, label: str) -> tuple[dt.date, dt.date] | None:
        """The whole period named ``label`` in this calendar; None when it names none."""
        match = _LABEL.fullmatch(label.strip())
        if match is None:
            return None
        year, next_two, month, quarter, half = match.groups()
        if (next_two is not None) != self.by_year:
            return None
        if next_two is not None and int(next_two) != (int(year) + 1) % 100:
            return None
        parts = {"monthly": month, "quarterly": quarter, "half-yearly": half, "annual": None}
        given = [p for p in (month, quarter, half) if p is not None]
        want = parts[self.frequency]
        if (want is None and given) or (want is not None and given != [want]):
            return None
        index = int(want) - 1 if want is not None else 0
        if not 0 <= index < 12 // self.months:
            return None
        y, m = _month(int(year), self._first() + index * self.months)
        start = dt.date(y, m, 1)
        first, last, _ = self.containing(start)
        return first, last

    def file_label(self, label: str) -> str:
        """``label`` as written in a file name: ``2026/27-Q1`` -> ``2026-27-Q1``."""
        return label.replace("/", "-")

    def label_in_name(self, name: str) -> str | None:
        """The first of this calendar's labels in a file name (written as :meth:`file_label`
        writes it); a bare year (``2026``, ``2026-27``) only at the start of the name."""
        for match in _IN_NAME.finditer(name):
            year, second, part = match.groups()
            texts = [f"{year}-{second}" + (f"-{part}" if part else "")] if second else []
            if second and self.by_year:
                texts.insert(0, f"{year}/{second}" + (f"-{part}" if part else ""))
            if not second or part:
                texts.append(year + (f"-{part}" if part else ""))
            for text in texts:
                bare = _YEAR.fullmatch(text) is not None
                if self.bounds(text) is not None and (not bare or match.start() == 0):
                    return text
        return None

    def example(self) -> str:
        """A label of this calendar, for messages: the period of 1 May 2026."""
        first, last, label = self.containing(dt.date(2026, 5, 1))
        return f"{label} ({span(first, last)})"

    def describe(self) -> str:
        """``quarterly, by the year from April: periods named like 2026/27-Q1 (...)``."""
        year = f", by the year from {MONTH_NAMES[self.year_start - 1]}" if self.by_year else ""
        return f"{self.frequency}{year}: periods named like {self.example()}"

    def not_a_period(self, label: str, periods: tuple[Period, ...]) -> str:
        """Why ``label`` is not one of ``periods``: outside the term, or not this calendar's."""
        term = f"{periods[0].label} to {periods[-1].label}" if periods else "none"
        if self.bounds(label) is not None:
            return f"{label} is not a period of this contract: its periods are {term}"
        kind = label_kind(label)
        other = f" (it names {kind})" if kind else ""
        return (
            f"{label} is not a period label of this contract{other}: it reports "
            f"{self.describe()}; its periods are {term}"
        )


def span(first: dt.date, last: dt.date) -> str:
    """``April to June 2026``, ``October 2026 to March 2027``, ``May 2026``."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    if first.year == last.year:
        return f"{first:%B} to {last:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


def label_kind(label: str) -> str | None:
    """What a label of any calendar names (``a quarter of the calendar year 2026``), for
    messages; None when it is no calendar's label."""
    match = _LABEL.fullmatch(label.strip())
    if match is None:
        return None
    year, next_two, month, quarter, half = match.groups()
    if month is not None:
        return f"a month of {year}" if next_two is None and 1 <= int(month) <= 12 else None
    if next_two is not None:
        if int(next_two) != (int(year) + 1) % 100:
            return None
        whole = f"the year {year}/{next_two} (a year not starting in January)"
    else:
        whole = f"the calendar year {year}"
    if quarter or half:
        return f"{'a quarter' if quarter else 'a half'} of {whole}"
    return whole


def parse_year_start(text: str) -> int | None:
    """``April``, ``apr`` or ``4`` -> 4; None when it names no month."""
    text = text.strip()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    for number, name in enumerate(MONTH_NAMES, 1):
        if len(text) >= 3 and name.casefold().startswith(text.casefold()):
            return number
    return None


def periods_between(
    start: dt.date, end: dt.date, calendar: Calendar | None = None
) -> tuple[Period, ...]:
    """The periods of ``calendar`` (calendar quarters by default) from ``start`` to ``end``."""
    return (calendar or Calendar()).periods_between(start, end)


def next_start(day: dt.date, calendar: Calendar | None = None) -> dt.date:
    """A contract's default start: the first day of the month after ``day`` for monthly
    reporting, else of the calendar quarter after it."""
    monthly = calendar is not None and calendar.frequency == "monthly"
    _, last, _ = Calendar("monthly" if monthly else "quarterly").containing(day)
    return last + dt.timedelta(days=1)


def next_quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter after the one ``day`` is in."""
    return next_start(day)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (the last day of a shorter month when it has no such day)."""
    year, month = _month(day.year, day.month + months)
    return min(dt.date(year, month, 1) + dt.timedelta(days=day.day - 1), _last_day(year, month))


def term_end(start: dt.date, years: Decimal) -> dt.date | None:
    """The last day of a term of ``years`` from ``start``; None unless it is whole months."""
    months = years * 12
    if months != months.to_integral_value() or months <= 0:
        return None
    return add_months(start, int(months)) - dt.timedelta(days=1)


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
