"""The check cache: a rerun parses only the workbooks whose bytes changed, and reports exactly
what a fresh read reports; a damaged entry is parsed again."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialvalue import caches
from socialvalue.forms import bookcache, fill_by_names
from socialvalue.forms.compared import record_made_for
from socialvalue.forms.fields import BidderRef
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
    opened = dict(bookcache.stats)
    changed, partial = check(tender)
    books = {k: bookcache.stats[k] - opened[k] for k in opened}
    monkeypatch.setenv(caches.ENV, "0")
    fresh, _ = check(tender)
    assert changed == fresh != first  # the blank name is reported, as a fresh read reports it
    assert 0 < partial["misses"] < cold["misses"]
    assert books["hits"] >= 3  # the scoresheets naming afon: checked again, not reopened
    damaged = [
        *(tmp_path / "caches" / "check").iterdir(),
        *(tmp_path / "caches" / "books").iterdir(),
    ]
    assert any(entry.parent.name == "books" for entry in damaged)  # the scoresheets' workbooks
    for entry in damaged:
        entry.write_bytes(b"\x80\x05damaged")
    monkeypatch.setenv(caches.ENV, str(tmp_path / "caches"))
    repaired, counts = check(tender)
    assert repaired == fresh and counts["hits"] == 0
    fill_by_names(
        tender / "responses" / "afon.xlsx",
        tender / "responses" / "afon.xlsx",
        {"sv_contact_name": "Someone Else"},
    )
    _, again_changed = check(tender)  # the forms name afon's first bytes: neither old nor new
    assert again_changed["misses"] == 1, again_changed


def _compares(bidders: list[BidderRef], *, data: bytes) -> tuple[str | None, list[str]]:
    """A reader as a scoresheet's: it names bidders a and b with the hashes "1" and "2"."""
    record_made_for({"a": "1", "b": "2"})
    now = {b.key: b.sha256 for b in bidders}
    changed = [k for k, v in {"a": "1", "b": "2"}.items() if now.get(k) != v]
    return ("ok" if not changed else None), changed


def test_a_form_is_parsed_again_only_when_a_response_it_names_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(caches.ENV, str(tmp_path / "caches"))

    def run(**shas: str) -> tuple[tuple[str | None, list[str]], dict[str, int]]:
        bidders = [BidderRef(k, f"responses/{k}.xlsx", v) for k, v in sorted(shas.items())]
        before = dict(checkcache.stats)
        got = checkcache.parse_compared(_compares, b"form", "f" * 64, (bidders,), {})
        return got, {k: checkcache.stats[k] - before[k] for k in before}

    assert run(a="1", b="2", c="3") == (("ok", []), {"hits": 0, "misses": 1})
    assert run(a="1", b="2", c="4") == (("ok", []), {"hits": 1, "misses": 0})  # c not named
    assert run(a="9", b="2", c="4") == ((None, ["a"]), {"hits": 0, "misses": 1})
    assert run(a="8", b="2", c="5") == ((None, ["a"]), {"hits": 1, "misses": 0})  # a differs still
    assert run(a="1", b="2", c="5") == (("ok", []), {"hits": 1, "misses": 0})
    assert run(a="1", b="2") == (("ok", []), {"hits": 0, "misses": 1})  # a bidder fewer
