"""Loading ``contract.yaml`` with line-and-column problems, every one reported together."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..errors import InputError, Problems
from ..formatting import plain_decimal
from ..names import TenderFolder
from ..rubric.proxies import ProxySet, find_proxy_set, load_proxy_set_ref
from ..yamlnodes import Fields, YMap, as_map, load_yaml_file
from .local_plan import LOCAL_KEYS, parse_local
from .model import (
    CONTRACT_FILE,
    DEFAULT_ANNUAL_FTE_COST,
    DEFAULT_GRACE_DAYS,
    KPI,
    Bands,
    Contract,
    Decision,
    Source,
    Supplier,
)
from .periods import DEFAULT_FREQUENCY, FREQUENCIES, Calendar, Period, parse_year_start

ROOT_KEYS = (
    "reference",
    "title",
    "buyer",
    "supplier",
    "source",
    "start",
    "end",
    "value",
    "currency",
    "reporting",
    "year_start",
    "annual_fte_cost",
    "grace_days",
    "ratings",
    "newer_proxy_set",
    "kpis",
    *LOCAL_KEYS,
)
SUPPLIER_KEYS = ("bidder", "name", "company_number")
SOURCE_KEYS = ("tender", "results", "results_sha256", "proxy_set", "proxy_set_version", "status")
BAND_KEYS = ("good", "approaching_target", "requires_improvement")
KPI_KEYS = (
    "id",
    "title",
    "unit",
    "committed",
    "proxy_value",
    "gbp_value",
    "evidence",
    "evidence_required",
    "guidance",
    "decision",
    "profile",
)
DECISION_KEYS = ("decision", "flag", "reason", "bid_quantity", "reference")
DECISIONS = ("accepted", "capped", "not counted", "clarified")
MAX_PERCENT = Decimal(1000)
#: The longest grace a return may be given: a year.
MAX_GRACE_DAYS = 366


def load_contract(folder: str | Path) -> Contract:
    """Load ``folder/contract.yaml``; every problem is reported together as an InputError.

    Files are named relative to ``folder``, as a tender folder's are."""
    folder = Path(folder)
    names = TenderFolder(folder)
    path = folder / CONTRACT_FILE
    if not folder.is_dir():
        raise InputError.single(names.name(folder), "contract folder not found")
    if not path.is_file():
        raise InputError.single(
            names.name(path),
            "no contract.yaml in this folder (make one with "
            "`socialvalue contract init CONTRACT --from TENDER`)",
        )
    problems = Problems(names.name(path))
    name, root, _ = load_yaml_file(path, problems, problems.file)
    node = as_map(root, problems, "a contract", ROOT_KEYS)
    problems.raise_if_any()
    assert node is not None
    contract = _build(node, problems, name, str(folder))
    problems.raise_if_any()
    assert contract is not None
    return contract


def _build(node: YMap, problems: Problems, name: str, folder: str) -> Contract | None:
    f = Fields(node, problems, "contract.yaml", ROOT_KEYS)
    reference = f.text("reference", required=True)
    title = f.text("title", required=True)
    buyer = f.text("buyer", required=True)
    supplier = _supplier(f)
    source = _source(f)
    start, end = f.date("start", required=True), f.date("end", required=True)
    if start is not None and end is not None and end < start:
        f.error(f.where("end"), f"end {end} is before start {start}")
        end = None
    value = f.decimal("value", required=True, positive=True)
    currency = f.text("currency", default="GBP") or "GBP"
    reporting = f.choice("reporting", FREQUENCIES, default=DEFAULT_FREQUENCY)
    year_start = _year_start(f)
    fte_cost = f.decimal("annual_fte_cost", positive=True)
    grace = f.integer("grace_days", minimum=0)
    if grace is not None and grace > MAX_GRACE_DAYS:
        f.error(f.where("grace_days"), f"grace_days must be at most {MAX_GRACE_DAYS}, got {grace}")
        grace = None
    bands = _bands(f)
    calendar = Calendar(reporting or DEFAULT_FREQUENCY, year_start or 1)
    periods = calendar.periods_between(start, end) if start and end else None
    if reporting is None or year_start is None:
        periods = None  # the periods are unknown: the profiles are not checked
    kpis: list[KPI] = []
    seen: dict[str, int] = {}
    for knode in f.maps("kpis", required=True):
        kpi = _kpi(Fields(knode, problems, "a KPI", KPI_KEYS), calendar, periods)
        if kpi is None:
            continue
        if kpi.id in seen:
            problems.add(
                f"duplicate KPI id `{kpi.id}` (first given at line {seen[kpi.id]})",
                line=knode.line,
                column=knode.column,
            )
            continue
        seen[kpi.id] = knode.line
        kpis.append(kpi)
    local = parse_local(f, problems, {k.id for k in kpis if k.is_money(currency)})
    newer = _newer_proxies(f, folder, currency, kpis)
    if problems.errors:
        return None
    assert reference and title and buyer and supplier and source and start and end and value
    return Contract(
        reference=reference,
        title=title,
        buyer=buyer,
        supplier=supplier,
        source=source,
        start=start,
        end=end,
        value=value,
        currency=currency,
        reporting=calendar.frequency,
        year_start=calendar.year_start,
        annual_fte_cost=fte_cost or DEFAULT_ANNUAL_FTE_COST,
        grace_days=DEFAULT_GRACE_DAYS if grace is None else grace,
        ratings=bands,
        newer_proxy_set=f.text("newer_proxy_set") if newer else None,
        kpis=tuple(kpis),
        local_area=local.area,
        local_multiplier=local.multiplier,
        local_spend=local.plan,
        newer_proxies=newer,
        file=name,
        folder=folder,
    )


def _year_start(f: Fields) -> int | None:
    """``year_start``: a month's name (``April``) or number (``4``); January by default."""
    scalar = f.scalar("year_start")
    if scalar is None:
        return 1
    month = parse_year_start(str(scalar.text or ""))
    if month is None:
        f.error(
            scalar,
            "year_start must be the month the reporting year starts, a name (April) or a "
            f"number (4), got {scalar.describe()}",
        )
    return month


def _newer_proxies(f: Fields, folder: str, currency: str, kpis: list[KPI]) -> ProxySet | None:
    """contract.yaml's ``newer_proxy_set``, found as tender.yaml's ``proxy_set`` is (a path
    relative to the contract folder, else an id: there, in proxies/ there, or shipped)."""
    ref = f.text("newer_proxy_set")
    if ref is None:
        return None
    where = f.where("newer_proxy_set")
    near = Path(folder)
    try:
        found = find_proxy_set(ref, near)
        proxies = load_proxy_set_ref(ref, near, TenderFolder(near).name(found) if found else None)
    except InputError as exc:
        f.problems.extend(exc.problems)
        return None
    if proxies is None:
        f.error(
            where,
            f"proxy set `{ref}` not found: no such file in the contract folder, and no shipped "
            "set has this id",
        )
        return None
    if proxies.currency != currency:
        f.error(
            where,
            f"proxy set `{proxies.id}` is in {proxies.currency}, the contract in {currency}",
        )
        return None
    for kpi in kpis:
        value = proxies.value(kpi.id)
        if (
            value is not None
            and kpi.proxy_value is not None
            and value.unit.casefold() != kpi.unit.casefold()
        ):
            f.error(
                where,
                f"proxy set `{proxies.id}` values {kpi.id} per {value.unit}, the KPI counts "
                f"{kpi.unit}",
            )
            return None
    return proxies


def _supplier(f: Fields) -> Supplier | None:
    node = f.mapping("supplier", required=True)
    if node is None:
        return None
    sf = Fields(node, f.problems, "supplier", SUPPLIER_KEYS)
    bidder, name = sf.text("bidder", required=True), sf.text("name", required=True)
    number = sf.text("company_number", default="") or ""
    return Supplier(bidder, name, number) if bidder and name else None


def _source(f: Fields) -> Source | None:
    node = f.mapping("source", required=True)
    if node is None:
        return None
    sf = Fields(node, f.problems, "source", SOURCE_KEYS)
    tender, results = sf.text("tender", required=True), sf.text("results", required=True)
    digest = sf.text("results_sha256", required=True)
    if digest is not None and not (
        len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
    ):
        sf.error(sf.where("results_sha256"), "results_sha256 must be 64 hexadecimal digits")
        digest = None
    if not (tender and results and digest):
        return None
    status = sf.choice("status", ("final", "provisional"), default="final") or "final"
    proxies, version = sf.text("proxy_set"), sf.text("proxy_set_version")
    return Source(tender, results, digest, proxies, version, status)


def _bands(f: Fields) -> Bands:
    node = f.mapping("ratings")
    if node is None:
        return Bands()
    bf = Fields(node, f.problems, "ratings", BAND_KEYS)
    default = Bands()
    values = {}
    for key in BAND_KEYS:
        got = bf.decimal(key, minimum=Decimal(0), maximum=MAX_PERCENT)
        values[key] = got if got is not None else getattr(default, key)
    bands = Bands(**values)
    if not bands.good >= bands.approaching_target >= bands.requires_improvement:
        bf.error(
            node,
            "the rating bands must not rise as the rating falls: good "
            f"{plain_decimal(bands.good)} >= approaching_target "
            f"{plain_decimal(bands.approaching_target)} >= requires_improvement "
            f"{plain_decimal(bands.requires_improvement)}",
        )
    return bands


def _kpi(kf: Fields, calendar: Calendar, periods: tuple[Period, ...] | None) -> KPI | None:
    kid = kf.ident("id", required=True)
    title = kf.text("title", required=True)
    unit = kf.text("unit", required=True)
    committed = kf.decimal("committed", required=True, positive=True)
    decision = _decision(kf)
    profile = _profile(kf, calendar, periods, committed, kid or "?")
    if kid is None or title is None or unit is None or committed is None or profile is None:
        return None
    return KPI(
        id=kid,
        title=title,
        unit=unit,
        committed=committed,
        proxy_value=kf.decimal("proxy_value", minimum=Decimal(0)),
        gbp_value=kf.decimal("gbp_value", minimum=Decimal(0)),
        evidence=kf.text("evidence", default="") or "",
        evidence_required=kf.boolean("evidence_required", default=True),
        guidance=kf.text("guidance", default="") or "",
        decision=decision,
        profile=profile,
        line=kf.node.line,
    )


def _decision(kf: Fields) -> Decision | None:
    node = kf.mapping("decision")
    if node is None:
        return None
    df = Fields(node, kf.problems, "a decision", DECISION_KEYS)
    decision = df.choice("decision", DECISIONS, required=True)
    flag, reason = df.text("flag", required=True), df.text("reason", required=True)
    bid = df.decimal("bid_quantity", minimum=Decimal(0))
    reference = df.text("reference", default="") or ""
    if decision is None or flag is None or reason is None:
        return None
    return Decision(decision, flag, reason, bid, reference)


def _profile(
    kf: Fields,
    calendar: Calendar,
    periods: tuple[Period, ...] | None,
    committed: Decimal | None,
    kid: str,
) -> dict[str, Decimal] | None:
    node = kf.mapping("profile", required=True)
    if node is None:
        return None
    if periods is None:  # the dates or the reporting are wrong: the periods are unknown
        return None
    order = [p.label for p in periods]
    before = len(kf.problems.errors)
    # Every key is allowed here (duplicates are still found): one not in the term is told so.
    pf = Fields(node, kf.problems, f"the profile of KPI {kid}", node.keys())
    ok = len(pf.problems.errors) == before
    shares: list[tuple[str, Decimal]] = []
    for key, _ in node.entries:
        label = key.text or ""
        if label not in order:
            pf.error(key, calendar.not_a_period(label, periods))
            ok = False
            continue
        amount = pf.decimal(label, required=True, minimum=Decimal(0))
        if amount is None:
            ok = False
            continue
        shares.append((label, amount))
    total = sum((q for _, q in shares), Decimal(0))
    if committed is not None and ok and total != committed:
        pf.error(
            node,
            f"the profile of KPI {kid} sums to {plain_decimal(total)}, not the "
            f"{plain_decimal(committed)} committed: change the periods' quantities so "
            "they add up to the commitment",
        )
        return None
    if not ok:
        return None
    return dict(sorted(shares, key=lambda s: order.index(s[0])))


__all__ = ["load_contract"]
