"""Panel decisions on credibility flags: what each decision does to a bid's counted quantities.

A credibility flag (a kind with ``decide`` set in :data:`.flags.KINDS`) is raised on the
quantities the bid *committed*. The panel records a decision for each one in the moderation
workbook's Flags sheet (:class:`~socialvalue.model.FlagDecision`); :func:`apply_decisions`
turns the decisions into the quantities *counted*, which every later step scores (relative
methods included). What a decision acts on depends on the kind (docs/scoring.md, "Panel
decisions on credibility flags"):

* ``measure`` kinds (one measure): ``capped`` counts the figure (at most the quantity committed),
  ``not counted`` counts 0;
* ``fte`` (the bid's FTE measures): ``capped`` counts the figure as the bid's total FTE, the
  measures keeping their quantities in rubric order until the figure is used up; ``not counted``
  counts 0 on each;
* ``bid`` (every valued measure of the bid): ``not counted`` counts 0 on each; it cannot be capped;
* ``accepted`` and ``clarified`` count the quantities as committed.

When two decisions act on one measure the lower count stands. A flag with no decision keeps the
quantities committed and makes the result provisional.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from ..errors import InputError, Location, Problem
from ..model import FlagDecision, FlagToDecide, Response, TenderInputs
from ..rubric.model import Rubric, is_money
from . import flags as flagmod
from .arith import money, plain
from .quantitative import BidValue, check_measures, value_bid
from .result import DecisionResult, Flag, MeasureLine, QuantityChange
from .spend import spend_value
from .spend_flags import line_ref

Values = dict[tuple[str, str], BidValue]
#: The decision kinds that act on a spend plan, and what ``not counted`` on the whole plan drops.
SPEND_DECIDES = ("spend_plan", "spend_line")
WHOLE_PLAN = "*"


def committed_values(inputs: TenderInputs, responses: Mapping[str, Response]) -> Values:
    """Every bid's GBP figures on every quantitative and spend_plan criterion."""
    contract, area = inputs.tender.contract_value, inputs.tender.local_area
    lm3 = inputs.tender.local_multiplier
    values = {
        (k, c.id): value_bid(c, responses[k], inputs.proxies, contract)
        for k in sorted(responses)
        for c in inputs.rubric.quantitative()
    }
    for k in sorted(responses):
        for c in inputs.rubric.spend_plans():
            values[(k, c.id)] = spend_value(
                c, responses[k].spend_plan, area, contract, responses[k].local_wages, lm3
            )
    return values


def credibility_flags(inputs: TenderInputs, values: Values, names: Mapping[str, str]) -> list[Flag]:
    """The commitment flags on the committed quantities, each credibility kind marked as
    needing the panel's decision."""
    raised = flagmod.commitment_flags(
        inputs.rubric,
        inputs.tender.contract_value,
        values,
        sorted(names),
        names,
        inputs.tender.annual_fte_cost,
        {r.key: r.spend_plan for r in inputs.responses if r.key in names},
    )
    return [_needs(f) for f in raised]


def _needs(flag: Flag) -> Flag:
    found = flagmod.kind(flag.code)
    return attrs.evolve(flag, needs_decision=bool(found and found.decide))


def flags_to_decide(inputs: TenderInputs) -> list[FlagToDecide]:
    """The credibility flags the panel must decide, for the moderation workbook's Flags sheet,
    in bidder key order (then code and measure)."""
    check_measures(inputs.rubric.quantitative(), inputs.proxies, inputs.responses)
    responses = {r.key: r for r in inputs.responses}
    names = {k: r.name for k, r in responses.items()}
    values = committed_values(inputs, responses)
    out = []
    order = {k: i for i, k in enumerate(sorted(names))}
    for f in flagmod.sort_flags(credibility_flags(inputs, values, names), order):
        if not f.needs_decision:
            continue
        scope, committed = _scope(f, values, inputs.rubric)
        unit = scope[0].unit if scope and committed is not None else ""
        out.append(
            FlagToDecide(
                f.bidder, f.code, f.measure, flagmod.title(f.code), f.reason, committed, unit
            )
        )
    return out


def _scope(flag: Flag, values: Values, rubric: Rubric) -> tuple[list[MeasureLine], Decimal | None]:
    """The lines a decision on ``flag`` acts on, and the quantity a cap replaces (None: the
    flag cannot be capped)."""
    found = flagmod.kind(flag.code)
    decide = found.decide if found else None
    if decide in SPEND_DECIDES:
        return [], None
    lines = [
        line
        for c in rubric.quantitative()
        for line in values[(flag.bidder, c.id)].measures
        if line.quantity > 0
    ]
    if decide == "measure":
        lines = [line for line in lines if line.id == flag.measure]
        return lines, lines[0].quantity if lines else Decimal(0)
    if decide == "fte":
        lines = [line for line in flagmod.fte_lines(values, rubric, flag.bidder) if line.quantity]
        return lines, sum((line.quantity for line in lines), Decimal(0))
    return [line for line in lines if not line.record_only], None


@attrs.frozen
class Decided:
    """The counted figures after the panel's decisions, the flags with their decisions, why the
    result is provisional (flags with no decision) and warnings (decisions for no flag)."""

    values: Values
    flags: list[Flag]
    undecided: list[str]
    warnings: list[Problem]


def apply_decisions(
    inputs: TenderInputs, values: Values, flags: Sequence[Flag], names: Mapping[str, str]
) -> Decided:
    """Apply the moderation workbook's decisions to the committed ``values``."""
    rubric = inputs.rubric
    recorded = inputs.moderation.decisions if inputs.moderation else ()
    by_key = {(d.bidder, d.code, d.measure): d for d in recorded}
    counted: dict[tuple[str, str], Decimal] = {}
    out_flags: list[Flag] = []
    undecided: list[str] = []
    used: set[tuple[str, str, str | None]] = set()
    dropped: dict[str, set[str]] = {}  # bidder -> spend plan lines not counted
    for f in flags:
        d = by_key.get((f.bidder, f.code, f.measure)) if f.needs_decision else None
        if d is None:
            out_flags.append(f)
            if f.needs_decision:
                on = f" on {f.measure}" if f.measure else ""
                undecided.append(
                    f"No panel decision is recorded for the credibility flag {f.code} for "
                    f"{names[f.bidder]}{on}: record one on the moderation workbook's Flags sheet "
                    "(accepted, capped, not counted or clarified)."
                )
            continue
        used.add((d.bidder, d.code, d.measure))
        found = flagmod.kind(f.code)
        if found is not None and found.decide in SPEND_DECIDES:
            out_flags.append(attrs.evolve(f, decision=_decide_spend(d)))
            if d.decision == "not counted":
                dropped.setdefault(f.bidder, set()).add(f.measure or WHOLE_PLAN)
            continue
        lines, committed = _scope(f, values, rubric)
        result = _decide(d, lines, committed, rubric.currency)
        for change in result.changes:
            key = (f.bidder, change.measure)
            counted[key] = min(counted.get(key, change.counted), change.counted)
        out_flags.append(attrs.evolve(f, decision=result))
    warnings = [
        Problem(
            Location(d.source.file, cell=d.source.cell),
            f"a decision is recorded for the flag {d.code} for {d.bidder}"
            f"{' on ' + d.measure if d.measure else ''}, which is no longer raised: it is ignored",
            "warning",
        )
        for d in recorded
        if (d.bidder, d.code, d.measure) not in used
    ]
    decided = _counted_values(inputs, values, counted)
    return Decided(_spend_counted(inputs, decided, dropped), out_flags, undecided, warnings)


def _decide_spend(d: FlagDecision) -> DecisionResult:
    """A decision on a spend plan flag: it cannot be capped; not counted drops the line (or
    the whole plan) from every share."""
    source = str(d.source)
    if d.decision == "capped":
        raise InputError(
            [
                Problem(
                    Location(d.source.file, cell=d.source.cell),
                    f"the flag {d.code} cannot be capped (it is on the spend plan): decide "
                    "accepted, not counted or clarified",
                )
            ]
        )
    said = " ".join(d.reason.split())
    if d.decision == "not counted":
        what = f"spend plan {d.measure}" if d.measure else "the whole spend plan"
        text = f'Not counted by the panel: "{said}" ({source}). {what} counts in no share.'
    else:
        effect = "Accepted" if d.decision == "accepted" else f"Clarified ({d.reference})"
        text = f'{effect} by the panel: "{said}" ({source}). The spend plan counts as planned.'
    return DecisionResult(d.decision, d.figure, d.reason, d.reference, source, (), text)


def _spend_counted(inputs: TenderInputs, values: Values, dropped: Mapping[str, set[str]]) -> Values:
    """``values`` with each spend_plan criterion recomputed without the lines not counted."""
    if not dropped:
        return values
    out = dict(values)
    contract, area = inputs.tender.contract_value, inputs.tender.local_area
    lm3 = inputs.tender.local_multiplier
    for r in inputs.responses:
        gone = dropped.get(r.key)
        if not gone:
            continue
        kept = (
            ()
            if WHOLE_PLAN in gone
            else tuple(line for line in r.spend_plan if line_ref(line) not in gone)
        )
        for c in inputs.rubric.spend_plans():
            wages = None if WHOLE_PLAN in gone else r.local_wages
            out[(r.key, c.id)] = spend_value(c, kept, area, contract, wages, lm3)
    return out


def _decide(
    d: FlagDecision, lines: list[MeasureLine], committed: Decimal | None, currency: str
) -> DecisionResult:
    """One decision's effect: the counted quantity of each line it acts on, and its sentence."""
    source = str(d.source)
    if d.decision == "capped":
        if committed is None or d.figure is None:
            raise InputError(
                [
                    Problem(
                        Location(d.source.file, cell=d.source.cell),
                        f"the flag {d.code} cannot be capped (it is on the whole bid): decide "
                        "accepted, not counted or clarified",
                    )
                ]
            )
        left = min(d.figure, committed)
        changes = []
        for line in lines:
            keep = min(line.quantity, left)
            left -= keep
            changes.append(QuantityChange(line.id, line.quantity, keep))
        unit = lines[0].unit if lines else ""
        effect = f"Capped at {_amount(d.figure, unit, currency)}"
    elif d.decision == "not counted":
        changes = [QuantityChange(line.id, line.quantity, Decimal(0)) for line in lines]
        effect = "Not counted"
    else:
        changes = []
        effect = "Accepted" if d.decision == "accepted" else f"Clarified ({d.reference})"
    said = " ".join(d.reason.split())
    text = f'{effect} by the panel: "{said}" ({source}).'
    if changes:
        text += (
            " Counted: "
            + "; ".join(
                f"{c.measure} {_amount(c.counted, _unit(lines, c.measure), currency)} of "
                f"{_amount(c.committed, _unit(lines, c.measure), currency)} committed"
                for c in changes
            )
            + "."
        )
    else:
        text += " The commitments count as committed."
    return DecisionResult(d.decision, d.figure, d.reason, d.reference, source, tuple(changes), text)


def _unit(lines: list[MeasureLine], measure: str) -> str:
    return next((line.unit for line in lines if line.id == measure), "")


def _amount(quantity: Decimal, unit: str, currency: str) -> str:
    """A quantity with its unit: money as ``GBP 1,000``, others as ``34 FTE``."""
    return money(quantity, currency) if is_money(unit, currency) else f"{plain(quantity)} {unit}"


def _counted_values(
    inputs: TenderInputs, values: Values, counted: Mapping[tuple[str, str], Decimal]
) -> Values:
    """``values`` recomputed for the bids whose counted quantities differ from those committed;
    each changed line keeps the quantity committed beside the one counted."""
    changed = {k for (k, m), qty in counted.items()}
    if not changed:
        return values
    out = dict(values)
    for r in inputs.responses:
        if r.key not in changed:
            continue
        counts = {m: qty for (k, m), qty in counted.items() if k == r.key}
        adjusted = attrs.evolve(
            r,
            commitments=tuple(
                attrs.evolve(c, quantity=counts.get(c.measure, c.quantity)) for c in r.commitments
            ),
        )
        for c in inputs.rubric.quantitative():
            before = values[(r.key, c.id)]
            after = value_bid(c, adjusted, inputs.proxies, inputs.tender.contract_value)
            committed = {line.id: line.quantity for line in before.measures}
            out[(r.key, c.id)] = attrs.evolve(
                after,
                measures=tuple(
                    attrs.evolve(line, committed=committed[line.id])
                    if committed[line.id] != line.quantity
                    else line
                    for line in after.measures
                ),
            )
    return out
