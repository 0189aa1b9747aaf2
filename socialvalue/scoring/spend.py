"""Spend plans: the local, VCSE and SME shares of the contract value, exact, from plan lines.

Counting rules (docs/scoring.md, "Spend plans"):

* every share is planned GBP divided by the **contract value** (not by the plan's own total),
  times 100; nothing is capped here (a plan above the contract value is flagged for the panel);
* **local**: the lines whose postcode is in the tender's ``local_area``; a line with no
  postcode is never local;
* **vcse** / **sme**: the lines of that kind; each line is exactly one of VCSE, SME or large,
  so a VCSE counts in the VCSE share only;
* a line "to be appointed" counts by the postcode and kind the bid plans for it;
* **lm3** (docs/scoring.md, "Scoring LM3"): the local return LM3 - 1 = (Round 2 + Round 3) /
  Round 1, as a percent of the contract value: the GBP scored is Round 2 (the local lines and the
  local wage bill, blank counted as 0) plus Round 3 (both at the declared re-spend shares), so
  an LM3 of 1.86 is 86% and bands, targets and relative to best read it as they read a share.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..local import LocalArea
from ..local.lm3 import LocalMultiplier
from ..model import SpendLine
from ..rubric.model import Criterion, SpendShare
from .arith import HUNDRED, ZERO, dec, q, ratio, total
from .quantitative import BidValue, capped_value
from .result import SpendFigures

#: The shares of a plan's lines, recorded for every bid (LM3 is derived from the local one).
LINE_SHARES: tuple[SpendShare, ...] = ("local", "vcse", "sme")

#: How each share counts a line, for the record and the pack.
RULES: dict[str, str] = {
    "local": "lines whose supplier postcode is in the local area (no postcode: not local)",
    "vcse": "lines whose supplier is a VCSE",
    "sme": "lines whose supplier is an SME (a VCSE counts in the VCSE share only)",
    "lm3": (
        "LM3 - 1: Round 2 (local lines and local wage bill) + Round 3 (both re-spent at the "
        "declared shares)"
    ),
}


def counts(line: SpendLine, share: SpendShare, area: LocalArea | None) -> bool:
    """Whether ``line`` counts in ``share`` (``area`` is needed for the local share; LM3
    counts the local lines)."""
    if share in ("local", "lm3"):
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


def local_return(
    local: ShareFigures,
    wages: Decimal | None,
    multiplier: LocalMultiplier | None,
    contract_value: Decimal,
) -> ShareFigures:
    """The LM3 figure from the ``local`` lines' figures: Round 2 + Round 3 in GBP and as a
    percent of ``contract_value`` (LM3 - 1 x 100). The tender's checks make sure a rubric
    scoring LM3 has a declared ``multiplier``."""
    if multiplier is None:
        raise ValueError("LM3 is scored but the tender declares no local_multiplier")
    r = multiplier.respend
    wage_bill = q(wages) if wages is not None else ZERO
    amount = local.amount + wage_bill + local.amount * q(r.suppliers) + wage_bill * q(r.employees)
    return attrs.evolve(
        local, share="lm3", amount=amount, percent=ratio(amount, contract_value) * HUNDRED
    )


def spend_value(
    criterion: Criterion,
    lines: Sequence[SpendLine],
    area: LocalArea | None,
    contract_value: Decimal,
    wages: Decimal | None = None,
    multiplier: LocalMultiplier | None = None,
) -> BidValue:
    """A spend_plan criterion's figures for one bid: the share's GBP is what its method scores
    (as a percent of contract value for bands and targets, against the best for relative).
    For ``share: lm3`` the GBP is Round 2 + Round 3 from the local lines, the bid's local
    ``wages`` (None: 0) and the ``multiplier``'s re-spend shares."""
    assert criterion.share is not None
    figures = share_figures(lines, criterion.share, area, contract_value)
    if criterion.share == "lm3":
        figures = local_return(figures, wages, multiplier, contract_value)
    spend = SpendFigures(
        share=criterion.share,
        amount=dec(figures.amount),
        planned=dec(figures.planned),
        contract_value=contract_value,
        percent=dec(figures.percent),
        lines=len(lines),
        counted_lines=len(figures.counted),
        rule=RULES[criterion.share],
        local_area=area.describe()
        if area is not None and criterion.share in ("local", "lm3")
        else None,
        counted=tuple(lines[i].line for i in figures.counted),
    )
    return capped_value(criterion, (), figures.amount, contract_value, spend)
