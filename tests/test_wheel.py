"""The wheel: built from the repository, installed in a fresh virtual environment outside it,
it finds its shipped rubrics, proxy sets, schema and templates from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout)
        print(result.stderr, file=sys.stderr)
    assert result.returncode == 0, f"{args[:3]} exited {result.returncode}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--wheel", "--outdir", out, ROOT, cwd=ROOT)
    [built] = out.glob("socialvalue-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/ folder."""
    home = tmp_path_factory.mktemp("venv")
    assert ROOT not in home.parents
    venv.create(home, with_pip=True, clear=True)
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=home)
    return bin_dir


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder outside the repository."""
    assert ROOT not in tmp_path.parents
    return tmp_path


def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in [
        "socialvalue/__init__.py",
        "socialvalue/rubric/load.py",
        "socialvalue/rubric/schema.py",
        "socialvalue/schema/rubric.schema.json",
        "socialvalue/schema/results.schema.json",
        "socialvalue/schema/delivery.schema.json",
        "socialvalue/rubrics/tutorial.yaml",
        "socialvalue/rubrics/proxies/example-proxies.yaml",
        "socialvalue/examples/example-tender/tender.yaml",
        "socialvalue/ocds/schema/README.md",
        "socialvalue/ocds/schema/standard/release-schema.json",
        "socialvalue/ocds/schema/standard/release-package-schema.json",
        "socialvalue/ocds/schema/standard/LICENSE",
    ]:
        assert required in names, required
    for name in ("lots", "awardCriteria", "bids", "metrics", "partyScale", "uk"):
        for file in ("extension.json", "release-schema.json", "LICENSE"):
            assert f"socialvalue/ocds/schema/extensions/{name}/{file}" in names, (name, file)
    shipped = {p.name for p in (ROOT / "rubrics").glob("*.yaml")}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("socialvalue/rubrics/")} >= shipped
    templates = [n for n in names if n.startswith("socialvalue/templates/")]
    in_repo = [p for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert len(templates) == len(in_repo)
    assert not any(n.startswith(("tests/", "socialvalue/tests/")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "socialvalue = socialvalue.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    )


def test_installed_package_lists_and_shows_rubrics(installed: Path, elsewhere: Path) -> None:
    exe = installed / "socialvalue"
    listed = run(exe, "rubric", "list", "--json", cwd=elsewhere)
    entries = json.loads(listed.stdout)
    ids = {e["id"] for e in entries}
    assert "tutorial" in ids
    for entry in entries:  # found inside the installed package, not the repository
        path = Path(entry["path"])
        assert installed.parent in path.parents, path
        assert path.parent.name == "rubrics" and path.parent.parent.name == "socialvalue"
    plain = run(exe, "rubric", "list", cwd=elsewhere).stdout
    assert any(line.startswith("tutorial ") for line in plain.splitlines())

    shown = run(exe, "rubric", "show", "tutorial", cwd=elsewhere).stdout.splitlines()
    assert shown[0] == "Tutorial rubric - local jobs and a method statement"
    assert "  jobs  Local jobs and skills  [10 pts]" in shown

    tutorial = next(e["path"] for e in entries if e["id"] == "tutorial")
    checked = run(exe, "rubric", "check", tutorial, cwd=elsewhere)  # finds its proxy set
    assert checked.stdout.strip().endswith(": ok")


def test_installed_package_prints_its_schema(installed: Path, elsewhere: Path) -> None:
    out = run(installed / "socialvalue", "rubric", "schema", cwd=elsewhere).stdout
    assert out == (ROOT / "socialvalue" / "schema" / "rubric.schema.json").read_text(
        encoding="utf-8"
    )


def test_installed_resources_are_inside_the_package(installed: Path, elsewhere: Path) -> None:
    code = (
        "import json, socialvalue.resources as r; print(json.dumps({"
        "'rubrics': str(r.rubrics_dir()), 'templates': str(r.templates_dir()), "
        "'schema': str(r.schema_path()), 'proxies': str(r.proxies_dir())}))"
    )
    found = json.loads(run(installed / "python", "-c", code, cwd=elsewhere).stdout)
    for name, path in found.items():
        assert installed.parent in Path(path).parents, (name, path)
        assert Path(path).exists(), (name, path)


def test_installed_package_scores_its_example_like_the_checkout(
    installed: Path, elsewhere: Path, tmp_path: Path
) -> None:
    """The example tender ships in the wheel, and scoring it from the installed package gives
    the same results.json bytes as scoring it from this checkout (and the same ocds.json)."""
    from socialvalue.workflow import copy_example, score_tender

    exe = installed / "socialvalue"
    code = "from socialvalue.workflow import copy_example; print(copy_example('demo'))"
    run(installed / "python", "-c", code, cwd=elsewhere)
    run(exe, "score", "demo", cwd=elsewhere)
    from_wheel = (elsewhere / "demo" / "out" / "results.json").read_bytes()

    here = copy_example(tmp_path / "checkout" / "demo")
    score_tender(here)
    assert (here / "out" / "results.json").read_bytes() == from_wheel
    assert b'"socialvalue:rubrics/local-authority.yaml"' in from_wheel

    # The OCDS package: validated against the schemas inside the installed package, offline.
    from socialvalue.ocds import write_release_package

    run(exe, "ocds", "demo", cwd=elsewhere)
    ocds_here = write_release_package(here).path.read_bytes()
    assert (elsewhere / "demo" / "out" / "ocds.json").read_bytes() == ocds_here
