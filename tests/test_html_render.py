"""The HTML documents without a browser (issue 20): the same figures as the PDFs, the same
bytes on every run, self-contained and script-free, written as a set, bidder text as text."""

from __future__ import annotations

import html as html_lib
import itertools
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from socialvalue.delivery.report import write_report
from socialvalue.portfolio.report import OUTPUTS as PORTFOLIO_OUTPUTS
from socialvalue.render import html as render_html
from socialvalue.render.html import CSP, HtmlDocument, write_documents, write_html_set
from socialvalue.resources import templates_dir
from tests import html_support
from tests import test_pack_build as pdf_cases

#: A figure: a decimal, a percentage, an amount of money (grouped by thousands, as printed).
FIGURE = re.compile(r"-?\d[\d,]*\.\d+|\d[\d,]*(?:\.\d+)?%|GBP -?\d{1,3}(?:,\d{3})*(?:\.\d+)?(?!\d)")


def _html_text(page: Path) -> str:
    text = re.sub(r"<head>.*?</head>", " ", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _pdf_text(path: Path) -> str:
    tool = pdf_cases.need("pdftotext")
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def _pdf_of(page: Path) -> Path:
    """The PDF rendered from the same context as ``page`` (html/<kind>/.../index.html)."""
    example = html_support.example()
    folder = page.parent
    if folder.name == "pack":
        return example.tender / "out" / "pack.pdf"
    if folder.name == "delivery":
        return example.delivery_pdf
    return example.tender / "out" / "summaries" / f"{folder.name}.pdf"


@pytest.mark.slow  # builds the example tender and contract (about 7 s), once per process
def test_every_figure_in_the_html_is_the_pdfs_and_none_is_missing() -> None:
    pages = html_support.example().html
    assert len(pages) == 8
    for page in pages:
        in_html = set(FIGURE.findall(_html_text(page)))
        in_pdf = set(FIGURE.findall(_pdf_text(_pdf_of(page))))
        assert len(in_pdf) > 40, page  # the pattern finds the figures at all
        assert in_html == in_pdf, (page.parent.name, in_html ^ in_pdf)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_same_bytes_on_every_run(tmp_path: Path) -> None:
    example = html_support.example()
    again = tmp_path / "again"
    write_report(example.delivery_pdf.parent.parent, html=True)  # the contract, again
    first = _tree(example.delivery_pdf.parent / "html")
    shutil.copytree(example.delivery_pdf.parent / "html", again)
    write_report(example.delivery_pdf.parent.parent, html=True)
    assert _tree(example.delivery_pdf.parent / "html") == first == _tree(again)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def _parse(page: Path) -> _Collect:
    parser = _Collect()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_document_is_self_contained_and_script_free() -> None:
    for page in html_support.example().html:
        parsed = _parse(page)
        assert "script" not in parsed.tags and "iframe" not in parsed.tags
        assert ("meta", "content", CSP) in parsed.attributes
        assert parsed.tags.count("main") == 1 and "nav" in parsed.tags
        assert ("html", "lang", "en-GB") in parsed.attributes
        links = [v for _, n, v in parsed.attributes if n in ("href", "src")]
        for link in links:
            if link.startswith("#"):
                assert f'id="{link[1:]}"' in page.read_text(encoding="utf-8"), link
                continue
            assert "://" not in link and not link.startswith(("/", "data:", "javascript")), link
            assert (page.parent / link).is_file(), link
        assert (page.parent / "assets" / "screen.css").is_file()
        assert not (page.parent / "assets" / "print.css").exists()
        headings = [int(t[1]) for t in parsed.tags if re.fullmatch(r"h[1-6]", t)]
        assert all(b <= a + 1 for a, b in itertools.pairwise(headings)), page


def _hostile(folder: Path) -> Path:
    from socialvalue.pack.context import pack_context
    from socialvalue.pack.record import pack_record

    context = pack_context(pack_record(pdf_cases.hostile_results()), generated=pdf_cases.GENERATED)
    shipped = templates_dir()
    (index,) = write_documents(
        folder,
        [HtmlDocument("pack", "pack/pack.html.j2", context)],
        template_dirs=[shipped],
        asset_dirs=[shipped / "assets"],
    )
    return index


def test_hostile_text_is_escaped_and_never_in_an_attribute(tmp_path: Path) -> None:
    page = _hostile(tmp_path)
    parsed = _parse(page)
    assert "script" not in parsed.tags and "iframe" not in parsed.tags and "img" not in parsed.tags
    for _, name, value in parsed.attributes:
        if name == "xmlns":  # the SVG namespace
            continue
        assert "Supercalifragilistic" not in value and "passwd" not in value and "://" not in value
    text = _html_text(page).replace(" ", "")
    for hostile in (*pdf_cases.HOSTILE_NAMES.values(), pdf_cases.ANSWER, pdf_cases.EVIDENCE):
        assert "".join(hostile.split()) in text


def test_a_failed_set_leaves_the_previous_html_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = templates_dir()
    context = {"created": pdf_cases.GENERATED}
    documents = [HtmlDocument(f"d{i}", "_base.html.j2", context) for i in range(3)]
    kwargs = {"template_dirs": [shipped], "asset_dirs": [shipped / "assets"]}
    root = tmp_path / "html"
    write_html_set(root, documents[:1], **kwargs)
    before = _tree(root)
    calls = []

    def failing(document: HtmlDocument, template_dirs: object) -> str:
        calls.append(document.name)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return "<!DOCTYPE html>"

    monkeypatch.setattr(render_html, "render_html", failing)
    with pytest.raises(RuntimeError):
        write_html_set(root, documents, **kwargs)
    assert calls == ["d0", "d1"]
    assert _tree(root) == before and sorted(p.name for p in tmp_path.iterdir()) == ["html"]


def test_a_report_without_html_removes_a_stale_one(tmp_path: Path) -> None:
    contract = tmp_path / "contract"
    shutil.copytree(html_support.example().delivery_pdf.parent.parent, contract)
    assert (contract / "out" / "html" / "delivery" / "index.html").is_file()
    written = write_report(contract)
    assert not (contract / "out" / "html").exists()
    assert [p.name for p in written.paths] == ["delivery.json", "delivery.xlsx", "delivery.pdf"]


def test_contract_report_html_flag_prints_the_index(tmp_path: Path, cli) -> None:
    contract = tmp_path / "contract"
    shutil.copytree(html_support.example().delivery_pdf.parent.parent, contract)
    result = cli(["contract", "report", str(contract), "--html"])
    index = contract / "out" / "html" / "delivery" / "index.html"
    assert result.stdout.splitlines()[-1].endswith("out/html/delivery/index.html")
    assert index.is_file() and (index.parent / "assets" / "screen.css").is_file()


@pytest.mark.slow  # reports the example portfolio (about 5 s), once per process
def test_every_figure_in_the_portfolio_html_is_the_pdfs_and_none_is_missing() -> None:
    made = html_support.portfolio()
    in_html = set(FIGURE.findall(_html_text(made.html)))
    in_pdf = set(FIGURE.findall(_pdf_text(made.pdf)))
    assert len(in_pdf) > 30  # the pattern finds the figures at all
    assert in_html == in_pdf, in_html ^ in_pdf
    assert (made.html.parent / "assets" / "screen.css").is_file()


def test_a_portfolio_report_without_html_removes_a_stale_one(tmp_path: Path, cli) -> None:
    folder = tmp_path / "portfolio"
    shutil.copytree(html_support.portfolio().folder, folder)
    out = folder / "out"
    assert (out / "html" / "portfolio" / "index.html").is_file()
    result = cli(["portfolio", "report", str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(PORTFOLIO_OUTPUTS)
    result = cli(["portfolio", "report", str(folder), "--html", "--quiet"])
    assert result.stdout.splitlines()[-1].endswith("out/html/portfolio/index.html")
    assert sorted(p.name for p in out.iterdir()) == sorted((*PORTFOLIO_OUTPUTS, "html"))
