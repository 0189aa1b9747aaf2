"""``local_area:``: the buyer's published definition of "local", as UK postcode geography.

A local area lists postcode **areas** (``BD``), **districts** (``HX1``; ``EC1`` takes in
``EC1A`` to ``EC1Y``), **ranges** of districts in one area (``HX1-HX7``, both ends included)
and **sectors** (``LS6 1``). A supplier's postcode is local when any entry contains it.

Postcodes are parsed by the maintained ``uk-postcodes-parsing`` library (outward and inward
codes, area, district, sector) and checked against the ONS Postcode Directory snapshot it
ships: an outward code the directory does not know (``ZZ9``) is refused, never guessed at.
The library's OCR "fixes" (``O`` read as ``0``) are never applied: a postcode is taken as
written, only its case and spaces normalised.

Counting rules decided here (see docs/tender.md):

- Crown dependencies (Guernsey ``GY``, Jersey ``JE``, Isle of Man ``IM``) use the UK postcode
  system and are in the ONS directory: their postcodes are accepted, and are local only if the
  declaration names them.
- BFPO postcodes (``BF1``) address British Forces mail, not a place a supplier is based: they
  are refused, as are non-geographic codes the directory does not hold (``GIR 0AA``).
"""

from __future__ import annotations

import functools
from importlib import import_module, resources
from typing import Literal

import attrs
from uk_postcodes_parsing import postcode_utils, ukpostcode

from ..errors import Problems
from ..yamlnodes import Fields, YMap, YNode, YScalar, describe

LOCAL_AREA_KEYS = ("name", "policy", "postcodes")
EntryKind = Literal["area", "district", "range", "sector"]
#: The most entries one declaration may list (every UK district is about 3,000).
MAX_ENTRIES = 5_000
#: The longest text taken as a postcode; longer is refused unread.
MAX_POSTCODE = 16
_BFPO = "BF"
_EXAMPLE = "such as LS6 1AB"


@attrs.frozen
class ParsedPostcode:
    """A UK postcode, normalised: upper case, one space between outward and inward codes."""

    text: str  # "LS6 1AB"
    outward: str  # "LS6"
    inward: str  # "1AB"
    area: str  # "LS"
    district: str  # "LS6" ("EC1" for "EC1A 1BB")
    sector: str  # "LS6 1"
    #: The full postcode is in the ONS directory snapshot (a new postcode may not be yet).
    in_directory: bool


@functools.cache
def _outcodes() -> frozenset[str]:
    """Every outward code in the ONS directory snapshot the library ships."""
    folder = resources.files("uk_postcodes_parsing.outcodes")
    return frozenset(
        item.name[:-3].upper()
        for item in folder.iterdir()
        if item.name.endswith(".py") and item.name != "__init__.py"
    )


def _district(outward: str) -> str:
    """The district of an outward code (``EC1A`` -> ``EC1``), by the library's rule."""
    return postcode_utils.to_district(f"{outward} 0AA") or outward


@functools.cache
def _districts() -> frozenset[str]:
    return frozenset(_district(code) for code in _outcodes()) | _outcodes()


@functools.cache
def _areas() -> frozenset[str]:
    return frozenset(postcode_utils.to_area(f"{code} 0AA") or "" for code in _outcodes())


def _clean(text: str) -> str:
    """Upper case, runs of white space as one space, none at the ends."""
    return " ".join(text.split()).upper()


def postcode_problem(text: str) -> str | None:
    """Why ``text`` is not a UK postcode a supplier can be at, or None if it is one."""
    cleaned = _clean(text)
    if not cleaned:
        return "no postcode given"
    if len(cleaned) > MAX_POSTCODE or not cleaned.isascii():
        return f"is not a UK postcode ({_EXAMPLE})"
    if not postcode_utils.is_valid(cleaned):
        return f"is not a UK postcode: expected an outward and an inward code ({_EXAMPLE})"
    outward = postcode_utils.to_outcode(cleaned) or ""
    if (postcode_utils.to_area(cleaned) or "") == _BFPO:
        return "is a BFPO (British Forces) postcode, not a place a supplier is based"
    if outward not in _outcodes():
        return f"has the outward code {outward}, which is not in the ONS Postcode Directory"
    return None


def parse_postcode(text: str) -> ParsedPostcode | None:
    """``text`` as a :class:`ParsedPostcode`, or None if it is not one (see
    :func:`postcode_problem` for why): lower case, no space or extra spaces are fine."""
    if postcode_problem(text) is not None:
        return None
    parsed = ukpostcode.parse(_clean(text), attempt_fix=False)
    if parsed is None:  # pragma: no cover - postcode_problem checked the same rule
        return None
    return ParsedPostcode(
        text=parsed.postcode,
        outward=parsed.outcode,
        inward=parsed.incode,
        area=parsed.area,
        district=parsed.district,
        sector=parsed.sector,
        in_directory=parsed.is_in_ons_postcode_directory,
    )


def unlisted_warning(postcode: ParsedPostcode) -> str | None:
    """A warning when ``postcode`` is well formed, in a known district, but not itself in the
    directory snapshot: a new postcode, or a typo. Matching a local area only needs its
    district and sector, so it still counts; the warning asks a person to check it."""
    if postcode.in_directory:
        return None
    return (
        f"{postcode.text} is not in the ONS Postcode Directory snapshot shipped with "
        f"uk-postcodes-parsing (district {postcode.district} is): check it is right; it is "
        f"matched to the local area by its sector {postcode.sector}"
    )


def normalise_postcode(text: str) -> str | None:
    """``text`` as a normalised UK postcode (``"ls61ab"`` -> ``"LS6 1AB"``), or None."""
    parsed = parse_postcode(text)
    return parsed.text if parsed else None


@attrs.frozen
class AreaEntry:
    """One entry of a local area: an area, a district, a range of districts or a sector."""

    kind: EntryKind
    text: str  # as normalised: "BD", "HX1", "HX1-HX7", "LS6 1"
    line: int = 0
    # A range's area and its first and last district numbers ("HX", 1, 7).
    area: str = ""
    low: int = 0
    high: int = 0

    def contains(self, postcode: ParsedPostcode) -> bool:
        if self.kind == "area":
            return postcode.area == self.text
        if self.kind == "district":
            return self.text in (postcode.outward, postcode.district)
        if self.kind == "sector":
            return postcode.sector == self.text
        number = _number(postcode.district, postcode.area)
        return postcode.area == self.area and number is not None and self.low <= number <= self.high

    def describe(self) -> str:
        if self.kind == "range":
            return f"districts {self.area}{self.low} to {self.area}{self.high}"
        return f"{self.kind} {self.text}"


def _number(district: str, area: str) -> int | None:
    digits = district[len(area) :]
    return int(digits) if district.startswith(area) and digits.isdigit() else None


@attrs.frozen
class LocalArea:
    """The buyer's local area: its name, the policy it comes from and its postcode entries."""

    name: str
    policy: str
    entries: tuple[AreaEntry, ...]
    line: int = 0  # where it is declared

    def contains(self, postcode: str | ParsedPostcode) -> bool:
        """Whether a postcode is in the area; text that is not a postcode never is."""
        parsed = parse_postcode(postcode) if isinstance(postcode, str) else postcode
        return parsed is not None and any(entry.contains(parsed) for entry in self.entries)

    def describe(self) -> str:
        """One sentence for the pack: ``Calderdale (from ...): postcode area BD; ...``."""
        parts = "; ".join(_plural(self.entries))
        return f"{self.name} (as defined in {self.policy}): {parts}."


def _plural(entries: tuple[AreaEntry, ...]) -> list[str]:
    words = {"area": "postcode area", "district": "district", "sector": "sector"}
    out: list[str] = []
    for kind in ("area", "district", "range", "sector"):
        chosen = [e for e in entries if e.kind == kind]
        if not chosen:
            continue
        if kind == "range":
            out.extend(e.describe() for e in chosen)
            continue
        word = words[kind] + ("s" if len(chosen) > 1 else "")
        out.append(f"{word} {', '.join(e.text for e in chosen)}")
    return out


def parse_local_area(node: YNode, problems: Problems, what: str = "local_area") -> LocalArea | None:
    """A ``local_area:`` mapping as a :class:`LocalArea`; every problem, with its line, goes to
    ``problems`` (None if there were any)."""
    if not isinstance(node, YMap):
        problems.add(
            f"{what} must be a mapping with name, policy and postcodes, got {describe(node)}",
            line=node.line,
            column=node.column,
        )
        return None
    before = len(problems.errors)
    f = Fields(node, problems, what, LOCAL_AREA_KEYS)
    name = f.text("name", required=True)
    policy = f.text("policy", required=True)
    items = f.sequence("postcodes", required=True)
    if len(items) > MAX_ENTRIES:
        f.error(
            f.where("postcodes"), f"postcodes lists {len(items):,} entries, over {MAX_ENTRIES:,}"
        )
        items = []
    entries: list[AreaEntry] = []
    seen: dict[str, int] = {}
    for item in items:
        if not isinstance(item, YScalar) or item.text is None:
            f.error(item, f"each entry of postcodes must be text such as BD, got {describe(item)}")
            continue
        entry, problem = parse_entry(item.text)
        if entry is None:
            f.error(item, f"postcodes entry {item.describe()} {problem}")
            continue
        if entry.text in seen:
            f.error(item, f"postcodes lists {entry.text} twice (first at line {seen[entry.text]})")
            continue
        seen[entry.text] = item.line
        entries.append(attrs.evolve(entry, line=item.line))
    if len(problems.errors) > before or name is None or policy is None:
        return None
    return LocalArea(name=name, policy=policy, entries=tuple(entries), line=node.line)


def parse_entry(text: str) -> tuple[AreaEntry | None, str]:
    """One declared entry, or None and why it is refused (a phrase after the entry)."""
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > 2 * MAX_POSTCODE or not cleaned.isascii():
        return None, "is not a postcode area, district, range or sector (such as BD, HX1, LS6 1)"
    if postcode_utils.is_valid(cleaned):
        outward = postcode_utils.to_outcode(cleaned)
        sector = postcode_utils.to_sector(cleaned)
        return None, (
            f"is a full postcode: write its sector ({sector}) or district ({outward}) instead"
        )
    if "-" in cleaned:
        return _range(cleaned)
    if " " in cleaned:
        return _sector(cleaned)
    if cleaned.isalpha():
        if cleaned in _areas() and cleaned != _BFPO:
            return AreaEntry("area", cleaned), ""
        return None, "is not a UK postcode area in the ONS Postcode Directory"
    if cleaned in _districts() and not cleaned.startswith(_BFPO):
        return AreaEntry("district", cleaned), ""
    if postcode_utils.is_valid_outcode(cleaned):
        return None, "is not a postcode district in the ONS Postcode Directory"
    return None, "is not a postcode area, district, range or sector (such as BD, HX1, LS6 1)"


def _range(cleaned: str) -> tuple[AreaEntry | None, str]:
    ends = [part.strip() for part in cleaned.split("-")]
    example = "a range joins two districts of one area, such as HX1-HX7"
    if len(ends) != 2 or not all(ends):
        return None, f"is not a range: {example}"
    numbers: list[int] = []
    areas: set[str] = set()
    for end in ends:
        area = (
            postcode_utils.to_area(f"{end} 0AA") if postcode_utils.is_valid_outcode(end) else None
        )
        number = _number(end, area) if area else None
        if area is None or number is None:
            return None, f"is not a range: {end} is not a district without a letter ({example})"
        if end not in _districts():
            return None, f"is not a range: {end} is not in the ONS Postcode Directory"
        numbers.append(number)
        areas.add(area)
    if len(areas) != 1:
        return None, f"joins districts of different areas: {example}"
    low, high = numbers
    if low >= high:
        return None, (
            f"runs from {ends[0]} down to {ends[1]}: write the lower district first "
            f"({ends[1]}-{ends[0]})"
            if low > high
            else "names one district: write it alone"
        )
    area = areas.pop()
    return AreaEntry("range", f"{area}{low}-{area}{high}", area=area, low=low, high=high), ""


def _sector(cleaned: str) -> tuple[AreaEntry | None, str]:
    outward, _, digit = cleaned.partition(" ")
    if not (postcode_utils.is_valid_outcode(outward) and len(digit) == 1 and digit.isdigit()):
        return None, "is not a sector: a sector is a district and one digit, such as LS6 1"
    if outward not in _outcodes() or outward.startswith(_BFPO):
        return None, f"is not a sector: {outward} is not in the ONS Postcode Directory"
    incodes = _incodes(outward)
    if not any(code.startswith(digit) for code in incodes):
        return None, f"is not a sector in the ONS Postcode Directory ({outward} has no {digit}xx)"
    return AreaEntry("sector", cleaned), ""


def _incodes(outward: str) -> frozenset[str]:
    """The inward codes the ONS directory snapshot holds for a known outward code (the
    library's generated data module for it, as its own checker imports it)."""
    found = import_module(f"uk_postcodes_parsing.outcodes.{outward.lower()}")
    return frozenset(str(code) for code in getattr(found, "INCODES", set()))
