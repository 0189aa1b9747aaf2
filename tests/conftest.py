"""Shared fixtures.

``cli`` runs a ``socialvalue`` command in-process and checks its exit status; when the status is
not the expected one it prints the command's output and any traceback, so a failure explains
itself. A command that crashes (an exception other than ``SystemExit``) always fails the test:
problems in the inputs must be reported, never raised.

Shared expensive artefacts, built once per pytest process (``make test`` runs one process per
core with pytest-xdist, ``--dist loadfile``: each test file stays on one worker):

- ``evaluated_example`` (session): the bundled example tender copied to a temporary folder and
  evaluated once (``evaluate_tender(..., processes=2)``): results, pack, summaries. Treat it as
  read-only; its folder is ``evaluated_example.out_dir.parent``.
- ``copy_evaluated_example(target)`` (session): copies that folder, outputs included, to
  ``target`` for a test that changes files or writes beside them; returns ``target``.

A test that must prove two runs give the same bytes still renders twice, but may use
``evaluated_example`` as one of the two.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from jsonschema import Draft202012Validator

import socialvalue  # noqa: F401  (first: it makes openpyxl write without lxml, as it always does)
from socialvalue.cli import main
from socialvalue.resources import results_schema_path
from socialvalue.testing import cli_runner
from socialvalue.workflow import EvaluationReport, copy_example, evaluate_tender

Invoke = Callable[..., Result]

# The rerun caches (socialvalue.caches) are off unless a test turns them on, or the suite is
# run with SOCIALVALUE_CACHE naming a folder (to run every test through the caches).
os.environ.setdefault("SOCIALVALUE_CACHE", "0")


@pytest.fixture
def cli() -> Invoke:
    """``cli(["rubric", "list"], exit_code=0, input=None)`` -> click ``Result``."""

    def invoke(args: Sequence[str], exit_code: int = 0, input: str | None = None) -> Result:
        result = cli_runner().invoke(
            main, list(args), input=input, catch_exceptions=True, prog_name="socialvalue"
        )
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        if crashed or result.exit_code != exit_code:
            print(f"$ socialvalue {' '.join(args)}  -> exit {result.exit_code}")
            print("--- stdout\n" + result.stdout, end="")
            print("--- stderr\n" + result.stderr, end="", file=sys.stderr)
            if result.exc_info is not None and crashed:
                traceback.print_exception(*result.exc_info)
        assert not crashed, f"the command raised {result.exception!r}"
        assert result.exit_code == exit_code
        return result

    return invoke


@pytest.fixture(autouse=True, scope="session")
def every_written_record_validates() -> Iterator[list[int]]:
    """Every results.json the suite writes in-process is checked against the shipped schema.

    ``write_results_json`` looks ``to_json`` up when it runs, so wrapping it here sees every
    record written by the library, the CLI and the pack tests (tests/test_results_schema.py).
    """
    from socialvalue.results import json_io

    validator = Draft202012Validator(json.loads(results_schema_path().read_text(encoding="utf-8")))
    original = json_io.to_json
    written = [0]

    def checked(ev: Any) -> dict[str, Any]:
        data = original(ev)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, "results.json does not validate against results.schema.json:\n" + (
            "\n".join(errors[:10])
        )
        written[0] += 1
        return data

    json_io.to_json = checked  # type: ignore[assignment]
    try:
        yield written
    finally:
        json_io.to_json = original  # type: ignore[assignment]


@pytest.fixture(scope="session")
def evaluated_example(tmp_path_factory: pytest.TempPathFactory) -> EvaluationReport:
    """The example tender, evaluated once per session; read-only (see the module docstring)."""
    folder = copy_example(tmp_path_factory.mktemp("evaluated-example") / "example-tender")
    return evaluate_tender(folder, processes=2)


@pytest.fixture(scope="session")
def copy_evaluated_example(evaluated_example: EvaluationReport) -> Callable[[Path], Path]:
    """``copy_evaluated_example(target)``: a private copy of the evaluated example at ``target``."""

    def copy(target: Path) -> Path:
        shutil.copytree(evaluated_example.out_dir.parent, target)
        return target

    return copy
