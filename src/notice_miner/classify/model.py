"""Predictors (the `model.Classifier` protocol): the cue-word rules and the trained linear model.

The trained model is plain arrays (`arrays.npz`, loaded with allow_pickle=False) and a JSON
manifest, both hashed; it predicts with numpy only, so `parse` never imports scikit-learn.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from notice_miner.classify.features import Example, Featurizer, clean, notice_examples, read_terms
from notice_miner.classify.taxonomy import Taxonomy, default_taxonomy, load_taxonomy, taxonomy_from_dict
from notice_miner.errors import ModelError
from notice_miner.model import MAX_LABELS, Label, Notice

DEFAULT_MODEL_DIR = Path(str(resources.files("notice_miner.models")))  # models/, installed as package data
# Composed measures of every label (from corpus/training) on which a model's predictions are fingerprinted.
PROBE_MEASURES = Path(__file__).parents[1] / "data" / "probe_measures.jsonl"
MANIFEST = "manifest.json"
ARRAYS = "arrays.npz"
MODEL_FORMAT = "notice-miner-classifier"
FORMAT_VERSION = 1
ARRAY_NAMES = ("vocabulary", "idf", "coef", "intercept", "calib_a", "calib_b", "first_coef", "first_intercept")
# A model's arrays may take this much memory at most (the shipped model takes about 6 MB): a model
# folder whose arrays would inflate further is refused before anything is decompressed.
MAX_ARRAY_BYTES = 256 * 1024 * 1024
# Items decided at once: the weight rows of a batch's terms stay a few MB whatever the notice's length.
_BATCH = 256


Measures = Sequence[Example | str]  # what predict takes: examples, or plain measure texts


def as_examples(measures: Measures) -> list[Example]:
    """Plain strings as examples without context (no problem, no section); examples as they are."""
    if isinstance(measures, str):
        raise TypeError("predict takes a list of measures; wrap one text in a list: predict([text])")
    return [Example(text=m) if isinstance(m, str) else m for m in measures]


class RulesClassifier:
    """The cue-word baseline: labels ranked by cue hits; no hit gives the taxonomy's fallback label."""

    def __init__(self, taxonomy: Taxonomy | None = None, *, fallback: str | None = None):
        self.taxonomy = taxonomy or default_taxonomy()
        ids = self.taxonomy.ids
        self.fallback = fallback or ("core_business" if "core_business" in ids else ids[0])
        self.model_id = f"rules-{self.taxonomy.fingerprint[:12]}"

    def predict(self, examples: Measures) -> list[list[Label]]:
        out = []
        for ex in as_examples(examples):
            counts = self.taxonomy.cue_counts(clean(ex.text))
            ranked = sorted((c, -i, lab) for i, (lab, c) in enumerate(zip(self.taxonomy.ids, counts)) if c)
            ranked.reverse()
            labels = [Label(label=lab, score=round(c / (c + 1), 4)) for c, _, lab in ranked[:MAX_LABELS]]
            out.append(labels or [Label(label=self.fallback, score=0.0)])
        return out

    def label(self, notice: Notice) -> list[list[Label]]:
        return self.predict(notice_examples(notice))


class LinearClassifier:
    """The trained model as plain arrays; predicts with numpy only.

    Two linear models share the TF-IDF features: one calibrated binary model per label gives the
    probability that the label applies (the scores); a multinomial model of the first label
    decides which label comes first ("what kind of act", taxonomy Boundaries).
    """

    def __init__(self, manifest: dict, arrays: dict[str, np.ndarray]):
        self.manifest = manifest
        self.taxonomy = taxonomy_from_dict(manifest["taxonomy"], source=manifest.get("model_id", "model"))
        self.model_id: str = manifest["model_id"]
        self.threshold: float = float(manifest["threshold"])
        self.max_labels: int = int(manifest.get("max_labels", MAX_LABELS))
        if not 1 <= self.max_labels <= MAX_LABELS:
            raise ModelError(f"{self.model_id}: the manifest asks for up to {self.max_labels} labels an item; notice-miner emits 1 to {MAX_LABELS}")
        self.arrays = arrays
        self.featurizer = Featurizer(self.taxonomy, arrays["vocabulary"].tolist())
        # Both weight matrices side by side, one row per term: columns [scores | first label]; stored
        # row by row, since prediction gathers the rows of the terms it meets.
        self._weights = np.ascontiguousarray(np.hstack([arrays["coef"].T, arrays["first_coef"].T]))

    @property
    def labels(self) -> list[str]:
        return self.taxonomy.ids

    @property
    def classes_(self) -> np.ndarray:
        """The label ids in the order of `predict_proba`'s columns (scikit-learn's name)."""
        return np.array(self.labels)

    def predict_proba(self, examples: Measures) -> np.ndarray:
        """The calibrated probability that each label applies, one row per measure, columns `classes_`
        (like scikit-learn's one-vs-rest `predict_proba`: rows need not sum to 1)."""
        examples = as_examples(examples)
        rows = [self.decide(examples[start : start + _BATCH])[0] for start in range(0, len(examples), _BATCH)]
        return np.vstack(rows) if rows else np.zeros((0, len(self.labels)))

    def tfidf(self, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, value) of the examples' l2-normalised sublinear TF-IDF rows, as scikit-learn's
        TfidfTransformer(sublinear_tf=True) makes them from the same counts; rows in order."""
        rows, columns, counts = self.featurizer.count(read_terms(examples, self.taxonomy))
        values = (1.0 + np.log(counts)) * self.arrays["idf"][columns]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(examples)))
        return rows, columns, values / norms[rows]

    def decide(self, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
        """(calibrated probability of each label, first-label decision values); columns in taxonomy order."""
        a, n_labels = self.arrays, len(self.labels)
        rows, columns, values = self.tfidf(examples)
        # each row's sum of weight rows times values; rows without a known term stay 0
        per_row = np.bincount(rows, minlength=len(examples))
        present = per_row > 0
        both = np.zeros((len(examples), 2 * n_labels))
        if present.any():
            starts = np.cumsum(per_row) - per_row
            both[present] = np.add.reduceat(self._weights[columns] * values[:, None], starts[present])
        decision = both[:, :n_labels] + a["intercept"]
        probs = 1.0 / (1.0 + np.exp(a["calib_a"] * decision + a["calib_b"]))
        return probs, both[:, n_labels:] + a["first_intercept"]

    def rank(self, probs: np.ndarray, first: np.ndarray | None = None, text: str = "") -> list[Label]:
        leads = self.taxonomy.lead_labels(text) if text else ()
        return rank_labels(probs, self.labels, self.threshold, self.max_labels, first, leads)

    def predict(self, examples: Measures) -> list[list[Label]]:
        """The labels of each measure (an `Example` or a plain text): the first always, others above the threshold."""
        examples = as_examples(examples)
        out: list[list[Label]] = []
        for start in range(0, len(examples), _BATCH):
            batch = examples[start : start + _BATCH]
            probs, first = self.decide(batch)
            leads = [self.taxonomy.lead_labels(ex.text) for ex in batch]
            out += rank_rows(probs, self.labels, self.threshold, self.max_labels, first, leads)
        return out

    def label(self, notice: Notice) -> list[list[Label]]:
        """Labels of every item: the first label always, further ones above the threshold."""
        return self.predict(notice_examples(notice))


def rank_labels(
    probs: np.ndarray, labels: list[str], threshold: float, max_labels: int = MAX_LABELS, first: np.ndarray | None = None, leads: Sequence[int] = ()
) -> list[Label]:
    """The first label, then others by probability while at or above `threshold`, at most `max_labels`.

    The first label maximises the first-label model's softmax plus the label's probability (on
    held-out folds this beat either alone); without `first`, the best probability comes first.
    A label whose `first_cues` open the measure (`leads`) and that passes the threshold goes first:
    the taxonomy's rule that the kind of act precedes the field.
    """
    return rank_rows(probs[None, :], labels, threshold, max_labels, None if first is None else first[None, :], [leads])[0]


def rank_rows(
    probs: np.ndarray,
    labels: list[str],
    threshold: float,
    max_labels: int = MAX_LABELS,
    first: np.ndarray | None = None,
    leads: Sequence[Sequence[int]] | None = None,
) -> list[list[Label]]:
    """`rank_labels` of every row of `probs` (with the same row of `first` and of `leads`)."""
    key = probs if first is None else softmax(first) + probs
    tops = np.argmax(key, axis=1).tolist()  # ties: the first label
    orders = np.argsort(-probs, axis=1, kind="stable").tolist()  # ties in label order
    out = []
    for row, (p, top, order) in enumerate(zip(probs.tolist(), tops, orders)):
        leading = [j for j in (leads[row] if leads else ()) if p[j] >= threshold]
        if leading and top not in leading:
            top = max(leading, key=lambda j: (p[j], -j))
        rest = [j for j in order if j != top]
        chosen = [top] + [j for j in rest[: max_labels - 1] if p[j] >= threshold]
        out.append([Label(label=labels[j], score=round(p[j], 4)) for j in chosen])
    return out


def softmax(values: np.ndarray) -> np.ndarray:
    """Softmax along the last axis (of each row of a matrix)."""
    e = np.exp(values - values.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def predictions_fingerprint(classifier) -> str:
    """sha256 of what `classifier` predicts (labels and scores, as written in the output) for the
    probe measures: two models with the same fingerprint label alike, whatever their ids."""
    probes = [json.loads(line) for line in PROBE_MEASURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    examples = [Example(p["text"], problem=p.get("problem"), sections=tuple(filter(None, [p.get("section")]))) for p in probes]
    predicted = [[(lab.label, lab.score) for lab in labels] for labels in classifier.predict(examples)]
    return hashlib.sha256(json.dumps(predicted).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- save and load


def arrays_sha256(arrays: dict[str, np.ndarray]) -> str:
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}\n".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _manifest_sha256(manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def save_model(model_dir: str | Path, manifest: dict, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays.npz and manifest.json (with the sha256 of both) into `model_dir`."""
    from notice_miner.fileio import write_atomic

    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    manifest = dict(
        manifest,
        format=MODEL_FORMAT,
        format_version=FORMAT_VERSION,
        arrays={name: {"dtype": a.dtype.str, "shape": list(a.shape)} for name, a in sorted(arrays.items())},
        arrays_sha256=arrays_sha256(arrays),
    )
    manifest["manifest_sha256"] = _manifest_sha256(manifest)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]  # numpy's stub reads the names as its own keywords
    write_atomic(model_dir / ARRAYS, buf.getvalue())
    write_atomic(model_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def load_classifier(model_dir: str | Path | None = None, *, taxonomy: str | Path | Taxonomy | None = None) -> LinearClassifier:
    """Load a model folder (default: the shipped model), checking its hashes and, when a taxonomy is
    given, that the model was trained for it. Raises `ModelError` with a one-line reason."""
    model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    manifest_path, arrays_path = model_dir / MANIFEST, model_dir / ARRAYS
    if not manifest_path.is_file() or not arrays_path.is_file():
        raise ModelError(f"{model_dir}: not a model folder (needs {MANIFEST} and {ARRAYS})")
    manifest = _read_manifest(manifest_path)
    _check_array_sizes(arrays_path, manifest)
    try:
        with np.load(arrays_path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except Exception as err:  # zip, CRC and pickle refusals all mean the same to the user
        raise ModelError(f"{arrays_path}: unreadable model arrays ({type(err).__name__}: {err})") from None
    if set(arrays) != set(ARRAY_NAMES) or arrays_sha256(arrays) != manifest.get("arrays_sha256"):
        raise ModelError(f"{arrays_path}: arrays do not match the manifest's sha256; the model was altered or is incomplete")
    clf = LinearClassifier(manifest, arrays)
    if taxonomy is not None:
        tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
        if tax.fingerprint != clf.taxonomy.fingerprint:
            raise ModelError(
                f"{model_dir}: model was trained for another taxonomy "
                f"({', '.join(clf.labels)}), not {tax.source} ({', '.join(tax.ids)}); "
                "retrain it with `notice-miner train --taxonomy`"
            )
    return clf


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"{path}: unreadable model manifest ({err})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MODEL_FORMAT:
        raise ModelError(f"{path}: not a notice-miner classifier manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model format {manifest.get('format_version')} is not supported "
            f"(this version reads {FORMAT_VERSION}); retrain with `notice-miner train`"
        )
    if manifest.get("manifest_sha256") != _manifest_sha256(manifest):
        raise ModelError(f"{path}: manifest was altered (its sha256 does not match)")
    return manifest


def _check_array_sizes(path: Path, manifest: dict) -> None:
    """Before anything is decompressed: the manifest lists each array with a plain dtype and a shape
    whose total stays within MAX_ARRAY_BYTES, and arrays.npz holds exactly those arrays, each with
    that dtype and shape in its header and no more bytes than they take. Raises `ModelError`."""
    expected = _listed_sizes(path, manifest)
    try:
        with zipfile.ZipFile(path) as zf:
            if sorted(zf.namelist()) != sorted(f"{name}.npy" for name in expected):
                raise ModelError(f"{path}: unreadable model arrays (it holds other arrays than the manifest lists)")
            for name, (dtype, shape, nbytes) in expected.items():
                info = zf.getinfo(f"{name}.npy")
                with zf.open(info) as f:
                    header = _npy_header(f)
                    if header[0] != shape or header[2] != dtype or info.file_size > f.tell() + nbytes:
                        raise ModelError(f"{path}: array {name!r} is not the size the manifest lists")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise ModelError(f"{path}: unreadable model arrays ({type(err).__name__}: {err})") from None


def _listed_sizes(path: Path, manifest: dict) -> dict[str, tuple[np.dtype, tuple[int, ...], int]]:
    """name → (dtype, shape, bytes) of each array the manifest lists."""
    listed = manifest.get("arrays")
    if not isinstance(listed, dict) or set(listed) != set(ARRAY_NAMES):
        raise ModelError(f"{path}: the manifest does not list the model's arrays")
    sizes, total = {}, 0
    for name, spec in listed.items():
        try:
            dtype, shape = np.dtype(spec["dtype"]), tuple(int(n) for n in spec["shape"])
        except (TypeError, KeyError, ValueError) as err:
            raise ModelError(f"{path}: the manifest lists array {name!r} wrongly ({err})") from None
        if dtype.hasobject or any(n < 0 for n in shape):
            raise ModelError(f"{path}: the manifest lists array {name!r} wrongly")
        nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
        sizes[name], total = (dtype, shape, nbytes), total + nbytes
    if total > MAX_ARRAY_BYTES:
        raise ModelError(f"{path}: the arrays would take {total / 2**20:.0f} MB (the limit is {MAX_ARRAY_BYTES / 2**20:.0f} MB)")
    return sizes


def _npy_header(f) -> tuple[tuple[int, ...], bool, np.dtype]:
    """(shape, fortran order, dtype) from the header of a .npy file, read without its data."""
    version = np.lib.format.read_magic(f)
    if version not in ((1, 0), (2, 0)):
        raise ValueError(f".npy format {version} is not read")
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    return read(f)


_DEFAULT: list[LinearClassifier | None] = []


def default_classifier() -> LinearClassifier | None:
    """The model shipped in models/, or None while no model is shipped."""
    if not _DEFAULT:
        has_model = (DEFAULT_MODEL_DIR / MANIFEST).is_file()
        _DEFAULT.append(load_classifier(DEFAULT_MODEL_DIR) if has_model else None)
    return _DEFAULT[0]
