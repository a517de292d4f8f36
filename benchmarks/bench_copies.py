"""Precision and recall of the copy clusters (`compare.copied_measures`) per threshold on planted copies
with light edits: a pair found is two measures of different agencies in one cluster.

    python benchmarks/bench_copies.py [--notices 200] [--groups 300] [--seed 7]

A true pair is two members of one planted copy group (different agencies by construction);
every other pair is false. Non-copies share the genre's templates and stock phrases.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_notices import build_corpus

from notice_miner import compare


def cluster_pairs(clusters) -> set[frozenset]:
    """Every pair of members of one cluster from different agencies, as {(notice, item), (notice, item)}."""
    pairs = set()
    for _, members in clusters.groupby("cluster"):
        for x, y in itertools.combinations(members.itertuples(), 2):
            if x.agency != y.agency:
                pairs.add(frozenset({(x.notice_id, x.item_id), (y.notice_id, y.item_id)}))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=200)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        groups = build_corpus(Path(tmp), args.notices, copy_groups=args.groups, seed=args.seed)
        corpus = compare.load_outputs(tmp)
    truth = {frozenset(pair) for members in groups for pair in itertools.combinations(members, 2)}
    print(f"{len(corpus.items)} measures in {len(corpus.notices)} notices, {args.groups} planted copy groups, "
          f"{len(truth)} true pairs")
    print("threshold  precision  recall  found  seconds")
    for threshold in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        started = time.perf_counter()
        clusters = compare.copied_measures(corpus, threshold)
        seconds = time.perf_counter() - started
        found = cluster_pairs(clusters)
        hits = len(found & truth)
        precision = hits / len(found) if found else 1.0
        print(f"{threshold:9.2f}  {precision:9.3f}  {hits / len(truth):6.3f}  {len(found):5d}  {seconds:7.2f}")


if __name__ == "__main__":
    main()
