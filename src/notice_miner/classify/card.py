"""The model card: the README.md written beside a trained model."""

from __future__ import annotations

PROTOCOL = """## Evaluation protocol

- **Chosen on its own training data only.** C and the threshold for further labels are chosen on
  held-out folds of the training data (the project's composed measures and `corpus/` gold notices),
  each fold keeping a notice or a source file of measures whole (table above). No score on the shared
  corpus or on the real set takes part in any choice. `corpus/` is training data: labels measured
  there are not a measure of the model.
- **The shared real set is a development set**, not a hold-out. `../shared/corpus/real` (69 real page
  beginnings) was read to learn which kinds of measures the model mislabels (and the parser's rules were
  fixed against it); measures of those kinds were then composed in the project's own words
  (`corpus/training/source/45_*` to `50_*`). No real text is trained on, but its figures are optimistic
  for real pages never looked at: a further set of real pages is scored apart.
- **Figures apart, with their uncertainty.** Label figures on real and on composed notices are reported
  apart, each with its number of notices and items and a 95 % bootstrap interval over notices:
  `python benchmarks/evaluate.py --markdown` prints them for every set (README, "Evaluation protocol")."""

TRUST = (
    "## Trust\n\n"
    "A model folder is trusted input, like code: its manifest decides the taxonomy, the labels and the "
    "thresholds. Loading it runs nothing (the arrays load with `allow_pickle=False`), and `arrays_sha256` and "
    "`manifest_sha256` detect corruption (a truncated or damaged file), not tampering: whoever can edit the "
    "folder can recompute them, and the `model_id` would not change. Use model folders only from sources you "
    "trust. Whatever a model says, notice-miner emits only label ids that match `^[a-z][a-z0-9_]*$` and belong "
    "to the model's taxonomy, at most 3 an item (the JSON Schema says so too); a model asking for more is "
    "refused when it loads."
)


def model_card(manifest: dict, extra: str = "") -> str:
    t, h, v = manifest["training"], manifest.get("held_out") or {}, manifest["versions"]
    lines = [
        f"# Measure classifier `{manifest['model_id']}`",
        "",
        "One-vs-rest logistic regression over TF-IDF features, calibrated with a sigmoid fitted on "
        "held-out folds, exported to plain arrays (`arrays.npz`, no pickle) and `manifest.json`. "
        "Prediction uses numpy only.",
        "",
        "## Made by",
        "",
        f"```\n{t.get('command') or '(Python API)'}\n```",
        "",
        f"Seed {t['seed']}; training data sha256 `{t['data_sha256'][:16]}…`; taxonomy sha256 "
        f"`{manifest['taxonomy_sha256'][:16]}…`. Versions: notice-miner {v['notice_miner']}, "
        f"scikit-learn {v['scikit_learn']}, numpy {v['numpy']}, Python {v['python']}.",
        "",
        "## Training data",
        "",
        f"{t['examples']} labelled measures from: " + ", ".join(f"`{s}`" for s in t["sources"]),
        "",
        "| label | examples with the label | as first label |",
        "|---|---:|---:|",
    ]
    lines += [f"| {lab} | {n} | {t['first_labels'].get(lab, 0)} |" for lab, n in t["labels"].items()]
    lines += ["", f"Sizes: {t['examples']} measures, {manifest['features'].get('vocabulary', '?')} features × {len(t['labels'])} labels.", ""]
    if h:
        lines += [
            f"## Held-out ({h['folds']}-fold cross-validation on the training data)",
            "",
            *_selection(h),
            f"First-label accuracy {h['first_label_accuracy']}, micro-F1 {h['micro_f1']}, macro-F1 {h['macro_f1']}; "
            f"further labels are given above a score of {h['threshold']} (chosen for micro-F1 on these folds).",
            "",
            *(
                [
                    f"The cue-word rules alone (`RulesClassifier`) on the same measures: first-label accuracy "
                    f"{h['rules_baseline']['first_label_accuracy']}, micro-F1 {h['rules_baseline']['micro_f1']}, "
                    f"macro-F1 {h['rules_baseline']['macro_f1']}.",
                    "",
                ]
                if "rules_baseline" in h
                else []
            ),
            "| label | precision | recall | F1 | support |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [f"| {lab} | {m['precision']} | {m['recall']} | {m['f1']} | {m['support']} |" for lab, m in h["per_label"].items()]
        lines += [
            "",
            "### Reliability of the scores of emitted labels",
            "",
            f"Expected calibration error {h['ece_emitted']} over emitted labels, {h['ece_all_pairs']} over all (measure, label) pairs.",
            "",
            "| score | labels | mean score | share correct |",
            "|---|---:|---:|---:|",
        ]
        lines += [f"| {r['range']} | {r['count']} | {r['mean_score']} | {r['correct']} |" for r in h["reliability"]]
    if extra:
        lines += ["", extra.rstrip()]
    lines += ["", TRUST, "", PROTOCOL]  # every card ends with trust, and how its figures are chosen and reported
    return "\n".join(lines).rstrip() + "\n"


def _selection(held_out: dict) -> list[str]:
    """How C was chosen, with the figures of every C tried (absent from models trained with a fixed C)."""
    tried = held_out.get("selection")
    if not tried:
        return []
    lines = [
        f"Folds keep each {held_out.get('grouped_by', 'group')} whole. C = {held_out['C']} was chosen among "
        f"{', '.join(tried)} by the mean of first-label accuracy and macro-F1 on these folds (the smaller C on "
        "a tie); no notice of the shared corpus or the real development set takes part.",
        "",
        "| C | first-label accuracy | micro-F1 | macro-F1 | threshold |",
        "|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {c} | {m['first_label_accuracy']} | {m['micro_f1']} | {m['macro_f1']} | {m['threshold']} |" for c, m in tried.items()]
    return lines + [""]
