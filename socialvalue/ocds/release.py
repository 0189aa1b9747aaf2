"""An OCDS 1.1 release package of a tender's award, built from its results.json.

One release (tag ``award``): the buyer and every bidder as parties, the tender with its social
value award criteria (award criteria breakdown extension, on the tender's one lot), the bids
(bids extension: statistics, and each bid's status and rank), the award to the winner, and the
contract with the winner's commitments as ``agreedMetrics`` (metrics extension). Given a
contract's delivery observations, the contract also carries ``implementation.metrics``, rated
(UK extension ``measureClassification``). docs/ocds.md maps every field back to results.json.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..errors import InputError
from ..results.codec import CONVERTER
from ..results.record import Record
from .metrics import DeliveryObservation, agreed_metrics, implementation_metrics, number
from .schema import OCDS_VERSION, extension_urls

Json = dict[str, Any]
Results = Mapping[str, Any]

#: A placeholder: publishers register their own prefix with the Open Contracting Partnership.
DEFAULT_OCID_PREFIX = "ocds-xxxxxx"
#: The tender is published as one lot, which the award criteria breakdown extension needs.
LOT_ID = "1"
#: Companies House, in org-id.guide's list of identifier schemes.
COMPANIES_HOUSE = "GB-COH"
#: A not-assessed bid's status in results.json -> the bids extension's ``bidStatus``.
NOT_ASSESSED_STATUS = {"withdrawn": "withdrawn"}  # rejected, non-compliant, late: disqualified
#: A supply-chain line's kind (the return's "SME or VCSE") -> what it says of the supplier:
#: (VCSE, SME). Only what the kind asserts: "VCSE" alone does not say the supplier is large.
SUPPLY_KINDS: dict[str, tuple[bool, bool | None]] = {
    "SME": (False, True),
    "VCSE": (True, None),
    "VCSE and SME": (True, True),
    "Other": (False, None),
}


@attrs.frozen
class Subcontractor:
    """A supplier in a contract's supply chain, named in the returns' spend lines: its name
    and the kind the supplier reported (one of :data:`SUPPLY_KINDS`; None when lines disagree)."""

    name: str
    kind: str | None


def release_package(
    record: Results | Record,
    *,
    published: dt.datetime,
    ocid_prefix: str = DEFAULT_OCID_PREFIX,
    publisher: str | None = None,
    uri: str | None = None,
    summaries_sent: dt.date | None = None,
    delivery: Iterable[DeliveryObservation] | None = None,
    subcontractors: Iterable[Subcontractor] = (),
    contract_reference: str | None = None,
) -> Json:
    """The release package of the award that ``record`` holds: results.json as read
    (:func:`~socialvalue.results.json_io.read_results_json`) or the typed record.

    ``published`` is the package's ``publishedDate`` and the release's ``date`` (the pack's fixed
    generation date, so the bytes are the same on every run); ``publisher`` defaults to the
    buyer; ``uri`` to a URN made from the release id. ``summaries_sent``, when known, is the
    award's ``assessmentSummariesDateSent``. ``delivery``, for a contract, adds
    ``implementation.metrics`` with one rated observation per KPI and reporting period (see
    :func:`~.metrics.implementation_metrics`); ``subcontractors`` adds the contract's supply-chain
    suppliers as parties (role ``subcontractor``, their VCSE flag and SME scale as reported).
    ``contract_reference`` (a contract's own, from contract.yaml) is the contract's ``id`` and
    part of the release ``id``, so that each contract made from the award is its own release
    in the award's contracting process (the same ``ocid``). Refuses (:class:`InputError`) a provisional
    evaluation or one without a single winner: there is no award to publish.
    """
    results: Results = (
        CONVERTER.unstructure(record, Record) if isinstance(record, Record) else record
    )
    winner = _winner(results)
    ids = party_ids(results)
    tender = results["tender"]
    ocid = f"{ocid_prefix}-{tender['reference']}"
    when = _utc(published)
    observations = list(delivery) if delivery is not None else None
    tags = ["award"] if observations is None else ["award", "contract", "implementation"]
    release: Json = {
        "ocid": ocid,
        "id": release_id(ocid, tags[-1], when[:10], contract_reference),
        "date": when,
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "parties": parties(results, winner["key"], ids) + supply_chain_parties(subcontractors),
        "buyer": {"id": buyer_id(tender["buyer"]), "name": tender["buyer"]},
        "tender": tender_section(results, ids),
        "bids": bids_section(results, ids),
        "awards": [award_section(results, ids, winner, summaries_sent, published.date())],
        "contracts": [contract_section(results, winner, observations, contract_reference)],
    }
    return {
        "uri": uri or f"urn:socialvalue:ocds:{release['id']}",
        "version": OCDS_VERSION,
        "extensions": extension_urls(),
        "publishedDate": when,
        "publisher": {"name": publisher or tender["buyer"]},
        "releases": [release],
    }


def release_id(ocid: str, tag: str, day: str, contract: str | None = None) -> str:
    """``<ocid>-<tag>-<day>``, or ``<ocid>-<tag>-<contract>-<day>`` for one contract's release:
    unique within the contracting process for each contract and date."""
    return f"{ocid}-{tag}-{contract}-{day}" if contract else f"{ocid}-{tag}-{day}"


def _winner(results: Results) -> Mapping[str, Any]:
    where = "results.json"
    state = results["status"]["state"]
    if state != "final":
        raise InputError.single(
            where,
            f"the evaluation is {state}: resolve it (see the pack) before publishing the award",
        )
    outcome = results["outcome"]
    if outcome["kind"] != "winner":
        raise InputError.single(
            where, f"no single winner ({outcome['text']}): there is no award to publish"
        )
    return next(b for b in results["bidders"] if b["key"] == outcome["winner"])


# ---------------------------------------------------------------- parties


def buyer_id(name: str) -> str:
    """The buyer's party id: its name in lower case with hyphens (the record has no identifier)."""
    return "buyer-" + "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def party_ids(results: Results) -> dict[str, str]:
    """Each bidder's party id, by key: ``GB-COH-<company number>`` where the record has one
    (and no earlier bid has the same), else ``bidder-<key>``."""
    ids: dict[str, str] = {}
    for bidder in _all_bids(results):
        number_ = bidder.get("company_number")
        wanted = f"{COMPANIES_HOUSE}-{number_}" if number_ else None
        ids[bidder["key"]] = (
            wanted if wanted and wanted not in ids.values() else f"bidder-{bidder['key']}"
        )
    return ids


def reference(bidder: Mapping[str, Any], ids: Mapping[str, str]) -> Json:
    return {"id": ids[bidder["key"]], "name": bidder["name"]}


def _all_bids(results: Results) -> list[Mapping[str, Any]]:
    """Every bid received: the assessed bidders in record order, then those not assessed."""
    return [*results["bidders"], *results.get("not_assessed", ())]


def parties(results: Results, winner: str, ids: Mapping[str, str]) -> list[Json]:
    """The buyer, then every bidder (``tenderer``; the winner also ``supplier``)."""
    buyer = results["tender"]["buyer"]
    found = [{"id": buyer_id(buyer), "name": buyer, "roles": ["buyer"]}]
    for bidder in _all_bids(results):
        party: Json = {**reference(bidder, ids), "roles": ["tenderer"]}
        if bidder["key"] == winner:
            party["roles"].append("supplier")
        if party["id"].startswith(f"{COMPANIES_HOUSE}-"):
            party["identifier"] = {
                "scheme": COMPANIES_HOUSE,
                "id": bidder["company_number"],
                "legalName": bidder["name"],
            }
        details = _details(bidder)
        if details:
            party["details"] = details
        found.append(party)
    return found


def supply_chain_parties(subcontractors: Iterable[Subcontractor]) -> list[Json]:
    """One party per supply-chain supplier (``subcontractor-1``...), in the order given, with
    the UK extension's ``vcse`` and the scale extension's ``sme`` where its kind says so."""
    found = []
    for n, sub in enumerate(subcontractors, 1):
        party: Json = {"id": f"subcontractor-{n}", "name": sub.name, "roles": ["subcontractor"]}
        vcse, sme = SUPPLY_KINDS.get(sub.kind or "", (None, None))
        details: Json = {}
        if vcse is not None:
            details["vcse"] = vcse
        if sme:
            details["scale"] = "sme"
        if details:
            party["details"] = details
        found.append(party)
    return found


def _details(bidder: Mapping[str, Any]) -> Json:
    """The UK extension's ``vcse`` and the scale extension's ``sme``/``large``, where the record
    knows them (a bidder's optional ``vcse`` and ``sme`` booleans)."""
    details: Json = {}
    if isinstance(bidder.get("vcse"), bool):
        details["vcse"] = bidder["vcse"]
    if isinstance(bidder.get("sme"), bool):
        details["scale"] = "sme" if bidder["sme"] else "large"
    return details


# ---------------------------------------------------------------- tender


def _midnight(day: str) -> str:
    return f"{day}T00:00:00Z"


def _utc(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _period(start: str | None, end: str | None) -> Json:
    period = {}
    if start:
        period["startDate"] = _midnight(start)
    if end:
        period["endDate"] = _midnight(end)
    return period


def tender_section(results: Results, ids: Mapping[str, str]) -> Json:
    tender, dates = results["tender"], results["tender"]["dates"]
    section: Json = {
        "id": tender["reference"],
        "title": tender["title"],
        "status": "complete",
        "value": {"amount": number(tender["contract_value"]), "currency": tender["currency"]},
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": award_criteria_details(results),
        "numberOfTenderers": len(_all_bids(results)),
        "tenderers": [reference(b, ids) for b in _all_bids(results)],
        "lots": [
            {
                "id": LOT_ID,
                "title": tender["title"],
                "status": "complete",
                "awardCriteria": award_criteria(results),
            }
        ],
    }
    for key, period in (
        ("tenderPeriod", _period(dates.get("published"), dates.get("deadline"))),
        ("awardPeriod", _period(dates.get("deadline"), dates.get("award"))),
    ):
        if period:
            section[key] = period
    years = Decimal(tender["contract_years"])
    if years == years.to_integral_value():
        section["contractPeriod"] = {"durationInMonths": int(years) * 12}
    return section


def award_criteria_details(results: Results) -> str:
    weighting, rubric = results["weighting"], results["rubric"]
    return (
        f"{weighting['text']} Social value is scored out of {rubric['total_marks']} marks with the "
        f"rubric {rubric['title']} (version {rubric['version']}); the award criteria of lot "
        f"{LOT_ID} carry those marks. Price and the other quality criteria are in the tender "
        "documents."
    )


def award_criteria(results: Results) -> Json:
    """The breakdown: each rubric criterion with its marks (``pointsExact``) and, where it has
    one, its minimum score (``minimumScore``); the overall threshold in the description."""
    minimums = {m["criterion"]: m for m in results["thresholds"]["criterion_minimums"]}
    criteria = []
    for section in results["rubric"]["sections"]:
        for criterion in section["criteria"]:
            numbers: list[Json] = [{"number": number(criterion["marks"]), "weight": "pointsExact"}]
            description = f"{section['title']}. {criterion['type'].capitalize()} criterion"
            minimum = minimums.get(criterion["id"])
            if minimum is not None:
                numbers.append({"number": number(minimum["score"]), "threshold": "minimumScore"})
                outcome = "disqualifies" if minimum["disqualifies"] else "is flagged"
                description += f"; a final score below {minimum['score']} {outcome}"
            criteria.append(
                {
                    "type": "quality",
                    "name": f"{criterion['id']}: {criterion['title']}",
                    "description": description + ".",
                    "numbers": numbers,
                }
            )
    breakdown: Json = {"criteria": criteria}
    threshold = results["thresholds"]["threshold"]
    if threshold is not None:
        outcome = "disqualifies" if threshold["disqualifies"] else "is flagged"
        breakdown["description"] = (
            f"Less than {threshold['minimum_percent']}% of the {threshold['basis']} marks {outcome}."
        )
    return breakdown


# ---------------------------------------------------------------- bids, award, contract


def bids_section(results: Results, ids: Mapping[str, str]) -> Json:
    """Statistics (bids received, valid, disqualified, assessed in the final stage) and one
    detail per bid with its status and, when ranked, its rank."""
    bidders, others = results["bidders"], results.get("not_assessed", ())
    ranked = [b for b in bidders if b["status"] == "ranked"]
    disqualified = [b for b in bidders if b["status"] != "ranked"] + [
        b for b in others if b["status"] not in NOT_ASSESSED_STATUS
    ]
    counts = {
        "bids": len(bidders) + len(others),
        "validBids": len(ranked),
        "disqualifiedBidders": len(disqualified),
        "finalStageBids": len(bidders),
    }
    counts |= _scale_counts(bidders, others)
    statistics = [
        {"id": measure, "measure": measure, "value": value, "relatedLot": LOT_ID}
        for measure, value in counts.items()
    ]
    details = []
    for bidder in bidders:
        detail: Json = {
            "id": bidder["key"],
            "status": "valid" if bidder["status"] == "ranked" else "disqualified",
            "tenderers": [reference(bidder, ids)],
            "relatedLots": [LOT_ID],
            "hasRank": bidder["rank"] is not None,
        }
        if bidder["rank"] is not None:
            detail["rank"] = bidder["rank"]
        details.append(detail)
    for other in others:
        details.append(
            {
                "id": other["key"],
                "status": NOT_ASSESSED_STATUS.get(other["status"], "disqualified"),
                "tenderers": [reference(other, ids)],
                "relatedLots": [LOT_ID],
                "hasRank": False,
            }
        )
    return {"statistics": statistics, "details": details}


def _scale_counts(
    bidders: Iterable[Mapping[str, Any]], others: Iterable[Mapping[str, Any]]
) -> dict[str, int]:
    """``smeBids`` (every bid received), ``smeFinalStageBids`` and ``vcseFinalStageBids`` (the
    bids assessed; the UK extension's codes), each only when every bid it counts has the
    record's ``sme`` or ``vcse`` flag: a count over bids of unknown size would be a silent
    guess. results.json does not record them yet (docs/ocds.md)."""
    assessed, every = list(bidders), [*bidders, *others]

    def count(bids: list[Mapping[str, Any]], flag: str) -> int | None:
        known = [b.get(flag) for b in bids]
        if not bids or not all(isinstance(v, bool) for v in known):
            return None
        return sum(1 for v in known if v)

    found = {
        "smeBids": count(every, "sme"),
        "smeFinalStageBids": count(assessed, "sme"),
        "vcseFinalStageBids": count(assessed, "vcse"),
    }
    return {k: v for k, v in found.items() if v is not None}


def award_section(
    results: Results,
    ids: Mapping[str, str],
    winner: Mapping[str, Any],
    summaries_sent: dt.date | None,
    published: dt.date,
) -> Json:
    """The award to the winner; ``pending`` while the standstill runs at ``published``."""
    tender, dates = results["tender"], results["tender"]["dates"]
    standstill_end = dates.get("standstill_end")
    in_standstill = standstill_end is not None and standstill_end > published.isoformat()
    award: Json = {
        "id": f"{tender['reference']}-award-1",
        "title": tender["title"],
        "status": "pending" if in_standstill else "active",
        "suppliers": [reference(winner, ids)],
        "relatedLots": [LOT_ID],
        "relatedBid": winner["key"],
    }
    if dates.get("award"):
        award["date"] = _midnight(dates["award"])
    if dates.get("award") and standstill_end:
        award["standstillPeriod"] = _period(dates["award"], standstill_end)
    if summaries_sent is not None:
        award["assessmentSummariesDateSent"] = _midnight(summaries_sent.isoformat())
    return award


def contract_section(
    results: Results,
    winner: Mapping[str, Any],
    delivery: list[DeliveryObservation] | None,
    reference: str | None = None,
) -> Json:
    """The contract: ``reference`` (the contract's own) as its id, else ``<tender>-contract-1``."""
    tender = results["tender"]
    agreed = agreed_metrics(winner, tender["currency"])
    contract: Json = {
        "id": reference or f"{tender['reference']}-contract-1",
        "awardID": f"{tender['reference']}-award-1",
        "title": tender["title"],
        "status": "pending" if delivery is None else "active",
        "agreedMetrics": agreed,
    }
    if not agreed:
        contract.pop("agreedMetrics")
        contract["noAgreedMetricsRationale"] = "The winning bid made no counted commitment."
    if delivery is not None:
        try:
            metrics = implementation_metrics(agreed, delivery, tender["currency"])
        except ValueError as exc:
            raise InputError.single("delivery", str(exc)) from None
        contract["implementation"] = {"metrics": metrics}
    return contract
