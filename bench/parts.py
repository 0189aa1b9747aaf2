"""What a workbook stuffed with junk in one part costs the reader: time and peak memory.

    .venv/bin/python -m bench.parts                  # every case, default sizes
    .venv/bin/python -m bench.parts --names 1500000 --properties 1000000

Each case is a small valid workbook with one part filled with junk (defined names, custom
document properties, shared strings, style records, relationships), written to a temporary
folder and read by :func:`socialvalue.workbook.open_workbook` in a fresh interpreter, so its
peak resident memory (``VmHWM``) is its own. The figures for issue 15 item 13 are in
RESULTS.md. Never run by the tests: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def workbook(path: Path, *, names: str = "", extra: dict[str, str] | None = None) -> Path:
    """A one-sheet workbook; ``names`` goes in ``<definedNames>``, ``extra`` adds parts."""
    parts = {
        "[Content_Types].xml": DECL
        + f'<Types xmlns="{CT}"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": DECL + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="'
        f'{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Response" sheetId="1" r:id="rId1"/></sheets>'
        + (f"<definedNames>{names}</definedNames>" if names else "")
        + "</workbook>",
        "xl/_rels/workbook.xml.rels": DECL + f'<Relationships xmlns="{PKG}"><Relationship '
        f'Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": DECL + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        '<c r="A1"><v>1</v></c></row></sheetData></worksheet>',
    }
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def many_names(path: Path, n: int) -> Path:
    names = "".join(f'<definedName name="junk{i}">Response!$A$1</definedName>' for i in range(n))
    return workbook(path, names=names)


def many_properties(path: Path, n: int) -> Path:
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 2}" '
        f'name="p{i}"><vt:lpwstr>x</vt:lpwstr></property>'
        for i in range(n)
    )
    custom = DECL + f'<Properties xmlns="{PROPS}" xmlns:vt="{VT}">{props}</Properties>'
    return workbook(path, extra={"docProps/custom.xml": custom})


def many_strings(path: Path, n: int) -> Path:
    strings = DECL + f'<sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">'
    strings += "".join(f"<si><t>s{i}</t></si>" for i in range(n)) + "</sst>"
    return workbook(path, extra={"xl/sharedStrings.xml": strings})


def many_styles(path: Path, n: int) -> Path:
    xfs = "".join(f'<xf numFmtId="{i}" fontId="{i % 7}" applyFont="1"/>' for i in range(n))
    styles = DECL + f'<styleSheet xmlns="{MAIN}"><cellXfs count="{n}">{xfs}</cellXfs></styleSheet>'
    return workbook(path, extra={"xl/styles.xml": styles})


CASES: dict[str, Callable[[Path, int], Path]] = {
    "names": many_names,
    "properties": many_properties,
    "strings": many_strings,
    "styles": many_styles,
}
DEFAULTS = {"names": 1_500_000, "properties": 1_000_000, "strings": 2_000_000, "styles": 1_000_000}

_CHILD = """
import json, sys, time
from socialvalue.errors import InputError
from socialvalue.workbook import open_workbook
started = time.perf_counter()
try:
    book = open_workbook(sys.argv[1])
    outcome = f"read: {len(book.defined_names):,} names, {len(book.custom_properties):,} properties"
except InputError as error:
    outcome = "refused: " + str(error.problems[0])[:160]
seconds = time.perf_counter() - started
# VmHWM, not ru_maxrss: Linux carries a parent's ru_maxrss into the child it forks.
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))
"""


def measure(path: Path) -> dict[str, object]:
    """Read ``path`` in a fresh interpreter: its wall time, peak resident memory (VmHWM, MB) and outcome."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def baseline_mb() -> float:
    """Peak RSS of an interpreter that only imports the reader (subtract it to compare)."""
    code = (
        "import socialvalue.workbook\n"
        "print(next(line.split()[1] for line in open('/proc/self/status') "
        "if line.startswith('VmHWM')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout) / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for case, n in DEFAULTS.items():
        parser.add_argument(f"--{case}", type=int, default=n, help=f"how many (default {n:,})")
    parser.add_argument("--only", default=",".join(CASES), help="cases, comma-separated")
    args = parser.parse_args(argv)
    print(f"interpreter with the reader imported: {baseline_mb():.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.only.split(","):
            n = getattr(args, case)
            started = time.perf_counter()
            path = CASES[case](Path(tmp) / f"{case}.xlsx", n)
            built = time.perf_counter() - started
            size = path.stat().st_size / 1024 / 1024
            got = measure(path)
            print(
                f"{n:>10,} {case:<11} {size:6.1f} MB file (built in {built:.1f} s): "
                f"{got['seconds']:.2f} s, peak {got['peak_mb']:.0f} MB; {got['outcome']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
