"""Outputs replaced as a set: after any failure out/ holds the whole previous set or the whole new
one, never new results beside an old pack (docs/security.md, "Output sets")."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from awkward_tender import make_awkward_tender
from click.testing import Result
from fake_pack import fake_build_pack

import socialvalue.publish as publish
from socialvalue.workflow import evaluate_tender, remove_stale_staging, score_tender


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` -> SHA-256 (a folder's own entries only, hidden ones too)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def hidden(tender: Path) -> list[str]:
    """Hidden entries in the tender folder and its out/: what a run left behind."""
    return [p.name for d in (tender, tender / "out") for p in d.iterdir() if p.name[0] == "."]


def previous_outputs(out: Path) -> None:
    """An earlier evaluation's outputs (made up), with a pack volume the new pack lacks."""
    (out / "summaries").mkdir(parents=True, exist_ok=True)
    (out / "pack.pdf").write_bytes(b"%PDF previous pack")
    (out / "pack-volume-2.pdf").write_bytes(b"%PDF previous second volume")
    (out / "results.json").write_text('{"files": []}\n', encoding="utf-8")
    (out / "results.xlsx").write_bytes(b"previous workbook")
    (out / "summaries" / "old-bidder.pdf").write_bytes(b"%PDF previous summary")


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_awkward_tender(tmp_path_factory.mktemp("awkward") / "tender")


@pytest.fixture
def fake_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    """Evaluate with a stand-in renderer: these tests are about where outputs go."""
    monkeypatch.setattr("socialvalue.workflow.build_pack", fake_build_pack)


@pytest.fixture
def tender(awkward: Path, tmp_path: Path) -> Path:
    """The awkward tender with previous outputs in out/ (its response template among them)."""
    tender = Path(shutil.copytree(awkward, tmp_path / "tender"))
    previous_outputs(tender / "out")
    return tender


# ------------------------------------------------------------------------------------ score
def test_score_replaces_both_results_or_neither(
    tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(tender)

    def failing_xlsx(evaluation: object, path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("socialvalue.results.write_results_xlsx", failing_xlsx)
    with pytest.raises(OSError):
        score_tender(tender)
    assert snapshot(tender) == before  # results.json was written first, and is not in out/
    assert hidden(tender) == []


def test_score_replaces_the_results_and_keeps_every_other_output(tender: Path) -> None:
    out = tender / "out"
    before = snapshot(out)
    score_tender(tender)
    after = snapshot(out)
    changed = sorted(name for name in before if after.get(name) != before[name])
    assert changed == ["results.json", "results.xlsx"]
    assert sorted(after) == sorted(before)  # the pack, its volumes, template, summaries kept
    assert hidden(tender) == []


def test_a_users_own_hidden_file_is_kept_and_scratch_is_not(tender: Path) -> None:
    out = tender / "out"
    (out / ".notes-2026").write_text("mine", encoding="utf-8")
    (out / f".pack-parts-{DEAD}").mkdir()  # left in out/ by an earlier version's killed run
    (out / ".results.json.abc123.tmp").write_bytes(b"half")
    score_tender(tender)
    assert sorted(p.name for p in out.iterdir() if p.name[0] == ".") == [".notes-2026"]


def test_the_new_set_keeps_the_out_folders_permissions(tender: Path) -> None:
    (tender / "out").chmod(0o710)
    score_tender(tender)
    assert (tender / "out").stat().st_mode & 0o777 == 0o710


def test_a_linked_out_folder_stays_a_link(tender: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared" / "out"
    elsewhere.parent.mkdir()
    (tender / "out").rename(elsewhere)
    (tender / "out").symlink_to(elsewhere)
    score_tender(tender)
    assert (tender / "out").is_symlink()
    assert (elsewhere / "results.xlsx").read_bytes() != b"previous workbook"
    assert [p.name for p in elsewhere.parent.iterdir()] == ["out"]


# --------------------------------------------------------------------------------- evaluate
def locked(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make ``path`` behave as a file held open by a viewer on Windows: renaming it, or a folder
    holding it, fails (every kind of rename the toolkit uses)."""
    held = path.resolve()

    def touches(*names: object) -> bool:
        return any(held.is_relative_to(Path(os.fsdecode(n)).resolve()) for n in names)  # type: ignore[arg-type]

    def refusing(real: Callable[..., object]) -> Callable[..., object]:
        def rename(src: object, dst: object, *args: object, **kwargs: object) -> object:
            if touches(src, dst):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))
            return real(src, dst, *args, **kwargs)

        return rename

    monkeypatch.setattr(os, "replace", refusing(os.replace))
    monkeypatch.setattr(os, "rename", refusing(os.rename))
    monkeypatch.setattr(publish, "exchange", refusing(publish.exchange))


@pytest.fixture(params=["exchange", "two renames"])
def swap(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Publish by the atomic exchange (Linux) or by the fallback's two renames (elsewhere)."""
    if request.param == "two renames":
        monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    return str(request.param)


@pytest.mark.parametrize("held", ["pack.pdf", "results.xlsx", "summaries/old-bidder.pdf"])
def test_evaluate_with_an_output_held_open_keeps_the_previous_set(
    tender: Path, monkeypatch: pytest.MonkeyPatch, fake_pack: None, swap: str, held: str
) -> None:
    before = snapshot(tender)
    locked(monkeypatch, tender / "out" / held)
    with pytest.raises(PermissionError):
        evaluate_tender(tender, processes=1)
    assert snapshot(tender) == before
    assert hidden(tender) == []


def test_the_command_says_which_folder_is_held_and_exits_1(
    tender: Path, monkeypatch: pytest.MonkeyPatch, fake_pack: None, cli: Callable[..., Result]
) -> None:
    monkeypatch.chdir(tender.parent)
    locked(monkeypatch, tender / "out" / "pack.pdf")
    result = cli(["evaluate", "tender", "--quiet"], exit_code=1)
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr == (
        "tender/out: permission denied (is it open in another program, or read-only?)\n"
    )


def test_evaluate_when_the_new_set_cannot_be_moved_in_puts_the_old_one_back(
    tender: Path, monkeypatch: pytest.MonkeyPatch, fake_pack: None
) -> None:
    """The fallback's second rename fails (an antivirus scanning the staging folder, say)."""
    monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    real = os.rename
    before = snapshot(tender)

    def rename(src: str, dst: str) -> None:
        if Path(src).name.startswith(".out.staging-"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), src)
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError):
        evaluate_tender(tender, processes=1)
    assert snapshot(tender) == before
    assert hidden(tender) == []


def test_evaluate_replaces_the_whole_set(tender: Path) -> None:
    """For real: the pack and summaries rendered, the previous ones gone, others kept."""
    out = tender / "out"
    template = (out / "response-template.xlsx").read_bytes()
    report = evaluate_tender(tender, processes=1)
    names = set(snapshot(out))
    assert "pack-volume-2.pdf" not in names and "summaries/old-bidder.pdf" not in names
    assert {f"summaries/{s.path.name}" for s in report.pack.summaries} < names
    assert (out / "pack.pdf").read_bytes()[:5] == b"%PDF-"
    assert (out / "response-template.xlsx").read_bytes() == template
    assert hidden(tender) == []


def test_evaluate_by_two_renames_replaces_the_whole_set(
    tender: Path, monkeypatch: pytest.MonkeyPatch, fake_pack: None
) -> None:
    monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    template = (tender / "out" / "response-template.xlsx").read_bytes()
    evaluate_tender(tender)
    assert sorted(snapshot(tender / "out")) == [
        "pack.pdf",
        "response-template.xlsx",
        "results.json",
        "results.xlsx",
        "summaries/acme.pdf",
        "summaries/bravo.pdf",
        "summaries/civic.pdf",
    ]
    assert (tender / "out" / "response-template.xlsx").read_bytes() == template
    assert hidden(tender) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores file permissions: chmod cannot make the summaries folder read-only",
)
def test_a_read_only_summaries_folder_is_replaced_whole(tender: Path, fake_pack: None) -> None:
    summaries = tender / "out" / "summaries"
    (summaries / "old-bidder.pdf").chmod(0o444)
    summaries.chmod(0o555)
    try:
        report = evaluate_tender(tender, processes=1)
    finally:
        for folder in (summaries, *tender.glob(".out.*/summaries")):
            folder.chmod(0o755)
    assert sorted(p.name for p in summaries.iterdir()) == sorted(
        s.path.name for s in report.pack.summaries
    )
    assert hidden(tender) == []  # the previous set, read-only summaries and all, is gone


# ------------------------------------------------------------------ what a killed run left
DEAD = 999999999  # no such process


def _set(folder: Path, label: str) -> dict[str, str]:
    (folder / "summaries").mkdir(parents=True)
    for name in ("results.json", "results.xlsx", "pack.pdf", "summaries/a.pdf"):
        (folder / name).write_text(f"{label} {name}", encoding="utf-8")
    return snapshot(folder)


def test_killed_between_the_two_renames_the_previous_set_is_put_back(tmp_path: Path) -> None:
    old = _set(tmp_path / f".out.previous-{DEAD}", "old")
    _set(tmp_path / f".out.staging-{DEAD}", "new")
    assert remove_stale_staging(tmp_path / "out") == [tmp_path / f".out.staging-{DEAD}"]
    assert snapshot(tmp_path / "out") == old
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("left", [".out.previous-", ".out.staging-"])
def test_killed_after_the_swap_the_other_set_is_removed(tmp_path: Path, left: str) -> None:
    current = _set(tmp_path / "out", "current")
    _set(tmp_path / f"{left}{DEAD}", "other")
    assert remove_stale_staging(tmp_path / "out") == [tmp_path / f"{left}{DEAD}"]
    assert snapshot(tmp_path / "out") == current
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_running_evaluations_folders_are_left(tmp_path: Path) -> None:
    live = os.getppid()
    for left in (f".out.previous-{live}", f".out.staging-{live}", f"out/.staging-{live}"):
        (tmp_path / left).mkdir(parents=True)
    (tmp_path / "out" / f".pack-parts-{DEAD}").mkdir()
    assert remove_stale_staging(tmp_path / "out") == [tmp_path / "out" / f".pack-parts-{DEAD}"]
    assert len(list(tmp_path.glob(".out.*"))) == 2 and (tmp_path / f"out/.staging-{live}").is_dir()


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "from-a").touch()
    if not publish.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this system cannot exchange two folders atomically")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    assert list((tmp_path / "a").iterdir()) == []
