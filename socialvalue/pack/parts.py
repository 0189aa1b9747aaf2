"""How the pack is split into separately rendered parts, and the parts into volumes.

One WeasyPrint document holds every laid-out page in memory and slows down as it grows (about
1.3 MB and, past a few hundred pages, ever more time per page), and one document uses one core.
So the pack is rendered as parts, in parallel, and joined (:mod:`socialvalue.render.merge`):

* ``front``: cover, contents, summary and methodology; rendered last, once the pages of
  everything it lists are known;
* ``bidders-N``: up to :data:`BIDDERS_PER_PART` bidders each, in ranking order;
* ``moderation-N``: the moderation record, :data:`MODERATION_ROWS_PER_PART` rows each;
* ``records``: sensitivity, exclusions and the audit appendix.

Parts are joined into volumes of at most :data:`MAX_VOLUME_PAGES` pages (joining holds a
volume in memory: about 460 KB a page) (a part is never split),
so that joining never holds an enormous document either: ``pack.pdf`` is volume 1 and starts with
the front matter, whose contents list every section and bidder with its volume and page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

Context = dict[str, Any]

BIDDERS_PER_PART = 3
MODERATION_ROWS_PER_PART = 48
#: The most pages joined into one file; beyond it the pack continues in another volume.
MAX_VOLUME_PAGES = 500


@attrs.frozen
class Part:
    """One separately rendered piece of the pack."""

    key: str
    #: The template context: the whole pack's context with this part's slices and ``part``.
    context: Context = attrs.field(repr=False)
    #: Contents anchors that this part holds.
    anchors: tuple[str, ...] = ()


def split_pack(context: Mapping[str, Any]) -> tuple[Part, list[Part]]:
    """(front, the other parts in order) from :func:`~socialvalue.pack.context.pack_context`."""
    parts: list[Part] = []
    bidders = context["bidders"]
    for start in range(0, len(bidders), BIDDERS_PER_PART):
        chunk = bidders[start : start + BIDDERS_PER_PART]
        parts.append(
            _part(
                context,
                f"bidders-{len(parts) + 1}",
                {"bidders": chunk, "bidders_first": start == 0},
                bidders=chunk,
                anchors=(["sec-bidders"] if start == 0 else []) + [b["anchor"] for b in chunk],
            )
        )
    moderation = context["moderation"]
    entries = moderation["entries"]
    chunks = [
        entries[i : i + MODERATION_ROWS_PER_PART]
        for i in range(0, len(entries), MODERATION_ROWS_PER_PART)
    ] or [[]]
    for index, chunk in enumerate(chunks):
        parts.append(
            _part(
                context,
                f"moderation-{index + 1}",
                {"moderation": True},
                moderation={
                    **moderation,
                    "entries": chunk,
                    "first": index == 0,
                    "last": index == len(chunks) - 1,
                },
                anchors=["sec-moderation"] if index == 0 else [],
            )
        )
    parts.append(
        _part(
            context,
            "records",
            {"records": True},
            anchors=["sec-sensitivity", "sec-exclusions", "sec-audit"],
        )
    )
    front = _part(context, "front", {"front": True})
    return front, parts


def _part(
    context: Mapping[str, Any],
    key: str,
    flags: Mapping[str, Any],
    anchors: Sequence[str] = (),
    **slices: Any,
) -> Part:
    part = {"front": False, "bidders": [], "moderation": False, "records": False, **flags}
    return Part(key, {**context, **slices, "part": part}, tuple(anchors))


@attrs.frozen
class Placed:
    """Where an anchor ends up: volume (1-based) and page within the volume (1-based)."""

    volume: int
    page: int


def plan_volumes(front_pages: int, part_pages: Sequence[int]) -> list[list[int]]:
    """Indices of the parts (after the front matter) in each volume, in order.

    Volume 1 holds the front matter; a volume takes parts while it stays within
    :data:`MAX_VOLUME_PAGES` and always takes at least one.
    """
    volumes: list[list[int]] = [[]]
    pages = front_pages
    for index, count in enumerate(part_pages):
        if pages > 0 and pages + count > MAX_VOLUME_PAGES:
            volumes.append([])
            pages = 0
        volumes[-1].append(index)
        pages += count
    return volumes


def place_anchors(
    front_pages: int,
    part_pages: Sequence[int],
    part_anchors: Sequence[Mapping[str, int]],
    volumes: Sequence[Sequence[int]],
) -> dict[str, Placed]:
    """The volume and page of every anchor held by a part after the front matter."""
    placed: dict[str, Placed] = {}
    for number, members in enumerate(volumes, 1):
        offset = front_pages if number == 1 else 0
        for index in members:
            for anchor, page in part_anchors[index].items():
                placed[anchor] = Placed(number, offset + page + 1)
            offset += part_pages[index]
    return placed


def front_contents(
    contents: Sequence[Mapping[str, Any]], placed: Mapping[str, Placed] | None, volumes: int
) -> list[Context]:
    """Contents entries with the page (and volume) of entries outside the front matter.

    ``placed`` is None for the first, provisional layout: pages are then placeholders of the
    same width as real ones. Entries in volume 1 link to their target; entries in a later
    volume say where they are and do not link.
    """
    entries = []
    for entry in contents:
        where = None if placed is None else placed.get(entry["anchor"])
        if placed is None and entry["anchor"] not in FRONT_ANCHORS:
            entries.append({**entry, "page": "9999", "link": True})
        elif where is None:
            entries.append({**entry, "page": None, "link": True})
        elif where.volume == 1:
            entries.append({**entry, "page": str(where.page), "link": True})
        else:
            entries.append(
                {**entry, "page": f"volume {where.volume}, page {where.page}", "link": False}
            )
    return entries


#: Contents anchors inside the front matter (their pages come from the renderer itself).
FRONT_ANCHORS = frozenset({"sec-summary", "sec-methodology"})


def page_labels(pages: int, volume: int, volumes: int) -> list[str]:
    """The text stamped in each page's bottom-right margin box of one volume."""
    prefix = f"Volume {volume} of {volumes} · " if volumes > 1 else ""
    return [f"{prefix}Page {n} of {pages}" for n in range(1, pages + 1)]
