"""Scoring parsed notices against gold files, with notice-level bootstrap intervals.

The rules are those of the gold format (shared/spec/gold-format.md) as the shared scorer
(shared/tools/score.py) applies them: items pair up in reading order when their texts, NFKC-folded
and without whitespace, are at least 90 % alike; path, status and first label are judged on the
pairs; metadata and statistics on the fields the gold states; label F1 over the paired items.
Figures are ratios of counts summed over a set, so a bootstrap resamples whole notices and sums again.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from notice_miner.errors import NoticeError

MATCH_RATIO = 0.9
# pairs whose lengths differ more than this cannot reach MATCH_RATIO; the scorer skips them unread
LENGTH_RATIO = MATCH_RATIO - 0.05

COUNTS = ("gold_items", "pred_items", "matched", "path_ok", "status_ok", "labelled", "first_ok", "meta_total", "meta_ok", "stats_total", "stats_ok")

# (key, heading) in the order the table prints them
FIGURES = (
    ("item_precision", "item precision"),
    ("item_recall", "item recall"),
    ("item_f1", "item F1"),
    ("path_accuracy", "path accuracy"),
    ("status_accuracy", "status accuracy"),
    ("metadata_accuracy", "metadata accuracy"),
    ("stats_accuracy", "statistics accuracy"),
    ("first_label_accuracy", "first-label accuracy"),
    ("label_micro_f1", "label micro-F1"),
    ("label_macro_f1", "label macro-F1"),
)


def normalised(value: object) -> str:
    """NFKC-folded text without any whitespace: the form items and fields are compared in."""
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def similarity(a: str, b: str) -> float:
    """Character similarity of two normalised texts (difflib's ratio); 0 when the lengths are too far apart."""
    if a == b:
        return 1.0
    if not a or not b or min(len(a), len(b)) / max(len(a), len(b)) < LENGTH_RATIO:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_items(gold_texts: Sequence[str], pred_texts: Sequence[str]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: each gold item takes its most similar unused prediction,
    looking on from the last pair first so that reading order wins ties, if it is alike enough."""
    gold = [normalised(t) for t in gold_texts]
    pred = [normalised(t) for t in pred_texts]
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    start = 0
    for gi, text in enumerate(gold):
        best, best_j = 0.0, None
        for pj in [*range(start, len(pred)), *range(start)]:
            if pj in used:
                continue
            ratio = similarity(text, pred[pj])
            if ratio > best:
                best, best_j = ratio, pj
                if ratio == 1.0:
                    break
        if best_j is not None and best >= MATCH_RATIO:
            pairs.append((gi, best_j))
            used.add(best_j)
            start = best_j + 1
    return pairs


def same_value(gold: object, pred: object) -> bool:
    """Numbers agree to a relative 1e-6; anything else compares as normalised text."""
    if isinstance(gold, (int, float)) and not isinstance(gold, bool):
        try:
            return abs(float(pred) - float(gold)) <= 1e-6 * max(1.0, abs(float(gold)))
        except (TypeError, ValueError):
            return False
    return normalised(gold) == normalised(pred)


def label_ids(item: dict) -> list[str]:
    """An item's label ids, most important first (labels may be ids or {"label": id, …})."""
    return [str(lab["label"]) if isinstance(lab, dict) else str(lab) for lab in item.get("labels") or []]


def _path(item: dict) -> list[str]:
    return [normalised(step) for step in item.get("path") or []]


@dataclass
class NoticeScore:
    """The counts one notice contributes to a set's figures."""

    name: str
    counts: dict[str, int]
    label_pairs: list[tuple[list[str], list[str]]] = field(default_factory=list)
    missing_output: bool = False
    wrong_fields: list[str] = field(default_factory=list)


def _stated_right(gold: dict, pred: dict) -> list[bool]:
    return [key in pred and same_value(value, pred[key]) for key, value in gold.items()]


def _judge_pairs(gold_items: list[dict], pred_items: list[dict], counts: dict[str, int]) -> list[tuple[list[str], list[str]]]:
    """Pair the items, count right paths, statuses and first labels into `counts`; the label pairs.

    Labels are judged only on items whose gold has labels (`labelled`), so a set pooled from labelled and
    unlabelled gold measures its labels on the labelled part; a set is one or the other, and then every
    figure equals score.py's."""
    pairs = match_items([str(g.get("text", "")) for g in gold_items], [str(p.get("text", "")) for p in pred_items])
    counts["matched"] = len(pairs)
    label_pairs = []
    for gi, pj in pairs:
        g, p = gold_items[gi], pred_items[pj]
        counts["path_ok"] += _path(g) == _path(p)
        counts["status_ok"] += g.get("status", "done") == p.get("status", "done")
        gold_labels, pred_labels = label_ids(g), label_ids(p)
        if gold_labels:
            counts["labelled"] += 1
            counts["first_ok"] += bool(pred_labels and gold_labels[0] == pred_labels[0])
            label_pairs.append((gold_labels, pred_labels))
    return label_pairs


def score_notice(name: str, gold: dict, output: dict | None) -> NoticeScore:
    """Score one notice's JSON output (None: no output) against its gold annotation."""
    gold_items = gold.get("items") or []
    gold_meta, gold_stats = gold.get("metadata") or {}, gold.get("stats") or {}
    counts = dict.fromkeys(COUNTS, 0)
    counts.update(gold_items=len(gold_items), meta_total=len(gold_meta), stats_total=len(gold_stats))
    if output is None:
        return NoticeScore(name, counts, missing_output=True)
    pred_items = output.get("items") or []
    label_pairs = _judge_pairs(gold_items, pred_items, counts)
    meta_right = _stated_right(gold_meta, output.get("metadata") or {})
    stats_right = _stated_right(gold_stats, output.get("stats") or {})
    counts.update(pred_items=len(pred_items), meta_ok=sum(meta_right), stats_ok=sum(stats_right))
    wrong = [f"metadata.{k}" for k, ok in zip(gold_meta, meta_right) if not ok]
    wrong += [f"stats.{k}" for k, ok in zip(gold_stats, stats_right) if not ok]
    return NoticeScore(name, counts, label_pairs, wrong_fields=wrong)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where den is 0 (a figure with nothing to measure)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=den > 0)


def _f1(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return np.nan_to_num(_ratio(2 * p * r, p + r))


def _figures(totals: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> dict[str, np.ndarray]:
    """Every figure from summed counts; rows are sets of notices (one per bootstrap resample)."""
    t = {key: totals[:, i] for i, key in enumerate(COUNTS)}
    precision = np.nan_to_num(_ratio(t["matched"], t["pred_items"]))
    recall = np.nan_to_num(_ratio(t["matched"], t["gold_items"]))
    tp_all, fp_all, fn_all = tp.sum(axis=1), fp.sum(axis=1), fn.sum(axis=1)
    micro = _f1(np.nan_to_num(_ratio(tp_all, tp_all + fp_all)), np.nan_to_num(_ratio(tp_all, tp_all + fn_all)))
    # macro-F1 averages the per-label F1 as printed (3 decimals) over labels the gold uses, as score.py does
    per_label = np.round(_f1(np.nan_to_num(_ratio(tp, tp + fp)), np.nan_to_num(_ratio(tp, tp + fn))), 3)
    supported = (tp + fn) > 0
    macro = _ratio(np.where(supported, per_label, 0.0).sum(axis=1), supported.sum(axis=1))
    has_labels = np.asarray(supported.any(axis=1))
    return {
        "item_precision": precision,
        "item_recall": recall,
        "item_f1": _f1(precision, recall),
        "path_accuracy": _ratio(t["path_ok"], t["matched"]),
        "status_accuracy": _ratio(t["status_ok"], t["matched"]),
        "metadata_accuracy": _ratio(t["meta_ok"], t["meta_total"]),
        "stats_accuracy": _ratio(t["stats_ok"], t["stats_total"]),
        # label figures need gold labels: a set annotated without them has none
        "first_label_accuracy": np.where(has_labels, _ratio(t["first_ok"], t["labelled"]), np.nan),
        "label_micro_f1": np.where(has_labels, micro, np.nan),
        "label_macro_f1": np.where(has_labels, macro, np.nan),
    }


@dataclass
class SetScore:
    """A set of scored notices: its point figures and bootstrap intervals."""

    name: str
    notices: list[NoticeScore]

    def totals(self) -> dict[str, int]:
        return {key: sum(n.counts[key] for n in self.notices) for key in COUNTS}

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per-notice counts and per-notice, per-label true/false positives and false negatives."""
        labels = sorted({lab for n in self.notices for g, p in n.label_pairs for lab in (*g, *p)})
        column = {lab: j for j, lab in enumerate(labels)}
        counts = np.array([[n.counts[key] for key in COUNTS] for n in self.notices], dtype=float).reshape(-1, len(COUNTS))
        tp, fp, fn = (np.zeros((len(self.notices), len(labels))) for _ in range(3))
        for i, notice in enumerate(self.notices):
            for gold, pred in notice.label_pairs:
                gold_set, pred_set = set(gold), set(pred)
                for lab in gold_set | pred_set:
                    target = tp if lab in gold_set and lab in pred_set else fp if lab in pred_set else fn
                    target[i, column[lab]] += 1
        return counts, tp, fp, fn

    def figures(self) -> dict[str, float | None]:
        """Point figures, rounded to 3 decimals as the shared scorer prints them (None: nothing to measure)."""
        counts, tp, fp, fn = self._arrays()
        point = _figures(
            counts.sum(axis=0, keepdims=True), tp.sum(axis=0, keepdims=True), fp.sum(axis=0, keepdims=True), fn.sum(axis=0, keepdims=True)
        )
        return {key: None if np.isnan(v[0]) else round(float(v[0]), 3) for key, v in point.items()}

    def intervals(self, resamples: int = 2000, seed: int = 0, level: float = 0.95) -> dict[str, tuple[float, float] | None]:
        """Percentile bootstrap intervals: draw as many notices as the set holds, with replacement."""
        counts, tp, fp, fn = self._arrays()
        n = len(self.notices)
        if n == 0:
            return {key: None for key, _ in FIGURES}
        weights = np.random.default_rng(seed).multinomial(n, np.full(n, 1 / n), size=resamples).astype(float)
        drawn = _figures(weights @ counts, weights @ tp, weights @ fp, weights @ fn)
        tail = (1 - level) / 2 * 100
        out: dict[str, tuple[float, float] | None] = {}
        for key, values in drawn.items():
            values = values[~np.isnan(values)]
            out[key] = None if not values.size else (float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail)))
        return out


@dataclass(frozen=True)
class GoldNotice:
    """A gold annotation and the notice file it describes."""

    name: str
    gold: dict
    notice: Path


def load_gold_file(path: Path, *, needs_file: bool = False) -> dict:
    """One `*.gold.json` file, checked to be a gold annotation (an `items` list; a `file` name when
    `needs_file`). Raises `NoticeError` naming the file."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise NoticeError(path, f"unreadable gold file ({err})") from None
    need = "'file' and an 'items' list" if needs_file else "an 'items' list"
    if not isinstance(gold, dict) or not isinstance(gold.get("items", None if needs_file else []), list):
        raise NoticeError(path, f"not a gold file (needs {need})")
    if needs_file and not gold.get("file"):
        raise NoticeError(path, f"not a gold file (needs {need})")
    return gold


def read_gold(folder: str | Path) -> list[GoldNotice]:
    """The `NAME.gold.json` files directly in `folder` (not below it), each with its notice beside it."""
    out = []
    for path in sorted(Path(folder).glob("*.gold.json")):
        gold = load_gold_file(path)
        name = path.name[: -len(".gold.json")]
        stated = gold.get("file")
        notice = (
            path.with_name(stated) if stated else next((p for p in sorted(path.parent.glob(f"{name}.*")) if not p.name.endswith(".gold.json")), path)
        )
        out.append(GoldNotice(name, gold, notice))
    if not out:
        raise NoticeError(folder, "no *.gold.json files here")
    return out


def score_set(name: str, folders: Iterable[str | Path], output: Callable[[Path], dict | None]) -> SetScore:
    """Score the gold notices of `folders` against `output(notice path)`: the notice's JSON as a dict,
    or None when it could not be parsed (scored as an empty output, as a missing file is)."""
    return SetScore(name, [score_notice(g.name, g.gold, output(g.notice)) for folder in folders for g in read_gold(folder)])
