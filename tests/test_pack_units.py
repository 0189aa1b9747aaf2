"""The pack's pieces without rendering: names, figures, chart, explanations, contexts, HTML."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from socialvalue.errors import InputError
from socialvalue.model import PackOptions
from socialvalue.pack import bar_chart_svg, check_explanations, pack_context, summary_contexts
from socialvalue.pack.build import generation_date
from socialvalue.pack.chart import ALT_TEXT, LEGEND_ROOM, PALETTE, Bar, wrap
from socialvalue.pack.explain import excerpt, quantitative_explanation, rationale
from socialvalue.pack.figures import (
    at_most_places,
    fraction_percent,
    money,
    percent,
    points,
    rounded,
)
from socialvalue.pack.names import all_safe, is_reserved, slug, summary_file_names
from socialvalue.render import make_environment
from socialvalue.resources import templates_dir
from socialvalue.results.codec import CONVERTER
from socialvalue.results.record import CriterionRecord
from socialvalue.rubric import load_rubric
from socialvalue.scoring.result import PartResult

SAMPLE = Path(__file__).parent / "data" / "results-sample.json"
RUBRICS = Path(__file__).parent.parent / "rubrics"
GENERATED = dt.datetime(2026, 3, 20, tzinfo=dt.UTC)
HOSTILE_MARKERS = (
    "passwd",
    "example.com",
    "javascript",
    "alert",
    "Supercalifragilistic",
    "url(",
    "שלום",
)


@pytest.fixture
def results() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def bidder(results: dict[str, Any], key: str) -> dict[str, Any]:
    return next(b for b in results["bidders"] if b["key"] == key)


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme & Sons (UK) Ltd", "acme-sons-uk-ltd"),
        ("../../etc/passwd", "etc-passwd"),
        ("Caffè Nérö", "caffe-nero"),
        ("  --  ", ""),
        ("שלום 🎉", ""),
        ("C:\\Windows\\system32", "c-windows-system32"),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_summary_file_names_are_safe_unique_and_stable() -> None:
    bidders = [
        ("../../etc/passwd", "a"),
        ("CON", "con"),
        ("nul.txt", "n"),
        ("COM1", "c1"),
        ("Acme Ltd", "acme"),
        ("ACME LTD", "acme2"),
        ("acme-ltd", "acme2"),
        ("שלום", "dunmore"),
        ("🎉", "🎉"),
        ("x" * 500, "long"),
    ]
    names = summary_file_names(bidders)
    assert names[:4] == ["etc-passwd.pdf", "con-bidder.pdf", "nul-txt.pdf", "com1-bidder.pdf"]
    assert names[4:7] == ["acme-ltd.pdf", "acme-ltd-acme2.pdf", "acme-ltd-acme2-2.pdf"]
    assert names[7] == "dunmore.pdf"
    assert names[8] == "bidder-9.pdf"
    assert len(names[9]) <= 64
    assert len({n.lower() for n in names}) == len(names)
    assert all_safe(names)
    assert all("/" not in n and "\\" not in n and ".." not in n for n in names)
    assert summary_file_names(bidders) == names  # deterministic


def test_reserved_names() -> None:
    for stem in ("CON", "con", "Aux", "nul.txt", "com7", "LPT9", "conin$"):
        assert is_reserved(stem), stem
    for stem in ("console", "acme", "com10", "lpt"):
        assert not is_reserved(stem), stem
    assert not all_safe(["con.pdf"])
    assert not all_safe(["../x.pdf"])


# --- figures ---------------------------------------------------------------------------------


def test_figures() -> None:
    assert at_most_places("60") == "60"
    assert at_most_places("20000") == "20,000"
    assert at_most_places("53.33333333") == "53.333"
    assert at_most_places("4.5") == "4.5"
    assert points("3.6144578313253012048192771084337349397590361445783") == "3.614"
    assert points("5") == "5.000"
    assert points("0.0005") == "0.001"  # half up
    assert rounded("7.000") == "7.000"
    assert rounded("6.614") == "6.614"
    assert rounded("1234.50") == "1,234.50"
    assert money("124500", "GBP") == "GBP 124,500"
    assert money("0.3", "GBP") == "GBP 0.30"
    assert money("1234.565", "GBP") == "GBP 1,234.57"  # half up to the penny
    assert money("17", "EUR") == "EUR 17"
    assert percent("6.225") == "6.225%"
    assert fraction_percent("0.72289156626506024096385542168674698795180722891566") == "72.3%"
    with pytest.raises(TypeError):
        at_most_places(1.5)  # a float is a bug: results.json decimals are strings
    with pytest.raises(ValueError):
        at_most_places("NaN")


# --- chart -----------------------------------------------------------------------------------


def test_chart_keeps_bidder_text_out_of_attributes() -> None:
    hostile = '<script>alert(1)</script> "quoted" url(file:///etc/passwd) &amp;'
    svg = bar_chart_svg(
        [
            Bar(hostile, (Decimal("5"), Decimal("2")), "7.000"),
            Bar("Brightway CIC", (Decimal("3.6"), Decimal("3")), "6.614"),
        ],
        ["Q1 Commitments", "W1 Method statement"],
        Decimal(10),
    )
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(str(svg))
    assert root.find("{http://www.w3.org/2000/svg}title").text == ALT_TEXT
    texts = [" ".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert " ".join(hostile.split()) in texts  # wrapped onto lines, never cut
    assert "Brightway CIC" in texts
    for element in root.iter():
        for value in element.attrib.values():
            assert all(marker not in value for marker in ("script", "Brightway", "passwd"))
    rects = [el for el in root.iter("{http://www.w3.org/2000/svg}rect")]
    widths = [float(r.get("width")) for r in rects[:4]]
    assert widths[0] == pytest.approx(5 * 42) and widths[1] == pytest.approx(2 * 42)  # 420/10


def test_chart_labels_wrap_and_are_never_cut() -> None:
    assert wrap("Acme", 100, 11) == ["Acme"]
    lines = wrap("Afon Valley Community Co-operative Ltd", 188, 11)
    assert len(lines) == 2 and " ".join(lines) == "Afon Valley Community Co-operative Ltd"
    long_word = "Supercalifragilistic" * 8
    assert "".join(wrap(long_word, 188, 11)) == long_word


@pytest.mark.parametrize("rubric", sorted(RUBRICS.glob("*.yaml")), ids=lambda p: p.stem)
def test_chart_names_and_legend_are_whole_on_every_shipped_rubric(rubric: Path) -> None:
    """Every legend entry (criterion id and title) and bidder name is in the chart in full."""
    criteria = [c for s in load_rubric(rubric).sections for c in s.criteria]
    legend = [f"{c.id} {c.title}" for c in criteria]
    names = ["Afon Valley Community Co-operative Ltd", "QuickServe Outsourcing Solutions Ltd"]
    values = tuple(Decimal(1) for _ in criteria)
    svg = str(bar_chart_svg([Bar(n, values, "8") for n in names], legend, Decimal(100)))
    root = ET.fromstring(svg)
    texts = [" ".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "…" not in svg and "..." not in svg
    assert set(legend + names) <= set(texts)
    for text in root.iter("{http://www.w3.org/2000/svg}text"):  # no line wider than its room
        room = 188 if text.get("text-anchor") == "end" else LEGEND_ROOM
        for line in text.itertext():
            assert len(wrap(line, room, float(text.get("font-size")))) == 1, line


def test_chart_gives_each_of_twelve_criteria_its_own_colour_and_a_legend_of_three_columns() -> None:
    legend = [f"C{n} Criterion number {n} with a title long enough to wrap" for n in range(12)]
    values = tuple(Decimal(1) for _ in legend)
    root = ET.fromstring(str(bar_chart_svg([Bar("Acme", values, "12")], legend, Decimal(12))))
    rects = list(root.iter("{http://www.w3.org/2000/svg}rect"))
    bars, swatches = rects[:12], rects[12:]
    assert len({r.get("fill") for r in bars}) == 12 == len(PALETTE)
    assert [r.get("fill") for r in swatches] == [r.get("fill") for r in bars]
    xs = [float(r.get("x")) for r in swatches]
    assert xs[:4] == pytest.approx([0, 680 / 3, 2 * 680 / 3, 0], abs=0.01)  # 3 per row
    ys = sorted({float(r.get("y")) for r in swatches})
    assert len(ys) == 4  # 12 entries, 4 rows
    height = float(root.get("height"))
    assert ys[-1] < height  # the last row is inside the drawing


# --- explanations ----------------------------------------------------------------------------


def test_quantitative_explanation_is_generated_from_commitments(results: dict[str, Any]) -> None:
    q1 = CONVERTER.structure(bidder(results, "brightway")["criteria"][0], CriterionRecord)
    text = quantitative_explanation(q1, "2000000", "GBP", 3)
    assert text.startswith(
        "GBP 90,000 of social value committed (4.5% of contract value GBP 2,000,000)"
    )
    assert "Local people employed on the contract: 2 FTE (GBP 60,000)" in text
    assert "72.3% of the highest eligible bid (GBP 124,500)." in text
    assert "Acme" not in text  # the reference bid is not named in another bidder's summary
    dunmore = CONVERTER.structure(bidder(results, "dunmore")["criteria"][0], CriterionRecord)
    assert "More than the highest eligible bid" in quantitative_explanation(
        dunmore, "2000000", "GBP", 3
    )


def test_rationale_prefers_consensus_then_evaluators(results: dict[str, Any]) -> None:
    sample = bidder(results, "acme")["criteria"][1]["parts"][0]
    score = sample["evaluator_scores"][0]
    consensus = {"score": "40", "source": "moderation.xlsx"}

    def typed(part: dict[str, Any]) -> PartResult:
        """A part of the sample with ``part``'s consensus and evaluator scores."""
        scores = [{**score, **s} for s in part["evaluator_scores"]]
        agreed = {**consensus, **part["consensus"]} if part["consensus"] else None
        data = {**sample, "consensus": agreed, "evaluator_scores": scores}
        return CONVERTER.structure(data, PartResult)

    scores = [
        {"rationale": "Good plan."},
        {"rationale": "Good plan."},
        {"rationale": " Weak  evidence. "},
    ]
    part = {"consensus": {"rationale": "Agreed: named partners."}, "evaluator_scores": scores}
    assert rationale(typed(part)) == "Agreed at moderation: Agreed: named partners."
    part["consensus"] = {"rationale": "  "}
    assert rationale(typed(part)) == "Evaluators' comments: Good plan. / Weak evidence."
    part["consensus"] = None
    part["evaluator_scores"] = [{"rationale": ""}, {"rationale": ""}]
    assert rationale(typed(part)) == ""


def test_excerpt() -> None:
    assert excerpt("one two  three", 5) == ("one two three", False)
    assert excerpt("a b c d", 2) == ("a b …", True)
    assert excerpt(None, 3) == ("", False)
    # One unbroken "word" of 10,000 characters is cut too (issue 15 item 7).
    assert excerpt("x" * 10_000, 60) == ("x" * 720 + " …", True)


def test_empty_explanation_is_found(results: dict[str, Any]) -> None:
    assert check_explanations(results, "out/results.json") == []
    part = bidder(results, "civic")["criteria"][1]["parts"][0]
    part["consensus"] = None
    for score in part["evaluator_scores"]:
        score["rationale"] = "   "
    (problem,) = check_explanations(results, "out/results.json")
    assert "Civic Works LLP (bidder civic)" in problem.message
    assert "criterion W1" in problem.message
    assert str(problem).startswith("out/results.json")


# --- generation date -------------------------------------------------------------------------


def test_generation_date_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        generation_date(None, "tender.yaml")
    with pytest.raises(InputError, match="generated"):
        generation_date(PackOptions(), "tender.yaml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert generation_date(None, "x") == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    fixed = dt.datetime(2026, 2, 2, tzinfo=dt.UTC)
    assert generation_date(PackOptions(generated=fixed), "x") == fixed  # tender.yaml first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        generation_date(None, "x")


def test_the_record_holds_no_generation_date(results: dict[str, Any]) -> None:
    """The date is the pack's, not the evaluation's: results.json never records it, and its
    schema has no place for it (docs/pack.md, "The date on the documents")."""
    from socialvalue.results.schema import results_schema

    assert "pack" not in results["tender"]
    assert "pack" not in results_schema()["$defs"]["TenderRecord"]["properties"]


# --- contexts and HTML -----------------------------------------------------------------------


def hostile(results: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(results)
    payload = (
        '<img src="file:///etc/passwd"> <script>alert(1)</script> '
        '<a href="http://example.com/x">x</a> body{background:url(file:///etc/passwd)} '
        "javascript:alert(2) " + "Supercalifragilistic" * 6
    )
    for b in data["bidders"]:
        b["name"] = payload + " שלום"
        b["company_number"] = payload
        for c in b["criteria"]:
            for m in c["measures"] or []:
                m["evidence"] = payload
            if c["answer"]:
                c["answer"]["text"] = payload
            for p in c["parts"] or []:
                for s in p["evaluator_scores"]:
                    s["rationale"] = payload
                if p["consensus"]:
                    p["consensus"]["rationale"] = payload
    for r in data["ranking"]:
        r["name"] = payload
    return data


class TagAudit(HTMLParser):
    """Every tag and attribute in a document (SVG included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((tag, k, v or "") for k, v in attrs)


def rendered_html(results: dict[str, Any]) -> list[str]:
    env = make_environment([templates_dir()])
    pages = [
        env.get_template("pack/pack.html.j2").render(**pack_context(results, generated=GENERATED))
    ]
    template = env.get_template("summary/summary.html.j2")
    pages += [template.render(**ctx) for ctx in summary_contexts(results, generated=GENERATED)]
    return pages


def test_no_bidder_data_in_markup(results: dict[str, Any]) -> None:
    for html in rendered_html(hostile(results)):
        audit = TagAudit()
        audit.feed(html)
        assert not audit.tags & {"img", "script", "style", "iframe", "object", "embed"}
        for tag, name, value in audit.attributes:
            assert name not in ("style", "src") and not name.startswith("on"), (tag, name)
            assert all(marker not in value for marker in HOSTILE_MARKERS), (tag, name, value)
            if name == "href":
                assert value.startswith("#") or value.startswith("assets/"), value
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        headers = [(name, value) for tag, name, value in audit.attributes if tag == "th"]
        assert (
            len(re.findall(r"<th[\s>]", html))
            == len([1 for name, _ in headers if name == "scope"])
            > 0
        )
        assert {value for name, value in headers if name == "scope"} == {"col", "row"}


def test_pack_context_figures(results: dict[str, Any]) -> None:
    ctx = pack_context(results, generated=GENERATED)
    rows = {r["name"]: r for r in ctx["summary"]["rows"]}
    assert rows["Acme Services Ltd"]["rank"] == "1"
    assert rows["Acme Services Ltd"]["status"] == "Most advantageous"
    assert rows["Brightway CIC"]["total"] == "6.614"
    assert rows["Dunmore Group plc"]["rank"] == "–"
    assert rows["Dunmore Group plc"]["status"] == "Disqualified"
    assert [e["anchor"] for e in ctx["contents"] if e["level"] == 2] == [
        "bidder-1",
        "bidder-2",
        "bidder-3",
        "bidder-4",
    ]
    assert ctx["tender"]["state"] == "PROVISIONAL"
    example = ctx["methodology"]["proxy"]
    assert example["example"] and example["label"].startswith("EXAMPLE VALUES")


def test_summary_context_outcomes(results: dict[str, Any]) -> None:
    contexts = {c["bidder"]["key"]: c for c in summary_contexts(results, generated=GENERATED)}
    assert list(contexts) == ["acme", "brightway", "civic", "dunmore"]
    assert contexts["acme"]["leader_is_own"] and contexts["acme"]["leaders"] == []
    assert contexts["acme"]["outcome"]["awarded"]
    brightway = contexts["brightway"]
    assert [a["name"] for a in brightway["leaders"]] == ["Acme Services Ltd"]
    assert brightway["outcome"]["text"].startswith(
        "Your tender is not the most advantageous tender: it scored 6.614 of 10, against 7.000"
    )
    assert "ranked 2nd of 3" in brightway["outcome"]["text"]
    dunmore = contexts["dunmore"]["outcome"]
    assert not dunmore["awarded"] and "disqualified" in dunmore["text"]
    assert any("below the threshold" in r for r in dunmore["reasons"])


# --- other outcomes and shapes ---------------------------------------------------------------


def test_tied_for_first(results: dict[str, Any]) -> None:
    results["outcome"] = {
        "kind": "tied_for_first",
        "winner": None,
        "tied_for_first": ["acme", "brightway"],
        "text": "Acme Services Ltd and Brightway CIC share first place.",
    }
    bidder(results, "brightway").update(rank=1, rank_shared=True)
    bidder(results, "acme")["rank_shared"] = True
    contexts = {c["bidder"]["key"]: c for c in summary_contexts(results, generated=GENERATED)}
    assert contexts["acme"]["outcome"]["text"].startswith("Your tender is tied for first place")
    assert [a["name"] for a in contexts["acme"]["leaders"]] == ["Brightway CIC"]
    assert [a["name"] for a in contexts["civic"]["leaders"]] == [
        "Acme Services Ltd",
        "Brightway CIC",
    ]
    html = rendered_html(results)
    assert "=1" in html[0] and "Tied first" in html[0]
    assert "tied for first place on the social value criteria" in html[3]


def test_all_disqualified_no_proxy_set_and_no_sensitivity(results: dict[str, Any]) -> None:
    results["outcome"] = {
        "kind": "all_disqualified",
        "winner": None,
        "tied_for_first": [],
        "text": "No bid is eligible.",
    }
    results["ranking"] = []
    for b in results["bidders"]:
        b.update(status="disqualified", rank=None, rank_shared=False)
        b["disqualification"] = {
            "reasons": [{"code": "threshold", "criterion": None, "round": 1, "text": "Below."}]
        }
    results["proxy_set"] = None
    results["sensitivity"].update(applicable=False, reason="There is no single winner.")
    html = rendered_html(results)
    assert "No bid is ranked, so there is no chart." in html[0]
    assert "no proxy set was used" in html[0]
    assert "Not applicable: There is no single winner." in html[0]
    assert all("every tender was disqualified" in page for page in html[1:])
    assert all("Your tender was disqualified" in page for page in html[1:])


def test_weighted_sub_criteria(results: dict[str, Any]) -> None:
    for b in results["bidders"]:
        w1 = b["criteria"][1]
        first = w1["parts"][0]
        w1["basis"] = "sub_criteria"
        w1["parts"] = [
            {**copy.deepcopy(first), "id": "W1.1", "title": "Recruitment", "share": "0.5"},
            {**copy.deepcopy(first), "id": "W1.2", "title": "Retention", "share": "0.5"},
        ]
    w1 = bidder(results, "civic")["criteria"][1]
    w1["parts"][1]["evaluator_scores"] = [
        {**s, "rationale": ""} for s in w1["parts"][1]["evaluator_scores"]
    ]
    (problem,) = check_explanations(results, "results.json")
    assert "criterion W1" in problem.message and "sub-criterion W1.2" in problem.message
    w1["parts"][1]["evaluator_scores"][0]["rationale"] = "Retention plan is thin."
    assert check_explanations(results, "results.json") == []
    html = rendered_html(results)
    text = [re.sub(r'<span class="id">([^<]*)</span>', r"\1", page) for page in html]
    assert "W1.1 Recruitment" in text[0] and "(50.0% of W1)" in text[0]
    civic = next(page for page in text[1:] if "Supplier</th><td>Civic Works LLP" in page)
    assert "↳ W1.2 Retention" in civic and "Retention plan is thin." in civic
    assert "rolled up from the sub-criteria by weight" in civic


def test_cover_dates_are_in_date_order() -> None:
    """Key dates read as a timeline, not alphabetically."""
    import datetime as dt

    from socialvalue.pack.common import tender_context
    from socialvalue.pack.record import pack_record
    from socialvalue.results.json_io import read_results_json

    results = read_results_json(SAMPLE)
    results["tender"]["dates"] = {
        "award": "2026-03-27",
        "deadline": "2026-02-20",
        "published": "2026-01-12",
    }
    ctx = tender_context(pack_record(results), dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    assert [d["name"] for d in ctx["dates"]] == ["Published", "Deadline", "Award"]
