"""The one featurizer of the measure classifier: training and prediction both call `measure_features`.

A measure becomes a list of feature strings: character 1–3-grams (`c:`), words (`w:`), words of
the problem it answers (`p:`) and of the section titles above it (`s:`), and one `r:<label>` per
cue-word hit of the taxonomy. Training weights them with scikit-learn's TF-IDF; prediction looks
the same strings up in the exported vocabulary (`model.LinearClassifier`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from notice_miner.classify.taxonomy import Taxonomy
from notice_miner.enrich import words
from notice_miner.layout import View
from notice_miner.model import Item, Notice

CHAR_NGRAMS = (1, 2, 3)

_RUN = re.compile(r"[0-9A-Za-z\u3400-\u9fff]+")  # what n-grams and words are made of
_DIGITS = re.compile(r"[0-9]+")


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
    pinyin notes and hard wraps out), NFKC, every digit run as 0: features see 12.6万元 and 3.5万元 alike."""
    return _DIGITS.sub("0", unicodedata.normalize("NFKC", View(text).text if text else ""))


def _words(text: str) -> list[str]:
    """Words of cleaned `text` by the project's segmenter (rjieba and the domain dictionary)."""
    return [w for w in words(text) if _RUN.fullmatch(w)]


@lru_cache(maxsize=1024)
def _context_words(text: str) -> tuple[str, ...]:
    """`_words` of a problem or a section title: the same few recur for every item of a notice."""
    return tuple(_words(clean(text)))


def measure_features(example: Example, taxonomy: Taxonomy) -> list[str]:
    """Feature strings of one measure (a string once per occurrence)."""
    text = clean(example.text)
    feats: list[str] = []
    for run in _RUN.findall(text):
        feats += ["c:" + run[i:i + n] for n in CHAR_NGRAMS for i in range(len(run) - n + 1)]
    feats += ["w:" + w for w in _words(text)]
    if example.problem:
        feats += ["p:" + w for w in _context_words(example.problem)]
    for title in example.sections:
        feats += ["s:" + w for w in _context_words(title)]
    for label, count in zip(taxonomy.ids, taxonomy.cue_counts(text)):
        feats.extend(["r:" + label] * count)
    return feats


def item_example(notice: Notice, item: Item, by_id: dict | None = None) -> Example:
    """The item's text with its problem and the titles of the sections above it (outermost first)."""
    by_id = by_id if by_id is not None else {s.id: s for s in notice.sections}
    return Example(item.text, tuple(lab.label for lab in item.labels), item.problem,
                   _section_titles(item.section, by_id), notice.source.name, notice.source.name)


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
