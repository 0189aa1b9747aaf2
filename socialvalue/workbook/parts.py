"""The package parts that say what the sheets are (step 2 of :mod:`.reader`).

``xl/workbook.xml``, its relationships and ``docProps/custom.xml`` are parsed with defusedxml
(DTDs forbidden): sheet names, states and parts, defined names, custom properties.
python-calamine 0.9 has no API for defined names, hence this. Each sheet's part is found the way
calamine finds it (its relationship's target taken literally, under ``xl/``), and anything that
could make the two disagree is refused: a relationship id given twice, a ``<sheet>`` pointing at
two parts.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import defusedxml.ElementTree as SafeET

from ..errors import Location, Problem
from .cells import split_area
from .container import CONTENT_TYPES_PART, CT_NS, WORKSHEETS_FOLDER, printable
from .data import DefinedNameRef, WorkbookData

WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CUSTOM_PROPS = "docProps/custom.xml"
WORKSHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHEET_KINDS = {
    "worksheet": "worksheet",
    "chartsheet": "chartsheet",
    "dialogsheet": "dialogsheet",
    "xlMacrosheet": "macrosheet",
    "xlIntlMacrosheet": "macrosheet",
}
SHEET_STATES = {"visible": "visible", "hidden": "hidden", "veryhidden": "veryHidden"}


class Crafted(Exception):
    """The workbook cannot be read safely at all: one fatal problem."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def relationships(
    archive: zipfile.ZipFile, parts: dict[str, str]
) -> dict[str, tuple[str, str | None]]:
    """Relationship id -> (type's last segment, part path inside the zip), as calamine reads them.

    Every ``<Relationship>`` counts, at any depth; an id given twice is refused (calamine would
    take the last, a reader of the first would check another part).
    """
    name = parts.get(WORKBOOK_RELS.lower())
    if name is None:
        return {}
    try:
        root = SafeET.fromstring(archive.read(name), forbid_dtd=True)
    except Exception:
        return {}
    found: dict[str, tuple[str, str | None]] = {}
    for rel in root.iter():
        if local_name(rel.tag) != "Relationship":
            continue
        rid = rel.get("Id", "")
        if rid in found:
            raise Crafted(
                f'the workbook is damaged or crafted: {WORKBOOK_RELS} gives relationship "'
                f'{printable(rid, 40)}" more than once'
            )
        kind = rel.get("Type", "").rpartition("/")[2]
        target = rel.get("Target", "")
        part: str | None = None
        if rel.get("TargetMode", "Internal") != "External" and target:
            part = resolve_target(target)
        found[rid] = (kind, part)
    return found


def resolve_target(target: str) -> str:
    """The part a workbook relationship's target names, literally, as python-calamine resolves it:
    ``/x`` is ``x``, anything else is under ``xl/``. Nothing is normalised: the container check
    refuses part names with ``./``, ``../`` or ``//``, so a target spelled with them names no
    part for either reader (it is reported as missing)."""
    return target[1:] if target.startswith("/") else "xl/" + target


@attrs.frozen
class SheetEntry:
    """One ``<sheet>`` of ``xl/workbook.xml``."""

    name: str
    state: str
    kind: str
    part: str | None
    ambiguous: bool = False  # id attributes naming different relationships
    candidates: frozenset[str] = frozenset()  # every part its id attributes name


def sheet_entries(
    workbook_xml: Any, targets: dict[str, tuple[str, str | None]]
) -> list[SheetEntry]:
    """Each sheet, in workbook order.

    Its relationship id is the one ``id`` attribute of ``<sheet>``, in whatever namespace:
    calamine takes ``r:id`` (whatever ``r`` is bound to) or the relationships namespace's
    ``id``, so a sheet whose ``id`` attributes disagree is marked ambiguous and never read.
    """
    entries = []
    for element in workbook_xml.iter():
        if local_name(element.tag) != "sheet":
            continue
        name = element.get("name")
        if not name:
            continue
        ids = {value for key, value in element.attrib.items() if local_name(key) == "id"}
        candidates = frozenset(
            part for rid in ids if (part := targets.get(rid, ("", None))[1]) is not None
        )
        rid = next(iter(ids)) if len(ids) == 1 else ""
        kind, part = targets.get(rid, ("worksheet", None))
        state = SHEET_STATES.get(element.get("state", "visible").lower(), "visible")
        kind = SHEET_KINDS.get(kind, kind or "worksheet")
        ambiguous = len(ids) > 1
        entries.append(
            SheetEntry(name, state, "worksheet" if ambiguous else kind, part, ambiguous, candidates)
        )
    return entries


def read_defined_names(workbook_xml: Any, book: WorkbookData, sheet_order: list[str]) -> None:
    """Every ``<definedName>`` into ``book``. Excel does not tell names apart by case, so two in
    one scope differing only in case are an error and neither is kept: a reader of the first
    and a spreadsheet program using the other would see different cells."""
    spelled: dict[tuple[str | None, str], list[str]] = {}
    for element in workbook_xml.iter():
        if local_name(element.tag) != "definedName":
            continue
        name = element.get("name")
        if not name:
            continue
        text = (element.text or "").strip()
        scope: str | None = None
        local_id = element.get("localSheetId")
        if local_id is not None:
            try:
                scope = sheet_order[int(local_id)]
            except (ValueError, IndexError):
                continue
        area = split_area(text)
        sheet, first, last = area if area and area[0] else (None, None, None)
        ref = DefinedNameRef(
            name=name,
            text=text,
            scope=scope,
            hidden=element.get("hidden", "0").lower() in ("1", "true"),
            sheet=sheet,
            first=first,
            last=last,
        )
        key = (None if scope is None else scope.casefold(), name.casefold())
        spelled.setdefault(key, []).append(name)
        if scope is None:
            book.defined_names.setdefault(name.casefold(), ref)
        else:
            book.local_names.setdefault((scope.casefold(), name.casefold()), ref)
    for (scope_key, folded), names in spelled.items():
        if len(names) > 1:
            _duplicate(book, scope_key, folded, names)


def _duplicate(book: WorkbookData, scope: str | None, folded: str, names: list[str]) -> None:
    if scope is None:
        del book.defined_names[folded]
        book.duplicate_names.add(folded)
    else:
        del book.local_names[(scope, folded)]
    spellings = " and ".join(f'"{printable(n, 60)}"' for n in names[:3])
    more = f" (and {len(names) - 3:,} more)" if len(names) > 3 else ""
    book.problems.append(
        Problem(
            Location(book.display),
            f"the workbook defines the name {spellings}{more}{' on one sheet' if scope else ''}"
            ": names differing only in case are one name to Excel, so the workbook is damaged "
            "or crafted; neither is read",
        )
    )


def custom_properties(archive: zipfile.ZipFile, book: WorkbookData) -> dict[str, object]:
    """``docProps/custom.xml`` as name -> str, int, Decimal or bool (others as their text)."""
    if CUSTOM_PROPS not in archive.namelist():
        return {}
    try:
        root = SafeET.fromstring(archive.read(CUSTOM_PROPS), forbid_dtd=True)
    except Exception as error:
        book.problems.append(
            Problem(
                Location(book.display),
                f"the custom document properties cannot be read ({error}); they are ignored",
                "warning",
            )
        )
        return {}
    found: dict[str, object] = {}
    for prop in root:
        name = prop.get("name")
        if local_name(prop.tag) != "property" or not name or len(prop) == 0:
            continue
        value = prop[0]
        kind, text = local_name(value.tag), value.text or ""
        found[name] = _typed_property(kind, text)
    return found


def _typed_property(kind: str, text: str) -> object:
    if kind in ("i1", "i2", "i4", "i8", "int", "ui1", "ui2", "ui4", "ui8", "uint"):
        try:
            return int(text)
        except ValueError:
            return text
    if kind in ("r4", "r8", "decimal"):
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    if kind == "bool":
        return text.strip().lower() in ("1", "true")
    return text


def worksheet_parts(archive: zipfile.ZipFile, parts: dict[str, str]) -> set[str]:
    """Parts under xl/worksheets/ (not relationships) and parts typed as worksheets, as keys of
    ``parts`` (lower-case part name -> part name)."""
    found = {
        key
        for key in parts
        if key.startswith(WORKSHEETS_FOLDER) and not key.endswith(("/", ".rels"))
    }
    try:
        types = SafeET.fromstring(archive.read(parts[CONTENT_TYPES_PART.lower()]), forbid_dtd=True)
    except Exception:  # checked by load_checked already; nothing more to find here
        return found
    for override in types.iter(f"{CT_NS}Override"):
        if override.get("ContentType") == WORKSHEET_CONTENT_TYPE:
            key = override.get("PartName", "").removeprefix("/").lower()
            if key in parts:
                found.add(key)
    return found
