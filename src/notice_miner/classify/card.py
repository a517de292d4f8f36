"""The model card: the README.md written beside a trained model."""
from __future__ import annotations


# every card ends with how the model's figures are reported (the README's evaluation protocol)
REPORTING = (
    "## How its figures are reported\n\n"
    "Label figures on real and on composed notices are reported apart, each with its number of notices and of "
    "items judged and a 95 % bootstrap interval over notices: `python benchmarks/evaluate.py` prints them for "
    "every set (README, \"Evaluation protocol\"). `../shared/corpus/real` is a development set (the parser's "
    "rules were fixed against it), not a hold-out; the project's `corpus/` is this model's training data, so "
    "labels measured there are not a measure of it.")

TRUST = (
    "## Trust\n\n"
    "A model folder is trusted input, like code: its manifest decides the taxonomy, the labels and the "
    "thresholds. Loading it runs nothing (the arrays load with `allow_pickle=False`), and `arrays_sha256` and "
    "`manifest_sha256` detect corruption (a truncated or damaged file), not tampering: whoever can edit the "
    "folder can recompute them, and the `model_id` would not change. Use model folders only from sources you "
    "trust. Whatever a model says, notice-miner emits only label ids that match `^[a-z][a-z0-9_]*$` and belong "
    "to the model's taxonomy, at most 3 an item (the JSON Schema says so too); a model asking for more is "
    "refused when it loads.")


def model_card(manifest: dict, extra: str = "") -> str:
    t, h, v = manifest["training"], manifest.get("held_out") or {}, manifest["versions"]
    lines = [f"# Measure classifier `{manifest['model_id']}`", "",
             "One-vs-rest logistic regression over TF-IDF features, calibrated with a sigmoid fitted on "
             "held-out folds, exported to plain arrays (`arrays.npz`, no pickle) and `manifest.json`. "
             "Prediction uses numpy only.", "",
             "## Made by", "", f"```\n{t.get('command') or '(Python API)'}\n```", "",
             f"Seed {t['seed']}; training data sha256 `{t['data_sha256'][:16]}…`; taxonomy sha256 "
             f"`{manifest['taxonomy_sha256'][:16]}…`. Versions: notice-miner {v['notice_miner']}, "
             f"scikit-learn {v['scikit_learn']}, numpy {v['numpy']}, Python {v['python']}.", "",
             "## Training data", "", f"{t['examples']} labelled measures from: " + ", ".join(f"`{s}`" for s in t["sources"]), "",
             "| label | examples with the label | as first label |", "|---|---:|---:|"]
    lines += [f"| {lab} | {n} | {t['first_labels'].get(lab, 0)} |" for lab, n in t["labels"].items()]
    lines += ["", f"Sizes: {t['examples']} measures, {manifest['features'].get('vocabulary', '?')} features "
              f"× {len(t['labels'])} labels.", ""]
    if h:
        lines += [f"## Held-out ({h['folds']}-fold cross-validation on the training data)", "",
                  f"First-label accuracy {h['first_label_accuracy']}, micro-F1 {h['micro_f1']}, macro-F1 {h['macro_f1']}; "
                  f"further labels are given above a score of {h['threshold']} (chosen for micro-F1 on these folds).", "",
                  *([f"The cue-word rules alone (`RulesClassifier`) on the same measures: first-label accuracy "
                     f"{h['rules_baseline']['first_label_accuracy']}, micro-F1 {h['rules_baseline']['micro_f1']}, "
                     f"macro-F1 {h['rules_baseline']['macro_f1']}.", ""] if "rules_baseline" in h else []),
                  "| label | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {lab} | {m['precision']} | {m['recall']} | {m['f1']} | {m['support']} |" for lab, m in h["per_label"].items()]
        lines += ["", "### Reliability of the scores of emitted labels", "",
                  f"Expected calibration error {h['ece_emitted']} over emitted labels, "
                  f"{h['ece_all_pairs']} over all (measure, label) pairs.", "",
                  "| score | labels | mean score | share correct |", "|---|---:|---:|---:|"]
        lines += [f"| {r['range']} | {r['count']} | {r['mean_score']} | {r['correct']} |" for r in h["reliability"]]
    if extra:
        lines += ["", extra.rstrip()]
    lines += ["", TRUST, "", REPORTING]
    return "\n".join(lines).rstrip() + "\n"
