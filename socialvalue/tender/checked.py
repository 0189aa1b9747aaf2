"""What :func:`~socialvalue.tender.inputs.check_tender` reports: each input file's outcome, every
problem, and what to do about responses that hold up the others."""

from __future__ import annotations

import attrs

from ..errors import Problem
from ..model import TenderInputs


@attrs.frozen
class FileCheck:
    """One input file's outcome: what it is, its SHA-256 and how many problems it has."""

    path: str
    kind: str  # a FileKind, or what a file not read is ("ignored", "not read")
    sha256: str = ""
    errors: int = 0
    warnings: int = 0
    #: The status tender.yaml records for a response not assessed ("late"...); "" otherwise.
    status: str = ""
    #: Why a file listed as ``ignored`` without a problem is ignored (``.DS_Store``: "macOS
    #: Finder's settings for the folder, not a response"); "" otherwise.
    reason: str = ""

    def summary(self) -> str:
        """One line: ``responses/acme.xlsx: ok`` or ``...: 2 problems, 1 warning``."""
        parts = []
        if self.errors:
            parts.append(f"{self.errors} problem{'s' if self.errors != 1 else ''}")
        if self.warnings:
            parts.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        kind = self.kind.replace("_", " ") + (
            f", not assessed: {self.status}" if self.status else ""
        )
        if self.reason:
            kind += f": {self.reason}"
        return f"{self.path}: {', '.join(parts) if parts else 'ok'} ({kind})"


@attrs.frozen
class CheckReport:
    """Everything :func:`check_tender` found. ``inputs`` is None when there is any error."""

    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    files: tuple[FileCheck, ...]
    inputs: TenderInputs | None
    #: What to do about responses with errors, printed after the problems (see
    #: :func:`~socialvalue.tender.bids.blocking_advice`); empty when none has one.
    advice: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


__all__ = ["CheckReport", "FileCheck"]
