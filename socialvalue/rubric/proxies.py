"""Proxy sets: GBP values per unit of each measure, with provenance, in YAML or CSV.

A rubric names the proxy set it expects; a buyer may swap in its own licensed set (for example
its National TOMs licence) without editing the rubric. The toolkit ships only neutral example
values of its own, marked ``example: true`` and labelled as examples wherever they are shown.

YAML::

    id: example-proxies
    name: Example proxy values (illustrative only)
    source: socialvalue project
    version: "2026.1"
    licence: CC0-1.0
    price_year: 2026
    currency: GBP
    example: true
    values:
      - {measure: M1, unit: FTE, value: 30000}

CSV: ``# key: value`` lines for the provenance, then a header ``measure,unit,value,note``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import attrs

from ..bounds import PROXY_VALUE_MAX
from ..errors import InputError, Problem, Problems, display_path
from ..files import read_regular_file
from ..resources import proxies_dir
from ..yamlnodes import MAX_BYTES, Fields, YScalar, as_map, parse_text, to_decimal
from .model import Rubric

PROVENANCE_KEYS = (
    "id",
    "name",
    "source",
    "version",
    "licence",
    "price_year",
    "currency",
    "example",
)
VALUE_KEYS = ("measure", "unit", "value", "note")
CSV_COLUMNS = ("measure", "unit", "value", "note")


@attrs.frozen
class ProxyValue:
    measure: str
    unit: str
    value: Decimal
    note: str = ""


@attrs.frozen
class ProxySet:
    """A set of proxy values with its provenance."""

    id: str
    name: str
    source: str
    version: str
    licence: str
    price_year: int
    currency: str
    example: bool
    values: dict[str, ProxyValue]
    file: str = ""
    sha256: str = ""

    def value(self, measure: str) -> ProxyValue | None:
        return self.values.get(measure)

    @property
    def label(self) -> str:
        """Name, version and, for example sets, a clear warning."""
        text = f"{self.name} (version {self.version}, {self.price_year} prices, {self.licence})"
        return f"EXAMPLE VALUES - {text}" if self.example else text


def load_proxy_set(path: str | Path, name: str | None = None) -> ProxySet:
    """Load a proxy set from a ``.yaml``/``.yml`` or ``.csv`` file; every problem is reported.

    ``name`` names the file in problems and in the record (default: as given)."""
    path = Path(path)
    name = name or display_path(path)
    raw = read_regular_file(path, name, MAX_BYTES, missing="proxy set file not found")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(name, f"not UTF-8 text (byte {exc.start})") from None
    digest = hashlib.sha256(raw).hexdigest()
    if path.suffix.lower() == ".csv":
        return _from_csv(text, name, digest)
    return _from_yaml(text, name, digest)


def _provenance(
    get: dict[str, str | None], problems: Problems, at: dict[str, tuple[int, int]]
) -> dict[str, object]:
    out: dict[str, object] = {}
    for key in ("id", "name", "source", "version", "licence", "currency"):
        value = get.get(key)
        if not value or not value.strip():
            line, col = at.get(key, (1, 1))
            problems.add(
                f"proxy set needs `{key}` (provenance must be recorded)", line=line, column=col
            )
        out[key] = (value or "").strip()
    year = (get.get("price_year") or "").strip()
    line, col = at.get("price_year", (1, 1))
    if not year.isdigit() or not 1900 <= int(year) <= 2200:
        problems.add(f'price_year must be a year such as 2026, got "{year}"', line=line, column=col)
        out["price_year"] = 0
    else:
        out["price_year"] = int(year)
    example = (get.get("example") or "false").strip().lower()
    if example not in ("true", "false"):
        problems.add(
            f'example must be true or false, got "{example}"', line=at.get("example", (1, 1))[0]
        )
    out["example"] = example == "true"
    return out


def _add_value(
    values: dict[str, ProxyValue],
    problems: Problems,
    measure: str,
    unit: str,
    value_text: str,
    note: str,
    line: int,
    column: int,
) -> None:
    value = to_decimal(YScalar(value_text, "str", line, column))
    if not measure:
        problems.add("a value needs its `measure` id", line=line, column=column)
    elif measure in values:
        problems.add(f"measure `{measure}` has two values", line=line, column=column)
    elif value is None or value < 0:
        problems.add(
            f'value for `{measure}` must be a number of 0 or more, got "{value_text}"',
            line=line,
            column=column,
        )
    elif value > PROXY_VALUE_MAX:
        problems.add(
            f'value for `{measure}` must be at most {PROXY_VALUE_MAX:,}, got "{value_text}"',
            line=line,
            column=column,
        )
    elif not unit:
        problems.add(f"value for `{measure}` needs its `unit`", line=line, column=column)
    else:
        values[measure] = ProxyValue(measure, unit, value, note)


def _from_yaml(text: str, name: str, digest: str) -> ProxySet:
    problems = Problems(name)
    root = as_map(
        parse_text(text, name, problems), problems, "a proxy set", (*PROVENANCE_KEYS, "values")
    )
    problems.raise_if_any()
    assert root is not None
    f = Fields(root, problems, "a proxy set", (*PROVENANCE_KEYS, "values"))
    get: dict[str, str | None] = {}
    at: dict[str, tuple[int, int]] = {}
    for key in PROVENANCE_KEYS:
        node = f.scalar(key)
        get[key] = node.text if node else None
        at[key] = (node.line, node.column) if node else (root.line, root.column)
    prov = _provenance(get, problems, at)
    values: dict[str, ProxyValue] = {}
    for vnode in f.maps("values", required=True):
        vf = Fields(vnode, problems, "a proxy value", VALUE_KEYS)
        val = vf.scalar("value", required=True)
        _add_value(
            values,
            problems,
            vf.text("measure") or "",
            (vf.text("unit") or "").strip(),
            (val.text or "") if val else "",
            vf.text("note") or "",
            vnode.line,
            vnode.column,
        )
    problems.raise_if_any()
    return ProxySet(values=values, file=name, sha256=digest, **prov)  # type: ignore[arg-type]


def _from_csv(text: str, name: str, digest: str) -> ProxySet:
    problems = Problems(name)
    lines = text.splitlines()
    get: dict[str, str | None] = {}
    at: dict[str, tuple[int, int]] = {}
    body_start = 0
    for number, line in enumerate(lines, 1):
        if not line.startswith("#"):
            body_start = number - 1
            break
        key, sep, value = line[1:].partition(":")
        key = key.strip()
        if not sep or key not in PROVENANCE_KEYS:
            problems.add(
                f'expected a provenance line such as `# licence: CC0-1.0`, got "{line}"',
                line=number,
            )
            continue
        get[key], at[key] = value.strip(), (number, 1)
    else:
        body_start = len(lines)
    prov = _provenance(get, problems, at)
    reader = csv.reader(io.StringIO("\n".join(lines[body_start:])))
    header = next(reader, None)
    values: dict[str, ProxyValue] = {}
    if header is None or [h.strip().lower() for h in header[:4]] != list(CSV_COLUMNS):
        problems.add(
            f"expected the header row `{','.join(CSV_COLUMNS)}`", line=body_start + 1, column=1
        )
    else:
        try:
            for offset, row in enumerate(reader, 2):
                if not any(cell.strip() for cell in row):
                    continue
                row = [*row, "", "", "", ""][:4]
                _add_value(
                    values,
                    problems,
                    row[0].strip(),
                    row[1].strip(),
                    row[2].strip(),
                    row[3].strip(),
                    body_start + offset,
                    3,
                )
        except csv.Error as exc:  # a field over csv's limit (131,072 characters), for one
            problems.add(
                f"this line cannot be read as CSV ({exc}); the rest of the file was not read",
                line=body_start + reader.line_num,
            )
    problems.raise_if_any()
    return ProxySet(values=values, file=name, sha256=digest, **prov)  # type: ignore[arg-type]


def find_proxy_set(ref: str, near: Path | None = None) -> Path | None:
    """Find a proxy set by path or id, the one way every command looks one up.

    ``ref`` is first a file path relative to ``near`` (``proxies/our-licensed-set.csv``); else an
    id: ``<id>.yaml``, ``.yml`` or ``.csv`` in ``near``, then in ``near/proxies/``, then among the
    shipped sets. ``near`` is the folder of the file that names the set: the rubric's for a
    rubric's ``proxy_set``, the tender folder for tender.yaml's.
    """
    if near is not None:
        candidate = near / ref
        if _present(candidate):
            return candidate
    folders = []
    if near is not None:
        folders += [near, near / "proxies"]
    folders.append(proxies_dir())
    for folder in folders:
        for suffix in (".yaml", ".yml", ".csv"):
            candidate = folder / f"{ref}{suffix}"
            if _present(candidate):
                return candidate
    return None


def _present(path: Path) -> bool:
    """There is something at ``path`` other than a folder: a pipe or a device is found, to be
    refused by name when read (:func:`~socialvalue.files.read_regular_file`), not passed over."""
    return path.exists() and not path.is_dir()


def load_proxy_set_ref(ref: str, near: Path | None, name: str | None = None) -> ProxySet | None:
    """The proxy set ``ref`` names, found by :func:`find_proxy_set`; None when there is none.

    A set named by its path is taken as it is; one found by its id must hold that id (see
    :func:`load_proxy_set_by_id`). ``name`` names the file in problems."""
    path = find_proxy_set(ref, near)
    if path is None:
        return None
    if near is not None and path == near / ref:
        return load_proxy_set(path, name)
    return load_proxy_set_by_id(ref, path, name)


def load_proxy_set_by_id(set_id: str, path: Path, name: str | None = None) -> ProxySet:
    """Load the proxy set found for ``set_id`` and check that it is the set asked for.

    Sets are found by file name; a file whose ``id`` names another set is refused rather
    than used silently.
    """
    proxies = load_proxy_set(path, name)
    if proxies.id != set_id:
        raise InputError.single(
            proxies.file,
            f"holds proxy set `{proxies.id}`, not `{set_id}` as its file name suggests: "
            f"rename the file or refer to it by its path",
        )
    return proxies


def check_proxies(rubric: Rubric, proxies: ProxySet) -> list[Problem]:
    """Problems with using ``proxies`` for ``rubric``: missing values, unit or currency mismatch."""
    problems = Problems(proxies.file or proxies.id)
    if proxies.currency != rubric.currency:
        problems.add(
            f"proxy set is in {proxies.currency} but rubric `{rubric.id}` is in {rubric.currency}"
        )
    for _, measure in rubric.measures():
        if measure.record_only:
            continue
        value = proxies.value(measure.id)
        if value is None:
            problems.add(
                f"no value for measure `{measure.id}` ({measure.title}), "
                f"which rubric `{rubric.id}` needs"
            )
        elif value.unit.casefold() != measure.unit.casefold():
            problems.add(
                f"measure `{measure.id}` is valued per {value.unit} but rubric `{rubric.id}` "
                f"measures it in {measure.unit}"
            )
    return problems.items
