"""Units behind ``init``/``check``: working days in each UK jurisdiction, the key dates' order,
placeholders and tags in tender.yaml, the one proxy set lookup, and how init writes values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from forms_support import PROXIES, RUBRIC, TENDER

from socialvalue.errors import InputError, Problems
from socialvalue.rubric.proxies import find_proxy_set, load_proxy_set_ref
from socialvalue.tender.config import load_tender, placeholder_problems
from socialvalue.tender.dates import (
    bank_holidays,
    check_dates,
    nth_working_day_after,
    working_days_after,
)
from socialvalue.tender.scaffold import rubric_ref, yaml_text
from socialvalue.testing import make_tender_folder

D = dt.date


@pytest.mark.parametrize(
    ("day", "holiday_in"),
    [
        (D(2026, 4, 6), {"England and Wales", "Northern Ireland"}),  # Easter Monday
        (D(2026, 4, 3), {"England and Wales", "Scotland", "Northern Ireland"}),  # Good Friday
        (D(2026, 11, 30), {"Scotland"}),  # St Andrew's Day
        (D(2026, 1, 2), {"Scotland"}),  # 2 January
        (D(2026, 3, 17), {"Northern Ireland"}),  # St Patrick's Day
        (D(2026, 7, 13), {"Northern Ireland"}),  # Battle of the Boyne, observed
        (D(2026, 8, 31), {"England and Wales", "Northern Ireland"}),  # late summer
        (D(2026, 8, 3), {"Scotland"}),  # Scotland's summer bank holiday
    ],
)
def test_bank_holidays_differ_by_jurisdiction(day: dt.date, holiday_in: set[str]) -> None:
    for jurisdiction in ("England and Wales", "Scotland", "Northern Ireland"):
        assert (day in bank_holidays(jurisdiction, day, day)) == (jurisdiction in holiday_in)


def test_working_days_are_counted_from_the_day_after() -> None:
    friday = D(2026, 3, 20)
    assert working_days_after(friday, friday, "England and Wales") == 0
    assert working_days_after(friday, D(2026, 3, 22), "England and Wales") == 0  # the weekend
    assert working_days_after(friday, D(2026, 3, 23), "England and Wales") == 1
    assert working_days_after(friday, D(2026, 3, 31), "England and Wales") == 7
    assert nth_working_day_after(friday, 8, "England and Wales") == D(2026, 4, 1)
    # Over Easter 2026: Good Friday and Easter Monday in England, Good Friday only in Scotland.
    award = D(2026, 3, 27)
    assert nth_working_day_after(award, 8, "England and Wales") == D(2026, 4, 10)
    assert nth_working_day_after(award, 8, "Scotland") == D(2026, 4, 9)
    # Over Christmas and the new year: Scotland keeps 2 January too (a Saturday in 2027, so
    # Monday 4 January instead).
    assert nth_working_day_after(D(2026, 12, 22), 8, "England and Wales") == D(2027, 1, 6)
    assert nth_working_day_after(D(2026, 12, 22), 8, "Scotland") == D(2027, 1, 7)


def dates_problems(dates: dict[str, dt.date], jurisdiction: str = "England and Wales") -> list[str]:
    problems = Problems("tender.yaml")
    check_dates(
        {k: (v, i + 1, 3) for i, (k, v) in enumerate(dates.items())}, jurisdiction, problems
    )
    return [str(p) for p in problems.items]


def test_only_the_dates_given_are_compared() -> None:
    assert dates_problems({}) == []
    assert dates_problems({"deadline": D(2026, 2, 1)}) == []
    assert dates_problems({"published": D(2026, 2, 1), "award": D(2026, 2, 1)}) == []  # equal
    assert dates_problems({"standstill_end": D(2026, 1, 1), "published": D(2026, 2, 1)}) == [
        "tender.yaml:1:3: standstill_end 2026-01-01 is before published 2026-02-01 (line 2): "
        "the key dates go published, clarifications, deadline, evaluation, moderation, award, "
        "standstill_end"
    ]


def test_a_standstill_end_before_the_award_is_reported_once() -> None:
    found = dates_problems({"award": D(2026, 3, 27), "standstill_end": D(2026, 3, 20)})
    assert len(found) == 1 and "is before award" in found[0]


def test_a_standstill_of_eight_working_days_passes() -> None:
    award = {"award": D(2026, 3, 27)}
    assert dates_problems({**award, "standstill_end": D(2026, 4, 10)}) == []
    assert dates_problems({**award, "standstill_end": D(2026, 4, 9)}, "Scotland") == []
    (found,) = dates_problems({**award, "standstill_end": D(2026, 4, 9)})
    assert found.startswith("tender.yaml:2:3: standstill_end 2026-04-09 is 7 working days")


def test_placeholders_and_other_tags(tmp_path: Path) -> None:
    text = TENDER.replace("title: Test contract", "title: !placeholder Test contract")
    make_tender_folder(tmp_path / "a", text, {"rubric.yaml": RUBRIC}, template=False)
    tender = load_tender(tmp_path / "a")
    (problem,) = placeholder_problems(tender, "warning")
    assert str(problem) == (
        "tender.yaml:2:8: warning: title is a placeholder that `socialvalue init` wrote "
        "(Test contract): write the real value in its place and delete `!placeholder`"
    )
    assert placeholder_problems(tender, keys=("buyer",)) == []
    text = TENDER.replace("title: Test contract", "title: !placehodler Test contract")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "tender.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_tender(tmp_path / "b")
    assert [str(p) for p in caught.value.problems] == [
        "tender.yaml:2:8: unknown tag `!placehodler` on title: the only tag tender.yaml knows "
        "is `!placeholder` (a stand-in still to be replaced)"
    ]


def test_one_proxy_set_lookup_for_paths_and_ids(tmp_path: Path) -> None:
    (tmp_path / "proxies").mkdir()
    (tmp_path / "proxies" / "mine.yaml").write_text(
        PROXIES.replace("id: test-proxies", "id: mine"), encoding="utf-8"
    )
    (tmp_path / "other.yaml").write_text(PROXIES, encoding="utf-8")
    assert find_proxy_set("mine", tmp_path) == tmp_path / "proxies" / "mine.yaml"
    assert find_proxy_set("proxies/mine.yaml", tmp_path) == tmp_path / "proxies" / "mine.yaml"
    loaded = load_proxy_set_ref("other.yaml", tmp_path)  # a path: taken as it is
    assert loaded is not None and loaded.id == "test-proxies"
    with pytest.raises(InputError, match="holds proxy set `test-proxies`, not `other`"):
        load_proxy_set_ref("other", tmp_path)  # an id: the file must hold that set
    assert load_proxy_set_ref("nothing-like-it", tmp_path) is None


def test_init_writes_values_yaml_reads_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in ("T-1", "LJ-2026-014", "tutorial", "../my/rubric.yaml"):
        assert yaml_text(text) == text
    for text in ("2026", "yes", "A: B", "#1", " x", "null", "1e3"):
        assert yaml_text(text).startswith('"'), text
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text("id: x\n", encoding="utf-8")
    assert rubric_ref("tutorial", Path("t")) == "tutorial"
    assert rubric_ref("r.yaml", Path("t")) == "../r.yaml"
    assert rubric_ref("r.yaml", Path("a/b")) == "../../r.yaml"
    assert rubric_ref("t/r.yaml", Path("t")) == "r.yaml"
