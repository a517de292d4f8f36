"""Segmentation with the domain dictionary, per-item signals, keywords, and the spaCy Doc on request.

Segmentation runs rjieba (the Rust port of jieba: same dictionary, same tokens, ~20× faster), or
jieba itself (`use_segmenter("jieba")`), with `data/userdict.txt` and any user dictionaries given
to `use_segmenter` added once per process, on first use (the first time to rjieba's own segmenter,
the one `rjieba.cut` uses, which importing rjieba builds). The notice text is segmented
once; item tokens are slices of it (`item_tokens`). rjieba's tokens equal `jieba.lcut`'s with
the same user dictionary except in one class, which `_RJieba.cut` undoes: rjieba keeps an ASCII
run whole where a letter or digit touches a connector (- . _ % + # &), as in 020-83124172,
www.gz.gov.cn or v1.2.3-beta, and jieba (when the run is not a dictionary word such as C++)
splits it into alphanumeric parts, a decimal and a trailing % staying with their number,
and the connectors between them. Left over: on nonsense strings the two can break a tie
between equally likely routes differently (1 in 20,000 random strings of mixed characters).

Signals of an item (`Item.signals`), each read from the item's own text (`enrich` scans all item
texts of a notice in one pass, joined so that no signal crosses from one item to the next):
  documents     《…》 names
  names         “…” quoted names of programmes, platforms, slogans (not quoted problem statements)
  amounts_yuan  every money amount, in yuan (万元 × 10⁴, 亿元 × 10⁸)
  numbers       how many other quantities are stated (N个, N项, N人, N次, N%, …)
  dates         ISO dates; YYYY-MM for a month (2024年8月底前), YYYY for a year (2025年底前);
                a date without a year takes the last year stated before it in the item
  units         responsible units named on a 责任单位:/牵头单位: line or as 由X牵头/负责
  stock_phrases formulaic phrases (进一步加强, 持续深化, 切实提高 …; lang/enrich_zh.py)
  specificity   how concrete the measure is, in [0, 1]:
                0.3 for each kind of concrete signal present (amounts, numbers, documents,
                names, dates, units) and 0.2 for each further signal of a kind already
                present (a second amount, a third count …), at most 1; minus 0.1 for each
                stock phrase per 100 characters of the item (items shorter than 100 count
                as 100); at least 0. So two kinds of evidence, or two counts, make at least
                0.5, and an item with none scores 0.

Keywords of a notice (`Notice.keywords`, up to 15): TF-IDF over the tokens of its items (or of
the whole text when it has no items; only the items and the words they cut are segmented), words of two or more characters with a Chinese
character and not in the stopword or stock-phrase lists; the inverse document frequency is
log(total / frequency) from the segmentation dictionary (rjieba's frequencies, whichever segmenter
cuts, so that the keywords are the same with both), so genre words the dictionary finds common weigh little.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import ge, itemgetter, mul
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notice_miner.errors import DictionaryError
from notice_miner.lang import enrich_zh as zh
from notice_miner.lang.numerals import cn_to_int, money_to_yuan
from notice_miner.model import Item, Notice, Signals

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

USERDICT_PATH = Path(__file__).parent / "data" / "userdict.txt"
KEYWORDS_MAX = 15
SIGNAL_WEIGHT = 0.3  # each kind of concrete signal present
FURTHER_WEIGHT = 0.2  # each further signal of a kind already present
STOCK_PENALTY = 0.1  # per stock phrase per 100 characters

Token = tuple[str, int, int]

SEGMENTERS = ("rjieba", "jieba")
DEFAULT_SEGMENTER = "rjieba"

_lock = threading.Lock()
_backend = None  # the segmenter in use, built on first use (`_segmenter`)
_STOCK = re.compile("|".join(map(re.escape, sorted(zh.STOCK_PHRASES, key=len, reverse=True))))
# rjieba may keep whole an ASCII run in which a letter or digit touches one of these connectors.
_CONNECTOR = re.compile(r"[-._%+#&]")
# Characters jieba always makes a word of their own: outside its runs of Chinese, letters, digits
# and + # & . _ % -, and not the \r of a \r\n.
_WORD_BOUNDARY = frozenset("\n 。,;:!?()、《》“”")
_ASCII_WORD = re.compile(r"[A-Za-z0-9+#&._%-]*[A-Za-z0-9][A-Za-z0-9+#&._%-]*")
_JIEBA_ASCII_PART = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_STOCK_SET = frozenset(zh.STOCK_PHRASES)


@dataclass(frozen=True)
class Segmentation:
    """Which segmenter, and the user dictionaries (jieba's format) added after the domain dictionary."""

    segmenter: str = DEFAULT_SEGMENTER
    userdicts: tuple[Path, ...] = ()
    words: tuple[tuple[str, int | None, str | None], ...] = ()  # the entries of `userdicts`, in order

    @property
    def id(self) -> str:
        """ "rjieba" for the default; else the segmenter and a hash of the added entries (batch compares it)."""
        if not self.words:
            return self.segmenter
        import hashlib

        return f"{self.segmenter}+{hashlib.sha256(repr(self.words).encode('utf-8')).hexdigest()[:12]}"


_segmentation = Segmentation()


def use_segmenter(segmenter: str = DEFAULT_SEGMENTER, userdicts: Iterable[str | Path] = ()) -> Segmentation:
    """Segment with `segmenter` (rjieba or jieba: the same tokens) and the domain dictionary plus
    `userdicts` from now on in this process (and the worker processes it forks). Raises
    `DictionaryError` naming a dictionary that cannot be read, ValueError for an unknown segmenter."""
    global _segmentation, _backend
    if segmenter not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {segmenter!r}; choose one of: {', '.join(SEGMENTERS)}")
    paths = tuple(Path(p) for p in userdicts)
    chosen = Segmentation(segmenter, paths, tuple(entry for path in paths for entry in user_words(path)))
    with _lock:
        if chosen != _segmentation:
            _segmentation, _backend = chosen, None
            _segmented.cache_clear()
            _keyword_weights.clear()
            _dictionary_total.cache_clear()
    return chosen


def segmentation() -> Segmentation:
    """The segmentation in use."""
    return _segmentation


def user_words(path: Path = USERDICT_PATH) -> list[tuple[str, int | None, str | None]]:
    """Entries of a dictionary in jieba's format (word [freq] [tag] a line; UTF-8, a BOM allowed)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        reason = "not UTF-8 text" if isinstance(err, UnicodeDecodeError) else (err.strerror or str(err)).lower()
        raise DictionaryError(path, f"cannot read this user dictionary ({reason})") from None
    words = []
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        words.append((parts[0], freq, tag))
    return words


@lru_cache(maxsize=1)
def _domain_words() -> list[tuple[str, int | None, str | None]]:
    """The domain dictionary's entries (data/userdict.txt), read once per process: the segmenter and
    the keyword weights' dictionary total both count them."""
    return user_words()


def _segmenter():
    """The chosen segmenter with the domain dictionary and the user dictionaries, built once."""
    global _backend
    if _backend is None:
        with _lock:
            if _backend is None:
                entries = [*_domain_words(), *_segmentation.words]
                _backend = _Jieba(entries) if _segmentation.segmenter == "jieba" else _RJieba(entries)
    return _backend


class _RJieba:
    # Importing rjieba builds its own segmenter with jieba's dictionary (rjieba.cut …), as long again as
    # the rest of the set-up: the first segmenter of a process is that one with the domain words added;
    # a later one (other user dictionaries: a word added cannot be taken out) is built afresh.
    _own_taken = False

    def __init__(self, entries: list[tuple[str, int | None, str | None]]):
        import rjieba

        self.engine: Any = rjieba.Jieba() if _RJieba._own_taken else rjieba
        _RJieba._own_taken = True
        for word, freq, tag in entries:
            self.engine.add_word(word, freq, tag)
        self.has_word, self.suggest_freq = self.engine.has_word, self.engine.suggest_freq

    def cut(self, text: str) -> list[str]:
        """jieba's words of `text`: rjieba's, with the ASCII runs it keeps whole split."""
        words = self.engine.cut(text)
        if _CONNECTOR.search(text):
            _split_joined_ascii(words, text, self.has_word)
        return words


class _Jieba:
    def __init__(self, entries: list[tuple[str, int | None, str | None]]):
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict …" on every start
        self.engine = jieba.Tokenizer()
        for word, freq, tag in entries:
            self.engine.add_word(word, freq, tag)
        self.cut = self.engine.lcut
        self._entries = entries
        self._weigher: _RJieba | None = None

    def suggest_freq(self, word: str) -> int:
        """rjieba's frequency of `word` with the same dictionaries, so that keywords do not depend on
        the segmenter: jieba's own sums its total otherwise and rounds otherwise (one more for about
        half of the dictionary's words, which reorders keywords of equal counts)."""
        if self._weigher is None:
            with _lock:
                if self._weigher is None:
                    self._weigher = _RJieba(self._entries)
        return self._weigher.suggest_freq(word)


class _Segmented:
    """One text's words and their start offsets (the words cover the text end to end)."""

    __slots__ = ("words", "starts", "_tokens")

    def __init__(self, words: list[str]):
        self.words = words
        self.starts = list(accumulate(map(len, words), initial=0))
        self._tokens: tuple[Token, ...] | None = None

    @property
    def tokens(self) -> tuple[Token, ...]:
        if self._tokens is None:
            self._tokens = tuple(zip(self.words, self.starts, self.starts[1:]))
        return self._tokens

    def index_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices [i, j) of the tokens overlapping [start, end)."""
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        j = bisect.bisect_left(self.starts, end, lo=i)
        return i, min(j, len(self.words))


@lru_cache(maxsize=4)
def _segmented(text: str) -> _Segmented:
    return _Segmented(_cut(text))


def _cut(text: str) -> list[str]:
    """jieba's words of `text` with the domain and user dictionaries."""
    return _segmenter().cut(text)


def _split_joined_ascii(words: list[str], text: str, has_word: Callable[[str], bool]) -> None:
    """Split in place the ASCII runs rjieba keeps whole (020-83124172) the way jieba does.

    Only a word holding a connector can differ (an ASCII word of letters and digits alone is one
    part), and every such word holds a connector character of the text, so the connectors found
    in `text` point at all the words to look at.
    """
    ends = list(accumulate(map(len, words)))
    for k in sorted({bisect.bisect_right(ends, m.start()) for m in _CONNECTOR.finditer(text)}, reverse=True):
        word = words[k]
        if len(word) > 1 and _ASCII_WORD.fullmatch(word) and not has_word(word):
            parts = [p for p in _JIEBA_ASCII_PART.split(word) if p]
            if len(parts) > 1:
                words[k : k + 1] = parts


def _words_over(text: str, start: int, end: int) -> list[str]:
    """The words of `text` (as `segment(text)` has them) that overlap [start, end), 0 <= start < end;
    only the span and the words it cuts are segmented.

    jieba segments each run of Chinese, letters, digits and + # & . _ % - on its own and makes every
    other character a word, so the text around a span can be segmented from and up to the nearest
    of those (`_WORD_BOUNDARY`).
    """
    lo, hi, size = start, end, len(text)
    while lo and text[lo - 1] not in _WORD_BOUNDARY:
        lo -= 1
    while hi < size and text[hi - 1] not in _WORD_BOUNDARY:
        hi += 1
    words = _cut(text[lo:hi])
    if lo < start:  # drop the words that end before the span
        k = 0
        while lo + len(words[k]) <= start:
            lo += len(words[k])
            k += 1
        del words[:k]
    if hi > end:  # and those that start after it
        k = len(words)
        while hi - len(words[k - 1]) >= end:
            hi -= len(words[k - 1])
            k -= 1
        del words[k:]
    return words


def tokenize(text: str) -> list[Token]:
    """Tokens of `text` as (word, start, end), jieba's segmentation with the domain dictionary."""
    return list(_segmented(text).tokens)


def segment(text: str) -> list[str]:
    """Words of `text`, as `jieba.lcut` with the domain dictionary gives them."""
    return list(_segmented(text).words)


def words(text: str) -> list[str]:
    """`segment(text)` for a short text segmented once (a measure, a title): no cache."""
    return _cut(text)


def tokens_in(text: str, start: int, end: int) -> list[Token]:
    """Tokens of `text` (segmented once, cached) inside [start, end), cut at the edges."""
    seg = _segmented(text)
    i, j = seg.index_range(start, end)
    out = list(seg.tokens[i:j])
    for k in (0, -1):
        if out and (out[k][1] < start or out[k][2] > end):
            s, e = max(out[k][1], start), min(out[k][2], end)
            out[k] = (text[s:e], s, e)
    return out


def item_tokens(notice: Notice, item: Item) -> list[Token]:
    """Tokens of one item, offsets in the notice text; no segmentation of its own."""
    return tokens_in(notice.text, *item.span)


@dataclass(frozen=True)
class Enrichment:
    """What enrich adds to a notice: each item's signals, in the items' order, and its keywords."""

    signals: list[Signals]
    keywords: list[str]


def enrich(text: str, items: Sequence[Item]) -> Enrichment:
    """The signals of every item and the notice's keywords (the pipeline puts them in the `Notice`)."""
    texts = [item.text for item in items]
    return Enrichment(
        signals=[_signals_from(hits, len(t)) for t, hits in zip(texts, _item_hits(texts))], keywords=keywords(text, [item.span for item in items])
    )


def signals(text: str) -> Signals:
    """Signals of one item's text (see the module docstring)."""
    return _signals_from(_scan(text), len(text))


# A hit: (start, end, kind, value); kind is document, name, amount, count, date, unit or stock_phrase.
Hit = tuple[int, int, str, object]

# Put between item texts so that one scan finds each item's signals as a scan of the item alone
# would: every signal pattern stops at 。 or at a line break and none starts or looks back past
# them, and what a signal looks at after an item's end (元旦, 方面, a count's measure word, a
# value after "责任单位:") is never 。.
_ITEM_SEPARATOR = "。\n"


def _item_hits(texts: Sequence[str]) -> list[list[Hit]]:
    """The hits of each text, from one scan of all of them (see `_ITEM_SEPARATOR`)."""
    if not texts:
        return []
    starts = list(accumulate((len(t) + len(_ITEM_SEPARATOR) for t in texts[:-1]), initial=0))
    per_text: list[list[Hit]] = [[] for _ in texts]
    for hit in _scan(_ITEM_SEPARATOR.join(texts)):
        per_text[bisect.bisect_right(starts, hit[0]) - 1].append(hit)
    return per_text


def _scan(text: str) -> list[Hit]:
    """Every signal stated in `text` (one item's), in order of position."""
    hits: list[Hit] = []
    if "《" in text:
        hits += [(m.start(), m.end(), "document", m.group(1).strip()) for m in zh.DOCUMENT.finditer(text)]
    if "“" in text:
        hits += [(m.start(), m.end(), "name", m.group(1).strip()) for m in zh.QUOTED.finditer(text) if _is_name(text, m)]
    hits += _amounts(text)
    hits += _numbers(text)
    hits += _dates(text)
    hits += _units(text)
    hits += [(m.start(), m.end(), "stock_phrase", m.group()) for m in _STOCK.finditer(text)]
    hits.sort(key=_POSITION)
    return hits


_POSITION = itemgetter(0, 1)


def _signals_from(hits: list[Hit], length: int) -> Signals:
    found: dict[str, list] = {"document": [], "name": [], "amount": [], "count": [], "date": [], "unit": [], "stock_phrase": []}
    for hit in hits:
        found[hit[2]].append(hit[3])
    amounts, numbers, stock = found["amount"], len(found["count"]), found["stock_phrase"]
    documents, names, units = _unique(found["document"]), _unique(found["name"]), _unique(found["unit"])
    dates = _unique(_resolve_dates(found["date"]))
    counted = (len(amounts), numbers, len(documents), len(names), len(dates), len(units))
    kinds = 6 - counted.count(0)
    evidence = SIGNAL_WEIGHT * kinds + FURTHER_WEIGHT * (sum(counted) - kinds)
    penalty = STOCK_PENALTY * len(stock) * 100 / max(length, 100)
    specificity = max(0.0, min(1.0, evidence) - penalty)
    return _validate_signals(
        {
            "documents": documents,
            "names": names,
            "amounts_yuan": amounts,
            "numbers": numbers,
            "dates": dates,
            "units": units,
            "stock_phrases": stock,
            "specificity": round(specificity, 3),
        }
    )


_validate_signals = Signals.__pydantic_validator__.validate_python


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(filter(None, values))) if values else values


def _find_all(text: str, char: str) -> list[int]:
    out, i = [], text.find(char)
    while i >= 0:
        out.append(i)
        i = text.find(char, i + 1)
    return out


def _is_name(text: str, m: re.Match[str]) -> bool:
    if zh.QUOTED_SENTENCE.search(m.group(1)):
        return False
    problem = zh.QUOTED_PROBLEM_BEFORE.search(text, max(0, m.start() - 2), m.start()) and zh.QUOTED_PROBLEM_AFTER.match(text, m.end())
    return not problem


def _amounts(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for p in _find_all(text, "元"):
        if text[p + 1 : p + 2] and text[p + 1] in zh.NOT_MONEY_AFTER_YUAN:
            continue
        m = zh.AMOUNT.search(text, max(0, p - zh.AMOUNT_WINDOW), p + 1)
        if m is None or (m.start() and text[m.start() - 1] in _DIGITS_DOT):
            continue
        yuan = _amount_value(m)
        if yuan:
            hits.append((m.start(), m.end(), "amount", yuan))
    return hits


_DIGITS_DOT = frozenset("0123456789.")


def _amount_value(m: re.Match[str]) -> float | None:
    number, multiplier = m.group("num"), zh.MONEY_MULTIPLIER[m.group("unit") or ""]
    if number[0].isdigit():
        value = money_to_yuan(number, "元")
    else:
        whole = cn_to_int(number)
        value = float(whole) if whole else None
    if value is None:
        return None
    yuan = value * multiplier
    if m.group("yi"):
        yuan += money_to_yuan(m.group("yi"), "亿") or 0.0
    return round(yuan, 2)


def _numbers(text: str) -> list[Hit]:
    """Counts (N项, N人, N%) and dates written 2024-10-28, from the Arabic numbers of the text."""
    hits: list[Hit] = []
    skip_to = 0
    for m in zh.NUMBER_COUNTED.finditer(text):
        start, end = m.span("number")
        if start < skip_to:
            continue
        iso = zh.ISO_DATE.match(text, start) if end - start >= 4 else None
        if iso and not (start and text[start - 1] in _DIGITS_DOT):
            y, mo, d = int(iso.group(1)), int(iso.group(3)), int(iso.group(4))
            hits.append((start, iso.end(), "date", (y, mo, d)))
            skip_to = iso.end()
        elif m.group("tail"):
            hits.append((start, m.end(), "count", None))
    return hits


def _dates(text: str) -> list[Hit]:
    """Dates around each 年 and 月; a value is (year or None, month or None, day or None)."""
    hits: list[Hit] = []
    covered = 0
    for p in sorted(_find_all(text, "年") + _find_all(text, "月")):
        if p < covered:
            continue
        for m in zh.DATE.finditer(text, max(0, p - zh.DATE_WINDOW), p + zh.DATE_WINDOW):
            if m.end() <= p or m.start() > p:
                continue
            if m.start() and text[m.start() - 1] in _DIGITS_DOT:
                break
            value = _date_value(m)
            if value is not None:
                hits.append((m.start(), m.end(), "date", value))
                covered = m.end()
            break
    return hits


def _date_value(m: re.Match[str]) -> tuple[int | None, int | None, int | None] | None:
    if m.group("y"):
        year = cn_to_int(m.group("y"))
        if m.group("part"):
            return (year, None, None)
        month, day = m.group("m"), m.group("d")
    else:
        year, month, day = None, m.group("m2"), m.group("d2")
        if not month.isdigit() and day is None:
            return None  # 三月 alone is too weak to be a date
    mo = cn_to_int(month)
    d = cn_to_int(day) if day else None
    if year is None and mo is None:
        return None
    return (year, mo, d)


def _resolve_dates(values: list[tuple[int | None, int | None, int | None]]) -> list[str]:
    """ISO texts of an item's date hits, a year carried to the later dates that lack one."""
    out = []
    year = None
    for y, mo, d in values:
        if y is not None:
            year = y
        if year is None or not 1900 <= year <= 2200:
            continue
        if mo is None:
            out.append(f"{year:04d}")
        elif 1 <= mo <= 12 and (d is None or 1 <= d <= 31):
            out.append(f"{year:04d}-{mo:02d}" + (f"-{d:02d}" if d is not None else ""))
    return out


def _units(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for p in _find_all(text, ":"):
        if not zh.RESPONSIBLE_LABEL.search(text, max(0, p - 8), p):
            continue
        value = zh.RESPONSIBLE_VALUE.match(text, p + 1)
        if value is None:  # the label ends the text: no unit named
            continue
        pos = value.start(1)
        for part in zh.RESPONSIBLE_SPLIT.split(value.group(1)):
            unit = part.strip(" 。.等")
            if 2 <= len(unit) <= 40:
                start = pos + part.index(unit)
                hits.append((start, start + len(unit), "unit", unit))
            pos += len(part) + 1
    hits += [(m.start(1), m.end(1), "unit", m.group(1)) for m in zh.LED_BY.finditer(text)]
    return hits


def keywords(text: str, spans: Sequence[tuple[int, int]], limit: int = KEYWORDS_MAX) -> list[str]:
    """The most characteristic words of a notice's text, read over its items' spans (TF-IDF; see
    the module docstring)."""
    words: list[str] = []
    if not spans:
        words = _cut(text)
    elif all(0 <= start < end <= len(text) for start, end in spans):
        for start, end in spans:
            words += _words_over(text, start, end)
    else:
        seg = _segmented(text)
        for start, end in spans:
            i, j = seg.index_range(start, end)
            words += seg.words[i:j]
    counts = Counter(words)
    scores = list(map(mul, counts.values(), map(_keyword_weights.__getitem__, counts)))
    # Only words scoring at least the limit-th best score can be among the best (ties included);
    # a word of weight 0 is no keyword.
    least = sorted(scores)[-limit] if len(scores) > limit else 0.0
    best = sorted((-score, word) for score, word in compress(zip(scores, counts), map(ge, scores, repeat(least))) if score)
    return [word for _, word in best[:limit]]


@lru_cache(maxsize=1)
def _dictionary_total() -> int:
    # rjieba does not expose the total; jieba's dict.txt sums to 60,101,967 and the user
    # dictionaries add their own frequencies.
    return 60_101_967 + sum(freq or 0 for _, freq, _ in [*_domain_words(), *_segmentation.words])


class _KeywordWeights(dict):
    """IDF of a keyword candidate, 0 for a word that cannot be a keyword; computed once per process."""

    def __missing__(self, word: str) -> float:
        weight = 0.0
        if len(word) > 1 and word not in zh.KEYWORD_STOPWORDS and word not in _STOCK_SET and zh.HAN.search(word):
            # suggest_freq is the dictionary frequency of a known word, a small estimate for an unknown one
            frequency = max(_segmenter().suggest_freq(word), 1)
            weight = math.log(_dictionary_total()) - math.log(frequency)
        self[word] = weight
        return weight


_keyword_weights = _KeywordWeights()


# --- spaCy (optional: notice-miner[spacy]) ---


def to_spacy_doc(notice: Notice, nlp: Language | None = None, *, notice_id: str | None = None, labels: Sequence[str] = ()) -> Doc:
    """A spaCy `Doc` over our tokens, never re-segmented (built on the vocabulary of
    `spacy.blank("zh")` or `nlp`), with span groups:
      items       one span per item, labelled with its first category ("item" when unlabelled), span id the item id
      categories  one span per item and category it carries (overlapping spans, as spaCy's spancat reads them)
      sections    one span per section, labelled with the section id
      signals     where each signal is stated, labelled with its kind
    `doc.cats` holds, per category, the highest score among the items carrying it (0.0 for the
    other `labels`, e.g. the classifier's). `user_data["notice_id"]` is `notice_id` (`parse --spacy`
    passes the id `batch` gives the file in its tables), by default the file name.
    """
    from spacy.tokens import Doc

    nlp = nlp or _blank_zh()
    groups = {
        "sections": [(s.span, s.id, "") for s in notice.sections],
        "items": [(i.span, i.labels[0].label if i.labels else "item", i.id) for i in notice.items],
        "categories": [(i.span, lab.label, i.id) for i in notice.items for lab in i.labels],
        "signals": [(span, kind, "") for span, kind in signal_spans(notice)],
    }
    cuts = {pos for spans in groups.values() for span, _, _ in spans for pos in span}
    words = _words_cut_at(notice.text, cuts)
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    for name, spans in groups.items():
        doc.spans[name] = _spans(doc, spans)
    doc.cats = category_scores(notice, labels)
    doc.user_data.update(
        {
            "notice_id": notice_id or notice.source.name,
            "sha256": notice.source.sha256,
            "name": notice.source.name,
            "path": notice.source.path,
            "title": notice.title,
            "metadata": notice.metadata.model_dump(exclude_none=True),
            "item_ids": [i.id for i in notice.items],
            "keywords": list(notice.keywords),
        }
    )
    return doc


def category_scores(notice: Notice, labels: Sequence[str] = ()) -> dict[str, float]:
    """Per category, the highest score among the notice's items carrying it; 0.0 for the other `labels`."""
    cats = dict.fromkeys(labels, 0.0)
    for item in notice.items:
        for lab in item.labels:
            cats[lab.label] = max(cats.get(lab.label, 0.0), lab.score)
    return cats


def _words_cut_at(text: str, cuts: set[int]) -> list[str]:
    """Our words, a word split where a section, item or signal begins or ends inside it, so that
    every span lands on token boundaries (a split, never a re-segmentation)."""
    seg = _segmented(text)
    words: list[str] = []
    for word, start in zip(seg.words, seg.starts):
        inner = sorted(c - start for c in cuts if start < c < start + len(word)) if len(word) > 1 else ()
        if not inner:
            words.append(word)
            continue
        edges = [0, *inner, len(word)]
        words += [word[a:b] for a, b in zip(edges, edges[1:])]
    return words


def _spans(doc: Doc, spans: Iterable[tuple[tuple[int, int], str, str]]) -> list:
    out = []
    for (start, end), label, span_id in spans:
        span = doc.char_span(start, end, label=label, span_id=span_id, alignment_mode="expand")
        if span is not None:
            out.append(span)
    return out


def signal_spans(notice: Notice) -> list[tuple[tuple[int, int], str]]:
    """Where the items' signals are stated in the text: ((start, end), kind), kind one of
    document, name, amount, count, date, unit, stock_phrase."""
    texts = [item.text for item in notice.items]
    starts = accumulate((len(t) + len(_ITEM_SEPARATOR) for t in texts), initial=0)
    return [
        ((item.span[0] + s - start, item.span[0] + e - start), kind)
        for item, start, hits in zip(notice.items, starts, _item_hits(texts))
        for s, e, kind, _ in hits
    ]


@lru_cache(maxsize=1)
def _blank_zh() -> Language:
    import spacy

    # The blank zh pipeline's tokenizer is never run (we build Docs from our tokens); "char"
    # keeps it from wanting jieba or pkuseg at construction.
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


def export_docbin(notices: Sequence[Notice], path: str | Path, *, notice_ids: Sequence[str] | None = None, labels: Sequence[str] = ()) -> None:
    """Write the notices as a spaCy DocBin (user data kept), for spaCy's own tools; `notice_ids`
    and `labels` as in `to_spacy_doc`."""
    from spacy.tokens import DocBin

    from notice_miner.fileio import write_atomic

    nlp = _blank_zh()
    docbin = DocBin(store_user_data=True)
    for k, notice in enumerate(notices):
        docbin.add(to_spacy_doc(notice, nlp, notice_id=notice_ids[k] if notice_ids else None, labels=labels))
    write_atomic(Path(path), docbin.to_bytes())
