"""The pack's Methodology section: the published rules as applied, from the record's rubric."""

from __future__ import annotations

from typing import Any

from ..results.record import Record
from ..rubric import methods
from ..rubric.model import Credibility, Measure, Minimum
from ..scoring.flags import KINDS as FLAG_KINDS
from .figures import at_most_places, fraction_percent, money, percent
from .methodwords import PackWords

Context = dict[str, Any]

QUALITATIVE_FORMULA = "points = final score ÷ scale maximum × marks"


def _minimum_text(minimum: Minimum | None, places: int) -> str | None:
    if not minimum:
        return None
    effect = "disqualifies" if minimum.disqualifies else "is flagged but does not disqualify"
    return f"A final score below {at_most_places(minimum.score, places)} {effect}."


def methodology_context(results: Record, places: int) -> Context:
    """The published methodology: criteria, weights, scales, methods, policies, proxies."""
    rubric = results.rubric
    currency = results.tender.currency
    unit = "%" if rubric.weights == "percent" else " pts"
    sections = []
    for s in rubric.sections:
        criteria = []
        for c in s.criteria:
            method = c.method
            spec = methods.find(method.kind) if method else None
            notes = (
                spec.methodology(method, PackWords(currency, places))
                if spec and method
                else methods.Notes()
            )
            criteria.append(
                {
                    "id": c.id,
                    "title": c.title,
                    "type": c.type,
                    "weight": at_most_places(c.weight, places) + unit,
                    "marks": at_most_places(c.marks, places),
                    "share": percent(c.share_percent, places),
                    "question": c.question or "",
                    "guidance": c.guidance or "",
                    "scale": c.scale,
                    "word_limit": c.word_limit,
                    "rollup": c.rollup,
                    "minimum": _minimum_text(c.minimum, places),
                    "sub_criteria": [
                        {
                            "id": sc.id,
                            "title": sc.title,
                            "weight": at_most_places(sc.weight, places),
                            "share": fraction_percent(sc.share),
                            "guidance": sc.guidance or "",
                        }
                        for sc in c.sub_criteria
                    ],
                    "measures": [
                        {
                            "id": m.id,
                            "title": m.title,
                            "unit": m.unit,
                            "guidance": m.guidance or "",
                            "record_only": m.record_only,
                            "evidence_required": m.evidence_required,
                            "limits": _limits(m),
                        }
                        for m in c.measures
                    ],
                    "method_text": c.method_text,
                    "formula": (
                        spec.formula if spec else method.kind if method else QUALITATIVE_FORMULA
                    ),
                    "cap": (
                        f"GBP value counted up to {percent(method.cap_percent_of_contract, places)}"
                        " of contract value."
                        if method and method.cap_percent_of_contract is not None
                        else None
                    ),
                    "method_paragraphs": list(notes.paragraphs),
                    "method_items": list(notes.items),
                }
            )
        sections.append(
            {
                "id": s.id,
                "title": s.title,
                "description": s.description or "",
                "weight": at_most_places(s.weight, places) + unit if s.weight is not None else None,
                "marks": at_most_places(s.marks, places),
                "criteria": criteria,
            }
        )
    threshold = rubric.threshold
    moderation = rubric.moderation
    rounding = rubric.rounding
    return {
        "id": rubric.id,
        "title": rubric.title,
        "version": rubric.version,
        "policy": rubric.policy or "",
        "description": rubric.description or "",
        "weights": rubric.weights,
        "total_marks": at_most_places(rubric.total_marks, places),
        "notes": list(rubric.notes),
        "weighting_text": results.weighting.text,
        "weights_set_by": (
            rubric.weights_provenance.sentence() if rubric.weights_provenance else ""
        ),
        "sections": sections,
        "scales": [
            {
                "id": sc.id,
                "title": sc.title,
                "range": f"{at_most_places(sc.minimum, places)} to {at_most_places(sc.maximum, places)}"
                + (
                    f" in steps of {at_most_places(sc.step, places)}" if sc.step is not None else ""
                ),
                "levels": [
                    {
                        "score": at_most_places(lv.score, places),
                        "label": lv.label,
                        "descriptor": lv.descriptor,
                    }
                    for lv in sc.levels
                ],
            }
            for sc in rubric.scales
        ],
        "threshold": (
            f"At least {percent(threshold.minimum_percent, places)} of the "
            f"{'qualitative marks' if threshold.basis == 'qualitative' else 'total marks'}; "
            + (
                "a bid below it is disqualified"
                if threshold.disqualifies
                else "a bid below it is flagged only"
            )
            + (
                " before any relative calculation."
                if threshold.basis == "qualitative"
                else ", and relative scores are recomputed without it."
            )
            if threshold
            else None
        ),
        "thresholds_text": results.thresholds.text,
        "moderation": (
            f"Final score: {'the consensus agreed at moderation' if moderation.final_score == 'consensus' else 'the mean of the evaluators’ scores'}. "
            f"Moderation is mandatory when evaluators’ scores differ by more than "
            f"{moderation.mandatory_spread_steps} scale step(s). Every evaluator's original "
            "score and rationale is kept in this record."
        ),
        "tie_breaks": [t.text for t in rubric.tie_breaks],
        "rounding": (
            f"Figures are computed at full precision ({results.arithmetic.precision} "
            f"significant digits) and rounded once, at the {rounding.stage} stage, to "
            f"{rounding.places} decimal places ({rounding.rule.replace('_', ' ')}); "
            f"ranking uses {rounding.rank_on} values."
        ),
        "arithmetic_text": results.arithmetic.text,
        "qualitative_formula": QUALITATIVE_FORMULA,
        "proxy": proxy_context(results),
        "credibility": _credibility(rubric.credibility, results.tender.currency, places),
    }


def _limits(measure: Measure) -> str:
    low, high = measure.min_quantity, measure.max_quantity
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return f"{at_most_places(low)} to {at_most_places(high)}"
    return (
        f"at least {at_most_places(low)}" if low is not None else f"at most {at_most_places(high)}"
    )


def _credibility(cred: Credibility | None, currency: str, places: int) -> list[str]:
    """Each flag kind's sentence for the credibility setting it reads."""
    if not cred:
        return []
    words = PackWords(currency, places)
    lines = []
    for kind in FLAG_KINDS:
        value = getattr(cred, kind.setting) if kind.setting and kind.rule else None
        if kind.rule and value is not None:
            lines.append(kind.rule(value, words))
    return lines


def proxy_context(results: Record) -> Context | None:
    """The proxy set's provenance and values, or None when the rubric values no measure."""
    proxy = results.proxy_set
    if not proxy:
        return None
    currency = proxy.currency
    return {
        "label": proxy.label,
        "name": proxy.name,
        "id": proxy.id,
        "source": proxy.source,
        "version": proxy.version,
        "licence": proxy.licence,
        "price_year": proxy.price_year,
        "currency": currency,
        "example": proxy.example,
        "file": proxy.file,
        "sha256": proxy.sha256,
        "rows": [
            {
                "measure": v.measure,
                "unit": v.unit,
                "value": money(v.value, currency),
                "note": v.note or "",
            }
            for v in proxy.values
        ],
    }
