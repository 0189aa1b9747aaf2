"""Assessment summaries (Procurement Act 2023 s.50, Procurement Regulations 2024 reg 31).

One summary per assessed bidder: each criterion's title, relative importance and the scores
available; the bidder's score for each criterion and sub-criterion with an explanation by
reference to its tender; totals and sub-totals; the same for the most advantageous tender; and
for any other tender why it is not awarded. :func:`check_explanations` refuses, before anything
is rendered, any summary that would carry an empty explanation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..errors import Location, Problem
from ..priorities.note import priorities_note
from ..results.record import BidderRecord, Record
from ..scoring.flags import title as flag_title
from .clarifications import bidder_clarifications
from .common import names_by_key, places_of, tender_context
from .explain import (
    basis_text,
    join_names,
    qualitative_explanations,
    quantitative_explanation,
    score_sentence,
    spend_explanation,
)
from .figures import (
    at_most_places,
    fraction_percent,
    ordinal,
    percent,
    points,
    rounded,
)
from .record import Results, pack_record
from .spend import spend_context

Context = dict[str, Any]


def assessed_bidders(results: Results) -> list[BidderRecord]:
    """Every bidder whose tender was assessed (ranked or disqualified), in results order."""
    return [b for b in pack_record(results).bidders if b.status in ("ranked", "disqualified")]


def leaders(results: Record) -> list[BidderRecord]:
    """The most advantageous tender, or every tender tied for first (empty when none)."""
    outcome = results.outcome
    keys = [outcome.winner] if outcome.winner else list(outcome.tied_for_first)
    by_key = {b.key: b for b in results.bidders}
    return [by_key[k] for k in keys if k in by_key]


def check_explanations(results: Results, source: str) -> list[Problem]:
    """Every scored part of every assessed bidder whose explanation would be empty."""
    problems: list[Problem] = []
    for bidder in assessed_bidders(results):
        for criterion in bidder.criteria:
            if criterion.type != "qualitative":
                continue
            parts = [(p.id, text) for p, text in qualitative_explanations(criterion)]
            for part_id, text in parts or [(criterion.id, "")]:
                if text:
                    continue
                part_text = "" if part_id == criterion.id else f", sub-criterion {part_id}"
                problems.append(
                    Problem(
                        Location(source, context=f"bidder {bidder.key}"),
                        f"the assessment summary for {bidder.name} (bidder {bidder.key}) "
                        f"has no explanation for criterion {criterion.id} "
                        f'"{criterion.title}"{part_text}: record the moderation panel\'s '
                        "consensus rationale (or the evaluators' rationales) and score again",
                    )
                )
    return problems


def _criteria_info(results: Record, places: int) -> list[Context]:
    rubric = results.rubric
    unit = "%" if rubric.weights == "percent" else " points"
    scales = {s.id: s for s in rubric.scales}
    info = []
    for section in rubric.sections:
        for c in section.criteria:
            if c.type == "qualitative":
                scale = scales.get(c.scale or "")
                available = (
                    f"Scored on a scale of {at_most_places(scale.minimum, places)} to "
                    f"{at_most_places(scale.maximum, places)} ({scale.title}); "
                    if scale
                    else ""
                ) + f"score ÷ scale maximum × {at_most_places(c.marks, places)} marks."
            else:
                available = f"0 to {at_most_places(c.marks, places)} marks: {c.method_text or 'see method'}."
            info.append(
                {
                    "id": c.id,
                    "title": c.title,
                    "section": section.title,
                    "weight": at_most_places(c.weight, places) + unit,
                    "marks": at_most_places(c.marks, places),
                    "share": percent(c.share_percent, places),
                    "available": available,
                    "sub_criteria": [
                        f"{sc.id} {sc.title} (weight {at_most_places(sc.weight, places)})"
                        for sc in c.sub_criteria
                    ],
                }
            )
    return info


def _scales(results: Record, places: int) -> list[Context]:
    used = {c.scale for s in results.rubric.sections for c in s.criteria if c.type == "qualitative"}
    return [
        {
            "id": sc.id,
            "title": sc.title,
            "levels": [
                {
                    "score": at_most_places(lv.score, places),
                    "label": lv.label,
                    "descriptor": lv.descriptor,
                }
                for lv in sc.levels
            ],
        }
        for sc in results.rubric.scales
        if sc.id in used
    ]


def assessment(results: Record, bidder: BidderRecord, places: int) -> Context:
    """One tender's scores, sub-totals, total and explanations."""
    tender = results.tender
    currency = tender.currency
    criteria = []
    for c in bidder.criteria:
        entry: Context = {
            "id": c.id,
            "title": c.title,
            "points": points(c.weighted_points, places),
            "points_rounded": (
                rounded(c.weighted_points_rounded)
                if c.weighted_points_rounded is not None
                else None
            ),
            "marks": at_most_places(c.marks, places),
            "parts": [],
        }
        if c.type == "quantitative":
            entry["score"] = f"{points(c.weighted_points, places)} of {entry['marks']} marks"
            entry["explanation"] = quantitative_explanation(
                c, tender.contract_value, currency, places
            )
        elif c.type == "spend_plan":
            entry["score"] = f"{points(c.weighted_points, places)} of {entry['marks']} marks"
            entry["explanation"] = spend_explanation(c, currency, places)
        else:
            entry["score"] = score_sentence(c, places)
            parts = qualitative_explanations(c)
            single = len(parts) == 1 and parts[0][0].id == c.id
            if single:
                entry["explanation"] = parts[0][1]
            else:
                entry["explanation"] = "Rolled up from the sub-criteria below."
                entry["parts"] = [
                    {
                        "id": part.id,
                        "title": part.title,
                        "score": (
                            f"Score {at_most_places(part.final_score, places)} "
                            f"({basis_text(part.basis)}); "
                            f"{fraction_percent(part.share)} of {c.id}"
                        ),
                        "explanation": text,
                    }
                    for part, text in parts
                ]
        criteria.append(entry)
    t = bidder.totals
    return {
        "name": bidder.name,
        "key": bidder.key,
        "criteria": criteria,
        "sections": [
            {
                "title": s.title,
                "points": (
                    rounded(s.points_rounded)
                    if s.points_rounded is not None
                    else points(s.points, places)
                ),
                "marks": at_most_places(s.marks, places),
            }
            for s in bidder.sections
        ],
        "total": rounded(t.total_rounded),
        "out_of": at_most_places(t.out_of, places),
        "evaluation_points": rounded(t.evaluation_points_rounded),
        "evaluation_out_of": at_most_places(t.evaluation_points_out_of, places),
        "rank": bidder.rank,
        "disqualified": bidder.status == "disqualified",
        "decisions": [
            {
                "title": flag_title(f.code) + (f" ({f.measure})" if f.measure else ""),
                "text": f.decision.text,
            }
            for f in bidder.flags
            if f.decision is not None
        ],
    }


def _outcome(
    results: Record,
    bidder: BidderRecord,
    top: Sequence[BidderRecord],
    places: int,
    ranked: int,
) -> Context:
    t = bidder.totals
    own = f"{rounded(t.total_rounded)} of {at_most_places(t.out_of, places)}"
    kind = results.outcome.kind
    if bidder.status == "disqualified":
        reasons = [
            r.text for r in (bidder.disqualification.reasons if bidder.disqualification else ())
        ]
        return {
            "awarded": False,
            "text": "Your tender was disqualified and cannot be awarded the contract.",
            "reasons": reasons,
        }
    if kind == "winner" and top and top[0].key == bidder.key:
        return {
            "awarded": True,
            "text": f"Your tender is the most advantageous tender on the social value criteria, "
            f"ranked 1st of {ranked} with {own}.",
            "reasons": [],
        }
    if kind == "tied_for_first" and bidder.key in {b.key for b in top}:
        return {
            "awarded": False,
            "text": f"Your tender is tied for first place with {own}; the published tie-break "
            "rules did not separate the tied tenders.",
            "reasons": [],
        }
    lead = top[0].totals if top else None
    text = "Your tender is not the most advantageous tender: it scored " + own
    if lead:
        text += f", against {rounded(lead.total_rounded)} for the most advantageous tender"
    if bidder.rank:
        text += f", and was ranked {ordinal(bidder.rank)} of {ranked} eligible tenders"
    return {"awarded": False, "text": text + ".", "reasons": []}


class _Summaries:
    """What every summary of one evaluation shares, worked out once: the record (read by
    :func:`pack_record`), the leaders' assessments, criteria, scales, tender.

    Building it per bidder made the summaries quadratic in the number of bidders.
    """

    def __init__(self, results: Results, generated: dt.datetime) -> None:
        self.results = results = pack_record(results)
        self.generated = generated
        self.places = places = places_of(results)
        self.top = leaders(results)
        self.leader_assessments = {b.key: assessment(results, b, places) for b in self.top}
        self.ranked = sum(1 for b in results.bidders if b.status == "ranked")
        names = names_by_key(results)
        self.common: Context = {
            "created": generated,
            "lang": "en-GB",
            "tender": tender_context(results, generated),
            "places": places,
            "criteria": _criteria_info(results, places),
            "scales": _scales(results, places),
            "leader_names": join_names([names[b.key] for b in self.top]),
            "weighting_text": results.weighting.text,
            "priorities_text": priorities_note(results.rubric.notes),
            "social_value_percent": at_most_places(results.weighting.social_value_percent, places),
            "outcome_kind": results.outcome.kind,
        }

    def context(self, bidder: BidderRecord, anchor_index: int) -> Context:
        """The context for one bidder of the record."""
        results, places, top, key = self.results, self.places, self.top, bidder.key
        common = self.common
        return {
            "created": common["created"],
            "lang": common["lang"],
            "tender": common["tender"],
            "places": places,
            "index": anchor_index,
            "bidder": {"name": bidder.name, "key": key},
            "criteria": common["criteria"],
            "scales": common["scales"],
            "own": assessment(results, bidder, places),
            "clarifications": bidder_clarifications(bidder),
            "spend_plan": spend_context(bidder.spend, results.tender.currency, places),
            "leaders": [self.leader_assessments[b.key] for b in top if b.key != key],
            "leader_is_own": any(b.key == key for b in top),
            "leader_names": common["leader_names"],
            "outcome": _outcome(results, bidder, top, places, self.ranked),
            "weighting_text": common["weighting_text"],
            "priorities_text": common["priorities_text"],
            "social_value_percent": common["social_value_percent"],
            "outcome_kind": common["outcome_kind"],
        }


def summary_contexts(results: Results, *, generated: dt.datetime) -> list[Context]:
    """One context per assessed bidder (call :func:`check_explanations` first)."""
    shared = _Summaries(results, generated)
    return [
        shared.context(b, anchor_index=i)
        for i, b in enumerate(assessed_bidders(shared.results), start=1)
    ]
