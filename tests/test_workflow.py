"""The workflow library: scoring a folder gives the same record wherever it is run from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from socialvalue.errors import display_path, stable_paths
from socialvalue.resources import rubrics_dir
from socialvalue.workflow import compare_inputs, example_tender, recorded_inputs, score_tender


def _copy(to: Path) -> Path:
    shutil.copytree(example_tender(), to, ignore=shutil.ignore_patterns("out"))
    return to


def test_results_bytes_do_not_depend_on_location_or_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _copy(tmp_path / "a" / "tender")
    second = _copy(tmp_path / "b" / "deeper" / "tender")
    monkeypatch.chdir(tmp_path)
    score_tender(first)
    monkeypatch.chdir(second)
    score_tender(Path("."))
    a = (first / "out" / "results.json").read_bytes()
    b = (second / "out" / "results.json").read_bytes()
    assert a == b
    files = [f["path"] for f in json.loads(a)["files"]]
    assert "socialvalue:rubrics/local-authority.yaml" in files
    assert "tender/tender.yaml" in files
    assert not any(p.startswith("/") for p in files), files


def test_shipped_files_display_stably_only_when_asked() -> None:
    shipped = rubrics_dir() / "tutorial.yaml"
    with stable_paths():
        assert display_path(shipped) == "socialvalue:rubrics/tutorial.yaml"
    assert not display_path(shipped).startswith("socialvalue:")


def test_changed_inputs_are_named(tmp_path: Path) -> None:
    assert compare_inputs(None, {"a": "1"}) == ()
    before = {"t/tender.yaml": "1", "t/responses/a.xlsx": "2", "t/responses/gone.xlsx": "3"}
    after = {"t/tender.yaml": "9", "t/responses/a.xlsx": "2", "t/responses/new.xlsx": "4"}
    assert compare_inputs(before, after) == (
        "changed: t/tender.yaml",
        "new: t/responses/new.xlsx",
        "removed: t/responses/gone.xlsx",
    )
    assert recorded_inputs(tmp_path / "missing.json") is None
