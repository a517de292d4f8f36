"""Precision and recall of `compare.copy_pairs` per threshold on planted copies with light edits.

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
        pairs = compare.copy_pairs(corpus, threshold)
        seconds = time.perf_counter() - started
        found = {frozenset({(r.notice_a, r.item_a), (r.notice_b, r.item_b)}) for r in pairs.itertuples()}
        hits = len(found & truth)
        precision = hits / len(found) if found else 1.0
        print(f"{threshold:9.2f}  {precision:9.3f}  {hits / len(truth):6.3f}  {len(found):5d}  {seconds:7.2f}")


if __name__ == "__main__":
    main()
