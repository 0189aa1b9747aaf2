"""The generated parts of the docs: every rubric model class has its field table in
docs/rubrics.md, and the docs-only text names only keys the model has. (That each generated
block is current is `cog --check` in `make lint`.)"""

from __future__ import annotations

from pathlib import Path

import attrs

from socialvalue.rubric import reference
from socialvalue.rubric.schema import model_classes, yaml_fields

ROOT = Path(__file__).resolve().parent.parent
RUBRICS_MD = (ROOT / "docs" / "rubrics.md").read_text(encoding="utf-8")


def test_every_model_class_has_a_field_table() -> None:
    for cls in model_classes():
        assert RUBRICS_MD.count(f'field_table("{cls.__name__}")') == 1, cls.__name__


def test_a_table_has_a_row_per_yaml_key() -> None:
    for cls in model_classes():
        rows = reference.field_table(cls.__name__).splitlines()[2:]
        assert [row.split(" | ")[0] for row in rows] == [f"| `{f.name}`" for f in yaml_fields(cls)]


def test_docs_only_text_names_real_keys() -> None:
    reference._check_entries()
    for table in (reference.TYPES, reference.DEFAULTS, reference.MEANINGS):
        for cls, name in table:
            assert name in {f.name for f in attrs.fields(cls)}, (cls, name)
