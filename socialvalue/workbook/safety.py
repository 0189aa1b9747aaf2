"""Check an untrusted .xlsx file before any parser touches it.

Bidders' files arrive from outside. Before python-calamine (or anything else) opens one, this
module:

* names what the file really is when it is not an .xlsx (empty, PDF, CSV/text, an encrypted
  workbook or old .xls, an .ods, a Word document, a damaged zip);
* refuses zip bombs from the central directory alone, *before* inflating anything: too many
  parts, too much declared uncompressed data, or a part that expands too far for its size;
* then inflates every part once, bounded by its declared size, so a central directory that lies
  about sizes is caught here and not inside a parser (and a damaged part is found by its CRC);
* refuses part names Excel never writes (``./``, ``../``, ``//``, a backslash, a leading ``/``,
  ``&`` or a control character): a name that resolves one way for this reader and another for
  python-calamine could point the reader's checks at the wrong part;
* refuses any XML part whose prolog has a DTD (``<!DOCTYPE``, and so ``<!ENTITY``): Excel never
  writes one and it is how XML entity attacks start;
* refuses XML parts that are not UTF-8 (a UTF-16 byte order mark, or a declared encoding such as
  ``x-evil``, ``utf-7`` or ``UTF-16``): Excel writes UTF-8 only, Python's parser and calamine decode
  other encodings differently (so they would read different documents), and an unknown encoding
  makes Python raise. Worksheets are the exception: the reader checks them sheet by sheet, so a
  bad sheet spoils only itself;
* warns, without failing, about macros (never run: nothing here executes anything) and links to
  other files (ignored: only the values saved in the file are read).

The limits are in :class:`Limits`; :data:`DEFAULT_LIMITS` are the ones used unless a caller
passes others.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

import attrs
import defusedxml.ElementTree as SafeET

from ..errors import Location, Problem, Severity

MB = 1024 * 1024


@attrs.frozen
class Limits:
    """Bounds on what is read from one workbook. Exceeding one is a problem, never a crash."""

    max_file_bytes: int = 20 * MB
    max_entries: int = 10_000
    max_total_uncompressed: int = 200 * MB
    max_ratio: int = 100
    ratio_applies_above: int = 1 * MB
    max_prolog_bytes: int = 64 * 1024
    max_rows: int = 20_000
    max_columns: int = 200
    max_cell_chars: int = 100_000
    # Budgets for the whole workbook, spent sheet by sheet in workbook order (see guard.py):
    max_cells: int = 250_000
    """Cells holding anything (a value, a formula, an error), over all sheets read."""
    max_grid_cells: int = 4_000_000
    """Cells calamine materialises: each sheet's rows x columns from A1 to its furthest cell,
    summed over the sheets read (a sheet with two cells, at A1 and GR20000, counts 4,000,000)."""
    max_text_chars: int = 50_000_000
    """Characters of text in the cells read; a shared string counts each time a cell uses it."""
    max_xml_elements: int = 2_000_000
    """XML elements the reader's own pre-scan goes through, over all worksheets (a sheet of
    250,000 cells has about 600,000): bounds its time, which is Python work per element."""


DEFAULT_LIMITS = Limits()

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
WORKBOOK_PART = "xl/workbook.xml"
CONTENT_TYPES_PART = "[Content_Types].xml"
WORKSHEETS_FOLDER = "xl/worksheets/"
XML_SUFFIXES = (".xml", ".rels", ".vml")
UTF8_NAMES = ("utf-8", "utf8")
WORKBOOK_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": False,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": False,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": True,
    "application/vnd.ms-excel.template.macroEnabled.main+xml": True,
    "application/vnd.ms-excel.addin.macroEnabled.main+xml": True,
}
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

MSG_EMPTY = "the file is empty (0 bytes)"
MSG_OLE2 = (
    "this is a password-protected (encrypted) workbook or an old-style .xls file: "
    "save it unencrypted as an Excel Workbook (.xlsx)"
)
MSG_PDF = "this is a PDF, not a workbook: send the .xlsx response workbook"
MSG_TEXT = (
    "this is a text/CSV file, not an .xlsx workbook: "
    "open it in Excel and save it as an Excel Workbook (.xlsx)"
)
MSG_MARKUP = (
    "this is a web page or XML text file, not an .xlsx workbook: "
    "open it in Excel and save it as an Excel Workbook (.xlsx)"
)
MSG_UNKNOWN = "this is not an Excel workbook (.xlsx): the file type is not recognised"
MSG_CORRUPT = (
    "the workbook is damaged or incomplete (not a readable .xlsx/zip file): "
    "save it again from Excel and resend it"
)
MSG_ODS = (
    "this is an OpenDocument spreadsheet (.ods), not an .xlsx workbook: "
    "save it as an Excel Workbook (.xlsx)"
)
MSG_XLSB = "this is a binary Excel workbook (.xlsb): save it as an Excel Workbook (.xlsx)"
MSG_WORD = "this is a Word document, not an Excel workbook"
MSG_POWERPOINT = "this is a PowerPoint presentation, not an Excel workbook"
MSG_MACROS = "the workbook contains macros (VBA); they are ignored and never run"
MSG_EXTERNAL_LINKS = (
    "the workbook links to other files (external links); the links are ignored "
    "and only the values saved in this file are read"
)


class _Refused(Exception):
    """A fatal problem: stop checking this file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_container(path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Return the problems with the file at ``path`` as an .xlsx container (warnings included).

    An empty list, or warnings only, means parsers may open it. Nothing is parsed except the zip
    directory, each XML part's prolog and ``[Content_Types].xml``; nothing is executed.
    """
    return load_checked(path, display, limits)[1]


def load_checked(
    path: Path, display: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[bytes | None, list[Problem]]:
    """Read the file once and check it: (its bytes, or None when any problem is an error; problems).

    Readers should parse these bytes rather than reopen the path, so what was checked is what is
    read.
    """
    problems: list[Problem] = []
    try:
        data = _read_bounded(Path(path), limits)
        problems.extend(check_bytes(data, display, Path(path).suffix, limits))
    except _Refused as refused:
        problems.append(_problem(display, refused.message))
        return None, problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    return data, problems


def check_bytes(
    data: bytes, display: str, suffix: str = ".xlsx", limits: Limits = DEFAULT_LIMITS
) -> list[Problem]:
    """Check a whole file already in memory; ``suffix`` is its file name's extension."""
    problems: list[Problem] = []
    try:
        if len(data) > limits.max_file_bytes:
            raise _Refused(_too_large(len(data), limits))
        if not data:
            raise _Refused(MSG_EMPTY)
        if not data.startswith(ZIP_MAGICS):
            raise _Refused(_not_a_zip(data))
        archive = _open_zip(data)
        infos = archive.infolist()
        _check_directory(infos, limits)
        _check_parts(data, infos, limits)
        problems.extend(_check_kind(archive, suffix, display))
    except _Refused as refused:
        problems.append(_problem(display, refused.message))
    return problems


def _problem(display: str, message: str, severity: Severity = "error") -> Problem:
    return Problem(Location(display, cell=None), message, severity)


def _size(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB else f"{n / 1024:,.1f} KB"


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"the file is {_size(size)}, more than the {_size(limits.max_file_bytes)} "
        "allowed for a workbook"
    )


def _read_bounded(path: Path, limits: Limits) -> bytes:
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_file_bytes:
                raise _Refused(_too_large(size, limits))
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise _Refused(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limits.max_file_bytes:
        raise _Refused(_too_large(len(data), limits))
    return data


def _not_a_zip(data: bytes) -> str:
    """Name what a non-zip file is, as well as we can tell from its first bytes."""
    head = data[:4096]
    if head.startswith(OLE2_MAGIC):
        return MSG_OLE2
    if b"%PDF-" in data[:1024]:
        return MSG_PDF
    text = _as_text(head)
    if text is not None:
        return MSG_MARKUP if text.lstrip("\ufeff \t\r\n").startswith("<") else MSG_TEXT
    return MSG_UNKNOWN


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ZIP_FAILURES = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    ValueError,
    EOFError,
    struct.error,
    NotImplementedError,
    OverflowError,
)


def _as_text(head: bytes) -> str | None:
    """Decode the start of a file when it looks like text, else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return codecs.getincrementaldecoder(encoding)("replace").decode(head[len(bom) :])
    if b"\x00" in head:
        return None
    try:
        text = codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=False)
    except UnicodeDecodeError:
        text = head.decode("cp1252", "replace")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n")
    return text if text and printable >= 0.95 * len(text) else None


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_FAILURES:
        raise _Refused(MSG_CORRUPT) from None


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Zip bomb and crafted-archive checks from the central directory: nothing is inflated."""
    if len(infos) > limits.max_entries:
        raise _Refused(
            f"the workbook has {len(infos):,} parts inside, more than the "
            f"{limits.max_entries:,} allowed: it may be a zip bomb"
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        irregular = irregular_part_name(info.filename)
        if irregular:
            raise _Refused(
                f'part "{printable(info.filename)}" has a name Excel never writes ({irregular}): '
                "the workbook may be crafted"
            )
        key = info.filename.lower()
        if key in seen:
            raise _Refused(
                f"the zip archive holds part {info.filename} more than once: "
                "the workbook is ambiguous and may be crafted"
            )
        seen.add(key)
        if info.flag_bits & 0x1:
            raise _Refused(f"part {info.filename} is encrypted inside the zip: cannot read it")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused(
                f"part {info.filename} uses an unsupported compression method "
                f"({info.compress_type}): save the workbook again from Excel"
            )
        total += info.file_size
        if info.file_size > limits.ratio_applies_above:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise _Refused(
                    f"part {info.filename} expands {ratio:,.0f}:1 "
                    f"(to {info.file_size / MB:,.0f} MB), more than the "
                    f"{limits.max_ratio}:1 allowed for parts over "
                    f"{limits.ratio_applies_above / MB:g} MB: it may be a zip bomb"
                )
    if total > limits.max_total_uncompressed:
        raise _Refused(
            f"the workbook would expand to {total / MB:,.0f} MB, more than the "
            f"{limits.max_total_uncompressed / MB:g} MB allowed: it may be a zip bomb"
        )


def irregular_part_name(name: str) -> str | None:
    """What is wrong with a zip part name, or None when it is one Excel could write.

    Part names are compared and resolved literally (as python-calamine does), so a name with
    ``.`` or ``..`` folders, empty folders, a backslash, a leading ``/``, an ``&`` (which a
    relationship's target could spell as an XML escape) or a control character is refused
    rather than normalised. A folder entry's one trailing ``/`` is fine.
    """
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "a control character"
    if "\\" in name:
        return "a backslash"
    if "&" in name:
        return 'an "&"'
    if name.startswith("/"):
        return 'a leading "/"'
    segments = name.removesuffix("/").split("/")
    if any(segment in (".", "..") for segment in segments):
        return 'a "." or ".." folder'
    if "" in segments:
        return 'an empty folder name ("//")'
    return None


def printable(text: str, limit: int = 120) -> str:
    """Text from a file made safe to quote in a message: control characters escaped, cut short."""
    out = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[:limit])
    return out + ("…" if len(text) > limit else "")


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _check_parts(data: bytes, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Inflate every part once, never past its declared size; check CRCs and XML prologs."""
    view = memoryview(data)
    for info in infos:
        is_xml = info.filename.lower().endswith(XML_SUFFIXES)
        head = _inflate_entry(view, info, limits.max_prolog_bytes if is_xml else 0)
        if not is_xml:
            continue
        verdict = _prolog_has_dtd(head, complete=len(head) >= info.file_size)
        if verdict is None:
            raise _Refused(
                f"part {info.filename} has an XML prolog longer than "
                f"{limits.max_prolog_bytes // 1024} KB: refused as a possible XML attack"
            )
        if verdict:
            raise _Refused(
                f"part {info.filename} contains a DTD or entity declarations "
                "(<!DOCTYPE or <!ENTITY), which Excel never writes: "
                "refused as a possible XML entity attack"
            )
        if info.filename.lower().startswith(WORKSHEETS_FOLDER):
            continue  # the reader checks each worksheet's encoding, sheet by sheet
        encoding = not_utf8(head)
        if encoding is not None:
            raise _Refused(
                f"part {info.filename} {encoding}, but workbook parts must be UTF-8 (as Excel "
                "writes them): the workbook is damaged or crafted"
            )


def _inflate_entry(view: memoryview, info: zipfile.ZipInfo, keep: int) -> bytes:
    """Inflate one part, bounded by its declared size; return its first ``keep`` bytes.

    Raises :class:`_Refused` when the part is damaged, larger than declared, or its local
    header disagrees with the central directory.
    """
    damaged = f"part {info.filename} is damaged: {MSG_CORRUPT}"
    offset = info.header_offset
    try:
        fields = _LOCAL_HEADER.unpack_from(view, offset)
    except struct.error:
        raise _Refused(damaged) from None
    signature, _, flags, _, _, _, _, _, _, name_length, extra_length = fields
    start = offset + _LOCAL_HEADER.size
    raw_name = bytes(view[start : start + name_length])
    local_name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
    if signature != b"PK\x03\x04" or local_name != info.orig_filename:
        raise _Refused(damaged)
    start += name_length + extra_length
    stop = start + info.compress_size
    if stop > len(view):
        raise _Refused(damaged)
    compressed = view[start:stop]
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size or zlib.crc32(compressed) != info.CRC:
            raise _Refused(damaged)
        return bytes(compressed[:keep])
    inflater = zlib.decompressobj(-15)
    head = bytearray()
    total = 0
    crc = 0
    step = 1 << 16
    position = 0
    pending: bytes | memoryview = b""
    try:
        while not inflater.eof:
            if not pending and position >= len(compressed):
                out = inflater.flush()  # at most the rest of one match: a few hundred bytes
            else:
                if not pending:
                    pending = compressed[position : position + step]
                    position += step
                out = inflater.decompress(pending, step)
                pending = inflater.unconsumed_tail
            total += len(out)
            if total > info.file_size:
                raise _Refused(
                    f"part {info.filename} is larger than the zip archive declares: "
                    "the workbook is damaged or crafted"
                )
            crc = zlib.crc32(out, crc)
            if len(head) < keep:
                head += out[: keep - len(head)]
            if not out and not pending and position >= len(compressed):
                break
    except zlib.error:
        raise _Refused(damaged) from None
    if not inflater.eof or total != info.file_size or crc != info.CRC:
        raise _Refused(damaged)
    return bytes(head)


def _prolog_has_dtd(head: bytes, *, complete: bool) -> bool | None:
    """True when an XML document's prolog declares a DTD; None when ``head`` ends inside it.

    A DTD (and so any ``<!ENTITY``) can only come before the root element, so reading up to the
    first start tag is enough. Anything starting ``<!`` there other than a comment counts.
    """
    text = _decode_xml_head(head)
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in "\ufeff \t\r\n":
            i += 1
        if i >= n:
            return False if complete else None
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                return False if complete else None
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return False if complete else None
            i = end + 3
        else:
            # "<!" here is a DTD; anything else is the root element (or junk no parser takes).
            return text.startswith("<!", i)


_DECLARED_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([^"'>]*)["']"""
)


def not_utf8(head: bytes) -> str | None:
    """Why an XML part's first bytes show it is not UTF-8, as a phrase that follows "it" or "the
    part" (``'declares the encoding "x-evil"'``); None when it is UTF-8 (with or without a UTF-8
    byte order mark or an encoding declaration)."""
    # What makes expat read UTF-16 whatever it is told: a byte order mark, or "<" as UTF-16.
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")):
        return "is in UTF-16"
    match = _DECLARED_ENCODING.match(head)
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace")
    if name.strip().lower().replace("_", "-") in UTF8_NAMES:
        return None
    return f'declares the encoding "{printable(name, 40)}"'


def _decode_xml_head(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, b"<\x00")):
        return head.decode("utf-16-le", "replace")
    if head.startswith((codecs.BOM_UTF16_BE, b"\x00<")):
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace")


def _check_kind(archive: zipfile.ZipFile, suffix: str, display: str) -> list[Problem]:
    """Is this zip an Excel workbook? Fatal when not; warnings for macros and external links."""
    names = {info.filename for info in archive.infolist()}
    lower = {name.lower() for name in names}
    if "mimetype" in names and archive.read("mimetype").startswith(
        b"application/vnd.oasis.opendocument"
    ):
        raise _Refused(MSG_ODS)
    if "xl/workbook.bin" in lower:
        raise _Refused(MSG_XLSB)
    if "word/document.xml" in lower:
        raise _Refused(MSG_WORD)
    if "ppt/presentation.xml" in lower:
        raise _Refused(MSG_POWERPOINT)
    missing = [part for part in (CONTENT_TYPES_PART, WORKBOOK_PART) if part not in names]
    if missing:
        raise _Refused(
            "this is not an Excel workbook: the zip archive has no " + " and no ".join(missing)
        )
    macro_enabled = _workbook_content_type(archive.read(CONTENT_TYPES_PART))
    problems = []
    has_macros = any(
        name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/") for name in lower
    )
    if macro_enabled or has_macros or suffix.lower() in (".xlsm", ".xltm", ".xlam"):
        problems.append(_problem(display, MSG_MACROS, "warning"))
    if any(name.startswith("xl/externallinks/") for name in lower):
        problems.append(_problem(display, MSG_EXTERNAL_LINKS, "warning"))
    return problems


def _workbook_content_type(xml: bytes) -> bool:
    """Check the workbook part's declared content type; return whether it is macro-enabled."""
    try:
        root = SafeET.fromstring(xml, forbid_dtd=True)
    except Exception as error:  # defusedxml and expat raise several types
        raise _Refused(
            f"the workbook is damaged: {CONTENT_TYPES_PART} cannot be read ({error})"
        ) from None
    for override in root.iter(f"{CT_NS}Override"):
        if override.get("PartName", "").lower() == "/" + WORKBOOK_PART:
            content_type = override.get("ContentType", "")
            if content_type not in WORKBOOK_CONTENT_TYPES:
                raise _Refused(
                    f"this is not an Excel workbook: its main part has content type "
                    f'"{content_type}"'
                )
            return WORKBOOK_CONTENT_TYPES[content_type]
    return False
