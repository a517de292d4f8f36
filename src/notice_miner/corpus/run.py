"""One batch run: which notices to parse, the outcomes taken in as they arrive, the index at the end."""

from __future__ import annotations

import csv
import hashlib
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from notice_miner.corpus import workbook
from notice_miner.corpus.executors import executor_for
from notice_miner.corpus.files import InputFile, assign_names, iter_notice_files
from notice_miner.corpus.manifest import Manifest, json_line
from notice_miner.corpus.tables import NOTICES_DIR, Tables, tables_present
from notice_miner.corpus.work import Outcome, Task, classifier_for, predictions_of, segmentation_id
from notice_miner.errors import BatchError, NoticeError, OutputError, UnreadableInput, as_text, shown
from notice_miner.fileio import lock_folder, spreadsheet_safe, write_atomic, writing
from notice_miner.ingest import source
from notice_miner.model import SCHEMA_VERSION, VERSION, ClassifierSpec, Notice

MANIFEST = "manifest.jsonl"
INDEX = "index.csv"
ERRORS = "errors.jsonl"
SKIPPED = "skipped.txt"
DEFAULT_TIME_LIMIT = 120.0  # seconds a file may take; notices take well under one
DEFAULT_SEGMENTATION = "rjieba"  # what a manifest line without a segmenter was parsed with


@dataclass
class BatchSummary:
    total: int = 0
    processed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    not_notices: int = 0  # parsed (now or before) but not reading like a rectification notice
    kept: int = 0  # held from earlier runs, their inputs not among this run's
    pruned: int = 0  # held from earlier runs and removed (--prune)
    seconds: float = 0.0
    out_dir: Path | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    not_notice_paths: list[str] = field(default_factory=list)

    LISTED = 10  # files named on the terminal per kind; errors.jsonl has them all

    def describe(self) -> str:
        """The summary line, then the first failed files and texts that are no notices, by name."""
        rate = self.processed / self.seconds if self.seconds else 0.0
        line = (
            f"{self.total} notices: {self.processed} processed ({rate:.1f}/s), "
            f"{self.unchanged} skipped as unchanged, {self.failed} failed"
            + (f", {self.not_notices} do not read like a notice" if self.not_notices else "")
            + f"; {self.skipped} unsupported files skipped"
            + (f"; {self.kept} kept from earlier runs (their inputs were not given this time; --prune removes them)" if self.kept else "")
            + (f"; {self.pruned} of earlier runs removed (--prune)" if self.pruned else "")
            + f"; {self.seconds:.1f} s -> {shown(self.out_dir)}"
        )
        lines = [line]
        lines += self._listed("failed", [f"{shown(path)}: {reason}" for path, reason in self.failures])
        if self.failures:
            lines.append(f"every failure with its reason: {shown(self.out_dir / ERRORS if self.out_dir else ERRORS)}")
        lines += self._listed("does not read like a notice", [shown(path) for path in self.not_notice_paths])
        return "\n".join(lines)

    def _listed(self, what: str, entries: list[str]) -> list[str]:
        lines = [f"  {what}: {entry}" for entry in entries[: self.LISTED]]
        if len(entries) > self.LISTED:
            lines.append(f"  … and {len(entries) - self.LISTED} more ({len(entries)} in all)")
        return lines


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


def progress_bar(enabled: bool, what: str = "notices"):
    """A progress bar on stderr (only on a terminal) counting `what`: `notice_miner.progress`; when not
    `enabled` (--quiet), one that shows nothing and leaves rich unloaded."""
    if not enabled:
        return _NoBar()
    from notice_miner import progress

    return progress.progress_bar(what, enabled=enabled)


class _NoBar:
    """The calls a run makes on its progress bar, doing nothing."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def add_task(self, *args, **kwargs) -> int:
        return 0

    def advance(self, *args, **kwargs) -> None:
        return None

    def update(self, *args, **kwargs) -> None:
        return None


def run_batch(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    force: bool = False,
    classifier: ClassifierSpec = "default",
    progress: bool = True,
    chunk_size: int | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    checks: bool = True,
    prune: bool = False,
    xlsx: bool = False,
) -> BatchSummary:
    """Parse every notice under `inputs` into `out_dir` (layout: module docstring).

    `jobs` worker processes; `scheduler` a Dask scheduler address or "local" instead. A file still
    parsing after `time_limit` seconds (None or 0: no limit; not applied on Dask) is stopped and
    reported. `classifier` is "default" or None (no labels); `checks` False leaves out the
    rectification-quality checks. Notices whose content, tool version, checks setting, segmentation
    and the model's predictions (`pipeline.predictions_fingerprint`: a model retrained to the same
    predictions is the same) are unchanged since they were written are skipped unless `force`.
    Notices of earlier runs whose inputs are not among `inputs` are kept, in the tables too, unless
    `prune` removes them: the folder holds one corpus that notices/, the tables, the index and the
    manifest agree on. Failures go to
    errors.jsonl and never stop the run; an output that cannot be written (read-only folder, full
    disk) stops it with `OutputError`, leaving no partial file, and a re-run goes on from there.
    `xlsx` also writes the tables as an Excel workbook (kept in step on later runs once it is there).
    """
    if xlsx and (message := workbook.missing_extra()):
        raise BatchError(message)
    started = time.monotonic()
    if scheduler and segmentation_id() != DEFAULT_SEGMENTATION:
        raise BatchError("--segmenter and --userdict reach this machine's workers only; run them without --scheduler")
    out_dir = Path(out_dir)
    with writing(out_dir):
        (out_dir / NOTICES_DIR).mkdir(parents=True, exist_ok=True)
        lock = _lock(out_dir)
    try:
        with writing(out_dir):
            summary = _Run(out_dir, force, progress, checks, prune, xlsx).run(
                inputs, classifier, executor_for(scheduler, jobs, classifier, out_dir / NOTICES_DIR, time_limit), chunk_size or 0, jobs
            )
    finally:
        lock.close()
    summary.seconds = time.monotonic() - started
    return summary


class _Run:
    """One batch run over a locked output folder: plan what to parse, collect what the workers return."""

    def __init__(self, out_dir: Path, force: bool, progress: bool, checks: bool = True, prune: bool = False, xlsx: bool = False):
        self.out_dir, self.notices_dir = out_dir, out_dir / NOTICES_DIR
        self.checks = checks
        self.force, self.progress, self.prune = force, progress, prune
        # the workbook is kept in step with the tables once there, asked for or not
        self.xlsx = xlsx or (out_dir / workbook.WORKBOOK).is_file()
        self.held: set[str] = set()  # manifest keys of the notices the folder holds at the end
        self.summary = BatchSummary(out_dir=out_dir)
        self.done: list[tuple[str, str, str]] = []  # (output name, input path, sha256) for the index
        self.in_order: list[str | None] = []  # walk order: output name of an unchanged notice, None if parsed now
        self.errors = None
        self.manifest: Manifest | None = None
        self.model_id: str | None = None
        self.segmenter = segmentation_id()
        self.predictions: str | None = None  # what decides the labels (pipeline.predictions_fingerprint)

    def run(self, inputs, classifier: ClassifierSpec, executor, chunk_size: int, jobs: int) -> BatchSummary:
        _remove_temporaries(self.out_dir, self.notices_dir)
        skipped: list[Path] = []
        unreadable: list[tuple[Path, str]] = []
        files = list(iter_notice_files(inputs, skipped=skipped, exclude=self.out_dir, unreadable=unreadable))
        write_atomic(self.out_dir / SKIPPED, "".join(f"{shown(p)}\n" for p in skipped))
        self.summary.total, self.summary.skipped = len(files) + len(unreadable), len(skipped)
        try:
            self.model_id = getattr(classifier_for(classifier), "model_id", None)
            self.predictions = predictions_of(classifier)
        except Exception as err:
            raise BatchError(f"cannot load the classifier: {err}") from None
        self.manifest = Manifest(self.out_dir / MANIFEST)
        try:
            with open(self.out_dir / ERRORS, "w", encoding="utf-8") as self.errors:
                for folder, reason in unreadable:
                    self.fail(as_text(folder), None, reason)
                earlier = self.earlier(files)
                tasks = self.plan(files, assign_names(files, self.manifest.entries, reserved=[e["name"] for e in earlier]))
                tasks += self.keep(earlier)
                size = chunk_size or max(1, min(16, len(tasks) // (8 * max(jobs, 1)) or 1))
                self.collect(executor, [tasks[i : i + size] for i in range(0, len(tasks), size)])
                self.manifest.retain(self.held)
                self.remove_strays()
        finally:
            self.manifest.close()
        self.done.sort()
        # tables before the index: a run killed in between leaves an index that differs, so tables are redone
        write_atomic(self.out_dir / INDEX, _index_text(self.done))
        return self.summary

    def fail(self, display: str, name: str | None, reason: str) -> None:
        self.errors.write(json_line({"path": display, "reason": reason, "time": _now()}))
        self.errors.flush()
        if name is not None:
            (self.notices_dir / name).unlink(missing_ok=True)  # an older output of it is stale now
        self.summary.failed += 1
        self.summary.failures.append((display, reason))

    def earlier(self, files: list[InputFile]) -> list[dict]:
        """Manifest entries of notices held from earlier runs whose inputs are not among `files` (one per
        output name, the last recorded); with --prune their files are removed now. Entries whose file
        is gone or was cut short are dropped at the end of the run (`Manifest.retain`)."""
        given = {f.key for f in files}
        by_name = {
            entry["name"]: entry
            for key, entry in self.manifest.entries.items()
            if key not in given and _size(self.notices_dir / entry["name"]) == entry.get("bytes")
        }
        if not self.prune:
            return list(by_name.values())
        for name in by_name:
            (self.notices_dir / name).unlink(missing_ok=True)
        self.summary.pruned = len(by_name)
        return []

    def keep(self, earlier: list[dict]) -> list[Task]:
        """Hold the notices of earlier runs, after this run's, in the order of their names. One written
        under another schema is parsed again where its input still is, and cannot be kept where it is not."""
        tasks = []
        for entry in sorted(earlier, key=lambda e: e["name"]):
            name, key = entry["name"], entry["key"]
            if entry.get("schema") != SCHEMA_VERSION and not _readable_notice(self.notices_dir / name):
                if not Path(key).is_file():
                    self.fail(
                        entry["path"],
                        name,
                        f"written under schema {entry.get('schema')}, which this version cannot read, and its input is gone: not kept",
                    )
                    continue
                tasks.append(Task(key, entry["path"], name, len(self.in_order), self.checks))
                self.in_order.append(None)
                continue
            self.done.append((name, entry["path"], entry["sha256"]))
            self.held.add(key)
            self.in_order.append(name)
            self.summary.kept += 1
        return tasks

    def remove_strays(self) -> None:
        """Notice files no manifest entry holds (a run killed between writing a notice and recording it,
        then not given that input again): no table has them, so they go."""
        held = {name for name, _, _ in self.done}
        for path in self.notices_dir.glob("*.json"):
            if path.name not in held and not path.name.startswith("."):
                path.unlink(missing_ok=True)

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
                self.held.add(f.key)
                if self.manifest.entries[f.key].get("not_a_notice"):
                    self.not_a_notice(display)
                else:
                    self.summary.unchanged += 1
                self.in_order.append(name)
            else:
                tasks.append(Task(f.key, display, name, len(self.in_order), self.checks))
                self.in_order.append(None)
        return tasks

    def unchanged(self, key: str, name: str, sha: str) -> bool:
        entry = self.manifest.entries.get(key)
        return (
            not self.force
            and entry is not None
            and entry.get("name") == name
            and entry.get("sha256") == sha
            and entry.get("version") == VERSION
            and entry.get("schema") == SCHEMA_VERSION
            and entry.get("predictions", entry.get("model")) == self.predictions  # older lines: the model id
            and entry.get("checks", True) == self.checks
            and entry.get("segmenter", DEFAULT_SEGMENTATION) == self.segmenter
            and _size(self.notices_dir / name) == entry.get("bytes")
        )

    def collect(self, executor, chunks: list[list[Task]]) -> None:
        """Run the chunks and take in each outcome as it comes: notice, manifest line, table rows."""
        tables = finished = None
        tasks = sum(map(len, chunks))
        try:
            if chunks:
                executor.start()
            # after the workers forked: they need none of Arrow
            if chunks or _read_bytes(self.out_dir / INDEX) != _index_text(sorted(self.done)) or not tables_present(self.out_dir):
                tables = Tables(self.out_dir, self.in_order)
            with progress_bar(self.progress) as bar:
                bar_task = bar.add_task("notices", total=tasks)
                for outcome in executor.run(iter(chunks)) if chunks else ():
                    if tables is not None:
                        tables.arrived(outcome.task.position, outcome.rows if outcome.reason is None else None)
                    self.take(outcome)
                    bar.advance(bar_task)
            if tables is not None:
                finished, tables = tables, None
                finished.close(keep=True)
            if self.xlsx and (finished is not None or not (self.out_dir / workbook.WORKBOOK).is_file()):
                self.write_workbook()
        finally:
            executor.close()
            if tables is not None:
                tables.close(keep=False)
                _remove_temporaries(self.notices_dir)  # of a worker stopped while writing

    def write_workbook(self) -> None:
        try:
            workbook.write_workbook(self.out_dir)
        except workbook.WorkbookError as err:
            raise BatchError(f"{shown(self.out_dir / workbook.WORKBOOK)}: {err}") from None
        except ImportError as err:
            raise BatchError(str(err)) from None

    def take(self, outcome: Outcome) -> None:
        task = outcome.task
        if outcome.unwritable is not None:
            raise OutputError(self.notices_dir, outcome.unwritable)
        if outcome.reason is not None:
            self.fail(task.display, task.name, outcome.reason)
            return
        if outcome.json is not None:
            write_atomic(self.notices_dir / task.name, outcome.json, sync=False)
        self.manifest.record(
            {
                "key": task.read_path,
                "path": task.display,
                "sha256": outcome.sha256,
                "version": VERSION,
                "schema": SCHEMA_VERSION,
                "model": self.model_id,
                "predictions": self.predictions,
                "checks": self.checks,
                "segmenter": self.segmenter,
                "name": task.name,
                "bytes": outcome.bytes,
                "items": outcome.items,
                "time": _now(),
                **({"not_a_notice": True} if outcome.not_a_notice else {}),
            }
        )
        self.done.append((task.name, task.display, outcome.sha256))
        self.held.add(task.read_path)
        if outcome.not_a_notice:
            self.not_a_notice(task.display)
        else:
            self.summary.processed += 1

    def not_a_notice(self, display: str) -> None:
        """Written and in the tables like any output, but counted apart: its text does not read like a notice."""
        self.summary.not_notices += 1
        self.summary.not_notice_paths.append(display)


def _index_text(done: list[tuple[str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "path", "sha256"])
    writer.writerows((spreadsheet_safe(name), spreadsheet_safe(path), sha) for name, path, sha in done)
    return buffer.getvalue().encode("utf-8")


def _readable_notice(path: Path) -> bool:
    """Whether the file holds a notice this version reads (its table rows can be read back)."""
    try:
        Notice.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
