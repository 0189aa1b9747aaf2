"""The registries' words on pack pages (scoring methods, flag kinds), with the pack's figures.

:mod:`socialvalue.rubric.methods` says what each method publishes and how it explains a bid;
this module gives it the pack's way of writing figures (:class:`PackWords`) and one bid's
figures from the record (:func:`figures_of`).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..results.record import CriterionRecord
from ..rubric import methods
from .figures import at_most_places, fraction_percent, money, percent


@attrs.frozen
class PackWords:
    """:class:`methods.Words` in the pack's style, for one currency and number of places."""

    currency: str = "GBP"
    places: int = 3

    def money(self, value: Decimal) -> str:
        return money(value, self.currency)

    def percent(self, value: Decimal) -> str:
        return percent(value, self.places)

    def share(self, fraction: Decimal) -> str:
        return fraction_percent(fraction)

    def number(self, value: Decimal) -> str:
        return at_most_places(value, self.places)


def figures_of(criterion: CriterionRecord) -> methods.Figures:
    """One bid's figures on a quantitative criterion, as the record holds them."""
    method, counted = criterion.method, criterion.counted_gbp_value
    if method is None or counted is None:
        raise ValueError(f"criterion {criterion.id} has no method result to explain")
    return methods.Figures(
        fraction=criterion.fraction,
        counted=counted,
        reference_value=method.reference_value,
        credibility_criterion=method.credibility_criterion,
        credibility_fraction=method.credibility_fraction,
        adjusted_value=method.adjusted_value,
        band=method.band,
        target_percent=method.target_percent,
    )
