"""names.visible: its fast paths give exactly what marking each character in turn gives."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hostile.corpus import HOSTILE_FILE_NAMES

from socialvalue.names import visible

INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0")
MARKED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def reference(text: str, keep: str = "") -> str:
    """The definition: every control, format or invisible character not kept, as a marker."""

    def marked(ch: str) -> bool:
        return ch in INVISIBLE or unicodedata.category(ch) in MARKED

    return "".join(f"<U+{ord(ch):04X}>" if marked(ch) and ch not in keep else ch for ch in text)


ALPHABET = (
    "aZ 09~-\t\n\r\x00\x7f\x1b\u200b\u202e\u00ad\u2028\u2029\u034f\u3164\u00e9e\u0301Ａ\ufeff"
)


def _texts() -> list[str]:
    rng = random.Random("visible")
    texts = ["", "Greenway Services Ltd", "ACME\u200bLtd", "line\nbreak", "tab\there", "~ !"]
    texts += [str(name) for name in HOSTILE_FILE_NAMES]
    texts += [
        "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 12))) for _ in range(400)
    ]
    return texts


@pytest.mark.parametrize("keep", ["", "\n\t", "\n", "\u200b"])
def test_visible_equals_the_character_by_character_definition(keep: str) -> None:
    for text in _texts():
        assert visible(text, keep) == reference(text, keep), repr(text)


def test_printable_ascii_is_returned_as_it_is_and_a_control_is_marked() -> None:
    assert visible("Plain ASCII ~") == "Plain ASCII ~"
    assert visible("a\x7fb") == "a<U+007F>b"
    assert visible("a\nb") == "a<U+000A>b"
    assert visible("a\nb", keep="\n") == "a\nb"
