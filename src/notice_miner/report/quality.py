"""The report's rectification-quality section: per group the score distribution, the share of measures
lacking each element, and the notices whose figures do not add up, each number linked to its notices."""
from __future__ import annotations

import pandas as pd

from notice_miner import compare
from notice_miner.report.markup import BY_LABELS, Links, esc, fmt, notices_by, table


def quality_section(corpus: compare.Corpus, quality: pd.DataFrame, by: str, link: Links) -> str:
    notices = corpus.notices
    intro = ("Each notice's checks scored 0–100 on the default sheet (data/check_sheet.toml; "
             "`notice-miner check --sheet` scores on another). Shares of measures lacking an element pool the "
             "measures of the group's notices.")
    if quality.empty:
        return (f'<section id="quality"><h2>Rectification quality</h2><p class="note">{esc(intro)}</p>'
                '<p class="note">No notice carries checks (the outputs were written with --no-checks or '
                'before schema 2.1).</p></section>')
    column = compare.group_column(by)
    checked = notices[notices["check_score"].notna()]
    members = notices_by(checked, column)
    bands = {label: notices_by(checked[checked["check_score"].between(low, high, inclusive="left" if high < 100
                                                                       else "both")], column)
             for low, high, label in compare.SCORE_BANDS}
    failing = notices_by(checked[checked["check_arithmetic"].fillna(0) > 0], column)
    headers = [(BY_LABELS[by].capitalize(), False), ("Notices", True), ("Score mean", True), ("Median", True),
               ("Min–max", False), *((f"Score {label}", True) for *_, label in compare.SCORE_BANDS),
               ("Measures", True), ("No responsible %", True), ("No deadline %", True), ("No target %", True),
               ("Arithmetic failing", True)]
    rows = []
    for row in quality.to_dict("records"):
        group = row["group"]
        cells = [(esc(group), group), (link(fmt(row["notices"]), members.get(group, []), f"{group}: notices checked"),
                                       row["notices"]),
                 (fmt(row["score_mean"], 1), row["score_mean"]), (fmt(row["score_median"], 1), row["score_median"]),
                 (f"{fmt(row['score_min'], 0)}–{fmt(row['score_max'], 0)}", row["score_min"])]
        for *_, label in compare.SCORE_BANDS:
            n = row[f"score_{label}"]
            cells.append((link(fmt(n), bands[label].get(group, []), f"{group}: score {label}"), n))
        cells.append((fmt(row["measures"]), row["measures"]))
        for e in compare.quality.ELEMENTS:
            share = row[f"lacking_{e}"]
            cells.append((fmt(100 * share if share is not None else None, 0), share))
        n_failing = row["arithmetic_failing"]
        cells.append((link(fmt(n_failing), failing.get(group, []), f"{group}: figures that do not add up"), n_failing))
        rows.append(cells)
    return (f'<section id="quality"><h2>Rectification quality</h2><p class="note">{esc(intro)}</p>'
            f'{table("quality-table", headers, rows)}</section>')
