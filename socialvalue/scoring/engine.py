"""The scoring engine: :func:`evaluate` turns checked :class:`TenderInputs` into an Evaluation.

Pure: no I/O, no clock, no randomness; bidders are processed in key order so the input order
never matters. All arithmetic runs in :func:`~socialvalue.scoring.arith.exact` (50 digits).
The steps, each documented in docs/scoring.md, each a function below:

1. qualitative final scores and fractions (:mod:`.qualitative`) and GBP values of commitments
   (:mod:`.quantitative`): :func:`_score_inputs`;
2. minimums and the qualitative threshold, then the total threshold in rounds
   (:mod:`.thresholds`), then method fractions against the eligible bids and weighted points
   (:mod:`.bids`): :func:`_apply_thresholds`;
3. sections, totals and rounding (:mod:`.totals`);
4. ranking and tie-breaks (:mod:`.ranking`): :func:`_rank_bids`;
5. flags (:mod:`.flags`), sensitivity (:mod:`.sensitivity`), status, the moderation log and
   conflicts of interest.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from ..errors import InputError, Location, Problem
from ..model import MissingBid, TenderInputs, spend_plan_problems
from . import flags as flagmod
from .arith import HUNDRED, ZERO, exact, plain, q, ratio, round_to, total
from .bids import Draft, Work
from .clarifications import open_clarification_reasons
from .decisions import apply_decisions, committed_values, credibility_flags
from .qualitative import score_all
from .quantitative import check_measures
from .ranking import Candidate, outcome, rank
from .result import (
    BidderResult,
    ConflictRecord,
    Evaluation,
    Flag,
    ModerationEntry,
    Outcome,
    RankEntry,
    Reason,
    Sensitivity,
    Status,
    ThresholdRound,
    TieBreakRecord,
    TieGroup,
    WeightingCheck,
)
from .score_index import index_scores
from .sensitivity import analyse
from .thresholds import ENGINE, criterion_minimums, qualitative_threshold, total_threshold
from .totals import bidder_result


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
    for text in spend_plan_problems(inputs.tender, inputs.rubric):
        problems.append(Problem(where, text))
    seen: set[str] = set()
    for r in inputs.responses:
        if r.key in seen:
            problems.append(Problem(Location(r.file), f"two responses have the key `{r.key}`"))
        seen.add(r.key)
    if problems:
        raise InputError(problems)


@attrs.frozen
class _Eligibility:
    """What the thresholds decided: who is excluded and why, and the bids scored against the
    final eligible set."""

    reasons: dict[str, list[Reason]]
    flags: list[Flag]
    rounds: list[ThresholdRound]
    eligible: frozenset[str]
    drafts: dict[str, Draft]
    warnings: list[Problem]


@attrs.frozen
class _Ranking:
    """The ranked bids, the tie-break records, and the order bidders are listed in."""

    entries: list[RankEntry]
    records: list[TieBreakRecord]
    ties: list[TieGroup]
    ranks: dict[str, tuple[int, bool]]
    outcome: Outcome
    order: list[str]


def _evaluate(inputs: TenderInputs) -> Evaluation:
    """The evaluation, phase by phase: scores and values, thresholds, totals, ranking, flags,
    then what is recorded beside them (status, sensitivity, moderation, conflicts)."""
    _check(inputs)
    work, weighting, warnings = _score_inputs(inputs)
    gate = _apply_thresholds(work)
    built = {
        k: bidder_result(
            work, k, gate.drafts[k], weighting.social_value_percent, gate.reasons.get(k, [])
        )
        for k in work.keys
    }
    ranking = _rank_bids(work, gate, built)
    all_flags = _flags(work, gate.flags, ranking.order)
    return Evaluation(
        inputs=inputs,
        status=_status(work),
        outcome=ranking.outcome,
        weighting=weighting,
        threshold_rounds=tuple(gate.rounds),
        ranking=tuple(ranking.entries),
        tie_breaks=tuple(ranking.records),
        ties=tuple(ranking.ties),
        bidders=_ranked_bidders(built, ranking, all_flags),
        flags=tuple(all_flags),
        sensitivity=_sensitivity(work, gate, ranking.outcome.winner),
        moderation=_moderation_log(work, ranking.order),
        conflicts=_conflicts(inputs),
        warnings=tuple(inputs.warnings) + tuple(warnings) + tuple(gate.warnings),
    )


def _score_inputs(inputs: TenderInputs) -> tuple[Work, WeightingCheck, list[Problem]]:
    """Final qualitative scores and the GBP value of every commitment, with the weighting check
    and the warnings found on the way."""
    rubric = inputs.rubric
    responses = {r.key: r for r in inputs.responses}
    keys = sorted(responses)
    names = {k: responses[k].name for k in keys}
    index, warnings = index_scores(inputs)
    check_measures(rubric.quantitative(), inputs.proxies, inputs.responses)
    weighting, more = _weighting(inputs)
    warnings += more
    quals = score_all(inputs, index)
    committed = committed_values(inputs, responses)
    decided = apply_decisions(inputs, committed, credibility_flags(inputs, committed, names), names)
    warnings += decided.warnings
    work = Work(inputs, keys, names, quals, decided.values, decided.flags, decided.undecided)
    return work, weighting, warnings


def _apply_thresholds(work: Work) -> _Eligibility:
    """Minimums and thresholds, before any relative calculation: who is excluded (in rounds for
    a total threshold), then every bid scored against the bids left eligible."""
    rubric, keys, names = work.rubric, work.keys, work.names
    reasons, extra_flags = criterion_minimums(rubric, work.quals, keys, names)
    rounds: list[ThresholdRound] = []
    warnings: list[Problem] = []
    th = rubric.threshold
    if th is not None and th.basis == "qualitative":
        r2, f2, rounds, warnings = qualitative_threshold(rubric, work.quals, keys, names)
        for k, rs in r2.items():
            reasons.setdefault(k, []).extend(rs)
        extra_flags += f2
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
    extra_flags += _total_threshold_flags(work, drafts, total_excluded)
    return _Eligibility(reasons, extra_flags, rounds, eligible, drafts, warnings)


def _total_threshold_flags(
    work: Work, drafts: dict[str, Draft], total_excluded: set[str]
) -> list[Flag]:
    """Flags of a total threshold: a bid excluded in an earlier round that would pass against
    the final eligible bids, and (when the threshold does not disqualify) bids below it."""
    rubric, names = work.rubric, work.names
    th = rubric.threshold
    out_of = rubric.total_marks
    extra_flags: list[Flag] = []
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
        for k in work.keys:
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
    return extra_flags


def _rank_bids(work: Work, gate: _Eligibility, built: dict[str, BidderResult]) -> _Ranking:
    """Rank the eligible bids (on the total, rounded or not as the rubric says, then the
    tie-breaks); the excluded bids follow, by key."""
    rubric, keys, names = work.rubric, work.keys, work.names
    candidates = []
    for k in sorted(gate.eligible):
        b = built[k]
        d = gate.drafts[k]
        ranked_on = q(b.totals.total_rounded) if rubric.rounding.rank_on == "rounded" else d.total
        candidates.append(
            Candidate(
                k, names[k], d.total, b.totals.total_rounded, ranked_on, _tie_values(work, k, d)
            )
        )
    entries, records, ties, ranks = rank(candidates, rubric.tie_breaks, rubric.currency)
    result_outcome = outcome(entries, len(keys), len(work.inputs.not_assessed))
    order = [e.bidder for e in entries] + sorted(k for k in keys if k not in gate.eligible)
    return _Ranking(entries, records, ties, ranks, result_outcome, order)


def _tie_values(work: Work, key: str, draft: Draft) -> tuple[Fraction, ...]:
    """A bid's value on each of the rubric's tie-break rules, in order (exact, higher wins)."""
    rubric = work.rubric
    tie_values = []
    for rule in rubric.tie_breaks:
        if rule.rule == "criterion":
            assert rule.criterion is not None
            tie_values.append(draft.points[rule.criterion])
        elif rule.rule == "qualitative_total":
            tie_values.append(total(draft.points[c.id] for c in rubric.qualitative()))
        elif rule.rule == "quantitative_total":
            tie_values.append(total(draft.points[c.id] for c in rubric.by_method()))
        else:
            tie_values.append(
                total(work.values[(key, c.id)].gbp_value for c in rubric.quantitative())
            )
    return tuple(tie_values)


def _flags(work: Work, extra_flags: list[Flag], order: list[str]) -> list[Flag]:
    """Every credibility and process flag, with the thresholds' ones, in ranking order."""
    inputs, keys, names = work.inputs, work.keys, work.names
    position = {k: i for i, k in enumerate(order)}
    return flagmod.sort_flags(
        work.commitment_flags
        + flagmod.process_flags(inputs, work.quals, keys, names)
        + extra_flags,
        position,
    )


def _ranked_bidders(
    built: dict[str, BidderResult], ranking: _Ranking, all_flags: list[Flag]
) -> tuple[BidderResult, ...]:
    """Each bidder's result with its rank and flags, in ranking order."""
    bidders = []
    for k in ranking.order:
        rank_no, shared = ranking.ranks.get(k, (None, False))
        bidders.append(
            attrs.evolve(
                built[k],
                rank=rank_no,
                rank_shared=shared,
                flags=tuple(f for f in all_flags if f.bidder == k),
            )
        )
    return tuple(bidders)


def _sensitivity(work: Work, gate: _Eligibility, winner: str | None) -> Sensitivity:
    """Sensitivity of the outcome to each criterion's weight, on the ranked bids."""
    rubric = work.rubric
    criteria = [c for _, c in rubric.criteria()]
    out_of = rubric.total_marks
    shares = {c.id: ratio(rubric.criterion_marks(c), out_of) * HUNDRED for c in criteria}
    return analyse(
        criteria,
        shares,
        {k: gate.drafts[k].fractions for k in sorted(gate.eligible)},
        winner,
        work.names,
    )


def _status(work: Work) -> Status:
    """Final, or provisional with the reasons: a consensus or an evaluator's score missing, a
    consensus outside the evaluators' scores with no reason recorded, an assigned evaluator's
    score left blank, fewer evaluators assigned and without a declared conflict than the
    tender's minimum, a clarification asked of a bidder and not yet answered, or a credibility
    flag with no panel decision, or a bid scored before whose response is gone (one reason
    each)."""
    rubric, quals = work.rubric, work.quals
    missing = tuple(
        m for k in work.keys for c in rubric.qualitative() for m in quals[(k, c.id)].missing
    )
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
    status_reasons += [
        m.text for m in missing if m.what in ("consensus_reason", "evaluators", "assigned_scores")
    ]
    waiting = open_clarification_reasons(work.inputs.tender, work.names)
    waiting += [_gone(b) for b in work.inputs.missing_bids]
    status_reasons += waiting + work.undecided
    state = "provisional" if missing or waiting or work.undecided else "final"
    return Status(state, tuple(status_reasons), missing)


def _gone(bid: MissingBid) -> str:
    """The reason a bid an earlier run scored, whose response is gone, keeps it provisional."""
    return (
        f"The response of {bid.name} ({bid.file}), scored in an earlier run, is missing from "
        "responses/ and tender.yaml records no status for the bid (`bids:`): the result is "
        "provisional until the response is put back or the bid's status is recorded."
    )


def _moderation_log(work: Work, order: list[str]) -> tuple[ModerationEntry, ...]:
    """Every scored part's evaluator scores, spread, consensus and final score, bidders in
    ranking order."""
    return tuple(
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
        for c in work.rubric.qualitative()
        for p in work.quals[(k, c.id)].parts
    )


def _conflicts(inputs: TenderInputs) -> tuple[ConflictRecord, ...]:
    """Declared conflicts of interest, each with whether that evaluator scored that bid."""
    scored_pairs = {
        (s.evaluator, s.bidder)
        for sh in inputs.scoresheets
        for s in sh.scores
        if s.score is not None
    }
    return tuple(
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
