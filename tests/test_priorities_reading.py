"""Every bad-row message, in CSV and xlsx; the CLI end to end; reproducible bytes."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from socialvalue.cli import main
from socialvalue.errors import InputError
from socialvalue.priorities.reading import read_answers
from socialvalue.rubric.load import load_rubric
from socialvalue.workbook.writer import new_workbook, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
RUBRIC = ROOT / "rubrics" / "keep-it-local.yaml"
EXAMPLE = ROOT / "examples" / "consultation"
IDS = ["community", "local-spend", "local-jobs"]

BAD_RANKS = [
    ["respondent", "ward", "community", "local-spend", "local-jobs"],
    ["R1", "Abbey", "1", "2", "3"],
    ["R2", "Abbey", "1", "", "3"],
    ["R3", "Abbey", "1", "1", "3"],
    ["R1", "Castle", "3", "2", "1"],
    ["R5", "Castle", "1", "2", "4"],
]
RANK_MESSAGES = [
    "local-spend: no answer: the ranking is incomplete (answer every item)",
    "rank 1 given twice: rank each item once, 1 to 3",
    'respondent "R1" answered twice (first in row 2)',
    "ranks must be whole numbers from 1 to 3",
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    wb = new_workbook()
    ws = wb.create_sheet("Responses")
    for row in rows:
        ws.append([int(v) if v.isdigit() else v for v in row])
    path.write_bytes(workbook_bytes(wb))
    return path


def problems(path: Path, method: str, ids: list[str] = IDS) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_answers(path, ids, method, ("ward",))  # type: ignore[arg-type]
    return [str(p) for p in caught.value.problems]


WHERE = {
    "csv": ["s.csv:3", "s.csv:4", "s.csv:5", "s.csv:6"],
    "xlsx": [
        "s.xlsx: Responses!D3",
        "s.xlsx: Responses!A4",
        "s.xlsx: Responses!A5",
        "s.xlsx: Responses!A6",
    ],
}


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_bad_rows_are_all_named_by_line_or_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (write_csv if suffix == "csv" else write_xlsx)(tmp_path / f"s.{suffix}", BAD_RANKS)
    expected = [
        f"{where}: {message}" for where, message in zip(WHERE[suffix], RANK_MESSAGES, strict=True)
    ]
    assert problems(tmp_path / f"s.{suffix}", "roc") == expected


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_points_unknown_criterion_and_ahp_scale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write = write_csv if suffix == "csv" else write_xlsx
    points = write(tmp_path / f"p.{suffix}", [
        ["respondent", "community", "local-spend", "local-jobs"],
        ["R1", "50", "30", "19"],
    ])  # fmt: skip
    assert [p.split(": ", 1 if suffix == "csv" else 2)[-1] for p in problems(points, "points")] == [
        "the points add up to 99, not 100"
    ]
    unknown = write(
        tmp_path / f"u.{suffix}",
        [["respondent", "community", "parks", "local-spend", "local-jobs"]],
    )
    assert problems(unknown, "roc")[0].endswith(
        'unknown criterion "parks": expected one of community, local-spend, local-jobs'
    )
    pairs = write(tmp_path / f"a.{suffix}", [
        ["respondent", "community vs local-spend", "community vs local-jobs", "local-spend vs local-jobs"],
        ["R1", "3", "1/3", "12"],
    ])  # fmt: skip
    assert problems(pairs, "ahp")[0].endswith(
        "local-spend vs local-jobs: outside the 1/9..9 scale (use 1-9 or 1/2-1/9)"
    )


def test_derive_end_to_end_reproduces_the_shipped_example(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    args = ["priorities", "derive", str(RUBRIC), str(EXAMPLE / "responses.csv"), "--method", "roc",
            "--name", "Keep it local survey", "--from", "2026-02-01", "--to", "2026-02-28",
            "--field", "ward", "--alternative", "rank-sum", "--version", "1.0-community", "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "400 of 400 responses used" in result.output
    assert "local-jobs: 35 -> 43" in result.output
    shipped = (EXAMPLE / "keep-it-local-community.yaml").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped
    record = json.loads(out.with_suffix(".provenance.json").read_text(encoding="utf-8"))
    assert record == json.loads((EXAMPLE / "keep-it-local-community.provenance.json").read_text())
    rubric = load_rubric(out)
    assert sum(c.weight for _, c in rubric.criteria()) == 100
    assert (
        "Weights derived from 400 residents' rankings collected 1-28 February 2026"
        in rubric.notes[0]
    )
    assert rubric.notes[0].endswith(
        "The alternative declared, rank sum, would give community 26, local-spend 34, local-jobs 40."
    )
    assert record["alternative_weights"] == {"community": 26, "local-spend": 34, "local-jobs": 40}
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and out.read_text(encoding="utf-8") == shipped


def test_derive_reports_bad_rows_without_a_traceback(tmp_path: Path) -> None:
    survey = write_csv(tmp_path / "s.csv", BAD_RANKS)
    out = tmp_path / "new.yaml"
    result = CliRunner().invoke(main, ["priorities", "derive", str(RUBRIC), str(survey), "--method", "borda",
                                       "--name", "x", "--from", "2026-02-01", "--to", "2026-02-02",
                                       "--field", "ward", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 1
    assert RANK_MESSAGES[1] in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_template_bytes_are_reproducible(tmp_path: Path) -> None:
    outs = []
    for name in ("a.xlsx", "b.xlsx"):
        result = CliRunner().invoke(main, ["priorities", "template", str(RUBRIC), "--field", "ward",
                                           "-o", str(tmp_path / name)])  # fmt: skip
        assert result.exit_code == 0, result.output
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    csv = CliRunner().invoke(main, ["priorities", "template", str(RUBRIC), "--format", "csv", "--method", "ahp",
                                    "-o", str(tmp_path / "f.csv")])  # fmt: skip
    assert csv.exit_code == 0
    assert (tmp_path / "f.csv").read_text() == (
        "respondent,community vs local-spend,community vs local-jobs,local-spend vs local-jobs\n"
    )


def test_huge_or_tiny_answers_are_refused_not_computed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    survey = write_csv(tmp_path / "h.csv", [
        ["respondent", "community", "local-spend", "local-jobs"],
        ["R1", "1e-999999", "1e999999", "5000"],
    ])  # fmt: skip
    assert problems(survey, "points") == [
        'h.csv:2: community: "1e-999999" is not a number',
        'h.csv:2: local-spend: "1e999999" is not a number',
        'h.csv:2: local-jobs: "5000" is too large (at most 1000)',
    ]


def test_the_hash_is_of_the_bytes_read(tmp_path: Path) -> None:
    survey = write_xlsx(tmp_path / "s.xlsx", BAD_RANKS[:2])
    answers = read_answers(survey, IDS, "roc", ("ward",))
    assert answers.sha256 == hashlib.sha256(survey.read_bytes()).hexdigest()
    assert answers.rows == {"R1": {"community": 1, "local-spend": 2, "local-jobs": 3}}


def test_the_example_responses_are_regenerated_byte_for_byte() -> None:
    spec = importlib.util.spec_from_file_location(
        "make", ROOT / "scripts" / "make_consultation_example.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.responses() == (EXAMPLE / "responses.csv").read_bytes()


@pytest.mark.parametrize(
    ("rows", "method", "message"),
    [
        ([["respondent", "community", "community", "local-spend", "local-jobs"]], "roc", 's.csv:1: the column "community" appears twice'),
        ([["respondent", "community", "local-jobs"]], "roc", 's.csv:1: no column "local-spend"'),
        ([["respondent", "community", "local-spend", "local-jobs"], ["", "1", "2", "3"]], "roc", "s.csv:2: no respondent id"),
        ([["respondent", "community", "local-spend", "local-jobs"], ["R1", "-10", "60", "50"]], "points", "s.csv:2: points cannot be negative"),
        ([["respondent", "community", "local-spend", "local-jobs"]], "roc", "s.csv:2: has no responses"),
        ([["respondent", "community", "local-spend", "local-jobs"], ["R1", "one", "2", "3"]], "borda", 's.csv:2: community: "one" is not a number'),
    ],
)  # fmt: skip
def test_each_other_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[list[str]],
    method: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems(write_csv(tmp_path / "s.csv", rows), method) == [message]


def test_a_survey_that_is_not_utf8_or_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.csv").write_bytes(b"respondent,\xff\n")
    assert problems(tmp_path / "s.csv", "roc") == ["s.csv: is not UTF-8 text (byte 11)"]
    assert problems(tmp_path / "none.csv", "roc") == ["none.csv: file not found"]
