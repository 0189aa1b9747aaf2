"""``socialvalue demo``: evaluate a copy of the bundled example tender."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import display_path
from .base import handles_input_errors, main, progress_line, quiet_option, say, shown_from
from .evaluate import summary_text


@main.command(short_help="Evaluate a copy of the bundled example tender.")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    help="Render in up to N processes (default: one per CPU).",
)
@quiet_option
@handles_input_errors
def demo(directory: Path | None, processes: int | None, quiet: bool) -> None:
    """Copy the bundled example tender to DIRECTORY and evaluate it.

    DIRECTORY defaults to ./socialvalue-demo; an earlier demo copy there is reused.
    The winner's example contract, with four quarterly returns, is made beside it
    (DIRECTORY-contract) with its delivery report. Prints the report and, last, the
    path of the PDF pack.

    \b
    Example:
      socialvalue demo
      socialvalue demo /tmp/try-socialvalue
    """
    from ..workflow import copy_example, evaluate_tender

    target = copy_example(directory or Path("socialvalue-demo"))
    say(quiet, f"Example tender: {display_path(target)}")
    with progress_line(quiet) as progress, shown_from(target):
        report = evaluate_tender(target, processes=processes, progress=progress)
    from ..delivery.example import example_contract_report

    contract = target.with_name(f"{target.name}-contract")
    with shown_from(contract):
        delivery = example_contract_report(target, contract)
    click.echo(summary_text(report))
    click.echo(f"  delivery   {display_path(delivery)} (the example contract)")
    click.echo(display_path(report.pack.pack))
