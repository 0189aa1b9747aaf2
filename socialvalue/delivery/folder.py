"""The returns in a contract folder's ``returns/``, read together: one return per period."""

from __future__ import annotations

from pathlib import Path

import attrs

from ..errors import Location, Problem
from ..names import TenderFolder
from .model import RETURNS, Contract
from .reading import Return, read_return


@attrs.frozen
class ReturnCheck:
    """One return file: its period (when read), problems and warnings."""

    path: str
    period: str | None
    errors: int
    warnings: int

    def summary(self) -> str:
        state = "ok" if not self.errors else f"{self.errors} problem{'s' * (self.errors != 1)}"
        if self.warnings:
            state += f", {self.warnings} warning{'s' * (self.warnings != 1)}"
        return f"{self.path}  {self.period or '-'}  {state}"


def return_paths(folder: Path) -> list[Path]:
    """The workbooks in ``returns/`` (Excel's ``~$`` lock files and hidden files left out)."""
    found = folder / RETURNS
    if not found.is_dir():
        return []
    return sorted(
        p
        for p in found.iterdir()
        if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", "."))
    )


def read_returns(
    contract: Contract, folder: Path
) -> tuple[list[Return], list[Problem], list[ReturnCheck]]:
    """Read every return: (those read, every problem, one line per file). Two returns for one
    period are a problem on the second, naming the first."""
    names = TenderFolder(folder)
    read: list[Return] = []
    problems: list[Problem] = []
    lines: list[ReturnCheck] = []
    first: dict[str, str] = {}
    for path in return_paths(folder):
        display = names.name(path)
        # named for its period: 2026-Q2-return.xlsx, greenway 2026-05.xlsx, 2026-27-Q1...
        named = contract.calendar.label_in_name(path.name)
        result, found = read_return(path, contract, period=named, display=display)
        if result is not None:
            if result.period in first:
                found.append(
                    Problem(
                        Location(display),
                        f"{result.period} is reported already, in {first[result.period]}: one "
                        "return per period (move the one that is not current out of returns/)",
                    )
                )
                result = None
            else:
                first[result.period] = display
                read.append(result)
        problems += found
        errors = sum(p.severity == "error" for p in found)
        period = result.period if result else named
        lines.append(ReturnCheck(display, period, errors, len(found) - errors))
    return read, problems, lines


__all__ = ["ReturnCheck", "read_returns", "return_paths"]
