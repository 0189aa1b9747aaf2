"""The command reference of docs/cli.md: each command's ``--help`` text, from click.

docs/cli.md calls :func:`help_block` from ``cog`` blocks and ``make lint`` runs ``cog --check``,
so the reference always says what the commands say. The text is formatted as for an 80-column
terminal whatever the terminal (``socialvalue --help`` itself follows the terminal's width), so
the docs are the same bytes on every machine.
"""

from __future__ import annotations

import click

from .base import main

WIDTH = 78  # what click gives an 80-column terminal (two columns spare)


def help_text(words: str = "") -> str:
    """``socialvalue WORDS --help`` as click prints it (``words`` like ``"rubric list"``)."""
    settings = {**main.context_settings, "terminal_width": WIDTH}
    ctx = click.Context(main, info_name="socialvalue", **settings)
    command: click.Command = main
    for word in words.split():
        assert isinstance(command, click.Group)
        found = command.get_command(ctx, word)
        if found is None:
            raise KeyError(f"socialvalue has no command {words!r}")
        command = found
        ctx = click.Context(command, info_name=word, parent=ctx, **command.context_settings)
    return command.get_help(ctx)


def help_block(words: str = "") -> str:
    """:func:`help_text` as a Markdown code block."""
    return f"```text\n{help_text(words)}\n```"
