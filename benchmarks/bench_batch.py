"""Benchmark `notice-miner batch` against a bare jieba segmentation pass; print one table.

    /work/venv/bin/python benchmarks/bench_batch.py [--count 2000] [--corpus DIR] [--profile 300]

Generates COUNT varied notices from the project's corpus (benchmarks/make_corpus.py) unless
--corpus is given, then measures, on the same files:
- `notice-miner batch --jobs 1` and `--jobs 2` (fresh output folders; wall time, notices/s,
  MB/s of input files, peak memory of the whole process tree as summed RSS and as PSS);
- the bare segmentation pass: `jieba.lcut` over each notice's text after `jieba.initialize()`
  (texts extracted beforehand, not timed), and the same as a whole naive script timed like the
  batch command (Python start, jieba import and dictionary load, reading and segmenting each text);
- cold start of `notice-miner parse` on one notice (median of 5 fresh processes);
- with --profile N: pyinstrument over an in-process batch of N notices, self time by function.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402

CLI = [sys.executable, "-m", "notice_miner"]
TARGETS = {"jieba_ratio": 3.0, "jobs2_ratio": 1.7, "cold_start_s": 1.5, "peak_mb": 500.0}


def _tree_memory(process: psutil.Process, proportional: bool = False) -> int:
    """Resident bytes of the process and its children: RSS summed (pages the forked workers share
    with the parent count once per process), or PSS (each shared page split among its sharers)."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_full_info().pss if proportional else proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of the process tree, peak summed RSS and peak PSS of the tree in bytes).

    RSS is sampled every 20 ms, PSS (slower to read) every 100 ms.
    """
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(proc.pid)
    peak = [0, 0]

    def sample() -> None:
        ticks = 0
        while proc.poll() is None:
            try:
                peak[0] = max(peak[0], _tree_memory(watched))
                if ticks % 5 == 0:
                    peak[1] = max(peak[1], _tree_memory(watched, proportional=True))
            except psutil.Error:
                pass
            ticks += 1
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{err.decode(errors='replace')}")
    return elapsed, _children_cpu() - cpu_before, peak[0], peak[1]


def bare_jieba(files: list[Path]) -> tuple[float, float, int]:
    """Wall and CPU seconds for jieba.lcut over each notice's text, and the number of characters."""
    import jieba

    from notice_miner import ingest

    texts = []
    for path in files:
        try:
            texts.append(ingest.read(path).text)
        except Exception:
            continue
    jieba.setLogLevel(60)
    jieba.initialize()
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started, time.process_time() - cpu, sum(map(len, texts))


JIEBA_SCRIPT = """
import sys
from pathlib import Path
import jieba
jieba.setLogLevel(60)
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    jieba.lcut(path.read_text(encoding="utf-8"))
"""


def bare_jieba_process(files: list[Path], work: Path) -> tuple[float, float]:
    """Wall and CPU seconds of a whole naive script: start Python, load jieba, read and lcut every text.

    Measured like the batch command (process start to end), over the texts `ingest.read` extracted
    from `files`, saved beforehand as UTF-8 (so the script needs no format or encoding handling).
    """
    from notice_miner import ingest

    texts_dir = work / "texts"
    texts_dir.mkdir(exist_ok=True)
    for number, path in enumerate(files):
        try:
            text = ingest.read(path).text
        except Exception:
            continue
        (texts_dir / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    seconds, cpu, _, _ = run_measured([sys.executable, "-c", JIEBA_SCRIPT, str(texts_dir)])
    return seconds, cpu


def cold_start(notice: Path, runs: int = 5) -> tuple[float, float]:
    """Median wall and CPU seconds of `notice-miner parse NOTICE` in a fresh process."""
    times, cpus = [], []
    for _ in range(runs):
        cpu = _children_cpu()
        started = time.perf_counter()
        subprocess.run([*CLI, "parse", str(notice)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(times), statistics.median(cpus)


def profile(files: list[Path], out_dir: Path, top: int = 25) -> None:
    """Self time per function (and per module) of an in-process batch run, under pyinstrument."""
    from pyinstrument import Profiler

    from notice_miner import corpus

    subset = out_dir / "profile-in"
    for path in files:
        target = subset / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    corpus.work.warm_up("default")  # imports and lazy loads happen once per worker, not per notice
    profiler = Profiler(interval=0.0005)
    profiler.start()
    corpus.run_batch([subset], out_dir / "profile-out", progress=False)
    profiler.stop()
    by_function: dict[str, float] = defaultdict(float)
    by_module: dict[str, float] = defaultdict(float)
    root = profiler.last_session.root_frame()
    total = root.time
    stack = [(root, None)]
    while stack:
        frame, parent_key = stack.pop()
        own = frame.time - sum(child.time for child in frame.children)
        path = frame.file_path_short or "?"
        if frame.function == "[self]" and parent_key:  # pyinstrument's synthetic self-time frame
            key, module = parent_key
        else:
            key = f"{frame.function} ({path}:{frame.line_no})"
            module = path.split("site-packages/")[-1].split("/")[0] if "site-packages" in path else path
            if "notice_miner/" in path:
                module = "notice_miner." + Path(path).stem
        by_function[key] += own
        by_module[module] += own
        stack.extend((child, (key, module)) for child in frame.children)
    print(f"\nprofile: {len(files)} notices in one process, {total:.2f} s under pyinstrument")
    print("self time by module:")
    for name, seconds in sorted(by_module.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {seconds:7.2f} s {100 * seconds / total:5.1f}%  {name}")
    print("self time by function:")
    for name, seconds in sorted(by_function.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {seconds:7.2f} s {100 * seconds / total:5.1f}%  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, help="use these notices instead of generating them")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also profile N notices")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        if args.corpus:
            inputs = args.corpus
            files = sorted(p for p in inputs.rglob("*") if p.suffix.lower() in {".txt", ".html", ".htm", ".pdf", ".docx"})
        else:
            inputs = work / "corpus"
            files = make_corpus(inputs, args.count)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        from notice_miner import corpus

        model = getattr(corpus.work.classifier_for("default"), "model_id", None)
        print(f"corpus: {len(files)} notices, {megabytes:.1f} MB in {inputs}; classifier {model}")

        results = {}
        loads = [os.getloadavg()[0]]
        for jobs in (1, 2):
            seconds, cpu, peak, pss = run_measured([*CLI, "batch", str(inputs), "-o", str(work / f"out{jobs}"),
                                               "-q", "--jobs", str(jobs)])
            failed = (work / f"out{jobs}" / "errors.jsonl").read_text().count("\n")
            results[jobs] = (seconds, cpu, peak, pss, failed)
            loads.append(os.getloadavg()[0])
        jieba_seconds, jieba_cpu, chars = bare_jieba(files)
        script_seconds, script_cpu = bare_jieba_process(files, work)
        cold, cold_cpu = cold_start(files[0])
        loads.append(os.getloadavg()[0])

        n = len(files)
        rows = [("batch --jobs 1", *results[1]), ("batch --jobs 2", *results[2]),
                ("bare jieba.lcut", jieba_seconds, jieba_cpu, None, None, 0),
                ("jieba script", script_seconds, script_cpu, None, None, 0)]
        print(f"\n{'run':<18}{'wall s':>8}{'notices/s':>11}{'MB/s':>7}{'CPU s':>8}{'CPU ms/notice':>15}"
              f"{'RSS MB':>8}{'PSS MB':>8}{'failed':>8}")
        for name, seconds, cpu, peak, pss, failed in rows:
            peaks = f"{peak / 1e6:8.0f}{pss / 1e6:8.0f}" if peak else f"{'-':>8}{'-':>8}"
            print(f"{name:<18}{seconds:8.2f}{n / seconds:11.1f}{megabytes / seconds:7.2f}{cpu:8.2f}"
                  f"{1000 * cpu / n:15.1f}{peaks}{failed:8d}")
        print(f"({chars / 1e6:.1f} M characters of text; CPU s: user+system of the whole process tree; "
              "bare jieba.lcut: the segmentation loop alone in a warm process; jieba script: a whole "
              "process that loads jieba and segments the extracted texts, timed like the batch)")
        ratio_jieba = jieba_seconds / results[1][0]
        ratio_jieba_cpu = jieba_cpu / results[1][1]
        ratio_script = script_seconds / results[1][0]
        ratio_jobs = results[1][0] / results[2][0]
        peak_mb = max(results[1][2], results[2][2]) / 1e6
        peak_pss_mb = max(results[1][3], results[2][3]) / 1e6
        checks = [
            ("jobs 1 speed / bare jieba (wall)", f"{ratio_jieba:.2f}x", f">= {TARGETS['jieba_ratio']}x",
             ratio_jieba >= TARGETS["jieba_ratio"]),
            ("jobs 1 speed / bare jieba (CPU)", f"{ratio_jieba_cpu:.2f}x", f">= {TARGETS['jieba_ratio']}x",
             ratio_jieba_cpu >= TARGETS["jieba_ratio"]),
            ("jobs 1 / whole jieba script", f"{ratio_script:.2f}x", f">= {TARGETS['jieba_ratio']}x",
             ratio_script >= TARGETS["jieba_ratio"]),
            ("jobs 2 speed / jobs 1", f"{ratio_jobs:.2f}x", f">= {TARGETS['jobs2_ratio']}x",
             ratio_jobs >= TARGETS["jobs2_ratio"]),
            ("cold start parse (median of 5)", f"{cold:.2f} s", f"< {TARGETS['cold_start_s']} s",
             cold < TARGETS["cold_start_s"]),
            ("cold start parse, CPU", f"{cold_cpu:.2f} s", f"< {TARGETS['cold_start_s']} s",
             cold_cpu < TARGETS["cold_start_s"]),
            ("peak memory (tree, RSS summed)", f"{peak_mb:.0f} MB", f"< {TARGETS['peak_mb']:.0f} MB",
             peak_mb < TARGETS["peak_mb"]),
            ("peak memory (tree, PSS)", f"{peak_pss_mb:.0f} MB", f"< {TARGETS['peak_mb']:.0f} MB",
             peak_pss_mb < TARGETS["peak_mb"]),
        ]
        print(f"\n{'measure':<32}{'measured':>10}{'target':>12}  met")
        for name, value, target, met in checks:
            print(f"{name:<32}{value:>10}{target:>12}  {'yes' if met else 'NO'}")
        print(f"\n{date.today()} · {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
              f" · 1-min load average before/after each run: {' '.join(f'{x:.1f}' for x in loads)}")
        if max(loads) > 1.0:
            print("the machine was busy with other work: wall-time ratios understate; the CPU ratio holds")
        if args.profile:
            profile(files[:args.profile], work)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
