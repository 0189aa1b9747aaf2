"""The officer's workflow as library calls: score a tender folder, evaluate it end to end.

Every CLI command that touches a whole tender is a thin shell over a function here.

Paths recorded in the outputs (the audit trail, each bidder's file) are relative to the tender
folder, e.g. ``responses/acme.xlsx``, and files shipped with the toolkit are recorded as
``socialvalue:rubrics/local-authority.yaml``, so the same inputs give the same bytes whichever
directory the command is run from, whatever the tender folder is called and wherever it and the
toolkit are (see :mod:`socialvalue.names`).
"""

from __future__ import annotations

import json
import posixpath
import shutil
from collections.abc import Callable
from pathlib import Path

import attrs

from .atomic import remove_dead_folders
from .errors import InputError, Problem, display_path
from .memory import release_memory
from .names import SHIPPED_PREFIX
from .pack.build import (
    PACK_FILE,
    PARTS_PREFIX,
    SUMMARIES_DIR,
    PackReport,
    build_pack,
    stale_volume_paths,
)
from .publish import output_set, real_folder, recover
from .render.html import HTML_DIR
from .resources import examples_dir
from .results import RESULTS_JSON, RESULTS_XLSX, score_inputs
from .scoring import Evaluation
from .scoring.decisions import flags_to_decide
from .tender.config import OUT, TENDER_FILE
from .tender.forms import make_moderation
from .tender.inputs import read_inputs

Progress = Callable[[str], None]


def score_tender(folder: str | Path, *, progress: Progress | None = None) -> Evaluation:
    """Read and check every input of ``folder``, score it, write ``out/results.json`` and
    ``out/results.xlsx``, replacing both together or neither (:func:`~socialvalue.publish.output_set`). Raises :class:`~socialvalue.errors.InputError` listing every problem
    (nothing is written then). ``progress``, if given, is called with a short line as each
    workbook is read."""
    folder = Path(folder)
    inputs = read_inputs(folder, progress=progress)
    with output_set(folder / OUT, _replaced_by_score) as stage:
        return score_inputs(inputs, stage)


def make_moderation_workbook(folder: str | Path, *, force: bool = False) -> Path:
    """``socialvalue moderation``: write ``moderation.xlsx`` from complete scoresheets, with the
    credibility flags the engine raises on the responses listed on its Flags sheet for the
    panel's decisions (see :func:`~socialvalue.tender.forms.make_moderation`)."""
    return make_moderation(folder, force=force, flags_for=flags_to_decide)


@attrs.frozen
class EvaluationReport:
    """What :func:`evaluate_tender` did: the evaluation, the PDFs, and what changed."""

    evaluation: Evaluation
    pack: PackReport
    out_dir: Path
    #: Inputs that differ from those recorded by the previous run ("changed: ...", "new: ...").
    changed_inputs: tuple[str, ...]
    warnings: tuple[Problem, ...]

    @property
    def results_json(self) -> Path:
        return self.out_dir / RESULTS_JSON

    @property
    def results_xlsx(self) -> Path:
        return self.out_dir / RESULTS_XLSX


def recorded_inputs(results_json: Path) -> dict[str, str] | None:
    """Input file -> SHA-256 recorded in an earlier ``results.json``; None if there is none.

    A record written by an earlier version named files relative to the folder holding the tender
    (``my-tender/responses/acme.xlsx``); its names are read as today's, relative to the tender
    folder (``responses/acme.xlsx``), so the first run after upgrading reports real changes only.
    """
    try:
        data = json.loads(results_json.read_text(encoding="utf-8"))
        files = {f["path"]: f["sha256"] for f in data["files"]}
        tender = next(f["path"] for f in data["files"] if f["kind"] == "tender")
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        return None
    if not isinstance(tender, str) or not tender.endswith(f"/{TENDER_FILE}"):
        return files
    old_name = tender.removesuffix(f"/{TENDER_FILE}")
    return {_from_parent(path, old_name): digest for path, digest in files.items()}


def _from_parent(path: str, folder: str) -> str:
    """A name relative to the tender's parent folder as today's, relative to the tender."""
    if path.startswith(SHIPPED_PREFIX) or posixpath.isabs(path):
        return path
    return posixpath.relpath(posixpath.normpath(path), folder)


def compare_inputs(before: dict[str, str] | None, after: dict[str, str]) -> tuple[str, ...]:
    """Describe how the inputs changed since the last run (empty when none, or no last run)."""
    if before is None:
        return ()
    lines = [f"changed: {p}" for p in sorted(after) if p in before and before[p] != after[p]]
    lines += [f"new: {p}" for p in sorted(after) if p not in before]
    lines += [f"removed: {p}" for p in sorted(before) if p not in after]
    return tuple(lines)


def evaluate_tender(
    folder: str | Path,
    *,
    archival: bool = False,
    processes: int | None = None,
    progress: Progress | None = None,
    html: bool = False,
) -> EvaluationReport:
    """Check, score, and render the pack and summaries of a tender in one go.

    Every output is first written to a staging folder beside ``out/``, which takes ``out/``'s
    place only when all of them are complete (:func:`~socialvalue.publish.output_set`), so a
    failure (or an interrupted run) leaves the previous outputs as they were. Inputs are only
    read. ``progress``, if given, is called with a short line as each workbook is read and each
    document rendered. With ``html`` the pack and summaries are also written as HTML folders in
    ``out/html/`` (in the same set); without, an earlier run's ``html/`` goes with the old set.
    """
    folder = Path(folder)
    out = folder / OUT
    remove_stale_staging(out)  # a killed run's outputs resolved before the last record is read
    before = recorded_inputs(out / RESULTS_JSON)
    inputs = read_inputs(folder, progress=progress, processes=processes)
    with output_set(out, _replaced_by_evaluate(out)) as stage:
        if progress is not None:
            progress("scoring")
        evaluation = score_inputs(inputs, stage)
        after = {f.path: f.sha256 for f in inputs.files}
        warnings = inputs.warnings
        del inputs  # the workbooks' contents are in results.json now: free them before the pack
        release_memory()
        pack = build_pack(
            stage / RESULTS_JSON,
            stage,
            archival=archival,
            processes=processes,
            tender=folder,
            progress=progress,
            html=html,
        )
    pack = attrs.evolve(
        pack,
        pack=out / PACK_FILE,
        volumes=tuple((out / path.name, pages) for path, pages in pack.volumes),
        summaries=tuple(
            attrs.evolve(s, path=out / SUMMARIES_DIR / s.path.name) for s in pack.summaries
        ),
        html=tuple(out / path.relative_to(stage) for path in pack.html),
    )
    return EvaluationReport(evaluation, pack, out, compare_inputs(before, after), warnings)


RESULTS_FILES = frozenset({RESULTS_JSON, RESULTS_XLSX})
#: Scratch folders an earlier version left inside ``out/`` (now a staging folder is beside it).
OLD_SCRATCH_PREFIXES = (".staging-", ".summaries-old-", PARTS_PREFIX)


def _replaced_by_score(name: str) -> bool:
    """Names in ``out`` scoring replaces: the results (and scratch an earlier version left)."""
    return name in RESULTS_FILES or name.startswith(OLD_SCRATCH_PREFIXES)


def _replaced_by_evaluate(out: Path) -> Callable[[str], bool]:
    """Names in ``out`` an evaluation replaces: the results, the pack (and any later volume
    an earlier, longer pack left), the summaries folder."""

    def replaces(name: str) -> bool:
        volumes = stale_volume_paths(out / PACK_FILE)
        ours = _replaced_by_score(name) or name in (PACK_FILE, SUMMARIES_DIR, HTML_DIR)
        return ours or out / name in volumes

    return replaces


def remove_stale_staging(out: Path) -> list[Path]:
    """Resolve what runs that were killed left beside or in ``out``; returns what was removed.

    See :func:`~socialvalue.publish.recover`. A folder whose process is still running (another
    run on the same tender) is left.
    """
    removed = recover(real_folder(out))
    if out.is_dir():
        removed += remove_dead_folders(out, OLD_SCRATCH_PREFIXES)
    return removed


def example_tender() -> Path:
    """The bundled example tender (shipped with the package)."""
    return examples_dir() / "example-tender"


def copy_example(target: str | Path) -> Path:
    """Copy the bundled example tender to ``target`` (which must not exist, or hold an earlier
    copy: then it is reused as it is). Returns ``target``."""
    target = Path(target)
    if target.exists():
        if (target / TENDER_FILE).is_file():
            return target
        raise InputError.single(
            display_path(target), "exists and is not a tender folder; choose another folder"
        )
    shutil.copytree(example_tender(), target, ignore=shutil.ignore_patterns("out"))
    return target
