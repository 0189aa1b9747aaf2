"""The start every form reader shares: read the workbook safely and check its fingerprint.

:func:`open_checked_form` checks the container, reads the cells, checks the hidden fingerprint
against the form expected and reports sheets the form does not have; each reader then reads its
own fields through the :class:`~socialvalue.forms.fields.FormReader` it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from ..errors import Problem
from ..workbook.reader import WorkbookData
from .fields import FormReader, open_form
from .fingerprint import Fingerprint, FoundFingerprint, check_fingerprint, read_fingerprint


@attrs.frozen
class OpenedForm:
    """A form whose workbook read and whose fingerprint is the one expected."""

    reader: FormReader  # collects this file's problems from here on
    digest: str  # the SHA-256 of the file's bytes
    fingerprint: FoundFingerprint

    @property
    def display(self) -> str:
        """The file's name as problems and sources give it."""
        return self.reader.file


#: A form's own fingerprint check: the problems when a workbook is not the form expected.
FingerprintCheck = Callable[[WorkbookData], list[Problem]]


def open_checked_form(
    path: str | Path,
    display: str,
    expected: Fingerprint | FingerprintCheck,
    sheets: tuple[str, ...],
    data: bytes | None = None,
) -> tuple[OpenedForm | None, list[Problem]]:
    """Open one filled form: (the form, or None when it cannot be read as ``expected``; problems).

    ``expected`` is a tender form's :class:`Fingerprint`, or a function checking another form's
    (a contract's return). None when the file is refused or unreadable, or its fingerprint is
    missing or not the expected one (the other cells are not read then). A sheet not in
    ``sheets`` is reported.
    ``data``: the file's bytes, already read (and hashed) by the caller; else the path is read.
    """
    book, digest, early = open_form(path, display, data)
    if book is None:
        return None, early
    reader = FormReader(book, list(book.problems))
    if isinstance(expected, Fingerprint):
        wrong = check_fingerprint(book, expected)
    else:
        wrong = expected(book)
    found = read_fingerprint(book)
    if wrong or found is None:
        return None, reader.problems + wrong
    reader.extra_sheets(sheets)
    return OpenedForm(reader, digest, found), reader.problems


__all__ = ["FingerprintCheck", "OpenedForm", "open_checked_form"]
