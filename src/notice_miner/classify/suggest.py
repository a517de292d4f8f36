"""Active learning: the measures the model is least sure about, as rows to annotate."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from notice_miner.classify.features import notice_examples
from notice_miner.classify.model import LinearClassifier, softmax
from notice_miner.model import Notice


def uncertainty_margin(probs: np.ndarray, first: np.ndarray, threshold: float) -> float:
    """How sure the model is, in [0, 1] (0 = unsure): the smaller of the gap between the two likeliest
    first labels and the closest any label's score comes to the threshold for emitting it.
    (The gap between the two best scores alone would flag measures that surely have two labels.)"""
    top = np.sort(softmax(first))[::-1]
    first_gap = float(top[0] - top[1]) if len(top) > 1 else 1.0
    scale = max(threshold, 1.0 - threshold)
    return min(first_gap, float(np.min(np.abs(probs - threshold))) / scale)


def least_sure(notices: Iterable[Notice], classifier: LinearClassifier, n: int = 50) -> list[dict]:
    """The `n` measures the model is least sure about (`uncertainty_margin`), as annotation rows
    with the current labels and an empty `labels` to fill."""
    rows = []
    for notice in notices:
        examples = notice_examples(notice)
        if not examples:
            continue
        probs_all, firsts = classifier.decide(examples)
        for item, ex, probs, first in zip(notice.items, examples, probs_all, firsts):
            rows.append(
                {
                    "text": item.text,
                    "problem": item.problem,
                    "section": " > ".join(ex.sections),
                    "notice": notice.source.name,
                    "item": item.id,
                    "current": [lab.model_dump() for lab in classifier.rank(probs, first, item.text)],
                    "margin": round(uncertainty_margin(probs, first, classifier.threshold), 4),
                    "labels": [],
                }
            )
    rows.sort(key=lambda r: (r["margin"], r["notice"], r["item"]))
    return rows[:n]
