"""Parse many response workbooks on every core: this process and worker processes beside it.

``check`` reads each bid's bytes once here (:mod:`.collector`), then parses them with the same
reader it always uses (:func:`~socialvalue.forms.read_response`), so every safety check is the
same wherever a workbook is parsed. What the check cache (:mod:`.checkcache`) already knows is
taken from it; the rest are handed out: the workers take them from the end of the list and
this process parses from the front, taking over any a worker has not started, so no core waits
for the workers' start-up. Results come back in the files' order. Below :data:`POOL_FROM`
workbooks to parse, or with one core, nothing is started. A worker that fails or dies (a
hostile file could exhaust it) costs nothing but time: its workbook is parsed here again, and
behaves exactly as it would without the pool.

Workers are forked when no other thread runs here (they start at once, the readers already
imported), else spawned; either way they die with this process (:mod:`socialvalue.workers`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

import attrs

from ..workers import start_worker
from . import checkcache
from .collector import ReadOnce

T = TypeVar("T")
#: Fewer workbooks than this to parse are parsed here: starting a worker (a fork, or about half
#: a second to spawn one and import the readers) and sending it the rubric would cost more
#: than it saves.
POOL_FROM = 24
#: What every task shares (the rubric, the proxies ...), set once in each worker.
_SHARED: dict[str, Any] = {}


@attrs.frozen
class Task:
    """One workbook to parse: its bytes read once, and the reader's own arguments."""

    read: ReadOnce
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


def parse_all(
    reader: Callable[..., tuple[T | None, list[Any]]],
    tasks: Sequence[Task],
    shared: dict[str, Any],
    processes: int | None = None,
) -> list[tuple[T | None, list[Any]]]:
    """``reader(*task.args, data=<bytes>, **shared, **task.kwargs)`` for each task, in order,
    as :meth:`ReadOnce.parse` gives it (cached results reused, fresh ones kept)."""
    results: list[tuple[T | None, list[Any]] | None] = [None] * len(tasks)
    todo: list[tuple[int, str | None]] = []
    for index, task in enumerate(tasks):
        if task.read.data is None:
            results[index] = (None, task.read.problems)
            continue
        name, found = checkcache.lookup(
            reader, task.read.sha256, task.args, {**shared, **task.kwargs}
        )
        if found is not None:
            results[index] = found
        else:
            todo.append((index, name))
    workers = min((processes or os.cpu_count() or 1) - 1, len(todo) // 2)
    if len(todo) < POOL_FROM or workers < 1:
        for index, name in todo:
            results[index] = _here(reader, tasks[index], shared, name)
        return [r for r in results if r is not None]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_start,
        initargs=(os.getpid(), shared),
    ) as pool:
        futures: dict[int, Future[tuple[T | None, list[Any]]]] = {}
        for index, _ in reversed(todo):  # the workers start from the end
            task = tasks[index]
            data = task.read.data or b""  # never empty here: unread files are answered above
            futures[index] = pool.submit(_parse, reader, data, task.args, task.kwargs)
        for index, name in todo:
            future = futures[index]
            if future.cancel():  # not started: parse it here
                results[index] = _here(reader, tasks[index], shared, name)
                continue
            try:
                result = future.result()
            except Exception:  # a worker died or failed: parsed here, as without the pool
                results[index] = _here(reader, tasks[index], shared, name)
                continue
            checkcache.keep(name, result)
            results[index] = result
    return [r for r in results if r is not None]


def _context() -> multiprocessing.context.BaseContext:
    """ "fork" where it is safe (POSIX, and no other thread that a fork could catch holding a
    lock): the workers start at once with the readers already imported; else "spawn"."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _here(
    reader: Callable[..., tuple[T | None, list[Any]]],
    task: Task,
    shared: dict[str, Any],
    name: str | None,
) -> tuple[T | None, list[Any]]:
    result = reader(*task.args, data=task.read.data, **shared, **task.kwargs)
    checkcache.keep(name, result)
    return result


def _start(parent: int, shared: dict[str, Any]) -> None:
    start_worker(parent)
    _SHARED.update(shared)


def _parse(
    reader: Callable[..., tuple[T | None, list[Any]]],
    data: bytes,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[T | None, list[Any]]:
    """In a worker: the reader on these bytes, with the shared arguments."""
    return reader(*args, data=data, **_SHARED, **kwargs)
