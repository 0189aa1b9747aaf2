"""A tender's own templates are untrusted: sandboxed, and read only as regular files."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from socialvalue.render import make_environment
from socialvalue.render.environment import SafeTemplateLoader, TemplateRefused
from tests.hostile.folder_cases import TEMPLATE_CASES, TEMPLATE_ESCAPE
from tests.test_pack_build import make_tender

ESCAPE = TEMPLATE_ESCAPE


def _override(tender: Path, name: str) -> Path:
    path = tender / "templates" / "pack" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _refused(cli, tender: Path) -> str:
    result = cli(["pack", str(tender), "--processes", "1"], exit_code=1)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert not (tender / "out" / "pack.pdf").exists()
    assert not list((tender / "out").glob(".pack-parts-*"))
    return output


def test_template_cannot_reach_python_globals(tmp_path: Path, cli) -> None:
    """The escape that ran a shell command through an unsandboxed environment is refused."""
    tender = make_tender(tmp_path / "tender")
    _override(tender, "_branding_head.html.j2").write_text(ESCAPE, encoding="utf-8")
    output = _refused(cli, tender)
    assert "the sandbox forbids" in output
    assert "PWNED-42" not in output


@pytest.mark.parametrize("name", TEMPLATE_CASES)
def test_the_corpus_template_overrides_are_refused(tmp_path: Path, cli, name: str) -> None:
    """Each of the corpus' TEMPLATE_CASES stops the pack with its message; nothing runs."""
    _about, target, text, expected = TEMPLATE_CASES[name]
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    tender = make_tender(tmp_path / "tender")
    if text is None:
        _override(tender, target).symlink_to(secret)
    else:
        _override(tender, target).write_text(text, encoding="utf-8")
    output = _refused(cli, tender)
    assert expected in output
    assert "PWNED-42" not in output and "SECRET-CONTENT" not in output
    assert "<class " not in output


def test_template_cannot_modify_what_it_is_given() -> None:
    env = make_environment([])
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ items.append(1) }}").render(items=[])


def test_symlinked_template_is_refused(tmp_path: Path, cli) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    tender = make_tender(tmp_path / "tender")
    _override(tender, "_logo.html.j2").symlink_to(secret)
    output = _refused(cli, tender)
    assert "templates/pack/_logo.html.j2 is a symbolic link" in output
    assert "SECRET-CONTENT" not in output


def test_template_in_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "_logo.html.j2").write_text("theirs", encoding="utf-8")
    own = tmp_path / "templates"
    own.mkdir()
    (own / "pack").symlink_to(elsewhere)
    env = make_environment([own])
    with pytest.raises(TemplateRefused, match="is a symbolic link"):
        env.get_template("pack/_logo.html.j2")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_template_is_refused_not_waited_on(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    (own / "pack").mkdir(parents=True)
    os.mkfifo(own / "pack" / "_logo.html.j2")
    with pytest.raises(TemplateRefused, match="is not a regular file"):
        make_environment([own]).get_template("pack/_logo.html.j2")


def test_oversized_template_is_refused(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    with (own / "big.html.j2").open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: costs nothing on disk
    with pytest.raises(TemplateRefused, match="too large for a template"):
        make_environment([own]).get_template("big.html.j2")


def test_loader_searches_folders_in_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, text in ((first, "tender's"), (second, "ours")):
        folder.mkdir()
        (folder / "x.j2").write_text(text, encoding="utf-8")
    (second / "y.j2").write_text("only ours", encoding="utf-8")
    env = jinja2.Environment(loader=SafeTemplateLoader([first, second]), autoescape=True)
    assert env.get_template("x.j2").render() == "tender's"
    assert env.get_template("y.j2").render() == "only ours"
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("../a/x.j2")
