"""The buyer's local area (issue 17): postcode areas, districts, ranges and sectors; postcodes
normalised by the library; bad entries and non-UK postcodes refused with their line."""

from __future__ import annotations

from pathlib import Path

import pytest
from forms_support import RUBRIC, TENDER

from socialvalue.errors import InputError, Problems
from socialvalue.local import (
    LocalArea,
    normalise_postcode,
    parse_local_area,
    parse_postcode,
    postcode_problem,
)
from socialvalue.tender.config import load_tender
from socialvalue.testing import make_tender_folder
from socialvalue.yamlnodes import parse_text

DECLARATION = """\
local_area:
  name: Calderdale and Bradford
  policy: Calderdale Council Social Value Policy 2024, section 3
  postcodes:
    - BD
    - HX1-HX3
    - LS6 1
    - EC1
"""


def _area(text: str = DECLARATION) -> tuple[LocalArea | None, Problems]:
    problems = Problems("tender.yaml")
    root = parse_text(text, "tender.yaml", problems)
    assert root is not None and not isinstance(root, list)
    node = root.get("local_area")  # type: ignore[union-attr]
    assert node is not None
    return parse_local_area(node, problems), problems


def _messages(text: str) -> list[str]:
    area, problems = _area(text)
    assert area is None
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("LS6 1AB", "LS6 1AB"),
        ("ls6 1ab", "LS6 1AB"),  # lower case
        ("LS61AB", "LS6 1AB"),  # no space
        ("  ls6    1ab ", "LS6 1AB"),  # extra spaces
        ("LS6\u00a01AB", "LS6 1AB"),  # a non-breaking space pasted from a web page
        ("ec1a 1bb", "EC1A 1BB"),
        ("HX11AA", "HX1 1AA"),
        ("JE2 3AB", "JE2 3AB"),  # Jersey: a Crown dependency, in the ONS directory
        ("IM1 1AA", "IM1 1AA"),  # Isle of Man
    ],
)
def test_postcodes_are_normalised(typed: str, normal: str) -> None:
    assert normalise_postcode(typed) == normal
    assert postcode_problem(typed) is None


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "no postcode given"),
        ("75008", "is not a UK postcode"),  # Paris
        ("D02 X285", "is not a UK postcode"),  # an Eircode
        ("1012 AB", "is not a UK postcode"),  # Amsterdam
        ("LS6 1A", "is not a UK postcode"),
        ("LS6 IAB", "is not a UK postcode"),  # never "fixed" to 1AB by the library's OCR rules
        ("LS\uff16 1AB", "is not a UK postcode"),  # a full-width digit
        ("ZZ9 9ZZ", "outward code ZZ9, which is not in the ONS Postcode Directory"),
        ("BF1 2AA", "BFPO"),
        ("GIR 0AA", "is not a UK postcode"),
    ],
)
def test_bad_and_non_uk_postcodes_are_refused(typed: str, why: str) -> None:
    assert normalise_postcode(typed) is None
    assert parse_postcode(typed) is None
    problem = postcode_problem(typed)
    assert problem is not None and why in problem


def test_parsed_parts() -> None:
    parsed = parse_postcode("ec1a1bb")
    assert parsed is not None
    assert (parsed.outward, parsed.inward, parsed.area, parsed.district, parsed.sector) == (
        "EC1A",
        "1BB",
        "EC",
        "EC1",
        "EC1A 1",
    )


@pytest.mark.parametrize(
    ("postcode", "local"),
    [
        ("BD1 1AA", True),  # area BD
        ("bd23 5aa", True),
        ("HX1 1AA", True),  # in the range HX1-HX3
        ("HX3 5AA", True),
        ("HX4 8AA", False),  # past the range
        ("HX7 8AA", False),
        ("LS6 1AB", True),  # sector LS6 1
        ("LS6 2AB", False),  # another sector of LS6
        ("LS16 1AB", False),  # district LS16 is not LS6
        ("EC1A 1BB", True),  # district EC1 takes in EC1A
        ("EC2A 1AA", False),
        ("M1 1AA", False),
        ("not a postcode", False),
        ("JE2 3AB", False),  # not declared
    ],
)
def test_contains(postcode: str, local: bool) -> None:
    area, problems = _area()
    assert area is not None and not problems
    assert area.contains(postcode) is local
    parsed = parse_postcode(postcode)
    if parsed is not None:
        assert area.contains(parsed) is local


def test_entries_are_normalised_with_their_lines() -> None:
    text = DECLARATION.replace("- BD\n", "- bd\n").replace("- LS6 1\n", "- ' ls6   1 '\n")
    area, problems = _area(text)
    assert area is not None and not problems
    assert [(e.kind, e.text, e.line) for e in area.entries] == [
        ("area", "BD", 5),
        ("range", "HX1-HX3", 6),
        ("sector", "LS6 1", 7),
        ("district", "EC1", 8),
    ]
    assert area.describe() == (
        "Calderdale and Bradford (as defined in Calderdale Council Social Value Policy 2024, "
        "section 3): postcode area BD; district EC1; districts HX1 to HX3; sector LS6 1."
    )


def test_bad_entries_are_errors_naming_their_lines() -> None:
    text = """\
local_area:
  name: Calderdale
  policy: Policy
  postcodes:
    - ZZ9
    - HX7-HX1
    - LS6 1AB
    - QQ
    - BD1-HX2
    - EC1A-EC2
    - HX1-HX1
    - LS6 x
    - HX1 8
    - BD
    - bd
    - [BD]
"""
    assert _messages(text) == [
        'tender.yaml:5:7: postcodes entry "ZZ9" is not a postcode district in the ONS '
        "Postcode Directory",
        'tender.yaml:6:7: postcodes entry "HX7-HX1" runs from HX7 down to HX1: write the lower '
        "district first (HX1-HX7)",
        'tender.yaml:7:7: postcodes entry "LS6 1AB" is a full postcode: write its sector '
        "(LS6 1) or district (LS6) instead",
        'tender.yaml:8:7: postcodes entry "QQ" is not a UK postcode area in the ONS Postcode '
        "Directory",
        'tender.yaml:9:7: postcodes entry "BD1-HX2" joins districts of different areas: a '
        "range joins two districts of one area, such as HX1-HX7",
        'tender.yaml:10:7: postcodes entry "EC1A-EC2" is not a range: EC1A is not a district '
        "without a letter (a range joins two districts of one area, such as HX1-HX7)",
        'tender.yaml:11:7: postcodes entry "HX1-HX1" names one district: write it alone',
        'tender.yaml:12:7: postcodes entry "LS6 x" is not a sector: a sector is a district '
        "and one digit, such as LS6 1",
        'tender.yaml:13:7: postcodes entry "HX1 8" is not a sector in the ONS Postcode '
        "Directory (HX1 has no 8xx)",
        "tender.yaml:15:7: postcodes lists BD twice (first at line 14)",
        "tender.yaml:16:7: each entry of postcodes must be text such as BD, got a list",
    ]


def test_declaration_shape_problems() -> None:
    assert _messages("local_area: BD\n") == [
        'tender.yaml:1:13: local_area must be a mapping with name, policy and postcodes, got "BD"'
    ]
    assert _messages("local_area:\n  name: X\n  postcode: [BD]\n") == [
        "tender.yaml:3:3: unknown key `postcode` in local_area (did you mean `postcodes`?)",
        "tender.yaml:2:3: local_area needs `policy`",
    ]
    assert _messages("local_area:\n  name: X\n  policy: P\n  postcodes: []\n") == [
        "tender.yaml:4:14: postcodes must list at least one entry"
    ]


def test_tender_yaml_local_area(tmp_path: Path) -> None:
    make_tender_folder(tmp_path / "a", TENDER, {"rubric.yaml": RUBRIC}, template=False)
    assert load_tender(tmp_path / "a").local_area is None
    make_tender_folder(
        tmp_path / "b", TENDER + DECLARATION, {"rubric.yaml": RUBRIC}, template=False
    )
    area = load_tender(tmp_path / "b").local_area
    assert area is not None and area.name == "Calderdale and Bradford"
    assert [e.text for e in area.entries] == ["BD", "HX1-HX3", "LS6 1", "EC1"]
    bad = TENDER + DECLARATION.replace("- BD\n", "- ZZ9\n")
    make_tender_folder(tmp_path / "c", bad, {"rubric.yaml": RUBRIC}, template=False)
    with pytest.raises(InputError) as caught:
        load_tender(tmp_path / "c")
    line = bad.splitlines().index("    - ZZ9") + 1
    assert [str(p) for p in caught.value.problems] == [
        f'tender.yaml:{line}:7: postcodes entry "ZZ9" is not a postcode district in the ONS '
        "Postcode Directory"
    ]


def test_a_postcode_the_snapshot_lacks_is_parsed_and_warned_about() -> None:
    """The library checks the full postcode against its ONS snapshot: LS6 1AB is there, LS6 9ZZ
    (well formed, district LS6 known) is not; it still matches a local area by its sector."""
    from socialvalue.local import parse_postcode, unlisted_warning

    listed, unlisted = parse_postcode("LS6 1AB"), parse_postcode("ls6 9zz")
    assert listed is not None and unlisted is not None
    assert unlisted_warning(listed) is None
    assert unlisted.sector == "LS6 9" and not unlisted.in_directory
    assert unlisted_warning(unlisted) == (
        "LS6 9ZZ is not in the ONS Postcode Directory snapshot shipped with uk-postcodes-parsing "
        "(district LS6 is): check it is right; it is matched to the local area by its sector LS6 9"
    )
