"""Read and check everything in a tender folder: ``tender.yaml``, the rubric, the proxy set, every
response, every scoresheet and the moderation workbook.

:func:`check_tender` never stops at the first bad file: each file is read on its own and all the
problems of all the files are collected. :func:`read_inputs` is the same check for the scoring
engine: it returns a :class:`TenderInputs` or raises an :class:`InputError` listing everything.
Inputs are only ever read, never modified. Files are named relative to the tender folder, in
problems and in the record alike (see :class:`~socialvalue.names.TenderFolder`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from ..errors import InputError, Location, Problem, Severity
from ..formatting import money
from ..forms.fields import BidderRef, bidder_slug, scored_parts
from ..forms.moderation import ScoresheetRef, read_moderation
from ..forms.response import read_response
from ..forms.scoresheet_read import read_scoresheet
from ..model import (
    Moderation,
    Response,
    Scoresheet,
    Tender,
    TenderInputs,
)
from ..rubric.catalogue import max_quantities_above
from ..rubric.model import Rubric, spends_above
from ..rubric.proxies import ProxySet
from ..workbook.safety import load_checked
from . import checkcache
from .assignment import check_assignment
from .bids import (
    late_before_deadline,
    not_assessed,
    not_assessed_problems,
    set_aside_unread,
)
from .checked import CheckReport
from .clarifications import check_clarifications
from .collector import Collector
from .config import (
    MODERATION_FILE,
    RESPONSES,
    SCORES,
    TENDER_FILE,
    check_local_area,
    check_weighting,
    load_proxies_for,
    load_rubric_for,
    load_tender,
    placeholder_problems,
)
from .duplicates import BidFile, duplicate_bids
from .pool_read import Task, parse_all
from .vanished import missing_bids


def _bidders(c: Collector, paths: list[Path]) -> list[tuple[Path, BidderRef]]:
    """Each response workbook as a bidder; two files giving the same key are an error."""
    out: list[tuple[Path, BidderRef]] = []
    seen: dict[str, Path] = {}
    for path in paths:
        slug = bidder_slug(path.stem)
        if slug in seen:
            c.skip(
                path,
                f'gives the same bidder key ("{slug}") as {c._name(seen[slug])}: '
                "rename one of the files",
            )
            continue
        seen[slug] = path
        out.append((path, BidderRef(path.stem, f"{RESPONSES}/{path.name}", "")))
    return out


def _container_only(c: Collector) -> None:
    """When tender.yaml or the rubric cannot be read, still check each workbook's container."""
    paths = c.workbooks(RESPONSES, "response") + c.workbooks(SCORES, "scoresheet")
    moderation = c.folder / MODERATION_FILE
    if moderation.is_file():
        paths.append(moderation)
    for path in paths:
        read = c.read_once(path, "workbook")
        if read.data is None:
            c.add(read.problems)
        else:
            c.add(load_checked(path, c._name(path), data=read.data)[1])


def check_tender(
    folder: str | Path,
    *,
    progress: Callable[[str], None] | None = None,
    placeholders: Severity = "warning",
    processes: int | None = None,
) -> CheckReport:
    """Check every input of the tender in ``folder``; see :class:`CheckReport`.

    ``progress``, if given, is called with a short line (``reading response 2 of 6: ...``)
    before each workbook is read. A value still marked ``!placeholder`` in tender.yaml is a
    problem of severity ``placeholders``: a warning while the tender is prepared, an error for
    the outputs (:func:`read_inputs`). Many responses are parsed on up to ``processes`` cores
    (default: all; :mod:`.pool_read`).
    """
    folder = Path(folder)
    c = Collector(folder, progress=progress)
    try:
        tender = load_tender(folder)
    except InputError as exc:
        c.add(exc.problems)
        if (folder / TENDER_FILE).is_file():
            _container_only(c)
        return c.report(None)
    c.record(tender.file, "tender", tender.sha256)
    c.add(placeholder_problems(tender, placeholders))
    c.add(late_before_deadline(tender.bids, tender.dates.get("deadline"), tender.file))
    try:
        rubric = load_rubric_for(tender)
    except InputError as exc:
        c.add(exc.problems)
        _container_only(c)
        return c.report(None)
    c.record(rubric.source, "rubric", rubric.sha256)
    c.add(check_weighting(tender, rubric))
    c.add(check_local_area(tender, rubric))
    line, column = tender.positions.get("contract", (None, None))
    c.add(max_quantities_above(rubric, tender.contract_value, Location(tender.file, line, column)))
    proxies, proxy_problems = load_proxies_for(tender, rubric)
    c.add(proxy_problems)
    if proxies is not None:
        c.record(proxies.file, "proxy_set", proxies.sha256)
    responses, bidders = _read_responses(c, tender, rubric, proxies, processes)
    c.missing, gone = missing_bids(folder, tender)
    c.add(gone)
    c.add(check_assignment(tender, rubric, (b.key for b in bidders)))
    c.add(check_clarifications(tender, rubric, {b.key: (b.file, b.sha256) for b in bidders}))
    scoresheets, sheet_refs = _read_scoresheets(c, tender, rubric, bidders, proxies)
    moderation = _read_moderation(c, tender, rubric, bidders, sheet_refs, proxies)
    for response in responses:
        c.add(_spend_warnings(response, tender, rubric, moderation))
    warnings = tuple(p for p in c.problems if p.severity == "warning")
    inputs = _inputs(tender, rubric, proxies, responses, scoresheets, moderation, c, warnings)
    checkcache.prune()
    return c.report(inputs)


def _inputs(
    tender: Tender,
    rubric: Rubric,
    proxies: ProxySet | None,
    responses: list[Response],
    scoresheets: list[Scoresheet],
    moderation: Moderation | None,
    c: Collector,
    warnings: tuple[Problem, ...],
) -> TenderInputs:
    return TenderInputs(
        tender=tender,
        rubric=rubric,
        proxies=proxies,
        responses=tuple(responses),
        scoresheets=tuple(scoresheets),
        moderation=moderation,
        files=tuple(c.records),
        warnings=warnings,
        not_assessed=tuple(c.not_assessed),
        missing_bids=tuple(c.missing),
    )


def _read_responses(
    c: Collector,
    tender: Tender,
    rubric: Rubric,
    proxies: ProxySet | None,
    processes: int | None = None,
) -> tuple[list[Response], list[BidderRef]]:
    """Every response in ``responses/``, parsed on every core (:mod:`.pool_read`; ``processes``
    caps the processes, 1 parses here alone), with each bid's record and problems in order."""
    paths = c.workbooks(RESPONSES, "response")
    if not paths:
        c.error(
            c.folder / RESPONSES,
            "no responses yet (one .xlsx workbook per bidder goes here)",
            "warning",
        )
    responses: list[Response] = []
    bidders: list[BidderRef] = []
    pairs = _bidders(c, paths)
    recorded = {b.key: b for b in tender.bids}
    assessed: list[BidFile] = []
    tasks = []
    for index, (path, _) in enumerate(pairs, 1):  # each file's bytes read once, in order
        c.step("response", index, len(pairs), path)
        display = c._name(path)
        c.bid_files[display] = path
        tasks.append(
            Task(c.read_once(path, "response"), (path,), {"key": path.stem, "display": display})
        )
    shared = {"rubric": rubric, "tender_reference": tender.reference, "proxies": proxies}
    parsed = parse_all(read_response, tasks, shared, processes)
    for (path, ref), task, (response, problems) in zip(pairs, tasks, parsed, strict=True):
        display = task.kwargs["display"]
        ref = attrs.evolve(ref, sha256=task.read.sha256)
        if response is not None:
            ref = attrs.evolve(ref, name=response.name)
        bid = recorded.pop(path.stem, None)
        if bid is not None:  # not assessed: read for the record, its problems only warnings
            c.add(not_assessed_problems(bid, display, problems, tender.file))
            c.not_assessed.append(not_assessed(bid, ref.name, display, ref.sha256 or None))
            bidders.append(attrs.evolve(ref, status=bid.status))
            continue
        c.add(problems)
        if response is not None:
            responses.append(response)
        bidders.append(ref)
        assessed.append(_bid_file(display, ref, response))
    c.add(duplicate_bids(assessed))
    c.problems, unread = set_aside_unread(recorded.values(), c.bid_files, c.problems, tender.file)
    for n in unread:
        if n.file is not None and n.sha256 is not None:
            c.record(n.file, "response", n.sha256)
    c.not_assessed += unread
    c.not_assessed.sort(key=lambda n: n.key)
    return responses, bidders


def _bid_file(display: str, ref: BidderRef, response: Response | None) -> BidFile:
    if response is None:
        return BidFile(display, ref.sha256)
    return BidFile(display, response.sha256, response.name, response.company_number)


def _spend_warnings(
    response: Response, tender: Tender, rubric: Rubric, moderation: Moderation | None
) -> list[Problem]:
    """A warning for each spend commitment above the contract value that the panel has not
    decided yet: the engine raises the ``spend_above_contract`` credibility flag on it."""
    decided = {(d.bidder, d.code, d.measure) for d in (moderation.decisions if moderation else ())}
    out = []
    for _, m in rubric.measures():
        c = response.commitment(m.id)
        if c is None or not spends_above(
            m.unit, c.quantity, tender.contract_value, rubric.currency
        ):
            continue
        if (response.key, "spend_above_contract", m.id) in decided:
            continue
        out.append(
            Problem(
                Location(c.source.file, cell=c.source.cell, context=f"{m.id} {m.title}, quantity"),
                f"{money(c.quantity, tender.currency)} committed is more than the contract value "
                f"of {money(tender.contract_value, tender.currency)}: a credibility flag "
                "(spend_above_contract); the result is provisional until the panel records a "
                "decision on it in the moderation workbook's Flags sheet",
                "warning",
            )
        )
    return out


def _read_scoresheets(
    c: Collector,
    tender: Tender,
    rubric: Rubric,
    bidders: list[BidderRef],
    proxies: ProxySet | None,
) -> tuple[list[Scoresheet], list[ScoresheetRef]]:
    paths = c.workbooks(SCORES, "scoresheet")
    by_id = {p.stem: p for p in paths}
    known = {e.id for e in tender.evaluators}
    for path in paths:
        if path.stem not in known:
            ids = ", ".join(sorted(known)) or "none"
            c.skip(
                path,
                f'no evaluator "{path.stem}" in {TENDER_FILE} (evaluators: {ids}): '
                "scoresheets are named scores/<evaluator id>.xlsx",
            )
    if not any(e.id in by_id for e in tender.evaluators):
        if bidders and scored_parts(rubric):  # a quantitative-only rubric needs none
            c.error(
                c.folder / SCORES,
                "no scoresheets yet (make them with `socialvalue scoresheets`)",
                "warning",
            )
        return [], []
    sheets: list[Scoresheet] = []
    refs: list[ScoresheetRef] = []
    present = sum(1 for e in tender.evaluators if e.id in by_id)
    for evaluator in tender.evaluators:
        found = by_id.get(evaluator.id)
        if found is None:
            c.skip(
                c.folder / SCORES / f"{evaluator.id}.xlsx",
                f"missing: evaluator {evaluator.id} ({evaluator.name}) has no scoresheet",
            )
            continue
        c.step("scoresheet", len(refs) + 1, present, found)
        display = c._name(found)
        read = c.read_once(found, "scoresheet")
        digest = read.sha256
        sheet, problems = read.parse_compared(
            read_scoresheet,
            found,
            rubric,
            tender.reference,
            evaluator.id,
            bidders,
            display=display,
            assigned=evaluator,
            proxies=proxies,
        )
        c.add(problems)
        refs.append(ScoresheetRef(evaluator.id, f"{SCORES}/{found.name}", digest, sheet))
        if sheet is not None:
            sheets.append(sheet)
    return sheets, refs


def _read_moderation(
    c: Collector,
    tender: Tender,
    rubric: Rubric,
    bidders: list[BidderRef],
    sheets: list[ScoresheetRef],
    proxies: ProxySet | None,
) -> Moderation | None:
    path = c.folder / MODERATION_FILE
    if path.is_symlink():
        c.error(path, "is a symbolic link: refused (copy the file itself here)")
        return None
    if not path.exists():
        return None
    if not path.is_file():
        c.error(path, "is not a regular file (a folder, a pipe or a device): refused")
        return None
    c.step("moderation workbook", 1, 1, path)
    display = c._name(path)
    read = c.read_once(path, "moderation")
    moderation, problems = read.parse_compared(
        read_moderation,
        path,
        rubric,
        tender.reference,
        bidders,
        sheets,
        display=display,
        proxies=proxies,
        clarifications=tender.clarifications,
    )
    c.add(problems)
    return moderation


def read_inputs(
    folder: str | Path,
    *,
    progress: Callable[[str], None] | None = None,
    processes: int | None = None,
) -> TenderInputs:
    """Everything the scoring engine needs from ``folder``, checked; InputError (listing every
    problem, warnings included) when anything is wrong, a placeholder left in tender.yaml
    included. ``progress`` and ``processes`` as for check_tender."""
    report = check_tender(folder, progress=progress, placeholders="error", processes=processes)
    if report.inputs is None:
        raise InputError(list(report.problems) + list(report.warnings), report.advice)
    return report.inputs


def proxies_in_force(tender: Tender, rubric: Rubric) -> ProxySet | None:
    """The proxy set the forms of ``tender`` are bound to with ``rubric``, None when it cannot
    be loaded (``check`` reports why; the forms are then bound to the rubric alone)."""
    return load_proxies_for(tender, rubric)[0]


def read_responses_for(folder: str | Path) -> tuple[Tender, Rubric, list[tuple[Response, str]]]:
    """The tender, its rubric and every response (with its path inside the folder), for making
    scoresheets; InputError when any of them has an error."""
    folder = Path(folder)
    c = Collector(folder)
    tender = load_tender(folder)
    rubric = load_rubric_for(tender)
    responses, _ = _read_responses(c, tender, rubric, proxies_in_force(tender, rubric))
    c.add(check_assignment(tender, rubric, (r.key for r in responses)))
    errors = [p for p in c.problems if p.severity == "error"]
    if errors:
        raise InputError(errors, c.advice(errors))
    return tender, rubric, [(r, f"{RESPONSES}/{Path(r.file).name}") for r in responses]


def read_scores_for(
    folder: str | Path,
) -> tuple[Tender, Rubric, list[tuple[Response, str]], list[ScoresheetRef]]:
    """The tender, rubric, responses and every evaluator's read scoresheet, for making the
    moderation workbook; InputError when any has an error or any scoresheet is missing (a
    rubric with no qualitative criterion needs none: its workbook has only the Flags sheet)."""
    folder = Path(folder)
    c = Collector(folder)
    tender = load_tender(folder)
    rubric = load_rubric_for(tender)
    proxies = proxies_in_force(tender, rubric)
    responses, bidders = _read_responses(c, tender, rubric, proxies)
    c.add(check_assignment(tender, rubric, (b.key for b in bidders)))
    _, refs = _read_scoresheets(c, tender, rubric, bidders, proxies)
    if not refs and scored_parts(rubric):
        c.error(c.folder / SCORES, "no scoresheets yet (make them with `socialvalue scoresheets`)")
    errors = [p for p in c.problems if p.severity == "error"]
    if errors:
        raise InputError(errors, c.advice(errors))
    pairs = [(r, f"{RESPONSES}/{Path(r.file).name}") for r in responses]
    return tender, rubric, pairs, refs
