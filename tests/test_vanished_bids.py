"""A bid that vanishes (issue 15 item 12): a response the last run scored, deleted since.

A bid leaves the evaluation only by a status recorded in tender.yaml; a response that simply
disappears keeps the result PROVISIONAL, naming the file, run after run, until it is put back
or its status is recorded. Through the command line on worked example 1's tender folder (three
bidders, quantitative only, FINAL once the panel accepts its one flag).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from test_worked_examples_cli import NAMES, QUANT_ONLY, build, rubric_yaml, tender_yaml

from socialvalue.model import MissingBid
from socialvalue.tender.vanished import last_scored

REASON = (
    f"The response of {NAMES['c']} (responses/c.xlsx), scored in an earlier run, is missing "
    "from responses/ and tender.yaml records no status for the bid (`bids:`)"
)
WARNING = "/responses/c.xlsx: warning: scored in an earlier run (out/results.json: Cedar Care LLP)"


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Worked example 1 as a tender folder, moderated; not yet scored."""
    root = tmp_path_factory.mktemp("vanished")
    return build(root / "tender", rubric_yaml("worked-1", QUANT_ONLY), tender_yaml("Example 1"))


def fresh(scored: Path, tmp_path: Path, cli: Any) -> Path:
    """A copy of the folder, scored once with every response in (FINAL)."""
    folder = tmp_path / "tender"
    shutil.copytree(scored, folder, ignore=shutil.ignore_patterns("out"))
    result = cli(["score", str(folder)])
    assert "Status: FINAL" in result.stdout
    return folder


def record(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "out" / "results.json").read_text("utf-8"))
    return data


def sheet_rows(folder: Path, sheet: str) -> list[tuple[Any, ...]]:
    """The rows of a sheet of out/results.xlsx, as values."""
    wb = load_workbook(folder / "out" / "results.xlsx")
    return list(wb[sheet].iter_rows(values_only=True))


def test_a_deleted_response_keeps_the_result_provisional(
    cli: Any, scored: Path, tmp_path: Path
) -> None:
    folder = fresh(scored, tmp_path, cli)
    (folder / "responses" / "c.xlsx").unlink()
    checked = cli(["check", str(folder)])
    assert WARNING in checked.stderr
    result = cli(["score", str(folder)])
    assert "Status: PROVISIONAL" in result.stdout and REASON in result.stdout
    data = record(folder)
    assert data["status"]["state"] == "provisional"
    assert any(r.startswith(REASON) for r in data["status"]["reasons"])
    assert [b["key"] for b in data["bidders"]] == ["a", "b"]
    [missing] = data["missing_bids"]
    assert (missing["key"], missing["name"], missing["file"]) == (
        "c",
        NAMES["c"],
        "responses/c.xlsx",
    )
    assert len(missing["sha256"]) == 64
    listed = sheet_rows(folder, "Not assessed")
    assert ("c", NAMES["c"], "responses/c.xlsx", missing["sha256"]) in [r[:4] for r in listed]
    # The record remembers it: the next run is still provisional, for the same reason.
    again = cli(["score", str(folder)])
    assert "Status: PROVISIONAL" in again.stdout and REASON in again.stdout
    assert [b["key"] for b in record(folder)["missing_bids"]] == ["c"]


def test_evaluate_says_provisional_naming_the_file(cli: Any, scored: Path, tmp_path: Path) -> None:
    folder = fresh(scored, tmp_path, cli)
    with (folder / "tender.yaml").open("a", encoding="utf-8") as f:
        f.write("pack:\n  generated: 2026-03-10\n")
    assert "Status: FINAL" in cli(["evaluate", str(folder)]).stdout
    (folder / "responses" / "c.xlsx").unlink()
    result = cli(["evaluate", str(folder)])
    assert "PROVISIONAL" in result.stdout and "FINAL" not in result.stdout
    assert REASON in result.stdout
    assert "removed: " in result.stdout and "responses/c.xlsx" in result.stdout


def test_a_recorded_status_lets_the_bid_leave(cli: Any, scored: Path, tmp_path: Path) -> None:
    folder = fresh(scored, tmp_path, cli)
    (folder / "responses" / "c.xlsx").unlink()
    cli(["score", str(folder)])
    with (folder / "tender.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "bids:\n  c:\n    status: withdrawn\n"
            "    reason: Withdrawn by the bidder's letter of 3 March 2026.\n"
            "    date: 2026-03-03\n"
        )
    result = cli(["score", str(folder)])
    assert "Status: FINAL" in result.stdout and REASON not in result.stdout
    data = record(folder)
    assert data["missing_bids"] == []
    assert [(n["key"], n["status"]) for n in data["not_assessed"]] == [("c", "withdrawn")]
    assert (
        ("c", "c", "withdrawn", "2026-03-03")
        in [  # no file: named by its key
            r[:4] for r in sheet_rows(folder, "Not assessed")
        ]
    )


def test_a_response_put_back_is_scored_again(cli: Any, scored: Path, tmp_path: Path) -> None:
    folder = fresh(scored, tmp_path, cli)
    kept = tmp_path / "c.xlsx"
    shutil.move(folder / "responses" / "c.xlsx", kept)
    assert "Status: PROVISIONAL" in cli(["score", str(folder)]).stdout
    shutil.move(kept, folder / "responses" / "c.xlsx")
    result = cli(["score", str(folder)])
    assert "Status: FINAL" in result.stdout
    assert record(folder)["missing_bids"] == []
    assert [b["key"] for b in record(folder)["bidders"]] == ["a", "b", "c"]


def test_an_unreadable_response_is_never_silently_left_out(
    cli: Any, scored: Path, tmp_path: Path
) -> None:
    """A response the last run scored that no longer reads is an error: nothing is scored (and
    the last outputs stay as they were) until it is fixed or the bid's status is recorded."""
    folder = fresh(scored, tmp_path, cli)
    before = (folder / "out" / "results.json").read_bytes()
    (folder / "responses" / "c.xlsx").write_bytes(b"not a workbook")
    result = cli(["score", str(folder)], exit_code=1)
    assert "responses/c.xlsx" in result.stderr
    assert "record its status in tender.yaml" in result.stderr
    assert (folder / "out" / "results.json").read_bytes() == before


@pytest.mark.parametrize(
    ("record_text", "expected"),
    [
        ("", []),  # not JSON
        ("[]", []),  # not a record
        ('{"bidders": [{"key": 1}]}', []),
        (  # an earlier version named files from the tender's parent folder
            '{"bidders": [{"key": "c", "name": "Cedar", "file": "my-tender/responses/c.xlsx", '
            '"sha256": "ab"}]}',
            [MissingBid("c", "Cedar", "responses/c.xlsx", "ab")],
        ),
        (
            '{"bidders": [], "missing_bids": [{"key": "c", "name": "Cedar", '
            '"file": "responses/c.xlsx", "sha256": "ab"}]}',
            [MissingBid("c", "Cedar", "responses/c.xlsx", "ab")],
        ),
    ],
)
def test_the_last_record_is_read_leniently(
    tmp_path: Path, record_text: str, expected: list[MissingBid]
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "results.json").write_text(record_text, encoding="utf-8")
    assert last_scored(tmp_path) == expected
