"""Smoke test of the benchmarks (bench/): the generator makes a valid tender, and the runner runs
end to end on a 3-bidder one, a portfolio of 2 contracts and a delivery contract. Nothing here asserts a time: speed and memory are measured by
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
from bench.delivery_gen import DELIVERY_SPECS, describe, generate_delivery  # noqa: E402
from bench.delivery_stages import DELIVERY_ORDER  # noqa: E402
from bench.generate import COMPLETE, Spec, generate  # noqa: E402
from bench.portfolio_stages import PORTFOLIO_ORDER  # noqa: E402
from bench.report import END, START  # noqa: E402
from socialvalue.delivery.check import check_contract  # noqa: E402
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


# The portfolio (issue 19) and delivery-report (issue 16) stages of the same run, tiny: a
# portfolio of 2 contracts and the typical contract.
CONTRACT_STAGES = ("floor_read", *PORTFOLIO_ORDER, *DELIVERY_ORDER)


def test_runner_runs_the_portfolio_and_delivery_stages(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    args = ["--sizes", "3", "--quick", "--evaluators", "3", "--stages", ",".join(CONTRACT_STAGES)]
    args += ["--portfolio-contracts", "2", "--out", str(tmp_path), "--results", str(results)]
    assert run.main(args) == 0
    saved = tmp_path / "results-3-portfolio-2-delivery.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    [size], [portfolio], [delivery] = data["sizes"], data["portfolio"], data["delivery"]
    assert list(size["stages"]) == ["floor_read"]
    assert portfolio["contracts"] == 2 and list(portfolio["stages"]) == list(PORTFOLIO_ORDER)
    assert (delivery["contract"], delivery["kpis"], delivery["returns"]) == ("typical", 12, 12)
    for stage, measured in [*portfolio["stages"].items(), *delivery["stages"].items()]:
        assert measured["error"] is None, (stage, measured["error"])
        assert measured["seconds"] > 0 and measured["max_rss_mb"] > 0
    floor = portfolio["stages"]["portfolio_floor"]["extra"]
    assert floor["workbooks"] == 2 * 13 + 3 + 3 + 1 + 3  # returns + verification; the tender
    assert portfolio["stages"]["portfolio_first"]["extra"]["members"] == 2 + 1  # the tender
    assert portfolio["stages"]["portfolio_unchanged"]["extra"]["read_afresh"] == 0
    assert portfolio["stages"]["portfolio_rerun"]["extra"]["read_afresh"] == 1
    stages = delivery["stages"]
    assert stages["delivery_floor"]["extra"]["workbooks"] == 12 + 1
    assert stages["delivery_report"]["extra"]["kpis"] == 12
    pages = stages["delivery_report"]["extra"]["pages"]
    assert pages > 1 and stages["delivery_floor_render"]["extra"]["pages"] == pages
    names = {row["name"] for row in data["targets"]}
    assert "portfolio rerun, one return changed / calamine floor" in names
    assert "contract report / (calamine floor + WeasyPrint floor for its pages)" in names
    text = results.read_text(encoding="utf-8")
    for line in (
        "| Stage | 3 bidders |",
        "| Stage | 2 contracts |",
        "| Stage | typical: 12 KPIs, 12 quarterly returns |",
        "| portfolio report, one return changed | ",
        "| contract report (delivery.json, .xlsx, .pdf) | ",
        "| 2 contracts | portfolio report, no index / calamine floor | ",
        "| typical: 12 KPIs, 12 quarterly returns | contract report / calamine floor | ",
    ):
        assert line in text, line
    # The saved figures make the same Markdown again (--report-only merges them).
    again = tmp_path / "AGAIN.md"
    assert run.main(["--report-only", str(saved), "--results", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == text


def test_the_large_delivery_contract(tmp_path: Path) -> None:
    folder = generate_delivery(DELIVERY_SPECS["large"], tmp_path)
    assert describe(folder) == {"kpis": 32, "returns": 20}
    assert not check_contract(folder).problems
    assert generate_delivery(DELIVERY_SPECS["large"], tmp_path) == folder  # made once


def test_contract_options() -> None:
    default, quick = run.parse([]), run.parse(["--quick"])
    assert (default.portfolio_contracts, default.delivery) == ("500", "typical,large")
    assert (quick.portfolio_contracts, quick.delivery) == ("20", "typical")
    given = run.parse(["--quick", "--portfolio-contracts", "5", "--delivery", "large"])
    assert (given.portfolio_contracts, given.delivery) == ("5", "large")
    for wrong in (["--delivery", "huge"], ["--portfolio-contracts", "0"]):
        with pytest.raises(SystemExit):
            run.parse(wrong)


def test_no_portfolio_and_no_delivery(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    args = ["--sizes", "3", "--quick", "--evaluators", "3", "--stages", "floor_read"]
    args += ["--no-portfolio", "--no-delivery", "--out", str(tmp_path), "--results", str(results)]
    assert run.main(args) == 0
    data = json.loads((tmp_path / "results-3.json").read_text(encoding="utf-8"))
    assert (data["portfolio"], data["delivery"]) == ([], [])
    assert "contracts |" not in results.read_text(encoding="utf-8")
