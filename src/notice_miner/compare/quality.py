"""Rectification quality per group: each notice's check columns and score, and their distribution per group.

A notice's columns come from its JSON's `checks` part (absent: written with --no-checks, left empty)
scored on the default sheet (`checks.sheet`). Per group: the score distribution, the share of measures
lacking each element (measures pooled over the group's notices) and the notices whose figures do not
add up.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from pydantic import ValidationError

from notice_miner.checks.sheet import Sheet, load_sheet, score
from notice_miner.model import CHECK_IDS, Checks

ELEMENTS = ("responsible", "deadline", "target")
SCORE_BANDS = ((90, 100, "90–100"), (80, 90, "80–89"), (60, 80, "60–79"), (0, 60, "<60"))
CHECK_COLUMNS = ["check_score", "check_measures", *(f"check_{c}" for c in CHECK_IDS), "check_arithmetic_errors", *(f"lacking_{e}" for e in ELEMENTS)]


@lru_cache(maxsize=1)
def _default_sheet() -> Sheet:
    return load_sheet()


def check_fields(checks: object) -> dict:
    """A notice's check columns from its JSON `checks` part (all None when it has none or it is malformed)."""
    if not isinstance(checks, dict):
        return dict.fromkeys(CHECK_COLUMNS)
    try:
        parsed = Checks.model_validate(checks)
    except ValidationError:
        return dict.fromkeys(CHECK_COLUMNS)
    summary = parsed.summary
    return {
        "check_score": score(parsed, _default_sheet()).score,
        "check_measures": summary.measures,
        **{f"check_{c}": summary.counts[c] for c in CHECK_IDS},
        "check_arithmetic_errors": sum(f.check == "arithmetic" and f.severity == "error" for f in parsed.findings),
        **{f"lacking_{e}": (1 - summary.element_shares[e]) if summary.measures else None for e in ELEMENTS},
    }


def quality_by_group(notices: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per group: notices checked, score mean/median/min/max and per band, the share of measures lacking
    each element, and how many notices have a finding of arithmetic."""
    rows = []
    checked = notices[notices["check_score"].notna()] if "check_score" in notices else notices.iloc[0:0]
    for group, frame in checked.groupby(column, sort=True):
        measures = frame["check_measures"].fillna(0)
        row = {
            "group": group,
            "notices": len(frame),
            "score_mean": frame["check_score"].mean(),
            "score_median": frame["check_score"].median(),
            "score_min": frame["check_score"].min(),
            "score_max": frame["check_score"].max(),
            "measures": int(measures.sum()),
        }
        for low, high, label in SCORE_BANDS:
            row[f"score_{label}"] = int(frame["check_score"].between(low, high, inclusive="left" if high < 100 else "both").sum())
        for e in ELEMENTS:
            lacking = (frame[f"lacking_{e}"].fillna(0) * measures).sum()
            row[f"lacking_{e}"] = lacking / measures.sum() if measures.sum() else None
        row["arithmetic_failing"] = int((frame["check_arithmetic"].fillna(0) > 0).sum())
        rows.append(row)
    columns = [
        "group",
        "notices",
        "score_mean",
        "score_median",
        "score_min",
        "score_max",
        "measures",
        *(f"score_{label}" for *_, label in SCORE_BANDS),
        *(f"lacking_{e}" for e in ELEMENTS),
        "arithmetic_failing",
    ]
    return pd.DataFrame(rows, columns=columns)
