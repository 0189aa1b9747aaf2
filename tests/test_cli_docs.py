"""Every command is explained: its --help has an example, and docs/cli.md documents it (and every
one of its options), the exit codes and shell completion. README.md links docs/cli.md."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import Result

from socialvalue.cli import main

Invoke = Callable[..., Result]  # the `cli` fixture (tests/conftest.py)

ROOT = Path(__file__).resolve().parent.parent
CLI_MD = ROOT / "docs" / "cli.md"


def walk(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command and subcommand below ``group``, with its words after ``socialvalue``."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))


COMMANDS = sorted(walk(main))
IDS = [" ".join(words) for words, _ in COMMANDS]


def sections() -> dict[str, str]:
    """docs/cli.md's sections by heading: "## `socialvalue rubric list`" -> its text."""
    text = CLI_MD.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    parts = re.split(r"^#{2,3} `socialvalue ([a-z ]+?)(?: [A-Z\[].*?)?`\s*$", text, flags=re.M)
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        found[name.strip()] = body
    return found


def test_the_walk_finds_every_command() -> None:
    names = set(IDS)
    assert {"init", "template", "scoresheets", "moderation", "check", "score"} <= names
    assert {"pack", "evaluate", "demo", "rubric", "rubric list", "rubric schema"} <= names


@pytest.mark.parametrize("words", [()] + [w for w, _ in COMMANDS], ids=["(group)", *IDS])
def test_help_has_an_example(cli: Invoke, words: tuple[str, ...]) -> None:
    text = cli([*words, "--help"]).stdout
    assert "Example" in text
    example = text[text.index("Example") :]
    assert f"socialvalue {' '.join(words)}".strip() in example


@pytest.mark.parametrize(("words", "command"), COMMANDS, ids=IDS)
def test_every_command_has_a_section_with_its_options(
    words: tuple[str, ...], command: click.Command
) -> None:
    found = sections()
    name = " ".join(words)
    assert name in found, f"docs/cli.md has no '## `socialvalue {name} ...`' section"
    body = found[name]
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(flag in body for flag in param.opts), (
                f"docs/cli.md, socialvalue {name}: option {param.opts[0]} not documented"
            )
    assert "```console" in body or isinstance(command, click.Group)


def test_docs_give_exit_codes_completion_and_the_sequence() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    for code in ("| 0 ", "| 1 ", "| 2 ", "| 130 "):
        assert code in text, f"exit code table row {code.strip()} missing"
    assert "_SOCIALVALUE_COMPLETE=bash_source socialvalue" in text
    assert "_SOCIALVALUE_COMPLETE=zsh_source socialvalue" in text
    order = ["socialvalue init", "socialvalue template", "socialvalue scoresheets"]
    order += ["socialvalue moderation", "socialvalue check", "socialvalue evaluate"]
    sequence = text[text.index("## The officer's sequence") :]
    position = 0
    for step in order:  # in this order (each may also appear elsewhere)
        position = sequence.index(step, position) + len(step)


def test_docs_examples_use_real_commands() -> None:
    """Every `$ socialvalue ...` line in docs/cli.md names a command that exists (or shows the
    error for a mistyped one)."""
    known = {" ".join(w) for w, _ in COMMANDS}
    lines = CLI_MD.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("$ socialvalue "):
            continue
        words = line.split()[2:]
        if words[0].startswith("-"):
            continue
        name = " ".join(words[:2]) if words[0] == "rubric" and len(words) > 1 else words[0]
        if name not in known:
            shown = "\n".join(lines[i + 1 : i + 5])
            assert f"Error: No such command '{name}'" in shown, line


def test_readme_links_the_cli_docs() -> None:
    assert "docs/cli.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_links_every_docs_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"docs/{page.name}" in readme, page.name
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).exists(), link
