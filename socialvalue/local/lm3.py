"""LM3, the New Economics Foundation's Local Multiplier 3, from planned or actual local spend.

Round 1 is the contract's value; Round 2 what the supplier spends locally (local suppliers and
the local wage bill); Round 3 what those suppliers and staff re-spend locally, at the shares the
buyer declares from its own survey (``local_multiplier:`` in tender.yaml or contract.yaml).
LM3 = (R1 + R2 + R3) / R1. Without a declaration LM3 is not computed: no share is assumed.

Pure arithmetic on Decimals; :func:`lm3_lines` prints it so that each line recomputes from its
printed operands (docs/pack.md, "Arithmetic"). See docs/scoring.md, "Local spend and LM3".
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs

from ..attrs_schema import doc
from ..errors import Problems
from ..formatting import cut_text, half_up, operand_places, operand_text, plain_decimal
from ..yamlnodes import Fields, YMap

#: LM3 is printed (half up) to this many places: 1.86.
LM3_PLACES = 2
#: Money in a line of LM3 arithmetic is printed to the penny.
MONEY_PLACES = 2
MULTIPLIER_KEYS = ("respend", "source", "year", "scored")
RESPEND_KEYS = ("suppliers", "employees")
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
NO_DECLARATION = "not computed: no re-spend shares declared"
NO_VALUE = "not computed: the contract value is 0"


@attrs.frozen
class Respend:
    """The shares of their local income that local suppliers and local staff re-spend locally."""

    suppliers: Decimal = attrs.field(
        metadata=doc("Share (0 to 1) of a local supplier's income it re-spends locally.")
    )
    employees: Decimal = attrs.field(
        metadata=doc("Share (0 to 1) of local staff's wages they re-spend locally.")
    )


@attrs.frozen
class LocalMultiplier:
    """The buyer's LM3 declaration: its re-spend shares and the survey they come from."""

    respend: Respend = attrs.field(metadata=doc("The re-spend shares (Round 3)."))
    source: str = attrs.field(metadata=doc("The survey or study the shares come from."))
    year: int = attrs.field(metadata=doc("The year of that survey."))
    scored: bool = attrs.field(
        default=False,
        metadata=doc(
            "Whether LM3 is scored: true needs a spend_plan criterion with share: lm3 in the "
            "rubric; false (the default) records LM3 for each bid without marks."
        ),
    )


@attrs.frozen
class LM3:
    """Local Multiplier 3 of one plan or one period's delivery.

    ``value`` is exact; None (with ``reason``) when it cannot be computed."""

    round1: Decimal
    local_suppliers: Decimal
    local_wages: Decimal
    declared: LocalMultiplier | None
    value: Decimal | None
    reason: str = ""

    @property
    def round2(self) -> Decimal:
        return self.local_suppliers + self.local_wages

    @property
    def round3(self) -> Decimal | None:
        if self.declared is None:
            return None
        r = self.declared.respend
        return self.local_suppliers * r.suppliers + self.local_wages * r.employees

    @property
    def rounded(self) -> Decimal | None:
        """LM3 rounded half up to :data:`LM3_PLACES`, as it is printed."""
        return None if self.value is None else half_up(self.value, LM3_PLACES)


def local_multiplier(
    contract_value: Decimal,
    local_suppliers: Decimal,
    local_wages: Decimal,
    declared: LocalMultiplier | None,
) -> LM3:
    """LM3 of ``contract_value`` (Round 1) with ``local_suppliers`` + ``local_wages`` spent
    locally (Round 2) and re-spent at the ``declared`` shares (Round 3)."""
    for name, amount in (
        ("contract_value", contract_value),
        ("local_suppliers", local_suppliers),
        ("local_wages", local_wages),
    ):
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
            raise ValueError(f"{name} must be a finite Decimal at least 0, got {amount!r}")
    result = LM3(contract_value, local_suppliers, local_wages, declared, None)
    if declared is None:
        return attrs.evolve(result, reason=NO_DECLARATION)
    if contract_value == 0:
        return attrs.evolve(result, reason=NO_VALUE)
    r3 = result.round3
    assert r3 is not None
    return attrs.evolve(result, value=(contract_value + result.round2 + r3) / contract_value)


def _shown(
    values: list[Decimal],
    combine: Callable[[tuple[Decimal, ...]], Decimal],
    result: Decimal,
    places: int,
) -> list[str]:
    """``values`` printed so that they ``combine`` to ``result`` printed to ``places``."""
    shown = operand_places(tuple(values), combine, half_up(result, places), places)
    return [operand_text(v, s) for v, s in zip(values, shown, strict=True)]


def _amount(value: Decimal) -> str:
    return cut_text(value, MONEY_PLACES, group=True)


def lm3_lines(lm3: LM3, currency: str = "GBP") -> list[str]:
    """The arithmetic of ``lm3`` as a panel can check it by hand, one line per round::

    Round 1 (contract value) = GBP 1,000,000
    Round 2 (local spend) = GBP 200,000 local suppliers + GBP 400,000 local wages = ...
    Round 3 (re-spent locally) = GBP 200,000 × 0.5 + GBP 400,000 × 0.4 = GBP 260,000 ...
    LM3 = (1,000,000 + 600,000 + 260,000) ÷ 1,000,000 = 1.86
    """
    c = currency
    sup, wages = lm3.local_suppliers, lm3.local_wages
    lines = [f"Round 1 (contract value) = {c} {_amount(lm3.round1)}"]
    s, w = _shown([sup, wages], lambda o: o[0] + o[1], lm3.round2, MONEY_PLACES)
    lines.append(
        f"Round 2 (local spend) = {c} {s} local suppliers + {c} {w} local wages = "
        f"{c} {_amount(lm3.round2)}"
    )
    d, r3 = lm3.declared, lm3.round3
    if d is None or r3 is None:
        lines.append(f"LM3 {lm3.reason}")
        return lines
    r = d.respend
    s_share, w_share = plain_decimal(r.suppliers), plain_decimal(r.employees)
    s, w = _shown([sup, wages], lambda o: o[0] * r.suppliers + o[1] * r.employees, r3, MONEY_PLACES)
    lines.append(
        f"Round 3 (re-spent locally) = {c} {s} × {s_share} + {c} {w} × {w_share} = "
        f"{c} {_amount(r3)} (re-spend shares: {d.source}, {d.year})"
    )
    if lm3.value is None:
        lines.append(f"LM3 {lm3.reason}")
        return lines
    one, two, three = _shown(
        [lm3.round1, lm3.round2, r3],
        lambda o: (o[0] + o[1] + o[2]) / o[0],
        lm3.value,
        LM3_PLACES,
    )
    lines.append(f"LM3 = ({one} + {two} + {three}) ÷ {one} = {half_up(lm3.value, LM3_PLACES)}")
    return lines


def parse_local_multiplier(node: YMap, problems: Problems) -> LocalMultiplier | None:
    """The ``local_multiplier:`` block of tender.yaml or contract.yaml, each problem with its
    line: ``respend: {suppliers: 0.5, employees: 0.4}``, ``source``, ``year``, ``scored``."""
    f = Fields(node, problems, "local_multiplier", MULTIPLIER_KEYS)
    shares: dict[str, Decimal | None] = {}
    rnode = f.mapping("respend", required=True)
    if rnode is not None:
        rf = Fields(rnode, problems, "local_multiplier.respend", RESPEND_KEYS)
        for key in RESPEND_KEYS:
            shares[key] = _share(rf, key)
    source = f.text("source", required=True)
    year = f.integer("year", required=True, minimum=EARLIEST_YEAR)
    if year is not None and year > LATEST_YEAR:
        f.error(f.where("year"), f"year must be at most {LATEST_YEAR}, got {year}")
        year = None
    scored = f.boolean("scored")
    sup, emp = shares.get("suppliers"), shares.get("employees")
    if sup is None or emp is None or source is None or year is None:
        return None
    return LocalMultiplier(Respend(sup, emp), source, year, scored)


def _share(f: Fields, key: str) -> Decimal | None:
    scalar = f.scalar(key, required=True)
    if scalar is None:
        return None
    value = f.decimal(key, required=True)
    if value is None:
        return None
    if not Decimal(0) <= value <= Decimal(1):
        f.error(
            scalar,
            f"{key} must be a share from 0 to 1 (40% is 0.4), got {scalar.text}",
        )
        return None
    return value


__all__ = [
    "LM3",
    "LM3_PLACES",
    "NO_DECLARATION",
    "LocalMultiplier",
    "Respend",
    "lm3_lines",
    "local_multiplier",
    "parse_local_multiplier",
]
