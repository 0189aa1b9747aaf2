"""``tender.yaml``: the procurement a folder holds, loaded with line-and-column problems.

A tender folder holds ``tender.yaml``, ``responses/`` (one workbook per bidder),
``scores/`` (one scoresheet per evaluator), ``moderation.xlsx`` and ``out/`` for outputs.
See ``docs/tender.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path

from ..errors import InputError, Location, Problem, Problems
from ..model import Evaluator, PackOptions, Tender
from ..names import TenderFolder
from ..rubric import catalogue
from ..rubric.load import load_rubric
from ..rubric.model import HUNDRED, Rubric
from ..rubric.proxies import (
    ProxySet,
    check_proxies,
    find_proxy_set,
    load_proxy_set,
    load_proxy_set_by_id,
)
from ..yamlnodes import Fields, YMap, as_map, read_yaml_file

TENDER_FILE = "tender.yaml"
RESPONSES = "responses"
SCORES = "scores"
MODERATION_FILE = "moderation.xlsx"
OUT = "out"

ROOT_KEYS = (
    "reference",
    "title",
    "buyer",
    "contract",
    "rubric",
    "proxy_set",
    "social_value_percent",
    "evaluators",
    "minimum_evaluators",
    "dates",
    "marking",
    "pack",
)
CONTRACT_KEYS = ("value", "currency", "years")
EVALUATOR_KEYS = ("id", "name", "role")
DATE_KEYS = (
    "published",
    "clarifications",
    "deadline",
    "evaluation",
    "moderation",
    "award",
    "standstill_end",
)
PACK_KEYS = ("archival", "generated", "evidence_excerpt_words")
SLUG = re.compile(r"[a-z0-9][a-z0-9\-]{0,40}")


def load_tender(folder: str | Path) -> Tender:
    """Load ``folder/tender.yaml``; every problem is reported together as an :class:`InputError`.

    Files are named relative to ``folder`` (see :class:`~socialvalue.names.TenderFolder`)."""
    folder = Path(folder)
    path = folder / TENDER_FILE
    names = TenderFolder(folder)
    if not folder.is_dir():
        raise InputError.single(names.name(folder), "tender folder not found")
    if not path.is_file():
        raise InputError.single(
            names.name(path),
            "no tender.yaml in this folder (create one with `socialvalue init DIR --rubric ID`)",
        )
    problems = Problems(names.name(path))
    name, root = read_yaml_file(path, problems, problems.file)
    node = as_map(root, problems, "a tender")
    problems.raise_if_any()
    assert node is not None
    tender = _build(node, problems, folder, name, hashlib.sha256(path.read_bytes()).hexdigest())
    problems.raise_if_any()
    assert tender is not None
    return tender


def _build(node: YMap, problems: Problems, folder: Path, name: str, digest: str) -> Tender | None:
    f = Fields(node, problems, "tender.yaml", ROOT_KEYS)
    reference = f.text("reference", required=True)
    title = f.text("title", required=True)
    buyer = f.text("buyer", required=True)
    rubric = f.text("rubric", required=True)
    value, currency, years = None, "GBP", None
    contract = f.mapping("contract", required=True)
    if contract is not None:
        cf = Fields(contract, problems, "contract", CONTRACT_KEYS)
        value = cf.decimal("value", required=True, positive=True)
        currency = cf.text("currency", default="GBP") or "GBP"
        years = cf.decimal("years", positive=True)
    sv = f.decimal("social_value_percent", positive=True, maximum=HUNDRED)
    sv_node = f.scalar("social_value_percent")
    positions = {"social_value_percent": (sv_node.line, sv_node.column)} if sv_node else {}
    evaluators: list[Evaluator] = []
    seen: set[str] = set()
    for enode in f.maps("evaluators", required=True):
        ef = Fields(enode, problems, "an evaluator", EVALUATOR_KEYS)
        eid = ef.text("id", required=True)
        ename = ef.text("name", required=True)
        if eid is not None and not SLUG.fullmatch(eid):
            ef.error(
                ef.where("id"),
                f'evaluator id must be lower-case letters, digits and "-" '
                f'(it names the scoresheet file scores/<id>.xlsx), got "{eid}"',
            )
        elif eid in seen:
            ef.error(ef.where("id"), f"duplicate evaluator id `{eid}`")
        elif eid and ename:
            seen.add(eid)
            evaluators.append(Evaluator(eid, ename, ef.text("role", default="") or ""))
    minimum_evaluators = f.integer("minimum_evaluators", minimum=1)
    dates: dict[str, dt.date] = {}
    dnode = f.mapping("dates")
    if dnode is not None:
        df = Fields(dnode, problems, "dates", DATE_KEYS)
        for key in DATE_KEYS:
            scalar = df.scalar(key)
            if scalar is None:
                continue
            try:
                dates[key] = dt.date.fromisoformat(str(scalar.text).strip())
            except ValueError:
                df.error(
                    scalar, f"{key} must be a date written YYYY-MM-DD, got {scalar.describe()}"
                )
    pack = PackOptions()
    pnode = f.mapping("pack")
    if pnode is not None:
        pf = Fields(pnode, problems, "pack", PACK_KEYS)
        generated = None
        scalar = pf.scalar("generated")
        if scalar is not None:
            generated = _datetime(str(scalar.text))
            if generated is None:
                pf.error(
                    scalar,
                    "generated must be a date (YYYY-MM-DD) or a date and time "
                    f"(YYYY-MM-DDTHH:MM:SSZ), got {scalar.describe()}",
                )
        words = pf.integer("evidence_excerpt_words", minimum=1)
        pack = PackOptions(
            archival=pf.boolean("archival"),
            generated=generated,
            evidence_excerpt_words=words if words is not None else 60,
        )
    if (
        reference is None
        or title is None
        or buyer is None
        or rubric is None
        or value is None
        or problems.errors
    ):
        return None
    return Tender(
        reference=reference,
        title=title,
        buyer=buyer,
        contract_value=value,
        currency=currency,
        rubric=rubric,
        evaluators=tuple(evaluators),
        minimum_evaluators=minimum_evaluators if minimum_evaluators is not None else 2,
        proxy_set=f.text("proxy_set"),
        social_value_percent=sv,
        contract_years=years,
        dates=dates,
        marking=f.text("marking", default="OFFICIAL-SENSITIVE") or "OFFICIAL-SENSITIVE",
        pack=pack,
        positions=positions,
        folder=str(folder),
        file=name,
        sha256=digest,
    )


def _datetime(text: str) -> dt.datetime | None:
    text = text.strip()
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def load_rubric_for(tender: Tender) -> Rubric:
    """The tender's rubric: a shipped id, or a path relative to the tender folder."""
    path = catalogue.resolve(tender.rubric, base=Path(tender.folder))
    return load_rubric(path, TenderFolder(tender.folder).name(path))


def load_proxies_for(tender: Tender, rubric: Rubric) -> tuple[ProxySet | None, list[Problem]]:
    """The proxy set in force (the tender's own, else the rubric's) and problems using it."""
    if not any(not m.record_only for _, m in rubric.measures()):
        return None, []
    folder = Path(tender.folder)
    ref = tender.proxy_set or rubric.proxy_set
    where = tender.file if tender.proxy_set else rubric.source
    if ref is None:
        return None, [
            Problem(Location(where), "no proxy set: name one as `proxy_set` in tender.yaml")
        ]
    candidate = folder / ref
    path = candidate if candidate.is_file() else find_proxy_set(ref, near=folder)
    if path is None:
        return None, [
            Problem(
                Location(where),
                f"proxy set `{ref}` not found (a file in the tender "
                "folder, or the id of a shipped set)",
            )
        ]
    try:
        # A path is taken as it is; a set found by its id must hold that id.
        name = TenderFolder(folder).name(path)
        proxies = (
            load_proxy_set(path, name)
            if candidate.is_file()
            else load_proxy_set_by_id(ref, path, name)
        )
    except InputError as exc:
        return None, exc.problems
    problems = check_proxies(rubric, proxies)
    if proxies.currency != tender.currency:
        problems.append(
            Problem(
                Location(proxies.file),
                f"proxy set is in {proxies.currency} but the contract is in {tender.currency}",
            )
        )
    return proxies, problems


def check_weighting(tender: Tender, rubric: Rubric) -> list[Problem]:
    """The tender's social value weight against the rubric's policy minimum."""
    w = rubric.weighting
    value = tender.social_value_percent
    if value is None or value >= w.policy_minimum_percent or w.exception:
        return []
    line, column = tender.positions.get("social_value_percent", (None, None))
    return [
        Problem(
            Location(tender.file, line, column),
            f"social_value_percent {value} is below the policy minimum "
            f"of {w.policy_minimum_percent}% set by rubric `{rubric.id}` ({rubric.policy})",
        )
    ]


def social_value_percent(tender: Tender, rubric: Rubric) -> Decimal:
    return tender.social_value_percent or rubric.weighting.social_value_percent
