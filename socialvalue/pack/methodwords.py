"""The registries' words on pack pages (scoring methods, flag kinds), with the pack's figures.

:mod:`socialvalue.rubric.methods` says what each method publishes and how it explains a bid;
this module gives it the pack's way of writing figures (:class:`PackWords`) and the figures of
results.json as the methods' types.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..rubric import methods
from ..rubric.model import Band, Method
from .figures import dec, exact, fraction_percent, money, percent

Json = Mapping[str, Any]


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
        return exact(value, self.places)


def _opt(value: object) -> Decimal | None:
    return None if value is None else dec(value)


def _band(band: Json | None) -> Band | None:
    return Band(dec(band["at_least"]), dec(band["score"])) if band else None


def method_of(method: Json) -> Method:
    """A rubric's method as results.json records it (``results["rubric"]`` criteria)."""
    return Method(
        kind=method["kind"],
        bands=tuple(b for b in (_band(x) for x in method["bands"]) if b is not None),
        target_percent=_opt(method["target_percent"]),
        criterion=method["criterion"],
        cap_percent_of_contract=_opt(method["cap_percent_of_contract"]),
    )


def figures_of(criterion: Json) -> methods.Figures:
    """One bid's figures on a quantitative criterion, as results.json records them."""
    method = criterion["method"]
    return methods.Figures(
        fraction=dec(criterion["fraction"]),
        counted=dec(criterion["counted_gbp_value"]),
        reference_value=_opt(method.get("reference_value")),
        credibility_criterion=method.get("credibility_criterion"),
        credibility_fraction=_opt(method.get("credibility_fraction")),
        adjusted_value=_opt(method.get("adjusted_value")),
        band=_band(method.get("band")),
        target_percent=_opt(method.get("target_percent")),
    )
