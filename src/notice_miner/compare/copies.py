"""Copied measures: datasketch MinHash LSH proposes, exact Jaccard decides, union-find joins.

Across agencies (one agency's measure re-used by another) and within one agency (a measure re-used
across its own notices); two measures of one notice are never a copy of each other."""

from __future__ import annotations

import numpy as np
import pandas as pd

from notice_miner.compare.load import UNSTATED, Corpus
from notice_miner.compare.minhash import NUM_PERM, bare, estimate, jaccard, lean, lsh_clusters, shingle_codes
from notice_miner.compare.minhash import signatures as minhash_signatures

DEFAULT_THRESHOLD = 0.6
MIN_COPY_CHARS = 20
SHINGLE = 3
# candidates are proposed 0.15 below the threshold: the MinHash estimate's standard error at 128
# permutations is at most 0.045, so few true pairs are missed; every candidate is verified exactly
CANDIDATE_MARGIN = 0.15
PAIR_COLUMNS = ["a", "b", "agency_a", "agency_b", "notice_a", "notice_b", "item_a", "item_b", "jaccard_est", "jaccard", "within_agency"]
MEMBER_COLUMNS = ["cluster", "scope", "n_members", "n_notices", "n_agencies", "row", "agency", "notice_id", "item_id", "text", "max_jaccard"]


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    """The character k-shingles of a text, punctuation and spaces dropped."""
    text = bare(text)
    return frozenset(text[i : i + k] for i in range(len(text) - k + 1))


def _codes(shingle_set) -> np.ndarray:
    """Shingle strings as the codes `minhash.shingle_codes` gives them."""
    return np.unique(np.concatenate([shingle_codes(s, len(s)) for s in shingle_set])) if shingle_set else np.empty(0, dtype=np.uint64)


def minhashes(shingle_sets: list[frozenset[str]], num_perm: int = NUM_PERM) -> list:
    """A datasketch LeanMinHash of each shingle set."""
    return [lean(row) for row in minhash_signatures([_codes(s) for s in shingle_sets], num_perm)]


def _agency_key(notices: pd.DataFrame) -> pd.Series:
    """Agency of each notice; a notice without one counts as its own agency."""
    agency = notices["agency_canonical"].where(notices["agency_canonical"] != UNSTATED, "?" + notices["notice_id"])
    return pd.Series(agency.to_numpy(), index=notices["notice_id"])


def copy_pairs(corpus: Corpus, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> pd.DataFrame:
    """The pairs of measures (of different notices) that join copy clusters: exact Jaccard over
    character 3-shingles >= threshold, proposed by MinHash LSH for a threshold `CANDIDATE_MARGIN`
    lower and verified exactly when the MinHash estimate is within that margin.

    A cluster of k near-identical measures is listed by about k - 1 pairs (those that joined it;
    see `minhash.lsh_clusters`), not all k (k - 1) / 2. Columns: a, b (row numbers in
    `corpus.items`), agency_a, agency_b, notice_a, notice_b, item_a, item_b, jaccard_est, jaccard,
    within_agency.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    items = corpus.items
    agency = items["notice_id"].map(_agency_key(corpus.notices)).to_numpy()
    notice_ids = items["notice_id"].to_numpy()
    texts = items["text"].tolist()
    rows = [r for r, text in enumerate(texts) if len(bare(text)) >= MIN_COPY_CHARS]
    if len(rows) < 2:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    # a measure copied word for word is shingled and sketched once
    distinct: dict[str, int] = {}
    text_of = [distinct.setdefault(texts[r], len(distinct)) for r in rows]
    distinct_codes = [shingle_codes(text, SHINGLE) for text in distinct]
    matrix = minhash_signatures(distinct_codes, num_perm)[text_of]
    codes = [distinct_codes[k] for k in text_of]
    estimates: dict[tuple[int, int], float] = {}

    def similarity(i: int, j: int) -> float | None:
        if text_of[i] == text_of[j]:
            estimates[(i, j)] = 1.0
            return 1.0
        guess = estimate(matrix, i, j)
        if guess < threshold - CANDIDATE_MARGIN:
            return None
        estimates[(i, j)] = guess
        return jaccard(codes[i], codes[j])

    def allowed(i: int, j: int) -> bool:
        return notice_ids[rows[i]] != notice_ids[rows[j]]

    _, edges = lsh_clusters(matrix, threshold, similarity, allowed=allowed, candidate_threshold=max(0.1, threshold - CANDIDATE_MARGIN))
    kept = sorted((rows[i], rows[j], round(score, 3), round(estimates[(i, j)], 3)) for i, j, score in edges)
    frame = pd.DataFrame(kept, columns=["a", "b", "jaccard", "jaccard_est"])
    a, b = frame["a"].to_numpy(dtype=np.int64), frame["b"].to_numpy(dtype=np.int64)
    display = np.where(pd.Series(agency).str.startswith("?"), UNSTATED, agency)
    frame["agency_a"], frame["agency_b"] = display[a], display[b]
    frame["notice_a"], frame["notice_b"] = notice_ids[a], notice_ids[b]
    item_ids = items["item_id"].to_numpy()
    frame["item_a"], frame["item_b"] = item_ids[a], item_ids[b]
    frame["within_agency"] = agency[a] == agency[b]
    return frame[PAIR_COLUMNS]


def copied_measures(corpus: Corpus, threshold: float = DEFAULT_THRESHOLD, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Clusters of copied measures (union-find over `copy_pairs`), one row per measure.

    `scope` is "agencies" when the cluster spans two or more agencies, "agency" when one agency
    re-uses the measure across its own notices. Clusters are numbered from 1, those spanning most
    agencies first. Columns: cluster, scope, n_members, n_notices, n_agencies, row (in
    `corpus.items`), agency, notice_id, item_id, text, max_jaccard (to a joined member).
    """
    if pairs is None:
        pairs = copy_pairs(corpus, threshold)
    if pairs.empty:
        return pd.DataFrame(columns=MEMBER_COLUMNS)
    members = sorted(set(pairs["a"].tolist()) | set(pairs["b"].tolist()))
    position = {row: k for k, row in enumerate(members)}
    parent = list(range(len(members)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best = np.zeros(len(members))
    for a, b, score in pairs[["a", "b", "jaccard"]].itertuples(index=False):
        pa, pb = position[int(a)], position[int(b)]
        ra, rb = find(pa), find(pb)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        best[pa], best[pb] = max(best[pa], score), max(best[pb], score)
    items = corpus.items
    row = np.array(members, dtype=np.int64)
    frame = pd.DataFrame({"row": row, "root": [find(k) for k in range(len(members))]})
    frame["agency"] = items["notice_id"].map(corpus.notices.set_index("notice_id")["agency_canonical"]).to_numpy()[row]
    frame["notice_id"] = items["notice_id"].to_numpy()[row]
    frame["item_id"] = items["item_id"].to_numpy()[row]
    frame["text"] = items["text"].to_numpy()[row]
    frame["max_jaccard"] = best.round(3)
    frame["agency_key"] = items["notice_id"].map(_agency_key(corpus.notices)).to_numpy()[row]
    sizes = frame.groupby("root").agg(
        n_members=("row", "size"), n_notices=("notice_id", "nunique"), n_agencies=("agency_key", "nunique"), first=("row", "min")
    )
    sizes = sizes.sort_values(["n_agencies", "n_members", "first"], ascending=[False, False, True], kind="stable")
    sizes["cluster"] = np.arange(1, len(sizes) + 1)
    sizes["scope"] = np.where(sizes["n_agencies"] > 1, "agencies", "agency")
    frame = frame.join(sizes[["cluster", "scope", "n_members", "n_notices", "n_agencies"]], on="root")
    return frame.sort_values(["cluster", "row"], ignore_index=True)[MEMBER_COLUMNS]
