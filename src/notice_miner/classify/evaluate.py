"""Scoring labels: per-label precision/recall/F1, micro and macro F1, first-label accuracy,
the confusion of first labels, and the reliability of scores (scikit-learn's metrics)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from notice_miner import scoring
from notice_miner.classify.features import Example
from notice_miner.classify.model import LinearClassifier, RulesClassifier, rank_rows
from notice_miner.model import Notice

RELIABILITY_BINS = 10

# (gold labels, predicted labels) of one measure, best first
Pair = tuple[list[str], list[str]]


def label_metrics(pairs: Sequence[Pair]) -> dict:
    """Per-label P/R/F1/support, micro and macro F1 (macro over labels with gold support, as the
    shared scorer), first-label accuracy and the confusion of first labels."""
    labels = sorted({lab for gold, pred in pairs for lab in (*gold, *pred)})
    if not labels:
        return {"items": len(pairs), "first_label_accuracy": 0.0, "micro_f1": 0.0, "macro_f1": 0.0, "per_label": {}, "confusion": {}}
    binarizer = MultiLabelBinarizer(classes=labels)
    gold = binarizer.fit_transform([set(g) for g, _ in pairs])
    pred = binarizer.transform([set(p) for _, p in pairs])
    precision, recall, f1, support = precision_recall_fscore_support(gold, pred, average=None, zero_division=0)
    per = {
        lab: {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3), "support": int(s)}
        for lab, p, r, f, s in zip(labels, precision, recall, f1, support)
    }
    confusion = Counter((g[0], p[0]) for g, p in pairs if g and p)
    return {
        "items": len(pairs),
        "first_label_accuracy": round(_first_label_accuracy(pairs), 3),
        "micro_f1": round(float(f1_score(gold, pred, average="micro", zero_division=0)), 3),
        "macro_f1": round(float(f1[support > 0].mean()), 3) if support.any() else 0.0,
        "per_label": per,
        "confusion": {f"{g}|{p}": n for (g, p), n in sorted(confusion.items())},
    }


def _first_label_accuracy(pairs: Sequence[Pair]) -> float:
    """Share of measures whose first predicted label is the first gold label; a measure without a
    gold or a predicted label has no first label to get right."""
    return float(accuracy_score([g[0] if g else "\0gold" for g, _ in pairs], [p[0] if p else "\0pred" for _, p in pairs]))


def evaluate_examples(predictor: LinearClassifier | RulesClassifier, examples: Sequence[Example]) -> dict:
    predicted = predictor.predict(examples)
    return label_metrics([(list(ex.labels), [lab.label for lab in pred]) for ex, pred in zip(examples, predicted)])


def evaluate_notices(golds: Sequence[tuple[dict, Notice]]) -> dict:
    """Metrics over gold items matched to the items of parsed (and labelled) notices."""
    pairs = []
    for gold, notice in golds:
        items = gold.get("items", [])
        for gi, pj in scoring.match_items([str(g.get("text", "")) for g in items], [i.text for i in notice.items]):
            gl = [str(x["label"] if isinstance(x, dict) else x) for x in items[gi].get("labels") or []]
            pairs.append((gl, [lab.label for lab in notice.items[pj].labels]))
    result = label_metrics(pairs)
    result["gold_items"] = sum(len(g.get("items", [])) for g, _ in golds)
    return result


def reliability(probs: Sequence[float], correct: Sequence[bool], bins: int = RELIABILITY_BINS) -> tuple[list[dict], float]:
    """Rows (range, count, mean score, share correct) of the non-empty bins of equal width, and the
    expected calibration error (the count-weighted gap between mean score and share correct)."""
    probs_a, correct_a = np.asarray(probs, dtype=float), np.asarray(correct, dtype=int)
    if not probs_a.size:
        return [], 0.0
    share_correct, mean_score = calibration_curve(correct_a, probs_a, n_bins=bins, strategy="uniform")
    # calibration_curve's own binning (right-closed), for the counts and ranges it does not return
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], probs_a), minlength=bins)
    used = np.flatnonzero(counts)
    rows = [
        {"range": f"{edges[b]:.1f}–{edges[b + 1]:.1f}", "count": int(counts[b]), "mean_score": round(float(m), 3), "correct": round(float(c), 3)}
        for b, m, c in zip(used, mean_score, share_correct)
    ]
    ece = float(np.sum(counts[used] * np.abs(mean_score - share_correct)) / probs_a.size)
    return rows, round(ece, 4)


def predicted_labels(
    probs: np.ndarray, firsts: np.ndarray, leads: list[list[int]], labels: list[str], threshold: float, max_labels: int
) -> list[list[str]]:
    return [[lab.label for lab in ranked] for ranked in rank_rows(probs, labels, threshold, max_labels, firsts, leads)]


def held_out_report(
    probs: np.ndarray, firsts: np.ndarray, leads: list[list[int]], examples: Sequence[Example], labels: list[str], threshold: float, max_labels: int
) -> dict:
    """Metrics and reliability of held-out scores (`probs`, `firsts`: one row per example)."""
    predicted = rank_rows(probs, labels, threshold, max_labels, firsts, leads)
    metrics = label_metrics([(list(ex.labels), [lab.label for lab in pred]) for ex, pred in zip(examples, predicted)])
    emitted = [(lab.score, lab.label in ex.labels) for ex, pred in zip(examples, predicted) for lab in pred]
    rows, ece = reliability([s for s, _ in emitted], [c for _, c in emitted])
    _, ece_all = reliability(probs.ravel(), [lab in ex.labels for ex in examples for lab in labels])
    return dict(metrics, threshold=threshold, reliability=rows, ece_emitted=ece, ece_all_pairs=ece_all)


def format_metrics(metrics: dict, title: str = "") -> str:
    """Plain-text report: per-label table, micro/macro F1, first-label accuracy, confusion of first labels."""
    lines = [title] if title else []
    lines.append(
        f"items {metrics['items']}  first-label accuracy {metrics['first_label_accuracy']}  "
        f"micro-F1 {metrics['micro_f1']}  macro-F1 {metrics['macro_f1']}"
    )
    lines.append(f"{'label':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
    for lab, m in metrics["per_label"].items():
        lines.append(f"{lab:<16}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}{m['support']:>9}")
    confusion = {tuple(k.split("|")): n for k, n in metrics["confusion"].items()}
    labels = sorted({g for g, _ in confusion} | {p for _, p in confusion})
    if labels:
        lines += ["", "first labels: gold (rows) × predicted (columns)", f"{'':<16}" + "".join(f"{lab[:5]:>6}" for lab in labels)]
        for g in labels:
            lines.append(f"{g:<16}" + "".join(f"{confusion.get((g, p), 0) or '.':>6}" for p in labels))
    return "\n".join(lines)
