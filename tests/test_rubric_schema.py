"""The JSON Schema for rubric files: shipped up to date, valid, in step with the model and loader."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from socialvalue.errors import InputError
from socialvalue.resources import schema_path
from socialvalue.rubric import load_rubric, load_rubric_text, methods
from socialvalue.rubric import model as m
from socialvalue.rubric.schema import (
    ENUMS,
    model_classes,
    render,
    rubric_schema,
    yaml_fields,
)

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = sorted((ROOT / "rubrics").glob("*.yaml"))
TUTORIAL = ROOT / "rubrics" / "tutorial.yaml"


def plain(text: str) -> Any:
    """YAML text as plain data, the way an editor's YAML 1.2 language server sees it."""
    return YAML(typ="safe", pure=True).load(text)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The schema as generated now (the shipped file is checked to be the same)."""
    return rubric_schema()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema)


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(data)
    )


@pytest.fixture
def tutorial() -> dict[str, Any]:
    return plain(TUTORIAL.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- the file
def test_shipped_schema_is_up_to_date() -> None:
    shipped = schema_path().read_text(encoding="utf-8")
    assert shipped == render(), (
        "socialvalue/schema/rubric.schema.json is out of date with the rubric model: "
        "run `python scripts/make_schema.py` and commit the result"
    )


def test_shipped_schema_file_format() -> None:
    text = schema_path().read_text(encoding="utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_schema_is_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    Draft202012Validator.check_schema(json.loads(schema_path().read_text(encoding="utf-8")))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert schema["title"]
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_make_schema_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_schema", ROOT / "scripts" / "make_schema.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert schema_path() == script.TARGET
    script.ROOT = tmp_path
    script.TARGET = tmp_path / "socialvalue" / "schema" / "rubric.schema.json"
    assert script.main(["--check"]) == 1  # missing
    assert "python scripts/make_schema.py" in capsys.readouterr().err
    assert script.main([]) == 0
    assert script.TARGET.read_text(encoding="utf-8") == render()
    assert script.main(["--check"]) == 0
    script.TARGET.write_text("{}\n", encoding="utf-8")
    assert script.main(["--check"]) == 1


# ----------------------------------------------------------------------------- shipped rubrics
def test_rubrics_are_found() -> None:
    assert TUTORIAL in RUBRICS


@pytest.mark.parametrize("path", RUBRICS, ids=[p.stem for p in RUBRICS])
def test_every_shipped_rubric_validates(path: Path, validator: Draft202012Validator) -> None:
    text = path.read_text(encoding="utf-8")
    assert errors(validator, plain(text)) == []
    load_rubric(path)  # and the loader agrees


@pytest.mark.parametrize("path", RUBRICS, ids=[p.stem for p in RUBRICS])
def test_schema_modeline_points_at_the_schema(path: Path) -> None:
    """Editors find the schema through the `# yaml-language-server: $schema=...` line."""
    found = re.search(r"yaml-language-server: \$schema=(\S+)", path.read_text(encoding="utf-8"))
    if found is None:
        pytest.skip("no modeline")
    assert (path.parent / found.group(1)).resolve() == schema_path().resolve()


# ----------------------------------------------------------------------------- in step with the model
def model_attrs_classes() -> set[type]:
    return {v for v in vars(m).values() if isinstance(v, type) and attrs.has(v)}


def test_every_model_class_is_in_the_schema(schema: dict[str, Any]) -> None:
    classes = model_classes()
    assert set(classes) == model_attrs_classes()
    assert classes[0] is m.Rubric
    objects = {name for name, d in schema["$defs"].items() if d.get("type") == "object"}
    assert objects == {c.__name__ for c in classes if c is not m.Rubric}


def _object(schema: dict[str, Any], cls: type) -> dict[str, Any]:
    return schema if cls is m.Rubric else schema["$defs"][cls.__name__]


@pytest.mark.parametrize("cls", model_classes(), ids=lambda c: c.__name__)
def test_fields_and_properties_match(cls: type, schema: dict[str, Any]) -> None:
    """Every YAML field of the model is a property, with its doc; and nothing else is."""
    obj = _object(schema, cls)
    fields = {f.name: f for f in yaml_fields(cls)}
    assert set(obj["properties"]) == set(fields)
    for name, field in fields.items():
        assert obj["properties"][name]["description"] == field.metadata["doc"], name
    assert obj["additionalProperties"] is False
    internal = {f.name for f in attrs.fields(cls)} - set(fields)
    assert not internal & set(obj["properties"])


def test_internal_fields_are_not_keys(schema: dict[str, Any]) -> None:
    assert {"source", "sha256"} <= {f.name for f in attrs.fields(m.Rubric)}
    assert "source" not in schema["properties"]
    assert "sha256" not in schema["properties"]


@pytest.mark.parametrize("cls", model_classes(), ids=lambda c: c.__name__)
def test_required_are_the_fields_without_defaults(cls: type, schema: dict[str, Any]) -> None:
    obj = _object(schema, cls)
    expected = {
        f.name for f in yaml_fields(cls) if f.default is attrs.NOTHING and "None" not in str(f.type)
    }
    if cls is m.Rubric:
        expected.discard("scales")  # a rubric with no qualitative criteria needs none
    assert set(obj.get("required", [])) == expected


def test_loader_keys_are_the_model_fields() -> None:
    """The loader's allowed keys, level by level, are exactly the model's YAML fields."""
    from socialvalue.rubric import keys as loader
    from socialvalue.rubric.methods.contract_value_bands import BAND_KEYS

    keys = {
        m.Rubric: loader.ROOT_KEYS,
        m.Scale: loader.SCALE_KEYS,
        m.Level: loader.LEVEL_KEYS,
        m.Section: loader.SECTION_KEYS,
        m.Criterion: loader.CRITERION_KEYS,
        m.SubCriterion: loader.SUB_KEYS,
        m.Minimum: loader.MINIMUM_KEYS,
        m.Measure: loader.MEASURE_KEYS,
        m.Method: loader.METHOD_KEYS,
        m.Band: BAND_KEYS,
        m.Moderation: loader.MODERATION_KEYS,
        m.TieBreak: loader.TIE_KEYS,
        m.Rounding: loader.ROUNDING_KEYS,
        m.Weighting: loader.WEIGHTING_KEYS,
        m.Threshold: loader.THRESHOLD_KEYS,
        m.Credibility: loader.CREDIBILITY_KEYS,
        m.WeightsProvenance: loader.PROVENANCE_KEYS,
        m.AlternativeWeights: loader.ALTERNATIVE_KEYS,
    }
    assert set(keys) == set(model_classes())
    for cls, allowed in keys.items():
        assert set(allowed) == {f.name for f in yaml_fields(cls)}, cls.__name__
    assert set(loader.QUALITATIVE_ONLY) | set(loader.QUANTITATIVE_ONLY) < set(loader.CRITERION_KEYS)
    for ctype, wrong in loader.NOT_FOR.items():
        assert set(wrong) < set(loader.CRITERION_KEYS), ctype


def test_every_choice_constant_is_an_enum(schema: dict[str, Any]) -> None:
    constants = {
        name: value
        for name, value in vars(m).items()
        if name.isupper()
        and isinstance(value, tuple)
        and value
        and all(isinstance(v, str) for v in value)
    }
    assert len(constants) >= 9
    used = list(ENUMS.values())
    for name, value in constants.items():
        assert value in used, f"{name} is not mapped to a field in schema.ENUMS"
    for (cls, field), choices in ENUMS.items():
        listed = choices() if callable(choices) else choices  # a registry is read when made
        prop = _object(schema, cls)["properties"][field]
        if "anyOf" in prop:  # an optional choice (a spend_plan's share): the choices or null
            prop = next(p for p in prop["anyOf"] if "enum" in p)
        assert list(listed) == prop["enum"]
    # Method kinds are the registry's (socialvalue.rubric.methods), not a model constant.
    assert _object(schema, m.Method)["properties"]["kind"]["enum"] == list(methods.kinds())
    assert len(methods.kinds()) == 4


# ----------------------------------------------------------------------------- what it says
def test_unknown_key_is_rejected_by_schema_and_loader(
    tutorial: dict[str, Any], validator: Draft202012Validator
) -> None:
    tutorial["sections"][0]["criteria"][0]["wieght"] = 5
    assert errors(validator, tutorial) == [
        "sections/0/criteria/0: Additional properties are not allowed ('wieght' was unexpected)"
    ]
    text = TUTORIAL.read_text(encoding="utf-8").replace(
        "        weight: 5\n", "        wieght: 5\n", 1
    )
    with pytest.raises(InputError) as info:
        load_rubric_text(text, "t.yaml")
    assert [p.message for p in info.value.problems] == [
        "unknown key `wieght` in a criterion (did you mean `weight`?)"
    ]


def test_unknown_top_level_key(tutorial: dict[str, Any], validator: Draft202012Validator) -> None:
    tutorial["colour"] = "blue"
    assert errors(validator, tutorial) == [
        ": Additional properties are not allowed ('colour' was unexpected)"
    ]


BASE = """\
id: base
title: Base
version: "1"
policy: P
weighting: {social_value_percent: 10}
scales:
  - id: s
    title: S
    levels:
      - {score: 0, label: no, descriptor: d}
      - {score: 1, label: yes, descriptor: d}
sections:
  - id: S1
    title: T
    weight: 100
    criteria:
      - {id: Q, title: T, weight: 50, type: qualitative, question: Q?, scale: s}
      - id: N
        title: T
        weight: 50
        type: quantitative
        measures: [{id: M, title: T, unit: FTE}]
        method: {kind: relative_to_best}
"""

# (change to BASE, whether the loader and the schema accept it): both must agree.
AGREE = [
    ("", True),
    ('weight: 100\n    criteria:|weight: "100"\n    criteria:', True),  # quoted number
    ("weight: 100\n    criteria:|weight: 1e2\n    criteria:", True),
    ("weight: 100\n    criteria:|weight: ten\n    criteria:", False),
    ("weight: 100\n    criteria:|weight: true\n    criteria:", False),
    ("weight: 100\n    criteria:|weight: [100]\n    criteria:", False),
    ("weight: 100\n    criteria:|criteria:", False),  # percent needs section weights
    ("weight: 100\n    criteria:|weight: ~\n    criteria:", False),
    ("id: base|id: my base", False),
    ("id: base|id: base-2.x_y", True),
    ("id: S1|id: S 1", False),
    ("{id: M,|{id: M 1,", False),
    ("{id: Q,|{id: -Q,", False),
    ("scale: s}|scale: s s}", False),
    ('version: "1"|version: [1]', False),
    ("title: Base\n|title: Base\ncurrency: EUR\n", True),
    ("title: Base\n|title: Base\ncurrency: gbp\n", False),
    ("title: Base\n|title: Base\nweights: pct\n", False),
    ("policy: P\n|policy: P\nproxy_set: example-proxies\n", True),
    ("policy: P\n|", False),
    ("type: qualitative|type: qual", False),
    ("question: Q?, |", False),
    ("scale: s}|scale: s, measures: []}", False),
    ("type: quantitative\n|type: quantitative\n        scale: s\n", False),
    ("type: quantitative\n|type: quantitative\n        word_limit: 5\n", False),
    ("scale: s}|scale: s, word_limit: 300}", True),
    ('scale: s}|scale: s, word_limit: "300"}', True),
    ("scale: s}|scale: s, word_limit: many}", False),
    ("scale: s}|scale: s, rollup: holistic}", True),
    ("scale: s}|scale: s, rollup: overall}", False),
    ("scale: s}|scale: s, minimum: {score: 1, disqualifies: false}}", True),
    ("scale: s}|scale: s, minimum: {score: 1, disqualifies: no}}", False),
    ("unit: FTE}|unit: FTE, record_only: true}, {id: M2, title: T, unit: GBP}", True),
    ("unit: FTE}|unit: FTE, min_quantity: 1, max_quantity: 5}", True),
    ("unit: FTE}|unit: FTE, evidence_required: yes}", False),
    ("unit: FTE}|unit: FTE, colour: red}", False),
    ("{kind: relative_to_best}|{kind: best}", False),
    ("{kind: relative_to_best}|{kind: relative_to_best, cap_percent_of_contract: 20}", True),
    ("{kind: relative_to_best}|{kind: relative_to_best, bands: [{at_least: 0, score: 0}]}", False),
    ("{kind: relative_to_best}|{kind: contract_value_bands}", False),
    (
        "{kind: relative_to_best}|{kind: contract_value_bands, bands: [{at_least: 0, score: 50}]}",
        True,
    ),
    ("{kind: relative_to_best}|{kind: contract_value_target}", False),
    ("{kind: relative_to_best}|{kind: contract_value_target, target_percent: 5}", True),
    ("{kind: relative_to_best}|{kind: credibility_adjusted, criterion: Q}", True),
    ("{kind: relative_to_best}|{kind: credibility_adjusted}", False),
    (
        "{kind: relative_to_best}|{kind: contract_value_target, target_percent: 5, criterion: Q}",
        False,
    ),
    ("policy: P\n|policy: P\nmoderation: {final_score: mean, mandatory_spread_steps: 2}\n", True),
    ("policy: P\n|policy: P\nmoderation: {final_score: median}\n", False),
    ("policy: P\n|policy: P\nrounding: {places: 3, rule: half_even, stage: section}\n", True),
    ("policy: P\n|policy: P\nrounding: {rule: up}\n", False),
    ("policy: P\n|policy: P\nthreshold: {minimum_percent: 40, basis: total}\n", True),
    ("policy: P\n|policy: P\nthreshold: {basis: total}\n", False),
    ("policy: P\n|policy: P\ncredibility: {annual_fte_cost: 30000}\n", True),
    ("policy: P\n|policy: P\ntie_breaks: [{rule: criterion, criterion: Q}]\n", True),
    ("policy: P\n|policy: P\ntie_breaks: [{rule: criterion}]\n", False),
    ("policy: P\n|policy: P\ntie_breaks: [{rule: social_value_gbp, criterion: Q}]\n", False),
    ("policy: P\n|policy: P\nnotes: [a, b]\n", True),
    ("policy: P\n|policy: P\nnotes: a\n", False),
    ("weighting: {social_value_percent: 10}|weighting: {}", False),
    ("weighting: {social_value_percent: 10}|weighting: {social_value_percent: 10, why: x}", False),
    ("{score: 0, label: no, descriptor: d}|{score: 0, label: no}", False),
]


@pytest.mark.parametrize(("change", "ok"), AGREE, ids=[c[:50] for c, _ in AGREE])
def test_schema_and_loader_agree(change: str, ok: bool, validator: Draft202012Validator) -> None:
    text = BASE
    if change:
        old, new = change.split("|")
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    try:
        load_rubric_text(text, "x.yaml")
        loader_ok = True
    except InputError as exc:
        loader_ok = False
        problems = [str(p) for p in exc.problems]
    else:
        problems = []
    schema_errors = errors(validator, plain(text))
    assert loader_ok is ok, problems
    assert (not schema_errors) is ok, schema_errors


def test_points_sections_may_omit_their_weight(validator: Draft202012Validator) -> None:
    text = BASE.replace("policy: P\n", "policy: P\nweights: points\n").replace(
        "    weight: 100\n", ""
    )
    assert errors(validator, plain(text)) == []
    assert load_rubric_text(text, "x.yaml").sections[0].weight is None


def test_rubric_without_scales(validator: Draft202012Validator) -> None:
    data = plain(BASE)
    del data["scales"]
    data["sections"][0]["criteria"] = data["sections"][0]["criteria"][1:]
    data["sections"][0]["criteria"][0]["weight"] = 100
    assert errors(validator, data) == []


def test_numbers_may_be_quoted_but_must_be_numbers(schema: dict[str, Any]) -> None:
    number = Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/number"})
    for good in [0, 12.5, "12.5", " 7 ", "1e3", "-0.5", ".5"]:
        assert number.is_valid(good), good
    for bad in ["ten", "10%", "", "1.2.3", True, None, [1]]:
        assert not number.is_valid(bad), bad


def test_defaults_are_documented(schema: dict[str, Any]) -> None:
    props = schema["properties"]
    assert props["weights"]["default"] == "percent"
    assert props["currency"]["default"] == "GBP"
    weighting = schema["$defs"]["Weighting"]["properties"]
    assert weighting["policy_minimum_percent"]["default"] == 10
    assert schema["$defs"]["Rounding"]["properties"]["places"]["default"] == 2


def test_generation_is_deterministic() -> None:
    first = rubric_schema()
    assert copy.deepcopy(first) == rubric_schema()
    assert render() == render()
