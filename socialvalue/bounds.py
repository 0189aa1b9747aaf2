"""The sane bounds of the numbers a tender declares and a bidder types (bottom layer).

A contract value, a quantity or a proxy value outside these is refused where it is read, with
its file and line or sheet!cell, so every figure the engine works out stays within what the
formatting prints in a line and what a spreadsheet holds (docs/tender.md, docs/rubrics.md).
"""

from __future__ import annotations

from decimal import Decimal

#: The least and most a contract's ``value`` may be (GBP 1 to GBP 1 trillion, or the currency's).
CONTRACT_VALUE_MIN = Decimal(1)
CONTRACT_VALUE_MAX = Decimal(10) ** 12
#: The most any quantity of a measure may be, and a rubric's ``max_quantity`` (one billion).
QUANTITY_MAX = Decimal(10) ** 9
#: The most a proxy set may value one unit of a measure at (one billion).
PROXY_VALUE_MAX = Decimal(10) ** 9
#: The most ``annual_fte_cost`` may be.
FTE_COST_MAX = Decimal(10) ** 7

__all__ = [
    "CONTRACT_VALUE_MAX",
    "CONTRACT_VALUE_MIN",
    "FTE_COST_MAX",
    "PROXY_VALUE_MAX",
    "QUANTITY_MAX",
]
