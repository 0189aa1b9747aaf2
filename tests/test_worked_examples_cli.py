"""The public worked examples (/work/shared/domain.md, examples 1-6) through the command line.

tests/test_scoring_examples.py reproduces them on the library; here each one is a real tender
folder: its own rubric and proxy set (YAML files beside tender.yaml), bidders A, B and C filled in
from the real response template, and, where the example has quality scores, three evaluators'
scoresheets and the moderation workbook made by the forms API and filled in as people would.
Then ``socialvalue score FOLDER`` runs, and every figure is checked in ``out/results.json`` to
the digit (decimals are strings there: docs/results.md), with the ranking table on stdout checked
row by row.

Each folder is built once per module (writing and filling workbooks is the slow part); each test
runs ``socialvalue score`` itself, through the ``cli`` fixture, after removing any earlier
results.json so that what is checked is what this run wrote.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from openpyxl import load_workbook

from socialvalue import testing
from socialvalue.forms import ResponseValues, fill_response
from socialvalue.tender.config import load_rubric_for, load_tender
from socialvalue.tender.forms import make_scoresheets
from socialvalue.workflow import make_moderation_workbook

REFERENCE = "SV-WORKED-2026"
EVALUATORS = ("ann", "bob", "cat")
NAMES = {"a": "Alder Services Ltd", "b": "Birch Works CIC", "c": "Cedar Care LLP"}
#: Example 1's commitments: bidder -> (M1 local FTE, M2 apprenticeship weeks, M3 volunteering hours)
COMMITMENTS = {"a": (3, 104, 500), "b": (2, 52, 1000), "c": (1, 0, 200)}
#: Examples 2 and 3: the method statement's (consensus) quality score on the 0-100 scale.
QUALITY = {"a": 40, "b": 80, "c": 60}

# ----------------------------------------------------------------------------- the YAML files
PROXY_FILE = "worked-example-proxies.yaml"  # found by the rubric's id; tender.yaml names the file
PROXIES = """\
id: worked-example-proxies
name: Worked example proxies (illustrative, not TOMs values)
source: /work/shared/domain.md, public worked examples
version: "1"
licence: CC0-1.0
price_year: 2026
currency: GBP
example: true
values:
  - {measure: M1, unit: FTE, value: 30000}
  - {measure: M2, unit: weeks, value: 250}
  - {measure: M3, unit: hours, value: 17}
"""

MEASURES = """\
        measures:
          - {id: M1, title: Local people employed, unit: FTE}
          - {id: M2, title: Apprenticeship weeks, unit: weeks}
          - {id: M3, title: Staff volunteering, unit: hours}
"""


def scale(scale_id: str, step: int) -> str:
    """A 0-100 scale in steps of ``step``."""
    levels = "".join(
        f"      - {{score: {s}, label: Level {s}, descriptor: Quality at {s} of 100.}}\n"
        for s in range(0, 101, step)
    )
    return (
        f"  - id: {scale_id}\n    title: Quality (0-100 in steps of {step})\n    levels:\n{levels}"
    )


def rubric_yaml(rubric_id: str, body: str, *, percent: int = 10, exception: str = "") -> str:
    """A rubric: the common head (weights in points, 10% weighting unless told), then ``body``."""
    return (
        f"id: {rubric_id}\n"
        "title: Worked example rubric\n"
        'version: "1.0"\n'
        "policy: Worked examples (illustrative)\n"
        "currency: GBP\n"
        "weights: points\n"
        + ("proxy_set: worked-example-proxies\n" if "measures:" in body else "")
        + "weighting:\n"
        f"  social_value_percent: {percent}\n"
        "  policy_minimum_percent: 10\n"
        + (f"  exception: {exception}\n" if exception else "")
        + "scales:\n"
        + scale("s100", 20)
        + scale("s5", 5)
        + "moderation:\n  final_score: consensus\n  mandatory_spread_steps: 1\n"
        + body
    )


QUANT_ONLY = (
    """\
sections:
  - id: sv
    title: Social value
    criteria:
      - id: Q1
        title: Commitments
        weight: 10
        type: quantitative
"""
    + MEASURES
    + """\
        method: {kind: relative_to_best}
rounding: {places: 2, rule: half_up, stage: criterion}
"""
)

BLEND = (
    """\
sections:
  - id: sv
    title: Social value
    criteria:
      - id: Q1
        title: Commitments
        weight: 5
        type: quantitative
"""
    + MEASURES
    + """\
        method: {kind: relative_to_best}
      - id: W1
        title: Method statement
        weight: 5
        type: qualitative
        question: How will you deliver these commitments?
        scale: s100
rounding: {places: 3, rule: half_up, stage: criterion}
"""
)

CREDIBILITY = (
    """\
sections:
  - id: sv
    title: Social value
    criteria:
      - id: Q1
        title: Commitments
        weight: 10
        type: quantitative
"""
    + MEASURES
    + """\
        method: {kind: credibility_adjusted, criterion: W1}
  - id: quality
    title: Quality
    criteria:
      - id: W1
        title: Method statement
        weight: 5
        type: qualitative
        question: How will you deliver these commitments?
        scale: s100
rounding: {places: 2, rule: half_up, stage: criterion}
"""
)

QUALITATIVE_ONLY = """\
sections:
  - id: quality
    title: Quality
    criteria:
      - id: W1
        title: Method statement
        weight: 10
        type: qualitative
        question: How will you recruit and train local people?
        scale: s100
rounding: {places: 2, rule: half_up, stage: criterion}
"""

# A quality of 45% must be a level of the scale the scoresheet offers: a 0-100 scale in steps of 5.
THRESHOLD = (
    """\
sections:
  - id: sv
    title: Social value
    criteria:
      - id: Q1
        title: Commitments
        weight: 50
        type: quantitative
"""
    + MEASURES
    + """\
        method: {kind: relative_to_best}
      - id: W1
        title: Quality
        weight: 50
        type: qualitative
        question: How will you deliver these commitments?
        scale: s5
threshold: {minimum_percent: 50, basis: qualitative}
rounding: {places: 2, rule: half_up, stage: criterion}
"""
)


def tender_yaml(title: str, *, proxies: bool = True, percent: int | None = None) -> str:
    return (
        f"reference: {REFERENCE}\n"
        f"title: {title}\n"
        "buyer: Example Council\n"
        "contract:\n  value: 2000000\n  currency: GBP\n"
        "rubric: rubric.yaml\n"
        + (f"proxy_set: {PROXY_FILE}\n" if proxies else "")
        + (f"social_value_percent: {percent}\n" if percent is not None else "")
        + "evaluators:\n"
        "  - {id: ann, name: Ann Evans, role: Social value lead}\n"
        "  - {id: bob, name: Bob Khan, role: Service manager}\n"
        "  - {id: cat, name: Cat Jones, role: Procurement officer}\n"
    )


# ------------------------------------------------------------------------------- the folders
Scores = Mapping[str, Mapping[str, int]]  # evaluator -> bidder -> W1 score


def agreed(quality: Mapping[str, int]) -> Scores:
    """Every evaluator gives each bidder the same score."""
    return {e: dict(quality) for e in EVALUATORS}


def response_values(key: str) -> ResponseValues:
    fte, weeks, hours = COMMITMENTS[key]
    name = NAMES[key]
    return testing.response_values(
        name,
        quantities={"M1": fte, "M2": weeks, "M3": hours},  # ignored where the rubric has none
        evidence={
            "M1": f"{fte} local hires through the Jobcentre, named in our delivery plan.",
            "M2": f"{weeks} apprenticeship weeks with the local college.",
            "M3": f"{hours} hours with the food bank and two youth clubs.",
        },
        answers={"W1": f"{name} recruits through local colleges and keeps staff with training."},
        contact_email=f"bids@{key}.example",
    )


def build(
    folder: Path,
    rubric: str,
    tender: str,
    *,
    scores: Scores | None = None,
    consensus: Mapping[str, int] | None = None,
) -> Path:
    """A complete tender folder: template, three responses, then scoresheets and moderation."""
    template = testing.make_tender_folder(
        folder, tender, {"rubric.yaml": rubric, PROXY_FILE: PROXIES}
    )
    loaded = load_rubric_for(load_tender(folder))
    for key in NAMES:
        fill_response(template, folder / "responses" / f"{key}.xlsx", response_values(key), loaded)
    if scores is not None:
        written, kept = make_scoresheets(folder)
        assert kept == [] and [p.stem for p in written] == list(EVALUATORS)
        for evaluator, table in scores.items():
            testing.fill_scoresheet(
                folder / "scores" / f"{evaluator}.xlsx",
                {
                    (key, "W1"): (score, f"{evaluator}: {score}, judged on the answer.")
                    for key, score in table.items()
                },
                {key: ("No", None) for key in table},
            )
    if consensus is not None:
        moderate(folder, consensus)
    elif scores is None:  # quantitative only: a Flags-only moderation workbook, no scoresheets
        testing.accept_every_flag(make_moderation_workbook(folder), PANEL_CHECKED)
    return folder


def moderate(folder: Path, consensus: Mapping[str, int]) -> Path:
    """Make the moderation workbook and record the panel's consensus for every bidder."""
    path = testing.fill_moderation(
        make_moderation_workbook(folder),
        {
            (key, "W1"): (score, f"Panel agreed {score} for {NAMES[key]}.")
            for key, score in consensus.items()
        },
    )
    # The worked examples score what is committed: the panel accepts each credibility flag.
    return testing.accept_every_flag(path, PANEL_CHECKED)


PANEL_CHECKED = "Checked against the bid's evidence by the panel."


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("worked-examples")


@pytest.fixture(scope="module")
def ex1(root: Path) -> Path:
    return build(root / "ex1", rubric_yaml("worked-1", QUANT_ONLY), tender_yaml("Example 1"))


@pytest.fixture(scope="module")
def ex2(root: Path) -> Path:
    return build(
        root / "ex2",
        rubric_yaml("worked-2", BLEND),
        tender_yaml("Example 2"),
        scores=agreed(QUALITY),
        consensus=QUALITY,
    )


@pytest.fixture(scope="module")
def ex3(root: Path) -> Path:
    return build(
        root / "ex3",
        rubric_yaml("worked-3", CREDIBILITY),
        tender_yaml("Example 3"),
        scores=agreed(QUALITY),
        consensus=QUALITY,
    )


#: Example 4: A is scored 60 / 80 / 40 (spread 40 = 2 steps of 20: moderation required); C's
#: spread is exactly 1 step (not more than 1: not required); B's evaluators agree.
EX4_SCORES = {
    "ann": {"a": 60, "b": 80, "c": 40},
    "bob": {"a": 80, "b": 80, "c": 40},
    "cat": {"a": 40, "b": 80, "c": 20},
}
EX4_CONSENSUS = {"a": 60, "b": 80, "c": 40}


@pytest.fixture(scope="module")
def ex4_unmoderated(root: Path) -> Path:
    """Example 4 before the panel meets: every scoresheet in, no moderation workbook."""
    return build(
        root / "ex4-unmoderated",
        rubric_yaml("worked-4", QUALITATIVE_ONLY),
        tender_yaml("Example 4", proxies=False),
        scores=EX4_SCORES,
    )


@pytest.fixture(scope="module")
def ex4(root: Path, ex4_unmoderated: Path) -> Path:
    """Example 4 after moderation: the same folder, then the panel's consensus."""
    folder = copy_with(ex4_unmoderated, root / "ex4")
    moderate(folder, EX4_CONSENSUS)
    return folder


#: Example 5: A has the most GBP but 45% quality, below the 50% threshold.
EX5_QUALITY = {"a": 45, "b": 80, "c": 60}


@pytest.fixture(scope="module")
def ex5(root: Path) -> Path:
    return build(
        root / "ex5",
        rubric_yaml("worked-5", THRESHOLD),
        tender_yaml("Example 5"),
        scores=agreed(EX5_QUALITY),
        consensus=EX5_QUALITY,
    )


def copy_with(source: Path, target: Path, **files: str) -> Path:
    """A copy of a built tender folder (outputs left behind) with some files rewritten."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("results.*"))
    for name, text in files.items():
        (target / f"{name}.yaml").write_text(text, encoding="utf-8")
    return target


# ------------------------------------------------------------------------------------ helpers
def score(cli: Any, folder: Path) -> tuple[dict[str, Any], Result]:
    """``socialvalue score FOLDER`` (exit 0): the results.json it wrote, and the result."""
    results = folder / "out" / "results.json"
    results.unlink(missing_ok=True)
    result = cli(["score", str(folder)])
    return json.loads(results.read_text(encoding="utf-8")), result


def bidders(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["key"]: b for b in data["bidders"]}


def criterion(bidder: Mapping[str, Any], cid: str) -> dict[str, Any]:
    [found] = [c for c in bidder["criteria"] if c["id"] == cid]
    return found


def column(data: Mapping[str, Any], cid: str, key: str) -> dict[str, Any]:
    """Bidder key -> criterion ``cid``'s ``key`` (a dotted key reaches inside: ``method.kind``)."""
    out = {}
    for k, b in bidders(data).items():
        value: Any = criterion(b, cid)
        for part in key.split("."):
            value = value[part]
        out[k] = value
    return out


ROW = re.compile(
    r"^\s*(?P<rank>\d+=?|-)\s+(?P<name>\S.*?)\s+(?P<status>ranked|disqualified)"
    r"\s+(?P<total>\S+)\s+(?P<points>\S+)\s+(?P<flags>\d+)$"
)


def table(stdout: str) -> list[tuple[str, str, str, str, str, str]]:
    """The ranking table's bidder rows: (rank, name, status, total, points, flags), in order."""
    rows = []
    for line in stdout.splitlines():
        match = ROW.match(line)
        if match:
            rows.append(match.group("rank", "name", "status", "total", "points", "flags"))
    return rows  # type: ignore[return-value]


# --------------------------------------------------------------------------------- example 1
def test_example_1_gbp_percent_and_scores(cli: Any, ex1: Path) -> None:
    data, _ = score(cli, ex1)
    assert column(data, "Q1", "gbp_value") == {"a": "124500", "b": "90000", "c": "33400"}
    assert column(data, "Q1", "percent_of_contract") == {"a": "6.225", "b": "4.5", "c": "1.67"}
    assert column(data, "Q1", "weighted_points_rounded") == {"a": "10.00", "b": "7.23", "c": "2.68"}
    totals = {k: b["totals"] for k, b in bidders(data).items()}
    assert {k: t["social_value_gbp"] for k, t in totals.items()} == {
        "a": "124500",
        "b": "90000",
        "c": "33400",
    }
    assert {k: t["total_rounded"] for k, t in totals.items()} == {
        "a": "10.00",
        "b": "7.23",
        "c": "2.68",
    }
    assert [r["bidder"] for r in data["ranking"]] == ["a", "b", "c"]
    assert column(data, "Q1", "method.reference_bidder") == {"a": "a", "b": "a", "c": "a"}
    assert column(data, "Q1", "method.reference_value")["c"] == "124500"
    assert data["status"]["state"] == "final" and data["outcome"]["winner"] == "a"
    # A's 104 weeks are 4 x the others' median (26): flagged for the panel, the score unchanged.
    flags = [(f["code"], f["bidder"], f["measure"]) for f in data["flags"]]
    assert flags == [("outlier_commitment", "a", "M2")]
    assert data["rubric"]["rounding"] == {
        "places": 2,
        "rule": "half_up",
        "stage": "criterion",
        "rank_on": "unrounded",
    }


def test_example_1_each_measure_is_valued_with_the_proxies(cli: Any, ex1: Path) -> None:
    data, _ = score(cli, ex1)
    measures = {m["id"]: m for m in criterion(bidders(data)["a"], "Q1")["measures"]}
    assert {m: (v["quantity"], v["proxy_value"], v["gbp_value"]) for m, v in measures.items()} == {
        "M1": ("3", "30000", "90000"),
        "M2": ("104", "250", "26000"),
        "M3": ("500", "17", "8500"),
    }
    # Read from the bidder's real workbook, by the defined name of the quantity cell; the record
    # names it relative to the tender folder.
    assert measures["M2"]["source"] == "responses/a.xlsx: Commitments!D7"
    assert data["proxy_set"]["id"] == "worked-example-proxies"


def test_example_1_ranking_table(cli: Any, ex1: Path) -> None:
    _, result = score(cli, ex1)
    assert "Total /10" in result.stdout and "Points /10" in result.stdout
    assert table(result.stdout) == [  # flags: A's outlier apprenticeship weeks
        ("1", NAMES["a"], "ranked", "10.00", "10.00", "1"),
        ("2", NAMES["b"], "ranked", "7.23", "7.23", "0"),
        ("3", NAMES["c"], "ranked", "2.68", "2.68", "0"),
    ]
    assert "Status: FINAL" in result.stdout


def test_example_1_flags_decided_without_scoresheets(cli: Any, ex1: Path, root: Path) -> None:
    """A quantitative-only tender has no scoresheets: `moderation` writes a Flags-only workbook,
    and the panel's decision on A's outlier makes the result final."""
    folder = copy_with(ex1, root / "ex1-flags-only")
    (folder / "moderation.xlsx").unlink()
    assert not list((folder / "scores").glob("*.xlsx"))
    checked = cli(["check", str(folder)])
    assert "scoresheet" not in checked.stdout + checked.stderr
    data, result = score(cli, folder)
    assert data["status"]["state"] == "provisional" and "Status: PROVISIONAL" in result.stdout
    made = cli(["moderation", str(folder)])
    assert made.stdout.strip().endswith("moderation.xlsx")
    wb = load_workbook(folder / "moderation.xlsx")
    assert wb.sheetnames == ["Instructions", "Flags", "_lists", "_socialvalue"]
    assert "no qualitative criterion" in wb["Instructions"]["B4"].value
    assert testing.flag_rows(folder / "moderation.xlsx") == {("a", "outlier_commitment", "M2"): 1}
    testing.fill_flag_decisions(
        folder / "moderation.xlsx",
        {
            ("a", "outlier_commitment", "M2"): (
                "capped",
                52,
                "The college confirmed 52 weeks.",
                None,
            )
        },
    )
    checked = cli(["check", str(folder)])
    assert "moderation.xlsx: ok (moderation)" in checked.stdout
    data, result = score(cli, folder)
    assert data["status"]["state"] == "final" and "Status: FINAL" in result.stdout
    [decided] = [f for f in data["flags"] if f["code"] == "outlier_commitment"]
    assert decided["decision"]["decision"] == "capped" and decided["decision"]["figure"] == "52"
    assert column(data, "Q1", "gbp_value")["a"] == "111500"  # 52 weeks x 250 instead of 104


# --------------------------------------------------------------------------------- example 2
def test_example_2_blend_inflated_numbers_lose(cli: Any, ex2: Path) -> None:
    data, _ = score(cli, ex2)
    assert column(data, "Q1", "weighted_points_rounded") == {
        "a": "5.000",
        "b": "3.614",
        "c": "1.341",
    }
    assert column(data, "W1", "weighted_points_rounded") == {
        "a": "2.000",
        "b": "4.000",
        "c": "3.000",
    }
    totals = {k: b["totals"]["total_rounded"] for k, b in bidders(data).items()}
    assert totals == {"a": "7.000", "b": "7.614", "c": "4.341"}
    assert [r["bidder"] for r in data["ranking"]] == ["b", "a", "c"]
    assert data["outcome"]["kind"] == "winner" and data["outcome"]["winner"] == "b"
    assert data["status"] == {"state": "final", "reasons": [], "missing": []}


def test_example_2_quality_comes_from_the_panel(cli: Any, ex2: Path) -> None:
    data, _ = score(cli, ex2)
    assert column(data, "W1", "final_score") == {"a": "40", "b": "80", "c": "60"}
    assert column(data, "W1", "basis") == {"a": "consensus", "b": "consensus", "c": "consensus"}
    part = criterion(bidders(data)["b"], "W1")["parts"][0]
    assert [s["evaluator"] for s in part["evaluator_scores"]] == list(EVALUATORS)
    assert [s["score"] for s in part["evaluator_scores"]] == ["80", "80", "80"]
    assert part["consensus"]["rationale"] == f"Panel agreed 80 for {NAMES['b']}."


def test_example_2_ranking_table(cli: Any, ex2: Path) -> None:
    _, result = score(cli, ex2)
    assert table(result.stdout) == [
        ("1", NAMES["b"], "ranked", "7.614", "7.614", "0"),
        ("2", NAMES["a"], "ranked", "7.000", "7.000", "1"),
        ("3", NAMES["c"], "ranked", "4.341", "4.341", "0"),
    ]
    assert f"{NAMES['b']} is ranked first." in result.stdout
    assert "Status: FINAL" in result.stdout


# --------------------------------------------------------------------------------- example 3
def test_example_3_credibility_adjusted(cli: Any, ex3: Path) -> None:
    data, _ = score(cli, ex3)
    assert column(data, "Q1", "method.kind") == dict.fromkeys("abc", "credibility_adjusted")
    assert column(data, "Q1", "method.credibility_fraction") == {"a": "0.4", "b": "0.8", "c": "0.6"}
    assert column(data, "Q1", "method.adjusted_value") == {
        "a": "49800",
        "b": "72000",
        "c": "20040",
    }
    assert column(data, "Q1", "method.reference_bidder") == dict.fromkeys("abc", "b")
    assert column(data, "Q1", "weighted_points_rounded") == {
        "a": "6.92",
        "b": "10.00",
        "c": "2.78",
    }
    assert data["status"]["state"] == "final"


def test_example_3_ranking_table(cli: Any, ex3: Path) -> None:
    _, result = score(cli, ex3)
    assert "Total /15" in result.stdout
    # Totals: the adjusted commitments (/10) plus the method statement (/5).
    assert [(r[0], r[1], r[3]) for r in table(result.stdout)] == [
        ("1", NAMES["b"], "14.00"),
        ("2", NAMES["a"], "8.92"),
        ("3", NAMES["c"], "5.78"),
    ]


# --------------------------------------------------------------------------------- example 4
def test_example_4_moderation_required_and_originals_kept(cli: Any, ex4: Path) -> None:
    data, _ = score(cli, ex4)
    record = {(m["bidder"], m["part"]): m for m in data["moderation"]}
    a = record["a", "W1"]
    assert [(s["evaluator"], s["score"]) for s in a["scores"]] == [
        ("ann", "60"),
        ("bob", "80"),
        ("cat", "40"),
    ]
    assert (a["spread"], a["spread_steps"], a["moderation_required"]) == ("40", "2", True)
    assert (a["consensus"], a["final_score"], a["basis"]) == ("60", "60", "consensus")
    assert a["consensus_rationale"] == f"Panel agreed 60 for {NAMES['a']}."
    c = record["c", "W1"]
    assert (c["spread"], c["spread_steps"], c["moderation_required"]) == ("20", "1", False)
    assert record["b", "W1"]["moderation_required"] is False
    flags = [(f["code"], f["bidder"], f["part"]) for f in data["flags"]]
    assert flags == [("moderation_required", "a", "W1")]
    assert data["status"]["state"] == "final"


def test_example_4_criterion_keeps_every_evaluator_and_rationale(cli: Any, ex4: Path) -> None:
    data, result = score(cli, ex4)
    part = criterion(bidders(data)["a"], "W1")["parts"][0]
    assert [(s["evaluator"], s["score"], s["rationale"]) for s in part["evaluator_scores"]] == [
        ("ann", "60", "ann: 60, judged on the answer."),
        ("bob", "80", "bob: 80, judged on the answer."),
        ("cat", "40", "cat: 40, judged on the answer."),
    ]
    assert part["mean"] == "60" and part["consensus"]["score"] == "60"
    assert part["moderation_required"] is True
    assert table(result.stdout) == [
        ("1", NAMES["b"], "ranked", "8.00", "8.00", "0"),
        ("2", NAMES["a"], "ranked", "6.00", "6.00", "1"),
        ("3", NAMES["c"], "ranked", "4.00", "4.00", "0"),
    ]


def test_example_4_moderation_workbook_says_discussion_required(ex4: Path) -> None:
    wb = load_workbook(ex4 / "moderation.xlsx", read_only=True)
    texts = [str(v) for row in wb["Moderation"].iter_rows(values_only=True) for v in row if v]
    wb.close()
    assert texts.count("Yes: spread 40 is more than 1 scale step (20)") == 1


def test_example_4_without_consensus_is_provisional(cli: Any, ex4_unmoderated: Path) -> None:
    data, result = score(cli, ex4_unmoderated)
    assert data["status"]["state"] == "provisional"
    missing = [
        (m["bidder"], m["part"], m["what"], m["stand_in"], m["stand_in_score"])
        for m in data["status"]["missing"]
    ]
    assert missing == [("a", "W1", "consensus", "mean", "60")]
    assert column(data, "W1", "basis") == {
        "a": "mean_stand_in",
        "b": "mean_no_consensus",
        "c": "mean_no_consensus",
    }
    assert "Status: PROVISIONAL" in result.stdout


# --------------------------------------------------------------------------------- example 5
def test_example_5_threshold_excludes_before_relative(cli: Any, ex5: Path) -> None:
    data, _ = score(cli, ex5)
    by_key = bidders(data)
    a = by_key["a"]
    assert (a["status"], a["rank"]) == ("disqualified", None)
    assert [r["code"] for r in a["disqualification"]["reasons"]] == ["threshold"]
    assert [r["bidder"] for r in data["ranking"]] == ["b", "c"]
    assert data["outcome"]["winner"] == "b"
    # The reference ("best") bid is the best ELIGIBLE bid, B, never A's GBP 124,500.
    assert column(data, "Q1", "method.reference_bidder") == dict.fromkeys("abc", "b")
    assert column(data, "Q1", "method.reference_value") == dict.fromkeys("abc", "90000")
    with localcontext() as ctx:
        ctx.prec = 50
        c_fraction = str(Decimal(33400) / Decimal(90000))
        c_if_a_were_best = str(Decimal(33400) / Decimal(124500))
    fractions = column(data, "Q1", "fraction")
    assert fractions == {"a": "1", "b": "1", "c": c_fraction}  # A capped at full marks
    assert fractions["c"] != c_if_a_were_best
    assert column(data, "Q1", "weighted_points_rounded") == {
        "a": "50.00",
        "b": "50.00",
        "c": "18.56",
    }
    assert column(data, "W1", "weighted_points_rounded") == {
        "a": "22.50",
        "b": "40.00",
        "c": "30.00",
    }
    assert {k: b["totals"]["total_rounded"] for k, b in by_key.items()} == {
        "a": "72.50",
        "b": "90.00",
        "c": "48.56",
    }
    assert data["thresholds"]["threshold"] == {
        "minimum_percent": "50",
        "basis": "qualitative",
        "disqualifies": True,
    }
    assert data["status"]["state"] == "final"


def test_example_5_ranking_table(cli: Any, ex5: Path) -> None:
    _, result = score(cli, ex5)
    assert table(result.stdout) == [
        ("1", NAMES["b"], "ranked", "90.00", "9.00", "0"),
        ("2", NAMES["c"], "ranked", "48.56", "4.86", "0"),
        ("-", NAMES["a"], "disqualified", "72.50", "7.25", "1"),
    ]
    disqualified = [line for line in result.stdout.splitlines() if line.startswith("Disqualified")]
    assert len(disqualified) == 1 and NAMES["a"] in disqualified[0]


# --------------------------------------------------------------------------------- example 6
def value_position(text: str, key: str) -> str:
    """``line:column`` of ``key``'s value in YAML ``text`` (both 1-based)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(f"{key}:"):
            return f"{number}:{line.index(':') + 3}"
    raise AssertionError(f"{key} not in the text")


RUBRIC_5 = rubric_yaml("worked-6", QUANT_ONLY, percent=5)
RUBRIC_5_MESSAGE = (
    "social value is weighted 5%, below the policy minimum of 10%; raise it or state an `exception`"
)


@pytest.mark.parametrize(("percent", "exit_code"), [(5, 1), (10, 0)])
def test_example_6_rubric_check(cli: Any, tmp_path: Path, percent: int, exit_code: int) -> None:
    text = rubric_yaml("worked-6", QUANT_ONLY, percent=percent)
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / PROXY_FILE).write_text(PROXIES, encoding="utf-8")
    result = cli(["rubric", "check", str(path)], exit_code=exit_code)
    if exit_code:
        where = value_position(text, "social_value_percent")
        assert where == "9:25"  # the line that sets the weight, at its value
        assert result.stderr.splitlines() == [
            f"{path}:{where}: {RUBRIC_5_MESSAGE}",
            "1 problem found.",
        ]
        assert result.stdout == f"{path}: problems\n"
    else:
        assert result.stdout == f"{path}: ok\n" and result.stderr == ""


def test_example_6_score_refuses_a_rubric_weighted_5(cli: Any, ex1: Path, root: Path) -> None:
    folder = copy_with(ex1, root / "ex6-rubric-5", rubric=RUBRIC_5)
    result = cli(["score", str(folder)], exit_code=1)
    where = value_position(RUBRIC_5, "social_value_percent")
    # The terminal names the file as the folder was typed (here an absolute path) joined to it.
    assert f"{folder}/rubric.yaml:{where}: {RUBRIC_5_MESSAGE}" in result.stderr.splitlines()
    assert not (folder / "out" / "results.json").exists()


def test_example_6_score_refuses_a_tender_weighted_5(cli: Any, ex1: Path, root: Path) -> None:
    tender = tender_yaml("Example 6", percent=5)
    folder = copy_with(ex1, root / "ex6-tender-5", tender=tender)
    result = cli(["score", str(folder)], exit_code=1)
    where = value_position(tender, "social_value_percent")
    assert (
        f"{folder}/tender.yaml:{where}: social_value_percent 5 is below the policy minimum of 10% "
        "set by rubric `worked-1` (Worked examples (illustrative))"
    ) in result.stderr.splitlines()
    assert not (folder / "out" / "results.json").exists()


def test_example_6_a_tender_weighted_10_passes(cli: Any, ex1: Path, root: Path) -> None:
    folder = copy_with(ex1, root / "ex6-tender-10", tender=tender_yaml("Example 6", percent=10))
    data, result = score(cli, folder)
    w = data["weighting"]
    assert (w["social_value_percent"], w["source"], w["meets_policy_minimum"]) == (
        "10",
        "tender",
        True,
    )
    assert w["text"].endswith("meets the minimum.")
    assert bidders(data)["a"]["totals"]["evaluation_points"] == "10"
    assert table(result.stdout)[0] == ("1", NAMES["a"], "ranked", "10.00", "10.00", "1")


def test_example_6_a_rubric_exception_permits_5(cli: Any, root: Path) -> None:
    """Declared: below the minimum is allowed when the rubric states why (docs/rubrics.md)."""
    reason = "Below-threshold contract; council policy allows 5%."
    folder = build(
        root / "ex6-exception",
        rubric_yaml("worked-6", QUANT_ONLY, percent=5, exception=reason),
        tender_yaml("Example 6"),
    )
    data, result = score(cli, folder)
    w = data["weighting"]
    assert (w["social_value_percent"], w["source"], w["meets_policy_minimum"]) == (
        "5",
        "rubric",
        False,
    )
    assert w["exception"] == reason and w["text"].endswith(f"exception: {reason}")
    assert not any("BELOW the policy minimum" in p["message"] for p in data["warnings"])
    assert bidders(data)["a"]["totals"]["evaluation_points"] == "5"
    assert table(result.stdout)[0] == ("1", NAMES["a"], "ranked", "10.00", "5.00", "1")
    assert "Points /5" in result.stdout
