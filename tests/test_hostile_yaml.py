"""Hostile YAML and CSV: rubrics, tender.yaml and proxy sets written by trusted-but-fallible
authors (or copied from somewhere they should not have been). Every corpus file is refused with
its message, within the limits of ``socialvalue.yamlnodes``; nothing in a file is ever
constructed as a Python object or run."""

from __future__ import annotations

import os
import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hostile import read, time_limit
from hostile.corpus import (
    NONFINITE,
    NONFINITE_PROBLEMS,
    PY_TAGS,
    TENDER,
    TUTORIAL,
    Case,
    unmatched,
    write_corpus,
    yaml_cases,
)

from socialvalue.errors import InputError
from socialvalue.rubric.load import load_rubric_text
from socialvalue.rubric.proxies import load_proxy_set
from socialvalue.yamlnodes import MAX_BYTES, MAX_DEPTH, MAX_NODES, YScalar, parse_text, to_decimal

CASES = yaml_cases()
TIME_LIMIT = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-yaml")
    write_corpus(folder, CASES)
    return folder


def param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=f"{case.kind}-{case.name}", marks=marks)


@pytest.mark.parametrize("case", [param(c) for c in CASES])
def test_corpus_yaml(case: Case, corpus: Path) -> None:
    with time_limit(TIME_LIMIT):
        outcome = read(case.kind, corpus / case.path)
    problems = outcome["problems"]
    assert outcome["raised"], "every YAML/CSV corpus file must be refused"
    assert all(p["message"].strip() and p["file"] for p in problems), problems
    assert all(Path(p["file"]).name == Path(case.path).name for p in problems), problems
    missing, extra = unmatched(case.expect, problems)
    assert not missing and not extra, f"missing {missing}; unexpected {extra}"


def test_limits_are_the_documented_ones() -> None:
    """docs/security.md quotes these; change both together."""
    assert (MAX_NODES, MAX_DEPTH, MAX_BYTES) == (200_000, 64, 5 * 1024 * 1024)


def test_security_md_cites_only_tests_that_exist() -> None:
    """Each ``tests/x.py::name`` (and each ``::name`` after it on its line) in docs/security.md
    is a test function of that file: the tests table cannot go stale when a test is renamed."""
    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "security.md").read_text(encoding="utf-8")
    stale: list[str] = []
    for line in text.splitlines():  # a ``::name`` belongs to the last file named on its line
        file = None
        for found in re.finditer(r"`(tests/[\w/]+\.py)(?:::(\w+))?|`::(\w+)", line):
            file = found[1] or file
            name = found[2] or found[3]
            if name is None:
                continue
            if file is None:
                stale.append(f"::{name} (no file named before it on its line)")
                continue
            source = (root / file).read_text(encoding="utf-8")
            if not re.search(rf"^def {name}\(", source, re.MULTILINE):
                stale.append(f"{file}::{name}")
    assert not stale, stale


def test_python_tags_are_never_constructed_or_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[object] = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "system", lambda *a: ran.append(a))
    monkeypatch.setattr(subprocess, "check_output", lambda *a, **k: ran.append(a))
    with pytest.raises(InputError) as caught:
        load_rubric_text(PY_TAGS, "tags.yaml")
    assert ran == [] and list(tmp_path.iterdir()) == []
    assert "title must be a single value, got a list" in str(caught.value)
    # A tag on a plain scalar leaves a plain string: the text, not an object.
    node = parse_text("title: !!python/object/apply:os.system touch-PWNED\n", "t.yaml")
    assert node.get("title").text == "touch-PWNED"  # type: ignore[union-attr]
    assert list(tmp_path.iterdir()) == []


def test_nonfinite_numbers_through_the_text_api_too() -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    for old, new in NONFINITE:
        text = text.replace(old, new, 1)
    with pytest.raises(InputError) as caught:
        load_rubric_text(text, "tutorial.yaml")
    missing, extra = unmatched(NONFINITE_PROBLEMS, caught.value.problems)
    assert not missing and not extra


@pytest.mark.parametrize(
    "text", [".nan", ".NaN", ".inf", "-.inf", "+.inf", "1e308", "-1e308", "1e15", "nan", "inf",
             "Infinity", "0x10", "1_0e400", "1e", "--1"],
)  # fmt: skip
def test_to_decimal_refuses_nonfinite_and_huge(text: str) -> None:
    assert to_decimal(YScalar(text, "float", 1, 1)) is None


@pytest.mark.parametrize("text", ["0", "-0", "1e14", "99999999999999.9", "0.000001", "1_000"])
def test_to_decimal_accepts_sane_numbers(text: str) -> None:
    assert isinstance(to_decimal(YScalar(text, "int", 1, 1)), Decimal)


@pytest.mark.parametrize(
    "text",
    ["1e-999999999", "1e-400", "0.{}1".format("0" * 5000), "1e-16", "-1e-16", "0e-999999999",
     "1.{}".format("0" * 45), "1" * 41, "0.{}1".format("1" * 40)],
)  # fmt: skip
def test_to_decimal_refuses_absurdly_small_numbers(text: str) -> None:
    """Scoring is exact: 1e-999999999 would make it build Fraction(1, 10**999999999)."""
    with time_limit(TIME_LIMIT):
        assert to_decimal(YScalar(text, "float", 1, 1)) is None


@pytest.mark.parametrize(
    "text", ["1e-15", "-1e-15", "0.000000000000001", "0.0", "123456789012345.1234567890123456789"]
)
def test_to_decimal_accepts_numbers_at_the_lower_bounds(text: str) -> None:
    assert to_decimal(YScalar(text, "float", 1, 1)) == Decimal(text)


def test_a_tiny_contract_value_is_refused_and_never_reaches_scoring(tmp_path: Path) -> None:
    from socialvalue.tender.config import load_tender

    (tmp_path / "tender.yaml").write_text(TENDER.replace("1000000", "1e-999999999"))
    with time_limit(TIME_LIMIT), pytest.raises(InputError) as caught:
        load_tender(tmp_path)
    assert [(p.where.line, p.message) for p in caught.value.problems] == [
        (5, 'value must be a number, got "1e-999999999"')
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "code"),
    [
        ("id: a\x00b\n", 1, 6, "0000"),
        ("id: x\ntitle: \x07bell\n", 2, 8, "0007"),
        ("id: \x1b[31m\n", 1, 5, "001b"),
        ("a: b\r\nc: 😀\r\ne: \x01\n", 3, 4, "0001"),
    ],
)
def test_control_characters_are_reported_on_one_line_with_a_position(
    text: str, line: int, column: int, code: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_rubric_text(text, "bad.yaml")
    [problem] = caught.value.problems
    assert "\n" not in problem.message and "<unicode string>" not in problem.message
    assert (problem.where.line, problem.where.column) == (line, column)
    assert problem.message == (
        f"YAML error: unacceptable character #x{code}: special characters are not allowed"
    )


def test_a_proxy_csv_field_over_the_csv_limit_is_one_problem(tmp_path: Path) -> None:
    from hostile.corpus import PROXIES_CSV

    path = tmp_path / "long.csv"
    path.write_text(PROXIES_CSV + "M1,FTE,30000,\n" + "M2,FTE,1," + "x" * 200_000 + "\n")
    with pytest.raises(InputError) as caught:
        load_proxy_set(path)
    assert [(p.where.line, p.message) for p in caught.value.problems] == [
        (
            10,
            "this line cannot be read as CSV (field larger than field limit (131072)); the rest "
            "of the file was not read",
        )
    ]


def test_alias_bomb_stops_quickly_in_the_text_api() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    with time_limit(TIME_LIMIT), pytest.raises(InputError) as caught:
        load_rubric_text("\n".join(lines) + "\n", "bomb.yaml")
    assert [p.message for p in caught.value.problems] == [
        f"the document expands to more than {MAX_NODES:,} nodes (alias bomb?)"
    ]


def test_security_doc_names_real_tests_and_cases() -> None:
    """docs/security.md cites tests as ``file::test`` and corpus cases as ``[id]``: all exist."""
    import re

    from hostile.corpus import workbook_cases

    root = Path(__file__).resolve().parents[1]
    doc = (root / "docs" / "security.md").read_text(encoding="utf-8")
    for file in set(re.findall(r"tests/\w+\.py", doc)):
        assert (root / file).is_file(), file
    defined = set()
    for path in (root / "tests").glob("test_*.py"):
        defined |= set(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    cited = set(re.findall(r"::(test_\w+)", doc))
    assert cited and cited <= defined, sorted(cited - defined)
    ids = {c.name for c in workbook_cases()} | {f"{c.kind}-{c.name}" for c in CASES}
    bracketed = set(re.findall(r"`(?:\w+)?\[([^\]`]+)\]`", doc))
    assert bracketed and bracketed <= ids, sorted(bracketed - ids)
