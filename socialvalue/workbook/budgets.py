"""Budgets for the parts a parser reads whole, checked before any of them is parsed.

Worksheets have their budgets in :mod:`.guard`. Every other part that this reader or
python-calamine parses into memory has one here: ``xl/workbook.xml`` (sheets and defined
names), ``docProps/custom.xml``, ``core.xml`` and ``app.xml`` (document properties), every
``.rels`` part (relationships), ``xl/sharedStrings.xml``, ``xl/styles.xml`` and
``[Content_Types].xml``. 1,500,000 junk defined names once cost 17.8 s and 1.3 GB, 1,000,000
custom properties 11.4 s and 0.9 GB, in the tree parsers.

Each budget is a size and a count. The size is the part's uncompressed bytes, from the zip
directory (which :mod:`.zipcheck` has already held to the truth): free. The count is of the
part's records (``<definedName>``, ``<property>``, ``<Relationship>``, ``<si>``, or every
element), streamed through expat and stopped at the first one over, and only when the part is
large enough to hold that many at all. Exceeding either refuses the file, naming the part.
Parts nothing parses (comments, drawings, images) are bounded by the container's budgets only.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

import attrs

from .container import Refused
from .limits import MB, Limits
from .xmlscan import XML_FAILURES, BadSheet, parse_part, xml_parser


@attrs.frozen
class Budget:
    """What one part may hold: at most ``most`` of ``what`` (elements called ``element``, or
    every element when None) in at most ``max_bytes`` uncompressed bytes."""

    what: str
    element: str | None
    most: int
    max_bytes: int

    @property
    def smallest(self) -> int:
        """Bytes one counted element takes at least (``<si/>``): a part smaller than
        ``smallest * (most + 1)`` cannot overspend the count and is not streamed."""
        return len(self.element or "a") + 3


def budget_for(part: str, limits: Limits) -> Budget | None:
    """The budget of the part called ``part`` (any case), or None when it has none here."""
    name = part.lower()
    if name == "xl/workbook.xml":
        return Budget(
            "defined names",
            "definedName",
            limits.max_defined_names,
            limits.max_workbook_part_bytes,
        )
    if name == "docprops/custom.xml":
        return Budget(
            "custom document properties",
            "property",
            limits.max_custom_properties,
            limits.max_properties_bytes,
        )
    if name in ("docprops/core.xml", "docprops/app.xml"):
        return Budget("XML elements", None, limits.max_part_elements, limits.max_properties_bytes)
    if name.endswith(".rels"):
        return Budget(
            "relationships",
            "Relationship",
            limits.max_relationships,
            limits.max_relationships_bytes,
        )
    if name == "xl/sharedstrings.xml":
        return Budget(
            "shared strings", "si", limits.max_shared_strings, limits.max_shared_strings_bytes
        )
    if name in ("xl/styles.xml", "[content_types].xml"):
        return Budget("XML elements", None, limits.max_part_elements, limits.max_styles_bytes)
    return None


def check_budgets(
    archive: zipfile.ZipFile, infos: Sequence[zipfile.ZipInfo], limits: Limits
) -> None:
    """Refuse the file (:class:`Refused`) when any part overspends its budget."""
    for info in infos:
        budget = budget_for(info.filename, limits)
        if budget is None:
            continue
        if info.file_size > budget.max_bytes:
            raise Refused(
                f"part {info.filename} is larger than the {_mb(budget.max_bytes)} allowed for "
                f"it ({info.file_size:,} bytes uncompressed): the workbook may be crafted; it "
                "was not read"
            )
        if info.file_size >= budget.smallest * (budget.most + 1) and _over(archive, info, budget):
            raise Refused(
                f"part {info.filename} has more than {budget.most:,} {budget.what}, the most "
                "that are read: the workbook may be crafted; it was not read"
            )


class _Over(Exception):
    pass


def _over(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bool:
    """Whether the part holds more than ``budget.most`` of the elements counted. A part expat
    cannot read is not judged here: the parser that reads it reports the damage."""
    count = 0
    element, most = budget.element, budget.most
    suffix = f":{element}"

    def start(tag: str, _attrs: dict[str, str]) -> None:
        nonlocal count
        if element is None or tag == element or tag.endswith(suffix):
            count += 1
            if count > most:
                raise _Over

    parser = xml_parser()
    parser.StartElementHandler = start
    try:
        with archive.open(info) as stream:
            parse_part(parser, stream)
    except _Over:
        return True
    except (BadSheet, *XML_FAILURES):
        return False
    return False


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


__all__ = ["Budget", "budget_for", "check_budgets"]
