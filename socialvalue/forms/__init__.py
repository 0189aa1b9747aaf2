"""The three workbooks socialvalue writes and reads back: the bidder response template, the
evaluator scoresheets and the moderation workbook. See ``docs/workbooks.md``.

Each form is written from the rubric (and, for the evaluation forms, what came before), carries a
hidden fingerprint, and names every input cell with a workbook-level defined name; reading
follows the names and reports every problem with its file and ``Sheet!Cell``.

This package knows one workbook at a time; making the forms for a tender folder (which reads
``tender.yaml`` and the folder's other files) is :mod:`socialvalue.tender.forms`.
"""

from .fields import BidderRef, bidder_slug
from .filling import ResponseValues, fill_by_names, fill_response
from .fingerprint import Fingerprint
from .moderation import (
    ScoresheetRef,
    moderation_fields,
    read_moderation,
    write_moderation,
)
from .response import read_response, write_response_template
from .response_layout import response_fields
from .scoresheet import scoresheet_fields, write_scoresheet
from .scoresheet_read import read_scoresheet

__all__ = [
    "BidderRef",
    "Fingerprint",
    "ResponseValues",
    "ScoresheetRef",
    "bidder_slug",
    "fill_by_names",
    "fill_response",
    "moderation_fields",
    "read_moderation",
    "read_response",
    "read_scoresheet",
    "response_fields",
    "scoresheet_fields",
    "write_moderation",
    "write_response_template",
    "write_scoresheet",
]
