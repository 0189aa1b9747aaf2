"""Loading ``portfolio.yaml`` with line-and-column problems, every one reported together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from ..errors import InputError, Problems
from ..yamlnodes import Fields, YMap, YScalar, YSeq, as_map, load_yaml_file

PORTFOLIO_FILE = "portfolio.yaml"
ROOT_KEYS = (
    "organisation",
    "year_start",
    "year_end",
    "local_area",
    "themes",
    "members",
    "contains",
)
#: The theme of a KPI whose id no declared theme claims.
OTHER = "Other"


@attrs.frozen
class Portfolio:
    """portfolio.yaml, loaded: who reports, for which year, and which folders are members."""

    organisation: str
    year_start: dt.date
    year_end: dt.date
    local_area: str
    #: Theme name -> the KPI (measure) id prefixes it claims, in the order declared.
    themes: tuple[tuple[str, tuple[str, ...]], ...]
    #: Member folders relative to the portfolio folder, in the order declared (or found).
    members: tuple[str, ...]
    folder: str = attrs.field(default=".", eq=False)

    def theme_of(self, kpi: str) -> str:
        """The first declared theme with a prefix of ``kpi``, else :data:`OTHER`."""
        for name, prefixes in self.themes:
            if any(kpi.startswith(p) for p in prefixes):
                return name
        return OTHER


def _themes(f: Fields) -> list[tuple[str, tuple[str, ...]]]:
    node = f.mapping("themes")
    if node is None:
        return []
    themes: list[tuple[str, tuple[str, ...]]] = []
    for key, value in node.entries:
        name = key.text or ""
        if isinstance(value, YScalar) and value.text:
            themes.append((name, (value.text,)))
        elif isinstance(value, YSeq) and all(
            isinstance(v, YScalar) and v.text for v in value.items
        ):
            themes.append((name, tuple(str(getattr(v, "text", "")) for v in value.items)))
        else:
            f.error(key, f"theme `{name}` must list the KPI id prefixes it claims (NT1, NT2 ...)")
    return themes


def _contained(folder: Path) -> list[str]:
    """Sub-folders (one level) holding a contract.yaml or a tender.yaml, sorted by name."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_dir() and ((p / "contract.yaml").is_file() or (p / "tender.yaml").is_file())
    )


def _members(f: Fields, folder: Path) -> list[str]:
    members: list[str] = []
    for node in f.sequence("members"):
        if not isinstance(node, YScalar) or not node.text:
            f.error(node, "a member must be a folder path relative to portfolio.yaml")
            continue
        if Path(node.text).is_absolute() or ".." in Path(node.text).parts:
            f.error(node, f"member {node.describe()} must be a path inside the portfolio folder")
            continue
        if node.text in members:
            f.error(node, f"member {node.describe()} is listed twice")
            continue
        members.append(node.text)
    if f.boolean("contains"):
        members += [m for m in _contained(folder) if m not in members]
    if not members:
        f.error(f.node, "portfolio.yaml needs `members` (folders) or `contains: true`")
    return members


def load_portfolio(folder: str | Path) -> Portfolio:
    """Load ``folder``/portfolio.yaml; InputError with every problem, by line."""
    folder = Path(folder)
    problems = Problems(PORTFOLIO_FILE)
    __, root, _ = load_yaml_file(folder / PORTFOLIO_FILE, problems, PORTFOLIO_FILE)
    node: YMap | None = as_map(root, problems, "portfolio.yaml", ROOT_KEYS)
    if node is None:
        raise InputError(problems.items)
    f = Fields(node, problems, "portfolio.yaml", ROOT_KEYS)
    organisation = f.text("organisation", required=True)
    start, end = f.date("year_start", required=True), f.date("year_end", required=True)
    if start and end and end < start:
        f.error(f.where("year_end"), f"year_end {end} is before year_start {start}")
    local_area = f.text("local_area", default="") or ""
    themes = _themes(f)
    members = _members(f, folder)
    problems.raise_if_any()
    assert organisation and start and end
    return Portfolio(
        organisation, start, end, local_area, tuple(themes), tuple(members), str(folder)
    )


__all__ = ["OTHER", "PORTFOLIO_FILE", "Portfolio", "load_portfolio"]
