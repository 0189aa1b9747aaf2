"""Local, VCSE and SME spend by period, against the plan, and LM3 by period.

Pure: a :class:`~.model.Contract`, the returns read and the officer's records in, a
:class:`LocalSpend` out. The counting rules (docs/delivery.md, "Local spend by period"):

* A return's spend line **counts** when the officer has verified the figure of the KPI it
  counts towards for that period (as a KPI's figure counts only when verified); the rest is
  shown as returned, not counted.
* **Local**: the line's postcode is in contract.yaml's ``local_area`` (no area: nothing is
  local). A postcode that is not a UK postcode is never local, and is listed.
* **VCSE**: kind VCSE or "VCSE and SME"; **SME**: SME or "VCSE and SME" (one payment to a
  social enterprise that is also small counts in both).
* **Shares** are of the period's contract value (the value spread over the term by days).
* **Planned**: contract.yaml's ``local_spend``: a share of the period's value, or a money KPI's
  profile for the period. The rating compares what counts to date with the plan to date with the
  contract's bands (:func:`~.ratings.band`).
* **LM3** by period: Round 1 the period's value; Round 2 the local spend that counts plus the
  local wage bill **as planned** (returns do not report wages); Round 3 at the declared
  re-spend shares (none declared: not computed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
from openpyxl.utils import get_column_letter

from ..local import parse_postcode
from ..local.lm3 import lm3_lines, local_multiplier
from ..rubric.model import doc
from ..scoring.arith import HUNDRED, dec, q, round_to
from .local_plan import Planned
from .model import Contract
from .periods import Period
from .ratings import OTHER, PERCENT_ROUNDING, band
from .reading import Return, SpendLine
from .return_layout import COL_POSTCODE
from .verification import Check

#: The categories reported, in order, with their names in tables.
REPORTED = (("local", "Local"), ("vcse", "VCSE"), ("sme", "SME"))
VCSE_KINDS = ("VCSE", "VCSE and SME")
SME_KINDS = ("SME", "VCSE and SME")


@attrs.frozen
class CategorySpend:
    """One category's spend in a period, against its plan, and the position to date."""

    category: str = attrs.field(metadata=doc("local, vcse or sme."))
    planned: Decimal | None = attrs.field(metadata=doc("Planned in the period (null: no plan)."))
    actual: Decimal = attrs.field(metadata=doc("Spend in the period that counts (verified)."))
    returned: Decimal = attrs.field(metadata=doc("Spend in the period as returned."))
    planned_percent_rounded: Decimal | None = attrs.field(
        metadata=doc("planned as a percent of the period's contract value, rounded once.")
    )
    actual_percent_rounded: Decimal = attrs.field(
        metadata=doc("actual as a percent of the period's contract value, rounded once.")
    )
    planned_to_date: Decimal | None = attrs.field(metadata=doc("Planned to the period's end."))
    actual_to_date: Decimal = attrs.field(metadata=doc("Counted to the period's end."))
    rating: str = attrs.field(metadata=doc("The position to the period's end, rated."))
    reason: str = attrs.field(metadata=doc("Why it has that rating."))


@attrs.frozen
class PeriodLM3:
    """LM3 of a period: as planned and as delivered (null: not computed, with the reason)."""

    planned: Decimal | None = attrs.field(metadata=doc("LM3 of the plan (exact)."))
    planned_rounded: Decimal | None = attrs.field(metadata=doc("Its value to 2 places."))
    actual: Decimal | None = attrs.field(metadata=doc("LM3 of the spend that counts (exact)."))
    actual_rounded: Decimal | None = attrs.field(metadata=doc("Its value to 2 places."))
    reason: str = attrs.field(metadata=doc("Why it is not computed, if it is not."))
    arithmetic: tuple[str, ...] = attrs.field(metadata=doc("The actual LM3 worked by hand."))


@attrs.frozen
class PeriodSpend:
    """One ended period's local, VCSE and SME spend."""

    period: str = attrs.field(metadata=doc("The period, 2026-Q2."))
    reported: bool = attrs.field(metadata=doc("Whether its return is in."))
    value: Decimal = attrs.field(metadata=doc("The period's contract value (by days)."))
    returned: Decimal = attrs.field(metadata=doc("All spend lines of its return."))
    local_wages: Decimal | None = attrs.field(
        metadata=doc("The local wage bill as planned (null: none planned).")
    )
    categories: tuple[CategorySpend, ...] = attrs.field(metadata=doc("local, vcse, sme."))
    lm3: PeriodLM3 = attrs.field(metadata=doc("LM3 of the period."))
    not_placed: tuple[str, ...] = attrs.field(
        metadata=doc("Spend lines whose postcode is not a UK postcode (never local), by cell.")
    )

    def category(self, name: str) -> CategorySpend:
        return next(c for c in self.categories if c.category == name)


@attrs.frozen
class LocalSpend:
    """Local spend by period, for delivery.json."""

    area: str | None = attrs.field(metadata=doc("The local area (null: none declared)."))
    respend: str | None = attrs.field(
        metadata=doc("Where the re-spend shares come from (null: none declared).")
    )
    respend_suppliers: Decimal | None = attrs.field(
        metadata=doc("The declared share local suppliers re-spend locally (null: none).")
    )
    respend_employees: Decimal | None = attrs.field(
        metadata=doc("The declared share local staff re-spend locally (null: none).")
    )
    plan: dict[str, str] = attrs.field(metadata=doc("What each category's plan is."))
    periods: tuple[PeriodSpend, ...] = attrs.field(metadata=doc("Each ended period."))


def _planned(contract: Contract, planned: Planned | None, period: Period) -> Decimal | None:
    if planned is None:
        return None
    if planned.share is not None:
        return dec(q(planned.share) * _value(contract, period))
    if planned.amount is not None:
        term = (contract.end - contract.start).days + 1
        return dec(q(planned.amount) * period.days / term)
    kpi = contract.kpi(planned.kpi or "")
    return None if kpi is None else kpi.due(period.label)


def _value(contract: Contract, period: Period) -> Fraction:
    term = (contract.end - contract.start).days + 1
    return q(contract.value) * period.days / term


def _in(category: str, line: SpendLine, contract: Contract) -> bool:
    if category == "vcse":
        return line.kind in VCSE_KINDS
    if category == "sme":
        return line.kind in SME_KINDS
    area = contract.local_area
    return area is not None and area.contains(line.postcode)


def _percent(amount: Decimal, value: Fraction) -> Decimal:
    return round_to(q(amount) / value * HUNDRED, PERCENT_ROUNDING) if value else Decimal(0)


def _category(
    contract: Contract,
    name: str,
    planned: Decimal | None,
    lines: Sequence[SpendLine],
    counted: Sequence[SpendLine],
    value: Fraction,
    before: tuple[Decimal | None, Decimal] | None,
) -> CategorySpend:
    """One category in a period; ``before`` is (planned, counted) to the previous period."""
    before_plan, before_actual = before or (Decimal(0), Decimal(0))
    actual = sum((s.amount for s in counted if _in(name, s, contract)), Decimal(0))
    returned = sum((s.amount for s in lines if _in(name, s, contract)), Decimal(0))
    plan_to_date = None if planned is None or before_plan is None else before_plan + planned
    actual_to_date = before_actual + actual
    if plan_to_date is None:
        rating, reason = OTHER, "no plan for it in contract.yaml's local_spend"
    else:
        rating, reason = band(actual_to_date, plan_to_date, contract.ratings)
    return CategorySpend(
        name,
        planned,
        actual,
        returned,
        None if planned is None else _percent(planned, value),
        _percent(actual, value),
        plan_to_date,
        actual_to_date,
        rating,
        reason,
    )


def local_spend(
    contract: Contract, returns: Sequence[Return], checks: Sequence[Check], as_of: dt.date
) -> LocalSpend | None:
    """Local spend by period ended by ``as_of`` (None when contract.yaml declares no local
    area, LM3 or spend plan: the report leaves the section out)."""
    if (
        contract.local_area is None
        and contract.local_spend is None
        and not contract.local_multiplier
    ):
        return None
    by_period = {r.period: r for r in returns}
    verified = {(c.period, c.kpi) for c in checks if c.state == "verified"}
    plan = contract.local_spend
    periods: list[PeriodSpend] = []
    to_date: dict[str, tuple[Decimal | None, Decimal]] = {}
    for period in (p for p in contract.periods if p.end <= as_of):
        got = by_period.get(period.label)
        lines = got.spend if got else ()
        counted = [s for s in lines if (period.label, s.kpi) in verified]
        value = _value(contract, period)
        categories = []
        for name, _ in REPORTED:
            planned = _planned(contract, plan.get(name) if plan else None, period)
            c = _category(contract, name, planned, lines, counted, value, to_date.get(name))
            if got is None:
                c = attrs.evolve(c, rating=OTHER, reason=f"the return for {period} is not in")
            to_date[name] = (c.planned_to_date, c.actual_to_date)
            categories.append(c)
        wages = _planned(contract, plan.get("local_wages") if plan else None, period)
        local = categories[0]
        periods.append(
            PeriodSpend(
                period.label,
                got is not None,
                dec(value),
                sum((s.amount for s in lines), Decimal(0)),
                wages,
                tuple(categories),
                _lm3(contract, dec(value), local.planned, local.actual, wages),
                tuple(_not_placed(s) for s in lines if parse_postcode(s.postcode) is None),
            )
        )
    declared = contract.local_multiplier
    return LocalSpend(
        contract.local_area.describe() if contract.local_area else None,
        f"{declared.source}, {declared.year}" if declared else None,
        declared.respend.suppliers if declared else None,
        declared.respend.employees if declared else None,
        {
            name: p.describe
            for name in ("local", "vcse", "sme", "local_wages")
            if plan and (p := plan.get(name))
        },
        tuple(periods),
    )


def _not_placed(line: SpendLine) -> str:
    """``returns/2026-Q3-return.xlsx: Spend!B6: ZZ99 9ZZ``: the line's postcode cell."""
    sheet, _, ref = (line.source.cell or "").partition("!")
    row = ref.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return f"{line.source.file}: {sheet}!{get_column_letter(COL_POSTCODE)}{row}: {line.postcode}"


def _lm3(
    contract: Contract,
    value: Decimal,
    planned_local: Decimal | None,
    actual_local: Decimal,
    wages: Decimal | None,
) -> PeriodLM3:
    declared = contract.local_multiplier
    w = wages or Decimal(0)
    actual = local_multiplier(value, actual_local, w, declared)
    planned = (
        local_multiplier(value, planned_local, w, declared) if planned_local is not None else None
    )
    return PeriodLM3(
        planned.value if planned else None,
        planned.rounded if planned else None,
        actual.value,
        actual.rounded,
        actual.reason,
        tuple(lm3_lines(actual, contract.currency)),
    )


__all__ = ["REPORTED", "CategorySpend", "LocalSpend", "PeriodLM3", "PeriodSpend", "local_spend"]
