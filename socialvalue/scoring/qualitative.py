"""Qualitative criteria: evaluators' scores -> spread, moderation, final score -> fraction.

Final score, by the rubric's ``moderation.final_score``:

* ``consensus``: the panel's consensus when recorded (basis ``consensus``). Not recorded and not
  required: the evaluators' mean (``mean_no_consensus``, said in the trail). Required (spread
  more than ``mandatory_spread_steps`` steps) and missing: the mean stands in and the result is
  provisional (``mean_stand_in``).
  A consensus outside the range of the counted (non-blank) evaluators' scores whose rationale
  gives no reason (:func:`socialvalue.model.gives_a_reason`) is used, but the result is
  provisional until the reason is recorded (``Missing.what`` ``consensus_reason``).
* ``mean``: the mean of the evaluators' scores (``mean``); any consensus is recorded only.
* No evaluator score at all: provisional; the consensus stands in under policy consensus when
  recorded (``consensus_only``), else the scale minimum stands in (``missing``).

Whoever tender.yaml assigns a part (every evaluator, unless assigned otherwise) is expected to
score it: an assigned evaluator without a declared conflict whose score is blank makes the part
provisional (``Missing.what`` ``assigned_scores``, naming them and the cell), and so do fewer
assigned, unconflicted evaluators than ``minimum_evaluators`` (``evaluators``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from ..errors import InputError, Location, Problem
from ..model import Response, Score, TenderInputs, departs, gives_a_reason
from ..rubric.model import Criterion, Rubric, Scale
from .arith import ONE, ZERO, dec, mean, plain, q, ratio, show, total
from .result import (
    AnswerRecord,
    ConsensusRecord,
    EvaluatorScore,
    MinimumCheck,
    Missing,
    PartResult,
)
from .score_index import ScoreIndex


@attrs.frozen
class QualitativeScore:
    """A qualitative criterion's outcome for one bidder, before weighting (exact figures)."""

    criterion: Criterion
    scale: Scale
    parts: tuple[PartResult, ...]
    fraction: Fraction
    final_score: Fraction
    basis: str
    minimum: MinimumCheck | None
    answer: AnswerRecord | None
    explanation: str
    missing: tuple[Missing, ...]


def _quote(text: str) -> str:
    """A rationale in quotation marks (its own punctuation kept), or say there is none."""
    text = " ".join(text.split())
    return f'"{text}"' if text else "(no rationale given)"


def _unexplained(
    criterion: Criterion,
    part_id: str,
    bidder: Response,
    consensus: ConsensusRecord,
    raw: list[Score],
) -> Missing | None:
    """A consensus outside the range of the counted scores whose rationale gives no reason:
    what the evaluation lacks (the consensus is used meanwhile, provisionally)."""
    span = departs(consensus.score, (s.score for s in raw))
    if span is None or gives_a_reason(consensus.rationale):
        return None
    text = (
        f"The consensus for {bidder.name} on {part_id} ({plain(consensus.score)}, "
        f"{consensus.source}) is outside the evaluators' scores ({plain(span[0])} to "
        f"{plain(span[1])}) and its rationale, {_quote(consensus.rationale)}, gives no reason: "
        "it is used provisionally until the panel's reason is recorded beside it."
    )
    return Missing(
        bidder.key, criterion.id, part_id, "consensus_reason", "consensus", consensus.score, text
    )


def _too_few(
    criterion: Criterion,
    part_id: str,
    bidder: Response,
    index: ScoreIndex,
    final: Decimal,
    basis: str,
) -> Missing | None:
    """Fewer of the tender's evaluators assigned this bidder and part and without a declared
    conflict with the bidder than the tender's minimum, when a conflict or the assignment is
    what leaves them short: what the evaluation lacks (the score stands meanwhile,
    provisionally)."""
    unassigned = [
        e for e in index.panel if not index.assigned(e, bidder.key, part_id, criterion.id)
    ]
    conflicted = [
        e
        for e in index.panel
        if e not in unassigned and index.conflicts.get((e, bidder.key), False)
    ]
    if not conflicted and not unassigned:
        return None
    left = len(index.panel) - len(conflicted) - len(unassigned)
    if left >= index.minimum:
        return None
    because = []
    if conflicted:
        because.append(f"{_who(index, conflicted)} declared a conflict")
    if unassigned:
        because.append(f"{_who(index, unassigned)} not assigned it")
    text = (
        f"Only {left} evaluator{'' if left == 1 else 's'} {'assigned and ' if unassigned else ''}"
        f"without a declared conflict of interest remain{'s' if left == 1 else ''} for "
        f"{bidder.name} on {part_id} "
        f"({'; '.join(because)}); the tender's minimum is {index.minimum} "
        "(`minimum_evaluators` in tender.yaml): the score stands provisionally until another "
        "independent evaluator scores it."
    )
    return _standing(bidder, criterion, part_id, "evaluators", basis, final, text)


def _who(index: ScoreIndex, evaluators: list[str]) -> str:
    """Evaluators by name: ``Ann``, ``Ann and Bob``, ``Ann, Bob and Cy``."""
    names = [index.names.get(e, e) for e in evaluators]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _unscored(
    criterion: Criterion,
    part_id: str,
    bidder: Response,
    index: ScoreIndex,
    final: Decimal,
    basis: str,
) -> Missing | None:
    """Evaluators assigned this bidder and part, without a declared conflict, whose score is
    blank (or absent): named, with the cell, as what the evaluation lacks (the score stands
    meanwhile on the others' scores, provisionally)."""
    given = {s.evaluator: s for s in index.scores.get((bidder.key, part_id), [])}
    lacking = [
        e
        for e in index.panel
        if index.assigned(e, bidder.key, part_id, criterion.id)
        and not index.conflicts.get((e, bidder.key), False)
        and (e not in given or given[e].score is None)
    ]
    if not lacking:
        return None
    where = "; ".join(
        f"{index.names.get(e, e)} ({e}): "
        + (f"blank at {given[e].source}" if e in given else "no score in their scoresheet")
        for e in lacking
    )
    text = (
        f"Assigned to score {bidder.name} on {part_id} but not scored: {where}. The score "
        "stands provisionally on the other evaluators' scores until it is recorded."
    )
    return _standing(bidder, criterion, part_id, "assigned_scores", basis, final, text)


def _standing(
    bidder: Response,
    criterion: Criterion,
    part_id: str,
    what: str,
    basis: str,
    final: Decimal,
    text: str,
) -> Missing:
    """What a part lacks while its final score stands (provisionally) on what it rests on."""
    stand_in = {"consensus": "consensus", "consensus_only": "consensus", "missing": "scale_minimum"}
    return Missing(
        bidder.key, criterion.id, part_id, what, stand_in.get(basis, "mean"), final, text
    )


def _listed(score: EvaluatorScore) -> str:
    """An evaluator's score in a listing: ``e1 60``, ``e2 blank``, or marked as not counted."""
    if score.score is None:
        return f"{score.evaluator} blank"
    if score.conflict_declared:
        return f"{score.evaluator} {plain(score.score)} (conflict declared: not counted)"
    return f"{score.evaluator} {plain(score.score)}"


def _check_range(value: Decimal, scale: Scale, where: str, what: str) -> None:
    if not scale.minimum <= value <= scale.maximum:
        raise InputError(
            [
                Problem(
                    Location(where),
                    f"{what} {plain(value)} is outside scale `{scale.id}` "
                    f"({plain(scale.minimum)} to {plain(scale.maximum)})",
                )
            ]
        )


def score_part(
    rubric: Rubric,
    scale: Scale,
    criterion: Criterion,
    part_id: str,
    title: str,
    share: Fraction,
    bidder: Response,
    index: ScoreIndex,
) -> tuple[PartResult, Missing | None, Fraction]:
    """One scored part for one bidder (see the module docstring for the policy)."""
    raw = index.scores.get((bidder.key, part_id), [])
    originals = []
    for s in raw:
        if s.score is not None:
            _check_range(s.score, scale, str(s.source), f"score by `{s.evaluator}`")
        originals.append(
            EvaluatorScore(
                s.evaluator,
                index.names.get(s.evaluator, s.evaluator),
                s.score,
                s.rationale,
                str(s.source),
                index.conflicts.get((s.evaluator, bidder.key), False),
            )
        )
    # A conflicted evaluator's score for this bidder never counts (shown, marked, not used).
    counted = [s for s in raw if not index.conflicts.get((s.evaluator, bidder.key), False)]
    values = [q(s.score) for s in counted if s.score is not None]
    entry = index.consensus.get((bidder.key, part_id))
    consensus = None
    if entry is not None and entry.score is not None:
        _check_range(entry.score, scale, str(entry.source), "consensus score")
        consensus = ConsensusRecord(entry.score, entry.rationale, str(entry.source))
    avg = mean(values) if values else None
    spread = (max(values) - min(values)) if values else ZERO
    steps = ratio(spread, scale.step) if scale.step > 0 else ZERO
    final: Fraction
    required = steps > rubric.moderation.mandatory_spread_steps
    policy = rubric.moderation.final_score
    listing = ", ".join(_listed(o) for o in originals)
    rationales = "; ".join(
        f"{o.evaluator_name}: {_quote(o.rationale)}"
        for o in originals
        if o.score is not None and not o.conflict_declared
    )
    missing: Missing | None = None
    where = f"{bidder.name} on {part_id}"
    if not values:
        if policy == "consensus" and consensus is not None:
            final, basis = q(consensus.score), "consensus_only"
            text = (
                f"No evaluator's score is recorded for {where}; the consensus "
                f"({plain(final)}) stands in until the original scores are recorded."
            )
            missing = Missing(
                bidder.key, criterion.id, part_id, "scores", "consensus", dec(final), text
            )
        else:
            final, basis = q(scale.minimum), "missing"
            text = (
                f"No score is recorded for {where}; the scale minimum ({plain(final)}) stands in "
                "until it is scored."
            )
            missing = Missing(
                bidder.key, criterion.id, part_id, "scores", "scale_minimum", dec(final), text
            )
        explanation = text
    elif policy == "consensus" and consensus is not None:
        final, basis = q(consensus.score), "consensus"
        explanation = (
            f"Consensus score {plain(final)}: {_quote(consensus.rationale)} "
            f"(evaluators' original scores: {listing})."
        )
        missing = _unexplained(criterion, part_id, bidder, consensus, counted)
        if missing:
            explanation += f" {missing.text}"
    elif policy == "consensus" and not required:
        assert avg is not None
        final, basis = avg, "mean_no_consensus"
        explanation = (
            f"No consensus recorded (none required: the scores {listing} differ by "
            f"{show(steps)} scale step(s)); the mean of the evaluators' scores, {show(avg)}, is "
            f"used. Evaluators' rationales: {rationales}."
        )
    elif policy == "consensus":
        assert avg is not None
        final, basis = avg, "mean_stand_in"
        text = (
            f"Evaluators' scores for {where} ({listing}) differ by {show(steps)} scale steps "
            f"(more than {rubric.moderation.mandatory_spread_steps}): a consensus score is "
            f"required; the mean ({show(avg)}) stands in until it is recorded."
        )
        missing = Missing(bidder.key, criterion.id, part_id, "consensus", "mean", dec(avg), text)
        explanation = f"{text} Evaluators' rationales: {rationales}."
    else:
        assert avg is not None
        final, basis = avg, "mean"
        explanation = (
            f"Mean of the evaluators' scores ({listing}) = {show(avg)}. "
            f"Evaluators' rationales: {rationales}."
        )
    for later in (_unscored, _too_few):
        if missing is None:
            missing = later(criterion, part_id, bidder, index, dec(final), basis)
            if missing is not None:
                explanation += f" {missing.text}"
    fraction = ratio(final, scale.maximum)
    part = PartResult(
        id=part_id,
        title=title,
        share=dec(share),
        scores=tuple(originals),
        mean=dec(avg) if avg is not None else None,
        spread=dec(spread),
        spread_steps=dec(steps),
        moderation_required=required,
        consensus=consensus,
        final_score=dec(final),
        basis=basis,
        fraction=dec(fraction),
        provisional=missing is not None,
        explanation=explanation,
    )
    return part, missing, final


def score_qualitative(
    rubric: Rubric, criterion: Criterion, bidder: Response, index: ScoreIndex
) -> QualitativeScore:
    """All parts of one qualitative criterion for one bidder, rolled up by weight."""
    assert criterion.scale is not None
    scale = rubric.scale(criterion.scale)
    if scale.maximum <= 0:  # the loader forbids this (distinct scores >= 0); kept as a guard
        raise InputError.single(rubric.source, f"scale `{scale.id}` has no positive maximum")
    subs = {s.id: s for s in criterion.sub_criteria}
    rolled = criterion.scored_parts != (criterion.id,)
    parts: list[PartResult] = []
    missing: list[Missing] = []
    weights = {s.id: q(s.weight) for s in criterion.sub_criteria}
    weight_total = total(weights.values())
    weighted = ZERO
    for pid in criterion.scored_parts:
        if rolled:
            share, title = ratio(weights[pid], weight_total), subs[pid].title
        else:
            share, title = ONE, criterion.title
        part, miss, final_part = score_part(
            rubric, scale, criterion, pid, title, share, bidder, index
        )
        parts.append(part)
        weighted += (weights[pid] if rolled else ONE) * final_part
        if miss:
            missing.append(miss)
    # Divide once, at the end: sum(weight x score) / (sum of weights x scale maximum).
    final = ratio(weighted, weight_total) if rolled else weighted
    fraction = ratio(final, scale.maximum)
    if rolled:
        basis = "sub_criteria"
        pieces = ", ".join(f"{p.id} {show(p.final_score)} (share {show(p.share)})" for p in parts)
        explanation = (
            f"Rolled up from the sub-criteria by weight: {pieces} = {show(final)} on the "
            f"{plain(scale.minimum)}-{plain(scale.maximum)} scale. "
            + " ".join(f"{p.id}: {p.explanation}" for p in parts)
        )
    else:
        basis = parts[0].basis
        explanation = parts[0].explanation
    minimum = None
    if criterion.minimum is not None:
        minimum = MinimumCheck(
            criterion.minimum.score,
            criterion.minimum.disqualifies,
            final >= q(criterion.minimum.score),
        )
    answer = bidder.answer(criterion.id)
    return QualitativeScore(
        criterion=criterion,
        scale=scale,
        parts=tuple(parts),
        fraction=fraction,
        final_score=final,
        basis=basis,
        minimum=minimum,
        answer=AnswerRecord(answer.text, answer.words, str(answer.source)) if answer else None,
        explanation=explanation,
        missing=tuple(missing),
    )


def score_all(
    inputs: TenderInputs, index: ScoreIndex
) -> Mapping[tuple[str, str], QualitativeScore]:
    """Every qualitative criterion for every bidder, keyed by (bidder key, criterion id)."""
    out: dict[tuple[str, str], QualitativeScore] = {}
    for response in inputs.responses:
        for criterion in inputs.rubric.qualitative():
            out[(response.key, criterion.id)] = score_qualitative(
                inputs.rubric, criterion, response, index
            )
    return out
