"""``socialvalue rubric ...``: list, check, show and the JSON Schema."""

from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from .. import resources
from ..rubric import catalogue
from ..rubric.show import render_tree
from .base import EXIT_PROBLEMS, handles_input_errors, main, report


@main.group(short_help="List, show and check rubrics; print their JSON Schema.")
def rubric() -> None:
    """Work with rubrics: the published rules for scoring social value.

    A tender names its rubric in tender.yaml: a shipped rubric's id or a file of
    your own (see docs/rubrics.md).

    \b
    Example:
      socialvalue rubric list
      socialvalue rubric show tutorial
      socialvalue rubric check my-rubric.yaml
    """


@rubric.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@handles_input_errors
def list_(as_json: bool) -> None:
    """List the rubrics shipped with the toolkit.

    \b
    Example:
      socialvalue rubric list
    """
    entries = catalogue.shipped()
    if as_json:
        click.echo(json.dumps([e.to_json() for e in entries], indent=2))
        return
    width = max((len(e.id) for e in entries), default=2)
    for e in entries:
        click.echo(f"{e.id:<{width}}  {e.version:<6}  {e.title}")


@rubric.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--contract-value",
    type=click.STRING,
    help="Warn of a money measure whose max_quantity is above this contract value.",
)
def check(files: tuple[Path, ...], contract_value: str | None) -> None:
    """Check rubric files and report every problem with its line and column.

    The proxy set a rubric names is checked too, when it can be found beside the
    rubric (in a proxies/ folder) or among the shipped sets. With --contract-value,
    a money measure (unit GBP) whose max_quantity is above it is a warning
    (`socialvalue check` warns of it against the tender's contract value).

    \b
    Example:
      socialvalue rubric check rubrics/*.yaml
      socialvalue rubric check my-rubric.yaml --contract-value 2400000
    """
    value = _contract_value(contract_value)
    errors = 0
    for path in files:
        problems = catalogue.check_file(path, value)
        report(problems)
        failed = [p for p in problems if p.severity == "error"]
        errors += len(failed)
        click.echo(f"{path}: {'problems' if failed else 'ok'}")
    if errors:
        click.echo(f"{errors} problem{'s' if errors != 1 else ''} found.", err=True)
        sys.exit(EXIT_PROBLEMS)


def _contract_value(text: str | None) -> Decimal | None:
    """``--contract-value`` as an exact Decimal (more than 0), or a usage error."""
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0:
        raise click.BadParameter(f"expected an amount more than 0, got {text!r}")
    return value


@rubric.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@handles_input_errors
def show(file: Path) -> None:
    """Show a rubric's tree: sections, criteria, weights, scales and methods.

    FILE is a rubric file or the id of a shipped rubric.

    \b
    Example:
      socialvalue rubric show tutorial
    """
    click.echo(render_tree(catalogue.load(str(file))))


@rubric.command()
def schema() -> None:
    """Print the JSON Schema for rubric files (for editors' autocompletion).

    \b
    Example:
      socialvalue rubric schema > rubric.schema.json
    """
    click.echo(resources.schema_path().read_text(encoding="utf-8"), nl=False)
