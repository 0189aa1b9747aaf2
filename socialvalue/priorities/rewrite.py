"""A new rubric version: the same YAML text with only the weights, the version and a note changed.

The author's comments, order and wording are kept; each weight is replaced where it stands (found
by its line and column), a weight a section does not state is not added.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..errors import InputError
from ..yamlnodes import YMap, YScalar, YSeq, parse_text


def _maps(node: object) -> list[YMap]:
    return [item for item in node.items if isinstance(item, YMap)] if isinstance(node, YSeq) else []


def _id(node: YMap) -> str | None:
    value = node.get("id")
    return value.text if isinstance(value, YScalar) else None


def provenance_block(declared: Mapping[str, object]) -> str:
    """The rubric's ``weights_provenance`` key as YAML text (strings quoted as JSON, which YAML
    reads as double-quoted scalars)."""
    lines = ["weights_provenance:\n"]
    for key, value in declared.items():
        if isinstance(value, Mapping):
            lines.append(f"  {key}:\n")
            for inner, item in value.items():
                if isinstance(item, Mapping):
                    lines.append(f"    {inner}:\n")
                    lines.extend(f"      {k}: {json.dumps(v)}\n" for k, v in item.items())
                else:
                    lines.append(f"    {inner}: {json.dumps(item)}\n")
        else:
            lines.append(f"  {key}: {json.dumps(value)}\n")
    return "".join(lines)


def rewrite(
    text: str,
    file: str,
    weights: Mapping[str, int],
    version: str,
    note: str,
    declared: Mapping[str, object] | None = None,
) -> str:
    """``text`` with every weight in ``weights`` (by id), ``version``, ``note`` added to notes
    and, when given, ``declared`` as its ``weights_provenance`` key."""
    root = parse_text(text, file)
    if not isinstance(root, YMap):
        raise InputError.single(file, "is not a rubric")
    if declared and root.get("weights_provenance") is not None:
        raise InputError.single(
            file,
            "already declares weights_provenance: derive from the rubric as first published",
        )
    edits: list[tuple[int, int, str, str]] = []

    def put(node: YMap, key: str, value: str) -> None:
        scalar = node.get(key)
        if isinstance(scalar, YScalar) and scalar.text is not None:
            original = scalar.text if not scalar.quoted else None
            if original is None:
                value = f'"{value}"'
            edits.append((scalar.line, scalar.column, original or "", value))

    put(root, "version", version)
    for section in _maps(root.get("sections")):
        if _id(section) in weights:
            put(section, "weight", str(weights[_id(section) or ""]))
        for criterion in _maps(section.get("criteria")):
            put(criterion, "weight", str(weights[_id(criterion) or ""]))
            for sub in _maps(criterion.get("sub_criteria")):
                if _id(sub) in weights:
                    put(sub, "weight", str(weights[_id(sub) or ""]))
    lines = text.splitlines(keepends=True)
    for line, column, original, value in sorted(edits, reverse=True):
        row = lines[line - 1]
        start = column - 1
        # a quoted scalar is replaced up to its closing quote
        end = start + len(original) if original else row.index(row[start], start + 1) + 1
        lines[line - 1] = row[:start] + value + row[end:]
    notes = root.get("notes")
    quoted = '"' + note.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(notes, YSeq) and notes.items:
        indent = " " * (notes.column - 1)
        lines.insert(notes.line - 1, f"{indent}- {quoted}\n")
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(f"notes:\n  - {quoted}\n")
    if declared:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(provenance_block(declared))
    return "".join(lines)
