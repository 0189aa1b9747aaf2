"""Every path tender.yaml names is a regular file, bounded, and its content is not echoed
(issue 15 item 4). `rubric: /dev/zero` read 3.8 GB then gave a traceback; `rubric: fifo.yaml`
hung `check` for ever; `rubric: /etc/passwd` was read and its content printed."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from socialvalue.resources import rubrics_dir
from socialvalue.testing import make_tender_folder
from tests.hostile import time_limit

TENDER = """\
reference: TP-2026-001
title: Grounds maintenance
buyer: Example Council
contract:
  value: 2000000
rubric: {rubric}
{proxy}evaluators:
  - {{id: e1, name: Jo Bloggs}}
"""
SECRET = "root:$6$s3cr3tsalt$HASHEDPASSWORD:19000:0:99999:7:::\n" + "".join(
    f"user{n}:$6$salt{n}$HASH{n}:19000:0:99999:7:::\n" for n in range(20)
)


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


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_device_as_the_rubric_is_refused_without_reading_it(tmp_path: Path, cli) -> None:
    output = _check(cli, _tender(tmp_path / "t", "/dev/zero"))
    assert "zero: is a character device, not a regular file: name a file" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_as_the_rubric_is_refused_not_waited_on(tmp_path: Path, cli) -> None:
    tender = _tender(tmp_path / "t", "fifo.yaml")
    os.mkfifo(tender / "fifo.yaml")
    assert "fifo.yaml: is a named pipe, not a regular file: name a file" in _check(cli, tender)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_as_the_proxy_set_is_refused(tmp_path: Path, cli) -> None:
    tender = _tender(tmp_path / "t", "local-authority", "proxies.yaml")
    os.mkfifo(tender / "proxies.yaml")
    assert "proxies.yaml: is a named pipe, not a regular file" in _check(cli, tender)


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
        for secret_text in ("HASHEDPASSWORD", "s3cr3t", "root:", "/bin/bash", "daemon"):
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
