"""What the container checks share: the parts an .xlsx must have, the refusal, quoting file text."""

from __future__ import annotations

from ..errors import Location, Problem, Severity

WORKBOOK_PART = "xl/workbook.xml"
CONTENT_TYPES_PART = "[Content_Types].xml"
WORKSHEETS_FOLDER = "xl/worksheets/"
XML_SUFFIXES = (".xml", ".rels", ".vml")
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class Refused(Exception):
    """A fatal problem: stop checking this file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def file_problem(display: str, message: str, severity: Severity = "error") -> Problem:
    """A problem with the file as a whole (no cell)."""
    return Problem(Location(display, cell=None), message, severity)


def printable(text: str, limit: int = 120) -> str:
    """Text from a file made safe to quote in a message: control characters escaped, cut short."""
    out = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[:limit])
    return out + ("…" if len(text) > limit else "")
