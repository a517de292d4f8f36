"""Words a group uses more than the rest, and the stock phrases repeated across notices."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from notice_miner.compare.load import Corpus, group_column
from notice_miner.lang import compare_phrases as phrases_zh

PRIOR_SIZE = 1000.0
DISTINCTIVE_Z = 1.96
_WORDLIKE = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]*$")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


# ---------------------------------------------------------------- distinctive words


@lru_cache(maxsize=1)
def _word_lists() -> tuple[frozenset[str], re.Pattern]:
    def lines(name: str) -> list[str]:
        text = resources.files("notice_miner.lang").joinpath(name).read_text("utf-8")
        return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]

    phrases = sorted(lines("compare_stock_phrases.txt"), key=len, reverse=True)
    return frozenset(lines("compare_stopwords.txt")), re.compile("|".join(map(re.escape, phrases)))


@lru_cache(maxsize=1)
def _segmenter():
    """The project's segmenter (`enrich.segment`, jieba with the domain dictionary), else rjieba."""
    from notice_miner import enrich

    if callable(getattr(enrich, "segment", None)):
        return enrich.segment
    import rjieba

    return rjieba.cut


def content_tokens(text: str) -> list[str]:
    """Words of a measure for comparison: stock phrases and stopwords out, two or more characters."""
    _, stock = _word_lists()
    keep = _keep_token
    return [t for t in _segmenter()(stock.sub(" ", text)) if keep(t)]


def notice_texts(corpus: Corpus) -> dict[str, str]:
    """Each notice's measure texts, one a line, by notice id."""
    joined: dict[str, list[str]] = defaultdict(list)
    for notice_id, text in zip(corpus.items["notice_id"].tolist(), corpus.items["text"].tolist()):
        joined[notice_id].append(text)
    return {notice_id: "\n".join(texts) for notice_id, texts in joined.items()}


@lru_cache(maxsize=200_000)
def _keep_token(token: str) -> bool:
    return len(token) > 1 and token not in _word_lists()[0] and bool(_WORDLIKE.match(token))


def distinctive_terms(corpus: Corpus, by: str = "agency", top: int = 15, prior_size: float = PRIOR_SIZE) -> pd.DataFrame:
    """Per group, the words it uses more than the rest (weighted log-odds, informative Dirichlet prior).

    Columns: group, term, z, log_odds, count_group, count_rest, per_10k_group, per_10k_rest,
    notices (ids of the group's notices using the word, `;`-joined).
    """
    columns = ["group", "term", "z", "log_odds", "count_group", "count_rest", "per_10k_group", "per_10k_rest", "notices"]
    per_notice = _notice_word_counts(corpus)
    group_of = corpus.notices.set_index("notice_id")[group_column(by)].to_dict()
    by_group: dict[str, Counter] = defaultdict(Counter)
    members_of: dict[str, list[str]] = defaultdict(list)
    for notice_id, counts in per_notice.items():
        by_group[group_of[notice_id]].update(counts)
        members_of[group_of[notice_id]].append(notice_id)
    corpus_counts = Counter()
    for counts in by_group.values():
        corpus_counts.update(counts)
    if sum(corpus_counts.values()) == 0 or len(by_group) < 2:
        return pd.DataFrame(columns=columns)
    rows = []
    for group, counts in by_group.items():
        for row in _distinctive_in_group(counts, corpus_counts, top, prior_size):
            word = row["term"]
            notices = ";".join(n for n in members_of[group] if per_notice[n][word])
            rows.append({"group": group, **row, "notices": notices})
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["group", "z"], ascending=[True, False], ignore_index=True)


def _notice_word_counts(corpus: Corpus) -> dict[str, Counter]:
    """Each notice's content words (as `content_tokens` keeps them) with their counts, by notice id."""
    _, stock = _word_lists()
    cut = _segmenter()
    per_notice: dict[str, Counter] = {}
    for notice_id, text in notice_texts(corpus).items():
        counts = Counter(cut(stock.sub(" ", text)))  # count first, filter the distinct words only
        per_notice[notice_id] = Counter({t: n for t, n in counts.items() if _keep_token(t)})
    return per_notice


def _distinctive_in_group(counts: Counter, corpus_counts: Counter, top: int, alpha0: float) -> list[dict]:
    """The group's `top` words of highest z above DISTINCTIVE_Z against the rest of the corpus
    (log-odds with a Dirichlet prior of size `alpha0` shaped like the corpus), with their figures."""
    n_total = sum(corpus_counts.values())
    words = list(counts)
    y_i = np.array([counts[w] for w in words], dtype=float)
    y_all = np.array([corpus_counts[w] for w in words], dtype=float)
    y_j = y_all - y_i
    n_i = float(sum(counts.values()))
    n_j = n_total - n_i
    if n_j <= 0:
        return []
    a_w = alpha0 * y_all / n_total
    log_odds = np.log((y_i + a_w) / (n_i + alpha0 - y_i - a_w)) - np.log((y_j + a_w) / (n_j + alpha0 - y_j - a_w))
    z = log_odds / np.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
    return [
        {
            "term": words[k],
            "z": round(float(z[k]), 2),
            "log_odds": round(float(log_odds[k]), 3),
            "count_group": int(y_i[k]),
            "count_rest": int(y_j[k]),
            "per_10k_group": round(1e4 * y_i[k] / n_i, 1),
            "per_10k_rest": round(1e4 * y_j[k] / n_j, 1),
        }
        for k in np.argsort(-z)[:top]
        if z[k] > DISTINCTIVE_Z
    ]


# ---------------------------------------------------------------- stock phrases


def stock_phrases(corpus: Corpus, top: int = 30, gram: int = 6, min_notices: int = 3, sample: int = 400) -> pd.DataFrame:
    """The whole phrases of measure texts repeated across the most notices (fragments refused: see
    `_is_whole`).

    Candidates are ranked on a fixed random sample of `sample` notices (all when fewer); the counts
    reported are exact over the whole corpus. Columns: phrase, n_notices, pct_notices, n_measures,
    n_agencies, notices (`;`-joined ids).
    """
    columns = ["phrase", "n_notices", "pct_notices", "n_measures", "n_agencies", "notices"]
    joined = notice_texts(corpus)
    sampled = [joined[n] for n in sorted(random.Random(0).sample(sorted(joined), min(sample, len(joined))))]
    floor = max(2, round(min_notices * len(sampled) / max(len(joined), 1)))
    agency = corpus.notices.set_index("notice_id")["agency_canonical"]
    measures = corpus.items["text"].tolist()
    rows = []
    for phrase in _candidate_phrases(sampled, gram, top, floor):
        holders = [n for n, text in joined.items() if phrase in text]
        if len(holders) < min_notices:
            continue
        rows.append(
            {
                "phrase": phrase,
                "n_notices": len(holders),
                "pct_notices": round(100 * len(holders) / len(corpus.notices), 1),
                "n_measures": sum(phrase in text for text in measures),
                "n_agencies": int(agency.reindex(holders).nunique()),
                "notices": ";".join(holders),
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["n_notices", "phrase"], ascending=[False, True], ignore_index=True)


def _gram_document_frequency(texts: list[str], gram: int) -> Counter:
    """In how many of `texts` each run of `gram` Han characters stands."""
    frequency: Counter = Counter()
    for text in texts:
        grams = set()
        for run in re.findall(rf"[\u4e00-\u9fff]{{{gram},}}", text):
            grams.update(run[i : i + gram] for i in range(len(run) - gram + 1))
        frequency.update(grams)
    return frequency


def _candidate_phrases(sampled: list[str], gram: int, top: int, floor: int) -> list[str]:
    """Up to `top` whole phrases (`_is_whole`), most widespread first: each n-gram standing in at least
    `floor` sampled texts, grown as far as its occurrences agree, unless it is part of (or holds) one
    already chosen or grows into a fragment already refused."""
    chosen: list[str] = []
    refused: list[str] = []
    # ties broken by the n-gram itself: Counter.most_common keeps insertion order, which follows set
    # iteration and so Python's hash seed, and the phrases would change from run to run
    frequency = _gram_document_frequency(sampled, gram)
    for seed, count in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(chosen) >= top or count < floor:
            break
        if any(seed in phrase for phrase in chosen) or any(seed in phrase for phrase in refused):
            continue
        holders = [t for t in sampled if seed in t][:100]
        phrase = _grow(seed, holders)
        if any(phrase in other or other in phrase for other in chosen):
            continue
        if _is_whole(phrase, holders):
            chosen.append(phrase)
        else:
            refused.append(phrase)
    return chosen


def _is_whole(phrase: str, texts: list[str]) -> bool:
    """Whether `phrase` is a whole phrase, not a fragment (see lang/compare_phrases.py): its edges on
    clause or segmenter word boundaries in most occurrences, and no word at either edge that leans
    on a word outside it."""
    import rjieba  # the tagger of the project's segmenter (jieba's, in Rust)

    tagged = rjieba.tag(phrase)
    if not tagged:
        return False
    (first, first_tag), (last, last_tag) = tagged[0], tagged[-1]
    if first in phrases_zh.FRAGMENT_START_WORDS or first_tag.startswith(phrases_zh.FRAGMENT_START_TAGS):
        return False
    if last in phrases_zh.FRAGMENT_END_WORDS or last_tag.startswith(phrases_zh.FRAGMENT_END_TAGS):
        return False
    bounded = total = 0
    for text in texts:
        for clause in re.split(phrases_zh.CLAUSE_BREAK, text):
            start = clause.find(phrase)
            if start < 0:
                continue
            total += 1
            edges = {0, len(clause)}
            at = 0
            for word in _segmenter()(clause):
                at += len(word)
                edges.add(at)
            bounded += start in edges and start + len(phrase) in edges
    return total > 0 and bounded >= phrases_zh.BOUNDARY_SHARE * total


def _grow(seed: str, texts: list[str], keep: float = 0.8) -> str:
    """Extend a frequent n-gram while most of its occurrences continue with the same character."""
    phrase = seed
    for direction in (1, -1):
        while len(phrase) < 40:
            following: Counter = Counter()
            occurrences = 0
            for text in texts:
                start = text.find(phrase)
                while start >= 0:
                    occurrences += 1
                    at = start + len(phrase) if direction == 1 else start - 1
                    if 0 <= at < len(text) and _HAN_ONLY.match(text[at]):
                        following[text[at]] += 1
                    start = text.find(phrase, start + 1)
            if not following:
                break
            char, count = following.most_common(1)[0]
            if count < keep * occurrences:
                break
            phrase = phrase + char if direction == 1 else char + phrase
    return phrase
