"""How the files of a tender are named: in the record, and on the officer's terminal.

Names are computed against an explicit root, the tender folder, never against the working
directory, so the same inputs give the same bytes wherever the folder is and whatever it is
called:

* in the record (results.json and everything rendered from it) and in the problems the library
  reports, a file in the tender folder is named relative to it (``responses/acme.xlsx``,
  ``tender.yaml``); a file shipped with the toolkit as ``socialvalue:rubrics/tutorial.yaml``;
  any other file relative to the tender folder (``../shared/rubric.yaml``);
* on the terminal, :meth:`TenderFolder.shown` joins that name to the folder as the officer
  typed it (``my-tender/responses/acme.xlsx``), so the path can be opened from where the command
  was run.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from pathlib import Path

import attrs

from .errors import Problem

_PACKAGE = Path(__file__).resolve().parent
#: Folders whose files ship with the toolkit, in the package and in a source checkout.
_SHIPPED = tuple(
    (root / name, name)
    for root in (_PACKAGE, _PACKAGE.parent)
    for name in ("rubrics", "templates", "examples")
)
SHIPPED_PREFIX = "socialvalue:"
#: Where a problem is that is not a file: an environment variable (``SOURCE_DATE_EPOCH``) or a
#: placeholder (``<engine>``).
_NOT_A_FILE = re.compile(r"[A-Z][A-Z0-9_]*|<[^<>]*>")


def shipped_name(path: str | os.PathLike[str]) -> str | None:
    """``socialvalue:<folder>/<path>`` for a file shipped with the toolkit, else None."""
    resolved = _resolve(Path(path))
    for root, name in _SHIPPED:
        if resolved.is_relative_to(root):
            return f"{SHIPPED_PREFIX}{name}/{resolved.relative_to(root).as_posix()}"
    return None


def _resolve(path: Path) -> Path:
    """``path`` made absolute with its folders' links resolved, but not a link at its end (a
    refused symbolic link is named as itself, not as what it points to)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name if path.name else path.resolve()


@attrs.frozen
class TenderFolder:
    """A tender folder as the caller gave it, and the names of the files in and around it."""

    #: The folder as given (relative to the working directory, or absolute).
    path: Path = attrs.field(converter=Path)
    root: Path = attrs.field(init=False)
    #: The folder itself when it is a symbolic link (the link, not its target).
    _link: Path = attrs.field(init=False, repr=False)

    @root.default
    def _root(self) -> Path:
        return Path(os.path.abspath(self.path)).resolve()

    @_link.default
    def _link_default(self) -> Path:
        return _resolve(self.path)

    def name(self, path: str | os.PathLike[str]) -> str:
        """The record's name for ``path``: relative to the tender folder (``.`` for the folder
        itself), ``socialvalue:...`` for a shipped file outside it."""
        resolved = _resolve(Path(path))
        for root in (self.root, self._link):
            if resolved.is_relative_to(root):
                return resolved.relative_to(root).as_posix() or "."
        shipped = shipped_name(resolved)
        if shipped is not None:
            return shipped
        return Path(os.path.relpath(resolved, self.root)).as_posix()

    def shown(self, name: str) -> str:
        """What the terminal shows for a record name: the folder as given joined to it
        (``my-tender/responses/acme.xlsx``). Shipped files, absolute paths and names that are
        not files (``SOURCE_DATE_EPOCH``, ``<engine>``) are shown as they are."""
        if (
            name.startswith(SHIPPED_PREFIX)
            or _NOT_A_FILE.fullmatch(name)
            or Path(name).is_absolute()
        ):
            return name
        return posixpath.normpath(posixpath.join(self.path.as_posix(), name))

    def show(self, problem: Problem) -> Problem:
        """``problem`` with its file as :meth:`shown` names it."""
        where = attrs.evolve(problem.where, file=self.shown(problem.where.file))
        return attrs.evolve(problem, where=where)


# --- names as text: shown visibly, compared as a reader sees them ------------------------------

#: Characters with no glyph of their own besides the control and format categories: Hangul
#: fillers and the combining grapheme joiner, which render as nothing.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0")
#: Unicode categories shown as markers: controls, format characters (zero-width space and
#: joiners, bidi overrides, embeddings and isolates, soft hyphen, tags), line and paragraph
#: separators, and lone surrogates.
_MARKED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
#: Text made only of printable ASCII (space to tilde) has nothing to mark: :func:`visible`
#: returns it without looking at each character (most names and answers are like this).
_PRINTABLE_ASCII = re.compile(r"[ -~]*")


def _marked(ch: str) -> bool:
    return ch in _INVISIBLE or unicodedata.category(ch) in _MARKED


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control and format character shown as a ``<U+200B>`` marker.

    A zero-width space or a right-to-left override in a bidder's name is invisible, or reorders
    the text around it, wherever the name is printed; as a marker the officer and the panel see
    it. ``keep`` lists characters left as they are (``"\\n\\t"`` for text laid out in lines).
    results.json keeps the exact text; everything printed from it goes through here.
    """
    if _PRINTABLE_ASCII.fullmatch(text):
        return text
    shown = {ch for ch in set(text) if _marked(ch) and ch not in keep}
    if not shown:
        return text
    return "".join(f"<U+{ord(ch):04X}>" if ch in shown else ch for ch in text)


def comparable(text: str) -> str:
    """``text`` as a reader tells it apart from another: format characters removed, NFKC
    normalised, case folded, runs of white space as one space (``"ACME\\u200b  Ltd"`` and
    ``"acme ltd"`` are the same). For finding look-alike names, never for showing them."""
    bare = "".join(ch for ch in text if not _marked(ch) or ch in "\t\n\r")
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", bare).casefold())
    return " ".join(folded.split())


def how_they_differ(first: str, second: str) -> str:
    """What two texts that are :func:`comparable` differ in, as a phrase for a message:
    ``"only in letter case"``, ``"only in invisible characters"``..."""
    if first == second:
        return "not at all (the same text)"
    if first.casefold() == second.casefold():
        return "only in letter case"
    bare = ["".join(ch for ch in t if not _marked(ch)) for t in (first, second)]
    if bare[0] == bare[1]:
        return "only in invisible characters (shown as <U+...>)"
    nfc = [unicodedata.normalize("NFC", t) for t in bare]
    if nfc[0] == nfc[1]:
        return "only in how accented letters are encoded (Unicode NFC and NFD)"
    if nfc[0].casefold() == nfc[1].casefold():
        return "only in letter case and invisible characters or accents' encoding"
    if " ".join(nfc[0].split()) == " ".join(nfc[1].split()):
        return "only in white space"
    return "only in letter case, look-alike forms of letters (such as full-width) or spacing"
