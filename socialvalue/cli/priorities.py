"""``socialvalue priorities ...``: a consultation form, and weights derived from its answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import cast

import click

from ..atomic import write_bytes_atomic
from ..priorities import layout
from ..priorities.constraints import Limits
from ..priorities.derive import Consultation, Inconsistent, derive, new_rubric_text, read_rubric
from ..priorities.items import BY, By, items_of
from ..priorities.methods import METHODS, Method
from ..priorities.output import write_together
from ..rubric.load import load_rubric
from .base import handles_input_errors, main

RUBRIC = click.Path(dir_okay=False, exists=True, path_type=Path)


@main.group(short_help="Let residents set the weights: a consultation form, then the weights.")
def priorities() -> None:
    """Weights derived from a consultation's rankings, points or comparisons.

    See docs/priorities.md for the methods, the layouts and the provenance record.

    \b
    Example:
      socialvalue priorities template rubrics/keep-it-local.yaml -o form.csv --format csv
      socialvalue priorities derive rubrics/keep-it-local.yaml answers.csv --method roc \\
        --name "Keep it local survey" --from 2026-02-01 --to 2026-02-28 -o new.yaml
    """


@priorities.command()
@click.argument("rubric_path", metavar="RUBRIC", type=RUBRIC)
@click.option(
    "--by",
    type=click.Choice(BY),
    default="themes",
    show_default=True,
    help="Rank themes or criteria.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv"]),
    default="xlsx",
    show_default=True,
    help="A workbook with a Responses sheet, or a CSV header row.",
)
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="roc",
    show_default=True,
    help="How residents answer: ranks (roc, rank-sum, rank-reciprocal, borda), points or ahp pairs.",
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    help="A respondent column the council wants (ward, age band).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The form to write.",
)
@handles_input_errors
def template(
    rubric_path: Path, by: str, fmt: str, method: str, fields: tuple[str, ...], output: Path
) -> None:
    """Write a blank consultation form for RUBRIC: one row per respondent.

    \b
    Example:
      socialvalue priorities template rubrics/keep-it-local.yaml --field ward -o form.xlsx
    """
    items = items_of(load_rubric(rubric_path), by)  # type: ignore[arg-type]
    maker = layout.xlsx_bytes if fmt == "xlsx" else layout.csv_bytes
    write_bytes_atomic(output, maker(items, method, fields))  # type: ignore[arg-type]
    click.echo(f"wrote {output}")


def _bounds(values: tuple[str, ...], option: str) -> dict[str, int]:
    out = {}
    for value in values:
        key, _, number = value.partition("=")
        if not number.isdigit():
            raise click.BadParameter(f"expected ID=POINTS, got {value!r}", param_hint=option)
        out[key] = int(number)
    return out


@priorities.command("derive")
@click.argument("rubric_path", metavar="RUBRIC", type=RUBRIC)
@click.argument("survey", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--method", type=click.Choice(METHODS), required=True, help="How the weights are derived."
)
@click.option(
    "--by",
    type=click.Choice(BY),
    default="themes",
    show_default=True,
    help="What the survey ranked: themes or criteria.",
)
@click.option("--name", required=True, help="The consultation's name, as the pack will print it.")
@click.option(
    "--from", "first", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day."
)
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day.")
@click.option("--who", default="residents", show_default=True, help="Who answered.")
@click.option(
    "--field", "fields", multiple=True, help="A respondent column to ignore in the maths."
)
@click.option("--fix", multiple=True, help="An item that keeps its published weight.")
@click.option("--min", "minimum", multiple=True, help="ID=POINTS: the least an item may get.")
@click.option("--max", "maximum", multiple=True, help="ID=POINTS: the most an item may get.")
@click.option(
    "--inconsistent",
    type=click.Choice(["exclude", "keep"]),
    default="exclude",
    show_default=True,
    help="AHP: respondents with a consistency ratio above 0.10.",
)
@click.option("--alternative", type=click.Choice(METHODS), help="The method to compare against.")
@click.option(
    "--version", "version", help="The new rubric's version (default: the old one + '-community')."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The new rubric; its provenance record is written beside it (.provenance.json).",
)
@handles_input_errors
def derive_(
    rubric_path: Path,
    survey: Path,
    method: str,
    by: str,
    name: str,
    first: dt.datetime,
    last: dt.datetime,
    who: str,
    fields: tuple[str, ...],
    fix: tuple[str, ...],
    minimum: tuple[str, ...],
    maximum: tuple[str, ...],
    inconsistent: str,
    alternative: str | None,
    version: str | None,
    output: Path,
) -> None:
    """Derive RUBRIC's weights from the answers in SURVEY (CSV or xlsx) and write a new version.

    \b
    Example:
      socialvalue priorities derive rubrics/keep-it-local.yaml \\
        examples/consultation/responses.csv --method roc --field ward \\
        --name "Keep it local survey" --from 2026-02-01 --to 2026-02-28 -o new.yaml
    """
    rubric, rubric_text = read_rubric(rubric_path)
    limits = Limits(frozenset(fix), _bounds(minimum, "--min"), _bounds(maximum, "--max"))
    consultation = Consultation(name, first.date(), last.date(), who)
    derived = derive(
        rubric,
        survey,
        cast(Method, method),
        consultation,
        by=cast(By, by),
        limits=limits,
        inconsistent=cast(Inconsistent, inconsistent),
        fields=fields,
        alternative=cast(Method | None, alternative),
    )
    text = new_rubric_text(
        rubric_text, rubric.source, derived, version or f"{rubric.version}-community"
    )
    record = json.dumps(derived.provenance, indent=2, sort_keys=False) + "\n"
    write_together(
        {
            output: text.encode("utf-8"),
            output.with_suffix(".provenance.json"): record.encode("utf-8"),
        }
    )
    for who_, why in derived.set_aside:
        click.echo(f"set aside {who_}: {why}", err=True)
    click.echo(f"{derived.used} of {derived.read} responses used")
    for key, before in derived.before.items():
        click.echo(f"{key}: {before} -> {derived.after[key]}")
    click.echo(f"wrote {output}")
