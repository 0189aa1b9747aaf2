"""Property-based fuzzing of every reader of untrusted or fallible input.

Mutated workbooks (random bytes, truncation, duplicated/dropped/renamed zip entries, edited XML
inside a well-formed zip) go to ``check_container`` and ``open_workbook``; generated and mutated
YAML to ``load_rubric_text``; mutated ``tender.yaml`` to ``load_tender``; mutated proxy sets
(CSV and YAML) to ``load_proxy_set``. The property everywhere: the only exception that escapes
is :class:`~socialvalue.errors.InputError`, and every problem has a message and a file.

Bounded for CI: a fixed number of examples, derandomized (the same examples on every run), no
example database, no deadline (the first example pays for imports). About 5 s here.

No exception is excused: an example that hits a known bug fails like any other (the bug this
file once rejected, an unknown XML encoding in a sheet, is fixed).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import time_limit
from hostile.corpus import TENDER, TUTORIAL, xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialvalue.errors import InputError, Problem
from socialvalue.resources import proxies_dir
from socialvalue.rubric.load import load_rubric_text
from socialvalue.rubric.proxies import load_proxy_set
from socialvalue.tender.config import load_tender
from socialvalue.workbook import (
    add_defined_name,
    check_container,
    decimal_validation,
    new_workbook,
    open_workbook,
    set_custom_property,
    set_text,
)
from socialvalue.workbook.writer import workbook_bytes

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LIMIT = 10  # seconds for one example: catches a hang, never a timing assertion


def writer_workbook() -> bytes:
    """A small valid workbook as our writer makes them: text, numbers, a formula, a date, a
    defined name, a custom property and a validation."""
    wb = new_workbook()
    ws = wb.create_sheet("Response")
    ws["A1"] = "Name"
    set_text(ws["B1"], "Acme Ltd")
    ws["A2"] = "Quantity"
    ws["B2"] = 12.5
    ws["B3"] = "=B2*2"
    ws["B4"] = dt.date(2026, 3, 1)
    decimal_validation(ws, "B2", 0, 100)
    add_defined_name(wb, "sv_quantity", "Response", "B2")
    set_custom_property(wb, "fingerprint", "abc123")
    wb.create_sheet("Hidden").sheet_state = "hidden"
    return workbook_bytes(wb)


SEEDS = (writer_workbook(), xlsx())
XML_TOKENS = (
    "<", ">", "</", "/>", "&", ";", '"', "'", "=", " ", "\n", "\x00", "&#0;", "&amp;", "&lol;",
    "<!DOCTYPE x>", '<!ENTITY a "b">', "<![CDATA[", "]]>", "<!--", "-->", "<?xml version='1.0'?>",
    '<c r="A1"><v>1</v></c>', '<c r="XFD1048576"><v>1</v></c>', '<c r="A0">', "<row>",
    '<row r="99999999">', '<c t="s"><v>999999</v></c>', '<c t="e"><v>#N/A</v></c>',
    '<c t="b"><v>2</v></c>', '<c t="d"><v>x</v></c>', "<f>cmd|' /C calc'!A0</f>", "<v>",
    "</v>", "<v>1e308</v>", "<v>-1e308</v>", "<v>NaN</v>", "<is><t>x</t></is>", 't="inlineStr"',
    't="s"', 's="99"', 'r="', "xmlns:x='urn:x'", "<sheet name='' r:id='rId1'/>",
    '<definedName name="a" localSheetId="-1">x!A1</definedName>', "sheetData", "worksheet",
    "\ufeff", "\u202e", "\ud7ff", "\U0001f600", "_x0000_", "_xD800_",
    '<?xml version="1.0" encoding="utf-7"?>', 'encoding="x-evil"', 'encoding="UTF-16"',
    "<si/>", "<si><t>x</t></si>", '<sheet name="A\tB" r:id="rId1"/>', 'Target="./x.xml"',
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>',
)  # fmt: skip
YAML_TOKENS = (
    ": ", "- ", "? ", "\n", "\n  ", "\n    ", "  ", "\t", "#", "&a ", "*a", "&b [", "*b", "<<: *a",
    "!!python/object/apply:os.system ['true']", "!!binary ", "!!str ", "!!int ", "!!float ",
    "!<tag:x> ", "%YAML 1.1\n---\n", "---\n", "...\n", "|\n  ", ">-\n  ", "{", "}", "[", "]", ",",
    '"', "'", "\\", "\\u0000", '"\\ud800"', ".nan", ".inf", "-.inf", "1e308", "1e-999", "0x1F",
    "0o17", "1_000", "~", "null", "yes", "no", "on", "=", "@", "`", "\x00", "\x07", "\ufeff",
    "\u2028", "\U0001f600", "weight", "id", "sections", "criteria", "score", "type", "value",
    "quantitative", "qualitative", "measures", "method", "kind", "scale", "levels",
)  # fmt: skip


def assert_problems(problems: list[Problem], file: Callable[[str], bool]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.message.strip(), problem
        assert problem.where.file and file(problem.where.file), problem


# --- mutations -----------------------------------------------------------------------------


@st.composite
def text_edits(draw: st.DrawFn, text: str, tokens: tuple[str, ...], most: int = 4) -> str:
    """``text`` with up to ``most`` edits: delete, insert a token, replace, duplicate a slice."""
    for _ in range(draw(st.integers(1, most))):
        n = len(text)
        start = draw(st.integers(0, n))
        end = draw(st.integers(start, min(n, start + 40)))
        op = draw(st.sampled_from(("delete", "insert", "replace", "duplicate")))
        token = draw(st.sampled_from(tokens) | st.text(max_size=4))
        if op == "delete":
            text = text[:start] + text[end:]
        elif op == "insert":
            text = text[:start] + token + text[start:]
        elif op == "replace":
            text = text[:start] + token + text[end:]
        else:
            text = text[:end] + text[start:end] + text[end:]
    return text


def rezip(data: bytes, change: Callable[[list[tuple[zipfile.ZipInfo, bytes]]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    change(entries)
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": wanted here
        for info, content in entries:
            target.writestr(info.filename, content)
    return out.getvalue()


@st.composite
def mutated_workbooks(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(SEEDS))
    how = draw(st.sampled_from(("bytes", "truncate", "entries", "xml", "xml", "xml")))
    if how == "bytes":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    if how == "truncate":
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, len(data)))
        return data[:start] + data[end:]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    if how == "entries":
        victim = draw(st.sampled_from(names))
        op = draw(st.sampled_from(("duplicate", "drop", "rename", "upper", "reverse")))

        def change(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
            index = next(i for i, (info, _) in enumerate(entries) if info.filename == victim)
            info, content = entries[index]
            if op == "duplicate":
                entries.append((info, content[::-1] if draw(st.booleans()) else content))
            elif op == "drop":
                del entries[index]
            elif op == "rename":
                entries[index] = (zipfile.ZipInfo(victim + draw(st.sampled_from(("x", "/")))),
                                  content)  # fmt: skip
            elif op == "upper":
                entries[index] = (zipfile.ZipInfo(victim.upper()), content)
            else:
                entries.reverse()

        return rezip(data, change)
    part = draw(st.sampled_from([n for n in names if n.endswith((".xml", ".rels"))]))
    original = zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")
    edited = draw(text_edits(original, XML_TOKENS)).encode("utf-8", "surrogatepass")

    def replace(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        for i, (info, _) in enumerate(entries):
            if info.filename == part:
                entries[i] = (info, edited)

    return rezip(data, replace)


# --- workbooks -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read_workbook_bytes(data: bytes, folder: Path) -> None:
    path = folder / "fuzz.xlsx"
    path.write_bytes(data)
    with time_limit(LIMIT):
        assert_problems(check_container(path, "fuzz.xlsx"), lambda f: f == "fuzz.xlsx")
        try:
            book = open_workbook(path, "fuzz.xlsx")
        except InputError as exc:
            assert exc.problems
            assert_problems(exc.problems, lambda f: f == "fuzz.xlsx")
            return
        assert_problems(book.problems, lambda f: f == "fuzz.xlsx")
        for sheet in book.sheets.values():  # use the data as a form reader would
            for row in range(1, min(sheet.max_row, 50) + 1):
                for column in range(1, min(sheet.max_column, 20) + 1):
                    sheet.cell_at(row, column).is_blank  # noqa: B018
        for name in book.defined_names:
            book.named(name)


@FUZZ
@given(data=mutated_workbooks())
def test_mutated_workbooks(data: bytes, workdir: Path) -> None:
    read_workbook_bytes(data, workdir)


@settings(FUZZ, max_examples=50)
@given(data=st.binary(max_size=2000), magic=st.sampled_from([b"PK\x03\x04", b"PK\x05\x06", b""]))
def test_random_bytes_as_workbooks(data: bytes, magic: bytes, workdir: Path) -> None:
    read_workbook_bytes(magic + data, workdir)


def test_seeds_read_cleanly(workdir: Path) -> None:
    """The mutations start from good workbooks (so a mutation is what breaks them)."""
    for seed in SEEDS:
        path = workdir / "seed.xlsx"
        path.write_bytes(seed)
        assert [p for p in open_workbook(path).problems if p.severity == "error"] == []


# --- YAML and CSV --------------------------------------------------------------------------

RUBRIC = TUTORIAL.read_text(encoding="utf-8")


def load_rubric_checked(text: str) -> None:
    with time_limit(LIMIT):
        try:
            load_rubric_text(text, "fuzz.yaml")
        except InputError as exc:
            assert exc.problems
            assert_problems(exc.problems, lambda f: f == "fuzz.yaml")


@FUZZ
@given(text=st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=6), max_size=60).map("".join))
def test_generated_yaml_as_a_rubric(text: str) -> None:
    load_rubric_checked(text)


@FUZZ
@given(text=text_edits(RUBRIC, YAML_TOKENS, most=6))
def test_mutated_rubrics(text: str) -> None:
    load_rubric_checked(text)


@FUZZ
@given(text=text_edits(TENDER, YAML_TOKENS, most=6))
def test_mutated_tender_yaml(text: str, workdir: Path) -> None:
    folder = workdir / "tender"
    folder.mkdir(exist_ok=True)
    (folder / "tender.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    with time_limit(LIMIT):
        try:
            load_tender(folder)
        except InputError as exc:
            assert exc.problems
            assert_problems(exc.problems, lambda f: f.endswith("tender.yaml"))


PROXY_CSV = (proxies_dir() / "example-proxies.csv").read_text(encoding="utf-8")
PROXY_YAML = (proxies_dir() / "example-proxies.yaml").read_text(encoding="utf-8")


@FUZZ
@given(
    suffix=st.sampled_from([".csv", ".yaml"]),
    data=st.data(),
)
def test_mutated_proxy_sets(suffix: str, data: st.DataObject, workdir: Path) -> None:
    seed = PROXY_CSV if suffix == ".csv" else PROXY_YAML
    tokens = (*YAML_TOKENS, ",", '"', '""', "\r", "\r\n", "# licence:", "# price_year: 1e308")
    text = data.draw(text_edits(seed, tokens, most=6))
    path = workdir / f"proxies{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    with time_limit(LIMIT):
        try:
            load_proxy_set(path)
        except InputError as exc:
            assert exc.problems
            assert_problems(exc.problems, lambda f: f.endswith(path.name))
