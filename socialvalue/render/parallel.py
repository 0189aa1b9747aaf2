"""Render separate documents in separate processes (one WeasyPrint render uses one core)."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from datetime import datetime
from pathlib import Path

import attrs

from .pdf import AttachmentSpec, RenderError, RenderInfo, Variant, render_pdf


def _paths(items: Iterable[Path | str]) -> tuple[Path, ...]:
    return tuple(Path(item) for item in items)


def _attachments(items: Iterable[AttachmentSpec]) -> tuple[AttachmentSpec, ...]:
    return tuple(items)


@attrs.frozen
class RenderJob:
    """Everything one :func:`render_pdf` call needs, picklable for a worker process."""

    html: str
    out_path: Path = attrs.field(converter=Path)
    asset_dirs: tuple[Path, ...] = attrs.field(converter=_paths)
    created: datetime
    variant: Variant = "pdf/ua-1"
    attachments: tuple[AttachmentSpec, ...] = attrs.field(default=(), converter=_attachments)

    def run(self) -> RenderInfo:
        """Render this job here; any failure becomes a :class:`RenderError` naming the file."""
        try:
            return render_pdf(
                self.html,
                self.out_path,
                asset_dirs=list(self.asset_dirs),
                variant=self.variant,
                attachments=self.attachments,
                created=self.created,
            )
        except RenderError:
            raise
        except Exception as exc:
            raise RenderError(self.out_path, f"{type(exc).__name__}: {exc}") from exc


def _run(job: RenderJob) -> RenderInfo:
    return job.run()


def _quiet_interrupts() -> None:
    """In a worker: Ctrl-C (sent to the whole process group) ends it without a traceback.

    The parent gets the same Ctrl-C and reports it once; an idle worker's KeyboardInterrupt
    would otherwise print a traceback of the process pool's internals. SystemExit is quiet.
    """
    signal.signal(signal.SIGINT, _exit_quietly)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


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
    workers = min(processes or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        if progress is None:
            return [job.run() for job in jobs]
        infos = []
        for index, job in enumerate(jobs, 1):
            progress(f"rendering {index} of {len(jobs)} documents: {job.out_path.name}")
            infos.append(job.run())
        return infos
    # "spawn": a fresh interpreter per worker, with no inherited threads or library state.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_quiet_interrupts
    ) as pool:
        futures: list[Future[RenderInfo]] = [pool.submit(_run, job) for job in jobs]
        try:
            if progress is not None:
                _count_done(futures, progress)
            return [_result(job, future) for job, future in zip(jobs, futures, strict=True)]
        finally:
            for future in futures:
                future.cancel()


def _count_done(futures: Sequence[Future[RenderInfo]], progress: Callable[[str], None]) -> None:
    """Report each finished render until all are done or the first one fails."""
    total = len(futures)
    progress(f"rendering {total} documents: 0 done")
    for done, future in enumerate(as_completed(futures), 1):
        if future.exception() is not None:
            return
        progress(f"rendering {total} documents: {done} done")


def _result(job: RenderJob, future: Future[RenderInfo]) -> RenderInfo:
    try:
        return future.result()
    except RenderError:
        raise
    except Exception as exc:  # e.g. BrokenProcessPool when a worker dies
        raise RenderError(job.out_path, f"{type(exc).__name__}: {exc}") from exc
