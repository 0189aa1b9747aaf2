"""Reading every member of a portfolio, through the index: what changed is read again."""

from __future__ import annotations

from pathlib import Path

import attrs

from ..errors import Problem
from .config import Portfolio, load_portfolio
from .index import FileDigests, cached, open_index, prune, store
from .members import Summary, broken, member_sha256, problem_from, read_member


@attrs.frozen
class PortfolioRead:
    """The portfolio, each member's summary (in order), how many were read afresh and how many
    files were hashed (the others' SHA-256 came from the index's stat pre-check)."""

    portfolio: Portfolio
    members: tuple[tuple[str, Summary], ...]
    read: int
    warnings: tuple[str, ...]
    hashed: int = 0

    @property
    def problems(self) -> list[str]:
        """Each problem as text, its file relative to the portfolio folder."""
        return [p for _, s in self.members for p in s["problems"]]

    @property
    def problem_items(self) -> list[Problem]:
        """Each problem, its file (with line or cell) relative to the portfolio folder."""
        return [problem_from(p) for _, s in self.members for p in s["problem_at"]]

    @property
    def ok(self) -> bool:
        return not self.problems


def read_portfolio(folder: str | Path, *, rehash: bool = False) -> PortfolioRead:
    """Load portfolio.yaml (InputError on a problem in it) and read every member; a broken
    member is a summary with its problems, and the others are still read. ``rehash`` hashes
    every file rather than trusting the index's size, mtime and inode."""
    folder = Path(folder)
    portfolio = load_portfolio(folder)
    warnings: list[str] = []
    db = open_index(folder, warnings.append)
    digest = FileDigests(db, rehash)
    members: list[tuple[str, Summary]] = []
    read = 0
    try:
        for member in portfolio.members:
            path = folder / member
            if not path.is_dir():
                members.append((member, broken("unknown", member, "no such folder")))
                continue
            sha = member_sha256(path, portfolio.year_end, digest)
            summary = cached(db, member, sha, digest, path)
            if summary is None:
                summary = read_member(path, member, portfolio.year_start, portfolio.year_end)
                store(db, member, sha, summary, digest, path)
                read += 1
            members.append((member, summary))
        prune(db, list(portfolio.members))
        digest.save()
        db.commit()
    finally:
        db.close()
    return PortfolioRead(portfolio, tuple(members), read, tuple(warnings), digest.hashed)


__all__ = ["PortfolioRead", "read_portfolio"]
