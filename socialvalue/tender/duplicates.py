"""The same bidder twice among the responses, and names that look alike (issue 15, items 2, 10).

Files whose names are twins are caught as the folder is listed (:mod:`.listing`); once the
responses are read, :func:`duplicate_bids` compares the bids that are assessed:

* the same bytes under two names: an error (one bid sent twice);
* the same company number: an error (one company, two bids);
* legal names the same once format characters are removed, NFKC normalised and case folded
  (:func:`~socialvalue.names.comparable`): a warning the panel resolves. Two suppliers may
  really have names this close (the company numbers tell them apart), and every name is printed
  with its invisible characters shown, so the pack does not show the two as one.

A bid tender.yaml records as not assessed (withdrawn, rejected...) is left out: that is how the
officer settles a duplicate. Each problem is reported against the later file and names the
earlier one.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..errors import Location, Problem
from ..names import comparable, how_they_differ

SETTLE = (
    "keep one bid, or record the other's status under `bids:` in tender.yaml "
    "(withdrawn, rejected...)"
)


@attrs.frozen
class BidFile:
    """What is compared of one assessed response: its file, SHA-256 and, when it could be read,
    the bidder's legal name and company number."""

    file: str
    sha256: str
    name: str | None = None
    company_number: str = ""

    @property
    def number(self) -> str:
        """The company number as compared: no spaces, upper case (``oc 412233`` -> ``OC412233``)."""
        return "".join(self.company_number.split()).upper()


def duplicate_bids(bids: Iterable[BidFile]) -> list[Problem]:
    """Every duplicate among ``bids`` (in folder order), as the module docstring says: each bid
    against the first earlier bid it shares bytes, a company number or a comparable name with.
    The earlier bids are indexed by each, so 500 bids take 500 look-ups, not 125,000 pairs."""
    problems: list[Problem] = []
    earlier: list[BidFile] = []
    first_by: dict[tuple[str, str], int] = {}
    for bid in bids:
        keys = _keys(bid)
        found = [first_by[k] for k in keys if k in first_by]
        if found:
            problem = _compare(earlier[min(found)], bid)
            if problem is not None:
                problems.append(problem)
        for k in keys:
            first_by.setdefault(k, len(earlier))
        earlier.append(bid)
    return problems


def _keys(bid: BidFile) -> list[tuple[str, str]]:
    """What :func:`_compare` matches on: the bytes' hash, the company number, the name."""
    keys = [("sha256", bid.sha256)] if bid.sha256 else []
    if bid.number:
        keys.append(("number", bid.number))
    if bid.name:
        keys.append(("name", comparable(bid.name)))
    return keys


def _compare(first: BidFile, bid: BidFile) -> Problem | None:
    where = Location(bid.file)
    if bid.sha256 and bid.sha256 == first.sha256:
        return Problem(
            where,
            f"is the same file, byte for byte, as {first.file} (SHA-256 {bid.sha256[:16]}...): "
            f"one bid sent twice; {SETTLE}",
        )
    if bid.number and bid.number == first.number:
        return Problem(
            where,
            f"gives the company number {bid.company_number.strip()}, as {first.file} does"
            f"{_called(first)}: one company with two bids; {SETTLE}",
        )
    if not (bid.name and first.name) or comparable(bid.name) != comparable(first.name):
        return None
    if bid.name == first.name:
        alike = f'has the same legal name, "{bid.name}", as {first.file}'
    else:
        alike = (
            f'has a legal name, "{bid.name}", that looks the same as that of {first.file} '
            f'("{first.name}"): they differ {how_they_differ(first.name, bid.name)}'
        )
    numbers = ", ".join(b.company_number.strip() or "none given" for b in (first, bid))
    return Problem(
        where,
        f"{alike}. If they are the same supplier, {SETTLE}; if they are different suppliers, "
        f"nothing is needed: their company numbers ({numbers}) tell them apart, and the pack "
        "prints every name with its invisible characters shown",
        "warning",
    )


def _called(bid: BidFile) -> str:
    return f' ("{bid.name}")' if bid.name else ""


__all__ = ["BidFile", "duplicate_bids"]
