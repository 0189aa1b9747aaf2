"""Ranking: by total (unrounded, or rounded when ``rank_on: rounded``), then tie-breaks in order.

Tie-break values (all unrounded, higher wins): ``criterion`` the bid's weighted points on that
criterion; ``qualitative_total``; ``quantitative_total``; ``social_value_gbp`` (GBP before any
cap). Bids equal on the total and on every tie-break share a rank (competition ranking: 1, 1, 3)
and are listed by key. For every adjacent pair with an equal total the rule that decided the
order is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..rubric.model import TieBreak
from .arith import dec, money, show
from .result import Outcome, RankEntry, TieBreakRecord, TieGroup


@attrs.frozen
class Candidate:
    key: str
    name: str
    total: Fraction
    total_rounded: Decimal
    ranked_on: Fraction
    tie_values: tuple[Fraction, ...]  # exact, one per tie-break rule, in rubric order


def rule_label(rule: TieBreak) -> str:
    if rule.rule == "criterion":
        return f"higher weighted points on criterion {rule.criterion}"
    return "higher " + rule.rule.replace("_", " ").replace("gbp", "(GBP)")


def _value(rule: TieBreak, value: Fraction, currency: str) -> str:
    return money(value, currency) if rule.rule == "social_value_gbp" else show(value)


def rank(
    candidates: Sequence[Candidate], rules: Sequence[TieBreak], currency: str
) -> tuple[list[RankEntry], list[TieBreakRecord], list[TieGroup], dict[str, tuple[int, bool]]]:
    """Rank eligible bids; return entries, tie-break records, remaining ties and key -> rank."""
    ordered = sorted(candidates, key=lambda c: (-c.ranked_on, *(-v for v in c.tie_values), c.key))
    records: list[TieBreakRecord] = []
    groups: list[list[Candidate]] = []
    for i, c in enumerate(ordered):
        if i == 0:
            groups.append([c])
            continue
        prev = ordered[i - 1]
        if prev.ranked_on != c.ranked_on:
            groups.append([c])
            continue
        decided = next(
            (
                j
                for j, (a, b) in enumerate(zip(prev.tie_values, c.tie_values, strict=True))
                if a != b
            ),
            None,
        )
        if decided is None:
            groups[-1].append(c)
            continue
        rule = rules[decided]
        level = "".join(
            f"; equal on {rule_label(r)} ({_value(r, prev.tie_values[k], currency)})"
            for k, r in enumerate(rules[:decided])
        )
        text = (
            f"{prev.name} and {c.name} have equal totals ({show(c.ranked_on)}){level}; "
            f"tie-break {decided + 1} ({rule_label(rule)}) puts {prev.name} first: "
            f"{_value(rule, prev.tie_values[decided], currency)} against {_value(rule, c.tie_values[decided], currency)}."
        )
        records.append(
            TieBreakRecord(
                prev.key,
                c.key,
                rule.rule,
                rule.criterion,
                dec(prev.tie_values[decided]),
                dec(c.tie_values[decided]),
                text,
            )
        )
        groups.append([c])
    entries: list[RankEntry] = []
    ties: list[TieGroup] = []
    ranks: dict[str, tuple[int, bool]] = {}
    position = 1
    for group in groups:
        shared = len(group) > 1
        for c in group:
            entries.append(
                RankEntry(
                    position,
                    shared,
                    c.key,
                    c.name,
                    dec(c.total),
                    c.total_rounded,
                    dec(c.ranked_on),
                )
            )
            ranks[c.key] = (position, shared)
        if shared:
            names = ", ".join(c.name for c in group)
            how = "after every tie-break" if rules else "(the rubric declares no tie-break)"
            ties.append(
                TieGroup(
                    position,
                    tuple(c.key for c in group),
                    f"{names} remain tied {how} on {show(group[0].ranked_on)}: they share rank {position}.",
                )
            )
        position += len(group)
    return entries, records, ties, ranks


def outcome(entries: Sequence[RankEntry], n_bids: int, not_assessed: int = 0) -> Outcome:
    """The declared outcome: one winner, a shared first place, all disqualified, or no bids
    (none received, or none assessed: ``not_assessed`` bids recorded as not assessed)."""
    if n_bids == 0 and not_assessed:
        return Outcome(
            "no_bids",
            None,
            (),
            f"No bid was assessed ({not_assessed} not assessed: see the exclusions): there is "
            "no winner.",
        )
    if n_bids == 0:
        return Outcome("no_bids", None, (), "No response was received: there is no winner.")
    if not entries:
        return Outcome(
            "all_disqualified",
            None,
            (),
            "Every bid is disqualified: there is no winner on social value.",
        )
    first = [e for e in entries if e.rank == 1]
    if len(first) == 1:
        return Outcome("winner", first[0].bidder, (), f"{first[0].name} is ranked first.")
    names = ", ".join(e.name for e in first)
    return Outcome(
        "tied_for_first",
        None,
        tuple(e.bidder for e in first),
        f"{names} share first place after every tie-break: there is no single winner.",
    )
