"""One OCDS release package for every member of a portfolio (reusing :mod:`..ocds`).

Each member's package is made as ``socialvalue ocds MEMBER`` makes it (a contract's with its
delivery as of the reporting year's end), in a scratch folder; their releases are put in one
package, in member order, checked against the shipped schema and written atomically. Each
contract is its own release (its reference is in the release id and is the contract's id), so
contracts made from one award are all published; a release two members give alike is given
once. When a contract of an award is published, the award's own release (a tender member)
leaves out its pending ``contract-1``, which the contracts' releases replace.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from ..atomic import write_bytes_atomic
from ..errors import InputError, Location, Problem
from ..ocds.contract import write_contract_package
from ..ocds.publish import OCDS_JSON, write_release_package
from ..ocds.schema import validation_problems
from ..results.json_io import dumps
from .config import load_portfolio
from .members import CONTRACT_FILE
from .report import DEFAULT_OUT


def _member_package(folder: Path, scratch: Path, ocid_prefix: str, as_of: Any) -> dict[str, Any]:
    target = scratch / "ocds.json"
    if (folder / CONTRACT_FILE).is_file():
        write_contract_package(folder, target, as_of=as_of, ocid_prefix=ocid_prefix)
    else:
        write_release_package(folder, target, ocid_prefix=ocid_prefix)
    package: dict[str, Any] = json.loads(target.read_text("utf-8"))
    target.unlink()
    return package


def merged_releases(packages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every package's releases in order, each (ocid, id) once; an award release of an ocid
    with contract releases loses its pending contract (theirs are the contracts signed)."""
    seen: set[tuple[str, str]] = set()
    releases = []
    for package in packages:
        for release in package["releases"]:
            key = (release["ocid"], release["id"])
            if key not in seen:
                seen.add(key)
                releases.append(release)
    signed = {r["ocid"] for r in releases if "implementation" in r["tag"]}
    out = []
    for release in releases:
        if release["ocid"] in signed and "contract" not in release["tag"]:
            release = {k: v for k, v in release.items() if k != "contracts"}
        out.append(release)
    return out


def write_portfolio_package(
    folder: str | Path, out_path: str | Path | None = None, *, ocid_prefix: str = "ocds-xxxxxx"
) -> Path:
    """Write PORTFOLIO/out/ocds.json (or ``out_path``): every member's releases in one package.
    InputError naming every member that cannot be published, and nothing written."""
    folder = Path(folder)
    portfolio = load_portfolio(folder)
    problems: list[Problem] = []
    packages = []
    with tempfile.TemporaryDirectory() as scratch:
        for member in portfolio.members:
            try:
                packages.append(
                    _member_package(folder / member, Path(scratch), ocid_prefix, portfolio.year_end)
                )
            except InputError as exc:
                problems += [
                    Problem(Location(f"{member}/{p.where.file}", p.where.line), p.message)
                    for p in exc.problems
                ]
    if problems:
        raise InputError(problems)
    if not packages:
        raise InputError.single("portfolio.yaml", "no members to publish")
    releases = merged_releases(packages)
    combined = dict(packages[0])
    combined["releases"] = releases
    combined["publishedDate"] = max(p["publishedDate"] for p in packages)
    target = Path(out_path) if out_path is not None else folder / DEFAULT_OUT / OCDS_JSON
    found = validation_problems(combined)
    if found:
        raise InputError(
            [Problem(Location(str(target)), f"not valid OCDS, not written: {m}") for m in found]
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, dumps(combined).encode("utf-8"))
    return target


__all__ = ["merged_releases", "write_portfolio_package"]
