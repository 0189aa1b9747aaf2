"""The sensitivity section's check of the winner under equal weights (docs/priorities.md).

When the weights were set by a consultation, a reader asks whether they decided the award: the
pack says whether the winner would change if every criterion carried the same weight. The bids'
fractions are those the record holds (they do not depend on weights); thresholds are not
re-applied, as for the rest of the section.
"""

from __future__ import annotations

from fractions import Fraction

from ..results.record import Record
from ..scoring.sensitivity import leaders
from .common import names_by_key


def equal_weights_text(results: Record) -> str:
    """One sentence: who would lead under equal weights, and whether the winner holds."""
    winner = results.sensitivity.winner
    ranked = [b for b in results.bidders if b.rank is not None]
    if winner is None or len(ranked) < 2 or not ranked[0].criteria:
        return ""
    fractions = {b.key: {c.id: Fraction(c.fraction) for c in b.criteria} for b in ranked}
    ids = [c.id for c in ranked[0].criteria]
    lead = leaders(fractions, {cid: Fraction(1) for cid in ids})
    names = names_by_key(results)
    who = " and ".join(names.get(k, k) for k in lead)
    verdict = "the winner holds" if lead == (winner,) else "the winner changes"
    return (
        f"With equal weights ({len(ids)} criteria, each 1/{len(ids)} of the social value marks) "
        f"{verdict}: {who} would lead."
    )
