"""Hostile response file names through every output (issue 15 item 1), as a matrix.

One tender holds a response under each of the corpus' :data:`HOSTILE_FILE_NAMES` (a dot in the
stem, a name closing a formula placeholder, a newline, leading dashes, spaces, quotes, brackets,
a DDE formula, a right-to-left override, a zero-width space, a terminal escape). ``check`` and
``evaluate`` run through the CLI, and every output is read back:

* ``check``'s listing: every line is one file, as the listing format says (the folder, the
  file's name, ``: `` and what it is), so no name can forge a line; no raw control character;
* results.xlsx: exactly the formulas a clean run of the same tender has (sheet names aside),
  and each name as text with its markers;
* results.json: each file named exactly;
* the pack and the summaries (text read back with pypdf): each name with visible markers for
  its control and format characters, and none of them raw.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pack_text
import pytest
from hostile.corpus import HOSTILE_FILE_NAMES
from pypdf import PdfReader

from socialvalue.names import visible
from tests.test_hostile_names import _scored_tender

RAW = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
UNFIT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: Names with a control character or bytes that are not UTF-8 are refused by check (Windows
#: allows none in a file name, no workbook can hold them); every other name is a bidder key.
REFUSED = tuple(name for name in HOSTILE_FILE_NAMES if UNFIT.search(name))
KEYS = tuple(name.removesuffix(".xlsx") for name in HOSTILE_FILE_NAMES if name not in REFUSED)
#: Each bidder's legal name is its file's stem, so that the summaries print it too (typed as
#: text: a name typed with a leading "=" would be a formula, which check refuses).
NAMES = tuple("@" + key[1:] if key.startswith("=") else key for key in KEYS)
CLEAN = tuple(f"bidder-{n:02d}" for n in range(len(KEYS)))
#: A listing line: the tender folder (or a shipped file), a name, ": ", a status, "(kind)".
LISTED = re.compile(r"^(?P<path>.+): (?P<status>.+) \((?P<kind>[a-z ]+)\)$")


def _invoke():  # type: ignore[no-untyped-def]
    from tests.conftest import cli as _cli  # the fixture's function, outside a test

    return _cli.__wrapped__()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    invoke = _invoke()
    tender = _scored_tender(tmp_path_factory.mktemp("filenames") / "t", invoke, KEYS, NAMES)
    with (tender / "tender.yaml").open("a", encoding="utf-8") as handle:
        handle.write("pack:\n  generated: 2026-03-20\n")
    listing = invoke(["check", str(tender)]).stdout
    result = invoke(["evaluate", str(tender)])  # its progress lines and ranking table too
    for stream in (result.stdout, result.stderr):
        assert not RAW.search(stream.replace("\n", "")), stream
    return tender, listing


@pytest.fixture(scope="module")
def refused(hostile: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """check on a copy of the evaluated tender with a response added under each name holding
    a control character: (tender, check's result)."""
    tender = tmp_path_factory.mktemp("refused") / "t"
    shutil.copytree(hostile[0], tender, symlinks=True)
    first = tender / "responses" / f"{KEYS[0]}.xlsx"
    for name in REFUSED:
        shutil.copyfile(first, tender / "responses" / name)
    shutil.copyfile(first, tender / "scores" / "e\x1b[2Jx.xlsx")
    return tender, _invoke()(["check", str(tender)], exit_code=1)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    invoke = _invoke()
    tender = _scored_tender(tmp_path_factory.mktemp("clean") / "t", invoke, CLEAN)
    invoke(["score", str(tender)])
    return tender


def _cells(path: Path) -> list[openpyxl.cell.cell.Cell]:
    wb = openpyxl.load_workbook(path)
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _formulas(path: Path) -> Counter[str]:
    """Every formula in the workbook, with its sheet references made alike."""
    found = [str(c.value) for c in _cells(path) if c.data_type == "f"]
    return Counter(re.sub(r"'(?:[^']|'')*'!|\b[A-Za-z_][\w.]*!", "SHEET!", f) for f in found)


def _pdf_text(path: Path) -> str:
    return pack_text.flat(" ".join(p.extract_text() or "" for p in PdfReader(path).pages))


def test_check_lists_each_file_on_one_line_it_cannot_forge(hostile: tuple[Path, str]) -> None:
    tender, listing = hostile
    lines = listing.splitlines()
    assert lines, "check listed nothing"
    for line in lines:
        found = LISTED.match(line)
        assert found, f"not a listing line: {line!r}"
        assert found["path"].startswith((str(tender) + "/", "socialvalue:")), line
        assert not RAW.search(line), f"a raw control or format character: {line!r}"
    responses = [line for line in lines if line.startswith(f"{tender}/responses/")]
    assert len(responses) == len(KEYS), responses
    for key in KEYS:
        assert f"{tender}/responses/{visible(key)}.xlsx: ok (response)" in lines, key


def test_a_name_with_a_control_character_is_refused_on_one_line(refused) -> None:  # type: ignore[no-untyped-def]
    tender, result = refused
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream and not RAW.search(stream.replace("\n", ""))
    lines = result.stdout.splitlines()
    for line in lines:
        found = LISTED.match(line)
        assert found and found["path"].startswith((str(tender) + "/", "socialvalue:")), line
    assert len(lines) == 3 + len(KEYS) + len(REFUSED) + 2 + 1 + 1  # yaml; bids; scores; mod.
    for folder, name in [*(("responses", n) for n in REFUSED), ("scores", "e\x1b[2Jx.xlsx")]:
        shown = f"{tender}/{folder}/{visible(name)}"
        assert [ln for ln in lines if ln.startswith(shown + ": ")], shown
        [problem] = [ln for ln in result.stderr.splitlines() if shown in ln]
        assert "in its name, so it is not read" in problem, problem
        assert ("control character" in problem) != ("not UTF-8" in problem), problem


def test_results_xlsx_has_only_the_formulas_a_clean_run_has(
    hostile: tuple[Path, str], clean: Path
) -> None:
    tender, _ = hostile
    got = _formulas(tender / "out" / "results.xlsx")
    want = _formulas(clean / "out" / "results.xlsx")
    assert want, "the clean results.xlsx has its formulas"
    assert got == want, {"extra": got - want, "missing": want - got}
    texts = {str(c.value) for c in _cells(tender / "out" / "results.xlsx") if c.data_type == "s"}
    assert not any(RAW.search(t) for t in texts)
    for key in KEYS:
        assert any(visible(key) in t for t in texts), key


@pytest.mark.parametrize("form", ["scores/e1.xlsx", "moderation.xlsx"])
def test_the_panels_forms_have_only_the_formulas_a_clean_run_has(
    hostile: tuple[Path, str], clean: Path, form: str
) -> None:
    tender, _ = hostile
    assert _formulas(tender / form) == _formulas(clean / form)
    # What the panel sees shows the names' format characters as markers (the hidden sheet
    # holding the form's fingerprint keeps the exact file names).
    shown = [c for c in _cells(tender / form) if c.parent.sheet_state == "visible"]
    texts = {str(c.value).replace("\n", " ") for c in shown if c.data_type == "s"}
    assert not any(RAW.search(t) for t in texts), [t for t in texts if RAW.search(t)]
    for key in KEYS:
        assert any(visible(key) in t for t in texts), key


def test_results_json_names_each_file_exactly(hostile: tuple[Path, str]) -> None:
    tender, _ = hostile
    record = json.loads((tender / "out" / "results.json").read_text(encoding="utf-8"))
    assert {b["key"] for b in record["bidders"]} == set(KEYS)
    files = json.dumps(record, ensure_ascii=False)
    for key in KEYS:
        assert json.dumps(f"responses/{key}.xlsx", ensure_ascii=False) in files, key
    # The exact text, as typed (a legal name is stripped of surrounding spaces when read).
    assert {b["name"] for b in record["bidders"]} == {name.strip() for name in NAMES}


def test_the_pack_and_summaries_show_each_name_with_markers(hostile: tuple[Path, str]) -> None:
    tender, _ = hostile
    out = tender / "out"
    pack = _pdf_text(out / "pack.pdf")
    assert not RAW.search(pack.replace("\n", " ")), "a raw control or format character"
    for key in KEYS:
        assert pack_text.flat(visible(key)) in pack, key
    summaries = sorted((out / "summaries").glob("*.pdf"))
    assert len(summaries) == len(KEYS)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*\.pdf", s.name) for s in summaries), summaries
    shown = [_pdf_text(s) for s in summaries]
    assert not any(RAW.search(s.replace("\n", " ")) for s in shown)
    for name in NAMES:
        assert any(f"Supplier {pack_text.flat(visible(name))} " in s for s in shown), name


def test_the_corpus_generator_writes_every_case_of_the_issue(tmp_path: Path) -> None:
    """scripts/make_hostile_corpus.py writes the file names, tender paths, template overrides
    and record edits beside the workbooks and YAML, each listed in MANIFEST.json."""
    from hostile.corpus import write_corpus
    from hostile.folder_cases import PATH_CASES, RECORD_EDITS, TEMPLATE_CASES

    write_corpus(tmp_path)
    manifest = json.loads((tmp_path / "MANIFEST.json").read_text(encoding="utf-8"))
    names = sorted(os.listdir(os.fsencode(tmp_path / "filesystem" / "names")))
    assert names == sorted(os.fsencode(name) for name in HOSTILE_FILE_NAMES)
    assert len(manifest["file_names"]) == len(HOSTILE_FILE_NAMES)
    wanted = {n for n, c in PATH_CASES.items() if not c.needs or Path(c.needs).exists()}
    assert {p.split("/")[1] for p in manifest["tender_paths"]} == wanted
    for folder in manifest["tender_paths"]:
        assert (tmp_path / folder / "tender.yaml").is_file()
    assert {p.split("/")[1] for p in manifest["templates"]} == set(TEMPLATE_CASES)
    for template in manifest["templates"]:
        assert (tmp_path / template).is_symlink() or (tmp_path / template).is_file()
    assert set(manifest["record_edits"]) == set(RECORD_EDITS)
