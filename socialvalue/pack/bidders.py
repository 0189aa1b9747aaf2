"""The pack's part for each bidder: commitments, scores, rationales, flags and arithmetic."""

from __future__ import annotations

from typing import Any

from ..formatting import CUT
from ..results.record import BidderRecord, CriterionRecord, FlagRecord, Record
from ..scoring.flags import title as flag_title
from ..scoring.result import MeasureLine, PartResult
from . import arithmetic
from .clarifications import bidder_clarifications
from .common import rank_text, status_text
from .explain import basis_text, excerpt, spend_arithmetic
from .figures import (
    at_most_places,
    fraction_percent,
    money,
    percent,
    points,
    record_decimal,
    rounded,
)
from .spend import spend_context

Context = dict[str, Any]


def bidder_context(
    results: Record, bidder: BidderRecord, anchor: str, places: int, excerpt_words: int
) -> Context:
    """Everything the panel needs about one bidder, with the arithmetic from inputs to total."""
    currency = results.tender.currency
    winner = results.outcome.winner
    t = bidder.totals
    criteria = [_criterion_context(c, currency, places, excerpt_words) for c in bidder.criteria]
    reasons = bidder.disqualification.reasons if bidder.disqualification else ()
    trail = [arithmetic.criterion_line(c, places) for c in bidder.criteria]
    rounding = results.rubric.rounding
    return {
        "anchor": anchor,
        "key": bidder.key,
        "name": bidder.name,
        "company_number": bidder.company_number or "",
        "contact": bidder.contact or "",
        "file": bidder.file,
        "sha256": bidder.sha256,
        "rank": rank_text(bidder),
        "status": status_text(bidder, winner),
        "disqualified": bidder.status == "disqualified",
        "reasons": [r.text for r in reasons],
        "criteria": criteria,
        "sections": [
            {
                "title": s.title,
                "marks": at_most_places(s.marks, places),
                "points": points(s.points, places),
                "points_rounded": (
                    rounded(s.points_rounded) if s.points_rounded is not None else None
                ),
            }
            for s in bidder.sections
        ],
        "totals": {
            "qualitative": points(t.qualitative, places),
            "quantitative": points(t.quantitative, places),
            "gbp": money(t.social_value_gbp, currency),
            "percent_of_contract": percent(t.percent_of_contract, places),
            "total": arithmetic.unrounded(t.total),
            "total_rounded": rounded(t.total_rounded),
            "out_of": at_most_places(t.out_of, places),
            "total_percent": percent(t.total_percent, places),
            "evaluation_points": points(t.evaluation_points, places),
            "evaluation_points_rounded": rounded(t.evaluation_points_rounded),
            "evaluation_out_of": at_most_places(t.evaluation_points_out_of, places),
        },
        "trail": trail,
        "trail_total": arithmetic.total_line(bidder, rounding.rule, rounding.places, places),
        "trail_evaluation": arithmetic.evaluation_line(results, bidder, places),
        "flags": [flag_context(f) for f in bidder.flags],
        "clarifications": bidder_clarifications(bidder),
        "spend_plan": spend_context(bidder.spend, currency, places),
    }


def flag_context(f: FlagRecord) -> Context:
    """A flag as the pack shows it: its title and reason, and for a credibility flag the
    panel's decision and its effect on the counted quantities (or that none is recorded)."""
    decision = f.decision
    return {
        "title": flag_title(f.code),
        "reason": f.reason,
        "needs_decision": f.needs_decision,
        "decision": decision.decision if decision else None,
        "decision_text": decision.text if decision else None,
    }


def _criterion_context(
    c: CriterionRecord, currency: str, places: int, excerpt_words: int
) -> Context:
    base: Context = {
        "id": c.id,
        "title": c.title,
        "type": c.type,
        "marks": at_most_places(c.marks, places),
        "fraction": arithmetic.share_of_marks(c, places),
        "points": points(c.weighted_points, places),
        "points_rounded": (
            rounded(c.weighted_points_rounded) if c.weighted_points_rounded is not None else None
        ),
        "explanation": c.explanation or "",
        "quantitative": c.type == "quantitative",
        "spend": None,
    }
    if c.type == "spend_plan":
        method = c.method
        spend = c.spend
        base.update(
            spend={
                "arithmetic": spend_arithmetic(c, currency, places),
                "local_area": spend.local_area if spend else None,
            },
            method_kind=((method.kind if method else "") or "").replace("_", " "),
            method_line=_method_line(c, currency),
        )
        return base
    if c.type == "quantitative":
        method = c.method
        base.update(
            measures=[_measure_context(m, currency, excerpt_words) for m in c.measures or ()],
            gbp=money(c.gbp_value, currency),
            percent_of_contract=percent(c.percent_of_contract, places),
            counted=money(c.counted_gbp_value, currency),
            counted_percent=percent(c.counted_percent_of_contract, places),
            cap=(
                f"capped at {percent(c.cap.percent, places)} of contract value "
                f"({money(c.cap.amount, currency)})"
                if c.cap
                else None
            ),
            method_kind=((method.kind if method else "") or "").replace("_", " "),
            method_line=_method_line(c, currency),
        )
        return base
    answer = c.answer
    answer_excerpt = excerpt(answer.text, excerpt_words) if answer else None
    minimum = c.minimum
    parts = c.parts or ()
    base.update(
        scale_id=c.scale.id if c.scale else "",
        scale_max=at_most_places(c.scale.maximum, places) if c.scale else "",
        final_score=at_most_places(c.final_score, places) if c.final_score is not None else "–",
        basis=basis_text(c.basis),
        minimum=(
            f"Minimum {at_most_places(minimum.score, places)}: "
            + ("met" if minimum.met else "NOT met")
            + (" (disqualifies)" if minimum.disqualifies else " (flag only)")
            if minimum
            else None
        ),
        answer=(
            {
                "excerpt": answer_excerpt[0],
                "shortened": answer_excerpt[1],
                "words": answer.words,
                "source": answer.source,
            }
            if answer and answer_excerpt
            else None
        ),
        parts=[_part_context(p, places) for p in parts],
        single_part=len(parts) == 1 and parts[0].id == c.id,
    )
    return base


def _measure_context(m: MeasureLine, currency: str, excerpt_words: int) -> Context:
    evidence, shortened = excerpt(m.evidence, excerpt_words)
    return {
        "id": m.id,
        "title": m.title,
        "quantity": at_most_places(m.quantity),
        "committed": at_most_places(m.committed) if m.committed is not None else None,
        "unit": m.unit,
        "proxy": money(m.proxy_value, currency) if m.proxy_value is not None else "–",
        "gbp": money(m.gbp_value, currency) if m.gbp_value is not None else "–",
        "evidence": evidence,
        "shortened": shortened,
        "no_evidence": not evidence,
        "evidence_required": m.evidence_required,
        "record_only": m.record_only,
        "entered": m.entered,
        "source": m.source,
    }


def _part_context(p: PartResult, places: int) -> Context:
    consensus = p.consensus
    return {
        "id": p.id,
        "title": p.title,
        "share": fraction_percent(p.share),
        "scores": [
            {
                "evaluator": s.evaluator_name or s.evaluator,
                "score": at_most_places(s.score, places) if s.score is not None else "blank",
                "rationale": s.rationale or "",
                "conflict": s.conflict_declared,
                "source": s.source,
            }
            for s in p.scores
        ],
        "mean": at_most_places(p.mean, places) if p.mean is not None else "–",
        "spread": at_most_places(p.spread, places),
        "spread_steps": at_most_places(p.spread_steps, places)
        + (" scale step" if record_decimal(p.spread_steps) == 1 else " scale steps"),
        "moderation_required": p.moderation_required,
        "consensus": at_most_places(consensus.score, places) if consensus else None,
        "consensus_rationale": consensus.rationale if consensus else None,
        "consensus_source": consensus.source if consensus else None,
        "final_score": at_most_places(p.final_score, places),
        "basis": basis_text(p.basis),
        "provisional": p.provisional,
        "explanation": p.explanation or "",
    }


def _method_line(c: CriterionRecord, currency: str) -> str:
    """The engine's explanation of the method's figures, then the figures it used, once."""
    method = c.method
    clauses = []
    if method and method.reference_value is not None:
        clauses.append(f"reference (best eligible) value {money(method.reference_value, currency)}")
    if method and method.credibility_fraction is not None:
        clauses.append(f"credibility factor {fraction_percent(method.credibility_fraction)}")
    if method and method.adjusted_value is not None:
        clauses.append(f"adjusted value {money(method.adjusted_value, currency)}")
    return join_clauses(c.explanation or (method.text if method else "") or "", clauses)


def join_clauses(text: str, clauses: list[str]) -> str:
    """``text`` and ``clauses`` as one sentence: ``a; b; c.`` with one full stop at the end."""
    head = " ".join(text.split())
    if head.endswith(".") and not head.endswith(CUT):
        head = head[:-1]
    joined = "; ".join(part for part in (head, *clauses) if part)
    return joined if joined.endswith(".") else joined + "."
