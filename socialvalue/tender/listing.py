"""What is done with each entry of a tender's ``responses/`` and ``scores/`` folders, and why.

Nothing there is passed over without a word (issue 15, items 2 and 3): each entry is read, or
refused with a problem, or ignored with the reason listed beside it in ``check``'s output.

* Files the operating system leaves behind (``.DS_Store``, ``Thumbs.db``, ``desktop.ini``, the
  ``._name`` AppleDouble files macOS writes on shared drives) are ignored, with the reason and
  no warning: they are in nearly every folder copied from a Mac or opened in Windows Explorer.
* A hidden workbook (``.hidden-bidder.xlsx``) is an error: a bid out of sight is a bid left out.
  Any other hidden file is ignored with a warning.
* Two workbooks whose names are the same once letter case, Unicode normalisation, invisible
  characters and the .xlsx/.xlsm extension are set aside (:func:`~socialvalue.names.comparable`)
  are an error naming both: Windows and macOS would see one file, and the record could not tell
  the two apart.
* A workbook whose name holds a control character (a newline, a tab, an escape) or bytes that
  are not UTF-8 is an error: Windows allows none in a file name, no workbook can hold them, and
  the name is the bidder key, printed in every output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import attrs

from ..errors import Severity
from ..names import comparable, how_they_differ

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".xltx", ".xltm", ".ods", ".csv", ".numbers", ".fods")

#: Files the operating system writes into folders, by name (compared case-insensitively).
OS_FILES = {
    ".ds_store": "macOS Finder's settings for the folder",
    ".localized": "macOS's marker for a folder with a translated name",
    "icon\r": "macOS's custom icon for the folder",
    ".directory": "the KDE file manager's settings for the folder",
    "thumbs.db": "Windows Explorer's cache of thumbnails",
    "ehthumbs.db": "Windows Media Center's cache of thumbnails",
    "ehthumbs_vista.db": "Windows Media Center's cache of thumbnails",
    "desktop.ini": "Windows Explorer's settings for the folder",
}
#: Folders the operating system writes, by name (compared case-insensitively).
OS_FOLDERS = {
    "__macosx": "the resource data macOS adds to a zip file, left when it was unzipped",
    ".spotlight-v100": "macOS's search index",
    ".trashes": "macOS's deleted files",
    ".fseventsd": "macOS's log of file changes",
    "$recycle.bin": "Windows' deleted files",
    "system volume information": "Windows' restore points and indexes",
}
#: What no workbook name may hold: C0 controls (tab, line feed and carriage return included),
#: DEL, C1 controls, and the lone surrogates Python makes of bytes that are not UTF-8.
_UNFIT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: How an AppleDouble (or AppleSingle) file starts: the magic number 0x0005160[07].
_APPLE_MAGIC = (b"\x00\x05\x16\x07", b"\x00\x05\x16\x00")


@attrs.frozen
class Entry:
    """What becomes of one entry: ``read`` (a workbook), ``refused`` (a problem of
    ``severity``, and the entry listed as not read or ignored) or ``ignored`` (listed with
    ``message`` as the reason, no problem). ``bid``: a spreadsheet of another format in
    responses/, a bid whose status tender.yaml may record."""

    action: Literal["read", "refused", "ignored"]
    message: str = ""
    severity: Severity = "error"
    bid: bool = False


READ = Entry("read")


def classify(path: Path, what: str) -> Entry:
    """What to do with ``path``, an entry of the folder holding the ``what``s (``response``,
    ``scoresheet``); a link or an odd file is never opened or followed."""
    name, folder = path.name, path.parent.name
    if path.is_symlink():
        return Entry("refused", "is a symbolic link: refused (copy the file itself here)")
    if path.is_dir():
        if name.casefold() in OS_FOLDERS:
            return Entry("ignored", f"{OS_FOLDERS[name.casefold()]}, not a {what}")
        return Entry("refused", "is a folder: ignored", "warning")
    if not path.is_file():
        # A named pipe or device would block, or never end, when opened.
        return Entry("refused", "is not a regular file (a pipe or a device): refused")
    if name.casefold() in OS_FILES:
        return Entry("ignored", f"{OS_FILES[name.casefold()]}, not a {what}")
    if name.startswith("._") and _starts_with(path, _APPLE_MAGIC):
        return Entry(
            "ignored",
            f"macOS's AppleDouble file of the attributes of {name[2:]}, not a {what}",
        )
    if name.startswith("~$"):
        return Entry(
            "refused", "is an Excel lock file (the workbook is open somewhere): ignored", "warning"
        )
    if name.startswith(".~lock.") and name.endswith("#"):
        return Entry(
            "refused",
            "is a LibreOffice lock file (the workbook is open somewhere): ignored",
            "warning",
        )
    suffix = path.suffix.lower()
    if name.startswith("."):
        if suffix in WORKBOOK_SUFFIXES + OTHER_SPREADSHEETS:
            return Entry(
                "refused",
                f'is a hidden file (its name starts with "."), so it is not read: if it is a '
                f"{what}, rename it without the leading dot; if not, move it out of {folder}/",
            )
        return Entry("refused", 'is a hidden file (its name starts with "."): ignored', "warning")
    unfit = _UNFIT.search(path.stem)
    if unfit and suffix in WORKBOOK_SUFFIXES + OTHER_SPREADSHEETS:
        code = f"U+{ord(unfit.group()):04X}"
        what_it_is = (
            f"bytes that are not UTF-8 text (the first shown as <{code}>)"
            if "\ud800" <= unfit.group() <= "\udfff"
            else f"the control character {code} (shown as <{code}>)"
        )
        return Entry(
            "refused",
            f"has {what_it_is} in its name, so it is not read: Windows allows none in a file "
            f"name, no workbook can hold such a name, and the name is the bidder key, printed in "
            f"every output; rename the {what} without it",
        )
    if suffix in WORKBOOK_SUFFIXES:
        return READ
    if suffix in OTHER_SPREADSHEETS:
        return Entry(
            "refused",
            f"is not an .xlsx workbook ({path.suffix} file): save the {what} "
            "as an Excel Workbook (.xlsx)",
            bid=what == "response",
        )
    return Entry(
        "refused", f"is not a workbook: ignored (only the .xlsx {what}s here are read)", "warning"
    )


def _starts_with(path: Path, magics: tuple[bytes, ...]) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) in magics
    except OSError:
        return False


def twins(paths: list[Path]) -> dict[Path, Path]:
    """Each workbook of ``paths`` whose name is that of another but for case, normalisation,
    invisible characters or the extension (:func:`comparable` stems), mapped to the one that is
    read: the first with the extension ``.xlsx``, else the first listed."""
    groups: dict[str, list[Path]] = {}
    for path in paths:
        groups.setdefault(comparable(path.stem), []).append(path)
    out: dict[Path, Path] = {}
    for group in groups.values():
        kept = min(group, key=lambda p: (p.suffix != ".xlsx", group.index(p)))
        out.update((p, kept) for p in group if p is not kept)
    return out


def twin_message(first: Path, path: Path, shown: str, what: str) -> str:
    """The problem with ``path``, the twin of ``first`` (named ``shown``)."""
    if first.stem == path.stem:
        how = f"only in the extension ({first.suffix} and {path.suffix})"
    else:
        how = how_they_differ(first.stem, path.stem)
        if first.suffix != path.suffix:
            how += f", and in the extension ({first.suffix} and {path.suffix})"
    return (
        f"has the same name as {shown}, which differs {how}: Windows and macOS would see one "
        f"file, and the record could not tell the two apart, so it is not read; keep one "
        f"{what} and remove the other (or rename it, if they are different)"
    )


__all__ = [
    "OTHER_SPREADSHEETS",
    "WORKBOOK_SUFFIXES",
    "Entry",
    "classify",
    "twin_message",
    "twins",
]
