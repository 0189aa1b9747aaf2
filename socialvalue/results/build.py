"""The record of an evaluation: :func:`build_record` fills :class:`~.record.Record` from the
engine's results, adding the few figures and texts the record computes for its readers (marks
and shares, the method and threshold wording). No I/O.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from .. import __version__
from ..errors import Problem
from ..model import Clarification
from ..rubric.canonical import canonical_methodology, methodology_sha256
from ..rubric.model import Criterion, Rounding, Rubric
from ..rubric.proxies import ProxySet
from ..rubric.show import describe_method
from ..scoring.arith import plain
from ..scoring.ranking import rule_label
from ..scoring.result import (
    BidderResult,
    CriterionResult,
    Evaluation,
    Flag,
    ModerationEntry,
)
from ..scoring.spend_summary import BidSpend, bid_spend
from .record import (
    PRECISION,
    SCHEMA_VERSION,
    Arithmetic,
    BidderRecord,
    Cap,
    ClarificationRecord,
    CriterionMethod,
    CriterionMinimum,
    CriterionRecord,
    Disqualification,
    EvaluatorValue,
    FlagRecord,
    ModerationRecord,
    ProblemRecord,
    ProxySetRecord,
    Record,
    ResubmissionRecord,
    RubricRecord,
    ScaleRecord,
    ScaleRef,
    SectionRecord,
    SubCriterionRecord,
    TenderRecord,
    Thresholds,
    TieBreakRule,
    Toolkit,
)


def _copy(cls: type[Any], source: object, **changes: object) -> Any:
    """An instance of ``cls`` with ``source``'s same-named attributes, except ``changes``."""
    values = {f.name: getattr(source, f.name) for f in attrs.fields(cls) if f.name not in changes}
    return cls(**values, **changes)


def build_record(ev: Evaluation) -> Record:
    """The record of an evaluation (no I/O; figures stay Decimals).

    Run it inside :func:`~socialvalue.scoring.arith.exact`: marks and shares are divided here.
    """
    rubric = ev.inputs.rubric
    return Record(
        schema_version=SCHEMA_VERSION,
        toolkit=Toolkit("socialvalue", __version__),
        status=ev.status,
        outcome=ev.outcome,
        tender=tender_record(ev),
        rubric=rubric_record(rubric, ev.inputs.proxies),
        proxy_set=proxy_record(ev),
        weighting=ev.weighting,
        arithmetic=Arithmetic(PRECISION, rubric.rounding, arithmetic_text(rubric.rounding)),
        thresholds=Thresholds(
            criterion_minimums=tuple(
                CriterionMinimum(c.id, c.minimum.score, c.minimum.disqualifies)
                for c in rubric.qualitative()
                if c.minimum
            ),
            threshold=rubric.threshold,
            rounds=ev.threshold_rounds,
            text=threshold_text(ev),
        ),
        ranking=ev.ranking,
        tie_breaks=ev.tie_breaks,
        ties=ev.ties,
        bidders=tuple(
            bidder_record(b, clarifications_of(ev.inputs.tender.clarifications, b), spend_of(ev, b))
            for b in ev.bidders
        ),
        flags=tuple(flag_record(f) for f in ev.flags),
        sensitivity=ev.sensitivity,
        moderation=tuple(moderation_record(m) for m in ev.moderation),
        conflicts=ev.conflicts,
        files=ev.inputs.files,
        warnings=tuple(problem_record(p) for p in ev.warnings),
        not_assessed=ev.inputs.not_assessed,
        missing_bids=ev.inputs.missing_bids,
    )


def tender_record(ev: Evaluation) -> TenderRecord:
    t = ev.inputs.tender
    return _copy(TenderRecord, t, dates={k: t.dates[k] for k in sorted(t.dates)})


def proxy_record(ev: Evaluation) -> ProxySetRecord | None:
    p = ev.inputs.proxies
    if p is None:
        return None
    used = [m.id for _, m in ev.inputs.rubric.measures() if p.value(m.id) is not None]
    return _copy(ProxySetRecord, p, values=tuple(p.values[m] for m in used))


def rubric_record(rubric: Rubric, proxies: ProxySet | None = None) -> RubricRecord:
    """The published methodology of ``rubric``, with its computed marks and texts, and the
    fingerprint of it with the proxy values in force (``proxies``) that the forms carry."""
    return _copy(
        RubricRecord,
        rubric,
        total_marks=rubric.total_marks,
        methodology_sha256=methodology_sha256(canonical_methodology(rubric, proxies)),
        scales=tuple(_copy(ScaleRecord, s) for s in rubric.scales),
        sections=tuple(
            _copy(
                SectionRecord,
                s,
                marks=rubric.section_marks(s),
                criteria=tuple(criterion_method(rubric, c, s.id) for c in s.criteria),
            )
            for s in rubric.sections
        ),
        tie_breaks=tuple(
            TieBreakRule(t.rule, t.criterion, rule_label(t)) for t in rubric.tie_breaks
        ),
    )


def criterion_method(rubric: Rubric, c: Criterion, section_id: str) -> CriterionMethod:
    marks = rubric.criterion_marks(c)
    subs_total = sum((s.weight for s in c.sub_criteria), Decimal(0))
    return _copy(
        CriterionMethod,
        c,
        section=section_id,
        marks=marks,
        share_percent=marks / rubric.total_marks * 100,
        rollup=c.rollup if c.qualitative else None,
        sub_criteria=tuple(
            _copy(SubCriterionRecord, s, share=s.weight / subs_total if subs_total else Decimal(0))
            for s in c.sub_criteria
        ),
        method_text=describe_method(c.method) if c.method else None,
    )


def arithmetic_text(r: Rounding) -> str:
    return (
        "Computed with exact rational arithmetic from the decimal inputs; unrounded "
        f"figures are recorded to at most {PRECISION} significant digits; "
        f"rounded only at stage {r.stage} to {r.places} places "
        f"({r.rule.replace('_', '-')}); ranked on {r.rank_on} totals."
    )


def threshold_text(ev: Evaluation) -> str:
    rubric = ev.inputs.rubric
    parts = []
    for c in rubric.qualitative():
        if c.minimum:
            effect = "disqualifies" if c.minimum.disqualifies else "is flagged only"
            parts.append(f"A final score below {plain(c.minimum.score)} on {c.id} {effect}.")
    th = rubric.threshold
    if th:
        effect = "disqualifies" if th.disqualifies else "is flagged only"
        basis = "qualitative marks" if th.basis == "qualitative" else "the social value total"
        parts.append(f"Less than {plain(th.minimum_percent)}% of {basis} {effect}.")
        n = sum(len(r.excluded) for r in ev.threshold_rounds)
        parts.append(
            f"{n} bid(s) excluded by the threshold in {len(ev.threshold_rounds)} round(s)."
        )
    if not parts:
        return "The rubric sets no minimum score or threshold."
    return " ".join(parts)


def criterion_record(c: CriterionResult) -> CriterionRecord:
    q = c.qualitative
    return _copy(
        CriterionRecord,
        c,
        scale=ScaleRef(c.scale_id, c.scale_maximum, c.scale_step) if q else None,
        parts=c.parts if q else None,
        measures=None if q else c.measures,
        cap=Cap(c.cap_percent, c.cap_amount) if c.cap_percent is not None else None,
    )


def flag_record(f: Flag) -> FlagRecord:
    return _copy(FlagRecord, f)


def bidder_record(
    b: BidderResult,
    clarifications: tuple[ClarificationRecord, ...] = (),
    spend: BidSpend | None = None,
) -> BidderRecord:
    return _copy(
        BidderRecord,
        b,
        disqualification=Disqualification(b.disqualification) if b.disqualification else None,
        criteria=tuple(criterion_record(c) for c in b.criteria),
        flags=tuple(flag_record(f) for f in b.flags),
        clarifications=clarifications,
        spend=spend,
    )


def spend_of(ev: Evaluation, b: BidderResult) -> BidSpend | None:
    """``b``'s spend plan summed up, when the rubric asks for a spend plan."""
    if not ev.inputs.rubric.spend_plans():
        return None
    response = next(r for r in ev.inputs.responses if r.key == b.key)
    return bid_spend(response, ev.inputs.tender)


def clarifications_of(
    clarifications: tuple[Clarification, ...], b: BidderResult
) -> tuple[ClarificationRecord, ...]:
    """The clarifications asked of bidder ``b``, in tender.yaml order."""
    return tuple(
        _copy(
            ClarificationRecord,
            c,
            state="open" if c.open else "answered",
            resubmitted=(
                _copy(ResubmissionRecord, c.resubmitted, file=b.file, sha256=b.sha256)
                if c.resubmitted
                else None
            ),
        )
        for c in clarifications
        if c.bidder == b.key
    )


def moderation_record(m: ModerationEntry) -> ModerationRecord:
    return _copy(ModerationRecord, m, scores=tuple(EvaluatorValue(e, v) for e, v in m.scores))


def problem_record(p: Problem) -> ProblemRecord:
    return _copy(ProblemRecord, p.where, severity=p.severity, message=p.message)
