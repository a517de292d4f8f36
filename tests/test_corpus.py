"""Batch runs: walking, naming, resumption (also after kill -9), errors, tables, --jobs and Dask."""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from notice_miner import corpus
from notice_miner.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _make_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = _make_corpus_module().make_corpus


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "notices").glob("*.json"))}


def _inputs(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _index(out: Path) -> dict[str, str]:
    """Output name -> input path of the notices the last run holds."""
    return dict(line.split(",")[:2] for line in (out / "index.csv").read_text().splitlines()[1:])


def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    make_corpus(root, 24, per_folder=10)
    return root


@pytest.fixture(scope="module")
def reference_run(small_corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ref")
    summary = corpus.run_batch([small_corpus], out, progress=False)
    # a stage may still fail on some notice while the stages are being built; the batch must not
    assert summary.total == summary.processed + summary.failed == 24 and summary.processed >= 12
    return out


def test_walk_is_sorted_recursive_and_skips_hidden_unsupported_and_output(tmp_path):
    for rel in ["b/2.txt", "b/1.HTML", "a/x.docx", "a/.hidden.txt", ".git/c.txt", "a/x.gold.json",
                "README.md", "a/old.doc", "scan.jpg", "out/notices/old.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    skipped: list[Path] = []
    found = [f.rel for f in corpus.iter_notice_files([tmp_path], skipped=skipped, exclude=tmp_path / "out")]
    assert found == ["a/x.docx", "b/1.HTML", "b/2.txt"]
    assert sorted(p.name for p in skipped) == ["old.doc", "scan.jpg"]  # gold files and notes pass silently
    # a file reached twice (folder and file given) is processed once
    again = list(corpus.iter_notice_files([tmp_path / "b", tmp_path / "b" / "2.txt"]))
    assert [f.rel for f in again] == ["1.HTML", "2.txt"]


def test_names_are_collision_free_and_stable(tmp_path):
    for rel in ["one/sub/n.txt", "two/sub/n.txt", "two/sub/N.TXT", "two/sub__n.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    files = list(corpus.iter_notice_files([tmp_path / "one", tmp_path / "two"]))
    names = corpus.assign_names(files, {})
    assert len({n.casefold() for n in names}) == len(names) == 4
    assert names[0] == "sub__n.txt.json"  # the first in walk order keeps the plain name
    assert all(n.startswith(("sub__n.txt-", "sub__N.TXT-", "sub__N.TXT.json")) for n in names[1:])
    # names recorded earlier stay with their inputs even when a new file takes an earlier place
    previous = {f.key: {"name": n} for f, n in zip(files[1:], names[1:])}
    assert corpus.assign_names(files[1:], previous) == names[1:]
    renamed = corpus.assign_names(files, previous)
    assert renamed[1:] == names[1:] and renamed[0] not in names[1:]


def test_resume_skips_unchanged_and_reprocesses_changed(small_corpus, reference_run, tmp_path):
    out = tmp_path / "out"
    run = functools.partial(corpus.run_batch, [small_corpus], out, progress=False, classifier=None)
    first = run()
    before = {p.name: p.stat().st_mtime_ns for p in (out / "notices").glob("*.json")}
    again = run()
    assert (again.processed, again.unchanged, again.failed) == (0, first.processed, first.failed)
    name, path = sorted(_index(out).items())[1]
    changed = Path(path)
    original = changed.read_bytes()
    try:
        changed.write_bytes(original + b"\n")
        third = run()
        assert (third.processed, third.unchanged) == (1, first.processed - 1)
        after = {p.name: p.stat().st_mtime_ns for p in (out / "notices").glob("*.json")}
        assert [n for n in before if before[n] != after[n]] == [name]
        # rows read back for the unchanged notices and rows of the one parsed now, in walk order
        resumed = [pd.read_parquet(out / f"{stem}.parquet") for stem in ("notices", "items")]
        walk = [str(p) for p in _inputs(small_corpus)]
        positions = [walk.index(path) for path in resumed[0]["source_path"]]
        assert positions == sorted(positions) and walk.index(path) in positions
        # what a power cut can leave: a notice file emptied, a temporary file; both are mended
        (out / "notices" / name).write_bytes(b"")
        (out / "notices" / f".{name}.123.tmp").write_bytes(b"{")
        fourth = run()
        assert (fourth.processed, fourth.unchanged) == (1, first.processed - 1)
        assert json.loads((out / "notices" / name).read_bytes()) and not _temporaries(out)
        assert run(force=True).processed == first.processed
        for stem, table in zip(("notices", "items"), resumed):
            pd.testing.assert_frame_equal(table, pd.read_parquet(out / f"{stem}.parquet"))
        labelled = getattr(corpus.work.classifier_for("default"), "model_id", None) is not None
        assert run(classifier="default").unchanged == (0 if labelled else first.processed)  # new model: redo
    finally:
        changed.write_bytes(original)
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert {e["key"] for e in manifest} == {Path(p).resolve().as_posix() for p in _index(out).values()}


def test_a_retrained_model_reparses_only_when_its_predictions_changed(small_corpus, tmp_path, monkeypatch):
    """Resumption keys on what the model predicts (on the probe measures), not on its id: a model
    retrained to the same predictions skips every notice; one that labels otherwise redoes them."""
    from notice_miner.classify import LinearClassifier, load_classifier

    shipped = load_classifier()
    out = tmp_path / "out"
    run = functools.partial(corpus.run_batch, [small_corpus], out, progress=False, classifier="default")
    monkeypatch.setitem(corpus.work._LOADED, "default", shipped)
    first = run()
    retrained = LinearClassifier(dict(shipped.manifest, model_id="nm-clf-retrained000"), shipped.arrays)
    monkeypatch.setitem(corpus.work._LOADED, "default", retrained)
    again = run()
    assert (again.processed, again.unchanged) == (0, first.processed)
    relabelling = LinearClassifier(dict(shipped.manifest, model_id="nm-clf-relabelling0", threshold=0.05), shipped.arrays)
    monkeypatch.setitem(corpus.work._LOADED, "default", relabelling)
    assert run().processed == first.processed


def test_progress_bars_label_the_time_elapsed_and_left():
    """As shown: what is counted, then the time elapsed and left, each with its label (tests/test_progress.py
    has the rate and the time left as they run)."""
    import io

    from rich.console import Console

    from notice_miner.corpus.run import progress_bar

    bar = progress_bar(True, "fits")
    bar.add_task("fits", total=4)
    out = io.StringIO()
    Console(file=out, width=160, color_system=None).print(bar.get_renderable())
    line = " ".join(out.getvalue().split())
    assert line.startswith("fits ") and " elapsed 0:00:00 " in line and line.endswith(" left –")


def test_bad_file_is_logged_and_sets_exit_status(small_corpus, tmp_path):
    from click.testing import CliRunner

    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted(small_corpus.rglob("*.txt"))[:3]:  # the seed notice and two of the corpus
        (inputs / path.name).write_bytes(path.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a PDF")
    (inputs / "notice.doc").write_text("not a notice we read", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(inputs), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1, result.output
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert sorted(Path(e["path"]).name for e in errors) == ["broken.pdf", "empty.txt"]
    assert all(e["reason"] and "\n" not in e["reason"] and e["time"] for e in errors)
    assert len(_outputs(tmp_path / "out")) == 3
    assert (tmp_path / "out" / "skipped.txt").read_text().strip().endswith("notice.doc")
    (inputs / "empty.txt").unlink()
    (inputs / "broken.pdf").unlink()
    result = CliRunner().invoke(cli, ["batch", str(inputs), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "errors.jsonl").read_text() == ""


def test_tables_have_one_row_per_notice_and_item(reference_run):
    notices = pd.read_parquet(reference_run / "notices.parquet")
    items = pd.read_parquet(reference_run / "items.parquet")
    docs = [json.loads(b) for b in _outputs(reference_run).values()]
    assert len(notices) == len(docs) == len(_index(reference_run)) and notices["notice_id"].is_unique
    assert list(notices["notice_id"]) == sorted(notices["notice_id"])
    assert len(items) == sum(len(d["items"]) for d in docs) > 0
    for column in ["source_path", "source_sha256", "title", "agency", "published", "problems_total",
                   "funds_recovered_yuan", "n_items", "n_plan_items", "warnings"]:
        assert column in notices.columns
    for column in ["notice_id", "item_id", "path", "status", "problem", "label_1", "score_1", "label_3",
                   "labels", "n_documents", "n_names", "amounts_total_yuan", "specificity", "agency"]:
        assert column in items.columns
    assert notices.set_index("notice_id")["n_items"].to_dict() == \
        items.groupby("notice_id").size().reindex(notices["notice_id"], fill_value=0).to_dict()
    raw = (reference_run / "notices.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    from_csv = pd.read_csv(reference_run / "items.csv", encoding="utf-8-sig")
    assert len(from_csv) == len(items) and list(from_csv.columns) == list(items.columns)
    assert not _temporaries(reference_run)


def test_two_jobs_give_identical_output(small_corpus, reference_run, tmp_path):
    summary = corpus.run_batch([small_corpus], tmp_path, jobs=2, progress=False, chunk_size=3)
    assert summary.processed == len(_index(reference_run))
    assert _outputs(tmp_path) == _outputs(reference_run)
    for table in ["notices.parquet", "items.parquet"]:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / table), pd.read_parquet(reference_run / table))
    assert (tmp_path / "items.csv").read_bytes() == (reference_run / "items.csv").read_bytes()


def test_dask_cluster_gives_identical_output(small_corpus, reference_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        summary = corpus.run_batch([small_corpus], tmp_path, scheduler=cluster.scheduler_address,
                                   progress=False, chunk_size=4)
    assert summary.processed == len(_index(reference_run))
    assert _outputs(tmp_path) == _outputs(reference_run)
    for table in ["notices.parquet", "items.parquet"]:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / table), pd.read_parquet(reference_run / table))


def _children(pid: int) -> list[int]:
    """The process's child pids (Linux /proc)."""
    return [int(child) for task in Path(f"/proc/{pid}/task").glob("*")
            for child in (task / "children").read_text().split()]


def _wait_gone(pids: list[int], bound: float = 60.0) -> None:
    """Until every pid has exited (a zombie counts as gone): the killed run's workers write nothing more."""
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (FileNotFoundError, ProcessLookupError):
                continue
            if state not in ("Z", "X"):
                alive.append(pid)
        if not alive:
            return
        time.sleep(0.005)
    raise AssertionError(f"workers {pids} still running after the parent was killed")


def test_kill_9_mid_run_then_rerun_finishes_every_notice_exactly_once(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inputs, 300)
    command = [sys.executable, "-m", "notice_miner", "batch", str(inputs), "-o", str(out), "-q", "--jobs", "2", "--no-labels"]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 300  # a bound for a hung run, not a timing assumption
    while time.monotonic() < deadline and run.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 30:
            break
        time.sleep(0.005)
    workers = _children(run.pid)
    os.kill(run.pid, signal.SIGKILL)  # the parent only: its workers must die with it
    run.wait()
    _wait_gone(workers)
    assert run.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    written = manifest.read_bytes().count(b"\n")
    assert 30 <= written < 300
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode in (0, 1) and "Traceback" not in finished.stderr, finished.stderr
    names = _outputs(out)
    failed = [json.loads(line)["path"] for line in (out / "errors.jsonl").read_text().splitlines()]
    assert len(names) + len(failed) == 300 and len(names) >= 150
    parsed = sorted(json.loads(text)["source"]["path"] for text in names.values())
    assert sorted(parsed + failed) == [str(p) for p in _inputs(inputs)]
    assert not _temporaries(out)
    assert "skipped as unchanged" in finished.stderr
    unchanged = int(finished.stderr.split(" skipped as unchanged")[0].rsplit(", ", 1)[1])
    assert unchanged == written  # every notice recorded before the kill is kept, none twice
    notices = pd.read_parquet(out / "notices.parquet")
    assert len(notices) == 300 and notices["notice_id"].is_unique
    assert len(pd.read_parquet(out / "items.parquet")) == sum(len(json.loads(t)["items"]) for t in names.values())


def test_scheduler_without_dask_is_one_clear_line(small_corpus, tmp_path, monkeypatch):
    from click.testing import CliRunner

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if notice-miner[dask] were not installed
    one = tmp_path / "in"
    one.mkdir()
    (one / "a.txt").write_bytes(sorted(small_corpus.rglob("*.txt"))[0].read_bytes())
    result = CliRunner().invoke(cli, ["batch", str(one), "-o", str(tmp_path / "out"), "--scheduler", "local"])
    assert result.exit_code == 2
    assert "pip install 'notice-miner[dask]'" in result.output and "Traceback" not in result.output
