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
* refuses a part that a parser would read whole beyond its budget (defined names, document
  properties, relationships, shared strings, styles: :mod:`.budgets`), before any parses it;
* warns, without failing, about macros (never run: nothing here executes anything) and links to
  other files (ignored: only the values saved in the file are read).

This module runs the checks: :mod:`.filetype` names what the file is,
:mod:`.zipcheck` checks the archive and inflates its parts, :mod:`.prolog` reads each XML part's
prolog; :mod:`.container` holds what they share. The limits are in
:class:`~socialvalue.workbook.limits.Limits`; :data:`~socialvalue.workbook.limits.DEFAULT_LIMITS`
are the ones used unless a caller passes others.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem
from .budgets import check_budgets
from .container import Refused, file_problem
from .filetype import MSG_EMPTY, ZIP_MAGICS, check_kind, not_a_zip
from .limits import DEFAULT_LIMITS, MB, Limits
from .zipcheck import check_directory, check_parts, open_zip


def check_container(path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Return the problems with the file at ``path`` as an .xlsx container (warnings included).

    An empty list, or warnings only, means parsers may open it. Nothing is parsed except the zip
    directory, each XML part's prolog and ``[Content_Types].xml``; nothing is executed.
    """
    return load_checked(path, display, limits)[1]


def load_checked(
    path: Path, display: str, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None
) -> tuple[bytes | None, list[Problem]]:
    """Read the file once and check it: (its bytes, or None when any problem is an error; problems).

    Readers should parse these bytes rather than reopen the path, so what was checked is what is
    read. ``data``, when given, is the file's bytes as the caller already read them (with
    :func:`read_bounded`, to hash them): they are checked, and the path is not opened again.
    """
    problems: list[Problem] = []
    try:
        if data is None:
            data = read_bounded(Path(path), limits)
        problems.extend(check_bytes(data, display, Path(path).suffix, limits))
    except Refused as refused:
        problems.append(file_problem(display, refused.message))
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
            raise Refused(_too_large(len(data), limits))
        if not data:
            raise Refused(MSG_EMPTY)
        if not data.startswith(ZIP_MAGICS):
            raise Refused(not_a_zip(data))
        archive = open_zip(data)
        infos = archive.infolist()
        check_directory(infos, limits)
        check_parts(data, infos, limits)
        check_budgets(archive, infos, limits)
        problems.extend(check_kind(archive, suffix, display))
    except Refused as refused:
        problems.append(file_problem(display, refused.message))
    return problems


def _size(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB else f"{n / 1024:,.1f} KB"


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"the file is {_size(size)}, more than the {_size(limits.max_file_bytes)} "
        "allowed for a workbook"
    )


def read_bounded(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes, read once, at most ``limits.max_file_bytes`` of them; :class:`Refused`
    (its ``message`` says why) when it is larger or cannot be read."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_file_bytes:
                raise Refused(_too_large(size, limits))
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise Refused(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limits.max_file_bytes:
        raise Refused(_too_large(len(data), limits))
    return data
