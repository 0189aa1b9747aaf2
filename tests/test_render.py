"""The PDF rendering layer: safe fetching, reproducible and atomic output, PDF/UA and PDF/A."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import jinja2
import pikepdf
import pytest
import weasyprint.document
from pdfua import validate
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from socialvalue.formatting import exact_money, money
from socialvalue.formatting import fixed_places as num
from socialvalue.formatting import fraction_as_percent as pct
from socialvalue.render import (
    ASSET_BASE_URL,
    RenderError,
    RenderJob,
    SafeURLFetcher,
    make_environment,
    render_many,
    render_pdf,
)
from socialvalue.render.pdf import keep_ids
from socialvalue.resources import templates_dir

TEMPLATES = templates_dir()
ASSETS = TEMPLATES / "assets"
CREATED = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
FONT_URL = ASSET_BASE_URL + "fonts/SourceSans3-Regular.ttf.woff"
PAYLOADS = [
    '<img src="file:///etc/passwd">',
    '<link rel=stylesheet href="http://example.com/x.css">',
    "<style>body{background:url(file:///etc/passwd)}</style>",
    '<a href="javascript:alert(1)">x</a>',
]
PAGE = """{% extends "_base.html.j2" %}
{% block title %}Evaluation pack: {{ bidder }}{% endblock %}
{% block running_footer %}Tender T-001{% endblock %}
{% block content %}
<h1>Evaluation of {{ bidder }}</h1>
<h2>Responses</h2>
{% for text in texts %}<p>{{ text }}</p>
{% endfor %}
<p><b>Bold</b> <i>italic</i> Ŵŷ £1,234.56 €5 – “quotes”</p>
{% endblock %}
"""


def make_html(
    texts: Sequence[str] = (), bidder: str = "Acme & Sons <Ltd>", **context: object
) -> str:
    context.setdefault("created", CREATED)
    env = make_environment([TEMPLATES])
    return env.from_string(PAGE).render(bidder=bidder, texts=list(texts), **context)


def render(tmp_path: Path, html: str | None = None, name: str = "out.pdf", **kwargs):
    kwargs.setdefault("asset_dirs", [ASSETS])
    kwargs.setdefault("created", CREATED)
    out = tmp_path / name
    info = render_pdf(make_html() if html is None else html, out, **kwargs)
    return out, info


def page_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def font_names(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


# --- the fetcher -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/assets/print.css",
        "ftp://example.com/x",
        "https://socialvalue.invalid/etc/passwd",
        "http://socialvalue.invalid/assets/print.css",
        "https://socialvalue.invalid/assets/../../etc/passwd",
        "https://socialvalue.invalid/assets/%2e%2e/%2e%2e/etc/passwd",
        "https://socialvalue.invalid/assets/fonts/..%2f..%2fpyproject.toml",
        "https://socialvalue.invalid/assets//etc/passwd",
        "https://socialvalue.invalid/assets/..\\..\\etc\\passwd",
        "https://socialvalue.invalid/assets/print.css?x=1",
        "https://user@socialvalue.invalid/assets/print.css",
        "https://socialvalue.invalid/assets/",
        "https://socialvalue.invalid/assets/fonts",
        "https://socialvalue.invalid/assets/no-such-file.css",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses(url: str) -> None:
    fetcher = SafeURLFetcher([ASSETS])
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_symlink_out_of_asset_dir(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "link.css").symlink_to(secret)
    (assets / "dir").symlink_to(tmp_path)
    fetcher = SafeURLFetcher([assets])
    for url in (ASSET_BASE_URL + "link.css", ASSET_BASE_URL + "dir/secret.txt"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 2


def test_fetcher_serves_font_css_and_data() -> None:
    fetcher = SafeURLFetcher([ASSETS])
    font = fetcher.fetch(FONT_URL)
    assert font.read()[:4] == b"wOFF"
    assert font.content_type == "font/woff"
    css = fetcher.fetch(ASSET_BASE_URL + "print.css")
    assert css.content_type == "text/css"
    assert b"@font-face" in css.read()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert fetcher.refused == []


def test_fetcher_searches_asset_dirs_in_order(tmp_path: Path) -> None:
    (tmp_path / "print.css").write_text("/* tender override */")
    fetcher = SafeURLFetcher([tmp_path, ASSETS])
    assert fetcher.fetch(ASSET_BASE_URL + "print.css").read() == b"/* tender override */"
    assert fetcher.fetch(FONT_URL).read()[:4] == b"wOFF"  # falls through to ours


def test_fetcher_never_reaches_urllib_for_assets(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = urllib.request.OpenerDirector.open

    def spy(self, url, *args, **kwargs):
        opened.append(url if isinstance(url, str) else url.full_url)
        return real_open(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    fetcher = SafeURLFetcher([ASSETS])
    fetcher.fetch(FONT_URL)
    for url in ("file:///etc/passwd", "http://example.com/"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert opened == []


# --- untrusted text ----------------------------------------------------------------------


@pytest.fixture
def fetch_spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL WeasyPrint asks the fetcher for, and a ban on opening any socket."""
    asked: list[str] = []
    real_fetch = SafeURLFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return real_fetch(self, url, headers)

    def no_network(*args, **kwargs):
        raise AssertionError("rendering tried to open a network connection")

    monkeypatch.setattr(SafeURLFetcher, "fetch", spy)
    monkeypatch.setattr("socket.socket.connect", no_network)
    return asked


def test_untrusted_text_is_printed_literally_and_nothing_fetched(
    tmp_path: Path, fetch_spy: list[str]
) -> None:
    html = make_html(PAYLOADS)
    assert "<img" not in html.split("<body", 1)[1]  # autoescaped
    out, info = render(tmp_path, html)
    text = page_text(out)
    for payload in PAYLOADS:
        assert payload in text
    assert "Evaluation of Acme & Sons <Ltd>" in text
    assert info.refused == ()
    assert fetch_spy, "the stylesheet and fonts should come through the fetcher"
    assert all(url.startswith(ASSET_BASE_URL) for url in fetch_spy), fetch_spy
    reader = PdfReader(out)
    assert all("/Annots" not in page for page in reader.pages)  # no javascript: link


def test_unescaped_payload_fails_the_render(tmp_path: Path, fetch_spy: list[str]) -> None:
    """Control: the same payloads as markup reach the fetcher, which stops the render."""
    html = make_html().replace("<h2>", PAYLOADS[0] + "<h2>", 1)
    with pytest.raises(RenderError, match="file:///etc/passwd") as caught:
        render(tmp_path, html)
    assert caught.value.path == tmp_path / "out.pdf"
    assert "file:///etc/passwd" in fetch_spy
    assert list(tmp_path.iterdir()) == []


def test_non_strict_render_skips_and_reports_refused_urls(
    tmp_path: Path, fetch_spy: list[str]
) -> None:
    html = make_html().replace("<h2>", "".join(PAYLOADS) + "<h2>", 1)
    out, info = render(tmp_path, html, strict=False)
    assert set(info.refused) == {"file:///etc/passwd", "http://example.com/x.css"}
    assert out.exists()


# --- output properties -------------------------------------------------------------------


def test_pdf_ua_structure(tmp_path: Path) -> None:
    out, info = render(tmp_path)
    assert info.pages == 1
    reader = PdfReader(out)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert reader.metadata.title == "Evaluation pack: Acme & Sons <Ltd>"
    assert "Page 1 of 1" in page_text(out)
    assert "Tender T-001" in page_text(out)


TABLE = (
    "<table><caption>Scores</caption><thead><tr><th scope='col'>Bidder</th>"
    "<th scope='col'>Score</th><th>Note</th></tr></thead><tbody>"
    "<tr><th scope='row'>Acme</th><td>12</td><td>ok</td></tr>"
    "<tr><th scope='rowgroup'>Bolt</th><td>9</td><td>late</td></tr></tbody></table>"
)


def header_scopes(path: Path) -> list[str]:
    """The /Scope of every /TH structure element, in file order ("" when it has none)."""
    pdf = pikepdf.open(path)
    return [
        str(obj.A.get("/Scope", "")) if isinstance(obj.get("/A"), pikepdf.Dictionary) else ""
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH"
    ]


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3a"])
def test_table_header_cells_carry_their_scope(tmp_path: Path, variant: str) -> None:
    """WeasyPrint writes no /Scope on /TH: the renderer copies each th's scope attribute."""
    out, _ = render(tmp_path, make_html().replace("<h2>Responses</h2>", TABLE), variant=variant)
    assert header_scopes(out) == ["/Column", "/Column", "/Column", "/Row", "/Row"]
    findings = [f for f in validate(str(out)).findings if f.rule_id == "UA-15-003"]
    assert findings == []


def test_archival_variant_is_tagged(tmp_path: Path) -> None:
    """PDF/A-3a: the same structure as PDF/UA-1; only the PDF/UA claim in the XMP is missing."""
    attachment = ("results.json", b'{"total": "12.5"}', "Scores")
    html = make_html().replace("<h2>Responses</h2>", TABLE)
    out, _ = render(tmp_path, html, variant="pdf/a-3a", attachments=[attachment])
    pdf = pikepdf.open(out)
    assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
    assert str(pdf.Root.Lang) == "en-GB"
    meta = pdf.open_metadata()
    assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "A")
    assert [(f.rule_id, f.severity.name) for f in validate(str(out)).findings] == [
        ("UA-28-004", "WARNING")
    ]


def test_pdf_ua_needs_a_title(tmp_path: Path) -> None:
    html = make_html().replace("<title>Evaluation pack: Acme &amp; Sons &lt;Ltd&gt;</title>", "")
    with pytest.raises(RenderError, match="title"):
        render(tmp_path, html)
    assert list(tmp_path.iterdir()) == []


def test_bundled_font_is_embedded(tmp_path: Path) -> None:
    out, _ = render(tmp_path)
    names = font_names(out)
    assert names and all(name.startswith("Source-Sans-3") for name in names), names
    assert {"Source-Sans-3-Bold", "Source-Sans-3-Italic"} <= names


def test_no_system_font_needed(tmp_path: Path) -> None:
    """Render with a Fontconfig that knows no fonts at all: Latin text still fully rendered."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    out = tmp_path / "nofonts.pdf"
    script = textwrap.dedent(
        f"""
        from datetime import datetime, UTC
        from pathlib import Path
        from socialvalue.render import render_pdf
        render_pdf(Path({str(tmp_path / "in.html")!r}).read_text(), Path({str(out)!r}),
                   asset_dirs=[Path({str(ASSETS)!r})], created=datetime(2026, 1, 1, tzinfo=UTC))
        """
    )
    (tmp_path / "in.html").write_text(make_html(["Llanfair Ŵŷ Ąę Łódź"]))
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=60)
    assert all(name.startswith("Source-Sans-3") for name in font_names(out))
    text = page_text(out)
    assert "Llanfair Ŵŷ Ąę Łódź" in text
    assert "£1,234.56 €5" in text


def test_qpdf_check(tmp_path: Path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        if os.environ.get("CI") == "true":
            pytest.fail("qpdf is not installed (apt-get install qpdf); CI must run this check")
        pytest.skip("qpdf not installed: apt-get install qpdf")
    attachment = ("results.json", b'{"total": "12.5"}', "Scores")
    for variant in ("pdf/ua-1", "pdf/a-3a"):
        out, _ = render(tmp_path, variant=variant, attachments=[attachment])
        result = subprocess.run([qpdf, "--check", str(out)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


# --- reproducibility ---------------------------------------------------------------------


def test_same_input_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = render(tmp_path, name="a.pdf")
    # A year later by the clock: fontTools stamps fonts with the time unless told otherwise.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 366 * 86400)
    second, _ = render(tmp_path, name="b.pdf")
    assert first.read_bytes() == second.read_bytes()
    later = make_html(created=CREATED + timedelta(days=1))
    third, _ = render(tmp_path, later, name="c.pdf")
    assert third.read_bytes() != first.read_bytes()  # control: the date is in the file


def test_created_fills_missing_dates(tmp_path: Path) -> None:
    html = make_html()
    html = "\n".join(line for line in html.splitlines() if "dcterms" not in line)
    out, _ = render(tmp_path, html, created=datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC))
    metadata = PdfReader(out).metadata
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20260504030201Z"


def test_pdf_a3a_with_attachment_is_reproducible(tmp_path: Path) -> None:
    data = b'{"bidder": "Acme", "score": "71.25"}'
    kwargs = {"variant": "pdf/a-3a", "attachments": [("results.json", data, "Scores")]}
    first, _ = render(tmp_path, name="a.pdf", **kwargs)
    # Same instant in another time zone: same file.
    bst = CREATED.astimezone(timezone(timedelta(hours=1)))
    second, _ = render(tmp_path, name="b.pdf", created=bst, **kwargs)
    assert first.read_bytes() == second.read_bytes()

    reader = PdfReader(first)
    root = reader.trailer["/Root"]
    assert reader.attachments["results.json"] == [data]
    (spec,) = (ref.get_object() for ref in root["/AF"])
    assert spec["/AFRelationship"] == "/Data"
    params = spec["/EF"]["/F"].get_object()["/Params"]
    assert params["/CreationDate"] == params["/ModDate"] == "D:20260301123000Z"
    assert reader.metadata["/CreationDate"] == "D:20260301123000Z"
    assert reader.xmp_metadata is not None
    assert reader.xmp_metadata.xmp_create_date == datetime(2026, 3, 1, 12, 30)
    assert "/OutputIntents" in root


def test_naive_created_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone"):
        render(tmp_path, created=datetime(2026, 1, 1))


# --- atomic write ------------------------------------------------------------------------


def test_failed_render_leaves_earlier_output_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"earlier good pack")

    def half_write(self, target=None, *args, **kwargs):
        target.write(b"%PDF-1.7\n% half a file")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", half_write)
    with pytest.raises(RuntimeError, match="disk on fire"):
        render(tmp_path)
    assert out.read_bytes() == b"earlier good pack"
    with pytest.raises(RuntimeError):
        render(tmp_path, name="new.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


# --- parallel ----------------------------------------------------------------------------


def test_render_many_matches_serial(tmp_path: Path) -> None:
    def jobs(folder: str) -> list[RenderJob]:
        (tmp_path / folder).mkdir()
        return [
            RenderJob(
                html=make_html([f"Response {i}"], bidder=f"Bidder {i}"),
                out_path=tmp_path / folder / f"{i}.pdf",
                asset_dirs=[ASSETS],
                created=CREATED,
                variant="pdf/a-3a" if i == 2 else "pdf/ua-1",
                attachments=[("results.json", b"{}", "Scores")] if i == 2 else [],
            )
            for i in range(3)
        ]

    parallel = render_many(jobs("parallel"), processes=2)
    serial = render_many(jobs("serial"), processes=1)
    assert [info.pages for info in parallel] == [1, 1, 1]
    for p, s in zip(parallel, serial, strict=True):
        assert p.path.parent.name == "parallel"
        assert p.path.read_bytes() == s.path.read_bytes()


def test_render_many_names_the_failing_file(tmp_path: Path) -> None:
    good = make_html()
    bad = good.replace("<h2>", '<img src="file:///etc/passwd"><h2>', 1)
    jobs = [
        RenderJob(html=html, out_path=tmp_path / name, asset_dirs=[ASSETS], created=CREATED)
        for html, name in ((good, "good.pdf"), (bad, "bad.pdf"))
    ]
    with pytest.raises(RenderError, match=r"bad\.pdf.*file:///etc/passwd") as caught:
        render_many(jobs, processes=2)
    assert caught.value.path == tmp_path / "bad.pdf"
    assert not (tmp_path / "bad.pdf").exists()


# --- jinja2 environment and filters ------------------------------------------------------


def test_environment_autoescapes_and_is_strict(tmp_path: Path) -> None:
    (tmp_path / "page.html.j2").write_text("{{ text }}")
    env = make_environment([tmp_path, TEMPLATES])
    assert env.get_template("page.html.j2").render(text="<b>&") == "&lt;b&gt;&amp;"
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("page.html.j2").render()


def test_environment_search_order(tmp_path: Path) -> None:
    (tmp_path / "_base.html.j2").write_text("tender's own base")
    assert make_environment([tmp_path, TEMPLATES]).get_template("_base.html.j2").render() == (
        "tender's own base"
    )
    ours = make_environment([TEMPLATES]).get_template("_base.html.j2")
    assert "assets/print.css" in ours.render(created=CREATED)


def test_filters() -> None:
    assert money(Decimal("1234.5"), "GBP") == "GBP 1,234.50"
    assert money(Decimal("-1234567.891"), "GBP") == "GBP -1,234,567.89"
    assert money(Decimal("124500.00"), "GBP") == "GBP 124,500"  # whole amounts: no pence
    assert money(Decimal("0.3"), "GBP") == "GBP 0.30"
    assert money(Decimal("-0.001"), "GBP") == "GBP 0"
    assert money(Decimal("0.005"), "GBP") == "GBP 0.01"  # half up
    assert money(Decimal("0.995"), "GBP") == "GBP 1"
    assert money(Decimal("10"), "EUR") == "EUR 10"
    assert money(12, "CHF") == "CHF 12"
    assert exact_money(Decimal("-1234567.891"), "GBP") == "GBP -1,234,567.891"
    assert exact_money(Decimal("0.3"), "EUR") == "EUR 0.30"
    assert exact_money(Decimal("124500.000"), "GBP") == "GBP 124,500"
    assert exact_money(Decimal("0.12345650"), "GBP") == "GBP 0.123456..."  # cut half even
    assert exact_money(Decimal("1234567.3333333"), "GBP") == "GBP 1,234,567.333333..."
    assert num(Decimal("1234.5")) == "1,234.50"
    assert num(Decimal("2.25"), 1) == "2.3"
    assert num(Decimal("1234"), 0) == "1,234"
    assert pct(Decimal("0.125")) == "12.5%"
    assert pct(Decimal("1"), 0) == "100%"
    for bad in (1.5, "1.5", True, None):
        with pytest.raises(TypeError):
            money(bad, "GBP")
    with pytest.raises(ValueError):
        num(Decimal("NaN"))
    for code in ("gbp", "£", "POUND", "GB"):
        with pytest.raises(ValueError):
            money(Decimal(1), code)


def test_filters_in_templates() -> None:
    env = make_environment([TEMPLATES])
    out = env.from_string(
        "{{ v | money('GBP') }} {{ v | num(1) }} {{ r | pct }} {{ v | at_most_places(1) }} "
        "{{ p | percent(3) }} {{ v | plain_decimal }}"
    ).render(v=Decimal("1234.560"), r=Decimal("0.5"), p=Decimal("4.50"))
    assert out == "GBP 1,234.56 1,234.6 50.0% 1,234.6 4.5% 1234.56"


def test_base_template_metadata() -> None:
    html = make_html(lang="cy")
    assert '<html lang="cy">' in html
    assert '<meta name="dcterms.created" content="2026-03-01T12:30:00Z">' in html
    assert 'data-running-header="Evaluation pack: Acme &amp; Sons &lt;Ltd&gt;"' in html
    assert html.count("<title>") == 1


def test_keep_ids_marks_whole_ids_only_and_escapes() -> None:
    """Ids in the toolkit's sentences are kept on one line; the rest of the text is escaped."""
    text = keep_ids(
        "<b> leads until LA-JOBS-MS or LA-JOBS moves; LA-JOBSX, XLA-JOBS", ["LA-JOBS", "LA-JOBS-MS"]
    )
    assert str(text) == (
        '&lt;b&gt; leads until <span class="id">LA-JOBS-MS</span> or '
        '<span class="id">LA-JOBS</span> moves; LA-JOBSX, XLA-JOBS'
    )
    assert str(keep_ids("a & b", [])) == "a &amp; b"
