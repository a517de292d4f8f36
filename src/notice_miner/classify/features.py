"""The one featurizer of the measure classifier: training and prediction both count terms with `read_terms`.

A measure's terms: its character 1–3-grams (`c:`), its words (`w:`), the words of the problem it
answers (`p:`) and of the section titles above it (`s:`), and `r:<label>` once per cue-word hit of
the taxonomy. Measures are read in batches (every item of a notice, all training examples): the
n-grams of a batch are found in a few array operations over its code points, each n-gram kept as
one integer (`pack`), so no string is made for an n-gram the vocabulary does not hold. Training
builds the vocabulary from these terms (`vocabulary`) and weights the counts with scikit-learn's
TF-IDF; prediction counts the same terms against the exported vocabulary (`Featurizer.count`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np

from notice_miner.classify.taxonomy import Taxonomy
from notice_miner.enrich import words
from notice_miner.fileio import without_surrogates
from notice_miner.layout import View
from notice_miner.model import Item, Notice

CHAR_NGRAMS = (1, 2, 3)
# What n-grams and words are made of: digits, Latin letters and CJK ideographs (with extension A).
RUN_RANGES = (("0", "9"), ("A", "Z"), ("a", "z"), ("\u3400", "\u9fff"))
_RUN = re.compile("[" + "".join(f"{a}-{b}" for a, b in RUN_RANGES) + "]+")
_DIGITS = re.compile(r"[0-9]+")
_BITS = 21  # every code point fits in 21 bits, so an n-gram of up to three characters is one int64
GRAM = "c:"


@dataclass(frozen=True)
class Example:
    """A measure to classify or learn from, with its context."""

    text: str
    labels: tuple[str, ...] = ()
    problem: str | None = None
    sections: tuple[str, ...] = ()
    source: str = ""
    group: str = ""  # the notice or source file it comes from: held-out folds keep a group together


def clean(text: str) -> str:
    """The text as it reads (`layout.View`: a mirror site's traditional script as simplified, its
    pinyin notes and hard wraps out), NFKC, every digit run as 0: features see 12.6万元 and 3.5万元 alike.
    Surrogate code points, which a parsed notice never holds but a caller's string may, are made
    characters as `parse` makes them (a lone one U+FFFD), so the segmenter and converter can read it."""
    text, _ = without_surrogates(text or "")
    return _DIGITS.sub("0", unicodedata.normalize("NFKC", View(text).text if text else ""))


def pack(grams: Sequence[str]) -> np.ndarray:
    """Each n-gram (of up to three characters) as one integer: its code points, 21 bits each, the first
    character highest, as `_char_ngrams` finds them (a NUL put before a shorter one adds nothing)."""
    width = max(CHAR_NGRAMS)
    codes = np.frombuffer("".join(gram.rjust(width, "\0") for gram in grams).encode("utf-32-le"), dtype=np.uint32)
    keys = np.zeros(len(grams), dtype=np.int64)
    for column in codes.reshape(-1, width).astype(np.int64).T:
        keys = keys << _BITS | column
    return keys


def unpack(key: int) -> str:
    """The n-gram `pack` made `key` from (no run character is code point 0)."""
    chars = []
    while key:
        chars.append(chr(key & (1 << _BITS) - 1))
        key >>= _BITS
    return "".join(reversed(chars))


@dataclass(frozen=True)
class Terms:
    """The terms of a batch of measures, one entry per occurrence: each n-gram as its measure's row
    and its packed n-gram (`pack`), each other term (`w:`, `p:`, `s:`, `r:`) as its row and its name."""

    size: int  # how many measures
    gram_rows: np.ndarray
    grams: np.ndarray
    name_rows: np.ndarray
    names: list[str]

    def __len__(self) -> int:
        return self.size

    def subset(self, rows: Sequence[int]) -> Terms:
        """The terms of the measures `rows` (in that order), numbered from 0."""
        new_row = np.full(self.size, -1, dtype=np.int64)
        new_row[np.asarray(rows, dtype=np.int64)] = np.arange(len(rows))
        grams_kept, names_kept = new_row[self.gram_rows] >= 0, new_row[self.name_rows] >= 0
        return Terms(
            len(rows),
            new_row[self.gram_rows[grams_kept]],
            self.grams[grams_kept],
            new_row[self.name_rows[names_kept]],
            [n for n, kept in zip(self.names, names_kept) if kept],
        )

    def as_counters(self) -> list[Counter[str]]:
        """Every measure's terms by name, n-grams as `c:` strings (for reading; prediction never needs it)."""
        out: list[Counter[str]] = [Counter() for _ in range(self.size)]
        for row, key in zip(self.gram_rows.tolist(), self.grams.tolist()):
            out[row][GRAM + unpack(key)] += 1
        for row, name in zip(self.name_rows.tolist(), self.names):
            out[row][name] += 1
        return out


def read_terms(examples: Sequence[Example], taxonomy: Taxonomy) -> Terms:
    """The terms of `examples`, the one featurizer of training and prediction."""
    texts = [clean(ex.text) for ex in examples]
    gram_rows, grams = _char_ngrams(texts)
    cue_terms = ["r:" + label for label in taxonomy.ids]
    names: list[str] = []
    per_row: list[int] = []
    for ex, text, cues in zip(examples, texts, taxonomy.cue_counts_each(texts)):
        before = len(names)
        names += ["w:" + w for w in _words(text)]
        if ex.problem:
            names += _context_terms("p:", ex.problem)
        for title in ex.sections:
            names += _context_terms("s:", title)
        for term, n in zip(cue_terms, cues):
            names += [term] * n
        per_row.append(len(names) - before)
    name_rows = np.repeat(np.arange(len(examples)), per_row)
    return Terms(len(examples), gram_rows, grams, name_rows, names)


def _char_ngrams(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, packed n-gram) of every character n-gram of `CHAR_NGRAMS` inside a run of each text."""
    joined = "\n".join(texts)  # a line break is in no run: no n-gram crosses from one text to the next
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    row_of = np.repeat(np.arange(len(texts)), [len(t) + 1 for t in texts])[: len(codes)]
    in_run = np.zeros(len(codes), dtype=bool)
    for low, high in RUN_RANGES:
        in_run |= (codes >= ord(low)) & (codes <= ord(high))
    rows, grams = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for n in CHAR_NGRAMS:
        starts = len(codes) - n + 1
        if starts <= 0:
            continue
        whole = np.ones(starts, dtype=bool)
        key = np.zeros(starts, dtype=np.int64)
        for i in range(n):
            whole &= in_run[i : i + starts]
            key = key << _BITS | codes[i : i + starts]
        rows.append(row_of[:starts][whole])
        grams.append(key[whole])
    return np.concatenate(rows), np.concatenate(grams)


def _words(text: str) -> list[str]:
    """Words of cleaned `text` by the project's segmenter (rjieba and the domain dictionary) that are runs."""
    return list(filter(_RUN.fullmatch, words(text)))


@lru_cache(maxsize=1024)
def _context_terms(kind: str, text: str) -> tuple[str, ...]:
    """The terms of kind `kind` made of the words of a problem or a section title: the same few recur
    for every item of a notice."""
    return tuple(kind + w for w in _words(clean(text)))


def vocabulary(terms: Terms, min_df: int = 2) -> list[str]:
    """The terms found in at least `min_df` measures, sorted (n-grams as `c:` strings)."""
    gram_pairs = np.unique(np.stack([terms.gram_rows, terms.grams]), axis=1)  # each n-gram once per measure
    grams, gram_df = np.unique(gram_pairs[1], return_counts=True)
    name_df = Counter(name for _, name in set(zip(terms.name_rows.tolist(), terms.names)))
    return sorted([GRAM + unpack(key) for key in grams[gram_df >= min_df].tolist()] + [name for name, n in name_df.items() if n >= min_df])


class Featurizer:
    """Term counts of measures over a fixed vocabulary, as the coordinates of a sparse matrix."""

    def __init__(self, taxonomy: Taxonomy, vocabulary: Sequence[str]):
        self.taxonomy = taxonomy
        self.vocabulary = list(vocabulary)
        self.columns = {term: i for i, term in enumerate(self.vocabulary)}
        columns = np.array([i for i, term in enumerate(self.vocabulary) if term.startswith(GRAM)], dtype=np.int64)
        keys = pack([self.vocabulary[i][len(GRAM) :] for i in columns.tolist()])
        order = np.argsort(keys)
        self._gram_keys = keys[order] if len(keys) else np.array([-1])  # -1: no n-gram packs to it
        self._gram_columns = columns[order] if len(keys) else np.array([-1])

    def count(self, terms: Terms) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, count) of every vocabulary term of each measure, by row then column;
        terms outside the vocabulary are left out."""
        at = np.searchsorted(self._gram_keys, terms.grams).clip(max=len(self._gram_keys) - 1)
        gram_known = self._gram_keys[at] == terms.grams
        name_columns = np.fromiter(map(self.columns.get, terms.names, repeat(-1)), dtype=np.int64, count=len(terms.names))
        name_known = name_columns >= 0
        rows = np.concatenate([terms.gram_rows[gram_known], terms.name_rows[name_known]])
        columns = np.concatenate([self._gram_columns[at[gram_known]], name_columns[name_known]])
        size = len(self.vocabulary)
        cells, counts = np.unique(rows * size + columns, return_counts=True)
        return cells // size, cells % size, counts


def measure_terms(example: Example, taxonomy: Taxonomy) -> Counter[str]:
    """The terms of one measure by name (`read_terms` of it alone), for reading and tests."""
    return read_terms([example], taxonomy).as_counters()[0]


def item_example(notice: Notice, item: Item, by_id: dict | None = None) -> Example:
    """The item's text with its problem and the titles of the sections above it (outermost first)."""
    by_id = by_id if by_id is not None else {s.id: s for s in notice.sections}
    return Example(
        item.text, tuple(lab.label for lab in item.labels), item.problem, _section_titles(item.section, by_id), notice.source.name, notice.source.name
    )


def notice_examples(notice: Notice) -> list[Example]:
    """`item_example` of every item of the notice."""
    by_id = {s.id: s for s in notice.sections}
    return [item_example(notice, item, by_id) for item in notice.items]


def _section_titles(section: str | None, by_id: dict) -> tuple[str, ...]:
    """Titles of `section` and the sections above it, outermost first."""
    titles, seen, sid = [], set(), section
    while sid and sid in by_id and sid not in seen:
        seen.add(sid)
        titles.append(by_id[sid].title)
        sid = by_id[sid].parent
    return tuple(reversed(titles))
