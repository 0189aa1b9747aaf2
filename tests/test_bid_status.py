"""Bids not assessed (issue 13 item 3): tender.yaml's ``bids:`` records a bid as rejected,
non-compliant, withdrawn or late, with a reason and a date. Such a bid no longer holds up the
scoresheets or the scoring of the others; it is in no calculation; the record, the pack's
exclusions and audit appendix keep it, and its bidder's summary says why it was not assessed.

Everything runs through the ``socialvalue`` command on real tender folders."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from forms_support import EVALUATORS, TENDER, add_response, fill_scores, good_values, make_tender
from openpyxl import load_workbook
from pypdf import PdfReader

from socialvalue.cli import main
from socialvalue.forms import fill_by_names
from socialvalue.tender.forms import make_moderation
from socialvalue.testing import cli_runner

PARTS = ("W1a", "W1b", "W2")
DATED = TENDER + "dates:\n  deadline: 2026-02-20\npack:\n  generated: 2026-04-01\n"
REASON = "The form was not signed: the declaration is blank (clause 4.2 of the instructions)."
STATUS = f"""\
bids:
  cobalt:
    status: non-compliant
    reason: "{REASON}"
    date: 2026-03-02
"""
LATE = """\
  dynamo:
    status: late
    reason: Received at 14:20 on 20 February 2026, after the 12:00 deadline.
    date: 2026-02-20
"""
ADVICE_HEAD = (
    "1 response has errors, and they hold up the scoresheets and the scoring of every bid: cobalt."
)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def _broken(folder: Path) -> Path:
    """cobalt's response: a quantity in words, an error that refuses the response."""
    return add_response(folder, "cobalt", good_values("Cobalt Ltd", quantities={"M1": "lots"}))


def _score_and_moderate(folder: Path, bidders: tuple[str, ...]) -> None:
    """Every evaluator scores ``bidders``; the panel agrees a consensus for each."""
    for evaluator in EVALUATORS:
        scores: dict[tuple[str, str], tuple[object, object]] = {
            (b, p): (3 if p == "W2" else 60, f"{evaluator} on {b} {p}")
            for b in bidders
            for p in PARTS
        }
        fill_scores(
            folder / "scores" / f"{evaluator}.xlsx", scores, {b: ("No", None) for b in bidders}
        )
    make_moderation(folder)
    cells: dict[str, object] = {}
    for b in bidders:
        for p in PARTS:
            cells[f"sv_consensus_{b}_{p}"] = 3 if p == "W2" else 60
            cells[f"sv_consensus_rationale_{b}_{p}"] = f"Agreed on {b} {p}: a credible plan."
    fill_by_names(folder / "moderation.xlsx", folder / "moderation.xlsx", cells)


def _folder(root: Path, tender_text: str = DATED) -> Path:
    folder = make_tender(root / "tender", tender_text=tender_text)
    add_response(folder, "acme")
    add_response(folder, "bravo", good_values("Bravo plc", quantities={"M1": 5}))
    _broken(folder)
    return folder


# ---------------------------------------------------------------------- what blocks, and the way out
def test_check_names_the_bids_that_block_and_suggests_a_status(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _folder(tmp_path)
    monkeypatch.chdir(folder)
    lines = cli(["check", "."], exit_code=1).stderr.splitlines()
    start = lines.index(ADVICE_HEAD)
    assert lines[start + 1 :] == [
        "Fix them; or, for a bid that will not be assessed (rejected, non-compliant, withdrawn "
        "or late), record its status in tender.yaml and the others go ahead without it:",
        "  bids:",
        "    cobalt:",
        "      status: rejected | non-compliant | withdrawn | late",
        "      reason: why it is not assessed (the pack and the bidder's summary say so)",
        "      date: YYYY-MM-DD",
        "1 problem, 1 warning found.",
    ]
    assert lines[0].startswith("responses/cobalt.xlsx: Commitments!")
    # scoresheets refuses every evaluator's sheet for one broken response, and says why.
    result = cli(["scoresheets", "."], exit_code=1)
    assert ADVICE_HEAD in result.stderr.splitlines()
    assert "    cobalt:" in result.stderr.splitlines()
    assert not list((folder / "scores").glob("*.xlsx"))


def test_a_recorded_status_unblocks_the_scoresheets_for_the_others(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _folder(tmp_path, DATED + STATUS)
    monkeypatch.chdir(folder)
    result = cli(["check", "."], exit_code=0)
    warnings = result.stderr.splitlines()
    assert warnings[0] == (
        "responses/cobalt.xlsx: warning: not assessed: tender.yaml (line 19) records this bid as "
        f'non-compliant on 2026-03-02 ("{REASON}"); it is left out of the scoresheets and the '
        "scoring, and its problems below do not block"
    )
    assert warnings[1].startswith("responses/cobalt.xlsx: Commitments!")
    assert warnings[1].endswith('found "lots" (bid not assessed: non-compliant)')
    assert "responses/cobalt.xlsx: 2 warnings (response, not assessed: non-compliant)" in (
        result.stdout.splitlines()
    )
    assert "hold up" not in result.stderr
    cli(["scoresheets", "."], exit_code=0)
    for evaluator in EVALUATORS:
        ws = load_workbook(folder / "scores" / f"{evaluator}.xlsx")["Conflicts"]
        keys = {row[0] for row in ws.iter_rows(min_row=1, values_only=True)}
        assert {"acme", "bravo"} <= keys and "cobalt" not in keys


def test_bids_problems_name_line_and_column(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = (
        "bids:\n"
        "  cobalt:\n"
        "    status: disqualified\n"
        "    date: 2 March\n"
        "    note: typo\n"
        "  dynamo: late\n"
    )
    folder = _folder(tmp_path)
    (folder / "tender.yaml").write_text(DATED + bad, encoding="utf-8")
    monkeypatch.chdir(folder)
    lines = cli(["check", "."], exit_code=1).stderr.splitlines()
    assert lines == [
        "tender.yaml:19:5: bid `cobalt` needs `reason`",
        "tender.yaml:19:13: status must be one of rejected, non-compliant, withdrawn, late; "
        'got "disqualified"',
        'tender.yaml:20:11: date must be a date written YYYY-MM-DD, got "2 March"',
        "tender.yaml:21:5: unknown key `note` in bid `cobalt`",
        'tender.yaml:22:11: bids: `dynamo` must be a mapping with status, reason and date, got "late"',
        "5 problems, 0 warnings found.",
    ]


# ------------------------------------------------------------------ the record and the calculations
def _scored(root: Path, cli, extra: str = "") -> dict:  # type: ignore[no-untyped-def]
    """A folder with acme and bravo assessed (cobalt recorded), scored; its results.json."""
    folder = _folder(root, DATED + STATUS + extra)
    cli(["scoresheets", str(folder)], exit_code=0)
    _score_and_moderate(folder, ("acme", "bravo"))
    cli(["score", str(folder)], exit_code=0)
    return json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))


def test_the_record_keeps_each_bid_not_assessed_with_its_file_and_hash(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    data = _scored(tmp_path, cli, LATE)
    folder = tmp_path / "tender"
    digest = hashlib.sha256((folder / "responses" / "cobalt.xlsx").read_bytes()).hexdigest()
    assert data["not_assessed"] == [
        {
            "key": "cobalt",
            "name": "cobalt",  # its response could not be read: its name is not known
            "status": "non-compliant",
            "reason": REASON,
            "date": "2026-03-02",
            "file": "responses/cobalt.xlsx",
            "sha256": digest,
        },
        {
            "key": "dynamo",
            "name": "dynamo",
            "status": "late",
            "reason": "Received at 14:20 on 20 February 2026, after the 12:00 deadline.",
            "date": "2026-02-20",
            "file": None,  # recorded, but no file was kept
            "sha256": None,
        },
    ]
    assert [b["key"] for b in data["bidders"]] == ["bravo", "acme"]
    assert {"path": "responses/cobalt.xlsx", "sha256": digest, "kind": "response"} in data["files"]
    assert any("has no dynamo.xlsx" in w["message"] for w in data["warnings"])


def test_a_bid_not_assessed_is_in_no_relative_calculation(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    """A late bid committing far more than the others would be the reference ("best") bid of
    relative_to_best: recorded late, the others score exactly as if it had never come."""
    without = _scored(tmp_path / "a", cli)
    folder = _folder(tmp_path / "b", DATED + STATUS + LATE)
    add_response(folder, "dynamo", good_values("Dynamo Ltd", quantities={"M1": 500}))
    cli(["check", str(folder)], exit_code=0)
    cli(["scoresheets", str(folder)], exit_code=0)
    _score_and_moderate(folder, ("acme", "bravo"))
    cli(["score", str(folder)], exit_code=0)
    late = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    assert [n["key"] for n in late["not_assessed"]] == ["cobalt", "dynamo"]
    assert late["not_assessed"][1]["name"] == "Dynamo Ltd"
    assert late["bidders"] == without["bidders"]
    assert late["ranking"] == without["ranking"]
    q1 = next(c for c in late["bidders"][0]["criteria"] if c["id"] == "Q1")
    assert q1["method"]["reference_bidder"] == "bravo"
    assert late["flags"] == without["flags"]


def test_a_status_recorded_after_the_scoresheets_ignores_its_scores(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    folder = make_tender(tmp_path / "tender", tender_text=DATED)
    add_response(folder, "acme")
    add_response(folder, "bravo", good_values("Bravo plc", quantities={"M1": 5}))
    cli(["scoresheets", str(folder)], exit_code=0)
    (folder / "tender.yaml").write_text(
        DATED + "bids:\n  bravo:\n    status: withdrawn\n    reason: Withdrawn by letter.\n"
        "    date: 2026-03-03\n",
        encoding="utf-8",
    )
    _score_and_moderate(folder, ("acme",))
    result = cli(["check", str(folder)], exit_code=0)
    assert (
        "scores/ann.xlsx: warning: has scores for responses/bravo.xlsx, a bid not assessed "
        "(tender.yaml records it as withdrawn): they are ignored"
    ) in [line.replace(f"{folder}/", "") for line in result.stderr.splitlines()]
    shown = cli(["score", str(folder)], exit_code=0).stdout.splitlines()
    assert "Not assessed: Bravo plc (withdrawn, 2026-03-03): Withdrawn by letter." in shown
    data = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    assert [b["key"] for b in data["bidders"]] == ["acme"]
    assert [n["name"] for n in data["not_assessed"]] == ["Bravo plc"]
    assert {m["bidder"] for m in data["moderation"]} == {"acme"}


def test_a_status_sets_aside_a_response_sent_in_another_format(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    folder = make_tender(tmp_path / "tender", tender_text=DATED)
    add_response(folder, "acme")
    ods = folder / "responses" / "echo.ods"
    ods.write_bytes(b"PK\x03\x04 an OpenDocument spreadsheet")
    result = cli(["check", "--json", str(folder)], exit_code=1)
    assert json.loads(result.stdout)["advice"][0].endswith("every bid: echo.")
    (folder / "tender.yaml").write_text(
        DATED + "bids:\n  echo:\n    status: non-compliant\n"
        "    reason: Sent as an .ods file, not on the .xlsx response form.\n"
        "    date: 2026-03-02\n",
        encoding="utf-8",
    )
    report = json.loads(cli(["check", "--json", str(folder)], exit_code=0).stdout)
    assert report["advice"] == []
    echo = next(f for f in report["files"] if f["path"].endswith("echo.ods"))
    digest = hashlib.sha256(ods.read_bytes()).hexdigest()
    assert (echo["kind"], echo["sha256"], echo["not_assessed"]) == (
        "response",
        digest,
        "non-compliant",
    )
    cli(["score", str(folder)], exit_code=0)
    data = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    assert [(n["key"], n["file"], n["sha256"]) for n in data["not_assessed"]] == [
        ("echo", "responses/echo.ods", digest)
    ]


# ---------------------------------------------------------------------- the pack and the summaries
@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tender with cobalt recorded non-compliant, evaluated through the command."""
    root = tmp_path_factory.mktemp("status")
    folder = _folder(root, DATED + STATUS)
    runner = cli_runner()
    assert runner.invoke(main, ["scoresheets", str(folder)]).exit_code == 0
    _score_and_moderate(folder, ("acme", "bravo"))
    result = runner.invoke(main, ["evaluate", str(folder)])
    assert result.exit_code == 0, result.stderr
    return folder


def test_the_pack_lists_the_bid_in_the_exclusions_and_the_audit(evaluated: Path) -> None:
    text = pdf_text(evaluated / "out" / "pack.pdf")
    # The Summary names it beside the ranking, the Exclusions with its reason.
    assert "Not assessed, and in no figure above (see Exclusions): cobalt (non-compliant)." in (
        text
    )
    exclusions = text[text.index("Bids not assessed") :]
    assert "Bids not assessed" in exclusions
    assert f"cobalt responses/cobalt.xlsx Non-compliant {REASON} 2 March 2026" in exclusions
    digest = hashlib.sha256((evaluated / "responses" / "cobalt.xlsx").read_bytes()).hexdigest()
    # (the kind column is narrow: its text breaks after "non-")
    audit = text[text.index("Audit appendix Provenance") :].replace("non- ", "non-")
    assert f"responses/cobalt.xlsx response (not assessed: non-compliant) {digest}" in audit


def test_its_summary_says_why_it_was_not_assessed(evaluated: Path) -> None:
    summaries = sorted(p.name for p in (evaluated / "out" / "summaries").glob("*.pdf"))
    assert summaries == ["acme-ltd.pdf", "bravo-plc.pdf", "cobalt.pdf"]
    text = pdf_text(evaluated / "out" / "summaries" / "cobalt.pdf")
    assert (
        "Your tender was found non-compliant. It was not assessed and cannot be awarded the "
        "contract."
    ) in text
    assert f"Status Non-compliant Reason {REASON} Date of the decision 2 March 2026" in text
    assert "Your tender was given no score on the social value criteria." in text
    assert "Total" not in text and "points" not in text
    # The others' summaries are as before: scored, and the winner's.
    assert "Your tender" in pdf_text(evaluated / "out" / "summaries" / "acme-ltd.pdf")
