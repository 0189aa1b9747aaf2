"""results.json: schema shape, decimals as strings, reproducible bytes, atomic write, reader."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_scoring_helpers import EXAMPLE1_BIDS, inputs, panel, simple_rubric

from socialvalue import __version__
from socialvalue.errors import InputError
from socialvalue.results import score_inputs
from socialvalue.results.json_io import (
    SCHEMA_VERSION,
    read_results_json,
    to_json,
    write_results_json,
)
from socialvalue.scoring import evaluate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "results-sample.json"
TOP = [
    "schema_version",
    "toolkit",
    "status",
    "outcome",
    "tender",
    "rubric",
    "proxy_set",
    "weighting",
    "arithmetic",
    "thresholds",
    "ranking",
    "tie_breaks",
    "ties",
    "bidders",
    "flags",
    "sensitivity",
    "moderation",
    "conflicts",
    "files",
    "warnings",
    "not_assessed",
    "missing_bids",
]


def load_sample_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_results_sample", ROOT / "scripts" / "make_results_sample.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_evaluation():  # type: ignore[no-untyped-def]
    return evaluate(load_sample_script().sample_inputs())


def walk(node: Any, path: str = "$"):  # type: ignore[no-untyped-def]
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}[{i}]")


def test_sample_file_is_in_sync_with_the_engine(tmp_path: Path, sample_evaluation) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "results.json"
    write_results_json(sample_evaluation, out)
    assert out.read_bytes() == SAMPLE.read_bytes(), (
        "tests/data/results-sample.json is stale: run .venv/bin/python scripts/make_results_sample.py"
    )


def test_sample_covers_what_templates_need(sample_evaluation) -> None:  # type: ignore[no-untyped-def]
    data = to_json(sample_evaluation)
    assert list(data) == TOP
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["toolkit"] == {"name": "socialvalue", "version": __version__}
    assert data["status"]["state"] == "provisional"
    assert 3 <= len(data["bidders"]) <= 5
    assert any(b["status"] == "disqualified" for b in data["bidders"])
    assert data["flags"] and data["sensitivity"]["applicable"]
    assert data["proxy_set"]["example"] is True
    assert data["proxy_set"]["label"].startswith("EXAMPLE VALUES")
    assert data["rubric"]["sections"][0]["criteria"][0]["method_text"]
    assert data["rubric"]["scales"][0]["levels"]
    assert {f["kind"] for f in data["files"]} >= {
        "tender",
        "rubric",
        "proxy_set",
        "response",
        "scoresheet",
        "moderation",
    }
    assert data["conflicts"][0]["scored"] is True
    assert data["tender"]["dates"] == {"award": "2026-05-01", "deadline": "2026-03-02"}


def test_decimals_are_strings_and_nothing_is_a_float(sample_evaluation) -> None:  # type: ignore[no-untyped-def]
    data = to_json(sample_evaluation)
    for path, value in walk(data):
        assert not isinstance(value, float), path
    b = data["bidders"][0]
    assert isinstance(b["totals"]["total"], str)
    assert b["totals"]["total_rounded"] == "7.000"  # keeps the rubric's 3 places
    q1 = b["criteria"][0]
    assert q1["measures"][0]["proxy_value"] == "30000" and q1["gbp_value"] == "124500"
    for path, value in walk(data):
        if isinstance(value, str) and path.endswith(("_rounded", ".total", ".fraction")):
            assert "E" not in value, path


def test_every_object_of_a_kind_has_the_same_keys(sample_evaluation) -> None:  # type: ignore[no-untyped-def]
    data = to_json(sample_evaluation)
    bidder_keys = {tuple(b) for b in data["bidders"]}
    assert len(bidder_keys) == 1
    criterion_keys = {tuple(c) for b in data["bidders"] for c in b["criteria"]}
    assert len(criterion_keys) == 1
    flag_keys = {tuple(f) for f in data["flags"]}
    assert flag_keys == {
        (
            "code",
            "bidder",
            "criterion",
            "part",
            "measure",
            "evaluator",
            "reason",
            "needs_decision",
            "decision",
        )
    }


def test_bytes_are_reproducible_and_written_atomically(tmp_path: Path) -> None:
    ev = evaluate(inputs(simple_rubric(), EXAMPLE1_BIDS, scores=panel({"a": 40, "b": 80, "c": 60})))
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    write_results_json(ev, one)
    write_results_json(
        evaluate(inputs(simple_rubric(), EXAMPLE1_BIDS, scores=panel({"a": 40, "b": 80, "c": 60}))),
        two,
    )
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes().endswith(b"}\n")
    assert oct(one.stat().st_mode & 0o777) == "0o644"
    write_results_json(ev, one)  # replace in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.json", "two.json"]


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ev = evaluate(inputs(simple_rubric(), EXAMPLE1_BIDS))
    target = tmp_path / "results.json"
    target.write_text("old", encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_results_json(ev, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_reader_round_trip_and_version_check(tmp_path: Path) -> None:
    ev = evaluate(inputs(simple_rubric(), EXAMPLE1_BIDS))
    path = write_results_json(ev, tmp_path / "results.json")
    assert read_results_json(path) == json.loads(json.dumps(to_json(ev)))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = "2.0"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        InputError, match=r'schema_version "2.0" is not supported \(this toolkit reads "1.x"\)'
    ):
        read_results_json(path)
    data["schema_version"] = "1.7"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_results_json(path)["schema_version"] == "1.7"
    del data["schema_version"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="no schema_version"):
        read_results_json(path)
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="expected a JSON object"):
        read_results_json(path)
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(InputError, match=r"not a results\.json file"):
        read_results_json(path)
    with pytest.raises(InputError, match="not found"):
        read_results_json(tmp_path / "missing.json")


def test_score_inputs_writes_both_files(tmp_path: Path) -> None:
    ev = score_inputs(
        inputs(simple_rubric(), EXAMPLE1_BIDS, scores=panel({"a": 40, "b": 80, "c": 60})),
        tmp_path / "out",
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["results.json", "results.xlsx"]
    assert (
        read_results_json(tmp_path / "out" / "results.json")["outcome"]["winner"]
        == ev.outcome.winner
    )


def test_no_timestamp_but_input_dates(sample_evaluation) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps(to_json(sample_evaluation))
    import re

    dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", text))
    # The key dates and the sample clarification's (asked, answered): all from the inputs.
    assert dates == {"2026-05-01", "2026-03-02", "2026-03-09", "2026-03-12"}
