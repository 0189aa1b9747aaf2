"""What a tender is, and everything read from its folder, as the scoring engine sees it.

This module is the contract between the readers (``tender.yaml``, response workbooks,
evaluator scoresheets, the moderation workbook) and the scoring engine: readers produce a
:class:`TenderInputs`; the engine consumes it and does no I/O. It sits below
:mod:`socialvalue.forms` (which builds its pieces from workbooks), :mod:`socialvalue.tender`
and :mod:`socialvalue.scoring`, and imports only the rubric, the local area and errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

import attrs

from .errors import Problem
from .local import LocalArea
from .local.lm3 import LocalMultiplier
from .rubric.model import Rubric
from .rubric.proxies import ProxySet


@attrs.frozen
class Source:
    """Where a value came from: a file and a ``Sheet!Cell`` (or ``None`` for the whole file)."""

    file: str
    cell: str | None = None

    def __str__(self) -> str:
        return f"{self.file}: {self.cell}" if self.cell else self.file


@attrs.frozen
class Evaluator:
    """An evaluator on the panel, and what they are assigned to score (docs/tender.md)."""

    id: str
    name: str
    role: str = ""
    #: The criterion or scored-part ids they score; None: every qualitative part.
    criteria: tuple[str, ...] | None = attrs.field(
        default=None,
        metadata={"doc": "criterion or scored-part ids this evaluator scores; null: all"},
    )
    #: The bidder keys (response file stems) they score; None: every bidder.
    bidders: tuple[str, ...] | None = attrs.field(
        default=None, metadata={"doc": "bidder keys this evaluator scores; null: all"}
    )
    #: The bidder keys they are taken off (score every other bidder).
    not_bidders: tuple[str, ...] = attrs.field(
        default=(), metadata={"doc": "bidder keys this evaluator is taken off"}
    )
    #: Why the evaluator scores only part of the tender (required when taken off a bidder).
    assignment_reason: str = attrs.field(
        default="", metadata={"doc": "why this evaluator scores only what is assigned"}
    )

    @property
    def restricted(self) -> bool:
        """Whether they score less than everything (criteria, bidders or not_bidders given)."""
        return self.criteria is not None or self.bidders is not None or bool(self.not_bidders)

    def scores_bidder(self, bidder: str) -> bool:
        """Whether they are assigned any part of ``bidder``'s response."""
        if self.bidders is not None and bidder not in self.bidders:
            return False
        return bidder not in self.not_bidders

    def assigned(self, bidder: str, part: str, criterion: str) -> bool:
        """Whether they are assigned to score ``bidder`` on scored part ``part`` (of
        ``criterion``: naming a criterion assigns all its scored parts)."""
        if not self.scores_bidder(bidder):
            return False
        return self.criteria is None or part in self.criteria or criterion in self.criteria


@attrs.frozen
class PackOptions:
    """Options for the PDF pack and assessment summaries."""

    archival: bool = False
    generated: dt.datetime | None = None  # the date printed on the pack; else SOURCE_DATE_EPOCH
    evidence_excerpt_words: int = 60


@attrs.frozen
class Placeholder:
    """A value in tender.yaml marked ``!placeholder``: a stand-in still to be replaced."""

    key: str  # where it is, e.g. "title", "contract.value", "evaluators[1].name"
    text: str
    line: int
    column: int


#: What tender.yaml's ``bids:`` may record for a bid that is not assessed.
BID_STATUSES = ("rejected", "non-compliant", "withdrawn", "late")


@attrs.frozen
class RecordedBid:
    """A bid that tender.yaml's ``bids:`` records as not assessed: its status, reason and date."""

    key: str  # the response file's stem, e.g. "acme" for responses/acme.xlsx
    status: str  # one of BID_STATUSES
    reason: str
    date: dt.date
    #: Line and column of the bid's entry in tender.yaml.
    line: int = attrs.field(default=0, eq=False)
    column: int = attrs.field(default=0, eq=False)


@attrs.frozen
class Resubmission:
    """A response resubmitted after a clarification: the file it replaced, by its SHA-256."""

    original_sha256: str  # 64 lower-case hex digits
    original_file: str | None = None  # the replaced file's name, as the buyer kept it


@attrs.frozen
class Clarification:
    """A clarification asked of a bidder about its response, and the bidder's answer
    (``tender.yaml`` ``clarifications:``; docs/tender.md, "Clarifications")."""

    id: str  # e.g. CQ-01: unique in the tender; what a moderation decision cites
    bidder: str  # the response key (responses/<bidder>.xlsx)
    criterion: str | None  # a rubric criterion, sub-criterion or measure id, if it touched one
    asked: dt.date
    question: str
    answered: dt.date | None = None
    answer: str | None = None
    resubmitted: Resubmission | None = None
    #: Line and column of its values in tender.yaml, by key (`resubmitted.original_sha256` too).
    positions: dict[str, tuple[int, int]] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def open(self) -> bool:
        """Asked and not yet answered."""
        return self.answered is None


@attrs.frozen
class Tender:
    """``tender.yaml``: one procurement."""

    reference: str
    title: str
    buyer: str
    contract_value: Decimal
    currency: str
    rubric: str  # a shipped rubric id or a path relative to the tender folder
    evaluators: tuple[Evaluator, ...]
    #: Fewer evaluators without a declared conflict than this for a bidder: provisional.
    minimum_evaluators: int = 2
    proxy_set: str | None = None  # an id or a path; None: the rubric's own
    social_value_percent: Decimal | None = None  # overrides the rubric's weighting
    contract_years: Decimal | None = None
    #: The cost of one FTE a year for the FTE credibility flag; None: the rubric's setting.
    annual_fte_cost: Decimal | None = None
    dates: dict[str, dt.date] = attrs.field(factory=dict)
    marking: str = "OFFICIAL-SENSITIVE"
    pack: PackOptions = attrs.field(factory=PackOptions)
    jurisdiction: str = "England and Wales"  # whose bank holidays the standstill skips
    #: Bids not assessed (rejected, non-compliant, withdrawn, late), in key order.
    bids: tuple[RecordedBid, ...] = ()
    #: Values still marked ``!placeholder``: warnings for ``check``, errors for the outputs.
    placeholders: tuple[Placeholder, ...] = attrs.field(default=(), eq=False, repr=False)
    #: Line and column of some keys in tender.yaml, for problems found after loading.
    positions: dict[str, tuple[int, int]] = attrs.field(factory=dict, eq=False, repr=False)
    folder: str = ""  # the tender folder as given
    file: str = ""  # display path of tender.yaml
    sha256: str = ""
    #: Clarifications asked of bidders, in tender.yaml order.
    clarifications: tuple[Clarification, ...] = ()
    #: The buyer's declared re-spend shares for LM3 (``local_multiplier:``); None: LM3 is not
    #: computed.
    local_multiplier: LocalMultiplier | None = None
    #: The buyer's published definition of "local" (``local_area:``), if it declares one.
    local_area: LocalArea | None = None


@attrs.frozen
class Commitment:
    """A bidder's quantity for one measure, with its evidence and delivery plan text."""

    measure: str
    quantity: Decimal
    evidence: str
    source: Source  # the quantity cell


@attrs.frozen
class Answer:
    """A bidder's answer to one qualitative question."""

    criterion: str
    text: str
    words: int
    source: Source


SupplierKind = Literal["VCSE", "SME", "large"]
SUPPLIER_KINDS: tuple[SupplierKind, ...] = ("VCSE", "SME", "large")
#: What a bidder writes as the supplier of a line whose supplier is not chosen yet.
TO_BE_APPOINTED = "to be appointed"


@attrs.frozen
class SpendLine:
    """One line of a bid's supply-chain spend plan (the response's Spend plan sheet)."""

    supplier: str  # as written; TO_BE_APPOINTED when not chosen yet
    postcode: str | None  # normalised (LS6 1AB), None when the line gives none
    kind: SupplierKind
    category: str
    amount: Decimal  # planned GBP over the whole contract
    evidence: str
    source: Source  # the line's amount cell
    postcode_cell: str = ""  # Sheet!Cell of the postcode, for messages
    line: int = 0  # its line number on the Spend plan sheet (flags and decisions name it)

    @property
    def to_be_appointed(self) -> bool:
        return self.supplier.strip().casefold() == TO_BE_APPOINTED


@attrs.frozen
class Response:
    """One bidder's response workbook."""

    key: str  # stable identifier: the file's stem, e.g. "acme" for responses/acme.xlsx
    name: str  # legal name as given by the bidder
    company_number: str
    contact: str
    commitments: tuple[Commitment, ...]
    answers: tuple[Answer, ...]
    file: str
    sha256: str
    #: The Spend plan sheet's lines, in sheet order (empty when the rubric asks for none).
    spend_plan: tuple[SpendLine, ...] = ()
    #: The Spend plan sheet's local wage bill over the contract (LM3's Round 2 with the local
    #: suppliers); None when the sheet has none or the bidder left it blank.
    local_wages: Decimal | None = None
    local_wages_cell: str = ""  # Sheet!Cell of it, for the pack and messages

    def commitment(self, measure: str) -> Commitment | None:
        return next((c for c in self.commitments if c.measure == measure), None)

    def answer(self, criterion: str) -> Answer | None:
        return next((a for a in self.answers if a.criterion == criterion), None)


@attrs.frozen
class Score:
    """One evaluator's score and rationale for one bidder on one scored part.

    ``part`` is a criterion id, or a sub-criterion id when the criterion rolls up sub-criteria
    by weight (see :attr:`socialvalue.rubric.model.Criterion.scored_parts`). ``score`` is
    ``None`` when the evaluator left it blank.
    """

    evaluator: str
    bidder: str
    part: str
    score: Decimal | None
    rationale: str
    source: Source


@attrs.frozen
class Conflict:
    """An evaluator's conflict-of-interest declaration for one bidder."""

    evaluator: str
    bidder: str
    declared: bool
    note: str
    source: Source


@attrs.frozen
class Scoresheet:
    evaluator: str
    scores: tuple[Score, ...]
    conflicts: tuple[Conflict, ...]
    file: str
    sha256: str


@attrs.frozen
class Consensus:
    """The panel's moderated score for one bidder on one part, with its rationale."""

    bidder: str
    part: str
    score: Decimal | None
    rationale: str
    source: Source


#: The panel's decisions on a credibility flag (the moderation workbook's Flags sheet).
DECISIONS = ("accepted", "capped", "not counted", "clarified")


@attrs.frozen
class FlagToDecide:
    """A credibility flag the panel must decide, as the moderation workbook lists it: the
    bidder, the flag's code and measure (None for a flag on the whole bid), what was found, and
    the quantity a cap would replace (None when the flag cannot be capped)."""

    bidder: str
    code: str
    measure: str | None
    title: str
    found: str
    committed: Decimal | None
    unit: str = ""


@attrs.frozen
class FlagDecision:
    """The panel's recorded decision on one credibility flag: one of :data:`DECISIONS`, the
    capped figure (``capped`` only), the reason and the clarification's reference
    (``clarified`` only), and the decision's cell."""

    bidder: str
    code: str
    measure: str | None
    decision: str
    figure: Decimal | None
    reason: str
    reference: str
    source: Source


@attrs.frozen
class Moderation:
    entries: tuple[Consensus, ...]
    file: str
    sha256: str
    decisions: tuple[FlagDecision, ...] = ()

    def consensus(self, bidder: str, part: str) -> Consensus | None:
        return next((c for c in self.entries if c.bidder == bidder and c.part == part), None)


FileKind = Literal[
    "tender", "rubric", "proxy_set", "response", "scoresheet", "moderation", "workbook"
]
"""What an input file is; ``workbook`` only in ``check``'s listing when tender.yaml or the rubric
cannot be read (no record is written then)."""

#: Rationales that record no reason: what is left of a rationale once its punctuation is
#: dropped and its case folded (a rationale with no letter at all, "0" or "-", is none either).
NOT_A_REASON = frozenset(
    {
        "agreed",
        "agreed by the panel",
        "as above",
        "as discussed",
        "consensus",
        "n a",
        "na",
        "nil",
        "no comment",
        "none",
        "ok",
        "see above",
        "see notes",
        "tbc",
        "tbd",
        "x",
    }
)


def spend_plan_problems(tender: Tender, rubric: Rubric) -> list[str]:
    """Why ``rubric``'s spend_plan criteria cannot be scored under ``tender``: a local share or
    LM3 without a ``local_area``, LM3 scored without ``local_multiplier: scored: true``, or
    ``scored: true`` with no criterion scoring LM3 (docs/scoring.md, "Scoring LM3")."""
    plans = rubric.spend_plans()
    local = [c.id for c in plans if c.share in ("local", "lm3")]
    lm3 = [c.id for c in plans if c.share == "lm3"]
    declared = tender.local_multiplier
    out = []
    if local and tender.local_area is None:
        out.append(
            f"rubric `{rubric.id}` scores the local share of the spend plan ({', '.join(local)}) "
            'but tender.yaml declares no local_area: add one (docs/tender.md, "The local area")'
        )
    if lm3 and (declared is None or not declared.scored):
        out.append(
            f"rubric `{rubric.id}` scores LM3 ({', '.join(lm3)}) but tender.yaml's "
            "local_multiplier is "
            + ("missing" if declared is None else "recorded only")
            + ": declare it with its re-spend shares and scored: true "
            '(docs/scoring.md, "Scoring LM3")'
        )
    if declared is not None and declared.scored and not lm3:
        out.append(
            f"tender.yaml's local_multiplier says scored: true but rubric `{rubric.id}` has no "
            "spend_plan criterion with share: lm3: add one, or write scored: false to record "
            "LM3 without marks"
        )
    return out


def counted_range(scores: Iterable[Decimal | None]) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest of the evaluators' counted scores (blank ones are not counted),
    or None when none is counted."""
    counted = [s for s in scores if s is not None]
    return (min(counted), max(counted)) if counted else None


def departs(consensus: Decimal, scores: Iterable[Decimal | None]) -> tuple[Decimal, Decimal] | None:
    """The range of the counted scores when ``consensus`` lies outside it, else None (inside
    it, at either end, or no score counted)."""
    found = counted_range(scores)
    if found is None or found[0] <= consensus <= found[1]:
        return None
    return found


def gives_a_reason(rationale: str) -> bool:
    """Whether a consensus rationale records a reason: it has a letter and is not one of
    :data:`NOT_A_REASON` ("Agreed.", "n/a", "see above")."""
    words = " ".join("".join(ch if ch.isalnum() else " " for ch in rationale).split()).casefold()
    return any(ch.isalpha() for ch in words) and words not in NOT_A_REASON


@attrs.frozen
class InputFile:
    """An input file and its SHA-256, for the audit trail."""

    path: str
    sha256: str
    kind: FileKind


@attrs.frozen
class NotAssessed:
    """A bid that was not assessed: tender.yaml records its status, with the reason and date.

    It is in no calculation; the record keeps it, with its file's SHA-256, for the exclusions
    and the audit trail, and its bidder gets a summary saying why."""

    key: str = attrs.field(metadata={"doc": "The bidder key (the response file's stem)."})
    name: str = attrs.field(
        metadata={"doc": "The bidder's name as its response gives it; the key when unreadable."}
    )
    status: str = attrs.field(
        metadata={"doc": "rejected, non-compliant, withdrawn or late (tender.yaml `bids:`)."}
    )
    reason: str = attrs.field(metadata={"doc": "Why the bid is not assessed, as recorded."})
    date: dt.date = attrs.field(metadata={"doc": "The date of the decision, as recorded."})
    file: str | None = attrs.field(
        metadata={"doc": "The response file in the tender folder; null when there is none."}
    )
    sha256: str | None = attrs.field(
        metadata={"doc": "The response file's SHA-256; null when there is no file."}
    )


@attrs.frozen
class MissingBid:
    """A bid an earlier run scored whose response is no longer in ``responses/``, with no status
    recorded for it in tender.yaml: the result is provisional until the file is back or the
    bid's status (e.g. withdrawn) is recorded. The record keeps it until then."""

    key: str = attrs.field(metadata={"doc": "The bidder key (the response file's stem)."})
    name: str = attrs.field(metadata={"doc": "The bidder's name as the earlier record gives it."})
    file: str = attrs.field(
        metadata={"doc": "The response file the earlier run read (responses/...)."}
    )
    sha256: str = attrs.field(
        metadata={"doc": "That file's SHA-256 as the earlier run recorded it."}
    )


@attrs.frozen
class TenderInputs:
    """Everything the engine needs, read and checked."""

    tender: Tender
    rubric: Rubric
    proxies: ProxySet | None  # None only when the rubric has no valued measures
    responses: tuple[Response, ...]
    scoresheets: tuple[Scoresheet, ...] = ()
    moderation: Moderation | None = None
    files: tuple[InputFile, ...] = ()
    warnings: tuple[Problem, ...] = ()
    #: Bids tender.yaml records as not assessed: in no calculation, kept for the record.
    not_assessed: tuple[NotAssessed, ...] = ()
    #: Bids an earlier run scored whose response is gone with no status recorded: provisional.
    missing_bids: tuple[MissingBid, ...] = ()
