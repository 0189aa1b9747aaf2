"""LM3 (socialvalue.local.lm3) against hand-computed examples, and its declaration."""

from __future__ import annotations

from decimal import Decimal

import pytest

from socialvalue.errors import Problems
from socialvalue.local.lm3 import (
    NO_DECLARATION,
    LocalMultiplier,
    Respend,
    lm3_lines,
    local_multiplier,
    parse_local_multiplier,
)
from socialvalue.yamlnodes import YMap, parse_text

D = Decimal
SURVEY = LocalMultiplier(Respend(D("0.5"), D("0.4")), "Council spend survey", 2025)


def test_domain_example_is_1_86() -> None:
    # shared/domain.md: GBP 1m; 400k local wages + 200k local suppliers; staff re-spend 40%,
    # suppliers 50%: R3 = 160k + 100k = 260k; LM3 = 1.86.
    lm3 = local_multiplier(D(1_000_000), D(200_000), D(400_000), SURVEY)
    assert lm3.round2 == D(600_000)
    assert lm3.round3 == D(260_000)
    assert lm3.value == D("1.86")
    assert lm3_lines(lm3) == [
        "Round 1 (contract value) = GBP 1,000,000",
        "Round 2 (local spend) = GBP 200,000 local suppliers + GBP 400,000 local wages "
        "= GBP 600,000",
        "Round 3 (re-spent locally) = GBP 200,000 × 0.5 + GBP 400,000 × 0.4 = GBP 260,000 "
        "(re-spend shares: Council spend survey, 2025)",
        "LM3 = (1,000,000 + 600,000 + 260,000) ÷ 1,000,000 = 1.86",
    ]


def test_a_multiplier_that_does_not_divide_is_rounded_once() -> None:
    # 300,000; 50,000 suppliers + 20,000 wages; R3 = 25,000 + 8,000 = 33,000;
    # LM3 = 403,000 / 300,000 = 1.34333...
    lm3 = local_multiplier(D(300_000), D(50_000), D(20_000), SURVEY)
    assert lm3.value == D(403_000) / D(300_000)
    assert lm3.rounded == D("1.34")
    assert lm3_lines(lm3)[-1] == "LM3 = (300,000 + 70,000 + 33,000) ÷ 300,000 = 1.34"


def test_pence_in_the_operands_recompute() -> None:
    # 0.35 x 1,000.01 = 350.0035 and 0.6 x 333.33 = 199.998: R3 = 550.0015, printed 550.00...
    survey = LocalMultiplier(Respend(D("0.35"), D("0.6")), "S", 2024)
    lm3 = local_multiplier(D("10000"), D("1000.01"), D("333.33"), survey)
    line = lm3_lines(lm3)[2]
    assert line.startswith("Round 3 (re-spent locally) = GBP 1,000.01 × 0.35 + GBP 333.33 × 0.6")
    assert "= GBP 550.00..." in line
    assert D("1000.01") * D("0.35") + D("333.33") * D("0.6") == lm3.round3


def test_no_declaration_is_not_computed() -> None:
    lm3 = local_multiplier(D(1_000_000), D(200_000), D(400_000), None)
    assert lm3.value is None and lm3.round3 is None
    assert lm3.reason == NO_DECLARATION == "not computed: no re-spend shares declared"
    assert lm3_lines(lm3)[-1] == "LM3 not computed: no re-spend shares declared"


def test_no_local_spend_is_one() -> None:
    lm3 = local_multiplier(D(500_000), D(0), D(0), SURVEY)
    assert lm3.value == 1
    assert lm3_lines(lm3)[-1] == "LM3 = (500,000 + 0 + 0) ÷ 500,000 = 1.00"


def test_zero_contract_value_is_not_computed() -> None:
    lm3 = local_multiplier(D(0), D(0), D(0), SURVEY)
    assert lm3.value is None and "contract value is 0" in lm3.reason


def test_bounds_of_the_shares_reach_two_and_one() -> None:
    everything = LocalMultiplier(Respend(D(1), D(1)), "S", 2025)
    nothing = LocalMultiplier(Respend(D(0), D(0)), "S", 2025)
    assert local_multiplier(D(100), D(60), D(40), everything).value == 3
    assert local_multiplier(D(100), D(60), D(40), nothing).value == 2


def test_negative_spend_is_a_bug() -> None:
    with pytest.raises(ValueError, match="local_wages"):
        local_multiplier(D(100), D(0), D(-1), SURVEY)


def _parse(text: str) -> tuple[LocalMultiplier | None, Problems]:
    problems = Problems("tender.yaml")
    node = parse_text(text, "tender.yaml", problems)
    assert isinstance(node, YMap)
    block = node.get("local_multiplier")
    assert isinstance(block, YMap)
    return parse_local_multiplier(block, problems), problems


def test_declaration_parses() -> None:
    got, problems = _parse(
        "local_multiplier:\n"
        "  respend: {suppliers: 0.5, employees: '0.4'}\n"
        "  source: Council spend survey\n"
        "  year: 2025\n"
        "  scored: false\n"
    )
    assert not problems.errors
    assert got == LocalMultiplier(Respend(D("0.5"), D("0.4")), "Council spend survey", 2025)


def test_scored_true_parses() -> None:
    """``scored: true`` is accepted here; the tender checks that the rubric scores LM3."""
    got, problems = _parse(
        "local_multiplier:\n"
        "  respend: {suppliers: 0.5, employees: 0.4}\n"
        "  source: Council spend survey\n"
        "  year: 2025\n"
        "  scored: true\n"
    )
    assert not problems.errors
    assert got is not None and got.scored is True


def test_declaration_problems_name_their_lines_all_together() -> None:
    got, problems = _parse(
        "local_multiplier:\n  respend:\n    suppliers: 40\n    staff: 0.6\n  year: 1850\n"
    )
    assert got is None
    messages = {(p.where.line, p.message) for p in problems.errors}
    assert (3, "suppliers must be a share from 0 to 1 (40% is 0.4), got 40") in messages
    assert any(line == 4 and "unknown key `staff`" in m for line, m in messages)
    assert any("needs `employees`" in m for _, m in messages)
    assert any("needs `source`" in m for _, m in messages)
    assert any(line == 5 and "year must be at least 1990" in m for line, m in messages)


def test_tender_yaml_carries_the_declaration(tmp_path) -> None:
    from socialvalue.tender.config import load_tender
    from socialvalue.testing import without_yaml_keys
    from socialvalue.workflow import copy_example

    tender = copy_example(tmp_path / "tender")
    yaml = tender / "tender.yaml"
    yaml.write_text(
        without_yaml_keys(yaml.read_text(encoding="utf-8"), "local_multiplier")
        + "local_multiplier:\n"
        "  respend: {suppliers: 0.5, employees: 0.4}\n"
        "  source: Kirklees supplier and staff survey\n"
        "  year: 2025\n",
        encoding="utf-8",
    )
    assert load_tender(tender).local_multiplier == LocalMultiplier(
        Respend(D("0.5"), D("0.4")), "Kirklees supplier and staff survey", 2025
    )
