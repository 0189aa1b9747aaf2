"""relative_to_best: a bid's counted GBP value divided by the best eligible bid's.

The best eligible value is the reference (all bids when none is eligible, for information only).
Declared outcomes: a best of 0 scores every bid 0 (no division by zero); a disqualified bid above
the eligible best has its fraction capped at 1.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from ..model import Method
from .base import ONE, ZERO, Bid, Figures, MethodSpec, Numbers, Outcome, Sheet, Words, ratio


class RelativeToBest(MethodSpec):
    """Counted GBP value / highest eligible counted GBP value."""

    kind = "relative_to_best"
    relative = True
    formula = "points = counted GBP value ÷ highest eligible counted GBP value × marks"

    def score(self, bid: Bid, num: Numbers) -> Outcome:
        return self.relative_outcome(bid, num, "", None)

    def relative_outcome(
        self, bid: Bid, num: Numbers, adjustment: str, adjusted: Fraction | None
    ) -> Outcome:
        """The fraction of the best eligible basis; ``adjustment`` says how the basis was made."""
        best = bid.reference_value
        if best == 0:
            fraction = ZERO
            text = (
                f"{bid.counted_text}{adjustment}; the best eligible value is 0, so every bid "
                "scores 0 (declared outcome: no division by zero)."
            )
        else:
            share = ratio(bid.basis, best)
            fraction = min(share, ONE)
            text = (
                f"{bid.counted_text}{adjustment}, divided by the best eligible "
                f"{num.money(best)} ({bid.reference_name}) = {num.show(share)}"
            )
            if share > ONE:
                text += ", capped at 1 (this bid is not eligible, so it is not the reference)"
            text += "" if text.endswith(".") else "."
        return Outcome(
            fraction=fraction,
            text=text,
            reference_bidder=bid.reference_bidder,
            reference_value=best,
            credibility_criterion=bid.method.criterion,
            credibility_fraction=bid.credibility,
            adjusted_value=adjusted,
        )

    def describe(self, method: Method, num: Callable[[Decimal], str]) -> str:
        return "relative to best: bid GBP value / highest eligible GBP value x marks"

    def explain(self, figures: Figures, words: Words) -> str:
        share = words.share(figures.fraction)
        reference = figures.reference_value
        if reference is None or reference == 0:
            return f"No eligible bid committed any valued social value: {share} of the marks."
        if figures.counted > reference:
            return (
                f"More than the highest eligible bid ({words.money(reference)}): "
                f"{share} of the marks."
            )
        return f"{share} of the highest eligible bid ({words.money(reference)})."

    def spreadsheet(self, sheet: Sheet, method: Method, figures: Figures, num: Numbers) -> str:
        return self.relative_rows(sheet, figures, sheet.counted)

    def relative_rows(self, sheet: Sheet, figures: Figures, basis: str) -> str:
        """The reference and the fraction of it, for the basis in cell ``basis``."""
        sheet.basis(basis)
        ref = sheet.figure("Best eligible value", sheet.reference, figures.reference_value)
        return sheet.figure(
            "Fraction (0 when the best is 0; at most 1)",
            f"IF({ref}=0,0,MIN({basis}/{ref},1))",
            figures.fraction,
        )


METHOD = RelativeToBest()
