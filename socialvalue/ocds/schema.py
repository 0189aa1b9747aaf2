"""The OCDS 1.1 schema with the extensions socialvalue uses, shipped for offline validation.

``schema/standard/`` holds OCDS 1.1.5's release and release package schemas; each folder under
``schema/extensions/`` one extension's ``extension.json`` and ``release-schema.json`` patch, as
fetched (``schema/README.md`` names each source repository, commit and licence). The patches are
applied by the Open Contracting Partnership's ``ocdsextensionregistry`` (its ``ProfileBuilder``:
JSON Merge Patch, in the order of :data:`EXTENSIONS`), read from these folders, never the network;
a package is then checked with ``jsonschema``'s draft 4 validator.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker, ValidationError
from ocdsextensionregistry import ProfileBuilder
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
STANDARD_DIR = SCHEMA_DIR / "standard"
EXTENSIONS_DIR = SCHEMA_DIR / "extensions"

#: The OCDS version a package declares (``version``), and the standard's tag shipped.
OCDS_VERSION = "1.1"
STANDARD_TAG = "1__1__5"

_RAW = "https://raw.githubusercontent.com"

#: The extensions, in the order they are applied: (folder under ``schema/extensions/``, the URL
#: of its ``extension.json`` at the shipped commit, as a package's ``extensions`` lists it).
EXTENSIONS: tuple[tuple[str, str], ...] = (
    (
        "lots",
        f"{_RAW}/open-contracting-extensions/ocds_lots_extension/"
        "8d3b52eb26ce0f1a015c91b665c120b17ef619a0/extension.json",
    ),
    (
        "awardCriteria",
        f"{_RAW}/open-contracting-extensions/ocds_awardCriteriaBreakdown_extension/"
        "9391240f353e8536992938fe9f7987cd89235331/extension.json",
    ),
    (
        "bids",
        f"{_RAW}/open-contracting-extensions/ocds_bid_extension/"
        "d62ff4b0ba393d823ca8113a9039b12edf7acb8f/extension.json",
    ),
    (
        "metrics",
        f"{_RAW}/open-contracting-extensions/ocds_metrics_extension/"
        "fad91df868907e339e5b3b4af5c334e02b80fa4f/extension.json",
    ),
    (
        "partyScale",
        f"{_RAW}/open-contracting-extensions/ocds_partyDetails_scale_extension/"
        "152cd9fb74e021e537b17d84420615acf7dec032/extension.json",
    ),
    (
        "subcontracting",  # the `subcontractor` party role, for the supply chain's suppliers
        f"{_RAW}/open-contracting-extensions/ocds_subcontracting_extension/"
        "65d06d0af7e5dc56f0f28beb54e5d7dc5d9155e7/extension.json",
    ),
    (
        "uk",
        f"{_RAW}/cabinetoffice/ocds_uk_extension/"
        "aa0e43b84dfad0cb9b839a8135e0bc4b285d32fc/extension.json",
    ),
)

#: At most this many problems are listed for one package, then how many more there are.
MAX_PROBLEMS = 20

Json = dict[str, Any]


def extension_urls() -> list[str]:
    """The ``extensions`` of a release package: each shipped extension's ``extension.json``."""
    return [url for _, url in EXTENSIONS]


class _ShippedProfile(ProfileBuilder):
    """A profile whose extensions are the shipped folders (``file://`` URLs, which
    ``ocdsextensionregistry`` reads only when the extension version allows the scheme)."""

    def extensions(self) -> Iterator[Any]:
        for version in super().extensions():
            version.allow_schemes.add("file")
            yield version


def _load(path: Path) -> Json:
    data: Json = json.loads(path.read_text(encoding="utf-8"))
    return data


@functools.cache
def _patched_text() -> str:
    folders = [(EXTENSIONS_DIR / name).as_uri() for name, _ in EXTENSIONS]
    builder = _ShippedProfile(STANDARD_TAG, folders)
    schema = builder.patched_release_schema(schema=_load(STANDARD_DIR / "release-schema.json"))
    return json.dumps(schema)


def patched_release_schema() -> Json:
    """OCDS 1.1's release schema with every shipped extension applied (a fresh copy)."""
    schema: Json = json.loads(_patched_text())
    return schema


@functools.cache
def package_validator() -> Draft4Validator:
    """A validator of a release package against the patched release schema."""
    release = patched_release_schema()
    package = _load(STANDARD_DIR / "release-package-schema.json")
    registry: Registry[Any] = Registry().with_resource(
        package["properties"]["releases"]["items"]["$ref"],
        Resource.from_contents(release, default_specification=DRAFT4),
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def validation_problems(package: Json) -> list[str]:
    """Where ``package`` departs from the patched schema, each named by its JSON path
    (``$.releases[0].bids.details[0].status: 'late' is not one of [...]``), in document order;
    empty when it is valid."""
    errors = sorted(package_validator().iter_errors(package), key=lambda e: _key(e.absolute_path))
    shown = [f"{_json_path(e.absolute_path)}: {_message(e)}" for e in errors[:MAX_PROBLEMS]]
    if len(errors) > MAX_PROBLEMS:
        shown.append(f"and {len(errors) - MAX_PROBLEMS} more departures from the OCDS schema")
    return shown


def _key(path: Iterable[str | int]) -> list[str]:
    return [f"{p:09d}" if isinstance(p, int) else p for p in path]


def _json_path(path: Iterable[str | int]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _message(error: ValidationError) -> str:
    return error.message if len(error.message) <= 200 else error.message[:200] + "..."
