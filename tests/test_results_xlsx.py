"""results.xlsx: live formulas that recompute the engine's figures, safe text, reproducible bytes.

The LibreOffice test recalculates every workbook with ``soffice --headless --convert-to xlsx``
and checks every formula against the engine, at the declared rounding. It is skipped when
LibreOffice is not installed, unless the environment variable CI is ``true`` (then it fails).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from test_scoring_helpers import (
    EXAMPLE1_BIDS,
    ROUNDING_BIDS,
    ROUNDING_PROXIES,
    SCALE_100,
    inputs,
    panel,
    proxy_set,
    rounding_rubric,
    rubric,
    simple_rubric,
)

from socialvalue.model import Clarification, MissingBid, NotAssessed, Resubmission
from socialvalue.results.xlsx import round_formula, write_results_xlsx
from socialvalue.scoring import Evaluation, evaluate

D = Decimal
ROOT = Path(__file__).resolve().parent.parent

KITCHEN = (
    SCALE_100
    + """
sections:
  - id: s1
    title: Commitments
    weight: 60
    criteria:
      - id: Q1
        title: Jobs
        weight: 40
        type: quantitative
        measures:
          - {id: M1, title: Local FTE, unit: FTE}
          - {id: M2, title: Apprentice weeks, unit: weeks}
          - {id: R1, title: Carbon reported, unit: tCO2e, record_only: true}
        method: {kind: relative_to_best, cap_percent_of_contract: 6}
      - id: Q2
        title: Local spend
        weight: 20
        type: quantitative
        measures:
          - {id: M4, title: Local spend, unit: GBP}
        method:
          kind: contract_value_bands
          bands: [{at_least: 1, score: 30}, {at_least: 2.5, score: 70}, {at_least: 4, score: 100}]
      - id: Q3
        title: Volunteering
        weight: 20
        type: quantitative
        measures:
          - {id: M3, title: Volunteering hours, unit: hours}
        method: {kind: contract_value_target, target_percent: 0.75}
      - id: Q4
        title: Credible training
        weight: 20
        type: quantitative
        measures:
          - {id: M5, title: Training hours, unit: hours}
        method: {kind: credibility_adjusted, criterion: W1}
  - id: s2
    title: Quality
    weight: 40
    criteria:
      - id: W1
        title: Delivery plan
        weight: 70
        type: qualitative
        question: How?
        scale: s100
        sub_criteria:
          - {id: W1a, title: Recruitment, weight: 30}
          - {id: W1b, title: Retention, weight: 70}
      - id: W2
        title: Partners
        weight: 30
        type: qualitative
        question: Who?
        scale: s100
        minimum: {score: 20}
rounding: {places: 2, rule: %s, stage: %s}
"""
)
KITCHEN_PROXIES = {
    "M1": ("FTE", "30000"),
    "M2": ("weeks", "250"),
    "M3": ("hours", "17"),
    "M4": ("GBP", "0.1"),
    "M5": ("hours", "12.5"),
}
KITCHEN_BIDS = {
    "alpha": {
        "name": '=HYPERLINK("http://x","click")',
        "q": {"M1": 5, "M2": 104, "R1": 12, "M4": 800000, "M3": 1000, "M5": 300},
        "evidence": {
            "M1": "+44 payroll",
            "M2": "@apprentices",
            "M4": "-",
            "M3": "\tTab",
            "M5": "ok",
        },
    },
    "beta": {"name": "Beta Ltd", "q": {"M1": 2, "M2": 52, "M4": 500000, "M3": 300, "M5": 900}},
    "gamma": {"name": "Gamma CIC", "q": {"M1": 1, "M4": 20000, "M3": 88, "M5": 30}},
    "delta": {"name": "Delta plc", "q": {"M1": 9, "M2": 10, "M4": 750000, "M3": 0, "M5": 5000}},
}


def kitchen(rule: str = "half_even", stage: str = "criterion") -> Evaluation:
    scores = {
        "e1": {
            ("alpha", "W1a"): 60,
            ("alpha", "W1b"): 80,
            ("alpha", "W2"): (40, "=1+1 rationale"),
            ("beta", "W1a"): 40,
            ("beta", "W1b"): 60,
            ("beta", "W2"): 60,
            ("gamma", "W1a"): 100,
            ("gamma", "W1b"): 80,
            ("gamma", "W2"): 80,
            ("delta", "W1a"): 20,
            ("delta", "W1b"): 20,
            ("delta", "W2"): 0,
        },
        "e2": {
            ("alpha", "W1a"): 80,
            ("alpha", "W1b"): 60,
            ("alpha", "W2"): 60,
            ("beta", "W1a"): 40,
            ("beta", "W1b"): None,
            ("beta", "W2"): 40,
            ("gamma", "W1a"): 60,
            ("gamma", "W1b"): 80,
            ("gamma", "W2"): 80,
            ("delta", "W1a"): 20,
            ("delta", "W1b"): 40,
            ("delta", "W2"): 0,
        },
        "x9": {("alpha", "W1a"): 60, ("gamma", "W1b"): 100},
    }
    consensus = {("gamma", "W1a"): (80, "-agreed"), ("beta", "W2"): 60}
    return evaluate(
        inputs(
            rubric(KITCHEN % (rule, stage), weights="percent"),
            KITCHEN_BIDS,
            scores=scores,
            consensus=consensus,
            evaluators=["e1", "e2"],
            proxies=proxy_set(KITCHEN_PROXIES),
            contract_value="3000000",
        )
    )


def sample() -> Evaluation:
    spec = importlib.util.spec_from_file_location(
        "mrs", ROOT / "scripts" / "make_results_sample.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return evaluate(module.sample_inputs())


def scenarios() -> dict[str, Evaluation]:
    out = {"sample": sample()}
    for rule in ("half_up", "half_even"):
        for stage in ("criterion", "section", "total"):
            bids = {**ROUNDING_BIDS, "b": {"q": {"M1": D("3.333"), "M2": D("7.77"), "M3": 0}}}
            out[f"rounding-{stage}-{rule}"] = evaluate(
                inputs(
                    rounding_rubric(stage, rule),
                    bids,
                    contract_value="100",
                    proxies=proxy_set(ROUNDING_PROXIES),
                )
            )
            out[f"kitchen-{stage}-{rule}"] = kitchen(rule, stage)
    out["example2"] = evaluate(
        inputs(
            simple_rubric(extra="rounding: {places: 3, stage: criterion}"),
            EXAMPLE1_BIDS,
            scores=panel({"a": 40, "b": 80, "c": 60}),
            consensus={(k, "W1"): v for k, v in {"a": 40, "b": 80, "c": 60}.items()},
        )
    )
    out["all-zero"] = evaluate(inputs(simple_rubric(qual=None), {"a": {}, "b": {"q": {"M1": 0}}}))
    out["all-disqualified"] = evaluate(
        inputs(
            simple_rubric(qual_extra="\n        minimum: {score: 90}"),
            EXAMPLE1_BIDS,
            scores=panel({"a": 40, "b": 20, "c": 0}),
        )
    )
    return out


# ---------------------------------------------------------------- without LibreOffice


def test_rubric_kitchen_sink_scores() -> None:
    ev = kitchen()
    assert ev.bidder("delta").status == "disqualified"  # W2 0 < 20
    assert ev.bidder("alpha").criterion("Q1").cap_amount == 180000
    assert ev.bidder("beta").criterion("W1").parts[1].scores[1].score is None


def test_reproducible_bytes_and_fixed_zip_times(tmp_path: Path) -> None:
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    write_results_xlsx(kitchen(), one)
    write_results_xlsx(kitchen(), two)
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core
    write_results_xlsx(kitchen(), one)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.xlsx", "two.xlsx"]


def test_bidder_text_is_never_a_formula(tmp_path: Path) -> None:
    path = write_results_xlsx(kitchen(), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    texts = {}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    texts.setdefault(cell.value, cell)
    for original in (
        '=HYPERLINK("http://x","click")',
        "+44 payroll",
        "@apprentices",
        "-",
        "\tTab",
        "=1+1 rationale",
        "-agreed",
    ):
        cell = texts.get("'" + original)
        assert cell is not None, original
        assert cell.data_type == "s"
        assert original not in texts  # never written bare


def test_totals_are_formulas_and_round_only_where_declared(tmp_path: Path) -> None:
    for stage in ("criterion", "section", "total"):
        path = write_results_xlsx(kitchen("half_up", stage), tmp_path / f"{stage}.xlsx")
        wb = openpyxl.load_workbook(path)
        ws = wb[next(n for n in wb.sheetnames if n.endswith("gamma"))]
        formulas = [
            c.value
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.startswith("=")
        ]
        rounds = [f for f in formulas if "ROUND(" in f]
        # criterion: 6 criteria + evaluation points; section: 2 sections + total + evaluation
        # points... every ROUND is at the declared stage or the evaluation-points display.
        expected = {"criterion": 7, "section": 3, "total": 2}[stage]
        assert len(rounds) == expected, rounds
        assert any(f.startswith("=SUM(") for f in formulas)
        summary = wb["Summary"]
        cells = [c.value for row in summary.iter_rows() for c in row]
        assert f"='{ws.title}'!$C$" in " ".join(str(v) for v in cells)


def test_half_even_formula_text() -> None:
    assert round_formula("C5", 2, "half_up") == "ROUND(C5,2)"
    text = round_formula("C5", 2, "half_even")
    assert text.startswith("IF(ABS(MOD((C5*10^2),2)-0.5)<=1E-9*MAX(1,(C5*10^2)),ROUNDDOWN(")


# ---------------------------------------------------------------- with LibreOffice


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required when CI=true")
        pytest.skip("LibreOffice (soffice) is not installed; set CI=true to make this a failure")
    return exe


def _number(value: Any) -> Decimal:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return D(repr(value))


@pytest.mark.slow
def test_libreoffice_recalculation_matches_the_engine(tmp_path: Path) -> None:
    exe = _soffice()
    evs = scenarios()
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for name, ev in evs.items():
        write_results_xlsx(ev, src / f"{name}.xlsx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *sorted(str(p) for p in src.iterdir()),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    checked = 0
    for name, ev in evs.items():
        places = ev.inputs.rubric.rounding.places
        quantum = D(1).scaleb(-places)
        formulas = openpyxl.load_workbook(src / f"{name}.xlsx")
        values = openpyxl.load_workbook(out / f"{name}.xlsx", data_only=True)
        for ws in formulas:
            recalculated = values[ws.title]
            for row in ws.iter_rows():
                for cell in row:
                    if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                        continue
                    got = recalculated[cell.coordinate].value
                    where = f"{name} {ws.title}!{cell.coordinate} {cell.value}"
                    assert got is not None and not (
                        isinstance(got, str) and got.startswith(("#", "Err"))
                    ), where
                    if cell.value.startswith(("=IF(ABS(C", "=IF(ABS(F")):  # check columns
                        assert got == "ok", where
        # Every figure the engine rounded, at the declared rounding, exactly.
        summary = values["Summary"]
        header = next(r for r in range(1, 30) if summary[f"A{r}"].value == "Rank")
        for i, b in enumerate(ev.bidders, header + 1):
            assert summary[f"B{i}"].value == b.key
            assert _number(summary[f"F{i}"].value).quantize(quantum) == b.totals.total_rounded, (
                name,
                b.key,
            )
            assert (
                _number(summary[f"H{i}"].value).quantize(quantum)
                == b.totals.evaluation_points_rounded
            )
            assert abs(_number(summary[f"E{i}"].value) - b.totals.total) < D("1E-9")
            assert summary[f"J{i}"].value == "ok"
            checked += 1
        # Criterion-stage rounding: every rounded criterion cell equals the engine's.
        for b in ev.bidders:
            sheet_name = next(
                summary[f"K{r}"].value
                for r in range(header + 1, header + 1 + len(ev.bidders))
                if summary[f"B{r}"].value == b.key
            )
            sheet = values[sheet_name]
            got = [
                _number(sheet[f"C{r}"].value).quantize(quantum)
                for r in range(1, sheet.max_row + 1)
                if isinstance(sheet[f"B{r}"].value, str)
                and sheet[f"B{r}"].value.startswith("Weighted points rounded")
            ]
            want = [
                c.weighted_points_rounded
                for c in b.criteria
                if c.weighted_points_rounded is not None
            ]
            assert got == want, (name, b.key)
            got_sections = [
                _number(sheet[f"C{r}"].value).quantize(quantum)
                for r in range(1, sheet.max_row + 1)
                if isinstance(sheet[f"B{r}"].value, str)
                and sheet[f"B{r}"].value.startswith("Section ")
                and ("rounded" in sheet[f"B{r}"].value)
            ]
            want_sections = [s.points_rounded for s in b.sections if s.points_rounded is not None]
            assert got_sections == want_sections, (name, b.key)
    assert checked > 30


def test_not_assessed_missing_and_clarifications_are_listed(tmp_path: Path) -> None:
    ev = kitchen()
    late = NotAssessed(
        "kestrel", "Kestrel Ltd", "late", "=Received after 12:00.", dt.date(2026, 2, 20), None, None
    )
    gone = MissingBid("omega", "Omega plc", "responses/omega.xlsx", "ab" * 32)
    asked = (
        Clarification("CQ-01", "alpha", "Q1", dt.date(2026, 3, 2), "Which depot?"),
        Clarification(
            "CQ-02",
            "beta",
            None,
            dt.date(2026, 3, 3),
            "Which vans?",
            dt.date(2026, 3, 5),
            "+Electric ones.",
            Resubmission("cd" * 32, "beta-original.xlsx"),
        ),
    )
    ev = attrs.evolve(
        ev,
        inputs=attrs.evolve(
            ev.inputs,
            tender=attrs.evolve(ev.inputs.tender, clarifications=asked),
            not_assessed=(late,),
            missing_bids=(gone,),
        ),
    )
    wb = openpyxl.load_workbook(write_results_xlsx(ev, tmp_path / "r.xlsx"))
    assert wb.sheetnames[-2:] == ["Not assessed", "Clarifications"]

    def rows(ws: Any) -> list[tuple[Any, ...]]:
        return [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]

    listed = rows(wb["Not assessed"])
    assert (
        "kestrel",
        "Kestrel Ltd",
        "late",
        "2026-02-20",
        "'=Received after 12:00.",
        None,
        None,
    ) in [r[:7] for r in listed]
    assert ("omega", "Omega plc", "responses/omega.xlsx", "ab" * 32) in [r[:4] for r in listed]
    clarified = rows(wb["Clarifications"])
    assert clarified[2][:5] == ("Id", "Bidder", "Name", "Criterion", "State")
    assert clarified[3][:7] == (
        "CQ-01",
        "alpha",
        "'" + KITCHEN_BIDS["alpha"]["name"],
        "Q1",
        "open",
        "2026-03-02",
        None,
    )
    assert clarified[4] == (
        "CQ-02",
        "beta",
        "Beta Ltd",
        None,
        "answered",
        "2026-03-03",
        "2026-03-05",
        "Which vans?",
        "'+Electric ones.",
        "beta-original.xlsx",
        "cd" * 32,
    )
    for ws in (wb["Not assessed"], wb["Clarifications"]):  # nothing here is computed
        assert not any(
            isinstance(c.value, str) and c.value.startswith("=")
            for row in ws.iter_rows()
            for c in row
        )


def test_nothing_to_list_says_so(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_results_xlsx(kitchen(), tmp_path / "r.xlsx"))
    assert wb["Not assessed"]["A5"].value == "None: every bid received was assessed."
    assert wb["Clarifications"]["A5"].value == "None: no clarification was asked."
