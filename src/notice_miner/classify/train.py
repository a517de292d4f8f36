"""Training the measure classifier with scikit-learn and exporting it to plain arrays.

TF-IDF over the term counts of `features.read_terms` (the vocabulary: terms of at least two training
measures), one-vs-rest logistic regression calibrated with a
sigmoid on held-out folds, and a multinomial model of the first label; exported to the arrays
`model.LinearClassifier` predicts from. Deterministic for the same data and seed.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sklearn
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline

from notice_miner.classify.card import model_card
from notice_miner.classify.evaluate import evaluate_examples, held_out_report, label_metrics, predicted_labels
from notice_miner.classify.features import CHAR_NGRAMS, Example, Featurizer, Terms, read_terms, vocabulary
from notice_miner.classify.model import FORMAT_VERSION, MAX_LABELS, MODEL_FORMAT, LinearClassifier, RulesClassifier, load_classifier, save_model
from notice_miner.classify.taxonomy import Taxonomy, default_taxonomy
from notice_miner.errors import ModelError
from notice_miner.model import VERSION

FEATURES_VERSION = 2  # 2: features read the text as layout.View reads it (mirror-site script as simplified)
THRESHOLDS = np.round(np.arange(0.20, 0.91, 0.05), 2)  # tried for further labels
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)  # inverse regularisation strengths tried on held-out folds


MIN_DF = 2  # a term of the vocabulary occurs in this many training measures at least


def _estimator(seed: int, folds: int, c: float) -> Pipeline:
    # liblinear's dual solver: the same L2 objective as the primal one, ~20x faster with far more
    # features than measures, which makes trying several C on held-out folds affordable
    base = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000, random_state=seed)
    calibrated = CalibratedClassifierCV(base, method="sigmoid", ensemble=False, cv=StratifiedKFold(folds, shuffle=True, random_state=seed))
    return Pipeline(
        [
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
            ("ovr", OneVsRestClassifier(calibrated)),
        ]
    )


@dataclass
class SklearnModel:
    """The fitted scikit-learn estimators the arrays are exported from, and the featurizer of their vocabulary."""

    featurizer: Featurizer
    pipeline: Pipeline  # TfidfTransformer → OneVsRest(CalibratedClassifierCV(LogisticRegression))
    first: LogisticRegression  # multinomial, of the first label, on the same TF-IDF
    n_labels: int

    def counts(self, terms: Terms) -> sparse.csr_matrix:
        rows, columns, counts = self.featurizer.count(terms)
        return sparse.csr_matrix((counts.astype(np.float64), (rows, columns)), shape=(len(terms), len(self.featurizer.vocabulary)))

    def decide(self, terms: Terms) -> tuple[np.ndarray, np.ndarray]:
        X = self.counts(terms)
        probs = self.pipeline.predict_proba(X)
        decision = self.first.decision_function(self.pipeline.named_steps["tfidf"].transform(X))
        first = np.full((len(terms), self.n_labels), -1e9)
        first[:, self.first.classes_] = decision
        return probs, first


def _fit(terms: Terms, Y: np.ndarray, first: np.ndarray, taxonomy: Taxonomy, seed: int, folds: int, c: float) -> SklearnModel:
    model = SklearnModel(
        Featurizer(taxonomy, vocabulary(terms, MIN_DF)),
        _estimator(seed, folds, c),
        LogisticRegression(C=c, class_weight="balanced", max_iter=5000),
        Y.shape[1],
    )
    X = model.counts(terms)
    model.pipeline.fit(X, Y)
    model.first.fit(model.pipeline.named_steps["tfidf"].transform(X), first)
    return model


def _export(model: SklearnModel) -> dict[str, np.ndarray]:
    tfidf, ovr = model.pipeline.named_steps["tfidf"], model.pipeline.named_steps["ovr"]
    coef, intercept, calib_a, calib_b = [], [], [], []
    for est in ovr.estimators_:
        (cal,) = est.calibrated_classifiers_
        coef.append(cal.estimator.coef_[0])
        intercept.append(cal.estimator.intercept_[0])
        calib_a.append(cal.calibrators[0].a_)
        calib_b.append(cal.calibrators[0].b_)
    vocab_size = len(tfidf.idf_)
    first_coef = np.zeros((model.n_labels, vocab_size))
    first_intercept = np.full(model.n_labels, -1e9)  # labels never first in training are never put first
    classes = model.first.classes_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: decision > 0 means classes[1]
        first_coef[classes[1]], first_intercept[classes[1]] = model.first.coef_[0], model.first.intercept_[0]
        first_coef[classes[0]], first_intercept[classes[0]] = 0.0, 0.0
    else:
        first_coef[classes], first_intercept[classes] = model.first.coef_, model.first.intercept_
    return {
        "vocabulary": np.asarray(model.featurizer.vocabulary, dtype=str),
        "idf": tfidf.idf_.astype(np.float64),
        "coef": np.asarray(coef, dtype=np.float64),
        "intercept": np.asarray(intercept, dtype=np.float64),
        "calib_a": np.asarray(calib_a, dtype=np.float64),
        "calib_b": np.asarray(calib_b, dtype=np.float64),
        "first_coef": first_coef,
        "first_intercept": first_intercept,
    }


def _check_labels(examples: Sequence[Example], taxonomy: Taxonomy, folds: int) -> None:
    known = set(taxonomy.ids)
    for ex in examples:
        unknown = [lab for lab in ex.labels if lab not in known]
        if unknown:
            raise ModelError(f"{ex.source}: labels not in the taxonomy ({taxonomy.source}): {', '.join(unknown)}")
    counts = Counter(lab for ex in examples for lab in ex.labels)
    few = [f"{lab} ({counts[lab]})" for lab in taxonomy.ids if counts[lab] < folds]
    if few:
        raise ModelError(f"every label needs at least {folds} training examples; too few: {', '.join(few)}")


def _data_sha256(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for ex in examples:
        h.update(json.dumps([ex.text, ex.labels, ex.problem, ex.sections], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def choose_threshold(probs: np.ndarray, firsts: np.ndarray, leads: list[list[int]], examples: Sequence[Example], labels: list[str]) -> float:
    """The threshold for second and third labels that maximises micro-F1 on held-out scores."""
    gold = [list(ex.labels) for ex in examples]
    scores = [label_metrics(list(zip(gold, predicted_labels(probs, firsts, leads, labels, float(t), MAX_LABELS))))["micro_f1"] for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(scores))])  # the lowest of equal best


@dataclass
class TrainResult:
    classifier: LinearClassifier
    estimator: SklearnModel
    report: dict = field(default_factory=dict)


def held_out_folds(examples: Sequence[Example], folds: int, seed: int) -> list[np.ndarray]:
    """Test indices of `folds` folds that keep each group (a notice, a source file) whole: a model is
    measured on measures of notices and files it never saw. Groups go to folds in a seeded random
    order, largest first, each to the fold with the fewest measures so far."""
    groups: dict[str, list[int]] = {}
    for i, ex in enumerate(examples):
        groups.setdefault(ex.group or f"#{i}", []).append(i)
    order = np.random.default_rng(seed).permutation(sorted(groups))
    fold_of: list[list[int]] = [[] for _ in range(folds)]
    for name in sorted(order, key=lambda g: -len(groups[g])):  # stable: equal sizes keep the seeded order
        min(fold_of, key=len).extend(groups[name])
    return [np.array(sorted(f)) for f in fold_of]


def _fold_scores(
    terms: Terms, Y: np.ndarray, first: np.ndarray, test_idx: np.ndarray, taxonomy: Taxonomy, seed: int, folds: int, c: float
) -> tuple[np.ndarray, np.ndarray]:
    """Scores of the measures `test_idx` by a model fitted on all the others."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # small folds: scikit-learn warns about thin classes
        train_idx = np.setdiff1d(np.arange(len(terms)), test_idx)
        model = _fit(terms.subset(train_idx), Y[train_idx], first[train_idx], taxonomy, seed, folds, c)
        return model.decide(terms.subset(test_idx))


def _selection_score(metrics: dict) -> float:
    """What C is chosen by: the mean of first-label accuracy and macro-F1 on held-out folds."""
    return (metrics["first_label_accuracy"] + metrics["macro_f1"]) / 2


def train_model(
    examples: Sequence[Example],
    *,
    taxonomy: Taxonomy | None = None,
    seed: int = 0,
    folds: int = 5,
    c: float | None = None,
    cross_validate: bool = True,
    command: str = "",
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> TrainResult:
    """Fit the model on `examples`. With `cross_validate`, measure it on held-out folds of `examples`
    (`held_out_folds`), choose there the threshold for further labels and, when `c` is None, the C of
    `C_GRID` with the best `_selection_score` (the smaller C on a tie). Without it, `c` or 30.

    The held-out fits run in `jobs` processes (the model is the same for any number); `progress(done,
    total)` is called after each fit."""
    taxonomy = taxonomy or default_taxonomy()
    _check_labels(examples, taxonomy, folds)
    terms = read_terms(examples, taxonomy)
    Y = np.array([[lab in ex.labels for lab in taxonomy.ids] for ex in examples], dtype=np.int64)
    first = np.array([taxonomy.ids.index(ex.labels[0]) for ex in examples])
    if len(set(first.tolist())) < 2:
        raise ModelError("at least two different labels must come first in the training data")
    tests = held_out_folds(examples, folds, seed) if cross_validate else []
    candidates = (C_GRID if c is None else (c,)) if cross_validate else ()
    total = len(candidates) * len(tests) + 1  # the held-out fits and the final one
    tick = progress or (lambda done, total: None)
    tick(0, total)
    report: dict = {}
    threshold = 0.5
    if cross_validate:
        held_out = _held_out_scores(terms, Y, first, tests, candidates, taxonomy, seed, jobs, lambda done: tick(done, total))
        report = _chosen_on_held_out(held_out, examples, taxonomy, folds)
        c, threshold = report["C"], report["threshold"]
    c = 30.0 if c is None else c
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = _fit(terms, Y, first, taxonomy, seed, folds, c)
    tick(total, total)
    arrays = _export(model)
    manifest = _manifest(examples, taxonomy, arrays, threshold, report, seed=seed, folds=folds, c=c, command=command)
    clf = LinearClassifier(dict(manifest, format=MODEL_FORMAT, format_version=FORMAT_VERSION), arrays)
    return TrainResult(clf, model, report)


def _held_out_scores(
    terms: Terms,
    Y: np.ndarray,
    first: np.ndarray,
    tests: list[np.ndarray],
    candidates: Sequence[float],
    taxonomy: Taxonomy,
    seed: int,
    jobs: int,
    done: Callable[[int], None],
) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """C → (probabilities, first-label decisions) of every measure by the model that did not see its
    fold; the fits run in `jobs` processes, `done(n)` after each."""
    fits = [(cand, test_idx) for cand in candidates for test_idx in tests]
    scores = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(_fold_scores)(terms, Y, first, test_idx, taxonomy, seed, len(tests), cand) for cand, test_idx in fits
    )
    held_out = {cand: (np.zeros(Y.shape), np.zeros(Y.shape)) for cand in candidates}
    for n, ((cand, test_idx), (probs, firsts)) in enumerate(zip(fits, scores), 1):
        held_out[cand][0][test_idx], held_out[cand][1][test_idx] = probs, firsts
        done(n)
    return held_out


def _chosen_on_held_out(held_out: dict[float, tuple[np.ndarray, np.ndarray]], examples: Sequence[Example], taxonomy: Taxonomy, folds: int) -> dict:
    """The report of the C with the best `_selection_score` (the smaller on a tie), its threshold chosen
    on the same held-out scores, what each C gave, and the cue-word rules' figures beside it."""
    leads = [taxonomy.lead_labels(ex.text) for ex in examples]
    tried: dict[float, dict] = {}
    for cand, (probs, firsts) in held_out.items():
        t = choose_threshold(probs, firsts, leads, examples, taxonomy.ids)
        tried[cand] = held_out_report(probs, firsts, leads, examples, taxonomy.ids, t, MAX_LABELS)
    c = max(tried, key=lambda k: (_selection_score(tried[k]), -k))
    report = dict(
        tried[c],
        folds=folds,
        grouped_by="notice or source file",
        C=c,
        selection={str(k): {m: r[m] for m in ("first_label_accuracy", "micro_f1", "macro_f1", "threshold")} for k, r in tried.items()},
    )
    rules = evaluate_examples(RulesClassifier(taxonomy), examples)
    report["rules_baseline"] = {k: rules[k] for k in ("first_label_accuracy", "micro_f1", "macro_f1")}
    return report


WEIGHT_DECIMALS = 6  # the model id reads the weights to this many decimals: float noise of BLAS and CPUs stays below


def model_id(decided: dict, arrays: dict[str, np.ndarray]) -> str:
    """The id of a trained model: sha256 of what training decided (data, taxonomy, options, chosen C and
    threshold) and of its arrays, the weights rounded to WEIGHT_DECIMALS, so the same data and seed give
    the same id on any machine."""
    h = hashlib.sha256(json.dumps(decided, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    for name in sorted(arrays):
        a = arrays[name]
        if a.dtype.kind == "f":
            a = np.round(a, WEIGHT_DECIMALS) + 0.0  # + 0.0: -0.0 reads as 0.0
        h.update(f"{name}|{a.dtype.str}|{a.shape}\n".encode())
        h.update(np.ascontiguousarray(a).tobytes())
    return f"nm-clf-{h.hexdigest()[:12]}"


def _manifest(
    examples: Sequence[Example],
    taxonomy: Taxonomy,
    arrays: dict[str, np.ndarray],
    threshold: float,
    report: dict,
    *,
    seed: int,
    folds: int,
    c: float,
    command: str,
) -> dict:
    counts = Counter(lab for ex in examples for lab in ex.labels)
    first_counts = Counter(ex.labels[0] for ex in examples)
    return {
        "model_id": model_id(
            {
                "data_sha256": _data_sha256(examples),
                "taxonomy_sha256": taxonomy.fingerprint,
                "features": FEATURES_VERSION,
                "min_df": MIN_DF,
                "seed": seed,
                "folds": folds,
                "C": c,
                "threshold": threshold,
                "max_labels": MAX_LABELS,
            },
            arrays,
        ),
        "taxonomy_sha256": taxonomy.fingerprint,
        "taxonomy": taxonomy.to_dict(),
        "threshold": threshold,
        "max_labels": MAX_LABELS,
        "features": {
            "version": FEATURES_VERSION,
            "char_ngrams": list(CHAR_NGRAMS),
            "words": "notice_miner.enrich.segment (rjieba + data/userdict.txt)",
            "context": ["problem", "section titles"],
            "rules": "cue hits per label",
            "tfidf": f"sublinear tf, smooth idf, l2, min_df={MIN_DF}",
            "vocabulary": int(arrays["vocabulary"].shape[0]),
        },
        "estimator": {
            "scores": "one-vs-rest logistic regression (liblinear, balanced classes), sigmoid "
            f"calibration on {folds} held-out folds (CalibratedClassifierCV, ensemble=False)",
            "first_label": "multinomial logistic regression (lbfgs, balanced classes)",
            "C": c,
        },
        "training": {
            "examples": len(examples),
            "labels": {lab: counts[lab] for lab in taxonomy.ids},
            "first_labels": {lab: first_counts[lab] for lab in taxonomy.ids},
            "sources": sorted({re.split(r"[#:]", ex.source)[0] for ex in examples}),
            "data_sha256": _data_sha256(examples),
            "seed": seed,
            "command": command,
        },
        "held_out": report,
        "versions": {"notice_miner": VERSION, "scikit_learn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()},
    }


def save(result: TrainResult, model_dir: str | Path) -> LinearClassifier:
    """Write the trained model and its card (README.md) to `model_dir`; return it as loaded from there."""
    from notice_miner.fileio import write_atomic

    manifest = {k: v for k, v in result.classifier.manifest.items() if k not in {"format", "format_version"}}
    save_model(model_dir, manifest, result.classifier.arrays)
    clf = load_classifier(model_dir)
    write_atomic(Path(model_dir) / "README.md", model_card(clf.manifest))
    return clf
