"""Hostile workbooks: every corpus file gets its clear message, within its limits, and nothing
but an :class:`~socialvalue.errors.InputError` (or the problems list) ever comes out.

The corpus is in ``tests/hostile/corpus.py`` (``scripts/make_hostile_corpus.py`` writes it to a
folder for a look). Light cases are read in this process under a 20-second alarm; heavy cases
(streamed, at the limits, or built to exhaust memory) are read in subprocesses capped at 2 GB of
address space, started together so they run in parallel. A tender-folder test puts the whole
corpus in ``responses/`` beside good responses and checks them all in one go.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import socket
import subprocess
import urllib.request
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile import Child, read, time_limit
from hostile.corpus import (
    BIDDER_CASES,
    FILESYSTEM_CASES,
    FORMULA_INJECTION,
    GOOD_NAMES,
    HTML_PAYLOADS,
    IGNORED_CASES,
    ODD_UNICODE,
    Case,
    unmatched,
    workbook_cases,
    write_corpus,
    write_filesystem_cases,
)

from socialvalue.errors import InputError
from socialvalue.workbook import check_container, open_workbook, parse_text
from socialvalue.workbook.writer import new_workbook, save_workbook, set_text

CASES = workbook_cases()
LIGHT = [c for c in CASES if not c.heavy]
HEAVY = [c for c in CASES if c.heavy]
TIME_LIMIT = 20


def param(case: Case) -> Any:
    """A case as a test parameter; a known bug is a strict xfail. A heavy one must fail the
    way a crash in the child is reported (AssertionError), not some other way."""
    raises = AssertionError if case.heavy else None
    marks = [pytest.mark.xfail(strict=True, raises=raises, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write_corpus(folder, CASES)
    return folder


@pytest.fixture(scope="module", autouse=True)
def heavy_reads(corpus: Path) -> Iterator[dict[str, Child]]:
    """Start every heavy read when the module starts (each in its own memory-capped
    interpreter), so they run while the light tests do; the heavy tests come last."""
    children = {c.name: Child("workbook", corpus / c.path, c.name) for c in HEAVY}
    yield children
    for child in children.values():
        child.stop()


def test_a_formula_keeps_its_text_for_the_form_readers(corpus: Path) -> None:
    """Issue 15 item 8: ``=9`` saved with 90. The workbook reader gives both, the saved result
    and the formula's text, so that the form readers work out 9 and never take 90 on trust."""
    book = open_workbook(corpus / "workbooks" / "formula-result-lies.xlsx")
    lies, other = book.cell("Response", "A1"), book.cell("Response", "B1")
    assert (lies.raw, lies.is_formula, lies.formula) == (90.0, True, "9")
    assert (other.raw, other.formula) == (90.0, "SUM(A1)")


def check_outcome(case: Case, outcome: dict[str, Any]) -> None:
    """The outcome is exactly what the case expects: raised or not, every problem accounted
    for, every problem with a message and a file, the named cells read back exactly."""
    problems = outcome["problems"]
    assert outcome["raised"] == case.fatal, problems
    assert all(p["message"].strip() and p["file"] for p in problems), problems
    missing, extra = unmatched(case.expect, problems)
    assert not missing and not extra, f"missing {missing}; unexpected {extra}"
    for ref, value in case.values.items():
        assert outcome["values"].get(ref) == value, ref
    if case.fatal:
        assert problems, "an InputError must carry its problems"


# --- every corpus file ----------------------------------------------------------------------


@pytest.mark.parametrize("case", [param(c) for c in LIGHT])
def test_corpus_workbook(case: Case, corpus: Path) -> None:
    path = corpus / case.path
    with time_limit(TIME_LIMIT):
        outcome = read("workbook", path, case.name)
        container = read("container", path, case.name)["problems"]
    check_outcome(case, outcome)
    # What the container check finds comes first, unchanged, in what the reader reports.
    assert outcome["problems"][: len(container)] == container


def test_every_case_is_in_the_corpus_once(corpus: Path) -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert sorted(p.name for p in (corpus / "workbooks").iterdir()) == sorted(names)


# --- nothing runs, nothing is fetched, nothing leaks -------------------------------------------


def test_reading_the_corpus_opens_no_socket_and_runs_nothing(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a reader tried to reach the network or run a program")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(os, "system", refuse)
    passwd = Path("/etc/passwd").read_text(errors="replace").splitlines()[:1]
    with time_limit(3 * TIME_LIMIT):
        for case in LIGHT:
            if case.bug:
                continue
            outcome = read("workbook", corpus / case.path, case.name)
            text = repr(outcome)
            assert not any(line and line in text for line in passwd), case.name


def test_formula_injection_is_neutralised_when_written_back(corpus: Path, tmp_path: Path) -> None:
    """Bidder text read from a workbook is data; written into our spreadsheets it stays text."""
    book = open_workbook(corpus / "workbooks" / "formula-injection.xlsx")
    texts = [parse_text(book.cell("Response", f"A{i}").raw) for i in range(1, 9)]
    wb = new_workbook()
    ws = wb.create_sheet("Out")
    for row, text in enumerate(texts, start=1):
        set_text(ws.cell(row, 1), text)
    out = save_workbook(wb, tmp_path / "out.xlsx")
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    again = open_workbook(out)
    for row, text in enumerate(texts, start=1):
        cell = again.cell("Out", f"A{row}")
        assert not cell.is_formula
        assert cell.raw in (text, "'" + text)
        if text[:1] in "=+-@\t\uff1d":
            assert cell.raw == "'" + text
    assert [parse_text(again.cell("Out", f"A{r}").raw).removeprefix("'") for r in range(1, 9)] == [
        t.removeprefix("'") for t in texts
    ]


def test_html_payloads_are_escaped_by_the_pack_templates() -> None:
    """Autoescape on, and bidder text is data, never template source (no {{ }} evaluation).
    The PDF side (nothing fetched, printed literally) is tests/test_render.py."""
    from socialvalue.render import make_environment

    env = make_environment([])
    template = env.from_string("<p>{{ text }}</p>")
    for payload in HTML_PAYLOADS:
        html = template.render(text=payload)
        assert "<script" not in html and "<img" not in html and "<link" not in html
        assert "49" not in html  # {{ 7*7 }} is not evaluated
    assert "{{ 7*7 }}" in template.render(text=HTML_PAYLOADS[7])


def test_odd_unicode_is_kept_exactly(corpus: Path) -> None:
    """Direction overrides, zero-width characters and combining marks are kept (and so shown
    to evaluators as sent); only control characters are removed by parse_text."""
    book = open_workbook(corpus / "workbooks" / "odd-unicode.xlsx")
    for row, text in enumerate(ODD_UNICODE, start=1):
        assert parse_text(book.cell("Response", f"A{row}").raw) == text.strip()


def test_control_characters_are_removed_from_text(tmp_path: Path) -> None:
    from hostile.corpus import sheet_xml, text_row, xlsx, xlsx_parts

    parts = xlsx_parts([("Response", sheet_xml(text_row(1, ["x"])))], ["a_x0007_b_x0000_c\x1bd"])
    path = tmp_path / "controls.xlsx"
    path.write_bytes(xlsx(parts))
    assert parse_text(open_workbook(path).cell("Response", "A1").raw) == "abcd"


# --- the limits hold without the subprocess too -------------------------------------------


ABSURD_NUMBERS = [
    "1e-999999999",  # exponents are not read from text at all
    "1E+999999",
    "0." + "0" * 5000 + "1",
    "1" + "0" * 99_999,  # as much as a cell keeps
    "1000000000000000",
    "0.0000000000000001",
    1e300,  # stored numbers: a float from calamine
    5e-324,
    1.1102230246251565e-16,  # 0.1 + 0.2 - 0.3, a saved formula result
]


@pytest.mark.parametrize("raw", ABSURD_NUMBERS, ids=lambda raw: str(raw)[:16])
def test_absurd_numbers_in_cells_are_refused(raw: object) -> None:
    """parse_decimal has the bounds to_decimal has: exact scoring must never meet 10**99999."""
    from socialvalue.workbook.values import Invalid, parse_decimal

    with time_limit(TIME_LIMIT):
        value = parse_decimal(raw, allow_negative=True)
    assert isinstance(value, Invalid) and len(value) < 300, value
    assert value.startswith("expected a number, found ")


@pytest.mark.parametrize(
    "raw", ["999999999999999", "0.000000000000001", "£1,000,000", "-5", 0.1, 123456789.125]
)
def test_sane_numbers_in_cells_are_read(raw: object) -> None:
    from socialvalue.workbook.values import parse_decimal

    assert not isinstance(parse_decimal(raw, allow_negative=True), str)


def test_an_absurd_quantity_in_a_response_is_one_problem(tmp_path: Path) -> None:
    from socialvalue.forms import fill_by_names, read_response
    from socialvalue.rubric import catalogue

    folder = new_tender(tmp_path / "tender")
    path = good_response(folder, "Acme Ltd", "acme.xlsx")
    fill_by_names(path, path, {"sv_qty_M1": "0." + "0" * 5000 + "1"})
    with time_limit(TIME_LIMIT):
        _response, problems = read_response(path, catalogue.load("tutorial"), "HOSTILE-2026")
    assert [p.message for p in problems] == [
        'expected a number of 0 or more, found "0.0000000000000000000000000000000000000000000000'
        '00000000000…", which is outside what can be read (under 10^15 and, unless 0, at least '
        "10^-15, with at most 40 digits)"
    ]


def test_check_container_never_raises_for_a_directory_or_a_special_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    [problem] = check_container(folder, "folder.xlsx")
    assert problem.message.startswith("cannot read the file: ")
    with pytest.raises(InputError):
        open_workbook(folder)
    [problem] = check_container(Path("/dev/zero"), "zero.xlsx")
    assert problem.message == "the file is 20.0 MB, more than the 20.0 MB allowed for a workbook"


# --- encodings, part names, budgets: the reader agrees with calamine ------------------------


def two_sheets(first: bytes, strings: list[str] | None = None) -> dict[str, bytes]:
    """A workbook with a sheet Response (``first``) and a good sheet Other, as parts."""
    from hostile.corpus import sheet_xml, text_row, xlsx_parts

    strings = ["Name", "Acme Ltd"] if strings is None else strings
    return xlsx_parts([("Response", first), ("Other", sheet_xml(text_row(1, ["Name"])))], strings)


@pytest.mark.parametrize(
    "encoding", ["x-evil", "utf-7", "rot13", "idna", "UTF-16", "ISO-8859-1", "cp037", "utf_32"]
)
def test_a_sheet_not_in_utf8_spoils_only_that_sheet(encoding: str, tmp_path: Path) -> None:
    from hostile.corpus import sheet_xml, text_row, xlsx

    head = f'<?xml version="1.0" encoding="{encoding}"?>\n'.encode()
    path = tmp_path / "enc.xlsx"
    path.write_bytes(xlsx(two_sheets(sheet_xml(text_row(1, ["Name", "Acme Ltd"]), head))))
    with time_limit(TIME_LIMIT):
        book = open_workbook(path, "enc.xlsx")
    assert [(p.where.context, p.message) for p in book.problems] == [
        (
            "sheet Response",
            f'the sheet is damaged: it declares the encoding "{encoding}", but workbook parts '
            "must be UTF-8; it was not read",
        )
    ]
    assert book.cell("Other", "A1").raw == "Name"


@pytest.mark.parametrize(
    "declared", [b"", b' encoding="UTF-8"', b" encoding='utf-8'", b' encoding="utf8"']
)
def test_utf8_parts_are_read_with_or_without_a_declaration_or_bom(
    declared: bytes, tmp_path: Path
) -> None:
    from hostile.corpus import STRINGS, WORKBOOK, sheet_xml, text_row, xlsx

    head = b'\xef\xbb\xbf<?xml version="1.0"%s?>\n' % declared
    parts = two_sheets(sheet_xml(text_row(1, ["Name", "Acme Ltd"]), head))
    for part in (WORKBOOK, STRINGS):
        parts[part] = head + parts[part].split(b"?>\n", 1)[1]
    path = tmp_path / "utf8.xlsx"
    path.write_bytes(xlsx(parts))
    book = open_workbook(path, "utf8.xlsx")
    assert book.problems == [] and book.cell("Response", "B1").raw == "Acme Ltd"


def test_the_reader_refuses_other_encodings_without_the_container_check_too() -> None:
    """read_checked_bytes is public: shared strings in another encoding are refused there as
    well, and the sheet scan never lets a codec error out."""
    from hostile.corpus import STRINGS, sheet_xml, text_row, xlsx

    from socialvalue.workbook.reader import read_checked_bytes

    parts = two_sheets(sheet_xml(text_row(1, ["Name", "Acme Ltd"])))
    parts[STRINGS] = parts[STRINGS].replace(b'encoding="UTF-8"', b'encoding="utf-7"')
    with pytest.raises(InputError) as caught:
        read_checked_bytes(xlsx(parts), "raw.xlsx")
    assert [p.message for p in caught.value.problems] == [
        "the workbook is damaged: xl/sharedStrings.xml cannot be read (it declares the encoding "
        '"utf-7", but workbook parts must be UTF-8)'
    ]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("xl/./worksheets/sheet1.xml", 'a "." or ".." folder'),
        ("xl/worksheets/../sheet1.xml", 'a "." or ".." folder'),
        ("xl//worksheets/sheet1.xml", 'an empty folder name ("//")'),
        ("/xl/worksheets/sheet1.xml", 'a leading "/"'),
        ("xl\\worksheets\\sheet1.xml", "a backslash"),
        ("xl/worksheets/sheet&#49;.xml", 'an "&"'),
        ("xl/worksheets/sheet\t1.xml", "a control character"),
    ],
)
def test_part_names_excel_never_writes_are_refused(name: str, why: str, tmp_path: Path) -> None:
    from hostile.corpus import Entry, xlsx

    from socialvalue.workbook.container import printable
    from socialvalue.workbook.zipcheck import irregular_part_name

    assert irregular_part_name(name) == why
    path = tmp_path / "names.xlsx"
    path.write_bytes(xlsx(special={name: Entry(name, b"<x/>")}))
    assert [p.message for p in check_container(path, "names.xlsx")] == [
        f'part "{printable(name)}" has a name Excel never writes ({why}): the workbook may be '
        "crafted"
    ]


@pytest.mark.parametrize(
    "name", ["xl/media/", "xl/media/image 1.png", "xl/media/Ünïcode.png", "[Content_Types].xml"]
)
def test_regular_part_names_are_accepted(name: str) -> None:
    from socialvalue.workbook.zipcheck import irregular_part_name

    assert irregular_part_name(name) is None


ODD_SHARED_STRINGS = [
    b"<si/><si><t>A</t></si><si><t>B</t></si>",
    b"<si></si><si><t>A</t></si><si><t>B</t></si>",
    b"<si><rPh><t>p</t></rPh></si><si><t>A</t></si><si><t>B</t></si>",
    b"<si><t>A</t></si><si><t>B</t><t>B2</t></si><si><r><t>C</t></r><t>D</t></si>"
    b"<si><t>x<![CDATA[yy]]></t></si><si><t>E&amp;&#65;</t></si>",
    b"<si><t>A</t><si><t>N</t></si></si><si><t>B</t></si>",
    b'<x:si xmlns:x="urn:q"><x:t>A</x:t></x:si><si><t>B</t></si>',
    b'<si><t>A</t></si><q:sst xmlns:q="urn:q"></q:sst><si><t>B</t></si>',
    b"<si><t>_x0041_A</t></si><si><rPh><r><t>R</t></r></rPh></si><si><f><t>F</t></f></si>",
    b"<f><si><t>A</t></si></f><si><t>BB</t></si>",
]


@pytest.mark.parametrize("items", ODD_SHARED_STRINGS)
def test_shared_string_lengths_bound_what_calamine_reads(items: bytes) -> None:
    """The text budget charges each use of shared string i with an upper bound on its length;
    for that to hold, i must be the string calamine gives for index i, however odd the table."""
    import python_calamine
    from hostile.corpus import MAIN_NS, STRINGS, XML_DECL, sheet_xml, xlsx, xlsx_parts

    from socialvalue.workbook.xmlscan import shared_string_spans

    sheets = [
        (f"i{i}", sheet_xml(b'<row r="1"><c r="A1" t="s"><v>%d</v></c></row>' % i))
        for i in range(6)
    ]
    parts = xlsx_parts(sheets, ["x"])
    parts[STRINGS] = XML_DECL + b'<sst xmlns="' + MAIN_NS + b'">' + items + b"</sst>"
    data = xlsx(parts)
    archive = zipfile.ZipFile(io.BytesIO(data))
    spans = shared_string_spans(archive, {n.lower(): n for n in archive.namelist()}, 5, 1000)
    assert isinstance(spans, list)
    calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    found = 0
    for i in range(6):
        try:
            [[text]] = calamine.get_sheet_by_name(f"i{i}").to_python()
        except Exception:  # beyond calamine's table
            continue
        found += 1
        assert i < len(spans) and len(text) <= spans[i], (i, text, spans)
    assert found >= 1


SAME_STRING_THRICE = b'<row r="1">%s</row>' % b"".join(
    b'<c r="%s1" t="s"><v>0</v></c>' % column for column in (b"A", b"B", b"C")
)


def test_budgets_are_spent_sheet_by_sheet_in_workbook_order(tmp_path: Path) -> None:
    from hostile.corpus import sheet_xml, xlsx, xlsx_parts

    from socialvalue.workbook.limits import Limits

    row = b'<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
    far = b'<row r="4"><c r="C4"><v>1</v></c></row>'  # a 4 x 3 grid from A1
    sheets = [("One", sheet_xml(row)), ("Two", sheet_xml(row + far)), ("Three", sheet_xml(row))]
    path = tmp_path / "budget.xlsx"
    path.write_bytes(xlsx(xlsx_parts(sheets, [])))

    def refused(limits: Limits) -> list[tuple[str | None, str]]:
        book = open_workbook(path, "budget.xlsx", limits)
        unread = [name for name, sheet in book.sheets.items() if not sheet.readable]
        assert [p.where.context for p in book.problems] == [f"sheet {n}" for n in unread]
        return [(p.where.context, p.message.split(",")[0]) for p in book.problems]

    assert refused(Limits()) == []
    assert refused(Limits(max_cells=4)) == [
        ("sheet Two", "the sheet takes the workbook past 4 cells holding something")
    ]  # One (2 cells) and Three (2 more) fit; Two (3 cells) did not, so spent nothing
    assert refused(Limits(max_grid_cells=13)) == [
        ("sheet Two", "the sheet takes the workbook past 13 cells counted from A1 to each sheet's "
         "last used row and column")
    ]  # fmt: skip
    assert refused(Limits(max_xml_elements=14)) == [
        ("sheet Two", "the sheet takes the workbook past 14 XML elements")
    ]  # worksheet, sheetData, rows, c and v elements: One 7, Two 10, Three 7
    strings = xlsx_parts([("One", sheet_xml(SAME_STRING_THRICE))], ["abc"])
    path.write_bytes(xlsx(strings))
    book = open_workbook(path, "budget.xlsx", Limits(max_text_chars=3 * 40))
    assert book.problems == [] and book.cell("One", "C1").raw == "abc"
    book = open_workbook(path, "budget.xlsx", Limits(max_text_chars=3 * 3))
    assert [p.message.split(",")[0] for p in book.problems] == [
        "the sheet takes the workbook past 9 characters of text (a shared text counts each time "
        "a cell uses it)"
    ]  # each use is charged the string's bytes in xl/sharedStrings.xml: an upper bound


def test_shared_strings_expat_cannot_read_are_bounded_by_their_size(tmp_path: Path) -> None:
    """calamine reads a raw control character in the shared strings, expat does not: the text
    budget then charges each use with the whole table's size, still an upper bound."""
    from hostile.corpus import STRINGS, sheet_xml, xlsx, xlsx_parts

    from socialvalue.workbook.limits import Limits

    parts = xlsx_parts([("One", sheet_xml(SAME_STRING_THRICE))], ["a\x1bb"])
    path = tmp_path / "raw.xlsx"
    path.write_bytes(xlsx(parts))
    size = len(parts[STRINGS])
    book = open_workbook(path, "raw.xlsx", Limits(max_text_chars=3 * size))
    assert book.problems == [] and book.cell("One", "C1").raw == "a\x1bb"
    book = open_workbook(path, "raw.xlsx", Limits(max_text_chars=3 * size - 1))
    assert [p.where.context for p in book.problems] == ["sheet One"]


def test_a_part_shared_by_two_sheets_is_scanned_once_and_charged_twice(tmp_path: Path) -> None:
    from hostile.corpus import WORKBOOK, sheet_xml, xlsx, xlsx_parts

    from socialvalue.workbook.limits import Limits

    row = b'<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
    parts = xlsx_parts([("One", sheet_xml(row)), ("Two", sheet_xml(b""))], [])
    parts[WORKBOOK] = parts[WORKBOOK].replace(b'r:id="rId2"', b'r:id="rId1"')
    path = tmp_path / "shared.xlsx"
    path.write_bytes(xlsx(parts))
    book = open_workbook(path, "shared.xlsx")
    assert book.problems == [] and book.cell("Two", "B1").raw == 2.0
    book = open_workbook(path, "shared.xlsx", Limits(max_cells=3))
    assert [p.where.context for p in book.problems] == ["sheet Two"]


# --- a whole tender folder -------------------------------------------------------------------

TENDER = """\
reference: HOSTILE-2026
title: Hostile input, whole folder
buyer: Test Council
contract:
  value: 1000000
  currency: GBP
rubric: tutorial
proxy_set: example-proxies
evaluators:
  - {id: ann, name: Ann Evans}
"""


def good_response(
    folder: Path, name: str, file: str, text: str = "", company_number: str | None = None
) -> Path:
    """A bidder's response filled in as a person would, every text field carrying ``text`` but
    the company number (20 characters at most: socialvalue/forms/lengths.py), made from the file
    name unless given."""
    import datetime as dt

    from socialvalue.forms import ResponseValues, fill_response
    from socialvalue.rubric import catalogue

    values = ResponseValues(
        bidder_name=name + text,
        company_number=(
            company_number
            if company_number is not None
            else f"{zlib.crc32(file.encode('utf-8')) % 100_000_000:08d}"
        ),
        contact_name="Jo Bloggs" + text,
        contact_email="jo@acme.example",
        quantities={"M1": 2, "M2": 52, "M3": 100},
        evidence={m: f"Evidence for {m}. {text}" for m in ("M1", "M2", "M3")},
        answers={"W1": "We recruit locally and train everyone. " + text},
        declaration_name="Jo Bloggs" + text,
        declaration_position="Director" + text,
        declaration_date=dt.date(2026, 3, 1),
        declaration_confirm="Yes",
    )
    target = folder / "responses" / file
    return fill_response(
        folder / "out" / "response-template.xlsx", target, values, catalogue.load("tutorial")
    )


def sha256_tree(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        inside = path.relative_to(folder).parts
        if path.is_file() and not path.is_symlink() and inside[0] != "out":
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


FOLDER_CASES = [c for c in CASES if not c.bug and not c.name.endswith("-at-limits.xlsx")]
GOOD = {name: f"Bidder {i} Ltd" for i, name in enumerate(GOOD_NAMES, start=1)}
GOOD["payloads.xlsx"] = "Payload Ltd"


def new_tender(folder: Path) -> Path:
    from socialvalue.testing import make_tender_folder

    make_tender_folder(folder, TENDER)
    return folder


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """A tender whose responses/ holds good responses, the whole corpus (but the cases that
    expose known bugs, and the slow at-the-limits ones) and some file-system oddities."""
    tmp_path = tmp_path_factory.mktemp("folder")
    folder = new_tender(tmp_path / "tender")
    # Two HTML payloads and a formula: what a legal name of 160 characters can carry.
    payload = " " + " ".join(HTML_PAYLOADS[:2]) + " " + FORMULA_INJECTION[0]
    for file, name in GOOD.items():
        good_response(folder, name, file, payload if file == "payloads.xlsx" else "")
    responses = folder / "responses"
    for case in FOLDER_CASES:
        shutil.copyfile(corpus / case.path, responses / case.name)
    outside = tmp_path / "outside.xlsx"
    shutil.copyfile(responses / "Acme Ltd.xlsx", outside)
    write_filesystem_cases(responses, outside)
    for bid in BIDDER_CASES:
        if bid.copy_of is not None:
            shutil.copyfile(responses / bid.copy_of, responses / bid.file)
        else:
            good_response(folder, bid.name, bid.file, company_number=bid.company_number)
    return folder


@pytest.fixture
def hostile_tender(hostile_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(hostile_folder)
    return hostile_folder


def test_tender_folder_with_the_whole_corpus(hostile_tender: Path) -> None:
    """Every bad file gets its messages, every good response is still read, nothing escapes,
    and no input file is changed."""
    from socialvalue.tender.inputs import check_tender

    before = sha256_tree(hostile_tender)
    with time_limit(120):
        report = check_tender(".")
    assert sha256_tree(hostile_tender) == before
    problems = [*report.problems, *report.warnings]
    by_file: dict[str, list[Any]] = {}
    for problem in problems:
        assert problem.message.strip() and problem.where.file
        by_file.setdefault(problem.where.file, []).append(problem)

    for file in GOOD:
        assert by_file.get(f"responses/{file}", []) == [], file
        [check] = [f for f in report.files if f.path == f"responses/{file}"]
        assert (check.kind, check.errors, check.warnings) == ("response", 0, 0)

    for case in FOLDER_CASES:
        found = by_file.get(f"responses/{case.name}", [])
        missing, extra = unmatched(case.expect, found)
        assert not missing, (case.name, missing, found)
        if case.fatal:
            assert not extra, (case.name, extra)
        else:  # read, then refused as not our response form
            assert any(p.severity == "error" for p in found), case.name

    for file, wanted in FILESYSTEM_CASES.items():
        got = [(p.severity, p.message) for p in by_file.get(f"responses/{file}", [])]
        assert got == [wanted], file

    for file, reason in IGNORED_CASES.items():
        assert f"responses/{file}" not in by_file, file
        [check] = [f for f in report.files if f.path == f"responses/{file}"]
        assert (check.kind, check.reason) == ("ignored", reason)

    for bid in BIDDER_CASES:
        got = [(p.severity, p.message) for p in by_file.get(f"responses/{bid.file}", [])]
        if bid.expect is None:
            assert got == [], bid.file
        else:
            [(severity, message)] = got
            assert severity == bid.expect[0] and bid.expect[1] in message, (bid.file, message)

    expected_files = (
        {f"responses/{c.name}" for c in FOLDER_CASES}
        | {f"responses/{f}" for f in FILESYSTEM_CASES}
        | {f"responses/{b.file}" for b in BIDDER_CASES}
        | {f"responses/{f}" for f in GOOD}
        | {"tender.yaml", "responses", "scores"}
    )
    unexplained = set(by_file) - expected_files
    assert not unexplained, unexplained


def test_the_corpus_folder_checks_the_same_on_one_core_and_on_every_core(
    hostile_tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing the responses in worker processes (socialvalue.tender.pool_read) changes nothing
    the check reports: every problem, file and record, in the same order."""
    from socialvalue import caches
    from socialvalue.tender import pool_read
    from socialvalue.tender.inputs import check_tender

    monkeypatch.setenv(caches.ENV, "0")  # every file parsed, none taken from the cache
    monkeypatch.setattr(pool_read, "POOL_FROM", 2)
    with time_limit(120):
        alone = check_tender(".", processes=1)
        pooled = check_tender(".", processes=2)
    assert len(alone.files) > pool_read.POOL_FROM
    assert pooled == alone


def test_good_response_with_payloads_reads_back_literally(hostile_tender: Path) -> None:
    from socialvalue.forms import read_response
    from socialvalue.rubric import catalogue

    response, problems = read_response(
        hostile_tender / "responses" / "payloads.xlsx", catalogue.load("tutorial"), "HOSTILE-2026"
    )
    assert problems == [] and response is not None
    assert response.name.startswith("Payload Ltd <script>alert('x')</script>")
    assert response.name.endswith(FORMULA_INJECTION[0])
    assert all(HTML_PAYLOADS[0] in a.text for a in response.answers)


def test_check_command_prints_problems_without_a_traceback(hostile_tender: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(["check", "."], exit_code=1)
    assert "Traceback" not in result.stderr + result.stdout
    assert "responses/bomb-sheet.xlsx: part xl/worksheets/sheet1.xml expands" in result.stderr
    assert "responses/Acme Ltd.xlsx: ok (response)" in result.stdout


def test_check_output_carries_no_terminal_escapes_from_bidders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli
) -> None:  # type: ignore[no-untyped-def]
    from socialvalue.forms import fill_by_names

    folder = new_tender(tmp_path / "tender")
    path = good_response(folder, "Acme Ltd", "acme.xlsx")
    fill_by_names(path, path, {"sv_qty_M1": "_x001B_]0;owned_x0007__x001B_[2J5"})
    monkeypatch.chdir(folder)
    result = cli(["check", "."], exit_code=1)
    assert "Commitments!D" in result.stderr  # the problem is reported...
    assert not any(ord(ch) < 32 and ch != "\n" for ch in result.stderr)  # ...without raw ESC


def test_named_pipe_in_responses_is_refused_not_waited_on(tmp_path: Path) -> None:
    from socialvalue.tender.inputs import check_tender

    folder = new_tender(tmp_path / "tender")
    os.mkfifo(folder / "responses" / "pipe.xlsx")
    with time_limit(3):
        report = check_tender(folder)
    assert any(p.where.file.endswith("pipe.xlsx") for p in report.problems)


def test_reading_does_not_modify_a_workbook(corpus: Path, tmp_path: Path) -> None:
    for case in LIGHT:
        if case.bug or case.name == "too-big.xlsx":
            continue
        path = tmp_path / case.name
        shutil.copyfile(corpus / case.path, path)
        before = (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        with contextlib.suppress(InputError):
            open_workbook(path)
        assert (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()) == before


def test_corpus_zip_helpers_make_valid_zips() -> None:
    """The hand-written zips are real zips (the test of a reader is only as good as its input)."""
    from hostile.corpus import xlsx

    with zipfile.ZipFile(io.BytesIO(xlsx())) as archive:
        assert archive.testzip() is None


# --- heavy cases, last: their subprocesses started with the module ----------------------


@pytest.mark.parametrize("case", [param(c) for c in HEAVY], ids=[c.name for c in HEAVY])
def test_corpus_workbook_heavy(case: Case, heavy_reads: dict[str, Child]) -> None:
    """Each heavy case read in its own 2 GB interpreter; a case marking a known bug is a strict
    xfail (the child crashing is its AssertionError)."""
    outcome = heavy_reads[case.name].result()
    check_outcome(case, outcome)
    assert outcome["max_rss_mb"] < 1500


def test_named_pipe_as_moderation_workbook_is_refused(tmp_path: Path) -> None:
    from socialvalue.tender.inputs import check_tender

    folder = new_tender(tmp_path / "tender")
    good_response(folder, "Acme Ltd", "acme.xlsx")
    os.mkfifo(folder / "moderation.xlsx")
    with time_limit(3):
        report = check_tender(folder)
    messages = [p.message for p in report.problems if p.where.file.endswith("moderation.xlsx")]
    assert messages == ["is not a regular file (a folder, a pipe or a device): refused"]
