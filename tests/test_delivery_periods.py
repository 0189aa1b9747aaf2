"""Reporting periods other than quarterly (docs/delivery.md, "Reporting periods"): the period
bounds and labels of every frequency, by calendar year and by a year from April, part periods,
bad labels; then contracts made with them: init, returns, the checks and the report."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from forms_support import convert
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from socialvalue.delivery.load import load_contract
from socialvalue.delivery.periods import FREQUENCIES, Calendar, label_kind, parse_year_start
from socialvalue.delivery.report_schema import schema_path
from socialvalue.ocds import validation_problems
from socialvalue.testing import fill_return, fill_verification, scored_example

D = dt.date
OUTPUTS = ("delivery.json", "delivery.xlsx", "delivery.pdf")


@pytest.mark.parametrize(
    ("calendar", "day", "bounds"),
    [
        (Calendar("monthly"), D(2024, 2, 10), (D(2024, 2, 1), D(2024, 2, 29), "2024-02")),
        (Calendar("monthly"), D(2025, 2, 28), (D(2025, 2, 1), D(2025, 2, 28), "2025-02")),
        (Calendar("monthly", 4), D(2026, 12, 31), (D(2026, 12, 1), D(2026, 12, 31), "2026-12")),
        (Calendar(), D(2026, 5, 1), (D(2026, 4, 1), D(2026, 6, 30), "2026-Q2")),
        (Calendar(), D(2024, 1, 1), (D(2024, 1, 1), D(2024, 3, 31), "2024-Q1")),
        (Calendar("quarterly", 4), D(2026, 4, 1), (D(2026, 4, 1), D(2026, 6, 30), "2026/27-Q1")),
        (Calendar("quarterly", 4), D(2028, 2, 29), (D(2028, 1, 1), D(2028, 3, 31), "2027/28-Q4")),
        (Calendar("quarterly", 2), D(2026, 1, 31), (D(2025, 11, 1), D(2026, 1, 31), "2025/26-Q4")),
        (Calendar("half-yearly"), D(2026, 7, 1), (D(2026, 7, 1), D(2026, 12, 31), "2026-H2")),
        (Calendar("half-yearly", 4), D(2027, 3, 31), (D(2026, 10, 1), D(2027, 3, 31), "2026/27-H2")),
        (Calendar("annual"), D(2028, 12, 31), (D(2028, 1, 1), D(2028, 12, 31), "2028")),
        (Calendar("annual", 4), D(2024, 2, 29), (D(2023, 4, 1), D(2024, 3, 31), "2023/24")),
        (Calendar("annual", 4), D(2099, 6, 1), (D(2099, 4, 1), D(2100, 3, 31), "2099/00")),
    ],
)  # fmt: skip
def test_the_period_of_a_day_and_its_label_round_trip(calendar, day, bounds):
    assert calendar.containing(day) == bounds
    assert calendar.bounds(bounds[2]) == bounds[:2]
    assert calendar.label_in_name(f"{calendar.file_label(bounds[2])}-return.xlsx") == bounds[2]


@pytest.mark.parametrize("frequency", FREQUENCIES)
@pytest.mark.parametrize("year_start", [1, 4, 7])
def test_periods_tile_the_term_in_order_with_part_periods_cut(frequency, year_start):
    calendar = Calendar(frequency, year_start)
    start, end = D(2026, 5, 15), D(2029, 2, 10)
    periods = calendar.periods_between(start, end)
    assert periods[0].start == start and periods[-1].end == end  # part periods, cut
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + dt.timedelta(days=1)  # no gap, no overlap
    labels = [p.label for p in periods]
    assert labels == sorted(labels) and len(set(labels)) == len(labels)  # text order is time
    assert sum(p.days for p in periods) == (end - start).days + 1
    for p in periods[1:-1]:  # whole periods: the months of the frequency
        first, last = calendar.bounds(p.label)  # type: ignore[misc]
        assert (first, last) == (p.start, p.end)
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        assert months == calendar.months


def test_a_leap_year_and_a_whole_financial_year():
    april = Calendar("quarterly", 4)
    periods = april.periods_between(D(2027, 4, 1), D(2028, 3, 31))
    assert [p.label for p in periods] == ["2027/28-Q1", "2027/28-Q2", "2027/28-Q3", "2027/28-Q4"]
    assert periods[-1].days == 91  # January to March 2028: 29 February
    assert Calendar("annual", 4).periods_between(D(2027, 4, 1), D(2028, 3, 31))[0].days == 366
    assert Calendar("half-yearly").bounds("2028-H1") == (D(2028, 1, 1), D(2028, 6, 30))


@pytest.mark.parametrize(
    ("calendar", "label"),
    [
        (Calendar(), "2026-Q5"),
        (Calendar(), "2026-H1"),  # a half in a quarterly contract
        (Calendar(), "2026/27-Q1"),  # a year from April in a calendar-year contract
        (Calendar("quarterly", 4), "2026-Q1"),
        (Calendar("quarterly", 4), "2026/28-Q1"),  # not one year
        (Calendar("monthly"), "2026-13"),
        (Calendar("monthly"), "2026-00"),
        (Calendar("monthly"), "2026-5"),
        (Calendar("annual"), "2026-Q1"),
        (Calendar("annual", 4), "2026"),
        (Calendar("half-yearly"), "H1 2026"),
    ],
)
def test_a_label_of_another_calendar_names_no_period(calendar, label):
    assert calendar.bounds(label) is None
    message = calendar.not_a_period(label, calendar.periods_between(D(2026, 4, 1), D(2027, 3, 31)))
    assert message.startswith(f"{label} is not a period label of this contract")
    assert f"it reports {calendar.frequency}" in message and "periods named like" in message


def test_messages_say_what_a_label_names_and_how_this_contract_names_periods():
    april = Calendar("quarterly", 4)
    periods = april.periods_between(D(2026, 4, 1), D(2029, 3, 31))
    assert april.not_a_period("2026-Q2", periods) == (
        "2026-Q2 is not a period label of this contract (it names a quarter of the calendar "
        "year 2026): it reports quarterly, by the year from April: periods named like 2026/27-Q1 "
        "(April to June 2026); its periods are 2026/27-Q1 to 2028/29-Q4"
    )
    assert april.not_a_period("2030/31-Q1", periods) == (
        "2030/31-Q1 is not a period of this contract: its periods are 2026/27-Q1 to 2028/29-Q4"
    )
    assert label_kind("2026-05") == "a month of 2026"
    assert label_kind("2026/27-H2") == "a half of the year 2026/27 (a year not starting in January)"
    assert label_kind("2026") == "the calendar year 2026"
    assert label_kind("May 2026") is None
    assert [parse_year_start(t) for t in ("April", "apr", "4", "13", "Ap", "")] == [
        4, 4, 4, None, None, None
    ]  # fmt: skip


def test_a_file_name_names_a_period_only_in_this_calendars_labels():
    assert Calendar().label_in_name("greenway 2026-Q3.xlsx") == "2026-Q3"
    assert Calendar().label_in_name("ABC-2026-017.xlsx") is None
    assert Calendar("annual").label_in_name("ABC-2026-017 2027.xlsx") is None  # a bare year: first
    assert Calendar("annual").label_in_name("2027 return.xlsx") == "2027"
    assert Calendar("monthly").label_in_name("2026-Q2-return.xlsx") is None


# ---------------------------------------------------------------- contracts made with them


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scored_example(tmp_path_factory.mktemp("delivery-periods"))


def init(cli, tender: Path, target: Path, *args: str) -> Path:
    cli(["contract", "init", str(target), "--from", str(tender), *args])
    return target


def blank(cli, folder: Path, period: str) -> Path:
    return Path(cli(["returns", str(folder), "--period", period]).stdout.strip())


def test_init_spreads_the_profile_over_months(cli, tender, tmp_path):
    folder = init(cli, tender, tmp_path / "c", "--reporting", "monthly")
    text = (folder / "contract.yaml").read_text(encoding="utf-8")
    assert "reporting: monthly\nyear_start: 1  # January\n" in text
    contract = load_contract(folder)
    assert contract.start == D(2026, 4, 1)  # the month after the award of 27 March 2026
    labels = [p.label for p in contract.periods]
    assert labels[0] == "2026-04" and labels[-1] == "2029-03" and len(labels) == 36
    jobs = contract.kpi("LA-JOBS-1")
    assert jobs is not None and list(jobs.profile) == labels
    assert sum(jobs.profile.values()) == jobs.committed == 9
    assert jobs.profile["2026-04"] == Decimal("0.25")


def test_init_with_a_year_from_april_and_a_part_first_period(cli, tender, tmp_path):
    folder = init(cli, tender, tmp_path / "c", "--year-start", "April", "--start", "2026-05-15")
    contract = load_contract(folder)
    assert (contract.reporting, contract.year_start) == ("quarterly", 4)
    first = contract.periods[0]
    assert (first.label, first.start, first.end) == ("2026/27-Q1", D(2026, 5, 15), D(2026, 6, 30))
    assert contract.periods[-1].label == "2029/30-Q1"  # to 14 May 2029
    jobs = contract.kpi("LA-JOBS-1")
    assert jobs is not None and jobs.profile["2026/27-Q1"] == jobs.profile["2027/28-Q1"]  # even
    cli(
        ["contract", "init", str(tmp_path / "d"), "--from", str(tender), "--year-start", "Apr1l"], 2
    )


def test_contract_yaml_with_a_wrong_label_or_year_start_says_which_labels(cli, tender, tmp_path):
    folder = init(cli, tender, tmp_path / "c", "--reporting", "half-yearly")
    yaml = folder / "contract.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text.replace("      2026-H1: ", "      2026-Q2: ", 1), encoding="utf-8")
    err = cli(["contract", "check", str(folder)], 1).stderr
    assert (
        "2026-Q2 is not a period label of this contract (it names a quarter of the calendar "
        "year 2026): it reports half-yearly: periods named like 2026-H1 (January to June 2026)"
    ) in err
    yaml.write_text(
        text.replace("year_start: 1  # January", "year_start: Smarch"), encoding="utf-8"
    )
    err = cli(["contract", "check", str(folder)], 1).stderr
    assert "year_start must be the month the reporting year starts" in err
    yaml.write_text(text.replace("year_start: 1  # January", "year_start: 4"), encoding="utf-8")
    err = cli(["contract", "check", str(folder)], 1).stderr
    assert "2026-H1 is not a period label of this contract" in err  # the profile must follow


def test_a_monthly_return_reads_and_the_implausible_figures_scale(cli, tender, tmp_path):
    folder = init(cli, tender, tmp_path / "c", "--reporting", "monthly")
    contract = load_contract(folder)
    path = blank(cli, folder, "2026-05")
    assert path.name == "2026-05-return.xlsx"
    wb = openpyxl.load_workbook(path)
    assert "1 May 2026 to 31 May 2026" in str(wb["Instructions"]["B6"].value)
    assert "monthly: periods named like 2026-05" in str(wb["Instructions"]["B7"].value)
    due = {k.id: (k.due("2026-05"), "records") for k in contract.kpis}
    returns = folder / "returns"
    fill_return(path, returns / "2026-05-return.xlsx", contract, delivered=due)
    out = cli(["contract", "check", str(folder)]).stdout
    assert "returns/2026-05-return.xlsx  2026-05  ok" in out
    fill_return(
        path, returns / "2026-05-return.xlsx", contract, delivered=due | {"LA-JOBS-1": (3, "x")}
    )
    err = cli(["contract", "check", str(folder)], 1).stderr
    # GBP 2.4m over the term's 1096 days is GBP 67,883.21 for May's 31: 2.42 FTE-years
    assert "more than the contract's GBP 67,883.21 for 2026-05, which pays for at most 2.42" in err
    assert "a person full time for a whole month is about 0.083 (1/12)" in err
    fill_return(
        path, returns / "2026-05-return.xlsx", contract, delivered=due | {"LA-JOBS-3": (400, "x")}
    )
    err = cli(["contract", "check", str(folder)], 1).stderr
    assert (
        "400 weeks in one period is more than the whole commitment of 312 over the term (the "
        "month 2026-05)"
    ) in err


def test_a_return_for_another_frequency_is_a_clear_message(cli, tender, tmp_path):
    quarterly = init(cli, tender, tmp_path / "q")
    monthly = init(cli, tender, tmp_path / "m", "--reporting", "monthly")
    contract = load_contract(quarterly)
    due = {k.id: (k.due("2026-Q2"), "records") for k in contract.kpis}
    fill_return(
        blank(cli, quarterly, "2026-Q2"), monthly / "returns" / "q2.xlsx", contract, delivered=due
    )
    err = cli(["contract", "check", str(monthly)], 1).stderr
    assert (
        "returns/q2.xlsx: _socialvalue!B6: a return made for another period: 2026-Q2 is not a "
        "period label of this contract (it names a quarter of the calendar year 2026): it reports "
        "monthly"
    ) in err


def test_one_period_for_the_whole_term_takes_over_delivery_as_a_warning(cli, tender, tmp_path):
    folder = init(
        cli,
        tender,
        tmp_path / "c",
        "--reporting",
        "annual",
        "--start",
        "2026-01-01",
        "--years",
        "1",
    )
    contract = load_contract(folder)
    assert [p.label for p in contract.periods] == ["2026"]
    weeks = contract.kpi("LA-JOBS-3")
    assert weeks is not None
    due = {k.id: (k.due("2026"), "records") for k in contract.kpis}
    due["LA-JOBS-3"] = (weeks.committed + 10, "records")
    fill_return(
        blank(cli, folder, "2026"), folder / "returns" / "2026-return.xlsx", contract, delivered=due
    )
    result = cli(["contract", "check", str(folder)])
    assert "322 weeks is more than the whole commitment of 312: over-delivery, or a mistake?" in (
        result.stderr
    )
    assert "1 return: 0 problems, 1 warning found." in result.stderr


# ---------------------------------------------------------------- one contract through report


@pytest.mark.slow
def test_a_half_yearly_contract_by_financial_year_through_report(cli, tender, tmp_path):
    """init -> two returns (one under-delivering) -> verification -> report -> OCDS, with
    half-years of a year from April; delivery.xlsx recalculated by LibreOffice."""
    folder = init(cli, tender, tmp_path / "c", "--reporting", "half-yearly", "--year-start", "4")
    contract = load_contract(folder)
    assert [p.label for p in contract.periods][:2] == ["2026/27-H1", "2026/27-H2"]
    for period, share, made in (
        ("2026/27-H1", 1, D(2026, 10, 20)),
        ("2026/27-H2", Decimal("0.5"), D(2027, 4, 20)),
    ):
        due = {k.id: (k.due(period) * share, "records") for k in contract.kpis}
        spend = due["LA-GROWTH-1"][0]
        lines = (  # the supply chain: parties in the OCDS release, once each
            ("Millfield Motors Ltd", "AB1 2CD", "SME", spend - 1000, "LA-GROWTH-1"),
            (" riverside  community trust", "AB1 3EF", "VCSE and SME", 1000, "LA-GROWTH-1"),
        )
        path = blank(cli, folder, period)
        assert path.name == f"{period.replace('/', '-')}-return.xlsx"
        fill_return(
            path, folder / "returns" / path.name, contract, delivered=due, date=made, spend=lines
        )
    assert (
        "returns/2026-27-H2-return.xlsx  2026/27-H2  ok"
        in cli(["contract", "check", str(folder)]).stdout
    )
    cli(["contract", "verification", str(folder)])
    fill_verification(
        folder / "verification" / "verification.xlsx",
        {
            (p, k.id): ("verified", "", "Helen Marsh", D(2027, 5, 1))
            for p in ("2026/27-H1", "2026/27-H2")
            for k in contract.kpis
        },
    )
    result = cli(["contract", "report", str(folder), "--as-of", "2027-12-31"])
    first = {n: (folder / "out" / n).read_bytes() for n in OUTPUTS}
    cli(["contract", "report", str(folder), "--as-of", "2027-12-31"])
    assert {n: (folder / "out" / n).read_bytes() for n in OUTPUTS} == first  # the same bytes
    data = json.loads((folder / "out" / "delivery.json").read_text(encoding="utf-8"))
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(schema).iter_errors(data))
    assert (data["schema_version"], data["reporting"], data["year_start"]) == (
        "1.2",
        "half-yearly",
        4,
    )
    jobs = next(k for k in data["kpis"] if k["id"] == "LA-JOBS-1")
    assert [p["period"] for p in jobs["periods"]] == [
        "2026/27-H1", "2026/27-H2", "2027/28-H1", "2027/28-H2", "2028/29-H1", "2028/29-H2"
    ]  # fmt: skip
    h1, h2, h3 = jobs["periods"][:3]
    assert (h1["start"], h1["end"], h1["due"], h1["rating"]) == (
        "2026-04-01",
        "2026-09-30",
        "1.5",
        "Good",
    )
    assert (h2["verified"], h2["verified_to_date"], h2["rating"]) == (
        "0.75",
        "2.25",
        "Requires improvement",
    )
    assert (h3["state"], h3["return_due"]) == ("overdue", "2027-10-30")  # 30 days' grace
    assert data["overdue"] == [{"period": "2027/28-H1", "return_due": "2027-10-30", "days": 62}]
    assert jobs["profile_to_date"] == "4.5" and jobs["rating"] == "Inadequate"
    assert "2027/28-H1 is overdue" in jobs["reason"] and "2027/28-H1" in result.stderr
    # delivery.xlsx: the formulas over the half-years recalculate to the engine's figures
    source = folder / "out" / "delivery.xlsx"
    convert([source], tmp_path / "lo", tmp_path / "profile")
    sheet = openpyxl.load_workbook(tmp_path / "lo" / "delivery.xlsx", data_only=True)["KPIs"]
    rows = {sheet.cell(r, 1).value: r for r in range(10, sheet.max_row + 1)}
    for kpi in data["kpis"]:
        r = rows[kpi["id"]]
        assert Decimal(repr(sheet.cell(r, 8).value)) == Decimal(kpi["verified_to_date"])
        assert sheet.cell(r, 12).value == kpi["rating"] and sheet.cell(r, 14).value == "ok"
    # the PDF says how the contract reports; OCDS observations carry the half-years' dates
    reader = PdfReader(folder / "out" / "delivery.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Reporting half-yearly, by the year from April: periods named like 2026/27-H1" in text
    assert "2027/28-H1" in text and "overdue" in text
    cli(["ocds", str(folder)])
    package = json.loads((folder / "out" / "ocds.json").read_text(encoding="utf-8"))
    metrics = package["releases"][0]["contracts"][0]["implementation"]["metrics"]
    observed = next(m for m in metrics if m["id"] == "LA-JOBS-1")["observations"]
    assert validation_problems(package) == []
    parties = package["releases"][0]["parties"]
    assert [
        (p["name"], p["roles"], p["details"]) for p in parties if p["id"].startswith("sub")
    ] == [
        ("Millfield Motors Ltd", ["subcontractor"], {"vcse": False, "scale": "sme"}),
        ("riverside community trust", ["subcontractor"], {"vcse": True, "scale": "sme"}),
    ]
    first = next(o for o in observed if o["id"] == "LA-JOBS-1-2026/27-H1-delivered")
    assert first["period"]["startDate"] == "2026-04-01T00:00:00Z"
    assert first["period"]["endDate"].startswith("2026-09-30T23:59:59")
