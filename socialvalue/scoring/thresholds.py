"""Minimum scores and the overall threshold: who is excluded before any relative calculation.

Order (docs/scoring.md, "Thresholds"):

1. Qualitative criterion minimums on the final score (they do not depend on other bids).
2. ``threshold`` with basis ``qualitative``: the bid's qualitative marks as a percentage of the
   qualitative marks available (again independent of other bids).
3. ``threshold`` with basis ``total``: rounds. Each round scores the bids still eligible against
   each other and excludes every one whose total is below the minimum percentage of the social
   value marks; rounds repeat until none falls below. An excluded bid is never reinstated (the
   process ends in at most one round per bid); one that would pass against the final eligible
   bids is flagged ``excluded_would_pass`` for the panel.

Comparisons use exact, unrounded figures. A minimum that does not disqualify only flags.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from ..errors import Location, Problem
from ..rubric.model import Rubric
from .arith import HUNDRED, ZERO, dec, plain, q, ratio, show, total
from .qualitative import QualitativeScore
from .result import Exclusion, Flag, Reason, ThresholdRound

ENGINE = "<engine>"


def criterion_minimums(
    rubric: Rubric,
    quals: Mapping[tuple[str, str], QualitativeScore],
    keys: Sequence[str],
    names: Mapping[str, str],
) -> tuple[dict[str, list[Reason]], list[Flag]]:
    """Reasons (disqualifying minimums) and flags (non-disqualifying ones) per bidder."""
    reasons: dict[str, list[Reason]] = {}
    flags: list[Flag] = []
    for key in keys:
        for criterion in rubric.qualitative():
            qs = quals[(key, criterion.id)]
            if qs.minimum is None or qs.minimum.met:
                continue
            provisional = " (provisional score)" if qs.missing else ""
            text = (
                f"{names[key]} scored {show(qs.final_score)}{provisional} on {criterion.id} "
                f"({criterion.title}), below the minimum of {plain(qs.minimum.score)}."
            )
            if qs.minimum.disqualifies:
                reasons.setdefault(key, []).append(
                    Reason("criterion_minimum", criterion.id, None, text + " Disqualified.")
                )
            else:
                flags.append(
                    Flag(
                        "below_minimum",
                        key,
                        text + " The minimum does not disqualify.",
                        criterion.id,
                    )
                )
    return reasons, flags


def qualitative_percent(
    rubric: Rubric, quals: Mapping[tuple[str, str], QualitativeScore], key: str
) -> tuple[Fraction, Fraction, Fraction]:
    """(points, available, percent) of the qualitative marks for one bid; available may be 0."""
    crits = rubric.qualitative()
    available = total(q(rubric.criterion_marks(c)) for c in crits)
    points = total(quals[(key, c.id)].fraction * q(rubric.criterion_marks(c)) for c in crits)
    percent = ratio(points, available) * HUNDRED if available else ZERO
    return points, available, percent


def qualitative_threshold(
    rubric: Rubric,
    quals: Mapping[tuple[str, str], QualitativeScore],
    keys: Sequence[str],
    names: Mapping[str, str],
) -> tuple[dict[str, list[Reason]], list[Flag], list[ThresholdRound], list[Problem]]:
    """Apply a ``basis: qualitative`` threshold (one round, before any relative calculation)."""
    th = rubric.threshold
    assert th is not None and th.basis == "qualitative"
    if not rubric.qualitative():
        warning = Problem(
            Location(ENGINE),
            "the rubric's threshold is on qualitative marks but it has no qualitative criterion: "
            "the threshold is not applied",
            "warning",
        )
        return {}, [], [], [warning]
    reasons: dict[str, list[Reason]] = {}
    flags: list[Flag] = []
    excluded: list[Exclusion] = []
    for key in keys:
        points, available, pct = qualitative_percent(rubric, quals, key)
        if pct >= q(th.minimum_percent):
            continue
        text = (
            f"{names[key]}'s qualitative marks {show(points)} of {plain(available)} "
            f"({show(pct)}%) are below the threshold of {plain(th.minimum_percent)}% of "
            "qualitative marks."
        )
        if th.disqualifies:
            reasons.setdefault(key, []).append(
                Reason("threshold", None, 1, text + " Disqualified.")
            )
            excluded.append(Exclusion(key, dec(pct), text))
        else:
            flags.append(Flag("below_threshold", key, text + " The threshold does not disqualify."))
    rounds = [ThresholdRound(1, tuple(excluded))] if excluded else []
    return reasons, flags, rounds, []


def total_threshold(
    rubric: Rubric,
    eligible: frozenset[str],
    percents: Callable[[frozenset[str]], Mapping[str, Fraction]],
    names: Mapping[str, str],
) -> tuple[frozenset[str], dict[str, list[Reason]], list[ThresholdRound]]:
    """Apply a ``basis: total`` threshold in rounds. ``percents(E)``: total % of each bid vs E."""
    th = rubric.threshold
    assert th is not None and th.basis == "total" and th.disqualifies
    reasons: dict[str, list[Reason]] = {}
    rounds: list[ThresholdRound] = []
    number = 0
    while eligible:
        number += 1
        pct = percents(eligible)
        below = sorted(k for k in eligible if pct[k] < q(th.minimum_percent))
        if not below:
            break
        excluded = []
        for key in below:
            text = (
                f"{names[key]}'s social value total is {show(pct[key])}% of the marks (scored "
                f"against the {len(eligible)} bid(s) eligible in round {number}), below the "
                f"threshold of {plain(th.minimum_percent)}%."
            )
            reasons.setdefault(key, []).append(
                Reason("threshold", None, number, text + " Disqualified.")
            )
            excluded.append(Exclusion(key, dec(pct[key]), text))
        rounds.append(ThresholdRound(number, tuple(excluded)))
        eligible = eligible - set(below)
    return eligible, reasons, rounds
