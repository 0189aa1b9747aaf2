"""``socialvalue portfolio check | report | ocds``: a council's portfolio of contracts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import display_path
from .base import EXIT_PROBLEMS, handles_input_errors, main, quiet_option, say, shown_from

PORTFOLIO = click.Path(file_okay=False, exists=True, path_type=Path)


@main.group(short_help="Check and report a portfolio of tenders and contracts.")
def portfolio() -> None:
    """A council's portfolio: the folders named in portfolio.yaml, and the annual social
    value report across them (see docs/portfolio.md).

    \b
    Example:
      socialvalue portfolio check examples/portfolio
      socialvalue portfolio report examples/portfolio
    """


@portfolio.command(short_help="Read every member and list every problem.")
@click.argument("folder", metavar="PORTFOLIO", type=PORTFOLIO)
@click.option("--json", "as_json", is_flag=True, help="Print the members and problems as JSON.")
@click.option(
    "--rehash",
    is_flag=True,
    help="Hash every file rather than trust the index's size, mtime and inode.",
)
@handles_input_errors
def check(folder: Path, as_json: bool, rehash: bool) -> None:
    """Read every member of PORTFOLIO as `contract check` / `check` would; a broken member is
    listed with its problems and the others are still read. Exit status 1 if any has one.

    \b
    Example:
      socialvalue portfolio check examples/portfolio
    """
    from ..portfolio.reading import read_portfolio

    with shown_from(folder) as names:
        found = read_portfolio(folder, rehash=rehash)
    for warning in found.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        members = [
            {"path": p, "kind": s["kind"], "status": s["status"], "problems": s["problems"]}
            for p, s in found.members
        ]
        click.echo(json.dumps({"ok": found.ok, "members": members}, indent=2, ensure_ascii=False))
    else:
        for path, s in found.members:
            click.echo(f"{path}: {s['kind']}, {s['status']}")
        for problem in found.problem_items:  # each names its file relative to PORTFOLIO
            click.echo(str(names.show(problem)), err=True)
    if not found.ok:
        sys.exit(EXIT_PROBLEMS)


@portfolio.command(short_help="Write portfolio.json, portfolio.xlsx and portfolio.pdf.")
@click.argument("folder", metavar="PORTFOLIO", type=PORTFOLIO)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Where to write them (default: PORTFOLIO/out).",
)
@click.option(
    "--rehash",
    is_flag=True,
    help="Hash every file rather than trust the index's size, mtime and inode.",
)
@click.option(
    "--html", is_flag=True, help="Also write the report as an HTML folder in OUT/html/portfolio/."
)
@quiet_option
@handles_input_errors
def report(folder: Path, out: Path | None, rehash: bool, html: bool, quiet: bool) -> None:
    """Write the annual social value report of PORTFOLIO (portfolio.json, portfolio.xlsx,
    portfolio.pdf; with --html the HTML folder html/portfolio/ too), replaced as a set. Members
    whose files are unchanged since the last run are taken from the index
    (.portfolio-index.sqlite) rather than read again, and outputs that would be the same bytes
    are left as they are.

    \b
    Example:
      socialvalue portfolio report examples/portfolio --out annual-report
      socialvalue portfolio report examples/portfolio --html
    """
    from ..portfolio.report import write_portfolio_report

    with shown_from(folder):
        written = write_portfolio_report(folder, out, rehash=rehash, html=html)
    for warning in written.found.warnings:
        click.echo(f"warning: {warning}", err=True)
    say(quiet, f"read {written.found.read} of {len(written.found.members)} members afresh")
    if not written.written:
        say(quiet, "the outputs are unchanged: nothing rewritten")
    for path in written.paths:
        click.echo(display_path(path))


@portfolio.command(short_help="Write one OCDS release package for every member.")
@click.argument("folder", metavar="PORTFOLIO", type=PORTFOLIO)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Where to write it (default: PORTFOLIO/out/ocds.json).",
)
@click.option(
    "--ocid-prefix",
    metavar="PREFIX",
    default="ocds-xxxxxx",
    show_default=True,
    help="The publisher's registered OCID prefix.",
)
@handles_input_errors
def ocds(folder: Path, output: Path | None, ocid_prefix: str) -> None:
    """Write every member's releases as one OCDS release package (each as `socialvalue ocds
    MEMBER` makes it, a contract's delivery as of the reporting year's end).

    \b
    Example:
      socialvalue portfolio ocds examples/portfolio --ocid-prefix ocds-abc123
    """
    from ..portfolio.ocds import write_portfolio_package

    with shown_from(folder):
        path = write_portfolio_package(folder, output, ocid_prefix=ocid_prefix)
    click.echo(display_path(path))
