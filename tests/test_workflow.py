"""The workflow library: scoring a folder gives the same record wherever it is run from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from socialvalue.errors import display_path
from socialvalue.names import TenderFolder
from socialvalue.resources import rubrics_dir
from socialvalue.workflow import (
    EvaluationReport,
    compare_inputs,
    evaluate_tender,
    example_tender,
    recorded_inputs,
    score_tender,
)


def _copy(to: Path) -> Path:
    shutil.copytree(example_tender(), to, ignore=shutil.ignore_patterns("out"))
    return to


def test_results_bytes_do_not_depend_on_location_or_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _copy(tmp_path / "a" / "tender")
    second = _copy(tmp_path / "b" / "deeper" / "renamed")
    monkeypatch.chdir(tmp_path)
    score_tender(first)
    monkeypatch.chdir(second)
    score_tender(Path("."))
    a = (first / "out" / "results.json").read_bytes()
    b = (second / "out" / "results.json").read_bytes()
    assert a == b
    files = [f["path"] for f in json.loads(a)["files"]]
    assert "socialvalue:rubrics/local-authority.yaml" in files
    assert "tender.yaml" in files
    assert "responses/greenway.xlsx" in files
    assert "scores/helen-marsh.xlsx" in files
    assert not any(p.startswith("/") or "tender" in p.split("/")[0] for p in files[1:]), files


def _outputs(folder: Path) -> dict[str, bytes]:
    out = folder / "out"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_every_output_is_the_same_under_another_name_and_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, evaluated_example: EvaluationReport
) -> None:
    # The first run is the shared one: the example evaluated in another folder, from elsewhere.
    first = evaluated_example.out_dir.parent
    assert first.name != "renamed-tender" and tmp_path not in first.parents
    second = _copy(tmp_path / "b" / "deeper" / "renamed-tender")
    monkeypatch.chdir(second / "responses")
    report = evaluate_tender(Path(".."), processes=2)
    a, b = _outputs(first), _outputs(second)
    assert sorted(a) == sorted(b)
    assert {"results.json", "results.xlsx", "pack.pdf"} <= set(a)
    assert any(name.startswith("summaries/") for name in a)
    assert [name for name in a if a[name] != b[name]] == []
    # Moving the folder again is not a change of inputs.
    moved = second.rename(tmp_path / "moved")
    monkeypatch.chdir(tmp_path)
    assert evaluate_tender(moved, processes=2).changed_inputs == ()
    assert report.changed_inputs == ()


def test_tender_files_are_named_against_the_tender_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "work" / "my-tender"
    (folder / "responses").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    names = TenderFolder(Path("my-tender"))
    assert names.name(folder / "responses" / "acme.xlsx") == "responses/acme.xlsx"
    assert names.name(Path("my-tender/tender.yaml")) == "tender.yaml"
    assert names.name(Path("my-tender")) == "."
    assert names.name(tmp_path / "shared" / "r.yaml") == "../../shared/r.yaml"
    link = tmp_path / "work" / "link"
    link.symlink_to(folder)
    assert TenderFolder(link).name(link) == "."
    assert TenderFolder(link).name(link / "responses" / "acme.xlsx") == "responses/acme.xlsx"
    shipped = rubrics_dir() / "tutorial.yaml"
    assert names.name(shipped) == "socialvalue:rubrics/tutorial.yaml"
    assert names.shown("responses/acme.xlsx") == "my-tender/responses/acme.xlsx"
    assert names.shown(".") == "my-tender"
    assert names.shown("socialvalue:rubrics/tutorial.yaml") == "socialvalue:rubrics/tutorial.yaml"
    assert names.shown("SOURCE_DATE_EPOCH") == "SOURCE_DATE_EPOCH"
    assert names.shown("<engine>") == "<engine>"
    assert TenderFolder(Path(".")).shown("responses/acme.xlsx") == "responses/acme.xlsx"
    assert TenderFolder(Path("../t")).shown("../shared/r.yaml") == "../shared/r.yaml"
    # A path typed outside any tender is shown as typed, and shipped files are not renamed.
    assert display_path(shipped) == shipped.as_posix()


def test_a_record_from_an_earlier_version_is_read_relative_to_the_tender(
    tmp_path: Path,
) -> None:
    record = tmp_path / "results.json"
    files = [
        {"path": "old-name/tender.yaml", "sha256": "1", "kind": "tender"},
        {"path": "socialvalue:rubrics/tutorial.yaml", "sha256": "2", "kind": "rubric"},
        {"path": "old-name/responses/acme.xlsx", "sha256": "3", "kind": "response"},
        {"path": "shared/proxies.yaml", "sha256": "4", "kind": "proxy set"},
    ]
    record.write_text(json.dumps({"files": files}))
    assert recorded_inputs(record) == {
        "tender.yaml": "1",
        "socialvalue:rubrics/tutorial.yaml": "2",
        "responses/acme.xlsx": "3",
        "../shared/proxies.yaml": "4",
    }
    files[0]["path"] = "tender.yaml"
    record.write_text(json.dumps({"files": files}))
    assert recorded_inputs(record) == {f["path"]: f["sha256"] for f in files}


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
