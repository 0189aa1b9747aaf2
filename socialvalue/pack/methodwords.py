"""The registries' words on pack pages (scoring methods, flag kinds), with the pack's figures.

:mod:`socialvalue.rubric.methods` says what each method publishes and how it explains a bid;
this module gives it the pack's way of writing figures (:class:`PackWords`); one bid's figures
come from :func:`socialvalue.scoring.quantitative.method_figures`.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

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
