"""The collector of a tender check: every file found, read once and hashed, every problem
and every record, gathered as the folder is read (:mod:`.inputs` drives it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from ..errors import Location, Problem
from ..forms.fields import sha256_bytes
from ..model import (
    FileKind,
    InputFile,
    MissingBid,
    NotAssessed,
    TenderInputs,
)
from ..names import TenderFolder
from ..workbook.container import Refused, file_problem
from ..workbook.limits import DEFAULT_LIMITS
from ..workbook.safety import read_bounded
from . import checkcache
from .bids import (
    blocking_advice,
    blocking_bids,
)
from .checked import CheckReport, FileCheck
from .listing import classify, twin_message, twins

T = TypeVar("T")


@attrs.frozen
class ReadOnce:
    """A workbook read once: its bytes (None when they cannot be read within the size limit,
    with ``problem`` saying why) and the SHA-256 of exactly those bytes ("" when none)."""

    data: bytes | None
    sha256: str
    problem: Problem | None = None

    @property
    def problems(self) -> list[Problem]:
        """Why the bytes could not be read, as a list (empty when they were)."""
        return [self.problem] if self.problem is not None else []

    def parse(
        self, reader: Callable[..., tuple[T | None, list[Problem]]], *args: Any, **kwargs: Any
    ) -> tuple[T | None, list[Problem]]:
        """``reader(*args, data=<these bytes>, **kwargs)``; (None, why) when none were read.
        What the reader returned for the same bytes under the same rules before is reused
        (:mod:`.checkcache`)."""
        if self.data is None:
            return None, self.problems
        return checkcache.parse(reader, self.data, self.sha256, args, kwargs)

    def parse_compared(
        self, reader: Callable[..., tuple[T | None, list[Problem]]], *args: Any, **kwargs: Any
    ) -> tuple[T | None, list[Problem]]:
        """As :meth:`parse`, for a scoresheet or moderation workbook: keyed so a changed response
        reparses it only where it names that response (:func:`.checkcache.parse_compared`)."""
        if self.data is None:
            return None, self.problems
        return checkcache.parse_compared(reader, self.data, self.sha256, args, kwargs)


def read_once(path: Path, display: str) -> ReadOnce:
    """Read a workbook into memory once, within the size limit, and hash those bytes: the form
    readers parse the same bytes, so the hash recorded is the hash of what was scored, even if
    the file is replaced while the tender is read."""
    try:
        data = read_bounded(path, DEFAULT_LIMITS)
    except Refused as refused:
        return ReadOnce(None, "", file_problem(display, refused.message))
    return ReadOnce(data, sha256_bytes(data))


@attrs.define
class Collector:
    folder: Path
    names: TenderFolder = attrs.field(init=False)
    problems: list[Problem] = attrs.field(factory=list)
    files: list[FileCheck] = attrs.field(factory=list)
    records: list[InputFile] = attrs.field(factory=list)
    #: The bids tender.yaml records as not assessed, as they are found.
    not_assessed: list[NotAssessed] = attrs.field(factory=list)
    #: Bids the last run scored whose response is gone, with no status recorded.
    missing: list[MissingBid] = attrs.field(factory=list)
    #: Each file in responses/ that is a bid (a workbook with a key of its own, or a spreadsheet
    #: of another format), by name: a status recorded in tender.yaml is matched to its stem.
    bid_files: dict[str, Path] = attrs.field(factory=dict)
    #: Called with a short line before each workbook is read (e.g. for a progress counter).
    progress: Callable[[str], None] | None = None

    def __attrs_post_init__(self) -> None:
        self.names = TenderFolder(self.folder)

    def _name(self, path: Path) -> str:
        """``path`` named relative to the tender folder (a link at its end is not followed)."""
        return self.names.name(path)

    def step(self, what: str, index: int, total: int, path: Path) -> None:
        if self.progress is not None:
            count = f" {index} of {total}" if total > 1 else ""
            self.progress(f"reading {what}{count}: {self.names.shown(self._name(path))}")

    def add(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def error(self, path: Path | str, message: str, severity: str = "error") -> None:
        file = path if isinstance(path, str) else self._name(path)
        self.problems.append(Problem(Location(file), message, severity))  # type: ignore[arg-type]

    def skip(self, path: Path, message: str, severity: str = "error") -> None:
        """Report a file that is not read, and list it in the summary."""
        self.error(path, message, severity)
        self._list(FileCheck(self._name(path), "ignored" if severity == "warning" else "not read"))

    def _list(self, entry: FileCheck) -> None:
        for i, f in enumerate(self.files):
            if f.path == entry.path:
                self.files[i] = entry
                return
        self.files.append(entry)

    def read_once(self, path: Path, kind: FileKind) -> ReadOnce:
        """Read a workbook once (:func:`read_once`) and record it with the hash of those bytes."""
        display = self._name(path)
        read = read_once(path, display)
        self.record(display, kind, read.sha256)
        return read

    def record(self, display: str, kind: FileKind, sha256: str) -> None:
        self.records.append(InputFile(display, sha256, kind))
        self._list(FileCheck(display, kind, sha256))

    def workbooks(self, sub: str, what: str) -> list[Path]:
        """The .xlsx/.xlsm files in ``folder/sub``; everything else there is listed, with a
        problem or the reason it is ignored (:func:`~.listing.classify`)."""
        directory = self.folder / sub
        if directory.is_symlink():
            self.error(directory, "is a symbolic link: refused (use a real folder)")
            return []
        if not directory.is_dir():
            return []
        entries = [
            (path, classify(path, what))
            for path in sorted(directory.iterdir(), key=lambda p: (p.name.casefold(), p.name))
        ]
        twin_of = twins([path for path, entry in entries if entry.action == "read"])
        found: list[Path] = []
        for path, entry in entries:
            if entry.action == "ignored":
                self._list(FileCheck(self._name(path), "ignored", reason=entry.message))
            elif entry.action == "refused":
                if entry.bid:
                    self.bid_files[self._name(path)] = path
                self.skip(path, entry.message, entry.severity)
            elif path in twin_of:
                first = twin_of[path]
                self.skip(path, twin_message(first, path, self._name(first), what))
            else:
                found.append(path)
                self.files.append(FileCheck(self._name(path), what))
        return found

    def report(self, inputs: TenderInputs | None) -> CheckReport:
        errors = [p for p in self.problems if p.severity == "error"]
        warnings = [p for p in self.problems if p.severity == "warning"]
        counted = []
        statuses = {n.file: n.status for n in self.not_assessed}
        for f in self.files:
            e = sum(1 for p in errors if p.where.file == f.path)
            w = sum(1 for p in warnings if p.where.file == f.path)
            counted.append(attrs.evolve(f, errors=e, warnings=w, status=statuses.get(f.path, "")))
        known = {f.path for f in counted}
        for p in self.problems:  # files with problems that were never recorded (missing, refused)
            if p.where.file not in known:
                known.add(p.where.file)
                e = sum(1 for q in errors if q.where.file == p.where.file)
                w = sum(1 for q in warnings if q.where.file == p.where.file)
                kind = "folder" if (self.folder / p.where.file).is_dir() else "file"
                counted.append(FileCheck(p.where.file, kind, "", e, w))
        return CheckReport(
            tuple(errors),
            tuple(warnings),
            tuple(counted),
            None if errors else inputs,
            self.advice(errors),
        )

    def advice(self, errors: list[Problem]) -> tuple[str, ...]:
        """What to do about the bids whose errors hold up the others (a status would clear)."""
        return blocking_advice(blocking_bids(errors, self.bid_files))
