"""``socialvalue contract check``: contract.yaml, every return in ``returns/`` and the
verification workbook, with every problem, as ``socialvalue check`` does for a tender."""

from __future__ import annotations

import hashlib
from pathlib import Path

import attrs

from ..errors import Location, Problem
from ..files import read_regular_file
from .folder import ReturnCheck, read_returns
from .load import load_contract
from .model import VERIFICATION, Contract
from .reading import Return
from .verification import FILE, Check, read_verification


@attrs.frozen
class ContractCheck:
    """What ``contract check`` found: the contract, each return, every problem."""

    contract: Contract
    returns: tuple[ReturnCheck, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    read: tuple[Return, ...]
    #: The officer's records in the verification workbook (none without one).
    verification: tuple[Check, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


#: The largest results.json read to check the chain (a large framework's is a few MB).
MAX_RESULTS = 512 * 1024 * 1024


def chain_problems(contract: Contract, folder: Path) -> list[Problem]:
    """Warnings when the results.json the contract was made from is gone or has changed since
    (the tender evaluated again): the KPIs may no longer be the award's."""
    results = folder / contract.source.results
    where = Location(contract.file)
    if not results.is_file():
        return [
            Problem(
                where,
                f"the results the contract was made from ({contract.source.results}) are not "
                "there: the chain from the bid cannot be checked",
                "warning",
            )
        ]
    digest = hashlib.sha256(
        read_regular_file(results, contract.source.results, MAX_RESULTS)
    ).hexdigest()
    if digest != contract.source.results_sha256:
        return [
            Problem(
                where,
                f"{contract.source.results} has changed since the contract was made (SHA-256 "
                f"{digest[:12]}..., not {contract.source.results_sha256[:12]}...): was the tender "
                "evaluated again? Compare the KPIs with the award",
                "warning",
            )
        ]
    return []


def check_contract(folder: str | Path) -> ContractCheck:
    """Load contract.yaml (InputError if it has problems), read every return in returns/ and
    the verification workbook if there is one.

    Problems name files relative to the contract folder (``returns/2026-Q2-return.xlsx``)."""
    folder = Path(folder)
    contract = load_contract(folder)
    read, problems, lines = read_returns(contract, folder)
    problems += chain_problems(contract, folder)
    checks: tuple[Check, ...] = ()
    path = folder / VERIFICATION / FILE
    if path.exists():
        found, more = read_verification(path, contract, read, display=f"{VERIFICATION}/{FILE}")
        problems += more
        checks = tuple(found or ())
        errors = sum(p.severity == "error" for p in more)
        lines.append(ReturnCheck(f"{VERIFICATION}/{FILE}", None, errors, len(more) - errors))
    return ContractCheck(
        contract,
        tuple(lines),
        tuple(p for p in problems if p.severity == "error"),
        tuple(p for p in problems if p.severity == "warning"),
        tuple(read),
        checks,
    )


__all__ = ["ContractCheck", "chain_problems", "check_contract"]
