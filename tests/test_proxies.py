"""Proxy sets: loading YAML and CSV with provenance, every problem with its line, and the
checks that a proxy set can value a rubric's measures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from textwrap import dedent

import pytest

from socialvalue.errors import InputError
from socialvalue.resources import proxies_dir
from socialvalue.rubric import load_rubric, load_rubric_text
from socialvalue.rubric.catalogue import check_file
from socialvalue.rubric.proxies import (
    ProxySet,
    ProxyValue,
    check_proxies,
    find_proxy_set,
    load_proxy_set,
)
from socialvalue.yamlnodes import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "rubrics" / "tutorial.yaml"

YAML_SET = dedent(
    """\
    id: px
    name: Test proxies
    source: The test suite
    version: "1"
    licence: CC0-1.0
    price_year: 2026
    currency: GBP
    example: true
    values:
      - {measure: M1, unit: FTE, value: 30000, note: per FTE}
      - measure: M2
        unit: weeks
        value: 250.50
    """
)

CSV_SET = dedent(
    """\
    # id: pc
    # name: Test proxies, CSV
    # source: The test suite
    # version: 2026.1
    # licence: CC0-1.0
    # price_year: 2025
    # currency: GBP
    measure,unit,value,note
    M1,FTE,30000,a note
    M2,weeks,250,"quoted, with a comma"
    """
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(InputError) as info:
        load_proxy_set(path)
    for p in info.value.problems:
        assert p.where.file.endswith(path.name)
    return [(p.where.line, p.where.column, p.message) for p in info.value.problems]


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# ----------------------------------------------------------------------------- loading
def test_yaml_set_loads_with_provenance(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", YAML_SET)
    ps = load_proxy_set(path)
    assert (ps.id, ps.name, ps.source, ps.version, ps.licence) == (
        "px",
        "Test proxies",
        "The test suite",
        "1",
        "CC0-1.0",
    )
    assert (ps.price_year, ps.currency, ps.example) == (2026, "GBP", True)
    assert ps.values == {
        "M1": ProxyValue("M1", "FTE", Decimal(30000), "per FTE"),
        "M2": ProxyValue("M2", "weeks", Decimal("250.50"), ""),
    }
    assert ps.value("M2") == ProxyValue("M2", "weeks", Decimal("250.50"))
    assert ps.value("M9") is None
    assert ps.file.endswith("px.yaml")
    import hashlib

    assert ps.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert ps.label == "EXAMPLE VALUES - Test proxies (version 1, 2026 prices, CC0-1.0)"


def test_csv_set_loads_with_provenance(tmp_path: Path) -> None:
    ps = load_proxy_set(write(tmp_path, "pc.csv", CSV_SET))
    assert (ps.id, ps.version, ps.price_year, ps.example) == ("pc", "2026.1", 2025, False)
    assert ps.values["M2"] == ProxyValue("M2", "weeks", Decimal(250), "quoted, with a comma")
    assert ps.label == "Test proxies, CSV (version 2026.1, 2025 prices, CC0-1.0)"


def test_csv_example_flag_and_blank_rows(tmp_path: Path) -> None:
    text = replaced(CSV_SET, "# currency: GBP\n", "# currency: GBP\n# example: true\n")
    ps = load_proxy_set(write(tmp_path, "pc.csv", text + "\n,,,\nM3,hours,17\n"))
    assert ps.example
    assert ps.values["M3"] == ProxyValue("M3", "hours", Decimal(17), "")


def test_yml_suffix_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "px.yml"
    path.write_bytes(b"\xef\xbb\xbf" + YAML_SET.encode())
    assert load_proxy_set(path).id == "px"


@pytest.mark.parametrize("name", ["example-proxies.yaml", "example-proxies.csv"])
def test_shipped_sets_load_and_say_they_are_examples(name: str) -> None:
    ps = load_proxy_set(proxies_dir() / name)
    assert ps.example
    assert ps.label.startswith("EXAMPLE VALUES - ")
    assert ps.currency == "GBP"
    assert {"M1", "M2", "M3"} <= set(ps.values)


def test_shipped_yaml_and_csv_sets_hold_the_same_values() -> None:
    yaml_set = load_proxy_set(proxies_dir() / "example-proxies.yaml")
    csv_set = load_proxy_set(proxies_dir() / "example-proxies.csv")
    assert yaml_set.values == csv_set.values


# ----------------------------------------------------------------------------- YAML problems
@pytest.mark.parametrize("key", ["id", "name", "source", "version", "licence", "currency"])
def test_yaml_missing_provenance(tmp_path: Path, key: str) -> None:
    lines = [line for line in YAML_SET.splitlines(keepends=True) if not line.startswith(key + ":")]
    path = write(tmp_path, "px.yaml", "".join(lines))
    assert problems(path) == [(1, 1, f"proxy set needs `{key}` (provenance must be recorded)")]


def test_yaml_blank_provenance(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "licence: CC0-1.0", 'licence: " "'))
    assert problems(path) == [(5, 10, "proxy set needs `licence` (provenance must be recorded)")]


@pytest.mark.parametrize("year", ["26", "next", "1899", "2201", "2026.5"])
def test_yaml_bad_price_year(tmp_path: Path, year: str) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "price_year: 2026", f"price_year: {year}"))
    assert problems(path) == [(6, 13, f'price_year must be a year such as 2026, got "{year}"')]


def test_yaml_missing_price_year(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "price_year: 2026\n", ""))
    assert problems(path) == [(1, 1, 'price_year must be a year such as 2026, got ""')]


def test_yaml_bad_example_flag(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "example: true", "example: maybe"))
    assert problems(path) == [(8, None, 'example must be true or false, got "maybe"')]


@pytest.mark.parametrize("value", ["lots", "-1", "1e99", ".nan", "true"])
def test_yaml_value_not_a_number(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "value: 250.50", f"value: {value}"))
    assert problems(path) == [
        (11, 5, f'value for `M2` must be a number of 0 or more, got "{value}"')
    ]


def test_yaml_zero_value_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "value: 250.50", "value: 0"))
    assert load_proxy_set(path).values["M2"].value == 0


def test_yaml_duplicate_measure(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "measure: M2", "measure: M1"))
    assert problems(path) == [(11, 5, "measure `M1` has two values")]


def test_yaml_missing_unit(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "    unit: weeks\n", ""))
    assert problems(path) == [(11, 5, "value for `M2` needs its `unit`")]


def test_yaml_missing_measure(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "{measure: M1, ", "{"))
    assert problems(path) == [(10, 5, "a value needs its `measure` id")]


def test_yaml_missing_value(tmp_path: Path) -> None:
    path = write(tmp_path, "px.yaml", replaced(YAML_SET, "    value: 250.50\n", ""))
    assert problems(path) == [
        (11, 5, "a proxy value needs `value`"),
        (11, 5, 'value for `M2` must be a number of 0 or more, got ""'),
    ]


def test_yaml_unknown_keys(tmp_path: Path) -> None:
    text = replaced(YAML_SET, "example: true\n", "example: true\nlicense: MIT\n")
    text = replaced(text, "unit: FTE,", "units: FTE, unit: FTE,")
    assert problems(write(tmp_path, "px.yaml", text)) == [
        (9, 1, "unknown key `license` in a proxy set (did you mean `licence`?)"),
        (11, 19, "unknown key `units` in a proxy value (did you mean `unit`?)"),
    ]


def test_yaml_values_required(tmp_path: Path) -> None:
    text = YAML_SET[: YAML_SET.index("values:")]
    assert problems(write(tmp_path, "px.yaml", text)) == [(1, 1, "a proxy set needs `values`")]


def test_yaml_root_and_syntax(tmp_path: Path) -> None:
    assert problems(write(tmp_path, "a.yaml", "- a\n")) == [
        (1, 1, "expected a proxy set (a mapping of keys), got a list: is this the right file?")
    ]
    assert problems(write(tmp_path, "b.yaml", "")) == [
        (1, 1, "the file is empty; expected a proxy set")
    ]
    assert problems(write(tmp_path, "c.yaml", "id: [x\n")) == [
        (
            2,
            1,
            "YAML syntax error: expected ',' or ']', but got '<stream end>' "
            "(while parsing a flow sequence)",
        )
    ]


def test_every_yaml_problem_in_one_run(tmp_path: Path) -> None:
    text = replaced(YAML_SET, "source: The test suite\n", "")
    text = replaced(text, "price_year: 2026", "price_year: soon")
    text = replaced(text, "value: 30000", "value: -3")
    text = replaced(text, "    unit: weeks\n", "")
    assert problems(write(tmp_path, "px.yaml", text)) == [
        (1, 1, "proxy set needs `source` (provenance must be recorded)"),
        (5, 13, 'price_year must be a year such as 2026, got "soon"'),
        (9, 5, 'value for `M1` must be a number of 0 or more, got "-3"'),
        (10, 5, "value for `M2` needs its `unit`"),
    ]


# ----------------------------------------------------------------------------- CSV problems
def test_csv_bad_header(tmp_path: Path) -> None:
    text = replaced(CSV_SET, "measure,unit,value,note", "measure,units,value,note")
    assert problems(write(tmp_path, "pc.csv", text)) == [
        (8, 1, "expected the header row `measure,unit,value,note`")
    ]


def test_csv_header_case_and_spaces(tmp_path: Path) -> None:
    text = replaced(CSV_SET, "measure,unit,value,note", "Measure, Unit ,VALUE,note")
    assert set(load_proxy_set(write(tmp_path, "pc.csv", text)).values) == {"M1", "M2"}


def test_csv_bad_provenance_line(tmp_path: Path) -> None:
    text = replaced(
        CSV_SET, "# name: Test proxies, CSV\n", "# name: Test proxies, CSV\n# Made by hand\n"
    )
    assert problems(write(tmp_path, "pc.csv", text)) == [
        (3, None, 'expected a provenance line such as `# licence: CC0-1.0`, got "# Made by hand"')
    ]


def test_csv_unknown_provenance_key(tmp_path: Path) -> None:
    text = replaced(CSV_SET, "# licence: CC0-1.0", "# license: CC0-1.0")
    assert problems(write(tmp_path, "pc.csv", text)) == [
        (1, 1, "proxy set needs `licence` (provenance must be recorded)"),
        (
            5,
            None,
            'expected a provenance line such as `# licence: CC0-1.0`, got "# license: CC0-1.0"',
        ),
    ]


def test_csv_missing_provenance(tmp_path: Path) -> None:
    text = replaced(CSV_SET, "# source: The test suite\n", "")
    assert problems(write(tmp_path, "pc.csv", text)) == [
        (1, 1, "proxy set needs `source` (provenance must be recorded)")
    ]


def test_csv_bad_price_year(tmp_path: Path) -> None:
    text = replaced(CSV_SET, "# price_year: 2025", "# price_year: last year")
    assert problems(write(tmp_path, "pc.csv", text)) == [
        (6, 1, 'price_year must be a year such as 2026, got "last year"')
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("M2,weeks,abc", 'value for `M2` must be a number of 0 or more, got "abc"'),
        ("M2,weeks,-250", 'value for `M2` must be a number of 0 or more, got "-250"'),
        ("M2,weeks,", 'value for `M2` must be a number of 0 or more, got ""'),
        ("M1,weeks,250", "measure `M1` has two values"),
        ("M2,,250", "value for `M2` needs its `unit`"),
        (",weeks,250", "a value needs its `measure` id"),
    ],
)
def test_csv_row_problems(tmp_path: Path, row: str, message: str) -> None:
    text = replaced(CSV_SET, "M2,weeks,250", row)
    assert problems(write(tmp_path, "pc.csv", text)) == [(10, 3, message)]


def test_csv_empty_file(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "pc.csv", ""))
    assert found[-1] == (1, 1, "expected the header row `measure,unit,value,note`")
    assert (1, 1, "proxy set needs `id` (provenance must be recorded)") in found


def test_every_csv_problem_in_one_run(tmp_path: Path) -> None:
    text = replaced(CSV_SET, "# currency: GBP\n", "")
    text = replaced(text, "M1,FTE,30000", "M1,FTE,thirty")
    text = replaced(text, "M2,weeks,250", ",weeks,250")
    assert problems(write(tmp_path, "pc.csv", text)) == [
        (1, 1, "proxy set needs `currency` (provenance must be recorded)"),
        (8, 3, 'value for `M1` must be a number of 0 or more, got "thirty"'),
        (9, 3, "a value needs its `measure` id"),
    ]


# ----------------------------------------------------------------------------- files
def test_file_problems(tmp_path: Path) -> None:
    assert problems(tmp_path / "none.yaml") == [(None, None, "proxy set file not found")]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("# name: caf\xe9\n".encode("latin-1"))
    assert problems(latin) == [(None, None, "not UTF-8 text (byte 11)")]
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    assert problems(big) == [
        (None, None, f"file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,}")
    ]


# ----------------------------------------------------------------------------- finding a set
def test_find_proxy_set_search_order(tmp_path: Path) -> None:
    near = tmp_path / "rubrics"
    (near / "proxies").mkdir(parents=True)
    assert find_proxy_set("mine", near) is None
    write(near / "proxies", "mine.csv", CSV_SET)
    assert find_proxy_set("mine", near) == near / "proxies" / "mine.csv"
    write(near / "proxies", "mine.yaml", YAML_SET)
    assert find_proxy_set("mine", near) == near / "proxies" / "mine.yaml"  # .yaml before .csv
    write(near, "mine.yml", YAML_SET)
    assert find_proxy_set("mine", near) == near / "mine.yml"  # beside the rubric first
    write(near, "mine.yaml", YAML_SET)
    assert find_proxy_set("mine", near) == near / "mine.yaml"


def test_find_proxy_set_falls_back_to_shipped(tmp_path: Path) -> None:
    shipped = proxies_dir() / "example-proxies.yaml"
    assert find_proxy_set("example-proxies") == shipped
    assert find_proxy_set("example-proxies", tmp_path) == shipped
    write(tmp_path, "example-proxies.csv", CSV_SET)
    assert find_proxy_set("example-proxies", tmp_path) == tmp_path / "example-proxies.csv"
    assert find_proxy_set("no-such-set", tmp_path) is None


# ----------------------------------------------------------------------------- checking a rubric
def proxy_set(currency: str = "GBP", **values: tuple[str, str]) -> ProxySet:
    return ProxySet(
        id="t",
        name="T",
        source="S",
        version="1",
        licence="CC0-1.0",
        price_year=2026,
        currency=currency,
        example=True,
        values={k: ProxyValue(k, unit, Decimal(v)) for k, (unit, v) in values.items()},
        file="t.yaml",
    )


FULL = {"M1": ("FTE", "30000"), "M2": ("weeks", "250"), "M3": ("hours", "17")}


def test_check_proxies_ok() -> None:
    rubric = load_rubric(TUTORIAL)
    assert check_proxies(rubric, proxy_set(**FULL)) == []
    assert check_proxies(rubric, proxy_set(**{**FULL, "M1": ("fte", "1")})) == []  # any case


def test_check_proxies_missing_value() -> None:
    rubric = load_rubric(TUTORIAL)
    values = {k: v for k, v in FULL.items() if k != "M3"}
    assert [str(p) for p in check_proxies(rubric, proxy_set(**values))] == [
        "t.yaml: no value for measure `M3` (Staff volunteering), which rubric `tutorial` needs"
    ]


def test_check_proxies_unit_mismatch() -> None:
    rubric = load_rubric(TUTORIAL)
    values = {**FULL, "M2": ("days", "50")}
    assert [str(p) for p in check_proxies(rubric, proxy_set(**values))] == [
        "t.yaml: measure `M2` is valued per days but rubric `tutorial` measures it in weeks"
    ]


def test_check_proxies_currency_mismatch() -> None:
    rubric = load_rubric(TUTORIAL)
    assert [str(p) for p in check_proxies(rubric, proxy_set("EUR", **FULL))] == [
        "t.yaml: proxy set is in EUR but rubric `tutorial` is in GBP"
    ]


def test_check_proxies_all_problems_together() -> None:
    rubric = load_rubric(TUTORIAL)
    assert [p.message for p in check_proxies(rubric, proxy_set("EUR", M2=("hours", "1")))] == [
        "proxy set is in EUR but rubric `tutorial` is in GBP",
        "no value for measure `M1` (Local people employed on the contract), which rubric "
        "`tutorial` needs",
        "measure `M2` is valued per hours but rubric `tutorial` measures it in weeks",
        "no value for measure `M3` (Staff volunteering), which rubric `tutorial` needs",
    ]


def test_record_only_measures_need_no_value() -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    text = replaced(
        text,
        "            unit: hours\n",
        "            unit: hours\n            record_only: true\n",
    )
    rubric = load_rubric_text(text, "t.yaml")
    values = {k: v for k, v in FULL.items() if k != "M3"}
    assert check_proxies(rubric, proxy_set(**values)) == []


def test_shipped_rubrics_and_their_proxy_sets_agree() -> None:
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        assert check_file(path) == [], path.name


def test_a_set_found_by_id_must_hold_that_id(tmp_path: Path) -> None:
    """A file named after one set but holding another is refused, not used silently."""
    from socialvalue.errors import InputError
    from socialvalue.rubric.proxies import load_proxy_set_by_id

    shipped = Path(__file__).parent.parent / "rubrics" / "proxies" / "example-proxies.yaml"
    wrong = tmp_path / "our-set.yaml"
    wrong.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_proxy_set_by_id("our-set", wrong)
    assert caught.value.problems[0].message == (
        "holds proxy set `example-proxies`, not `our-set` as its file name suggests: "
        "rename the file or refer to it by its path"
    )
    assert load_proxy_set_by_id("example-proxies", shipped).id == "example-proxies"
