"""credibility_adjusted: counted GBP value x a quality score, then relative to the best.

The ``criterion`` setting names a qualitative criterion; the bid's final score on it, as a
share of its scale maximum, multiplies the counted value. The adjusted values are then compared
as :mod:`.relative_to_best` compares counted values.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from ...yamlnodes import Fields
from ..model import Method
from .base import ZERO, Bid, Figures, Loading, Numbers, Outcome, Setting, Sheet, Words
from .relative_to_best import RelativeToBest


def read_criterion(
    f: Fields, required: bool, loading: Loading, owner: str, kind: str
) -> str | None:
    """The qualitative criterion named (checked once every criterion is read)."""
    named = f.ident("criterion", required=required)
    if named and required:
        loading.refer(f, "criterion", owner, kind, named)
    return named


class CredibilityAdjusted(RelativeToBest):
    """Counted GBP value x (score on a quality criterion / scale maximum), relative to best."""

    kind = "credibility_adjusted"
    settings = (Setting("criterion", read_criterion),)
    formula = (
        "adjusted value = counted GBP value × (score on the quality criterion ÷ its scale "
        "maximum); points = adjusted value ÷ highest eligible adjusted value × marks"
    )

    def quality_criterion(self, method: Method) -> str | None:
        return method.criterion

    def basis(self, counted: Fraction, credibility: Fraction | None) -> Fraction:
        assert credibility is not None
        return counted * credibility

    def score(self, bid: Bid, num: Numbers) -> Outcome:
        adjustment = (
            f" x credibility {num.factor(bid.credibility or ZERO, bid.counted, num.money(bid.basis))} (score on "
            f"{bid.method.criterion} / scale maximum) = {num.money(bid.basis)}"
        )
        return self.relative_outcome(bid, num, adjustment, bid.basis)

    def describe(self, method: Method, num: Callable[[Decimal], str]) -> str:
        return (
            f"credibility-adjusted: GBP value x (score on {method.criterion} / scale maximum), "
            "then relative to best"
        )

    def explain(self, figures: Figures, words: Words) -> str:
        text = (
            f"Adjusted by the quality score on {figures.credibility_criterion} "
            f"({words.share(figures.credibility_fraction or Decimal(0))})"
        )
        if figures.adjusted_value is not None:
            text += f" to {words.money(figures.adjusted_value)}"
        reference = figures.reference_value
        if reference is not None and reference != 0:
            text += (
                f"; {words.share(figures.fraction)} of the highest eligible adjusted value "
                f"({words.money(reference)})"
            )
        return text + "."

    def spreadsheet(self, sheet: Sheet, method: Method, figures: Figures, num: Numbers) -> str:
        assert method.criterion is not None
        credibility = sheet.figure(
            f"Credibility fraction (score on {method.criterion} / maximum)",
            sheet.fraction_of(method.criterion),
            figures.credibility_fraction,
        )
        adjusted = sheet.figure(
            "Adjusted value (counted x credibility)",
            f"{sheet.counted}*{credibility}",
            figures.adjusted_value,
        )
        return self.relative_rows(sheet, figures, adjusted)


METHOD = CredibilityAdjusted()
