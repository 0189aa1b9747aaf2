"""``socialvalue ocds CONTRACT``: the award and a contract's delivery as one OCDS release.

The contract's delivery record (:func:`socialvalue.delivery.report.delivery_record`) gives one
:class:`~.metrics.DeliveryObservation` per KPI and period ended by its ``as_of``: the verified
quantity (only verified figures count), its GBP value, and the period's rating as the UK
extension's ``measureClassification``. The package is the tender's (its results.json, found by
the chain contract.yaml records) with ``contracts[0].implementation.metrics``, dated ``as_of``,
written to ``CONTRACT/out/ocds.json``. The contract's own reference (contract.yaml) is the
contract's ``id`` and is in the release ``id``: every contract made from one award is its own
release of the award's contracting process. A record-only KPI (no proxy value) is not one of the
award's ``agreedMetrics``, so its delivery is not published either. The suppliers named in
the returns' spend lines that count (the officer verified the figure of the KPI a line counts
towards, for that period, as the local spend figures count them) are parties with the role
``subcontractor`` (subcontracting extension), with the VCSE flag and SME scale the supplier
reported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..delivery.check import ContractCheck
from ..delivery.model import CONTRACT_FILE, OUT
from ..delivery.record import DeliveryRecord
from ..delivery.report import rated_folder
from ..errors import InputError
from ..results import RESULTS_JSON
from ..results.json_io import read_results_json
from .metrics import DeliveryObservation, counted_commitments
from .publish import OCDS_JSON, OcdsReport, write_release_package
from .release import Subcontractor


def is_contract_folder(folder: str | Path) -> bool:
    return (Path(folder) / CONTRACT_FILE).is_file()


def observations(record: DeliveryRecord) -> list[DeliveryObservation]:
    """One observation per KPI and period ended by the record's ``as_of``."""
    return [
        DeliveryObservation(
            measure=kpi.id,
            period=p.period,
            start=p.start,
            end=p.end,
            delivered=p.verified,
            unit=kpi.unit,
            rating=p.rating,
            reason=p.reason,
            gbp=p.gbp_verified,
        )
        for kpi in record.kpis
        for p in kpi.periods
        if p.state != "not due"
    ]


def subcontractors(found: ContractCheck, record: DeliveryRecord) -> list[Subcontractor]:
    """The supply chain's suppliers in the spend lines that count by the record's ``as_of``,
    once each (names compared without case or extra spaces), by name; a supplier reported
    with different kinds has none (unknown)."""
    verified = {
        (p.period, k.id)
        for k in record.kpis
        for p in k.periods
        if p.state != "not due" and p.verification and p.verification.state == "verified"
    }
    kinds: dict[str, tuple[str, set[str]]] = {}
    for ret in found.read:
        for line in ret.spend:
            if (ret.period, line.kpi) in verified:
                name = " ".join(line.supplier.split())
                kinds.setdefault(name.casefold(), (name, set()))[1].add(line.kind)
    return [
        Subcontractor(name, next(iter(seen)) if len(seen) == 1 else None)
        for _, (name, seen) in sorted(kinds.items())
    ]


def write_contract_package(
    contract_dir: str | Path,
    out_path: str | Path | None = None,
    *,
    as_of: dt.date | None = None,
    **options: object,
) -> OcdsReport:
    """Write ``CONTRACT/out/ocds.json`` (or ``out_path``): the award with the contract's
    delivery as of ``as_of`` (default as ``contract report``'s). ``options`` are
    :func:`~.publish.write_release_package`'s (ocid_prefix, publisher, uri, summaries_sent).
    InputError when the tender's results.json is not there, or the contract is not the award's
    (OCDS publishes the award to the winner)."""
    folder = Path(contract_dir)
    record, found = rated_folder(folder, as_of)
    results = (folder / record.chain.results).resolve()
    if results.name != RESULTS_JSON or not results.is_file():
        raise InputError.single(
            CONTRACT_FILE,
            f"the tender's results ({record.chain.results}) are not there: OCDS publishes the "
            "award with the delivery",
        )
    tender = results.parent.parent
    data = read_results_json(results, record.chain.results)
    outcome = data["outcome"]
    if outcome["kind"] == "winner" and outcome["winner"] != record.supplier_key:
        raise InputError.single(
            CONTRACT_FILE,
            f"the contract is with {record.supplier_key}, not the award's winner: the release "
            "publishes the award to the winner",
        )
    winner = next((b for b in data["bidders"] if b["key"] == record.supplier_key), None)
    agreed = {m["id"] for m in counted_commitments(winner)} if winner else set()
    published = dt.datetime.combine(record.as_of, dt.time(), dt.UTC)
    return write_release_package(
        tender,
        out_path if out_path is not None else folder / OUT / OCDS_JSON,
        delivery=[o for o in observations(record) if o.measure in agreed],
        published=published,
        subcontractors=subcontractors(found, record),
        contract_reference=record.contract,
        **options,  # type: ignore[arg-type]
    )


__all__ = ["is_contract_folder", "observations", "subcontractors", "write_contract_package"]
