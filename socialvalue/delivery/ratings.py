"""The ratings engine: each KPI's delivery against its profile, per period and to date, rated
with the contract's declared bands (Procurement Regulations 2024 reg 39(5)).

Pure: a :class:`~.model.Contract`, the returns read and the officer's records in, a
:class:`Delivery` out; no files, no clock (the date the report is made ``as_of`` is given).

* **To date** is every period that has ended by ``as_of``. The profile to date is the quantity
  due in them; delivered (as returned) and verified are summed over their returns.
* **Only a verified figure counts.** A queried, rejected or not yet verified figure is shown,
  never counted.
* **The rating** compares verified delivery to date with the profile to date, exactly (as
  fractions), against the bands (default Good >= 100%, Approaching target >= 90%, Requires
  improvement >= 70%, Inadequate below). **Other**, with the reason, when nothing is due yet,
  when a period has not ended, or when its return has not come in. A period's rating is the
  position to the end of that period; a KPI's is the position to date.
* **A return is due** the contract's ``grace_days`` (default :data:`GRACE_DAYS`) days after its
  period ends; one not in by then is
  **overdue** as of ``as_of``; one prepared after then is **late**.
* Percentages are rounded once, for show, to :data:`PERCENT_ROUNDING`; GBP values are exact
  (quantity x the award's proxy value and, when the contract names a newer proxy set, x its
  value too: the rating is on quantities either way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..rubric.model import Rounding, doc
from ..scoring.arith import HUNDRED, dec, q, round_to
from .model import DEFAULT_GRACE_DAYS, KPI, Bands, Contract
from .periods import Period
from .reading import Return
from .verification import Check

#: Days after a period's end by which its return is due, unless contract.yaml says otherwise.
GRACE_DAYS = DEFAULT_GRACE_DAYS
#: How percentages of the profile are shown (the bands are compared on the exact value).
PERCENT_ROUNDING = Rounding(places=1, rule="half_up")
GOOD = "Good"
APPROACHING = "Approaching target"
REQUIRES = "Requires improvement"
INADEQUATE = "Inadequate"
OTHER = "Other"
RATINGS = (GOOD, APPROACHING, REQUIRES, INADEQUATE, OTHER)
#: A period's state: reported, awaited (ended, still within the grace days), overdue, not due.
STATES = ("reported", "awaited", "overdue", "not due")
#: The officer's record on a figure; "not verified" when there is none yet.
VERIFICATION_STATES = ("verified", "queried", "rejected", "not verified")


@attrs.frozen
class Verification:
    """The officer's record on one figure."""

    state: str = attrs.field(metadata=doc("verified, queried, rejected or not verified (yet)."))
    note: str = attrs.field(metadata=doc("The officer's note (why, for queried and rejected)."))
    by: str = attrs.field(metadata=doc("Who recorded it."))
    date: dt.date | None = attrs.field(metadata=doc("When."))


@attrs.frozen
class PeriodRating:
    """One KPI in one reporting period, and its position to the end of that period."""

    period: str = attrs.field(metadata=doc("The period's label, e.g. 2026-Q2."))
    start: dt.date = attrs.field(metadata=doc("The period's first day."))
    end: dt.date = attrs.field(metadata=doc("The period's last day."))
    return_due: dt.date = attrs.field(metadata=doc("The day its return is due by."))
    state: str = attrs.field(metadata=doc("reported, awaited, overdue or not due."))
    due: Decimal = attrs.field(metadata=doc("The profile's quantity for the period."))
    profile_to_date: Decimal = attrs.field(metadata=doc("The profile to the period's end."))
    delivered: Decimal | None = attrs.field(metadata=doc("As returned (null: no return)."))
    verified: Decimal = attrs.field(metadata=doc("What counts: the figure if verified, else 0."))
    verified_to_date: Decimal = attrs.field(metadata=doc("Verified to the period's end."))
    shortfall_to_date: Decimal = attrs.field(
        metadata=doc("Profile to date less verified to date (0 when ahead).")
    )
    percent_rounded: Decimal | None = attrs.field(
        metadata=doc("Verified to date as a percent of the profile to date, rounded for show.")
    )
    gbp_verified: Decimal | None = attrs.field(
        metadata=doc("The verified quantity x the award's proxy value (null: record only).")
    )
    rating: str = attrs.field(metadata=doc("The rating of the position to the period's end."))
    reason: str = attrs.field(metadata=doc("Why."))
    evidence: str = attrs.field(default="", metadata=doc("The supplier's evidence."))
    supplier_note: str = attrs.field(default="", metadata=doc("The supplier's note."))
    return_file: str | None = attrs.field(default=None, metadata=doc("The return it came from."))
    returned: dt.date | None = attrs.field(default=None, metadata=doc("The return's date."))
    late: bool = attrs.field(default=False, metadata=doc("Prepared after it was due."))
    verification: Verification | None = attrs.field(
        default=None, metadata=doc("The officer's record (null: no figure).")
    )
    gbp_verified_newer: Decimal | None = attrs.field(
        default=None,
        metadata=doc("The verified quantity x the newer proxy set's value (null: none)."),
    )


@attrs.frozen
class KpiRating:
    """One KPI: its commitment, its position to date and rating, and every period."""

    id: str = attrs.field(metadata=doc("The KPI's id (the measure's, in the rubric)."))
    title: str = attrs.field(metadata=doc("What is measured."))
    unit: str = attrs.field(metadata=doc("The unit of quantity."))
    committed: Decimal = attrs.field(metadata=doc("The quantity committed over the term."))
    proxy_value: Decimal | None = attrs.field(metadata=doc("The award's value of one unit."))
    gbp_committed: Decimal | None = attrs.field(metadata=doc("committed x proxy_value."))
    profile_to_date: Decimal = attrs.field(metadata=doc("Due in the periods ended by as_of."))
    delivered_to_date: Decimal = attrs.field(metadata=doc("Returned for them, verified or not."))
    verified_to_date: Decimal = attrs.field(metadata=doc("Verified for them: what counts."))
    not_counted_to_date: Decimal = attrs.field(
        metadata=doc("Returned but queried, rejected or not verified yet.")
    )
    shortfall_to_date: Decimal = attrs.field(
        metadata=doc("Profile to date less verified to date (0 when ahead).")
    )
    percent_rounded: Decimal | None = attrs.field(
        metadata=doc("Verified to date as a percent of the profile to date, rounded for show.")
    )
    gbp_profile_to_date: Decimal | None = attrs.field(
        metadata=doc("The profile to date x proxy_value.")
    )
    gbp_verified_to_date: Decimal | None = attrs.field(
        metadata=doc("Verified to date x proxy_value.")
    )
    rating: str = attrs.field(metadata=doc("The rating to date (reg 39(5))."))
    reason: str = attrs.field(metadata=doc("Why."))
    periods: tuple[PeriodRating, ...] = attrs.field(metadata=doc("Every period of the term."))
    proxy_value_newer: Decimal | None = attrs.field(
        default=None,
        metadata=doc(
            "One unit's value in the contract's newer proxy set (null: none, or unvalued)."
        ),
    )
    gbp_committed_newer: Decimal | None = attrs.field(
        default=None, metadata=doc("committed x proxy_value_newer.")
    )
    gbp_profile_to_date_newer: Decimal | None = attrs.field(
        default=None, metadata=doc("The profile to date x proxy_value_newer.")
    )
    gbp_verified_to_date_newer: Decimal | None = attrs.field(
        default=None, metadata=doc("Verified to date x proxy_value_newer.")
    )


@attrs.frozen
class Overdue:
    """A return not in by its due day."""

    period: str = attrs.field(metadata=doc("The period."))
    return_due: dt.date = attrs.field(metadata=doc("The day it was due by."))
    days: int = attrs.field(metadata=doc("Days overdue as of as_of."))


@attrs.frozen
class Late:
    """A return prepared after its due day."""

    period: str = attrs.field(metadata=doc("The period."))
    return_due: dt.date = attrs.field(metadata=doc("The day it was due by."))
    returned: dt.date = attrs.field(metadata=doc("The day the return says it was prepared."))
    days: int = attrs.field(metadata=doc("Days late."))


@attrs.frozen
class Delivery:
    """Every KPI rated as of a date, the returns overdue and those that came in late."""

    as_of: dt.date
    bands: Bands
    grace_days: int
    kpis: tuple[KpiRating, ...]
    overdue: tuple[Overdue, ...]
    late: tuple[Late, ...] = ()


def default_as_of(contract: Contract, returns: Sequence[Return]) -> dt.date:
    """The end of the latest period with a return; the contract's start if there is none. The
    report records it, so the same folder gives the same report on any day."""
    ends = [p.end for p in contract.periods if any(r.period == p.label for r in returns)]
    return max(ends) if ends else contract.start


def band(verified: Decimal, profile: Decimal, bands: Bands) -> tuple[str, str]:
    """The rating of ``verified`` against ``profile`` (both to date), with the reason."""
    if profile <= 0:
        return OTHER, "nothing is due yet"
    share = q(verified) / q(profile) * HUNDRED
    shown = percent_text(share)
    for rating, least in (
        (GOOD, bands.good),
        (APPROACHING, bands.approaching_target),
        (REQUIRES, bands.requires_improvement),
    ):
        if share >= q(least):
            return rating, f"{shown} of the profile to date verified ({rating} from {least}%)"
    return INADEQUATE, (
        f"{shown} of the profile to date verified (below {bands.requires_improvement}%)"
    )


def percent_text(share: Fraction) -> str:
    """An exact percent as shown: rounded once, to :data:`PERCENT_ROUNDING`."""
    return f"{round_to(share, PERCENT_ROUNDING)}%"


def _percent(verified: Decimal, profile: Decimal) -> Decimal | None:
    if profile <= 0:
        return None
    return round_to(q(verified) / q(profile) * HUNDRED, PERCENT_ROUNDING)


def _gbp(quantity: Decimal, value: Decimal | None) -> Decimal | None:
    return None if value is None else dec(q(quantity) * q(value))


def rate_delivery(
    contract: Contract,
    returns: Sequence[Return],
    checks: Sequence[Check],
    as_of: dt.date,
    *,
    grace_days: int | None = None,
) -> Delivery:
    """Rate every KPI of ``contract`` as of ``as_of`` from the returns and the officer's
    records (see the module's docstring for the rules). ``grace_days`` overrides the
    contract's."""
    if grace_days is None:
        grace_days = contract.grace_days
    by_period = {r.period: r for r in returns}
    records = {(c.period, c.kpi): c for c in checks}
    kpis = tuple(
        _kpi(contract, kpi, by_period, records, as_of, grace_days) for kpi in contract.kpis
    )
    overdue = tuple(
        Overdue(p.label, _due(p, grace_days), (as_of - _due(p, grace_days)).days)
        for p in contract.periods
        if _state(p, by_period, as_of, grace_days) == "overdue"
    )
    late = tuple(
        Late(
            p.label,
            _due(p, grace_days),
            r.prepared_date,
            (r.prepared_date - _due(p, grace_days)).days,
        )
        for p in contract.periods
        if (r := by_period.get(p.label)) is not None
        and p.end <= as_of
        and r.prepared_date > _due(p, grace_days)
    )
    return Delivery(as_of, contract.ratings, grace_days, kpis, overdue, late)


def _due(period: Period, grace_days: int) -> dt.date:
    return period.end + dt.timedelta(days=grace_days)


def _state(period: Period, returns: dict[str, Return], as_of: dt.date, grace: int) -> str:
    if period.end > as_of:
        return "not due"
    if period.label in returns:
        return "reported"
    return "overdue" if as_of > _due(period, grace) else "awaited"


def _verification(check: Check | None) -> Verification:
    if check is None or check.state is None:
        return Verification("not verified", "", "", None)
    return Verification(check.state, check.note, check.by, check.date)


def _kpi(
    contract: Contract,
    kpi: KPI,
    returns: dict[str, Return],
    records: dict[tuple[str, str], Check],
    as_of: dt.date,
    grace: int,
) -> KpiRating:
    zero = Decimal(0)
    newer = contract.newer_value(kpi)
    profile = planned = delivered_sum = verified_sum = zero
    periods: list[PeriodRating] = []
    notes: list[str] = []
    for period in contract.periods:
        state = _state(period, returns, as_of, grace)
        due = kpi.due(period.label)
        ret = returns.get(period.label) if state != "not due" else None
        figure = ret.figure(kpi.id) if ret else None
        check = _verification(records.get((period.label, kpi.id))) if figure else None
        delivered = figure.quantity if figure else None
        verified = delivered if (check and check.state == "verified" and delivered) else zero
        planned += due
        if state != "not due":
            profile += due
            delivered_sum += delivered or zero
            verified_sum += verified
        rating, reason = _period_rating(
            period, state, check, profile, verified_sum, contract, grace
        )
        if state in ("awaited", "overdue"):
            notes.append(f"{period.label} {'is overdue' if state == 'overdue' else 'is awaited'}")
        elif check and check.state != "verified" and delivered:
            notes.append(f"{period.label}'s figure is {check.state}: not counted")
        periods.append(
            PeriodRating(
                period=period.label,
                start=period.start,
                end=period.end,
                return_due=_due(period, grace),
                state=state,
                due=due,
                profile_to_date=planned,
                delivered=delivered,
                verified=verified,
                verified_to_date=verified_sum,
                shortfall_to_date=max(zero, planned - verified_sum),
                percent_rounded=_percent(verified_sum, planned) if state != "not due" else None,
                gbp_verified=_gbp(verified, kpi.proxy_value),
                gbp_verified_newer=_gbp(verified, newer),
                rating=rating,
                reason=reason,
                evidence=figure.evidence if figure else "",
                supplier_note=figure.note if figure else "",
                return_file=ret.file if ret else None,
                returned=ret.prepared_date if ret else None,
                late=bool(ret and ret.prepared_date > _due(period, grace)),
                verification=check,
            )
        )
    rating, reason = band(verified_sum, profile, contract.ratings)
    if notes and profile > 0:
        reason += "; " + "; ".join(notes)
    return KpiRating(
        id=kpi.id,
        title=kpi.title,
        unit=kpi.unit,
        committed=kpi.committed,
        proxy_value=kpi.proxy_value,
        gbp_committed=_gbp(kpi.committed, kpi.proxy_value),
        profile_to_date=profile,
        delivered_to_date=delivered_sum,
        verified_to_date=verified_sum,
        not_counted_to_date=delivered_sum - verified_sum,
        shortfall_to_date=max(zero, profile - verified_sum),
        percent_rounded=_percent(verified_sum, profile),
        gbp_profile_to_date=_gbp(profile, kpi.proxy_value),
        gbp_verified_to_date=_gbp(verified_sum, kpi.proxy_value),
        rating=rating,
        reason=reason,
        periods=tuple(periods),
        proxy_value_newer=newer,
        gbp_committed_newer=_gbp(kpi.committed, newer),
        gbp_profile_to_date_newer=_gbp(profile, newer),
        gbp_verified_to_date_newer=_gbp(verified_sum, newer),
    )


def _period_rating(
    period: Period,
    state: str,
    check: Verification | None,
    profile: Decimal,
    verified: Decimal,
    contract: Contract,
    grace: int,
) -> tuple[str, str]:
    if state == "not due":
        return OTHER, f"not due yet: the period ends {period.end.isoformat()}"
    if state == "awaited":
        return OTHER, f"no return yet (due by {_due(period, grace).isoformat()})"
    if state == "overdue":
        return OTHER, f"no return: overdue since {_due(period, grace).isoformat()}"
    rating, reason = band(verified, profile, contract.ratings)
    if check and check.state != "verified":
        reason += f"; this period's figure is {check.state}: not counted"
    return rating, reason


__all__ = [
    "GRACE_DAYS",
    "PERCENT_ROUNDING",
    "RATINGS",
    "Delivery",
    "KpiRating",
    "Late",
    "Overdue",
    "PeriodRating",
    "Verification",
    "band",
    "default_as_of",
    "rate_delivery",
]
