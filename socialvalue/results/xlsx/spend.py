"""A bidder sheet's spend plan block: the shares of the contract value and LM3 as live formulas
over the figures they come from, each beside the engine's figure and a check (issue 17)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from ...scoring.spend_summary import BidSpend
from ...workbook.writer import BOLD
from .book import Book, figure, round_formula
from .cells import put_number, put_text

NAMES = {"local": "Local", "vcse": "VCSE", "sme": "SME"}


def spend_block(book: Book, ws: Worksheet, row: int, spend: BidSpend) -> int:
    """Write the block from ``row``; returns the next free row."""
    put_text(ws, f"A{row}", "Spend plan: shares of the contract value and LM3", BOLD)
    row += 1
    put_text(ws, f"B{row}", "Contract value (Round 1)")
    put_number(ws, f"C{row}", spend.contract_value)
    value = f"C{row}"
    for s in spend.shares:
        row += 1
        put_text(ws, f"B{row}", f"{NAMES.get(s.share, s.share)} spend planned ({s.rule})")
        put_number(ws, f"C{row}", s.amount)
        row += 1
        figure(
            book,
            ws,
            row,
            f"{NAMES.get(s.share, s.share)} share %",
            f"C{row - 1}/{value}*100",
            s.percent,
        )
    lm3 = spend.lm3
    row += 1
    put_text(ws, f"B{row}", "Local suppliers (plan lines in the local area)")
    put_number(ws, f"C{row}", lm3.local_suppliers)
    suppliers = f"C{row}"
    row += 1
    given = "Spend plan sheet" if lm3.local_wages_given else "blank: counted as 0"
    put_text(ws, f"B{row}", f"Local wage bill ({given})")
    put_number(ws, f"C{row}", lm3.local_wages)
    wages = f"C{row}"
    row += 1
    round2 = figure(book, ws, row, "Round 2 (local spend)", f"{suppliers}+{wages}", lm3.round2)
    sup_share, emp_share = lm3.respend_suppliers, lm3.respend_employees
    if lm3.round3 is None or lm3.lm3 is None or sup_share is None or emp_share is None:
        row += 1
        put_text(ws, f"B{row}", f"LM3 {lm3.reason}")
        return row + 2
    row += 1
    put_text(ws, f"B{row}", f"Re-spend shares: suppliers, staff ({lm3.source}, {lm3.year})")
    put_number(ws, f"C{row}", sup_share)
    put_number(ws, f"D{row}", emp_share)
    shares = (f"C{row}", f"D{row}")
    row += 1
    round3 = figure(
        book,
        ws,
        row,
        "Round 3 (re-spent locally)",
        f"{suppliers}*{shares[0]}+{wages}*{shares[1]}",
        lm3.round3,
    )
    row += 1
    exact = f"({value}+{round2}+{round3})/{value}"
    figure(
        book,
        ws,
        row,
        "LM3 = (R1 + R2 + R3) / R1, to 2 places",
        round_formula(exact, 2, "half_up"),
        lm3.lm3,
    )
    return row + 2


__all__ = ["spend_block"]
