"""The panel's decisions on credibility flags, in the engine: what each decision counts, per kind
of flag (docs/scoring.md, "Panel decisions on credibility flags"), and the plausibility checks
behind them (spend above the contract value, FTE at the tender's declared cost, a rubric's
max_quantity above the contract value)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from forms_support import RUBRIC, TENDER
from forms_support import make_tender as make_forms_tender
from test_scoring_helpers import inputs, proxy_set, simple_rubric

from socialvalue.scoring import evaluate

D = Decimal
SPEND = """
  - id: M1
    title: Local FTE
    unit: FTE
  - id: M2
    title: Apprentices
    unit: FTE
  - id: M4
    title: Local spend
    unit: GBP
"""
PROXIES = proxy_set({"M1": ("FTE", "30000"), "M2": ("FTE", "20000"), "M4": ("GBP", "0.1")})
WHY = "The panel's reason, by reference to the evidence."


def quantities(ev: Any, key: str) -> dict[str, tuple[Decimal, Decimal | None]]:
    """measure -> (quantity counted, quantity committed when a decision changed it)."""
    return {m.id: (m.quantity, m.committed) for m in ev.bidder(key).criterion("Q1").measures}


def run(bids: dict[str, Any], decisions: dict[Any, Any] | None = None, **kw: Any) -> Any:
    rub = simple_rubric(qual=None, measures=SPEND, extra=kw.pop("extra", ""))
    return evaluate(inputs(rub, bids, proxies=PROXIES, decisions=decisions, **kw))


def test_spend_above_the_contract_value_is_flagged_per_measure() -> None:
    ev = run({"a": {"q": {"M4": 2000001}}, "b": {"q": {"M4": 2000000}}})
    [flag] = [f for f in ev.flags if f.code == "spend_above_contract"]
    assert (flag.bidder, flag.measure, flag.needs_decision) == ("a", "M4", True)
    assert flag.reason == (
        "A commits GBP 2,000,001 on M4 (Local spend), more than the contract value of "
        "GBP 2,000,000."
    )
    assert ev.status.state == "provisional"
    assert any("spend_above_contract for A on M4" in r for r in ev.status.reasons)


def test_the_tenders_fte_cost_raises_the_flag_the_rubric_does_not() -> None:
    bids = {"a": {"q": {"M1": 60, "M2": 20}}}
    assert not [f for f in run(bids).flags if f.code == "fte_cost_above_contract"]
    ev = run(bids, annual_fte_cost="30000")  # 80 FTE x 30,000 = 2.4m > 2m
    [flag] = [f for f in ev.flags if f.code == "fte_cost_above_contract"]
    assert "commits 80 FTE (M1 60, M2 20); at GBP 30,000 a year each" in flag.reason


def test_an_fte_cap_keeps_the_measures_in_rubric_order() -> None:
    decided = {
        ("a", "fte_cost_above_contract", None): ("capped", 70, WHY),
        ("a", "social_value_above_share", None): ("accepted", None, WHY),  # 2.2m committed
    }
    ev = run({"a": {"q": {"M1": 60, "M2": 20}}}, decided, annual_fte_cost="30000")
    assert quantities(ev, "a") == {
        "M1": (D(60), None),
        "M2": (D(10), D(20)),
        "M4": (D(0), None),
    }
    assert ev.bidder("a").criterion("Q1").gbp_value == 60 * 30000 + 10 * 20000
    assert ev.status.state == "final"


def test_the_lower_count_stands_whatever_the_order() -> None:
    bids = {"a": {"q": {"M4": 3000000}}, "b": {"q": {"M4": 100}}, "c": {"q": {"M4": 100}}}
    capped = ("capped", 1000000, WHY)
    uncounted = ("not counted", None, WHY)
    for first, second in ((capped, uncounted), (uncounted, capped)):
        decided = {
            ("a", "spend_above_contract", "M4"): first,
            ("a", "outlier_commitment", "M4"): second,
        }
        ev = run(bids, decided)
        assert quantities(ev, "a")["M4"] == (D(0), D(3000000))
        assert ev.status.state == "final"
        # b is now the best counted value: relative fractions are against it.
        assert ev.bidder("b").criterion("Q1").fraction == 1


def test_not_counted_on_the_whole_bid_counts_every_valued_measure_0() -> None:
    decided = {("a", "social_value_above_share", None): ("not counted", None, WHY)}
    ev = run({"a": {"q": {"M1": 70, "M4": 5000}}, "b": {"q": {"M1": 1}}}, decided)
    assert quantities(ev, "a") == {"M1": (D(0), D(70)), "M2": (D(0), None), "M4": (D(0), D(5000))}
    flag = next(f for f in ev.flags if f.code == "social_value_above_share")
    assert flag.decision is not None and flag.decision.decision == "not counted"
    assert "GBP 2,100,500 of social value" in flag.reason  # the flag keeps what was committed


def test_accepted_and_clarified_count_as_committed_and_make_it_final() -> None:
    bids = {"a": {"q": {"M4": 2500000}}}
    for decision in ("accepted", "clarified"):
        ev = run(bids, {("a", "spend_above_contract", "M4"): (decision, None, WHY)})
        assert quantities(ev, "a")["M4"] == (D(2500000), None)
        assert ev.status.state == "final"
        flag = next(f for f in ev.flags if f.code == "spend_above_contract")
        assert flag.decision is not None and flag.decision.changes == ()
        assert flag.decision.text.endswith("The commitments count as committed.")


def test_a_decision_for_a_flag_no_longer_raised_is_ignored_with_a_warning() -> None:
    ev = run({"a": {"q": {"M4": 10}}}, {("a", "spend_above_contract", "M4"): ("capped", 5, WHY)})
    assert quantities(ev, "a")["M4"] == (D(10), None)
    [warning] = [str(w) for w in ev.warnings if "no longer raised" in w.message]
    assert warning.startswith("moderation.xlsx: Flags!H6")


# ------------------------------------------------------------ a rubric allowing too much spend
CAPPED_RUBRIC = RUBRIC.replace("min_quantity: 1000}", "min_quantity: 1000, max_quantity: 3000000}")


def test_check_warns_of_a_money_max_quantity_above_the_contract_value(
    cli: Any, tmp_path: Path
) -> None:
    assert CAPPED_RUBRIC != RUBRIC
    folder = make_forms_tender(tmp_path / "tender", CAPPED_RUBRIC, TENDER)
    stderr = cli(["check", str(folder)], exit_code=0).stderr
    [line] = [line for line in stderr.splitlines() if "max_quantity" in line]
    assert line.startswith(f"{folder}/tender.yaml:")
    assert line.endswith(
        "warning: measure M4 (Local spend) allows up to 3000000 GBP (max_quantity), more than "
        "the contract value of 2000000: lower max_quantity to at most the contract value"
    )


def test_rubric_check_warns_with_a_contract_value(cli: Any, tmp_path: Path) -> None:
    folder = make_forms_tender(tmp_path / "tender", CAPPED_RUBRIC, TENDER)
    rubric = folder / "rubric.yaml"
    (folder / "proxies").mkdir()
    (folder / "proxies" / "test-proxies.yaml").write_text(
        (folder / "proxies.yaml").read_text("utf-8"), "utf-8"
    )
    plain = cli(["rubric", "check", str(rubric)], exit_code=0)
    assert "max_quantity" not in plain.stderr
    warned = cli(["rubric", "check", str(rubric), "--contract-value", "2,000,000"], exit_code=0)
    assert "warning: measure M4 (Local spend) allows up to 3000000 GBP" in warned.stderr
    assert warned.stdout.strip().endswith(": ok")
    fine = cli(["rubric", "check", str(rubric), "--contract-value", "3000000"], exit_code=0)
    assert "max_quantity" not in fine.stderr
    bad = cli(["rubric", "check", str(rubric), "--contract-value", "lots"], exit_code=2)
    assert "expected an amount more than 0" in bad.stderr
