"""Every evaluator's score and the panel's consensus, indexed by bidder and scored part, with the
tender's panel and what each evaluator is assigned (the input of :mod:`.qualitative`)."""

from __future__ import annotations

import attrs

from ..errors import InputError, Location, Problem
from ..model import Consensus, Evaluator, Score, TenderInputs


@attrs.define
class ScoreIndex:
    """Evaluators' scores and consensus entries indexed by (bidder, part)."""

    scores: dict[tuple[str, str], list[Score]]
    consensus: dict[tuple[str, str], Consensus]
    conflicts: dict[tuple[str, str], bool]
    names: dict[str, str]
    order: dict[str, int]
    #: The tender's evaluators (ids, in order) and its ``minimum_evaluators``.
    panel: tuple[str, ...] = ()
    minimum: int = 2
    #: The tender's evaluators by id, with what each is assigned to score.
    members: dict[str, Evaluator] = attrs.field(factory=dict)

    def assigned(self, evaluator: str, bidder: str, part: str, criterion: str) -> bool:
        """Whether the evaluator is assigned this bidder and part (an unknown one is not)."""
        member = self.members.get(evaluator)
        return member is not None and member.assigned(bidder, part, criterion)


def index_scores(inputs: TenderInputs) -> tuple[ScoreIndex, list[Problem]]:
    """Index every score; duplicate scores are input errors; stray ones are warnings."""
    warnings: list[Problem] = []
    errors: list[Problem] = []
    names = {e.id: e.name for e in inputs.tender.evaluators}
    order = {e.id: i for i, e in enumerate(inputs.tender.evaluators)}
    bidders = {r.key for r in inputs.responses}
    parts = {p for _, c in inputs.rubric.criteria() if c.qualitative for p in c.scored_parts}
    scores: dict[tuple[str, str], list[Score]] = {}
    seen: dict[tuple[str, str, str], Score] = {}
    conflicts: dict[tuple[str, str], bool] = {}
    for sheet in inputs.scoresheets:
        for conflict in sheet.conflicts:
            if conflict.declared:
                conflicts[(conflict.evaluator, conflict.bidder)] = True
        for s in sheet.scores:
            where = Location(s.source.file, cell=s.source.cell)
            if s.evaluator not in names:
                names[s.evaluator] = s.evaluator
                order[s.evaluator] = len(order)
                warnings.append(
                    Problem(
                        where, f"evaluator `{s.evaluator}` is not listed in tender.yaml", "warning"
                    )
                )
            if s.bidder not in bidders or s.part not in parts:
                what = "bidder" if s.bidder not in bidders else "scored part"
                name = s.bidder if s.bidder not in bidders else s.part
                warnings.append(
                    Problem(where, f"score ignored: no {what} `{name}` in this tender", "warning")
                )
                continue
            key3 = (s.evaluator, s.bidder, s.part)
            if key3 in seen:
                errors.append(
                    Problem(
                        where,
                        f"evaluator `{s.evaluator}` scored `{s.bidder}` on `{s.part}` twice "
                        f"(also at {seen[key3].source})",
                    )
                )
                continue
            seen[key3] = s
            scores.setdefault((s.bidder, s.part), []).append(s)
    consensus: dict[tuple[str, str], Consensus] = {}
    if inputs.moderation is not None:
        for c in inputs.moderation.entries:
            where = Location(c.source.file, cell=c.source.cell)
            if c.bidder not in bidders or c.part not in parts:
                warnings.append(
                    Problem(
                        where,
                        f"consensus ignored: `{c.bidder}`/`{c.part}` is not scored",
                        "warning",
                    )
                )
                continue
            if (c.bidder, c.part) in consensus:
                errors.append(
                    Problem(where, f"two consensus entries for `{c.bidder}` on `{c.part}`")
                )
                continue
            if c.score is not None:
                consensus[(c.bidder, c.part)] = c
    if errors:
        raise InputError(errors)
    for lst in scores.values():
        lst.sort(key=lambda s: order[s.evaluator])
    panel = tuple(e.id for e in inputs.tender.evaluators)
    minimum = inputs.tender.minimum_evaluators
    members = {e.id: e for e in inputs.tender.evaluators}
    index = ScoreIndex(scores, consensus, conflicts, names, order, panel, minimum, members)
    return index, warnings
