"""Precision and recall of each rectification-quality check on the composed gold set.

    python benchmarks/check_gold.py [GOLD_DIR]      (default: tests/fixtures/checks_gold)

Each NAME.txt there has NAME.checks.json: per check what a reviewer finds in it, by quotes of the text
(coverage: the problem statement; measure checks: a piece of the measure; arithmetic: a figure of the
finding), `elements` as quote + missing elements, `hedging` as whether the notice is dense plus the
stock-only measures, `timing` as late / early / missing / null, `disclosure` as the items not given.
A finding matches an expected one when one of its spans overlaps the quote (each expected one matched
once); elements are counted per (measure, element), timing per notice, disclosure per (notice, item).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import notice_miner  # noqa: E402
from notice_miner.model import CHECK_IDS, Notice  # noqa: E402

DEFAULT_GOLD = ROOT / "tests" / "fixtures" / "checks_gold"
QUOTED = ("coverage", "unsupported_completion", "arithmetic", "paper_only", "restated_problem")


def _where(text: str, quote: str) -> tuple[int, int]:
    at = text.find(quote)
    if at < 0:
        raise ValueError(f"gold quote not in the text: {quote!r}")
    return at, at + len(quote)


def _overlaps(spans, span) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


def _matched(predicted: list[list], expected: list[tuple[int, int]]) -> int:
    """How many predicted findings (their spans) match an expected quote, each quote matched once."""
    free, hits = list(expected), 0
    for spans in predicted:
        match = next((e for e in free if _overlaps(spans, e)), None)
        if match is not None:
            free.remove(match)
            hits += 1
    return hits


def tally(notice: Notice, gold: dict, counts: dict[str, Counter]) -> None:
    """Add the notice's true positives, predictions and expectations per check to `counts`."""
    text, findings = notice.text, notice.checks.findings
    for check in QUOTED:
        predicted = [f.spans for f in findings if f.check == check]
        expected = [_where(text, q) for q in gold[check]]
        counts[check].update(tp=_matched(predicted, expected), predicted=len(predicted), expected=len(expected))
    _tally_elements(notice, gold, counts["elements"])
    _tally_hedging(notice, gold, counts["hedging"])
    timing = next((f for f in findings if f.check == "timing"), None)
    kind = None if timing is None else ("missing" if not timing.figures else
                                        "early" if timing.severity == "error" else "late")
    counts["timing"].update(tp=int(kind is not None and kind == gold["timing"]), predicted=int(kind is not None),
                            expected=int(gold["timing"] is not None))
    absent = {name for name, given in notice.checks.summary.disclosed.items() if not given}
    counts["disclosure"].update(tp=len(absent & set(gold["disclosure"])), predicted=len(absent),
                                expected=len(gold["disclosure"]))


def _tally_elements(notice: Notice, gold: dict, counts: Counter) -> None:
    for element in ("responsible", "deadline", "target"):
        predicted = [f.spans for f in notice.checks.findings if f.check == "elements" and element in (f.missing or [])]
        expected = [_where(notice.text, e["quote"]) for e in gold["elements"] if element in e["missing"]]
        counts.update(tp=_matched(predicted, expected), predicted=len(predicted), expected=len(expected))


def _tally_hedging(notice: Notice, gold: dict, counts: Counter) -> None:
    hedging = [f for f in notice.checks.findings if f.check == "hedging"]
    dense = any(f.item is None for f in hedging)
    counts.update(tp=int(dense and gold["hedging"]["dense"]), predicted=int(dense), expected=int(gold["hedging"]["dense"]))
    predicted = [f.spans for f in hedging if f.item is not None]
    expected = [_where(notice.text, q) for q in gold["hedging"]["stock_only"]]
    counts.update(tp=_matched(predicted, expected), predicted=len(predicted), expected=len(expected))


def evaluate(gold_dir: Path = DEFAULT_GOLD) -> dict[str, dict[str, float]]:
    """Per check: tp, predicted, expected, precision, recall over every notice of the gold folder."""
    counts: dict[str, Counter] = {check: Counter() for check in CHECK_IDS}
    for path in sorted(gold_dir.glob("*.checks.json")):
        notice = notice_miner.parse(path.with_name(path.name.replace(".checks.json", ".txt")), classifier=None)
        tally(notice, json.loads(path.read_text(encoding="utf-8")), counts)
    return {check: {**c, "precision": c["tp"] / c["predicted"] if c["predicted"] else 1.0,
                    "recall": c["tp"] / c["expected"] if c["expected"] else 1.0} for check, c in counts.items()}


def main() -> None:
    gold_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GOLD
    results = evaluate(gold_dir)
    print(f"| check | expected | found | correct | precision | recall |   ({gold_dir})")
    print("|---|---|---|---|---|---|")
    for check, r in results.items():
        print(f"| {check} | {r['expected']} | {r['predicted']} | {r['tp']} | {r['precision']:.2f} | {r['recall']:.2f} |")


if __name__ == "__main__":
    main()
