"""No data lost: a killed or failed evaluation leaves the previous outputs as they were."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from awkward_tender import make_awkward_tender
from test_output_sets import previous_outputs

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


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, state), from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        found[int(stat.parent.name)] = (int(fields[1]), fields[0])
    return found


def descendants(pid: int) -> set[int]:
    """The processes started by ``pid``, and by them, and so on."""
    table, found, todo = _processes(), set(), [pid]
    while todo:
        parent = todo.pop()
        children = {p for p, (ppid, _) in table.items() if ppid == parent}
        found |= children
        todo += children
    return found


def running(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has ended: only its exit status is left)."""
    table = _processes()
    return {p for p in pids if p in table and table[p][1] != "Z"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="lists processes from /proc")
def test_killing_evaluate_mid_render_leaves_previous_outputs_and_no_worker(
    with_previous_set: Path, tmp_path: Path
) -> None:
    tender = Path(shutil.copytree(with_previous_set, tmp_path / "tender"))
    before = _snapshot(tender)
    code = "import sys; from socialvalue.cli import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "evaluate", str(tender), "--processes", "2", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stage = tender / f".out.staging-{proc.pid}"
    try:
        deadline = time.monotonic() + 300
        while not list(stage.glob(".pack-parts-*/*.pdf")):  # workers are rendering the pack
            assert proc.poll() is None, "evaluate finished before it could be killed"
            assert time.monotonic() < deadline, "evaluate never reached the rendering stage"
            time.sleep(0.05)
        workers = descendants(proc.pid)
        assert proc.poll() is None, "evaluate finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert len(workers) >= 2  # two render workers (and multiprocessing's resource tracker)
    deadline = time.monotonic() + 10
    while running(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running(workers) == set(), "render workers outlived their killed parent"
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


# ------------------------------------------------------------- killed at random moments
MOMENTS = 20
DRIVER = Path(__file__).with_name("kill_driver.py")


class Driver:
    """tests/kill_driver.py: runs a command in a forked child, killed after a given time."""

    def __init__(self, *options: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), *options],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline() == "ready\n"

    def run(self, args: list[str], kill_after: float | None = None) -> tuple[float, int]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"args": args, "kill_after": kill_after}) + "\n")
        self.proc.stdin.flush()
        done = json.loads(self.proc.stdout.readline())
        return done["seconds"], done["status"]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.fixture(scope="module")
def with_previous_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small tender (three bidders) holding a previous evaluation's outputs."""
    tender = make_awkward_tender(tmp_path_factory.mktemp("kill") / "tender")
    previous_outputs(tender / "out")
    return tender


def _visible(out: Path) -> dict[str, str]:
    """What a reader of out/ sees: every file but hidden ones (a probe, a temporary file)."""
    return {k: v for k, v in _snapshot(out).items() if not Path(k).name.startswith(".")}


def kill_at_random_moments(
    driver: Driver, template: Path, command: str, where: Path, seed: int
) -> None:
    """Run ``command`` once to time it and see the new set, then run it again from the
    previous set ``MOMENTS`` times, each killed at a seeded moment in its own slice of that
    time; each time out/ must hold exactly the previous set or the new one."""
    previous = _visible(template / "out")

    def fresh(name: str) -> tuple[Path, list[str]]:
        tender = Path(shutil.copytree(template, where / name, symlinks=True))
        return tender, [command, str(tender), "--quiet"]

    seconds = min(driver.run(fresh(f"whole-{n}")[1])[0] for n in range(2))
    new = _visible(where / "whole-0" / "out")
    assert new != previous and _visible(where / "whole-1" / "out") == new
    rng = random.Random(seed)
    killed = 0
    for index in range(MOMENTS):
        moment = seconds * (index + rng.random()) / MOMENTS
        tender, args = fresh(f"killed-{index}")
        _, status = driver.run(args, kill_after=moment)
        killed += os.WIFSIGNALED(status)
        seen = _visible(tender / "out")
        assert seen in (previous, new), f"killed {moment:.3f} s into a {seconds:.3f} s run"
        remove_stale_staging(tender / "out")  # what the next run does first
        assert _visible(tender / "out") == seen
        assert _hidden(tender) == []
        shutil.rmtree(tender)
    assert killed >= MOMENTS // 2, "most runs must have been killed before they ended"


@pytest.fixture(scope="module")
def driver() -> Iterator[Driver]:
    started = Driver()
    yield started
    started.close()


def test_killing_score_at_random_moments_leaves_one_whole_set(
    driver: Driver, with_previous_set: Path, tmp_path: Path
) -> None:
    kill_at_random_moments(driver, with_previous_set, "score", tmp_path, seed=15)


def test_killing_evaluate_at_random_moments_leaves_one_whole_set(
    with_previous_set: Path, tmp_path: Path
) -> None:
    """With a stand-in renderer (tests/fake_pack.py), so that twenty runs take seconds: what is
    tested is where the outputs go. The real renderer is killed in the test above."""
    driver = Driver("--fake-pack")
    try:
        kill_at_random_moments(driver, with_previous_set, "evaluate", tmp_path, seed=6)
    finally:
        driver.close()
