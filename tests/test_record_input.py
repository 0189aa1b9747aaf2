"""The record as input: `pack` checks a hand-edited results.json against the published schema
before rendering, with one message per departure named by its JSON path (issue 15 item 14)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from socialvalue.errors import InputError
from socialvalue.results.json_io import MAX_SCHEMA_PROBLEMS, read_results_json
from tests.hostile.folder_cases import RECORD_EDITS
from tests.test_pack_build import make_tender, sample


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return change


#: The corpus' hand edits: name -> (change, the message pack gives).
CASES = {
    name: (_set(path, value), message) for name, (path, value, message) in RECORD_EDITS.items()
}


@pytest.mark.parametrize("case", CASES)
def test_edited_record_is_refused_by_json_path(tmp_path: Path, cli, case: str) -> None:
    change, message = CASES[case]
    data = sample()
    change(data)
    tender = make_tender(tmp_path / "t", data)
    result = cli(["pack", str(tender), "--processes", "1"], exit_code=1)
    assert "Traceback" not in result.stdout + result.stderr
    assert f"out/results.json: {message}" in result.stderr
    assert not (tender / "out" / "pack.pdf").exists()
    assert not (tender / "out" / "summaries").exists()


def test_no_schema_version_says_so(tmp_path: Path) -> None:
    data = sample()
    del data["schema_version"]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="no schema_version"):
        read_results_json(path)


def test_every_departure_is_reported_up_to_a_bound(tmp_path: Path) -> None:
    data = sample()
    for bidder in data["bidders"]:
        for key in bidder["totals"]:
            bidder["totals"][key] = "NaN"
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_results_json(path, "results.json")
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == MAX_SCHEMA_PROBLEMS + 1
    assert messages[0].startswith("$.bidders[0].totals.")
    assert messages[-1].endswith("more departures from the schema")


def test_a_written_record_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(sample()), encoding="utf-8")
    assert read_results_json(path)["schema_version"] == sample()["schema_version"]
