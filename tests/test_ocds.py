"""socialvalue ocds: the example tender's award as an OCDS 1.1 release package, valid against
the shipped schema and extensions, with the record's criteria, bids, award and commitments."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import Result

from socialvalue.errors import InputError
from socialvalue.ocds import (
    EXTENSIONS,
    DeliveryObservation,
    release_package,
    validation_problems,
    write_release_package,
)
from socialvalue.ocds import publish as publish_module
from socialvalue.ocds import schema as schema_module
from socialvalue.ocds.release import Subcontractor
from socialvalue.results.json_io import read_record, read_results_json
from socialvalue.workflow import copy_example, score_tender

Invoke = Callable[..., Result]  # the `cli` fixture (tests/conftest.py)

PUBLISHED = dt.datetime(2026, 3, 20, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example tender, scored once (score writes the results.json evaluate writes, without
    rendering the PDFs, which the package does not read)."""
    folder = copy_example(tmp_path_factory.mktemp("ocds") / "tender")
    score_tender(folder)
    return folder


@pytest.fixture(scope="module")
def results(tender: Path) -> dict[str, Any]:
    return read_results_json(tender / "out" / "results.json")


@pytest.fixture(scope="module")
def package(tender: Path) -> dict[str, Any]:
    report = write_release_package(tender)
    assert report.path == tender / "out" / "ocds.json"
    data: dict[str, Any] = json.loads(report.path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def release(package: dict[str, Any]) -> dict[str, Any]:
    [only] = package["releases"]
    return only


def test_package_validates_against_the_shipped_schema(package: dict[str, Any]) -> None:
    assert validation_problems(package) == []
    assert package["version"] == "1.1"
    assert package["publishedDate"] == "2026-03-20T00:00:00Z"  # pack: generated: in tender.yaml
    assert package["extensions"] == [url for _, url in EXTENSIONS]


def test_release_names_the_tender(release: dict[str, Any], results: dict[str, Any]) -> None:
    assert release["ocid"] == "ocds-xxxxxx-ABC-2026-017"
    assert release["tag"] == ["award"] and release["initiationType"] == "tender"
    tender = release["tender"]
    assert tender["id"] == results["tender"]["reference"]
    assert tender["value"] == {"amount": 2400000, "currency": "GBP"}
    assert tender["awardCriteria"] == "ratedCriteria"
    assert tender["tenderPeriod"]["endDate"] == "2026-02-20T00:00:00Z"
    assert release["buyer"]["name"] == "Ashcombe Borough Council"


def test_award_criteria_carry_the_rubric_marks_and_minimums(
    release: dict[str, Any], results: dict[str, Any]
) -> None:
    [lot] = release["tender"]["lots"]
    criteria = lot["awardCriteria"]["criteria"]
    marks = {c["name"].split(":")[0]: c["numbers"][0] for c in criteria}
    expected = {
        c["id"]: Decimal(c["marks"]) for s in results["rubric"]["sections"] for c in s["criteria"]
    }
    assert {k: Decimal(v["number"]) for k, v in marks.items()} == expected
    assert {v["weight"] for v in marks.values()} == {"pointsExact"}
    assert sum(expected.values()) == Decimal(results["rubric"]["total_marks"])
    assert marks["LA-JOBS"]["number"] == 20
    minimum = {
        c["name"].split(":")[0]: n["number"]
        for c in criteria
        for n in c["numbers"]
        if n.get("threshold") == "minimumScore"
    }
    assert minimum == {"LA-DELIVERY-MS": 40}
    assert lot["awardCriteria"]["description"] == (
        "Less than 40% of the qualitative marks disqualifies."
    )


def test_bids_statistics_and_ranks(release: dict[str, Any], results: dict[str, Any]) -> None:
    stats = {s["measure"]: s["value"] for s in release["bids"]["statistics"]}
    assert stats == {"bids": 6, "validBids": 5, "disqualifiedBidders": 1, "finalStageBids": 6}
    details = {d["id"]: d for d in release["bids"]["details"]}
    ranks = {r["bidder"]: r["rank"] for r in results["ranking"]}
    assert {k: d.get("rank") for k, d in details.items() if d["hasRank"]} == ranks
    assert details["greenway"]["rank"] == 1 and details["greenway"]["status"] == "valid"
    assert details["quickserve"]["status"] == "disqualified"
    assert details["quickserve"]["hasRank"] is False and "rank" not in details["quickserve"]


def test_award_goes_to_the_winner(release: dict[str, Any]) -> None:
    [award] = release["awards"]
    assert award["suppliers"] == [
        {"id": "GB-COH-05567890", "name": "Greenway Community Services Ltd"}
    ]
    assert award["date"] == "2026-03-27T00:00:00Z"
    assert award["status"] == "pending"  # the standstill runs to 2026-04-10
    assert award["standstillPeriod"]["endDate"] == "2026-04-10T00:00:00Z"
    assert "assessmentSummariesDateSent" not in award  # not known unless given
    parties = {p["id"]: p for p in release["parties"]}
    assert parties["GB-COH-05567890"]["roles"] == ["tenderer", "supplier"]
    assert parties["GB-COH-05567890"]["identifier"] == {
        "scheme": "GB-COH",
        "id": "05567890",
        "legalName": "Greenway Community Services Ltd",
    }
    assert parties["GB-COH-OC412233"]["roles"] == ["tenderer"]
    assert sum("buyer" in p["roles"] for p in parties.values()) == 1


def test_agreed_metrics_are_the_winners_counted_commitments(
    release: dict[str, Any], results: dict[str, Any]
) -> None:
    [contract] = release["contracts"]
    assert contract["awardID"] == release["awards"][0]["id"]
    metrics = {m["id"]: m for m in contract["agreedMetrics"]}
    winner = next(b for b in results["bidders"] if b["key"] == "greenway")
    counted = [
        m
        for c in winner["criteria"]
        for m in c["measures"] or ()
        if not m["record_only"] and m["entered"] and Decimal(m["quantity"]) > 0
    ]
    assert list(metrics) == [m["id"] for m in counted]
    assert "LA-COMM-3" not in metrics  # record-only: a commitment the score does not count
    jobs = metrics["LA-JOBS-1"]
    assert jobs["title"] == "Local people employed on the contract"
    quantity, value = jobs["observations"]
    assert quantity["measure"] == 9 and quantity["unit"] == {"name": "FTE"}
    assert value["value"] == {"amount": 270000, "currency": "GBP"}
    for measure in counted:
        observed = metrics[measure["id"]]["observations"]
        assert Decimal(str(observed[0]["measure"])) == Decimal(measure["quantity"])
        assert Decimal(str(observed[1]["value"]["amount"])) == Decimal(measure["gbp_value"])


def test_same_bytes_on_every_run(tender: Path, package: dict[str, Any], tmp_path: Path) -> None:
    first = write_release_package(tender, tmp_path / "a.json").path.read_bytes()
    second = write_release_package(tender, tmp_path / "b.json").path.read_bytes()
    assert first == second == (tender / "out" / "ocds.json").read_bytes()
    assert first.endswith(b"}\n") and "–".encode() in first  # UTF-8, not escapes


def test_a_broken_release_fails_validation(package: dict[str, Any]) -> None:
    broken = copy.deepcopy(package)
    release = broken["releases"][0]
    del release["ocid"]
    release["bids"]["details"][0]["status"] = "late"
    release["awards"][0]["date"] = "27/03/2026"
    release["tender"]["lots"][0]["awardCriteria"]["criteria"][0]["numbers"][0]["weight"] = "big"
    release["contracts"][0]["agreedMetrics"][0]["observations"][0]["measure"] = {"n": 9}
    problems = validation_problems(broken)
    assert len(problems) == 5, problems
    joined = "\n".join(problems)
    assert "$.releases[0]: 'ocid' is a required property" in joined
    assert "$.releases[0].bids.details[0].status: 'late' is not one of" in joined
    assert "$.releases[0].awards[0].date: '27/03/2026' is not a 'date-time'" in joined
    assert "awardCriteria.criteria[0].numbers[0].weight: 'big' is not one of" in joined
    assert "agreedMetrics[0].observations[0].measure: {'n': 9} is not of type" in joined


def test_schema_is_built_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network request: {args!r}")

    monkeypatch.setattr(requests.Session, "request", refuse)
    schema_module._patched_text.cache_clear()
    schema = schema_module.patched_release_schema()
    assert "agreedMetrics" in schema["definitions"]["Contract"]["properties"]
    assert "rank" in schema["definitions"]["Bid"]["properties"]
    assert "assessmentSummariesDateSent" in schema["definitions"]["Award"]["properties"]
    assert "measureClassification" in schema["definitions"]["Observation"]["properties"]
    assert "vcse" in schema["definitions"]["Organization"]["properties"]["details"]["properties"]


def test_shipped_extensions_match_their_urls() -> None:
    readme = (schema_module.SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    for name, url in EXTENSIONS:
        folder = schema_module.EXTENSIONS_DIR / name
        assert (folder / "release-schema.json").is_file() and (folder / "LICENSE").is_file()
        metadata = json.loads((folder / "extension.json").read_text(encoding="utf-8"))
        assert "1.1" in metadata["compatibility"]
        commit = url.split("/")[-2]
        assert f"`{commit}`" in readme, (name, commit)


def test_summaries_date_and_options(results: dict[str, Any]) -> None:
    package = release_package(
        results,
        published=PUBLISHED,
        ocid_prefix="ocds-abc123",
        publisher="Ashcombe Open Data",
        uri="https://data.example/ocds/ABC-2026-017.json",
        summaries_sent=dt.date(2026, 3, 27),
    )
    assert validation_problems(package) == []
    assert package["publisher"] == {"name": "Ashcombe Open Data"}
    assert package["uri"] == "https://data.example/ocds/ABC-2026-017.json"
    release = package["releases"][0]
    assert release["ocid"] == "ocds-abc123-ABC-2026-017"
    assert release["awards"][0]["assessmentSummariesDateSent"] == "2026-03-27T00:00:00Z"


def test_bids_not_assessed_are_counted_and_listed(results: dict[str, Any]) -> None:
    more = copy.deepcopy(results)
    more["not_assessed"] = [
        {"key": "kestrel", "name": "Kestrel Street Services Ltd", "status": "late",
         "reason": "After the deadline.", "date": "2026-02-20", "file": None, "sha256": None},
        {"key": "wren", "name": "Wren Ltd", "status": "withdrawn",
         "reason": "Withdrawn by letter.", "date": "2026-02-25", "file": None, "sha256": None},
    ]  # fmt: skip
    package = release_package(more, published=PUBLISHED)
    assert validation_problems(package) == []
    release = package["releases"][0]
    stats = {s["measure"]: s["value"] for s in release["bids"]["statistics"]}
    assert stats == {"bids": 8, "validBids": 5, "disqualifiedBidders": 2, "finalStageBids": 6}
    details = {d["id"]: d for d in release["bids"]["details"]}
    assert (details["kestrel"]["status"], details["wren"]["status"]) == (
        "disqualified",
        "withdrawn",
    )
    assert release["tender"]["numberOfTenderers"] == 8
    assert {"bidder-kestrel", "bidder-wren"} <= {p["id"] for p in release["parties"]}


def test_party_ids_stay_unique(results: dict[str, Any]) -> None:
    """A company number given by two bids, or none, still gives every bidder its own party."""
    twice = copy.deepcopy(results)
    bidders = {b["key"]: b for b in twice["bidders"]}
    bidders["quickserve"]["company_number"] = bidders["greenway"]["company_number"]
    bidders["afon"]["company_number"] = None
    release = release_package(twice, published=PUBLISHED)["releases"][0]
    ids = [p["id"] for p in release["parties"]]
    assert len(set(ids)) == len(ids) == 7
    assert "bidder-quickserve" in ids and "bidder-afon" in ids
    details = {d["id"]: d for d in release["bids"]["details"]}
    assert details["quickserve"]["tenderers"][0]["id"] == "bidder-quickserve"
    assert release["awards"][0]["suppliers"][0]["id"] == "GB-COH-05567890"
    afon = next(p for p in release["parties"] if p["id"] == "bidder-afon")
    assert "identifier" not in afon


def test_the_typed_record_gives_the_same_package(tender: Path, results: dict[str, Any]) -> None:
    record = read_record(tender / "out" / "results.json")
    assert release_package(record, published=PUBLISHED) == release_package(
        results, published=PUBLISHED
    )


def test_no_award_to_publish_is_refused(results: dict[str, Any]) -> None:
    provisional = copy.deepcopy(results)
    provisional["status"]["state"] = "provisional"
    with pytest.raises(InputError, match="the evaluation is provisional"):
        release_package(provisional, published=PUBLISHED)
    tied = copy.deepcopy(results)
    tied["outcome"] = {"kind": "tied_for_first", "winner": None, "text": "Two share rank 1."}
    with pytest.raises(InputError, match=r"no single winner \(Two share rank 1.\)"):
        release_package(tied, published=PUBLISHED)


# ------------------------------------------------------------------ delivery (a contract, later)


def _quarter(measure: str, period: str, start: str, end: str, delivered: str, **kw: Any) -> Any:
    return DeliveryObservation(
        measure=measure,
        period=period,
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
        delivered=Decimal(delivered),
        unit=kw.pop("unit", "FTE"),
        **kw,
    )


def test_delivery_observations_become_rated_implementation_metrics(
    results: dict[str, Any],
) -> None:
    observations = [  # hand-made, out of order: the package lists them by period
        _quarter(
            "LA-JOBS-1",
            "2026-Q3",
            "2026-07-01",
            "2026-09-30",
            "0.6",
            rating="Approaching target",
            reason="0.6 of 0.75 FTE profiled (80%)",
            gbp=Decimal("18000"),
        ),
        _quarter("LA-JOBS-1", "2026-Q2", "2026-04-01", "2026-06-30", "0.75", rating="Good"),
        _quarter(
            "LA-JOBS-3",
            "2026-Q2",
            "2026-04-01",
            "2026-06-30",
            "10",
            unit="weeks",
            rating="inadequate",
            reason="10 of 26 weeks",
        ),
    ]
    package = release_package(results, published=PUBLISHED, delivery=observations)
    assert validation_problems(package) == []
    release = package["releases"][0]
    assert release["tag"] == ["award", "contract", "implementation"]
    [contract] = release["contracts"]
    assert contract["status"] == "active"
    metrics = {m["id"]: m for m in contract["implementation"]["metrics"]}
    assert list(metrics) == ["LA-JOBS-1", "LA-JOBS-3"]  # agreed order; unreported KPIs left out
    jobs = metrics["LA-JOBS-1"]["observations"]
    assert [o["id"] for o in jobs] == [
        "LA-JOBS-1-2026-Q2-delivered",
        "LA-JOBS-1-2026-Q3-delivered",
        "LA-JOBS-1-2026-Q3-value",
    ]
    assert [o.get("measureClassification", {}).get("id") for o in jobs] == [
        "met",
        "slightlyBelow",
        None,
    ]
    assert jobs[1]["measure"] == 0.6 and jobs[1]["period"] == {
        "startDate": "2026-07-01T00:00:00Z",
        "endDate": "2026-09-30T23:59:59Z",
    }
    assert jobs[1]["measureClassification"]["description"] == (
        "Approaching target: 0.6 of 0.75 FTE profiled (80%)"
    )
    assert jobs[2]["value"] == {"amount": 18000, "currency": "GBP"}
    [weeks] = metrics["LA-JOBS-3"]["observations"]
    assert weeks["measureClassification"]["id"] == "significantlyBelow"


def test_every_rating_has_its_classification(results: dict[str, Any]) -> None:
    ratings = {
        "Good": "met",
        "Approaching target": "slightlyBelow",
        "Requires improvement": "below",
        "Inadequate": "significantlyBelow",
        "Other": "other",
    }
    observations = [
        _quarter("LA-JOBS-1", f"{year}-Q1", f"{year}-01-01", f"{year}-03-31", "1", rating=rating)
        for year, rating in enumerate(ratings, start=2026)
    ]
    package = release_package(results, published=PUBLISHED, delivery=observations)
    assert validation_problems(package) == []
    [metric] = package["releases"][0]["contracts"][0]["implementation"]["metrics"]
    assert [o["measureClassification"]["id"] for o in metric["observations"]] == list(
        ratings.values()
    )
    with pytest.raises(ValueError, match="unknown rating 'Excellent'"):
        _quarter("LA-JOBS-1", "2026-Q1", "2026-01-01", "2026-03-31", "1", rating="Excellent")


def test_delivery_of_a_measure_never_agreed_is_refused(results: dict[str, Any]) -> None:
    stray = _quarter("LA-COMM-3", "2026-Q2", "2026-04-01", "2026-06-30", "5", rating="Good")
    with pytest.raises(InputError, match="measures the award did not agree: LA-COMM-3"):
        release_package(results, published=PUBLISHED, delivery=[stray])


# ------------------------------------------------------------------ the command


def test_cli_writes_the_package(cli: Invoke, tender: Path, package: dict[str, Any]) -> None:
    result = cli(["ocds", str(tender), "--json", "--ocid-prefix", "ocds-abc123"])
    shown = json.loads(result.stdout)
    assert shown["ocid"] == "ocds-abc123-ABC-2026-017"
    assert shown["bids"] == 6 and shown["agreed_metrics"] == 10
    written = json.loads((tender / "out" / "ocds.json").read_text(encoding="utf-8"))
    assert written["releases"][0]["ocid"] == "ocds-abc123-ABC-2026-017"
    result = cli(["ocds", str(tender)])  # back to the default, for the other tests' bytes
    assert result.stdout.strip().endswith("ocds.json")
    assert "placeholder" in result.stderr
    assert (tender / "out" / "ocds.json").read_bytes().decode() == (publish_module.dumps(package))


def test_cli_before_evaluate_says_so(cli: Invoke, tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "fresh")
    result = cli(["ocds", str(folder)], exit_code=1)
    assert "out/results.json: no results.json: run evaluate first" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "out" / "ocds.json").exists()


def test_cli_refuses_what_is_not_a_tender(cli: Invoke, tmp_path: Path) -> None:
    result = cli(["ocds", str(tmp_path / "missing")], exit_code=1)
    assert "no such tender folder" in result.stderr
    result = cli(["ocds", str(tmp_path)], exit_code=1)
    assert "not a tender folder (no tender.yaml)" in result.stderr


def test_an_invalid_package_is_not_written(
    tender: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish_module, "validation_problems", lambda p: ["$.uri: broken"])
    target = tmp_path / "never.json"
    with pytest.raises(InputError, match=r"not valid OCDS, not written: \$\.uri: broken"):
        write_release_package(tender, target)
    assert not target.exists()


def test_sme_and_vcse_bids_are_counted_only_when_every_bid_says(results: dict[str, Any]) -> None:
    """results.json does not record a bidder's size or VCSE status yet: no statistic is
    guessed. Where every bid has the flags (a record that knows them), they are counted, and
    the parties carry them (UK extension ``vcse``, scale extension ``sme``)."""
    plain = release_package(results, published=PUBLISHED)["releases"][0]
    measures = {s["measure"] for s in plain["bids"]["statistics"]}
    assert not measures & {"smeBids", "smeFinalStageBids", "vcseFinalStageBids"}
    flagged = copy.deepcopy(results)
    for n, bidder in enumerate(flagged["bidders"]):
        bidder["sme"], bidder["vcse"] = n % 2 == 0, n == 1
    package = release_package(flagged, published=PUBLISHED)
    assert validation_problems(package) == []
    release = package["releases"][0]
    stats = {s["measure"]: s["value"] for s in release["bids"]["statistics"]}
    assert (stats["smeBids"], stats["smeFinalStageBids"], stats["vcseFinalStageBids"]) == (3, 3, 1)
    parties = {p["id"]: p for p in release["parties"]}
    first, second = (parties[f"GB-COH-{b['company_number']}"] for b in flagged["bidders"][:2])
    assert first["details"] == {"scale": "sme", "vcse": False}
    assert second["details"] == {"scale": "large", "vcse": True}
    flagged["bidders"][0].pop("sme")  # one bid unknown: no SME count at all
    stats = {
        s["measure"]
        for s in release_package(flagged, published=PUBLISHED)["releases"][0]["bids"]["statistics"]
    }
    assert "smeBids" not in stats and "vcseFinalStageBids" in stats


def test_supply_chain_suppliers_are_subcontractor_parties(results: dict[str, Any]) -> None:
    subs = [
        Subcontractor("Millfield Motors Ltd", "SME"),
        Subcontractor("Riverside Community Trust", "VCSE and SME"),
        Subcontractor("Ashcombe Food Bank", "VCSE"),
        Subcontractor("Big Plant Hire plc", "Other"),
        Subcontractor("Two Kinds Ltd", None),
    ]
    package = release_package(results, published=PUBLISHED, subcontractors=subs)
    assert validation_problems(package) == []
    parties = [p for p in package["releases"][0]["parties"] if "subcontractor" in p["roles"]]
    assert [(p["id"], p["name"], p.get("details")) for p in parties] == [
        ("subcontractor-1", "Millfield Motors Ltd", {"vcse": False, "scale": "sme"}),
        ("subcontractor-2", "Riverside Community Trust", {"vcse": True, "scale": "sme"}),
        ("subcontractor-3", "Ashcombe Food Bank", {"vcse": True}),
        ("subcontractor-4", "Big Plant Hire plc", {"vcse": False}),
        ("subcontractor-5", "Two Kinds Ltd", None),
    ]
    broken = copy.deepcopy(package)
    broken["releases"][0]["parties"][-1]["details"] = {"vcse": "yes"}
    assert validation_problems(broken)  # the UK extension's vcse is checked


def test_each_contract_of_an_award_is_its_own_release(results: dict[str, Any]) -> None:
    """Two contracts from one award: one ocid, distinct release ids and contract ids, each
    pointing at the award (OCDS compiles releases of one ocid by these ids)."""
    delivery = [_quarter("LA-JOBS-1", "2026-Q2", "2026-04-01", "2026-06-30", "0.75", rating="Good")]
    made = [
        release_package(results, published=PUBLISHED, delivery=delivery, contract_reference=ref)
        for ref in ("C-north", "C-south")
    ]
    releases = [p["releases"][0] for p in made]
    assert all(validation_problems(p) == [] for p in made)
    assert len({r["ocid"] for r in releases}) == 1
    assert [r["id"] for r in releases] == [
        f"{releases[0]['ocid']}-implementation-{ref}-{PUBLISHED.date().isoformat()}"
        for ref in ("C-north", "C-south")
    ]
    assert [r["contracts"][0]["id"] for r in releases] == ["C-north", "C-south"]
    assert {r["contracts"][0]["awardID"] for r in releases} == {releases[0]["awards"][0]["id"]}
    award = release_package(results, published=PUBLISHED)["releases"][0]
    assert award["id"] == f"{award['ocid']}-award-{PUBLISHED.date().isoformat()}"  # unchanged
