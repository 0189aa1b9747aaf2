"""YAML read as a tree of positioned nodes, and typed field access that collects problems.

We compose YAML with ruamel.yaml (YAML 1.2: ``no`` stays a string) but do not let it construct
Python objects. Instead every scalar keeps its source text, its line and its column, so numbers
become exact ``Decimal`` values from what the author typed, duplicate keys are reported rather
than silently merged, and every message can point at the line.

Aliases are expanded with a budget of nodes and depth, so an alias bomb is an error, not an
out-of-memory.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import warnings
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar, cast

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from .errors import InputError, Location, Problem, Problems, display_path
from .files import read_regular_file

MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_BYTES = 5 * 1024 * 1024
#: A value quoted in a message is cut to this many characters.
DESCRIBE_CHARACTERS = 60
MAX_NUMBER = Decimal("1e15")
MIN_NUMBER = Decimal("1e-15")
MAX_DIGITS = 40
#: The most characters one text value may have (a title, a guidance note, an evaluator's name):
#: everything printed stays bounded (issue 15 item 7).
MAX_TEXT = 10_000

T = TypeVar("T")
C = TypeVar("C", bound=str)


@attrs.frozen
class YScalar:
    """A scalar with its source text (``None`` for null), resolved YAML 1.2 kind and position."""

    text: str | None
    kind: str  # "str", "int", "float", "bool", "null"
    line: int
    column: int
    quoted: bool = False
    #: An application's own tag (``!placeholder``), else None: YAML's tags set ``kind``.
    tag: str | None = None

    def describe(self) -> str:
        """The value as an author would recognise it in a message."""
        if self.text is None:
            return "nothing"
        if len(self.text) > DESCRIBE_CHARACTERS:
            return f'"{self.text[:DESCRIBE_CHARACTERS]}..." ({len(self.text):,} characters)'
        return f'"{self.text}"'


@attrs.frozen
class YSeq:
    items: list[YNode]
    line: int
    column: int


@attrs.frozen
class YMap:
    entries: list[tuple[YScalar, YNode]]
    line: int
    column: int

    def keys(self) -> list[str]:
        return [k.text or "" for k, _ in self.entries]

    def get(self, key: str) -> YNode | None:
        for k, v in self.entries:
            if k.text == key:
                return v
        return None

    def key_node(self, key: str) -> YScalar | None:
        for k, _ in self.entries:
            if k.text == key:
                return k
        return None


YNode = YScalar | YSeq | YMap


def _kind(tag: object) -> str:
    text = str(getattr(tag, "value", tag) or "")
    return text.rsplit(":", 1)[-1] if text.startswith("tag:yaml.org,2002:") else "str"


class _Converter:
    def __init__(self, problems: Problems):
        self.problems = problems
        self.count = 0

    def convert(self, node: Node, depth: int = 0) -> YNode:
        self.count += 1
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if self.count > MAX_NODES:
            raise _TooBig(f"the document expands to more than {MAX_NODES:,} nodes (alias bomb?)")
        if depth > MAX_DEPTH:
            raise _TooBig(f"the document is nested more than {MAX_DEPTH} levels deep", line, col)
        if isinstance(node, ScalarNode):
            kind = _kind(node.tag)
            text = None if kind == "null" else str(node.value)
            if text is not None and node.style == ">":
                # ruamel's round-trip scanner marks folds in ">" scalars with BEL; drop them.
                text = text.replace("\a", "")
            tag = str(node.tag or "")
            own = tag if tag.startswith("!") and len(tag) > 1 else None
            return YScalar(text, kind, line, col, quoted=node.style in ("'", '"'), tag=own)
        if isinstance(node, SequenceNode):
            return YSeq([self.convert(n, depth + 1) for n in node.value], line, col)
        if isinstance(node, MappingNode):
            entries: list[tuple[YScalar, YNode]] = []
            for knode, vnode in node.value:
                key = self.convert(knode, depth + 1)
                if not isinstance(key, YScalar) or key.text is None:
                    self.problems.add("keys must be plain names", line=key.line, column=key.column)
                    continue
                if _kind(knode.tag) == "merge":
                    self.problems.add(
                        "merge keys (<<) are not supported: write the fields out",
                        line=key.line,
                        column=key.column,
                    )
                    continue
                entries.append((key, self.convert(vnode, depth + 1)))
            return YMap(entries, line, col)
        raise _TooBig("unsupported YAML node", line, col)  # pragma: no cover


class _TooBig(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line, self.column = line, column


def parse_text(text: str, file: str, problems: Problems | None = None) -> YNode | None:
    """Parse YAML text into positioned nodes; syntax errors become an :class:`InputError`.

    Returns ``None`` for an empty document. ``problems`` receives structural problems such as
    merge keys; the caller decides when to raise.
    """
    problems = problems if problems is not None else Problems(file)
    yaml = YAML(typ="rt")
    # Composing is recursive: stop deep nesting before Python's recursion limit does.
    yaml.max_depth = MAX_DEPTH + 1
    try:
        with warnings.catch_warnings():
            # YAML allows an anchor to be defined again; ruamel's warning would only be noise.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            node = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if type(exc).__name__ == "MaxDepthExceededError":
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            message = f"the document is nested more than {MAX_DEPTH} levels deep"
            raise InputError([Problem(Location(file, line, column), message)]) from None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.context and exc.problem:
            message = f"YAML syntax error: {exc.problem} ({exc.context})"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InputError([Problem(Location(file, line, column), message)]) from None
    except ReaderError as exc:  # a character YAML does not allow: a control character, NUL...
        line, column = _position(text, exc.position)
        if isinstance(exc.character, int):
            message = f"YAML error: unacceptable character #x{exc.character:04x}: {exc.reason}"
        else:
            message = f"YAML error: cannot read the text: {exc.reason}"
        raise InputError([Problem(Location(file, line, column), message)]) from None
    except YAMLError as exc:
        raise InputError.single(file, f"YAML error: {exc}") from None
    except RecursionError:  # a ruamel.yaml without YAML().max_depth
        raise InputError.single(
            file, f"the document is nested more than {MAX_DEPTH} levels deep"
        ) from None
    if node is None:
        return None
    try:
        return _Converter(problems).convert(node)
    except _TooBig as exc:
        raise InputError([Problem(Location(file, exc.line, exc.column), str(exc))]) from None


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, counting line breaks as ruamel does."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, max(0, min(index, len(text)))):
        line, start = line + 1, match.end()
    return line, index - start + 1


def read_yaml_file(
    path: Path, problems: Problems | None = None, name: str | None = None
) -> tuple[str, YNode | None]:
    """Read and parse a YAML file. Returns (its name, root node); ``name`` names it in problems
    (default: :func:`~socialvalue.errors.display_path`)."""
    name, root, _ = load_yaml_file(path, problems, name)
    return name, root


def load_yaml_file(
    path: Path, problems: Problems | None = None, name: str | None = None
) -> tuple[str, YNode | None, str]:
    """As :func:`read_yaml_file`, with the SHA-256 of the bytes that were parsed.

    The file must be a regular file of at most :data:`MAX_BYTES` (see
    :func:`~socialvalue.files.read_regular_file`); a pipe, a device or ``/dev/zero`` is refused
    by name, never waited on or read without bound."""
    name = name or display_path(path)
    raw = read_regular_file(path, name, MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(name, f"not UTF-8 text (byte {exc.start})") from None
    if problems is not None:
        problems.file = name
    return name, parse_text(text, name, problems), hashlib.sha256(raw).hexdigest()


# --------------------------------------------------------------------------- typed access

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")

KIND_NAMES = {YMap: "a mapping", YSeq: "a list", YScalar: "a single value"}


def describe(node: YNode) -> str:
    if isinstance(node, YScalar):
        return node.describe()
    return KIND_NAMES[type(node)]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a misspelt word was most likely meant to be, if any is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" suffix for a misspelt word, or an empty string."""
    match = closest(word, choices)
    return f" (did you mean `{match}`?)" if match else ""


#: Characters no text value may hold: C0 controls but tab, line feed and carriage return; DEL;
#: C1 controls. YAML's reader refuses them typed raw; a double-quoted escape gets them in.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@attrs.define
class Fields:
    """Typed, checked access to one YAML mapping; every problem goes to ``problems``.

    Construct with the keys the mapping may hold; unknown keys (with a suggestion) and
    duplicate keys are reported at once. Getters return ``None`` after reporting a problem,
    so loading carries on and finds the rest.
    """

    node: YMap
    problems: Problems
    what: str
    allowed: Sequence[str]
    # Keys an unknown key was probably meant to be: their absence is that one mistake.
    misspelt: set[str] = attrs.field(factory=set, init=False)

    def __attrs_post_init__(self) -> None:
        seen: dict[str, YScalar] = {}
        for key, _ in self.node.entries:
            name = key.text or ""
            if name in seen:
                first = seen[name]
                self.error(key, f"duplicate key `{name}` (first given at line {first.line})")
            elif name not in self.allowed:
                meant = closest(name, self.allowed)
                hint = f" (did you mean `{meant}`?)" if meant else ""
                self.error(key, f"unknown key `{name}` in {self.what}{hint}")
                if meant:
                    self.misspelt.add(meant)
            seen.setdefault(name, key)

    # -- reporting
    def error(self, at: YScalar | YSeq | YMap, message: str) -> None:
        self.problems.add(message, line=at.line, column=at.column)

    def missing(self, key: str) -> None:
        if key in self.misspelt:
            return
        self.problems.add(
            f"{self.what} needs `{key}`", line=self.node.line, column=self.node.column
        )

    def has(self, key: str) -> bool:
        return self.node.get(key) is not None

    def raw(self, key: str, required: bool = False) -> YNode | None:
        node = self.node.get(key)
        if node is None or (isinstance(node, YScalar) and node.text is None):
            if required:
                self.missing(key)
            return None
        return node

    def where(self, key: str) -> YScalar | YMap:
        """The node to point at for a problem with ``key`` (its value, else the mapping)."""
        value = self.node.get(key)
        if isinstance(value, YScalar):
            return value
        return self.node.key_node(key) or self.node

    # -- scalars
    def scalar(self, key: str, required: bool = False) -> YScalar | None:
        node = self.raw(key, required)
        if node is None:
            return None
        if not isinstance(node, YScalar):
            self.error(node, f"{key} must be a single value, got {describe(node)}")
            return None
        return node

    def text(self, key: str, required: bool = False, default: str | None = None) -> str | None:
        node = self.scalar(key, required)
        if node is None:
            return default
        assert node.text is not None
        if required and not node.text.strip():
            self.error(node, f"{key} must not be empty")
            return None
        control = CONTROL_CHARACTER.search(node.text)
        if control:
            self.error(
                node,
                f"{key} holds the control character U+{ord(control.group()):04X} at character "
                f"{control.start() + 1} (written as an escape such as \\x1b or \\0 in quotes): "
                "it cannot be printed or put in a workbook; remove it",
            )
            return None
        if len(node.text) > MAX_TEXT:
            self.error(
                node,
                f"{key} is {len(node.text):,} characters long, over the limit of {MAX_TEXT:,}: "
                "shorten it",
            )
            return None
        return node.text

    def ident(self, key: str, required: bool = False) -> str | None:
        node = self.scalar(key, required)
        if node is None:
            return None
        assert node.text is not None
        if not _ID.fullmatch(node.text):
            self.error(
                node,
                f"{key} must be an identifier (letters, digits, '-', '_' or '.'), "
                f"got {node.describe()}",
            )
            return None
        return node.text

    def decimal(
        self,
        key: str,
        required: bool = False,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        positive: bool = False,
    ) -> Decimal | None:
        node = self.scalar(key, required)
        if node is None:
            return None
        value = to_decimal(node)
        if value is None:
            self.error(node, f"{key} must be a number, got {node.describe()}")
            return None
        if positive and value <= 0:
            self.error(node, f"{key} must be more than 0, got {node.text}")
            return None
        if minimum is not None and value < minimum:
            self.error(node, f"{key} must be at least {minimum}, got {node.text}")
            return None
        if maximum is not None and value > maximum:
            self.error(node, f"{key} must be at most {maximum}, got {node.text}")
            return None
        return value

    def integer(self, key: str, required: bool = False, minimum: int | None = None) -> int | None:
        node = self.scalar(key, required)
        if node is None:
            return None
        value = to_decimal(node)
        if value is None or value != value.to_integral_value():
            self.error(node, f"{key} must be a whole number, got {node.describe()}")
            return None
        if minimum is not None and value < minimum:
            self.error(node, f"{key} must be at least {minimum}, got {node.text}")
            return None
        return int(value)

    def date(self, key: str, required: bool = False) -> dt.date | None:
        """A ``YYYY-MM-DD`` date at ``key``, or None (after a problem if it is not one)."""
        node = self.scalar(key, required)
        if node is None:
            return None
        try:
            return dt.date.fromisoformat(str(node.text).strip())
        except ValueError:
            self.error(node, f"{key} must be a date written YYYY-MM-DD, got {node.describe()}")
            return None

    def boolean(self, key: str, default: bool = False) -> bool:
        node = self.scalar(key)
        if node is None:
            return default
        if node.kind == "bool" and not node.quoted:
            return (node.text or "").lower() == "true"
        self.error(node, f"{key} must be true or false, got {node.describe()}")
        return default

    def choice(
        self, key: str, choices: Sequence[C], required: bool = False, default: C | None = None
    ) -> C | None:
        """The value of ``key`` if it is one of ``choices`` (typed as they are), else a problem."""
        node = self.scalar(key, required)
        if node is None:
            return default
        if node.text not in choices:
            options = ", ".join(choices)
            hint = suggest(node.text or "", choices)
            self.error(node, f"{key} must be one of {options}; got {node.describe()}{hint}")
            return None
        return cast(C, node.text)

    # -- containers
    def mapping(self, key: str, required: bool = False) -> YMap | None:
        node = self.raw(key, required)
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.error(node, f"{key} must be a mapping of keys to values, got {describe(node)}")
            return None
        return node

    def sequence(self, key: str, required: bool = False) -> list[YNode]:
        node = self.raw(key, required)
        if node is None:
            return []
        if not isinstance(node, YSeq):
            self.error(node, f"{key} must be a list, got {describe(node)}")
            return []
        if required and not node.items:
            self.error(node, f"{key} must list at least one entry")
        return node.items

    def maps(self, key: str, required: bool = False) -> list[YMap]:
        """A list whose entries must all be mappings; other entries are reported and skipped."""
        out: list[YMap] = []
        for item in self.sequence(key, required):
            if isinstance(item, YMap):
                out.append(item)
            else:
                self.error(item, f"each entry of {key} must be a mapping, got {describe(item)}")
        return out

    def texts(self, key: str) -> list[str]:
        out: list[str] = []
        for item in self.sequence(key):
            if isinstance(item, YScalar) and item.text is not None:
                out.append(item.text)
            else:
                self.error(item, f"each entry of {key} must be text, got {describe(item)}")
        return out


def to_decimal(node: YScalar) -> Decimal | None:
    """The exact decimal an author typed, or ``None`` if it is not a finite, sane number.

    Sane: less than :data:`MAX_NUMBER` (10^15) in magnitude and, unless 0, at least
    :data:`MIN_NUMBER` (10^-15), with at most :data:`MAX_DIGITS` digits and decimal places. The
    engine computes with exact fractions, so ``1e-999999999`` would make it build a number with
    a billion digits.
    """
    if node.text is None or node.kind == "bool":
        return None
    text = node.text.strip().replace("_", "")
    if len(text) > 2 * MAX_DIGITS or not _NUMBER.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - regex already guards
        return None
    if not is_sane_number(value):
        return None
    return value + 0 if value == 0 else value  # normalise -0


def is_sane_number(value: Decimal) -> bool:
    """Finite, under 10^15 in magnitude, 0 or at least 10^-15, at most 40 digits and places."""
    if not value.is_finite():
        return False
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) > MAX_DIGITS or exponent < -MAX_DIGITS:
        return False
    if value == 0:
        return True
    return MIN_NUMBER <= abs(value) < MAX_NUMBER


def as_map(
    node: YNode | None, problems: Problems, what: str, keys: Sequence[str] = ()
) -> YMap | None:
    """Check that a document's root is a mapping, and (given its ``keys``) that it holds at
    least one of them: a file that is not what it should be (``rubric: /etc/passwd``) is one
    problem that echoes none of its content."""
    if node is None:
        problems.add(f"the file is empty; expected {what}", line=1, column=1)
        return None
    if not isinstance(node, YMap):
        got = describe(node)
        if isinstance(node, YScalar) and node.text is not None and len(node.text) > 40:
            got = f"text of {len(node.text):,} characters"  # quoting none of it
        problems.add(
            f"expected {what} (a mapping of keys), got {got}: is this the right file?",
            line=node.line,
            column=node.column,
        )
        return None
    if keys and node.entries and not any(k.text in keys for k, _ in node.entries):
        problems.add(
            f"expected {what}, but none of its {len(node.entries):,} top-level keys is one "
            f"{what} has (such as {', '.join(f'`{k}`' for k in keys[:3])}): is this the "
            "right file?",
            line=node.line,
            column=node.column,
        )
        return None
    return node
