"""Render the pack's parts and the summaries in parallel, then join the parts into volumes.

The order of work on the worker processes (see :mod:`socialvalue.pack.parts` for the split):

1. a provisional layout of the front matter (to learn how many pages it takes), every part
   after it, then every assessment summary;
2. once the parts' page counts are known: the volumes are planned, and the front matter is
   rendered with the real page of every contents entry (again if that changed its length);
3. once every render is done, each volume is joined from its parts, with page numbers stamped
   on (in parallel, each join in a process of its own).

Summaries are queued after the parts, a few at a time, so that they fill the cores while the
last parts and the front matter finish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from ..render import RenderError, RenderInfo, RenderJob
from ..render.html import HtmlDocument
from ..render.merge import MergeJob
from ..render.parallel import (
    DoneCounter,
    Template,
    WorkerPool,
    result,
    run_each_alone,
    worker_count,
)
from ..render.pdf import AttachmentSpec, Bookmark
from .parts import (
    FRONT_ANCHORS,
    front_contents,
    page_labels,
    place_anchors,
    plan_volumes,
)

PACK_TEMPLATE = "pack/pack.html.j2"
NUMBERS_TEMPLATE = "pack/page-numbers.html.j2"
#: How often the front matter may be laid out again because its own length changed.
FRONT_ATTEMPTS = 3


@attrs.frozen
class PackPlan:
    """Everything needed to render a pack and its summaries; picklable."""

    template_dirs: tuple[Path, ...]
    #: The front part's template context (contents pages are filled in when known).
    front: dict[str, Any] = attrs.field(repr=False)
    #: The parts after the front matter, in order, written into a scratch folder.
    parts: tuple[RenderJob, ...] = attrs.field(repr=False)
    summaries: tuple[RenderJob, ...] = attrs.field(repr=False)
    #: Volume 1's path (``pack.pdf``); later volumes are named after it.
    out_path: Path
    #: Attached to volume 1 (PDF/A-3a only).
    attachments: tuple[AttachmentSpec, ...] = ()
    #: The HTML documents (``--html``), from the same contexts as the PDFs.
    html: tuple[HtmlDocument, ...] = attrs.field(default=(), repr=False)


@attrs.frozen
class RenderedPack:
    """What :func:`render_plan` wrote."""

    volumes: tuple[RenderInfo, ...]
    summaries: tuple[RenderInfo, ...]
    #: Pages of each document the pack was rendered as: the front matter, then the parts.
    part_pages: tuple[int, ...] = ()

    @property
    def pages(self) -> int:
        return sum(v.pages for v in self.volumes)


def volume_path(first: Path, number: int) -> Path:
    """``pack.pdf`` for volume 1, ``pack-volume-2.pdf`` and so on after it."""
    return first if number == 1 else first.with_name(f"{first.stem}-volume-{number}{first.suffix}")


def render_plan(
    plan: PackPlan,
    processes: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> RenderedPack:
    """Render ``plan`` on up to ``processes`` worker processes (default: one per CPU)."""
    if not plan.parts:
        raise ValueError("a pack has at least one part after the front matter")
    total = len(plan.parts) + len(plan.summaries) + 1
    workers = worker_count(processes, total)
    done = DoneCounter(total, progress)
    scratch = plan.parts[0].out_path.parent
    with _named_as_pack(plan.out_path, scratch), WorkerPool(workers) as pool:
        queue = _Queue(pool, workers, plan.summaries, done)
        provisional_job = _front_job(plan, scratch, None, write=False)
        provisional = pool.submit(provisional_job)
        part_futures = [queue.track(pool.submit(job)) for job in plan.parts]
        queue.run_until([provisional, *part_futures])
        parts = [result(j, f) for j, f in zip(plan.parts, part_futures, strict=True)]
        front, volumes, overlays = _front(
            plan, queue, scratch, parts, result(provisional_job, provisional).pages
        )
        done.one()
        summaries = queue.finish()
    # Joined once every render is done and its worker gone, each join in a fresh process that
    # ends with it: a join holds its whole volume in memory, and the memory stays with the process.
    merges = _merge_jobs(plan, front, parts, volumes, overlays)
    if progress is not None:
        progress(f"joining the pack's {len(merges)} volume(s)")
    joined = tuple(run_each_alone(merges, worker_count(processes, len(merges))))
    return RenderedPack(joined, summaries, (front.pages, *(p.pages for p in parts)))


@contextmanager
def _named_as_pack(pack: Path, scratch: Path) -> Iterator[None]:
    """A part's failure names the pack, not the part's file in the scratch folder."""
    try:
        yield
    except RenderError as exc:
        if exc.path.parent != scratch:
            raise
        raise RenderError(pack, exc.message) from exc


class _Queue:
    """Feeds the summaries to the pool a few at a time, so that the front matter and the
    page-number overlays, submitted once the parts are done, do not wait behind every summary."""

    def __init__(
        self, pool: WorkerPool, workers: int, summaries: Sequence[RenderJob], done: DoneCounter
    ) -> None:
        self.pool, self.workers, self.done = pool, workers, done
        self.waiting = list(summaries)
        self.summaries: list[tuple[RenderJob, Future[RenderInfo]]] = []
        self.running: set[Future[Any]] = set()

    def track(self, future: Future[Any]) -> Future[Any]:
        future.add_done_callback(self.done.one)
        self.running.add(future)
        return future

    def _top_up(self) -> None:
        self.running = {f for f in self.running if not f.done()}
        while self.waiting and len(self.running) <= self.workers:
            job = self.waiting.pop(0)
            self.summaries.append((job, self.track(self.pool.submit(job))))

    def run_until(self, futures: Sequence[Future[Any]]) -> None:
        """Keep the workers busy with summaries until ``futures`` are all done."""
        self._top_up()
        pending = {f for f in futures if not f.done()}
        while pending:
            wait(pending | self.running, return_when=FIRST_COMPLETED)
            pending = {f for f in futures if not f.done()}
            self._top_up()

    def finish(self) -> tuple[RenderInfo, ...]:
        while self.waiting or any(not f.done() for _, f in self.summaries):
            self.run_until([f for _, f in self.summaries])
        return tuple(result(job, future) for job, future in self.summaries)


def _front_job(
    plan: PackPlan, scratch: Path, contents: list[dict[str, Any]] | None, *, write: bool = True
) -> RenderJob:
    """The front matter's render job; ``contents`` None gives the provisional layout."""
    context = dict(plan.front)
    context["contents"] = (
        front_contents(plan.front["contents"], None, 1) if contents is None else contents
    )
    first = plan.parts[0]
    return RenderJob(
        Template(PACK_TEMPLATE, context, plan.template_dirs),
        scratch / "0000-front.pdf",
        first.asset_dirs,
        first.created,
        first.variant,
        plan.attachments if write else (),
        anchors=sorted(FRONT_ANCHORS),
        write=write,
        cache=first.cache,
    )


def _front(
    plan: PackPlan,
    queue: _Queue,
    scratch: Path,
    parts: Sequence[RenderInfo],
    front_pages: int,
) -> tuple[RenderInfo, list[list[int]], list[Path]]:
    """Render the front matter with real contents pages and, alongside, each volume's page
    number overlay; returns the front matter, the volume plan and the overlays."""
    part_pages = [p.pages for p in parts]
    anchors = [dict(p.anchors) for p in parts]
    for _ in range(FRONT_ATTEMPTS):
        volumes = plan_volumes(front_pages, part_pages)
        placed = place_anchors(front_pages, part_pages, anchors, volumes)
        job = _front_job(
            plan, scratch, front_contents(plan.front["contents"], placed, len(volumes))
        )
        numbers = _number_jobs(plan, scratch, front_pages, part_pages, volumes)
        futures: list[Future[RenderInfo]] = [
            queue.pool.submit(job),
            *(queue.pool.submit(n) for n in numbers),
        ]
        queue.run_until(futures)
        front = result(job, futures[0])
        overlays = [result(n, f).path for n, f in zip(numbers, futures[1:], strict=True)]
        if front.pages == front_pages:
            return front, volumes, overlays
        front_pages = front.pages
    raise RuntimeError(f"the front matter's length did not settle after {FRONT_ATTEMPTS} tries")


def _number_jobs(
    plan: PackPlan,
    scratch: Path,
    front_pages: int,
    part_pages: Sequence[int],
    volumes: Sequence[Sequence[int]],
) -> list[RenderJob]:
    """One page-number overlay per volume (untagged: it is drawn as an artifact)."""
    first = plan.parts[0]
    jobs = []
    for number, members in enumerate(volumes, 1):
        pages = (front_pages if number == 1 else 0) + sum(part_pages[i] for i in members)
        labels = page_labels(pages, number, len(volumes))
        jobs.append(
            RenderJob(
                Template(
                    NUMBERS_TEMPLATE,
                    {"labels": labels, "created": first.created},
                    plan.template_dirs,
                ),
                scratch / f"numbers-{number}.pdf",
                first.asset_dirs,
                first.created,
                None,
                cache=first.cache,
            )
        )
    return jobs


def _merge_jobs(
    plan: PackPlan,
    front: RenderInfo,
    parts: Sequence[RenderInfo],
    volumes: list[list[int]],
    overlays: Sequence[Path],
) -> list[MergeJob]:
    jobs = []
    for number, members in enumerate(volumes, 1):
        infos = ([front] if number == 1 else []) + [parts[i] for i in members]
        bookmarks: list[Bookmark] = []
        offset = 0
        for info in infos:
            bookmarks.extend(attrs.evolve(b, page=b.page + offset) for b in info.bookmarks)
            offset += info.pages
        jobs.append(
            MergeJob(
                parts=[info.path for info in infos],
                out_path=volume_path(plan.out_path, number),
                bookmarks=bookmarks,
                overlay=overlays[number - 1],
            )
        )
    return jobs
