"""Classifier figures held out by whole notice: the project's gold notices in groups of three
(c01–c03, c04–c06, …); each group's items are scored by a model trained on everything else
(the other notices and corpus/training), against the cue-word rules on the same items.
Random folds over measures overstate accuracy on unseen notices; this is the honest figure.

usage: python benchmarks/eval_by_notice.py [CORPUS_DIR]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from notice_miner import classify
from notice_miner.classify.evaluate import label_metrics
from notice_miner.classify.train import train_model
from notice_miner.cli import _parsed_or_none

GROUP_SIZE = 3


def _group(example) -> int:
    m = re.match(r"c(\d\d)_", example.source)
    return (int(m.group(1)) - 1) // GROUP_SIZE if m else -1


def main(corpus: Path) -> None:
    examples = classify.read_examples([corpus], context=_parsed_or_none)
    groups = sorted({_group(e) for e in examples} - {-1})
    rules = classify.RulesClassifier(classify.default_taxonomy())
    c = classify.default_classifier().manifest["estimator"]["C"]  # the shipped model's, chosen on its own folds
    pairs, rule_pairs, per_group = [], [], []
    for g in groups:
        train = [e for e in examples if _group(e) != g]
        test = [e for e in examples if _group(e) == g]
        model = train_model(train, seed=0, c=c, cross_validate=False).classifier
        got = [(list(e.labels), [lab.label for lab in p]) for e, p in zip(test, model.predict(test))]
        pairs += got
        per_group.append(label_metrics(got)["first_label_accuracy"])
        rule_pairs += [(list(e.labels), [lab.label for lab in p]) for e, p in zip(test, rules.predict(test))]
    m, r = label_metrics(pairs), label_metrics(rule_pairs)
    print(f"examples {len(examples)}; held-out items {m['items']} in {len(groups)} groups of notices")
    print(f"model: first-label {m['first_label_accuracy']}  micro-F1 {m['micro_f1']}  macro-F1 {m['macro_f1']}"
          f"  per group {per_group}")
    print(f"rules: first-label {r['first_label_accuracy']}  micro-F1 {r['micro_f1']}  macro-F1 {r['macro_f1']}")
    for label, v in m["per_label"].items():
        print(f"  {label:16s} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f} n {v['support']}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "corpus")
