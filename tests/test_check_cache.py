"""The check cache: a rerun parses only the workbooks whose bytes changed, and reports exactly
what a fresh read reports; a damaged entry is parsed again."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialvalue import caches
from socialvalue.forms import fill_by_names
from socialvalue.tender import checkcache
from socialvalue.tender.inputs import check_tender
from socialvalue.workflow import copy_example


def check(folder: Path) -> tuple[str, dict[str, int]]:
    before = dict(checkcache.stats)
    report = check_tender(folder)
    return repr(report), {k: checkcache.stats[k] - before[k] for k in before}


def test_a_rerun_parses_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(caches.ENV, str(tmp_path / "caches"))
    tender = copy_example(tmp_path / "tender")
    first, cold = check(tender)
    again, warm = check(tender)
    assert cold["hits"] == 0 and cold["misses"] >= 10  # 6 responses, 3 sheets, moderation
    assert warm == {"hits": cold["misses"], "misses": 0}
    assert again == first
    fill_by_names(
        tender / "responses" / "afon.xlsx",
        tender / "responses" / "afon.xlsx",
        {"sv_bidder_name": None},
    )
    changed, partial = check(tender)
    monkeypatch.setenv(caches.ENV, "0")
    fresh, _ = check(tender)
    assert changed == fresh != first  # the blank name is reported, as a fresh read reports it
    assert 0 < partial["misses"] < cold["misses"]
    for entry in (tmp_path / "caches" / "check").iterdir():
        entry.write_bytes(b"\x80\x05damaged")
    monkeypatch.setenv(caches.ENV, str(tmp_path / "caches"))
    repaired, counts = check(tender)
    assert repaired == fresh and counts["hits"] == 0
