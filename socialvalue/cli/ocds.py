"""``socialvalue ocds``: the award as an OCDS 1.1 release package (out/ocds.json)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..errors import display_path
from .base import handles_input_errors, main, quiet_option, say, shown_from


@main.command(short_help="Publish the award as OCDS open data (out/ocds.json).")
@click.argument("tender", metavar="TENDER|CONTRACT", type=click.Path(path_type=Path))
@click.option(
    "--ocid-prefix",
    metavar="PREFIX",
    default="ocds-xxxxxx",
    show_default=True,
    help="The publisher's registered OCID prefix; the ocid is PREFIX-<tender reference>.",
)
@click.option(
    "--publisher", metavar="NAME", default=None, help="The publisher's name (default: the buyer)."
)
@click.option(
    "--uri",
    metavar="URI",
    default=None,
    help="The package's URI (default: a URN made from the release id).",
)
@click.option(
    "--summaries-sent",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    default=None,
    help="The date the assessment summaries were sent (YYYY-MM-DD), if known.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE",
    default=None,
    help="Where to write the package (default: TENDER/out/ocds.json).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    default=None,
    help="For a CONTRACT folder: the delivery as of this day (default: as contract report).",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@quiet_option
@handles_input_errors
def ocds(
    tender: Path,
    ocid_prefix: str,
    publisher: str | None,
    uri: str | None,
    summaries_sent: dt.datetime | None,
    output: Path | None,
    as_of: dt.datetime | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Write TENDER/out/ocds.json: the award as an OCDS 1.1 release package.

    From TENDER/out/results.json (run `socialvalue evaluate` first): the award criteria with
    their marks and minimum scores, the bids with their status and rank, the award to the winner
    and the winner's counted commitments as the contract's agreed metrics. The package is checked
    against the OCDS schema and extensions shipped with socialvalue (no network) before it is
    written, and is dated by `pack: generated:` in tender.yaml, so re-running gives identical
    bytes. See docs/ocds.md.

    Given a CONTRACT folder (one with contract.yaml), the release adds the contract's
    delivery: every KPI's verified delivery per period, rated (docs/delivery.md), dated
    as of the delivery report, written to CONTRACT/out/ocds.json.

    \b
    Example:
      socialvalue ocds my-tender --ocid-prefix ocds-abc123
      socialvalue ocds my-tender --summaries-sent 2026-03-27 --json
      socialvalue ocds my-contract --ocid-prefix ocds-abc123
    """
    from ..ocds import DEFAULT_OCID_PREFIX, write_release_package
    from ..ocds.contract import is_contract_folder, write_contract_package

    options = {
        "ocid_prefix": ocid_prefix,
        "publisher": publisher,
        "uri": uri,
        "summaries_sent": summaries_sent.date() if summaries_sent is not None else None,
    }
    if is_contract_folder(tender):
        with shown_from(tender):
            day = as_of.date() if as_of is not None else None
            report = write_contract_package(tender, output, as_of=day, **options)
    else:
        if as_of is not None:
            raise click.BadParameter("only for a CONTRACT folder", param_hint="--as-of")
        report = write_release_package(tender, output, **options)  # type: ignore[arg-type]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "path": str(report.path),
                    "ocid": report.ocid,
                    "release": report.release_id,
                    "bids": report.bids,
                    "agreed_metrics": report.agreed_metrics,
                },
                indent=2,
            )
        )
        return
    click.echo(display_path(report.path))
    say(
        quiet,
        f"{report.ocid}: {report.bids} bids, {report.agreed_metrics} agreed metrics; "
        "valid OCDS 1.1 with its extensions.",
    )
    if ocid_prefix == DEFAULT_OCID_PREFIX:
        say(
            quiet,
            f"{DEFAULT_OCID_PREFIX} is a placeholder: register an OCID prefix with the Open "
            "Contracting Partnership and pass it with --ocid-prefix before publishing.",
        )
