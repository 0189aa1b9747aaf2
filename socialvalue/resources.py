"""Where the shipped rubrics, proxy sets, templates and example tender live.

In the repository they sit at the top level (``rubrics/``, ``templates/``, ``examples/``); in an
installed wheel they are inside the package (``socialvalue/rubrics`` ...). Both are found here.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped folder ``name`` (``rubrics``, ``templates``, ``examples``, ``schema``)."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


def rubrics_dir() -> Path:
    return data_dir("rubrics")


def proxies_dir() -> Path:
    return rubrics_dir() / "proxies"


def templates_dir() -> Path:
    return data_dir("templates")


def examples_dir() -> Path:
    return data_dir("examples")


def schema_path() -> Path:
    return PACKAGE_DIR / "schema" / "rubric.schema.json"


def results_schema_path() -> Path:
    """The JSON Schema of results.json (generated from the record: scripts/make_schema.py)."""
    return PACKAGE_DIR / "schema" / "results.schema.json"


def shipped_rubric_files() -> list[Path]:
    return sorted(rubrics_dir().glob("*.yaml"))
