"""Clarifications (issue 13 item 8): a question asked of a bidder and its answer are recorded in
tender.yaml, checked with line and column, kept in results.json per bidder, shown in the pack's
bidder section and in that bidder's assessment summary; an open one keeps the result
provisional; a response resubmitted after one keeps the original's SHA-256 in the audit
appendix. Through the CLI on real tender folders."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest
import test_worked_examples_cli as worked
from forms_support import TENDER
from pypdf import PdfReader
from test_conflicts import _folder as moderated_folder
from test_scoring_helpers import inputs, panel, simple_rubric

from socialvalue.model import Clarification
from socialvalue.results.codec import from_json
from socialvalue.scoring import evaluate
from socialvalue.testing import fill_flag_decisions, flag_rows, make_tender_folder

DATES = """\
dates:
  published: 2026-01-05
  deadline: 2026-02-20
  award: 2026-04-10
pack:
  generated: 2026-04-01
"""
BASE = TENDER + DATES
SAMPLE = Path(__file__).parent / "data" / "results-sample.json"
ORIGINAL = "ab" * 32
QUESTION = "Please confirm the three local hires are new posts, not transfers."
ANSWER = "Confirmed: three new posts, advertised through Ashcombe Works first."
ANSWERED = f"""\
clarifications:
  - id: CQ-01
    bidder: acme
    criterion: M1
    asked: 2026-03-02
    answered: 2026-03-05
    question: {QUESTION}
    answer: "{ANSWER}"
    resubmitted:
      original_sha256: {ORIGINAL}
      original_file: acme-original.xlsx
"""
OPEN = """\
clarifications:
  - id: CQ-02
    bidder: bravo
    criterion: W1
    asked: 2026-03-09
    question: What do you mean by local?
"""


@pytest.fixture(scope="module")
def moderated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bidders (Acme Ltd, Bravo plc), three evaluators, moderation agreed: a final result
    before any clarification."""
    return moderated_folder(tmp_path_factory.mktemp("clarify"), {}, tender_text=BASE)


def tender_with(moderated: Path, tmp_path: Path, clarifications: str) -> Path:
    """A copy of the moderated tender whose tender.yaml ends with ``clarifications``."""
    folder = tmp_path / "tender"
    shutil.copytree(moderated, folder)
    (folder / "tender.yaml").write_text(BASE + clarifications, encoding="utf-8")
    return folder


def check_errors(moderated: Path, tmp_path: Path, cli: Any, clarifications: str) -> str:
    """``socialvalue check``'s error output for the moderated tender with ``clarifications``."""
    result = cli(["check", str(tender_with(moderated, tmp_path, clarifications))], exit_code=1)
    return str(result.stderr)


def record(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "out" / "results.json").read_text("utf-8"))
    return data


def pdf_pages(path: Path) -> list[str]:
    """Each page's text with its whitespace joined up (a long hash may wrap anywhere)."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def squeezed(pages: list[str]) -> str:
    return "".join("".join(pages).split())


def line_of(text: str, needle: str) -> int:
    """The 1-based line of tender.yaml (BASE + text) where ``needle`` first is."""
    whole = BASE + text
    return whole[: whole.index(needle)].count("\n") + 1


# ------------------------------------------------------------------ tender.yaml problems


def test_every_problem_in_clarifications_names_its_line_and_column(
    tmp_path: Path, cli: Any
) -> None:
    text = """\
clarifications:
  - id: CQ-01
    bidder: acme
    asked: 2026-03-10
    answered: 2026-03-02
    question: Which depot?
    answer: Station Road.
  - id: CQ-01
    bidder: bravo
    asked: 2026-03-02
    question: Which vans?
  - id: CQ-03
    bidder: acme
    asked: 2026-13-01
    qestion: Typo?
  - id: CQ-04
    bidder: acme
    asked: 2026-03-02
    question: Which vans?
    answer: Electric ones.
    resubmitted:
      original_sha256: not-a-hash
  - id: CQ-05
    bidder: acme
    asked: 2026-03-02
    answered: 5 March
    question: Which vans?
    answer: Electric ones.
"""
    folder = tmp_path / "tender"
    make_tender_folder(folder, BASE + text, template=False)
    result = cli(["check", str(folder)], exit_code=1)
    errors = [line for line in result.stderr.splitlines() if "tender.yaml:" in line]

    def at(needle: str, column: int) -> str:
        return f"tender.yaml:{line_of(text, needle)}:{column}: "

    expected = [
        at("answered: 2026-03-02", 15)
        + "clarification CQ-01: answered 2026-03-02 is before asked 2026-03-10 (line "
        + f"{line_of(text, 'asked: 2026-03-10')})",
        at("  - id: CQ-01\n    bidder: bravo", 9)
        + f"duplicate clarification id `CQ-01` (first given at line {line_of(text, 'CQ-01')})",
        at("qestion", 5) + "unknown key `qestion` in a clarification (did you mean `question`?)",
        at("2026-13-01", 12) + 'asked must be a date written YYYY-MM-DD, got "2026-13-01"',
        at("answer: Electric", 13)
        + "clarification CQ-04 has an answer: give the date it was `answered`",
        at("original_sha256", 24)
        + "clarification CQ-04: original_sha256 must be the original response's SHA-256, 64 "
        'hexadecimal digits (as `socialvalue check` lists it), got "not-a-hash"',
        at("resubmitted:", 5)
        + "clarification CQ-04: a response resubmitted after a clarification answers it: give "
        "the date it was `answered` and the `answer`",
        # A malformed date is the one problem: the answer is not reported as undated.
        at("5 March", 15) + 'answered must be a date written YYYY-MM-DD, got "5 March"',
    ]
    for line in expected:
        assert any(line in e for e in errors), (line, errors)
    assert len(errors) == len(expected), errors  # each problem once, and nothing else


UNKNOWN = """\
clarifications:
  - id: CQ-01
    bidder: acmee
    criterion: W9
    asked: 2026-03-02
    question: Which depot?
"""
MISDATED = """\
clarifications:
  - id: CQ-01
    bidder: acme
    asked: 2026-02-10
    question: Which depot?
  - id: CQ-02
    bidder: bravo
    asked: 2026-04-01
    answered: 2026-04-14
    question: Which vans?
    answer: Electric ones.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            UNKNOWN,
            [
                (
                    "acmee",
                    13,
                    "clarification CQ-01: no response from bidder `acmee` in responses/ (bidders "
                    "are named by their response file, responses/<bidder>.xlsx: acme, bravo) (did "
                    "you mean `acme`?)",
                ),
                (
                    "W9",
                    16,
                    "clarification CQ-01: criterion `W9` is not in rubric `forms-test` (a "
                    "criterion, sub-criterion or measure id: Q1, M1, M2, M3, M4, W1, W1a, W1b, W2)",
                ),
            ],
        ),
        (
            MISDATED,
            [
                (
                    "2026-02-10",
                    12,
                    "warning: clarification CQ-01: asked 2026-02-10 is before the deadline "
                    "(2026-02-20, dates.deadline)",
                ),
                (
                    "2026-04-14",
                    15,
                    "clarification CQ-02: answered 2026-04-14 is after the award (2026-04-10, "
                    "dates.award): a clarification is settled before the award decision",
                ),
            ],
        ),
    ],
    ids=["unknown bidder and criterion", "dates against the key dates"],
)
def test_a_clarification_that_does_not_fit_the_folder_is_reported_at_its_line(
    moderated: Path, tmp_path: Path, cli: Any, text: str, expected: list[tuple[str, int, str]]
) -> None:
    stderr = check_errors(moderated, tmp_path, cli, text)
    for needle, column, message in expected:
        assert f"tender.yaml:{line_of(text, needle)}:{column}: {message}" in stderr
    cli(["evaluate", str(tmp_path / "tender")], exit_code=1)
    assert not (tmp_path / "tender" / "out" / "results.json").exists()


def test_an_original_hash_that_is_the_file_read_now_is_an_error(
    moderated: Path, tmp_path: Path, cli: Any
) -> None:
    current = hashlib.sha256((moderated / "responses" / "acme.xlsx").read_bytes()).hexdigest()
    text = ANSWERED.replace(ORIGINAL, current.upper())
    assert (
        f"tender.yaml:{line_of(text, 'original_sha256')}:24: clarification CQ-01: "
        "responses/acme.xlsx is the original response itself (the same SHA-256): put the "
        "resubmitted response in responses/, or remove `resubmitted`"
    ) in check_errors(moderated, tmp_path, cli, text)


# ------------------------------------------------------------------ the record, pack, summaries


def test_an_open_clarification_keeps_the_result_provisional(
    moderated: Path, tmp_path: Path, cli: Any
) -> None:
    cli(["score", str(tender_with(moderated, tmp_path / "before", "")), "--quiet"])
    assert record(tmp_path / "before" / "tender")["status"]["state"] == "final"
    folder = tender_with(moderated, tmp_path, OPEN)
    checked = cli(["check", str(folder)], exit_code=0)
    assert (
        f"tender.yaml:{line_of(OPEN, 'id: CQ-02')}:9: warning: clarification CQ-02, asked of "
        "bravo on W1 on 2026-03-09, has no answer yet: the result is provisional until its "
        "`answered` date and `answer` are recorded"
    ) in checked.stderr
    cli(["evaluate", str(folder)])
    data = record(folder)
    assert data["status"]["state"] == "provisional"
    assert data["status"]["reasons"] == [
        "Clarification CQ-02, asked of Bravo plc on W1 on 2026-03-09, has no answer recorded "
        "(tender.yaml `clarifications`): the result stays provisional until the bidder's answer "
        "is recorded."
    ]
    bravo = next(b for b in data["bidders"] if b["key"] == "bravo")
    assert bravo["clarifications"] == [
        {
            "id": "CQ-02",
            "criterion": "W1",
            "state": "open",
            "asked": "2026-03-09",
            "answered": None,
            "question": "What do you mean by local?",
            "answer": None,
            "resubmitted": None,
        }
    ]
    cover = pdf_pages(folder / "out" / "pack.pdf")[0]
    assert "Status: PROVISIONAL" in cover and "Clarification CQ-02, asked of Bravo plc" in cover


def test_an_answered_clarification_and_resubmission_in_record_pack_and_summary(
    moderated: Path, tmp_path: Path, cli: Any
) -> None:
    folder = tender_with(moderated, tmp_path, ANSWERED)
    cli(["check", str(folder)], exit_code=0)
    cli(["evaluate", str(folder)])
    data = record(folder)
    assert data["status"]["state"] == "final"
    acme = next(b for b in data["bidders"] if b["key"] == "acme")
    current = acme["sha256"]
    assert acme["clarifications"] == [
        {
            "id": "CQ-01",
            "criterion": "M1",
            "state": "answered",
            "asked": "2026-03-02",
            "answered": "2026-03-05",
            "question": QUESTION,
            "answer": ANSWER,
            "resubmitted": {
                "file": "responses/acme.xlsx",
                "sha256": current,
                "original_sha256": ORIGINAL,
                "original_file": "acme-original.xlsx",
            },
        }
    ]
    assert next(b for b in data["bidders"] if b["key"] == "bravo")["clarifications"] == []

    pages = pdf_pages(folder / "out" / "pack.pdf")
    [section] = [p for p in pages if "Clarifications asked of Acme Ltd" in p]
    assert "CQ-01 On M1 Asked 2 March 2026 Answered 5 March 2026" in section
    assert QUESTION in section and ANSWER in section
    assert ORIGINAL in squeezed([section])
    [audit] = [p for p in pages if "Responses resubmitted after a clarification" in p]
    assert f"Now:{current}Original(acme-original.xlsx):{ORIGINAL}" in squeezed([audit])
    assert "responses/acme.xlsx (Acme Ltd) CQ-01" in audit
    assert not any("Clarifications asked of Bravo plc" in p for p in pages)

    own = pdf_pages(folder / "out" / "summaries" / "acme-ltd.pdf")
    assert "Clarifications of your tender" in " ".join(own) and ANSWER in " ".join(own)
    other = pdf_pages(folder / "out" / "summaries" / "bravo-plc.pdf")
    assert not any("CQ-01" in p or "Clarifications of your tender" in p for p in other)


# ------------------------------------------------------------------ units


def test_engine_open_and_answered_clarifications() -> None:
    base = inputs(
        simple_rubric(quant=None),
        {"a": {}, "b": {}},
        scores=panel({"a": [60, 60, 60], "b": [60, 60, 60]}),
    )
    asked = Clarification("CQ-9", "b", None, dt.date(2026, 3, 1), "Which depot?")
    tender = attrs.evolve(base.tender, clarifications=(asked,))
    ev = evaluate(attrs.evolve(base, tender=tender))
    assert ev.status.state == "provisional" and ev.status.missing == ()
    assert ev.status.reasons == (
        "Clarification CQ-9, asked of B on 2026-03-01, has no answer recorded (tender.yaml "
        "`clarifications`): the result stays provisional until the bidder's answer is recorded.",
    )
    answered = attrs.evolve(asked, answered=dt.date(2026, 3, 2), answer="Station Road.")
    tender = attrs.evolve(base.tender, clarifications=(answered,))
    again = evaluate(attrs.evolve(base, tender=tender))
    assert again.status.state == "final"
    # A clarification never changes a score.
    assert again.bidder("b").totals == ev.bidder("b").totals


def test_a_record_without_clarifications_reads_as_none() -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert data["bidders"][0]["clarifications"][0]["id"] == "CQ-01"
    for bidder in data["bidders"]:
        del bidder["clarifications"]
    assert all(b.clarifications == () for b in from_json(data).bidders)


# ------------------------------------------------------------------ a decision citing one

CITED = """\
clarifications:
  - id: CQ-01
    bidder: a
    criterion: M2
    asked: 2026-03-02
    answered: 2026-03-04
    question: Are the 104 apprenticeship weeks on this contract?
    answer: Yes, two apprentices for the full year with the local college.
  - id: CQ-02
    bidder: b
    asked: 2026-03-02
    answered: 2026-03-03
    question: Which food bank?
    answer: The Ashcombe food bank.
"""


@pytest.fixture(scope="module")
def quantitative(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Worked example 1 (quantitative only, one flag: A's outlier M2) with two clarifications."""
    root = tmp_path_factory.mktemp("cited")
    tender = worked.tender_yaml("Example 1") + CITED
    folder = worked.build(
        root / "tender", worked.rubric_yaml("worked-1", worked.QUANT_ONLY), tender
    )
    (folder / "moderation.xlsx").unlink()  # made again by each test, from the command
    return folder


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (
            "CQ-09",
            "no clarification CQ-09 in tender.yaml (clarifications: CQ-01, CQ-02): cite the id of "
            "the clarification the decision rests on",
        ),
        (
            "CQ-02",
            f"clarification CQ-02 was asked of bidder b (tender.yaml line "
            f"{(worked.tender_yaml('Example 1') + CITED).splitlines().index('    bidder: b') + 1}"
            "), not of a: cite a clarification asked of this bidder",
        ),
    ],
)
def test_a_clarified_decision_must_cite_a_clarification_of_its_bidder(
    quantitative: Path, tmp_path: Path, cli: Any, reference: str, message: str
) -> None:
    folder = tmp_path / "tender"
    shutil.copytree(quantitative, folder)
    cli(["moderation", str(folder)])
    flag = ("a", "outlier_commitment", "M2")
    decided = ("clarified", None, "The bidder confirmed the weeks in writing.", reference)
    fill_flag_decisions(folder / "moderation.xlsx", {flag: decided})
    row = 5 + flag_rows(folder / "moderation.xlsx")[flag]
    stderr = cli(["check", str(folder)], exit_code=1).stderr
    assert (
        f"moderation.xlsx: Flags!K{row} (flag 1: outlier_commitment for a, decision clarified): "
        + message
    ) in stderr
    cli(["score", str(folder)], exit_code=1)
    assert not (folder / "out" / "results.json").exists()
    # Cited right, the decision stands and the result is final.
    fill_flag_decisions(folder / "moderation.xlsx", {flag: (*decided[:3], "CQ-01")})
    cli(["check", str(folder)])
    result = cli(["score", str(folder)])
    assert "Status: FINAL" in result.stdout
    [entry] = [f for f in record(folder)["flags"] if f["code"] == "outlier_commitment"]
    assert (entry["decision"]["decision"], entry["decision"]["reference"]) == ("clarified", "CQ-01")
