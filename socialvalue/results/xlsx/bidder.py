"""One sheet per bidder: section and total formulas over the criterion blocks, then flags."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...names import visible
from ...scoring.result import BidderResult, Evaluation
from ...scoring.spend_summary import bid_spend
from ...workbook.writer import BOLD, TITLE_FONT
from .book import Book, figure, round_formula, slot
from .cells import merge_across, put_text
from .criteria import qualitative_block, quantitative_block
from .spend import spend_block

_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")


def sheet_names(bidders: Iterable[BidderResult]) -> dict[str, str]:
    names: dict[str, str] = {}
    used = {"summary", "inputs", "reference", "not assessed", "clarifications"}
    for i, b in enumerate(bidders, 1):
        base = _SHEET_BAD.sub("_", f"{i:02d} {visible(b.key)}")[:31].strip() or f"{i:02d}"
        name, n = base, 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.casefold())
        names[b.key] = name
    return names


def bidder_sheet(
    book: Book, ev: Evaluation, b: BidderResult, title: str, evaluators: list[str]
) -> None:
    rubric = ev.inputs.rubric
    rounding = rubric.rounding
    ws = book.sheet(title)
    put_text(ws, "A1", b.name, TITLE_FONT)
    put_text(ws, "A2", f"Key {b.key}; status {b.status}" + (f"; rank {b.rank}" if b.rank else ""))
    reasons = " ".join(r.text for r in b.disqualification)
    if reasons:
        put_text(ws, "A3", reasons)
    for col, text in zip("ABCDE", ("", "Figure", "Formula", "Engine", "Check"), strict=True):
        if text:
            put_text(ws, f"{col}4", text, BOLD)
    # Totals first (they point at the blocks below).
    row = 5
    section_cells = []
    for s_res, section in zip(b.sections, rubric.sections, strict=True):
        ids = [c.id for c in section.criteria]
        pts = ",".join(slot(f"b_{b.key}_points_{cid}") for cid in ids)
        put_text(ws, f"A{row}", section.id)
        cell = figure(book, ws, row, f"Section {section.id} points", f"SUM({pts})", s_res.points)
        book.name(f"b_{b.key}_section_{section.id}", ws, cell)
        if rounding.stage == "criterion":
            row += 1
            rounded = ",".join(slot(f"b_{b.key}_rounded_{cid}") for cid in ids)
            cell = figure(
                book,
                ws,
                row,
                f"Section {section.id} (sum of rounded criteria)",
                f"SUM({rounded})",
                s_res.points_rounded,
            )
            section_cells.append(cell)
        elif rounding.stage == "section":
            row += 1
            cell = figure(
                book,
                ws,
                row,
                f"Section {section.id} rounded ({rounding.places} places, {rounding.rule})",
                round_formula(cell, rounding.places, rounding.rule),
                s_res.points_rounded,
            )
            section_cells.append(cell)
        row += 1
    t = b.totals
    sums = ",".join(slot(f"b_{b.key}_points_{c.id}") for _, c in rubric.criteria())
    total = figure(book, ws, row, "Social value total", f"SUM({sums})", t.total)
    book.name(f"b_{b.key}_total", ws, total)
    row += 1
    if rounding.stage == "total":
        template = round_formula(total, rounding.places, rounding.rule)
        label = f"Total rounded ({rounding.places} places, {rounding.rule})"
    else:
        template = f"SUM({','.join(section_cells)})"
        label = f"Total (sum of rounded {rounding.stage} figures)"
    rounded_total = figure(book, ws, row, label, template, t.total_rounded)
    book.name(f"b_{b.key}_total_rounded", ws, rounded_total)
    row += 1
    points = figure(
        book,
        ws,
        row,
        "Evaluation points (total / total marks x social value %)",
        f"{total}/{{in_total_marks}}*{{in_sv}}",
        t.evaluation_points,
    )
    book.name(f"b_{b.key}_eval", ws, points)
    row += 1
    eval_rounded = figure(
        book,
        ws,
        row,
        "Evaluation points rounded",
        round_formula(points, rounding.places, rounding.rule),
        t.evaluation_points_rounded,
    )
    book.name(f"b_{b.key}_eval_rounded", ws, eval_rounded)
    row += 2
    for _, c in rubric.criteria():
        if c.qualitative:
            row = qualitative_block(book, ws, row, ev, b, c, evaluators)
        else:
            row = quantitative_block(book, ws, row, ev, b, c)
    if rubric.spend_plans():
        response = next(r for r in ev.inputs.responses if r.key == b.key)
        row = spend_block(book, ws, row, bid_spend(response, ev.inputs.tender))
    if b.flags:
        put_text(
            ws,
            f"A{row}",
            "Flags (a credibility flag's panel decision may change the quantities counted)",
            BOLD,
        )
        for f in b.flags:
            row += 1
            put_text(ws, f"A{row}", f.code)
            put_text(ws, f"B{row}", f.reason)
            merge_across(ws, row)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 16
    ws.column_dimensions["G"].width = 40
