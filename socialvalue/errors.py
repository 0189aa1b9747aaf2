"""Problems with user input: where they are, what is wrong, and one exception to carry them.

Every problem names its file and either a line and column (YAML, CSV) or a ``Sheet!Cell``
(workbooks). Loaders collect *all* the problems in a file before raising, so a rubric author or
procurement officer fixes everything in one pass. Tracebacks are for bugs only: the CLI prints an
:class:`InputError` as its problems, one per line, and exits with status 1.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import attrs

Severity = Literal["error", "warning"]


def display_path(path: str | os.PathLike[str]) -> str:
    """Return ``path`` relative to the working directory when it is below it, else as given.

    For a path the caller typed (a rubric file, an output folder). The files of a tender are
    named against the tender folder instead: see :class:`socialvalue.names.TenderFolder`.
    """
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return p.as_posix()


@attrs.frozen
class Location:
    """Where a problem is: a file and, optionally, a line/column or a sheet cell."""

    file: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None
    context: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            text = f"{self.file}:{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        elif self.cell is not None:
            text = f"{self.file}: {self.cell}"
        else:
            text = self.file
        if self.context:
            text += f" ({self.context})"
        return text


@attrs.frozen
class Problem:
    """One thing wrong with an input, with where it is."""

    where: Location
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.where}: {prefix}{self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.where.file,
            "line": self.where.line,
            "column": self.where.column,
            "cell": self.where.cell,
            "context": self.where.context,
            "severity": self.severity,
            "message": self.message,
        }


class InputError(Exception):
    """One or more problems with user input. Never a bug: the CLI prints these without traceback."""

    def __init__(self, problems: Iterable[Problem], advice: Iterable[str] = ()):
        self.problems: list[Problem] = list(problems)
        #: Lines of advice printed after the problems (what to do about them), if any.
        self.advice: tuple[str, ...] = tuple(advice)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, **where: object) -> InputError:
        return cls([Problem(Location(file, **where), message)])  # type: ignore[arg-type]


@attrs.define
class Problems:
    """Collects the problems found in one file, then raises them together.

    >>> found = Problems("rubrics/my.yaml")
    >>> found.add("weight must be a number, got \\"ten\\"", line=23, column=7)
    >>> str(found.items[0])
    'rubrics/my.yaml:23:7: weight must be a number, got "ten"'
    """

    file: str
    items: list[Problem] = attrs.field(factory=list)

    def add(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        cell: str | None = None,
        context: str | None = None,
        severity: Severity = "error",
    ) -> None:
        self.items.append(
            Problem(Location(self.file, line, column, cell, context), message, severity)
        )

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def raise_if_any(self) -> None:
        """Raise an :class:`InputError` carrying every problem if any of them is an error."""
        if self.errors:
            raise InputError(self.sorted())

    def sorted(self) -> list[Problem]:
        """Problems in file order (by line and column where known; otherwise as found)."""
        return sorted(self.items, key=lambda p: (p.where.line or 0, p.where.column or 0))
