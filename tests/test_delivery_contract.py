"""``socialvalue contract init`` and contract.yaml: KPIs from the award, the chain back to
results.json, and every problem in contract.yaml reported with its line."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from socialvalue.delivery import schema
from socialvalue.delivery.load import load_contract
from socialvalue.delivery.periods import spread_evenly
from socialvalue.results.json_io import read_record
from socialvalue.testing import scored_example


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scored_example(tmp_path_factory.mktemp("delivery-contract"))


def test_init_makes_the_winners_contract_with_the_chain_to_results(cli, tender, tmp_path):
    target = tmp_path / "contract"
    cli(["contract", "init", str(target), "--from", str(tender)])
    for sub in ("returns", "verification", "out"):
        assert (target / sub).is_dir()
    contract = load_contract(target)
    results = tender / "out" / "results.json"
    assert contract.source.results_sha256 == hashlib.sha256(results.read_bytes()).hexdigest()
    assert (target / contract.source.results).resolve() == results.resolve()
    assert contract.source.tender == "ABC-2026-017"
    assert contract.supplier.bidder == "greenway"
    assert contract.supplier.company_number == "05567890"
    # Awarded 2026-03-27: the contract starts with the next quarter and runs three years.
    assert (str(contract.start), str(contract.end)) == ("2026-04-01", "2029-03-31")
    assert [p.label for p in contract.periods][:2] == ["2026-Q2", "2026-Q3"]
    assert len(contract.periods) == 12
    record = read_record(results)
    counted = [
        m for c in record.bidder("greenway").criteria for m in c.measures or () if m.quantity > 0
    ]
    assert [k.id for k in contract.kpis] == [m.id for m in counted]
    for kpi, line in zip(contract.kpis, counted, strict=True):
        assert kpi.committed == line.quantity
        assert kpi.gbp_value == line.gbp_value
        assert sum(kpi.profile.values()) == kpi.committed
    jobs = contract.kpi("LA-JOBS-1")
    assert jobs is not None and jobs.due("2026-Q2") == Decimal("0.75")
    assert "payroll" in jobs.evidence
    assert contract.source.proxy_set == "example-proxies"
    # The rubric sets the cost of an FTE; the ratings are the documented defaults.
    assert contract.annual_fte_cost == Decimal(28000)
    assert (contract.ratings.good, contract.ratings.requires_improvement) == (100, 70)
    assert contract.grace_days == 30  # written out, with its default
    assert "\ngrace_days: 30\n" in (target / "contract.yaml").read_text(encoding="utf-8")


def test_the_panels_decisions_carry_over(cli, tender, tmp_path):
    target = tmp_path / "brightstar"
    cli(["contract", "init", str(target), "--from", str(tender), "--bidder", "brightstar"])
    jobs = load_contract(target).kpi("LA-JOBS-1")
    assert jobs is not None and jobs.decision is not None
    assert jobs.decision.decision == "capped"
    assert jobs.decision.bid_quantity == Decimal(58)
    assert jobs.committed < Decimal(58)  # the counted quantity, not the bid's
    assert "staffing schedule" in jobs.decision.reason


def test_start_years_and_reference_can_be_given(cli, tender, tmp_path):
    target = tmp_path / "lot"
    args = ["--start", "2026-08-15", "--years", "2", "--reference", "LOT-2"]
    cli(["contract", "init", str(target), "--from", str(tender), *args])
    contract = load_contract(target)
    assert contract.reference == "LOT-2"
    assert str(contract.end) == "2028-08-14"
    first, last = contract.periods[0], contract.periods[-1]
    assert (first.label, str(first.start), last.label, str(last.end)) == (
        "2026-Q3",
        "2026-08-15",
        "2028-Q3",
        "2028-08-14",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bidder", "greenwey"], "no bid `greenwey` in the results (did you mean `greenway`?)"),
        (["--bidder", "quickserve"], "bid `quickserve` is disqualified: it cannot be awarded"),
        (["--years", "2.01"], "--years: a term of 2.01 years is not a whole number of months"),
        (["--reference", "A\x1bB"], "--reference: the reference must be printable text"),
    ],
)
def test_init_refuses_what_cannot_be_a_contract(cli, tender, tmp_path, args, message):
    result = cli(["contract", "init", str(tmp_path / "c"), "--from", str(tender), *args], 1)
    assert message in result.stderr
    assert not (tmp_path / "c" / "contract.yaml").exists()


def test_init_keeps_an_existing_contract_and_needs_results(cli, tender, tmp_path):
    target = tmp_path / "c"
    cli(["contract", "init", str(target), "--from", str(tender)])
    before = (target / "contract.yaml").read_bytes()
    result = cli(["contract", "init", str(target), "--from", str(tender)], 1)
    assert "already exists; not overwritten" in result.stderr
    assert (target / "contract.yaml").read_bytes() == before
    bare = tmp_path / "bare"
    shutil.copytree(tender, bare, ignore=shutil.ignore_patterns("out"))
    result = cli(["contract", "init", str(tmp_path / "d"), "--from", str(bare)], 1)
    assert "no results yet: run `socialvalue evaluate`" in result.stderr


def test_a_provisional_evaluation_needs_force(cli, tender, tmp_path):
    copy = tmp_path / "tender"
    shutil.copytree(tender, copy)
    results = copy / "out" / "results.json"
    data = json.loads(results.read_text(encoding="utf-8"))
    data["status"] = {"state": "provisional", "reasons": ["a clarification is open"], "missing": []}
    results.write_text(json.dumps(data), encoding="utf-8")
    result = cli(["contract", "init", str(tmp_path / "c"), "--from", str(copy)], 1)
    assert "the evaluation is provisional (a clarification is open)" in result.stderr
    cli(["contract", "init", str(tmp_path / "c"), "--from", str(copy), "--force"])
    assert load_contract(tmp_path / "c").source.status == "provisional"


def test_every_problem_in_contract_yaml_is_reported_with_its_line(cli, tender, tmp_path):
    target = tmp_path / "c"
    cli(["contract", "init", str(target), "--from", str(tender)])
    path = target / "contract.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      2026-Q3: 0.75\n", "      2026-Q3: 0.5\n", 1)  # LA-JOBS-1
    text = text.replace("      2029-Q1: 75\n", "      2029-Q1: 75\n      2030-Q1: 0\n", 1)
    text = text.replace("  approaching_target: 90", "  approaching_target: 120")
    text = text.replace("\ngrace_days: 30\n", "\ngrace_days: -3\n")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = cli(["contract", "check", str(target)], 1)
    err = result.stderr
    jobs = next(i for i, line in enumerate(lines, 1) if line.strip() == "profile:")
    assert (
        f"contract.yaml:{jobs + 1}:7: the profile of KPI LA-JOBS-1 sums to 8.75, not the 9" in err
    )
    extra = lines.index("      2030-Q1: 0") + 1
    assert (
        f"contract.yaml:{extra}:7: 2030-Q1 is not a period of this contract: its periods are "
        "2026-Q2 to 2029-Q1"
    ) in err
    assert "the rating bands must not rise as the rating falls" in err
    grace = lines.index("grace_days: -3") + 1
    assert f"contract.yaml:{grace}:13: grace_days must be at least 0, got -3" in err
    assert "4 problems found." in err


def test_an_even_profile_always_sums_to_the_commitment():
    assert spread_evenly(Decimal(100), 12) == (Decimal("8.33"),) * 8 + (Decimal("8.34"),) * 4
    assert spread_evenly(Decimal(9), 12) == (Decimal("0.75"),) * 12
    for total in ("1", "4", "100.005", "2400000", "0.07"):
        assert sum(spread_evenly(Decimal(total), 12)) == Decimal(total)


def test_the_shipped_schema_is_current_and_a_made_contract_follows_it(cli, tender, tmp_path):
    assert schema.schema_path().read_text(encoding="utf-8") == schema.render(), (
        "socialvalue/schema/contract.schema.json is out of date: run python scripts/make_schema.py"
    )
    validator = Draft202012Validator(schema.contract_schema())
    for n, args in enumerate(
        (
            ["--bidder", "greenway"],
            ["--bidder", "brightstar"],
            ["--reporting", "monthly"],  # profile labels 2026-05, quoted
            ["--reporting", "annual"],  # 2026, quoted
            ["--reporting", "half-yearly", "--year-start", "April"],  # 2026/27-H1
        )
    ):
        target = tmp_path / str(n)
        cli(["contract", "init", str(target), "--from", str(tender), *args])
        data = YAML(typ="safe", pure=True).load((target / "contract.yaml").read_text("utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as the text they were
        assert [e.message for e in validator.iter_errors(data)] == []
    data["kpis"][0]["profile"]["2026-Q5"] = 1
    del data["supplier"]["bidder"]
    found = sorted(e.message for e in validator.iter_errors(data))
    assert any("'bidder' is a required property" in m for m in found)
    assert any("2026-Q5" in m for m in found)


def test_contract_yaml_is_the_same_bytes_every_time(cli, tender, tmp_path):
    made = []
    for name in ("a", "b"):
        cli(["contract", "init", str(tmp_path / name), "--from", str(tender)])
        made.append((tmp_path / name / "contract.yaml").read_bytes())
    assert made[0] == made[1]


def test_contract_check_follows_the_chain_back_to_results(cli, tender, tmp_path):
    copy = tmp_path / "tender"
    shutil.copytree(tender, copy)
    target = tmp_path / "c"
    cli(["contract", "init", str(target), "--from", str(copy)])
    result = cli(["contract", "check", str(target)])
    assert "warning:" not in result.stderr
    results = copy / "out" / "results.json"
    results.write_bytes(results.read_bytes() + b"\n")
    result = cli(["contract", "check", str(target)])  # a warning: exit 0
    assert (
        "contract.yaml: warning: ../tender/out/results.json has changed since the contract "
        "was made" in result.stderr
    )
    results.unlink()
    result = cli(["contract", "check", str(target)])
    assert "the chain from the bid cannot be checked" in result.stderr


def test_results_older_than_tender_yaml_need_force(cli, tender, tmp_path):
    copy = tmp_path / "tender"
    shutil.copytree(tender, copy)
    yaml = copy / "tender.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "# edited after evaluate\n", "utf-8")
    result = cli(["contract", "init", str(tmp_path / "c"), "--from", str(copy)], 1)
    assert "tender.yaml has changed since these results were written" in result.stderr
    cli(["contract", "init", str(tmp_path / "c"), "--from", str(copy), "--force"])
