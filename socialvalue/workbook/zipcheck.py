"""The zip archive of a workbook: its directory checked before anything is inflated, then each
part inflated once, never past its declared size, with its CRC and XML prolog checked."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from .container import WORKSHEETS_FOLDER, XML_SUFFIXES, Refused, printable
from .limits import MB, Limits
from .prolog import not_utf8, prolog_has_dtd

MSG_CORRUPT = (
    "the workbook is damaged or incomplete (not a readable .xlsx/zip file): "
    "save it again from Excel and resend it"
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


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open the archive from its central directory; a damaged one is refused."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_FAILURES:
        raise Refused(MSG_CORRUPT) from None


def check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Zip bomb and crafted-archive checks from the central directory: nothing is inflated."""
    if len(infos) > limits.max_entries:
        raise Refused(
            f"the workbook has {len(infos):,} parts inside, more than the "
            f"{limits.max_entries:,} allowed: it may be a zip bomb"
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        irregular = irregular_part_name(info.filename)
        if irregular:
            raise Refused(
                f'part "{printable(info.filename)}" has a name Excel never writes ({irregular}): '
                "the workbook may be crafted"
            )
        key = info.filename.lower()
        if key in seen:
            raise Refused(
                f"the zip archive holds part {info.filename} more than once: "
                "the workbook is ambiguous and may be crafted"
            )
        seen.add(key)
        if info.flag_bits & 0x1:
            raise Refused(f"part {info.filename} is encrypted inside the zip: cannot read it")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(
                f"part {info.filename} uses an unsupported compression method "
                f"({info.compress_type}): save the workbook again from Excel"
            )
        total += info.file_size
        if info.file_size > limits.ratio_applies_above:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise Refused(
                    f"part {info.filename} expands {ratio:,.0f}:1 "
                    f"(to {info.file_size / MB:,.0f} MB), more than the "
                    f"{limits.max_ratio}:1 allowed for parts over "
                    f"{limits.ratio_applies_above / MB:g} MB: it may be a zip bomb"
                )
    if total > limits.max_total_uncompressed:
        raise Refused(
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


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def check_parts(data: bytes, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Inflate every part once, never past its declared size; check CRCs and XML prologs."""
    view = memoryview(data)
    for info in infos:
        is_xml = info.filename.lower().endswith(XML_SUFFIXES)
        head = _inflate_entry(view, info, limits.max_prolog_bytes if is_xml else 0)
        if not is_xml:
            continue
        verdict = prolog_has_dtd(head, complete=len(head) >= info.file_size)
        if verdict is None:
            raise Refused(
                f"part {info.filename} has an XML prolog longer than "
                f"{limits.max_prolog_bytes // 1024} KB: refused as a possible XML attack"
            )
        if verdict:
            raise Refused(
                f"part {info.filename} contains a DTD or entity declarations "
                "(<!DOCTYPE or <!ENTITY), which Excel never writes: "
                "refused as a possible XML entity attack"
            )
        if info.filename.lower().startswith(WORKSHEETS_FOLDER):
            continue  # the reader checks each worksheet's encoding, sheet by sheet
        encoding = not_utf8(head)
        if encoding is not None:
            raise Refused(
                f"part {info.filename} {encoding}, but workbook parts must be UTF-8 (as Excel "
                "writes them): the workbook is damaged or crafted"
            )


def _inflate_entry(view: memoryview, info: zipfile.ZipInfo, keep: int) -> bytes:
    """Inflate one part, bounded by its declared size; return its first ``keep`` bytes.

    Raises :class:`Refused` when the part is damaged, larger than declared, or its local
    header disagrees with the central directory.
    """
    damaged = f"part {info.filename} is damaged: {MSG_CORRUPT}"
    offset = info.header_offset
    try:
        fields = _LOCAL_HEADER.unpack_from(view, offset)
    except struct.error:
        raise Refused(damaged) from None
    signature, _, flags, _, _, _, _, _, _, name_length, extra_length = fields
    start = offset + _LOCAL_HEADER.size
    raw_name = bytes(view[start : start + name_length])
    local_name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
    if signature != b"PK\x03\x04" or local_name != info.orig_filename:
        raise Refused(damaged)
    start += name_length + extra_length
    stop = start + info.compress_size
    if stop > len(view):
        raise Refused(damaged)
    compressed = view[start:stop]
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size or zlib.crc32(compressed) != info.CRC:
            raise Refused(damaged)
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
                raise Refused(
                    f"part {info.filename} is larger than the zip archive declares: "
                    "the workbook is damaged or crafted"
                )
            crc = zlib.crc32(out, crc)
            if len(head) < keep:
                head += out[: keep - len(head)]
            if not out and not pending and position >= len(compressed):
                break
    except zlib.error:
        raise Refused(damaged) from None
    if not inflater.eof or total != info.file_size or crc != info.CRC:
        raise Refused(damaged)
    return bytes(head)
