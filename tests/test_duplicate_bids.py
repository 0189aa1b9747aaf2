"""duplicate_bids indexes the earlier bids: it reports exactly what comparing every pair, in
folder order, reports (the definition in the module's docstring), on random folders of bids
sharing bytes, company numbers and names that look alike."""

from __future__ import annotations

import random

from socialvalue.tender.duplicates import BidFile, _compare, duplicate_bids

SHAS = ("", "a" * 64, "b" * 64)
NUMBERS = ("", "01234567", " 01234567 ", "oc 412233", "OC412233", "7654321")
NAMES = (None, "Acme Ltd", "ACME LTD", "Acme\u200b Ltd", "Ａｃｍｅ Ltd", "Beta plc", "")


def every_pair(bids: list[BidFile]) -> list[object]:
    """The definition: each bid against every earlier one, the first that matches."""
    problems = []
    for index, bid in enumerate(bids):
        for first in bids[:index]:
            problem = _compare(first, bid)
            if problem is not None:
                problems.append(problem)
                break
    return problems


def test_indexed_duplicates_are_every_pair_compared() -> None:
    rng = random.Random(20261203)
    kinds = set()
    for _ in range(3000):
        bids = [
            BidFile(
                f"responses/bid-{n}.xlsx",
                rng.choice(SHAS),
                rng.choice(NAMES),
                rng.choice(NUMBERS),
            )
            for n in range(rng.randint(0, 8))
        ]
        got = duplicate_bids(bids)
        assert got == every_pair(bids), bids
        for p in got:
            kinds |= {
                k
                for k in ("byte for byte", "company number", "same legal", "looks")
                if k in p.message
            }
    assert kinds == {"byte for byte", "company number", "same legal", "looks"}  # all seen
