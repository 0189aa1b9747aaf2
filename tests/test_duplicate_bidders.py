"""The same bidder twice, files not there to be seen, names that look alike (issue 15 items 2, 3
and 10), through the CLI on copies of the example tender.

* Two files for one bidder (the same bytes, names equal once case, Unicode normalisation and the
  .xlsx/.xlsm extension are set aside, the same company number) are errors naming both files; a
  scoresheet beside its .xlsm twin too.
* Every file in responses/ and scores/ that is not read is listed with the reason: a hidden
  workbook is an error, OS junk (.DS_Store, Thumbs.db, AppleDouble) is listed as ignored.
* Look-alike legal names are a warning naming both files; control and format characters in
  names are printed as ``<U+200B>`` markers on the terminal, in the pack, the summaries and
  results.xlsx, while results.json keeps the exact text.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import openpyxl
import pack_text
import pytest
from pypdf import PdfReader

from socialvalue.cli import main
from socialvalue.forms import fill_by_names
from socialvalue.testing import cli_runner
from socialvalue.workflow import copy_example

ZWSP, RLO, PDF_ = "\u200b", "\u202e", "\u202c"
GREENWAY = "Greenway Community Services Ltd"
#: AppleDouble's magic number: the "._name" files macOS writes beside a file on a USB stick.
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00" + b"Mac OS X        " + b"\x00" * 58


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "tender")


def _typed(path: Path) -> dict[str, object]:
    """Every value typed into a form, by defined name (one cell each, on a visible sheet)."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, object] = {}
    for name, defined in wb.defined_names.items():
        destinations = list(defined.destinations)
        if len(destinations) != 1:
            continue
        sheet, coordinate = destinations[0]
        if ":" not in coordinate and not sheet.startswith("_"):
            out[name] = wb[sheet][coordinate.replace("$", "")].value
    return out


def refill(folder: Path, changes: Mapping[str, Mapping[str, object]]) -> None:
    """Change bidders' responses (key -> defined name -> value), then make the scoresheets and
    the moderation workbook again, keeping every score, rationale and decision typed in them."""
    for key, cells in changes.items():
        path = folder / "responses" / f"{key}.xlsx"
        fill_by_names(path, path, cells)
    forms = [*sorted((folder / "scores").glob("*.xlsx")), folder / "moderation.xlsx"]
    typed = {path: _typed(path) for path in forms}
    run = cli_runner()
    assert run.invoke(main, ["scoresheets", str(folder), "--force"]).exit_code == 0
    for path in forms[:-1]:
        fill_by_names(path, path, typed[path])
    assert run.invoke(main, ["moderation", str(folder), "--force"]).exit_code == 0
    fill_by_names(forms[-1], forms[-1], typed[forms[-1]])


def lines_naming(text: str, *names: str) -> list[str]:
    return [line for line in text.splitlines() if all(n in line for n in names)]


# ----------------------------------------------------------------- item 2: the same bidder twice


def test_nfc_and_nfd_names_of_one_file_are_one_bidder_twice(example: Path, cli) -> None:  # type: ignore[no-untyped-def]
    responses = example / "responses"
    nfc = unicodedata.normalize("NFC", "Café Ltd.xlsx")
    nfd = unicodedata.normalize("NFD", nfc)
    shutil.copyfile(responses / "afon.xlsx", responses / nfc)
    shutil.copyfile(responses / "afon.xlsx", responses / nfd)
    result = cli(["check", str(example)], exit_code=1)
    [line] = lines_naming(result.stderr, f"responses/{nfc}", f"responses/{nfd}")
    assert "Unicode" in line and "warning" not in line
    # The copy of afon's response under a new name (the one of the two that is read) is the
    # same file twice, too.
    [copy] = lines_naming(result.stderr, "responses/afon.xlsx", "the same file")
    assert f"responses/{nfd}: " in copy


@pytest.mark.parametrize(
    ("folder", "first", "twin"),
    [
        ("responses", "afon.xlsx", "afon.XLSX"),
        ("responses", "afon.xlsx", "Afon.xlsx"),
        ("responses", "greenway.xlsx", "greenway.xlsm"),
        ("scores", "helen-marsh.xlsx", "helen-marsh.xlsm"),
    ],
)
def test_names_equal_but_for_case_or_extension_are_an_error_naming_both(
    example: Path, cli, folder: str, first: str, twin: str
) -> None:  # type: ignore[no-untyped-def]
    shutil.copyfile(example / folder / first, example / folder / twin)
    result = cli(["check", str(example)], exit_code=1)
    [line] = lines_naming(result.stderr, f"{folder}/{first}", f"{folder}/{twin}")
    assert "warning" not in line
    listed = {
        ln.rsplit(": ", 1)[0].removeprefix(str(example) + "/") for ln in result.stdout.splitlines()
    }
    assert f"{folder}/{twin}" in listed and f"{folder}/{first}" in listed


def test_the_same_bytes_under_two_names_is_an_error_naming_both(example: Path, cli) -> None:  # type: ignore[no-untyped-def]
    responses = example / "responses"
    shutil.copyfile(responses / "greenway.xlsx", responses / "resubmitted.xlsx")
    result = cli(["check", str(example)], exit_code=1)
    [line] = lines_naming(result.stderr, "responses/greenway.xlsx", "responses/resubmitted.xlsx")
    assert "the same file" in line and "warning" not in line


def test_a_copy_recorded_as_withdrawn_is_not_a_duplicate(example: Path, cli) -> None:  # type: ignore[no-untyped-def]
    responses = example / "responses"
    shutil.copyfile(responses / "greenway.xlsx", responses / "resubmitted.xlsx")
    with (example / "tender.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "bids:\n  resubmitted:\n    status: withdrawn\n"
            "    reason: A copy of greenway's bid, sent again by mistake.\n"
            "    date: 2026-02-20\n"
        )
    result = cli(["check", str(example)])
    assert not lines_naming(result.stderr, "responses/greenway.xlsx", "responses/resubmitted.xlsx")


def test_two_bids_with_one_company_number_are_an_error_naming_both(example: Path, cli) -> None:  # type: ignore[no-untyped-def]
    mercia = example / "responses" / "mercia.xlsx"
    fill_by_names(mercia, mercia, {"sv_company_number": "0556 7890"})  # greenway's, spaced
    result = cli(["check", str(example)], exit_code=1)
    [line] = lines_naming(result.stderr, "responses/greenway.xlsx", "responses/mercia.xlsx")
    assert "0556 7890" in line and "company number" in line and "warning" not in line


# ------------------------------------------------------------ item 3: files not there to be seen


def test_a_hidden_workbook_is_listed_and_an_error(example: Path, cli) -> None:  # type: ignore[no-untyped-def]
    shutil.copyfile(
        example / "responses" / "afon.xlsx", example / "responses" / ".hidden-bidder.xlsx"
    )
    shutil.copyfile(example / "scores" / "raj-patel.xlsx", example / "scores" / ".raj-patel.xlsx")
    result = cli(["check", str(example)], exit_code=1)
    for hidden in ("responses/.hidden-bidder.xlsx", "scores/.raj-patel.xlsx"):
        [problem] = lines_naming(result.stderr, hidden)
        assert "hidden" in problem and "warning" not in problem
        [listed] = lines_naming(result.stdout, hidden)
        assert "not read" in listed


def test_os_junk_is_listed_as_ignored_with_the_reason_and_no_warning(example: Path, cli) -> None:  # type: ignore[no-untyped-def]
    for folder in ("responses", "scores"):
        (example / folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 60)
        (example / folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
        (example / folder / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    (example / "responses" / "._afon.xlsx").write_bytes(APPLE_DOUBLE)
    result = cli(["check", str(example)])
    assert "0 problems, 0 warnings found." in result.stderr
    for name in (
        "responses/.DS_Store",
        "responses/Thumbs.db",
        "responses/desktop.ini",
        "responses/._afon.xlsx",
        "scores/.DS_Store",
        "scores/Thumbs.db",
        "scores/desktop.ini",
    ):
        [listed] = lines_naming(result.stdout, name)
        assert "(ignored: " in listed, listed
    data = json.loads(cli(["check", str(example), "--json"]).stdout)
    [junk] = [f for f in data["files"] if f["path"].endswith("responses/._afon.xlsx")]
    assert junk["kind"] == "ignored" and "AppleDouble" in junk["reason"]


# ---------------------------------------------------------------- item 10: names that look alike


@pytest.fixture
def lookalike(example: Path) -> Path:
    refill(
        example,
        {
            "mercia": {"sv_bidder_name": GREENWAY.replace(" ", " " + ZWSP, 1)},
            "afon": {"sv_bidder_name": f"Afon {RLO}dtl secivreS{PDF_}"},
        },
    )
    return example


def test_look_alike_names_are_a_warning_naming_both_files(lookalike: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(["check", str(lookalike)])
    [line] = lines_naming(result.stderr, "responses/greenway.xlsx", "responses/mercia.xlsx")
    assert "warning" in line and "look" in line
    assert "<U+200B>" in line
    shown = result.stdout + result.stderr
    assert ZWSP not in shown and RLO not in shown


def test_names_are_printed_with_their_format_characters_shown(lookalike: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(["evaluate", str(lookalike), "--quiet"])
    assert ZWSP not in result.stdout + result.stderr
    out = lookalike / "out"
    record = json.loads((out / "results.json").read_text(encoding="utf-8"))
    names = {b["key"]: b["name"] for b in record["bidders"]}
    assert names["mercia"] == GREENWAY.replace(" ", " " + ZWSP, 1)  # the exact text
    assert names["afon"] == f"Afon {RLO}dtl secivreS{PDF_}"
    assert any("mercia.xlsx" in w["file"] for w in record["warnings"])

    texts = [
        str(cell.value)
        for ws in openpyxl.load_workbook(out / "results.xlsx").worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert not any(ZWSP in t or RLO in t for t in texts)
    assert "Greenway <U+200B>Community Services Ltd" in texts
    assert "Afon <U+202E>dtl secivreS<U+202C>" in texts

    pack = pack_text.flat(
        " ".join(p.extract_text() or "" for p in PdfReader(out / "pack.pdf").pages)
    )
    assert ZWSP not in pack and RLO not in pack
    assert "Greenway <U+200B>Community Services Ltd" in pack
    assert "Afon <U+202E>dtl secivreS<U+202C>" in pack
    # The warning is in the pack for the panel, the name in it shown as well.
    assert 'Community Services Ltd", that looks the same as that of responses/greenway.xlsx' in pack
    assert pack_text.text_faults(pack) == []
    summaries = sorted((out / "summaries").glob("*.pdf"))
    shown = [
        pack_text.flat(" ".join(p.extract_text() or "" for p in PdfReader(s).pages))
        for s in summaries
    ]
    assert any("Afon <U+202E>dtl secivreS<U+202C>" in s for s in shown)
    assert not any(ZWSP in s or RLO in s for s in shown)
