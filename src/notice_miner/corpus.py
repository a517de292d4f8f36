"""Batch runs over a whole corpus: walk folders, parse each notice once, resume after a crash, write tables.

Layout of OUT_DIR after `run_batch`:

    notices/<name>.json   one JSON per notice (the output contract)
    index.csv             output name -> input path and sha256, for the notices of the last run
    manifest.jsonl        append-only record of every notice written; what a re-run skips
    errors.jsonl          one line {path, reason, time} per file that failed in the last run
    skipped.txt           files of unsupported kinds found in the last run
    notices.parquet/.csv  one row per notice   (CSV: UTF-8 with BOM, for Excel)
    items.parquet/.csv    one row per item

Output names: the file's path relative to the input folder it was found in, with "/" replaced by
"__", plus ".json" (`dev/dev01.txt` -> `dev__dev01.txt.json`); the suffix stays so `a.txt` and
`a.html` do not meet. When that name is already held by another input of the run (the same relative
path under two input folders, or names differing only in case), the later file in walk order gets
`-<first 8 hex of sha1 of its absolute path>` before ".json". A name recorded in the manifest stays
with its input on later runs. Tables and index cover the inputs of the last run only.

Tables: a worker returns the table rows of each notice it parsed with it; rows of notices kept
from an earlier run are read back from their JSON. Rows are written in walk order, in chunks,
under temporary names renamed at the end, so the tables of a resumed run equal a fresh run's.

Crash safety: every file is written to a hidden temporary name and renamed; a manifest line is
appended (and flushed) only after its notice file is in place, so a run killed at any moment
redoes at most the notices in flight when it is started again. Notice files are not fsynced one
by one (that cost 5 ms a file here, a tenth of the parse time); the manifest is fsynced once a
second and records each file's size, and a re-run redoes any notice whose file is missing or of
another size, which is what a power cut can leave.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import sys
import time
import typing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from notice_miner.errors import NoticeError, OutputError, UnreadableInput, as_text, shown
from notice_miner.fileio import FORMULA_START, lock_folder, read_sidecar, spreadsheet_safe, write_atomic, writing
from notice_miner.ingest import source
from notice_miner.model import SCHEMA_VERSION, VERSION, Classifier, ClassifierSpec, Metadata, Notice, Page, Stats

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".pdf", ".docx"})
# What an annotated corpus keeps beside its notices (gold files, tables, scripts, notes): passed
# over without a word, so `skipped` lists only documents that might have been notices (.doc, .wps …).
SIDECAR_SUFFIXES = frozenset({".json", ".jsonl", ".csv", ".parquet", ".md", ".py", ".notice",
                              ".measures", ".src", ".npz"})
NOTICES_DIR = "notices"
MANIFEST = "manifest.jsonl"
INDEX = "index.csv"
ERRORS = "errors.jsonl"
SKIPPED = "skipped.txt"
TABLE_ROWS_PER_CHUNK = 256
LIST_SEPARATOR = "|"
MAX_LABEL_COLUMNS = 3
DEFAULT_TIME_LIMIT = 120.0  # seconds a file may take; notices take well under one
_MAX_NAME_BYTES = 200  # file systems allow 255; leave room for the hash and the temporary prefix


class BatchError(Exception):
    """A batch run cannot start (output folder busy, Dask missing, model not loadable)."""


@dataclass(frozen=True)
class InputFile:
    """A notice file found under one of the input folders."""

    path: Path
    rel: str  # POSIX path relative to the input folder it was found in

    @functools.cached_property  # realpath stats every folder of the path
    def key(self) -> str:
        """The identity the manifest remembers the file by: its absolute path, symlinks resolved
        (a symlink loop stays as it is; reading it says so)."""
        return Path(os.path.realpath(self.path)).as_posix()


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
                f"{self.skipped} unsupported files skipped; {self.seconds:.1f} s -> {shown(self.out_dir)}"
                + (f" (why: {ERRORS})" if self.failed else ""))


def iter_notice_files(dirs: Iterable[str | Path], *, skipped: list[Path] | None = None,
                      exclude: str | Path | None = None,
                      unreadable: list[tuple[Path, str]] | None = None) -> Iterator[InputFile]:
    """Every supported notice under `dirs`, recursively, in a stable (sorted) order.

    Hidden files and folders, and sidecar files (gold files, tables, scripts, notes) are passed
    over; other unsupported files are appended to `skipped`, folders that cannot be opened to
    `unreadable` with the reason. Anything given that is not a folder is taken as a file as it is
    (reading it tells a FIFO, a device or a symlink loop); the folder `exclude` (the output folder)
    is not entered; a file reached twice is yielded once.
    """
    excluded = os.path.realpath(exclude) if exclude is not None else None
    seen: set[str] = set()

    def accept(path: Path, rel: str) -> InputFile | None:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            if skipped is not None and path.suffix.lower() not in SIDECAR_SUFFIXES:
                skipped.append(path)
            return None
        found = InputFile(path, rel)
        if found.key in seen:
            return None
        seen.add(found.key)
        return found

    def cannot_open(err: OSError) -> None:
        if unreadable is not None:
            unreadable.append((Path(err.filename), f"cannot open the folder ({err.strerror or err}); "
                                                   "the files in it are not read"))

    for root in map(Path, dirs):
        if not root.is_dir():
            if found := accept(root, root.name):
                yield found
            continue
        for dirpath, dirnames, filenames in os.walk(root, onerror=cannot_open):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and (excluded is None or os.path.realpath(here / d) != excluded))
            for filename in sorted(filenames):
                if filename.startswith("."):
                    continue
                path = here / filename
                if found := accept(path, path.relative_to(root).as_posix()):
                    yield found


def output_name(rel: str) -> str:
    """The plain output name of a relative input path (see the module docstring)."""
    name = as_text(rel).replace("/", "__") + ".json"
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        name = _with_hash(name[:60] + ".json", rel)
    return name


def _with_hash(name: str, key: str, length: int = 8) -> str:
    return f"{name[:-5]}-{hashlib.sha1(os.fsencode(key)).hexdigest()[:length]}.json"


def assign_names(files: list[InputFile], previous: dict[str, dict]) -> list[str]:
    """Output names for `files`, collision-free (also ignoring case) and stable across runs.

    `previous` maps input keys to their manifest entries; their recorded names are kept.
    """
    keys = [f.key for f in files]
    owner: dict[str, str] = {}
    for key in keys:
        if key in previous:
            owner.setdefault(previous[key]["name"].casefold(), key)
    names = []
    for f, key in zip(files, keys):
        entry = previous.get(key)
        if entry and owner.get(entry["name"].casefold()) == key:
            names.append(entry["name"])
            continue
        name, length = output_name(f.rel), 8
        while owner.get(name.casefold(), key) != key:
            name, length = _with_hash(output_name(f.rel), key, length), length + 4
        owner[name.casefold()] = key
        names.append(name)
    return names


class Manifest:
    """Append-only JSON Lines of written notices, the last line per input winning.

    Each line is flushed as it is written, so it survives the process being killed; the
    file is fsynced at most once a second and on close. A torn last line is ignored.
    """

    SYNC_EVERY_SECONDS = 1.0

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict] = {}
        self.lines = 0
        ends_cleanly = True
        if path.exists():
            data = path.read_bytes()
            ends_cleanly = data.endswith(b"\n") or not data
            for line in data.splitlines():
                try:
                    entry = json.loads(line)
                    self.entries[entry["key"]] = entry
                    self.lines += 1
                except (ValueError, KeyError, TypeError):
                    continue
        self._fh = open(path, "a", encoding="utf-8")
        if not ends_cleanly:
            self._fh.write("\n")
        self._synced = time.monotonic()

    def record(self, entry: dict) -> None:
        self.entries[entry["key"]] = entry
        self._fh.write(_json_line(entry))
        self._fh.flush()
        self.lines += 1
        if time.monotonic() - self._synced > self.SYNC_EVERY_SECONDS:
            self._sync()

    def _sync(self) -> None:
        os.fsync(self._fh.fileno())
        self._synced = time.monotonic()

    def close(self) -> None:
        self._sync()
        self._fh.close()
        if self.lines > 2 * len(self.entries) + 100:
            body = "".join(map(_json_line, self.entries.values()))
            write_atomic(self.path, body)


# --- the work a worker does ---------------------------------------------------------------

@dataclass(frozen=True)
class Task:
    read_path: str  # absolute, so workers elsewhere (Dask) find it on a shared file system
    display: str    # the path as the user gave it; goes into source.path and errors.jsonl
    name: str
    position: int = 0  # in walk order: where its rows go in the tables


@dataclass
class Outcome:
    task: Task
    reason: str | None = None  # None: parsed
    sha256: str | None = None
    items: int = 0
    bytes: int = 0
    json: str | None = None  # the notice, unless the worker wrote it itself
    rows: tuple[dict, list[dict]] | None = None  # its notices-table row and items-table rows
    unwritable: str | None = None  # why the worker could not write the notice (full disk …): the run stops


_LOADED: dict[ClassifierSpec, Classifier | None] = {}  # classifier per spec, loaded once per process


def _classifier(spec: ClassifierSpec) -> Classifier | None:
    if spec not in _LOADED:
        from notice_miner import pipeline

        _LOADED[spec] = pipeline.resolve_classifier(spec)
    return _LOADED[spec]


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG on Linux: no orphan worker writes on after the run was killed."""
    if sys.platform == "linux":
        import ctypes
        import signal

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
        except OSError:
            pass


def _warm_up(spec: ClassifierSpec) -> None:
    """Load what the stages load lazily (dictionary, patterns, model) before the first real file."""
    from notice_miner import pipeline

    clf = _classifier(spec)
    try:
        pipeline.parse_text("关于巡察整改进展情况的通报\n一、整改情况\n(一)加强制度建设。一是完善制度3项。\n",
                            classifier=clf)
    except Exception:  # a stage failing here will fail (and be reported) per file
        pass


def parse_one(task: Task, classifier: Classifier | None, write_dir: str | None) -> Outcome:
    """Parse the task's file; write it to `write_dir` or return its JSON. Never raises."""
    from notice_miner import pipeline

    try:
        notice = pipeline.parse(task.read_path, classifier=classifier)
        notice.source.path = task.display
        _add_provenance(notice, task.read_path)
        text = notice.to_json()
        rows = table_rows(_notice_id(task.name), notice)
    except NoticeError as err:
        return Outcome(task, reason=err.reason)
    except Exception as err:  # a bug in a stage must not stop the corpus
        return Outcome(task, reason=f"internal error: {type(err).__name__}: {err}")
    size = len(text.encode("utf-8"))
    if write_dir is not None:
        try:
            write_atomic(Path(write_dir) / task.name, text, sync=False)  # no fsync: module doc
        except OSError as err:
            return Outcome(task, reason="not written", unwritable=err.strerror or str(err))
        text = None
    return Outcome(task, sha256=notice.source.sha256, items=len(notice.items), bytes=size, json=text, rows=rows)


def parse_chunk(tasks: list[Task], spec: ClassifierSpec, write_dir: str | None) -> list[Outcome]:
    """`parse_one` for each task (a Dask task's work). Never raises."""
    clf = _classifier(spec)
    return [parse_one(task, clf, write_dir) for task in tasks]


def _add_provenance(notice: Notice, path: str) -> None:
    """Where and when a fetched file was served, from the sidecar `fetch` wrote beside it."""
    sidecar = read_sidecar(path)
    for key in ("url", "retrieved"):
        if isinstance(sidecar.get(key), str):
            setattr(notice.source, key, sidecar[key])


def _work(conn, spec: ClassifierSpec, write_dir: str) -> None:
    """A worker process: chunks of tasks in, one Outcome per file out, until the parent sends None."""
    import signal

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    clf = _classifier(spec)  # loaded before the fork, unless workers start afresh (no fork on this system)
    try:
        while (chunk := conn.recv()) is not None:  # None: the run is done
            for task in chunk:
                conn.send(parse_one(task, clf, write_dir))
    except (EOFError, OSError):  # the parent is gone
        return


# --- executors: worker processes, Dask --------------------------------------------------------

class _Worker:
    """One worker process, the chunks it was given (the file it is on first) and since when it is on that file."""

    def __init__(self, process, conn):
        self.process, self.conn = process, conn
        self.chunks: deque[deque[Task]] = deque()
        self.since = 0.0

    def give(self, chunk: list[Task]) -> None:
        if not self.chunks:
            self.since = time.monotonic()
        self.chunks.append(deque(chunk))
        self.conn.send(chunk)

    def receive(self) -> Outcome | None:
        """The outcome of the file it was on, or None when the process died."""
        try:
            outcome = self.conn.recv()
        except (EOFError, OSError):
            return None
        self.chunks[0].popleft()
        if not self.chunks[0]:
            self.chunks.popleft()
        self.since = time.monotonic()
        return outcome

    def stop(self) -> tuple[str, list[list[Task]]]:
        """Kill the process if it still runs; how it ended, and the tasks it held (the one it was on first)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()
        return _ended(self.process.exitcode), [list(chunk) for chunk in self.chunks]


def _ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        import signal

        name = signal.Signals(-exitcode).name
        return f"killed by {name}" + (", perhaps out of memory" if name == "SIGKILL" else "")
    return f"exit status {exitcode}"


class _Workers:
    """`jobs` worker processes parsing chunks of files, each file reported as soon as it is done.

    A file still parsing after `time_limit` seconds has its worker killed and is reported as
    stopped; a worker that dies (a crash in a format library, the OOM killer) costs only the file
    it was on. Either way the rest of its chunks go to a fresh worker, so one file never holds up
    or takes down the run. Workers are forked after the parent loaded the model and warmed the
    pipeline up, so they start at once and share that memory.
    """

    AHEAD = 2  # chunks a worker holds: the one it parses and the next, so it never waits for the parent

    def __init__(self, jobs: int, spec: ClassifierSpec, write_dir: str, time_limit: float | None):
        self.jobs, self.spec, self.write_dir, self.time_limit = jobs, spec, write_dir, time_limit or None
        self.workers: list[_Worker] = []

    def start(self) -> None:
        _warm_up(self.spec)
        self.workers = [self._new_worker() for _ in range(self.jobs)]

    def _new_worker(self) -> _Worker:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        ours, theirs = context.Pipe()
        process = context.Process(target=_work, args=(theirs, self.spec, self.write_dir), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[Outcome]:
        from multiprocessing.connection import wait

        retry: deque[list[Task]] = deque()  # chunks a stopped worker held, before any new one
        while True:
            self._feed(chunks, retry)
            busy = [worker for worker in self.workers if worker.chunks]
            if not busy:
                return
            ready = wait([worker.conn for worker in busy], self._timeout(busy))
            for worker in busy:
                if worker.conn in ready:
                    outcome = worker.receive()
                    yield outcome if outcome is not None else self._replace(worker, retry, None)
                elif self.time_limit and time.monotonic() - worker.since >= self.time_limit:
                    yield self._replace(worker, retry, self.time_limit)

    def _feed(self, chunks: Iterator[list[Task]], retry: deque[list[Task]]) -> None:
        """Top every worker up to AHEAD chunks, chunks to retry first."""
        for i, worker in enumerate(self.workers):
            if not worker.chunks and not worker.process.is_alive():  # died idle (the OOM killer's pick)
                worker.stop()
                self.workers[i] = worker = self._new_worker()
            while len(worker.chunks) < self.AHEAD and (chunk := retry.popleft() if retry else next(chunks, None)):
                worker.give(chunk)

    def _timeout(self, busy: list[_Worker]) -> float | None:
        """Seconds until the first worker's file runs over the limit."""
        if not self.time_limit:
            return None
        return max(0.0, min(worker.since for worker in busy) + self.time_limit - time.monotonic())

    def _replace(self, worker: _Worker, retry: deque[list[Task]], over: float | None) -> Outcome:
        """Stop `worker`, put a fresh one in its place, queue its other tasks; the outcome of the one it was on."""
        ended, held = worker.stop()
        self.workers[self.workers.index(worker)] = self._new_worker()
        current, rest = held[0][0], [held[0][1:], *held[1:]]
        retry.extendleft(reversed([chunk for chunk in rest if chunk]))
        if over is not None:
            return Outcome(current, reason=f"stopped after {over:g} s: longer than the time limit per file "
                                           f"(--time-limit)")
        return Outcome(current, reason=f"the worker process died while parsing this file ({ended})")

    def close(self) -> None:
        for worker in self.workers:
            if worker.chunks:  # still busy: the run is being abandoned
                worker.stop()
                continue
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(timeout=5)
            worker.stop()
        self.workers = []


class _Dask:
    """The same chunks on a Dask cluster; workers return the JSON and this process writes it."""

    def __init__(self, address: str, jobs: int, spec: ClassifierSpec):
        self.address, self.jobs, self.spec = address, jobs, spec
        self.client = self.cluster = None

    def start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError("--scheduler needs Dask: pip install 'notice-miner[dask]'") from None
        try:
            if self.address == "local":
                self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.address, timeout=10)
        except (OSError, TimeoutError) as err:
            self.close()
            raise BatchError(f"cannot reach the Dask scheduler {self.address}: {err}") from None

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[Outcome]:
        from distributed import as_completed

        threads = sum(self.client.nthreads().values()) or 1
        pending = as_completed()
        in_flight: dict = {}

        def submit() -> bool:
            chunk = next(chunks, None)
            if chunk is None:
                return False
            future = self.client.submit(parse_chunk, chunk, self.spec, None, pure=False)
            in_flight[future.key] = chunk
            pending.add(future)
            return True

        for _ in range(3 * threads):
            if not submit():
                break
        for future in pending:
            chunk = in_flight.pop(future.key)
            try:
                yield from future.result()
            except Exception as err:  # the worker died or the task was lost
                for task in chunk:
                    yield Outcome(task, reason=f"Dask worker failed: {type(err).__name__}: {err}")
            future.release()
            submit()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


# --- the run ----------------------------------------------------------------------------------

def _sha256_of(path: Path) -> str:
    """The sha256 of a regular file; anything else (FIFO, device, symlink loop …) raises NoticeError."""
    digest = hashlib.sha256()
    try:
        with source.open_regular(path) as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError as err:
        raise UnreadableInput(path, f"cannot read the file ({err.strerror or err})") from None
    return digest.hexdigest()


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json_line(record: dict) -> str:
    """One JSON Lines line, readable UTF-8; escaped where a path holds bytes that are not UTF-8."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line + "\n"


def _lock(out_dir: Path):
    """Hold OUT_DIR/.lock for the run so two runs never write the same folder at once."""
    fh = lock_folder(out_dir)
    if fh is None:
        raise BatchError(f"{shown(out_dir)}: another batch run is writing to this folder")
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


def run_batch(inputs: Iterable[str | Path], out_dir: str | Path, *, jobs: int = 1,
              scheduler: str | None = None, force: bool = False, classifier: ClassifierSpec = "default",
              progress: bool = True, chunk_size: int | None = None,
              time_limit: float | None = DEFAULT_TIME_LIMIT) -> BatchSummary:
    """Parse every notice under `inputs` into `out_dir` (layout: module docstring).

    `jobs` worker processes; `scheduler` a Dask scheduler address or "local" instead. A file still
    parsing after `time_limit` seconds (None or 0: no limit; not applied on Dask) is stopped and
    reported. `classifier` is "default" or None (no labels). Notices whose content, tool version and
    model are unchanged since they were written are skipped unless `force`. Failures go to
    errors.jsonl and never stop the run; an output that cannot be written (read-only folder, full
    disk) stops it with `OutputError`, leaving no partial file, and a re-run goes on from there.
    """
    started = time.monotonic()
    out_dir = Path(out_dir)
    with writing(out_dir):
        (out_dir / NOTICES_DIR).mkdir(parents=True, exist_ok=True)
        lock = _lock(out_dir)
    try:
        with writing(out_dir):
            summary = _Run(out_dir, force, progress).run(inputs, classifier, _executor(
                scheduler, jobs, classifier, out_dir / NOTICES_DIR, time_limit), chunk_size or 0, jobs)
    finally:
        lock.close()
    summary.seconds = time.monotonic() - started
    return summary


def _executor(scheduler: str | None, jobs: int, classifier: ClassifierSpec, notices_dir: Path, time_limit: float | None):
    if scheduler:
        return _Dask(scheduler, jobs, classifier)
    return _Workers(jobs, classifier, str(notices_dir), time_limit)


class _Run:
    """One batch run over a locked output folder: plan what to parse, collect what the workers return."""

    def __init__(self, out_dir: Path, force: bool, progress: bool):
        self.out_dir, self.notices_dir = out_dir, out_dir / NOTICES_DIR
        self.force, self.progress = force, progress
        self.summary = BatchSummary(out_dir=out_dir)
        self.done: list[tuple[str, str, str]] = []  # (output name, input path, sha256) for the index
        self.in_order: list[str | None] = []  # walk order: output name of an unchanged notice, None if parsed now
        self.errors = None
        self.manifest: Manifest | None = None
        self.model_id: str | None = None

    def run(self, inputs, classifier: ClassifierSpec, executor, chunk_size: int, jobs: int) -> BatchSummary:
        _remove_temporaries(self.out_dir, self.notices_dir)
        skipped: list[Path] = []
        unreadable: list[tuple[Path, str]] = []
        files = list(iter_notice_files(inputs, skipped=skipped, exclude=self.out_dir, unreadable=unreadable))
        write_atomic(self.out_dir / SKIPPED, "".join(f"{shown(p)}\n" for p in skipped))
        self.summary.total, self.summary.skipped = len(files) + len(unreadable), len(skipped)
        try:
            self.model_id = getattr(_classifier(classifier), "model_id", None)
        except Exception as err:
            raise BatchError(f"cannot load the classifier: {err}") from None
        self.manifest = Manifest(self.out_dir / MANIFEST)
        try:
            with open(self.out_dir / ERRORS, "w", encoding="utf-8") as self.errors:
                for folder, reason in unreadable:
                    self.fail(as_text(folder), None, reason)
                tasks = self.plan(files, assign_names(files, self.manifest.entries))
                size = chunk_size or max(1, min(16, len(tasks) // (8 * max(jobs, 1)) or 1))
                self.collect(executor, [tasks[i:i + size] for i in range(0, len(tasks), size)])
        finally:
            self.manifest.close()
        self.done.sort()
        # tables before the index: a run killed in between leaves an index that differs, so tables are redone
        write_atomic(self.out_dir / INDEX, _index_text(self.done))
        return self.summary

    def fail(self, display: str, name: str | None, reason: str) -> None:
        self.errors.write(_json_line({"path": display, "reason": reason, "time": _now()}))
        self.errors.flush()
        if name is not None:
            (self.notices_dir / name).unlink(missing_ok=True)  # an older output of it is stale now
        self.summary.failed += 1

    def plan(self, files: list[InputFile], names: list[str]) -> list[Task]:
        """The tasks for the files to parse now; unchanged ones are kept, unreadable ones reported."""
        tasks = []
        for f, name in zip(files, names):
            display = as_text(f.path)
            try:
                sha = _sha256_of(f.path)
            except NoticeError as err:
                self.fail(display, name, err.reason)
                continue
            if self.unchanged(f.key, name, sha):
                self.done.append((name, display, sha))
                self.summary.unchanged += 1
                self.in_order.append(name)
            else:
                tasks.append(Task(f.key, display, name, len(self.in_order)))
                self.in_order.append(None)
        return tasks

    def unchanged(self, key: str, name: str, sha: str) -> bool:
        entry = self.manifest.entries.get(key)
        return (not self.force and entry is not None and entry.get("name") == name and entry.get("sha256") == sha
                and entry.get("version") == VERSION and entry.get("schema") == SCHEMA_VERSION
                and entry.get("model") == self.model_id
                and _size(self.notices_dir / name) == entry.get("bytes"))

    def collect(self, executor, chunks: list[list[Task]]) -> None:
        """Run the chunks and take in each outcome as it comes: notice, manifest line, table rows."""
        tables = None
        tasks = sum(map(len, chunks))
        try:
            if chunks:
                executor.start()
            # after the workers forked: they need none of Arrow
            if chunks or _read_bytes(self.out_dir / INDEX) != _index_text(sorted(self.done)) \
                    or not _tables_present(self.out_dir):
                tables = _Tables(self.out_dir, self.in_order)
            with _progress(self.progress) as bar:
                bar_task = bar.add_task("notices", total=tasks)
                for outcome in executor.run(iter(chunks)) if chunks else ():
                    if tables is not None:
                        tables.arrived(outcome.task.position, outcome.rows if outcome.reason is None else None)
                    self.take(outcome)
                    bar.advance(bar_task)
            if tables is not None:
                finished, tables = tables, None
                finished.close(keep=True)
        finally:
            executor.close()
            if tables is not None:
                tables.close(keep=False)
                _remove_temporaries(self.notices_dir)  # of a worker stopped while writing

    def take(self, outcome: Outcome) -> None:
        task = outcome.task
        if outcome.unwritable is not None:
            raise OutputError(self.notices_dir, outcome.unwritable)
        if outcome.reason is not None:
            self.fail(task.display, task.name, outcome.reason)
            return
        if outcome.json is not None:
            write_atomic(self.notices_dir / task.name, outcome.json, sync=False)
        self.manifest.record({"key": task.read_path, "path": task.display, "sha256": outcome.sha256,
                              "version": VERSION, "schema": SCHEMA_VERSION, "model": self.model_id, "name": task.name,
                              "bytes": outcome.bytes, "items": outcome.items, "time": _now()})
        self.done.append((task.name, task.display, outcome.sha256))
        self.summary.processed += 1


def _index_text(done: list[tuple[str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "path", "sha256"])
    writer.writerows((spreadsheet_safe(name), spreadsheet_safe(path), sha) for name, path, sha in done)
    return buffer.getvalue().encode("utf-8")


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _tables_present(out_dir: Path) -> bool:
    return all((out_dir / f"{stem}.{kind}").is_file() for stem in ("notices", "items") for kind in ("parquet", "csv"))


def _notice_id(name: str) -> str:
    return name.removesuffix(".json")


# --- tables -----------------------------------------------------------------------------------

def _stat_type(name: str):
    import pyarrow as pa

    return pa.int64() if int in typing.get_args(Stats.model_fields[name].annotation) else pa.float64()


def _metadata_type(name: str):
    import pyarrow as pa

    return pa.date32() if date in typing.get_args(Metadata.model_fields[name].annotation) else pa.string()


def _metadata_row(meta: Metadata) -> dict:
    """The notice's metadata as columns: its own fields, then the web page's as page_<name>."""
    row = {name: getattr(meta, name) for name in Metadata.model_fields if name != "page"}
    page = meta.page or Page()
    row.update({f"page_{name}": getattr(page, name) for name in Page.model_fields})
    return row


def _schemas():
    import pyarrow as pa

    s, i, f, d = pa.string(), pa.int64(), pa.float64(), pa.date32()
    notice_cols = [
        ("notice_id", s), ("source_path", s), ("source_name", s), ("source_sha256", s),
        ("source_format", s), ("source_encoding", s), ("source_bytes", i), ("source_pages", i),
        ("source_url", s), ("source_retrieved", s),
        ("tool_version", s), ("tool_model", s), ("title", s),
        *((name, _metadata_type(name)) for name in Metadata.model_fields if name != "page"),
        *((f"page_{name}", s) for name in Page.model_fields),
        *((name, _stat_type(name)) for name in Stats.model_fields),
        ("n_sections", i), ("n_items", i), ("n_done_items", i), ("n_plan_items", i),
        ("n_labelled_items", i), ("n_evidence", i), ("n_chars", i), ("keywords", s),
        ("n_warnings", i), ("warnings", s),
    ]
    labels = [col for k in range(1, MAX_LABEL_COLUMNS + 1) for col in ((f"label_{k}", s), (f"score_{k}", f))]
    item_cols = [
        ("notice_id", s), ("item_id", s), ("item_no", i), ("source_name", s), ("source_url", s),
        ("source_retrieved", s),
        ("agency", s), ("agency_canonical", s), ("region", s), ("level", s), ("body_type", s),
        ("published", d), ("section", s), ("path", s), ("depth", i), ("marker", s), ("status", s),
        ("problem", s), ("text", s), ("span_start", i), ("span_end", i), ("n_chars", i),
        *labels, ("labels", s), ("n_labels", i),
        ("n_documents", i), ("n_names", i), ("n_amounts", i), ("amounts_total_yuan", f),
        ("n_numbers", i), ("n_dates", i), ("n_units", i), ("n_stock_phrases", i), ("specificity", f),
        ("documents", s), ("names", s), ("units", s), ("stock_phrases", s), ("dates", s),
    ]
    return pa.schema(notice_cols), pa.schema(item_cols)


def _joined(values: list | None) -> str | None:
    return LIST_SEPARATOR.join(map(str, values)) if values else None


def table_rows(notice_id: str, notice: Notice) -> tuple[dict, list[dict]]:
    """The notices-table row and the items-table rows of one notice."""
    source, meta, items = notice.source, notice.metadata, notice.items
    notice_row = {
        "notice_id": notice_id, "source_path": source.path, "source_name": source.name,
        "source_sha256": source.sha256, "source_format": source.format,
        "source_encoding": source.encoding, "source_bytes": source.bytes,
        "source_pages": source.pages, "source_url": source.url, "source_retrieved": source.retrieved,
        "tool_version": notice.tool.version,
        "tool_model": notice.tool.model, "title": notice.title,
        **_metadata_row(meta), **notice.stats.__dict__,
        "n_sections": len(notice.sections), "n_items": len(items),
        "n_done_items": sum(item.status == "done" for item in items),
        "n_plan_items": sum(item.status == "plan" for item in items),
        "n_labelled_items": sum(bool(item.labels) for item in items),
        "n_evidence": len(notice.evidence), "n_chars": len(notice.text),
        "keywords": _joined(notice.keywords), "n_warnings": len(notice.warnings),
        "warnings": _joined(notice.warnings),
    }
    # the notice's agency columns on every item row, for grouping without a join
    context = {"notice_id": notice_id, "source_name": source.name, "source_url": source.url,
               "source_retrieved": source.retrieved, "agency": meta.agency,
               "agency_canonical": meta.agency_canonical, "region": meta.region, "level": meta.level,
               "body_type": meta.body_type, "published": meta.published}
    rows = []
    for number, item in enumerate(items, 1):
        labels, signals = item.labels, item.signals
        amounts = signals.amounts_yuan
        row = {**context, "item_id": item.id, "item_no": number, "section": item.section,
               "path": " > ".join(item.path) or None, "depth": len(item.path),
               "marker": item.marker, "status": item.status, "problem": item.problem,
               "text": item.text, "span_start": item.span[0], "span_end": item.span[1],
               "n_chars": len(item.text),
               "labels": _joined([label.label for label in labels]), "n_labels": len(labels),
               "n_documents": len(signals.documents), "n_names": len(signals.names),
               "n_amounts": len(amounts), "amounts_total_yuan": float(sum(amounts)) if amounts else None,
               "n_numbers": signals.numbers, "n_dates": len(signals.dates), "n_units": len(signals.units),
               "n_stock_phrases": len(signals.stock_phrases), "specificity": signals.specificity,
               "documents": _joined(signals.documents), "names": _joined(signals.names),
               "units": _joined(signals.units), "stock_phrases": _joined(signals.stock_phrases),
               "dates": _joined(signals.dates)}
        for k in range(MAX_LABEL_COLUMNS):
            label = labels[k] if k < len(labels) else None
            row[f"label_{k + 1}"] = label.label if label else None
            row[f"score_{k + 1}"] = label.score if label else None
        rows.append(row)
    return notice_row, rows


def _rows_of_file(path: Path) -> tuple[dict, list[dict]]:
    """Table rows of a notice written earlier, read back from its JSON."""
    return table_rows(_notice_id(path.name), Notice.model_validate_json(path.read_bytes()))


def _spreadsheet_safe(table):
    """The table with every text cell that starts like a formula prefixed with an apostrophe (fileio.FORMULA_START)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = [pc.replace_substring_regex(column, pattern=f"({FORMULA_START})", replacement="'\\1")
               if pa.types.is_string(column.type) else column for column in table.columns]
    return pa.Table.from_arrays(columns, schema=table.schema)


class _TableWriter:
    """A Parquet file and its CSV twin, appended chunk by chunk under temporary names."""

    def __init__(self, out_dir: Path, stem: str, schema):
        import pyarrow.parquet as pq

        self.schema = schema
        self.final = [out_dir / f"{stem}.parquet", out_dir / f"{stem}.csv"]
        self.tmp = [p.with_name(f".{p.name}.tmp") for p in self.final]
        self.rows = 0
        self.parquet = pq.ParquetWriter(self.tmp[0], schema, compression="zstd")
        self.csv_file = open(self.tmp[1], "wb")
        self.csv_file.write(codecs.BOM_UTF8 + (",".join(schema.names) + "\r\n").encode("utf-8"))
        self.csv = None

    def write(self, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.csv as pa_csv

        if not rows:
            return
        # column lists, not from_pylist: converting row dicts one by one cost 1.3 ms a notice
        table = pa.Table.from_pydict({name: [row.get(name) for row in rows] for name in self.schema.names},
                                     schema=self.schema)
        self.parquet.write_table(table)
        if self.csv is None:
            options = pa_csv.WriteOptions(include_header=False, eol="\r\n", quoting_style="needed")
            self.csv = pa_csv.CSVWriter(self.csv_file, self.schema, write_options=options)
        self.csv.write_table(_spreadsheet_safe(table))
        self.rows += len(rows)

    def close(self, keep: bool) -> None:
        """Rename the finished files onto their names (`keep`) or remove them: never a partial table
        under its name, nor a temporary one left when writing fails (a full disk)."""
        if keep:
            try:
                self._close_files()
                for tmp, final in zip(self.tmp, self.final):
                    os.replace(tmp, final)
            except BaseException:
                self.close(keep=False)
                raise
            return
        with contextlib.suppress(Exception):  # discarding: a failure to flush the discarded rows is moot
            self._close_files()
        for tmp in self.tmp:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _close_files(self) -> None:
        try:
            self.parquet.close()
            if self.csv is not None:
                self.csv.close()
        finally:
            self.csv_file.close()


class _Tables:
    """The notices and items tables in walk order, written in chunks of TABLE_ROWS_PER_CHUNK notices.

    Notices arrive in any order from the workers. `in_order` holds, per position, the output name
    of a notice kept from an earlier run (its rows are read back from its JSON) or None for one
    parsed now (its rows arrive with it). Rows that arrive early wait for the ones before them,
    at most the chunks in flight.
    """

    def __init__(self, out_dir: Path, in_order: list[str | None]):
        notice_schema, item_schema = _schemas()
        self.writers = [_TableWriter(out_dir, "notices", notice_schema)]
        try:
            self.writers.append(_TableWriter(out_dir, "items", item_schema))
        except BaseException:
            self.writers[0].close(keep=False)
            raise
        self.notice_chunk: list[dict] = []
        self.item_chunk: list[dict] = []
        self.notices_dir = out_dir / NOTICES_DIR
        self.in_order = in_order
        self.waiting: dict[int, tuple[dict, list[dict]] | None] = {}
        self.next = 0
        self._advance()

    def arrived(self, position: int, rows: tuple[dict, list[dict]] | None) -> None:
        """Rows of the notice at `position`, or None when it failed."""
        self.waiting[position] = rows
        self._advance()

    def close(self, keep: bool) -> None:
        if keep:
            try:
                self._flush()
            except BaseException:
                self.close(keep=False)
                raise
        for writer in self.writers:
            writer.close(keep=keep)

    def _add(self, rows: tuple[dict, list[dict]]) -> None:
        self.notice_chunk.append(rows[0])
        self.item_chunk.extend(rows[1])
        if len(self.notice_chunk) >= TABLE_ROWS_PER_CHUNK:
            self._flush()

    def _flush(self) -> None:
        self.writers[0].write(self.notice_chunk)
        self.writers[1].write(self.item_chunk)
        self.notice_chunk, self.item_chunk = [], []

    def _advance(self) -> None:
        while self.next < len(self.in_order):
            name = self.in_order[self.next]
            if name is not None:
                self._add(_rows_of_file(self.notices_dir / name))
            elif self.next in self.waiting:
                rows = self.waiting.pop(self.next)
                if rows is not None:
                    self._add(rows)
            else:
                return
            self.next += 1
