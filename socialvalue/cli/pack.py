"""``socialvalue pack``: the evaluation pack and the assessment summaries as PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import display_path
from .base import handles_input_errors, main, progress_line, quiet_option, say

if TYPE_CHECKING:
    from ..pack import PackReport


def _as_json(report: PackReport) -> str:
    return json.dumps(
        {
            "pack": str(report.pack),
            "pages": report.pages,
            "volumes": [{"path": str(path), "pages": pages} for path, pages in report.volumes],
            "variant": report.variant,
            "summaries": [
                {"key": s.key, "name": s.name, "path": str(s.path), "pages": s.pages}
                for s in report.summaries
            ],
            "html": [str(p) for p in report.html],
            "removed": [str(p) for p in report.removed],
            "seconds": round(report.seconds, 1),
        },
        indent=2,
        ensure_ascii=False,
    )


@main.command(short_help="Render the evaluation pack and assessment summaries.")
@click.argument("tender", type=click.Path(path_type=Path))
@click.option(
    "--archival", is_flag=True, help="Write PDF/A-3a with results.json attached to the pack."
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=None,
    help="Render in up to N processes (default: one per CPU).",
)
@click.option(
    "--html", is_flag=True, help="Also write each document as an HTML folder in out/html/."
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@quiet_option
@handles_input_errors
def pack(
    tender: Path, archival: bool, processes: int | None, html: bool, as_json: bool, quiet: bool
) -> None:
    """Render TENDER/out/pack.pdf and TENDER/out/summaries/<bidder>.pdf from results.json.

    TENDER is a tender folder (after `socialvalue score`) or a results.json file. The date
    printed on the documents is `pack: generated:` in tender.yaml (or SOURCE_DATE_EPOCH), so
    re-running gives identical files. A tender's own templates/ folder overrides ours.
    With --html each document is also written as a folder (index.html and its assets) in
    out/html/, for reading on screen; without, an earlier run's out/html/ is removed.

    \b
    Example:
      socialvalue pack my-tender
      socialvalue pack my-tender --archival
      socialvalue pack my-tender --html
      socialvalue pack my-tender --json
    """
    # Imported here: the PDF machinery is slow to load, and --help need not wait.
    from ..pack import build_pack

    with progress_line(quiet) as progress:
        report = build_pack(
            tender, archival=archival, processes=processes, progress=progress, html=html
        )
    if as_json:
        click.echo(_as_json(report))
        return
    for path, _ in report.volumes:
        click.echo(display_path(path))
    for summary in report.summaries:
        click.echo(display_path(summary.path))
    for index in report.html:
        click.echo(display_path(index))
    for stale in report.removed:
        say(quiet, f"removed stale file {display_path(stale)}")
    volumes = f" ({len(report.volumes)} volumes)" if len(report.volumes) > 1 else ""
    say(
        quiet,
        f"{report.pages} pages in the pack{volumes}, {len(report.summaries)} assessment "
        f"summar{'y' if len(report.summaries) == 1 else 'ies'} ({report.variant}) "
        f"in {report.seconds:.1f} s.",
    )
