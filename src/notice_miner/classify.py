"""Taxonomy, cue-word rules and the measure classifier: train, predict, evaluate, save, load.

Training uses scikit-learn (TF-IDF, one-vs-rest logistic regression, sigmoid
calibration on held-out folds). The fitted model is exported to plain arrays
(`arrays.npz`, loaded with allow_pickle=False) and a JSON manifest, and
predicted with numpy only, so `parse` never imports scikit-learn.
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import platform
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np
from pydantic import TypeAdapter

from notice_miner import scoring
from notice_miner.errors import ModelError, NoticeError
from notice_miner.lang import classify_zh as zh
from notice_miner.model import VERSION, Item, Label, Notice

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.json"
DEFAULT_MODEL_DIR = Path(str(resources.files("notice_miner.models")))  # models/, installed as package data
MANIFEST = "manifest.json"
ARRAYS = "arrays.npz"
MODEL_FORMAT = "notice-miner-classifier"
FORMAT_VERSION = 1
FEATURES_VERSION = 1
MAX_LABELS = 3
ARRAY_NAMES = ("vocabulary", "idf", "coef", "intercept", "calib_a", "calib_b", "first_coef", "first_intercept")


# --------------------------------------------------------------------------- taxonomy

@dataclass(frozen=True)
class Category:
    """One label of a taxonomy; `cues` use the syntax `A|B + C|D` (every part, any alternative)."""

    id: str
    name: str = ""
    description: str = ""
    cues: tuple[str, ...] = ()
    first_cues: tuple[str, ...] = ()  # in a measure's lead clause, these put the label first


@dataclass(frozen=True)
class Taxonomy:
    categories: tuple[Category, ...]
    source: str = "default"

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.categories]

    @property
    def fingerprint(self) -> str:
        """sha256 of the label ids in order: what a model is bound to."""
        return hashlib.sha256("\n".join(self.ids).encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        return {"labels": [{"id": c.id, "name": c.name, "description": c.description, "cues": list(c.cues),
                            **({"first_cues": list(c.first_cues)} if c.first_cues else {})}
                           for c in self.categories]}

    def cue_counts(self, text: str) -> list[int]:
        """Occurrences of each label's cues in `text` (a cue of several parts counts its rarest part)."""
        return [sum(_cue_hits(cue, text) for cue in cues) for cues in self._cues]

    def lead_labels(self, text: str, *, cleaned: bool = False) -> list[int]:
        """Indices of the labels whose `first_cues` occur in the measure's lead clause. `cleaned`: the
        text is already NFKC with digit runs as 0 (as features see it), which no cue word contains."""
        if not self._first_cues:
            return []
        lead = _lead_clause(text if cleaned else unicodedata.normalize("NFKC", text or ""))
        if not self._any_first_cue.search(lead):  # most measures: no cue word, no hit
            return []
        return [j for j, cues in self._first_cues if any(all(part.search(lead) for part in cue) for cue in cues)]

    @cached_property
    def _any_first_cue(self) -> re.Pattern[str]:
        """Any word of any first cue: a cue cannot hit where none occurs."""
        return re.compile("|".join(p.pattern for _, cues in self._first_cues for cue in cues for p in cue))

    @cached_property
    def _cues(self) -> list[list[list[list[str]]]]:
        return [_compiled_cues(c.cues) for c in self.categories]

    @cached_property
    def _first_cues(self) -> list[tuple[int, list[list[re.Pattern[str]]]]]:
        """Per label, its first cues as one pattern per part: a cue hits when every part matches."""
        return [(j, [[re.compile("|".join(map(re.escape, part))) for part in cue] for cue in _compiled_cues(c.first_cues)
                     if cue and all(cue)])
                for j, c in enumerate(self.categories) if c.first_cues]


_CUE_CACHE: dict[tuple[str, ...], list[list[list[str]]]] = {}


def _compiled_cues(cues: tuple[str, ...]) -> list[list[list[str]]]:
    if cues not in _CUE_CACHE:
        _CUE_CACHE[cues] = [[[a.strip() for a in part.split("|") if a.strip()] for part in cue.split("+")]
                            for cue in cues]
    return _CUE_CACHE[cues]


def _cue_hits(cue: list[list[str]], text: str) -> int:
    return min(sum(text.count(alt) for alt in part) for part in cue) if cue else 0


_LEAD_AFTER = re.compile("(?:" + "|".join(map(re.escape, zh.LEAD_AFTER)) + r")\s*:")
_CLAUSE_END = re.compile("|".join(map(re.escape, zh.CLAUSE_END)))


def _lead_clause(text: str) -> str:
    """The measure's first clause (of NFKC text), after a leading 整改情况: / 整改措施: label when there is one."""
    label = _LEAD_AFTER.search(text)
    return _CLAUSE_END.split(text[label.end():] if label else text, maxsplit=1)[0]


def default_taxonomy() -> Taxonomy:
    return load_taxonomy(TAXONOMY_FILE, source="default")


def load_taxonomy(path: str | Path, *, source: str | None = None) -> Taxonomy:
    """A taxonomy from JSON (`{"labels": [{"id", "name", "description", "cues"}]}` or a list of
    such objects) or from a Markdown table like the spec's taxonomy.md (id | 中文 | description | cues)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ModelError(f"{path}: cannot read taxonomy ({err})") from None
    if path.suffix.lower() == ".json" or raw.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            raise ModelError(f"{path}: taxonomy is not valid JSON ({err})") from None
        entries = data.get("labels") if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise ModelError(f"{path}: taxonomy JSON needs a list of labels")
        categories = [_category_from_json(e, path) for e in entries]
    else:
        categories = _categories_from_markdown(raw)
    return _checked_taxonomy(categories, path, source or str(path))


def taxonomy_from_dict(data: dict, *, source: str) -> Taxonomy:
    return _checked_taxonomy([_category_from_json(e, source) for e in data.get("labels", [])], source, source)


def _checked_taxonomy(categories: list[Category], path: object, source: str) -> Taxonomy:
    ids = [c.id for c in categories]
    if len(ids) < 2:
        raise ModelError(f"{path}: a taxonomy needs at least two labels, found {len(ids)}")
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ModelError(f"{path}: duplicate label ids in taxonomy: {', '.join(dup)}")
    return Taxonomy(tuple(categories), source)


def _category_from_json(entry: object, path: object) -> Category:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
        raise ModelError(f"{path}: every taxonomy label needs a string 'id'")
    cues, first_cues = entry.get("cues") or [], entry.get("first_cues") or []
    cues, first_cues = [_cues_from_text(c) if isinstance(c, str) else c for c in (cues, first_cues)]
    return Category(entry["id"].strip(), str(entry.get("name", "")), str(entry.get("description", "")),
                    tuple(str(c) for c in cues), tuple(str(c) for c in first_cues))


def _cues_from_text(text: str) -> list[str]:
    """`制定 / 修订 + 办法 制度; 立改废` → ['制定|修订 + 办法|制度', '立改废']; a cue without '+' splits into words."""
    cues: list[str] = []
    for chunk in re.split(r"[;；]", text):
        if "+" in chunk:
            cues.append(" + ".join("|".join(_cue_words(part)) for part in chunk.split("+")))
        else:
            cues.extend(_cue_words(chunk))
    return cues


def _cue_words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s/／、,，]+", text) if w]


def _categories_from_markdown(raw: str) -> list[Category]:
    categories = []
    for line in raw.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.strip().startswith("|") else []
        if len(cells) < 2 or set("".join(cells)) <= set("-: ") or cells[0].lower() in {"id", "label"}:
            continue
        cells += [""] * (4 - len(cells))
        categories.append(Category(cells[0].strip("` "), cells[1], cells[2], tuple(_cues_from_text(cells[3]))))
    return categories


# --------------------------------------------------------------------------- features

@dataclass(frozen=True)
class Example:
    """A measure to classify or learn from, with its context."""

    text: str
    labels: tuple[str, ...] = ()
    problem: str | None = None
    sections: tuple[str, ...] = ()
    source: str = ""


_RUN = re.compile(r"[0-9A-Za-z\u3400-\u9fff]+")
_DIGITS = re.compile(r"[0-9]+")


def _clean(text: str) -> str:
    return _DIGITS.sub("0", unicodedata.normalize("NFKC", text or ""))


def _segment(text: str) -> list[str]:
    """Words of `text` by the project's segmenter (rjieba with the domain dictionary)."""
    from notice_miner.enrich import segment

    return [w for w in segment(text) if _RUN.fullmatch(w)]


def measure_features(example: Example, taxonomy: Taxonomy) -> list[str]:
    """Feature strings: character 1–3-grams (c:), words (w:), problem words (p:), section words (s:)
    and one r:<label> per cue hit."""
    text = _clean(example.text)
    feats: list[str] = []
    for run in _RUN.findall(text):
        for n in (1, 2, 3):
            feats.extend("c:" + run[i:i + n] for i in range(len(run) - n + 1))
    feats.extend("w:" + w for w in _segment(text))
    if example.problem:
        feats.extend("p:" + w for w in _segment(_clean(example.problem)))
    for title in example.sections:
        feats.extend("s:" + w for w in _segment(_clean(title)))
    for label, count in zip(taxonomy.ids, taxonomy.cue_counts(text)):
        feats.extend(["r:" + label] * count)
    return feats


def _identity(features: list[str]) -> list[str]:
    return features


def item_example(notice: Notice, item: Item, by_id: dict | None = None) -> Example:
    """The item's text with its problem and the titles of the sections above it (outermost first)."""
    by_id = by_id if by_id is not None else {s.id: s for s in notice.sections}
    return Example(item.text, tuple(lab.label for lab in item.labels), item.problem,
                   _section_titles(item.section, by_id), notice.source.name)


def _section_titles(section: str | None, by_id: dict) -> tuple[str, ...]:
    """Titles of `section` and the sections above it, outermost first."""
    titles, seen, sid = [], set(), section
    while sid and sid in by_id and sid not in seen:
        seen.add(sid)
        titles.append(by_id[sid].title)
        sid = by_id[sid].parent
    return tuple(reversed(titles))


def notice_examples(notice: Notice) -> list[Example]:
    """`item_example` of every item of the notice (each section's titles walked once)."""
    by_id = {s.id: s for s in notice.sections}
    titles = {sid: _section_titles(sid, by_id) for sid in {item.section for item in notice.items}}
    name = notice.source.name
    return [Example(item.text, tuple([lab.label for lab in item.labels]), item.problem, titles[item.section], name)
            for item in notice.items]


# --------------------------------------------------------------------------- predictors

class RulesClassifier:
    """The cue-word baseline: labels ranked by cue hits; no hit gives the taxonomy's fallback label."""

    def __init__(self, taxonomy: Taxonomy | None = None, *, fallback: str | None = None):
        self.taxonomy = taxonomy or default_taxonomy()
        self.fallback = fallback or ("core_business" if "core_business" in self.taxonomy.ids
                                     else self.taxonomy.ids[0])
        self.model_id = f"rules-{self.taxonomy.fingerprint[:12]}"

    def predict(self, examples: Sequence[Example]) -> list[list[Label]]:
        out = []
        for ex in examples:
            counts = self.taxonomy.cue_counts(_clean(ex.text))
            ranked = sorted((c, -i, lab) for i, (lab, c) in enumerate(zip(self.taxonomy.ids, counts)) if c)
            ranked.reverse()
            labels = [Label(label=lab, score=round(c / (c + 1), 4)) for c, _, lab in ranked[:MAX_LABELS]]
            out.append(labels or [Label(label=self.fallback, score=0.0)])
        return out

    def label(self, notice: Notice) -> None:
        for item, labels in zip(notice.items, self.predict(notice_examples(notice))):
            item.labels = labels


class Classifier:
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
        self.arrays = arrays
        self.vocabulary = {term: i for i, term in enumerate(arrays["vocabulary"].tolist())}
        self._columns = _Columns(self.vocabulary, self.taxonomy)
        # One gather over the rows of both weight matrices: columns [scores | first label].
        self._weights = np.ascontiguousarray(np.hstack([arrays["coef"].T, arrays["first_coef"].T]))

    @property
    def labels(self) -> list[str]:
        return self.taxonomy.ids

    def decide(self, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
        """(calibrated probability of each label, first-label decision values); columns in taxonomy order.

        All examples at once: the l2-normalised sublinear TF-IDF rows as one sparse (row, column,
        value) list, multiplied with both weight matrices in one gather and one sum per row.
        """
        return self._decide(examples, _cleaned_texts(examples))

    def _decide(self, examples: Sequence[Example], cleaned: tuple[list[str], str]) -> tuple[np.ndarray, np.ndarray]:
        a, n, n_labels = self.arrays, len(examples), len(self.labels)
        rows, cols, counts = self._columns.counts(examples, cleaned)
        order = np.argsort(rows, kind="stable")  # keeps each row's terms in their order
        rows, cols = rows[order], cols[order]
        x = (1.0 + np.log(counts[order])) * a["idf"][cols]
        norm = np.sqrt(np.bincount(rows, weights=x * x, minlength=n))
        x /= np.where(norm > 0, norm, 1.0)[rows]
        # Products as (weight column, term), so the multiply runs along contiguous terms; reduceat
        # sums a row's terms the same way along either axis.
        products = self._weights.take(cols, axis=0).T.copy()
        products *= x
        per_row = np.bincount(rows, minlength=n)
        present = np.flatnonzero(per_row)
        both = np.zeros((2 * n_labels, n))
        if present.size:
            both[:, present] = np.add.reduceat(products, (np.cumsum(per_row) - per_row)[present], axis=1)
        decision = both[:n_labels].T + a["intercept"]
        probs = 1.0 / (1.0 + np.exp(a["calib_a"] * decision + a["calib_b"]))
        return probs, both[n_labels:].T + a["first_intercept"]

    def scores(self, examples: Sequence[Example]) -> np.ndarray:
        """Calibrated probability that each label applies (columns in taxonomy order)."""
        return self.decide(examples)[0]

    def rank(self, probs: np.ndarray, first: np.ndarray | None = None, text: str = "") -> list[Label]:
        leads = self.taxonomy.lead_labels(text) if text else ()
        return rank_labels(probs, self.labels, self.threshold, self.max_labels, first, leads)

    def predict(self, examples: Sequence[Example]) -> list[list[Label]]:
        """`rank` of every example, the per-label arithmetic done for all rows at once."""
        cleaned = _cleaned_texts(examples)
        probs, first = self._decide(examples, cleaned)
        if not len(examples):
            return []
        key = _softmax_rows(first) + probs
        tops = np.argmax(key, axis=1).tolist()  # the first of equal maxima, as rank_labels
        # The best max_labels by probability: enough for max_labels - 1 besides the first label.
        best = np.argsort(-probs, axis=1, kind="stable")[:, :self.max_labels].tolist()
        above = (probs >= self.threshold).tolist()
        scores = probs.tolist()
        texts, lead_labels = cleaned[0], self.taxonomy.lead_labels
        for i in self._cued_rows(examples, texts):
            leading = [j for j in lead_labels(texts[i], cleaned=True) if above[i][j]]
            if leading and tops[i] not in leading:
                tops[i] = max(leading, key=lambda j, score=scores[i]: (score[j], -j))
        labels, more = self.labels, self.max_labels - 1
        out = []
        for top, ok, order, score in zip(tops, above, best, scores):
            chosen = [top] + [j for j in [j for j in order if j != top][:more] if ok[j]]
            out.append([{"label": labels[j], "score": round(score[j], 4)} for j in chosen])
        return _LABEL_LISTS.validate_python(out)  # one validation is cheaper than a Label(...) each

    def _cued_rows(self, examples: Sequence[Example], texts: list[str]) -> list[int]:
        """Rows where some first-cue word occurs: only they can have a lead label."""
        if not self.taxonomy._first_cues:
            return []
        search = self.taxonomy._any_first_cue.search
        return [i for i, (ex, text) in enumerate(zip(examples, texts)) if ex.text and search(text)]

    def label(self, notice: Notice) -> None:
        """Fill `labels` of every item: the first label always, further ones above the threshold."""
        for item, labels in zip(notice.items, self.predict(notice_examples(notice))):
            item.labels = labels


_NO_COLUMN = itertools.repeat(-1)
_LABEL_LISTS = TypeAdapter(list[list[Label]])  # one validation for a notice's labels
_SEPARATOR = "\x00"  # between the texts of a batch; in no n-gram of the vocabulary
_SEPARATOR_ID = -2
_CODE_BITS = 21  # every code point is below 2**21, so three of them make one int64 key


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)


def _gram_keys(codes: np.ndarray) -> np.ndarray:
    """One int64 key per row of code points (n-grams of one length)."""
    keys = np.zeros(codes.shape[0], dtype=np.int64)
    for column in codes.T:
        keys = (keys << _CODE_BITS) | column
    return keys


class _GramTable:
    """Ids of n-grams of one length, looked up by their code points with a binary search."""

    def __init__(self, grams: dict[str, int], n: int):
        chosen = [(g, i) for g, i in grams.items() if len(g) == n]
        keys = _gram_keys(_code_points("".join(g for g, _ in chosen)).reshape(len(chosen), n))
        order = np.argsort(keys)
        self.keys = keys[order]
        self.ids = np.array([i for _, i in chosen], dtype=np.int64)[order]
        # Single characters of the Basic Multilingual Plane: one array indexed by code point (its
        # last entry -1 for every code point above), cheaper than a binary search per character.
        self.by_code: np.ndarray | None = None
        if n == 1 and self.keys.size and self.keys[-1] < 0x10000:
            self.by_code = np.full(int(self.keys[-1]) + 2, -1, dtype=np.int64)
            self.by_code[self.keys] = self.ids

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions in `keys` that are known n-grams, their ids)."""
        if self.by_code is not None:
            found = self.by_code[np.minimum(keys, self.by_code.size - 1)]
            where = np.flatnonzero(found >= 0)
            return where, found[where]
        if not self.keys.size:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        where = np.flatnonzero(self.keys[at] == keys)
        return where, self.ids[at[where]]


class _Columns:
    """A model's lookup tables for turning examples into vocabulary columns and term counts.

    Gives exactly the counts of `measure_features` restricted to the vocabulary, without building
    feature strings. Character n-grams: the texts of a batch are joined by a separator and every
    1-, 2- and 3-gram is looked up at once by its code points (an n-gram across a separator or
    outside a run is in no vocabulary). Words are looked up unfiltered in one dict per feature kind
    (a word that is not a run is in no kind's vocabulary). Cue hits come from the n-gram counts
    (a cue word of at most three characters that cannot overlap itself occurs as often as its
    n-gram) or from `str.count` for longer ones.
    """

    def __init__(self, vocabulary: dict[str, int], taxonomy: Taxonomy):
        kinds: dict[str, dict[str, int]] = {k: {} for k in ("c:", "w:", "p:", "s:", "r:")}
        for term, col in vocabulary.items():
            if term[:2] in kinds:
                kinds[term[:2]][term[2:]] = col
        self.size = len(vocabulary)
        self.words, self.problem, self.section = kinds["w:"], kinds["p:"], kinds["s:"]
        self.label_columns = np.array([kinds["r:"].get(lab, -1) for lab in taxonomy.ids], dtype=np.int64)
        grams = kinds["c:"]
        # A cue with an empty part never hits; the rest, grouped by label in taxonomy order.
        cues = [(j, cue) for j, c in enumerate(taxonomy.categories) for cue in _compiled_cues(c.cues)
                if cue and all(cue)]
        alts = list(dict.fromkeys(alt for _, cue in cues for part in cue for alt in part))
        ids = len(vocabulary)  # cue words that are no vocabulary n-gram get ids after the vocabulary
        short: dict[int, int] = {}
        long_alts: list[tuple[int, str]] = []
        for k, alt in enumerate(alts):
            if len(alt) <= 3 and _SEPARATOR not in alt and not _overlaps_itself(alt):  # len(alt) >= 2 below
                if alt not in grams:
                    grams[alt], ids = ids, ids + 1
                short[grams[alt]] = k
            else:
                long_alts.append((k, alt))
        # A longer cue word can only occur in a text that holds its first two characters: count it there.
        self.long_alts: dict[int, list[tuple[int, str]]] = {}
        for k, alt in long_alts:
            if alt[:2] not in grams:
                grams[alt[:2]], ids = ids, ids + 1
            self.long_alts.setdefault(grams[alt[:2]], []).append((k, alt))
        self.gram_tables = [_GramTable(grams, n) for n in (1, 2, 3)]
        self.words_or_separator = dict(self.words, **{_SEPARATOR: _SEPARATOR_ID})
        self.ids, self.id_bits = ids, ids.bit_length()  # (row, id) as one int64 key: row << id_bits | id
        self.is_probe = np.zeros(ids, dtype=bool)
        self.is_probe[list(self.long_alts)] = True
        self.slot_of_id = np.full(ids, -1, dtype=np.int64)
        self.slot_of_id[list(short)] = list(short.values())
        self.n_labels = len(taxonomy.ids)
        slot = {alt: k for k, alt in enumerate(alts)}
        # A cue of one part hits as often as its words occur, all summed: a weight per (cue word, label).
        self.alt_weights = np.zeros((len(alts), self.n_labels), dtype=np.int64)
        for j, cue in cues:
            if len(cue) == 1:
                for alt in cue[0]:
                    self.alt_weights[slot[alt], j] += 1
        # A cue of several parts hits as often as its rarest part: its words' counts kept dense, reduced
        # with integer reductions (no matrix product: BLAS threads cost more CPU than these tiny sums).
        compound = [(j, cue) for j, cue in cues if len(cue) > 1]
        compound_alts = list(dict.fromkeys(slot[alt] for _, cue in compound for part in cue for alt in part))
        self.compound_column = np.full(len(alts), -1, dtype=np.int64)
        self.compound_column[compound_alts] = np.arange(len(compound_alts))
        parts = [part for _, cue in compound for part in cue]
        self.part_alts = self.compound_column[[slot[alt] for part in parts for alt in part]]
        self.part_starts = _starts(len(part) for part in parts)
        self.cue_starts = _starts(len(cue) for _, cue in compound)
        self.compound_labels = np.array([j for j, _ in compound], dtype=np.int64)

    def cue_hits(self, n: int, rows: np.ndarray, slots: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Cue hits per label (as `Taxonomy.cue_counts`) of `n` rows from the (row, cue word, count)
        of every cue word that occurs (each pair once)."""
        # Sums of small integers in float64 are exact; bincount is much cheaper than np.add.at.
        cells = (rows[:, None] * self.n_labels + np.arange(self.n_labels)).ravel()
        weights = (self.alt_weights[slots] * counts[:, None]).ravel()
        per_label = np.bincount(cells, weights, minlength=n * self.n_labels).astype(np.int64).reshape(n, self.n_labels)
        if self.compound_labels.size:
            columns = self.compound_column[slots]
            dense = np.zeros((n, int(self.compound_column.max()) + 1), dtype=np.int64)
            dense[rows[columns >= 0], columns[columns >= 0]] = counts[columns >= 0]
            parts = np.add.reduceat(dense[:, self.part_alts], self.part_starts, axis=1)
            np.add.at(per_label, (slice(None), self.compound_labels),
                      np.minimum.reduceat(parts, self.cue_starts, axis=1))
        return per_label

    def counts(self, examples: Sequence[Example], cleaned: tuple[list[str], str] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, count) of every vocabulary term of the examples (`cleaned`: their
        `_cleaned_texts` when the caller has them)."""
        n = len(examples)
        texts, joined = cleaned or _cleaned_texts(examples)
        found_rows, found_ids = self._grams(texts, joined)
        word_rows, word_ids = self._words(texts, joined)
        context_rows, context_ids = self._context(examples)
        ids = np.concatenate([found_ids, word_ids, context_ids])
        rows = np.concatenate([found_rows, word_rows, context_rows])
        known = ids >= 0
        keys, counts = np.unique((rows[known] << self.id_bits) | ids[known], return_counts=True)
        rows, ids = keys >> self.id_bits, keys & ((1 << self.id_bits) - 1)
        slots = self.slot_of_id[ids]
        is_alt = np.flatnonzero(slots >= 0)
        hit_rows, hit_slots, hit_counts = rows[is_alt], slots[is_alt], counts[is_alt]
        probed = np.flatnonzero(self.is_probe[ids])
        if probed.size:  # each (row, cue word) once: a cue word has one probe, a row each probe once
            long_rows, long_slots, long_counts = [], [], []
            for row, probe in zip(rows[probed].tolist(), ids[probed].tolist()):
                for k, alt in self.long_alts[probe]:
                    long_rows.append(row)
                    long_slots.append(k)
                    long_counts.append(texts[row].count(alt))
            hit_rows = np.concatenate([hit_rows, long_rows])
            hit_slots = np.concatenate([hit_slots, long_slots])
            hit_counts = np.concatenate([hit_counts, long_counts])
        per_label = self.cue_hits(n, hit_rows, hit_slots, hit_counts)
        per_label[:, self.label_columns < 0] = 0
        cue_rows, cue_labels = np.nonzero(per_label)
        in_vocabulary = ids < self.size
        return (np.concatenate([rows[in_vocabulary], cue_rows]),
                np.concatenate([ids[in_vocabulary], self.label_columns[cue_labels]]),
                np.concatenate([counts[in_vocabulary], per_label[cue_rows, cue_labels]]))

    def _context(self, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column or -1) of the words of each example's problem and section titles. A notice
        repeats a few contexts: each distinct text is segmented once (all in one call), each
        distinct (problem, sections) looked up once."""
        contexts = [(ex.problem or None, ex.sections) for ex in examples]
        distinct = dict.fromkeys(contexts)
        strings = list(dict.fromkeys(s for problem, titles in distinct for s in (problem, *titles) if s))
        segmented = dict(zip(strings, _words_each([_clean(s) for s in strings])))
        for problem, titles in distinct:
            found = list(map(self.problem.get, segmented[problem], _NO_COLUMN)) if problem else []
            for title in titles:
                if title:
                    found += map(self.section.get, segmented[title], _NO_COLUMN)
            distinct[problem, titles] = found
        per_row = [distinct[c] for c in contexts]
        return (np.repeat(np.arange(len(examples), dtype=np.int64), [len(f) for f in per_row]),
                np.fromiter(itertools.chain.from_iterable(per_row), dtype=np.int64))

    def _words(self, texts: list[str], joined: str) -> tuple[np.ndarray, np.ndarray]:
        """(row, column or -1) of every word of the texts, segmented in one call when `joined` (the
        texts joined by the separator) is given: the separator is a token of its own and
        segmentation never crosses it (it is neither a word character nor white space)."""
        from notice_miner.enrich import words

        if not joined:
            found = [list(map(self.words.get, words(t), _NO_COLUMN)) for t in texts]
            return (np.repeat(np.arange(len(texts), dtype=np.int64), [len(f) for f in found]),
                    np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64))
        tokens = words(joined)
        ids = np.fromiter(map(self.words_or_separator.get, tokens, _NO_COLUMN), dtype=np.int64, count=len(tokens))
        is_separator = ids == _SEPARATOR_ID
        rows = np.cumsum(is_separator)
        return rows[~is_separator], ids[~is_separator]

    def _grams(self, texts: list[str], joined: str) -> tuple[np.ndarray, np.ndarray]:
        """(row, id) of every known 1-, 2- and 3-gram of the texts (`joined` by the separator, or "")."""
        codes = _code_points(joined or _SEPARATOR.join(texts))
        row_of = np.repeat(np.arange(len(texts), dtype=np.int64), [len(t) + 1 for t in texts])
        keys = codes
        rows, ids = [], []
        for n, table in enumerate(self.gram_tables):
            if n:
                keys = (keys[:-1] << _CODE_BITS) | codes[n:]
            where, found = table.find(keys)
            rows.append(row_of[where])
            ids.append(found)
        return np.concatenate(rows), np.concatenate(ids)


def _cleaned_texts(examples: Sequence[Example]) -> tuple[list[str], str]:
    """The cleaned text of each example, and all joined by the separator ("" when one holds it)."""
    # Cleaning the joined texts cleans each: NFKC never combines across NUL, digit runs end there.
    joined = _clean(_SEPARATOR.join([ex.text for ex in examples]))
    texts = joined.split(_SEPARATOR)
    if len(texts) != len(examples):
        return [_clean(ex.text) for ex in examples], ""
    return texts, joined


def _words_each(texts: list[str]) -> list[list[str]]:
    """`enrich.words` of each text, in one call when no text holds the separator."""
    from notice_miner.enrich import words

    if any(_SEPARATOR in t for t in texts):
        return [words(t) for t in texts]
    out: list[list[str]] = [[]]
    for word in words(_SEPARATOR.join(texts)) if texts else ():
        if word == _SEPARATOR:
            out.append([])
        else:
            out[-1].append(word)
    return out


def _starts(lengths: Iterable[int]) -> np.ndarray:
    """Start offsets of consecutive groups of the given lengths."""
    return np.cumsum([0, *lengths], dtype=np.int64)[:-1]


def _overlaps_itself(word: str) -> bool:
    """Whether two occurrences of `word` can overlap (it ends with one of its own beginnings)."""
    return any(word[:k] == word[-k:] for k in range(1, len(word)))


def rank_labels(probs: np.ndarray, labels: list[str], threshold: float, max_labels: int = MAX_LABELS,
                first: np.ndarray | None = None, leads: Sequence[int] = ()) -> list[Label]:
    """The first label, then others by probability while at or above `threshold`, at most `max_labels`.

    The first label maximises the first-label model's softmax plus the label's probability (on
    held-out folds this beat either alone); without `first`, the best probability comes first.
    A label whose `first_cues` open the measure (`leads`) and that passes the threshold goes first:
    the taxonomy's rule that the kind of act precedes the field.
    """
    key = probs if first is None else _softmax(first) + probs
    top = min(range(len(labels)), key=lambda j: (-key[j], j))
    leading = [j for j in leads if probs[j] >= threshold]
    if leading and top not in leading:
        top = max(leading, key=lambda j: (probs[j], -j))
    rest = sorted((j for j in range(len(labels)) if j != top), key=lambda j: (-probs[j], j))
    chosen = [top] + [j for j in rest[:max_labels - 1] if probs[j] >= threshold]
    return [Label(label=labels[j], score=round(float(probs[j]), 4)) for j in chosen]


def _softmax(values: np.ndarray) -> np.ndarray:
    e = np.exp(values - values.max())
    return e / e.sum()


def _softmax_rows(values: np.ndarray) -> np.ndarray:
    e = np.exp(values - values.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------- save and load

def _arrays_sha256(arrays: dict[str, np.ndarray]) -> str:
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
    manifest = dict(manifest, format=MODEL_FORMAT, format_version=FORMAT_VERSION,
                    arrays={name: {"dtype": a.dtype.str, "shape": list(a.shape)} for name, a in sorted(arrays.items())},
                    arrays_sha256=_arrays_sha256(arrays))
    manifest["manifest_sha256"] = _manifest_sha256(manifest)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    write_atomic(model_dir / ARRAYS, buf.getvalue())
    write_atomic(model_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def load_classifier(model_dir: str | Path | None = None, *, taxonomy: str | Path | Taxonomy | None = None) -> Classifier:
    """Load a model folder (default: the shipped model), checking its hashes and, when a taxonomy is
    given, that the model was trained for it. Raises `ModelError` with a one-line reason."""
    model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    manifest_path, arrays_path = model_dir / MANIFEST, model_dir / ARRAYS
    if not manifest_path.is_file() or not arrays_path.is_file():
        raise ModelError(f"{model_dir}: not a model folder (needs {MANIFEST} and {ARRAYS})")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"{manifest_path}: unreadable model manifest ({err})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MODEL_FORMAT:
        raise ModelError(f"{manifest_path}: not a notice-miner classifier manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{manifest_path}: model format {manifest.get('format_version')} is not supported "
                         f"(this version reads {FORMAT_VERSION}); retrain with `notice-miner train`")
    if manifest.get("manifest_sha256") != _manifest_sha256(manifest):
        raise ModelError(f"{manifest_path}: manifest was altered (its sha256 does not match)")
    try:
        with np.load(arrays_path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except Exception as err:  # zip, CRC and pickle refusals all mean the same to the user
        raise ModelError(f"{arrays_path}: unreadable model arrays ({type(err).__name__}: {err})") from None
    expected = set(ARRAY_NAMES)
    if set(arrays) != expected or _arrays_sha256(arrays) != manifest.get("arrays_sha256"):
        raise ModelError(f"{arrays_path}: arrays do not match the manifest's sha256; the model was altered or is incomplete")
    clf = Classifier(manifest, arrays)
    if taxonomy is not None:
        tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
        if tax.fingerprint != clf.taxonomy.fingerprint:
            raise ModelError(f"{model_dir}: model was trained for another taxonomy "
                             f"({', '.join(clf.labels)}), not {tax.source} ({', '.join(tax.ids)}); "
                             "retrain it with `notice-miner train --taxonomy`")
    return clf


_DEFAULT: list[Classifier | None] = []


def default_classifier() -> Classifier | None:
    """The model shipped in models/, or None while no model is shipped."""
    if not _DEFAULT:
        has_model = (DEFAULT_MODEL_DIR / MANIFEST).is_file()
        _DEFAULT.append(load_classifier(DEFAULT_MODEL_DIR) if has_model else None)
    return _DEFAULT[0]


# --------------------------------------------------------------------------- training data

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
    section = row.get("section") or row.get("sections") or ()
    sections = tuple(section) if isinstance(section, list) else tuple(s.strip() for s in str(section).split(" > ") if s.strip())
    return Example(str(row["text"]), tuple(labels), row.get("problem") or None, sections, f"{path.name}:{line}")


def _gold_examples(path: Path, gold: dict, context: Callable[[Path], Notice | None] | None) -> list[Example]:
    notice = None
    doc = path.parent / str(gold.get("file", ""))
    if context is not None and gold.get("file") and doc.is_file():
        notice = context(doc)
    matched = dict(scoring.match_items([str(g.get("text", "")) for g in gold["items"]],
                                       [i.text for i in notice.items])) if notice else {}
    out = []
    for n, g in enumerate(gold["items"]):
        labels = [str(lab["label"] if isinstance(lab, dict) else lab) for lab in g.get("labels") or []]
        if not labels or not str(g.get("text", "")).strip():
            continue
        if n in matched:
            ctx = item_example(notice, notice.items[matched[n]])
            out.append(Example(g["text"], tuple(labels), ctx.problem, ctx.sections, f"{path.name}#{n}"))
        else:
            out.append(Example(g["text"], tuple(labels), None, (), f"{path.name}#{n}"))
    return out


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


# --------------------------------------------------------------------------- training

def _estimator(seed: int, folds: int, c: float):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    base = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=seed)
    calibrated = CalibratedClassifierCV(base, method="sigmoid", ensemble=False,
                                        cv=StratifiedKFold(folds, shuffle=True, random_state=seed))
    return Pipeline([
        ("tfidf", TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2, dtype=np.float64)),
        ("ovr", OneVsRestClassifier(calibrated)),
    ])


@dataclass
class SklearnModel:
    """The fitted scikit-learn estimators the arrays are exported from."""

    pipeline: object  # TfidfVectorizer → OneVsRest(CalibratedClassifierCV(LogisticRegression))
    first: object  # multinomial LogisticRegression of the first label on the same TF-IDF
    n_labels: int

    def decide(self, features: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        probs = self.pipeline.predict_proba(features)
        decision = self.first.decision_function(self.pipeline.named_steps["tfidf"].transform(features))
        first = np.full((len(features), self.n_labels), -1e9)
        first[:, self.first.classes_] = decision
        return probs, first


def _fit(X: list[list[str]], Y: np.ndarray, first: np.ndarray, seed: int, folds: int, c: float) -> SklearnModel:
    from sklearn.linear_model import LogisticRegression

    pipe = _estimator(seed, folds, c).fit(X, Y)
    first_model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    first_model.fit(pipe.named_steps["tfidf"].transform(X), first)
    return SklearnModel(pipe, first_model, Y.shape[1])


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
    return {"vocabulary": np.asarray(tfidf.get_feature_names_out(), dtype=str), "idf": tfidf.idf_.astype(np.float64),
            "coef": np.asarray(coef, dtype=np.float64), "intercept": np.asarray(intercept, dtype=np.float64),
            "calib_a": np.asarray(calib_a, dtype=np.float64), "calib_b": np.asarray(calib_b, dtype=np.float64),
            "first_coef": first_coef, "first_intercept": first_intercept}


def _data_sha256(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for ex in examples:
        h.update(json.dumps([ex.text, ex.labels, ex.problem, ex.sections], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


@dataclass
class TrainResult:
    classifier: Classifier
    estimator: SklearnModel
    report: dict = field(default_factory=dict)


def train(examples: Sequence[Example], *, taxonomy: Taxonomy | None = None, seed: int = 0, folds: int = 5,
          c: float = 30.0, cross_validate: bool = True, command: str = "") -> TrainResult:
    """Fit the model on `examples`; with `cross_validate`, also measure it on held-out folds and choose
    the threshold for further labels there. Deterministic for the same data and seed."""
    import warnings

    import sklearn
    from sklearn.model_selection import KFold

    taxonomy = taxonomy or default_taxonomy()
    _check_labels(examples, taxonomy, folds)
    X = [measure_features(ex, taxonomy) for ex in examples]
    Y = np.array([[lab in ex.labels for lab in taxonomy.ids] for ex in examples], dtype=np.int64)
    first = np.array([taxonomy.ids.index(ex.labels[0]) for ex in examples])
    if len(set(first.tolist())) < 2:
        raise ModelError("at least two different labels must come first in the training data")
    report: dict = {}
    threshold = 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # small folds: scikit-learn warns about thin classes
        if cross_validate:
            probs, firsts = np.zeros(Y.shape), np.zeros(Y.shape)
            for train_idx, test_idx in KFold(folds, shuffle=True, random_state=seed).split(X):
                model = _fit([X[i] for i in train_idx], Y[train_idx], first[train_idx], seed, folds, c)
                probs[test_idx], firsts[test_idx] = model.decide([X[i] for i in test_idx])
            leads = [taxonomy.lead_labels(ex.text) for ex in examples]
            threshold = choose_threshold(probs, firsts, leads, examples, taxonomy.ids)
            report = held_out_report(probs, firsts, leads, examples, taxonomy.ids, threshold)
            report["folds"] = folds
            rules = evaluate_examples(RulesClassifier(taxonomy), examples)
            report["rules_baseline"] = {k: rules[k] for k in ("first_label_accuracy", "micro_f1", "macro_f1")}
        model = _fit(X, Y, first, seed, folds, c)
    arrays = _export(model)
    counts = Counter(lab for ex in examples for lab in ex.labels)
    first_counts = Counter(ex.labels[0] for ex in examples)
    manifest = {
        "model_id": f"nm-clf-{_arrays_sha256(arrays)[:12]}",
        "taxonomy_sha256": taxonomy.fingerprint,
        "taxonomy": taxonomy.to_dict(),
        "threshold": threshold,
        "max_labels": MAX_LABELS,
        "features": {"version": FEATURES_VERSION, "char_ngrams": [1, 2, 3], "words": "notice_miner.enrich.segment (rjieba + data/userdict.txt)",
                     "context": ["problem", "section titles"], "rules": "cue hits per label",
                     "tfidf": "sublinear tf, smooth idf, l2, min_df=2",
                     "vocabulary": int(arrays["vocabulary"].shape[0])},
        "estimator": {"scores": "one-vs-rest logistic regression (liblinear, balanced classes), sigmoid "
                                f"calibration on {folds} held-out folds (CalibratedClassifierCV, ensemble=False)",
                      "first_label": "multinomial logistic regression (lbfgs, balanced classes)", "C": c},
        "training": {"examples": len(examples), "labels": {lab: counts[lab] for lab in taxonomy.ids},
                     "first_labels": {lab: first_counts[lab] for lab in taxonomy.ids},
                     "sources": sorted({re.split(r"[#:]", ex.source)[0] for ex in examples}),
                     "data_sha256": _data_sha256(examples), "seed": seed, "command": command},
        "held_out": report,
        "versions": {"notice_miner": VERSION, "scikit_learn": sklearn.__version__, "numpy": np.__version__,
                     "python": platform.python_version()},
    }
    clf = Classifier(dict(manifest, format=MODEL_FORMAT, format_version=FORMAT_VERSION), arrays)
    return TrainResult(clf, model, report)


def save(result: TrainResult, model_dir: str | Path) -> Classifier:
    """Write the trained model and its card (README.md) to `model_dir`; return it as loaded from there."""
    from notice_miner.fileio import write_atomic

    manifest = {k: v for k, v in result.classifier.manifest.items() if k not in {"format", "format_version"}}
    save_model(model_dir, manifest, result.classifier.arrays)
    clf = load_classifier(model_dir)
    write_atomic(Path(model_dir) / "README.md", model_card(clf.manifest))
    return clf


def choose_threshold(probs: np.ndarray, firsts: np.ndarray, leads: list[list[int]], examples: Sequence[Example],
                     labels: list[str]) -> float:
    """The threshold for second and third labels that maximises micro-F1 on held-out scores."""
    best = (-1.0, 0.5)
    for t in np.round(np.arange(0.20, 0.91, 0.05), 2):
        pairs = [(list(ex.labels), [lab.label for lab in rank_labels(p, labels, float(t), MAX_LABELS, f, lead)])
                 for ex, p, f, lead in zip(examples, probs, firsts, leads)]
        score = label_metrics(pairs)["micro_f1"]
        if score > best[0] + 1e-12:
            best = (score, float(t))
    return best[1]


def reliability(probs: Sequence[float], correct: Sequence[bool], bins: int = 10) -> tuple[list[dict], float]:
    """Rows (range, count, mean score, share correct) and the expected calibration error."""
    probs_a, correct_a = np.asarray(probs, dtype=float), np.asarray(correct, dtype=float)
    rows, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        mask = (probs_a >= lo) & ((probs_a < hi) if b < bins - 1 else (probs_a <= hi))
        if not mask.any():
            continue
        mean, acc = float(probs_a[mask].mean()), float(correct_a[mask].mean())
        ece += mask.sum() / max(len(probs_a), 1) * abs(mean - acc)
        rows.append({"range": f"{lo:.1f}–{hi:.1f}", "count": int(mask.sum()), "mean_score": round(mean, 3),
                     "correct": round(acc, 3)})
    return rows, round(float(ece), 4)


def held_out_report(probs: np.ndarray, firsts: np.ndarray, leads: list[list[int]], examples: Sequence[Example],
                    labels: list[str], threshold: float) -> dict:
    predicted = [rank_labels(p, labels, threshold, MAX_LABELS, f, lead)
                 for p, f, lead in zip(probs, firsts, leads)]
    metrics = label_metrics([(list(ex.labels), [lab.label for lab in pred]) for ex, pred in zip(examples, predicted)])
    emitted = [(lab.score, lab.label in ex.labels) for ex, pred in zip(examples, predicted) for lab in pred]
    rows, ece = reliability([s for s, _ in emitted], [c for _, c in emitted])
    _, ece_all = reliability(probs.ravel(), [lab in ex.labels for ex in examples for lab in labels])
    return dict(metrics, threshold=threshold, reliability=rows, ece_emitted=ece, ece_all_pairs=ece_all)


# --------------------------------------------------------------------------- evaluation

def label_metrics(pairs: Sequence[tuple[list[str], list[str]]]) -> dict:
    """Per-label P/R/F1/support, micro and macro F1 (over labels with gold support, as score.py),
    first-label accuracy and the confusion of first labels."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    confusion: Counter = Counter()
    first_ok = 0
    for gold, pred in pairs:
        gs, ps = set(gold), set(pred)
        for lab in gs | ps:
            tp[lab] += lab in gs and lab in ps
            fp[lab] += lab in ps and lab not in gs
            fn[lab] += lab in gs and lab not in ps
        if gold and pred:
            first_ok += gold[0] == pred[0]
            confusion[(gold[0], pred[0])] += 1
    f1 = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    per = {}
    for lab in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        r = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        per[lab] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1(p, r), 3), "support": tp[lab] + fn[lab]}
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro = f1(TP / (TP + FP) if TP + FP else 0.0, TP / (TP + FN) if TP + FN else 0.0)
    supported = [v["f1"] for v in per.values() if v["support"]]
    return {"items": len(pairs), "first_label_accuracy": round(first_ok / len(pairs), 3) if pairs else 0.0,
            "micro_f1": round(micro, 3), "macro_f1": round(sum(supported) / len(supported), 3) if supported else 0.0,
            "per_label": per, "confusion": {f"{g}|{p}": n for (g, p), n in sorted(confusion.items())}}


def evaluate_examples(predictor: Classifier | RulesClassifier, examples: Sequence[Example]) -> dict:
    predicted = predictor.predict(examples)
    return label_metrics([(list(ex.labels), [lab.label for lab in pred]) for ex, pred in zip(examples, predicted)])


def evaluate_notices(golds: Sequence[tuple[dict, Notice]]) -> dict:
    """Metrics over gold items matched to the items of parsed (and labelled) notices."""
    pairs = []
    for gold, notice in golds:
        items = gold.get("items", [])
        matched = dict(scoring.match_items([str(g.get("text", "")) for g in items], [i.text for i in notice.items]))
        for gi, pj in matched.items():
            gl = [str(x["label"] if isinstance(x, dict) else x) for x in items[gi].get("labels") or []]
            pairs.append((gl, [lab.label for lab in notice.items[pj].labels]))
    result = label_metrics(pairs)
    result["gold_items"] = sum(len(g.get("items", [])) for g, _ in golds)
    return result


def read_gold_dir(gold_dir: str | Path) -> list[tuple[dict, Path]]:
    """Gold annotations under `gold_dir` (searched recursively) with the path of the notice each describes."""
    out = []
    for path in sorted(Path(gold_dir).rglob("*.gold.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise NoticeError(path, f"unreadable gold file ({err})") from None
        if not isinstance(gold, dict) or not isinstance(gold.get("items"), list) or not gold.get("file"):
            raise NoticeError(path, "not a gold file (needs 'file' and an 'items' list)")
        out.append((gold, path.parent / gold["file"]))
    if not out:
        raise NoticeError(gold_dir, "no *.gold.json files here")
    return out


def format_metrics(metrics: dict, title: str = "") -> str:
    """Plain-text report: per-label table, micro/macro F1, first-label accuracy, confusion of first labels."""
    lines = [title] if title else []
    lines.append(f"items {metrics['items']}  first-label accuracy {metrics['first_label_accuracy']}  "
                 f"micro-F1 {metrics['micro_f1']}  macro-F1 {metrics['macro_f1']}")
    lines.append(f"{'label':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
    for lab, m in metrics["per_label"].items():
        lines.append(f"{lab:<16}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}{m['support']:>9}")
    confusion = {tuple(k.split("|")): n for k, n in metrics["confusion"].items()}
    labels = sorted({g for g, _ in confusion} | {p for _, p in confusion})
    if labels:
        short = {lab: lab[:5] for lab in labels}
        lines += ["", "first labels: gold (rows) × predicted (columns)",
                  f"{'':<16}" + "".join(f"{short[p]:>6}" for p in labels)]
        for g in labels:
            lines.append(f"{g:<16}" + "".join(f"{confusion.get((g, p), 0) or '.':>6}" for p in labels))
    return "\n".join(lines)


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


# --------------------------------------------------------------------------- active learning

def uncertainty_margin(probs: np.ndarray, first: np.ndarray, threshold: float) -> float:
    """How sure the model is, in [0, 1] (0 = unsure): the smaller of the gap between the two likeliest
    first labels and the closest any label's score comes to the threshold for emitting it.
    (The gap between the two best scores alone would flag measures that surely have two labels.)"""
    top = np.sort(_softmax(first))[::-1]
    first_gap = float(top[0] - top[1]) if len(top) > 1 else 1.0
    scale = max(threshold, 1.0 - threshold)
    return min(first_gap, float(np.min(np.abs(probs - threshold))) / scale)


def suggest(notices: Iterable[Notice], classifier: Classifier, n: int = 50) -> list[dict]:
    """The `n` measures the model is least sure about (`uncertainty_margin`), as annotation rows
    with the current labels and an empty `labels` to fill."""
    rows = []
    for notice in notices:
        examples = notice_examples(notice)
        if not examples:
            continue
        probs_all, firsts = classifier.decide(examples)
        for item, ex, probs, first in zip(notice.items, examples, probs_all, firsts):
            rows.append({"text": item.text, "problem": item.problem, "section": " > ".join(ex.sections),
                         "notice": notice.source.name, "item": item.id,
                         "current": [lab.model_dump() for lab in classifier.rank(probs, first, item.text)],
                         "margin": round(uncertainty_margin(probs, first, classifier.threshold), 4),
                         "labels": []})
    rows.sort(key=lambda r: (r["margin"], r["notice"], r["item"]))
    return rows[:n]


# --------------------------------------------------------------------------- model card

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
    return "\n".join(lines).rstrip() + "\n"
