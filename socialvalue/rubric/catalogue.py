"""The shipped rubrics, and checking rubric files with the proxy sets they name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from ..errors import InputError, Location, Problem, display_path
from ..formatting import plain_decimal
from ..resources import rubrics_dir, shipped_rubric_files
from .load import load_rubric
from .model import Rubric, is_money
from .proxies import check_proxies, load_proxy_set_ref


@attrs.frozen
class Entry:
    id: str
    title: str
    version: str
    policy: str
    path: Path

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "policy": self.policy,
            "path": str(self.path),
        }


def shipped() -> list[Entry]:
    """Every shipped rubric, sorted by id."""
    entries = []
    for path in shipped_rubric_files():
        r = load_rubric(path)
        entries.append(Entry(r.id, r.title, r.version, r.policy, path))
    return sorted(entries, key=lambda e: e.id)


def resolve(ref: str, base: Path | None = None) -> Path:
    """A rubric reference (a shipped id, or a path, relative to ``base``) to its file."""
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = base / path
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    for candidate in shipped_rubric_files():
        if candidate.stem == ref:
            return candidate
    for entry in shipped():
        if entry.id == ref:
            return entry.path
    ids = ", ".join(e.id for e in shipped())
    raise InputError.single(
        ref, f"no shipped rubric has this id and no such file exists (shipped: {ids})"
    )


def load(ref: str, base: Path | None = None) -> Rubric:
    """Load a rubric by shipped id or path."""
    return load_rubric(resolve(ref, base))


def max_quantities_above(rubric: Rubric, contract_value: Decimal, where: Location) -> list[Problem]:
    """A warning for each money measure (unit GBP, £ or the rubric's currency) whose
    ``max_quantity`` is above the contract value: a bid could then commit more spend than the
    contract is worth without the form refusing it (the engine still flags it)."""
    return [
        Problem(
            where,
            f"measure {m.id} ({m.title}) allows up to {plain_decimal(m.max_quantity)} "
            f"{m.unit} (max_quantity), more than the contract value of "
            f"{plain_decimal(contract_value)}: lower max_quantity to at most the contract value",
            "warning",
        )
        for _, m in rubric.measures()
        if m.max_quantity is not None
        and is_money(m.unit, rubric.currency)
        and m.max_quantity > contract_value
    ]


def check_file(path: Path, contract_value: Decimal | None = None) -> list[Problem]:
    """Every problem with one rubric file, including the proxy set it names; with a
    ``contract_value``, a warning for each money measure's ``max_quantity`` above it."""
    try:
        rubric = load_rubric(path)
    except InputError as exc:
        return exc.problems
    if contract_value is not None:
        where = Location(display_path(path))
        return max_quantities_above(rubric, contract_value, where) + check_file(path)
    if rubric.proxy_set is None:
        if any(not m.record_only for _, m in rubric.measures()):
            return [
                Problem(
                    Location(display_path(path)),
                    "the rubric values measures but names no `proxy_set`",
                )
            ]
        return []
    try:
        found = load_proxy_set_ref(rubric.proxy_set, path.parent)
    except InputError as exc:
        return exc.problems
    if found is None:
        return [
            Problem(
                Location(display_path(path)),
                f"proxy set `{rubric.proxy_set}` not found beside the rubric "
                f"(proxies/{rubric.proxy_set}.yaml or .csv) or among the shipped sets "
                f"in {display_path(rubrics_dir() / 'proxies')}",
            )
        ]
    return check_proxies(rubric, found)
