"""What a quantitative scoring method is: its settings, its arithmetic and its words.

A method turns one bid's counted GBP value (after any cap) into a fraction 0..1 of the
criterion's marks. Each method is one module in this package defining a :class:`MethodSpec`
subclass; :mod:`socialvalue.rubric.methods` registers it. Everything about the method lives in
that class, and every part of the toolkit asks the registry instead of testing the kind:

* :attr:`MethodSpec.settings`: the ``method`` keys it owns (``bands``, ``target_percent``, ...),
  read and checked by the loader; the schema requires them for this kind and forbids them for
  the others;
* :meth:`MethodSpec.score`: the exact fraction, the figures used and the sentence for the record;
* :meth:`MethodSpec.describe`: one line for ``rubric show`` and the record's ``method_text``;
* :attr:`MethodSpec.formula` and :meth:`MethodSpec.methodology`: the pack's Methodology section;
* :meth:`MethodSpec.explain`: the sentence in a bidder's assessment summary;
* :meth:`MethodSpec.spreadsheet`: the live formulas on a bidder's sheet in results.xlsx.

This module sits in the rubric layer: it imports the rubric model and the YAML readers only.
Numbers are exact (:class:`~fractions.Fraction` from the rubric's Decimals, never floats); the
callers pass in how figures are written (:class:`Numbers`, :class:`Words`), so a method's text
is formatted exactly as the rest of the page around it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

import attrs

from ...yamlnodes import Fields
from ..model import Band, Method

ZERO = Fraction(0)
ONE = Fraction(1)
HUNDRED = Fraction(100)

Number = Decimal | Fraction | int


# ---------------------------------------------------------------- how callers write figures


class Numbers(Protocol):
    """Figures in the record's sentences (the scoring engine's style: ``GBP 124,500``)."""

    def plain(self, value: Number) -> str:
        """Exact text without exponent or trailing zeros."""
        ...

    def show(self, value: Number) -> str:
        """Exact when at most 6 decimals, else 6 decimals and '...'."""
        ...

    def money(self, value: Number) -> str:
        """Money with the tender's currency code and thousands separators (``GBP 124,500``)."""
        ...

    def factor(self, value: Number, times: Number, product: str) -> str:
        """``value`` in "``value`` x ``times`` = ``product``" (``product`` as printed), printed
        so that it multiplies out (as :meth:`show`, or with more places and '...')."""
        ...


class Words(Protocol):
    """Figures on a pack page (the pack's style: ``GBP 124,500``, ``4.5%``, ``72.3%``)."""

    def money(self, value: Decimal) -> str:
        """An amount of money with its currency."""
        ...

    def percent(self, value: Decimal) -> str:
        """A percentage already times 100 (``4.5`` -> ``4.5%``)."""
        ...

    def share(self, fraction: Decimal) -> str:
        """A fraction 0..1 as a percentage (``0.7228`` -> ``72.3%``)."""
        ...

    def number(self, value: Decimal) -> str:
        """A plain figure (a multiple, a score)."""
        ...


class Loading(Protocol):
    """What the loader offers a setting's reader beyond the method's own mapping."""

    def refer(self, f: Fields, key: str, owner: str, kind: str, named: str) -> None:
        """Check, once every criterion is read, that ``named`` (under ``key``) is qualitative."""
        ...


# ---------------------------------------------------------------- settings


@attrs.frozen
class Setting:
    """A ``method`` key that a method owns: the loader reads it with ``read``.

    ``read(f, required, loading, owner, kind)`` returns the value for the :class:`Method` field
    of the same name (``None`` or ``()`` when absent), reporting problems through ``f``.
    """

    key: str
    read: Callable[[Fields, bool, Loading, str, str], object]


# ---------------------------------------------------------------- one bid


@attrs.frozen
class Bid:
    """What a method needs to score one bid (exact figures)."""

    method: Method
    counted: Fraction  # GBP value counted for scoring (after the cap)
    counted_text: str  # e.g. "GBP 90,000 (GBP 130,000 capped at 5% of contract value)"
    counted_percent: Fraction  # counted as a percent of contract value
    basis: Fraction  # what relative methods compare (see MethodSpec.basis)
    reference_bidder: str | None  # the eligible bid with the best basis (relative methods)
    reference_value: Fraction  # that best basis (0 when no bid)
    reference_name: str  # the reference bidder's display name
    credibility: Fraction | None  # the quality fraction, for methods that use one


@attrs.frozen
class Outcome:
    """A method's result for one bid: the fraction, every figure used, and the sentence."""

    fraction: Fraction
    text: str
    reference_bidder: str | None = None
    reference_value: Fraction | None = None
    credibility_criterion: str | None = None
    credibility_fraction: Fraction | None = None
    adjusted_value: Fraction | None = None
    band: Band | None = None
    target_percent: Decimal | None = None


@attrs.frozen
class Figures:
    """One bid's figures as recorded (Decimals, as results.json and results.xlsx hold them)."""

    fraction: Decimal
    counted: Decimal
    reference_value: Decimal | None = None
    credibility_criterion: str | None = None
    credibility_fraction: Decimal | None = None
    adjusted_value: Decimal | None = None
    band: Band | None = None
    target_percent: Decimal | None = None


@attrs.frozen
class Notes:
    """A method's published settings in the pack's Methodology: paragraphs and a list."""

    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


class Sheet(Protocol):
    """One quantitative block of a bidder's sheet in results.xlsx, as a method writes it.

    Templates are spreadsheet formulas; ``{name}`` placeholders are resolved once every cell is
    placed. :attr:`counted` and :attr:`percent` are the cells of the counted GBP value and its
    percent of contract value; :attr:`reference` the best eligible basis (relative methods).
    """

    counted: str
    percent: str
    reference: str
    tolerance: str

    def figure(
        self,
        label: str,
        template: str,
        engine: Decimal | None,
        setting: tuple[str, Decimal | str] | None = None,
    ) -> str:
        """A new row: ``label`` and the formula beside the engine's figure; returns its cell.

        ``setting`` is ``(name, value)`` written in the row's A and F columns (a number or
        text); the template refers to that value as ``{setting}``.
        """
        ...

    def basis(self, cell: str) -> None:
        """Name ``cell`` as this bid's basis, which the Reference sheet compares."""
        ...

    def fraction_of(self, criterion: str) -> str:
        """A placeholder for this bidder's fraction on another criterion."""
        ...


# ---------------------------------------------------------------- the method


class MethodSpec:
    """One scoring method. Subclasses set :attr:`kind` and override what differs."""

    kind: str = ""
    #: The ``method`` keys this method owns, in the order the loader reads them.
    settings: tuple[Setting, ...] = ()
    #: True when a bid is compared with the best eligible bid (the Reference sheet's divisor).
    relative: bool = False
    #: The computation in words, for the pack's Methodology.
    formula: str = ""

    def quality_criterion(self, method: Method) -> str | None:
        """The qualitative criterion whose fraction the method uses, if any."""
        return None

    def basis(self, counted: Fraction, credibility: Fraction | None) -> Fraction:
        """The figure relative methods compare between bids (the counted GBP value)."""
        return counted

    def score(self, bid: Bid, num: Numbers) -> Outcome:
        """The fraction (0..1) of the criterion's marks, its figures and its sentence."""
        raise NotImplementedError

    def describe(self, method: Method, num: Callable[[Decimal], str]) -> str:
        """One line saying how the criterion scores (``rubric show``; before any cap)."""
        raise NotImplementedError

    def methodology(self, method: Method, words: Words) -> Notes:
        """The method's published settings, for the pack's Methodology."""
        return Notes()

    def explain(self, figures: Figures, words: Words) -> str:
        """One sentence explaining one bid's fraction, for its assessment summary."""
        raise NotImplementedError

    def spreadsheet(self, sheet: Sheet, method: Method, figures: Figures, num: Numbers) -> str:
        """Write the method's rows after the counted value; return the fraction's cell."""
        raise NotImplementedError


def ratio(numerator: Number, denominator: Number) -> Fraction:
    """``numerator / denominator`` exactly; a zero denominator is a bug (callers handle it)."""
    d = Fraction(denominator)
    if d == 0:
        raise ZeroDivisionError("ratio with a zero denominator: the caller must handle it")
    return Fraction(numerator) / d
