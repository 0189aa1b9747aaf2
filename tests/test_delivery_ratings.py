"""The ratings engine: every band, Other with its reasons, overdue and late returns, only
verified figures counting, GBP at the award's proxy value, and rounding once for show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from socialvalue.delivery.model import KPI, Bands, Contract, Source, Supplier
from socialvalue.delivery.ratings import band, default_as_of, rate_delivery
from socialvalue.delivery.reading import Delivered, Return
from socialvalue.delivery.verification import Check
from socialvalue.model import Source as Cell

D = Decimal
Q2, Q3, Q4 = "2026-Q2", "2026-Q3", "2026-Q4"


def contract(bands: Bands | None = None) -> Contract:
    """A year's contract from 1 April 2026 (quarters 2026-Q2 to 2027-Q1), two KPIs of 4 a
    quarter (one valued at GBP 2.50 a unit, one record only)."""
    profile = {p: D(4) for p in (Q2, Q3, Q4, "2027-Q1")}
    return Contract(
        reference="C-1",
        title="Test",
        buyer="Council",
        supplier=Supplier("acme", "Acme Ltd"),
        source=Source("T-1", "../tender/out/results.json", "0" * 64),
        start=dt.date(2026, 4, 1),
        end=dt.date(2027, 3, 31),
        value=D(100000),
        ratings=bands or Bands(),
        kpis=(
            KPI("JOBS", "Jobs", "weeks", D(16), D("2.50"), D(40), profile=profile),
            KPI("REC", "Record", "hours", D(16), profile=dict(profile)),
        ),
    )


def ret(period: str, figures: dict[str, str], day: dt.date | None = None) -> Return:
    made = day or dt.date(2026, 7, 10)
    return Return(
        period,
        f"returns/{period}-return.xlsx",
        "f" * 64,
        "Sam",
        made,
        tuple(
            Delivered(k, D(v), f"{k} payroll", "", Cell(f"returns/{period}-return.xlsx", "B2"))
            for k, v in figures.items()
        ),
        (),
    )


def check(period: str, kpi: str, state: str | None = "verified", note: str = "") -> Check:
    return Check(period, kpi, state, note, "Helen", dt.date(2026, 8, 1), Cell("v.xlsx", "J5"))


def rated(returns, checks, as_of=dt.date(2026, 6, 30), bands=None):
    delivery = rate_delivery(contract(bands), returns, checks, as_of)
    return {k.id: k for k in delivery.kpis}, delivery


@pytest.mark.parametrize(
    ("figure", "rating"),
    [
        ("4", "Good"),
        ("5", "Good"),
        ("3.6", "Approaching target"),  # exactly 90%
        ("3.59", "Requires improvement"),
        ("2.8", "Requires improvement"),  # exactly 70%
        ("2.79", "Inadequate"),
        ("0", "Inadequate"),
    ],
)
def test_every_band_at_its_edge(figure, rating):
    kpis, _ = rated([ret(Q2, {"JOBS": figure, "REC": "4"})], [check(Q2, "JOBS")])
    assert kpis["JOBS"].rating == rating
    assert kpis["JOBS"].periods[0].rating == rating


def test_declared_bands_replace_the_defaults():
    bands = Bands(D(95), D(80), D(50))
    kpis, _ = rated([ret(Q2, {"JOBS": "3.8"})], [check(Q2, "JOBS")], bands=bands)
    assert kpis["JOBS"].rating == "Good"
    assert kpis["JOBS"].reason == "95.0% of the profile to date verified (Good from 95%)"


def test_the_percent_is_rounded_once_for_show_and_the_band_uses_the_exact_value():
    # 3.5998 / 4 = 89.995%: shown 90.0% (half up to one place) but below 90: not Approaching
    kpis, _ = rated([ret(Q2, {"JOBS": "3.5998"})], [check(Q2, "JOBS")])
    assert kpis["JOBS"].percent_rounded == D("90.0")
    assert kpis["JOBS"].rating == "Requires improvement"
    assert str(kpis["JOBS"].percent_rounded) == "90.0"


def test_only_verified_figures_count_and_the_others_stay_visible():
    returns = [ret(Q2, {"JOBS": "4", "REC": "4"})]
    checks = [check(Q2, "JOBS", "queried", "payroll missing"), check(Q2, "REC", "rejected", "no")]
    kpis, _ = rated(returns, checks)
    jobs = kpis["JOBS"]
    assert jobs.delivered_to_date == 4 and jobs.verified_to_date == 0
    assert jobs.not_counted_to_date == 4 and jobs.shortfall_to_date == 4
    assert jobs.rating == "Inadequate"
    assert "2026-Q2's figure is queried: not counted" in jobs.reason
    period = jobs.periods[0]
    assert period.delivered == 4 and period.verified == 0
    assert period.verification is not None
    assert (period.verification.state, period.verification.note) == ("queried", "payroll missing")
    assert kpis["REC"].periods[0].verification.state == "rejected"  # type: ignore[union-attr]


def test_a_figure_not_verified_yet_does_not_count():
    kpis, _ = rated([ret(Q2, {"JOBS": "4"})], [])
    assert kpis["JOBS"].verified_to_date == 0
    assert kpis["JOBS"].periods[0].verification.state == "not verified"  # type: ignore[union-attr]


def test_other_when_nothing_is_due_and_for_periods_not_ended():
    kpis, delivery = rated([], [], as_of=dt.date(2026, 5, 1))
    jobs = kpis["JOBS"]
    assert (jobs.rating, jobs.reason) == ("Other", "nothing is due yet")
    assert jobs.percent_rounded is None
    assert all(p.state == "not due" for p in jobs.periods)
    assert jobs.periods[0].reason == "not due yet: the period ends 2026-06-30"
    assert delivery.overdue == ()


def test_a_return_awaited_then_overdue():
    as_of = dt.date(2026, 7, 30)  # Q2's return due by 30 July: awaited
    kpis, delivery = rated([], [], as_of=as_of)
    assert kpis["JOBS"].periods[0].state == "awaited"
    assert kpis["JOBS"].periods[0].rating == "Other"
    assert delivery.overdue == ()
    kpis, delivery = rated([], [], as_of=dt.date(2026, 8, 9))
    period = kpis["JOBS"].periods[0]
    assert (period.state, period.rating) == ("overdue", "Other")
    assert period.reason == "no return: overdue since 2026-07-30"
    assert [(o.period, o.days) for o in delivery.overdue] == [(Q2, 10)]
    # to date, the missing quarter counts as nothing delivered
    assert kpis["JOBS"].rating == "Inadequate"
    assert "2026-Q2 is overdue" in kpis["JOBS"].reason


def test_the_grace_period_is_the_contracts():
    """contract.yaml's grace_days (here 10) decides when a return is overdue or late."""
    tight = attrs.evolve(contract(), grace_days=10)
    late = ret(Q2, {"JOBS": "4"}, day=dt.date(2026, 7, 20))
    delivery = rate_delivery(tight, [late], [check(Q2, "JOBS")], dt.date(2026, 9, 30))
    assert delivery.grace_days == 10
    q2, q3 = delivery.kpis[0].periods[:2]
    assert (q2.return_due, q2.late) == (dt.date(2026, 7, 10), True)
    assert [(x.period, x.days) for x in delivery.late] == [(Q2, 10)]
    assert q3.state == "awaited"  # Q3 ends 30 September: due by 10 October
    delivery = rate_delivery(tight, [late], [], dt.date(2026, 10, 11))
    assert [(o.period, o.days) for o in delivery.overdue] == [(Q3, 1)]
    # the default, 30 days: the same return is on time
    on_time = rate_delivery(contract(), [late], [], dt.date(2026, 9, 30))
    assert on_time.grace_days == 30 and on_time.late == ()


def test_a_late_return_is_marked_and_counted():
    late = ret(Q2, {"JOBS": "4"}, day=dt.date(2026, 8, 15))
    kpis, _ = rated([late], [check(Q2, "JOBS")], as_of=dt.date(2026, 8, 20))
    assert kpis["JOBS"].periods[0].late
    assert kpis["JOBS"].rating == "Good"


def test_cumulative_position_and_gbp_at_the_award_proxy_value():
    returns = [ret(Q2, {"JOBS": "2"}), ret(Q3, {"JOBS": "6.5"})]
    checks = [check(Q2, "JOBS"), check(Q3, "JOBS")]
    kpis, _ = rated(returns, checks, as_of=dt.date(2026, 9, 30))
    jobs = kpis["JOBS"]
    q2, q3 = jobs.periods[:2]
    assert (q2.profile_to_date, q2.verified_to_date, q2.rating) == (4, 2, "Inadequate")
    assert (q3.profile_to_date, q3.verified_to_date, q3.rating) == (8, D("8.5"), "Good")
    assert q3.gbp_verified == D("16.25")  # 6.5 x 2.50, exact
    assert jobs.gbp_verified_to_date == D("21.25")
    assert jobs.gbp_profile_to_date == 20 and jobs.gbp_committed == 40
    assert jobs.shortfall_to_date == 0
    assert kpis["REC"].gbp_verified_to_date is None  # record only: no value


def test_default_as_of_is_the_latest_period_reported():
    c = contract()
    assert default_as_of(c, []) == c.start
    assert default_as_of(c, [ret(Q3, {}), ret(Q2, {})]) == dt.date(2026, 9, 30)


def test_band_is_exact_for_fractions_that_do_not_terminate():
    assert band(D(2), D(3), Bands(D("66.67"), D(60), D(50)))[0] == "Approaching target"
    assert band(D(2), D(3), Bands(D("66.66"), D(60), D(50)))[0] == "Good"  # 66.666..%
