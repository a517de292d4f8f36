"""The same notice republished (other site, other page chrome, a typo fixed): exact duplicates by the
sha256 of the normalised text, near duplicates by MinHash over the notice body; one kept per cluster.

- Body: the normalised text from the start of the first section or measure to the end of the last,
  so the page chrome around the notice (site name, navigation, "published … views …" lines, footers,
  related links) stays out. A notice with neither has its whole text as body.
- Near duplicate: the MinHash (datasketch, 128 permutations) estimate of the Jaccard similarity of the
  bodies' character 5-shingles (punctuation and spaces dropped) is at least `DUPLICATE_THRESHOLD`;
  candidates from MinHash LSH; clusters by union-find.
- Same agency: two notices of different agencies (the canonical name; an unstated one matches any)
  are never near duplicates, however alike their bodies: agencies share templates.
- Kept: of each cluster, the notice with most measures, then the first by notice id. The others are
  left out of every statistic unless `keep_duplicates` is asked for.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from notice_miner.compare.minhash import NUM_PERM, estimate, lsh_clusters, shingle_codes, signatures

UNSTATED = "(unstated)"  # compare.load.UNSTATED (load imports this module)
# Calibrated on composed variants (benchmarks/bench_duplicates.py --variants 10 --seed 2, MinHash
# estimates): the same notice under other page chrome 1.0; with a few characters edited and a sentence
# added or dropped 0.71-1.0 (95 % reach 0.85); another notice of the same agency (its opening and
# closing, other measures) <= 0.05; the notice re-used with other figures, dates and place 0.52-0.80
# (none reaches 0.85). 0.85 keeps re-worded notices apart (they state other figures: not the same
# notice) at the cost of missing a heavily edited republication of a short notice.
DUPLICATE_THRESHOLD = 0.85
BODY_SHINGLE = 5
COLUMNS = ["cluster", "notice_id", "kept", "kind", "similarity", "n_members", "agency", "title", "measures", "source_path", "text_sha256"]


def text_sha256(doc: dict) -> str:
    """sha256 (hex) of the notice's normalised text."""
    return hashlib.sha256(str(doc.get("text") or "").encode("utf-8")).hexdigest()


def notice_body(doc: dict) -> str:
    """The normalised text from the first section or measure to the end of the last (see module doc)."""
    text = str(doc.get("text") or "")
    spans = [part.get("span") for key in ("sections", "items") for part in doc.get(key) or [] if isinstance(part, dict)]
    spans = [s for s in spans if isinstance(s, list) and len(s) == 2 and all(isinstance(v, int) for v in s)]
    if not spans:
        return text
    return text[max(0, min(s[0] for s in spans)) : max(s[1] for s in spans)]


def body_signature(doc: dict) -> np.ndarray:
    """The MinHash signature of the notice body's character 5-shingles."""
    return signatures([shingle_codes(notice_body(doc), BODY_SHINGLE)], NUM_PERM)[0]


def find_duplicates(notices: pd.DataFrame, sketches: dict[str, np.ndarray], threshold: float = DUPLICATE_THRESHOLD) -> pd.DataFrame:
    """Clusters of duplicate notices, one row per member of a cluster of two or more.

    `notices` needs notice_id, text_sha256, measures, agency_canonical, title, source_path.
    Columns: cluster (1 = largest), notice_id, kept (the one statistics use), kind ("kept"; "exact":
    same normalised text as the kept one; else "near"), similarity (MinHash estimate to the kept one),
    n_members, agency, title, measures, source_path, text_sha256.
    """
    if len(notices) < 2:
        return pd.DataFrame(columns=COLUMNS)
    ids = notices["notice_id"].tolist()
    matrix = np.vstack([sketches[n] for n in ids])
    agency = notices["agency_canonical"].tolist()

    def same_agency(i: int, j: int) -> bool:
        # a republication names the same agency; two agencies' notices sharing a template are two notices
        return agency[i] == agency[j] or UNSTATED in (agency[i], agency[j])

    union, _ = lsh_clusters(matrix, threshold, lambda i, j: estimate(matrix, i, j), allowed=same_agency)
    first_of_text: dict[str, int] = {}
    for row, sha in enumerate(notices["text_sha256"].tolist()):
        union.union(first_of_text.setdefault(sha, row), row)
    frame = notices[["notice_id", "measures", "agency_canonical", "title", "source_path", "text_sha256"]].copy()
    frame = frame.rename(columns={"agency_canonical": "agency"}).reset_index(drop=True)
    frame["root"] = [union.find(row) for row in range(len(frame))]
    frame["n_members"] = frame.groupby("root")["notice_id"].transform("size")
    frame = frame[frame["n_members"] > 1]
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = frame.sort_values(["root", "measures", "notice_id"], ascending=[True, False, True])
    firsts = frame.groupby("root").head(1)
    keeper_of_root = dict(zip(firsts["root"], firsts.index))
    keeper = [keeper_of_root[r] for r in frame["root"]]
    frame["kept"] = [index == k for index, k in zip(frame.index, keeper)]
    frame["similarity"] = [round(estimate(matrix, index, k), 3) for index, k in zip(frame.index, keeper)]
    sha = frame["text_sha256"].to_numpy()
    frame["kind"] = np.where(frame["kept"], "kept", np.where(sha == frame.loc[keeper, "text_sha256"].to_numpy(), "exact", "near"))
    order = frame.groupby("root").agg(size=("notice_id", "size"), first=("notice_id", "min")).sort_values(["size", "first"], ascending=[False, True])
    frame["cluster"] = frame["root"].map(pd.Series(np.arange(1, len(order) + 1), index=order.index))
    frame = frame.sort_values(["cluster", "kept", "notice_id"], ascending=[True, False, True], ignore_index=True)
    return frame[COLUMNS]
