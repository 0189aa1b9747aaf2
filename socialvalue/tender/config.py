"""``tender.yaml``: the procurement a folder holds, loaded with line-and-column problems.

A tender folder holds ``tender.yaml``, ``responses/`` (one workbook per bidder),
``scores/`` (one scoresheet per evaluator), ``moderation.xlsx`` and ``out/`` for outputs.
See ``docs/tender.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from ..bounds import CONTRACT_VALUE_MAX, CONTRACT_VALUE_MIN, FTE_COST_MAX
from ..errors import InputError, Location, Problem, Problems, Severity
from ..local import parse_local_area
from ..local.lm3 import parse_local_multiplier
from ..model import Evaluator, PackOptions, Placeholder, Tender, spend_plan_problems
from ..names import TenderFolder
from ..rubric import catalogue
from ..rubric.load import load_rubric
from ..rubric.model import HUNDRED, Rubric
from ..rubric.proxies import ProxySet, check_proxies, find_proxy_set, load_proxy_set_ref
from ..yamlnodes import Fields, YMap, YNode, YSeq, as_map, load_yaml_file
from .assignment import ASSIGNMENT_KEYS, read_evaluator
from .bids import read_bids
from .clarifications import load_clarifications
from .dates import DATE_KEYS, DEFAULT_JURISDICTION, JURISDICTIONS, Dated, check_dates

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
    "jurisdiction",
    "rubric",
    "proxy_set",
    "social_value_percent",
    "evaluators",
    "minimum_evaluators",
    "dates",
    "marking",
    "pack",
    "bids",
    "clarifications",
    "local_multiplier",
    "local_area",
)
CONTRACT_KEYS = ("value", "currency", "years", "annual_fte_cost")
EVALUATOR_KEYS = ("id", "name", "role", *ASSIGNMENT_KEYS)
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
    name, root, digest = load_yaml_file(path, problems, problems.file)
    node = as_map(root, problems, "a tender", ROOT_KEYS)
    problems.raise_if_any()
    assert node is not None
    tender = _build(node, problems, folder, name, digest)
    problems.raise_if_any()
    assert tender is not None
    return tender


def _build(node: YMap, problems: Problems, folder: Path, name: str, digest: str) -> Tender | None:
    f = Fields(node, problems, "tender.yaml", ROOT_KEYS)
    reference = f.text("reference", required=True)
    title = f.text("title", required=True)
    buyer = f.text("buyer", required=True)
    rubric = f.text("rubric", required=True)
    positions: dict[str, tuple[int, int]] = {}
    for key in ("rubric", "proxy_set", "contract"):
        where = f.where(key) if f.has(key) else None
        if where is not None:
            positions[key] = (where.line, where.column)
    value, currency, years, fte_cost = None, "GBP", None, None
    contract = f.mapping("contract", required=True)
    if contract is not None:
        cf = Fields(contract, problems, "contract", CONTRACT_KEYS)
        value = cf.decimal(
            "value", required=True, minimum=CONTRACT_VALUE_MIN, maximum=CONTRACT_VALUE_MAX
        )
        currency = cf.text("currency", default="GBP") or "GBP"
        where = cf.where("currency") if cf.has("currency") else contract
        positions["contract.currency"] = (where.line, where.column)
        years = cf.decimal("years", positive=True)
        fte_cost = cf.decimal("annual_fte_cost", positive=True, maximum=FTE_COST_MAX)
    sv = f.decimal("social_value_percent", positive=True, maximum=HUNDRED)
    sv_node = f.scalar("social_value_percent")
    if sv_node:
        positions["social_value_percent"] = (sv_node.line, sv_node.column)
    evaluators: list[Evaluator] = []
    seen: set[str] = set()
    if f.has("evaluators"):
        where = f.node.key_node("evaluators") or node
        positions["evaluators"] = (where.line, where.column)
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
            evaluators.append(read_evaluator(ef, eid, ename, positions))
    jurisdiction = (
        f.choice("jurisdiction", tuple(JURISDICTIONS), default=DEFAULT_JURISDICTION)
        or DEFAULT_JURISDICTION
    )
    minimum_evaluators = f.integer("minimum_evaluators", minimum=1)
    dates: dict[str, Dated] = {}
    dnode = f.mapping("dates")
    if dnode is not None:
        df = Fields(dnode, problems, "dates", DATE_KEYS)
        for key in DATE_KEYS:
            scalar = df.scalar(key)
            if scalar is None:
                continue
            try:
                day = dt.date.fromisoformat(str(scalar.text).strip())
            except ValueError:
                df.error(
                    scalar, f"{key} must be a date written YYYY-MM-DD, got {scalar.describe()}"
                )
            else:
                dates[key] = (day, scalar.line, scalar.column)
        check_dates(dates, jurisdiction, problems)
    bids = read_bids(f, problems)
    lm3_node = f.mapping("local_multiplier")
    respend = parse_local_multiplier(lm3_node, problems) if lm3_node is not None else None
    lnode = f.raw("local_area")
    local_area = parse_local_area(lnode, problems) if lnode is not None else None
    clarifications = load_clarifications(f)
    placeholders = _placeholders(node, problems)  # and any other tag: an error, found with the rest
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
        annual_fte_cost=fte_cost,
        dates={key: day for key, (day, _, _) in dates.items()},
        jurisdiction=jurisdiction,
        placeholders=tuple(placeholders),
        marking=f.text("marking", default="OFFICIAL-SENSITIVE") or "OFFICIAL-SENSITIVE",
        pack=pack,
        bids=bids,
        positions=positions,
        folder=str(folder),
        file=name,
        sha256=digest,
        clarifications=clarifications,
        local_multiplier=respend,
        local_area=local_area,
    )


PLACEHOLDER_TAG = "!placeholder"


def _placeholders(root: YMap, problems: Problems) -> list[Placeholder]:
    """Every value marked ``!placeholder``; any other tag of one's own is an error."""
    found: list[Placeholder] = []

    def walk(node: YNode, key: str) -> None:
        if isinstance(node, YMap):
            for k, value in node.entries:
                walk(value, f"{key}.{k.text}" if key else str(k.text))
        elif isinstance(node, YSeq):
            for index, item in enumerate(node.items, 1):
                walk(item, f"{key}[{index}]")
        elif node.tag == PLACEHOLDER_TAG:
            found.append(Placeholder(key, node.text or "", node.line, node.column))
        elif node.tag is not None:
            problems.add(
                f"unknown tag `{node.tag}` on {key}: the only tag tender.yaml knows is "
                f"`{PLACEHOLDER_TAG}` (a stand-in still to be replaced)",
                line=node.line,
                column=node.column,
            )

    walk(root, "")
    return found


#: The placeholders the response template would print for the bidders.
PRINTED_ON_TEMPLATE = ("reference", "title", "buyer", "dates.deadline")


def placeholder_problems(
    tender: Tender, severity: Severity = "error", keys: tuple[str, ...] | None = None
) -> list[Problem]:
    """A problem for each placeholder left in tender.yaml (only those at ``keys`` if given)."""
    return [
        Problem(
            Location(tender.file, p.line, p.column),
            f"{p.key} is a placeholder that `socialvalue init` wrote ({p.text}): write the real "
            f"value in its place and delete `{PLACEHOLDER_TAG}`",
            severity,
        )
        for p in tender.placeholders
        if keys is None or p.key in keys
    ]


def refuse_placeholders(tender: Tender, keys: tuple[str, ...] | None = None) -> None:
    """Raise an InputError naming each placeholder left (at ``keys`` if given)."""
    problems = placeholder_problems(tender, "error", keys)
    if problems:
        raise InputError(problems)


def _datetime(text: str) -> dt.datetime | None:
    text = text.strip()
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _at(tender: Tender, key: str) -> Location:
    """Where ``key`` is in tender.yaml (its value; the file when not known)."""
    line, column = tender.positions.get(key, (None, None))
    return Location(tender.file, line, column)


def load_rubric_for(tender: Tender) -> Rubric:
    """The tender's rubric: a shipped id, or a path relative to the tender folder."""
    folder = Path(tender.folder)
    try:
        path = catalogue.resolve(tender.rubric, base=folder)
    except InputError as exc:
        where = _at(tender, "rubric")
        raise InputError(
            [Problem(where, f"rubric `{tender.rubric}`: {p.message}") for p in exc.problems]
        ) from None
    if not path.exists():
        raise InputError.single(
            tender.file,
            f"rubric file `{tender.rubric}` not found (a path here is relative to the tender "
            "folder)",
            line=_at(tender, "rubric").line,
            column=_at(tender, "rubric").column,
        )
    return load_rubric(path, TenderFolder(folder).name(path))


def load_proxies_for(tender: Tender, rubric: Rubric) -> tuple[ProxySet | None, list[Problem]]:
    """The proxy set in force and the problems using it: tender.yaml's ``proxy_set`` (a path
    relative to the tender folder or an id), else the rubric's own, looked up beside the rubric
    as ``socialvalue rubric check`` looks it up (see :func:`~socialvalue.rubric.proxies.
    find_proxy_set`)."""
    if not any(not m.record_only for _, m in rubric.measures()):
        return None, []
    folder = Path(tender.folder)
    names = TenderFolder(folder)
    if tender.proxy_set is not None:
        ref, near, where = tender.proxy_set, folder, _at(tender, "proxy_set")
        missing = (
            f"proxy set `{ref}` not found: no such file in the tender folder, and no shipped "
            "set has this id"
        )
    elif rubric.proxy_set is not None:
        ref, where = rubric.proxy_set, _at(tender, "rubric")
        near = catalogue.resolve(tender.rubric, base=folder).parent
        missing = (
            f"rubric `{rubric.id}` names proxy set `{ref}`, not found beside the rubric "
            f"({ref}.yaml or .csv, or in proxies/ there) nor among the shipped sets: put it "
            "there, or name one as `proxy_set` in tender.yaml"
        )
    else:
        return None, [
            Problem(
                _at(tender, "rubric"),
                f"rubric `{rubric.id}` names no proxy set: name one as `proxy_set` in tender.yaml",
            )
        ]
    try:
        found = find_proxy_set(ref, near)
        proxies = load_proxy_set_ref(ref, near, names.name(found) if found else None)
    except InputError as exc:
        return None, exc.problems
    if proxies is None:
        return None, [Problem(where, missing)]
    problems = check_proxies(rubric, proxies)
    if proxies.currency != tender.currency:
        problems.append(
            Problem(
                _at(tender, "contract.currency"),
                f"the contract is in {tender.currency} but proxy set `{proxies.id}` "
                f"({proxies.file}) is in {proxies.currency}",
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


def check_local_area(tender: Tender, rubric: Rubric) -> list[Problem]:
    """A rubric scoring the local share or LM3 of a spend plan needs the tender's
    ``local_area`` (and for LM3 its ``local_multiplier`` with ``scored: true``)."""
    return [
        Problem(Location(tender.file, 1, 1), text) for text in spend_plan_problems(tender, rubric)
    ]


def social_value_percent(tender: Tender, rubric: Rubric) -> Decimal:
    return tender.social_value_percent or rubric.weighting.social_value_percent
