"""derive() end to end: AHP with CR set aside, limits, criteria, the xlsx form filled and read."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F
from pathlib import Path

import pytest
from openpyxl import load_workbook

from socialvalue.errors import InputError
from socialvalue.priorities import layout
from socialvalue.priorities.constraints import Limits
from socialvalue.priorities.derive import Consultation, derive, new_rubric_text
from socialvalue.priorities.items import items_of
from socialvalue.rubric.load import load_rubric
from socialvalue.scoring.sensitivity import leaders

ROOT = Path(__file__).resolve().parent.parent
RUBRIC_PATH = ROOT / "rubrics" / "keep-it-local.yaml"
RUBRIC = load_rubric(RUBRIC_PATH)
FEB = Consultation("Survey", dt.date(2026, 2, 1), dt.date(2026, 2, 28))
PAIRS = "respondent,community vs local-spend,community vs local-jobs,local-spend vs local-jobs\n"


def test_ahp_sets_aside_the_inconsistent_and_reports_each_ratio(tmp_path: Path) -> None:
    survey = tmp_path / "a.csv"
    # R1 consistent (4:2:1 order reversed: jobs first); R2 circular (c > s > j > c): CR far above 0.10
    survey.write_text(PAIRS + "R1,1/2,1/4,1/2\nR2,9,1/9,9\n", encoding="utf-8")
    derived = derive(RUBRIC, survey, "ahp", FEB)
    assert derived.read == 2 and derived.used == 1
    assert derived.set_aside[0][0] == "R2" and "consistency ratio" in derived.set_aside[0][1]
    assert derived.consistency["R1"] == "0.0000" and derived.consistency["aggregate"] == "0.0000"
    # shares 1/7, 2/7, 4/7 of 100: 14.29, 28.57, 57.14 -> 14, 29, 57
    assert derived.after == {"community": 14, "local-spend": 29, "local-jobs": 57}
    kept = derive(RUBRIC, survey, "ahp", FEB, inconsistent="keep")
    assert kept.used == 2 and kept.set_aside == []


def test_fixed_theme_and_bounds_through_derive(tmp_path: Path) -> None:
    survey = tmp_path / "r.csv"
    survey.write_text("respondent,community,local-spend,local-jobs\nR1,3,2,1\n", encoding="utf-8")
    fixed = derive(RUBRIC, survey, "roc", FEB, limits=Limits(fixed=frozenset({"community"})))
    # 70 points shared 5:11 (ROC ranks 2 and 1): 21.875 and 48.125 -> 22, 48
    assert fixed.after == {"community": 30, "local-spend": 22, "local-jobs": 48}
    bounded = derive(
        RUBRIC,
        survey,
        "roc",
        FEB,
        limits=Limits(minimum={"community": 20}, maximum={"local-jobs": 50}),
    )
    assert bounded.after["community"] == 20 and bounded.after["local-jobs"] == 50
    assert sum(bounded.after.values()) == 100
    with pytest.raises(InputError, match="the minimums add up to 102"):
        derive(
            RUBRIC, survey, "roc", FEB, limits=Limits(minimum={"community": 51, "local-spend": 50})
        )


def test_criteria_ranked_and_the_new_rubric_loads_with_sub_totals(tmp_path: Path) -> None:
    survey = tmp_path / "c.csv"
    survey.write_text("respondent,V1,C1,L1,S1,J1\nR1,5,4,3,2,1\nR2,1,2,3,4,5\n", encoding="utf-8")
    derived = derive(RUBRIC, survey, "rank-sum", FEB, by="criteria")
    # rank sum for n = 5 is 5:4:3:2:1 of 15; R1 and R2 mirror, so every criterion gets 6/30 = 20
    assert derived.after == {k: 20 for k in ("V1", "C1", "L1", "S1", "J1")}
    assert derived.weights["community"] == 40  # a section's weight is the sum of its criteria
    text = new_rubric_text(RUBRIC_PATH.read_text(encoding="utf-8"), "r.yaml", derived, "2.0")
    out = tmp_path / "new.yaml"
    out.write_text(text, encoding="utf-8")
    again = load_rubric(out)
    assert again.version == "2.0"
    assert [int(c.weight) for _, c in again.criteria()] == [20] * 5


def test_filled_xlsx_form_is_read_back(tmp_path: Path) -> None:
    form = tmp_path / "form.xlsx"
    form.write_bytes(layout.xlsx_bytes(items_of(RUBRIC, "themes"), "points", ["ward"]))
    wb = load_workbook(form)
    ws = wb["Responses"]
    assert [c.value for c in ws[1]] == [
        "respondent",
        "ward",
        "community",
        "local-spend",
        "local-jobs",
    ]
    ws.append(["R1", "Abbey", 20, 30.5, 49.5])
    ws.append(["R2", "Castle", 40, 30, 30])
    wb.save(form)
    derived = derive(RUBRIC, form, "points", FEB, fields=("ward",))
    # mean points 30, 30.25, 39.75
    assert derived.shares == {
        "community": F(30, 100),
        "local-spend": F("30.25") / 100,
        "local-jobs": F("39.75") / 100,
    }
    assert derived.after == {"community": 30, "local-spend": 30, "local-jobs": 40}


def test_leaders_under_other_weights() -> None:
    fractions = {"a": {"x": F(1), "y": F(0)}, "b": {"x": F(0), "y": F(9, 10)}}
    assert leaders(fractions, {"x": F(60), "y": F(40)}) == ("a",)
    assert leaders(fractions, {"x": F(1), "y": F(1)}) == ("a",)
    assert leaders(fractions, {"x": F(40), "y": F(60)}) == ("b",)
    assert leaders({"a": {"x": F(1)}, "b": {"x": F(1)}}, {"x": F(1)}) == ("a", "b")


def test_a_percent_rubric_is_ranked_by_themes_and_keeps_its_sub_percentages(tmp_path: Path) -> None:
    path = ROOT / "rubrics" / "ppn002-model.yaml"
    rubric = load_rubric(path)
    ids = [s.id for s in rubric.sections]
    with pytest.raises(InputError, match="a percent rubric is ranked by themes"):
        items_of(rubric, "criteria")
    survey = tmp_path / "p.csv"
    survey.write_text(
        "respondent,"
        + ",".join(ids)
        + "\nR1,"
        + ",".join(str(i + 1) for i in range(len(ids)))
        + "\n",
        encoding="utf-8",
    )
    derived = derive(rubric, survey, "rank-sum", FEB)
    assert sum(derived.after.values()) == 100
    out = tmp_path / "new.yaml"
    out.write_text(
        new_rubric_text(path.read_text(encoding="utf-8"), "p.yaml", derived, "2"), encoding="utf-8"
    )
    again = load_rubric(out)
    assert [int(s.weight or 0) for s in again.sections] == [derived.after[i] for i in ids]
    assert [c.weight for _, c in again.criteria()] == [c.weight for _, c in rubric.criteria()]
