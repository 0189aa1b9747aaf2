"""Load a rubric from YAML, checking everything and reporting every problem with its position."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import Problems, display_path
from ..yamlnodes import (
    Fields,
    YMap,
    YNode,
    YScalar,
    YSeq,
    as_map,
    parse_text,
    read_yaml_file,
    suggest,
)
from . import methods
from . import model as m
from .model import HUNDRED, Rubric

ROOT_KEYS = (
    "id",
    "title",
    "version",
    "policy",
    "description",
    "currency",
    "weights",
    "proxy_set",
    "weighting",
    "scales",
    "sections",
    "moderation",
    "tie_breaks",
    "rounding",
    "threshold",
    "credibility",
    "notes",
)
SCALE_KEYS = ("id", "title", "levels")
LEVEL_KEYS = ("score", "label", "descriptor")
SECTION_KEYS = ("id", "title", "weight", "description", "criteria")
CRITERION_KEYS = (
    "id",
    "title",
    "weight",
    "type",
    "question",
    "guidance",
    "scale",
    "word_limit",
    "sub_criteria",
    "rollup",
    "minimum",
    "measures",
    "method",
)
QUALITATIVE_ONLY = ("question", "scale", "word_limit", "sub_criteria", "rollup", "minimum")
QUANTITATIVE_ONLY = ("measures", "method")
SUB_KEYS = ("id", "title", "weight", "guidance")
MINIMUM_KEYS = ("score", "disqualifies")
MEASURE_KEYS = (
    "id",
    "title",
    "unit",
    "guidance",
    "record_only",
    "min_quantity",
    "max_quantity",
    "evidence_required",
)
MODERATION_KEYS = ("final_score", "mandatory_spread_steps")
TIE_KEYS = ("rule", "criterion")
ROUNDING_KEYS = ("places", "rule", "stage", "rank_on")
WEIGHTING_KEYS = ("social_value_percent", "policy_minimum_percent", "exception")
THRESHOLD_KEYS = ("minimum_percent", "basis", "disqualifies")
CREDIBILITY_KEYS = ("max_share_of_contract_percent", "annual_fte_cost", "outlier_multiple")


def method_keys() -> tuple[str, ...]:
    """A method's keys: its kind, every registered method's settings, the cap."""
    return ("kind", *(s.key for s, _ in methods.settings()), "cap_percent_of_contract")


METHOD_KEYS = method_keys()  # the registered methods' keys when this module was imported

ZERO = Decimal(0)


def load_rubric(path: str | Path, name: str | None = None) -> Rubric:
    """Load and check a rubric file. Raises :class:`InputError` listing every problem.

    ``name`` names the file in problems and in the record (default: as given)."""
    path = Path(path)
    problems = Problems(name or display_path(path))
    name, root = read_yaml_file(path, problems, problems.file)
    return _build(root, problems, source=name, sha256=hashlib.sha256(path.read_bytes()).hexdigest())


def load_rubric_text(text: str, name: str = "<rubric>") -> Rubric:
    """Load a rubric from YAML text (for tests and tools)."""
    problems = Problems(name)
    root = parse_text(text, name, problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _build(root, problems, source=name, sha256=digest)


def _build(root: object, problems: Problems, source: str, sha256: str) -> Rubric:
    node = as_map(root, problems, "a rubric")  # type: ignore[arg-type]
    if node is None:
        problems.raise_if_any()
        raise AssertionError  # pragma: no cover
    rubric = _Loader(problems).rubric(node, source, sha256)
    problems.raise_if_any()
    assert rubric is not None
    return rubric


class _Loader:
    def __init__(self, problems: Problems):
        self.problems = problems
        self.ids: dict[str, YScalar] = {}
        self.types: dict[str, str] = {}  # criterion id -> type, even for criteria with problems
        self.criterion_ids: set[str] = set()  # every criterion id given, even with problems
        self.scale_ids: set[str] = set()  # every scale id given, even with problems
        # (where, setting, owning criterion, its method's kind, the criterion the method names)
        self.refs: list[tuple[Fields, str, str, str, str]] = []

    def fields(self, node: YMap, what: str, keys: tuple[str, ...]) -> Fields:
        return Fields(node, self.problems, what, keys)

    def unique_id(self, f: Fields, what: str) -> str | None:
        """Read ``id`` and check it is unique among criteria, sub-criteria, measures, sections."""
        value = f.ident("id", required=True)
        if value is None:
            return None
        at = f.where("id")
        if value in self.ids:
            first = self.ids[value]
            f.error(at, f"duplicate id `{value}` for {what} (first used at line {first.line})")
        else:
            self.ids[value] = at  # type: ignore[assignment]
        return value

    # ------------------------------------------------------------------ rubric
    def rubric(self, node: YMap, source: str, sha256: str) -> Rubric | None:
        f = self.fields(node, "the rubric", ROOT_KEYS)
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
            scale = self.scale(snode)
            if scale is None:
                continue
            if scale.id in scale_ids:
                f.error(snode, f"duplicate scale id `{scale.id}`")
            scale_ids[scale.id] = scale
            built_scales.append(scale)
        scales = tuple(built_scales)
        section_nodes = f.maps("sections", True)
        built = [(self.section(n, weights, scale_ids), n) for n in section_nodes]
        pairs = [(s, n) for s, n in built if s is not None]
        sections = tuple(s for s, _ in pairs)
        weighting = self.weighting(f)
        moderation = self.moderation(f)
        rounding = self.rounding(f)
        threshold = self.threshold(f)
        credibility = self.credibility(f)
        notes = tuple(f.texts("notes"))
        description = f.text("description", default="") or ""
        proxy_set = f.ident("proxy_set")
        tie_breaks = self.tie_breaks(f)
        if kind is not None:
            self.check_totals(f, weights, pairs, complete=len(pairs) == len(section_nodes))
        self.check_methods()
        if (
            rid is None
            or title is None
            or version is None
            or policy is None
            or weighting is None
            or self.problems.errors
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
            source=source,
            sha256=sha256,
        )

    # ------------------------------------------------------------------ scales
    def scale(self, node: YMap) -> m.Scale | None:
        f = self.fields(node, "a scale", SCALE_KEYS)
        sid = f.ident("id", required=True)
        if sid:
            self.scale_ids.add(sid)
        title = f.text("title", required=True)
        levels: list[m.Level] = []
        seen: dict[Decimal, YMap] = {}
        level_nodes = f.maps("levels", required=True)
        for lnode in level_nodes:
            lf = self.fields(lnode, "a scale level", LEVEL_KEYS)
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

    # ------------------------------------------------------------------ tree
    def section(self, node: YMap, weights: str, scales: dict[str, m.Scale]) -> m.Section | None:
        f = self.fields(node, "a section", SECTION_KEYS)
        sid = self.unique_id(f, "a section")
        title = f.text("title", required=True)
        weight = f.decimal("weight", required=weights == "percent", positive=True)
        criteria = tuple(
            c for c in (self.criterion(n, scales) for n in f.maps("criteria", True)) if c
        )
        description = f.text("description", default="") or ""
        if sid is None or title is None or (weights == "percent" and weight is None):
            return None
        return m.Section(sid, title, weight, criteria, description)

    def criterion(self, node: YMap, scales: dict[str, m.Scale]) -> m.Criterion | None:
        f = self.fields(node, "a criterion", CRITERION_KEYS)
        cid = self.unique_id(f, "a criterion")
        title = f.text("title", required=True)
        weight = f.decimal("weight", required=True, positive=True)
        ctype = f.choice("type", m.CRITERION_TYPES, required=True)
        if cid:
            self.criterion_ids.add(cid)
        if cid and ctype:
            self.types[cid] = ctype
        wrong = QUANTITATIVE_ONLY if ctype == "qualitative" else QUALITATIVE_ONLY
        if ctype:
            for key in wrong:
                if f.has(key):
                    f.error(
                        f.node.key_node(key) or node,
                        f"`{key}` does not apply to a {ctype} criterion",
                    )
        guidance = f.text("guidance", default="") or ""
        if ctype == "qualitative":
            return self.qualitative(f, cid, title, weight, guidance, scales)
        if ctype == "quantitative":
            return self.quantitative(f, cid, title, weight, guidance)
        return None

    def qualitative(self, f: Fields, cid, title, weight, guidance, scales) -> m.Criterion | None:
        question = f.text("question", required=True)
        scale_id = f.ident("scale", required=True)
        scale = scales.get(scale_id) if scale_id else None
        if scale_id and scale is None and scale_id not in self.scale_ids:
            f.error(
                f.where("scale"),
                f"scale `{scale_id}` is not defined in this rubric's scales"
                + _hint(scale_id, scales),
            )
        word_limit = f.integer("word_limit", minimum=1)
        rollup = f.choice("rollup", m.ROLLUPS, default="weighted") or "weighted"
        subs = []
        for snode in f.maps("sub_criteria"):
            sf = self.fields(snode, "a sub-criterion", SUB_KEYS)
            sid = self.unique_id(sf, "a sub-criterion")
            stitle = sf.text("title", required=True)
            sweight = sf.decimal("weight", required=True, positive=True)
            sguid = sf.text("guidance", default="") or ""
            if sid and stitle and sweight is not None:
                subs.append(m.SubCriterion(sid, stitle, sweight, sguid))
        minimum = None
        mnode = f.mapping("minimum")
        if mnode is not None:
            mf = self.fields(mnode, "a minimum", MINIMUM_KEYS)
            mscore = mf.decimal("score", required=True)
            disq = mf.boolean("disqualifies", default=True)
            if (
                mscore is not None
                and scale is not None
                and not (scale.minimum <= mscore <= scale.maximum)
            ):
                mf.error(
                    mf.where("score"),
                    f"minimum score {mscore} is outside scale `{scale.id}` "
                    f"({scale.minimum} to {scale.maximum})",
                )
            elif mscore is not None:
                minimum = m.Minimum(mscore, disq)
        if cid is None or title is None or weight is None or question is None or scale is None:
            return None
        return m.Criterion(
            id=cid,
            title=title,
            weight=weight,
            type="qualitative",
            question=question,
            guidance=guidance,
            scale=scale_id,
            word_limit=word_limit,
            sub_criteria=tuple(subs),
            rollup=rollup,
            minimum=minimum,
        )

    def quantitative(self, f: Fields, cid, title, weight, guidance) -> m.Criterion | None:
        measures = []
        measure_nodes = f.maps("measures", required=True)
        for mnode in measure_nodes:
            mf = self.fields(mnode, "a measure", MEASURE_KEYS)
            mid = self.unique_id(mf, "a measure")
            mtitle = mf.text("title", required=True)
            unit = mf.text("unit")
            if unit is None or not unit.strip():
                mf.error(
                    mf.where("unit") if mf.has("unit") else mnode,
                    f"measure `{mid}` needs a unit (FTE, weeks, hours, GBP, tCO2e, people...)",
                )
            lo = mf.decimal("min_quantity", minimum=ZERO)
            hi = mf.decimal("max_quantity", minimum=ZERO)
            if lo is not None and hi is not None and lo > hi:
                mf.error(mf.where("max_quantity"), f"max_quantity {hi} is below min_quantity {lo}")
            mguidance = mf.text("guidance", default="") or ""
            record_only = mf.boolean("record_only")
            evidence_required = mf.boolean("evidence_required", default=True)
            if mid and mtitle and unit:
                measures.append(
                    m.Measure(
                        id=mid,
                        title=mtitle,
                        unit=unit.strip(),
                        guidance=mguidance,
                        record_only=record_only,
                        min_quantity=lo,
                        max_quantity=hi,
                        evidence_required=evidence_required,
                    )
                )
        complete = len(measures) == len(measure_nodes)
        if measures and complete and all(ms.record_only for ms in measures):
            f.error(
                f.where("measures"),
                f"criterion `{cid}` has only record-only measures, so it can never score",
            )
        method = self.method(f, cid or "?")
        if cid is None or title is None or weight is None or method is None:
            return None
        return m.Criterion(
            id=cid,
            title=title,
            weight=weight,
            type="quantitative",
            guidance=guidance,
            measures=tuple(measures),
            method=method,
        )

    def method(self, cf: Fields, owner: str) -> m.Method | None:
        """The method's kind, then each registered setting: required by its own kinds only."""
        node = cf.mapping("method", required=True)
        if node is None:
            return None
        f = self.fields(node, "a method", method_keys())
        kind = f.choice("kind", methods.kinds(), required=True)
        values: dict[str, Any] = {}
        owned = methods.settings()
        for setting, owners in owned:
            values[setting.key] = setting.read(f, kind in owners, self, owner, kind or "")
        cap = f.decimal("cap_percent_of_contract", positive=True)
        for setting, owners in owned:
            if kind and kind not in owners and f.has(setting.key):
                f.error(
                    f.node.key_node(setting.key) or node,
                    f"`{setting.key}` only applies to method {' or '.join(owners)}",
                )
        if kind is None:
            return None
        return m.Method(kind, cap_percent_of_contract=cap, **values)

    def refer(self, f: Fields, key: str, owner: str, kind: str, named: str) -> None:
        """A method setting names a criterion: checked to be qualitative once all are read."""
        self.refs.append((f, key, owner, kind, named))

    # ------------------------------------------------------------------ policies
    def weighting(self, f: Fields) -> m.Weighting | None:
        node = f.mapping("weighting", required=True)
        if node is None:
            return None
        wf = self.fields(node, "weighting", WEIGHTING_KEYS)
        value = wf.decimal("social_value_percent", required=True, positive=True, maximum=HUNDRED)
        minimum = wf.decimal("policy_minimum_percent", minimum=ZERO, maximum=HUNDRED)
        # Absent or null: the default. (A value with a problem was reported and stays None.)
        if minimum is None and wf.raw("policy_minimum_percent") is None:
            minimum = Decimal(10)
        exception = wf.text("exception")
        if value is None or minimum is None:
            return None
        if value < minimum and not (exception and exception.strip()):
            wf.error(
                wf.where("social_value_percent"),
                f"social value is weighted {value}%, below the policy minimum of {minimum}%; "
                "raise it or state an `exception`",
            )
        return m.Weighting(value, minimum, exception)

    def moderation(self, f: Fields) -> m.Moderation:
        node = f.mapping("moderation")
        if node is None:
            return m.Moderation()
        mf = self.fields(node, "moderation", MODERATION_KEYS)
        steps = mf.integer("mandatory_spread_steps", minimum=0)
        return m.Moderation(
            mf.choice("final_score", m.FINAL_SCORES, default="consensus") or "consensus",
            steps if steps is not None else 1,
        )

    def rounding(self, f: Fields) -> m.Rounding:
        node = f.mapping("rounding")
        if node is None:
            return m.Rounding()
        rf = self.fields(node, "rounding", ROUNDING_KEYS)
        places = rf.integer("places", minimum=0)
        if places is not None and places > 6:
            rf.error(rf.where("places"), f"places must be at most 6, got {places}")
        return m.Rounding(
            places=places if places is not None and places <= 6 else 2,
            rule=rf.choice("rule", m.ROUNDING_RULES, default="half_up") or "half_up",
            stage=rf.choice("stage", m.ROUNDING_STAGES, default="total") or "total",
            rank_on=rf.choice("rank_on", m.RANK_ON, default="unrounded") or "unrounded",
        )

    def threshold(self, f: Fields) -> m.Threshold | None:
        node = f.mapping("threshold")
        if node is None:
            return None
        tf = self.fields(node, "threshold", THRESHOLD_KEYS)
        value = tf.decimal("minimum_percent", required=True, minimum=ZERO, maximum=HUNDRED)
        basis = tf.choice("basis", m.THRESHOLD_BASES, default="qualitative") or "qualitative"
        disq = tf.boolean("disqualifies", default=True)
        return m.Threshold(value, basis, disq) if value is not None else None

    def credibility(self, f: Fields) -> m.Credibility:
        node = f.mapping("credibility")
        if node is None:
            return m.Credibility()
        cf = self.fields(node, "credibility", CREDIBILITY_KEYS)
        share = cf.decimal("max_share_of_contract_percent", positive=True)
        cost = cf.decimal("annual_fte_cost", positive=True)
        multiple = cf.decimal("outlier_multiple", positive=True)
        defaults = m.Credibility()
        return m.Credibility(
            share if share is not None else defaults.max_share_of_contract_percent,
            cost,
            multiple if multiple is not None else defaults.outlier_multiple,
        )

    def tie_breaks(self, f: Fields) -> tuple[m.TieBreak, ...]:
        out = []
        for node in f.maps("tie_breaks"):
            tf = self.fields(node, "a tie-break", TIE_KEYS)
            rule = tf.choice("rule", m.TIE_RULES, required=True)
            cid = tf.ident("criterion", required=rule == "criterion")
            if rule != "criterion" and tf.has("criterion"):
                tf.error(tf.where("criterion"), "`criterion` only applies to rule criterion")
            if cid and cid not in self.criterion_ids:
                tf.error(
                    tf.where("criterion"),
                    f"tie-break names criterion `{cid}`, which does not exist"
                    + _hint(cid, sorted(self.criterion_ids)),
                )
            if rule:
                out.append(m.TieBreak(rule, cid))
        return tuple(out)

    # ------------------------------------------------------------------ cross-checks
    def check_totals(
        self,
        f: Fields,
        weights: str,
        pairs: list[tuple[m.Section, YMap]],
        complete: bool,
    ) -> None:
        """Weights must add up; they are never rescaled.

        A total is only checked when every part of it was read: a part with its own problem
        (already reported) would otherwise also be reported as a wrong total.
        """
        if weights == "percent" and pairs and complete:
            total = sum((s.weight or ZERO for s, _ in pairs), ZERO)
            if total != HUNDRED:
                f.error(
                    f.where("sections"),
                    f"section weights must total 100 (percent), they total {total}",
                )
        for section, node in pairs:
            cnodes = _entries(node, "criteria")
            by_id = {_id_text(n): n for n in cnodes if isinstance(n, YMap)}
            ctotal = sum((c.weight for c in section.criteria), ZERO)
            all_read = len(section.criteria) == len(cnodes)
            if weights == "percent" and section.criteria and all_read and ctotal != HUNDRED:
                f.error(
                    node,
                    f"criteria weights in section `{section.id}` must total 100 (percent), "
                    f"they total {ctotal}",
                )
            if (
                weights == "points"
                and section.weight is not None
                and all_read
                and section.weight != ctotal
            ):
                f.error(
                    node,
                    f"section `{section.id}` is weighted {section.weight} points but its "
                    f"criteria total {ctotal}",
                )
            for c in section.criteria:
                cnode = by_id.get(c.id)
                if not c.sub_criteria or len(c.sub_criteria) != len(
                    _entries(cnode, "sub_criteria")
                ):
                    continue
                stotal = sum((s.weight for s in c.sub_criteria), ZERO)
                expected = HUNDRED if weights == "percent" else c.weight
                if stotal != expected:
                    unit = "100 (percent)" if weights == "percent" else f"{c.weight} points"
                    at = (cnode.key_node("sub_criteria") if cnode else None) or node
                    f.error(
                        at,
                        f"sub-criteria weights of `{c.id}` must total {unit}, they total {stotal}",
                    )

    def check_methods(self) -> None:
        """Methods that name another criterion must name an existing qualitative one."""
        for f, key, owner, method, named in self.refs:
            kind = self.types.get(named)
            if named not in self.criterion_ids:
                f.error(
                    f.where(key),
                    f"criterion `{owner}`: method {method} names "
                    f"criterion `{named}`, which does not exist"
                    + _hint(named, sorted(self.criterion_ids)),
                )
            elif kind == "quantitative":
                f.error(
                    f.where(key),
                    f"criterion `{owner}`: method {method} must "
                    f"name a qualitative criterion, `{named}` is quantitative",
                )


def _entries(node: YNode | None, key: str) -> list[YNode]:
    """The entries of the list under ``key`` in a mapping (none if it is not a list)."""
    value = node.get(key) if isinstance(node, YMap) else None
    return value.items if isinstance(value, YSeq) else []


def _id_text(node: YMap) -> str | None:
    value = node.get("id")
    return value.text if isinstance(value, YScalar) else None


def _hint(word: str, choices: object) -> str:
    return suggest(word, list(choices))  # type: ignore[call-overload]
