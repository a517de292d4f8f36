"""The work a worker does: parse a chunk of files, each into its JSON and its table rows; never raises.

Notice files are written via a hidden temporary name and renamed, without an fsync each (see
`notice_miner.corpus` on crash safety).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from notice_miner.corpus.tables import notice_id_of, table_rows
from notice_miner.errors import NoticeError
from notice_miner.fileio import read_sidecar
from notice_miner.model import Classifier, ClassifierSpec, Notice


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


_LOADED: dict[ClassifierSpec, Classifier | None] = {}  # classifier per spec, loaded once per process


def classifier_for(spec: ClassifierSpec) -> Classifier | None:
    """The classifier a spec names, loaded once per process."""
    if spec not in _LOADED:
        from notice_miner import pipeline

        _LOADED[spec] = pipeline.resolve_classifier(spec)
    return _LOADED[spec]


def init_worker(spec: ClassifierSpec) -> None:
    """Pool worker start: die with the parent, load the classifier and warm the pipeline once."""
    if sys.platform == "linux":
        import ctypes
        import signal

        try:  # PR_SET_PDEATHSIG: no orphan worker writes on after the run was killed
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
        except OSError:
            pass
    warm_up(spec)


def warm_up(spec: ClassifierSpec) -> None:
    """Load what the stages load lazily (dictionary, patterns, model) before the first real file."""
    from notice_miner import pipeline

    clf = classifier_for(spec)
    try:
        pipeline.parse_text("关于巡察整改进展情况的通报\n一、整改情况\n(一)加强制度建设。一是完善制度3项。\n",
                            classifier=clf)
    except Exception:  # a stage failing here will fail (and be reported) per file
        pass


def parse_chunk(tasks: list[Task], spec: ClassifierSpec, write_dir: str | None) -> list[Outcome]:
    """Parse each task's file; write it to `write_dir` or return its JSON. Never raises."""
    from notice_miner import pipeline

    clf = classifier_for(spec)
    outcomes = []
    for task in tasks:
        try:
            notice = _with_provenance(pipeline.parse(task.read_path, classifier=clf), task)
            text = notice.to_json()
            size = len(text.encode("utf-8"))
            if write_dir is not None:
                write_output(Path(write_dir) / task.name, text)
                text = None
            outcomes.append(Outcome(task, sha256=notice.source.sha256, items=len(notice.items),
                                    bytes=size, json=text, rows=table_rows(notice_id_of(task.name), notice)))
        except NoticeError as err:
            outcomes.append(Outcome(task, reason=err.reason))
        except Exception as err:  # a bug in a stage must not stop the corpus
            outcomes.append(Outcome(task, reason=f"internal error: {type(err).__name__}: {err}"))
    return outcomes


def _with_provenance(notice: Notice, task: Task) -> Notice:
    """The notice with its path as the user gave it and, for a fetched file, where and when it was
    served (from the sidecar `fetch` wrote beside it)."""
    sidecar = read_sidecar(task.read_path)
    served = {key: sidecar[key] for key in ("url", "retrieved") if isinstance(sidecar.get(key), str)}
    return notice.model_copy(update={"source": notice.source.model_copy(update={"path": task.display, **served})})


def write_output(path: Path, text: str) -> None:
    """Write via a hidden temporary file and rename: never a half-written notice (no fsync: see the module doc)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def noop() -> None:
    """A task that does nothing: submitted once per worker so that every worker has started."""
    return None
