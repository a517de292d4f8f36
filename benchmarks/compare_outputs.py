"""Compare the output of two code trees (or two output folders) notice by notice, field by field.

    # two output folders of `notice-miner parse … -o DIR`
    python benchmarks/compare_outputs.py --outputs OLD_DIR NEW_DIR
    # two code trees (each a checkout with src/): every notice of the folders parsed with each
    python benchmarks/compare_outputs.py --trees /work/main /work/wt-x corpus tests/fixtures/holdout …

Prints, per folder, how many notices are identical and how many changed, and for the changed
ones which top-level fields (metadata and stats key by key) differ. `--show N` prints the first N
differing values of each field. The `tool` and `source.path` fields are left out (they name the run).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}
SKIPPED = {"tool"}


def notices(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in SUFFIXES and not p.name.startswith("README"))


def parse_with(tree: Path, files: list[Path], out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    if files:
        subprocess.run([sys.executable, "-m", "notice_miner", "parse", *map(str, files), "-o", str(out)],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def _fields(doc: dict) -> dict[str, object]:
    """Top-level fields, metadata and stats split key by key, items and sections compared whole."""
    out: dict[str, object] = {}
    for key, value in doc.items():
        if key in SKIPPED:
            continue
        if key in ("metadata", "stats") and isinstance(value, dict):
            for k, v in value.items():
                out[f"{key}.{k}"] = v
        elif key == "source" and isinstance(value, dict):
            out["source"] = {k: v for k, v in value.items() if k != "path"}
        else:
            out[key] = value
    return out


def compare(old: Path, new: Path, show: int = 0) -> tuple[int, int, Counter]:
    same = changed = 0
    fields: Counter = Counter()
    shown: Counter = Counter()
    names = sorted({p.name for p in old.glob("*.json")} | {p.name for p in new.glob("*.json")})
    for name in names:
        a = _load(old / name)
        b = _load(new / name)
        fa, fb = _fields(a), _fields(b)
        diff = sorted(k for k in fa.keys() | fb.keys() if fa.get(k) != fb.get(k))
        if not diff:
            same += 1
            continue
        changed += 1
        fields.update(diff)
        for k in diff:
            if shown[k] < show:
                shown[k] += 1
                print(f"    {name} {k}: {_short(fa.get(k))} → {_short(fb.get(k))}")
    return same, changed, fields


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"missing": True}


def _short(value: object, width: int = 100) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[:width] + "…"


def report(label: str, result: tuple[int, int, Counter]) -> None:
    same, changed, fields = result
    print(f"{label}: {same + changed} notices, {same} identical, {changed} changed")
    for field, n in fields.most_common():
        print(f"    {n:3d}  {field}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outputs", nargs=2, metavar=("OLD", "NEW"), type=Path)
    ap.add_argument("--trees", nargs=2, metavar=("OLD_TREE", "NEW_TREE"), type=Path)
    ap.add_argument("--show", type=int, default=0, help="print the first N differing values of each field")
    ap.add_argument("folders", nargs="*", type=Path)
    args = ap.parse_args(argv)
    if args.outputs:
        report(f"{args.outputs[0]} → {args.outputs[1]}", compare(*args.outputs, show=args.show))
        return 0
    if not args.trees or not args.folders:
        ap.error("give --outputs OLD NEW, or --trees OLD NEW and the folders to parse")
    with tempfile.TemporaryDirectory() as tmp:
        for k, folder in enumerate(args.folders):
            files = notices(folder)
            outs = []
            for side, tree in zip(("old", "new"), args.trees):
                out = Path(tmp) / f"{k}-{side}"
                parse_with(tree.resolve(), files, out)
                outs.append(out)
            report(str(folder), compare(*outs, show=args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
