"""One batch run: which notices to parse, the outcomes written as they arrive, the index at the end."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from notice_miner.corpus.executors import executor_for
from notice_miner.corpus.files import InputFile, assign_names, iter_notice_files
from notice_miner.corpus.manifest import Manifest
from notice_miner.corpus.tables import NOTICES_DIR, Tables, tables_present
from notice_miner.corpus.work import Outcome, Task, classifier_for, write_output
from notice_miner.errors import BatchError
from notice_miner.fileio import lock_folder, write_atomic
from notice_miner.model import SCHEMA_VERSION, VERSION, ClassifierSpec

MANIFEST = "manifest.jsonl"
INDEX = "index.csv"
ERRORS = "errors.jsonl"
SKIPPED = "skipped.txt"


@dataclass
class BatchSummary:
    total: int = 0
    processed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    out_dir: Path | None = None

    def describe(self) -> str:
        rate = self.processed / self.seconds if self.seconds else 0.0
        return (f"{self.total} notices: {self.processed} processed ({rate:.1f}/s), "
                f"{self.unchanged} skipped as unchanged, {self.failed} failed; "
                f"{self.skipped} unsupported files skipped; {self.seconds:.1f} s -> {self.out_dir}")


def run_batch(inputs: Iterable[str | Path], out_dir: str | Path, *, jobs: int = 1,
              scheduler: str | None = None, force: bool = False, classifier: ClassifierSpec = "default",
              progress: bool = True, chunk_size: int | None = None) -> BatchSummary:
    """Parse every notice under `inputs` into `out_dir` (layout: the `notice_miner.corpus` docstring).

    `jobs` worker processes (1: in this process); `scheduler` a Dask scheduler address or
    "local" instead. `classifier` is "default" or None (no labels). Notices whose content,
    tool version, schema and model are unchanged since they were written are skipped unless
    `force`. Failures go to errors.jsonl and never stop the run.
    """
    started = time.monotonic()
    out_dir = Path(out_dir)
    notices_dir = out_dir / NOTICES_DIR
    notices_dir.mkdir(parents=True, exist_ok=True)
    lock = _lock(out_dir)
    try:
        _remove_temporaries(out_dir, notices_dir)
        skipped: list[Path] = []
        files = list(iter_notice_files(inputs, skipped=skipped, exclude=out_dir))
        write_atomic(out_dir / SKIPPED, "".join(f"{p}\n" for p in skipped))
        summary = BatchSummary(total=len(files), skipped=len(skipped), out_dir=out_dir)
        try:
            model_id = getattr(classifier_for(classifier), "model_id", None)
        except Exception as err:
            raise BatchError(f"cannot load the classifier: {err}") from None
        manifest = Manifest(out_dir / MANIFEST)
        executor = executor_for(scheduler, jobs, classifier, str(notices_dir))
        with open(out_dir / ERRORS, "w", encoding="utf-8") as errors:
            run = _Run(out_dir, manifest, errors, summary, model_id)
            try:
                tasks = run.plan(files, assign_names(files, manifest.entries), force)
                size = chunk_size or max(1, min(16, len(tasks) // (8 * max(jobs, 1)) or 1))
                run.parse(executor, tasks, size, progress)
            finally:
                executor.close()
                manifest.close()
        # tables before the index: a run killed in between leaves an index that differs, so tables are redone
        write_atomic(out_dir / INDEX, _index_text(sorted(run.done)))
    finally:
        lock.close()
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class _Run:
    """The bookkeeping of one run: manifest, errors file, summary, and the index and walk order so far."""

    out_dir: Path
    manifest: Manifest
    errors: IO[str]
    summary: BatchSummary
    model_id: str | None
    done: list[tuple[str, str, str]] = field(default_factory=list)  # (output name, input path, sha256): the index
    # walk order: the output name of a notice kept from an earlier run, None for one parsed now
    in_order: list[str | None] = field(default_factory=list)

    @property
    def notices_dir(self) -> Path:
        return self.out_dir / NOTICES_DIR

    def plan(self, files: list[InputFile], names: list[str], force: bool) -> list[Task]:
        """The files to parse now; those unchanged since they were written are kept as they are."""
        tasks = []
        for f, name in zip(files, names):
            try:
                sha = _sha256_of(f.path)
            except OSError as err:
                self.fail(str(f.path), name, f"cannot read: {err.strerror or err}")
                continue
            if not force and self._unchanged(f, name, sha):
                self.done.append((name, str(f.path), sha))
                self.summary.unchanged += 1
                self.in_order.append(name)
            else:
                tasks.append(Task(f.key, str(f.path), name, len(self.in_order)))
                self.in_order.append(None)
        return tasks

    def _unchanged(self, f: InputFile, name: str, sha: str) -> bool:
        """Written by an earlier run from the same content, tool version, schema and model, and still there."""
        entry = self.manifest.entries.get(f.key)
        return bool(entry and entry.get("name") == name and entry.get("sha256") == sha
                    and entry.get("version") == VERSION and entry.get("schema") == SCHEMA_VERSION
                    and entry.get("model") == self.model_id
                    and _size(self.notices_dir / name) == entry.get("bytes"))

    def parse(self, executor, tasks: list[Task], size: int, progress: bool) -> None:
        """Parse the tasks in chunks of `size`, recording each outcome and its table rows as it arrives."""
        chunks = (tasks[i:i + size] for i in range(0, len(tasks), size))
        tables = None
        try:
            if tasks:
                executor.start()
            # after the workers forked: they need none of Arrow
            if tasks or _read_bytes(self.out_dir / INDEX) != _index_text(sorted(self.done)) \
                    or not tables_present(self.out_dir):
                tables = Tables(self.out_dir, self.in_order)
            with _progress(progress) as bar:
                bar_task = bar.add_task("notices", total=len(tasks))
                for outcome in _outcomes(executor, chunks, tasks):
                    if tables is not None:
                        tables.arrived(outcome.task.position, outcome.rows if outcome.reason is None else None)
                    self._record(outcome)
                    bar.advance(bar_task)
            if tables is not None:
                finished, tables = tables, None
                finished.close(keep=True)
        finally:
            if tables is not None:
                tables.close(keep=False)

    def _record(self, outcome: Outcome) -> None:
        task = outcome.task
        if outcome.reason is not None:
            self.fail(task.display, task.name, outcome.reason)
            return
        if outcome.json is not None:
            write_output(self.notices_dir / task.name, outcome.json)
        self.manifest.record({"key": task.read_path, "path": task.display, "sha256": outcome.sha256,
                              "version": VERSION, "schema": SCHEMA_VERSION, "model": self.model_id,
                              "name": task.name, "bytes": outcome.bytes, "items": outcome.items,
                              "time": _now()})
        self.done.append((task.name, task.display, outcome.sha256))
        self.summary.processed += 1

    def fail(self, display: str, name: str, reason: str) -> None:
        self.errors.write(json.dumps({"path": display, "reason": reason, "time": _now()}, ensure_ascii=False) + "\n")
        self.errors.flush()
        (self.notices_dir / name).unlink(missing_ok=True)  # an older output of it is stale now
        self.summary.failed += 1


def _outcomes(executor, chunks: Iterator[list[Task]], tasks: list[Task]) -> Iterator[Outcome]:
    return executor.run(chunks) if tasks else iter(())


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _lock(out_dir: Path):
    """Hold OUT_DIR/.lock for the run so two runs never write the same folder at once."""
    fh = lock_folder(out_dir)
    if fh is None:
        raise BatchError(f"{out_dir}: another batch run is writing to this folder")
    return fh


def _remove_temporaries(*folders: Path) -> None:
    """Temporary files a killed run left (hidden, ending .tmp): never complete, always ours."""
    for folder in folders:
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def _progress(enabled: bool):
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f}/s" if speed else "-/s")

    console = Console(stderr=True)
    return Progress(TextColumn("notices"), BarColumn(), MofNCompleteColumn(), Rate(),
                    TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                    console=console, disable=not (enabled and console.is_terminal))


def _index_text(done: list[tuple[str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "path", "sha256"])
    writer.writerows(done)
    return buffer.getvalue().encode("utf-8")


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
