"""An XML part's prolog, read before any parser: does it declare a DTD, is the part UTF-8?"""

from __future__ import annotations

import codecs
import re

from .container import printable

UTF8_NAMES = ("utf-8", "utf8")


def prolog_has_dtd(head: bytes, *, complete: bool) -> bool | None:
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
