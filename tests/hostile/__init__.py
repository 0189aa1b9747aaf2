"""Hostile-input tests: the corpus (:mod:`hostile.corpus`) and the harness that reads it.

The harness reads one corpus file the way the toolkit would and reduces the outcome to plain
data: whether an :class:`~socialvalue.errors.InputError` was raised, and every problem as a
dict. Anything else escaping is a bug, and is left to escape so the test shows its traceback.

* :func:`time_limit` bounds a test with ``SIGALRM`` (generous: it catches hangs, it is not a
  timing assertion);
* :func:`outcome_in_subprocess` reads a file in a fresh interpreter whose address space is
  capped with ``RLIMIT_AS``, so a reader that tries to allocate without bound fails there
  (calamine aborts the process; Python raises ``MemoryError``) instead of exhausting the
  machine running the tests.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
MEMORY_LIMIT = 2 * 1024**3
"""Address space for one heavy read: the limits must hold well inside this."""


class TimeLimitExceeded(AssertionError):
    pass


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail with :class:`TimeLimitExceeded` when the block runs longer than ``seconds``."""

    def expired(_signum: int, _frame: object) -> None:
        raise TimeLimitExceeded(f"still running after {seconds} s: a reader may be stuck")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def problem_dict(problem: Any) -> dict[str, object]:
    where = problem.where
    return {
        "file": where.file,
        "line": where.line,
        "column": where.column,
        "cell": where.cell,
        "context": where.context,
        "severity": problem.severity,
        "message": problem.message,
    }


def read(kind: str, path: Path, display: str | None = None) -> dict[str, Any]:
    """Read ``path`` as ``kind`` (workbook, rubric, tender, proxies, container).

    Returns ``{"raised": bool, "problems": [...], "values": {...}}``; ``values`` holds, for a
    workbook that was read, every sheet's cells as ``"Sheet!A1" -> value`` for the first few
    rows (enough for the corpus' ``values``) plus each sheet's size.
    """
    from socialvalue.errors import InputError
    from socialvalue.rubric.load import load_rubric
    from socialvalue.rubric.proxies import load_proxy_set
    from socialvalue.tender.config import load_tender
    from socialvalue.workbook import check_container, open_workbook

    display = display or path.name
    values: dict[str, object] = {}
    try:
        if kind == "container":
            found = check_container(path, display)
            return {"raised": False, "problems": [problem_dict(p) for p in found], "values": {}}
        if kind == "workbook":
            book = open_workbook(path, display)
            values = _values(book)
            problems = book.problems
        elif kind == "rubric":
            load_rubric(path)
            problems = []
        elif kind == "tender":
            load_tender(path.parent)
            problems = []
        elif kind == "proxies":
            load_proxy_set(path)
            problems = []
        else:
            raise ValueError(kind)
    except InputError as exc:
        return {"raised": True, "problems": [problem_dict(p) for p in exc.problems], "values": {}}
    return {"raised": False, "problems": [problem_dict(p) for p in problems], "values": values}


def _values(book: Any) -> dict[str, object]:
    from socialvalue.workbook.cells import cell_name

    out: dict[str, object] = {}
    for name, sheet in book.sheets.items():
        out[f"{name}:size"] = [sheet.max_row, sheet.max_column]
        for r, row in enumerate(sheet.rows[:12], start=1):
            for c, value in enumerate(row[:4], start=1):
                out[f"{name}!{cell_name(r, c)}"] = _plain(value)
        if sheet.max_row and sheet.max_column:
            last = sheet.cell_at(sheet.max_row, sheet.max_column)
            out[f"{name}!{cell_name(sheet.max_row, sheet.max_column)}"] = _plain(last.raw)
    return out


def _plain(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, bool)):
        if isinstance(value, str) and len(value) > 1000:
            return f"<text of {len(value):,} characters>"
        return value
    return repr(value)


CHILD = textwrap.dedent(
    """
    import json, resource, sys
    limit = int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from hostile import read
    result = read(sys.argv[1], __import__("pathlib").Path(sys.argv[2]), sys.argv[4])
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(result))
    """
)


class Child:
    """A :func:`read` running in a fresh interpreter limited to ``memory`` bytes of address
    space. Start several to run them in parallel; :meth:`result` waits for one."""

    def __init__(self, kind: str, path: Path, display: str, *, memory: int = MEMORY_LIMIT):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(TESTS), str(REPO), env.get("PYTHONPATH", "")])
        env.pop("RUST_BACKTRACE", None)
        self.display, self.memory = display, memory
        command = [sys.executable, "-c", CHILD, kind, str(path), str(memory), display]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        self.output: tuple[str, str] | None = None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()

    def result(self, timeout: int = 120) -> dict[str, Any]:
        """The child's :func:`read` result (plus ``max_rss_mb``).

        AssertionError, with the child's stderr, when the child does not finish normally:
        killed by a signal (calamine aborts when an allocation fails), out of memory, a
        traceback, or still running after ``timeout`` seconds.
        """
        if self.output is None:
            try:
                self.output = self.process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.stop()
                raise AssertionError(f"reading {self.display} took more than {timeout} s") from None
        out, err = self.output
        code = self.process.returncode
        if code != 0:
            how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
            limit = f"{self.memory / 1024**3:g} GB"
            raise AssertionError(
                f"reading {self.display} under a {limit} memory limit {how}:\n{err[-3000:]}"
            )
        return json.loads(out.splitlines()[-1])


def outcome_in_subprocess(
    kind: str, path: Path, display: str, *, memory: int = MEMORY_LIMIT, timeout: int = 120
) -> dict[str, Any]:
    """:func:`read` in a fresh interpreter limited to ``memory`` bytes (see :class:`Child`)."""
    return Child(kind, path, display, memory=memory).result(timeout)


def max_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
