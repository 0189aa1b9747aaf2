"""``socialvalue demo``: show what the toolkit does on the bundled material."""

from __future__ import annotations

import click

from ..rubric import catalogue
from ..rubric.show import render_tree
from .base import handles_input_errors, main


@main.command()
@handles_input_errors
def demo() -> None:
    """Check and show the shipped rubrics.

    \b
    Example:
      socialvalue demo
    """
    entries = catalogue.shipped()
    for entry in entries:
        problems = catalogue.check_file(entry.path)
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        click.echo(f"{entry.id:<18} {entry.version:<6} {status:<8} {entry.title}")
    tutorial = next((e for e in entries if e.id == "tutorial"), entries[0])
    click.echo("")
    click.echo(render_tree(catalogue.load(str(tutorial.path))))
