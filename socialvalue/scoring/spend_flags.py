"""Credibility flags on spend plans (issue 17), for the panel to decide on the Flags sheet:

* ``spend_plan_above_contract``: the plan's lines total more than the contract value;
* ``spend_line_no_postcode``: a line gives no supplier postcode (it can never be local);
* ``spend_supplier_twice``: a supplier (not "to be appointed") on a second line.

What a decision does (:mod:`.decisions`): ``not counted`` on the whole plan counts it as 0 in
every share; on a line, drops that line from every share; ``accepted`` and ``clarified`` count
the plan as given. None can be capped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from ..model import SpendLine
from .arith import money, q, total
from .result import Flag


def line_ref(line: SpendLine) -> str:
    """How a flag and its decision name a line: ``line 3``."""
    return f"line {line.line}"


def above_contract(
    plans: Mapping[str, Sequence[SpendLine]],
    contract_value: Decimal,
    names: Mapping[str, str],
    currency: str,
) -> Iterator[Flag]:
    """A flag for each plan whose lines total more than the contract value."""
    for key in sorted(plans):
        lines = plans[key]
        planned = total(q(line.amount) for line in lines) if lines else q(0)
        if planned > q(contract_value):
            yield Flag(
                "spend_plan_above_contract",
                key,
                f"{names[key]} plans {money(planned, currency)} of spend over "
                f"{len(lines)} lines, more than the contract value of "
                f"{money(contract_value, currency)}.",
            )


def no_postcode(
    plans: Mapping[str, Sequence[SpendLine]], names: Mapping[str, str], currency: str
) -> Iterator[Flag]:
    for key in sorted(plans):
        for line in plans[key]:
            if line.postcode is None:
                yield Flag(
                    "spend_line_no_postcode",
                    key,
                    f"{names[key]}'s spend plan {line_ref(line)} ({line.supplier}, "
                    f"{money(line.amount, currency)}) gives no supplier postcode "
                    f"({line.postcode_cell or line.source.cell}): it is never counted as local.",
                    measure=line_ref(line),
                )


def _supplier(text: str) -> str:
    return " ".join(text.split()).casefold()


def twice(
    plans: Mapping[str, Sequence[SpendLine]], names: Mapping[str, str], currency: str
) -> Iterator[Flag]:
    for key in sorted(plans):
        first: dict[str, SpendLine] = {}
        for line in plans[key]:
            if line.to_be_appointed:
                continue
            seen = first.setdefault(_supplier(line.supplier), line)
            if seen is not line:
                yield Flag(
                    "spend_supplier_twice",
                    key,
                    f"{names[key]}'s spend plan names {line.supplier} on {line_ref(line)} "
                    f"({money(line.amount, currency)}) and already on {line_ref(seen)} "
                    f"({money(seen.amount, currency)}): one spend counted twice?",
                    measure=line_ref(line),
                )
