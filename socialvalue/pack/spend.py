"""A bid's spend plan as the pack and its summary show it: the local, VCSE and SME shares and
LM3, each line recomputing from its printed operands (docs/pack.md, "Arithmetic").

The figures come from results.json's ``bidders[].spend`` (:mod:`socialvalue.scoring.spend_summary`);
this module only words them.
"""

from __future__ import annotations

from typing import Any

from ..scoring.spend_summary import BidShare, BidSpend
from .explain import SHARE_NAMES
from .figures import money, percent

Context = dict[str, Any]


def share_line(s: BidShare, contract_value: object, currency: str, places: int) -> str:
    """``Local spend: GBP 120,000 / GBP 2,000,000 contract value x 100 = 6% (1 line: ...)``."""
    name = SHARE_NAMES.get(s.share, s.share)
    lines = f"{s.counted_lines} line{'s' if s.counted_lines != 1 else ''}"
    return (
        f"{name[0].upper()}{name[1:]}: {money(s.amount, currency)} / "
        f"{money(contract_value, currency)} contract value x 100 = "
        f"{percent(s.percent, places)} ({lines}: {s.rule})"
    )


def spend_context(spend: BidSpend | None, currency: str, places: int) -> Context | None:
    """The bid's spend plan for a template, or None when the rubric asks for none."""
    if spend is None:
        return None
    lm3 = spend.lm3
    notes = []
    if not lm3.local_wages_given:
        notes.append(f"No local wage bill given: counted as {money(0, currency)}.")
    if lm3.source is not None:
        notes.append(
            f"Re-spend shares declared by the buyer from {lm3.source} ({lm3.year}). "
            + (
                "LM3 is scored: its criterion scores the local return LM3 - 1 as a percent of "
                "the contract value."
                if lm3.scored
                else "LM3 is recorded, not scored."
            )
        )
    return {
        "planned": money(spend.planned, currency),
        "lines": spend.lines,
        "local_area": spend.local_area,
        "shares": [share_line(s, spend.contract_value, currency, places) for s in spend.shares],
        "lm3": list(lm3.arithmetic),
        "lm3_value": str(lm3.lm3) if lm3.lm3 is not None else None,
        "notes": notes,
    }


__all__ = ["share_line", "spend_context"]
