"""Spend plans: the local, VCSE and SME shares of the contract value, exact, from plan lines.

Counting rules (docs/scoring.md, "Spend plans"):

* every share is planned GBP divided by the **contract value** (not by the plan's own total),
  times 100; nothing is capped here (a plan above the contract value is flagged for the panel);
* **local**: the lines whose postcode is in the tender's ``local_area``; a line with no
  postcode is never local;
* **vcse** / **sme**: the lines of that kind; each line is exactly one of VCSE, SME or large,
  so a VCSE counts in the VCSE share only;
* a line "to be appointed" counts by the postcode and kind the bid plans for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..local import LocalArea
from ..model import SpendLine
from ..rubric.model import Criterion, SpendShare
from .arith import HUNDRED, ZERO, dec, q, ratio, total
from .quantitative import BidValue, capped_value
from .result import SpendFigures

#: How each share counts a line, for the record and the pack.
RULES: dict[str, str] = {
    "local": "lines whose supplier postcode is in the local area (no postcode: not local)",
    "vcse": "lines whose supplier is a VCSE",
    "sme": "lines whose supplier is an SME (a VCSE counts in the VCSE share only)",
}


def counts(line: SpendLine, share: SpendShare, area: LocalArea | None) -> bool:
    """Whether ``line`` counts in ``share`` (``area`` is needed for the local share)."""
    if share == "local":
        return area is not None and line.postcode is not None and area.contains(line.postcode)
    return line.kind == ("VCSE" if share == "vcse" else "SME")


@attrs.frozen
class ShareFigures:
    """One share of one bid's spend plan: exact figures and the lines counted."""

    share: SpendShare
    amount: Fraction  # GBP planned in the share
    planned: Fraction  # GBP planned on every line
    percent: Fraction  # amount / contract value x 100
    counted: tuple[int, ...]  # indexes of the lines counted


def share_figures(
    lines: Sequence[SpendLine],
    share: SpendShare,
    area: LocalArea | None,
    contract_value: Decimal,
) -> ShareFigures:
    """The share's GBP and its percent of ``contract_value`` (more than 0)."""
    chosen = tuple(i for i, line in enumerate(lines) if counts(line, share, area))
    amount = total(q(lines[i].amount) for i in chosen) if chosen else ZERO
    planned = total(q(line.amount) for line in lines) if lines else ZERO
    return ShareFigures(
        share=share,
        amount=amount,
        planned=planned,
        percent=ratio(amount, contract_value) * HUNDRED,
        counted=chosen,
    )


def spend_value(
    criterion: Criterion,
    lines: Sequence[SpendLine],
    area: LocalArea | None,
    contract_value: Decimal,
) -> BidValue:
    """A spend_plan criterion's figures for one bid: the share's GBP is what its method scores
    (as a percent of contract value for bands and targets, against the best for relative)."""
    assert criterion.share is not None
    figures = share_figures(lines, criterion.share, area, contract_value)
    spend = SpendFigures(
        share=criterion.share,
        amount=dec(figures.amount),
        planned=dec(figures.planned),
        contract_value=contract_value,
        percent=dec(figures.percent),
        lines=len(lines),
        counted_lines=len(figures.counted),
        rule=RULES[criterion.share],
        local_area=area.describe() if area is not None and criterion.share == "local" else None,
    )
    return capped_value(criterion, (), figures.amount, contract_value, spend)
