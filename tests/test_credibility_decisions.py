"""Credibility flags with consequences (issue 13 item 4), through the CLI on a real tender
folder: an inflated bid (95 FTE and GBP 5.4m of local spend on a GBP 2m contract) needs the
panel's recorded decision on each flag; until then the result is provisional, and a cap changes
the score exactly as computed by hand, in results.json, results.xlsx (recalculated by
LibreOffice) and the pack."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from forms_support import EVALUATORS, RUBRIC, TENDER, add_response, fill_scores, good_values
from forms_support import make_tender as make_forms_tender
from pypdf import PdfReader
from test_results_xlsx import _number, _soffice

from socialvalue.testing import fill_flag_decisions, fill_moderation

PARTS = ("W1a", "W1b", "W2")
# 95 FTE at the tender's declared GBP 30,000 a year cost GBP 2.85m; GBP 5.4m of local spend:
# both more than the GBP 2m contract value.
INFLATED = {"M1": 95, "M2": 104, "M4": 5400000}
FTE_FLAG = ("puffed", "fte_cost_above_contract", None)
SPEND_FLAG = ("puffed", "spend_above_contract", "M4")
SHARE_FLAG = ("puffed", "social_value_above_share", None)  # GBP 3.4m: above 100% of contract
SHARE_REASON = "Reviewed with the FTE and spend flags, which remove what cannot be delivered."
FTE_REASON = "The contract funds about 20 posts: no more FTE can be employed on it."
SPEND_REASON = "Local spend cannot exceed what the council pays: capped at GBP 500,000."
TENDER_WITH_FTE_COST = TENDER.replace(
    "  currency: GBP\n", "  currency: GBP\n  annual_fte_cost: 30000\n", 1
)


@pytest.fixture(scope="module")
def moderated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bids, Acme (modest) and Puffed (inflated), scored alike; consensus recorded; the
    flags not yet decided."""
    folder = make_forms_tender(
        tmp_path_factory.mktemp("credibility") / "tender", RUBRIC, TENDER_WITH_FTE_COST
    )
    add_response(folder, "acme")
    add_response(folder, "puffed", good_values("Puffed Ltd", quantities=INFLATED))
    from socialvalue.tender.forms import make_scoresheets

    make_scoresheets(folder)
    scores = {
        (b, p): (3 if p == "W2" else 60, f"{b} on {p}") for b in ("acme", "puffed") for p in PARTS
    }
    for evaluator in EVALUATORS:
        fill_scores(
            folder / "scores" / f"{evaluator}.xlsx",
            scores,
            {"acme": ("No", None), "puffed": ("No", None)},
        )
    return folder


def with_moderation(cli: Any, moderated: Path, tmp_path: Path) -> Path:
    """A copy of the tender whose moderation workbook `socialvalue moderation` wrote, with every
    consensus agreed (no decision on any flag yet)."""
    folder = tmp_path / "tender"
    shutil.copytree(moderated, folder)
    cli(["moderation", str(folder)])
    consensus = {
        (b, p): (3 if p == "W2" else 60, "The answer is adequate: a credible plan.")
        for b in ("acme", "puffed")
        for p in PARTS
    }
    fill_moderation(folder / "moderation.xlsx", consensus)
    return folder


def results(cli: Any, folder: Path) -> dict[str, Any]:
    cli(["score", str(folder), "--quiet"])
    data: dict[str, Any] = json.loads((folder / "out" / "results.json").read_text("utf-8"))
    return data


def bidder(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(b for b in data["bidders"] if b["key"] == key)


def test_the_moderation_workbook_lists_every_credibility_flag(
    cli: Any, moderated: Path, tmp_path: Path
) -> None:
    folder = with_moderation(cli, moderated, tmp_path)
    ws = openpyxl.load_workbook(folder / "moderation.xlsx")["Flags"]
    rows = [[ws.cell(r, c).value for c in range(1, 12)] for r in range(6, 9)]
    assert ws["B3"].value == 3
    assert [(r[0], r[2], r[3], r[5], r[6]) for r in rows] == [
        ("puffed", "fte_cost_above_contract", "(whole bid)", 95, "FTE"),
        ("puffed", "social_value_above_share", "(whole bid)", "cannot be capped", None),
        ("puffed", "spend_above_contract", "M4", 5400000, "GBP"),
    ]
    assert "at GBP 30,000 a year each that costs GBP 2,850,000" in rows[0][4]
    assert "commits GBP 5,400,000 on M4 (Local spend), more than the contract value" in rows[2][4]
    assert all(r[7:] == [None, None, None, None] for r in rows)  # the panel's inputs
    assert [v.sqref for v in ws.data_validations.dataValidation] != []


def test_an_inflated_bid_without_decisions_wins_only_provisionally(
    cli: Any, moderated: Path, tmp_path: Path
) -> None:
    folder = with_moderation(cli, moderated, tmp_path)
    checked = cli(["check", str(folder)], exit_code=0)
    assert (
        "moderation.xlsx: warning: 3 of 3 credibility flags have no panel decision yet"
        in checked.stderr
    )
    assert (
        "responses/puffed.xlsx: Commitments!" in checked.stderr
        and "GBP 5,400,000 committed is more than the contract value of GBP 2,000,000"
        in checked.stderr
    )
    data = results(cli, folder)
    assert data["ranking"][0]["bidder"] == "puffed"
    assert data["status"]["state"] == "provisional"
    reasons = data["status"]["reasons"]
    assert [r for r in reasons if "Puffed Ltd" in r] == [
        "No panel decision is recorded for the credibility flag social_value_above_share for "
        "Puffed Ltd: record one on the moderation workbook's Flags sheet (accepted, capped, not "
        "counted or clarified).",
        "No panel decision is recorded for the credibility flag fte_cost_above_contract for "
        "Puffed Ltd: record one on the moderation workbook's Flags sheet (accepted, capped, not "
        "counted or clarified).",
        "No panel decision is recorded for the credibility flag spend_above_contract for "
        "Puffed Ltd on M4: record one on the moderation workbook's Flags sheet (accepted, "
        "capped, not counted or clarified).",
    ]
    flags = [f for f in data["flags"] if f["needs_decision"]]
    assert [(f["code"], f["decision"]) for f in flags] == [
        ("fte_cost_above_contract", None),
        ("social_value_above_share", None),
        ("spend_above_contract", None),
    ]


def capped(cli: Any, moderated: Path, tmp_path: Path) -> Path:
    folder = with_moderation(cli, moderated, tmp_path)
    fill_flag_decisions(
        folder / "moderation.xlsx",
        {
            FTE_FLAG: ("capped", 20, FTE_REASON, None),
            SPEND_FLAG: ("capped", 500000, SPEND_REASON, None),
            SHARE_FLAG: ("accepted", None, SHARE_REASON, None),
        },
    )
    return folder


def test_capped_figures_are_scored_as_computed_by_hand(
    cli: Any, moderated: Path, tmp_path: Path
) -> None:
    folder = capped(cli, moderated, tmp_path)
    assert cli(["check", str(folder)], exit_code=0).stderr.endswith(
        "0 problems, 0 warnings found.\n"
    )
    data = results(cli, folder)
    assert data["status"]["state"] == "final", data["status"]["reasons"]
    # By hand: Q1 is relative to the best GBP value (4 marks); W1 60/100 and W2 3/5 (3 each).
    puffed_gbp = 20 * 30000 + 104 * 250 + Fraction(500000) / 10  # capped: 676,000
    acme_gbp = 3 * 30000 + 104 * 250 + Fraction(15000) / 10  # 117,500
    qual = Fraction(3 * 60, 100) + Fraction(3 * 3, 5)
    totals = {"puffed": 4 + qual, "acme": 4 * acme_gbp / puffed_gbp + qual}
    assert puffed_gbp == 676000
    for key, exact in totals.items():
        b = bidder(data, key)
        got = Decimal(b["totals"]["total"])
        assert abs(Fraction(got) - exact) < Fraction(1, 10**40), key
        hand = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        assert Decimal(b["totals"]["total_rounded"]) == hand, key
    q1 = bidder(data, "puffed")["criteria"][0]
    measures = {m["id"]: m for m in q1["measures"]}
    assert (measures["M1"]["quantity"], measures["M1"]["committed"]) == ("20", "95")
    assert (measures["M4"]["quantity"], measures["M4"]["committed"]) == ("500000", "5400000")
    assert measures["M2"]["committed"] is None
    assert Decimal(q1["gbp_value"]) == 676000
    decided = {f["code"]: f["decision"] for f in data["flags"] if f["decision"]}
    fte = decided["fte_cost_above_contract"]
    assert (fte["decision"], fte["figure"], fte["reason"]) == ("capped", "20", FTE_REASON)
    assert fte["source"].startswith("moderation.xlsx: Flags!H")
    assert fte["changes"] == [{"measure": "M1", "committed": "95", "counted": "20"}]
    assert fte["text"].startswith(f'Capped at 20 FTE by the panel: "{FTE_REASON}"')
    assert "Counted: M1 20 FTE of 95 FTE committed." in fte["text"]
    spend = decided["spend_above_contract"]
    assert "Counted: M4 GBP 500,000 of GBP 5,400,000 committed." in spend["text"]


@pytest.mark.slow
def test_results_xlsx_recalculates_to_the_capped_figures(
    cli: Any, moderated: Path, tmp_path: Path
) -> None:
    exe = _soffice()
    folder = capped(cli, moderated, tmp_path)
    data = results(cli, folder)
    src = folder / "out" / "results.xlsx"
    out = tmp_path / "recalculated"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    formulas = openpyxl.load_workbook(src)
    values = openpyxl.load_workbook(out / "results.xlsx", data_only=True)
    checks = 0
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(
                    ("=IF(ABS(C", "=IF(ABS(F")
                ):
                    assert values[ws.title][cell.coordinate].value == "ok", cell.coordinate
                    checks += 1
    assert checks
    summary = values["Summary"]
    header = next(r for r in range(1, 30) if summary[f"A{r}"].value == "Rank")
    for r in range(header + 1, header + 3):
        b = bidder(data, summary[f"B{r}"].value)
        assert _number(summary[f"F{r}"].value).quantize(Decimal("0.01")) == Decimal(
            b["totals"]["total_rounded"]
        )
    # The counted quantity is the one the formulas use; the committed one stands beside it.
    sheet = next(
        ws
        for ws in formulas
        if any(c.value == "M4" for c in ws["A"]) and "puffed" in ws.title.lower()
    )
    m4 = next(c.row for c in sheet["A"] if c.value == "M4")
    assert (sheet[f"D{m4}"].value, sheet[f"H{m4}"].value) == (500000, 5400000)


def test_the_pack_shows_each_decision_and_its_effect(
    cli: Any, moderated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773964800")
    folder = capped(cli, moderated, tmp_path)
    results(cli, folder)
    cli(["pack", str(folder), "--quiet"])
    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(folder / "out" / "pack.pdf").pages
    )
    assert "Panel decision: capped." in text
    assert f'Capped at 20 FTE by the panel: "{FTE_REASON}"' in text
    assert "Counted: M4 GBP 500,000 of GBP 5,400,000 committed." in text
    assert "committed 5,400,000" in text  # beside the counted quantity in the commitments table
    summaries = sorted((folder / "out").rglob("*puffed*.pdf"))
    assert summaries, sorted(p.name for p in (folder / "out").rglob("*.pdf"))
    summary = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(summaries[0]).pages
    )
    assert "The panel's decisions on credibility flags" in summary
    assert "Counted: M1 20 FTE of 95 FTE committed." in summary


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (
            ("capped", None, FTE_REASON, None),
            "capped needs the figure counted instead of the commitment",
        ),
        (("capped", 120, FTE_REASON, None), "the cap 120 is above the 95 committed"),
        (("clarified", None, FTE_REASON, None), "clarified needs the clarification's reference"),
        (("accepted", None, "Agreed.", None), "record the panel's reason for this decision"),
        (("accepted", 20, FTE_REASON, None), "a figure is only for capped"),
        (
            ("maybe", None, FTE_REASON, None),
            'expected one of "accepted", "capped", "not counted" or "clarified", found "maybe"',
        ),
        (("capped", 1, SHARE_REASON, None), "on the whole bid and cannot be capped"),
    ],
)
def test_each_decision_is_checked_at_its_cell(
    cli: Any, moderated: Path, tmp_path: Path, decision: tuple[object, ...], message: str
) -> None:
    folder = with_moderation(cli, moderated, tmp_path)
    flag, row = (SHARE_FLAG, 2) if "whole bid" in message else (FTE_FLAG, 1)
    fill_flag_decisions(folder / "moderation.xlsx", {flag: decision})  # type: ignore[dict-item]
    stderr = cli(["check", str(folder)], exit_code=1).stderr
    [line] = [line for line in stderr.splitlines() if message in line]
    assert line.startswith(f"{folder}/moderation.xlsx: Flags!")
    context = f"(flag {row}: {flag[1]} for puffed, decision " if "maybe" not in message else ""
    assert context in line


#: The clarification the panel's clarified decision cites (it must be recorded in tender.yaml).
CQ_07 = """\
clarifications:
  - id: CQ-07
    bidder: puffed
    asked: 2026-03-02
    question: How many FTE does the bid commit on this contract?
    answered: 2026-03-04
    answer: 95 FTE, as the response says.
"""


def test_not_counted_and_clarified(cli: Any, moderated: Path, tmp_path: Path) -> None:
    folder = with_moderation(cli, moderated, tmp_path)
    with (folder / "tender.yaml").open("a", encoding="utf-8") as f:
        f.write(CQ_07)
    fill_flag_decisions(
        folder / "moderation.xlsx",
        {
            FTE_FLAG: ("clarified", None, "The bidder confirmed 95 FTE in writing.", "CQ-07"),
            SPEND_FLAG: ("not counted", None, "No supplier is named for this spend.", None),
            SHARE_FLAG: ("accepted", None, SHARE_REASON, None),
        },
    )
    data = results(cli, folder)
    assert data["status"]["state"] == "final"
    q1 = bidder(data, "puffed")["criteria"][0]
    measures = {m["id"]: m for m in q1["measures"]}
    assert (measures["M4"]["quantity"], measures["M4"]["committed"]) == ("0", "5400000")
    assert measures["M1"]["committed"] is None  # clarified: counted as committed
    assert Decimal(q1["gbp_value"]) == 95 * 30000 + 104 * 250
    fte = next(f for f in data["flags"] if f["code"] == "fte_cost_above_contract")
    assert fte["decision"]["reference"] == "CQ-07"
    assert fte["decision"]["text"].startswith('Clarified (CQ-07) by the panel: "The bidder')
