"""``out/ocds.json``: a tender's award as an OCDS release package, checked, written atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import attrs

from ..atomic import write_bytes_atomic
from ..errors import InputError, Location, Problem
from ..names import TenderFolder
from ..pack.build import generation_date
from ..results import RESULTS_JSON
from ..results.json_io import dumps, read_results_json
from ..tender.config import OUT, TENDER_FILE, load_tender
from .metrics import DeliveryObservation
from .release import DEFAULT_OCID_PREFIX, Subcontractor, release_package
from .schema import validation_problems

#: The file written in the tender's ``out/`` folder.
OCDS_JSON = "ocds.json"


@attrs.frozen
class OcdsReport:
    """What :func:`write_release_package` wrote."""

    path: Path
    ocid: str
    release_id: str
    #: Bids in the release (assessed and not assessed) and the agreed metrics of the contract.
    bids: int
    agreed_metrics: int


def write_release_package(
    tender_dir: str | Path,
    out_path: str | Path | None = None,
    *,
    ocid_prefix: str = DEFAULT_OCID_PREFIX,
    publisher: str | None = None,
    uri: str | None = None,
    summaries_sent: dt.date | None = None,
    delivery: Iterable[DeliveryObservation] | None = None,
    published: dt.datetime | None = None,
    subcontractors: Iterable[Subcontractor] = (),
    contract_reference: str | None = None,
) -> OcdsReport:
    """Write the release package of ``tender_dir``'s award (from its ``out/results.json``) to
    ``out_path`` (default ``tender_dir/out/ocds.json``), dated by ``pack: generated:`` in
    tender.yaml (or SOURCE_DATE_EPOCH) so that the bytes are the same on every run.

    The package is checked against the shipped OCDS 1.1 schema with its extensions before it is
    written; a departure is an :class:`InputError` and nothing is written. The other arguments
    are :func:`~.release.release_package`'s; ``published`` replaces the tender's date (a
    contract's delivery is dated by its report).
    """
    folder = Path(tender_dir)
    names = TenderFolder(folder)
    if not folder.is_dir():
        raise InputError.single(names.name(folder), "no such tender folder")
    if not (folder / TENDER_FILE).is_file():
        raise InputError.single(names.name(folder), "not a tender folder (no tender.yaml)")
    results_path = folder / OUT / RESULTS_JSON
    if not results_path.is_file():
        raise InputError.single(
            names.name(results_path),
            "no results.json: run evaluate first (`socialvalue evaluate TENDER`)",
        )
    results = read_results_json(results_path, names.name(results_path))
    if published is None:
        published = generation_date(load_tender(folder).pack, names.name(folder / TENDER_FILE))
    package = release_package(
        results,
        published=published,
        ocid_prefix=ocid_prefix,
        publisher=publisher,
        uri=uri,
        summaries_sent=summaries_sent,
        delivery=delivery,
        subcontractors=subcontractors,
        contract_reference=contract_reference,
    )
    target = Path(out_path) if out_path is not None else folder / OUT / OCDS_JSON
    problems = validation_problems(package)
    if problems:
        where = Location(names.name(target))
        raise InputError(
            [Problem(where, f"not valid OCDS, not written: {message}") for message in problems]
        )
    write_bytes_atomic(target, dumps(package).encode("utf-8"))
    release = package["releases"][0]
    return OcdsReport(
        path=target,
        ocid=release["ocid"],
        release_id=release["id"],
        bids=len(release["bids"]["details"]),
        agreed_metrics=len(release["contracts"][0].get("agreedMetrics", ())),
    )
