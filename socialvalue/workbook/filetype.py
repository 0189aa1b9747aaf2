"""What a file really is: a non-zip named from its first bytes, a zip that is not an Excel
workbook refused, and warnings for macros and links to other files."""

from __future__ import annotations

import codecs
import zipfile

import defusedxml.ElementTree as SafeET

from ..errors import Problem
from .container import CONTENT_TYPES_PART, CT_NS, WORKBOOK_PART, Refused, file_problem

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")  # how a zip file may start
WORKBOOK_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": False,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": False,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": True,
    "application/vnd.ms-excel.template.macroEnabled.main+xml": True,
    "application/vnd.ms-excel.addin.macroEnabled.main+xml": True,
}
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


def not_a_zip(data: bytes) -> str:
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


def check_kind(archive: zipfile.ZipFile, suffix: str, display: str) -> list[Problem]:
    """Is this zip an Excel workbook? Fatal when not; warnings for macros and external links."""
    names = {info.filename for info in archive.infolist()}
    lower = {name.lower() for name in names}
    if "mimetype" in names and archive.read("mimetype").startswith(
        b"application/vnd.oasis.opendocument"
    ):
        raise Refused(MSG_ODS)
    if "xl/workbook.bin" in lower:
        raise Refused(MSG_XLSB)
    if "word/document.xml" in lower:
        raise Refused(MSG_WORD)
    if "ppt/presentation.xml" in lower:
        raise Refused(MSG_POWERPOINT)
    missing = [part for part in (CONTENT_TYPES_PART, WORKBOOK_PART) if part not in names]
    if missing:
        raise Refused(
            "this is not an Excel workbook: the zip archive has no " + " and no ".join(missing)
        )
    macro_enabled = _workbook_content_type(archive.read(CONTENT_TYPES_PART))
    problems = []
    has_macros = any(
        name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/") for name in lower
    )
    if macro_enabled or has_macros or suffix.lower() in (".xlsm", ".xltm", ".xlam"):
        problems.append(file_problem(display, MSG_MACROS, "warning"))
    if any(name.startswith("xl/externallinks/") for name in lower):
        problems.append(file_problem(display, MSG_EXTERNAL_LINKS, "warning"))
    return problems


def _workbook_content_type(xml: bytes) -> bool:
    """Check the workbook part's declared content type; return whether it is macro-enabled."""
    try:
        root = SafeET.fromstring(xml, forbid_dtd=True)
    except Exception as error:  # defusedxml and expat raise several types
        raise Refused(
            f"the workbook is damaged: {CONTENT_TYPES_PART} cannot be read ({error})"
        ) from None
    for override in root.iter(f"{CT_NS}Override"):
        if override.get("PartName", "").lower() == "/" + WORKBOOK_PART:
            content_type = override.get("ContentType", "")
            if content_type not in WORKBOOK_CONTENT_TYPES:
                raise Refused(
                    f"this is not an Excel workbook: its main part has content type "
                    f'"{content_type}"'
                )
            return WORKBOOK_CONTENT_TYPES[content_type]
    return False
