"""One bid's spend plan summed up: its local, VCSE and SME shares and its LM3, exact.

Recorded for every bid when the rubric has a ``spend_plan`` criterion, whichever shares the
rubric scores, so the pack and the bidder's summary can show all three and the multiplier.

LM3 (docs/scoring.md, "Local spend and LM3"): Round 1 is the contract value; Round 2 the plan's
lines with local suppliers plus the local wage bill the bid commits (the Spend plan sheet's
"Local wage bill" cell, blank counted as GBP 0 and said so); Round 3 Round 2's parts at the
buyer's declared re-spend shares. Without a declared ``local_multiplier:`` or ``local_area:``
LM3 is "not computed" with the reason: no share or area is assumed. LM3 is recorded here
whether or not it is scored; with ``scored: true`` a spend_plan criterion ``share: lm3`` scores
it (:mod:`socialvalue.scoring.spend`).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..local.lm3 import LM3_PLACES, lm3_lines, local_multiplier
from ..model import Response, Tender
from .arith import dec
from .spend import LINE_SHARES, RULES, share_figures

NO_AREA = "not computed: no local area declared"


@attrs.frozen
class BidShare:
    """One share of a bid's plan: planned GBP in it and its percent of the contract value."""

    share: str  # local | vcse | sme
    amount: Decimal
    percent: Decimal  # amount / contract value x 100, exact
    counted_lines: int
    rule: str


@attrs.frozen
class BidLM3:
    """A bid's LM3 from its plan: the rounds, the declared shares' source and the arithmetic."""

    round1: Decimal  # the contract value
    local_suppliers: Decimal  # the plan's lines in the local area
    local_wages: Decimal  # the local wage bill (0 when blank)
    local_wages_given: bool  # False: the bidder left the wage bill blank
    round2: Decimal
    round3: Decimal | None  # None: no re-spend shares declared
    lm3: Decimal | None  # rounded half up to 2 places; None: not computed (see reason)
    reason: str  # why not computed; "" when it is
    source: str | None  # the re-spend shares' survey
    year: int | None
    arithmetic: tuple[str, ...]  # each line recomputes from its printed operands
    #: The declared re-spend shares of suppliers and of staff; None when none are declared.
    respend_suppliers: Decimal | None = None
    respend_employees: Decimal | None = None
    #: Whether the tender scores LM3 (``local_multiplier: scored: true``) or records it only.
    scored: bool = False


@attrs.frozen
class BidSpend:
    """A bid's spend plan summed up for the pack, the summary and results.json."""

    planned: Decimal  # every line of the plan
    contract_value: Decimal
    lines: int
    local_area: str | None  # the declared area's description
    shares: tuple[BidShare, ...]  # local (when an area is declared), vcse, sme
    lm3: BidLM3


def bid_spend(response: Response, tender: Tender) -> BidSpend:
    """``response``'s shares and LM3 under ``tender``'s local area and re-spend shares
    (the contract value is more than 0: the tender refuses anything else)."""
    area, value = tender.local_area, tender.contract_value
    plan = response.spend_plan
    shares, local = [], None
    for share in LINE_SHARES:
        if share == "local" and area is None:
            continue
        f = share_figures(plan, share, area, value)
        shares.append(BidShare(share, dec(f.amount), dec(f.percent), len(f.counted), RULES[share]))
        if share == "local":
            local = dec(f.amount)
    planned = sum((line.amount for line in plan), Decimal(0))
    wages = response.local_wages if response.local_wages is not None else Decimal(0)
    declared = tender.local_multiplier
    result = local_multiplier(value, local or Decimal(0), wages, declared)
    if area is None:
        result = attrs.evolve(result, value=None, reason=NO_AREA)
    text = tuple(lm3_lines(result, tender.currency)) if area is not None else (f"LM3 {NO_AREA}",)
    lm3 = BidLM3(
        round1=value,
        local_suppliers=result.local_suppliers,
        local_wages=wages,
        local_wages_given=response.local_wages is not None,
        round2=result.round2,
        round3=result.round3 if area is not None else None,
        lm3=result.rounded,
        reason=result.reason,
        source=declared.source if declared else None,
        year=declared.year if declared else None,
        arithmetic=text,
        respend_suppliers=declared.respend.suppliers if declared else None,
        respend_employees=declared.respend.employees if declared else None,
        scored=declared.scored if declared else False,
    )
    return BidSpend(
        planned=planned,
        contract_value=value,
        lines=len(plan),
        local_area=area.describe() if area is not None else None,
        shares=tuple(shares),
        lm3=lm3,
    )


__all__ = ["LM3_PLACES", "NO_AREA", "BidLM3", "BidShare", "BidSpend", "bid_spend"]
