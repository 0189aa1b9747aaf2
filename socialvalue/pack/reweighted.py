"""The sensitivity section's check of the winner under other weights (docs/priorities.md).

When the weights were set by a consultation, a reader asks whether they decided the award: the
pack says who leads under the published weights, whether the winner would change if every
criterion carried the same weight, and, when the rubric declares one (``weights_provenance``'s
``alternative``), under the consultation's next most common method. The bids' fractions are those
the record holds (they do not depend on weights), so every figure is exact; thresholds are not
re-applied, as for the rest of the section.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from ..results.record import Record
from ..rubric.model import PRIORITY_METHOD_NAMES
from ..scoring.sensitivity import leaders, totals
from .common import names_by_key
from .figures import percent

Fractions = dict[str, dict[str, Fraction]]


def _fractions(results: Record) -> tuple[Fractions, list[str]] | None:
    """Each ranked bid's fraction of each criterion, and the criteria ids; None when there is
    no winner or fewer than two ranked bids to compare."""
    ranked = [b for b in results.bidders if b.rank is not None]
    if results.sensitivity.winner is None or len(ranked) < 2 or not ranked[0].criteria:
        return None
    fractions = {b.key: {c.id: Fraction(c.fraction) for c in b.criteria} for b in ranked}
    return fractions, [c.id for c in ranked[0].criteria]


def _lead(results: Record, fractions: Fractions, shares: Mapping[str, Fraction]) -> str:
    """Who leads under ``shares``, with the exact share of the marks, and the winner's verdict."""
    lead = leaders(fractions, shares)
    share = totals(fractions, shares)[lead[0]] * 100
    names = names_by_key(results)
    who = " and ".join(names.get(k, k) for k in lead)
    figure = percent(Decimal(share.numerator) / Decimal(share.denominator), 2)
    verdict = "the winner holds" if lead == (results.sensitivity.winner,) else "the winner changes"
    return f"{verdict}: {who} would lead with {figure} of the social value marks"


def equal_weights_text(results: Record) -> str:
    """One sentence: who would lead under equal weights, and whether the winner holds."""
    found = _fractions(results)
    if found is None:
        return ""
    fractions, ids = found
    lead = _lead(results, fractions, {cid: Fraction(1) for cid in ids})
    return (
        f"With equal weights ({len(ids)} criteria, each 1/{len(ids)} of the social value marks) "
        f"{lead}."
    )


def published_weights_text(results: Record) -> str:
    """Who leads under the weights the consultation set (only for a derived rubric)."""
    provenance = results.rubric.weights_provenance
    found = _fractions(results)
    if provenance is None or found is None:
        return ""
    fractions, _ = found
    marks = {c.id: Fraction(str(c.marks)) for s in results.rubric.sections for c in s.criteria}
    lead = _lead(results, fractions, marks).split(": ", 1)[1]
    return f"With the weights derived by {provenance.method_name} (as published) {lead}."


def alternative_weights_text(results: Record) -> str:
    """Who would lead under the alternative method's weights the rubric declares, or ""."""
    provenance = results.rubric.weights_provenance
    found = _fractions(results)
    if provenance is None or provenance.alternative is None or found is None:
        return ""
    fractions, ids = found
    weights = provenance.alternative.weights
    shares = {cid: Fraction(weights.get(cid, 0)) for cid in ids}
    if not any(shares.values()):
        return ""
    listed = ", ".join(f"{cid} {weights.get(cid, 0)}" for cid in ids)
    named = provenance.alternative
    return (
        f"With the weights the next most common method, {PRIORITY_METHOD_NAMES.get(named.method, named.method)}, gives from the "
        f"same answers ({listed}) {_lead(results, fractions, shares)}."
    )
