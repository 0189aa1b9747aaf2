"""The content-agnostic workbook layer: container safety, reading, value parsing, writing."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import struct
import subprocess
import time
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.errors import InputError
from socialvalue.workbook import (
    Invalid,
    Limits,
    add_defined_name,
    check_container,
    decimal_validation,
    input_style,
    list_validation,
    lock_sheet,
    neutralise_formula,
    new_workbook,
    open_workbook,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_text,
    set_custom_property,
    set_text,
    word_count,
    zipcheck,
)
from socialvalue.workbook import (
    save_workbook as save_form,
)
from socialvalue.workbook.cells import absolute, column_index, column_letters, quote_sheet
from socialvalue.workbook.reader import read_checked_bytes
from socialvalue.workbook.writer import ZIP_TIME

SHEET = "My response"
SHEET_XML = "xl/worksheets/sheet1.xml"


def save_workbook(wb: Any, path: Any) -> Any:
    """Save as a person's file would be: these tests plant formulas of their own."""
    return save_form(wb, path, formulas="any")


# --- helpers ------------------------------------------------------------------------------


def build_template() -> openpyxl.Workbook:
    """A small response template: inputs, a formula, names, a hidden fingerprint sheet."""
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    ws["B2"] = "Apprentices hired"
    ws["D14"] = 5
    ws["D15"] = "=D14*2"
    ws["D16"] = 0.1
    input_style(ws["D14"])
    lists = wb.create_sheet("Lists")
    for row, choice in enumerate(("Yes", "No"), start=1):
        lists.cell(row, 1, choice)
    list_validation(ws, "E14", "Lists!A1:A2")
    decimal_validation(ws, "D14", 0, 1000)
    fingerprint = wb.create_sheet("Fingerprint")
    fingerprint["A1"] = "fp-123"
    fingerprint.sheet_state = "hidden"
    add_defined_name(wb, "Score", SHEET, "D14")
    add_defined_name(wb, "Doubled", SHEET, "D15")
    add_defined_name(wb, "Choices", "Lists", "A1:A2")
    set_custom_property(wb, "fingerprint", "fp-123")
    lock_sheet(ws)
    return wb


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return save_workbook(build_template(), tmp_path / "template.xlsx")


def rezip(
    source: Path,
    target: Path,
    *,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Copy a zip, replacing and adding entries."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info)))
        for name, data in add.items():
            new.writestr(name, data)
    return target


def raw_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """Write a deflate zip by hand: (name, deflated bytes, declared size, crc) per entry.

    Declared sizes are written as given, so a test can make the directory lie.
    """
    out = io.BytesIO()
    central = []
    for name, data, size, crc in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
            )
        )
        out.write(encoded + data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                *(b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded)),
                *(0, 0, 0, 0, 0, offset),
            )
            + encoded
        )
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0)
    )
    path.write_bytes(out.getvalue())
    return path


def deflate(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), len(data), zlib.crc32(data)


def zeros_deflated(megabytes: int) -> tuple[bytes, int, int]:
    """``megabytes`` MB of zeros, deflated fast: one full-flush block repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = first + block * (megabytes - 1) + compressor.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return data, megabytes << 20, crc


MINIMAL_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org'
    b'/package/2006/content-types"/>',
    "xl/workbook.xml": b"<workbook/>",
}


def messages(problems: list) -> list[str]:
    return [p.message for p in problems]


def errors(problems: list) -> list[str]:
    return [p.message for p in problems if p.severity == "error"]


def warnings(problems: list) -> list[str]:
    return [p.message for p in problems if p.severity == "warning"]


# --- reading ------------------------------------------------------------------------------


def test_reads_defined_names_hidden_sheet_and_properties(template: Path) -> None:
    book = open_workbook(template, "bid.xlsx")
    assert book.problems == []
    assert book.sheet_names == [SHEET, "Lists", "Fingerprint"]
    assert book.sheet_state("Fingerprint") == "hidden"
    assert book.sheet_state(SHEET) == "visible"
    score = book.named("Score")
    assert score is not None and score.raw == 5 and score.ref == f"{SHEET}!D14"
    assert book.named("SCORE") == score  # names ignore case, as in Excel
    assert book.defined_name("Doubled").text == "'My response'!$D$15"
    assert book.named("Choices") is None  # a range, not one cell
    assert book.defined_name("Choices").first == "A1"
    assert book.named("Missing") is None
    assert book.cell("fingerprint", "A1").raw == "fp-123"
    assert book.custom_properties == {"fingerprint": "fp-123"}
    assert book.cell(SHEET, "D16").raw == 0.1
    assert book.cell(SHEET, "Z99").raw is None and book.cell(SHEET, "Z99").is_blank
    with pytest.raises(KeyError):
        book.cell("No such sheet", "A1")


def test_formula_without_cached_value_is_detected(template: Path) -> None:
    book = open_workbook(template, "bid.xlsx")
    formula = book.cell(SHEET, "D15")
    assert (formula.raw, formula.is_formula, formula.has_cached_value) == (None, True, False)
    plain = book.cell(SHEET, "D14")
    assert (plain.raw, plain.is_formula, plain.has_cached_value) == (5.0, False, True)
    assert book.named("Doubled") == formula


def test_iter_cells_includes_formulas_without_values(tmp_path: Path) -> None:
    wb = new_workbook()
    ws = wb.create_sheet("S")
    ws["C3"] = "=1+1"
    book = open_workbook(save_workbook(wb, tmp_path / "f.xlsx"))
    assert [(c.ref, c.is_formula, c.raw) for c in book.sheet("S").iter_cells()] == [
        ("S!C3", True, None)
    ]
    ws["A1"] = "x"
    book = open_workbook(save_workbook(wb, tmp_path / "f.xlsx"))
    assert [c.ref for c in book.sheet("S").iter_cells()] == ["S!A1", "S!C3"]


def test_error_cell_is_not_mistaken_for_empty(template: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(template) as z:
        xml = z.read(SHEET_XML).decode()
    cell = '<c r="D15"><f>D14*2</f><v /></c>'
    assert cell in xml
    xml = xml.replace(cell, '<c r="D15" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    book = open_workbook(rezip(template, tmp_path / "e.xlsx", replace={SHEET_XML: xml.encode()}))
    value = book.cell(SHEET, "D15")
    assert (value.raw, value.error, value.is_formula, value.is_blank) == (
        None,
        "#DIV/0!",
        True,
        False,
    )


def soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    return program


@pytest.mark.slow
def test_libreoffice_recalculates_and_keeps_names(template: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile}",
            "--headless",
            *("--convert-to", "xlsx", "--outdir", str(out), str(template)),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    book = open_workbook(out / "template.xlsx")
    formula = book.named("Doubled")
    assert formula is not None
    assert (formula.raw, formula.is_formula, formula.has_cached_value) == (10.0, True, True)
    assert book.named("Score").raw == 5.0
    assert book.defined_name("Choices").text == "Lists!$A$1:$A$2"
    assert book.sheet_state("Fingerprint") == "hidden"
    assert book.cell("Fingerprint", "A1").raw == "fp-123"


def test_sheet_reaching_far_is_refused_before_calamine(template: Path, tmp_path: Path) -> None:
    # One value at XFD1048576 makes python-calamine allocate ~550 GB and abort the process.
    with zipfile.ZipFile(template) as z:
        xml = z.read(SHEET_XML).decode()
    far = '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    xml = xml.replace("</sheetData>", far)
    book = open_workbook(rezip(template, tmp_path / "far.xlsx", replace={SHEET_XML: xml.encode()}))
    assert [str(p) for p in book.problems] == [
        f"{tmp_path / 'far.xlsx'}: {SHEET}!XFD1048576: the sheet has something in XFD1048576, "
        "beyond the 20,000 rows and 200 columns that can be read: delete what is there (or the "
        "unused rows and columns) and save again; the sheet was not read"
    ]
    assert not book.sheet(SHEET).readable
    assert book.cell("Fingerprint", "A1").raw == "fp-123"  # other sheets are still read


def test_row_and_cell_limits(template: Path) -> None:
    book = open_workbook(template, "bid.xlsx", Limits(max_rows=15))
    assert errors(book.problems) == [
        "the sheet has something in D16, beyond the 15 rows and 200 columns that can be read: "
        "delete what is there (or the unused rows and columns) and save again; the sheet was "
        "not read"
    ]
    book = open_workbook(template, "bid.xlsx", Limits(max_cell_chars=6))
    assert [str(p) for p in book.problems] == [
        f"bid.xlsx: {SHEET}!B2: the cell holds 17 characters, more than the 6 that are read; "
        "only the first 6 were kept"
    ]
    assert book.cell(SHEET, "B2").raw == "Appren"


def test_sheet_dtd_refused_by_reader_too(template: Path) -> None:
    """Defence in depth: even bytes that skipped the container check never expand entities."""
    with zipfile.ZipFile(template) as z:
        xml = z.read(SHEET_XML)
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml.split(b"?>", 1)[-1]
    buffer = io.BytesIO()
    rezip(template, buffer, replace={SHEET_XML: evil})  # type: ignore[arg-type]
    book = read_checked_bytes(buffer.getvalue(), "bid.xlsx")
    assert messages(book.problems) == [
        "the sheet is damaged: the sheet's XML declares a DTD or entities; it was not read"
    ]


# --- container checks ---------------------------------------------------------------------

MSG_TRUNCATED = (
    "the workbook is damaged or incomplete (not a readable .xlsx/zip file): "
    "save it again from Excel and resend it"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty (0 bytes)"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "this is a PDF, not a workbook: send the .xlsx response workbook",
        ),
        (
            "Measure,Value\nApprentices,5\nSpend,£1,000\n".encode(),
            "this is a text/CSV file, not an .xlsx workbook: "
            "open it in Excel and save it as an Excel Workbook (.xlsx)",
        ),
        (
            b"<html><body><table><tr><td>5</td></tr></table></body></html>",
            "this is a web page or XML text file, not an .xlsx workbook: "
            "open it in Excel and save it as an Excel Workbook (.xlsx)",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "this is a password-protected (encrypted) workbook or an old-style .xls file: "
            "save it unencrypted as an Excel Workbook (.xlsx)",
        ),
        (
            bytes(range(256)) * 4,
            "this is not an Excel workbook (.xlsx): the file type is not recognised",
        ),
    ],
    ids=["empty", "pdf", "csv", "html", "ole2", "binary"],
)
def test_non_workbooks_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bid.xlsx"
    path.write_bytes(content)
    problems = check_container(path, "bid.xlsx")
    assert [str(p) for p in problems] == [f"bid.xlsx: {message}"]
    with pytest.raises(InputError) as raised:
        open_workbook(path, "bid.xlsx")
    assert messages(raised.value.problems) == [message]


def test_truncated_zip(template: Path, tmp_path: Path) -> None:
    data = template.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert messages(check_container(path, "cut.xlsx")) == [MSG_TRUNCATED]


def test_damaged_part_found_by_crc(template: Path, tmp_path: Path) -> None:
    data = bytearray(template.read_bytes())
    with zipfile.ZipFile(template) as z:
        info = z.getinfo(SHEET_XML)
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle] ^= 0xFF
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(bytes(data))
    assert messages(check_container(path, "bid.xlsx")) == [
        f"part {SHEET_XML} is damaged: {MSG_TRUNCATED}"
    ]


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", MINIMAL_PARTS["[Content_Types].xml"])
        z.writestr("notes.txt", "hello")
    assert messages(check_container(path, "notes.xlsx")) == [
        "this is not an Excel workbook: the zip archive has no xl/workbook.xml"
    ]
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", MINIMAL_PARTS["[Content_Types].xml"])
        z.writestr("word/document.xml", "<w:document/>")
    assert messages(check_container(path, "notes.xlsx")) == [
        "this is a Word document, not an Excel workbook"
    ]


def test_zip_bomb_refused_from_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_args: object) -> bytes:
        raise AssertionError("inflated a part of a zip bomb")

    monkeypatch.setattr(zipcheck, "_inflate_entry", never)
    parts = [(name, *deflate(data)) for name, data in MINIMAL_PARTS.items()]
    bomb = raw_zip(tmp_path / "bomb.xlsx", [*parts, (SHEET_XML, *zeros_deflated(300))])
    assert bomb.stat().st_size < 400_000
    started = time.perf_counter()
    problems = check_container(bomb, "bomb.xlsx")
    assert time.perf_counter() - started < 1
    assert messages(problems) == [
        f"part {SHEET_XML} expands 1,011:1 (to 300 MB), more than the 100:1 allowed for parts "
        "over 1 MB: it may be a zip bomb"
    ]
    # Many parts, each within the ratio, adding up to too much (sizes declared, never read).
    many = [(f"xl/media/image{i}.bin", bytes(1000), 90 << 20, 0) for i in range(3)]
    path = raw_zip(tmp_path / "total.xlsx", [*parts, *many])
    assert messages(check_container(path, "total.xlsx", Limits(max_ratio=100_000))) == [
        "the workbook would expand to 270 MB, more than the 200 MB allowed: it may be a zip bomb"
    ]
    assert messages(check_container(path, "total.xlsx", Limits(max_entries=4))) == [
        "the workbook has 5 parts inside, more than the 4 allowed: it may be a zip bomb"
    ]


def test_part_larger_than_declared_is_caught_while_inflating(tmp_path: Path) -> None:
    parts = [(name, *deflate(data)) for name, data in MINIMAL_PARTS.items()]
    data, _, crc = zeros_deflated(2)
    path = raw_zip(tmp_path / "liar.xlsx", [*parts, (SHEET_XML, data, 1000, crc)])
    assert messages(check_container(path, "liar.xlsx")) == [
        f"part {SHEET_XML} is larger than the zip archive declares: "
        "the workbook is damaged or crafted"
    ]


def billion_laughs() -> bytes:
    declarations = [b'<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        declarations.append(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10))
    return b"<!DOCTYPE lolz [" + b"".join(declarations) + b"]>"


LAUGHS = billion_laughs()


@pytest.mark.parametrize(
    "prolog",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + LAUGHS,
        b"\xef\xbb\xbf<?xml version='1.0'?><!-- a comment -->\n" + LAUGHS,
        b'<!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd">',
    ],
    ids=["billion-laughs", "bom-and-comment", "external-dtd"],
)
def test_xml_entity_attack_refused(template: Path, tmp_path: Path, prolog: bytes) -> None:
    with zipfile.ZipFile(template) as z:
        body = z.read(SHEET_XML).split(b"?>", 1)[-1]
    evil = rezip(template, tmp_path / "evil.xlsx", replace={SHEET_XML: prolog + body})
    assert messages(check_container(evil, "evil.xlsx")) == [
        f"part {SHEET_XML} contains a DTD or entity declarations (<!DOCTYPE or <!ENTITY), "
        "which Excel never writes: refused as a possible XML entity attack"
    ]


def test_utf16_dtd_refused(template: Path, tmp_path: Path) -> None:
    evil_part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
    evil = rezip(template, tmp_path / "u16.xlsx", add={"xl/extra.xml": evil_part.encode("utf-16")})
    assert "contains a DTD" in messages(check_container(evil, "u16.xlsx"))[0]


def test_macros_and_external_links_warn_but_read(template: Path, tmp_path: Path) -> None:
    xlsm = rezip(template, tmp_path / "bid.xlsm", add={"xl/vbaProject.bin": b"\x00" * 64})
    problems = check_container(xlsm, "bid.xlsm")
    assert errors(problems) == []
    assert warnings(problems) == [
        "the workbook contains macros (VBA); they are ignored and never run"
    ]
    book = open_workbook(xlsm, "bid.xlsm")
    assert messages(book.problems) == warnings(problems)
    assert book.named("Score").raw == 5.0

    linked = rezip(
        template,
        tmp_path / "linked.xlsx",
        add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"},
    )
    assert warnings(check_container(linked, "linked.xlsx")) == [
        "the workbook links to other files (external links); the links are ignored "
        "and only the values saved in this file are read"
    ]


def test_file_size_limit(template: Path, tmp_path: Path) -> None:
    size = template.stat().st_size
    assert check_container(template, "t.xlsx", Limits(max_file_bytes=size)) == []
    assert messages(check_container(template, "t.xlsx", Limits(max_file_bytes=2048))) == [
        f"the file is {size / 1024:.1f} KB, more than the 2.0 KB allowed for a workbook"
    ]
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: fast, and never read
    assert messages(check_container(big, "big.xlsx")) == [
        "the file is 21.0 MB, more than the 20.0 MB allowed for a workbook"
    ]
    assert messages(check_container(tmp_path / "gone.xlsx", "gone.xlsx")) == [
        "cannot read the file: No such file or directory"
    ]


# --- values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (5, Decimal("5")),
        (5.0, Decimal("5")),
        (0.1, Decimal("0.1")),
        (0.30000000000000004, Decimal("0.3")),
        ("5", Decimal("5")),
        (" 5 ", Decimal("5")),
        ("1,000", Decimal("1000")),
        ("£1,000", Decimal("1000")),
        ("£1,000.50", Decimal("1000.50")),
        ("1 000", Decimal("1000")),
        ("1\u00a0000", Decimal("1000")),
        ("12.5", Decimal("12.5")),
        (".5", Decimal("0.5")),
        (Decimal("2.25"), Decimal("2.25")),
        (-0.0, Decimal("0")),
    ],
)
def test_parse_decimal_accepts(raw: object, expected: Decimal) -> None:
    result = parse_decimal(raw)
    assert not isinstance(result, Invalid)
    assert result == expected and str(result) == str(expected)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("about five", 'expected a number of 0 or more, found "about five"'),
        ("", "expected a number of 0 or more, found an empty cell"),
        ("   ", "expected a number of 0 or more, found an empty cell"),
        (None, "expected a number of 0 or more, found an empty cell"),
        (float("nan"), "expected a number of 0 or more, found an invalid number (nan)"),
        (float("inf"), "expected a number of 0 or more, found an invalid number (inf)"),
        (True, "expected a number of 0 or more, found TRUE"),
        (dt.date(2026, 11, 22), "expected a number of 0 or more, found a date (22/11/2026)"),
        (
            dt.datetime(2026, 11, 22, 9, 5),
            "expected a number of 0 or more, found a date and time (22/11/2026 09:05)",
        ),
        ("12.5%", 'expected a number of 0 or more, found "12.5%"'),
        ("1,5", 'expected a number of 0 or more, found "1,5"'),
        ("1,0000", 'expected a number of 0 or more, found "1,0000"'),
        ("€1,000", 'expected a number of 0 or more, found "€1,000"'),
        ("1e3", 'expected a number of 0 or more, found "1e3"'),
        (-5, "expected a number of 0 or more, found -5"),
        (-5.0, "expected a number of 0 or more, found -5"),
        ("-£5", 'expected a number of 0 or more, found "-£5"'),
        ("--5", 'expected a number of 0 or more, found "--5"'),
    ],
)
def test_parse_decimal_refuses(raw: object, message: str) -> None:
    result = parse_decimal(raw)
    assert isinstance(result, Invalid)
    assert result == message


def test_parse_decimal_bounds_and_options() -> None:
    assert parse_decimal("-£5", allow_negative=True) == Decimal("-5")
    assert parse_decimal("\u22125", allow_negative=True) == Decimal("-5")
    assert parse_decimal(150, maximum=100) == "expected a number from 0 to 100, found 150"
    assert parse_decimal("7", minimum=10) == 'expected a number of 10 or more, found "7"'
    assert parse_decimal(5, minimum=1, maximum=5) == Decimal(5)
    assert parse_decimal(9, allow_negative=True, maximum=5) == (
        "expected a number of 5 or less, found 9"
    )
    assert parse_decimal("x", allow_negative=True) == 'expected a number, found "x"'
    assert parse_decimal("12.5%", percent=True) == Decimal("0.125")
    assert parse_decimal(0.125, percent=True) == Decimal("0.125")
    assert parse_decimal("150%", percent=True, maximum=1) == (
        'expected a percentage from 0% to 100%, found "150%"'
    )
    assert parse_decimal("£5%", percent=True) == (
        'expected a percentage of 0% or more, found "£5%"'
    )
    long = "x" * 100
    assert parse_decimal(long) == f'expected a number of 0 or more, found "{"x" * 59}…"'


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_decimal_round_trips_formatted_integers(n: int) -> None:
    assert parse_decimal(f"£{n:,}") == n
    assert parse_decimal(f"{n:,}".replace(",", " ")) == n
    assert parse_decimal(float(n)) == n


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_parse_decimal_of_float_is_the_typed_number(d: Decimal) -> None:
    assert parse_decimal(float(d), allow_negative=True) == d


def test_parse_text() -> None:
    assert parse_text("  Two lines\r\nof text \x00 ") == "Two lines\nof text"
    assert parse_text(5.0) == "5"
    assert parse_text(0.1) == "0.1"
    assert parse_text(12) == "12"
    assert parse_text(None) == ""
    assert parse_text(True) == "TRUE"
    assert parse_text(dt.datetime(2026, 11, 22)) == "2026-11-22"


def test_word_count() -> None:
    assert word_count("We will hire 10,000 well-being apprentices.") == 6
    assert word_count("• one\n- two\n\n–  three") == 3
    assert word_count("") == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2026, 11, 22, 10, 30), dt.date(2026, 11, 22)),
        (dt.date(2026, 11, 22), dt.date(2026, 11, 22)),
        ("2026-11-22", dt.date(2026, 11, 22)),
        ("2026-11-22T00:00:00", dt.date(2026, 11, 22)),
        ("22/11/2026", dt.date(2026, 11, 22)),
        (" 1/2/2026 ", dt.date(2026, 2, 1)),
        ("22.11.2026", dt.date(2026, 11, 22)),
        ("22 November 2026", dt.date(2026, 11, 22)),
        ("22nd Nov 2026", dt.date(2026, 11, 22)),
    ],
)
def test_parse_date_accepts(raw: object, expected: dt.date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        ("11/22/2026", '"11/22/2026"'),
        ("31/02/2026", '"31/02/2026"'),
        ("22/11/26", '"22/11/26"'),
        ("next week", '"next week"'),
        (46348.0, "46348"),
        (None, "an empty cell"),
    ],
)
def test_parse_date_refuses(raw: object, found: str) -> None:
    result = parse_date(raw)
    assert isinstance(result, Invalid)
    assert result == f"expected a date (for example 22/11/2026), found {found}"


def test_parse_choice() -> None:
    assert parse_choice("  yes ", ["Yes", "No"]) == "Yes"
    assert parse_choice("NO", ["Yes", "No"]) == "No"
    assert parse_choice("not  applicable", ["Not applicable"]) == "Not applicable"
    assert parse_choice(1.0, ["1", "2"]) == "1"
    assert parse_choice("Maybe", ["Yes", "No"]) == 'expected "Yes" or "No", found "Maybe"'
    assert isinstance(parse_choice("Maybe", ["Yes", "No"]), Invalid)
    assert parse_choice(None, ["A", "B", "C"]) == (
        'expected one of "A", "B" or "C", found an empty cell'
    )


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1"])
def test_neutralise_formula(text: str) -> None:
    assert neutralise_formula(text) == "'" + text


def test_neutralise_formula_leaves_plain_text() -> None:
    assert neutralise_formula("Plain text = fine") == "Plain text = fine"
    assert neutralise_formula("") == ""


# --- writing ------------------------------------------------------------------------------


def test_save_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = save_workbook(build_template(), tmp_path / "a.xlsx")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3 * 86400)  # zip's clock moves on
    second = save_workbook(build_template(), tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(second) as z:
        assert {info.date_time for info in z.infolist()} == {ZIP_TIME}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temp files


def test_save_replaces_atomically_and_keeps_old_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_workbook(build_template(), tmp_path / "t.xlsx")
    before = path.read_bytes()

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    wb = build_template()
    wb[SHEET]["D14"] = 6
    with pytest.raises(OSError, match="disk full"):
        save_workbook(wb, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_written_workbook_reads_back_with_openpyxl(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    assert ws.protection.sheet
    assert ws["D14"].protection.locked is False
    assert ws["B2"].protection.locked is True
    validations = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert validations["list"].formula1 == "Lists!$A$1:$A$2"
    assert str(validations["list"].sqref) == "E14"
    assert (validations["decimal"].formula1, validations["decimal"].formula2) == ("0", "1000")
    assert wb.defined_names["Score"].attr_text == "'My response'!$D$14"


def test_writer_refuses_bad_names_and_inline_lists() -> None:
    wb = new_workbook()
    ws = wb.create_sheet("S")
    for bad in ("A1", "R1C1", "1abc", "has space", "xfd1048576"):
        with pytest.raises(ValueError):
            add_defined_name(wb, bad, "S", "A1")
    with pytest.raises(ValueError):
        add_defined_name(wb, "Ok", "Missing", "A1")
    add_defined_name(wb, "Ok", "S", "A1")
    with pytest.raises(ValueError):
        add_defined_name(wb, "OK", "S", "A2")
    with pytest.raises(ValueError):
        list_validation(ws, "A1", '"Yes,No"')
    assert list_validation(ws, "A1", "Ok").formula1 == "Ok"


def test_set_text_is_never_a_formula(tmp_path: Path) -> None:
    wb = new_workbook()
    ws = wb.create_sheet("S")
    set_text(ws["A1"], '=HYPERLINK("http://example.invalid","x")')
    set_text(ws["A2"], "bell\x07 removed")
    book = open_workbook(save_workbook(wb, tmp_path / "t.xlsx"))
    a1 = book.cell("S", "A1")
    assert a1.raw == '\'=HYPERLINK("http://example.invalid","x")' and not a1.is_formula
    assert book.cell("S", "A2").raw == "bell removed"


def test_cell_helpers() -> None:
    assert [column_index(c) for c in ("A", "Z", "AA", "XFD")] == [1, 26, 27, 16384]
    assert [column_letters(n) for n in (1, 26, 27, 16384)] == ["A", "Z", "AA", "XFD"]
    assert absolute("d14:E20") == "$D$14:$E$20"
    assert quote_sheet("Lists") == "Lists"
    assert [quote_sheet(n) for n in ("My sheet", "It's", "A1", "R2C3", "2024")] == [
        "'My sheet'",
        "'It''s'",
        "'A1'",
        "'R2C3'",
        "'2024'",
    ]
