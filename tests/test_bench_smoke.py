"""Smoke test of the benchmarks (bench/): the generator makes a valid tender, and the runner runs
end to end on a 3-bidder one. Nothing here asserts a time: speed and memory are measured by
``make bench`` (bench/RESULTS.md), never by tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ sits beside the package, not inside it
    sys.path.insert(0, str(ROOT))

from bench import floors, run  # noqa: E402
from bench.generate import COMPLETE, Spec, generate  # noqa: E402
from bench.report import END, START  # noqa: E402
from socialvalue.tender.inputs import check_tender  # noqa: E402

pytestmark = pytest.mark.slow
# Every stage but the two slowest (the parallel render and the WeasyPrint floor, tested below
# directly): the pack is rendered by "evaluate" anyway.
STAGES = ("floor_read", "check", "score", "score_tender", "prepare", "summaries", "evaluate")


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(Spec(3, evaluators=3), tmp_path_factory.mktemp("bench"))


def test_generated_tender_passes_the_check(tender: Path) -> None:
    report = check_tender(tender)
    assert report.ok, [str(p) for p in report.problems]
    inputs = report.inputs
    assert inputs is not None
    assert len(inputs.responses) == 3
    assert [s.evaluator for s in inputs.scoresheets] == [f"evaluator-{i}" for i in (1, 2, 3)]
    assert inputs.moderation is not None
    assert sum(len(c.measures) for c in inputs.rubric.quantitative()) == 40
    assert len(inputs.rubric.qualitative()) == 10
    for response in inputs.responses:
        assert len(response.answers) == 10
        assert all(200 <= a.words <= 500 for a in response.answers)
    scored = [s for sheet in inputs.scoresheets for s in sheet.scores if s.score is not None]
    assert len({s.score for s in scored}) > 3  # varied scores
    assert all(40 <= len(s.rationale.split()) <= 120 for s in scored)


def test_generation_is_cached(tender: Path) -> None:
    stamp = (tender / COMPLETE).stat().st_mtime_ns
    assert generate(Spec(3, evaluators=3), tender.parent) == tender
    assert (tender / COMPLETE).stat().st_mtime_ns == stamp


def test_floors_run_on_the_same_files(tender: Path, tmp_path: Path) -> None:
    read = floors.read_floor(tender)
    assert read["workbooks"] == 3 + 3 + 1
    rendered = floors.render_floor([2, 1], tmp_path)
    assert rendered["pages"] == rendered["pages_wanted"] == 3


def test_runner_runs_end_to_end(tender: Path, tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Notes kept\n\n" + START + "\nold\n" + END + "\n\nMore notes.\n")
    args = ["--sizes", "3", "--quick", "--evaluators", "3", "--stages", ",".join(STAGES)]
    args += ["--out", str(tender.parent), "--results", str(results)]
    assert run.main(args) == 0
    data = json.loads((tender.parent / "results-3.json").read_text(encoding="utf-8"))
    [size] = data["sizes"]
    assert size["bidders"] == 3
    for stage in STAGES:
        measured = size["stages"][stage]
        assert measured["error"] is None, (stage, measured["error"])
        assert measured["seconds"] > 0
        assert measured["max_rss_mb"] > 0
    assert size["stages"]["summaries"]["extra"]["pages"] >= 3
    assert size["stages"]["evaluate"]["extra"]["mode"] == "workflow.evaluate_tender"
    assert (tender / "out" / "pack.pdf").is_file()
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Notes kept") and text.rstrip().endswith("More notes.")
    assert "old" not in text and "| Stage | 3 bidders |" in text
    assert "read+check+score / calamine read floor" in text
