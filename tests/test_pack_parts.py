"""The pack rendered in parts and joined: numbering, contents, structure, links, volumes.

Built from the bundled example tender (6 bidders, 53 pages): once as one volume, once with a
tiny volume limit so that the same pack comes out in several volumes.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pack_text
import pikepdf
import pytest
from pdfua import validate
from pypdf import PdfReader
from test_pack_build import SECTIONS, need

from socialvalue.pack import PackReport, build_pack
from socialvalue.pack import parts as parts_module
from socialvalue.pack.parts import front_contents, page_labels, place_anchors, plan_volumes
from socialvalue.workflow import EvaluationReport

#: In rank order: the panel's decisions cap BrightStar's FTE, so it ranks 4th (issue 13 item 4).
BIDDER_NAMES = [
    "Greenway Community Services Ltd",
    "Harbour & Hythe Services LLP",
    "Mercia Grounds & Cleansing Ltd",
    "BrightStar Environmental Group plc",
    "Afon Valley Community Co-operative Ltd",
    "QuickServe Outsourcing Solutions Ltd",
]


@pytest.fixture(scope="module")
def tender(
    tmp_path_factory: pytest.TempPathFactory, copy_evaluated_example: Callable[[Path], Path]
) -> Path:
    """A private copy of the scored example (the volume tests write packs into it)."""
    return copy_evaluated_example(tmp_path_factory.mktemp("parts") / "tender")


@pytest.fixture(scope="module")
def built(evaluated_example: EvaluationReport) -> PackReport:
    """The example's one-volume pack, as ``evaluate`` built it (conftest's shared run)."""
    return evaluated_example.pack


def texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def dests(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destination -> 0-based page index."""
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    return {str(name): index[dest[0].objgen] for name, dest in tree.items()}


# --- planning -------------------------------------------------------------------------------


def test_volumes_take_whole_parts_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts_module, "MAX_VOLUME_PAGES", 100)
    assert plan_volumes(10, [40, 40, 40, 90, 150, 5]) == [[0, 1], [2], [3], [4], [5]]
    assert plan_volumes(10, [20, 30]) == [[0, 1]]
    assert plan_volumes(120, [5]) == [[], [0]]  # the front matter alone fills volume 1


def test_anchors_are_placed_by_volume_and_page() -> None:
    placed = place_anchors(4, [10, 7, 3], [{"a": 0}, {"b": 2}, {"c": 1}], [[0], [1, 2]])
    assert (placed["a"].volume, placed["a"].page) == (1, 5)
    assert (placed["b"].volume, placed["b"].page) == (2, 3)
    assert (placed["c"].volume, placed["c"].page) == (2, 9)
    entries = front_contents(
        [{"anchor": a, "title": a, "level": 1} for a in ("sec-summary", "a", "b")], placed, 2
    )
    assert [(e["page"], e["link"]) for e in entries] == [
        (None, True),
        ("5", True),
        ("volume 2, page 3", False),
    ]


def test_page_labels_name_the_volume_only_when_there_are_several() -> None:
    assert page_labels(2, 1, 1) == ["Page 1 of 2", "Page 2 of 2"]
    assert page_labels(1, 2, 3) == ["Volume 2 of 3 · Page 1 of 1"]


# --- one volume -----------------------------------------------------------------------------


def test_every_page_is_numbered_once_and_in_order(built: PackReport) -> None:
    pages = texts(built.pack)
    assert built.volumes == ((built.pack, len(pages)),) and built.pages == len(pages) > 40
    for number, text in enumerate(pages, 1):
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {len(pages)}"]


def test_contents_pages_and_links_reach_their_targets(built: PackReport) -> None:
    pages = texts(built.pack)
    contents = next(t for t in pages if "Contents" in t and "Moderation record" in t)
    pdf = pikepdf.open(built.pack)
    where = dests(pdf)
    for name, anchor in [(n, f"bidder-{i}") for i, n in enumerate(BIDDER_NAMES, 1)] + [
        ("Moderation record", "sec-moderation"),
        ("Audit appendix", "sec-audit"),
        ("Methodology", "sec-methodology"),
    ]:
        printed = re.search(re.escape(name) + r"[ .]*?(\d+)\s*$", contents, re.M)
        assert printed, name
        page = int(printed.group(1))
        assert where[anchor] == page - 1, name
        assert name in pages[page - 1], name
    linked = [
        str(annot.Dest)
        for page in pdf.pages
        for annot in page.obj.get("/Annots", [])
        if "/Dest" in annot
    ]
    assert {f"bidder-{i}" for i in range(1, 7)} <= set(linked)
    assert set(linked) <= set(where)


def test_structure_tree_is_whole(built: PackReport) -> None:
    pdf = pikepdf.open(built.pack)
    root = pdf.Root.StructTreeRoot
    assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "en-GB"
    (document,) = list(root.K)
    assert document.S == "/Document" and len(document.K) > 20
    pages = {page.obj.objgen for page in pdf.pages}
    seen_pages: set[tuple[int, int]] = set()
    stack = list(document.K)
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary):
            if "/Pg" in element:
                assert element.Pg.objgen in pages
                seen_pages.add(element.Pg.objgen)
            kids = element.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids else [])
    assert seen_pages == pages  # every page's content is tagged
    parents = dict(pikepdf.NumberTree(root.ParentTree).items())
    keys = [int(page.obj.StructParents) for page in pdf.pages]
    annots = [
        int(a.StructParent)
        for page in pdf.pages
        for a in page.obj.get("/Annots", [])
        if "/StructParent" in a
    ]
    assert len(set(keys + annots)) == len(keys) + len(annots)  # no key used twice
    assert set(keys + annots) <= set(parents) and int(root.ParentTreeNextKey) > max(parents)
    assert all(isinstance(parents[k], pikepdf.Array) for k in keys)


def test_outline_nests_bidders_under_their_section(built: PackReport) -> None:
    with pikepdf.open(built.pack) as pdf, pdf.open_outline() as outline:
        flat = {item.title: item for top in outline.root for item in [top, *top.children]}
        assert [c.title for c in flat["Bidders"].children] == BIDDER_NAMES
        assert "Audit appendix" in flat


def test_pack_and_summaries_pass_the_pdfua_checker(built: PackReport) -> None:
    """No error and no warning on the joined pack or any summary (before every table header
    cell carried a /Scope: 82 UA-15-003 warnings on the pack, 6 to 9 on each summary)."""
    for path in [built.pack, *(s.path for s in built.summaries)]:
        report = validate(str(path))
        severities = Counter(f.severity.name for f in report.findings)
        assert set(severities) <= {"INFO"}, (path.name, report.findings[:5])


def test_every_table_header_cell_has_a_scope(built: PackReport) -> None:
    """Column headers (in thead) scope their column, row headers (in tbody) their row."""
    for path in [built.pack, built.summaries[0].path]:
        pdf = pikepdf.open(path)
        scopes: Counter[tuple[str, str]] = Counter()
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH":
                row_group = obj.P.P.get("/S") if "/P" in obj.P else None
                scopes[(str(row_group), str(obj.A.get("/Scope", "none")))] += 1
        assert not [key for key in scopes if key[1] == "none"], scopes
        assert scopes[("/THead", "/Column")] > 0 and scopes[("/TBody", "/Row")] > 0, scopes
        assert not scopes[("/THead", "/Row")] and not scopes[("/TBody", "/Column")], scopes


def rubric_ids(tender: Path) -> set[str]:
    """Every criterion, sub-criterion and measure id of the tender's rubric."""
    rubric = json.loads((tender / "out" / "results.json").read_text(encoding="utf-8"))["rubric"]
    criteria = [c for s in rubric["sections"] for c in s["criteria"]]
    parts = [p for c in criteria for p in (c["sub_criteria"] or []) + (c["measures"] or [])]
    return {item["id"] for item in criteria + parts}


def broken_ids(lines: list[str], ids: set[str]) -> list[str]:
    """Lines of ``pdftotext -layout`` text where an id was broken inside a table cell: a piece
    of an id (a proper prefix of it ending in a hyphen or inside a word, not an id itself) with
    more columns after it on the line.
    (Prose may still break after a hyphen at the end of a line, as any text does.)"""
    pieces = {
        i[:n]
        for i in ids
        for n in range(2, len(i))
        if i[n - 1] == "-" or i[n - 1 : n + 1].isalnum()
    } - ids
    return [line for line in lines for word in line.split()[:-1] if word.strip(",.;:()") in pieces]


def test_ids_stay_whole_and_chart_names_are_never_cut(built: PackReport, tender: Path) -> None:
    """Before: "LA-" / "JOBS-MS" split over two lines of a 8% column, "Afon Valley Community
    Co-ope…" in the chart and legend entries cut short."""
    ids = rubric_ids(tender)
    text = subprocess.run(
        ["pdftotext", "-layout", str(built.pack), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert broken_ids(text.splitlines(), ids) == []
    pages = texts(built.pack)
    start = next(i for i, t in enumerate(pages) if t.lstrip().startswith("Summary\n"))
    end = next(i for i, t in enumerate(pages) if t.lstrip().startswith("Methodology\n"))
    summary = "".join(" ".join(pages[start:end]).split())  # lines joined, spaces dropped
    assert "…" not in summary
    results = json.loads((tender / "out" / "results.json").read_text(encoding="utf-8"))
    for b in results["bidders"]:
        if b["status"] == "ranked":  # ranking table, chart label, Table 1 column
            assert summary.count("".join(b["name"].split())) >= 3, b["name"]
    for section in results["rubric"]["sections"]:
        for c in section["criteria"]:  # chart legend, Table 1 row
            assert summary.count("".join(f"{c['id']}{c['title']}".split())) >= 2, c["id"]


def test_page_numbers_are_artifacts_drawn_from_one_overlay(built: PackReport) -> None:
    pdf = pikepdf.open(built.pack)
    for page in pdf.pages[:3]:
        tail = page.obj.Contents[-1].read_bytes()
        assert b"/Artifact <</Type /Pagination>> BDC" in tail and b"/SVPageNumber Do" in tail


# --- several volumes -------------------------------------------------------------------------


def test_long_pack_continues_in_volumes(tender: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts_module, "MAX_VOLUME_PAGES", 20)
    report = build_pack(tender, tender / "volumes", processes=2)
    paths = [path for path, _ in report.volumes]
    assert len(paths) >= 3 and paths[0] == tender / "volumes" / "pack.pdf"
    assert [p.name for p in paths[1:]] == [f"pack-volume-{n}.pdf" for n in range(2, len(paths) + 1)]
    first = texts(paths[0])
    contents = next(t for t in first if "Contents" in t)
    later = re.findall(r"(\S.*?)[ .]*volume (\d+), page (\d+)", contents)
    assert later, contents
    for title, volume, page in later:
        pages = texts(paths[int(volume) - 1])
        assert title.strip(" .") in pages[int(page) - 1]
    for number, (path, count) in enumerate(report.volumes, 1):
        pages = texts(path)
        assert len(pages) == count <= 20 or number == 1
        assert f"Volume {number} of {len(paths)} · Page {count} of {count}" in pages[-1]
        pdf = pikepdf.open(path)
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "en-GB"
        if number == 1:  # links only to targets in this volume
            linked = {
                str(a.Dest) for p in pdf.pages for a in p.obj.get("/Annots", []) if "/Dest" in a
            }
            assert linked <= set(dests(pdf))
    assert sum(count for _, count in report.volumes) == report.pages

    monkeypatch.setattr(parts_module, "MAX_VOLUME_PAGES", 1000)
    again = build_pack(tender, tender / "volumes", processes=1)
    assert len(again.volumes) == 1 and set(paths[1:]) <= set(again.removed)
    assert not any(p.exists() for p in paths[1:])


# --- issue 14: arithmetic that multiplies out, figures that mean what they say, right text ---

SUMMARY_HEADINGS = (
    "Outcome for your tender",
    "How tenders were assessed",
    "Your tender",
    "The most advantageous tender",
    "Next steps",
)
MARKING = "OFFICIAL-SENSITIVE"


def every_pdf(report: PackReport) -> list[Path]:
    return [report.pack, *(s.path for s in report.summaries)]


def test_every_line_of_arithmetic_multiplies_out(built: PackReport) -> None:
    for pdf in every_pdf(built):
        lines = pack_text.arithmetic_lines(" ".join(texts(pdf)))
        assert pdf != built.pack or len(lines) > 150
        assert pack_text.wrong_sums(lines) == [], pdf.name


def test_unrounded_totals_are_unrounded(built: PackReport, tender: Path) -> None:
    data = json.loads((tender / "out" / "results.json").read_text(encoding="utf-8"))
    totals = [Decimal(b["totals"]["total"]) for b in data["bidders"]]
    text = " ".join(texts(built.pack))
    assert text.count("(unrounded ") == len(BIDDER_NAMES)
    assert pack_text.unrounded_faults(text, totals) == []


def test_ranking_shows_the_counted_value_and_the_committed_beside_it(built: PackReport) -> None:
    summary = pack_text.flat(next(t for t in texts(built.pack) if "Ranking" in t))
    # BrightStar commits GBP 354,000 on LA-COMM, where its cap counts GBP 120,000.
    assert "GBP 2,445,000 (committed GBP 2,679,000)" in summary  # after the panel's decisions
    assert "GBP 768,300" in summary and "GBP 768,300 (committed" not in summary


def test_no_wrong_text_in_the_pack_or_the_summaries(built: PackReport) -> None:
    for pdf in every_pdf(built):
        assert pack_text.text_faults(" ".join(texts(pdf))) == [], pdf.name


def test_each_method_sentence_is_printed_once_per_bidder(built: PackReport) -> None:
    pages = texts(built.pack)
    where = dests(pikepdf.open(built.pack))
    starts = [where[f"bidder-{i}"] for i in range(1, 7)] + [where["sec-moderation"]]
    for name, first, after in zip(BIDDER_NAMES, starts, starts[1:], strict=False):
        assert pack_text.repeated_sentences(" ".join(pages[first:after])) == [], name


def test_running_headers_name_what_the_page_holds(built: PackReport) -> None:
    pdftotext = need("pdftotext")
    pages = pack_text.layout_pages(built.pack, pdftotext)
    where = dests(pikepdf.open(built.pack))
    starts = [(n, where[f"bidder-{i}"]) for i, n in enumerate(BIDDER_NAMES, 1)]
    faults = pack_text.bidder_header_faults(pages, starts, where["sec-moderation"], MARKING)
    assert faults == []
    for summary in built.summaries:
        pages = pack_text.layout_pages(summary.path, pdftotext)
        assert pack_text.section_header_faults(pages, SUMMARY_HEADINGS, MARKING) == []


def test_no_half_empty_page_before_what_would_fit(built: PackReport) -> None:
    pdftotext = need("pdftotext")
    boxes = pack_text.page_boxes(built.pack, pdftotext)
    assert pack_text.half_empty_pages(boxes, SECTIONS + tuple(BIDDER_NAMES)) == []
