"""``socialvalue contract init | check | verification`` and ``socialvalue returns``: a contract
after the award."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import attrs
import click

from ..delivery.periods import DEFAULT_FREQUENCY, FREQUENCIES, parse_year_start
from ..errors import display_path
from ..names import TenderFolder
from .base import EXIT_PROBLEMS, handles_input_errors, main, report, shown_from

CONTRACT = click.Path(file_okay=False, path_type=Path)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date written YYYY-MM-DD, got {value!r}") from None


def _years(ctx: click.Context, param: click.Parameter, value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        years = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"expected a number of years, got {value!r}") from None
    if not years.is_finite() or years <= 0:
        raise click.BadParameter(f"expected a number of years above 0, got {value!r}")
    return years


def _year_start(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    month = parse_year_start(value)
    if month is None:
        raise click.BadParameter(f"expected a month, April or 4, got {value!r}")
    return month


@main.group(short_help="Make a contract from the award; check and verify its returns.")
def contract() -> None:
    """A contract after the award: its KPIs, the supplier's returns and their checks.

    \b
    The contract manager's sequence (see docs/delivery.md):
      contract init -> (edit contract.yaml) -> returns -> (supplier fills)
      -> contract check -> contract verification -> (officer verifies)
      -> contract report

    \b
    Example:
      socialvalue contract init my-contract --from my-tender
      socialvalue returns my-contract --period 2026-Q2
      socialvalue contract check my-contract
    """


@contract.command("init", short_help="Make a contract folder from a tender's award.")
@click.argument("directory", type=CONTRACT)
@click.option(
    "--from",
    "tender",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The tender folder, evaluated (out/results.json).",
)
@click.option("--bidder", help="The bid awarded (its key; default: the winner).")
@click.option(
    "--start", callback=_date, help="The contract's first day, YYYY-MM-DD (default: the first "
    "day of the quarter after the award; monthly reporting: of the month after)."
)  # fmt: skip
@click.option(
    "--reporting",
    type=click.Choice(FREQUENCIES),
    default=DEFAULT_FREQUENCY,
    show_default=True,
    help="How often the supplier's returns are due.",
)
@click.option(
    "--year-start",
    callback=_year_start,
    metavar="MONTH",
    help="The month the reporting year starts, e.g. April for the UK financial year "
    "(default: January). Quarters, halves and years follow it.",
)
@click.option(
    "--years", callback=_years, help="The term in years (default: tender.yaml's contract.years)."
)
@click.option("--reference", help="The contract's reference (default: tender reference-bidder).")
@click.option(
    "--force",
    is_flag=True,
    help="Make it from a provisional or out-of-date evaluation (provisional is recorded).",
)
@handles_input_errors
def init(
    directory: Path,
    tender: Path,
    bidder: str | None,
    start: dt.date | None,
    years: Decimal | None,
    reference: str | None,
    force: bool,
    reporting: str,
    year_start: int | None,
) -> None:
    """Make a contract folder from the award: contract.yaml, returns/, verification/, out/.

    Every counted commitment of the bid (after the panel's decisions) becomes a KPI
    with an even delivery profile over the reporting periods of the term (quarters
    unless --reporting says otherwise; docs/delivery.md names them). The tender's
    reference and the SHA-256 of its results.json are recorded. A provisional
    evaluation is refused unless --force is given.

    \b
    Example:
      socialvalue contract init my-contract --from my-tender
      socialvalue contract init lot-2 --from my-tender --bidder acme --start 2026-07-01
      socialvalue contract init my-contract --from my-tender --reporting monthly
      socialvalue contract init my-contract --from my-tender --year-start April
    """
    from ..delivery.periods import Calendar
    from ..delivery.scaffold import init_contract

    calendar = Calendar(reporting, year_start or 1)
    path = init_contract(
        directory,
        tender,
        bidder,
        start,
        years=years,
        reference=reference,
        force=force,
        calendar=calendar,
    )
    click.echo(display_path(path))


@main.command(short_help="Write the supplier's return workbook for a period.")
@click.argument("directory", metavar="CONTRACT", type=CONTRACT)
@click.option(
    "--period",
    required=True,
    help="The period, as contract.yaml's reporting names it: 2026-Q2 (April to June 2026), "
    "2026-05, 2026-H1, 2026, 2026/27-Q1...",
)
@handles_input_errors
def returns(directory: Path, period: str) -> None:
    """Write the supplier's return for a period: CONTRACT/out/returns/<period>-return.xlsx.

    Send it to the supplier; put the filled workbook in CONTRACT/returns/ (named
    <period>-return.xlsx, or any name starting with the period). It asks for every
    KPI's delivery in the period with its evidence, and supply-chain spend lines
    where a KPI is money.

    \b
    Example:
      socialvalue returns my-contract --period 2026-Q2
    """
    from ..delivery.returns import make_return_workbook

    with shown_from(directory):
        click.echo(display_path(make_return_workbook(directory, period)))


@contract.command("check", short_help="Check contract.yaml and every return; list every problem.")
@click.argument("directory", metavar="CONTRACT", type=CONTRACT)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the problems and files as JSON for scripts."
)
@handles_input_errors
def check(directory: Path, as_json: bool) -> None:
    """Check contract.yaml, every return in CONTRACT/returns/ and the verification
    workbook, listing every problem.

    Problems go to stderr, one line per file to stdout (a return's period, its state). Exit
    status 1 if there is any problem (warnings alone do not fail). Nothing is written.

    \b
    Example:
      socialvalue contract check my-contract
      socialvalue contract check my-contract --json > check.json
    """
    from ..delivery.check import check_contract
    from ..delivery.model import RETURNS

    names = TenderFolder(directory)
    with shown_from(directory):
        result = check_contract(directory)
    problems = [names.show(p) for p in result.problems + result.warnings]
    lines = [attrs.evolve(line, path=names.shown(line.path)) for line in result.returns]
    errors, warnings = len(result.problems), len(result.warnings)
    if as_json:
        files = [attrs.asdict(line) for line in lines]
        data: dict[str, object] = {"ok": not errors, "errors": errors, "warnings": warnings}
        data |= {"problems": [p.to_json() for p in problems], "files": files}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        sys.exit(EXIT_PROBLEMS if errors else 0)
    report(problems)
    for line in lines:
        click.echo(line.summary())
    count = sum(1 for line in result.returns if line.path.startswith(f"{RETURNS}/"))
    click.echo(
        f"{count} return{'s' * (count != 1)}: "
        f"{errors} problem{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        "found.",
        err=True,
    )
    if errors:
        sys.exit(EXIT_PROBLEMS)


@contract.command("verification", short_help="Write the verification workbook from the returns.")
@click.argument("directory", metavar="CONTRACT", type=CONTRACT)
@handles_input_errors
def verification(directory: Path) -> None:
    """Write the verification workbook: CONTRACT/verification/verification.xlsx.

    One row per figure of every return: the officer records verified, queried or
    rejected, a note, who and when. Every return must read without errors first.
    Made again when a new return comes in, it keeps the records already made on
    figures whose return has not changed.

    \b
    Example:
      socialvalue contract verification my-contract
    """
    from ..delivery.verification import make_verification

    with shown_from(directory):
        path, kept = make_verification(directory)
    click.echo(display_path(path))
    if kept:
        click.echo(
            f"{kept} record{'s' * (kept != 1)} kept from the workbook it replaces.", err=True
        )


@contract.command("report", short_help="Rate the delivery; write delivery.json, .xlsx and .pdf.")
@click.argument("directory", metavar="CONTRACT", type=CONTRACT)
@click.option(
    "--as-of", "as_of", callback=_date, help="Rate as of this day, YYYY-MM-DD (default: the "
    "end of the latest period reported). Recorded in the outputs."
)  # fmt: skip
@click.option(
    "--html", is_flag=True, help="Also write the report as an HTML folder in out/html/delivery/."
)
@handles_input_errors
def report_cmd(directory: Path, as_of: dt.date | None, html: bool) -> None:
    """Rate every KPI's verified delivery against its profile to date, with the bands
    in contract.yaml, and write CONTRACT/out/delivery.json, delivery.xlsx and
    delivery.pdf (replaced together).

    Only verified figures count; queried and rejected ones stay visible. A return not
    in 30 days after its period ends is overdue. Every return and the verification
    workbook must read without errors (see contract check). Prints a table of the
    KPIs and their ratings.

    \b
    Example:
      socialvalue contract report my-contract
      socialvalue contract report my-contract --as-of 2027-03-31
      socialvalue contract report my-contract --html
    """
    from ..delivery.report import write_report
    from ..delivery.report_table import rating_table

    with shown_from(directory):
        written = write_report(directory, as_of, html=html)
    for path in written.paths:
        click.echo(display_path(path))
    click.echo(rating_table(written.record), err=True)
