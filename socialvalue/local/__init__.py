"""The buyer's local area, as its policy publishes it, and UK postcodes matched against it.

Pure data and parsing: no workbook, no file. See :mod:`socialvalue.local.area`.
"""

from .area import (
    AreaEntry,
    LocalArea,
    ParsedPostcode,
    normalise_postcode,
    parse_local_area,
    parse_postcode,
    postcode_problem,
    unlisted_warning,
)

__all__ = [
    "AreaEntry",
    "LocalArea",
    "ParsedPostcode",
    "normalise_postcode",
    "parse_local_area",
    "parse_postcode",
    "postcode_problem",
    "unlisted_warning",
]
