"""The scoring-method registry is the only place a method is declared.

A toy method, written as one module would be (docs/scoring.md, "Adding a method"), is
registered for the duration of each test; the loader, the schema, ``rubric show``, the engine,
results.json, results.xlsx and the pack then all know it, and nothing else had to change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
from test_scoring_helpers import D, inputs, simple_rubric

from socialvalue.errors import InputError
from socialvalue.pack.explain import quantitative_explanation
from socialvalue.pack.methodology import methodology_context
from socialvalue.pack.record import pack_record
from socialvalue.results.json_io import to_json
from socialvalue.results.xlsx import write_results_xlsx
from socialvalue.rubric import methods
from socialvalue.rubric.methods import MethodSpec
from socialvalue.rubric.schema import rubric_schema
from socialvalue.rubric.show import describe_method, render_tree
from socialvalue.scoring import evaluate

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- the toy: docs/scoring.md's module
def _docs_example() -> ModuleType:
    """The module shown in docs/scoring.md, "Adding a method", imported as if it were shipped."""
    text = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    section = text.split("## Adding a method", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    name = "socialvalue.rubric.methods.pass_fail"
    module = ModuleType(name)
    module.__package__ = "socialvalue.rubric.methods"
    exec(compile(code, "docs/scoring.md", "exec"), module.__dict__)
    return module


@pytest.fixture
def toy() -> Iterator[MethodSpec]:
    with methods.registered(_docs_example().METHOD) as spec:
        yield spec


def _rubric() -> object:
    return simple_rubric(qual=None, method="{kind: pass_fail}")


BIDS = {"a": {"q": {"M1": 1}}, "b": {"q": {"M1": 0}}}


def test_unregistered_kind_is_refused() -> None:
    with pytest.raises(InputError) as info:
        _rubric()
    assert "kind must be one of relative_to_best," in str(info.value)
    assert "pass_fail" not in methods.kinds()


def test_loader_schema_and_show_know_a_registered_method(toy: MethodSpec) -> None:
    rubric = _rubric()
    method = rubric.criterion("Q1").method  # type: ignore[attr-defined]
    assert method.kind == "pass_fail"
    assert describe_method(method) == "pass or fail: full marks for any valued commitment"
    assert "method: pass or fail" in render_tree(rubric)  # type: ignore[arg-type]
    kind = rubric_schema()["$defs"]["Method"]["properties"]["kind"]
    assert kind["enum"][-1] == "pass_fail"
    # Another method's setting is refused, naming the method that owns it.
    with pytest.raises(InputError) as info:
        simple_rubric(qual=None, method="{kind: pass_fail, target_percent: 5}")
    assert [p.message for p in info.value.problems] == [
        "`target_percent` only applies to method contract_value_target"
    ]


def test_engine_record_sheet_and_pack_use_a_registered_method(
    toy: MethodSpec, tmp_path: Path
) -> None:
    ev = evaluate(inputs(_rubric(), BIDS))
    a, b = ev.bidder("a").criterion("Q1"), ev.bidder("b").criterion("Q1")
    assert (a.fraction, b.fraction) == (1, 0)
    assert a.method is not None and a.method.text == "GBP 30,000: pass_fail gives 1."
    assert a.weighted_points == D(5)

    record = pack_record(json.loads(json.dumps(to_json(ev))))
    criterion = record.rubric.sections[0].criteria[0]
    assert criterion.method_text == "pass or fail: full marks for any valued commitment"
    first = record.bidders[0].criteria[0]
    assert quantitative_explanation(first, "2000000", "GBP", 3).endswith(
        "Any valued commitment earns full marks: this bid passes."
    )
    methodology = methodology_context(record, 3)
    assert methodology["sections"][0]["criteria"][0]["formula"] == toy.formula

    path = tmp_path / "results.xlsx"
    write_results_xlsx(ev, path)
    book = openpyxl.load_workbook(path)
    formulas = [
        cell.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and re.fullmatch(r"=IF\(C\d+>0,1,0\)", cell.value)
    ]
    assert len(formulas) == 2  # one per bidder
    assert not any(  # not relative: nothing on the Reference sheet
        isinstance(c.value, str) and c.value.startswith("Best value")
        for row in book["Reference"].iter_rows()
        for c in row
    )


def test_no_module_outside_the_registry_tests_a_method_kind() -> None:
    """Method kinds are named only by their modules (and the model's docs of their settings)."""
    names = re.compile("|".join(methods.kinds()))
    package = ROOT / "socialvalue"
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path.parent.name == "methods" or path.name == "model.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if names.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_each_method_is_its_own_module() -> None:
    for spec in methods.METHODS:
        assert type(spec).__module__ == f"socialvalue.rubric.methods.{spec.kind}"
        assert spec.formula and spec.describe.__qualname__ != "MethodSpec.describe"


def test_a_setting_shared_by_two_methods() -> None:
    """A method may own an existing key: it is required for both kinds, refused for the rest."""
    from socialvalue.rubric.methods.contract_value_target import ContractValueTarget

    class AllOrNothing(ContractValueTarget):
        kind = "all_or_nothing_target"

    with methods.registered(AllOrNothing()):
        rubric = simple_rubric(qual=None, method="{kind: all_or_nothing_target, target_percent: 5}")
        assert rubric.criterion("Q1").method.target_percent == 5  # type: ignore[attr-defined]
        with pytest.raises(InputError) as info:
            simple_rubric(qual=None, method="{kind: relative_to_best, target_percent: 5}")
        assert [p.message for p in info.value.problems] == [
            "`target_percent` only applies to method contract_value_target or all_or_nothing_target"
        ]
        with pytest.raises(InputError) as info:
            simple_rubric(qual=None, method="{kind: all_or_nothing_target}")
        assert [p.message for p in info.value.problems] == ["a method needs `target_percent`"]
        rules = rubric_schema()["$defs"]["Method"]["allOf"]
        shared = next(r for r in rules if r["then"] == {"required": ["target_percent"]})
        assert shared["if"]["properties"]["kind"] == {
            "enum": ["contract_value_target", "all_or_nothing_target"]
        }
