"""Reading a supplier's filled return, with the container and cell checks of a bid.

Every problem names the file and ``Sheet!Cell``. Refused with a clear message, never taken as a
silent number: a return for another contract or period (its fingerprint), a negative figure, one
period's delivery above the whole commitment (a warning, over-delivery, when the one period is
the whole term), FTE above what the contract's value for the
period could pay for (:attr:`~.model.Contract.annual_fte_cost`), money above the contract's
value for the period, a figure without the evidence the KPI asks for.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import attrs

from ..errors import Problem, display_path
from ..formatting import money, plain_decimal
from ..forms.fields import FormReader
from ..forms.reading import open_checked_form
from ..model import Source
from ..workbook.values import Invalid, parse_decimal
from .fingerprint import RETURN, check_delivery_fingerprint
from .model import Contract
from .return_layout import KpiFields, ReturnLayout, return_fields

#: FTE the contract could pay for are shown to hundredths, rounded down ("at most").
HUNDREDTH = Decimal("0.01")
#: One person full time for a whole period of so many months, in FTE-years.
FULL_TIME = {1: "about 0.083 (1/12)", 3: "0.25", 6: "0.5", 12: "1"}


@attrs.frozen
class Delivered:
    """One KPI's figure in a return."""

    kpi: str
    quantity: Decimal
    evidence: str
    note: str
    source: Source


@attrs.frozen
class SpendLine:
    """One supply-chain payment in a return."""

    supplier: str
    postcode: str
    kind: str
    amount: Decimal
    kpi: str
    source: Source


@attrs.frozen
class Return:
    """A supplier's return for one period, as read."""

    period: str
    file: str
    sha256: str
    prepared_by: str
    prepared_date: dt.date
    delivered: tuple[Delivered, ...]
    spend: tuple[SpendLine, ...]

    def figure(self, kid: str) -> Delivered | None:
        return next((d for d in self.delivered if d.kpi == kid), None)


def read_return(
    path: str | Path,
    contract: Contract,
    *,
    period: str | None = None,
    display: str | None = None,
) -> tuple[Return | None, list[Problem]]:
    """Read one filled return: (the Return, or None if any error; every problem).

    ``period``, if given, is the period the return must be for (else the one it says)."""
    path = Path(path)
    display = display or display_path(path)
    layout = return_fields(contract)
    form, problems = open_checked_form(
        path,
        display,
        lambda book: check_delivery_fingerprint(book, contract, RETURN, period),
        layout.sheets,
    )
    if form is None:
        return None, problems
    reader = form.reader
    got = form.fingerprint.get("period")
    p = contract.period(got)
    assert p is not None  # the fingerprint check made sure
    share = contract.period_value(p)
    prepared, _ = reader.text(layout.prepared_by)
    reader.text(layout.prepared_email)
    date, _ = reader.date(layout.prepared_date)
    confirm, ccell = reader.choice(layout.confirm)
    if confirm == "No" and ccell is not None:
        reader.add(
            'the figures are not confirmed: it must say "Yes"',
            cell=ccell.ref,
            context=layout.confirm.context,
        )
    delivered = [d for kf in layout.kpis if (d := _figure(reader, kf, contract, got, share))]
    fte = [d for d in delivered if (k := contract.kpi(d.kpi)) is not None and k.is_fte]
    fte_total = sum((d.quantity for d in fte), Decimal(0))
    payable = share / contract.annual_fte_cost
    if fte and fte_total * contract.annual_fte_cost > share:
        cells = ", ".join(d.source.cell or "" for d in fte)
        reader.add(
            f"{plain_decimal(fte_total)} FTE-years reported ({cells}) would cost "
            f"{money(fte_total * contract.annual_fte_cost, contract.currency)} at "
            f"{money(contract.annual_fte_cost, contract.currency)} a year each: more than the "
            f"contract's {money(share, contract.currency)} for {got}, which pays for at most "
            f"{plain_decimal(payable.quantize(HUNDREDTH, rounding=ROUND_DOWN))}: report the "
            f"FTE-years worked in this period only (a person full time for a whole "
            f"{contract.calendar.period_name} is {FULL_TIME[contract.calendar.months]})",
            cell=fte[0].source.cell,
        )
    spend = _spend(reader, layout, contract, share)
    _compare_spend(reader, delivered, spend, contract.currency)
    if any(pr.severity == "error" for pr in reader.problems):
        return None, reader.problems
    assert prepared is not None and date is not None
    return Return(
        got, display, form.digest, prepared, date, tuple(delivered), tuple(spend)
    ), reader.problems


def _figure(
    reader: FormReader, kf: KpiFields, contract: Contract, period: str, share: Decimal
) -> Delivered | None:
    k = kf.kpi
    cell, raw, usable = reader.raw(kf.delivered)
    evidence, ecell = reader.text(kf.evidence)
    note, _ = reader.text(kf.note)
    if cell is None or not usable:
        return None
    context = kf.delivered.context
    if cell.is_blank:
        reader.add(
            "no figure given: type what was delivered in the period, 0 if nothing",
            cell=cell.ref,
            context=context,
        )
        return None
    value = parse_decimal(raw, allow_negative=True)
    if isinstance(value, Invalid):
        reader.add(str(value), cell=cell.ref, context=context)
        return None
    problem = None
    whole_term = len(contract.periods) == 1  # one period: more than committed is over-delivery
    if value < 0:
        problem = (
            f"a negative figure ({plain_decimal(value)}) cannot be delivered: type what was "
            "delivered in the period, 0 if nothing (a correction to an earlier period goes in "
            "its note, for the officer)"
        )
    elif value > k.committed and not whole_term:
        problem = (
            f"{plain_decimal(value)} {k.unit} in one period is more than the whole commitment of "
            f"{plain_decimal(k.committed)} over the term (the {contract.calendar.period_name} "
            f"{period}): type this period's figure only, not a total (or ask the officer if it "
            "really is so)"
        )
    elif k.is_money(contract.currency) and value > share:
        problem = (
            f"{money(value, contract.currency)} is more than the contract's value for the "
            f"period ({money(share, contract.currency)}): type this period's spend only"
        )
    elif value > 0 and k.evidence_required and not evidence and ecell is not None:
        reader.add(
            f"{plain_decimal(value)} {k.unit} delivered needs its evidence, but the cell is empty",
            cell=ecell.ref,
            context=kf.evidence.context,
        )
        return None
    if problem:
        reader.add(problem, cell=cell.ref, context=context)
        return None
    if value > k.committed:  # the whole term in one period: for the officer to verify
        reader.add(
            f"{plain_decimal(value)} {k.unit} is more than the whole commitment of "
            f"{plain_decimal(k.committed)}: over-delivery, or a mistake? (the officer verifies it)",
            cell=cell.ref,
            context=context,
            severity="warning",
        )
    return Delivered(k.id, value, evidence or "", note or "", Source(reader.file, cell.ref))


def _spend(
    reader: FormReader, layout: ReturnLayout, contract: Contract, share: Decimal
) -> list[SpendLine]:
    lines: list[SpendLine] = []
    for sf in layout.spend:
        cells = {f.name: reader.locate(f) for f in sf.fields}
        if all(c is None or c.is_blank for c in cells.values()):
            continue
        supplier, scell = reader.text(attrs.evolve(sf.supplier, required=True))
        postcode, _ = reader.text(attrs.evolve(sf.postcode, required=True))
        kind, _ = reader.choice(attrs.evolve(sf.kind, required=True))
        kpi, _ = reader.choice(attrs.evolve(sf.kpi, required=True))
        amount, acell = reader.decimal(attrs.evolve(sf.amount, required=True))
        if amount is not None and acell is not None and amount > share:
            reader.add(
                f"{money(amount, contract.currency)} is more than the contract's value for the "
                f"period ({money(share, contract.currency)})",
                cell=acell.ref,
                context=sf.amount.context,
            )
            continue
        if supplier and postcode and kind and kpi and amount is not None and scell:
            lines.append(
                SpendLine(supplier, postcode, kind, amount, kpi, Source(reader.file, scell.ref))
            )
    return lines


def _compare_spend(
    reader: FormReader, delivered: list[Delivered], spend: list[SpendLine], currency: str
) -> None:
    """A warning where a KPI's spend lines do not add up to the figure reported for it."""
    for d in delivered:
        lines = [line for line in spend if line.kpi == d.kpi]
        total = sum((line.amount for line in lines), Decimal(0))
        if lines and total != d.quantity:
            reader.add(
                f"the {len(lines)} spend line{'s' * (len(lines) != 1)} for {d.kpi} add up to "
                f"{money(total, currency)}, not the {money(d.quantity, currency)} reported "
                "here: list every payment counted, or correct the figure",
                cell=d.source.cell,
                severity="warning",
            )


__all__ = ["Delivered", "Return", "SpendLine", "read_return"]
