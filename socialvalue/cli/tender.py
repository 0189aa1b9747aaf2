"""``socialvalue init | template | scoresheets | moderation | check``: the tender folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import attrs
import click

from ..errors import display_path
from ..names import TenderFolder
from ..tender.forms import make_scoresheets, write_template_for
from ..tender.inputs import CheckReport, check_tender
from ..tender.scaffold import init_tender
from .base import (
    EXIT_PROBLEMS,
    advise,
    escape_control_chars,
    handles_input_errors,
    main,
    progress_line,
    quiet_option,
    report,
)

TENDER = click.Path(file_okay=False, path_type=Path)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


@main.command(short_help="Create a tender folder with a commented tender.yaml.")
@click.argument("directory", type=TENDER)
@click.option("--rubric", "rubric", required=True, help="A shipped rubric id or a rubric file.")
@click.option("--reference", help="The tender reference (default: from the folder name).")
@handles_input_errors
def init(directory: Path, rubric: str, reference: str | None) -> None:
    """Create a tender folder: a commented tender.yaml, responses/, scores/ and out/.

    \b
    Example:
      socialvalue init my-tender --rubric tutorial --reference LJ-2026-014
    """
    path = init_tender(directory, rubric, reference=reference)
    click.echo(display_path(path))


@main.command(short_help="Write the response workbook to send to every bidder.")
@click.argument("tender", type=TENDER)
@handles_input_errors
def template(tender: Path) -> None:
    """Write the bidder response workbook: TENDER/out/response-template.xlsx.

    Send this file to every bidder; put the filled workbooks in TENDER/responses/,
    one per bidder (the file name, e.g. acme.xlsx, identifies the bidder).

    \b
    Example:
      socialvalue template my-tender
    """
    click.echo(display_path(write_template_for(tender)))


@main.command(short_help="Write one scoresheet per evaluator.")
@click.argument("tender", type=TENDER)
@click.option(
    "--force", is_flag=True, help="Replace existing scoresheets (evaluators' work is lost)."
)
@handles_input_errors
def scoresheets(tender: Path, force: bool) -> None:
    """Write one scoresheet per evaluator: TENDER/scores/<evaluator-id>.xlsx.

    Every response must read without errors first. An existing scoresheet is kept
    unless --force is given: an evaluator may have started on it.

    \b
    Example:
      socialvalue scoresheets my-tender
    """
    written, kept = make_scoresheets(tender, force=force)
    for path in written:
        click.echo(display_path(path))
    if kept:
        report(TenderFolder(tender).show(p) for p in kept)
        click.echo(f"{_count(len(kept), 'scoresheet')} kept, not overwritten.", err=True)
        sys.exit(EXIT_PROBLEMS)


@main.command(short_help="Write the moderation workbook for the panel.")
@click.argument("tender", type=TENDER)
@click.option("--force", is_flag=True, help="Replace an existing moderation.xlsx.")
@handles_input_errors
def moderation(tender: Path, force: bool) -> None:
    """Write the moderation workbook: TENDER/moderation.xlsx.

    Needs every evaluator's complete scoresheet. Shows the scores and rationales side
    by side, the spread, and where the rubric's rule requires discussion; its Flags
    sheet lists every credibility flag for the panel's decision. A tender whose rubric
    has no qualitative criterion needs no scoresheets: its workbook has only the Flags
    sheet.

    \b
    Example:
      socialvalue moderation my-tender
    """
    from ..workflow import make_moderation_workbook

    click.echo(display_path(make_moderation_workbook(tender, force=force)))


def _shown(result: CheckReport, names: TenderFolder) -> CheckReport:
    """``result`` with its files named as the terminal shows them (``my-tender/tender.yaml``)."""
    return attrs.evolve(
        result,
        problems=tuple(names.show(p) for p in result.problems),
        warnings=tuple(names.show(p) for p in result.warnings),
        files=tuple(attrs.evolve(f, path=names.shown(f.path)) for f in result.files),
    )


def _check_json(result: CheckReport) -> str:
    problems = sorted(result.problems + result.warnings, key=lambda p: p.severity != "error")
    return json.dumps(
        {
            "ok": result.ok,
            "errors": len(result.problems),
            "warnings": len(result.warnings),
            "problems": [p.to_json() for p in problems],
            "advice": list(result.advice),
            "files": [
                {
                    "path": f.path,
                    "kind": f.kind,
                    "sha256": f.sha256,
                    "errors": f.errors,
                    "warnings": f.warnings,
                    "not_assessed": f.status or None,
                    "reason": f.reason or None,
                }
                for f in result.files
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


@main.command(short_help="Check every input of a tender and list every problem.")
@click.argument("tender", type=TENDER)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the problems and files as JSON for scripts."
)
@quiet_option
@handles_input_errors
def check(tender: Path, as_json: bool, quiet: bool) -> None:
    """Check every input of a tender and list every problem.

    Reads tender.yaml, the rubric, the proxy set, every response, every scoresheet and
    the moderation workbook. Problems go to stderr, one line per input file to stdout.
    Exit status 1 if there is any problem (warnings alone do not fail). Nothing is
    written: run it as often as you like.

    \b
    Example:
      socialvalue check my-tender
      socialvalue check my-tender --json > check.json
    """
    with progress_line(quiet) as progress:
        result = _shown(check_tender(tender, progress=progress), TenderFolder(tender))
    errors, warnings = len(result.problems), len(result.warnings)
    if as_json:
        click.echo(_check_json(result))
    else:
        report(sorted(result.problems + result.warnings, key=lambda p: p.severity != "error"))
        advise(result.advice)
        for f in result.files:
            click.echo(escape_control_chars(f.summary()))
        if errors or not quiet:
            click.echo(
                f"{_count(errors, 'problem')}, {_count(warnings, 'warning')} found.", err=True
            )
    if errors:
        sys.exit(EXIT_PROBLEMS)
