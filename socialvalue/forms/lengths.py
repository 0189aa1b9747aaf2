"""How long the text a person types into a form may be: one table for every text cell.

Every text field of the three forms has a length in characters that a person would accept
(a legal name of 160 characters, an answer of 10,000), and no cell is read past
:data:`CELL_TEXT_LIMIT` whatever it is. ``socialvalue check`` reports text over its length
as an error naming the cell, its length and the limit, so nothing the pack, the summaries or
the forms print can grow without bound (issue 15, item 7). docs/workbooks.md shows the table
(``cog -r docs/workbooks.md`` regenerates it from :data:`LENGTHS`).
"""

from __future__ import annotations

import attrs

#: The most characters any text cell of a form may hold (a tenth of Excel's 32,767-character
#: cell is already about 1,600 words).
CELL_TEXT_LIMIT = 10_000
#: An answer may be longer than :data:`CELL_TEXT_LIMIT` when its criterion's ``word_limit``
#: asks for more: this many characters a word.
CHARACTERS_PER_WORD = 10


@attrs.frozen
class Length:
    """The longest text a field takes, in characters, and what the field is."""

    key: str
    characters: int
    what: str


LENGTHS: dict[str, Length] = {
    length.key: length
    for length in (
        Length("bidder_name", 160, "bidder's legal name (Companies House allows 160)"),
        Length("company_number", 20, "company number (8 characters at Companies House)"),
        Length("contact_name", 200, "contact name"),
        Length("contact_email", 254, "contact email (the longest address email allows)"),
        Length("declaration_name", 200, "declaration, name"),
        Length("declaration_position", 200, "declaration, position"),
        Length("evidence", 5_000, "evidence and delivery plan of a commitment"),
        Length("supplier", 160, "a spend plan line's supplier, as long as a legal name"),
        Length("spend_category", 200, "a spend plan line's category of spend"),
        Length(
            "answer",
            CELL_TEXT_LIMIT,
            f"an answer; more when the criterion's word_limit times {CHARACTERS_PER_WORD} is more",
        ),
        Length("rationale", 5_000, "an evaluator's rationale, or the panel's"),
        Length("note", 2_000, "a note on a conflict of interest"),
        Length("flag", 2_000, "a flag decision's reason or reference"),
        Length("other", CELL_TEXT_LIMIT, "any other text cell"),
    )
}


def characters(key: str) -> int:
    """The longest text field ``key`` of :data:`LENGTHS` takes."""
    return LENGTHS[key].characters


def answer_characters(word_limit: int | None) -> int:
    """The longest answer a criterion with ``word_limit`` takes."""
    return max(characters("answer"), (word_limit or 0) * CHARACTERS_PER_WORD)


def too_long(text: str, limit: int) -> str | None:
    """The problem with ``text`` when it is over ``limit`` characters, else None."""
    if len(text) <= limit:
        return None
    return (
        f"the text is {len(text):,} characters long, over the limit of {limit:,} for this "
        "cell: shorten it"
    )


def length_table() -> str:
    """The table of :data:`LENGTHS` as Markdown, for docs/workbooks.md."""
    rows = ["| Field | Characters at most |", "|---|---|"]
    rows += [f"| {n.what} | {n.characters:,} |" for n in LENGTHS.values()]
    return "\n".join(rows)


__all__ = [
    "CELL_TEXT_LIMIT",
    "LENGTHS",
    "Length",
    "answer_characters",
    "characters",
    "length_table",
    "too_long",
]
