"""The render cache: a rerun copies unchanged documents, bytes identical to a clean run, and
renders again what a changed input changes; a damaged entry is rendered again, never served."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from socialvalue import caches
from socialvalue.forms import fill_by_names
from socialvalue.render import RenderInfo, cache
from socialvalue.workflow import copy_example, evaluate_tender


def outputs(folder: Path) -> dict[str, str]:
    """SHA-256 of every PDF and results file in ``out/`` (the response template aside)."""
    out = folder / "out"
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.suffix in (".pdf", ".json", ".xlsx") and "template" not in p.name
    }


def evaluate(folder: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Evaluate in this process (so the cache's counters see every document)."""
    before = dict(cache.stats)
    evaluate_tender(folder, processes=1)
    return outputs(folder), {k: cache.stats[k] - before[k] for k in before}


def raise_brightstar(folder: Path) -> None:
    """Brightstar's consensus scores go to 100 but on LA-JOBS-MS (which discounts every bid's
    jobs commitments against the best): its rank and its pages change, Harbour's and Mercia's
    ranks with it; the winner's, Afon's and QuickServe's documents do not."""
    names = ("LA_COMM_MS", "LA_DELIVERY_MS", "LA_ENV_MS")
    cells = {f"sv_consensus_brightstar_{n}": 100 for n in names}
    fill_by_names(folder / "moderation.xlsx", folder / "moderation.xlsx", cells)


def ranking(folder: Path) -> list[str]:
    data = json.loads((folder / "out" / "results.json").read_text())
    return [row["bidder"] for row in data["ranking"]]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    root = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(caches.ENV, str(root / "caches"))
        yield _runs(root)


def _runs(root: Path) -> dict[str, object]:
    tender = copy_example(root / "tender")
    first, cold = evaluate(tender)
    again, warm = evaluate(tender)
    rank_before = ranking(tender)
    raise_brightstar(tender)
    changed, partial = evaluate(tender)
    rank_after = ranking(tender)
    fresh = copy_example(root / "fresh")
    shutil.copy(tender / "moderation.xlsx", fresh / "moderation.xlsx")
    clean, _ = evaluate(fresh)
    return {
        "first": first,
        "cold": cold,
        "again": again,
        "warm": warm,
        "changed": changed,
        "partial": partial,
        "clean": clean,
        "rank": (rank_before, rank_after),
    }


@pytest.mark.slow
def test_a_rerun_renders_nothing_and_writes_the_same_bytes(runs: dict[str, object]) -> None:
    cold, warm = runs["cold"], runs["warm"]
    assert cold["hits"] == 0 and cold["misses"] > 10  # type: ignore[index]
    assert warm == {"hits": cold["misses"], "misses": 0}  # type: ignore[index]
    assert runs["again"] == runs["first"]
    assert any(name.startswith("pack") for name in runs["first"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", ["pdf", "json", "missing pdf"])
def test_a_damaged_entry_is_removed_not_served(tmp_path: Path, damage: str) -> None:
    made = tmp_path / "made.pdf"
    made.write_bytes(b"%PDF-1.7 a rendered document")
    info = RenderInfo(made, 3, anchors=(("a", 1),))
    folder = tmp_path / "cache"
    cache.store(folder, "k", info, write=True)
    served = cache.fetch(folder, "k", tmp_path / "out.pdf", write=True)
    assert served == attrs.evolve(info, path=tmp_path / "out.pdf")
    assert (tmp_path / "out.pdf").read_bytes() == made.read_bytes()
    if damage == "pdf":
        entry = folder / "k.pdf"
        entry.write_bytes(entry.read_bytes()[:-1] + b"X")  # same size, other bytes
    elif damage == "json":
        (folder / "k.json").write_text("{not json")
    else:
        (folder / "k.pdf").unlink()
    assert cache.fetch(folder, "k", tmp_path / "again.pdf", write=True) is None
    assert not (tmp_path / "again.pdf").exists()
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_a_changed_score_renders_what_changed_and_matches_a_clean_run(
    runs: dict[str, object],
) -> None:
    before, after = runs["rank"]  # type: ignore[misc]
    assert before != after and after.index("brightstar") < before.index("brightstar")
    partial, cold = runs["partial"], runs["cold"]
    assert 0 < partial["misses"] < cold["misses"]  # type: ignore[index]
    assert partial["hits"] > 0  # type: ignore[index]
    assert runs["changed"] == runs["clean"]  # cached rerun == fresh run of the changed tender
    assert runs["changed"]["pack.pdf"] != runs["first"]["pack.pdf"]  # type: ignore[index]


def test_prune_keeps_the_most_recently_used_within_the_bound(tmp_path: Path) -> None:
    import os

    for index in range(5):
        (tmp_path / f"k{index}.pdf").write_bytes(b"x" * 1000)
        (tmp_path / f"k{index}.json").write_text("{}")
        for suffix in (".pdf", ".json"):
            os.utime(tmp_path / f"k{index}{suffix}", (index, index))
    (tmp_path / "k9.pdf").write_bytes(b"y" * 10)  # no facts: an interrupted write
    os.utime(tmp_path / "k9.pdf", (0.5, 0.5))
    (tmp_path / ".k8.pdf.abc.tmp").write_bytes(b"z")
    removed = cache.prune(tmp_path, max_bytes=2100)
    assert sorted(removed) == ["k0", "k1", "k2", "k9"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k3.json", "k3.pdf", "k4.json", "k4.pdf"]


def test_the_caches_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(caches.ENV, "0")
    assert cache.render_cache_dir() is None


def test_a_cache_others_may_write_to_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(caches.ENV, str(tmp_path / "shared"))
    assert caches.cache_folder("render") == tmp_path / "shared" / "render"
    (tmp_path / "shared").chmod(0o777)
    assert caches.cache_folder("render") is None
