"""The work a worker does: parse files, each into its JSON and its table rows; never raises.

Notice files are written via a hidden temporary name and renamed, without an fsync each (see
`notice_miner.corpus` on crash safety).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from notice_miner.corpus.tables import Values, notice_id_of, row_values, table_rows
from notice_miner.errors import NoticeError
from notice_miner.fileio import read_sidecar, write_atomic
from notice_miner.model import Classifier, ClassifierSpec, Notice


@dataclass(frozen=True)
class Task:
    read_path: str  # absolute, so workers elsewhere (Dask) find it on a shared file system
    display: str  # the path as the user gave it; goes into source.path and errors.jsonl
    name: str
    position: int = 0  # in walk order: where its rows go in the tables
    checks: bool = True  # run the rectification-quality checks (False: --no-checks)


@dataclass
class Outcome:
    task: Task
    reason: str | None = None  # None: parsed
    sha256: str | None = None
    items: int = 0
    bytes: int = 0
    json: str | None = None  # the notice, unless the worker wrote it itself
    rows: Values | None = None  # its notices-table row and items-, sections- and checks-table rows (`row_values`)
    unwritable: str | None = None  # why the worker could not write the notice (full disk …): the run stops
    not_a_notice: bool = False  # parsed, but the text does not read like a rectification notice


def segmentation_id() -> str:
    """The segmentation this process parses with (`pipeline.use_segmenter`); a notice parsed with another is redone."""
    from notice_miner import pipeline

    return pipeline.segmentation_id()


_LOADED: dict[ClassifierSpec, Classifier | None] = {}  # classifier per spec, loaded once per process


def classifier_for(spec: ClassifierSpec) -> Classifier | None:
    """The classifier a spec names, loaded once per process."""
    if spec not in _LOADED:
        from notice_miner import pipeline

        _LOADED[spec] = pipeline.resolve_classifier(spec)
    return _LOADED[spec]


def predictions_of(spec: ClassifierSpec) -> str | None:
    """The fingerprint of the predictions of the classifier a spec names (`pipeline.predictions_fingerprint`)."""
    from notice_miner import pipeline

    return pipeline.predictions_fingerprint(classifier_for(spec))


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG on Linux: no orphan worker writes on after the run was killed."""
    if sys.platform == "linux":
        import ctypes
        import signal

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
        except OSError:
            pass


def warm_up(spec: ClassifierSpec) -> None:
    """Load what the stages load lazily (dictionary, patterns, model) before the first real file."""
    from notice_miner import pipeline

    clf = classifier_for(spec)
    try:
        pipeline.parse_text("关于巡察整改进展情况的通报\n一、整改情况\n(一)加强制度建设。一是完善制度3项。\n", classifier=clf)
    except Exception:  # a stage failing here will fail (and be reported) per file
        pass


def parse_one(task: Task, classifier: Classifier | None, write_dir: str | None) -> Outcome:
    """Parse the task's file; write it to `write_dir` or return its JSON. Never raises."""
    from notice_miner import pipeline

    try:
        notice = _with_provenance(pipeline.parse(task.read_path, classifier=classifier, checks=task.checks), task)
        text = notice.to_json()
        rows = row_values(table_rows(notice_id_of(task.name), notice))
    except NoticeError as err:
        return Outcome(task, reason=err.reason)
    except Exception as err:  # a bug in a stage must not stop the corpus
        return Outcome(task, reason=f"internal error: {type(err).__name__}: {err}")
    data = text.encode("utf-8")
    if write_dir is not None:
        try:
            write_atomic(Path(write_dir) / task.name, data, sync=False)  # no fsync: module doc
        except OSError as err:
            return Outcome(task, reason="not written", unwritable=err.strerror or str(err))
        text = None
    return Outcome(
        task,
        sha256=notice.source.sha256,
        items=len(notice.items),
        bytes=len(data),
        json=text,
        rows=rows,
        not_a_notice=not pipeline.reads_like_a_notice(notice),
    )


def parse_chunk(tasks: list[Task], spec: ClassifierSpec, write_dir: str | None) -> list[Outcome]:
    """`parse_one` for each task (a Dask task's work). Never raises."""
    clf = classifier_for(spec)
    return [parse_one(task, clf, write_dir) for task in tasks]


def _with_provenance(notice: Notice, task: Task) -> Notice:
    """The notice with its path as the user gave it and, for a fetched file, where and when it was
    served (from the sidecar `fetch` wrote beside it)."""
    sidecar = read_sidecar(task.read_path)
    served = {key: sidecar[key] for key in ("url", "retrieved") if isinstance(sidecar.get(key), str)}
    return notice.model_copy(update={"source": notice.source.model_copy(update={"path": task.display, **served})})


def serve(conn, spec: ClassifierSpec, write_dir: str) -> None:
    """A worker process: chunks of tasks in, one Outcome per file out, until the parent sends None."""
    import gc
    import signal

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # what the parent loaded before the fork lives as long as the worker: frozen, the collector never
    # walks it, so its pages stay shared with the parent (the gc module's advice for fork without exec)
    gc.freeze()
    clf = classifier_for(spec)  # loaded before the fork, unless workers start afresh (no fork on this system)
    try:
        while (chunk := conn.recv()) is not None:  # None: the run is done
            for task in chunk:
                conn.send(parse_one(task, clf, write_dir))
    except (EOFError, OSError):  # the parent is gone
        return
