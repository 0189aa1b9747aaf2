"""Spend plans (issue 17): the local, VCSE and SME shares of the contract value, exact and
hand-computed, scored by the existing methods."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from test_scoring_helpers import inputs, rubric

from socialvalue.errors import InputError
from socialvalue.local import AreaEntry, LocalArea
from socialvalue.model import Source, SpendLine, TenderInputs
from socialvalue.rubric.load import load_rubric_text
from socialvalue.scoring import evaluate
from socialvalue.scoring.arith import exact
from socialvalue.scoring.spend import share_figures

D = Decimal
AREA = LocalArea(
    "Bradford and Halifax",
    "Test Council Social Value Policy 2026",
    (AreaEntry("area", "BD"), AreaEntry("range", "HX1-HX3", area="HX", low=1, high=3)),
)
PLAN_A = [
    ("Bradford Community Trust", "BD1 1AA", "VCSE", "Catering", "120000"),
    ("Halifax Builders Ltd", "HX2 5AA", "SME", "Construction", "250000"),
    ("National Plc", "M1 1AA", "large", "Materials", "300000"),
    ("to be appointed", "HX4 8AA", "SME", "Cleaning", "30000"),  # HX4: past HX1-HX3
    ("Leeds Youth CIC", None, "VCSE", "Training", "50000"),  # no postcode: never local
]
PLAN_B = [("Local Co", "BD5 0AA", "SME", "Catering", "100000.50")]
RUBRIC = """
sections:
  - id: s
    title: Keep it local
    criteria:
      - id: L1
        title: Local spend
        weight: 10
        type: spend_plan
        share: local
        method: {kind: contract_value_target, target_percent: 40}
      - id: V1
        title: VCSE spend
        weight: 5
        type: spend_plan
        share: vcse
        method: {kind: relative_to_best}
      - id: S1
        title: SME spend
        weight: 5
        type: spend_plan
        share: sme
        method:
          kind: contract_value_bands
          bands: [{at_least: 0, score: 0}, {at_least: 20, score: 50}, {at_least: 25, score: 100}]
rounding: {places: 4, stage: criterion}
"""


def lines(key: str, plan: list[tuple[str, str | None, str, str, str]]) -> tuple[SpendLine, ...]:
    return tuple(
        SpendLine(
            supplier,
            postcode,
            kind,  # type: ignore[arg-type]
            category,
            D(amount),
            "Letter of intent",
            Source(f"responses/{key}.xlsx", f"Spend plan!G{row}"),
            f"Spend plan!C{row}",
        )
        for row, (supplier, postcode, kind, category, amount) in enumerate(plan, 5)
    )


def spend_inputs(area: LocalArea | None = AREA) -> TenderInputs:
    base = inputs(rubric(RUBRIC), {"a": {}, "b": {}}, contract_value="1000000", proxies=None)
    plans = {"a": lines("a", PLAN_A), "b": lines("b", PLAN_B)}
    return attrs.evolve(
        base,
        tender=attrs.evolve(base.tender, local_area=area),
        responses=tuple(attrs.evolve(r, spend_plan=plans[r.key]) for r in base.responses),
    )


def test_shares_by_hand() -> None:
    plan = lines("a", PLAN_A)
    with exact():
        local = share_figures(plan, "local", AREA, D(1000000))
        vcse = share_figures(plan, "vcse", AREA, D(1000000))
        sme = share_figures(plan, "sme", AREA, D(1000000))
        nowhere = share_figures(plan, "local", None, D(1000000))
    assert (local.amount, local.percent, local.counted) == (370000, 37, (0, 1))
    assert (vcse.amount, vcse.percent, vcse.counted) == (170000, 17, (0, 4))
    assert (sme.amount, sme.percent, sme.counted) == (280000, 28, (1, 3))
    assert local.planned == vcse.planned == 750000
    assert nowhere.amount == 0


def test_spend_plan_criteria_are_scored_by_their_methods() -> None:
    ev = evaluate(spend_inputs())
    by = {b.key: {c.id: c for c in b.criteria} for b in ev.bidders}
    a, b = by["a"], by["b"]
    # L1, target 40%: 37/40 of 10 marks; b 10.00005/40 of 10.
    assert a["L1"].weighted_points == D("9.25")
    assert b["L1"].weighted_points == D("2.5000125")
    # V1 relative to best: a holds the best VCSE spend, b has none.
    assert (a["V1"].weighted_points, b["V1"].weighted_points) == (D(5), D(0))
    # S1 bands: a 28% (at least 25%: full marks), b 10.00005% (below 20%: 0).
    assert (a["S1"].weighted_points, b["S1"].weighted_points) == (D(5), D(0))
    spend = a["L1"].spend
    assert spend is not None
    assert (spend.share, spend.amount, spend.planned, spend.percent) == (
        "local",
        D(370000),
        D(750000),
        D(37),
    )
    assert (spend.lines, spend.counted_lines) == (5, 2)
    assert spend.local_area is not None and "BD" in spend.local_area
    assert b["L1"].spend is not None and b["L1"].spend.amount == D("100000.50")
    assert a["V1"].spend is not None and a["V1"].spend.local_area is None
    totals = {x.key: x.totals for x in ev.bidders}
    assert totals["a"].quantitative == D("19.25")
    assert totals["a"].social_value_gbp == 0  # planned spend is not proxy-valued social value
    assert ev.outcome.winner == "a"


def test_local_share_needs_a_local_area() -> None:
    with pytest.raises(InputError) as caught:
        evaluate(spend_inputs(area=None))
    assert "declares no local_area" in str(caught.value.problems[0])


def test_rubric_spend_plan_keys() -> None:
    text = RUBRIC.replace("share: vcse", "share: charity").replace(
        "        share: sme\n", "        share: sme\n        measures: []\n"
    )
    head = 'id: t\ntitle: T\nversion: "1"\npolicy: p\nweights: points\n'
    head += "weighting: {social_value_percent: 10}\n"
    with pytest.raises(InputError) as caught:
        load_rubric_text(head + text, "r.yaml")
    messages = [p.message for p in caught.value.problems]
    assert any("share must be one of local, vcse, sme" in m for m in messages), messages
    assert any("`measures` does not apply to a spend_plan criterion" in m for m in messages)
