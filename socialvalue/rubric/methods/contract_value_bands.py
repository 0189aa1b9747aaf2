"""contract_value_bands: published bands of percent of contract value, each worth a score.

A bid earns the score of the highest band whose ``at_least`` its counted percent of contract
value reaches; below the lowest band it earns 0.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from ...yamlnodes import Fields
from ..model import HUNDRED, Band, Method
from .base import (
    ZERO,
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

BAND_KEYS = ("at_least", "score")


def read_bands(
    f: Fields, required: bool, loading: Loading, owner: str, kind: str
) -> tuple[Band, ...]:
    """The bands, lowest first: ``at_least`` 0 or more and increasing, ``score`` 0 to 100."""
    bands: list[Band] = []
    for node in f.maps("bands", required=required):
        bf = Fields(node, f.problems, "a band", BAND_KEYS)
        lo = bf.decimal("at_least", required=True, minimum=Decimal(0))
        score = bf.decimal("score", required=True, minimum=Decimal(0), maximum=HUNDRED)
        if lo is not None and score is not None:
            bands.append(Band(lo, score))
    if bands and [b.at_least for b in bands] != sorted({b.at_least for b in bands}):
        f.error(f.where("bands"), "bands must be listed with at_least increasing, each once")
    return tuple(bands)


def band_for(method: Method, percent: Fraction) -> Band | None:
    """The highest band whose threshold ``percent`` reaches, or None below the lowest."""
    chosen = None
    for band in method.bands:
        if Fraction(band.at_least) <= percent:
            chosen = band
    return chosen


class ContractValueBands(MethodSpec):
    """The score of the highest band reached by the counted % of contract value."""

    kind = "contract_value_bands"
    settings = (Setting("bands", read_bands),)
    formula = (
        "points = score % of the highest band whose threshold the bid's counted % of contract "
        "value reaches × marks (0 below the lowest band)"
    )

    def score(self, bid: Bid, num: Numbers) -> Outcome:
        band = band_for(bid.method, bid.counted_percent)
        fraction = ratio(band.score, HUNDRED) if band else ZERO
        where = (
            f"band 'at least {num.plain(band.at_least)}%' earns {num.plain(band.score)}% of the "
            "marks"
            if band
            else "below the lowest band: 0 marks"
        )
        text = f"{bid.counted_text} is {num.show(bid.counted_percent)}% of contract value: {where}."
        return Outcome(fraction=fraction, text=text, band=band)

    def describe(self, method: Method, num: Callable[[Decimal], str]) -> str:
        bands = ", ".join(f">= {num(b.at_least)}% -> {num(b.score)}%" for b in method.bands)
        return f"bands of % of contract value: {bands} of marks"

    def methodology(self, method: Method, words: Words) -> Notes:
        return Notes(
            items=tuple(
                f"at least {words.percent(b.at_least)} of contract value: "
                f"{words.percent(b.score)} of marks"
                for b in method.bands
            )
        )

    def explain(self, figures: Figures, words: Words) -> str:
        band = figures.band
        if band is None:
            return f"Below the lowest published band: {words.share(figures.fraction)} of the marks."
        return (
            f"In the band of at least {words.percent(band.at_least)} of contract value, "
            f"which earns {words.percent(band.score)} of the marks."
        )

    def spreadsheet(self, sheet: Sheet, method: Method, figures: Figures, num: Numbers) -> str:
        listing = "; ".join(
            f">= {num.plain(b.at_least)}% -> {num.plain(b.score)}%" for b in method.bands
        )
        formula = "0"
        for band in method.bands:  # lowest first: each higher band wraps the previous formula
            formula = (
                f"IF({sheet.percent}+{sheet.tolerance}>={num.plain(band.at_least)},"
                f"{num.plain(band.score)}/100,{formula})"
            )
        return sheet.figure(
            "Fraction (band score / 100)", formula, figures.fraction, setting=("bands", listing)
        )


METHOD = ContractValueBands()
