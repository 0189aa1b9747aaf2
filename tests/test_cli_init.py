"""What ``socialvalue init`` writes must pass ``socialvalue check``: paths that resolve as the
officer typed them, the rubric's proxy set found as ``rubric check`` finds it, placeholders that
``check`` warns about and ``score``, ``evaluate`` and ``pack`` refuse, and key dates in order
with a standstill of at least 8 working days. Through the command, on folders ``init`` made."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from forms_support import PROXIES, RUBRIC

from socialvalue import testing
from socialvalue.forms import fill_response
from socialvalue.rubric import catalogue
from socialvalue.tender.config import load_tender

Invoke = Callable[..., Result]  # the `cli` fixture (tests/conftest.py)

BIDDERS = {"acme": "Acme Services Ltd", "brightway": "Brightway CIC"}
EVALUATORS = ("evaluator-1", "evaluator-2", "evaluator-3")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def position(text: str, needle: str, after: str = "") -> str:
    """``line:column`` of the first ``needle`` in ``text`` (after the first ``after``), 1-based
    as problems name them."""
    index = text.index(needle, text.index("\n" + after) if after else 0)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def fill_in(path: Path, values: dict[str, str]) -> str:
    """The officer writes real values over init's placeholders: each ``key`` (or ``key#n``, to
    give one key several values) replaces the first ``key: !placeholder ...`` line left; returns
    the new text."""
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        name = key.partition("#")[0]
        pattern = re.compile(rf"^( *(?:- )?{re.escape(name)}: )!placeholder .*$", re.M)
        match = pattern.search(text)
        assert match is not None, key
        text = text[: match.start()] + match.group(1) + value + text[match.end() :]
    path.write_text(text, encoding="utf-8")
    return text


FILLED = {
    "title": "Highways maintenance 2026-2029",
    "buyer": "Ashcombe Borough Council",
    "value": "2400000",
    "years": "3",
    "published": "2026-01-12",
    "deadline": "2026-02-20",
    **{f"name#{i}": f"Evaluator Number {i}" for i in (1, 2, 3)},
    **{f"role#{i}": "Panel member" for i in (1, 2, 3)},
}


# ------------------------------------------------------------------- paths as written
def test_a_rubric_path_is_written_relative_to_the_tender_folder(cli: Invoke, here: Path) -> None:
    (here / "my" / "proxies").mkdir(parents=True)
    (here / "my" / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (here / "my" / "proxies" / "test-proxies.yaml").write_text(PROXIES, encoding="utf-8")
    cli(["rubric", "check", "my/rubric.yaml"])
    cli(["init", "t", "--rubric", "my/rubric.yaml", "--reference", "T-1"])
    text = (here / "t" / "tender.yaml").read_text(encoding="utf-8")
    assert "\nrubric: ../my/rubric.yaml\n" in text
    result = cli(["check", "t"])  # placeholders are warnings: exit 0
    lines = result.stdout.splitlines()
    assert "my/rubric.yaml: ok (rubric)" in lines
    assert "my/proxies/test-proxies.yaml: ok (proxy set)" in lines  # as `rubric check` finds it
    assert all(": warning: " in line for line in result.stderr.splitlines()[:-1])


def test_a_rubric_path_from_another_folder(cli: Invoke, here: Path) -> None:
    (here / "work").mkdir()
    (here / "rubrics").mkdir()
    (here / "rubrics" / "ours.yaml").write_text(RUBRIC, encoding="utf-8")
    (here / "rubrics" / "test-proxies.yaml").write_text(PROXIES, encoding="utf-8")
    (here / "tenders").mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(here / "work")
        cli(["init", "../tenders/t", "--rubric", "../rubrics/ours.yaml", "--reference", "T-1"])
    text = (here / "tenders" / "t" / "tender.yaml").read_text(encoding="utf-8")
    assert "\nrubric: ../../rubrics/ours.yaml\n" in text
    assert "rubrics/ours.yaml: ok (rubric)" in cli(["check", "tenders/t"]).stdout


def test_a_shipped_rubric_stays_an_id(cli: Invoke, here: Path) -> None:
    cli(["init", "t", "--rubric", "tutorial", "--reference", "T-1"])
    text = (here / "t" / "tender.yaml").read_text(encoding="utf-8")
    assert "\nrubric: tutorial\n" in text
    lines = cli(["check", "t"]).stdout.splitlines()
    assert "socialvalue:rubrics/proxies/example-proxies.yaml: ok (proxy set)" in lines


def test_a_proxy_set_missing_is_named_at_its_line(cli: Invoke, here: Path) -> None:
    cli(["init", "t", "--rubric", "tutorial", "--reference", "T-1"])
    path = here / "t" / "tender.yaml"
    text = path.read_text(encoding="utf-8").replace("# proxy_set: proxies/", "proxy_set: proxies/")
    path.write_text(text, encoding="utf-8")
    result = cli(["check", "t"], exit_code=1)
    where = position(text, "proxies/our-licensed-set.csv\n")
    assert (
        f"t/tender.yaml:{where}: proxy set `proxies/our-licensed-set.csv` not found: "
        "no such file in the tender folder, and no shipped set has this id"
    ) in result.stderr.splitlines()


def test_a_rubric_file_missing_is_named_at_its_line(cli: Invoke, here: Path) -> None:
    (here / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    cli(["init", "t", "--rubric", "r.yaml", "--reference", "T-1"])
    (here / "r.yaml").unlink()
    text = (here / "t" / "tender.yaml").read_text(encoding="utf-8")
    result = cli(["check", "t"], exit_code=1)
    assert result.stderr.splitlines()[0] == (
        f"t/tender.yaml:{position(text, '../r.yaml')}: rubric file `../r.yaml` not found "
        "(a path here is relative to the tender folder)"
    )


# ------------------------------------------------------------------------ placeholders
def test_placeholders_are_warnings_in_check_naming_line_and_column(cli: Invoke, here: Path) -> None:
    cli(["init", "t", "--rubric", "tutorial"])
    text = (here / "t" / "tender.yaml").read_text(encoding="utf-8")
    result = cli(["check", "t"])
    warnings = [line for line in result.stderr.splitlines() if "placeholder" in line]
    assert (
        f"t/tender.yaml:{position(text, '!placeholder Replace with the contract')}: warning: "
        in ("\n".join(warnings))
    )
    assert any(
        line.startswith(f"t/tender.yaml:{position(text, '!placeholder 1000000')}: warning: ")
        and "contract.value" in line
        for line in warnings
    ), warnings
    # reference (from the folder's name), title, buyer, value, years, 3 names and 3 roles and
    # the two dates: every one is named.
    assert len(warnings) == 13, warnings
    assert "t/tender.yaml: 13 warnings (tender)" in result.stdout.splitlines()


def complete_tender(cli: Invoke, here: Path, fill: dict[str, str]) -> Path:
    """``init``, the officer's edits ``fill``, then responses, scoresheets and moderation, all
    complete: everything but tender.yaml's placeholders would let it be scored."""
    cli(["init", "t", "--rubric", "tutorial", "--reference", "T-1"])
    folder = here / "t"
    fill_in(folder / "tender.yaml", fill)
    cli(["template", "t"])
    rubric = catalogue.load("tutorial")
    for key, name in BIDDERS.items():
        fill_response(
            folder / "out" / "response-template.xlsx",
            folder / "responses" / f"{key}.xlsx",
            testing.response_values(
                name,
                quantities={"M1": 2, "M2": 52, "M3": 100},
                evidence={m: f"{name}: plan for {m}." for m in ("M1", "M2", "M3")},
                answers={"W1": f"{name} recruits locally."},
            ),
            rubric,
        )
    cli(["scoresheets", "t"])
    for evaluator in EVALUATORS:
        testing.fill_scoresheet(
            folder / "scores" / f"{evaluator}.xlsx",
            {(key, "W1"): (60, "Credible plan.") for key in BIDDERS},
            {key: ("No", None) for key in BIDDERS},
        )
    cli(["moderation", "t"])
    testing.fill_moderation(
        folder / "moderation.xlsx", {(key, "W1"): (60, "Agreed.") for key in BIDDERS}
    )
    return folder


def test_placeholders_left_in_are_errors_for_score_and_evaluate(cli: Invoke, here: Path) -> None:
    left = ("value", "name#1", "name#2", "name#3")
    folder = complete_tender(cli, here, {k: v for k, v in FILLED.items() if k not in left})
    text = (folder / "tender.yaml").read_text(encoding="utf-8")
    check = cli(["check", "t"])
    assert check.stderr.splitlines()[-1] == "0 problems, 4 warnings found."
    expected = [
        f"t/tender.yaml:{position(text, '!placeholder 1000000')}: contract.value is a "
        "placeholder that `socialvalue init` wrote (1000000): write the real value in its place "
        "and delete `!placeholder`",
        f"t/tender.yaml:{position(text, '!placeholder First')}: evaluators[1].name is a "
        "placeholder that `socialvalue init` wrote (First Evaluator): write the real value in "
        "its place and delete `!placeholder`",
    ]
    for command in ("score", "evaluate"):
        result = cli([command, "t"], exit_code=1)
        lines = result.stderr.splitlines()
        assert lines[:2] == expected, command
        assert len([line for line in lines if "placeholder" in line]) == 4
        assert not (folder / "out" / "results.json").exists()
    fill_in(folder / "tender.yaml", {k: FILLED[k] for k in left})
    check = cli(["check", "t"])
    assert check.stderr.splitlines()[-1] == "0 problems, 0 warnings found."
    cli(["score", "t"])
    # A placeholder put back after scoring: the pack refuses it too.
    path = folder / "tender.yaml"
    text = path.read_text(encoding="utf-8").replace("title: ", "title: !placeholder ", 1)
    path.write_text(text, encoding="utf-8")
    result = cli(["pack", "t"], exit_code=1)
    assert result.stderr.splitlines()[0].startswith(
        f"t/tender.yaml:{position(text, '!placeholder Highways')}: title is a placeholder"
    )
    assert not (folder / "out" / "pack.pdf").exists()


def test_template_refuses_placeholders_printed_for_the_bidders(cli: Invoke, here: Path) -> None:
    cli(["init", "t", "--rubric", "tutorial"])
    text = (here / "t" / "tender.yaml").read_text(encoding="utf-8")
    result = cli(["template", "t"], exit_code=1)
    *lines, count = result.stderr.splitlines()
    assert count == "4 problems found."
    # reference, title, buyer and deadline: printed on the template; not the evaluators' names
    assert [line.split(": ")[0] for line in lines] == [
        f"t/tender.yaml:{position(text, '!placeholder', after=key)}"
        for key in ("reference:", "title:", "buyer:", "  deadline:")
    ]
    assert all("placeholder that `socialvalue init` wrote" in line for line in lines)
    assert not (here / "t" / "out" / "response-template.xlsx").exists()


# -------------------------------------------------------------------------- key dates
def dated(cli: Invoke, here: Path, dates: str, jurisdiction: str | None = None) -> str:
    """An init'ed tender, filled in, with ``dates`` (YAML lines under ``dates:``)."""
    cli(["init", "t", "--rubric", "tutorial", "--reference", "T-1"])
    path = here / "t" / "tender.yaml"
    text = fill_in(path, FILLED)
    start = text.index("\ndates:\n")
    end = text.index("\n\n", start + 1)
    text = text[:start] + "\ndates:\n" + dates + text[end:]
    if jurisdiction is not None:
        text = text.replace("jurisdiction: England and Wales", f"jurisdiction: {jurisdiction}")
    path.write_text(text, encoding="utf-8")
    return text


def test_key_dates_out_of_order_name_the_later_one(cli: Invoke, here: Path) -> None:
    text = dated(
        cli,
        here,
        "  published: 2026-01-12\n  deadline: 2026-01-05\n  evaluation: 2026-01-10\n"
        "  award: 2026-03-27\n  moderation: 2026-03-30\n",
    )
    result = cli(["check", "t"], exit_code=1)
    assert result.stderr.splitlines()[:3] == [
        f"t/tender.yaml:{position(text, '2026-01-05')}: deadline 2026-01-05 is before published "
        f"2026-01-12 (line {position(text, '2026-01-12').split(':')[0]}): the key dates go "
        "published, clarifications, deadline, evaluation, moderation, award, standstill_end",
        f"t/tender.yaml:{position(text, '2026-01-10')}: evaluation 2026-01-10 is before published "
        f"2026-01-12 (line {position(text, '2026-01-12').split(':')[0]}): the key dates go "
        "published, clarifications, deadline, evaluation, moderation, award, standstill_end",
        f"t/tender.yaml:{position(text, '2026-03-27')}: award 2026-03-27 is before moderation "
        f"2026-03-30 (line {position(text, '2026-03-30').split(':')[0]}): the key dates go "
        "published, clarifications, deadline, evaluation, moderation, award, standstill_end",
    ]


def test_the_standstill_counts_england_and_wales_bank_holidays(cli: Invoke, here: Path) -> None:
    # Award on Friday 27 March 2026: Good Friday (3 April) and Easter Monday (6 April) are bank
    # holidays in England and Wales, so day 8 is Friday 10 April, not Wednesday 8 April.
    text = dated(cli, here, "  award: 2026-03-27\n  standstill_end: 2026-04-08\n")
    result = cli(["check", "t"], exit_code=1)
    assert result.stderr.splitlines()[0] == (
        f"t/tender.yaml:{position(text, '2026-04-08')}: standstill_end 2026-04-08 is 6 working "
        "days after award 2026-03-27 in England and Wales (weekends and bank holidays not "
        "counted: Good Friday 2026-04-03, Easter Monday 2026-04-06); the standstill is at "
        "least 8 working days, the day after award being day 1: the earliest standstill_end "
        "is 2026-04-10"
    )


@pytest.mark.parametrize(
    ("award", "end", "ok_in", "short_in"),
    [
        # Easter Monday 2026 is a bank holiday in England and Wales, not in Scotland.
        ("2026-03-27", "2026-04-09", "Scotland", "England and Wales"),
        # St Andrew's Day (Monday 30 November 2026) is one in Scotland only.
        ("2026-11-20", "2026-12-02", "England and Wales", "Scotland"),
        # St Patrick's Day (Tuesday 17 March 2026) is one in Northern Ireland only.
        ("2026-03-09", "2026-03-19", "England and Wales", "Northern Ireland"),
    ],
)
def test_the_standstill_in_each_jurisdiction(
    cli: Invoke, here: Path, award: str, end: str, ok_in: str, short_in: str
) -> None:
    dates = f"  award: {award}\n  standstill_end: {end}\n"
    dated(cli, here, dates, ok_in)
    cli(["check", "t"])
    (here / "t" / "tender.yaml").unlink()
    dated(cli, here, dates, short_in)
    result = cli(["check", "t"], exit_code=1)
    assert f"is 7 working days after award {award} in {short_in}" in result.stderr


def test_an_unknown_jurisdiction_is_named_at_its_line(cli: Invoke, here: Path) -> None:
    text = dated(cli, here, "  award: 2026-03-27\n", "Wales")
    result = cli(["check", "t"], exit_code=1)
    assert result.stderr.splitlines()[0] == (
        f"t/tender.yaml:{position(text, 'Wales', after='jurisdiction:')}: jurisdiction must be one of England and "
        'Wales, Scotland, Northern Ireland; got "Wales"'
    )


def test_what_init_writes_filled_in_passes_check_with_nothing_to_say(
    cli: Invoke, here: Path
) -> None:
    cli(["init", "t", "--rubric", "tutorial", "--reference", "T-1"])
    fill_in(here / "t" / "tender.yaml", FILLED)
    result = cli(["check", "t"])
    assert result.stderr.splitlines() == [
        "t/responses: warning: no responses yet (one .xlsx workbook per bidder goes here)",
        "0 problems, 1 warning found.",
    ]


def test_the_commented_local_area_and_multiplier_pass_check_when_uncommented(
    cli: Invoke, here: Path
) -> None:
    """The ``local_area:`` and ``local_multiplier:`` examples init writes as comments are valid
    tender.yaml once the officer removes the ``# `` in front of them."""
    cli(["init", "t", "--rubric", "tutorial", "--reference", "T-1"])
    path = here / "t" / "tender.yaml"
    text = fill_in(path, FILLED)
    block = re.compile(r"^# (local_(?:area|multiplier):\n(?:#   .*\n)+)", re.M)
    found = block.findall(text)
    assert [b.split(":")[0] for b in found] == ["local_area", "local_multiplier"]
    text = block.sub(lambda m: m.group(1).replace("#   ", "  "), text)
    path.write_text(text, encoding="utf-8")
    result = cli(["check", "t"])
    assert result.stderr.splitlines() == [
        "t/responses: warning: no responses yet (one .xlsx workbook per bidder goes here)",
        "0 problems, 1 warning found.",
    ]
    tender = load_tender(here / "t")
    assert tender.local_area is not None and tender.local_area.contains("HX7 1AA")
    assert tender.local_multiplier is not None
    assert str(tender.local_multiplier.respend.employees) == "0.4"
