"""OCDS release packages from a tender's record (and, later, a contract's delivery).

:func:`write_release_package` writes ``out/ocds.json`` from a tender folder;
:func:`release_package` builds the package from a results.json already read;
:func:`validation_problems` checks one against the shipped OCDS 1.1 schema and extensions.
See docs/ocds.md.
"""

from __future__ import annotations

from .metrics import (
    CLASSIFICATIONS,
    DeliveryObservation,
    agreed_metrics,
    counted_commitments,
    implementation_metrics,
)
from .publish import OCDS_JSON, OcdsReport, write_release_package
from .release import DEFAULT_OCID_PREFIX, release_package
from .schema import EXTENSIONS, OCDS_VERSION, patched_release_schema, validation_problems

__all__ = [
    "CLASSIFICATIONS",
    "DEFAULT_OCID_PREFIX",
    "EXTENSIONS",
    "OCDS_JSON",
    "OCDS_VERSION",
    "DeliveryObservation",
    "OcdsReport",
    "agreed_metrics",
    "counted_commitments",
    "implementation_metrics",
    "patched_release_schema",
    "release_package",
    "validation_problems",
    "write_release_package",
]
