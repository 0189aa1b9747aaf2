"""The key dates of a tender: in order, and a standstill of at least 8 working days.

Working days are Monday to Friday except the bank holidays of the buyer's jurisdiction (England
and Wales, Scotland or Northern Ireland differ), taken from the maintained ``holidays`` package
rather than a hand-kept list. See docs/tender.md ("Key dates").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import holidays

from ..errors import Problems

#: The key dates, in the order they must come (equal dates are allowed).
DATE_KEYS = (
    "published",
    "clarifications",
    "deadline",
    "evaluation",
    "moderation",
    "award",
    "standstill_end",
)
#: A jurisdiction -> its subdivisions of ``holidays.UK``.
JURISDICTIONS = {
    "England and Wales": ("ENG", "WLS"),
    "Scotland": ("SCT",),
    "Northern Ireland": ("NIR",),
}
DEFAULT_JURISDICTION = "England and Wales"
STANDSTILL_WORKING_DAYS = 8

#: A date as given: the date, and the line and column of its value in tender.yaml.
Dated = tuple[dt.date, int, int]


def bank_holidays(jurisdiction: str, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """The bank holidays of ``jurisdiction`` from ``start`` to ``end`` (inclusive), by date."""
    years = range(start.year, end.year + 1)
    found: dict[dt.date, str] = {}
    for subdivision in JURISDICTIONS[jurisdiction]:
        for day, name in holidays.UK(subdiv=subdivision, years=years).items():
            if start <= day <= end:
                found.setdefault(day, name)
    return dict(sorted(found.items()))


def is_working_day(day: dt.date, holidays_by_date: Mapping[dt.date, str]) -> bool:
    return day.weekday() < 5 and day not in holidays_by_date


def working_days_after(start: dt.date, end: dt.date, jurisdiction: str) -> int:
    """Working days from the day after ``start`` to ``end``, both counted: the day after
    ``start`` is day 1 when it is a working day."""
    if end <= start:
        return 0
    off = bank_holidays(jurisdiction, start, end)
    days = (end - start).days
    return sum(1 for n in range(1, days + 1) if is_working_day(start + dt.timedelta(n), off))


def nth_working_day_after(start: dt.date, n: int, jurisdiction: str) -> dt.date:
    """The ``n``-th working day after ``start`` (the day after ``start`` may be day 1)."""
    day, counted = start, 0
    off = bank_holidays(jurisdiction, start, start + dt.timedelta(days=7 * n + 31))
    while counted < n:
        day += dt.timedelta(days=1)
        counted += is_working_day(day, off)
    return day


def check_dates(dates: Mapping[str, Dated], jurisdiction: str, problems: Problems) -> None:
    """Report key dates out of order (at the later key) and a standstill that is too short."""
    order = ", ".join(DATE_KEYS)
    latest: tuple[str, Dated] | None = None
    for key in DATE_KEYS:
        if key not in dates:
            continue
        day, line, column = dates[key]
        if latest is not None and day < latest[1][0]:
            before, (when, before_line, _) = latest
            problems.add(
                f"{key} {day.isoformat()} is before {before} {when.isoformat()} "
                f"(line {before_line}): the key dates go {order}",
                line=line,
                column=column,
            )
        else:
            latest = (key, dates[key])
    if "award" in dates and "standstill_end" in dates:
        _check_standstill(dates["award"], dates["standstill_end"], jurisdiction, problems)


def _check_standstill(award: Dated, end: Dated, jurisdiction: str, problems: Problems) -> None:
    start, (last, line, column) = award[0], end
    if last < start:
        return
    counted = working_days_after(start, last, jurisdiction)
    if counted >= STANDSTILL_WORKING_DAYS:
        return
    earliest = nth_working_day_after(start, STANDSTILL_WORKING_DAYS, jurisdiction)
    off = bank_holidays(jurisdiction, start + dt.timedelta(days=1), earliest)
    skipped = ", ".join(f"{name} {day.isoformat()}" for day, name in off.items() if day <= last)
    days = f"{counted} working day{'s' if counted != 1 else ''}"
    problems.add(
        f"standstill_end {last.isoformat()} is {days} after award {start.isoformat()} in "
        f"{jurisdiction} (weekends and bank holidays not counted{': ' if skipped else ''}"
        f"{skipped}); the standstill is at least {STANDSTILL_WORKING_DAYS} working days, the "
        f"day after award being day 1: the earliest standstill_end is {earliest.isoformat()}",
        line=line,
        column=column,
    )
