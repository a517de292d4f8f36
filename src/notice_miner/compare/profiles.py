"""Per-group profiles and the categories a group over- or under-uses (see the package docstring)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from notice_miner.compare.load import STATED_STATS, Corpus, category_order, group_column, items_with_group

ALPHA = 0.05
PERMUTATIONS = 999
PERMUTATION_SEED = 0
# below this many notices a group's differences are reported with a warning: with 3 or 4 notices one
# unusual notice decides the share
MIN_NOTICES = 5


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


def category_differences(corpus: Corpus, by: str = "agency", alpha: float = ALPHA, permutations: int = PERMUTATIONS) -> pd.DataFrame:
    """Every group x category cell: the group's share of the category against the rest's, tested at
    the level of notices (measures of one notice are not independent).

    Statistic: z = (share in group - share in rest) / SE, shares pooled over the measures; SE^2 =
    s^2 (sum_g m_i^2 / M_g^2 + sum_rest m_i^2 / M_rest^2), the variance of a ratio of notice totals,
    with s^2 = sum (c_i - R m_i)^2 / sum m_i^2 the notices' residual variance under no difference
    pooled over the corpus (R the corpus share; m_i a notice's labelled measures, c_i those in the
    category), so a group of one notice gets a finite SE. Test: the group labels of the notices are permuted
    `permutations` times (seeded, so reproducible); `p` is the cell's own permutation p-value and
    `p_adjusted` the single-step maxT adjustment over all cells (Westfall & Young): the share of
    permutations whose largest |z| over the whole table reaches the cell's |z|. `flag` is "over" or
    "under" where p_adjusted < alpha. Effect sizes: `diff_pp` (percentage points) with a 95 %
    notice-clustered confidence interval (CR1, normal), and `ratio` of the shares. `few_notices` marks
    groups with fewer than MIN_NOTICES notices, whose figures may well be chance.
    """
    columns = [
        "group",
        "category",
        "count",
        "expected",
        "group_total",
        "notices",
        "pct_in_group",
        "pct_in_rest",
        "diff_pp",
        "diff_ci_low",
        "diff_ci_high",
        "ratio",
        "z",
        "p",
        "p_adjusted",
        "flag",
        "few_notices",
        "permutations",
    ]
    table = category_counts(corpus, by)
    if table.empty or table.shape[0] < 2 or table.shape[1] < 2:
        return pd.DataFrame(columns=columns)
    counts, labels, groups = _notice_table(corpus, by, list(table.columns))
    observed = _cell_z(counts, labels, len(groups))
    rng = np.random.default_rng(PERMUTATION_SEED)
    reached = np.zeros_like(observed)
    maxima = np.empty(permutations)
    for k in range(permutations):
        null = np.abs(_cell_z(counts, rng.permutation(labels), len(groups)))
        reached += null >= np.abs(observed) - 1e-9
        maxima[k] = null.max()
    p = (1 + reached) / (permutations + 1)
    reaching_max = permutations - np.searchsorted(np.sort(maxima), np.abs(observed) - 1e-9, side="left")
    p_adjusted = (1 + reaching_max) / (permutations + 1)
    effect = _effects(counts, labels, len(groups))
    n_notices = np.bincount(labels, minlength=len(groups))
    shape = observed.shape
    frame = pd.DataFrame(
        {
            "group": np.repeat(groups, shape[1]),
            "category": np.tile(table.columns.to_numpy(), shape[0]),
            **{name: values.ravel() for name, values in effect.items()},
            "notices": np.repeat(n_notices, shape[1]),
            "z": observed.ravel().round(2),
            "p": p.ravel(),
            "p_adjusted": p_adjusted.ravel(),
            "permutations": permutations,
        }
    )
    frame["flag"] = np.where(frame["p_adjusted"] < alpha, np.where(frame["diff_pp"] > 0, "over", "under"), "")
    frame["few_notices"] = frame["notices"] < MIN_NOTICES
    return frame[columns]


def _notice_table(corpus: Corpus, by: str, categories: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(notices x categories counts of first labels, group code of each notice, group names).

    Notices in a fixed order (group, then a hash of their measure texts), so that the permutations
    do not depend on file names: a corpus and the same corpus with its duplicates left out test alike."""
    items = corpus.items.dropna(subset=["category"])
    content = corpus.items.groupby("notice_id")["text"].agg(lambda texts: hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest())
    notices = corpus.notices[["notice_id", group_column(by)]].rename(columns={group_column(by): "group"})
    notices = notices.assign(content=notices["notice_id"].map(content).fillna(""))
    notices = notices.sort_values(["group", "content", "notice_id"], kind="stable")
    counts = pd.crosstab(items["notice_id"], items["category"]).reindex(index=notices["notice_id"], columns=categories, fill_value=0)
    groups, labels = np.unique(notices["group"].astype(str).to_numpy(), return_inverse=True)
    return counts.to_numpy(dtype=float), labels, groups


def _group_sums(values: np.ndarray, labels: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the column sums of `values` (notices x columns)."""
    width = values.shape[1]
    keys = (labels[:, None] * width + np.arange(width)).ravel()
    return np.bincount(keys, weights=values.ravel(), minlength=n_groups * width).reshape(n_groups, width)


def _cell_z(counts: np.ndarray, labels: np.ndarray, n_groups: int) -> np.ndarray:
    """z of every group x category cell (see `category_differences`); 0 where undefined."""
    measures = counts.sum(axis=1)
    total = measures.sum()
    share = counts.sum(axis=0) / total
    # the per-measure variance of the notices' residuals under no difference, pooled over all notices
    pooled = ((counts - measures[:, None] * share) ** 2).sum(axis=0) / (measures**2).sum()
    in_group = _group_sums(counts, labels, n_groups)
    group_measures = np.bincount(labels, weights=measures, minlength=n_groups)[:, None]
    group_squares = np.bincount(labels, weights=measures**2, minlength=n_groups)[:, None]
    rest_measures = total - group_measures
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = in_group / group_measures - (counts.sum(axis=0) - in_group) / rest_measures
        variance = pooled * (group_squares / group_measures**2 + ((measures**2).sum() - group_squares) / rest_measures**2)
        z = difference / np.sqrt(variance)
    return np.where(np.isfinite(z), z, 0.0)


def _effects(counts: np.ndarray, labels: np.ndarray, n_groups: int) -> dict[str, np.ndarray]:
    """Counts, shares, their difference with a 95 % notice-clustered (CR1) interval, and their ratio."""
    measures = counts.sum(axis=1)
    in_group = _group_sums(counts, labels, n_groups)
    group_measures = np.bincount(labels, weights=measures, minlength=n_groups)[:, None]
    rest_counts = counts.sum(axis=0) - in_group
    rest_measures = measures.sum() - group_measures
    n_group = np.bincount(labels, minlength=n_groups)[:, None].astype(float)
    n_rest = len(labels) - n_group
    with np.errstate(divide="ignore", invalid="ignore"):
        share_group = in_group / group_measures
        share_rest = rest_counts / rest_measures
        own = (counts - measures[:, None] * share_group[labels]) ** 2
        own_group = _group_sums(own, labels, n_groups)
        variance_group = own_group / group_measures**2 * n_group / (n_group - 1)
        variance_rest = _rest_variance(counts, measures, labels, n_groups, share_rest) / rest_measures**2 * n_rest / (n_rest - 1)
        se = np.sqrt(variance_group + variance_rest)
        difference = share_group - share_rest
        ratio = share_group / share_rest
    return {
        "count": in_group.astype(int),
        "expected": (group_measures * counts.sum(axis=0) / measures.sum()).round(2),
        "group_total": np.broadcast_to(group_measures, in_group.shape).astype(int),
        "pct_in_group": (100 * share_group).round(1),
        "pct_in_rest": (100 * share_rest).round(1),
        "diff_pp": (100 * difference).round(1),
        "diff_ci_low": (100 * (difference - 1.96 * se)).round(1),
        "diff_ci_high": (100 * (difference + 1.96 * se)).round(1),
        "ratio": np.where(np.isfinite(ratio), ratio, np.nan).round(2),
    }


def _rest_variance(counts: np.ndarray, measures: np.ndarray, labels: np.ndarray, n_groups: int, share_rest: np.ndarray) -> np.ndarray:
    """Per group, the sum over the other groups' notices of (c_i - R_rest m_i)^2, R_rest the rest's share:
    sum c^2 - 2 R sum c m + R^2 sum m^2 over all notices minus the group's own."""

    def outside(values: np.ndarray) -> np.ndarray:
        return values.sum(axis=0) - _group_sums(values, labels, n_groups)

    c2, cm = outside(counts**2), outside(counts * measures[:, None])
    m2 = outside((measures**2)[:, None])
    return c2 - 2 * share_rest * cm + share_rest**2 * m2


def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    m = len(p)
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out
