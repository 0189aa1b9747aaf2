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
