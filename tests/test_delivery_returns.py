"""The supplier's return: the workbook made like the response template, and read back with a
bid's checks; every bad return is a message naming its cell, never a silent number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from socialvalue.delivery.load import load_contract
from socialvalue.delivery.model import Contract
from socialvalue.testing import fill_return, scored_example

Q2 = "2026-Q2"


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scored_example(tmp_path_factory.mktemp("delivery-returns"))


@pytest.fixture
def contract_dir(cli, tender, tmp_path) -> Path:
    target = tmp_path / "contract"
    cli(["contract", "init", str(target), "--from", str(tender)])
    return target


def blank(cli, folder: Path, period: str = Q2) -> Path:
    result = cli(["returns", str(folder), "--period", period])
    path = Path(result.stdout.strip())
    assert path == folder / "out" / "returns" / f"{period}-return.xlsx"
    return path


def on_profile(contract: Contract, period: str = Q2) -> dict[str, tuple[object, object]]:
    return {k.id: (k.due(period), f"Evidence for {k.id}") for k in contract.kpis}


def check(cli, folder: Path, exit_code: int = 1) -> str:
    result = cli(["contract", "check", str(folder)], exit_code)
    return result.stdout + result.stderr


def test_the_return_is_made_like_the_response_template(cli, contract_dir):
    path = blank(cli, contract_dir)
    first = path.read_bytes()
    assert blank(cli, contract_dir).read_bytes() == first  # reproducible
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Instructions",
        "Return",
        "Delivery",
        "Spend",
        "_lists",
        "_socialvalue",
    ]
    assert wb["_socialvalue"].sheet_state == "hidden"
    facts = {r[0]: r[1] for r in wb["_socialvalue"].iter_rows(values_only=True)}
    assert facts["kind"] == "return"
    assert facts["contract_reference"] == "ABC-2026-017-greenway"
    assert facts["period"] == Q2
    assert facts["kpi:LA-JOBS-1"] == "FTE; 9; 0.75"
    assert {"sv_delivered_LA_JOBS_1", "sv_evidence_LA_JOBS_1", "sv_spend_1_amount"} <= set(
        wb.defined_names
    )
    delivery = wb["Delivery"]
    assert delivery.print_title_rows == "$4:$4"
    assert delivery.page_setup.fitToWidth == 1
    assert delivery.protection.sheet
    assert delivery["F5"].comment.text.startswith("Input: what was delivered in this period only")
    assert delivery.data_validations.dataValidation  # numbers only, from 0
    assert "April 2026 to 30 June 2026" in str(wb["Instructions"]["B6"].value)


def test_a_good_return_reads(cli, contract_dir):
    contract = load_contract(contract_dir)
    spend = (("Millfield Motors Ltd", "AB1 2CD", "SME", 30000, "LA-GROWTH-1"),)
    fill_return(
        blank(cli, contract_dir),
        contract_dir / "returns" / f"{Q2}-return.xlsx",
        contract,
        delivered=on_profile(contract),
        spend=spend,
    )
    out = check(cli, contract_dir, 0)
    assert f"returns/{Q2}-return.xlsx  {Q2}  ok" in out
    assert "1 return: 0 problems, 0 warnings found." in out


@pytest.mark.parametrize(
    ("kpi", "typed", "evidence", "message"),
    [
        ("LA-JOBS-1", -1, "x", "Delivery!F5 (LA-JOBS-1 Local people employed on the contract, "
         "delivered): a negative figure (-1) cannot be delivered"),
        ("LA-JOBS-2", 30, "x", "Delivery!F6 (LA-JOBS-2 Local people facing barriers to work "
         "employed on the contract, delivered): 30 FTE in one period is more than the whole "
         "commitment of 4 over the term"),
        ("LA-JOBS-1", 8, "x", "Delivery!F5: 8.33 FTE-years reported (Delivery!F5, Delivery!F6) "
         "would cost GBP 233,240 at GBP 28,000 a year each: more than the contract's GBP "
         "199,270.07 for 2026-Q2, which pays for at most 7.11"),
        ("LA-COMM-2", 5000, None, "Delivery!G10 (LA-COMM-2 Donations and in-kind support to "
         "local community organisations, evidence): 5000 GBP delivered needs its evidence"),
        ("LA-JOBS-3", "lots", "x", "Delivery!F7 (LA-JOBS-3 Apprenticeship weeks on the "
         'contract, delivered): expected a number, found "lots"'),
        ("LA-JOBS-3", None, None, "Delivery!F7 (LA-JOBS-3 Apprenticeship weeks on the contract, "
         "delivered): no figure given: type what was delivered in the period"),
    ],
)  # fmt: skip
def test_a_bad_figure_is_a_message_naming_its_cell(
    cli, contract_dir, kpi, typed, evidence, message
):
    contract = load_contract(contract_dir)
    delivered = on_profile(contract) | {kpi: (typed, evidence)}
    path = contract_dir / "returns" / f"{Q2}-return.xlsx"
    fill_return(blank(cli, contract_dir), path, contract, delivered=delivered)
    out = check(cli, contract_dir)
    assert f"returns/{Q2}-return.xlsx: {message}" in out
    assert f"returns/{Q2}-return.xlsx  {Q2}  1 problem" in out


def test_bad_spend_lines(cli, contract_dir):
    contract = load_contract(contract_dir)
    spend = (
        ("Millfield Motors Ltd", "AB1 2CD", "SME", -5, "LA-GROWTH-1"),
        ("Eastbrook Safety", None, "SME", 100, "LA-GROWTH-1"),
        ("Big Co", "ZZ1 1ZZ", "Other", 900000, "LA-GROWTH-2"),
    )
    path = contract_dir / "returns" / f"{Q2}-return.xlsx"
    fill_return(
        blank(cli, contract_dir), path, contract, delivered=on_profile(contract), spend=spend
    )
    out = check(cli, contract_dir)
    assert "Spend!D5 (spend line 1, amount): expected a number of 0 or more, found -5" in out
    assert "Spend!B6 (spend line 2, postcode): this must be filled in" in out
    assert "Spend!D7 (spend line 3, amount): GBP 900,000 is more than the contract's value" in out


def test_a_return_for_another_period_or_contract(cli, tender, contract_dir, tmp_path):
    contract = load_contract(contract_dir)
    filled = tmp_path / "q2.xlsx"
    fill_return(blank(cli, contract_dir), filled, contract, delivered=on_profile(contract))
    (contract_dir / "returns" / "2026-Q3-return.xlsx").write_bytes(filled.read_bytes())
    out = check(cli, contract_dir)
    assert (
        "returns/2026-Q3-return.xlsx: _socialvalue!B6: a return for 2026-Q2, not for 2026-Q3" in out
    )
    other = tmp_path / "other"
    cli(["contract", "init", str(other), "--from", str(tender), "--reference", "OTHER-1"])
    (other / "returns" / "q2.xlsx").write_bytes(filled.read_bytes())
    out = check(cli, other)
    assert (
        'returns/q2.xlsx: _socialvalue!B5: a return for contract "ABC-2026-017-greenway", not '
        'this contract "OTHER-1"'
    ) in out


def test_a_period_reported_twice(cli, contract_dir):
    contract = load_contract(contract_dir)
    template = blank(cli, contract_dir)
    for name in (f"{Q2}-return.xlsx", f"{Q2}-resent.xlsx"):
        fill_return(
            template, contract_dir / "returns" / name, contract, delivered=on_profile(contract)
        )
    out = check(cli, contract_dir)
    assert (
        f"returns/{Q2}-return.xlsx: {Q2} is reported already, in returns/{Q2}-resent.xlsx: one "
        "return per period"
    ) in out


def test_a_return_made_before_contract_yaml_changed(cli, contract_dir):
    contract = load_contract(contract_dir)
    path = contract_dir / "returns" / f"{Q2}-return.xlsx"
    fill_return(blank(cli, contract_dir), path, contract, delivered=on_profile(contract))
    yaml = contract_dir / "contract.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = text.replace(
        "      2026-Q2: 0.75\n      2026-Q3: 0.75\n", "      2026-Q2: 0.5\n      2026-Q3: 1\n", 1
    )
    yaml.write_text(text, encoding="utf-8")
    out = check(cli, contract_dir)
    assert (
        "made from an earlier contract.yaml (what changed since: LA-JOBS-1 was FTE; 9; 0.75, "
        "now FTE; 9; 0.5)"
    ) in out


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2030-Q1", "2030-Q1 is not a period of this contract: its periods are 2026-Q2 to 2029-Q1"),
        (
            "2026-05",
            "2026-05 is not a period label of this contract (it names a month of 2026): it "
            "reports quarterly: periods named like 2026-Q2 (April to June 2026); its periods are "
            "2026-Q2 to 2029-Q1",
        ),
        ("Q2 2026", "Q2 2026 is not a period label of this contract: it reports quarterly"),
    ],
)
def test_returns_refuses_a_period_outside_the_term(cli, contract_dir, period, message):
    result = cli(["returns", str(contract_dir), "--period", period], 1)
    assert message in result.stderr


def test_what_is_not_a_return_is_refused_by_name(cli, tender, contract_dir):
    returns = contract_dir / "returns"
    (returns / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    (returns / "2026-Q2-moderation.xlsx").write_bytes((tender / "moderation.xlsx").read_bytes())
    (returns / "~$2026-Q2-return.xlsx").write_bytes(b"lock")  # Excel's lock file: not read
    out = check(cli, contract_dir)
    assert (
        "returns/2026-Q2-moderation.xlsx: _socialvalue!B3: this is a socialvalue moderation "
        "workbook, not a return" in out
    )
    assert "returns/notes.xlsx: this is a text/CSV file, not an .xlsx workbook" in out
    assert "~$" not in out
    assert "2 returns: 2 problems" in out


def test_spend_lines_that_do_not_add_up_are_a_warning(cli, contract_dir):
    contract = load_contract(contract_dir)
    spend = (
        ("Millfield Motors Ltd", "AB1 2CD", "SME", 20000, "LA-GROWTH-1"),
        ("Eastbrook Safety", "AB2 3EF", "SME", 5000, "LA-GROWTH-1"),
    )
    path = contract_dir / "returns" / f"{Q2}-return.xlsx"
    fill_return(
        blank(cli, contract_dir), path, contract, delivered=on_profile(contract), spend=spend
    )
    out = check(cli, contract_dir, 0)
    assert (
        "Delivery!F12: warning: the 2 spend lines for LA-GROWTH-1 add up to GBP 25,000, not the "
        "GBP 30,000 reported here"
    ) in out
    assert f"{Q2}  ok, 1 warning" in out


def test_check_as_json_for_scripts(cli, contract_dir):
    contract = load_contract(contract_dir)
    delivered = on_profile(contract) | {"LA-JOBS-1": (-1, "x")}
    path = contract_dir / "returns" / f"{Q2}-return.xlsx"
    fill_return(blank(cli, contract_dir), path, contract, delivered=delivered)
    data = json.loads(cli(["contract", "check", str(contract_dir), "--json"], 1).stdout)
    assert (data["ok"], data["errors"], data["warnings"]) == (False, 1, 0)
    [problem] = data["problems"]
    assert problem["cell"] == "Delivery!F5" and problem["file"].endswith(
        f"returns/{Q2}-return.xlsx"
    )
    assert "a negative figure" in problem["message"]
    [file] = data["files"]
    assert (file["period"], file["errors"], file["warnings"]) == (Q2, 1, 0)
