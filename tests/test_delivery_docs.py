"""docs/delivery.md describes every field contract.yaml may hold (the keys the loader accepts),
so a new field cannot be added without its documentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialvalue.delivery import load

DOC = (Path(__file__).resolve().parent.parent / "docs" / "delivery.md").read_text(encoding="utf-8")
KEYS = sorted(
    set(
        load.ROOT_KEYS
        + load.SUPPLIER_KEYS
        + load.SOURCE_KEYS
        + load.BAND_KEYS
        + load.KPI_KEYS
        + load.DECISION_KEYS
    )
)


@pytest.mark.parametrize("key", KEYS)
def test_every_contract_yaml_field_is_in_docs_delivery_md(key):
    section = DOC.split("## contract.yaml", 1)[1].split("\n## ", 1)[0]
    assert f"`{key}`" in section, f"docs/delivery.md's contract.yaml section does not name `{key}`"
