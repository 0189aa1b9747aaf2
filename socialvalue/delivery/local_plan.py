"""contract.yaml's local spend: the local area, the LM3 declaration and the spend plan.

``local_area:`` and ``local_multiplier:`` are written as in tender.yaml (copied from it by
``contract init``); ``local_spend:`` plans each category as a share of each period's contract
value, or as a money KPI's delivery profile::

    local_spend:
      local: {share: 0.2}          # suppliers with a postcode in the local area
      vcse: {kpi: LA-GROWTH-2}     # the plan is that KPI's profile
      sme: {share: 0.15}
      local_wages: {share: 0.3}    # the local wage bill the bid commits (for LM3)

See docs/delivery.md, "Local spend by period".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ..errors import Problems
from ..formatting import plain_decimal
from ..local import LocalArea, parse_local_area
from ..local.lm3 import LocalMultiplier, parse_local_multiplier
from ..rubric.model import doc
from ..tender.scaffold import yaml_text
from ..yamlnodes import Fields, YMap

#: What a spend plan plans: spend with local suppliers, VCSEs and SMEs; and local wages.
CATEGORIES = ("local", "vcse", "sme", "local_wages")
PLANNED_KEYS = ("share", "amount", "kpi")
LOCAL_KEYS = ("local_area", "local_multiplier", "local_spend")


@attrs.frozen
class Planned:
    """One category's plan: a share of each period's contract value, or a KPI's profile."""

    share: Decimal | None = attrs.field(
        default=None, metadata=doc("Share (0 to 1) of each period's contract value planned.")
    )
    amount: Decimal | None = attrs.field(
        default=None,
        metadata=doc("Or: the amount over the term (the bid's spend plan), spread by days."),
    )
    kpi: str | None = attrs.field(
        default=None, metadata=doc("Or: the money KPI whose delivery profile is the plan.")
    )
    describe: str = attrs.field(default="", eq=False, metadata={"internal": True})


@attrs.frozen
class SpendPlan:
    """The planned local, VCSE and SME spend and local wage bill (each may be left out)."""

    local: Planned | None = attrs.field(
        default=None, metadata=doc("Spend with suppliers in the local area.")
    )
    vcse: Planned | None = attrs.field(default=None, metadata=doc("Spend with VCSEs."))
    sme: Planned | None = attrs.field(default=None, metadata=doc("Spend with SMEs."))
    local_wages: Planned | None = attrs.field(
        default=None, metadata=doc("The local wage bill (Round 2 of LM3 with local suppliers).")
    )

    def get(self, category: str) -> Planned | None:
        value: Planned | None = getattr(self, category)
        return value


@attrs.frozen
class AreaDeclared:
    """``local_area:`` as written: a name, the policy and the postcode entries."""

    name: str = attrs.field(metadata=doc("The area's name."))
    policy: str = attrs.field(metadata=doc("The policy that defines it."))
    postcodes: tuple[str, ...] = attrs.field(
        metadata=doc("Postcode areas, districts, ranges and sectors: BD, HX1-HX7, LS6 1.")
    )
    #: The parsed area (socialvalue.local.LocalArea).
    area: Any = attrs.field(default=None, eq=False, metadata={"internal": True})

    def contains(self, postcode: str) -> bool:
        return bool(self.area.contains(postcode))

    def describe(self) -> str:
        return str(self.area.describe())


def declared_area(area: LocalArea) -> AreaDeclared:
    return AreaDeclared(area.name, area.policy, tuple(e.text for e in area.entries), area)


@attrs.frozen
class LocalSettings:
    area: AreaDeclared | None = None
    multiplier: LocalMultiplier | None = None
    plan: SpendPlan | None = None


def parse_local(f: Fields, problems: Problems, money_kpis: set[str]) -> LocalSettings:
    """contract.yaml's ``local_area``, ``local_multiplier`` and ``local_spend`` (each problem
    with its line); a plan's ``kpi`` must name one of ``money_kpis``."""
    node = f.raw("local_area")
    area = parse_local_area(node, problems) if node is not None else None
    mnode = f.mapping("local_multiplier")
    multiplier = parse_local_multiplier(mnode, problems) if mnode is not None else None
    pnode = f.mapping("local_spend")
    plan = _plan(pnode, problems, money_kpis) if pnode is not None else None
    return LocalSettings(declared_area(area) if area else None, multiplier, plan)


def _plan(node: YMap, problems: Problems, money_kpis: set[str]) -> SpendPlan:
    f = Fields(node, problems, "local_spend", CATEGORIES)
    planned: dict[str, Planned] = {}
    for category in CATEGORIES:
        cnode = f.mapping(category)
        if cnode is None:
            continue
        cf = Fields(cnode, problems, f"local_spend.{category}", PLANNED_KEYS)
        given = [key for key in PLANNED_KEYS if cf.has(key)]
        if len(given) != 1:
            cf.error(cnode, f"local_spend.{category} needs one of `share`, `amount` or `kpi`")
            continue
        if given == ["share"]:
            share = cf.decimal("share", minimum=Decimal(0), maximum=Decimal(1))
            if share is not None:
                planned[category] = Planned(
                    share=share, describe=f"{share} of the period's contract value"
                )
            continue
        if given == ["amount"]:
            amount = cf.decimal("amount", minimum=Decimal(0))
            if amount is not None:
                planned[category] = Planned(
                    amount=amount, describe=f"{amount} over the term, spread by days"
                )
            continue
        kpi = cf.text("kpi")
        if kpi is not None and kpi not in money_kpis:
            known = ", ".join(sorted(money_kpis)) or "none"
            cf.error(
                cf.where("kpi"),
                f"kpi {kpi} is not a KPI of this contract counted in money (those: {known})",
            )
        elif kpi is not None:
            planned[category] = Planned(kpi=kpi, describe=f"KPI {kpi}'s profile")
    if problems.errors:
        return SpendPlan()
    return SpendPlan(**planned)


def local_yaml(
    area: LocalArea | None,
    multiplier: LocalMultiplier | None,
    money_kpis: list[str],
    planned: dict[str, Decimal] | None = None,
) -> list[str]:
    """contract.yaml's lines for the tender's local area and LM3 declaration (copied), and the
    spend plan: ``planned`` (category -> GBP over the term, from the bid's spend plan), else a
    commented-out one to fill in."""
    lines: list[str] = []
    if area is not None:
        lines += [
            "",
            "# The buyer's local area, from tender.yaml: a supplier with a postcode in it is local.",
            "local_area:",
            f"  name: {yaml_text(area.name)}",
            f"  policy: {yaml_text(area.policy)}",
            "  postcodes:",
            *(f"    - {yaml_text(e.text)}" for e in area.entries),
        ]
    if multiplier is not None:
        r = multiplier.respend
        lines += [
            "",
            "# The buyer's re-spend shares for LM3, from tender.yaml (Round 3).",
            "local_multiplier:",
            "  respend:",
            f"    suppliers: {r.suppliers}",
            f"    employees: {r.employees}",
            f"  source: {yaml_text(multiplier.source)}",
            f"  year: {multiplier.year}",
            f"  scored: {'true' if multiplier.scored else 'false'}",
        ]
    if planned:
        wages = (
            ["# returns' spend lines with it; local_wages is the bid's local wage bill, for LM3."]
            if "local_wages" in planned
            else [
                "# returns' spend lines with it. Add the local wage bill the bid commits, for LM3:",
                "# `local_wages: {share: 0.3}` or `{amount: ...}`.",
            ]
        )
        lines += [
            "",
            "# The planned local, VCSE and SME spend, from the winning bid's spend plan (GBP over",
            "# the term, spread over the periods by days); the delivery report compares the",
            *wages,
            "local_spend:",
            *(f"  {name}: {{amount: {plain_decimal(amount)}}}" for name, amount in planned.items()),
        ]
    elif area is not None or multiplier is not None:
        example = money_kpis[0] if money_kpis else "LA-GROWTH-1"
        lines += [
            "",
            "# The planned local, VCSE and SME spend and local wage bill, for the delivery",
            "# report: each a share of each period's contract value, an amount over the term",
            "# (spread by days) or a money KPI's profile.",
            "# local_spend:",
            "#   local: {share: 0.2}",
            f"#   sme: {{kpi: {example}}}",
            "#   vcse: {share: 0.05}",
            "#   local_wages: {share: 0.3}",
        ]
    return lines


__all__ = [
    "CATEGORIES",
    "LOCAL_KEYS",
    "AreaDeclared",
    "LocalSettings",
    "Planned",
    "SpendPlan",
    "declared_area",
    "local_yaml",
    "parse_local",
]
