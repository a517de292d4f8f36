"""Every table of the comparison by name, and writing them as CSV and Parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from notice_miner.compare.copies import DEFAULT_THRESHOLD, copied_measures, copy_pairs
from notice_miner.compare.load import Corpus, group_column
from notice_miner.compare.profiles import category_counts, category_differences, profiles
from notice_miner.compare.quality import quality_by_group
from notice_miner.compare.words import distinctive_terms, stock_phrases
from notice_miner.fileio import atomic_path, spreadsheet_safe, writing

# ---------------------------------------------------------------- tables


def comparison_tables(corpus: Corpus, by: str = "agency", threshold: float = DEFAULT_THRESHOLD) -> dict[str, pd.DataFrame]:
    """Every table of the report, by name (`duplicates`: the clusters of republished notices)."""
    pairs = copy_pairs(corpus, threshold)
    counts = category_counts(corpus, by)
    long_counts = counts.stack().rename("count").reset_index() if not counts.empty else pd.DataFrame(columns=["group", "category", "count"])
    return {
        "notices": corpus.notices,
        "profiles": profiles(corpus, by),
        "category_counts": long_counts,
        "category_differences": category_differences(corpus, by),
        "distinctive_terms": distinctive_terms(corpus, by),
        "copy_pairs": pairs,
        "copied_measures": copied_measures(corpus, threshold, pairs=pairs),
        "stock_phrases": stock_phrases(corpus),
        "duplicates": corpus.duplicates,
        "check_quality": quality_by_group(corpus.notices, group_column(by)),
    }


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Each table as NAME.csv (UTF-8 with BOM, so Excel reads the Chinese) and NAME.parquet.

    Each file is written under a temporary name and renamed: never a truncated table under its name.
    A folder that cannot be written raises `OutputError` naming it.
    """
    out = Path(out_dir)
    written = []
    with writing(out):
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in tables.items():
            frame = frame.reset_index(drop=True)
            with atomic_path(out / f"{name}.csv") as tmp:
                _spreadsheet_safe(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
            with atomic_path(out / f"{name}.parquet") as tmp:
                frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object}).to_parquet(tmp, index=False)
            written += [out / f"{name}.csv", out / f"{name}.parquet"]
    return written


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that starts like a formula prefixed with an apostrophe
    (fileio.FORMULA_START), for the CSV copy only."""
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    safe = frame.copy()
    for column in text:
        safe[column] = frame[column].map(lambda v: spreadsheet_safe(v) if isinstance(v, str) else v)
    return safe
