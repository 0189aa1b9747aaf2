"""The root click group, and the shared ways commands report problems and progress.

Anything a user did (bad inputs, a file they cannot write, a full disk, Ctrl-C) ends with a short
message and an exit status, never a traceback; tracebacks are for bugs.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import InputError, Problem, display_path
from ..names import TenderFolder

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: What to tell the officer for the usual reasons a file cannot be read or written.
_OS_HINTS = {
    errno.EACCES: "permission denied (is it open in another program, or read-only?)",
    errno.EPERM: "not permitted (is it open in another program, or read-only?)",
    errno.EROFS: "read-only file system: copy the tender to a folder you can write to",
    errno.ENOSPC: "disk full: free some space and run again",
    errno.EDQUOT: "disk quota exceeded: free some space and run again",
    errno.ENOTDIR: "is a file, not a folder (or a folder in its path is a file)",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOENT: "no such file or folder",
    errno.EEXIST: "already exists",
    errno.ENAMETOOLONG: "the name is too long",
}


#: The order ``socialvalue --help`` lists the commands in: the officer's sequence, then the rest.
COMMAND_ORDER = (
    "init",
    "template",
    "scoresheets",
    "moderation",
    "check",
    "score",
    "pack",
    "evaluate",
    "ocds",
    "demo",
    "contract",
    "returns",
    "rubric",
)


class Group(click.Group):
    """A click group whose subcommands never show a traceback for something the user did, and
    whose help lists the commands in the order an officer uses them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))

    def invoke(self, ctx: click.Context) -> Any:
        with user_errors():
            return super().invoke(ctx)


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="socialvalue")
def main() -> None:
    """Score the social value in tender responses and publish a defensible evaluation.

    \b
    Quick start:
      socialvalue demo                 evaluate the bundled example tender
      socialvalue rubric list          the rubrics shipped with the toolkit
      socialvalue check TENDER         check every input of a tender

    \b
    The officer's sequence (see docs/cli.md):
      init -> template -> (bidders fill) -> scoresheets -> (evaluators score)
      -> moderation -> (panel moderates) -> check -> evaluate

    \b
    Example:
      socialvalue init my-tender --rubric tutorial
      socialvalue evaluate my-tender

    \b
    Exit codes: 0 success, 1 problems in the inputs (or a file that cannot be
    read or written), 2 wrong usage, 130 interrupted (Ctrl-C).
    Results go to stdout; problems and progress to stderr.
    Shell completion (bash): eval "$(_SOCIALVALUE_COMPLETE=bash_source socialvalue)"
    """


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(32), *range(0x7F, 0xA0))}


def escape_control_chars(text: str) -> str:
    """``text`` with control characters shown as ``\\x1b`` escapes.

    Messages quote bidder text; raw ESC, BEL or newlines from a workbook must not reach the
    officer's terminal, where they could rewrite the screen or forge extra lines.
    """
    return text.translate(_CONTROL)


def report(problems: Iterable[Problem]) -> None:
    """Print problems to stderr, one per line, with control characters escaped."""
    for problem in problems:
        click.echo(escape_control_chars(str(problem)), err=True)


def advise(lines: Iterable[str]) -> None:
    """Print lines of advice (what to do about the problems above) to stderr, escaped alike."""
    for line in lines:
        click.echo(escape_control_chars(line), err=True)


def os_error_message(exc: OSError, context: str | os.PathLike[str] | None = None) -> str:
    """One line naming the path and what to do, e.g. ``out/pack.pdf: disk full: ...``."""
    reason = _OS_HINTS.get(exc.errno or 0) or exc.strerror or str(exc)
    named = exc.filename if exc.filename is not None else context
    if named is None:
        return f"cannot read or write a file: {reason}"
    path = Path(os.fsdecode(named))
    if path.name.startswith(".") and path.name.endswith(".tmp"):
        path = path.parent  # the temporary file an output is first written to: name its folder
    if exc.errno == errno.EEXIST and path.is_file():
        reason = "is a file where a folder is needed: move it away and run again"
    return f"{display_path(path)}: {reason}"


@contextlib.contextmanager
def user_errors(context: str | os.PathLike[str] | None = None) -> Iterator[None]:
    """Turn what a user did into a message on stderr and an exit status (no traceback).

    * :class:`InputError`: its problems, a count, exit 1.
    * :class:`RenderError` (a PDF could not be written): one line, exit 1.
    * :class:`OSError` (permission denied, disk full, read-only folder, a file where a folder
      should be): one line naming the path (or ``context`` when the error names none), exit 1.
    * Ctrl-C: ``Interrupted.``, exit 130.

    A broken pipe (``socialvalue check T | head``) is left to click. Anything else is a bug and
    propagates with its traceback.
    """
    try:
        yield
    except InputError as exc:
        report(exc.problems)
        advise(exc.advice)
        count = len([p for p in exc.problems if p.severity == "error"])
        click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        click.echo(os_error_message(exc, context), err=True)
        sys.exit(EXIT_PROBLEMS)
    except KeyboardInterrupt:
        # After ^C on a terminal the cursor is still on the command's line.
        click.echo(("\n" if _isatty(sys.stderr) else "") + "Interrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:
        if not _is_render_error(exc):
            raise
        click.echo(str(exc), err=True)
        sys.exit(EXIT_PROBLEMS)


def _is_render_error(exc: Exception) -> bool:
    """A :class:`~socialvalue.render.RenderError` (without loading the PDF machinery, which is
    slow to import, unless a render already did)."""
    pdf = sys.modules.get("socialvalue.render.pdf")
    return pdf is not None and isinstance(exc, pdf.RenderError)


@contextlib.contextmanager
def shown_from(folder: Path) -> Iterator[TenderFolder]:
    """Show the problems raised by a call on the tender in ``folder`` as the officer expects:
    the library names a file relative to the tender folder (``responses/acme.xlsx``), the
    terminal joins it to the folder as typed (``my-tender/responses/acme.xlsx``)."""
    names = TenderFolder(folder)
    try:
        yield names
    except InputError as exc:
        raise InputError([names.show(p) for p in exc.problems], exc.advice) from None


def handles_input_errors(func: F) -> F:
    """Run a command under :func:`user_errors`; an OSError that names no file is reported
    against the command's TENDER (or DIRECTORY) argument. Problems with a TENDER folder (not a
    results file given to ``pack``) are shown as :func:`shown_from` says."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        context = kwargs.get("tender") or kwargs.get("directory")
        with user_errors(context if isinstance(context, str | Path) else None):
            tender = kwargs.get("tender")
            if isinstance(tender, Path) and not tender.is_file():
                with shown_from(tender):
                    return func(*args, **kwargs)
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class StatusLine:
    """A one-line progress counter on stderr, rewritten in place with ``\\r``.

    Silent unless stderr is a terminal (so logs and pipes stay clean) and not ``quiet``.
    """

    def __init__(self, quiet: bool = False, stream: Any = None) -> None:
        self.stream = stream
        self.enabled = not quiet and _isatty(self._out())
        self._width = 0

    def _out(self) -> Any:
        return self.stream if self.stream is not None else sys.stderr

    def __call__(self, message: str) -> None:
        if not self.enabled:
            return
        columns = shutil.get_terminal_size((80, 24)).columns - 1
        text = message if len(message) <= columns else message[: columns - 1] + "…"
        out = self._out()
        out.write("\r" + text + " " * max(0, self._width - len(text)))
        out.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Blank the line, so what follows starts at the left margin."""
        if self.enabled and self._width:
            out = self._out()
            out.write("\r" + " " * self._width + "\r")
            out.flush()
            self._width = 0


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def progress_line(quiet: bool = False) -> Iterator[Callable[[str], None] | None]:
    """Yield a progress callback for the library (None when silent); clear the line after."""
    line = StatusLine(quiet)
    try:
        yield line if line.enabled else None
    finally:
        line.clear()


def quiet_option(func: F) -> F:
    """``-q/--quiet``: no progress and no chatter on stderr; results and problems still shown."""
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="No progress or chatter on stderr; results and problems are still shown.",
    )(func)


def say(quiet: bool, message: str) -> None:
    """Chatter on stderr (what was written, how long it took), unless ``quiet``."""
    if not quiet:
        click.echo(message, err=True)
