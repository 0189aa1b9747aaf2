"""The example tenders in examples/: the complete one checks clean and scores as designed; the messy
copy reports exactly the planted problems listed in its EXPECTED-PROBLEMS.txt.

The workbooks are committed (made by scripts/make_example_tender.py, saved by LibreOffice), so
these tests need no LibreOffice.
"""

from __future__ import annotations

import collections
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from socialvalue.scoring import evaluate
from socialvalue.tender.inputs import CheckReport, check_tender

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-tender"
MESSY = ROOT / "examples" / "messy-tender"
EXPECTED = MESSY / "EXPECTED-PROBLEMS.txt"

# The bidder profiles the example was built to show: key -> legal name.
INFLATED, STRONG, LOCAL, BELOW_THRESHOLD, MIDDLE, TEXT_NUMBERS = (
    "brightstar",
    "greenway",
    "afon",
    "quickserve",
    "mercia",
    "harbour",
)
NAMES = {
    INFLATED: "BrightStar Environmental Group plc",
    STRONG: "Greenway Community Services Ltd",
    LOCAL: "Afon Valley Community Co-operative Ltd",
    BELOW_THRESHOLD: "QuickServe Outsourcing Solutions Ltd",
    MIDDLE: "Mercia Grounds & Cleansing Ltd",
    TEXT_NUMBERS: "Harbour & Hythe Services LLP",
}
EVALUATORS = ("helen-marsh", "raj-patel", "owen-pritchard")
PARTS = ("LA-JOBS-MS", "LA-COMM-MS", "LA-ENV-MS", "LA-DELIVERY-MS")
# Parts where the evaluators' spread is more than one scale step (20): moderation required.
DISPUTED = {
    (INFLATED, "LA-JOBS-MS"),
    (INFLATED, "LA-DELIVERY-MS"),
    (STRONG, "LA-ENV-MS"),
    (LOCAL, "LA-COMM-MS"),
    (BELOW_THRESHOLD, "LA-COMM-MS"),
    (MIDDLE, "LA-DELIVERY-MS"),
}


def digests(*folders: Path) -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def report() -> CheckReport:
    return check_tender(EXAMPLE)


# ------------------------------------------------------------------------- the complete example
def test_example_checks_clean(report: CheckReport) -> None:
    assert [str(p) for p in report.problems] == []
    assert [str(p) for p in report.warnings] == []
    inputs = report.inputs
    assert inputs is not None
    assert {r.key for r in inputs.responses} == set(NAMES)
    assert sorted(s.evaluator for s in inputs.scoresheets) == sorted(EVALUATORS)
    assert inputs.moderation is not None
    consensus = {(c.bidder, c.part): c for c in inputs.moderation.entries}
    assert set(consensus) == {(b, p) for b in NAMES for p in PARTS}
    assert all(c.score is not None and c.rationale for c in consensus.values())
    kinds = collections.Counter(f.kind for f in report.files)
    assert kinds == {
        "tender": 1,
        "rubric": 1,
        "proxy_set": 1,
        "response": 6,
        "scoresheet": 3,
        "moderation": 1,
    }


def test_example_has_the_designed_profiles(report: CheckReport) -> None:
    assert report.inputs is not None
    responses = {r.key: r for r in report.inputs.responses}
    assert {key: r.name for key, r in responses.items()} == NAMES
    assert report.inputs.tender.rubric == "local-authority"
    assert report.inputs.tender.contract_value == Decimal(2400000)
    # Numbers typed as text read as the numbers meant.
    typed = responses[TEXT_NUMBERS]
    quantities = {c.measure: c.quantity for c in typed.commitments}
    assert quantities["LA-JOBS-1"] == Decimal(10)  # " 10 "
    assert quantities["LA-JOBS-2"] == Decimal("2.5")  # "2.5"
    assert quantities["LA-COMM-1"] == Decimal(1000)  # "1,000"
    assert quantities["LA-COMM-2"] == Decimal(12000)  # "£12,000"
    assert quantities["LA-GROWTH-1"] == Decimal(250000)  # "£250,000"
    # The inflated bid commits more FTE than the contract could pay for.
    fte = sum(
        c.quantity
        for c in responses[INFLATED].commitments
        if c.measure in ("LA-JOBS-1", "LA-JOBS-2")
    )
    assert fte * 28000 > report.inputs.tender.contract_value
    # One evaluator declared a conflict with the local enterprise and did not score it.
    conflicts = [c for s in report.inputs.scoresheets for c in s.conflicts if c.declared]
    assert [(c.evaluator, c.bidder) for c in conflicts] == [("owen-pritchard", LOCAL)]
    owen = next(s for s in report.inputs.scoresheets if s.evaluator == "owen-pritchard")
    assert all(s.score is None for s in owen.scores if s.bidder == LOCAL)


def test_cli_check_example_passes(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = cli(["check", "examples/example-tender"], exit_code=0)
    assert result.stderr.splitlines() == ["0 problems, 0 warnings found."]
    lines = result.stdout.splitlines()
    assert len(lines) == 13
    assert all(": ok (" in line for line in lines), lines


# ------------------------------------------------------------------------------ the messy copy
def test_messy_reports_exactly_the_expected_lines(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    assert expected and expected[-1] == "12 problems, 7 warnings found."
    monkeypatch.chdir(MESSY)
    result = cli(["check", "."], exit_code=1)
    got = result.stderr.splitlines()
    assert sorted(got) == sorted(expected)
    assert collections.Counter(got) == collections.Counter(expected)


@pytest.mark.parametrize(
    ("where", "typed"), [(ROOT, "examples/messy-tender"), (MESSY / "scores", "..")]
)
def test_check_score_and_evaluate_name_each_problem_alike(  # type: ignore[no-untyped-def]
    cli, monkeypatch: pytest.MonkeyPatch, where: Path, typed: str
) -> None:
    expected, advice = _advice_apart(EXPECTED.read_text(encoding="utf-8").splitlines()[:-1])
    monkeypatch.chdir(where)
    shown = [line if line.startswith("socialvalue:") else f"{typed}/{line}" for line in expected]
    for command in ("check", "score", "evaluate"):
        got, got_advice = _advice_apart(cli([command, typed], exit_code=1).stderr.splitlines()[:-1])
        assert collections.Counter(got) == collections.Counter(shown), command
        assert got_advice == advice, command  # the same advice, whatever the folder is called


def _advice_apart(lines: list[str]) -> tuple[list[str], list[str]]:
    """The problem lines, and the advice after them about the responses that block."""
    start = next(i for i, line in enumerate(lines) if " responses have errors, and " in line)
    return lines[:start], lines[start:]


def test_messy_plants_every_kind_of_problem() -> None:
    text = EXPECTED.read_text(encoding="utf-8")
    yaml = (MESSY / "tender.yaml").read_text(encoding="utf-8").splitlines()
    late = yaml.index("    status: late") + 1  # the late bid's status line, 1-based
    for needle in (
        'made for tender "ABC-2025-093", not this tender "ABC-2026-017"',  # another template
        'found "about five"',  # words for a number
        "expected a number of 0 or more, found -5000",  # negative
        "expected a number from 0 to 5200, found 6000",  # over the maximum
        "this must be filled in, but the cell is empty",  # missing answer
        "warning: the answer has 411 words, over the limit of 400",  # word limit
        "the cell holds the formula =SUM(200000,50000): type the value itself",  # a formula
        "expected a score on the scale (0, 20, 40, 60, 80 or 100), found 50",
        "the score 80 has no rationale",
        "(bidder afon, LA-JOBS-MS, score): a conflict of interest with this bidder is declared",
        'warning: extra sheet "Workings"',
        "responses/afon.xlsm: warning: the workbook contains macros",
        "responses/riverside-landscapes.xlsx: this is a password-protected (encrypted)",
        "responses/parkcare.xlsx: this is a text/CSV file",
        "responses/tidy-towns.xlsx: the file is empty (0 bytes)",
        "responses/greenway-brochure.pdf: warning: is not a workbook: ignored",
        # a late bid recorded in tender.yaml: not assessed, its problem only a warning
        f"responses/kestrel.xlsx: warning: not assessed: tender.yaml (line {late}) records this bid "
        "as late on 2026-02-20",
        'found "TBC" (bid not assessed: late)',
        # and what to do about the responses that hold up the others
        "7 responses have errors, and they hold up the scoresheets and the scoring of every "
        "bid: brightstar, harbour, northgate, parkcare, quickserve, riverside-landscapes, "
        "tidy-towns.",
        "warning: GBP 5,400,000 committed is more than the contract value of GBP 2,400,000: a "
        "credibility flag (spend_above_contract)",  # an inflated bid
    ):
        assert text.count(needle) == 1, needle


# ------------------------------------------------------------------------- nothing is modified
def test_checking_leaves_every_input_unchanged(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    before = digests(EXAMPLE, MESSY)
    assert len(before) >= 29
    check_tender(EXAMPLE)
    check_tender(MESSY)
    monkeypatch.chdir(ROOT)
    cli(["check", "examples/example-tender"], exit_code=0)
    cli(["check", "examples/messy-tender"], exit_code=1)
    assert digests(EXAMPLE, MESSY) == before


# ------------------------------------------------------------------------------------ scoring
@pytest.fixture(scope="module")
def evaluation(report: CheckReport):  # type: ignore[no-untyped-def]
    assert report.inputs is not None
    return evaluate(report.inputs)


def test_engine_scores_the_profiles_as_designed(evaluation) -> None:  # type: ignore[no-untyped-def]
    ev = evaluation
    assert ev.status.state == "final", ev.status.reasons  # the moderation is complete
    # (4) qualitative marks below 40%: disqualified before any relative calculation.
    below = ev.bidder(BELOW_THRESHOLD)
    assert below.status == "disqualified"
    assert [r.code for r in below.disqualification] == ["threshold"]
    assert all(b.eligible for b in ev.bidders if b.key != BELOW_THRESHOLD)
    # (1) inflated claims trip the credibility flags; the panel's decisions cap them.
    codes = {f.code for f in ev.bidder(INFLATED).flags}
    assert {"social_value_above_share", "fte_cost_above_contract", "outlier_commitment"} <= codes
    assert ev.bidder(INFLATED).totals.percent_of_contract > 50
    # (2) modest numbers with strong evidence win.
    assert ev.outcome.winner == STRONG
    credibility = {"social_value_above_share", "fte_cost_above_contract", "outlier_commitment"}
    for key in (STRONG, LOCAL, MIDDLE, TEXT_NUMBERS):
        assert not credibility & {f.code for f in ev.bidder(key).flags}, key
    # Moderation was required where the evaluators disagreed, and recorded.
    required = {(m.bidder, m.part) for m in ev.moderation if m.moderation_required}
    assert required == DISPUTED
    assert all(m.consensus is not None for m in ev.moderation)
    # The declared conflict is on record, unscored, so no conflict_scored flag.
    declared = [(c.evaluator, c.bidder, c.scored) for c in ev.conflicts if c.declared]
    assert declared == [("owen-pritchard", LOCAL, False)]
    assert not [f for f in ev.flags if f.code == "conflict_scored"]
