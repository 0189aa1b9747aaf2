"""``socialvalue pack``: the evaluation pack and the assessment summaries as PDF."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import display_path
from ..pack import build_pack
from ..render import RenderError
from .base import EXIT_PROBLEMS, handles_input_errors, main


@main.command()
@click.argument("tender", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--archival", is_flag=True, help="Write PDF/A-3b with results.json attached to the pack."
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=None,
    help="Render in up to N processes (default: one per CPU).",
)
@handles_input_errors
def pack(tender: Path, archival: bool, processes: int | None) -> None:
    """Render TENDER/out/pack.pdf and TENDER/out/summaries/<bidder>.pdf from results.json.

    TENDER is a tender folder (after `socialvalue score`) or a results.json file. The date
    printed on the documents is `pack: generated:` in tender.yaml (or SOURCE_DATE_EPOCH), so
    re-running gives identical files. A tender's own templates/ folder overrides ours.

    \b
    Example:
      socialvalue pack my-tender
      socialvalue pack my-tender --archival
    """
    try:
        report = build_pack(tender, archival=archival, processes=processes)
    except RenderError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(EXIT_PROBLEMS) from None
    click.echo(display_path(report.pack))
    for summary in report.summaries:
        click.echo(display_path(summary.path))
    for stale in report.removed:
        click.echo(f"removed stale summary {display_path(stale)}", err=True)
    click.echo(
        f"{report.pages} pages in the pack, {len(report.summaries)} assessment "
        f"summar{'y' if len(report.summaries) == 1 else 'ies'} ({report.variant}) "
        f"in {report.seconds:.1f} s.",
        err=True,
    )
