"""What the rubric loader keeps while it reads: the problems, every id seen, references to check."""

from __future__ import annotations

from ..errors import Problems
from ..yamlnodes import Fields, YMap, YScalar, suggest


class LoadState:
    """Shared by every part of the loader; a setting's reader sees it as a ``Loading``."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.ids: dict[str, YScalar] = {}
        self.types: dict[str, str] = {}  # criterion id -> type, even for criteria with problems
        self.criterion_ids: set[str] = set()  # every criterion id given, even with problems
        self.scale_ids: set[str] = set()  # every scale id given, even with problems
        # (where, setting, owning criterion, its method's kind, the criterion the method names)
        self.refs: list[tuple[Fields, str, str, str, str]] = []

    def fields(self, node: YMap, what: str, keys: tuple[str, ...]) -> Fields:
        return Fields(node, self.problems, what, keys)

    def unique_id(self, f: Fields, what: str) -> str | None:
        """Read ``id`` and check it is unique among criteria, sub-criteria, measures, sections."""
        value = f.ident("id", required=True)
        if value is None:
            return None
        at = f.where("id")
        if value in self.ids:
            first = self.ids[value]
            f.error(at, f"duplicate id `{value}` for {what} (first used at line {first.line})")
        else:
            self.ids[value] = at  # type: ignore[assignment]
        return value

    def refer(self, f: Fields, key: str, owner: str, kind: str, named: str) -> None:
        """A method setting names a criterion: checked to be qualitative once all are read."""
        self.refs.append((f, key, owner, kind, named))


def hint(word: str, choices: object) -> str:
    """A "did you mean" suffix for a problem naming ``word`` (empty when nothing is close)."""
    return suggest(word, list(choices))  # type: ignore[call-overload]
