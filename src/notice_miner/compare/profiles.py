"""Per-group profiles and the categories a group over- or under-uses (see the package docstring)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from notice_miner.compare.load import STATED_STATS, Corpus, category_order, group_column, items_with_group

ALPHA = 0.05


# ---------------------------------------------------------------- profiles

def category_counts(corpus: Corpus, by: str = "agency") -> pd.DataFrame:
    """Group x first-label counts of measures (the table behind shares, heatmap and tests)."""
    items = items_with_group(corpus, by).dropna(subset=["category"])
    if items.empty:
        return pd.DataFrame(dtype=int)
    table = pd.crosstab(items["group"], items["category"])
    return table[category_order(table.columns)]


def profiles(corpus: Corpus, by: str = "agency") -> pd.DataFrame:
    """One row per group: notices, measures, category shares, concrete share, stated statistics, timing."""
    column = group_column(by)
    notices = corpus.notices
    items = items_with_group(corpus, by)
    out = pd.DataFrame(index=pd.Index(sorted(notices[column].unique()), name="group"))
    out["notices"] = notices.groupby(column).size()
    out["measures"] = items.groupby("group").size().reindex(out.index, fill_value=0)
    out["measures_per_notice"] = (out["measures"] / out["notices"]).round(2)
    out["labelled"] = items.dropna(subset=["category"]).groupby("group").size().reindex(out.index, fill_value=0)
    out["concrete"] = items.groupby("group")["concrete"].sum().reindex(out.index, fill_value=0).astype(int)
    out["stock"] = out["measures"] - out["concrete"]
    out["concrete_pct"] = _pct(out["concrete"], out["measures"])
    out["stock_pct"] = _pct(out["stock"], out["measures"])
    counts = category_counts(corpus, by).reindex(out.index, fill_value=0)
    for category in counts.columns:
        out[f"n_{category}"] = counts[category].astype(int)
        out[f"pct_{category}"] = _pct(counts[category], out["labelled"])
    grouped = notices.groupby(column)
    for name in STATED_STATS:
        stating = grouped[name].count()
        out[f"{name}_n"] = stating.reindex(out.index, fill_value=0).astype(int)
        if name == "completion_rate":
            out[f"{name}_mean"] = grouped[name].mean().round(4)
            continue
        total = grouped[name].sum(min_count=1)
        out[f"{name}_sum"] = total
        out[f"{name}_per_notice"] = (total / stating.replace(0, np.nan)).round(2)
    for name in ("days_to_feedback", "days_to_publication"):
        stats = grouped[name].agg(["median", "min", "max", "count"])
        for stat in ("median", "min", "max"):
            out[f"{name}_{stat}"] = stats[stat]
        out[f"{name}_n"] = stats["count"].astype(int)
    return out.reset_index()


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (100.0 * part / whole.replace(0, np.nan)).round(1)


# ---------------------------------------------------------------- differences

def category_differences(corpus: Corpus, by: str = "agency", alpha: float = ALPHA) -> pd.DataFrame:
    """Every group x category cell with its adjusted standardised residual, Holm-adjusted p and flag.

    `flag` is "over" or "under" where the Holm-adjusted p is below `alpha`, else "".
    The table's overall chi-square and p are in the columns `chi2` and `chi2_p`.
    """
    from scipy import stats

    columns = ["group", "category", "count", "expected", "group_total", "pct_in_group", "pct_in_rest",
               "residual", "p", "p_holm", "flag", "chi2", "chi2_dof", "chi2_p"]
    table = category_counts(corpus, by)
    if table.empty or table.shape[0] < 2 or table.shape[1] < 2:
        return pd.DataFrame(columns=columns)
    observed = table.to_numpy(dtype=float)
    total = observed.sum()
    row_sum = observed.sum(axis=1, keepdims=True)
    col_sum = observed.sum(axis=0, keepdims=True)
    expected = row_sum @ col_sum / total
    residual = (observed - expected) / np.sqrt(expected * (1 - row_sum / total) * (1 - col_sum / total))
    p = 2 * stats.norm.sf(np.abs(residual))
    chi2, chi2_p, dof, _ = stats.chi2_contingency(observed, correction=False)
    rest = col_sum - observed
    rest_total = total - row_sum
    frame = pd.DataFrame({
        "group": np.repeat(table.index.to_numpy(), table.shape[1]),
        "category": np.tile(table.columns.to_numpy(), table.shape[0]),
        "count": observed.ravel().astype(int),
        "expected": expected.ravel().round(2),
        "group_total": np.repeat(row_sum.ravel(), table.shape[1]).astype(int),
        "pct_in_group": (100 * observed / row_sum).ravel().round(1),
        "pct_in_rest": np.where(rest_total > 0, 100 * rest / np.where(rest_total > 0, rest_total, 1), np.nan).ravel().round(1),
        "residual": residual.ravel().round(2),
        "p": p.ravel(),
        "p_holm": holm(p.ravel()),
    })
    frame["flag"] = np.where(frame["p_holm"] < alpha, np.where(frame["residual"] > 0, "over", "under"), "")
    frame["chi2"], frame["chi2_dof"], frame["chi2_p"] = round(float(chi2), 2), int(dof), float(chi2_p)
    return frame[columns]


def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    m = len(p)
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out

