"""Responses parsed on every core (socialvalue.tender.pool_read) give what one process gives:
the same results in the same order, from workers and from here, cached or not; a worker that
dies costs time, not results."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from socialvalue import caches
from socialvalue.tender import checkcache, pool_read
from socialvalue.tender.collector import ReadOnce
from socialvalue.tender.inputs import check_tender
from socialvalue.workflow import copy_example

PARENT = os.getpid()


def whose(path: str, *, data: bytes, scale: int) -> tuple[tuple[str, int, int], list[Any]]:
    """A reader that takes a moment and says which process read what."""
    time.sleep(0.02)
    return (path, len(data) * scale, os.getpid()), []


def dies_in_a_worker(path: str, *, data: bytes, scale: int) -> tuple[object, list[Any]]:
    if os.getpid() != PARENT:
        os._exit(3)  # a worker killed mid-read (as the OOM killer would)
    return (path, len(data) * scale), []


def tasks(count: int) -> list[pool_read.Task]:
    return [
        pool_read.Task(ReadOnce(b"x" * n, f"{n:064x}"), (f"file-{n}",), {}) for n in range(count)
    ]


@pytest.fixture
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(caches.ENV, "0")


def test_workers_and_this_process_share_the_files_and_keep_their_order(no_cache: None) -> None:
    got = pool_read.parse_all(whose, tasks(80), {"scale": 2}, processes=2)
    assert [r[0][:2] for r in got] == [(f"file-{n}", 2 * n) for n in range(80)]
    pids = [r[0][2] for r in got]
    assert PARENT in pids  # this process parsed from the front ...
    assert set(pids) - {PARENT}  # ... and a worker from the end
    assert pids[0] == PARENT and pids[-1] != PARENT


def test_few_files_or_one_core_start_no_worker(no_cache: None) -> None:
    few = pool_read.parse_all(whose, tasks(pool_read.POOL_FROM - 1), {"scale": 1}, processes=4)
    alone = pool_read.parse_all(whose, tasks(60), {"scale": 1}, processes=1)
    assert {r[0][2] for r in few + alone} == {PARENT}


def test_a_worker_that_dies_costs_nothing_but_time(no_cache: None) -> None:
    got = pool_read.parse_all(dies_in_a_worker, tasks(60), {"scale": 3}, processes=2)
    assert [r[0] for r in got] == [(f"file-{n}", 3 * n) for n in range(60)]


def test_an_unreadable_file_keeps_its_problem_and_its_place(no_cache: None) -> None:
    items = tasks(30)
    why = object()
    items[5] = pool_read.Task(ReadOnce(None, "", why), ("file-5",), {})  # type: ignore[arg-type]
    got = pool_read.parse_all(whose, items, {"scale": 1}, processes=2)
    assert got[5] == (None, [why])
    assert [r[0][0] for i, r in enumerate(got) if i != 5] == [
        f"file-{n}" for n in range(30) if n != 5
    ]


def test_what_the_workers_parse_is_cached_for_the_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(caches.ENV, str(tmp_path / "caches"))
    before = dict(checkcache.stats)
    first = pool_read.parse_all(whose, tasks(40), {"scale": 1}, processes=2)
    again = pool_read.parse_all(whose, tasks(40), {"scale": 1}, processes=2)
    assert again == first  # the pids too: served from the cache, not parsed again
    assert checkcache.stats["misses"] - before["misses"] == 40
    assert checkcache.stats["hits"] - before["hits"] == 40


def test_the_example_checks_the_same_on_one_core_and_in_the_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_cache: None
) -> None:
    folder = copy_example(tmp_path / "tender")
    alone = check_tender(folder, processes=1)
    monkeypatch.setattr(pool_read, "POOL_FROM", 2)  # six responses: a worker takes some
    pooled = check_tender(folder, processes=2)
    assert pooled == alone
    assert alone.inputs is not None and len(alone.inputs.responses) == 6
