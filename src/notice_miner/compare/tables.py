"""Every table of the comparison by name, and writing them as CSV and Parquet."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from notice_miner.compare.copies import DEFAULT_THRESHOLD, copied_measures, copy_pairs
from notice_miner.compare.load import Corpus
from notice_miner.compare.profiles import category_counts, category_differences, profiles
from notice_miner.compare.words import distinctive_terms, stock_phrases


# ---------------------------------------------------------------- tables

def comparison_tables(corpus: Corpus, by: str = "agency", threshold: float = DEFAULT_THRESHOLD) -> dict[str, pd.DataFrame]:
    """Every table of the report, by name."""
    pairs = copy_pairs(corpus, threshold)
    counts = category_counts(corpus, by)
    long_counts = (counts.stack().rename("count").reset_index() if not counts.empty
                   else pd.DataFrame(columns=["group", "category", "count"]))
    return {
        "notices": corpus.notices,
        "profiles": profiles(corpus, by),
        "category_counts": long_counts,
        "category_differences": category_differences(corpus, by),
        "distinctive_terms": distinctive_terms(corpus, by),
        "copy_pairs": pairs,
        "copied_measures": copied_measures(corpus, threshold, pairs=pairs),
        "stock_phrases": stock_phrases(corpus),
    }


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Each table as NAME.csv (UTF-8 with BOM, so Excel reads the Chinese) and NAME.parquet."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        frame = frame.reset_index(drop=True)
        frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8-sig")
        frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object}).to_parquet(
            out / f"{name}.parquet", index=False)
        written += [out / f"{name}.csv", out / f"{name}.parquet"]
