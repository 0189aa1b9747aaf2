"""The rubric loader's cross-checks, once everything is read: weight totals, named criteria."""

from __future__ import annotations

from ..yamlnodes import Fields, YMap, YNode, YScalar, YSeq
from . import model as m
from .load_state import LoadState, hint
from .model import HUNDRED, ZERO


def check_totals(
    f: Fields,
    weights: str,
    pairs: list[tuple[m.Section, YMap]],
    complete: bool,
) -> None:
    """Weights must add up; they are never rescaled.

    A total is only checked when every part of it was read: a part with its own problem
    (already reported) would otherwise also be reported as a wrong total.
    """
    if weights == "percent" and pairs and complete:
        total = sum((s.weight or ZERO for s, _ in pairs), ZERO)
        if total != HUNDRED:
            f.error(
                f.where("sections"),
                f"section weights must total 100 (percent), they total {total}",
            )
    for section, node in pairs:
        cnodes = _entries(node, "criteria")
        by_id = {_id_text(n): n for n in cnodes if isinstance(n, YMap)}
        ctotal = sum((c.weight for c in section.criteria), ZERO)
        all_read = len(section.criteria) == len(cnodes)
        if weights == "percent" and section.criteria and all_read and ctotal != HUNDRED:
            f.error(
                node,
                f"criteria weights in section `{section.id}` must total 100 (percent), "
                f"they total {ctotal}",
            )
        if (
            weights == "points"
            and section.weight is not None
            and all_read
            and section.weight != ctotal
        ):
            f.error(
                node,
                f"section `{section.id}` is weighted {section.weight} points but its "
                f"criteria total {ctotal}",
            )
        for c in section.criteria:
            cnode = by_id.get(c.id)
            if not c.sub_criteria or len(c.sub_criteria) != len(_entries(cnode, "sub_criteria")):
                continue
            stotal = sum((s.weight for s in c.sub_criteria), ZERO)
            expected = HUNDRED if weights == "percent" else c.weight
            if stotal != expected:
                unit = "100 (percent)" if weights == "percent" else f"{c.weight} points"
                at = (cnode.key_node("sub_criteria") if cnode else None) or node
                f.error(
                    at,
                    f"sub-criteria weights of `{c.id}` must total {unit}, they total {stotal}",
                )


def check_methods(state: LoadState) -> None:
    """Methods that name another criterion must name an existing qualitative one."""
    for f, key, owner, method, named in state.refs:
        kind = state.types.get(named)
        if named not in state.criterion_ids:
            f.error(
                f.where(key),
                f"criterion `{owner}`: method {method} names "
                f"criterion `{named}`, which does not exist"
                + hint(named, sorted(state.criterion_ids)),
            )
        elif kind in ("quantitative", "spend_plan"):
            f.error(
                f.where(key),
                f"criterion `{owner}`: method {method} must "
                f"name a qualitative criterion, `{named}` is {kind}",
            )


def _entries(node: YNode | None, key: str) -> list[YNode]:
    """The entries of the list under ``key`` in a mapping (none if it is not a list)."""
    value = node.get(key) if isinstance(node, YMap) else None
    return value.items if isinstance(value, YSeq) else []


def _id_text(node: YMap) -> str | None:
    value = node.get("id")
    return value.text if isinstance(value, YScalar) else None
