"""The label taxonomy: ids, names, cue words, and the cue-word counts the features and rules use."""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from pathlib import Path

from notice_miner.errors import ModelError
from notice_miner.lang import classify_zh as zh
from notice_miner.model import LABEL_ID

TAXONOMY_FILE = Path(__file__).parents[1] / "data" / "taxonomy.json"

# A cue is a list of parts; a part is a list of alternative words (syntax `A|B + C|D`).
Cue = list[list[str]]


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
        return {
            "labels": [
                {
                    "id": c.id,
                    "name": c.name,
                    "description": c.description,
                    "cues": list(c.cues),
                    **({"first_cues": list(c.first_cues)} if c.first_cues else {}),
                }
                for c in self.categories
            ]
        }

    def cue_counts(self, text: str) -> list[int]:
        """Occurrences of each label's cues in `text`: a cue of one part counts each of its words, a
        cue of several parts its rarest part."""
        return self.cue_counts_each([text])[0]

    def cue_counts_each(self, texts: Sequence[str]) -> list[list[int]]:
        """`cue_counts` of each text, from one search of all of them for the cue words."""
        index = self._cue_index
        out = []
        for found in index.occurrences(texts):
            counts = [0] * len(self.categories)
            for word, n in found.items():
                for j in index.labels_of_word[word]:
                    counts[j] += n
            for j, cue in index.compound:
                counts[j] += min(sum(found.get(word, 0) for word in part) for part in cue)
            out.append(counts)
        return out

    def lead_labels(self, text: str) -> list[int]:
        """Indices of the labels whose `first_cues` occur in the measure's lead clause."""
        lead = lead_clause(unicodedata.normalize("NFKC", text or ""))
        return [j for j, cues in self._first_cues if any(_cue_occurs(cue, lead) for cue in cues)]

    @cached_property
    def _cue_index(self) -> _CueIndex:
        return _CueIndex.of(self)

    @cached_property
    def _first_cues(self) -> list[tuple[int, list[Cue]]]:
        return [(j, parse_cues(c.first_cues)) for j, c in enumerate(self.categories) if c.first_cues]


@dataclass(frozen=True)
class _CueIndex:
    """A taxonomy's cue words: each once, the labels each one-part cue word counts for (a word listed
    twice counts twice), and the cues of several parts with their label."""

    words: tuple[str, ...]
    labels_of_word: dict[str, list[int]]
    compound: list[tuple[int, Cue]]

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> _CueIndex:
        cues = [(j, cue) for j, c in enumerate(taxonomy.categories) for cue in parse_cues(c.cues) if cue and all(cue)]
        words = tuple(dict.fromkeys(word for _, cue in cues for part in cue for word in part))
        labels_of_word: dict[str, list[int]] = {word: [] for word in words}
        for j, cue in cues:
            if len(cue) == 1:
                for word in cue[0]:
                    labels_of_word[word].append(j)
        return cls(words, labels_of_word, [(j, cue) for j, cue in cues if len(cue) > 1])

    @cached_property
    def _longest_first(self) -> re.Pattern[str]:
        """Any cue word, the longest that starts at a place."""
        return re.compile("|".join(map(re.escape, sorted(self.words, key=len, reverse=True))))

    @cached_property
    def _starting_with(self) -> dict[str, list[str]]:
        """Cue word → the cue words it starts with (itself included): those that start where it does."""
        return {word: [w for w in self.words if word.startswith(w)] for word in self.words}

    def occurrences(self, texts: Sequence[str]) -> list[dict[str, int]]:
        """How often each cue word occurs in each text, as `str.count` counts (occurrences of one word
        do not overlap), from one search of the texts joined: every place a cue word starts, where the
        longest one found there and the cue words it starts with occur."""
        joined = "\n".join(texts)
        ends = list(accumulate(len(text) + 1 for text in texts))  # each text's end (+1) in `joined`
        found: list[dict[str, int]] = [{} for _ in texts]
        free: dict[str, int] = {}  # where each word may occur next without overlapping its last one
        at = self._longest_first.search(joined) if self.words else None
        while at is not None:
            start = at.start()
            row = bisect.bisect_right(ends, start)
            for word in self._starting_with[at.group()]:
                end = start + len(word)
                if end < ends[row] and start >= free.get(word, 0):  # within the text, not overlapping
                    found[row][word] = found[row].get(word, 0) + 1
                    free[word] = end
            at = self._longest_first.search(joined, start + 1)
        return found


def parse_cues(cues: tuple[str, ...]) -> list[Cue]:
    """`制定|修订 + 办法` → [['制定', '修订'], ['办法']]."""
    return [[[a.strip() for a in part.split("|") if a.strip()] for part in cue.split("+")] for cue in cues]


def _cue_occurs(cue: Cue, text: str) -> bool:
    """Whether a cue occurs in `text`: a word of each of its parts does (a cue with an empty part never does)."""
    return bool(cue) and all(any(word in text for word in part) for part in cue)


_LEAD_AFTER = re.compile("(?:" + "|".join(map(re.escape, zh.LEAD_AFTER)) + r")\s*:")
_CLAUSE_END = re.compile("|".join(map(re.escape, zh.CLAUSE_END)))


def lead_clause(text: str) -> str:
    """The measure's first clause (of NFKC text), after a leading 整改情况: / 整改措施: label when there is one."""
    label = _LEAD_AFTER.search(text)
    return _CLAUSE_END.split(text[label.end() :] if label else text, maxsplit=1)[0]


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
    bad = [i for i in ids if not re.match(LABEL_ID, i)]
    if bad:
        raise ModelError(f"{path}: label ids must be lower-case letters, digits and _ ({LABEL_ID}): {', '.join(map(repr, bad[:5]))}")
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ModelError(f"{path}: duplicate label ids in taxonomy: {', '.join(dup)}")
    return Taxonomy(tuple(categories), source)


def _category_from_json(entry: object, path: object) -> Category:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
        raise ModelError(f"{path}: every taxonomy label needs a string 'id'")
    cues, first_cues = entry.get("cues") or [], entry.get("first_cues") or []
    cues, first_cues = [_cues_from_text(c) if isinstance(c, str) else c for c in (cues, first_cues)]
    return Category(
        entry["id"].strip(),
        str(entry.get("name", "")),
        str(entry.get("description", "")),
        tuple(str(c) for c in cues),
        tuple(str(c) for c in first_cues),
    )


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
