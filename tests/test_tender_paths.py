"""Every path tender.yaml names is a regular file, bounded, and its content is not echoed
(issue 15 item 4). `rubric: /dev/zero` read 3.8 GB then gave a traceback; `rubric: fifo.yaml`
hung `check` for ever; `rubric: /etc/passwd` was read and its content printed. The cases are
the corpus' (tests/hostile/folder_cases.py)."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from socialvalue.resources import rubrics_dir
from socialvalue.testing import make_tender_folder
from tests.hostile import time_limit
from tests.hostile.folder_cases import (
    PATH_CASES,
    PATH_TENDER,
    SECRET,
    SECRET_TEXTS,
    write_path_case,
)

TENDER = PATH_TENDER


def _tender(folder: Path, rubric: str, proxy: str | None = None) -> Path:
    proxy_line = f"proxy_set: {proxy}\n" if proxy else ""
    make_tender_folder(folder, TENDER.format(rubric=rubric, proxy=proxy_line), template=False)
    return folder


def _check(cli, tender: Path) -> str:
    with time_limit(30):
        result = cli(["check", str(tender)], exit_code=1)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    return output


@pytest.mark.parametrize("name", PATH_CASES)
def test_a_path_in_tender_yaml_is_refused_as_the_corpus_says(
    tmp_path: Path, cli, name: str
) -> None:
    """Each of the corpus' PATH_CASES (a device, named pipes, /etc/passwd, a secret reached by
    climbing out of the folder, a 6 GB sparse file): one message, nothing read or echoed."""
    case = PATH_CASES[name]
    if case.needs and not Path(case.needs).exists():
        pytest.skip(f"no {case.needs} on this system")
    if case.special is not None and "fifo" in name and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    output = _check(cli, write_path_case(name, tmp_path))
    for expected in case.expect:
        assert expected in output, output
    for secret_text in SECRET_TEXTS:
        assert secret_text not in output, output


@pytest.mark.parametrize("kind", ["rubric", "proxy set"])
def test_a_file_that_is_not_a_rubric_is_not_echoed(tmp_path: Path, cli, kind: str) -> None:
    secret = tmp_path / "etc" / "shadow"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    other = tmp_path / "etc" / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/false\n", "utf-8")
    for target, expected in ((secret, "none of its 21 top-level keys"), (other, "got text of")):
        if kind == "rubric":
            tender = _tender(tmp_path / target.name, str(target))
        else:
            tender = _tender(tmp_path / target.name, "local-authority", str(target))
        output = _check(cli, tender)
        assert expected in output and "is this the right file?" in output
        for secret_text in SECRET_TEXTS:
            assert secret_text not in output, output


def test_an_enormous_rubric_is_refused_before_it_is_read(tmp_path: Path, cli) -> None:
    tender = _tender(tmp_path / "t", "big.yaml")
    with (tender / "big.yaml").open("wb") as handle:
        handle.truncate(6_000_000_000)  # sparse: nothing on disk
    assert "big.yaml: file is 6,000,000,000 bytes; the limit is 5,242,880" in _check(cli, tender)


def test_a_rubric_outside_the_tender_folder_is_allowed(tmp_path: Path, cli) -> None:
    """A council's shared rubric folder is a real need: a path anywhere, or a link to it."""
    shared = tmp_path / "shared" / "rubrics"
    shared.mkdir(parents=True)
    text = (rubrics_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    (shared / "ours.yaml").write_text(text, encoding="utf-8")
    tender = _tender(tmp_path / "t", str(shared / "ours.yaml"))
    (tender / "linked.yaml").symlink_to(shared / "ours.yaml")
    for ref in (str(shared / "ours.yaml"), "../shared/rubrics/ours.yaml", "linked.yaml"):
        (tender / "tender.yaml").write_text(TENDER.format(rubric=ref, proxy=""), encoding="utf-8")
        result = cli(["check", str(tender)])  # no responses yet: a warning
        output = result.stdout + result.stderr
        assert "ours.yaml: ok (rubric)" in output or "linked.yaml: ok (rubric)" in output, output


def test_long_values_are_cut_in_messages(tmp_path: Path, cli) -> None:
    tender = _tender(tmp_path / "t", "tutorial")
    text = (tender / "tender.yaml").read_text(encoding="utf-8")
    (tender / "tender.yaml").write_text(
        text.replace("value: 2000000", "value: " + "x" * 5000), encoding="utf-8"
    )
    output = _check(cli, tender)
    assert '"' + "x" * 60 + '..." (5,000 characters)' in output
    assert "x" * 61 not in output


def test_an_enormous_response_is_refused_by_size_without_hashing_it(tmp_path: Path, cli) -> None:
    """A 6 GB sparse file in responses/ was read whole to hash it before its size was checked."""
    tender = _tender(tmp_path / "t", "tutorial")
    with (tender / "responses" / "huge.xlsx").open("wb") as handle:
        handle.truncate(6_000_000_000)
    tracemalloc.start()
    try:
        output = _check(cli, tender)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200_000_000, f"{peak:,} bytes allocated: the file was read"
    assert "responses/huge.xlsx: the file is 5,722.0 MB, more than the 20.0 MB allowed" in output
