"""Evaluator assignment: who scores which questions of which bidders (tender.yaml).

Each evaluator in tender.yaml may have ``criteria`` (the criterion or scored-part ids they
score; default every qualitative part), ``bidders`` (the bidder keys, i.e. response file stems,
they score; default every bidder) or ``not_bidders`` (the bidder keys they are taken off), and
``assignment_reason`` (why; required when they are taken off a bidder). This module reads those
keys and checks them against the rubric and the responses; :meth:`socialvalue.model.Evaluator.
assigned` answers "is this evaluator assigned this row?". See docs/tender.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import Location, Problem
from ..model import Evaluator, Tender
from ..rubric.model import Rubric
from ..yamlnodes import Fields, YScalar, describe, suggest

ASSIGNMENT_KEYS = ("criteria", "bidders", "not_bidders", "assignment_reason")


def _ids(
    ef: Fields, key: str, eid: str, positions: dict[str, tuple[int, int]]
) -> tuple[str, ...] | None:
    """The list at ``key`` (None when absent), each entry's position kept in ``positions``."""
    if not ef.has(key):
        return None
    items = ef.sequence(key)
    node = ef.node.get(key)
    if not items and node is not None and not isinstance(node, YScalar):
        at = ef.node.key_node(key) or ef.node
        ef.error(at, f"{key} must list at least one entry (or leave the key out: everything)")
    out: list[str] = []
    for item in items:
        if isinstance(item, YScalar) and item.text is not None and item.text.strip():
            positions[f"evaluators.{eid}.{key}.{item.text}"] = (item.line, item.column)
            out.append(item.text.strip())
        else:
            ef.error(item, f"each entry of {key} must be an id, got {describe(item)}")
    return tuple(out)


def read_evaluator(
    ef: Fields, eid: str, name: str, positions: dict[str, tuple[int, int]]
) -> Evaluator:
    """An evaluator with its role and assignment keys (problems reported to ``ef``)."""
    where = ef.node.key_node("id") or ef.node
    positions[f"evaluators.{eid}"] = (where.line, where.column)
    criteria = _ids(ef, "criteria", eid, positions)
    bidders = _ids(ef, "bidders", eid, positions)
    not_bidders = _ids(ef, "not_bidders", eid, positions)
    reason = (ef.text("assignment_reason") or "").strip()
    if bidders is not None and not_bidders is not None:
        ef.error(
            ef.node.key_node("not_bidders") or ef.node,
            "give either bidders (whom they score) or not_bidders (whom they are taken off), "
            "not both",
        )
    elif (bidders or not_bidders) and not reason:
        ef.error(
            ef.node.key_node("bidders") or ef.node.key_node("not_bidders") or ef.node,
            "an evaluator taken off a bidder needs `assignment_reason`: say why (the pack "
            "records it)",
        )
    return Evaluator(
        eid,
        name,
        ef.text("role", default="") or "",
        criteria=criteria,
        bidders=bidders,
        not_bidders=not_bidders or (),
        assignment_reason=reason,
    )


def _at(tender: Tender, key: str) -> Location:
    line, column = tender.positions.get(key, (None, None))
    return Location(tender.file, line, column)


def _listing(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else list(names))


def check_assignment(tender: Tender, rubric: Rubric, bidders: Iterable[str]) -> list[Problem]:
    """Problems with the evaluators' assignment: an id in ``criteria`` that is not a qualitative
    criterion or scored part of the rubric is an error; a bidder key not among ``bidders`` (the
    responses present) a warning (responses may arrive later); a scored part with fewer
    evaluators assigned than ``minimum_evaluators`` (and fewer than the panel) a warning."""
    problems: list[Problem] = []
    known = {c.id: c for c in rubric.qualitative()}
    parts = {p: c for c in rubric.qualitative() for p in c.scored_parts}
    present = sorted(set(bidders))
    for e in tender.evaluators:
        for cid in e.criteria or ():
            if cid not in known and cid not in parts:
                other = {c.id for _, c in rubric.criteria()}
                why = (
                    "a quantitative criterion (evaluators score only qualitative ones)"
                    if cid in other
                    else f"not a qualitative criterion or scored part of rubric `{rubric.id}`"
                )
                problems.append(
                    Problem(
                        _at(tender, f"evaluators.{e.id}.criteria.{cid}"),
                        f"evaluator {e.id}: criteria `{cid}` is {why}"
                        f"{suggest(cid, list(known) + list(parts))}",
                    )
                )
        for key in ("bidders", "not_bidders"):
            for b in getattr(e, key) or ():
                if b not in present:
                    problems.append(
                        Problem(
                            _at(tender, f"evaluators.{e.id}.{key}.{b}"),
                            f"evaluator {e.id}: {key} `{b}` is not a response in responses/ "
                            f"(yet){suggest(b, present)}: bidder keys are the response files' "
                            "names without .xlsx",
                            "warning",
                        )
                    )
    if not any(p.severity == "error" for p in problems):
        problems += _too_few(tender, rubric, present)
    return problems


def _too_few(tender: Tender, rubric: Rubric, bidders: Sequence[str]) -> list[Problem]:
    """A warning per scored part that some bidder has fewer assigned evaluators for than the
    tender's minimum, when the assignment is what leaves them short."""
    panel = tender.evaluators
    if not any(e.restricted for e in panel):
        return []
    out: list[Problem] = []
    for c in rubric.qualitative():
        for part in c.scored_parts:
            short: dict[tuple[str, ...], list[str]] = {}
            for b in bidders:
                who = tuple(e.name for e in panel if e.assigned(b, part, c.id))
                if len(who) < tender.minimum_evaluators and len(who) < len(panel):
                    short.setdefault(who, []).append(b)
            for who, keys in short.items():
                names = _listing(who) if who else "nobody"
                out.append(
                    Problem(
                        _at(tender, "evaluators"),
                        f"{part}: {len(who)} evaluator{'' if len(who) == 1 else 's'} assigned "
                        f"({names}) for {_listing(keys)}, fewer than minimum_evaluators "
                        f"({tender.minimum_evaluators}): the result will be provisional "
                        "until more are assigned",
                        "warning",
                    )
                )
    return out


def assigned_evaluators(
    evaluators: Sequence[Evaluator], bidder: str, part: str, criterion: str
) -> list[Evaluator]:
    """The evaluators assigned to score ``bidder`` on ``part``, in tender.yaml order."""
    return [e for e in evaluators if e.assigned(bidder, part, criterion)]
