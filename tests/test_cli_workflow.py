"""The officer's whole sequence through the ``socialvalue`` command, as docs/cli.md tells it.

init -> template -> (bidders fill) -> scoresheets -> (evaluators score) -> moderation ->
(panel moderates) -> check -> score -> pack -> evaluate, on a fresh tender with the tutorial
rubric; the workbooks are filled through the forms API as the people would fill them. The
tender is built (and its PDFs rendered) once for the module: rendering is the slow part.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import Result

from socialvalue import __version__, testing
from socialvalue.cli import main
from socialvalue.cli.base import StatusLine
from socialvalue.forms import ResponseValues, fill_response
from socialvalue.rubric import catalogue
from socialvalue.tender.inputs import check_tender

TENDER = "lj-2026-014"
REFERENCE = "LJ-2026-014"
EVALUATORS = ("evaluator-1", "evaluator-2", "evaluator-3")

#: bidder key -> (name, quantities of M1 FTE / M2 weeks / M3 hours, each evaluator's W1 score)
BIDDERS = {
    "acme": ("Acme Services Ltd", (4, 104, 300), (80, 60, 80)),
    "brightway": ("Brightway CIC", (2, 52, 900), (60, 60, 60)),
    "civic": ("Civic Works LLP", (6, 156, 120), (40, 80, 60)),  # 40 vs 80: must be moderated
}
CONSENSUS = {"acme": 80, "brightway": 60, "civic": 60}


def run(args: Sequence[str], exit_code: int = 0) -> Result:
    """Run ``socialvalue ARGS`` in-process; on a surprise, show everything it printed."""
    result = testing.cli_runner().invoke(main, list(args), prog_name="socialvalue")
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    detail = (
        f"$ socialvalue {' '.join(args)} -> {result.exit_code}\n{result.stdout}\n{result.stderr}"
    )
    assert not crashed, f"{result.exception!r}\n{detail}"
    assert result.exit_code == exit_code, detail
    return result


#: What the officer writes over init's placeholders (the others keep init's value, unmarked).
OFFICER_EDITS = {
    "title: !placeholder Replace with the contract title": "title: Local jobs and training",
    "buyer: !placeholder Replace with the buyer's name": "buyer: Ashcombe Borough Council",
}


def fill_in_tender_yaml(path: Path) -> None:
    """The officer edits tender.yaml as init asks: each placeholder replaced, its mark deleted."""
    text = path.read_text(encoding="utf-8")
    for placeholder, value in OFFICER_EDITS.items():
        text = text.replace(placeholder, value)
    path.write_text(text.replace(": !placeholder ", ": "), encoding="utf-8")


def response_values(key: str) -> ResponseValues:
    name, (fte, weeks, hours), _ = BIDDERS[key]
    return testing.response_values(
        name,
        quantities={"M1": fte, "M2": weeks, "M3": hours},
        evidence={
            "M1": f"{fte} local hires through the Jobcentre, named in our plan.",
            "M2": f"{weeks} apprenticeship weeks with the local college.",
            "M3": f"{hours} hours with the food bank and two youth clubs.",
        },
        answers={"W1": f"{name} recruits through local colleges and keeps staff with training."},
        contact_email=f"bids@{key}.example",
    )


def fill_scoresheet(path: Path, index: int) -> None:
    """Evaluator number ``index`` scores every bidder's W1 and declares no conflicts."""
    testing.fill_scoresheet(
        path,
        {
            (key, "W1"): (scores[index], f"Scored {scores[index]}: see the method statement.")
            for key, (_, _, scores) in BIDDERS.items()
        },
        {key: ("No", None) for key in BIDDERS},
    )


def fill_moderation(path: Path, note: str = "Agreed at the panel meeting.") -> None:
    testing.fill_moderation(path, {(key, "W1"): (score, note) for key, score in CONSENSUS.items()})


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Run the whole sequence once in a fresh folder; each step's result by command name."""
    here = tmp_path_factory.mktemp("workflow")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(here)
        steps: dict[str, Result] = {}
        steps["init"] = run(["init", TENDER, "--rubric", "tutorial", "--reference", REFERENCE])
        folder = Path(TENDER)
        fill_in_tender_yaml(folder / "tender.yaml")
        steps["template"] = run(["template", TENDER])
        rubric = catalogue.load("tutorial")
        for key in BIDDERS:  # the bidders fill the template and send it back
            fill_response(
                folder / "out" / "response-template.xlsx",
                folder / "responses" / f"{key}.xlsx",
                response_values(key),
                rubric,
            )
        steps["scoresheets"] = run(["scoresheets", TENDER])
        for index, evaluator in enumerate(EVALUATORS):
            fill_scoresheet(folder / "scores" / f"{evaluator}.xlsx", index)
        steps["moderation"] = run(["moderation", TENDER])
        fill_moderation(folder / "moderation.xlsx")
        testing.accept_every_flag(
            folder / "moderation.xlsx", "Checked against the bid's evidence at the panel meeting."
        )
        steps["check"] = run(["check", TENDER])
        steps["check --quiet"] = run(["check", TENDER, "--quiet"])
        steps["check --json"] = run(["check", TENDER, "--json", "--quiet"])
        steps["score"] = run(["score", TENDER])
        steps["score --quiet"] = run(["score", TENDER, "--quiet"])
        steps["pack"] = run(["pack", TENDER])
        steps["evaluate --json"] = run(["evaluate", TENDER, "--json"])
        # The panel corrects a rationale: an input changes, and the next run says so.
        fill_moderation(folder / "moderation.xlsx", "Agreed at the panel meeting on 13 March.")
        steps["evaluate"] = run(["evaluate", TENDER, "--quiet"])
        steps["folder"] = here  # type: ignore[assignment]
    return steps


def folder_of(flow: dict[str, Result]) -> Path:
    return Path(flow["folder"]) / TENDER  # type: ignore[arg-type]


# ------------------------------------------------------------------------- each step
def test_init_prints_tender_yaml(flow: dict[str, Result]) -> None:
    assert flow["init"].stdout.strip() == f"{TENDER}/tender.yaml"
    assert (folder_of(flow) / "tender.yaml").read_text(encoding="utf-8").count(REFERENCE) == 1


def test_template_prints_the_workbook(flow: dict[str, Result]) -> None:
    assert flow["template"].stdout.strip() == f"{TENDER}/out/response-template.xlsx"


def test_scoresheets_one_per_evaluator(flow: dict[str, Result]) -> None:
    assert flow["scoresheets"].stdout.split() == [f"{TENDER}/scores/{e}.xlsx" for e in EVALUATORS]


def test_moderation_prints_the_workbook(flow: dict[str, Result]) -> None:
    assert flow["moderation"].stdout.strip() == f"{TENDER}/moderation.xlsx"


def test_check_passes_and_lists_every_file(flow: dict[str, Result]) -> None:
    result = flow["check"]
    lines = result.stdout.splitlines()
    for key in BIDDERS:
        assert f"{TENDER}/responses/{key}.xlsx: ok (response)" in lines
    for evaluator in EVALUATORS:
        assert f"{TENDER}/scores/{evaluator}.xlsx: ok (scoresheet)" in lines
    assert f"{TENDER}/moderation.xlsx: ok (moderation)" in lines
    assert result.stderr.strip().endswith("0 problems, 0 warnings found.")


def test_check_quiet_keeps_the_files_and_drops_the_count(flow: dict[str, Result]) -> None:
    assert flow["check --quiet"].stdout == flow["check"].stdout
    assert flow["check --quiet"].stderr == ""


def test_check_json_lists_problems_and_files(flow: dict[str, Result]) -> None:
    result = flow["check --json"]
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["errors"] == 0 and data["problems"] == []
    kinds = {f["path"]: f["kind"] for f in data["files"]}
    assert kinds[f"{TENDER}/moderation.xlsx"] == "moderation"
    assert sorted(p for p, k in kinds.items() if k == "response") == [
        f"{TENDER}/responses/{key}.xlsx" for key in sorted(BIDDERS)
    ]
    assert all(len(f["sha256"]) == 64 for f in data["files"] if f["kind"] == "response")
    assert result.stderr == ""  # --quiet, and no problems


def test_score_prints_the_ranking_and_writes_results(flow: dict[str, Result]) -> None:
    result = flow["score"]
    assert "Rank" in result.stdout and "Status: FINAL" in result.stdout
    ranked = [line for line in result.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert [line.split()[0] for line in ranked] == ["1", "2", "3"]
    assert all(name in result.stdout for name, _, _ in BIDDERS.values())
    assert f"Wrote {TENDER}/out/results.json and {TENDER}/out/results.xlsx" in result.stderr
    assert (folder_of(flow) / "out" / "results.json").is_file()
    assert (folder_of(flow) / "out" / "results.xlsx").is_file()


def test_score_quiet_keeps_the_result_and_drops_the_chatter(flow: dict[str, Result]) -> None:
    assert flow["score --quiet"].stderr == ""
    assert flow["score --quiet"].stdout == flow["score"].stdout


def test_pack_writes_the_pack_and_a_summary_per_bidder(flow: dict[str, Result]) -> None:
    result = flow["pack"]
    lines = result.stdout.split()
    assert lines[0] == f"{TENDER}/out/pack.pdf"
    assert len(lines) == 1 + len(BIDDERS)
    for line in lines:
        assert (Path(flow["folder"]) / line).stat().st_size > 1000  # type: ignore[arg-type]
    assert "assessment summaries (pdf/ua-1)" in result.stderr


def test_evaluate_json_for_scripts(flow: dict[str, Result]) -> None:
    data = json.loads(flow["evaluate --json"].stdout)
    assert data["status"] == "final" and data["reasons"] == []
    assert sorted(b["key"] for b in data["ranking"]) == sorted(BIDDERS)
    assert [b["rank"] for b in data["ranking"]] == [1, 2, 3]
    assert data["flags"] >= 1  # civic's W1: 40 against 80 must be moderated
    assert data["changed_inputs"] == []  # the same inputs as `score` recorded
    here = Path(flow["folder"])  # type: ignore[arg-type]
    assert (here / data["pack"]).is_file()
    assert len(data["summaries"]) == len(BIDDERS)
    assert all((here / path).is_file() for path in data["summaries"] + data["results"])


def test_evaluate_reports_status_flags_files_and_changes(flow: dict[str, Result]) -> None:
    """The second run, after the panel edited moderation.xlsx: the closing report."""
    out = flow["evaluate"].stdout
    assert "Status: FINAL" in out
    assert "Flags for the panel" in out and "Civic Works LLP: moderation required 1" in out
    assert f"pack       {TENDER}/out/pack.pdf" in out
    assert f"summaries  {TENDER}/out/summaries ({len(BIDDERS)} bidders)" in out
    assert f"results    {TENDER}/out/results.json, {TENDER}/out/results.xlsx" in out
    assert "Inputs changed since the last run:" in out
    assert f"changed: {TENDER}/moderation.xlsx" in out
    assert out.count("changed:") == 1
    assert flow["evaluate"].stderr == ""  # --quiet


# --------------------------------------------------------------------------- progress
def test_check_tender_reports_progress_for_each_workbook(flow: dict[str, Result]) -> None:
    messages: list[str] = []
    report = check_tender(folder_of(flow), progress=messages.append)
    assert report.ok
    reading = [m for m in messages if m.startswith("reading ")]
    assert len(reading) == len(BIDDERS) + len(EVALUATORS) + 1
    assert reading[0].startswith(f"reading response 1 of {len(BIDDERS)}: ")
    assert reading[-1].startswith("reading moderation workbook: ")


def test_progress_is_silent_when_stderr_is_not_a_terminal(flow: dict[str, Result]) -> None:
    for step in ("check", "score", "pack", "evaluate"):
        assert "\r" not in flow[step].stderr
        assert "reading " not in flow[step].stderr and "rendering " not in flow[step].stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_status_line_on_a_terminal_rewrites_one_line_and_clears_it() -> None:
    tty = _Terminal()
    line = StatusLine(stream=tty)
    line("reading response 1 of 2: a.xlsx")
    line("scoring")
    line.clear()
    text = tty.getvalue()
    assert text.startswith("\rreading response 1 of 2: a.xlsx\rscoring ")
    assert text.endswith("\r") and "\n" not in text
    quiet = _Terminal()
    StatusLine(quiet=True, stream=quiet)("reading")
    assert quiet.getvalue() == ""
    piped = io.StringIO()
    StatusLine(stream=piped)("reading")
    assert piped.getvalue() == ""


# ------------------------------------------------------------------------------- demo
def test_demo_prints_the_pack_path_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["demo", "try-it"])
    last = result.stdout.splitlines()[-1]
    assert last == "try-it/out/pack.pdf"
    assert (tmp_path / last).is_file()
    assert "Example tender: try-it" in result.stderr
    assert (tmp_path / "try-it" / "out" / "summaries").is_dir()


# ------------------------------------------------------------- the installed command
def test_installed_console_script() -> None:
    """The console script pip installed (beside this Python) runs, outside click's runner."""
    name = "socialvalue.exe" if sys.platform == "win32" else "socialvalue"
    script = Path(sys.executable).parent / name
    found = str(script) if script.is_file() else shutil.which("socialvalue")
    assert found, "the socialvalue console script is not installed (pip install -e .)"
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and __version__ in version.stdout
    listing = subprocess.run([found, "rubric", "list"], capture_output=True, text=True, check=False)
    assert listing.returncode == 0 and "tutorial" in listing.stdout
    completion = subprocess.run(
        [found],
        env={"_SOCIALVALUE_COMPLETE": "bash_source", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "_socialvalue_completion" in completion.stdout  # as docs/cli.md says


def test_help_and_completion_do_not_load_the_pdf_machinery() -> None:
    """--help and shell completion run the command on every keypress: keep them quick."""
    code = "import sys, socialvalue.cli; print(sorted(m for m in sys.modules if 'weasyprint' in m))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
