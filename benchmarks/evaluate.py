"""Print the quality table for gold folders side by side: every figure with a 95 % bootstrap interval.

Each notice is parsed with the API exactly as `notice-miner parse NOTICE -o DIR` writes it, and
scored against its gold file by `notice_miner.scoring` (the rules of shared/tools/score.py).
Intervals resample whole notices (percentile bootstrap, fixed seed), so a set of few notices shows
wide intervals: read real and composed figures apart, each with its notices and items.

usage: python benchmarks/evaluate.py [SET ...] [--resamples N] [--seed N] [--no-labels] [--markdown] [--json] [--verbose]

SET is a gold folder, or NAME=FOLDER[+FOLDER...] to name a set made of several folders (the gold
files directly in each). Without SETs: the real notices (the shared development set; the one real
notice of the shared corpus) and the composed ones apart: pooled (every composed set the classifier
was not trained on), then each set, then the project corpus, whose labels are training data.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from notice_miner import pipeline, scoring
from notice_miner.errors import NoticeError

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REGRESSION, REAL_LIKE = ROOT / "tests" / "fixtures" / "regression", ROOT / "tests" / "fixtures" / "real_like"
# real and composed apart; the pooled composed column leaves out corpus/, the classifier's training data
DEFAULT_SETS = (
    ("real (development set)", [SHARED / "corpus" / "real"]),
    ("real, shared corpus", [SHARED / "corpus"]),
    ("composed, not trained on", [SHARED / "corpus" / "dev", REGRESSION, REAL_LIKE]),
    ("shared composed", [SHARED / "corpus" / "dev"]),
    ("regression", [REGRESSION]),
    ("real-like regression", [REAL_LIKE]),
    ("project corpus (trained on)", [ROOT / "corpus"]),
)


def parse_set_arg(arg: str) -> tuple[str, list[Path]]:
    name, _, folders = arg.rpartition("=")
    paths = [Path(f) for f in folders.split("+")]
    return name or folders, paths


def json_output(classifier: object | None, failures: list[str]) -> callable:
    """Path → the notice's JSON as a dict, None (and one line in `failures`) when it cannot be parsed."""
    def output(path: Path) -> dict | None:
        try:
            return json.loads(pipeline.parse(path, classifier=classifier).to_json())
        except NoticeError as err:
            failures.append(str(err))
            return None
    return output


def cell(value: float | None, interval: tuple[float, float] | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f} ({interval[0]:.2f}–{interval[1]:.2f})" if interval else f"{value:.3f}"


def table(rows: list[tuple[str, list[str]]], heads: list[str], markdown: bool) -> str:
    if markdown:
        lines = ["| figure | " + " | ".join(heads) + " |", "|---|" + "---|" * len(heads)]
        return "\n".join(lines + [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows])
    width = max(22, *(len(h) + 2 for h in heads))
    lines = [f"{'':<22}" + "".join(f"{h:>{width}}" for h in heads)]
    return "\n".join(lines + [f"{label:<22}" + "".join(f"{c:>{width}}" for c in cells) for label, cells in rows])


def report(scores: list[scoring.SetScore], resamples: int, seed: int) -> tuple[list[tuple[str, list[str]]], dict]:
    """The table's rows and the same figures as data."""
    figures = [s.figures() for s in scores]
    intervals = [s.intervals(resamples=resamples, seed=seed) for s in scores]
    totals = [s.totals() for s in scores]
    rows = [("notices", [str(len(s.notices)) for s in scores]),
            ("gold items (matched)", [f"{t['gold_items']} ({t['matched']})" for t in totals]),
            ("fields meta / stats", [f"{t['meta_total']} / {t['stats_total']}" for t in totals]),
            ("items judged for labels", [str(t["labelled"]) for t in totals])]
    rows += [(heading, [cell(f[key], i[key]) for f, i in zip(figures, intervals)]) for key, heading in scoring.FIGURES]
    data = {s.name: {"notices": len(s.notices), "totals": t, "figures": f, "intervals_95": i}
            for s, t, f, i in zip(scores, totals, figures, intervals)}
    return rows, data


def misses(score: scoring.SetScore) -> list[str]:
    """One line per notice that loses anything: items (gold, predicted, matched, right path) and wrong fields."""
    out = []
    for n in score.notices:
        c = n.counts
        items_ok = c["gold_items"] == c["pred_items"] == c["matched"] == c["path_ok"]
        if n.missing_output or not items_ok or n.wrong_fields:
            what = "no output" if n.missing_output else (
                f"items {c['gold_items']}/{c['pred_items']}/{c['matched']}/{c['path_ok']}  " + " ".join(n.wrong_fields))
            out.append(f"  {n.name:<36} {what}")
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="*", help="FOLDER or NAME=FOLDER[+FOLDER...]")
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-labels", action="store_true", help="skip classification (label figures are then 0)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--verbose", action="store_true", help="list the notices that lose items or fields")
    args = ap.parse_args(argv)
    sets = [parse_set_arg(a) for a in args.sets] or [(n, f) for n, f in DEFAULT_SETS if all(d.is_dir() for d in f)]
    classifier = None if args.no_labels else pipeline.resolve_classifier("default")
    failures: list[str] = []
    try:
        scores = [scoring.score_set(name, folders, json_output(classifier, failures)) for name, folders in sets]
    except NoticeError as err:
        print(f"evaluate: {err}", file=sys.stderr)
        return 2
    for line in failures:
        print(f"not parsed: {line}", file=sys.stderr)
    rows, data = report(scores, args.resamples, args.seed)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(table(rows, [s.name for s in scores], args.markdown))
    print(f"\n(95 % percentile bootstrap over notices, {args.resamples} resamples, seed {args.seed}; "
          "– where the set has nothing to measure, e.g. no gold labels)")
    if args.verbose:
        for s in scores:
            print(f"\n{s.name}: notices losing items (gold/pred/matched/path ok) or fields")
            print("\n".join(misses(s)) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
