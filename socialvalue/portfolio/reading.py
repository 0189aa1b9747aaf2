"""Reading every member of a portfolio, through the index: what changed is read again."""

from __future__ import annotations

from pathlib import Path

import attrs

from .config import Portfolio, load_portfolio
from .index import cached, open_index, prune, store
from .members import Summary, member_sha256, read_member


@attrs.frozen
class PortfolioRead:
    """The portfolio, each member's summary (in order), and how many were read afresh."""

    portfolio: Portfolio
    members: tuple[tuple[str, Summary], ...]
    read: int
    warnings: tuple[str, ...]

    @property
    def problems(self) -> list[str]:
        return [p for _, s in self.members for p in s["problems"]]

    @property
    def ok(self) -> bool:
        return not self.problems


def read_portfolio(folder: str | Path) -> PortfolioRead:
    """Load portfolio.yaml (InputError on a problem in it) and read every member; a broken
    member is a summary with its problems, and the others are still read."""
    folder = Path(folder)
    portfolio = load_portfolio(folder)
    warnings: list[str] = []
    db = open_index(folder, warnings.append)
    members: list[tuple[str, Summary]] = []
    read = 0
    try:
        for member in portfolio.members:
            path = folder / member
            if not path.is_dir():
                members.append(
                    (
                        member,
                        {
                            "kind": "unknown",
                            "status": "broken",
                            "problems": [f"{member}: no such folder"],
                        },
                    )
                )
                continue
            sha = member_sha256(path, portfolio.year_end)
            summary = cached(db, member, sha)
            if summary is None:
                summary = read_member(path, member, portfolio.year_start, portfolio.year_end)
                store(db, member, sha, summary)
                read += 1
            members.append((member, summary))
        prune(db, list(portfolio.members))
        db.commit()
    finally:
        db.close()
    return PortfolioRead(portfolio, tuple(members), read, tuple(warnings))


__all__ = ["PortfolioRead", "read_portfolio"]
