"""The short table ``contract report`` prints: each KPI's commitment, profile to date,
verified to date, the percent and the rating."""

from __future__ import annotations

from ..formatting import plain_decimal
from .record import DeliveryRecord
from .report_local import local_table

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
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = [
        "  ".join(
            cell.ljust(w) if i in (0, 5) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
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
