"""Load a rubric from YAML, checking everything and reporting every problem with its position.

This module reads the rubric itself, its scales and sections, in the order problems are
reported; :mod:`.load_criteria` reads each criterion, :mod:`.load_settings` the rubric-wide
settings and :mod:`.load_checks` checks totals and references once everything is read.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from ..errors import Problems, display_path
from ..yamlnodes import Fields, YMap, YScalar, as_map, load_yaml_file, parse_text
from . import model as m
from .keys import LEVEL_KEYS, ROOT_KEYS, SCALE_KEYS, SECTION_KEYS
from .load_checks import check_methods, check_totals
from .load_criteria import read_criterion
from .load_settings import (
    read_credibility,
    read_moderation,
    read_rounding,
    read_threshold,
    read_tie_breaks,
    read_weighting,
    read_weights_provenance,
)
from .load_state import LoadState
from .model import ZERO, Rubric


def load_rubric(path: str | Path, name: str | None = None) -> Rubric:
    """Load and check a rubric file. Raises :class:`InputError` listing every problem.

    ``name`` names the file in problems and in the record (default: as given)."""
    path = Path(path)
    problems = Problems(name or display_path(path))
    name, root, digest = load_yaml_file(path, problems, problems.file)
    return _build(root, problems, source=name, sha256=digest)


def load_rubric_text(text: str, name: str = "<rubric>") -> Rubric:
    """Load a rubric from YAML text (for tests and tools)."""
    problems = Problems(name)
    root = parse_text(text, name, problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _build(root, problems, source=name, sha256=digest)


def _build(root: object, problems: Problems, source: str, sha256: str) -> Rubric:
    node = as_map(root, problems, "a rubric", ROOT_KEYS)  # type: ignore[arg-type]
    if node is None:
        problems.raise_if_any()
        raise AssertionError  # pragma: no cover
    rubric = _rubric(LoadState(problems), node, source, sha256)
    problems.raise_if_any()
    assert rubric is not None
    return rubric


def _rubric(state: LoadState, node: YMap, source: str, sha256: str) -> Rubric | None:
    f = state.fields(node, "the rubric", ROOT_KEYS)
    rid = f.ident("id", required=True)
    title = f.text("title", required=True)
    version = f.text("version", required=True)
    policy = f.text("policy", required=True)
    kind = f.choice("weights", m.WEIGHT_KINDS, default="percent")
    # An unknown kind was reported: check no weight against a kind the author did not mean.
    weights = kind or "points"
    currency = f.text("currency", default="GBP") or "GBP"
    if not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        f.error(
            f.where("currency"),
            f'currency must be a 3-letter ISO code such as GBP, got "{currency}"',
        )
    built_scales: list[m.Scale] = []
    scale_ids: dict[str, m.Scale] = {}
    for snode in f.maps("scales"):
        scale = _scale(state, snode)
        if scale is None:
            continue
        if scale.id in scale_ids:
            f.error(snode, f"duplicate scale id `{scale.id}`")
        scale_ids[scale.id] = scale
        built_scales.append(scale)
    scales = tuple(built_scales)
    section_nodes = f.maps("sections", True)
    built = [(_section(state, n, weights, scale_ids), n) for n in section_nodes]
    pairs = [(s, n) for s, n in built if s is not None]
    sections = tuple(s for s, _ in pairs)
    weighting = read_weighting(state, f)
    moderation = read_moderation(state, f)
    rounding = read_rounding(state, f)
    threshold = read_threshold(state, f)
    credibility = read_credibility(state, f)
    notes = tuple(f.texts("notes"))
    provenance, alternative = read_weights_provenance(state, f)
    _check_alternative(f, alternative, sections)
    description = f.text("description", default="") or ""
    proxy_set = f.ident("proxy_set")
    tie_breaks = read_tie_breaks(state, f)
    if kind is not None:
        check_totals(f, weights, pairs, complete=len(pairs) == len(section_nodes))
    check_methods(state)
    if (
        rid is None
        or title is None
        or version is None
        or policy is None
        or weighting is None
        or state.problems.errors
    ):
        return None
    return Rubric(
        id=rid,
        title=title,
        version=version,
        policy=policy,
        description=description,
        currency=currency,
        weights=weights,
        proxy_set=proxy_set,
        weighting=weighting,
        scales=scales,
        sections=sections,
        moderation=moderation,
        tie_breaks=tie_breaks,
        rounding=rounding,
        threshold=threshold,
        credibility=credibility,
        notes=notes,
        weights_provenance=provenance,
        source=source,
        sha256=sha256,
    )


def _check_alternative(
    f: Fields, alternative: m.AlternativeWeights | None, sections: tuple[m.Section, ...]
) -> None:
    """The alternative weights name every criterion of the rubric, and only those."""
    if alternative is None:
        return
    ids = [c.id for s in sections for c in s.criteria]
    node = f.mapping("weights_provenance")
    at = node.get("alternative") if node is not None else None
    where = at.get("weights") if isinstance(at, YMap) else None
    # every key written, a bad value (reported where it is read) included
    named = where.keys() if isinstance(where, YMap) else list(alternative.weights)
    unknown = [k for k in named if k not in ids]
    missing = [k for k in ids if k not in named]
    target = where if isinstance(where, (YMap, YScalar)) else f.where("weights_provenance")
    if unknown:
        f.error(
            target,
            f"the alternative weights name no criterion of this rubric: {', '.join(unknown)}",
        )
    if missing:
        f.error(target, f"the alternative weights leave out {', '.join(missing)}")


def _scale(state: LoadState, node: YMap) -> m.Scale | None:
    f = state.fields(node, "a scale", SCALE_KEYS)
    sid = f.ident("id", required=True)
    if sid:
        state.scale_ids.add(sid)
    title = f.text("title", required=True)
    levels: list[m.Level] = []
    seen: dict[Decimal, YMap] = {}
    level_nodes = f.maps("levels", required=True)
    for lnode in level_nodes:
        lf = state.fields(lnode, "a scale level", LEVEL_KEYS)
        score = lf.decimal("score", required=True, minimum=ZERO)
        label = lf.text("label", required=True)
        descriptor = lf.text("descriptor", required=True)
        if score is not None and score in seen:
            lf.error(lf.where("score"), f"score {score} appears twice in scale `{sid}`")
        if score is not None:
            seen[score] = lnode
        if score is not None and label and descriptor:
            levels.append(m.Level(score, label, descriptor))
    if len(level_nodes) == 1:
        f.error(node, f"scale `{sid}` needs at least two levels")
    scores = [lv.score for lv in levels]
    if scores != sorted(scores):
        f.error(f.where("levels"), f"levels of scale `{sid}` must be listed lowest score first")
    if sid is None or title is None or len(levels) < 2:
        return None
    return m.Scale(sid, title, tuple(levels))


def _section(
    state: LoadState, node: YMap, weights: str, scales: dict[str, m.Scale]
) -> m.Section | None:
    f = state.fields(node, "a section", SECTION_KEYS)
    sid = state.unique_id(f, "a section")
    title = f.text("title", required=True)
    weight = f.decimal("weight", required=weights == "percent", positive=True)
    criteria = tuple(
        c for c in (read_criterion(state, n, scales) for n in f.maps("criteria", True)) if c
    )
    description = f.text("description", default="") or ""
    if sid is None or title is None or (weights == "percent" and weight is None):
        return None
    return m.Section(sid, title, weight, criteria, description)
