"""Assemble measures.jsonl from the hand-written source files and check it.

Source format (corpus/training/source/*.measures), one directive per line:
  § SECTION TITLE          sets the section for the lines that follow
  ? PROBLEM                sets the problem (a bare "?" clears it)
  labels | text [[tags]]   one measure; labels comma-separated, most important first;
                           optional [[tag,tag]] marks boundary cases (kept out of the JSONL)
Lines starting with "//" and blank lines are ignored.

Run: python corpus/training/build_measures.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import collections
import itertools
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
IDS = ["institution", "supervision", "fund_recovery", "accountability", "education",
       "party_building", "decision_making", "procurement", "assets_finance", "audit",
       "digitalization", "core_business", "personnel", "responsibility"]
TAG_RE = re.compile(r"\s*\[\[([^\]]*)\]\]\s*$")


def trigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i:i + 3] for i in range(len(text) - 2)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def read_sources() -> list[dict]:
    rows = []
    for path in sorted((HERE / "source").glob("*.measures")):
        section, problem = "", ""
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            if line.startswith("§"):
                section, problem = line[1:].strip(), ""
            elif line.startswith("?"):
                problem = line[1:].strip()
            else:
                head, sep, text = line.partition("|")
                if not sep:
                    sys.exit(f"{path.name}:{n}: no '|' between labels and text")
                tags: list[str] = []
                match = TAG_RE.search(text)
                if match:
                    tags = [t.strip() for t in match.group(1).split(",") if t.strip()]
                    text = text[:match.start()]
                labels = [x.strip() for x in head.split(",") if x.strip()]
                bad = [x for x in labels if x not in IDS]
                if bad or not 1 <= len(labels) <= 3 or len(set(labels)) != len(labels):
                    sys.exit(f"{path.name}:{n}: bad labels {labels}")
                rows.append({"text": text.strip(), "labels": labels, "problem": problem,
                             "section": section, "source": "composed", "group": path.stem,
                             "_tags": tags, "_where": f"{path.name}:{n}"})
    return rows


def shared_texts(shared: Path) -> list[str]:
    texts = []
    for gold in sorted(shared.glob("corpus/**/*.gold.json")):
        texts += [item["text"] for item in json.loads(gold.read_text(encoding="utf-8"))["items"]]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=HERE.parents[2] / "shared")
    args = parser.parse_args()
    rows = read_sources()
    grams = [trigrams(r["text"]) for r in rows]
    clashes = [(rows[i]["_where"], rows[j]["_where"], round(jaccard(grams[i], grams[j]), 2))
               for i, j in itertools.combinations(range(len(rows)), 2)
               if jaccard(grams[i], grams[j]) > 0.6]
    for clash in clashes:
        print("near-duplicate:", *clash)
    if args.shared.is_dir():
        gold = [trigrams(t) for t in shared_texts(args.shared)]
        closest = sorted(((max(jaccard(g, s) for s in gold), r["_where"]) for g, r in zip(grams, rows)),
                         reverse=True)
        print("closest to the shared corpus (trigram Jaccard):",
              ", ".join(f"{w} {s:.2f}" for s, w in closest[:5]))
    first = collections.Counter(r["labels"][0] for r in rows)
    anyl = collections.Counter(l for r in rows for l in r["labels"])
    tags = collections.Counter(t for r in rows for t in r["_tags"])
    print(f"\n{len(rows)} lines\n\n| label | first | any |\n|---|---:|---:|")
    for i in IDS:
        print(f"| `{i}` | {first[i]} | {anyl[i]} |")
    print("\n| boundary tag | lines |\n|---|---:|")
    for t, c in sorted(tags.items()):
        print(f"| {t} | {c} |")
    if clashes:
        sys.exit("near-duplicates found")
    with open(HERE / "measures.jsonl", "w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps({k: v for k, v in r.items() if not k.startswith("_")},
                                 ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
