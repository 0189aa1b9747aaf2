"""Shared fixtures.

``cli`` runs a ``socialvalue`` command in-process and checks its exit status; when the status is
not the expected one it prints the command's output and any traceback, so a failure explains
itself. A command that crashes (an exception other than ``SystemExit``) always fails the test:
problems in the inputs must be reported, never raised.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence

import pytest
from click.testing import Result

import socialvalue  # noqa: F401  (first: it makes openpyxl write without lxml, as it always does)
from socialvalue.cli import main
from socialvalue.testing import cli_runner

Invoke = Callable[..., Result]


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
