"""No data lost: a killed or failed evaluation leaves the previous outputs as they were."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socialvalue.errors import InputError
from socialvalue.workflow import copy_example, evaluate_tender, remove_stale_staging


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden staging folders excluded) -> SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


@pytest.fixture
def tender_with_previous_outputs(tmp_path: Path) -> Path:
    tender = copy_example(tmp_path / "tender")
    out = tender / "out"
    (out / "summaries").mkdir(parents=True)
    (out / "pack.pdf").write_bytes(b"%PDF previous pack")
    (out / "results.json").write_text('{"files": []}\n', encoding="utf-8")
    (out / "results.xlsx").write_bytes(b"previous workbook")
    (out / "summaries" / "old-bidder.pdf").write_bytes(b"%PDF previous summary")
    return tender


def test_killing_evaluate_mid_render_leaves_previous_outputs_intact(
    tender_with_previous_outputs: Path,
) -> None:
    tender = tender_with_previous_outputs
    before = _snapshot(tender)
    code = "import sys; from socialvalue.cli import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "evaluate", str(tender), "--processes", "1", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stage = tender / f".out.staging-{proc.pid}"
    try:
        deadline = time.monotonic() + 120
        while not (stage / "results.xlsx").exists():  # scored; the pack is being rendered
            assert proc.poll() is None, "evaluate finished before it could be killed"
            assert time.monotonic() < deadline, "evaluate never reached the rendering stage"
            time.sleep(0.05)
        time.sleep(0.3)
        assert proc.poll() is None, "evaluate finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot(tender) == before  # previous outputs and inputs untouched, nothing new
    assert stage.is_dir()  # the killed run's half-made outputs stayed out of sight
    assert remove_stale_staging(tender / "out") == [stage]
    assert _hidden(tender) == []


def _hidden(tender: Path) -> list[str]:
    """Hidden entries in the tender folder and its out/: what a run left behind."""
    return [p.name for d in (tender, tender / "out") for p in d.iterdir() if p.name[0] == "."]


def test_a_failed_render_leaves_previous_outputs_intact(
    tender_with_previous_outputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tender = tender_with_previous_outputs
    before = _snapshot(tender)

    def failing_build(results: Path, out_dir: Path, **_: object) -> None:
        (Path(out_dir) / "pack.pdf").write_bytes(b"half a pack")
        raise InputError.single("pack", "rendering failed half way")

    monkeypatch.setattr("socialvalue.workflow.build_pack", failing_build)
    with pytest.raises(InputError):
        evaluate_tender(tender)
    assert _snapshot(tender) == before
    assert _hidden(tender) == []


def test_a_running_evaluation_keeps_its_staging_folder(tmp_path: Path) -> None:
    """Only folders of processes that are gone are removed."""
    out = tmp_path / "out"
    live = out / f".staging-{os.getppid()}"
    dead = out / ".staging-999999999"
    live.mkdir(parents=True)
    dead.mkdir()
    assert remove_stale_staging(out) == [dead]
    assert live.is_dir()
