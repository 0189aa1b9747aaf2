"""The root click group and the shared way commands report input problems."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import InputError, Problem

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="socialvalue")
def main() -> None:
    """Score the social value in tender responses and publish a defensible evaluation.

    \b
    Quick start:
      socialvalue demo                 evaluate the bundled example tender
      socialvalue rubric list          the rubrics shipped with the toolkit
      socialvalue check TENDER         check every input of a tender

    Exit codes: 0 success, 1 problems in the inputs, 2 wrong usage.
    """


def report(problems: Iterable[Problem]) -> None:
    """Print problems to stderr, one per line."""
    for problem in problems:
        click.echo(str(problem), err=True)


def handles_input_errors(func: F) -> F:
    """Turn an :class:`InputError` into its messages on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            report(exc.problems)
            count = len([p for p in exc.problems if p.severity == "error"])
            click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)
            sys.exit(EXIT_PROBLEMS)

    return wrapper  # type: ignore[return-value]
