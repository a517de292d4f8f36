"""Compare the output of two code trees (or two output folders) notice by notice, field by field.

    # every notice of every corpus folder, parsed by each tree (the folders of NEW_TREE and ../shared)
    python benchmarks/compare_outputs.py --trees /work/wt-baseline /work/main
    # the same, plus a generated corpus, showing the first 3 differing values of each field
    python benchmarks/compare_outputs.py --trees OLD NEW --show 3 --also /tmp/gen1000
    # leaving out fields a change of the data model renames or reshapes
    python benchmarks/compare_outputs.py --trees OLD NEW --ignore schema_version metadata.page
    # only some folders
    python benchmarks/compare_outputs.py --trees OLD NEW corpus tests/fixtures/regression
    # two output folders of `notice-miner parse … -o DIR`
    python benchmarks/compare_outputs.py --outputs OLD_DIR NEW_DIR

Prints, per folder and in all, how many notices are identical and how many changed, and which fields
differ in how many notices: metadata and stats key by key, source key by key, items and sections
element by element and key by key (`items[].path`, `items[].labels`, `items (count)` when the number
differs). `tool` and `source.path` are left out (they name the run). Exit status 0 either way.
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
KEYED = ("metadata", "stats", "source")  # dicts compared key by key
ELEMENTS = ("items", "sections")         # lists of dicts compared element by element, key by key
# evidence is one entry per field, in no promised order: compared per field it supports


def corpus_folders(tree: Path) -> list[Path]:
    """Every folder of notices the project knows: ../shared's corpus (composed, dev, real), the tree's
    corpus/ and each folder under tests/fixtures/ that holds notices."""
    shared = (tree.parent / "shared" / "corpus").resolve()
    candidates = [shared, shared / "dev", shared / "real", tree / "corpus",
                  *sorted(p for p in (tree / "tests" / "fixtures").glob("*") if p.is_dir())]
    return [p for p in candidates if p.is_dir() and notices(p)]


def notices(folder: Path, recursive: bool = False) -> list[Path]:
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(p for p in found if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("README"))


def parse_with(tree: Path, files: list[Path], out: Path) -> None:
    """`notice-miner parse FILES -o OUT` with `tree`'s sources; files it cannot read have no output."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    if files:
        subprocess.run([sys.executable, "-m", "notice_miner", "parse", *map(str, files), "-o", str(out)],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def _fields(doc: dict) -> dict[str, object]:
    """Field name → value: keyed parts key by key, element lists element by element and key by key."""
    out: dict[str, object] = {}
    for key, value in doc.items():
        if key in SKIPPED:
            continue
        if key in KEYED and isinstance(value, dict):
            out.update((f"{key}.{k}", v) for k, v in value.items() if (key, k) != ("source", "path"))
        elif key == "evidence" and isinstance(value, list):
            out.update(_evidence(value))
        elif key in ELEMENTS and isinstance(value, list):
            out.update(_elements(key, value))
        else:
            out[key] = value
    return out


def _evidence(entries: list) -> dict[str, object]:
    """evidence[FIELD].KEY → value, one entry per field it supports."""
    out: dict[str, object] = {}
    for entry in entries:
        pairs = entry.items() if isinstance(entry, dict) else [("", entry)]
        field = entry.get("field") if isinstance(entry, dict) else None
        out.update((f"evidence[{field}].{k}", v) for k, v in pairs if k != "field")
    return out


def _elements(key: str, elements: list) -> dict[str, object]:
    """KEY (count) and KEY[N].FIELD → value."""
    out: dict[str, object] = {f"{key} (count)": len(elements)}
    for n, element in enumerate(elements):
        pairs = element.items() if isinstance(element, dict) else [("", element)]
        out.update((f"{key}[{n}].{k}", v) for k, v in pairs)
    return out


def _generic(field: str) -> str:
    """items[3].path → items[].path: the name a difference is counted under (evidence keeps its field)."""
    head, bracket, rest = field.partition("[")
    index, _, tail = rest.partition("]")
    return f"{head}[]{tail}" if bracket and index.isdigit() else field


def compare(old: Path, new: Path, show: int = 0, ignore: tuple[str, ...] = ()) -> tuple[int, int, Counter, list[str]]:
    """(identical notices, changed notices, field → number of notices where it differs, the first
    `show` differing values of each field); fields starting with one of `ignore` are not compared."""
    same = changed = 0
    fields: Counter = Counter()
    shown: Counter = Counter()
    examples: list[str] = []
    for name in sorted({p.name for p in old.glob("*.json")} | {p.name for p in new.glob("*.json")}):
        fa, fb = _fields(_load(old / name)), _fields(_load(new / name))
        diff = sorted(k for k in fa.keys() | fb.keys() if fa.get(k) != fb.get(k) and not k.startswith(ignore))
        if not diff:
            same += 1
            continue
        changed += 1
        fields.update({_generic(k) for k in diff})
        for k in diff:
            if shown[_generic(k)] < show:
                shown[_generic(k)] += 1
                examples.append(f"    {name} {k}: {_short(fa.get(k))} → {_short(fb.get(k))}")
    return same, changed, fields, examples


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"missing": True}


def _short(value: object, width: int = 100) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[:width] + "…"


def report(label: str, result: tuple[int, int, Counter, list[str]]) -> None:
    same, changed, fields, examples = result
    print(f"{label}: {same + changed} notices, {same} identical, {changed} changed")
    for field, n in fields.most_common():
        print(f"    {n:4d}  {field}")
    print("\n".join(examples), end="\n" if examples else "")


def compare_trees(trees: list[Path], folders: list[tuple[Path, bool]], show: int, ignore: tuple[str, ...]) -> None:
    """Parse every folder (with its subfolders where flagged) with each tree and report each folder,
    then all of them together."""
    total = [0, 0, Counter(), []]
    with tempfile.TemporaryDirectory() as tmp:
        for k, (folder, recursive) in enumerate(folders):
            files = notices(folder, recursive)
            outs = [Path(tmp) / f"{k}-{side}" for side in ("old", "new")]
            for tree, out in zip(trees, outs):
                parse_with(tree.resolve(), files, out)
            result = compare(*outs, show=show, ignore=ignore)
            report(str(folder), result)
            total[0] += result[0]
            total[1] += result[1]
            total[2].update(result[2])
    report(f"all {len(folders)} folders", tuple(total))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outputs", nargs=2, metavar=("OLD", "NEW"), type=Path)
    ap.add_argument("--trees", nargs=2, metavar=("OLD_TREE", "NEW_TREE"), type=Path)
    ap.add_argument("--also", nargs="*", type=Path, default=[],
                    help="folders to compare besides the corpus folders, with their subfolders (a generated corpus)")
    ap.add_argument("--ignore", nargs="*", default=[], metavar="FIELD",
                    help="fields not to compare, by prefix (a change of the data model: schema_version metadata.page)")
    ap.add_argument("--show", type=int, default=0, help="print the first N differing values of each field")
    ap.add_argument("folders", nargs="*", type=Path, help="folders to parse (default: every corpus folder)")
    args = ap.parse_args(argv)
    if args.outputs:
        report(f"{args.outputs[0]} → {args.outputs[1]}", compare(*args.outputs, show=args.show, ignore=tuple(args.ignore)))
        return 0
    if not args.trees:
        ap.error("give --outputs OLD NEW, or --trees OLD NEW [FOLDER ...]")
    folders = args.folders or corpus_folders(args.trees[1].resolve())
    compare_trees(args.trees, [*((f, False) for f in folders), *((f, True) for f in args.also)], args.show,
                  tuple(args.ignore))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
