"""results.json: the evaluation record, written atomically with reproducible bytes.

Schema: docs/results.md and socialvalue/schema/results.schema.json. The record's shape is the
attrs classes of :mod:`.record`, written by :mod:`.codec`: decimals are strings (exact unrounded
figures without exponent or trailing zeros; rounded figures keep the rubric's places). No time
stamp except dates that come from the inputs.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable
from json.encoder import encode_basestring as _string
from pathlib import Path
from typing import Any, cast

import cattrs
from jsonschema import Draft202012Validator, ValidationError

from ..atomic import write_bytes_atomic
from ..errors import InputError, Location, Problem, display_path
from ..resources import results_schema_path
from ..scoring.result import Evaluation
from .codec import from_json, to_json
from .record import SCHEMA_VERSION, Record
from .schema import DECIMAL_PATTERN

SCHEMA_MAJOR = SCHEMA_VERSION.split(".")[0]

Json = dict[str, Any]


# ---------------------------------------------------------------- files


def dumps(data: Json) -> str:
    """Canonical text: 2-space indent, UTF-8 (no escapes), newline at the end.

    Exactly ``json.dumps(data, indent=2, ensure_ascii=False)``, which with an indent runs
    Python's pure-Python encoder; :func:`_encode` writes the same text several times faster for
    what results hold (dicts with string keys, lists, strings, integers, booleans, None), and
    anything else goes to ``json.dumps``.
    """
    out: list[str] = []
    try:
        _encode(data, "\n", out)
    except _NotPlain:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlain(Exception):
    pass


def _encode(value: object, newline: str, out: list[str]) -> None:
    """Append ``value`` as ``json.dumps(indent=2)`` writes it; ``newline`` is the line break and
    indent of the lines holding ``value``'s own brackets."""
    kind = type(value)
    if kind is str:
        out.append(_string(cast(str, value)))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():  # type: ignore[attr-defined]
            if type(key) is not str:
                raise _NotPlain
            out.append(separator)
            out.append(_string(key))
            out.append(": ")
            _encode(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:  # type: ignore[attr-defined]
            out.append(separator)
            _encode(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    else:
        raise _NotPlain  # floats, subclasses, anything json.dumps decides on


def write_results_json(ev: Evaluation, path: str | os.PathLike[str]) -> Path:
    """Write results.json atomically; returns the path."""
    path = Path(path)
    write_bytes_atomic(path, dumps(to_json(ev)).encode("utf-8"))
    return path


def read_results_json(
    path: str | os.PathLike[str], name: str | None = None, *, raw: bytes | None = None
) -> Json:
    """Read results.json, checking it is a JSON object of a supported schema version.

    ``name`` names the file in problems (default: as given). ``raw``: the file's bytes, already
    read (and hashed) by the caller, parsed instead of reading ``path`` again."""
    name = name or display_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8") if raw is None else raw.decode("utf-8")
        data = json.loads(text)
    except FileNotFoundError:
        raise InputError.single(name, "results file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError.single(name, f"not a results.json file: {exc}") from None
    if not isinstance(data, dict):
        raise InputError.single(name, "not a results.json file: expected a JSON object")
    if "schema_version" not in data:
        raise InputError.single(name, "no schema_version: not a socialvalue results.json file")
    version = data["schema_version"]
    if not isinstance(version, str) or version.split(".")[0] != SCHEMA_MAJOR:
        raise InputError.single(
            name,
            f"schema_version {json.dumps(version)} is not supported (this toolkit reads "
            f'"{SCHEMA_MAJOR}.x")',
        )
    # A later minor version may add keys this toolkit's schema does not know: it is read as far
    # as this version goes (the structuring below ignores them), not checked against the schema.
    problems = schema_problems(data) if version == SCHEMA_VERSION else []
    if problems:
        raise InputError([Problem(Location(name), message) for message in problems])
    return data


#: At most this many schema problems are listed for one file, then how many more there are.
MAX_SCHEMA_PROBLEMS = 20


def schema_problems(data: Json) -> list[str]:
    """Where ``data`` departs from ``results.schema.json``, each named by its JSON path
    (``$.bidders[0].totals.total: 'NaN' is not a decimal ...``), in document order."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.path])
    shown = [f"{_json_path(e.absolute_path)}: {_message(e)}" for e in errors[:MAX_SCHEMA_PROBLEMS]]
    if len(errors) > MAX_SCHEMA_PROBLEMS:
        shown.append(f"and {len(errors) - MAX_SCHEMA_PROBLEMS} more departures from the schema")
    return shown


@functools.cache
def _validator() -> Draft202012Validator:
    schema = json.loads(results_schema_path().read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _json_path(path: Iterable[str | int]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _message(error: ValidationError) -> str:
    """The validator's message, with a plain word for our decimal pattern."""
    if error.validator == "pattern" and error.validator_value == DECIMAL_PATTERN:
        return f'{_short(error.instance)} is not a decimal written as digits (e.g. "12.5")'
    return error.message if len(error.message) <= 200 else error.message[:200] + "..."


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:60] + "..."


def read_record(path: str | os.PathLike[str], *, raw: bytes | None = None) -> Record:
    """Read results.json as the typed :class:`~.record.Record` (see :func:`read_results_json`)."""
    data = read_results_json(path, raw=raw)
    try:
        return from_json(data)
    except cattrs.BaseValidationError as exc:
        shown = "; ".join(cattrs.transform_error(exc, path="results")[:3])
        raise InputError.single(display_path(path), f"not a results.json record: {shown}") from None


__all__ = [
    "SCHEMA_MAJOR",
    "SCHEMA_VERSION",
    "dumps",
    "read_record",
    "read_results_json",
    "to_json",
    "write_results_json",
]
