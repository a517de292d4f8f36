"""Time `compare.build_report` over N synthetic notice JSONs and print the report's size.

    python benchmarks/bench_report.py [--notices 2000] [--items 30] [--by agency]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_notices import build_corpus

from notice_miner import compare, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=2000)
    parser.add_argument("--items", type=int, default=30, help="mean measures per notice")
    parser.add_argument("--by", default="agency")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build_corpus(Path(tmp), args.notices, items_per_notice=args.items, copy_groups=args.notices // 10)
        out = Path(tmp) / "report.html"
        timings = {}
        started = total = time.perf_counter()
        cpu = time.process_time()
        corpus = compare.load_outputs(tmp)
        timings["load"] = (time.perf_counter() - started, time.process_time() - cpu)
        tables = {}
        for name, step in (("profiles", lambda: compare.profiles(corpus, args.by)),
                           ("category_differences", lambda: compare.category_differences(corpus, args.by)),
                           ("distinctive_terms", lambda: compare.distinctive_terms(corpus, args.by)),
                           ("copy_pairs", lambda: compare.copy_pairs(corpus)),
                           ("copied_measures", lambda: compare.copied_measures(corpus, pairs=tables["copy_pairs"])),
                           ("stock_phrases", lambda: compare.stock_phrases(corpus))):
            started, cpu_started = time.perf_counter(), time.process_time()
            tables[name] = step()
            timings[name] = (time.perf_counter() - started, time.process_time() - cpu_started)
        tables["notices"] = corpus.notices
        started, cpu_started = time.perf_counter(), time.process_time()
        report.write(corpus, tables, out, by=args.by)
        timings["html"] = (time.perf_counter() - started, time.process_time() - cpu_started)
        total = time.perf_counter() - total
        cpu = time.process_time() - cpu
        print(f"{len(corpus.notices):,} notices, {len(corpus.items):,} measures, by {args.by}")
        print(f"  {'step':22s} {'wall s':>7s} {'CPU s':>7s}")
        for name, (wall, cpu_seconds) in timings.items():
            print(f"  {name:22s} {wall:7.2f} {cpu_seconds:7.2f}")
        print(f"total {total:.2f} s wall, {cpu:.2f} s CPU; report {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
