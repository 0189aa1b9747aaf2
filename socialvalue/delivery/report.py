"""``socialvalue contract report``: the delivery record, rated as of a date, and its outputs.

:func:`delivery_record` reads the contract folder (as ``contract check`` does) and rates it
(:mod:`.ratings`); :func:`write_report` writes ``out/delivery.json``, ``out/delivery.xlsx`` and
``out/delivery.pdf`` to a staging folder and moves them into place together, so a failure
leaves the previous outputs as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs

from ..atomic import remove_dead_folders
from ..errors import InputError
from ..files import read_regular_file
from ..render.html import HTML_DIR, remove_stale, replace_folder
from ..results.json_io import dumps
from .check import MAX_RESULTS, ContractCheck, check_contract
from .local_spend import LocalSpend, local_spend
from .model import OUT, Contract
from .ratings import Delivery, default_as_of, rate_delivery
from .record import FILE, SCHEMA_VERSION, Chain, DeliveryRecord, Totals, to_json
from .report_html import write_delivery_html
from .report_pdf import write_delivery_pdf
from .report_xlsx import write_delivery_xlsx

XLSX = "delivery.xlsx"
PDF = "delivery.pdf"
STAGING_PREFIX = ".delivery-staging-"


@attrs.frozen
class Report:
    """What ``contract report`` wrote: the record and the files."""

    record: DeliveryRecord
    paths: tuple[Path, ...]


def chain(contract: Contract, folder: Path) -> Chain:
    """The chain back to the award, with the SHA-256 of results.json as it is now."""
    path = folder / contract.source.results
    now = None
    if path.is_file():
        data = read_regular_file(path, contract.source.results, MAX_RESULTS)
        now = hashlib.sha256(data).hexdigest()
    state = (
        "missing"
        if now is None
        else "unchanged"
        if now == contract.source.results_sha256
        else "changed"
    )
    source = contract.source
    return Chain(
        source.tender,
        source.results,
        source.results_sha256,
        now,
        state,
        source.proxy_set,
        source.proxy_set_version,
        source.status,
        contract.newer_proxies.id if contract.newer_proxies else None,
        contract.newer_proxies.version if contract.newer_proxies else None,
    )


def build_record(
    contract: Contract,
    delivery: Delivery,
    chain: Chain,
    as_of_basis: str,
    local: LocalSpend | None = None,
) -> DeliveryRecord:
    """The record of a rated delivery."""
    valued = [k for k in delivery.kpis if k.proxy_value is not None]

    def total(name: str) -> Decimal:
        return sum((getattr(k, name) or Decimal(0) for k in valued), Decimal(0))

    newer = contract.newer_proxies is not None

    return DeliveryRecord(
        schema_version=SCHEMA_VERSION,
        contract=contract.reference,
        title=contract.title,
        buyer=contract.buyer,
        supplier=contract.supplier.name,
        supplier_key=contract.supplier.bidder,
        company_number=contract.supplier.company_number,
        start=contract.start,
        end=contract.end,
        reporting=contract.reporting,
        year_start=contract.year_start,
        currency=contract.currency,
        chain=chain,
        as_of=delivery.as_of,
        as_of_basis=as_of_basis,
        grace_days=delivery.grace_days,
        bands=delivery.bands,
        totals=Totals(
            total("gbp_committed"),
            total("gbp_profile_to_date"),
            total("gbp_verified_to_date"),
            total("gbp_committed_newer") if newer else None,
            total("gbp_profile_to_date_newer") if newer else None,
            total("gbp_verified_to_date_newer") if newer else None,
        ),
        kpis=delivery.kpis,
        overdue=delivery.overdue,
        late=delivery.late,
        local_spend=local,
    )


def delivery_record(folder: str | Path, as_of: dt.date | None = None) -> DeliveryRecord:
    """Read the contract folder and rate its delivery as of ``as_of`` (default: the end of the
    latest period reported). InputError if contract.yaml, a return or the verification
    workbook has a problem: ``contract check`` lists them."""
    return rated_folder(folder, as_of)[0]


def rated_folder(
    folder: str | Path, as_of: dt.date | None = None
) -> tuple[DeliveryRecord, ContractCheck]:
    """:func:`delivery_record`, with what ``contract check`` read (the returns as read)."""
    folder = Path(folder)
    found = check_contract(folder)
    if found.problems:
        raise InputError(
            found.problems,
            (
                "Fix these first (socialvalue contract check lists them): a report needs every return.",
            ),
        )
    contract = found.contract
    if as_of is not None:
        basis = "given"
    elif found.read:
        basis = "the latest period reported"
    else:
        basis = "the contract's start: nothing reported"
    when = as_of or default_as_of(contract, found.read)
    delivery = rate_delivery(contract, found.read, found.verification, when)
    local = local_spend(contract, found.read, found.verification, when)
    return build_record(contract, delivery, chain(contract, folder), basis, local), found


#: Writers of the outputs beside delivery.json: (file name, write(record, path)).
Writer = Callable[[DeliveryRecord, Path], None]
WRITERS: tuple[tuple[str, Writer], ...] = (
    (XLSX, write_delivery_xlsx),
    (PDF, write_delivery_pdf),
)


def write_report(folder: str | Path, as_of: dt.date | None = None, *, html: bool = False) -> Report:
    """Write ``out/delivery.json``, ``.xlsx`` and ``.pdf`` for the contract in ``folder``,
    replaced together (see the module's docstring); with ``html`` also
    ``out/html/delivery/index.html`` (from the same context as the PDF), and without it an
    earlier ``out/html/`` is removed."""
    folder = Path(folder)
    record = delivery_record(folder, as_of)
    out = folder / OUT
    out.mkdir(parents=True, exist_ok=True)
    remove_dead_folders(out, (STAGING_PREFIX,))
    stage = out / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    names = [FILE]
    try:
        (stage / FILE).write_bytes(dumps(to_json(record)).encode("utf-8"))
        for name, write in WRITERS:
            write(record, stage / name)
            names.append(name)
        index = write_delivery_html(record, stage / HTML_DIR) if html else None
        for name in names:
            os.replace(stage / name, out / name)
        if index is not None:
            replace_folder(stage / HTML_DIR, out / HTML_DIR)
        else:
            remove_stale(out / HTML_DIR)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    paths = tuple(out / name for name in names)
    if index is not None:
        paths += (out / index.relative_to(stage),)
    return Report(record, paths)


__all__ = [
    "PDF",
    "XLSX",
    "Report",
    "build_record",
    "chain",
    "delivery_record",
    "rated_folder",
    "write_report",
]
