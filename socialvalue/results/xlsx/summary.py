"""The Summary sheet: the tender, status and outcome, and each bidder's totals as formulas."""

from __future__ import annotations

from ...scoring.result import Evaluation
from ...workbook.writer import BOLD, TITLE_FONT
from .book import TOLERANCE, Book, slot
from .cells import cell_number, column_letter, put, put_text


def summary_sheet(book: Book, ev: Evaluation, sheets: dict[str, str]) -> None:
    ws = book.sheet("Summary")
    t = ev.inputs.tender
    rubric = ev.inputs.rubric
    r = rubric.rounding
    put_text(ws, "A1", f"{t.reference}: {t.title}", TITLE_FONT)
    lines = [
        f"Buyer: {t.buyer}. Marking: {t.marking}.",
        f"Rubric {rubric.id} version {rubric.version} ({rubric.policy}); sha256 {rubric.sha256}.",
        ev.weighting.text,
        f"Status: {ev.status.state.upper()}. " + " ".join(ev.status.reasons),
        ev.outcome.text,
        f"Rounding: {r.places} places, {r.rule}, at stage {r.stage}; ranked on {r.rank_on} totals. "
        "Formulas compute every total from the Inputs sheet and each bidder's sheet; column "
        "'Engine' holds the scoring engine's exact figure and 'Check' compares them.",
    ]
    if r.rule == "half_even":
        lines.append(
            "Half-even rounding has no spreadsheet function: it is emulated (an exact half, within "
            "floating-point noise of 1E-9, goes to the even neighbour)."
        )
    if ev.inputs.proxies is not None and ev.inputs.proxies.example:
        lines.append(f"Proxy values: {ev.inputs.proxies.label}.")
    for i, line in enumerate(lines, 2):
        put_text(ws, f"A{i}", line)
    row = len(lines) + 3
    header = (
        "Rank",
        "Bidder",
        "Name",
        "Status",
        "Total",
        "Total (rounded)",
        "Evaluation points",
        "Evaluation points (rounded)",
        "Engine total (rounded)",
        "Check",
        "Sheet",
        "Reason",
    )
    for i, text in enumerate(header):
        put_text(ws, f"{column_letter(1 + i)}{row}", text, BOLD)
    for b in ev.bidders:
        row += 1
        if b.rank is not None:
            put(ws, f"A{row}", b.rank)
        put_text(ws, f"B{row}", b.key)
        put_text(ws, f"C{row}", b.name)
        put_text(ws, f"D{row}", b.status + (" (shared rank)" if b.rank_shared else ""))
        book.formula(ws, f"E{row}", slot(f"b_{b.key}_total"))
        book.formula(ws, f"F{row}", slot(f"b_{b.key}_total_rounded"))
        book.formula(ws, f"G{row}", slot(f"b_{b.key}_eval"))
        book.formula(ws, f"H{row}", slot(f"b_{b.key}_eval_rounded"))
        put(ws, f"I{row}", cell_number(b.totals.total_rounded))
        put(ws, f"J{row}", f'=IF(ABS(F{row}-I{row})<={TOLERANCE},"ok","CHECK")')
        put_text(ws, f"K{row}", sheets[b.key])
        put_text(ws, f"L{row}", " ".join(x.text for x in b.disqualification))
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["C"].width = 30
