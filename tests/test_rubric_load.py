"""Every rule of the rubric loader, each with its exact message and position.

Each test starts from a small valid rubric (``BASE``, percent weights, or ``POINTS``) and makes
one mistake. Positions are asserted exactly: ``at(text, needle)`` is where ``needle`` starts in
the text, counted independently of the loader, so a message pointing one line or column off
fails.
"""

from __future__ import annotations

import itertools
import time
from decimal import Decimal
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialvalue.errors import InputError
from socialvalue.rubric import load_rubric, load_rubric_text
from socialvalue.rubric.model import Criterion, Rubric
from socialvalue.yamlnodes import MAX_BYTES, MAX_DEPTH

NAME = "r.yaml"

BASE = dedent(
    """\
    id: base
    title: Base rubric
    version: "1.0"
    policy: PPN 002
    weighting:
      social_value_percent: 10
    scales:
      - id: three
        title: Three steps
        levels:
          - {score: 0, label: Poor, descriptor: Nothing relevant.}
          - {score: 50, label: Fair, descriptor: Some of it.}
          - {score: 100, label: Good, descriptor: All of it.}
    sections:
      - id: S1
        title: Jobs
        weight: 60
        criteria:
          - id: C1
            title: Method statement
            weight: 30
            type: qualitative
            question: How will you do it?
            scale: three
          - id: C2
            title: Commitments
            weight: 70
            type: quantitative
            measures:
              - id: M1
                title: Local jobs
                unit: FTE
            method:
              kind: relative_to_best
      - id: S2
        title: Environment
        weight: 40
        criteria:
          - id: C3
            title: Carbon plan
            weight: 100
            type: qualitative
            question: How will you cut carbon?
            scale: three
    """
)

POINTS = dedent(
    """\
    id: pts
    title: Points rubric
    version: "2"
    policy: PPN 06/20
    weights: points
    weighting:
      social_value_percent: 20
    scales:
      - id: three
        title: Three steps
        levels:
          - {score: 0, label: Poor, descriptor: Nothing relevant.}
          - {score: 50, label: Fair, descriptor: Some of it.}
          - {score: 100, label: Good, descriptor: All of it.}
    sections:
      - id: S1
        title: Jobs
        weight: 12
        criteria:
          - id: C1
            title: Method statement
            weight: 8
            type: qualitative
            question: How will you do it?
            scale: three
            sub_criteria:
              - {id: C1a, title: Recruitment, weight: 5}
              - {id: C1b, title: Training, weight: 3}
          - id: C2
            title: Commitments
            weight: 4
            type: quantitative
            measures:
              - {id: M1, title: Local jobs, unit: FTE}
            method: {kind: relative_to_best}
      - id: S2
        title: Environment
        criteria:
          - id: C3
            title: Carbon plan
            weight: 3
            type: qualitative
            question: How will you cut carbon?
            scale: three
    """
)


# ----------------------------------------------------------------------------- helpers
def problems(text: str) -> list[str]:
    """The messages loading ``text`` reports (it must fail)."""
    with pytest.raises(InputError) as info:
        load_rubric_text(text, NAME)
    return [str(p) for p in info.value.problems]


def at(text: str, needle: str, nth: int = 1) -> str:
    """``line:column`` (1-based) where the ``nth`` occurrence of ``needle`` starts in ``text``."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


def edit(text: str, old: str, new: str, nth: int | None = None) -> str:
    """``text`` with ``old`` replaced: its only occurrence, or its ``nth``."""
    if nth is None:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        nth = 1
    index = -1
    for _ in range(nth):
        index = text.index(old, index + 1)
    return text[:index] + new + text[index + len(old) :]


def _line(lines: list[str], anchor: str, nth: int | None) -> int:
    hits = [i for i, line in enumerate(lines) if anchor in line]
    if nth is None:
        assert len(hits) == 1, f"{anchor!r} is on {len(hits)} lines"
        nth = 1
    return hits[nth - 1]


def add(text: str, anchor: str, *new: str, nth: int | None = None) -> str:
    """``text`` with ``new`` lines after the line holding ``anchor``, as keys of its mapping."""
    lines = text.splitlines(keepends=True)
    i = _line(lines, anchor, nth)
    body = lines[i].lstrip(" ")
    indent = " " * (len(lines[i]) - len(body) + (2 if body.startswith("- ") else 0))
    lines[i + 1 : i + 1] = [indent + line + "\n" for line in new]
    return "".join(lines)


def drop(text: str, anchor: str, nth: int | None = None) -> str:
    """``text`` without the line holding ``anchor``."""
    lines = text.splitlines(keepends=True)
    del lines[_line(lines, anchor, nth)]
    return "".join(lines)


def expect(text: str, needle: str, message: str, nth: int = 1) -> None:
    """Loading ``text`` reports exactly ``message``, at ``needle``."""
    assert problems(text) == [f"{NAME}:{at(text, needle, nth)}: {message}"]


def expect_value(text: str, key_value: str, message: str, nth: int = 1) -> None:
    """Loading ``text`` reports exactly ``message``, at the value of ``key: value``."""
    key, _, _ = key_value.partition(": ")
    line, column = at(text, key_value, nth).split(":")
    assert problems(text) == [f"{NAME}:{line}:{int(column) + len(key) + 2}: {message}"]


# ----------------------------------------------------------------------------- the bases load
def test_base_rubrics_load() -> None:
    rubric = load_rubric_text(BASE, NAME)
    assert rubric.id == "base"
    assert rubric.weights == "percent"
    assert rubric.currency == "GBP"
    assert [s.id for s in rubric.sections] == ["S1", "S2"]
    assert [c.id for _, c in rubric.criteria()] == ["C1", "C2", "C3"]
    assert rubric.weighting.policy_minimum_percent == Decimal(10)
    assert rubric.source == NAME
    assert len(rubric.sha256) == 64
    points = load_rubric_text(POINTS, NAME)
    assert points.sections[1].weight is None  # optional with points


def test_helpers_count_positions_independently() -> None:
    assert at("ab\ncd: e\n", "e") == "2:5"
    assert at("x x x", "x", 3) == "1:5"


def test_load_rubric_file_records_source_and_hash(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "mine.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())  # a BOM is fine
    rubric = load_rubric(path)
    assert rubric.id == "base"
    assert rubric.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert rubric.source.endswith("mine.yaml")


# ----------------------------------------------------------------------------- YAML itself
def test_yaml_syntax_error_has_line_and_column() -> None:
    text = edit(BASE, "title: Jobs\n", "title: Jobs: and skills\n")
    expect(text, ": and skills", "YAML syntax error: mapping values are not allowed here")


def test_yaml_unclosed_flow_sequence() -> None:
    assert problems("id: x\nnotes: [a, b\n") == [
        f"{NAME}:3:1: YAML syntax error: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence)"
    ]


def test_yaml_tab_indentation() -> None:
    assert problems("id: x\n\ttitle: y\n") == [
        f"{NAME}:2:1: YAML syntax error: found character '\\t' that cannot start any token "
        "(while scanning for the next token)"
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    assert problems(text) == [f"{NAME}:1:1: the file is empty; expected a rubric"]


@pytest.mark.parametrize(
    ("text", "got"),
    [("- a\n- b\n", "a list"), ("hello\n", '"hello"'), ("---\n", "nothing"), ("42\n", '"42"')],
)
def test_root_not_a_mapping(text: str, got: str) -> None:
    line = 2 if text == "---\n" else 1
    assert problems(text) == [
        f"{NAME}:{line}:1: expected a rubric (a mapping of keys), got {got}: is this the right file?"
    ]


def test_two_documents_in_one_file() -> None:
    assert problems(BASE + "---\nid: again\n") == [
        f"{NAME}:{at(BASE + '---', '---')}: YAML syntax error: but found another document "
        "(expected a single document in the stream)"
    ]


def billion_laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in itertools.pairwise("abcdefghijklmnop"[:levels]):
        text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    return text


def test_alias_bomb_is_rejected_quickly() -> None:
    start = time.perf_counter()
    assert problems(billion_laughs()) == [
        f"{NAME}:1:1: the document expands to more than 200,000 nodes (alias bomb?)"
    ]
    assert time.perf_counter() - start < 5


def test_small_aliases_are_expanded() -> None:
    text = edit(BASE, "    question: How will you cut carbon?\n", "    question: *q\n")
    text = edit(text, "question: How will you do it?", "question: &q How will you do it?")
    rubric = load_rubric_text(text, NAME)
    assert rubric.criterion("C3").question == "How will you do it?"


def test_an_anchor_may_be_defined_again(recwarn: pytest.WarningsRecorder) -> None:
    text = edit(BASE, "question: How will you do it?", "question: &q First?")
    text = edit(text, "title: Carbon plan", "title: &q Carbon plan")
    text = edit(text, "question: How will you cut carbon?", "question: *q")
    assert load_rubric_text(text, NAME).criterion("C3").question == "Carbon plan"
    assert [str(w.message) for w in recwarn] == []  # ruamel's warning is not shown


def test_recursive_alias_is_rejected() -> None:
    assert problems("a: &a [*a]\n") == [
        f"{NAME}:1:4: the document is nested more than {MAX_DEPTH} levels deep"
    ]


def test_deep_nesting_is_rejected_at_the_level_too_deep() -> None:
    depth = MAX_DEPTH + 1
    text = "notes: " + "[" * depth + "]" * depth + "\n"
    # The root mapping is level 0; the list opened at column 8 + 64 is level 65.
    assert problems(text) == [
        f"{NAME}:1:{8 + MAX_DEPTH}: the document is nested more than {MAX_DEPTH} levels deep"
    ]


def test_just_deep_enough_is_not_a_nesting_problem() -> None:
    depth = MAX_DEPTH
    text = "notes: " + "[" * depth + "]" * depth + "\n"
    assert not any("nested" in p for p in problems(text))


@pytest.mark.parametrize("depth", [5_000])
def test_very_deep_nesting_is_an_input_error_not_a_crash(depth: int) -> None:
    # Python's recursion limit is about 1000: this once escaped as a RecursionError.
    start = time.perf_counter()
    text = "notes: " + "[" * depth + "]" * depth + "\n"
    assert problems(text) == [
        f"{NAME}:1:{8 + MAX_DEPTH}: the document is nested more than {MAX_DEPTH} levels deep"
    ]
    # Block style: the list at level k starts on line k + 1, column 2k - 1.
    block = "".join("  " * i + "- \n" for i in range(depth // 25))
    assert problems("notes:\n" + block) == [
        f"{NAME}:{MAX_DEPTH + 2}:{2 * MAX_DEPTH + 1}: the document is nested more than "
        f"{MAX_DEPTH} levels deep"
    ]
    assert time.perf_counter() - start < 10


def test_merge_keys_are_rejected() -> None:
    text = add(BASE, "social_value_percent: 10", "<<: {policy_minimum_percent: 5}")
    expect(text, "<<", "merge keys (<<) are not supported: write the fields out")


def test_keys_must_be_plain_names() -> None:
    text = BASE + "? [a, b]\n: c\n"
    expect(text, "[a, b]", "keys must be plain names")


def test_null_key() -> None:
    text = BASE + "~: c\n"
    expect(text, "~", "keys must be plain names")


def test_duplicate_key() -> None:
    text = edit(BASE, "version: ", "title: Again\nversion: ")
    expect(text, "title: Again", "duplicate key `title` (first given at line 2)")


def test_duplicate_key_nested() -> None:
    text = add(BASE, "scale: three", "type: qualitative", nth=2)
    assert problems(text) == [
        f"{NAME}:{at(text, 'type: qualitative', 3)}: duplicate key `type` (first given at line 42)"
    ]


def test_unknown_key_with_suggestion() -> None:
    text = edit(BASE, "weight: 100", "wieght: 100")
    # One mistake, one message: the missing `weight` is the same mistake.
    expect(text, "wieght", "unknown key `wieght` in a criterion (did you mean `weight`?)")


def test_unknown_key_without_suggestion() -> None:
    text = BASE + "colour: blue\n"
    expect(text, "colour", "unknown key `colour` in the rubric")


@pytest.mark.parametrize(
    ("anchor", "line", "what", "hint"),
    [
        ("social_value_percent", "exceptoin: Framework", "weighting", "exception"),
        ("title: Three steps", "levls: []", "a scale", "levels"),
        ("- {score: 0,", "descripton: x", "a scale level", "descriptor"),
        ("title: Environment", "criterai: []", "a section", "criteria"),
        ("title: Method statement", "scael: three", "a criterion", "scale"),
        ("unit: FTE", "units: FTE", "a measure", "unit"),
        ("kind: relative_to_best", "cap: 5", "a method", None),
    ],
)
def test_unknown_key_at_each_level(anchor: str, line: str, what: str, hint: str | None) -> None:
    if anchor.startswith("- {"):  # a flow mapping: add the key inside it
        text = edit(BASE, "{score: 0,", f"{{{line}, score: 0,")
    else:
        text = add(BASE, anchor, line)
    key = line.split(":")[0]
    suffix = f" (did you mean `{hint}`?)" if hint else ""
    assert problems(text) == [
        f"{NAME}:{at(text, key + ':')}: unknown key `{key}` in {what}{suffix}"
    ]


def test_yaml_1_2_no_stays_a_string() -> None:
    text = edit(BASE, "label: Poor", "label: no")
    text = edit(text, "label: Fair", "label: off")
    text = edit(text, "label: Good", "label: Y")
    rubric = load_rubric_text(text, NAME)
    assert [lv.label for lv in rubric.scale("three").levels] == ["no", "off", "Y"]


def test_unquoted_version_keeps_what_was_typed() -> None:
    rubric = load_rubric_text(edit(BASE, 'version: "1.0"', "version: 1.10"), NAME)
    assert rubric.version == "1.10"


def test_quoted_numbers_are_numbers_and_exact() -> None:
    text = edit(BASE, "weight: 60", 'weight: "33.3"')
    text = edit(text, "weight: 40", "weight: 66.7")
    rubric = load_rubric_text(text, NAME)
    assert [s.weight for s in rubric.sections] == [Decimal("33.3"), Decimal("66.7")]
    assert rubric.criterion_marks(rubric.criterion("C1")) == Decimal("9.99")


def test_underscores_in_numbers() -> None:
    text = edit(BASE, "weight: 60", "weight: 6_0")
    assert load_rubric_text(text, NAME).sections[0].weight == Decimal(60)


# ----------------------------------------------------------------------------- files
def test_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_rubric(tmp_path / "nope.yaml")
    [problem] = info.value.problems
    assert problem.message == "file not found"
    assert problem.where.file.endswith("nope.yaml")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_rubric(tmp_path)
    assert [p.message for p in info.value.problems] == ["is a folder, expected a file"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        load_rubric(path)
    assert [p.message for p in info.value.problems] == ["not UTF-8 text (byte 7)"]


def test_too_big(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(InputError) as info:
        load_rubric(path)
    assert [p.message for p in info.value.problems] == [
        f"file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,}"
    ]


def test_problems_name_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rubrics").mkdir()
    path = tmp_path / "rubrics" / "mine.yaml"
    path.write_text(edit(BASE, "weight: 60", "weight: ten"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        load_rubric(path)
    assert [str(p) for p in info.value.problems] == [
        'rubrics/mine.yaml:17:13: weight must be a number, got "ten"'
    ]


# ----------------------------------------------------------------------------- the rubric
@pytest.mark.parametrize("key", ["id", "title", "version", "policy", "weighting", "sections"])
def test_rubric_needs(key: str) -> None:
    lines = BASE.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines)
    )
    text = "".join(lines[:start] + lines[end:])
    assert problems(text) == [f"{NAME}:1:1: the rubric needs `{key}`"]


def test_required_text_must_not_be_empty() -> None:
    text = edit(BASE, "title: Base rubric", 'title: "  "')
    expect(text, '"  "', "title must not be empty")


def test_null_counts_as_missing() -> None:
    text = edit(BASE, "policy: PPN 002", "policy: ~")
    assert problems(text) == [f"{NAME}:1:1: the rubric needs `policy`"]


def test_id_must_be_an_identifier() -> None:
    text = edit(BASE, "id: base", "id: my rubric")
    expect(
        text,
        "my rubric",
        "id must be an identifier (letters, digits, '-', '_' or '.'), got \"my rubric\"",
    )


def test_text_must_be_a_single_value() -> None:
    text = edit(BASE, "policy: PPN 002", "policy: [PPN 002]")
    expect(text, "[PPN", "policy must be a single value, got a list")


@pytest.mark.parametrize("currency", ["gbp", "POUNDS", "G1P", "£"])
def test_currency_not_iso(currency: str) -> None:
    text = edit(BASE, "policy: PPN 002\n", f"policy: PPN 002\ncurrency: {currency}\n")
    expect(
        text,
        f"{currency}\n",
        f'currency must be a 3-letter ISO code such as GBP, got "{currency}"',
    )


def test_other_currency_is_fine() -> None:
    text = edit(BASE, "policy: PPN 002\n", "policy: PPN 002\ncurrency: EUR\n")
    assert load_rubric_text(text, NAME).currency == "EUR"


def test_weights_kind_unknown_is_one_message() -> None:
    text = edit(BASE, "policy: PPN 002\n", "policy: PPN 002\nweights: percentage\n")
    expect(
        text,
        "percentage",
        'weights must be one of percent, points; got "percentage" (did you mean `percent`?)',
    )


def test_notes_must_be_texts() -> None:
    text = BASE + "notes:\n  - A caveat.\n  - {a: b}\n"
    expect(text, "{a: b}", "each entry of notes must be text, got a mapping")
    assert load_rubric_text(BASE + "notes: [One, Two]\n", NAME).notes == ("One", "Two")


def test_proxy_set_must_be_an_identifier() -> None:
    text = BASE + "proxy_set: my proxies\n"
    expect(
        text,
        "my proxies",
        "proxy_set must be an identifier (letters, digits, '-', '_' or '.'), got \"my proxies\"",
    )


def test_lists_and_mappings_have_their_shape() -> None:
    text = edit(BASE, "weighting:\n  social_value_percent: 10\n", "weighting: 10\n")
    expect(text, "10\n", 'weighting must be a mapping of keys to values, got "10"')
    text = BASE + "tie_breaks: {rule: social_value_gbp}\n"
    expect(text, "{rule", "tie_breaks must be a list, got a mapping")
    text = BASE + "tie_breaks:\n  - social_value_gbp\n"
    expect(
        text,
        "social_value_gbp",
        'each entry of tie_breaks must be a mapping, got "social_value_gbp"',
    )


def test_sections_must_list_one() -> None:
    text = BASE[: BASE.index("sections:")] + "sections: []\n"
    expect(text, "[]", "sections must list at least one entry")


def test_non_mapping_entries_are_reported_once() -> None:
    text = edit(BASE, "scales:\n", "scales:\n  - stray_scale\n")
    text = edit(text, "sections:\n", "sections:\n  - stray_section\n")
    assert problems(text) == [
        f"{NAME}:{at(text, 'stray_scale')}: each entry of scales must be a mapping, "
        'got "stray_scale"',
        f"{NAME}:{at(text, 'stray_section')}: each entry of sections must be a mapping, "
        'got "stray_section"',
    ]


# ----------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("ten", '"ten"'),
        ("10%", '"10%"'),
        (".nan", '".nan"'),
        (".NaN", '".NaN"'),
        (".inf", '".inf"'),
        ("-.inf", '"-.inf"'),
        ("1e308", '"1e308"'),
        ("1e15", '"1e15"'),
        ("0x10", '"0x10"'),
        ("true", '"true"'),
        ("false", '"false"'),
        ('"true"', '"true"'),
        ("[60]", None),
    ],
)
def test_weight_not_a_number(value: str, shown: str | None) -> None:
    text = edit(BASE, "weight: 60", f"weight: {value}")
    if shown is None:
        expect(text, value, "weight must be a single value, got a list")
    else:
        expect(text, value, f"weight must be a number, got {shown}")


@pytest.mark.parametrize("value", ["0", "-5", "-0"])
def test_weight_must_be_positive(value: str) -> None:
    text = edit(BASE, "weight: 70\n", f"weight: {value}\n")
    expect(text, f"{value}\n        type: quantitative", f"weight must be more than 0, got {value}")


def test_large_but_sane_numbers_are_fine() -> None:
    text = BASE + "credibility:\n  annual_fte_cost: 999999999999999\n"
    assert load_rubric_text(text, NAME).credibility.annual_fte_cost == Decimal("999999999999999")


def test_duplicate_criterion_id() -> None:
    text = edit(BASE, "- id: C3\n", "- id: C1\n")
    expect(text, "C1", "duplicate id `C1` for a criterion (first used at line 19)", nth=2)


def test_duplicate_section_id() -> None:
    text = edit(BASE, "  - id: S2\n", "  - id: S1\n")
    expect(text, "S1", "duplicate id `S1` for a section (first used at line 15)", nth=2)


def test_duplicate_measure_id() -> None:
    text = add(BASE, "unit: FTE", "- {id: M1, title: Apprentices, unit: weeks}")
    text = text.replace("    - {id: M1, title: Apprentices", "  - {id: M1, title: Apprentices")
    expect(text, "M1", "duplicate id `M1` for a measure (first used at line 30)", nth=2)


def test_duplicate_sub_criterion_id() -> None:
    text = edit(POINTS, "{id: C1b,", "{id: C1a,")
    expect(text, "C1a", "duplicate id `C1a` for a sub-criterion (first used at line 27)", nth=2)


def test_ids_are_unique_across_kinds() -> None:
    text = edit(BASE, "  - id: C3\n", "  - id: S1\n")
    expect(text, "S1", "duplicate id `S1` for a criterion (first used at line 15)", nth=2)


def test_duplicate_scale_id_points_at_the_second() -> None:
    second = (
        "  - id: three\n"
        "    title: Again\n"
        "    levels: [{score: 0, label: a, descriptor: a}, {score: 1, label: b, descriptor: b}]\n"
    )
    text = edit(BASE, "sections:\n", second + "sections:\n")
    expect(text, "id: three", "duplicate scale id `three`", nth=2)


def test_duplicate_scale_id_after_a_broken_scale() -> None:
    # A broken scale before them once shifted the position onto the wrong scale.
    broken = "  - id: broken\n    levels: []\n"
    second = (
        "  - {id: three, title: Again, levels: "
        "[{score: 0, label: a, descriptor: a}, {score: 1, label: b, descriptor: b}]}\n"
    )
    text = edit(BASE, "scales:\n", "scales:\n" + broken)
    text = edit(text, "sections:\n", second + "sections:\n")
    assert problems(text) == [
        f"{NAME}:{at(text, 'id: broken')}: a scale needs `title`",
        f"{NAME}:{at(text, '[]')}: levels must list at least one entry",
        f"{NAME}:{at(text, '{id: three')}: duplicate scale id `three`",
    ]


# ----------------------------------------------------------------------------- weights, percent
def test_section_weights_must_total_100() -> None:
    text = edit(BASE, "weight: 40", "weight: 30")
    expect(text, "sections:", "section weights must total 100 (percent), they total 90")


def test_criteria_weights_must_total_100() -> None:
    text = edit(BASE, "weight: 70\n", "weight: 60\n")
    expect(
        text, "id: S1", "criteria weights in section `S1` must total 100 (percent), they total 90"
    )


def test_sub_criteria_weights_must_total_100() -> None:
    text = add(
        BASE,
        "question: How will you cut carbon?",
        "sub_criteria:",
        "  - {id: C3a, title: Plan, weight: 60}",
        "  - {id: C3b, title: Targets, weight: 30}",
    )
    expect(
        text, "sub_criteria", "sub-criteria weights of `C3` must total 100 (percent), they total 90"
    )


def test_section_weight_required_with_percent() -> None:
    text = edit(BASE, "    weight: 40\n", "")
    expect(text, "id: S2", "a section needs `weight`")


def test_weights_are_exact_decimals() -> None:
    text = edit(BASE, "weight: 60", "weight: 60.1")
    text = edit(text, "weight: 40", "weight: 39.9")
    load_rubric_text(text, NAME)
    text = edit(text, "weight: 39.9", "weight: 39.90000001")
    expect(text, "sections:", "section weights must total 100 (percent), they total 100.00000001")


# ----------------------------------------------------------------------------- weights, points
def test_points_section_weight_must_equal_its_criteria() -> None:
    text = edit(POINTS, "weight: 12", "weight: 13")
    expect(text, "id: S1", "section `S1` is weighted 13 points but its criteria total 12")


def test_points_sub_criteria_must_equal_criterion_points() -> None:
    text = edit(POINTS, "weight: 3}", "weight: 2}")
    expect(text, "sub_criteria", "sub-criteria weights of `C1` must total 8 points, they total 7")


def test_points_totals() -> None:
    rubric = load_rubric_text(POINTS, NAME)
    assert rubric.total_marks == Decimal(15)
    assert [rubric.section_marks(s) for s in rubric.sections] == [Decimal(12), Decimal(3)]
    c1, c2, c3 = (rubric.criterion(c) for c in ("C1", "C2", "C3"))
    assert [rubric.criterion_marks(c) for c in (c1, c2, c3)] == [8, 4, 3]
    assert rubric.sub_criterion_share(c1, c1.sub_criteria[0]) == Decimal(5) / Decimal(8)


# ----------------------------------------------------------------------------- scales
def test_scale_with_one_level() -> None:
    text = edit(BASE, "      - {score: 50, label: Fair, descriptor: Some of it.}\n", "")
    text = edit(text, "      - {score: 100, label: Good, descriptor: All of it.}\n", "")
    expect(text, "id: three", "scale `three` needs at least two levels")


def test_levels_not_ascending() -> None:
    text = edit(BASE, "score: 50,", "score: 150,")
    expect(text, "levels:", "levels of scale `three` must be listed lowest score first")


def test_duplicate_level_score() -> None:
    text = edit(BASE, "score: 50,", "score: 100,")
    expect(text, "100,", "score 100 appears twice in scale `three`", nth=2)


def test_level_score_not_negative() -> None:
    text = edit(BASE, "score: 0,", "score: -10,")
    expect(text, "-10", "score must be at least 0, got -10")


def test_level_needs_a_descriptor() -> None:
    # One broken level of three: one message (not also "needs two levels" or "scale not defined").
    text = edit(BASE, "label: Fair, descriptor: Some of it.", "label: Fair")
    expect(text, "{score: 50", "a scale level needs `descriptor`")


def test_broken_scale_is_not_reported_as_missing_by_its_criteria() -> None:
    text = edit(BASE, "    title: Three steps\n", "")
    expect(text, "id: three", "a scale needs `title`")


def test_unknown_scale_with_suggestion() -> None:
    text = edit(BASE, "scale: three", "scale: thre", nth=1)
    expect(
        text,
        "thre\n",
        "scale `thre` is not defined in this rubric's scales (did you mean `three`?)",
    )


def test_unknown_scale_without_suggestion() -> None:
    text = edit(BASE, "scale: three", "scale: likert", nth=2)
    expect(text, "likert", "scale `likert` is not defined in this rubric's scales")


def test_scale_step() -> None:
    rubric = load_rubric_text(BASE, NAME)
    scale = rubric.scale("three")
    assert (scale.minimum, scale.maximum, scale.step) == (0, 100, 50)
    assert scale.scores == (0, 50, 100)
    assert scale.level(Decimal(50)).label == "Fair"  # type: ignore[union-attr]
    assert scale.level(Decimal(25)) is None
    uneven = edit(BASE, "score: 50,", "score: 90,")
    assert load_rubric_text(uneven, NAME).scale("three").step == 10
    with pytest.raises(KeyError):
        rubric.scale("five")


# ----------------------------------------------------------------------------- criteria
def test_criterion_type_unknown() -> None:
    text = edit(BASE, "type: quantitative", "type: quantitive")
    expect(
        text,
        "quantitive",
        'type must be one of qualitative, quantitative, spend_plan; got "quantitive" '
        "(did you mean `quantitative`?)",
    )


def test_criterion_needs_a_type() -> None:
    text = drop(BASE, "type: quantitative")
    expect(text, "id: C2", "a criterion needs `type`")


def test_qualitative_keys_on_a_quantitative_criterion() -> None:
    text = add(BASE, "type: quantitative", "word_limit: 500")
    expect(text, "word_limit", "`word_limit` does not apply to a quantitative criterion")


def test_quantitative_keys_on_a_qualitative_criterion() -> None:
    text = add(BASE, "How will you cut carbon?", "method: {kind: relative_to_best}")
    expect(text, "method: {", "`method` does not apply to a qualitative criterion")


@pytest.mark.parametrize("key", ["question", "scale"])
def test_qualitative_needs(key: str) -> None:
    text = drop(
        BASE,
        {"question": "How will you cut carbon?", "scale": "scale: three"}[key],
        nth=1 if key == "question" else 2,
    )
    expect(text, "id: C3", f"a criterion needs `{key}`")


def test_word_limit_whole_positive() -> None:
    text = add(BASE, "How will you do it?", "word_limit: 2.5")
    expect_value(text, "word_limit: 2.5", 'word_limit must be a whole number, got "2.5"')
    text = add(BASE, "How will you do it?", "word_limit: 0")
    expect_value(text, "word_limit: 0", "word_limit must be at least 1, got 0")
    text = add(BASE, "How will you do it?", "word_limit: 500.0")
    assert load_rubric_text(text, NAME).criterion("C1").word_limit == 500


def test_rollup_choice() -> None:
    text = add(POINTS, "How will you do it?", "rollup: overall")
    expect(text, "overall", 'rollup must be one of weighted, holistic; got "overall"')
    text = add(POINTS, "How will you do it?", "rollup: holistic")
    c1 = load_rubric_text(text, NAME).criterion("C1")
    assert c1.rollup == "holistic"
    assert c1.scored_parts == ("C1",)
    assert load_rubric_text(POINTS, NAME).criterion("C1").scored_parts == ("C1a", "C1b")
    assert load_rubric_text(POINTS, NAME).criterion("C3").scored_parts == ("C3",)


def minimum(score: str, extra: str = "") -> str:
    return add(BASE, "How will you do it?", f"minimum: {{score: {score}{extra}}}")


def test_minimum_inside_the_scale() -> None:
    c1 = load_rubric_text(minimum("50"), NAME).criterion("C1")
    assert c1.minimum is not None
    assert (c1.minimum.score, c1.minimum.disqualifies) == (50, True)
    c1 = load_rubric_text(minimum("50", ", disqualifies: false"), NAME).criterion("C1")
    assert c1.minimum is not None and not c1.minimum.disqualifies


@pytest.mark.parametrize("score", ["150", "-1"])
def test_minimum_outside_the_scale(score: str) -> None:
    text = minimum(score)
    expect(text, f"{score}}}", f"minimum score {score} is outside scale `three` (0 to 100)")


def test_minimum_disqualifies_must_be_boolean() -> None:
    text = minimum("50", ", disqualifies: yes")
    expect(text, "yes", 'disqualifies must be true or false, got "yes"')


def test_minimum_must_be_a_mapping() -> None:
    text = add(BASE, "How will you do it?", "minimum: 50")
    expect_value(text, "minimum: 50", 'minimum must be a mapping of keys to values, got "50"')


def test_measure_with_no_unit() -> None:
    text = drop(BASE, "unit: FTE")
    expect(text, "id: M1", "measure `M1` needs a unit (FTE, weeks, hours, GBP, tCO2e, people...)")


def test_measure_with_blank_unit() -> None:
    text = edit(BASE, "unit: FTE", 'unit: " "')
    expect(text, '" "', "measure `M1` needs a unit (FTE, weeks, hours, GBP, tCO2e, people...)")


def test_measure_problems_are_all_reported_together() -> None:
    text = edit(BASE, "unit: FTE", "record_only: maybe")
    assert problems(text) == [
        f"{NAME}:{at(text, 'id: M1')}: measure `M1` needs a unit "
        "(FTE, weeks, hours, GBP, tCO2e, people...)",
        f'{NAME}:{at(text, "maybe")}: record_only must be true or false, got "maybe"',
    ]


def test_quantity_bounds() -> None:
    text = add(BASE, "unit: FTE", "min_quantity: 5", "max_quantity: 2")
    expect_value(text, "max_quantity: 2", "max_quantity 2 is below min_quantity 5")
    text = add(BASE, "unit: FTE", "min_quantity: -1")
    expect_value(text, "min_quantity: -1", "min_quantity must be at least 0, got -1")
    text = add(BASE, "unit: FTE", "min_quantity: 1", "max_quantity: 1")
    _, m1 = next(load_rubric_text(text, NAME).measures())
    assert (m1.min_quantity, m1.max_quantity) == (1, 1)


def test_all_record_only_measures() -> None:
    text = add(BASE, "unit: FTE", "record_only: true")
    expect(text, "measures:", "criterion `C2` has only record-only measures, so it can never score")


def test_some_record_only_measures_are_fine() -> None:
    text = add(BASE, "unit: FTE", "evidence_required: false")
    text = add(
        text, "evidence_required: false", "- {id: M2, title: Spend, unit: GBP, record_only: true}"
    )
    text = text.replace("    - {id: M2", "  - {id: M2")
    rubric = load_rubric_text(text, NAME)
    assert [(m.id, m.record_only, m.evidence_required) for _, m in rubric.measures()] == [
        ("M1", False, False),
        ("M2", True, True),
    ]


def test_quantitative_needs_measures_and_method() -> None:
    text = drop(drop(BASE, "kind: relative_to_best"), "method:")
    expect(text, "id: C2", "a criterion needs `method`")
    text = drop(drop(drop(drop(BASE, "measures:"), "id: M1"), "title: Local jobs"), "unit: FTE")
    expect(text, "id: C2", "a criterion needs `measures`")


def method(body: str) -> str:
    return edit(BASE, "method:\n          kind: relative_to_best\n", f"method: {body}\n")


def test_method_kind_unknown() -> None:
    text = method("{kind: best}")
    expect(
        text,
        "best}",
        "kind must be one of relative_to_best, contract_value_bands, contract_value_target, "
        'credibility_adjusted; got "best"',
    )


def test_method_contract_value_bands() -> None:
    text = method(
        "{kind: contract_value_bands, bands: [{at_least: 0, score: 0}, {at_least: 5, score: 100}]}"
    )
    c2 = load_rubric_text(text, NAME).criterion("C2")
    assert c2.method is not None
    assert [(b.at_least, b.score) for b in c2.method.bands] == [(0, 0), (5, 100)]
    expect(method("{kind: contract_value_bands}"), "{kind", "a method needs `bands`")


@pytest.mark.parametrize("second", ["{at_least: 0, score: 50}", "{at_least: -1, score: 50}"])
def test_bands_not_increasing(second: str) -> None:
    text = method(f"{{kind: contract_value_bands, bands: [{{at_least: 2, score: 0}}, {second}]}}")
    if "-1" in second:
        expect(text, "-1", "at_least must be at least 0, got -1")
    else:
        expect(text, "bands:", "bands must be listed with at_least increasing, each once")


def test_band_score_at_most_100() -> None:
    text = method("{kind: contract_value_bands, bands: [{at_least: 0, score: 101}]}")
    expect(text, "101", "score must be at most 100, got 101")


def test_method_contract_value_target() -> None:
    text = method("{kind: contract_value_target, target_percent: 5}")
    c2 = load_rubric_text(text, NAME).criterion("C2")
    assert c2.method is not None and c2.method.target_percent == 5
    expect(method("{kind: contract_value_target}"), "{kind", "a method needs `target_percent`")
    text = method("{kind: contract_value_target, target_percent: 0}")
    expect(text, "0}", "target_percent must be more than 0, got 0")


def test_method_cap() -> None:
    c2 = load_rubric_text(
        method("{kind: relative_to_best, cap_percent_of_contract: 20}"), NAME
    ).criterion("C2")
    assert c2.method is not None and c2.method.cap_percent_of_contract == 20
    text = method("{kind: relative_to_best, cap_percent_of_contract: -5}")
    expect(text, "-5", "cap_percent_of_contract must be more than 0, got -5")


@pytest.mark.parametrize(
    ("body", "key", "needed"),
    [
        ("{kind: relative_to_best, bands: []}", "bands", "contract_value_bands"),
        ("{kind: relative_to_best, target_percent: 5}", "target_percent", "contract_value_target"),
        (
            "{kind: contract_value_target, target_percent: 5, criterion: C1}",
            "criterion",
            "credibility_adjusted",
        ),
        ("{kind: credibility_adjusted, criterion: C1, bands: []}", "bands", "contract_value_bands"),
    ],
)
def test_method_keys_that_do_not_apply(body: str, key: str, needed: str) -> None:
    text = method(body)
    expect(text, f"{key}:", f"`{key}` only applies to method {needed}")


def test_credibility_adjusted() -> None:
    text = method("{kind: credibility_adjusted, criterion: C1}")
    c2 = load_rubric_text(text, NAME).criterion("C2")
    assert c2.method is not None and c2.method.criterion == "C1"
    expect(method("{kind: credibility_adjusted}"), "{kind", "a method needs `criterion`")


@pytest.mark.parametrize(
    ("named", "hint"), [("C9", ""), ("C1x", " (did you mean `C1`?)"), ("M1", "")]
)
def test_credibility_adjusted_names_a_missing_criterion(named: str, hint: str) -> None:
    text = method(f"{{kind: credibility_adjusted, criterion: {named}}}")
    expect(
        text,
        f"{named}}}",
        f"criterion `C2`: method credibility_adjusted names criterion `{named}`, which does not "
        f"exist{hint}",
    )


def test_credibility_adjusted_names_a_quantitative_criterion() -> None:
    text = method("{kind: credibility_adjusted, criterion: C2}")
    expect(
        text,
        "C2}",
        "criterion `C2`: method credibility_adjusted must name a qualitative criterion, "
        "`C2` is quantitative",
    )


def test_credibility_adjusted_names_a_criterion_with_its_own_problem() -> None:
    text = method("{kind: credibility_adjusted, criterion: C1}")
    text = edit(text, "scale: three", "scale: nine", nth=1)
    expect(text, "nine", "scale `nine` is not defined in this rubric's scales")


# ----------------------------------------------------------------------------- weighting
def weighting(body: str) -> str:
    return edit(BASE, "weighting:\n  social_value_percent: 10\n", f"weighting: {body}\n")


def test_social_value_below_policy_minimum() -> None:
    text = weighting("{social_value_percent: 5}")
    expect(
        text,
        "5}",
        "social value is weighted 5%, below the policy minimum of 10%; "
        "raise it or state an `exception`",
    )


def test_social_value_below_minimum_with_an_exception() -> None:
    text = weighting("{social_value_percent: 5, exception: Framework call-off with fixed weights}")
    w = load_rubric_text(text, NAME).weighting
    assert (w.social_value_percent, w.exception) == (5, "Framework call-off with fixed weights")


def test_blank_exception_is_no_exception() -> None:
    text = weighting('{social_value_percent: 5, exception: " "}')
    expect(
        text,
        "5,",
        "social value is weighted 5%, below the policy minimum of 10%; "
        "raise it or state an `exception`",
    )


def test_own_policy_minimum() -> None:
    w = load_rubric_text(
        weighting("{social_value_percent: 5, policy_minimum_percent: 5}"), NAME
    ).weighting
    assert (w.social_value_percent, w.policy_minimum_percent) == (5, 5)
    text = weighting("{social_value_percent: 12, policy_minimum_percent: 15}")
    expect(
        text,
        "12,",
        "social value is weighted 12%, below the policy minimum of 15%; "
        "raise it or state an `exception`",
    )


def test_null_policy_minimum_is_the_default() -> None:
    # Once an AssertionError (a traceback) instead of the default.
    text = weighting("{social_value_percent: 10, policy_minimum_percent: ~}")
    assert load_rubric_text(text, NAME).weighting.policy_minimum_percent == 10


def test_null_moderation_spread_is_the_default() -> None:
    # Once silently 0 (moderation mandatory on any difference) instead of the default 1.
    text = BASE + "moderation: {final_score: mean, mandatory_spread_steps: ~}\n"
    assert load_rubric_text(text, NAME).moderation.mandatory_spread_steps == 1


@pytest.mark.parametrize(
    ("body", "needle", "message"),
    [
        ("{social_value_percent: 0}", "0}", "social_value_percent must be more than 0, got 0"),
        ("{social_value_percent: 101}", "101", "social_value_percent must be at most 100, got 101"),
        (
            "{social_value_percent: 20, policy_minimum_percent: -1}",
            "-1",
            "policy_minimum_percent must be at least 0, got -1",
        ),
        ("{}", "{}", "weighting needs `social_value_percent`"),
    ],
)
def test_weighting_values(body: str, needle: str, message: str) -> None:
    expect(weighting(body), needle, message)


# ----------------------------------------------------------------------------- policies
def test_policies_default() -> None:
    rubric = load_rubric_text(BASE, NAME)
    assert (rubric.moderation.final_score, rubric.moderation.mandatory_spread_steps) == (
        "consensus",
        1,
    )
    r = rubric.rounding
    assert (r.places, r.rule, r.stage, r.rank_on) == (2, "half_up", "total", "unrounded")
    assert rubric.threshold is None
    assert rubric.tie_breaks == ()
    c = rubric.credibility
    assert (c.max_share_of_contract_percent, c.annual_fte_cost, c.outlier_multiple) == (
        100,
        None,
        3,
    )


def test_policies_given() -> None:
    text = BASE + dedent(
        """\
        moderation: {final_score: mean, mandatory_spread_steps: 0}
        rounding: {places: 0, rule: half_even, stage: criterion, rank_on: rounded}
        threshold: {minimum_percent: 40, basis: total, disqualifies: false}
        credibility: {max_share_of_contract_percent: 50, annual_fte_cost: 32000, outlier_multiple: 2.5}
        tie_breaks:
          - {rule: criterion, criterion: C3}
          - {rule: qualitative_total}
        """
    )
    rubric = load_rubric_text(text, NAME)
    assert (rubric.moderation.final_score, rubric.moderation.mandatory_spread_steps) == ("mean", 0)
    r = rubric.rounding
    assert (r.places, r.rule, r.stage, r.rank_on) == (0, "half_even", "criterion", "rounded")
    t = rubric.threshold
    assert t is not None and (t.minimum_percent, t.basis, t.disqualifies) == (40, "total", False)
    c = rubric.credibility
    assert (c.max_share_of_contract_percent, c.annual_fte_cost, c.outlier_multiple) == (
        50,
        32000,
        Decimal("2.5"),
    )
    assert [(t.rule, t.criterion) for t in rubric.tie_breaks] == [
        ("criterion", "C3"),
        ("qualitative_total", None),
    ]


@pytest.mark.parametrize(
    ("extra", "needle", "message"),
    [
        (
            "moderation: {final_score: median}",
            "median",
            'final_score must be one of consensus, mean; got "median" (did you mean `mean`?)',
        ),
        (
            "moderation: {mandatory_spread_steps: -1}",
            "-1",
            "mandatory_spread_steps must be at least 0, got -1",
        ),
        (
            "moderation: {mandatory_spread_steps: 1.5}",
            "1.5",
            'mandatory_spread_steps must be a whole number, got "1.5"',
        ),
        ("rounding: {places: 7}", "7", "places must be at most 6, got 7"),
        (
            "rounding: {rule: bankers}",
            "bankers",
            'rule must be one of half_up, half_even; got "bankers"',
        ),
        (
            "rounding: {stage: end}",
            "end",
            'stage must be one of criterion, section, total; got "end"',
        ),
        (
            "rounding: {rank_on: final}",
            "final",
            'rank_on must be one of unrounded, rounded; got "final"',
        ),
        (
            "threshold: {minimum_percent: 140}",
            "140",
            "minimum_percent must be at most 100, got 140",
        ),
        (
            "threshold: {basis: quality, minimum_percent: 40}",
            "quality",
            'basis must be one of qualitative, total; got "quality" (did you mean `qualitative`?)',
        ),
        ("threshold: {disqualifies: true}", "{disq", "threshold needs `minimum_percent`"),
        ("credibility: {outlier_multiple: 0}", "0}", "outlier_multiple must be more than 0, got 0"),
        ("credibility: {annual_fte_cost: -3}", "-3", "annual_fte_cost must be more than 0, got -3"),
    ],
)
def test_policy_values(extra: str, needle: str, message: str) -> None:
    text = BASE + extra + "\n"
    expect(text, needle, message, nth=text.count(needle))


@pytest.mark.parametrize(("named", "hint"), [("C4", ""), ("C3x", " (did you mean `C3`?)")])
def test_tie_break_names_a_missing_criterion(named: str, hint: str) -> None:
    text = BASE + f"tie_breaks:\n  - {{rule: criterion, criterion: {named}}}\n"
    expect(text, f"{named}}}", f"tie-break names criterion `{named}`, which does not exist{hint}")


def test_tie_break_names_a_section() -> None:
    text = BASE + "tie_breaks:\n  - {rule: criterion, criterion: S1}\n"
    expect(text, "S1}", "tie-break names criterion `S1`, which does not exist")


def test_tie_break_rule_criterion_needs_criterion() -> None:
    text = BASE + "tie_breaks:\n  - {rule: criterion}\n"
    expect(text, "{rule", "a tie-break needs `criterion`")


def test_tie_break_criterion_only_with_rule_criterion() -> None:
    text = BASE + "tie_breaks:\n  - {rule: social_value_gbp, criterion: C1}\n"
    expect(text, "C1}", "`criterion` only applies to rule criterion")


def test_tie_break_rule_unknown() -> None:
    text = BASE + "tie_breaks:\n  - {rule: price}\n"
    expect(
        text,
        "price",
        "rule must be one of criterion, qualitative_total, quantitative_total, social_value_gbp; "
        'got "price"',
    )


def test_tie_break_naming_a_criterion_with_its_own_problem() -> None:
    # C1 exists; its own problem is reported once, not also as a missing criterion.
    text = edit(BASE, "scale: three", "scale: thre", nth=1)
    text += "tie_breaks:\n  - {rule: criterion, criterion: C1}\n"
    expect(
        text,
        "thre\n",
        "scale `thre` is not defined in this rubric's scales (did you mean `three`?)",
    )


# ----------------------------------------------------------------------------- no scales
def test_rubric_without_qualitative_criteria_needs_no_scales() -> None:
    text = dedent(
        """\
        id: q
        title: Quantitative only
        version: "1"
        policy: PPN 002
        weighting: {social_value_percent: 10}
        sections:
          - id: S
            title: All
            weight: 100
            criteria:
              - id: C
                title: Commitments
                weight: 100
                type: quantitative
                measures: [{id: M, title: Jobs, unit: FTE}]
                method: {kind: relative_to_best}
        """
    )
    rubric = load_rubric_text(text, NAME)
    assert rubric.scales == ()
    assert rubric.qualitative() == []
    assert [c.id for c in rubric.quantitative()] == ["C"]


def test_navigation_and_marks_percent() -> None:
    rubric = load_rubric_text(BASE, NAME)
    assert rubric.total_marks == 100
    c1, c2, c3 = (rubric.criterion(c) for c in ("C1", "C2", "C3"))
    # section% x criterion% / 100
    assert [rubric.criterion_marks(c) for c in (c1, c2, c3)] == [18, 42, 40]
    assert sum(rubric.criterion_marks(c) for _, c in rubric.criteria()) == rubric.total_marks
    assert [rubric.section_marks(s) for s in rubric.sections] == [60, 40]
    assert [c.id for c in rubric.qualitative()] == ["C1", "C3"]
    assert [c.id for c in rubric.quantitative()] == ["C2"]
    assert [(c.id, m.id) for c, m in rubric.measures()] == [("C2", "M1")]
    assert [(s.id, c.id) for s, c in rubric.criteria()] == [
        ("S1", "C1"),
        ("S1", "C2"),
        ("S2", "C3"),
    ]
    assert c1.qualitative and not c2.qualitative
    with pytest.raises(KeyError):
        rubric.criterion("C9")
    stranger = Criterion(id="X", title="x", weight=Decimal(1), type="qualitative")
    with pytest.raises(KeyError):
        rubric.criterion_marks(stranger)


def test_sub_criterion_share_without_weights() -> None:
    rubric = load_rubric_text(BASE, NAME)
    c1 = rubric.criterion("C1")
    assert isinstance(rubric, Rubric)
    from socialvalue.rubric.model import SubCriterion

    sub = SubCriterion("x", "x", Decimal(1))
    assert rubric.sub_criterion_share(c1, sub) == 0


# ----------------------------------------------------------------------------- all at once
HEADLINE = """\
id: headline
title: Several mistakes
version: "1.0"
policy: PPN 002
currency: gbp
weighting:
  social_value_percent: 5
scales:
  - id: three
    title: Three steps
    levels:
      - {score: 0, label: Poor, descriptor: Nothing.}
      - {score: 0, label: Fair, descriptor: Some.}
sections:
  - id: S1
    title: Jobs
    weight: 70
    criteria:
      - id: C1
        title: Method statement
        wieght: 50
        type: qualitative
        question: How?
        scale: three
      - id: C2
        title: Commitments
        weight: ten
        type: quantitative
        measures:
          - {id: M1, title: Local jobs}
        method: {kind: relative_to_best, bands: []}
  - id: S2
    title: Environment
    weight: 40
    criteria:
      - id: C1
        title: Carbon plan
        weight: 100
        type: qualitative
        question: How?
        scale: tree
tie_breaks:
  - {rule: criterion, criterion: C7}
"""


def test_every_mistake_reported_once_in_one_run() -> None:
    assert problems(HEADLINE) == [
        f'{NAME}:5:11: currency must be a 3-letter ISO code such as GBP, got "gbp"',
        f"{NAME}:7:25: social value is weighted 5%, below the policy minimum of 10%; "
        "raise it or state an `exception`",
        f"{NAME}:13:17: score 0 appears twice in scale `three`",
        f"{NAME}:14:1: section weights must total 100 (percent), they total 110",
        f"{NAME}:21:9: unknown key `wieght` in a criterion (did you mean `weight`?)",
        f'{NAME}:27:17: weight must be a number, got "ten"',
        f"{NAME}:30:13: measure `M1` needs a unit (FTE, weeks, hours, GBP, tCO2e, people...)",
        f"{NAME}:31:42: `bands` only applies to method contract_value_bands",
        f"{NAME}:36:13: duplicate id `C1` for a criterion (first used at line 19)",
        f"{NAME}:41:16: scale `tree` is not defined in this rubric's scales (did you mean `three`?)",
        f"{NAME}:43:34: tie-break names criterion `C7`, which does not exist",
    ]


def test_problem_to_json_keeps_the_position() -> None:
    with pytest.raises(InputError) as info:
        load_rubric_text(HEADLINE, NAME)
    first = info.value.problems[0].to_json()
    assert first == {
        "file": NAME,
        "line": 5,
        "column": 11,
        "cell": None,
        "context": None,
        "severity": "error",
        "message": 'currency must be a 3-letter ISO code such as GBP, got "gbp"',
    }
    assert str(info.value).splitlines()[0] == str(info.value.problems[0])


# ----------------------------------------------------------------------------- robustness
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "id: x\n",
                "title: t\n",
                "weights: points\n",
                "sections:\n",
                "  - id: S\n",
                "    criteria:\n",
                "      - {id: C, weight: 1, type: qualitative}\n",
                "scales: []\n",
                "- a\n",
                "  b: [1, {c: d}]\n",
                "&a x: *a\n",
                "? k\n",
                ": v\n",
                "'\n",
                "{\n",
                "weight: 1e999\n",
                "<<: {}\n",
                "\t\n",
                "---\n",
                "%YAML 1.1\n",
                "!!binary x\n",
                "weighting: {social_value_percent: .nan}\n",
                "tie_breaks: [{rule: criterion}]\n",
            ]
        ),
        max_size=12,
    )
)
def test_any_text_is_a_clean_input_error(lines: list[str]) -> None:
    """Whatever the text, the loader returns a rubric or raises InputError, nothing else."""
    try:
        load_rubric_text("".join(lines), NAME)
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.where.file == NAME and p.message


RICH = dedent(
    """\
    id: rich
    title: Every key
    version: "3"
    policy: PPN 002
    description: All the optional keys.
    currency: GBP
    weights: points
    proxy_set: example-proxies
    weighting:
      social_value_percent: 10
      policy_minimum_percent: 10
      exception: none needed
    scales:
      - id: three
        title: Three steps
        levels:
          - {score: 0, label: Poor, descriptor: Nothing relevant.}
          - {score: 50, label: Fair, descriptor: Some of it.}
          - {score: 100, label: Good, descriptor: All of it.}
    sections:
      - id: S1
        title: Jobs
        weight: 12.5
        description: Jobs and skills.
        criteria:
          - id: C1
            title: Method statement
            weight: 8
            type: qualitative
            question: How will you do it?
            guidance: Be specific.
            scale: three
            word_limit: 500
            rollup: weighted
            minimum:
              score: 50
              disqualifies: true
            sub_criteria:
              - id: C1a
                title: Recruitment
                weight: 5
                guidance: Who.
              - {id: C1b, title: Training, weight: 3}
          - id: C2
            title: Commitments
            weight: 4
            type: quantitative
            measures:
              - id: M1
                title: Local jobs
                unit: FTE
                guidance: Residents only.
                record_only: false
                min_quantity: 0
                max_quantity: 100
                evidence_required: true
              - {id: M2, title: Spend, unit: GBP, record_only: true}
            method:
              kind: credibility_adjusted
              criterion: C1
              cap_percent_of_contract: 20
          - id: C4
            title: Banded
            weight: 0.5
            type: quantitative
            measures: [{id: M3, title: Hours, unit: hours}]
            method:
              kind: contract_value_bands
              bands:
                - {at_least: 0, score: 0}
                - at_least: 2.5
                  score: 100
      - id: S2
        title: Environment
        criteria:
          - id: C3
            title: Carbon
            weight: 3
            type: quantitative
            measures: [{id: M4, title: Tonnes, unit: tCO2e}]
            method: {kind: contract_value_target, target_percent: 5}
    moderation:
      final_score: mean
      mandatory_spread_steps: 2
    tie_breaks:
      - rule: criterion
        criterion: C1
      - {rule: social_value_gbp}
    rounding:
      places: 3
      rule: half_even
      stage: section
      rank_on: rounded
    threshold:
      minimum_percent: 40
      basis: qualitative
      disqualifies: false
    credibility:
      max_share_of_contract_percent: 50
      annual_fte_cost: 30000
      outlier_multiple: 3
    notes:
      - First note.
    """
)


def test_every_key_loads() -> None:
    rubric = load_rubric_text(RICH, NAME)
    assert rubric.total_marks == Decimal("15.5")
    assert rubric.criterion_marks(rubric.criterion("C4")) == Decimal("0.5")
    method = rubric.criterion("C2").method
    assert method is not None
    assert (method.kind, method.criterion, method.cap_percent_of_contract) == (
        "credibility_adjusted",
        "C1",
        20,
    )


VALUES = [
    "~", "", "[]", "{}", "[a, b]", "{a: b}", "-1", "0", "2.5", "100", "1e999", "true", '"7"',
    "x y", "C1", "three", "qualitative", "quantitative", "criterion", "contract_value_bands",
    "&x a", "*x", "'unclosed",
]  # fmt: skip


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from([*VALUES, None])),
        min_size=1,
        max_size=4,
    )
)
def test_any_value_anywhere_is_a_clean_input_error(changes: list[tuple[int, str | None]]) -> None:
    """Any key of a complete rubric given any value (or removed): a rubric or an InputError."""
    lines = RICH.splitlines()
    for index, value in changes:
        j = index % len(lines)
        key, sep, _ = lines[j].partition(": ")
        if value is None:
            del lines[j]
        elif sep:
            lines[j] = f"{key}: {value}"
        else:
            lines[j] = f"{lines[j].rstrip(':')}: {value}"
    try:
        load_rubric_text("\n".join(lines) + "\n", NAME)
    except InputError as exc:
        assert exc.problems
        assert all(p.where.file == NAME and p.message for p in exc.problems)
