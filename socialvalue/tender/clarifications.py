"""``clarifications:`` in tender.yaml: the questions asked of bidders about their responses, and
their answers.

:func:`load_clarifications` reads the list while ``tender.yaml`` is loaded (its shape, the ids,
the dates, each with line and column); :func:`check_clarifications` checks it against the rest
of the folder once that is read: the bidder's response, the rubric's ids, the key dates and a
resubmitted response's original. See docs/tender.md, "Clarifications".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import Problem, Problems
from ..model import Clarification, Resubmission, Tender
from ..rubric.model import Rubric
from ..yamlnodes import Fields, YScalar, suggest

CLARIFICATION_KEYS = (
    "id",
    "bidder",
    "criterion",
    "asked",
    "answered",
    "question",
    "answer",
    "resubmitted",
)
RESUBMITTED_KEYS = ("original_sha256", "original_file")
SHA256 = re.compile(r"[0-9a-fA-F]{64}")

Position = tuple[int, int]


def load_clarifications(f: Fields) -> tuple[Clarification, ...]:
    """The ``clarifications`` list of tender.yaml's root ``f``; problems go to ``f.problems``.

    An entry with any problem is reported and left out (loading then fails anyway)."""
    found: list[Clarification] = []
    seen: dict[str, int] = {}
    for node in f.maps("clarifications"):
        cf = Fields(node, f.problems, "a clarification", CLARIFICATION_KEYS)
        entry = _entry(cf)
        cid = node.get("id")
        if not isinstance(cid, YScalar) or cid.text is None:
            continue  # reported by _entry
        if cid.text in seen:
            cf.error(
                cid,
                f"duplicate clarification id `{cid.text}` (first given at line {seen[cid.text]})",
            )
        else:
            seen[cid.text] = cid.line
            if entry is not None:
                found.append(entry)
    return tuple(found)


def _entry(cf: Fields) -> Clarification | None:
    """One clarification, or None after reporting its problems."""
    before = len(cf.problems.errors)
    cid = cf.ident("id", required=True)
    bidder = cf.text("bidder", required=True)
    criterion = cf.ident("criterion")
    asked = cf.date("asked", required=True)
    answered = cf.date("answered")
    question = cf.text("question", required=True)
    answer = cf.text("answer")
    positions = {key: _position(cf, key) for key in CLARIFICATION_KEYS if cf.has(key)}
    label = f"clarification {cid}" if cid else "a clarification"
    if asked is not None and answered is not None and answered < asked:
        cf.error(
            cf.where("answered"),
            f"{label}: answered {answered.isoformat()} is before asked {asked.isoformat()} "
            f"(line {positions['asked'][0]})",
        )
    if answered is not None and not (answer or "").strip():
        cf.error(cf.where("answered"), f"{label} is answered on {answered}: give its `answer`")
    if answer is not None and not cf.has("answered"):
        cf.error(cf.where("answer"), f"{label} has an answer: give the date it was `answered`")
    resubmitted = _resubmitted(cf, label, positions)
    if cf.has("resubmitted") and not cf.has("answered"):
        cf.error(
            cf.where("resubmitted"),
            f"{label}: a response resubmitted after a clarification answers it: give the date "
            "it was `answered` and the `answer`",
        )
    if len(cf.problems.errors) > before:
        return None
    assert cid is not None and bidder is not None and asked is not None and question is not None
    return Clarification(
        id=cid,
        bidder=bidder,
        criterion=criterion,
        asked=asked,
        question=question,
        answered=answered,
        answer=answer,
        resubmitted=resubmitted,
        positions=positions,
    )


def _position(cf: Fields, key: str) -> Position:
    at = cf.where(key)
    return (at.line, at.column)


def _resubmitted(cf: Fields, label: str, positions: dict[str, Position]) -> Resubmission | None:
    node = cf.mapping("resubmitted")
    if node is None:
        return None
    rf = Fields(node, cf.problems, "resubmitted", RESUBMITTED_KEYS)
    digest = rf.scalar("original_sha256", required=True)
    name = rf.text("original_file")
    if digest is None:
        return None
    positions["resubmitted.original_sha256"] = (digest.line, digest.column)
    text = (digest.text or "").strip()
    if digest.kind != "str" or not SHA256.fullmatch(text):
        rf.error(
            digest,
            f"{label}: original_sha256 must be the original response's SHA-256, 64 hexadecimal "
            f"digits (as `socialvalue check` lists it), got {_shown(digest)}",
        )
        return None
    return Resubmission(text.lower(), name)


def _shown(scalar: YScalar) -> str:
    text = scalar.text or ""
    return scalar.describe() if len(text) <= 70 else f'"{text[:20]}..." ({len(text)} characters)'


# ------------------------------------------------------------------ against the folder


def check_clarifications(
    tender: Tender, rubric: Rubric, responses: Mapping[str, tuple[str, str]]
) -> list[Problem]:
    """Each clarification against the folder: its bidder has a response (``responses``: key ->
    (file, SHA-256)), its criterion is one of the rubric's ids, its dates fit the key dates, and
    a resubmitted response is not the original file itself; a warning for each still open (the
    result is provisional while it is)."""
    problems = Problems(tender.file)
    ids = _rubric_ids(rubric)
    for c in tender.clarifications:
        _check_bidder(problems, c, responses)
        if c.criterion is not None and c.criterion not in ids:
            line, column = c.positions["criterion"]
            problems.add(
                f"clarification {c.id}: criterion `{c.criterion}` is not in rubric "
                f"`{rubric.id}` (a criterion, sub-criterion or measure id: "
                f"{', '.join(ids)}){suggest(c.criterion, ids)}",
                line=line,
                column=column,
            )
        _check_key_dates(problems, tender, c)
        if c.open:
            line, column = c.positions["id"]
            on = f" on {c.criterion}" if c.criterion else ""
            problems.add(
                f"clarification {c.id}, asked of {c.bidder}{on} on {c.asked}, has no answer yet: "
                "the result is provisional until its `answered` date and `answer` are recorded",
                line=line,
                column=column,
                severity="warning",
            )
    return problems.sorted()


def _rubric_ids(rubric: Rubric) -> list[str]:
    """Every id a clarification may name: criteria, sub-criteria and measures, rubric order."""
    ids: list[str] = []
    for _, criterion in rubric.criteria():
        ids.append(criterion.id)
        ids += [s.id for s in criterion.sub_criteria]
        ids += [m.id for m in criterion.measures]
    return ids


def _check_bidder(
    problems: Problems, c: Clarification, responses: Mapping[str, tuple[str, str]]
) -> None:
    line, column = c.positions["bidder"]
    found = responses.get(c.bidder)
    if found is None:
        known = ", ".join(sorted(responses)) or "none yet"
        problems.add(
            f"clarification {c.id}: no response from bidder `{c.bidder}` in responses/ "
            f"(bidders are named by their response file, responses/<bidder>.xlsx: {known})"
            f"{suggest(c.bidder, responses)}",
            line=line,
            column=column,
        )
        return
    file, digest = found
    if c.resubmitted is not None and digest and c.resubmitted.original_sha256 == digest:
        line, column = c.positions["resubmitted.original_sha256"]
        problems.add(
            f"clarification {c.id}: {file} is the original response itself (the same SHA-256): "
            "put the resubmitted response in responses/, or remove `resubmitted`",
            line=line,
            column=column,
        )


def _check_key_dates(problems: Problems, tender: Tender, c: Clarification) -> None:
    """Asked after the tender was published and (normally) after the deadline; asked and
    answered on or before the award."""
    dates = tender.dates
    asked_at = c.positions["asked"]
    published, deadline, award = (dates.get(k) for k in ("published", "deadline", "award"))
    if published is not None and c.asked < published:
        problems.add(
            f"clarification {c.id}: asked {c.asked} is before the tender was published "
            f"({published}, dates.published)",
            line=asked_at[0],
            column=asked_at[1],
        )
    elif deadline is not None and c.asked < deadline:
        problems.add(
            f"clarification {c.id}: asked {c.asked} is before the deadline ({deadline}, "
            "dates.deadline): a clarification of a bid is asked once the bids are in (a "
            "question from bidders before the deadline is not recorded here)",
            line=asked_at[0],
            column=asked_at[1],
            severity="warning",
        )
    if award is None:
        return
    for key, day in (("asked", c.asked), ("answered", c.answered)):
        if day is not None and day > award:
            line, column = c.positions[key]
            problems.add(
                f"clarification {c.id}: {key} {day} is after the award ({award}, dates.award): "
                "a clarification is settled before the award decision",
                line=line,
                column=column,
            )
            return
