"""Hostile and broken surroundings (issue 15, output and batch half): special files, unreadable files and
folders, odd file names, a file that takes too long, outputs that cannot be written, formula injection,
content security policies, model bounds."""
from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from notice_miner import corpus

ROOT = Path(__file__).resolve().parents[1]
NOTICE = (ROOT / "corpus" / "c01_city_market.txt").read_bytes()
OTHER = (ROOT / "corpus" / "c13_county_transport.txt").read_bytes()


def _cli(*args: str, timeout: float = 300, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`notice-miner ARGS` in a fresh process; a hang fails the test instead of stalling the suite."""
    command = [*prefix, sys.executable, "-m", "notice_miner", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def _errors(out: Path) -> dict[str, str]:
    """File name -> reason, from errors.jsonl."""
    rows = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    return {Path(row["path"]).name: row["reason"] for row in rows}


def _tmp_left(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions hold: nothing for a normal user; for root, setpriv
    dropping the capabilities that let root read any file (root reads a chmod-000 file otherwise)."""
    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to hold for a test")
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"running as root and setpriv cannot drop capabilities here: {probe.stderr.decode()[:200]}")
    return prefix


# --- only regular files are read -------------------------------------------------------------------

def test_batch_reports_each_special_file_on_one_line_and_goes_on(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(NOTICE)
    (inputs / "z.txt").write_bytes(OTHER)
    (inputs / "loop.txt").symlink_to("loop.txt")
    (inputs / "ping.txt").symlink_to("pong.txt")
    (inputs / "pong.txt").symlink_to("ping.txt")
    os.mkfifo(inputs / "fifo.txt")  # reading it would wait for a writer forever
    (inputs / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(inputs / "socket.txt"))
        run = _cli("batch", str(inputs), "-o", str(out), "-q", "--no-labels", timeout=120)
    finally:
        listener.close()
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert _errors(out) == {
        "fifo.txt": "is a named pipe (FIFO), not a regular file",
        "loop.txt": "a symlink loop: the link never reaches a file",
        "ping.txt": "a symlink loop: the link never reaches a file",
        "pong.txt": "a symlink loop: the link never reaches a file",
        "socket.txt": "is a socket, not a regular file",
        "zero.txt": "is a character device, not a regular file",
    }
    assert sorted(p.name for p in (out / "notices").iterdir()) == ["a.txt.json", "z.txt.json"]
    assert "8 notices: 2 processed" in run.stderr


def test_parse_reads_only_regular_files(tmp_path):
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "good.txt").write_bytes(NOTICE)
    run = _cli("parse", str(tmp_path / "fifo.txt"), str(tmp_path / "loop.txt"), str(tmp_path / "good.txt"),
               "-o", str(tmp_path / "out"), "--no-labels", timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        f"notice-miner: {tmp_path / 'fifo.txt'}: is a named pipe (FIFO), not a regular file",
        f"notice-miner: {tmp_path / 'loop.txt'}: a symlink loop: the link never reaches a file"]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["good.json"]


def test_unreadable_files_and_folders_are_reported_and_the_rest_goes_on(tmp_path, unprivileged):
    inputs, out = tmp_path / "in", tmp_path / "out"
    (inputs / "closed").mkdir(parents=True)
    (inputs / "closed" / "inside.txt").write_bytes(OTHER)
    (inputs / "a.txt").write_bytes(NOTICE)
    (inputs / "secret.txt").write_bytes(OTHER)
    (inputs / "secret.txt").chmod(0)
    (inputs / "closed").chmod(0)
    try:
        run = _cli("batch", str(inputs), "-o", str(out), "-q", "--no-labels", prefix=unprivileged)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert _errors(out) == {
            "closed": "cannot open the folder (Permission denied); the files in it are not read",
            "secret.txt": "cannot read the file (Permission denied)"}
        assert [p.name for p in (out / "notices").iterdir()] == ["a.txt.json"]
        # parse: the unreadable file first, then one in the closed folder, then a good one
        parsed = _cli("parse", str(inputs / "secret.txt"), str(inputs / "closed" / "inside.txt"),
                      str(inputs / "a.txt"), "-o", str(tmp_path / "json"), "--no-labels", prefix=unprivileged)
        assert parsed.returncode == 1 and "Traceback" not in parsed.stderr
        assert parsed.stderr.splitlines() == [
            f"notice-miner: {inputs / 'secret.txt'}: cannot read the file (Permission denied)",
            f"notice-miner: {inputs / 'closed' / 'inside.txt'}: cannot read the file (Permission denied)"]
        assert [p.name for p in (tmp_path / "json").iterdir()] == ["a.json"]
    finally:
        (inputs / "closed").chmod(0o755)


# --- file names ------------------------------------------------------------------------------------

def test_file_names_that_would_break_a_message_line_are_quoted(tmp_path):
    broken, escape = tmp_path / "two\nlines.txt", tmp_path / "esc\x1b[2Jape.txt"
    broken.write_bytes(b"")
    escape.write_bytes(b"")
    run = _cli("parse", str(broken), str(escape), "--no-labels")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [f"notice-miner: {str(broken)!r}: empty file (0 bytes)",
                                       f"notice-miner: {str(escape)!r}: empty file (0 bytes)"]
    assert "\\n" in run.stderr and "\x1b" not in run.stderr


def test_names_with_line_breaks_and_bytes_that_are_not_utf8_go_through_batch(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "two\nlines.txt").write_bytes(NOTICE)
    os.close(os.open(os.path.join(os.fsencode(inputs), b"\xff\xfe-bytes.txt"), os.O_CREAT | os.O_WRONLY))
    with open(os.path.join(os.fsencode(inputs), b"\xff\xfe-bytes.txt"), "wb") as fh:
        fh.write(OTHER)
    run = _cli("batch", str(inputs), "-o", str(out), "-q", "--no-labels")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    names = sorted(json.loads(p.read_bytes())["source"]["name"] for p in (out / "notices").iterdir())
    assert names == ["two\nlines.txt", "\ufffd\ufffd-bytes.txt"]
    index = pd.read_csv(out / "index.csv")
    assert sorted(Path(p).name for p in index["path"]) == names
    again = _cli("batch", str(inputs), "-o", str(out), "-q", "--no-labels")
    assert "2 skipped as unchanged" in again.stderr, again.stderr
    parsed = _cli("parse", os.fsdecode(os.path.join(os.fsencode(inputs), b"\xff\xfe-bytes.txt")), "--no-labels")
    assert parsed.returncode == 0 and json.loads(parsed.stdout)["source"]["name"] == "\ufffd\ufffd-bytes.txt"


# --- a file that takes too long ----------------------------------------------------------------------

def test_a_file_over_the_time_limit_is_stopped_and_reported_and_the_run_goes_on(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for n in range(4):
        (inputs / f"n{n}.txt").write_bytes(NOTICE if n % 2 else OTHER)
    # a real notice 1,500 times over (12 MB, under the size limit): parsing it takes seconds
    (inputs / "n1-huge.txt").write_bytes(NOTICE * 1500)
    started = time.monotonic()
    summary = corpus.run_batch([inputs], out, progress=False, classifier=None, time_limit=1.0, chunk_size=3)
    assert time.monotonic() - started < 60
    assert (summary.processed, summary.failed) == (4, 1)
    assert _errors(out) == {"n1-huge.txt": "stopped after 1 s: longer than the time limit per file (--time-limit)"}
    assert len(pd.read_parquet(out / "notices.parquet")) == 4 and not _tmp_left(out)
    # the same with two workers: the other worker goes on meanwhile
    out2 = tmp_path / "out2"
    summary = corpus.run_batch([inputs], out2, jobs=2, progress=False, classifier=None, time_limit=1.0, chunk_size=2)
    assert (summary.processed, summary.failed) == (4, 1) and _errors(out2) == _errors(out)
    assert sorted(p.name for p in (out2 / "notices").iterdir()) == sorted(p.name for p in (out / "notices").iterdir())


def test_time_limit_is_a_batch_option_with_a_documented_default():
    run = _cli("batch", "--help")
    assert "--time-limit SECONDS" in run.stdout and "120" in run.stdout
    assert corpus.DEFAULT_TIME_LIMIT == 120.0
    assert "--time-limit" in (ROOT / "README.md").read_text(encoding="utf-8")
