"""contract_value_target: the counted value as a percent of contract value, against a target.

A bid reaching ``target_percent`` of the contract value earns full marks; below it, the
proportion reached (the fraction is at most 1).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ...yamlnodes import Fields
from ..model import Method
from .base import (
    ONE,
    Bid,
    Figures,
    Loading,
    MethodSpec,
    Notes,
    Numbers,
    Outcome,
    Setting,
    Sheet,
    Words,
    ratio,
)


def read_target(
    f: Fields, required: bool, loading: Loading, owner: str, kind: str
) -> Decimal | None:
    """The percent of contract value that earns full marks (more than 0)."""
    return f.decimal("target_percent", required=required, positive=True)


class ContractValueTarget(MethodSpec):
    """(Counted GBP value as % of contract value) / target %, at most 1."""

    kind = "contract_value_target"
    settings = (Setting("target_percent", read_target),)
    formula = "points = min(1, (counted GBP value ÷ contract value × 100) ÷ target %) × marks"

    def score(self, bid: Bid, num: Numbers) -> Outcome:
        target = bid.method.target_percent
        assert target is not None and target > 0
        fraction = min(ratio(bid.counted_percent, target), ONE)
        text = (
            f"{bid.counted_text} is {num.show(bid.counted_percent)}% of contract value; against "
            f"the {num.plain(target)}% target: {num.show(fraction)} of the marks (at most 1)."
        )
        return Outcome(fraction=fraction, text=text, target_percent=target)

    def describe(self, method: Method, num: Callable[[Decimal], str]) -> str:
        return (
            f"against a target: (GBP value as % of contract value) / "
            f"{num(method.target_percent or Decimal(0))}% x marks, at most full marks"
        )

    def methodology(self, method: Method, words: Words) -> Notes:
        if method.target_percent is None:
            return Notes()
        target = words.percent(method.target_percent)
        return Notes(paragraphs=(f"Target: {target} of contract value earns full marks.",))

    def explain(self, figures: Figures, words: Words) -> str:
        target = words.percent(figures.target_percent or Decimal(0))
        return (
            f"Against a target of {target} of contract value: "
            f"{words.share(figures.fraction)} of the marks."
        )

    def spreadsheet(self, sheet: Sheet, method: Method, figures: Figures, num: Numbers) -> str:
        assert method.target_percent is not None
        return sheet.figure(
            "Fraction (% / target, at most 1)",
            f"MIN({sheet.percent}/{{setting}},1)",
            figures.fraction,
            setting=("target %", method.target_percent),
        )


METHOD = ContractValueTarget()
