"""The example tender's spend plans (issue 17): every bidder's local, VCSE and SME shares and
LM3 in results.json, the pack and its own assessment summary, each figure computed by hand from
the Spend plan sheets scripts/make_example_tender.py fills (local area HX1-HX3, contract value
GBP 2,400,000, re-spend shares 0.5 for suppliers and 0.4 for staff)."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from test_pack_build import need

from socialvalue.workflow import EvaluationReport

D = Decimal
VALUE = D(2_400_000)
#: key -> (local GBP, VCSE GBP, SME GBP, local wage bill or None (left blank), LA-GROWTH-PLAN
#: fraction). Local: the lines with a postcode in HX1-HX3; a VCSE counts in VCSE only.
PLANS: dict[str, tuple[int, int, int, int | None, str]] = {
    # Millfield 144,000 + Eastbrook 96,000 + Hollins Green 120,000 (SME) + Recycling CIC
    # 36,000 + Allotments 24,000 (VCSE); Northern Aggregates (LS10, large) is not local.
    "greenway": (420_000, 60_000, 360_000, 960_000, "0.75"),  # 17.5%: the 15% band
    # Calder 100,000 + Fencing 80,000 + Millfield 70,000 + Hythe CIC 30,000; fuel (M1) is not.
    "harbour": (280_000, 30_000, 250_000, 800_000, "0.5"),
    # Calder 120,000 + Fencing "90,000" (typed as text) + Brook 90,000 + Organics CIC 50,000.
    "mercia": (350_000, 50_000, 300_000, 850_000, "0.5"),
    # Only Ashcombe Plant Hire (HX2) is local; line 2 (600,000, SME) has no postcode.
    "brightstar": (120_000, 150_000, 720_000, 1_400_000, "0.25"),
    # Hollins Green on two lines (45,000 + 30,000), Cwtch (CF24) not local.
    "afon": (165_000, 40_000, 150_000, 1_100_000, "0.25"),
    # Nothing local: the group supplier is in WR1, line 2 has no postcode.
    "quickserve": (0, 0, 100_000, None, "0"),
}


def lm3(local: int, wages: int | None) -> Decimal:
    """(R1 + R2 + R3) / R1, rounded half up to 2 places, by hand."""
    w = D(wages or 0)
    round2 = D(local) + w
    round3 = D(local) * D("0.5") + w * D("0.4")
    return ((VALUE + round2 + round3) / VALUE).quantize(D("0.01"))


@pytest.fixture(scope="module")
def results(evaluated_example: EvaluationReport) -> dict[str, Any]:
    return json.loads(evaluated_example.results_json.read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    out = subprocess.run([need("pdftotext"), "-layout", str(path), "-"], capture_output=True)
    assert out.returncode == 0, out.stderr
    return " ".join(out.stdout.decode("utf-8").split())


def test_every_bid_has_a_spend_plan_summed_up_in_results_json(results: dict[str, Any]) -> None:
    assert {b["key"] for b in results["bidders"]} == set(PLANS)
    for bid in results["bidders"]:
        local, vcse, sme, wages, _ = PLANS[bid["key"]]
        spend = bid["spend"]
        got = {s["share"]: D(s["amount"]) for s in spend["shares"]}
        assert got == {"local": local, "vcse": vcse, "sme": sme}, bid["key"]
        assert spend["lm3"]["local_wages_given"] is (wages is not None), bid["key"]
        assert D(spend["lm3"]["lm3"]) == lm3(local, wages), bid["key"]
        assert spend["lm3"]["scored"] is False  # tender.yaml: scored: false
    assert lm3(420_000, 960_000) == D("1.82")  # Greenway: (2.4m + 1.38m + 0.594m) / 2.4m


def test_the_local_share_is_scored_in_the_rubrics_bands(results: dict[str, Any]) -> None:
    for bid in results["bidders"]:
        (plan,) = [c for c in bid["criteria"] if c["id"] == "LA-GROWTH-PLAN"]
        assert plan["fraction"] == PLANS[bid["key"]][4], bid["key"]


def test_the_spend_plan_flags_are_raised_and_decided(results: dict[str, Any]) -> None:
    raised = {
        (b["key"], f["code"], f["measure"]): f["decision"]
        for b in results["bidders"]
        for f in b["flags"]
        if f["code"].startswith("spend_")
    }
    assert set(raised) == {
        ("brightstar", "spend_line_no_postcode", "line 2"),
        ("quickserve", "spend_line_no_postcode", "line 2"),
        ("afon", "spend_supplier_twice", "line 4"),
    }
    assert all(d is not None and d["decision"] == "accepted" for d in raised.values()), raised
    assert results["status"]["state"] == "final"


def test_the_pack_shows_each_bidders_shares_and_lm3(evaluated_example: EvaluationReport) -> None:
    text = pdf_text(evaluated_example.pack.pack)
    assert text.count("Spend plan: local, VCSE and SME spend and LM3") == len(PLANS)
    for key, (local, vcse, sme, wages, _) in PLANS.items():
        w = wages or 0
        total = f"{D(local) + w:,}"
        assert f"LM3 = (2,400,000 + {total} + " in text, key
        assert f"= {lm3(local, wages)}" in text, key
        assert f"VCSE spend: GBP {vcse:,} / GBP 2,400,000 contract value x 100" in text, key
        assert f"SME spend: GBP {sme:,} / GBP 2,400,000 contract value x 100" in text, key
    assert text.count("LM3 is recorded, not scored.") == len(PLANS)


def test_each_summary_explains_the_bidders_own_figures(
    evaluated_example: EvaluationReport,
) -> None:
    summaries = {s.key: pdf_text(s.path) for s in evaluated_example.pack.summaries}
    assert set(summaries) == set(PLANS)
    for key, text in summaries.items():
        local, _, _, wages, _ = PLANS[key]
        assert "Your spend plan: local, VCSE and SME spend and LM3" in text, key
        assert f"Local spend: GBP {local:,} / GBP 2,400,000 contract value x 100" in text, key
        own = f"= {lm3(local, wages)}"
        assert own in text, key
        for other, (o_local, *_) in PLANS.items():
            if other != key and o_local != local:  # no other bid's plan is shown
                assert f"Local spend: GBP {o_local:,} /" not in text, (key, other)
    assert "local wage bill" in summaries["quickserve"].lower()
