"""Time and peak memory of `notice-miner compare` over an output folder of `batch` (issue 11's scale
targets: 2,000 notices < 30 s and < 1 GB, 20,000 notices < 5 min and < 3 GB).

    python benchmarks/bench_compare.py OUT_DIR [OUT_DIR ...] [--keep-duplicates] [--by agency]
    python benchmarks/bench_compare.py --generate 2000 --work /tmp/bench   # make_corpus + batch first

Each run is a fresh `python -m notice_miner compare OUT --report … --tables …` process; wall time is
measured around it, CPU time (user + system) and peak memory (the largest resident set size) of the
process are sampled every 20 ms with psutil; the load average is printed beside them, as the machine
may be shared. With several folders (e.g. 2,000 and 20,000 notices) the growth in time and memory per
notice is printed too.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def measure(out_dir: Path, extra: list[str]) -> dict:
    """Run compare over `out_dir`; wall seconds, peak RSS in MB and the command's summary line."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "notice_miner", "compare", str(out_dir), "--report", f"{tmp}/report.html",
                   "--tables", f"{tmp}/tables", *extra]
        started = time.perf_counter()
        process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak, cpu = 0, 0.0
        while process.poll() is None:
            try:
                peak = max(peak, process.memory_info().rss)
                times = process.cpu_times()
                cpu = times.user + times.system
            except psutil.NoSuchProcess:
                break
            time.sleep(0.02)
        out, err = process.communicate()
        wall = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"compare failed on {out_dir}: {err.strip()[-2000:]}")
    notices = sum(1 for _ in (out_dir / "notices").glob("*.json")) if (out_dir / "notices").is_dir() else None
    return {"folder": out_dir, "files": notices, "wall": wall, "cpu": cpu, "peak_mb": peak / 2 ** 20,
            "summary": out.splitlines()[0] if out else ""}


def generate(count: int, work: Path) -> Path:
    """make_corpus.py COUNT notices into WORK/gen, then `batch -j 2` into WORK/out; the output folder."""
    here = Path(__file__).resolve().parent
    subprocess.run([sys.executable, str(here / "make_corpus.py"), str(work / "gen"), "--count", str(count)], check=True)
    subprocess.run([sys.executable, "-m", "notice_miner", "batch", str(work / "gen"), "-o", str(work / "out"), "-j", "2",
                    "-q"], check=False)
    return work / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dirs", nargs="*", type=Path)
    parser.add_argument("--keep-duplicates", action="store_true")
    parser.add_argument("--by", default="agency")
    parser.add_argument("--generate", type=int, help="make and batch this many notices first")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench_compare")
    args = parser.parse_args()
    folders = list(args.out_dirs) + ([generate(args.generate, args.work)] if args.generate else [])
    extra = ["--by", args.by] + (["--keep-duplicates"] if args.keep_duplicates else [])
    results = []
    for folder in folders:
        result = measure(folder, extra)
        results.append(result)
        print(f"{result['folder']}: {result['files']} notice files, {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, "
              f"peak RSS {result['peak_mb']:.0f} MB, load average {os.getloadavg()[0]:.1f}\n    {result['summary']}", flush=True)
    for small, large in zip(results, results[1:]):
        if small["files"] and large["files"]:
            scale = large["files"] / small["files"]
            print(f"x{scale:.1f} notices: time x{large['wall'] / small['wall']:.1f} (CPU x{large['cpu'] / small['cpu']:.1f}), "
                  f"memory x{large['peak_mb'] / small['peak_mb']:.1f}")


if __name__ == "__main__":
    main()
