"""A plain-text ranking table for the terminal (``socialvalue score`` prints it on stdout)."""

from __future__ import annotations

from ..names import visible
from .arith import fixed, plain
from .result import Evaluation


def format_ranking_table(evaluation: Evaluation) -> str:
    """Rank, bidder, status, totals (as the rubric rounds them) and flags, then the outcome;
    bidder text with its control and format characters shown (:func:`visible`)."""
    r = evaluation.inputs.rubric
    out_of = plain(r.total_marks)
    sv = plain(evaluation.weighting.social_value_percent)
    header = ("Rank", "Bidder", "Status", f"Total /{out_of}", f"Points /{sv}", "Flags")
    rows = []
    for b in evaluation.bidders:
        rank = "-" if b.rank is None else f"{b.rank}{'=' if b.rank_shared else ''}"
        rows.append(
            (
                rank,
                visible(b.name),  # widths as printed
                b.status,
                fixed(b.totals.total_rounded),
                fixed(b.totals.evaluation_points_rounded),
                str(len(b.flags)),
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = {0, 3, 4, 5}

    def line(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    lines = [line(header), line(tuple("-" * w for w in widths))]
    lines += [line(row) for row in rows]
    lines.append("")
    lines.append(evaluation.outcome.text)
    rounding = r.rounding
    lines.append(
        f"Totals rounded to {rounding.places} places ({rounding.rule.replace('_', '-')}) at "
        f"stage {rounding.stage}; ranked on {rounding.rank_on} totals."
    )
    for b in evaluation.bidders:
        for reason in b.disqualification:
            lines.append(f"Disqualified: {reason.text}")
    for n in evaluation.inputs.not_assessed:
        lines.append(f"Not assessed: {n.name} ({n.status}, {n.date.isoformat()}): {n.reason}")
    for t in evaluation.tie_breaks:
        lines.append(f"Tie-break: {t.text}")
    for group in evaluation.ties:
        lines.append(f"Tie: {group.text}")
    status = evaluation.status
    if status.provisional:
        lines.append("Status: PROVISIONAL")
        lines += [f"  {reason}" for reason in status.reasons]
    else:
        lines.append("Status: FINAL")
    # Names in the sentences too: control and format characters as <U+200B> markers.
    return "\n".join(visible(line) for line in lines) + "\n"
