"""The rubric note that says who set the weights: written by derive, found by the pack."""

from __future__ import annotations

from collections.abc import Iterable

PREFIX = "Weights derived from "


def priorities_note(notes: Iterable[str]) -> str:
    """The first note saying who set the weights and how, or "" (for the summaries' intro)."""
    return next((n for n in notes if n.startswith(PREFIX)), "")
