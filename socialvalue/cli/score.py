"""``socialvalue score``: results.json, results.xlsx and the ranking table."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import display_path
from ..tender.config import OUT
from .base import handles_input_errors, main, progress_line, quiet_option, say


@main.command(short_help="Score a tender: results files and the ranking.")
@click.argument("tender", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print results.json to stdout instead.")
@quiet_option
@handles_input_errors
def score(tender: Path, as_json: bool, quiet: bool) -> None:
    """Score a tender: write TENDER/out/results.json and results.xlsx, print the ranking.

    Every input is read and checked first; if anything is wrong, every problem is
    listed on stderr, nothing is written and the exit status is 1. Both files are
    replaced together or not at all; the pack already in out/ is kept. To render the PDFs
    too, use `socialvalue evaluate` (or `socialvalue pack` after this).

    \b
    Example:
      socialvalue score my-tender
      socialvalue score my-tender --json > results.json
    """
    # Imported here: the PDF machinery behind them is slow to load, and --help need not wait.
    from ..results import RESULTS_JSON, RESULTS_XLSX, format_ranking_table, to_json
    from ..workflow import score_tender

    with progress_line(quiet) as progress:
        evaluation = score_tender(tender, progress=progress)
    if as_json:
        click.echo(json.dumps(to_json(evaluation), indent=2, ensure_ascii=False))
        return
    click.echo(format_ranking_table(evaluation))
    out = tender / OUT
    say(quiet, f"Wrote {display_path(out / RESULTS_JSON)} and {display_path(out / RESULTS_XLSX)}")
