"""Build a tender's evaluation pack and assessment summaries from its results.json.

``build_pack`` reads the record, checks that every summary can be explained (before anything is
written), renders the pack (in parts, joined into ``pack.pdf`` and, for a very long pack, further
volumes: see :mod:`.parts` and :mod:`.assemble`) and ``summaries/<bidder>.pdf`` in parallel, and
reports what it wrote. Output bytes depend only on the inputs and the generation date, which is
never the clock: it comes from the tender (``pack.generated``) or ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import attrs

from ..atomic import remove_dead_folders
from ..errors import InputError, display_path
from ..memory import release_memory
from ..model import PackOptions
from ..names import TenderFolder
from ..render import RenderJob, Variant, make_environment
from ..render import cache as render_cache
from ..render.html import HTML_DIR, HtmlDocument, remove_stale, write_html_set
from ..render.parallel import Template
from ..resources import templates_dir
from ..results import RESULTS_JSON
from ..results.json_io import read_results_json
from ..results.record import Record
from ..tender.config import OUT, TENDER_FILE, load_tender, refuse_placeholders
from .assemble import PACK_TEMPLATE, PackPlan, render_plan, volume_path
from .context import pack_context
from .html import pack_html_documents
from .names import summary_file_names
from .not_assessed import not_assessed_contexts
from .parts import split_pack
from .record import pack_record
from .summary import assessed_bidders, check_explanations, summary_contexts

PACK_FILE = "pack.pdf"
SUMMARIES_DIR = "summaries"
SUMMARY_TEMPLATE = "summary/summary.html.j2"
#: The summary of a bid not assessed (tender.yaml's ``bids:``): why, and no scores.
NOT_ASSESSED_TEMPLATE = "summary/not-assessed.html.j2"
#: Scratch folder (in the output folder) for the pack's parts while they are rendered.
PARTS_PREFIX = ".pack-parts-"


@attrs.frozen
class SummaryFile:
    """One bidder's assessment summary."""

    key: str
    name: str
    path: Path
    pages: int


@attrs.frozen
class PackReport:
    """What :func:`build_pack` wrote."""

    #: Volume 1 of the pack (the only one unless the pack is very long).
    pack: Path
    #: Pages in the whole pack, all volumes together.
    pages: int
    summaries: tuple[SummaryFile, ...]
    variant: Variant
    generated: dt.datetime
    seconds: float
    #: Stale summaries from an earlier run (no longer an assessed bidder) that were removed.
    removed: tuple[Path, ...] = ()
    #: URLs the renderer refused (always empty: a refusal fails the build).
    refused: tuple[str, ...] = ()
    #: Every volume of the pack with its pages, volume 1 (``pack``) first.
    volumes: tuple[tuple[Path, int], ...] = ()
    #: The HTML documents' ``index.html`` files (``--html``): the pack's, then each summary's.
    html: tuple[Path, ...] = ()


@attrs.frozen
class Sources:
    """Where the inputs of a build are."""

    results: Path
    tender: Path | None
    out_dir: Path


def locate(
    source: Path | str, out_dir: Path | str | None = None, tender_dir: Path | str | None = None
) -> Sources:
    """Resolve a tender folder or a results.json path into the files a build uses.

    ``tender_dir`` names the tender folder explicitly (for a results.json in a staging folder).
    """
    source = Path(source)
    if source.is_dir():
        results = source / OUT / RESULTS_JSON
        if not results.is_file():
            raise InputError.single(
                TenderFolder(source).name(results),
                "no results.json: score the tender first (`socialvalue score TENDER`)",
            )
        tender: Path | None = source
    elif source.is_file():
        results = source
        tender = (
            Path(tender_dir)
            if tender_dir is not None
            else next(
                (d for d in (source.parent, source.parent.parent) if (d / TENDER_FILE).is_file()),
                None,
            )
        )
    else:
        raise InputError.single(
            TenderFolder(source).name(source), "no such tender folder or results file"
        )
    default_out = tender / OUT if tender is not None and source.is_dir() else results.parent
    return Sources(results, tender, Path(out_dir) if out_dir is not None else default_out)


def generation_date(options: PackOptions | None, where: str) -> dt.datetime:
    """The date printed on the pack: ``pack: generated:`` in tender.yaml, else SOURCE_DATE_EPOCH.

    results.json records no generation date (the record is the evaluation, not the pack).
    """
    if options is not None and options.generated is not None:
        return options.generated
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError.single(
                "SOURCE_DATE_EPOCH", f"must be whole seconds since 1970-01-01, got {epoch!r}"
            ) from None
    raise InputError.single(
        where,
        "no generation date for the pack: set `pack: generated: YYYY-MM-DD` in tender.yaml "
        "(or the SOURCE_DATE_EPOCH environment variable) so that re-running gives identical files",
    )


def template_dirs(tender: Path | None) -> tuple[list[Path], list[Path]]:
    """(template search path, asset search path): the tender's own ``templates/`` first."""
    shipped = templates_dir()
    templates, assets = [shipped], [shipped / "assets"]
    if tender is not None and (tender / "templates").is_dir():
        templates.insert(0, tender / "templates")
        assets.insert(0, tender / "templates" / "assets")
    return templates, assets


def _names(source: Path | str, where: Sources, tender: Path | str | None) -> TenderFolder | None:
    """How problems name files: relative to the tender folder the caller gave (``source`` or
    ``tender``), or, for a results file given on its own, as given (None)."""
    if where.tender is not None and (tender is not None or Path(source).is_dir()):
        return TenderFolder(where.tender)
    return None


def _pack_options(folder: Path | None, names: TenderFolder | None) -> PackOptions | None:
    """The tender's pack options; its problems (a placeholder left in, too) named as
    :func:`_names` says."""
    if folder is None:
        return None
    try:
        tender = load_tender(folder)
        refuse_placeholders(tender)  # they would reach the cover and every summary
        return tender.pack
    except InputError as exc:
        if names is not None:
            raise
        shown = TenderFolder(folder)
        raise InputError([shown.show(p) for p in exc.problems]) from None


def build_pack(
    source: Path | str,
    out_dir: Path | str | None = None,
    archival: bool = False,
    processes: int | None = None,
    *,
    generated: dt.datetime | None = None,
    tender: Path | str | None = None,
    progress: Callable[[str], None] | None = None,
    html: bool = False,
    cache: Path | Literal[False] | None = None,
) -> PackReport:
    """Render ``pack.pdf`` and one assessment summary per assessed bidder.

    ``source`` is a tender folder (reads ``out/results.json``, writes to ``out/``) or a
    results.json path (writes beside it). ``archival`` (or ``pack: archival: true`` in
    tender.yaml) writes PDF/A-3a with results.json attached to the pack; otherwise tagged
    PDF/UA-1. ``generated`` overrides the generation date; ``tender`` names the tender folder
    when ``source`` is a results.json outside it. ``progress``, if given, is called with a short
    line as the documents are rendered. With ``html`` the pack and summaries are also written
    as HTML folders in ``html/`` (from the same contexts); without, a stale ``html/`` from an
    earlier run is removed, so that it never disagrees with the PDFs. ``cache`` is the render cache folder
    (:mod:`socialvalue.render.cache`; default: the user's, unless ``SOCIALVALUE_CACHE=0``;
    False: none), from which unchanged documents are copied instead of rendered again. Problems with the inputs raise :class:`InputError`
    before any file is written; they name files relative to the tender folder given as
    ``source`` or ``tender``, or as given when ``source`` is a results file on its own.
    """
    started = time.perf_counter()
    where = locate(source, out_dir, tender)
    named = _names(source, where, tender)
    results_name = named.name(where.results) if named else display_path(where.results)
    results = pack_record(read_results_json(where.results, results_name), results_name)
    raw = where.results.read_bytes()
    results_sha256 = hashlib.sha256(raw).hexdigest()
    options = _pack_options(where.tender, named)
    tender_name = (
        (named.name if named else display_path)(where.tender / TENDER_FILE)
        if where.tender
        else results_name
    )
    created = generated or generation_date(options, tender_name)
    archival = archival or bool(options and options.archival)
    variant: Variant = "pdf/a-3a" if archival else "pdf/ua-1"
    problems = check_explanations(results, results_name)
    if problems:
        raise InputError(problems)

    if progress is not None:
        progress("preparing the pack and summaries")
    bidders = [(b.key, b.name) for b in assessed_bidders(results)]
    bidders += [(n.key, n.name) for n in results.not_assessed]
    names = summary_file_names([(name, key) for key, name in bidders])
    where.out_dir.mkdir(parents=True, exist_ok=True)
    remove_dead_folders(where.out_dir, [PARTS_PREFIX])  # from a run that was killed
    scratch = where.out_dir / f"{PARTS_PREFIX}{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        plan = pack_plan(
            results,
            where,
            scratch,
            names,
            created=created,
            variant=variant,
            excerpt_words=options.evidence_excerpt_words if options else 60,
            results_sha256=results_sha256,
            cache=render_cache.render_cache_dir() if cache is None else cache or None,
            attachments=[(RESULTS_JSON, raw, "The evaluation record (results.json)")]
            if archival
            else [],
            html=html,
        )
        del results, raw  # the plan holds what the documents need: free the rest first
        release_memory()
        rendered = render_plan(plan, processes, progress)
        html_files = _write_html(where, plan.html, progress) if html else ()
        if plan.parts[0].cache is not None:
            render_cache.prune(plan.parts[0].cache)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summaries_dir = where.out_dir / SUMMARIES_DIR
    written = {summaries_dir / n for n in names}
    removed = tuple(
        sorted(p for p in summaries_dir.glob("*.pdf") if p not in written and p.is_file())
    )
    volumes = {v.path for v in rendered.volumes}
    stale_volumes = tuple(
        sorted(p for p in stale_volume_paths(where.out_dir / PACK_FILE) if p not in volumes)
    )
    for stale in removed + stale_volumes:
        stale.unlink()
    if not html and remove_stale(where.out_dir / HTML_DIR):
        removed += (where.out_dir / HTML_DIR,)
    infos = rendered.volumes + rendered.summaries
    return PackReport(
        pack=rendered.volumes[0].path,
        pages=rendered.pages,
        summaries=tuple(
            SummaryFile(key, name, info.path, info.pages)
            for (key, name), info in zip(bidders, rendered.summaries, strict=True)
        ),
        variant=variant,
        generated=created,
        seconds=time.perf_counter() - started,
        removed=removed + stale_volumes,
        refused=tuple(url for info in infos for url in info.refused),
        volumes=tuple((v.path, v.pages) for v in rendered.volumes),
        html=html_files,
    )


def _write_html(
    where: Sources, documents: tuple[HtmlDocument, ...], progress: Callable[[str], None] | None
) -> tuple[Path, ...]:
    """Write the HTML folders (as one set, replacing ``html/``)."""
    if progress is not None:
        progress(f"writing {len(documents)} HTML documents")
    templates, assets = template_dirs(where.tender)
    return tuple(
        write_html_set(
            where.out_dir / HTML_DIR, documents, template_dirs=templates, asset_dirs=assets
        )
    )


def stale_volume_paths(first: Path) -> list[Path]:
    """Files in ``first``'s folder named like a later volume of the pack."""
    return [
        p
        for p in first.parent.glob(f"{first.stem}-volume-*{first.suffix}")
        if p.is_file() and p.stem.rsplit("-", 1)[-1].isdigit()
    ]


def pack_plan(
    results: Record,
    where: Sources,
    scratch: Path,
    summary_names: list[str],
    *,
    created: dt.datetime,
    variant: Variant,
    excerpt_words: int,
    results_sha256: str,
    attachments: list[tuple[str, bytes, str]],
    html: bool = False,
    cache: Path | None = None,
) -> PackPlan:
    """Every part's and summary's render job, with the template context it is rendered from
    (the HTML is made where each job runs), and with ``html`` the HTML documents made from the
    same contexts. Nothing is written."""
    templates, assets = template_dirs(where.tender)
    make_environment(templates).get_template(PACK_TEMPLATE)  # a broken override fails here
    context = pack_context(
        results,
        generated=created,
        excerpt_words=excerpt_words,
        results_sha256=results_sha256,
        results_name=where.results.name,
    )
    front, parts = split_pack(context)
    part_jobs = tuple(
        RenderJob(
            Template(PACK_TEMPLATE, part.context, templates),
            scratch / f"{index:04d}-{part.key}.pdf",
            assets,
            created,
            variant,
            anchors=part.anchors,
            cache=cache,
        )
        for index, part in enumerate(parts, 1)
    )
    summaries_dir = where.out_dir / SUMMARIES_DIR
    summaries_dir.mkdir(parents=True, exist_ok=True)
    contexts = [(SUMMARY_TEMPLATE, c) for c in summary_contexts(results, generated=created)]
    contexts += [
        (NOT_ASSESSED_TEMPLATE, c) for c in not_assessed_contexts(results, generated=created)
    ]
    summary_jobs = tuple(
        RenderJob(
            Template(template, ctx, templates),
            summaries_dir / name,
            assets,
            created,
            variant,
            cache=cache,
        )
        for (template, ctx), name in zip(contexts, summary_names, strict=True)
    )
    return PackPlan(
        template_dirs=tuple(templates),
        front=front.context,
        parts=part_jobs,
        summaries=summary_jobs,
        out_path=volume_path(where.out_dir / PACK_FILE, 1),
        attachments=tuple(attachments),
        html=pack_html_documents(PACK_TEMPLATE, context, contexts, summary_names) if html else (),
    )
