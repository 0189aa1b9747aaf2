"""Imports stay at the top of each module, so the layers contract (lint-imports) sees them all.

An import inside a function is invisible to a reader skimming a module's head and was, before
issue 12, the way import cycles were hidden. The command line is the one exception: its
commands import the heavy library lazily so that ``--help`` and shell completion start fast.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "socialvalue"
LAZY_ALLOWED = PACKAGE / "cli"


def _nested_imports(tree: ast.Module) -> list[int]:
    """Line numbers of imports that are not at module level (``if TYPE_CHECKING:`` is)."""
    top: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            top.add(id(node))
        elif isinstance(node, ast.If | ast.Try):
            top.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom))
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top
    )


def test_no_function_level_imports_outside_the_cli() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if LAZY_ALLOWED in path.parents:
            continue
        lines = _nested_imports(ast.parse(path.read_text(encoding="utf-8")))
        found += [f"{path.relative_to(PACKAGE.parent)}:{line}" for line in lines]
    assert found == []


def test_the_check_finds_a_function_level_import() -> None:
    tree = ast.parse("import os\n\ndef f():\n    from decimal import Decimal\n    return Decimal\n")
    assert _nested_imports(tree) == [4]
