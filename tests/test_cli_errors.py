"""Exit codes and messages when something goes wrong: 2 wrong usage, 1 problems in the inputs or a
file that cannot be written, 130 Ctrl-C; one clean line and no traceback for anything a user did,
a traceback for a real bug."""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from socialvalue.cli import main
from socialvalue.cli.base import os_error_message
from socialvalue.workflow import example_tender

Invoke = Callable[..., Result]  # the `cli` fixture (tests/conftest.py)

TENDER_COMMANDS = ("check", "score", "evaluate", "pack", "template", "scoresheets", "moderation")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in an empty folder, so paths in messages are short."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def tender(here: Path) -> Path:
    """A copy of the example tender (inputs only), checked clean."""
    shutil.copytree(example_tender(), here / "t", ignore=shutil.ignore_patterns("out"))
    return Path("t")


def clean(result: Result, lines: int | None = 1) -> str:
    """The message on stderr: no traceback, nothing on stdout, ``lines`` lines."""
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    if lines is not None:
        assert len(result.stderr.splitlines()) == lines, result.stderr
    return result.stderr


# ------------------------------------------------------------------------- wrong usage
@pytest.mark.parametrize(
    "args",
    [
        ["no-such-command"],
        ["check"],  # TENDER missing
        ["evaluate", "t", "--processes", "0"],
        ["score", "t", "--no-such-option"],
        ["init", "t"],  # --rubric is required
        ["rubric", "frobnicate"],
    ],
    ids=lambda a: " ".join(a),
)
def test_wrong_usage_exits_2(cli: Invoke, here: Path, args: list[str]) -> None:
    result = cli(args, exit_code=2)
    assert "Usage: socialvalue" in result.stderr and "Error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_main_help_documents_the_exit_codes(cli: Invoke) -> None:
    text = " ".join(cli(["--help"]).stdout.split())
    assert "Exit codes: 0 success, 1 problems in the inputs" in text
    assert "2 wrong usage, 130 interrupted" in text


# ------------------------------------------------------------------ missing tender
@pytest.mark.parametrize("command", TENDER_COMMANDS)
def test_missing_tender_folder_exits_1_cleanly(cli: Invoke, here: Path, command: str) -> None:
    result = cli([command, "nope"], exit_code=1)
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("nope: ") and ("not found" in first or "no such" in first)


def test_check_json_reports_a_missing_folder_as_json(cli: Invoke, here: Path) -> None:
    result = cli(["check", "nope", "--json"], exit_code=1)
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["errors"] == 1
    assert data["problems"][0]["file"] == "nope"
    assert result.stderr == ""


def test_a_tender_file_given_as_a_folder_is_wrong_usage(cli: Invoke, tender: Path) -> None:
    cli(["check", str(tender / "tender.yaml")], exit_code=2)


# -------------------------------------------------- files that cannot be written
def _refuse_writes_in(folder: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Make ``folder`` behave as read-only (or full): creating a file in it fails as the OS
    would fail it. (chmod does not stop root, so tests simulate the error.)"""
    real = tempfile.mkstemp
    target = folder.resolve()

    def mkstemp(*args, dir=None, **kwargs):  # type: ignore[no-untyped-def]
        if dir is not None and Path(dir).resolve() == target:
            name = Path(dir) / f".{kwargs.get('prefix', 'x')}abc123.tmp"
            raise OSError(code, os.strerror(code), str(name))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def test_read_only_out_folder_is_one_clean_line(
    cli: Invoke, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tender / "out").mkdir()
    _refuse_writes_in(tender / "out", monkeypatch, errno.EACCES)
    message = clean(cli(["score", str(tender)], exit_code=1))
    assert message.startswith("t/out: permission denied")
    assert not (tender / "out" / "results.json").exists()


def test_read_only_file_system_names_the_folder(
    cli: Invoke, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tender / "out").mkdir()
    _refuse_writes_in(tender / "out", monkeypatch, errno.EROFS)
    assert clean(cli(["template", str(tender)], exit_code=1)).startswith(
        "t/out: read-only file system"
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_really_read_only_out_folder(cli: Invoke, tender: Path) -> None:
    out = tender / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        message = clean(cli(["score", str(tender)], exit_code=1))
    finally:
        out.chmod(0o755)
    assert message.startswith("t/out") and "permission denied" in message


def test_disk_full_without_a_file_name_names_the_tender(
    cli: Invoke, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socialvalue.workflow as workflow

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(workflow, "score_inputs", full)
    assert clean(cli(["score", str(tender)], exit_code=1)) == (
        "t: disk full: free some space and run again\n"
    )


def test_out_is_a_file_not_a_folder(cli: Invoke, tender: Path) -> None:
    (tender / "out").write_text("not a folder", encoding="utf-8")
    message = clean(cli(["score", str(tender)], exit_code=1))
    assert message.startswith("t/out: is a file where a folder is needed")


def test_os_error_messages_name_the_path() -> None:
    denied = PermissionError(errno.EACCES, "Permission denied", "t/out/results.xlsx")
    assert os_error_message(denied).startswith("t/out/results.xlsx: permission denied")
    assert os_error_message(OSError(errno.EIO, "I/O error"), "t") == "t: I/O error"
    assert os_error_message(OSError(errno.EIO, "I/O error")).startswith("cannot read or write")


def test_a_failed_render_is_one_line(
    cli: Invoke, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socialvalue.workflow as workflow
    from socialvalue.render import RenderError

    def failed(*args: object, **kwargs: object) -> None:
        raise RenderError(Path("t/out/pack.pdf"), "OSError: [Errno 28] No space left on device")

    monkeypatch.setattr(workflow, "evaluate_tender", failed)
    assert clean(cli(["evaluate", str(tender)], exit_code=1)) == (
        "rendering t/out/pack.pdf failed: OSError: [Errno 28] No space left on device\n"
    )


# ------------------------------------------------------------------------------ Ctrl-C
def test_ctrl_c_exits_130(cli: Invoke, tender: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socialvalue.workflow as workflow

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(workflow, "evaluate_tender", interrupted)
    result = cli(["evaluate", str(tender)], exit_code=130)
    assert result.stderr.strip() == "Interrupted."


def test_ctrl_c_in_any_command_exits_130(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """The group catches it too, for commands without their own handler."""
    import socialvalue.resources as resources

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(resources, "schema_path", interrupted)
    assert cli(["rubric", "schema"], exit_code=130).stderr.strip() == "Interrupted."


def test_render_workers_end_quietly_on_ctrl_c() -> None:
    """Ctrl-C reaches every process of the group: a render worker ends with SystemExit (which
    multiprocessing does not print), not a KeyboardInterrupt traceback; the parent reports."""
    import signal

    from socialvalue.workers import quiet_interrupts

    previous = signal.getsignal(signal.SIGINT)
    try:
        quiet_interrupts()  # every pool's initializer: rendering and reading
        with pytest.raises(SystemExit) as stopped:
            signal.raise_signal(signal.SIGINT)
        assert stopped.value.code == 130
    finally:
        signal.signal(signal.SIGINT, previous)


# --------------------------------------------------------------------- a real bug
def test_a_bug_still_raises_with_its_traceback(
    tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socialvalue.workflow as workflow

    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(workflow, "score_tender", bug)
    result = CliRunner().invoke(main, ["score", str(tender)])
    assert isinstance(result.exception, ZeroDivisionError)
