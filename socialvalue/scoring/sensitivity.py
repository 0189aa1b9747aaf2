"""Sensitivity of the winner to each criterion's weight.

A criterion's *share* is its marks as a percentage of the social value marks. Moving it from
``s`` to ``x`` percentage points while rescaling every other criterion in proportion (so the
shares still total 100) gives each bid the total, in percent of the marks,

    P(x) = F_c * x + O * (100 - x) / (100 - s)

where ``F_c`` is the bid's normalised fraction on the criterion and ``O`` its percentage from the
other criteria. Fractions are held fixed (relative scores do not depend on weights) and thresholds
are not re-applied. ``P_winner(x) - P_challenger(x)`` is linear in ``x``, so the break-even point
is solved exactly; the smallest move at which a challenger draws level (beyond which it leads) is
reported, or none within 0-100%. The winner is also checked at ``s +/- 5`` points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from ..rubric.model import Criterion
from .arith import HUNDRED, ZERO, dec, plain, ratio, show
from .result import BreakEven, CriterionSensitivity, Sensitivity, Shift

ASSUMPTION = (
    "Each criterion's share of the social value marks is moved while the other criteria are "
    "rescaled in proportion, so the marks still total 100%. The bids' normalised fractions are "
    "held fixed (they do not depend on weights) and thresholds are not re-applied. The break-even "
    "change is exact: totals are linear in the weight."
)
STEP = Fraction(5)


def _totals(
    fractions: Mapping[str, Mapping[str, Fraction]],
    shares: Mapping[str, Fraction],
    weighted: Mapping[str, Fraction],
    cid: str,
    x: Fraction,
) -> dict[str, Fraction]:
    s = shares[cid]
    out = {}
    for key, f in fractions.items():
        other = weighted[key] - f[cid] * shares[cid]
        out[key] = f[cid] * x + other * ratio(HUNDRED - x, HUNDRED - s)
    return out


def _weighted(
    fractions: Mapping[str, Mapping[str, Fraction]], shares: Mapping[str, Fraction]
) -> dict[str, Fraction]:
    """Each bid's fractions weighted by the shares, summed over every criterion. The sum over
    all criteria but one is this less that one's term: exact, as every figure is a Fraction."""
    return {key: sum((f[c] * shares[c] for c in shares), ZERO) for key, f in fractions.items()}


def _shift(
    fractions: Mapping[str, Mapping[str, Fraction]],
    shares: Mapping[str, Fraction],
    weighted: Mapping[str, Fraction],
    cid: str,
    x: Fraction,
    winner: str,
) -> Shift | None:
    if not ZERO <= x <= HUNDRED:
        return None
    totals = _totals(fractions, shares, weighted, cid, x)
    best = max(totals.values())
    leaders = tuple(sorted(k for k, v in totals.items() if v == best))
    return Shift(dec(x), leaders == (winner,), leaders)


def analyse(
    criteria: Sequence[Criterion],
    shares: Mapping[str, Fraction],
    fractions: Mapping[str, Mapping[str, Fraction]],
    winner: str | None,
    names: Mapping[str, str],
) -> Sensitivity:
    """``fractions``: ranked bidder -> criterion id -> fraction; ``shares``: criterion -> %."""
    if winner is None:
        return Sensitivity(False, "there is no single winner", None, ASSUMPTION, ())
    if len(criteria) < 2:
        return Sensitivity(
            False,
            "the rubric has a single criterion: its weight cannot move",
            winner,
            ASSUMPTION,
            (),
        )
    out = []
    weighted = _weighted(fractions, shares)
    for c in criteria:
        s = shares[c.id]
        fw = fractions[winner]
        ow = weighted[winner] - fw[c.id] * s
        # (|change|, challenger, x, the challenger leads above x)
        best: tuple[Fraction, str, Fraction, bool] | None = None
        for key in sorted(fractions):
            if key == winner:
                continue
            fj = fractions[key]
            oj = weighted[key] - fj[c.id] * s
            k_ = ratio(ow - oj, HUNDRED - s)
            intercept = HUNDRED * k_  # D(x) = intercept + slope * x
            slope = fw[c.id] - fj[c.id] - k_
            if slope == 0:
                continue  # the gap does not depend on this weight
            x = ratio(-intercept, slope)
            # The challenger leads beyond x: above it when D falls, below it when D rises.
            if (slope < 0 and not ZERO <= x < HUNDRED) or (slope > 0 and not ZERO < x <= HUNDRED):
                continue
            change = abs(x - s)
            if best is None or change < best[0]:
                best = (change, key, x, slope < 0)
        plus = _shift(fractions, shares, weighted, c.id, s + STEP, winner)
        minus = _shift(fractions, shares, weighted, c.id, s - STEP, winner)
        if best is None:
            be = None
            text = f"No change of {c.id}'s weight within 0-100% changes the winner."
        else:
            change, key, x, above = best
            direction = "increase" if above else "decrease"
            signed = x - s
            be = BreakEven(
                dec(signed),
                direction,
                dec(x),
                key,
                (
                    f"{names[key]} draws level with {names[winner]} when {c.id}'s share moves "
                    f"from {show(s)}% to {show(x)}% ({direction} of {show(change)} percentage "
                    "points), and leads beyond it."
                )
                if change
                else (
                    f"{names[key]} has the same total as {names[winner]}, which leads on a "
                    f"tie-break: any {direction} of {c.id}'s share puts {names[key]} ahead."
                ),
            )
            text = be.text
        holds = []
        for label, sh in (("+5", plus), ("-5", minus)):
            if sh is None:
                holds.append(f"{label} points: outside 0-100%")
            else:
                state = "the winner holds" if sh.holds else "the winner does not hold"
                holds.append(f"{label} points ({plain(sh.share_percent)}%): {state}")
        out.append(
            CriterionSensitivity(
                c.id, c.title, dec(s), be, plus, minus, f"{text} {'; '.join(holds)}."
            )
        )
    return Sensitivity(True, None, winner, ASSUMPTION, tuple(out))


def totals(
    fractions: Mapping[str, Mapping[str, Fraction]], shares: Mapping[str, Fraction]
) -> dict[str, Fraction]:
    """Each bid's exact share of the marks when the criteria carry ``shares`` (any scale)."""
    whole = sum(shares.values(), Fraction(0))
    return {k: v / whole for k, v in _weighted(fractions, shares).items()} if whole else {}


def leaders(
    fractions: Mapping[str, Mapping[str, Fraction]], shares: Mapping[str, Fraction]
) -> tuple[str, ...]:
    """The bids that lead when the criteria carry ``shares`` (any scale; fractions held fixed).

    Used to ask whether the winner would change under other weights: equal weights, or those a
    consultation's alternative method gives (docs/priorities.md).
    """
    if not fractions:
        return ()
    totals = _weighted(fractions, shares)
    best = max(totals.values())
    return tuple(sorted(k for k, v in totals.items() if v == best))
