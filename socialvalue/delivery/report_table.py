"""The short table ``contract report`` prints: each KPI's commitment, profile to date,
verified to date, the percent and the rating; then, with local spend, the latest period's
planned and counted local / VCSE / SME spend to date and its LM3."""

from __future__ import annotations

from collections.abc import Sequence

from ..formatting import money, plain_decimal
from .local_spend import REPORTED
from .record import DeliveryRecord

HEADER = ("KPI", "Committed", "Profile to date", "Verified", "%", "Rating")


def rating_table(record: DeliveryRecord) -> str:
    """The table as text, columns padded, with the date it is rated as of."""
    rows = [HEADER] + [
        (
            k.id,
            f"{plain_decimal(k.committed)} {k.unit}",
            plain_decimal(k.profile_to_date),
            plain_decimal(k.verified_to_date),
            "-" if k.percent_rounded is None else f"{k.percent_rounded}",
            k.rating,
        )
        for k in record.kpis
    ]
    lines = _padded(rows, (0, 5))
    overdue = ", ".join(o.period for o in record.overdue)
    lines.append(f"As of {record.as_of.isoformat()} ({record.as_of_basis}).")
    if overdue:
        lines.append(f"Overdue returns: {overdue}.")
    late = ", ".join(f"{x.period} ({x.days} days)" for x in record.late)
    if late:
        lines.append(f"Late returns: {late}.")
    local = local_table(record)
    if local:
        lines += ["", *local]
    return "\n".join(lines)


def _padded(rows: Sequence[Sequence[str]], left: tuple[int, ...]) -> list[str]:
    """``rows`` as lines of columns two spaces apart: ``left`` columns left-aligned, the rest
    (figures) right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(w) if i in left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def local_table(record: DeliveryRecord) -> list[str]:
    """``contract report``'s local spend lines: the latest reported period's planned and
    counted local / VCSE / SME spend to date with their ratings, and its LM3 (none: [])."""
    local = record.local_spend
    reported = [p for p in local.periods if p.reported] if local is not None else []
    if not reported:
        return []
    p, cur = reported[-1], record.currency
    rows = [(f"Spend to {p.period}", "Planned", "Counted", "Rating")] + [
        (
            dict(REPORTED).get(c.category, c.category),
            "-" if c.planned_to_date is None else money(c.planned_to_date, cur),
            money(c.actual_to_date, cur),
            c.rating,
        )
        for c in p.categories
    ]
    lines = _padded(rows, (0, 3))
    lm3 = p.lm3
    if lm3.actual_rounded is not None:
        planned = f" (planned {lm3.planned_rounded})" if lm3.planned_rounded is not None else ""
        lines.append(f"LM3 in {p.period}: {lm3.actual_rounded}{planned}.")
    else:
        lines.append(f"LM3 in {p.period}: {lm3.reason}.")
    return lines
