"""``socialvalue evaluate``: check, score and render everything for a tender in one command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import display_path
from ..names import TenderFolder
from .base import escape_control_chars, handles_input_errors, main, progress_line, quiet_option

if TYPE_CHECKING:
    from ..workflow import EvaluationReport


def summary_text(report: EvaluationReport) -> str:
    """The short closing report: ranking and status, flags by bidder, changes, the files."""
    from ..results import format_ranking_table

    ev = report.evaluation
    lines = [format_ranking_table(ev).rstrip("\n"), ""]
    by_bidder: dict[str, Counter[str]] = {}
    for b in ev.bidders:
        if b.flags:
            by_bidder[escape_control_chars(b.name)] = Counter(
                f.code.replace("_", " ") for f in b.flags
            )
    if by_bidder:
        total = sum(sum(c.values()) for c in by_bidder.values())
        lines.append(f"Flags for the panel ({total}; each is explained in the pack):")
        for name, counts in by_bidder.items():
            kinds = ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))
            lines.append(f"  {name}: {kinds}")
    else:
        lines.append("Flags: none")
    if report.changed_inputs:
        lines.append("Inputs changed since the last run:")
        lines += [f"  {c}" for c in changed_inputs(report)]
    if report.warnings:
        lines.append(f"Warnings: {len(report.warnings)} (run `socialvalue check` to list them)")
    lines += [
        "Files:",
        f"  pack       {display_path(report.pack.pack)} ({report.pack.pages} pages"
        + (f" in {len(report.pack.volumes)} volumes" if len(report.pack.volumes) > 1 else "")
        + ")",
        f"  summaries  {display_path(report.out_dir / 'summaries')} "
        f"({len(report.pack.summaries)} bidders)",
        f"  results    {display_path(report.results_json)}, {display_path(report.results_xlsx)}",
    ]
    if report.pack.html:
        lines.append(
            f"  html       {display_path(report.out_dir / 'html')} "
            f"({len(report.pack.html)} documents, open */index.html)"
        )
    return "\n".join(lines)


def changed_inputs(report: EvaluationReport) -> list[str]:
    """The inputs changed since the last run, named as the terminal shows files."""
    names = TenderFolder(report.out_dir.parent)
    lines = []
    for line in report.changed_inputs:
        how, _, name = line.partition(": ")
        lines.append(f"{how}: {names.shown(name)}")
    return lines


def summary_json(report: EvaluationReport) -> str:
    ev = report.evaluation
    return json.dumps(
        {
            "status": ev.status.state,
            "reasons": list(ev.status.reasons),
            "ranking": [
                {"rank": b.rank, "key": b.key, "name": b.name, "status": b.status}
                for b in ev.bidders
            ],
            "flags": len([f for b in ev.bidders for f in b.flags]),
            "changed_inputs": changed_inputs(report),
            "pack": str(report.pack.pack),
            "volumes": [str(path) for path, _ in report.pack.volumes],
            "summaries": [str(s.path) for s in report.pack.summaries],
            "results": [str(report.results_json), str(report.results_xlsx)],
            "html": [str(p) for p in report.pack.html],
        },
        indent=2,
    )


@main.command(short_help="Check, score and render everything in one go.")
@click.argument("tender", type=click.Path(file_okay=False, path_type=Path))
@click.option("--archival", is_flag=True, help="PDF/A-3a with results.json attached.")
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    help="Render in up to N processes (default: one per CPU).",
)
@click.option(
    "--html", is_flag=True, help="Also write each document as an HTML folder in out/html/."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary for scripts.")
@quiet_option
@handles_input_errors
def evaluate(
    tender: Path, archival: bool, processes: int | None, html: bool, as_json: bool, quiet: bool
) -> None:
    """Check, score and render everything for a tender in one go.

    Writes TENDER/out/results.json, results.xlsx, pack.pdf and summaries/<bidder>.pdf
    (and with --html, html/pack/ and html/summaries/<bidder>/ for reading on screen).
    Outputs are replaced only when all the new ones are complete; inputs are never
    modified. Tells you which inputs changed since the last run.

    \b
    Example:
      socialvalue evaluate my-tender
      socialvalue evaluate my-tender --html
      socialvalue evaluate my-tender --json > evaluation.json
    """
    # Imported here: the PDF machinery behind it is slow to load, and --help need not wait.
    from ..workflow import evaluate_tender

    with progress_line(quiet) as progress:
        report = evaluate_tender(
            tender, archival=archival, processes=processes, progress=progress, html=html
        )
    click.echo(summary_json(report) if as_json else summary_text(report))


__all__ = ["evaluate", "summary_json", "summary_text"]
