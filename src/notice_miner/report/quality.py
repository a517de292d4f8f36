"""The report's rectification-quality section: per group the score distribution, the share of measures
lacking each element, and the notices whose figures do not add up, each number linked to its notices."""

from __future__ import annotations

import pandas as pd

from notice_miner import compare
from notice_miner.report.markup import Links, Words, esc, fmt, notices_by, table


def quality_section(corpus: compare.Corpus, quality: pd.DataFrame, by: str, link: Links, words: Words) -> str:
    notices = corpus.notices
    title = f'<section id="quality"><h2>{esc(words("h.quality"))}</h2><p class="note">{esc(words("quality.intro"))}</p>'
    if quality.empty:
        return title + f'<p class="note">{esc(words("quality.none"))}</p></section>'
    column = compare.group_column(by)
    checked = notices[notices["check_score"].notna()]
    members = notices_by(checked, column)
    bands = {
        label: notices_by(checked[checked["check_score"].between(low, high, inclusive="left" if high < 100 else "both")], column)
        for low, high, label in compare.SCORE_BANDS
    }
    failing = notices_by(checked[checked["check_arithmetic"].fillna(0) > 0], column)
    headers = [
        (words.by(by).capitalize(), False),
        (words("col.notices"), True),
        (words("col.score_mean"), True),
        (words("col.score_median"), True),
        (words("col.score_range"), False),
        *((words("col.score_band", band=label), True) for *_, label in compare.SCORE_BANDS),
        (words("col.measures"), True),
        *((words(f"col.lacking.{e}"), True) for e in compare.quality.ELEMENTS),
        (words("col.arithmetic_failing"), True),
    ]
    rows = []
    for row in quality.to_dict("records"):
        group = row["group"]
        cells = [
            (esc(group), group),
            (link(fmt(row["notices"]), members.get(group, []), words("quality.checked_what", group=group)), row["notices"]),
            (fmt(row["score_mean"], 1), row["score_mean"]),
            (fmt(row["score_median"], 1), row["score_median"]),
            (f"{fmt(row['score_min'], 0)}–{fmt(row['score_max'], 0)}", row["score_min"]),
        ]
        for *_, label in compare.SCORE_BANDS:
            n = row[f"score_{label}"]
            cells.append((link(fmt(n), bands[label].get(group, []), words("quality.band_what", group=group, band=label)), n))
        cells.append((fmt(row["measures"]), row["measures"]))
        for e in compare.quality.ELEMENTS:
            share = row[f"lacking_{e}"]
            cells.append((fmt(100 * share if share is not None else None, 0), share))
        n_failing = row["arithmetic_failing"]
        cells.append((link(fmt(n_failing), failing.get(group, []), words("quality.failing_what", group=group)), n_failing))
        rows.append(cells)
    return title + f"{table('quality-table', headers, rows)}</section>"
