"""The comparison report: one self-contained HTML file (inline CSS, JS and SVG; nothing fetched).

Every string that comes from a notice goes through `markup.esc`; numbers link to the notices behind
them (a click filters the notices table, which lists each notice's source path). The package:
`markup` (escaping, assets, links, tables), `charts` (SVG heatmap and bars), `sections` (the text
and table sections); this module assembles the page.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from notice_miner import compare
from notice_miner.fileio import write_atomic, writing
from notice_miner.model import VERSION
from notice_miner.report.charts import concrete_section, heatmap_section, terms_section
from notice_miner.report.markup import Links, Words, asset, esc
from notice_miner.report.quality import quality_section
from notice_miner.report.sections import (
    copies_section,
    differences_section,
    duplicates_section,
    notices_section,
    profiles_section,
    reuse_section,
    stock_section,
    summary_section,
)
from notice_miner.view import content_security_policy

NAVIGATION = ("summary", "categories", "concrete", "profiles", "differences", "terms", "copies", "reuse", "stock", "quality", "duplicates", "notices")


def render(
    corpus: compare.Corpus, tables: dict[str, pd.DataFrame], *, by: str = "agency", threshold: float = compare.DEFAULT_THRESHOLD, language: str = "zh"
) -> str:
    """The whole report as one HTML string, every visible word in `language` (zh or en)."""
    link, words = Links(corpus.notices), Words(language)
    sections = [
        summary_section(corpus, tables, by, threshold, words),
        heatmap_section(corpus, tables, by, link, words),
        concrete_section(corpus, tables["profiles"], by, link, words),
        profiles_section(corpus, tables["profiles"], by, link, words),
        differences_section(corpus, tables["category_differences"], by, link, words),
        terms_section(tables["distinctive_terms"], link, words),
        copies_section(corpus, tables["copied_measures"], tables["copy_pairs"], threshold, link, words),
        reuse_section(tables["copied_measures"], link, words),
        stock_section(tables["stock_phrases"], link, words),
        quality_section(corpus, tables["check_quality"], by, link, words),
        duplicates_section(corpus, tables["duplicates"], link, words),
        notices_section(corpus, words),
    ]
    nav = "".join(f'<a href="#{anchor}">{esc(words(f"nav.{anchor}"))}</a>' for anchor in NAVIGATION)
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    css, script = asset("report.css"), asset("report.js")
    title = esc(words("page.title", by=words.by(by)))
    meta = words("page.meta", n=len(corpus.notices), root=corpus.root, version=VERSION, stamp=stamp)
    # the page's own style sheet and script by hash, nothing else (view.content_security_policy)
    return (
        f'<!DOCTYPE html>\n<html lang="{words.html_lang}"><head><meta charset="utf-8">'
        f"{content_security_policy(styles=(css,), scripts=(script,))}"
        f"<title>{title}</title><style>{css}</style></head>"
        f"<body><header><h1>{title}</h1><p>{esc(meta)}</p></header>"
        f"<nav>{nav}</nav><main>{''.join(sections)}</main><script>{script}</script></body></html>\n"
    )


def write(
    corpus: compare.Corpus,
    tables: dict[str, pd.DataFrame],
    path: str | Path,
    *,
    by: str = "agency",
    threshold: float = compare.DEFAULT_THRESHOLD,
    language: str = "zh",
) -> Path:
    """Write the report to PATH (atomically) and return the path."""
    path = Path(path)
    page = render(corpus, tables, by=by, threshold=threshold, language=language)
    with writing(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, page)
    return path


def build_report(
    out_dir: str | Path,
    report: str | Path | None = None,
    *,
    by: str = "agency",
    threshold: float = compare.DEFAULT_THRESHOLD,
    tables_dir: str | Path | None = None,
    keep_duplicates: bool = False,
    language: str = "zh",
) -> dict[str, pd.DataFrame]:
    """Load OUT_DIR (one notice per duplicate cluster unless `keep_duplicates`), compute every table,
    write the HTML report (findings in `language`, zh or en) and/or the tables; return the tables."""
    compare.group_column(by)
    corpus = compare.load_outputs(out_dir, keep_duplicates=keep_duplicates)
    tables = compare.comparison_tables(corpus, by, threshold)
    if tables_dir is not None:
        compare.write_tables(tables, tables_dir)
    if report is not None:
        write(corpus, tables, report, by=by, threshold=threshold, language=language)
    return tables
