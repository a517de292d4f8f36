"""Measures copied across agencies: datasketch MinHash LSH proposes, exact Jaccard decides."""
from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd

from notice_miner.compare.load import UNSTATED, Corpus

DEFAULT_THRESHOLD = 0.6
MIN_COPY_CHARS = 20
SHINGLE = 3
NUM_PERM = 128
# candidates are proposed 0.15 below the threshold: the MinHash estimate's standard error at 128
# permutations is at most 0.045, so few true pairs are missed; every candidate is verified exactly
CANDIDATE_MARGIN = 0.15
_NOT_TEXT = re.compile(r"[^\w]|_", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    """The character k-shingles of a text, punctuation and spaces dropped."""
    bare = _NOT_TEXT.sub("", text)
    return frozenset(bare[i:i + k] for i in range(len(bare) - k + 1))


def shingle_hash(shingle: str) -> int:
    """A 32-bit hash of a shingle: its code points packed 21 bits each (exact), folded to 32 bits.

    The hash the copy finder has always used, kept so the pairs it finds stay the same: with
    datasketch's SHA-1 default the LSH step lets a few other pairs near the threshold through
    (bench_copies at 0.6: precision/recall 0.995/0.968 instead of 0.997/0.970)."""
    code = 0
    for char in shingle:
        code = (code << 21) | ord(char)
    return (code ^ (code >> 32)) & 0xFFFFFFFF


def minhashes(shingle_sets: list[frozenset[str]], num_perm: int = NUM_PERM) -> list:
    """A datasketch LeanMinHash of each shingle set."""
    from datasketch import LeanMinHash, MinHash

    first = MinHash(num_perm=num_perm)
    sketches = []
    for shingle_set in shingle_sets:
        # the permutations drawn once and shared, not drawn again per measure
        sketch = MinHash(num_perm=num_perm, hashfunc=shingle_hash, permutations=first.permutations,
                         scheme=first.scheme)
        sketch.update_batch(list(shingle_set))
        sketches.append(LeanMinHash(sketch))
    return sketches


def _agency_key(notices: pd.DataFrame) -> pd.Series:
    """Agency of each notice; a notice without one counts as its own agency."""
    agency = notices["agency_canonical"].where(notices["agency_canonical"] != UNSTATED,
                                               "?" + notices["notice_id"])
    return pd.Series(agency.to_numpy(), index=notices["notice_id"])


def _candidates(sketches: list, threshold: float, num_perm: int) -> set[tuple[int, int]]:
    """Pairs (i < j) that share an LSH band, banding chosen by MinHashLSH for the lowered threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=max(0.1, threshold - CANDIDATE_MARGIN), num_perm=num_perm)
    pairs = set()
    for i, sketch in enumerate(sketches):
        pairs.update((j, i) for j in lsh.query(sketch))
        lsh.insert(i, sketch, check_duplication=False)
    return pairs


def copy_pairs(corpus: Corpus, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> pd.DataFrame:
    """Pairs of measures from different agencies whose exact Jaccard over 3-shingles is >= threshold.

    MinHash LSH proposes candidates (for a threshold `CANDIDATE_MARGIN` lower); each candidate whose
    MinHash estimate is within that margin is verified exactly. Columns: a, b (row numbers in
    `corpus.items`), agency_a, agency_b, notice_a, notice_b, item_a, item_b, jaccard_est, jaccard.
    """
    columns = ["a", "b", "agency_a", "agency_b", "notice_a", "notice_b", "item_a", "item_b", "jaccard_est", "jaccard"]
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    items = corpus.items
    agency = items["notice_id"].map(_agency_key(corpus.notices)).to_numpy()
    texts = items["text"].tolist()
    rows = [r for r, text in enumerate(texts) if len(_NOT_TEXT.sub("", text)) >= MIN_COPY_CHARS]
    if len(rows) < 2:
        return pd.DataFrame(columns=columns)
    sets = [shingles(texts[r]) for r in rows]
    sketches = minhashes(sets, num_perm)
    kept = []
    for la, lb in sorted(_candidates(sketches, threshold, num_perm)):
        a, b = rows[la], rows[lb]
        if agency[a] == agency[b]:
            continue
        estimate = sketches[la].jaccard(sketches[lb])
        if estimate < threshold - CANDIDATE_MARGIN:
            continue
        exact = len(sets[la] & sets[lb]) / len(sets[la] | sets[lb])
        if exact >= threshold:
            kept.append((a, b, round(exact, 3), round(float(estimate), 3)))
    frame = pd.DataFrame(kept, columns=["a", "b", "jaccard", "jaccard_est"])
    a, b = frame["a"].to_numpy(dtype=np.int64), frame["b"].to_numpy(dtype=np.int64)
    notice_ids, item_ids = items["notice_id"].to_numpy(), items["item_id"].to_numpy()
    display = np.where(pd.Series(agency).str.startswith("?"), UNSTATED, agency)
    frame["agency_a"], frame["agency_b"] = display[a], display[b]
    frame["notice_a"], frame["notice_b"] = notice_ids[a], notice_ids[b]
    frame["item_a"], frame["item_b"] = item_ids[a], item_ids[b]
    return frame[columns]


def copied_measures(corpus: Corpus, threshold: float = DEFAULT_THRESHOLD,
                    pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Clusters of copied measures (union-find over `copy_pairs`), one row per measure.

    Columns: cluster (1 = most agencies), n_members, n_agencies, row (in `corpus.items`), agency,
    notice_id, item_id, text, max_jaccard (to another member).
    """
    columns = ["cluster", "n_members", "n_agencies", "row", "agency", "notice_id", "item_id", "text", "max_jaccard"]
    if pairs is None:
        pairs = copy_pairs(corpus, threshold)
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[int, float] = defaultdict(float)
    for a, b, jaccard in pairs[["a", "b", "jaccard"]].itertuples(index=False):
        parent[find(int(a))] = find(int(b))
        best[int(a)] = max(best[int(a)], jaccard)
        best[int(b)] = max(best[int(b)], jaccard)
    items = corpus.items
    agency = items["notice_id"].map(corpus.notices.set_index("notice_id")["agency_canonical"])
    members = pd.DataFrame({"row": sorted(parent)})
    members["root"] = [find(r) for r in members["row"]]
    members["agency"] = agency.to_numpy()[members["row"]]
    members["notice_id"] = items["notice_id"].to_numpy()[members["row"]]
    members["item_id"] = items["item_id"].to_numpy()[members["row"]]
    members["text"] = items["text"].to_numpy()[members["row"]]
    members["max_jaccard"] = members["row"].map(best).round(3)
    members["agency_key"] = items["notice_id"].map(_agency_key(corpus.notices)).to_numpy()[members["row"]]
    sizes = members.groupby("root").agg(n_members=("row", "size"), n_agencies=("agency_key", "nunique"))
    sizes = sizes.sort_values(["n_agencies", "n_members"], ascending=False, kind="stable")
    sizes["cluster"] = np.arange(1, len(sizes) + 1)
    members = members.join(sizes, on="root").sort_values(["cluster", "row"], ignore_index=True)
    return members[columns]

