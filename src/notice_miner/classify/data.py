"""Labelled measures in and out: training files, gold folders, parsed outputs."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from notice_miner.classify.features import Example, item_example
from notice_miner.errors import NoticeError
from notice_miner.model import Notice


def read_examples(paths: Iterable[str | Path], *, context: Callable[[Path], Notice | None] | None = None) -> list[Example]:
    """Labelled examples from gold files (`*.gold.json`), JSON Lines and CSV files, or folders of them.

    `context(document_path)` may return the parsed notice beside a gold file, from which
    each gold item takes its problem and section titles. Raises `NoticeError` naming the file.
    """
    examples: list[Example] = []
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_training_file(p))
            if not files:
                raise NoticeError(path, "no *.gold.json, *.jsonl or *.csv files in this folder")
        elif path.is_file():
            files = [path]
        else:
            raise NoticeError(path, "no such file or folder")
        for f in files:
            examples.extend(_read_file(f, context))
    return examples


def _is_training_file(p: Path) -> bool:
    return p.name.endswith(".gold.json") or p.suffix.lower() in {".jsonl", ".csv"}


def _read_file(path: Path, context: Callable[[Path], Notice | None] | None) -> list[Example]:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise NoticeError(path, f"cannot read ({err})") from None
    if path.name.endswith(".json"):
        try:
            gold = json.loads(raw)
        except json.JSONDecodeError as err:
            raise NoticeError(path, f"not valid JSON ({err})") from None
        if not isinstance(gold, dict) or not isinstance(gold.get("items"), list):
            raise NoticeError(path, "not a gold file (no 'items' list)")
        return _gold_examples(path, gold, context)
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(raw)))
        return [_row_example(r, path, n + 2) for n, r in enumerate(rows)]
    out = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise NoticeError(path, f"line {n}: not valid JSON ({err.msg})") from None
        out.append(_row_example(row, path, n))
    return out


def _row_example(row: object, path: Path, line: int) -> Example:
    if not isinstance(row, dict) or not str(row.get("text") or "").strip():
        raise NoticeError(path, f"line {line}: needs a non-empty 'text'")
    labels = row.get("labels")
    if isinstance(labels, str):
        labels = [x for x in re.split(r"[|,;]", labels) if x.strip()]
    if not isinstance(labels, list) or not labels:
        raise NoticeError(path, f"line {line}: needs 'labels' (a list, or ids separated by | or ,)")
    labels = [str(lab["label"] if isinstance(lab, dict) else lab).strip() for lab in labels]
    return Example(
        str(row["text"]),
        tuple(labels),
        row.get("problem") or None,
        _sections(row),
        f"{path.name}:{line}",
        f"{path.name}:{row['group']}" if row.get("group") else "",
    )


def _sections(row: dict) -> tuple[str, ...]:
    """A row's section titles: a list, or one string with the titles joined by ' > '."""
    section = row.get("section") or row.get("sections") or ()
    if isinstance(section, list):
        return tuple(section)
    return tuple(s.strip() for s in str(section).split(" > ") if s.strip())


def _gold_examples(path: Path, gold: dict, context: Callable[[Path], Notice | None] | None) -> list[Example]:
    notice = None
    doc = path.parent / str(gold.get("file", ""))
    if context is not None and gold.get("file") and doc.is_file():
        notice = context(doc)
    from notice_miner import scoring  # gold files and item matching: imported here, so that parse never loads them

    matched = dict(scoring.match_items([str(g.get("text", "")) for g in gold["items"]], [i.text for i in notice.items])) if notice else {}
    out = []
    for n, g in enumerate(gold["items"]):
        labels = [str(lab["label"] if isinstance(lab, dict) else lab) for lab in g.get("labels") or []]
        if not labels or not str(g.get("text", "")).strip():
            continue
        if n in matched:
            ctx = item_example(notice, notice.items[matched[n]])
            out.append(Example(g["text"], tuple(labels), ctx.problem, ctx.sections, f"{path.name}#{n}", path.name))
        else:
            out.append(Example(g["text"], tuple(labels), None, (), f"{path.name}#{n}", path.name))
    return out


def read_gold_dir(gold_dir: str | Path) -> list[tuple[dict, Path]]:
    """Gold annotations under `gold_dir` (searched recursively) with the path of the notice each describes."""
    from notice_miner import scoring

    out = []
    for path in sorted(Path(gold_dir).rglob("*.gold.json")):
        gold = scoring.load_gold_file(path, needs_file=True)
        out.append((gold, path.parent / gold["file"]))
    if not out:
        raise NoticeError(gold_dir, "no *.gold.json files here")
    return out


def read_outputs(out_dir: str | Path) -> tuple[list[Notice], list[Path]]:
    """Per-notice JSON outputs under `out_dir` (recursively); files that are not notices are returned apart."""
    notices, skipped = [], []
    for path in sorted(Path(out_dir).rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            notices.append(Notice.model_validate(data))
        except Exception:  # manifests, tables and broken files are not notices to rank
            skipped.append(path)
    return notices, skipped
