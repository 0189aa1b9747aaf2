"""Totals and rounding: each bid's criterion, section and total results, rounded at the stage
the rubric declares (docs/scoring.md, "Totals")."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..rubric.model import Criterion
from .arith import HUNDRED, ZERO, dec, factor, operand, plain, q, ratio, round_to, show, total
from .bids import Draft, Work
from .result import BidderResult, CriterionResult, Reason, SectionResult, Totals


def bidder_result(
    work: Work, key: str, draft: Draft, sv_percent: Decimal, reasons: list[Reason]
) -> BidderResult:
    """A bidder's criterion, section and total results, rounded at the rubric's stage; its rank
    and flags are added once the bids are ranked."""
    response = next(r for r in work.inputs.responses if r.key == key)
    criteria, sections, grand, grand_r = _rounded_sections(work, key, draft)
    return BidderResult(
        key=key,
        name=response.name,
        company_number=response.company_number,
        contact=response.contact,
        file=response.file,
        sha256=response.sha256,
        status="disqualified" if reasons else "ranked",
        disqualification=tuple(reasons),
        rank=None,
        rank_shared=False,
        totals=_totals(work, key, draft, grand, grand_r, sv_percent),
        sections=tuple(sections),
        criteria=tuple(criteria),
        flags=(),
    )


def _rounded_sections(
    work: Work, key: str, draft: Draft
) -> tuple[list[CriterionResult], list[SectionResult], Fraction, Decimal]:
    """Criterion and section results, and the exact and rounded totals: rounded per criterion,
    per section or on the total, as the rubric declares."""
    rubric = work.rubric
    rounding = rubric.rounding
    stage = rounding.stage
    criteria: list[CriterionResult] = []
    sections: list[SectionResult] = []
    grand = ZERO
    grand_r = Decimal(0)
    for section in rubric.sections:
        sec_points = ZERO
        sec_rounded = Decimal(0)
        for c in section.criteria:
            points = draft.points[c.id]
            rounded = round_to(points, rounding) if stage == "criterion" else None
            sec_points += points
            if rounded is not None:
                sec_rounded += rounded
            criteria.append(
                _criterion(work, key, c, section.id, rubric.criterion_marks(c), draft, rounded)
            )
        grand += sec_points
        sec_r: Decimal | None
        if stage == "criterion":
            sec_r = sec_rounded
        elif stage == "section":
            sec_r = round_to(sec_points, rounding)
        else:
            sec_r = None
        if sec_r is not None:
            grand_r += sec_r
        sections.append(
            SectionResult(
                section.id, section.title, rubric.section_marks(section), dec(sec_points), sec_r
            )
        )
    if stage == "total":
        grand_r = round_to(grand, rounding)
    return criteria, sections, grand, grand_r


def _totals(
    work: Work, key: str, draft: Draft, grand: Fraction, grand_r: Decimal, sv_percent: Decimal
) -> Totals:
    """A bid's totals: qualitative, quantitative, GBP, marks and evaluation points."""
    rubric = work.rubric
    rounding = rubric.rounding
    contract = work.inputs.tender.contract_value
    out_of = rubric.total_marks
    gbp = total(work.values[(key, c.id)].gbp_value for c in rubric.quantitative())
    eval_points = ratio(grand, out_of) * q(sv_percent)
    return Totals(
        qualitative=dec(total(draft.points[c.id] for c in rubric.qualitative())),
        quantitative=dec(total(draft.points[c.id] for c in rubric.by_method())),
        social_value_gbp=dec(gbp),
        percent_of_contract=dec(ratio(gbp, contract) * HUNDRED),
        total=dec(grand),
        total_rounded=grand_r,
        out_of=out_of,
        total_percent=dec(ratio(grand, out_of) * HUNDRED),
        evaluation_points=dec(eval_points),
        evaluation_points_rounded=round_to(eval_points, rounding),
        evaluation_points_out_of=sv_percent,
    )


def _criterion(
    work: Work,
    key: str,
    c: Criterion,
    section: str,
    marks: Decimal,
    draft: Draft,
    rounded: Decimal | None,
) -> CriterionResult:
    fraction = draft.fractions[c.id]
    points = draft.points[c.id]
    shown_fraction = factor(fraction, marks, show(points))
    weighted = f" x {plain(marks)} marks = {show(points)} weighted points."
    if c.qualitative:
        qs = work.quals[(key, c.id)]
        maximum = dec(qs.scale.maximum)
        shown_score = operand(qs.final_score, lambda s: s / maximum, shown_fraction)
        return CriterionResult(
            id=c.id,
            title=c.title,
            type=c.type,
            section=section,
            marks=marks,
            fraction=dec(fraction),
            weighted_points=dec(points),
            weighted_points_rounded=rounded,
            explanation=(
                f"{qs.explanation} Score {shown_score} of {plain(qs.scale.maximum)}: "
                f"fraction {shown_fraction}{weighted}"
            ),
            scale_id=qs.scale.id,
            scale_maximum=qs.scale.maximum,
            scale_step=qs.scale.step,
            final_score=dec(qs.final_score),
            basis=qs.basis,
            minimum=qs.minimum,
            answer=qs.answer,
            parts=qs.parts,
        )
    v = work.values[(key, c.id)]
    method = draft.methods[c.id]
    return CriterionResult(
        id=c.id,
        title=c.title,
        type=c.type,
        section=section,
        marks=marks,
        fraction=dec(fraction),
        weighted_points=dec(points),
        weighted_points_rounded=rounded,
        explanation=f"{method.text} Fraction {shown_fraction}{weighted}",
        measures=v.measures,
        gbp_value=dec(v.gbp_value),
        cap_percent=v.cap_percent,
        cap_amount=dec(v.cap_amount) if v.cap_amount is not None else None,
        counted_gbp_value=dec(v.counted),
        percent_of_contract=dec(v.percent),
        counted_percent_of_contract=dec(v.counted_percent),
        method=method,
        spend=v.spend,
    )
