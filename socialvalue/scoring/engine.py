"""The scoring engine: :func:`evaluate` turns checked :class:`TenderInputs` into an Evaluation.

Pure: no I/O, no clock, no randomness; bidders are processed in key order so the input order
never matters. All arithmetic runs in :func:`~socialvalue.scoring.arith.exact` (50 digits).
The steps, each documented in docs/scoring.md:

1. qualitative final scores and fractions (:mod:`.qualitative`);
2. GBP values of commitments (:mod:`.quantitative`);
3. minimums and the qualitative threshold, then the total threshold in rounds (:mod:`.thresholds`);
4. method fractions against the eligible bids, weighted points, sections, totals, rounding;
5. ranking and tie-breaks (:mod:`.ranking`), flags (:mod:`.flags`), sensitivity
   (:mod:`.sensitivity`), status.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from ..errors import InputError, Location, Problem
from ..model import TenderInputs
from ..rubric.model import Criterion, Rubric
from . import flags as flagmod
from .arith import HUNDRED, ZERO, dec, exact, plain, q, ratio, round_to, show, total
from .qualitative import QualitativeScore, index_scores, score_all
from .quantitative import (
    BidValue,
    check_measures,
    method_basis,
    method_fraction,
    quality_criterion,
    reference,
    value_bid,
)
from .ranking import Candidate, outcome, rank
from .result import (
    BidderResult,
    ConflictRecord,
    CriterionResult,
    Evaluation,
    Flag,
    MethodResult,
    ModerationEntry,
    Reason,
    SectionResult,
    Status,
    ThresholdRound,
    Totals,
    WeightingCheck,
)
from .sensitivity import analyse
from .thresholds import ENGINE, criterion_minimums, qualitative_threshold, total_threshold


@attrs.frozen
class _Draft:
    """One bid's fractions and points against a given set of eligible bids."""

    fractions: dict[str, Fraction]
    methods: dict[str, MethodResult]
    points: dict[str, Fraction]
    total: Fraction


@attrs.define
class _Work:
    inputs: TenderInputs
    keys: list[str]
    names: dict[str, str]
    quals: Mapping[tuple[str, str], QualitativeScore]
    values: dict[tuple[str, str], BidValue]

    @property
    def rubric(self) -> Rubric:
        return self.inputs.rubric

    def credibility(self, key: str, criterion: Criterion) -> Fraction | None:
        named = quality_criterion(criterion)
        return None if named is None else self.quals[(key, named)].fraction

    def compute(self, eligible: frozenset[str]) -> dict[str, _Draft]:
        """Score every bid against ``eligible`` (all bids as reference when none is eligible)."""
        rubric = self.rubric
        pool = sorted(eligible) if eligible else list(self.keys)
        drafts: dict[str, dict[str, object]] = {
            k: {"fractions": {}, "methods": {}, "points": {}} for k in self.keys
        }
        for _, c in rubric.criteria():
            marks = q(rubric.criterion_marks(c))
            if c.qualitative:
                for k in self.keys:
                    f = self.quals[(k, c.id)].fraction
                    drafts[k]["fractions"][c.id] = f  # type: ignore[index]
                    drafts[k]["points"][c.id] = f * marks  # type: ignore[index]
                continue
            bases = {
                k: method_basis(self.values[(k, c.id)], self.credibility(k, c)) for k in self.keys
            }
            ref = reference(bases, pool)
            for k in self.keys:
                f, mr = method_fraction(
                    self.values[(k, c.id)],
                    bases[k],
                    ref,
                    self.credibility(k, c),
                    self.names,
                    rubric.currency,
                )
                drafts[k]["fractions"][c.id] = f  # type: ignore[index]
                drafts[k]["methods"][c.id] = mr  # type: ignore[index]
                drafts[k]["points"][c.id] = f * marks  # type: ignore[index]
        out = {}
        for k, d in drafts.items():
            points: dict[str, Fraction] = d["points"]  # type: ignore[assignment]
            out[k] = _Draft(d["fractions"], d["methods"], points, total(points.values()))  # type: ignore[arg-type]
        return out


def evaluate(inputs: TenderInputs) -> Evaluation:
    """Score a tender. Raises :class:`InputError` for inputs that cannot be scored."""
    with exact():
        return _evaluate(inputs)


def _weighting(inputs: TenderInputs) -> tuple[WeightingCheck, list[Problem]]:
    w = inputs.rubric.weighting
    override = inputs.tender.social_value_percent
    pct = override if override is not None else w.social_value_percent
    source = "tender" if override is not None else "rubric"
    meets = pct >= w.policy_minimum_percent
    text = (
        f"Social value is weighted {plain(pct)}% of the whole evaluation "
        f"({'set in tender.yaml' if source == 'tender' else 'as the rubric declares'}; policy "
        f"minimum {plain(w.policy_minimum_percent)}%): "
    )
    warnings = []
    if meets:
        text += "meets the minimum."
    elif w.exception:
        text += f"below the minimum, permitted by the rubric's exception: {w.exception}"
    else:
        text += "BELOW the policy minimum, and the rubric states no exception."
        warnings.append(Problem(Location(inputs.tender.file or ENGINE), text, "warning"))
    if not ZERO < q(pct) <= HUNDRED:
        raise InputError.single(
            inputs.tender.file or "tender.yaml",
            f"social_value_percent must be more than 0 and at most 100, got {plain(pct)}",
        )
    return WeightingCheck(
        pct, source, w.social_value_percent, w.policy_minimum_percent, w.exception, meets, text
    ), warnings


def _check(inputs: TenderInputs) -> None:
    problems = []
    where = Location(inputs.tender.file or "tender.yaml")
    if inputs.tender.contract_value <= 0:
        problems.append(
            Problem(
                where,
                f"contract_value must be more than 0 (got {plain(inputs.tender.contract_value)}): "
                "social value is measured as a share of it",
            )
        )
    seen: set[str] = set()
    for r in inputs.responses:
        if r.key in seen:
            problems.append(Problem(Location(r.file), f"two responses have the key `{r.key}`"))
        seen.add(r.key)
    if problems:
        raise InputError(problems)


def _evaluate(inputs: TenderInputs) -> Evaluation:
    _check(inputs)
    rubric = inputs.rubric
    tender = inputs.tender
    responses = {r.key: r for r in inputs.responses}
    keys = sorted(responses)
    names = {k: responses[k].name for k in keys}
    index, warnings = index_scores(inputs)
    check_measures(rubric.quantitative(), inputs.proxies, inputs.responses)
    weighting, more = _weighting(inputs)
    warnings += more
    quals = score_all(inputs, index)
    values = {
        (k, c.id): value_bid(c, responses[k], inputs.proxies, tender.contract_value)
        for k in keys
        for c in rubric.quantitative()
    }
    work = _Work(inputs, keys, names, quals, values)

    # -- thresholds, before any relative calculation
    reasons, extra_flags = criterion_minimums(rubric, quals, keys, names)
    rounds: list[ThresholdRound] = []
    th = rubric.threshold
    if th is not None and th.basis == "qualitative":
        r2, f2, rounds, w2 = qualitative_threshold(rubric, quals, keys, names)
        for k, rs in r2.items():
            reasons.setdefault(k, []).extend(rs)
        extra_flags += f2
        warnings += w2
    eligible = frozenset(k for k in keys if k not in reasons)
    out_of = rubric.total_marks
    total_excluded: set[str] = set()
    if th is not None and th.basis == "total" and th.disqualifies:

        def percents(e: frozenset[str]) -> dict[str, Fraction]:
            return {k: ratio(d.total, out_of) * HUNDRED for k, d in work.compute(e).items()}

        eligible, r3, rounds = total_threshold(rubric, eligible, percents, names)
        for k, rs in r3.items():
            reasons.setdefault(k, []).extend(rs)
            total_excluded.add(k)
    drafts = work.compute(eligible)
    for k in sorted(total_excluded):
        pct = ratio(drafts[k].total, out_of) * HUNDRED
        assert th is not None
        if pct >= q(th.minimum_percent):
            extra_flags.append(
                Flag(
                    "excluded_would_pass",
                    k,
                    f"{names[k]} was excluded by the total threshold in an earlier round, but "
                    f"scored against the final eligible bids its total is "
                    f"{plain(round_to(pct, rubric.rounding))}% (threshold "
                    f"{plain(th.minimum_percent)}%). Excluded bids are not reinstated; the panel "
                    "should review.",
                )
            )
    if th is not None and th.basis == "total" and not th.disqualifies:
        for k in keys:
            pct = ratio(drafts[k].total, out_of) * HUNDRED
            if pct < q(th.minimum_percent):
                extra_flags.append(
                    Flag(
                        "below_threshold",
                        k,
                        f"{names[k]}'s social value total is {plain(round_to(pct, rubric.rounding))}% "
                        f"of the marks, below the threshold of {plain(th.minimum_percent)}%. The "
                        "threshold does not disqualify.",
                    )
                )

    # -- results per bidder, with rounding at the declared stage
    built = {
        k: _bidder(work, k, drafts[k], weighting.social_value_percent, reasons.get(k, []))
        for k in keys
    }
    candidates = []
    for k in sorted(eligible):
        b = built[k]
        d = drafts[k]
        ranked_on = q(b.totals.total_rounded) if rubric.rounding.rank_on == "rounded" else d.total
        tie_values = []
        for rule in rubric.tie_breaks:
            if rule.rule == "criterion":
                assert rule.criterion is not None
                tie_values.append(d.points[rule.criterion])
            elif rule.rule == "qualitative_total":
                tie_values.append(total(d.points[c.id] for c in rubric.qualitative()))
            elif rule.rule == "quantitative_total":
                tie_values.append(total(d.points[c.id] for c in rubric.quantitative()))
            else:
                tie_values.append(total(values[(k, c.id)].gbp_value for c in rubric.quantitative()))
        candidates.append(
            Candidate(k, names[k], d.total, b.totals.total_rounded, ranked_on, tuple(tie_values))
        )
    entries, records, ties, ranks = rank(candidates, rubric.tie_breaks, rubric.currency)
    result_outcome = outcome(entries, len(keys))
    order = [e.bidder for e in entries] + sorted(k for k in keys if k not in eligible)
    position = {k: i for i, k in enumerate(order)}

    all_flags = flagmod.sort_flags(
        flagmod.commitment_flags(rubric, tender.contract_value, values, keys, names)
        + flagmod.process_flags(inputs, quals, keys, names)
        + extra_flags,
        position,
    )
    bidders = []
    for k in order:
        rank_no, shared = ranks.get(k, (None, False))
        bidders.append(
            attrs.evolve(
                built[k],
                rank=rank_no,
                rank_shared=shared,
                flags=tuple(f for f in all_flags if f.bidder == k),
            )
        )

    # -- sensitivity on the ranked bids
    criteria = [c for _, c in rubric.criteria()]
    shares = {c.id: ratio(rubric.criterion_marks(c), out_of) * HUNDRED for c in criteria}
    sensitivity = analyse(
        criteria,
        shares,
        {k: drafts[k].fractions for k in sorted(eligible)},
        result_outcome.winner,
        names,
    )

    missing = tuple(m for k in keys for c in rubric.qualitative() for m in quals[(k, c.id)].missing)
    status_reasons = []
    n_consensus = sum(1 for m in missing if m.what == "consensus")
    n_scores = sum(1 for m in missing if m.what == "scores")
    if n_consensus:
        status_reasons.append(
            f"A consensus score is missing for {n_consensus} scored part(s) where moderation is "
            "required; the evaluators' mean stands in."
        )
    if n_scores:
        status_reasons.append(
            f"No evaluator score is recorded for {n_scores} scored part(s); a stand-in is used "
            "(the consensus if recorded, else the scale minimum)."
        )
    status = Status("provisional" if missing else "final", tuple(status_reasons), missing)

    moderation = tuple(
        ModerationEntry(
            k,
            c.id,
            p.id,
            tuple((s.evaluator, s.score) for s in p.scores),
            p.spread,
            p.spread_steps,
            p.moderation_required,
            p.consensus.score if p.consensus else None,
            p.consensus.rationale if p.consensus else None,
            p.final_score,
            p.basis,
        )
        for k in order
        for c in rubric.qualitative()
        for p in quals[(k, c.id)].parts
    )
    scored_pairs = {
        (s.evaluator, s.bidder)
        for sh in inputs.scoresheets
        for s in sh.scores
        if s.score is not None
    }
    conflicts = tuple(
        ConflictRecord(
            cf.evaluator,
            cf.bidder,
            cf.declared,
            cf.note,
            str(cf.source),
            (cf.evaluator, cf.bidder) in scored_pairs,
        )
        for sh in inputs.scoresheets
        for cf in sh.conflicts
    )
    return Evaluation(
        inputs=inputs,
        status=status,
        outcome=result_outcome,
        weighting=weighting,
        threshold_rounds=tuple(rounds),
        ranking=tuple(entries),
        tie_breaks=tuple(records),
        ties=tuple(ties),
        bidders=tuple(bidders),
        flags=tuple(all_flags),
        sensitivity=sensitivity,
        moderation=moderation,
        conflicts=conflicts,
        warnings=tuple(inputs.warnings) + tuple(warnings),
    )


def _bidder(
    work: _Work, key: str, draft: _Draft, sv_percent: Decimal, reasons: list[Reason]
) -> BidderResult:
    """A bidder's criterion, section and total results, rounded at the rubric's stage."""
    rubric = work.rubric
    rounding = rubric.rounding
    stage = rounding.stage
    response = next(r for r in work.inputs.responses if r.key == key)
    contract = work.inputs.tender.contract_value
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
    out_of = rubric.total_marks
    gbp = total(work.values[(key, c.id)].gbp_value for c in rubric.quantitative())
    eval_points = ratio(grand, out_of) * q(sv_percent)
    totals = Totals(
        qualitative=dec(total(draft.points[c.id] for c in rubric.qualitative())),
        quantitative=dec(total(draft.points[c.id] for c in rubric.quantitative())),
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
        totals=totals,
        sections=tuple(sections),
        criteria=tuple(criteria),
        flags=(),
    )


def _criterion(
    work: _Work,
    key: str,
    c: Criterion,
    section: str,
    marks: Decimal,
    draft: _Draft,
    rounded: Decimal | None,
) -> CriterionResult:
    fraction = draft.fractions[c.id]
    points = draft.points[c.id]
    weighted = f" x {plain(marks)} marks = {show(points)} weighted points."
    if c.qualitative:
        qs = work.quals[(key, c.id)]
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
                f"{qs.explanation} Score {show(qs.final_score)} of {plain(qs.scale.maximum)}: "
                f"fraction {show(fraction)}{weighted}"
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
        explanation=f"{method.text} Fraction {show(fraction)}{weighted}",
        measures=v.measures,
        gbp_value=dec(v.gbp_value),
        cap_percent=v.cap_percent,
        cap_amount=dec(v.cap_amount) if v.cap_amount is not None else None,
        counted_gbp_value=dec(v.counted),
        percent_of_contract=dec(v.percent),
        counted_percent_of_contract=dec(v.counted_percent),
        method=method,
    )
