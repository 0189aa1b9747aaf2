"""Build real packs and summaries from results.json and read them back.

Each build takes a few seconds, so builds are shared per module; every test reads the PDFs
back (pypdf text per page, pdftoppm pixels, qpdf) and would fail on the fault it names.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pdfua import validate
from pypdf import PdfReader

from socialvalue.errors import InputError
from socialvalue.pack import PackReport, build_pack, pack_context
from socialvalue.pack.arithmetic import share_text
from socialvalue.pack.chart import ALT_TEXT
from socialvalue.pack.figures import (
    at_most_places,
    money,
    percent,
    points,
    rounded,
)
from socialvalue.pack.names import all_safe
from socialvalue.render import ASSET_BASE_URL, SafeURLFetcher, make_environment, render_pdf
from socialvalue.resources import templates_dir

SAMPLE = Path(__file__).parent / "data" / "results-sample.json"
GENERATED = dt.datetime(2026, 3, 20, tzinfo=dt.UTC)
LONG = "Supercalifragilistic" * 8
HOSTILE_NAMES = {
    "acme": '<img src="file:///etc/passwd"><script>alert(1)</script> Acme ' + LONG,
    "brightway": "../../etc/passwd",
    "civic": "CON",
    "dunmore": "שלום مرحبا",
}
EVIDENCE = (
    'body{background:url(file:///etc/passwd)} <a href="http://example.com/x">link</a> '
    "<style>@import url(http://example.com/x.css)</style> " + LONG
)
ANSWER = '<script>alert("answer")</script> <img src="http://example.com/t.png"> עברית ' + LONG
RATIONALE = '<a href="javascript:alert(1)">x</a> '
CONSENSUS = '<iframe src="file:///etc/shadow"></iframe> '
EMOJI = "Volunteering days 🎉🌳 with the park"
SECTIONS = (
    "Contents",
    "Summary",
    "Methodology",
    "Bidders",
    "Moderation record",
    "Sensitivity",
    "Exclusions",
    "Audit appendix",
)


def need(tool: str) -> str:
    """The tool's path; skip when absent (fail under CI=true)."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (Debian: apt-get install poppler-utils qpdf)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run this check")
        pytest.skip(message)
    return path


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks long lines and words anywhere."""
    return "".join(text.split())


def page_texts(path: Path) -> list[str]:
    """Text per page (cached: the files are not rewritten within a test session)."""
    return list(_page_texts(str(path), path.stat().st_mtime_ns))


@functools.cache
def _page_texts(path: str, mtime: int) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in PdfReader(path).pages)


def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def write_results(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "results.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def hostile_results() -> dict[str, Any]:
    data = sample()
    for b in data["bidders"]:
        b["name"] = HOSTILE_NAMES[b["key"]]
        for c in b["criteria"]:
            for m in c["measures"] or []:
                m["evidence"] = EVIDENCE
            if c["answer"]:
                c["answer"]["text"] = ANSWER
            for p in c["parts"] or []:
                for s in p["evaluator_scores"]:
                    s["rationale"] = RATIONALE + (s["rationale"] or "") + " " + LONG
                if p["consensus"]:
                    p["consensus"]["rationale"] = CONSENSUS + p["consensus"]["rationale"]
    for r in data["ranking"]:
        r["name"] = HOSTILE_NAMES[r["bidder"]]
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> PackReport:
    results = write_results(tmp_path_factory.mktemp("sample") / "out", sample())
    return build_pack(results, processes=2, generated=GENERATED)


@pytest.fixture(scope="module")
def fetched() -> Iterator[list[str]]:
    yield []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, fetched: list[str]) -> PackReport:
    """The hostile variant, rendered in this process (processes=1) with a spy on the fetcher."""
    results = write_results(tmp_path_factory.mktemp("hostile") / "out", hostile_results())
    real_fetch = SafeURLFetcher.fetch

    def spy(self: SafeURLFetcher, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return real_fetch(self, url, headers)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendering tried to open a network connection")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SafeURLFetcher, "fetch", spy)
        mp.setattr("socket.socket.connect", no_network)
        return build_pack(results, processes=1, generated=GENERATED)


# --- content ---------------------------------------------------------------------------------


def test_every_section_heading_and_contents_page_numbers(built: PackReport) -> None:
    texts = page_texts(built.pack)
    assert built.pages == len(texts) >= 10
    contents = next(i for i, t in enumerate(texts) if t.lstrip().startswith(tuple(SECTIONS[:1])))
    for heading in SECTIONS[1:]:
        match = re.search(rf"^{heading}\s*\.*\s*(\d+)$", texts[contents], re.MULTILINE)
        assert match, f"{heading} missing from the contents"
        page = int(match.group(1))
        # The section starts on the page the contents names (its heading is the page's first line).
        body = texts[page - 1].splitlines()
        assert heading in body[:3], (heading, page, body[:3])
    assert "Social value evaluation pack" in texts[0]
    assert all(f"Page {i} of {len(texts)}" in t for i, t in enumerate(texts, start=1))
    assert all("OFFICIAL-SENSITIVE" in t and "EDC-2026-014" in t for t in texts)


def test_cover_status_and_example_values(built: PackReport) -> None:
    results = sample()
    cover = " ".join(page_texts(built.pack)[0].split())
    assert "Status: PROVISIONAL" in cover
    for reason in results["status"]["reasons"]:
        assert " ".join(reason.split()) in cover
    assert results["tender"]["title"] in cover and results["tender"]["buyer"] in cover
    assert "20 March 2026" in cover
    text = squash(" ".join(page_texts(built.pack)))
    assert squash(results["proxy_set"]["label"]) in text
    assert "EXAMPLEVALUES" in text


def expected_numbers(results: dict[str, Any]) -> dict[str, list[str]]:
    """Every figure of each bidder, formatted as the pack prints it."""
    places = results["rubric"]["rounding"]["places"]
    currency = results["tender"]["currency"]
    out: dict[str, list[str]] = {}
    for b in results["bidders"]:
        t = b["totals"]
        figures = [
            rounded(t["total_rounded"]),
            rounded(t["evaluation_points_rounded"]),
            money(t["social_value_gbp"], currency),
            percent(t["percent_of_contract"], places),
            points(t["total"], places),
        ]
        for c in b["criteria"]:
            figures.append(points(c["weighted_points"], places))
            figures.append(share_text(c["fraction"], c["marks"], c["weighted_points"], places))
            for m in c["measures"] or []:
                figures += [at_most_places(m["quantity"]), money(m["gbp_value"], currency)]
                figures.append(money(m["proxy_value"], currency))
            if c["gbp_value"] is not None:
                figures.append(money(c["gbp_value"], currency))
            for p in c["parts"] or []:
                figures.append(at_most_places(p["final_score"], places))
                figures += [at_most_places(s["score"], places) for s in p["evaluator_scores"]]
        out[b["key"]] = figures
    return out


def bidder_page(texts: list[str], name: str) -> int:
    """The page where a bidder's part starts: its name, then the "Bid overview" table."""
    return next(i for i, t in enumerate(texts) if f"{name}\nBid overview" in t)


def test_every_number_is_in_the_bidders_own_pages(built: PackReport) -> None:
    results = sample()
    texts = page_texts(built.pack)
    starts = [bidder_page(texts, b["name"]) for b in results["bidders"]]
    ends = [*starts[1:], next(i for i, t in enumerate(texts) if "Moderation record\n" in t)]
    for b, start, end in zip(results["bidders"], starts, ends, strict=True):
        own = squash(" ".join(texts[start:end]))
        for figure in expected_numbers(results)[b["key"]]:
            assert squash(figure) in own, (b["key"], figure)
    assert "GBP 124,500" in texts[starts[0]] and "72.29...%" in " ".join(texts[starts[1] : ends[1]])


def test_summary_page_ranking_and_chart_table(built: PackReport) -> None:
    results = sample()
    texts = page_texts(built.pack)
    summary = next(t for t in texts if t.lstrip().startswith("Summary\n"))
    flat = " ".join(summary.split())
    assert results["outcome"]["text"] in flat
    for entry in results["ranking"]:
        row = f"{entry['rank']} {entry['name']} {entry['total_rounded']}"
        assert row in flat, row
    places = results["rubric"]["rounding"]["places"]
    ranked = [b for b in results["bidders"] if b["status"] == "ranked"]
    assert len(ranked) <= 4  # one Table 1: criteria down, bidders across
    assert "Criterion " + " ".join(b["name"] for b in ranked) in flat
    criteria = [c for s in results["rubric"]["sections"] for c in s["criteria"]]
    for c in criteria:
        own = [next(x for x in b["criteria"] if x["id"] == c["id"]) for b in ranked]
        cells = [points(x["weighted_points"], places) for x in own]
        assert f"{c['id']} {c['title']} {' '.join(cells)}" in flat, c["id"]
    assert "Total " + " ".join(b["totals"]["total_rounded"] for b in ranked) in flat
    assert "Disqualified" in flat


def test_methodology_moderation_sensitivity_audit(built: PackReport) -> None:
    results = sample()
    text = squash(" ".join(page_texts(built.pack)))
    rubric = results["rubric"]
    for scale in rubric["scales"]:
        for level in scale["levels"]:
            assert squash(level["descriptor"]) in text
    for section in rubric["sections"]:
        for c in section["criteria"]:
            assert squash(f"{c['id']} {c['title']}") in text
    for tie in rubric["tie_breaks"]:
        assert squash(tie["text"]) in text
    proxy = results["proxy_set"]
    for key in ("source", "version", "licence"):
        assert squash(str(proxy[key])) in text
    assert squash(str(proxy["price_year"])) in text
    for m in results["moderation"]:
        if m["consensus_rationale"]:
            assert squash(m["consensus_rationale"]) in text
    for c in results["conflicts"]:
        assert squash(c["note"]) in text
    for s in results["sensitivity"]["criteria"]:
        if s["break_even"]:
            assert squash(s["break_even"]["text"]) in text
    for f in results["files"]:
        assert f["sha256"] in text and squash(f["path"]) in text
    assert squash(rubric["sha256"]) in text
    # The methodology fingerprint the forms carry, beside the rubric file's own hash.
    assert squash(f"SHA-256 {rubric['methodology_sha256']}") in text
    assert squash(f"socialvalue {results['toolkit']['version']}") in text
    assert "2026-03-2000:00:00UTC" in text
    for flag in results["flags"]:
        assert squash(flag["reason"]) in text
        if flag["decision"]:  # the panel's decision on a credibility flag, and its effect
            assert squash(flag["decision"]["text"]) in text
    assert squash("No panel decision recorded") in text  # Dunmore's evidence_missing flag
    for b in results["bidders"]:
        for r in (b["disqualification"] or {}).get("reasons", []):
            assert squash(r["text"]) in text


# --- summaries -------------------------------------------------------------------------------


def test_one_summary_per_assessed_bidder(built: PackReport) -> None:
    results = sample()
    keys = [s.key for s in built.summaries]
    assert keys == [b["key"] for b in results["bidders"]]
    names = [s.path.name for s in built.summaries]
    assert all_safe(names) and len(set(names)) == len(names)
    assert sorted(p.name for p in (built.pack.parent / "summaries").iterdir()) == sorted(names)
    winner = next(b for b in results["bidders"] if b["key"] == results["outcome"]["winner"])
    for summary in built.summaries:
        texts = page_texts(summary.path)
        flat = " ".join(" ".join(texts).split())
        assert "Assessment summary" in flat and summary.name in flat
        # Each criterion's title, importance and scale; the winner's figures in every summary.
        for c in winner["criteria"]:
            assert c["title"] in flat
            assert points(c["weighted_points"], 3) + " of " + at_most_places(c["marks"]) in flat
        assert f"{winner['totals']['total_rounded']} of 10" in flat
        assert winner["name"] in flat
        for level in results["rubric"]["scales"][0]["levels"]:
            assert " ".join(level["descriptor"].split()) in flat
        bidder = next(b for b in results["bidders"] if b["key"] == summary.key)
        assert f"{bidder['totals']['total_rounded']} of 10" in flat
        assert "PROVISIONAL" in flat
        assert all(f"Page {i} of {len(texts)}" in t for i, t in enumerate(texts, 1))


def test_summaries_explain_by_reference_to_the_tender(built: PackReport) -> None:
    by_key = {s.key: " ".join(" ".join(page_texts(s.path)).split()) for s in built.summaries}
    brightway = by_key["brightway"]
    assert "Your tender is not the most advantageous tender: it scored 6.614 of 10" in brightway
    assert "GBP 90,000 of social value committed (4.5% of contract value" in brightway
    assert "72.3% of the highest eligible bid (GBP 124,500)" in brightway
    assert "Evaluators' comments:" in brightway
    assert "Agreed at moderation:" in by_key["acme"]
    assert "most advantageous tender on the social value criteria, ranked 1st" in by_key["acme"]
    dunmore = by_key["dunmore"]
    assert "Your tender was disqualified" in dunmore
    reason = sample()["bidders"][3]["disqualification"]["reasons"][0]["text"]
    assert " ".join(reason.split()) in dunmore
    # Evaluators are not named to bidders.
    assert all("Priya Shah" not in text for text in by_key.values())


def test_empty_explanation_fails_before_anything_is_written(tmp_path: Path) -> None:
    data = sample()
    part = data["bidders"][2]["criteria"][1]["parts"][0]
    part["consensus"] = None
    for score in part["evaluator_scores"]:
        score["rationale"] = ""
    out = tmp_path / "out"
    results = write_results(tmp_path / "in", data)
    with pytest.raises(InputError) as caught:
        build_pack(results, out_dir=out, generated=GENERATED, processes=1)
    message = str(caught.value)
    assert "Civic Works LLP (bidder civic)" in message and "criterion W1" in message
    assert not out.exists()
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["results.json"]


# --- hostile text ----------------------------------------------------------------------------


def test_hostile_text_is_printed_literally_and_nothing_fetched(
    hostile: PackReport, fetched: list[str]
) -> None:
    assert hostile.refused == ()
    assert fetched and all(url.startswith(ASSET_BASE_URL) for url in fetched), set(fetched)
    pack = squash(" ".join(page_texts(hostile.pack)))
    for text in (*HOSTILE_NAMES.values(), EVIDENCE, RATIONALE, CONSENSUS, "עברית"):
        assert squash(text) in pack, text
    assert squash(ANSWER.split(" עברית")[0]) in pack
    for summary in hostile.summaries:
        flat = squash(" ".join(page_texts(summary.path)))
        assert squash(summary.name) in flat
        assert squash(HOSTILE_NAMES["acme"]) in flat  # the winner, in every summary
    names = {s.key: s.path.name for s in hostile.summaries}
    assert names["brightway"] == "etc-passwd.pdf"  # "../../etc/passwd"
    assert names["civic"] == "con-bidder.pdf"  # "CON"
    assert names["dunmore"] == "dunmore.pdf"  # nothing ASCII in the name: the key
    assert names["acme"].startswith("img-src-file-etc-passwd-script-alert")
    assert all_safe(names.values())
    assert all(s.path.parent == hostile.pack.parent / "summaries" for s in hostile.summaries)
    for path in (hostile.pack, *(s.path for s in hostile.summaries)):
        for page in PdfReader(path).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                assert action is None or "/URI" not in action, "a link out of the document"


def test_emoji_text_survives(tmp_path: Path) -> None:
    """Emoji have no glyph in our fonts: a .notdef box is drawn, the text stays extractable.

    (WeasyPrint then writes a font encoding that pypdf 7 cannot decode, so poppler reads it.)
    """
    pdftotext = need("pdftotext")
    data = hostile_results()
    data["bidders"][3]["criteria"][0]["measures"][2]["evidence"] = EMOJI
    page = (
        '{% extends "_base.html.j2" %}{% block title %}Emoji{% endblock %}{% block content %}'
        '{% with bidder = bidders[3] %}{% include "pack/_bidder.html.j2" %}{% endwith %}'
        "{% endblock %}"
    )
    html = (
        make_environment([templates_dir()])
        .from_string(page)
        .render(**pack_context(data, generated=GENERATED))
    )
    pdf = tmp_path / "emoji.pdf"
    render_pdf(html, pdf, asset_dirs=[templates_dir() / "assets"], created=GENERATED)
    result = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
    assert EMOJI in " ".join(result.stdout.split())
    assert "שלום" in result.stdout


# --- pixels ----------------------------------------------------------------------------------

DPI = 30
STRIP_MM = 5
INK = 200
#: The page area inside print.css's margins (top, bottom, sides), in mm.
BODY_MM = (22, 20, 18)


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5", path
    width, height, maxval = int(parts[1]), int(parts[2]), int(parts[3])
    assert maxval == 255
    return width, height, parts[4][: width * height]


def page_faults(pdf: Path, tmp: Path) -> list[str]:
    """Pages with nothing in the body area (blank but for the running header and footer), and
    ink in the outer margin strip (content running off the page)."""
    pdftoppm = need("pdftoppm")
    prefix = tmp / pdf.stem
    subprocess.run([pdftoppm, "-r", str(DPI), "-gray", str(pdf), str(prefix)], check=True)
    px = DPI / 25.4
    strip = max(1, round(STRIP_MM * px))
    faults = []
    for image in sorted(tmp.glob(f"{pdf.stem}-*.pgm")):
        width, height, pixels = read_pgm(image)
        top, bottom, side = round(BODY_MM[0] * px), round(BODY_MM[1] * px), round(BODY_MM[2] * px)
        body = [
            pixels[y * width + x]
            for y in range(top, height - bottom)
            for x in range(side, width - side)
        ]
        if min(body, default=255) >= INK:
            faults.append(f"{image.name}: blank page")
        for i, value in enumerate(pixels):
            x, y = i % width, i // width
            if value < INK and (
                x < strip or y < strip or x >= width - strip or y >= height - strip
            ):
                faults.append(f"{image.name}: ink at ({x}, {y}) in the outer {STRIP_MM} mm")
                break
    return faults


def test_no_blank_pages_and_nothing_off_the_page(
    built: PackReport, hostile: PackReport, tmp_path: Path
) -> None:
    for report, label in ((built, "sample"), (hostile, "hostile")):
        for pdf in (report.pack, *(s.path for s in report.summaries)):
            folder = tmp_path / label / pdf.stem
            folder.mkdir(parents=True)
            assert page_faults(pdf, folder) == [], pdf


def test_page_fault_detector_catches_overflow_and_blank_pages(tmp_path: Path) -> None:
    """Control: a too-wide box and an empty page are caught."""
    html = (
        make_environment([templates_dir()])
        .from_string(
            '{% extends "_base.html.j2" %}{% block title %}t{% endblock %}{% block content %}'
            '<p style="width: 260mm; border-top: 4pt solid black">wide</p>'
            '<p style="break-before: page"></p>{% endblock %}'
        )
        .render(created=GENERATED)
    )
    pdf = tmp_path / "bad.pdf"
    render_pdf(html, pdf, asset_dirs=[templates_dir() / "assets"], created=GENERATED)
    faults = page_faults(pdf, tmp_path)
    assert len(faults) == 2, faults
    assert faults[0].startswith("bad-1.pgm: ink at") and faults[0].endswith("outer 5 mm")
    assert faults[1] == "bad-2.pgm: blank page"


# --- structure -------------------------------------------------------------------------------


def test_qpdf_check(built: PackReport, hostile: PackReport) -> None:
    qpdf = need("qpdf")
    for pdf in (built.pack, hostile.pack, built.summaries[0].path, hostile.summaries[3].path):
        result = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def structure_types(reader: PdfReader) -> tuple[set[str], list[str]]:
    """Structure element types and the /Alt texts of the structure tree."""
    types: set[str] = set()
    alts: list[str] = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if "/S" in node:
            types.add(str(node["/S"]))
        if "/Alt" in node:
            alts.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/Type" in kid and kid["/Type"] == "/StructElem":
                stack.append(kid)
    return types, alts


def test_tagged_pdf_ua(built: PackReport) -> None:
    for pdf in (built.pack, built.summaries[1].path):
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB"
        assert bool(root["/MarkInfo"]["/Marked"])
        assert 'pdfuaid:part="1"' in reader.xmp_metadata.rdf_root.toxml()
        types, _ = structure_types(reader)
        assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= types, types
    pack_types, pack_alts = structure_types(PdfReader(built.pack))
    assert {"/H3", "/Figure", "/Caption", "/Link"} <= pack_types
    assert pack_alts == [ALT_TEXT]
    assert PdfReader(built.pack).metadata.title.startswith("Social value evaluation pack: ")


# --- reproducibility, archival, CLI, overrides -----------------------------------------------

TENDER_YAML = """\
reference: EDC-2026-014
title: Grounds maintenance 2026-2030
buyer: Example District Council
contract:
  value: 2000000
rubric: tutorial
evaluators:
  - {id: e1, name: Priya Shah}
pack:
  generated: 2026-03-20
"""


def make_tender(folder: Path, data: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "tender.yaml").write_text(TENDER_YAML, encoding="utf-8")
    write_results(folder / "out", data or sample())
    return folder


def test_cli_rebuild_gives_identical_bytes(built: PackReport, tmp_path: Path, cli) -> None:
    """Same inputs and date, serial instead of parallel, via the CLI: byte-identical files."""
    tender = make_tender(tmp_path / "tender")
    result = cli(["pack", str(tender), "--processes", "1"])
    lines = result.stdout.splitlines()
    assert lines[0].endswith("out/pack.pdf") and len(lines) == 1 + len(built.summaries)
    assert (tender / "out" / "pack.pdf").read_bytes() == built.pack.read_bytes()
    for summary in built.summaries:
        again = tender / "out" / "summaries" / summary.path.name
        assert again.read_bytes() == summary.path.read_bytes(), summary.path.name
    assert "pages in the pack" in result.stderr


def test_cli_reports_input_problems(tmp_path: Path, cli) -> None:
    (tmp_path / "empty").mkdir()
    result = cli(["pack", str(tmp_path / "empty")], exit_code=1)
    assert "no results.json" in result.stderr
    data = sample()
    data["bidders"][0]["criteria"][1]["parts"][0]["consensus"]["rationale"] = ""
    for score in data["bidders"][0]["criteria"][1]["parts"][0]["evaluator_scores"]:
        score["rationale"] = " "
    tender = make_tender(tmp_path / "t", data)
    result = cli(["pack", str(tender)], exit_code=1)
    assert "Acme Services Ltd (bidder acme)" in result.stderr
    assert not (tender / "out" / "pack.pdf").exists()


def test_broken_template_override_names_its_file_and_line(tmp_path: Path, cli) -> None:
    """A syntax error in a tender's own template: one line naming it, no traceback, no PDF."""
    tender = make_tender(tmp_path / "tender")
    (tender / "templates" / "pack").mkdir(parents=True)
    (tender / "templates" / "pack" / "_branding_head.html.j2").write_text(
        "<!-- ours -->\n{% if %}\n", encoding="utf-8"
    )
    result = cli(["pack", str(tender), "--processes", "2"], exit_code=1)
    assert result.stderr.startswith(f"rendering {tender / 'out' / 'pack.pdf'} failed: ")
    assert "templates/pack/_branding_head.html.j2:2: Expected an expression" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tender / "out" / "pack.pdf").exists()
    assert not list((tender / "out").glob(".pack-parts-*"))


def test_archival_tender_with_own_templates(tmp_path: Path) -> None:
    """tender.yaml asks for archival; the tender's templates/ override ours; stale files go."""
    tender = make_tender(tmp_path / "tender")
    (tender / "tender.yaml").write_text(
        TENDER_YAML.replace("pack:\n", "pack:\n  archival: true\n"), encoding="utf-8"
    )
    own = tender / "templates"
    (own / "pack").mkdir(parents=True)
    (own / "assets").mkdir()
    (own / "assets" / "council.css").write_text("h1 { color: #006400; }", encoding="utf-8")
    (own / "pack" / "_branding_head.html.j2").write_text(
        '<link rel="stylesheet" href="assets/council.css">', encoding="utf-8"
    )
    (own / "pack" / "_logo.html.j2").write_text(
        '<p class="logo">Example District Council: Procurement</p>', encoding="utf-8"
    )
    stale = tender / "out" / "summaries" / "old-bidder.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF stale")

    report = build_pack(tender, processes=1)
    assert report.generated == GENERATED  # from tender.yaml
    assert report.removed == (stale,) and not stale.exists()
    assert "Example District Council: Procurement" in page_texts(report.pack)[0]
    assert "Example District Council: Procurement" in page_texts(report.summaries[0].path)[0]

    assert report.variant == "pdf/a-3a"
    reader = PdfReader(report.pack)
    results = tender / "out" / "results.json"
    assert reader.attachments["results.json"] == [results.read_bytes()]
    (spec,) = (ref.get_object() for ref in reader.trailer["/Root"]["/AF"])
    assert spec["/AFRelationship"] == "/Data"
    assert "/OutputIntents" in reader.trailer["/Root"]
    for summary in report.summaries:  # a bidder never receives the whole record
        assert PdfReader(summary.path).attachments == {}
    # Tagged (PDF/A-3a, level A): only the PDF/UA claim in the XMP is missing.
    for path in [report.pack, *(s.path for s in report.summaries)]:
        findings = {(f.rule_id, f.severity.name) for f in validate(str(path)).findings}
        assert findings == {("UA-28-004", "WARNING")}, (path.name, findings)
    qpdf = need("qpdf")
    check = subprocess.run([qpdf, "--check", str(report.pack)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
