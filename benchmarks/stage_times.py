"""Print the CPU time of each pipeline stage per notice, in one process, over a folder of notices.

    python benchmarks/stage_times.py DIR [--limit N]

Times the stages as `pipeline._build` chains them (time.process_time around each), plus
`Notice.to_json`, and then a bare `jieba.lcut` loop over the same texts for scale. Warm: the
classifier, dictionaries, rjieba and jieba are loaded before the clock starts.
"""
from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from notice_miner import checks, enrich, facts, ingest, layout, normalise, pipeline, structure
from notice_miner.model import Notice, Source, Tool
from notice_miner.pipeline import with_parts

SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}


def time_stages(paths: list[Path]) -> dict[str, float]:
    """Total CPU seconds per stage over `paths`."""
    import jieba

    jieba.initialize()
    clf = pipeline.resolve_classifier("default")
    pipeline.parse_text("关于巡察整改情况的通报\n一、整改情况\n(一)完善制度。一是修订办法3项。\n", classifier=clf)
    for suffix in {path.suffix.lower() for path in paths}:  # lxml, pdfplumber … load on their first file
        ingest.read(next(path for path in paths if path.suffix.lower() == suffix))
    texts = []
    totals: dict[str, float] = defaultdict(float)
    clock = time.process_time
    for path in paths:
        t0 = clock()
        doc = ingest.read(path)
        t1 = clock()
        norm = normalise.normalise(doc.text)
        t2 = clock()
        found_layout = layout.analyse(norm.text)
        tree = structure.parse_structure(found_layout)
        t3 = clock()
        found = facts.extract_facts(found_layout, page=doc.page_meta, title_hint=doc.title)
        t4 = clock()
        extra = enrich.enrich(norm.text, tree.items)
        t5 = clock()
        notice = Notice(
            tool=Tool(model=clf.model_id),
            source=Source(path=doc.path, name=doc.name, sha256=doc.sha256, format=doc.format,
                          encoding=doc.encoding, bytes=doc.size, pages=doc.pages, offsets=norm.offsets),
            title=found.title, metadata=found.metadata, stats=found.stats, evidence=found.evidence,
            sections=tree.sections,
            items=with_parts(tree.items, text_printed=[norm.printed(doc.text, *item.span) for item in tree.items],
                             signals=extra.signals),
            keywords=extra.keywords, text=norm.text,
            warnings=[*doc.warnings, *norm.warnings, *tree.warnings, *found.warnings])
        t6 = clock()
        notice = notice.model_copy(update={"items": with_parts(notice.items, labels=clf.label(notice))})
        t7 = clock()
        notice = notice.model_copy(update={"checks": checks.run_checks(notice, found_layout)})
        t8 = clock()
        notice.to_json()
        t9 = clock()
        texts.append(doc.text)
        for name, span in (("ingest", t1 - t0), ("normalise", t2 - t1), ("structure", t3 - t2),
                           ("facts", t4 - t3), ("enrich", t5 - t4), ("model", t6 - t5),
                           ("classify", t7 - t6), ("checks", t8 - t7), ("to_json", t9 - t8)):
            totals[name] += span
    # a loop of its own: interleaved, jieba's dictionary evicts rjieba's from the CPU caches
    started = clock()
    for text in texts:
        jieba.lcut(text)
    totals["jieba.lcut"] = clock() - started
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    paths = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in SUFFIXES)[:args.limit]
    totals = time_stages(paths)
    n = len(paths)
    pipeline_ms = sum(v for k, v in totals.items() if k != "jieba.lcut") * 1000 / n
    print(f"{n} notices, CPU ms per notice")
    for name, seconds in totals.items():
        print(f"  {name:<11} {seconds * 1000 / n:7.2f}")
    print(f"  {'pipeline':<11} {pipeline_ms:7.2f}  ({totals['jieba.lcut'] * 1000 / n / pipeline_ms:.2f}× jieba)")


if __name__ == "__main__":
    main()
