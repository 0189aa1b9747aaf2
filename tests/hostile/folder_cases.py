"""Hostile cases that need a tender folder around them (issue 15 items 4, 5, 9 and 14).

* :data:`PATH_CASES`: what ``rubric:`` or ``proxy_set:`` in tender.yaml may name: a device
  (``/dev/zero``), a named pipe, ``/etc/passwd``, a secret file reached by climbing out of the
  folder (``../../../etc/shadow``), a 6 GB sparse file. :func:`write_path_case` builds one.
* :data:`TEMPLATE_CASES`: a tender's own ``templates/`` override reaching for Python, modifying
  what it is given, or a symbolic link to a file outside.
* :data:`FORMULA_TEXTS`: formula-looking text an author types into tender.yaml or a rubric.
* :data:`RECORD_EDITS`: hand edits of results.json that ``pack`` must refuse by JSON path.

Each is data with what the toolkit must say; ``scripts/make_hostile_corpus.py`` writes them
(``tender-paths/``, ``templates/``) and lists them in MANIFEST.json, and the tests build them
into temporary tenders the same way. ``tender-paths/`` holds named pipes: copy it with
``cp -r`` (which makes new pipes), not with a tool that opens every file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: A shadow file's shape, invented: none of it may appear in any message.
SECRET = "root:$6$s3cr3tsalt$HASHEDPASSWORD:19000:0:99999:7:::\n" + "".join(
    f"user{n}:$6$salt{n}$HASH{n}:19000:0:99999:7:::\n" for n in range(20)
)
SECRET_TEXTS = ("HASHEDPASSWORD", "s3cr3t", "root:", "/bin/", "daemon")

PATH_TENDER = """\
reference: TP-2026-001
title: Grounds maintenance
buyer: Example Council
contract:
  value: 2000000
rubric: {rubric}
{proxy}evaluators:
  - {{id: e1, name: Jo Bloggs}}
"""


@dataclass(frozen=True)
class PathCase:
    """``rubric`` (and ``proxy_set`` when given) as tender.yaml names them; ``special`` makes the
    file named (in the case's folder); ``expect``: what check's output must contain."""

    about: str
    rubric: str
    expect: tuple[str, ...]
    proxy_set: str | None = None
    special: Callable[[Path], None] | None = field(default=None, repr=False)
    needs: str | None = None  # a path that must exist on this system (else the case is skipped)


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda tender: os.mkfifo(tender / name)


def _sparse(name: str, size: int) -> Callable[[Path], None]:
    def make(tender: Path) -> None:
        with (tender / name).open("wb") as handle:
            handle.truncate(size)  # nothing on disk

    return make


def _shadow_above(tender: Path) -> None:
    """A secret file three folders above the tender: ``../../../etc/shadow``."""
    secret = tender.parents[2] / "etc" / "shadow"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(SECRET, encoding="utf-8")


NOT_A_RUBRIC = "is this the right file?"
PATH_CASES = {
    "rubric-dev-zero": PathCase(
        "rubric: /dev/zero (read 3.8 GB, then a traceback)",
        "/dev/zero",
        ("zero: is a character device, not a regular file: name a file",),
        needs="/dev/zero",
    ),
    "rubric-fifo": PathCase(
        "rubric: fifo.yaml, a named pipe (hung check for ever)",
        "fifo.yaml",
        ("fifo.yaml: is a named pipe, not a regular file: name a file",),
        special=_fifo("fifo.yaml"),
    ),
    "proxies-fifo": PathCase(
        "proxy_set: proxies.yaml, a named pipe",
        "local-authority",
        ("proxies.yaml: is a named pipe, not a regular file",),
        proxy_set="proxies.yaml",
        special=_fifo("proxies.yaml"),
    ),
    "rubric-etc-passwd": PathCase(
        "rubric: /etc/passwd (read, and its content echoed in messages)",
        "/etc/passwd",
        ("expected a rubric (a mapping of keys), got text of", NOT_A_RUBRIC),
        needs="/etc/passwd",
    ),
    "proxies-climbing-to-shadow": PathCase(
        "proxy_set: ../../../etc/shadow, a secret file reached by climbing out of the folder",
        "local-authority",
        ("etc/shadow:1:1: expected a proxy set, but none of its 21 top-level keys", NOT_A_RUBRIC),
        proxy_set="../../../etc/shadow",
        special=_shadow_above,
    ),
    "rubric-6gb-sparse": PathCase(
        "rubric: big.yaml, a 6 GB sparse file",
        "big.yaml",
        ("big.yaml: file is 6,000,000,000 bytes; the limit is 5,242,880",),
        special=_sparse("big.yaml", 6_000_000_000),
    ),
}


def path_case_folder(root: Path) -> Path:
    """Where a path case's tender goes below ``root`` (three folders down, for climbing)."""
    return root / "council" / "tenders" / "tender"


def write_path_case(name: str, root: Path) -> Path:
    """Build :data:`PATH_CASES` ``name`` below ``root``; return the tender folder."""
    case = PATH_CASES[name]
    tender = path_case_folder(root)
    (tender / "responses").mkdir(parents=True, exist_ok=True)
    (tender / "scores").mkdir(exist_ok=True)
    proxy = f"proxy_set: {case.proxy_set}\n" if case.proxy_set else ""
    text = PATH_TENDER.format(rubric=case.rubric, proxy=proxy)
    (tender / "tender.yaml").write_text(text, encoding="utf-8")
    if case.special is not None:
        case.special(tender)
    return tender


#: The escape that ran a shell command through the unsandboxed environment (issue 15 item 5).
TEMPLATE_ESCAPE = "{{ cycler.__init__.__globals__.os.popen('echo PWNED-$((6*7))').read() }}"
TEMPLATE_CASES = {
    "python-globals": (
        "a pack template override reaching os.popen through cycler's globals",
        "_branding_head.html.j2",
        TEMPLATE_ESCAPE,
        "the sandbox forbids",
    ),
    "subclasses": (
        "a pack template override listing every class through a string's __class__",
        "_branding_head.html.j2",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "the sandbox forbids",
    ),
    "symlink-to-a-secret": (
        "a pack template override that is a symbolic link to a file outside (/etc/passwd)",
        "_logo.html.j2",
        None,  # a symbolic link, not text
        "templates/pack/_logo.html.j2 is a symbolic link",
    ),
}
"""name -> (what it is, the pack template it overrides, its text, what ``pack`` must say)."""

#: Formula-looking text typed by a tender's author (issue 15 item 9): never a live formula in
#: the response template, the scoresheets or the moderation workbook.
FORMULA_TEXTS = {
    "buyer": "=1+1",
    "measure title": '=HYPERLINK("https://evil.invalid/","Click")',
    "evaluator name": '=HYPERLINK("https://evil.invalid/","Click")',
}
#: Escapes in tender.yaml text (issue 15 item 9): key -> (escape as typed in quotes, code).
TEXT_ESCAPES = (
    ("title", "\\x1b[31m", "U+001B"),
    ("title", "\\0", "U+0000"),
    ("buyer", "\\x85", "U+0085"),
)

#: Hand edits of results.json (issue 15 item 14): name -> (path in the record, the value put
#: there, the message ``pack`` gives for out/results.json).
RECORD_EDITS: dict[str, tuple[str, object, str]] = {
    "bidders null": ("bidders", None, "$.bidders: None is not of type 'array'"),
    "NaN decimal": (
        "bidders.0.totals.total",
        "NaN",
        '$.bidders[0].totals.total: "NaN" is not a decimal written as digits',
    ),
    "Infinity decimal": (
        "bidders.0.totals.total",
        "Infinity",
        '$.bidders[0].totals.total: "Infinity" is not a decimal written as digits',
    ),
    "number for a decimal": (
        "bidders.0.totals.total",
        51.77,
        "$.bidders[0].totals.total: 51.77 is not of type 'string'",
    ),
    "version 99": (
        "schema_version",
        99,
        'schema_version 99 is not supported (this toolkit reads "1.x")',
    ),
    "version 2.0": ("schema_version", "2.0", 'schema_version "2.0" is not supported'),
    "unknown key": (
        "bidders.0.totals.bonus",
        "5",
        "$.bidders[0].totals: Additional properties are not allowed ('bonus' was unexpected)",
    ),
}


def write_folder_cases(folder: Path) -> dict[str, object]:
    """Write the path and template cases below ``folder``; return their MANIFEST.json part."""
    paths: dict[str, object] = {}
    for name, case in PATH_CASES.items():
        if case.needs and not Path(case.needs).exists():
            continue
        tender = write_path_case(name, folder / "tender-paths" / name)
        paths[tender.relative_to(folder).as_posix()] = {"about": case.about, "check": case.expect}
    templates: dict[str, object] = {}
    for name, (about, target, text, expect) in TEMPLATE_CASES.items():
        path = folder / "templates" / name / "templates" / "pack" / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.symlink_to("/etc/passwd")
        else:
            path.write_text(text, encoding="utf-8")
        templates[path.relative_to(folder).as_posix()] = {"about": about, "pack": expect}
    return {
        "tender_paths": paths,
        "templates": templates,
        "formula_texts": FORMULA_TEXTS,
        "record_edits": {
            name: {"path": path, "value": value, "message": message}
            for name, (path, value, message) in RECORD_EDITS.items()
        },
    }
