"""Render separate documents in separate processes (one WeasyPrint render uses one core)."""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
)
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TypeVar

import attrs
import jinja2

from ..errors import display_path
from ..memory import release_memory
from ..workers import start_worker as _start_worker
from . import cache as render_cache
from .environment import TemplateRefused
from .pdf import AttachmentSpec, RenderError, RenderInfo, Variant, make_environment, render_pdf

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


def _paths(items: Iterable[Path | str]) -> tuple[Path, ...]:
    return tuple(Path(item) for item in items)


def _attachments(items: Iterable[AttachmentSpec]) -> tuple[AttachmentSpec, ...]:
    return tuple(items)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen
class Template:
    """HTML still to be made: a template and its context, rendered where the job runs, so
    that the process handing out the jobs never holds every document's HTML at once."""

    name: str
    context: dict[str, Any] = attrs.field(repr=False)
    template_dirs: tuple[Path, ...] = attrs.field(converter=_paths)

    def render(self) -> str:
        return _environment(self.template_dirs).get_template(self.name).render(**self.context)


@functools.lru_cache(maxsize=4)  # one per process and set of template folders
def _environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    return make_environment(template_dirs)


@attrs.frozen
class RenderJob:
    """Everything one :func:`render_pdf` call needs, picklable for a worker process."""

    #: The document, or the template that makes it.
    html: str | Template
    out_path: Path = attrs.field(converter=Path)
    asset_dirs: tuple[Path, ...] = attrs.field(converter=_paths)
    created: datetime
    variant: Variant | None = "pdf/ua-1"
    attachments: tuple[AttachmentSpec, ...] = attrs.field(default=(), converter=_attachments)
    #: Anchors whose pages to report (see :attr:`RenderInfo.anchors`).
    anchors: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    #: False: lay out and report only; no file is written.
    write: bool = True
    #: A render cache folder (:mod:`~socialvalue.render.cache`): None renders afresh.
    cache: Path | None = None

    def run(self) -> RenderInfo:
        """Render this job here, or copy its cached render; any failure becomes a
        :class:`RenderError` naming the file."""
        try:
            return self._cached_or_rendered()
        except RenderError:
            raise
        except jinja2.TemplateSyntaxError as exc:  # e.g. in a tender's own template override
            where = f"{display_path(exc.filename or exc.name or '?')}:{exc.lineno}"
            raise RenderError(self.out_path, f"{where}: {exc.message}") from exc
        except TemplateRefused as exc:  # a symbolic link, a device, an enormous file
            raise RenderError(self.out_path, f"{display_path(exc.path)} {exc.reason}") from exc
        except jinja2.exceptions.SecurityError as exc:  # a template reaching outside the sandbox
            raise RenderError(
                self.out_path, f"a template tried something the sandbox forbids: {exc}"
            ) from exc
        except Exception as exc:
            raise RenderError(self.out_path, f"{type(exc).__name__}: {exc}") from exc

    def _cached_or_rendered(self) -> RenderInfo:
        html = self.html if isinstance(self.html, str) else self.html.render()
        if self.cache is None:
            return self._render(html)
        name = render_cache.key(
            html,
            asset_dirs=self.asset_dirs,
            variant=self.variant,
            attachments=self.attachments,
            created=self.created,
            anchors=self.anchors,
            write=self.write,
        )
        cached = render_cache.fetch(self.cache, name, self.out_path, self.write)
        if cached is not None:
            return cached
        started = time.perf_counter()
        info = self._render(html)
        render_cache.store(self.cache, name, info, self.write, time.perf_counter() - started)
        return info

    def _render(self, html: str) -> RenderInfo:
        return render_pdf(
            html,
            self.out_path,
            asset_dirs=list(self.asset_dirs),
            variant=self.variant,
            attachments=self.attachments,
            created=self.created,
            anchors=self.anchors,
            write=self.write,
        )


class Job(Protocol[T_co]):
    """Work for a :class:`WorkerPool`: picklable, with an output path to name in errors."""

    @property
    def out_path(self) -> Path: ...

    def run(self) -> T_co: ...


def _run(job: Job[T]) -> T:
    """In a worker: run the job, then give back what it freed (workers live for many jobs)."""
    try:
        return job.run()
    finally:
        release_memory()


def _process_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )


class WorkerPool:
    """Run jobs in up to ``processes`` worker processes, or here when ``processes <= 1``.

    ``submit`` returns a future; in serial mode the job runs at once (and a failure raises at
    once) and the future is already done. Leaving the ``with`` block cancels jobs not yet
    started. Workers are started with "spawn": a fresh interpreter each, with no inherited
    threads or library state.
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: Executor | None = None

    def __enter__(self) -> WorkerPool:
        if self.processes > 1:
            self._pool = _process_pool(self.processes)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, job: Job[T]) -> Future[T]:
        if self._pool is not None:
            return self._pool.submit(_run, job)
        future: Future[T] = Future()
        future.set_result(job.run())  # a failure raises here: nothing later starts
        return future


def run_each_alone(jobs: Sequence[Job[T]], processes: int) -> list[T]:
    """Run each job in a fresh process of its own, up to ``processes`` at a time; in order.

    For jobs that hold a lot of memory while they run: it goes back to the system when their
    process ends. (ProcessPoolExecutor's ``max_tasks_per_child`` would do the same, but it can
    hang on Python 3.11 when workers are replaced.) Runs here when ``processes <= 1``.
    """
    if processes <= 1:
        return [job.run() for job in jobs]

    def alone(job: Job[T]) -> T:
        with _process_pool(1) as pool:
            return pool.submit(_run, job).result()

    with ThreadPoolExecutor(max_workers=processes) as threads:
        futures = [threads.submit(alone, job) for job in jobs]
        return [result(job, future) for job, future in zip(jobs, futures, strict=True)]


def result(job: Job[T], future: Future[T]) -> T:
    """The job's result; a failure becomes a :class:`RenderError` naming its output file."""
    try:
        return future.result()
    except RenderError:
        raise
    except Exception as exc:  # e.g. BrokenProcessPool when a worker dies
        raise RenderError(job.out_path, f"{type(exc).__name__}: {exc}") from exc


def worker_count(processes: int | None, jobs: int) -> int:
    """How many workers to start for ``jobs`` jobs: one per CPU by default, at most ``jobs``."""
    return max(1, min(processes or os.cpu_count() or 1, jobs))


def render_many(
    jobs: Sequence[RenderJob],
    processes: int | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[RenderInfo]:
    """Render ``jobs`` in up to ``processes`` worker processes (default: one per CPU).

    Results come back in the order of ``jobs``. Runs serially in this process for one job or
    ``processes == 1``. The first failure (in job order) is raised as a :class:`RenderError`
    naming its output file; jobs not yet started are cancelled. ``progress``, if given, is
    called with a short line (``rendering 3 of 7 documents ...``) as the work goes on.
    """
    workers = worker_count(processes, len(jobs))
    if workers <= 1 and progress is not None:
        infos = []
        for index, job in enumerate(jobs, 1):
            progress(f"rendering {index} of {len(jobs)} documents: {job.out_path.name}")
            infos.append(job.run())
        return infos
    done = DoneCounter(len(jobs), progress)
    with WorkerPool(workers) as pool:
        futures: list[Future[RenderInfo]] = [pool.submit(job) for job in jobs]
        for future in futures:
            future.add_done_callback(done.one)
        return [result(job, future) for job, future in zip(jobs, futures, strict=True)]


class DoneCounter:
    """Reports ``rendering N documents: k done`` as jobs finish (use :meth:`one` as a future's
    done-callback). A failed or cancelled job is not counted: its error is reported instead."""

    def __init__(self, total: int, progress: Callable[[str], None] | None) -> None:
        self.total, self.done, self.progress = total, 0, progress
        if progress is not None:
            progress(f"rendering {total} documents: 0 done")

    def one(self, future: Future[Any] | None = None) -> None:
        if future is not None and (future.cancelled() or future.exception() is not None):
            return
        self.done += 1
        if self.progress is not None:
            self.progress(f"rendering {self.total} documents: {self.done} done")
