"""The portfolio benchmark's stages (run by :mod:`bench.run` in fresh processes, as every
stage is): the raw reading floor, the first report (no index) and reruns through the index.

Each returns a dict with ``seconds`` (its own time) and what is worth reporting.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .portfolio_gen import change_one_return

Json = dict[str, Any]


def workbooks(folder: Path) -> list[Path]:
    """Every workbook of every member (returns, verification; a tender's responses...)."""
    return sorted(p for p in folder.rglob("*.xlsx") if "out" not in p.relative_to(folder).parts)


def stage_portfolio_floor(folder: Path, work: Path) -> Json:
    """python-calamine reading every sheet of every member's workbooks, and the bytes of every
    other input, with no checks: what any reader must pay."""
    import python_calamine

    paths = workbooks(folder)
    started = time.perf_counter()
    cells = 0
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(len(r) for r in book.get_sheet_by_name(name).to_python())
    other = sum(len(p.read_bytes()) for p in folder.rglob("*.yaml"))
    return {
        "seconds": time.perf_counter() - started,
        "workbooks": len(paths),
        "cells": cells,
        "yaml_bytes": other,
    }


def _report(folder: Path) -> Json:
    from socialvalue.portfolio.report import write_portfolio_report

    started = time.perf_counter()
    written = write_portfolio_report(folder, work_out(folder))
    return {
        "seconds": time.perf_counter() - started,
        "members": len(written.found.members),
        "read_afresh": written.found.read,
        "files_hashed": written.found.hashed,
        "outputs_written": written.written,
    }


def work_out(folder: Path) -> Path:
    return folder / "out"


def stage_portfolio_first(folder: Path, work: Path) -> Json:
    """portfolio report with no index: every member read, checked and rated."""
    from socialvalue.portfolio.index import INDEX_FILE

    (folder / INDEX_FILE).unlink(missing_ok=True)
    return _report(folder)


def stage_portfolio_rerun(folder: Path, work: Path) -> Json:
    """portfolio report after one return changed (the change is not timed)."""
    change_one_return(folder)
    return _report(folder)


def stage_portfolio_unchanged(folder: Path, work: Path) -> Json:
    """portfolio report with nothing changed: every member from the index."""
    return _report(folder)


#: The order the stages must run in: the reruns use the index the first report built.
PORTFOLIO_ORDER = ("portfolio_floor", "portfolio_first", "portfolio_unchanged", "portfolio_rerun")
PORTFOLIO_STAGES = {
    "portfolio_floor": stage_portfolio_floor,
    "portfolio_first": stage_portfolio_first,
    "portfolio_unchanged": stage_portfolio_unchanged,
    "portfolio_rerun": stage_portfolio_rerun,
}
PORTFOLIO_LABELS = {
    "portfolio_floor": "floor: calamine reads every member's workbooks",
    "portfolio_first": "portfolio report, no index",
    "portfolio_unchanged": "portfolio report, nothing changed",
    "portfolio_rerun": "portfolio report, one return changed",
}
