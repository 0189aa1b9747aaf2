"""LM3 scored (issue 17): a spend_plan criterion ``share: lm3`` scores the local return
LM3 - 1 = (Round 2 + Round 3) / Round 1 as a percent of the contract value, by the existing
methods; ``local_multiplier: scored:`` and the rubric must agree."""

from __future__ import annotations

import json
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path
from typing import Any

import pack_text
import pytest
from forms_support import complete_tender, convert
from openpyxl import load_workbook
from test_spend_lm3 import BRAVO_PLAN, MULTIPLIER, _pdf_text
from test_spend_sheet import LOCAL, PLAN, SPEND_RUBRIC, TENDER

from socialvalue.cli import main
from socialvalue.local.lm3 import LocalMultiplier, Respend
from socialvalue.scoring.spend import ShareFigures, local_return
from socialvalue.testing import cli_runner

LM3_RUBRIC = SPEND_RUBRIC.replace(
    "title: Local spend\n        weight: 2\n        type: spend_plan\n        share: local",
    "title: Local multiplier\n        weight: 2\n        type: spend_plan\n        share: lm3",
)
SCORED = TENDER + LOCAL + MULTIPLIER + "  scored: true\n"


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert "share: lm3" in LM3_RUBRIC
    folder = complete_tender(
        tmp_path_factory.mktemp("lm3s") / "t",
        LM3_RUBRIC,
        SCORED + "pack:\n  generated: 2026-03-01\n",
        (PLAN, BRAVO_PLAN),
        ("380000", None),
    )
    result = cli_runner().invoke(main, ["evaluate", str(folder)], prog_name="socialvalue")
    assert result.exit_code == 0, result.output
    return folder


def _criterion(folder: Path, key: str) -> dict[str, Any]:
    record = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    bidder = next(b for b in record["bidders"] if b["key"] == key)
    found: dict[str, Any] = next(c for c in bidder["criteria"] if c["id"] == "L1")
    return found


def test_lm3_scored_against_its_target_by_hand(evaluated: Path) -> None:
    """Acme: R2 = 120,000 + 380,000 = 500,000; R3 = 120,000 x 0.5 + 380,000 x 0.4 = 212,000;
    local return 712,000 / 2,000,000 x 100 = 35.6% (LM3 1.356); target 40%: 35.6 / 40 = 0.89
    of the marks. Bravo: R2 = 1, R3 = 0.5: 1.5 / 2,000,000 x 100 = 0.000075%: 0.000001875."""
    acme, bravo = _criterion(evaluated, "acme"), _criterion(evaluated, "bravo")
    assert acme["spend"]["share"] == "lm3"
    assert (acme["spend"]["amount"], acme["spend"]["percent"]) == ("712000", "35.6")
    assert (acme["fraction"], acme["weighted_points"]) == ("0.89", "1.78")
    assert acme["method"]["kind"] == "contract_value_target"
    assert acme["spend"]["local_area"] is not None
    assert (bravo["spend"]["amount"], bravo["spend"]["percent"]) == ("1.5", "0.000075")
    assert bravo["fraction"] == "0.000001875"


def test_the_pack_shows_the_scored_lm3_with_its_arithmetic(evaluated: Path) -> None:
    text = _pdf_text(evaluated / "out" / "pack.pdf")
    assert "Local return (LM3 - 1): GBP 712,000" in text
    assert "/ GBP 2,000,000 contract value x 100 = 35.6% of contract value." in text
    assert "LM3 = (2,000,000 + 500,000 + 212,000) ÷ 2,000,000 = 1.36" in text
    assert "LM3 is scored: its criterion scores the local return" in text
    assert "LM3 is recorded, not scored." not in text
    assert pack_text.wrong_sums(pack_text.arithmetic_lines(text)) == []


def test_results_json_says_lm3_is_scored(evaluated: Path) -> None:
    record = json.loads((evaluated / "out" / "results.json").read_text(encoding="utf-8"))
    assert {b["key"]: b["spend"]["lm3"]["scored"] for b in record["bidders"]} == {
        "acme": True,
        "bravo": True,
    }


def test_libreoffice_recalculates_the_local_return(evaluated: Path, tmp_path: Path) -> None:
    """results.xlsx: the L1 block's column F sums the local line, the wage bill and both
    Round 3 parts to the engine's GBP 712,000, every check "ok"."""
    convert([evaluated / "out" / "results.xlsx"], tmp_path / "lo", tmp_path / "profile")
    book = load_workbook(tmp_path / "lo" / "results.xlsx", data_only=True)
    ws = book[next(n for n in book.sheetnames if n.endswith("acme"))]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[0] == "L1  Local multiplier")
    gbp = next(r for r in rows[start:] if r[1] == "GBP value")
    assert gbp[2:5] == [712000, 712000, "ok"], gbp
    assert [r[4] for r in rows if r[4] in ("ok", "CHECK")] and all(
        r[4] == "ok" for r in rows if r[4] in ("ok", "CHECK")
    )


def _refused(folder: Path, rubric: str, tender: str) -> str:
    folder = complete_tender(folder, rubric, tender, (PLAN, BRAVO_PLAN), ("380000", None))
    result = cli_runner().invoke(main, ["score", str(folder)], prog_name="socialvalue")
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_scored_true_needs_a_criterion_scoring_lm3(tmp_path: Path) -> None:
    out = _refused(tmp_path / "s", SPEND_RUBRIC, SCORED)
    assert "local_multiplier says scored: true but rubric" in out
    assert "has no spend_plan criterion with share: lm3" in out


def test_a_criterion_scoring_lm3_needs_scored_true(tmp_path: Path) -> None:
    out = _refused(tmp_path / "r", LM3_RUBRIC, TENDER + LOCAL + MULTIPLIER)
    assert "scores LM3 (L1) but tender.yaml's local_multiplier is recorded only" in out
    assert "local_multiplier is missing" in _refused(tmp_path / "m", LM3_RUBRIC, TENDER + LOCAL)


def test_the_local_return_of_the_domain_example_is_86_percent() -> None:
    """shared/domain.md: contract 1,000,000; local suppliers 200,000; wages 400,000; shares
    0.5 and 0.4: R2 + R3 = 600,000 + 260,000 = 860,000, 86% of contract value (LM3 1.86)."""
    local = ShareFigures("local", Fraction(200000), Fraction(700000), Fraction(20), (0,))
    declared = LocalMultiplier(Respend(D("0.5"), D("0.4")), "Survey", 2025, scored=True)
    got = local_return(local, D("400000"), declared, D("1000000"))
    assert (got.share, got.amount, got.percent) == ("lm3", Fraction(860000), Fraction(86))
    assert local_return(local, None, declared, D("1000000")).amount == Fraction(300000)
    with pytest.raises(ValueError, match="declares no local_multiplier"):
        local_return(local, D("400000"), None, D("1000000"))
