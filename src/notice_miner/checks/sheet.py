"""The scoring sheet: a notice's checks scored 0–100 by a deduction per criterion (data/check_sheet.toml).

The sheet is plain TOML officers can adapt: per check whether it counts, its points, its thresholds
and where the criterion comes from. `score(checks, sheet)` lists every deduction with its reason.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from notice_miner.errors import NoticeError
from notice_miner.model import CHECK_IDS, Checks, Finding

_DEFAULT = "check_sheet.toml"


@dataclass(frozen=True)
class Sheet:
    name: str
    full_marks: float
    criteria: dict[str, dict] = field(default_factory=dict)  # check id → its table

    @property
    def timing_limit_months(self) -> int:
        return int(self.criteria.get("timing", {}).get("limit_months", 2))

    def counts(self, check: str) -> bool:
        return bool(self.criteria.get(check, {}).get("counts", False))

    def source(self, check: str) -> str:
        return str(self.criteria.get(check, {}).get("source", ""))


@dataclass(frozen=True)
class Deduction:
    check: str
    points: float
    reason: str  # in Chinese, with the English gloss after it
    findings: int = 0


@dataclass(frozen=True)
class Score:
    score: float
    full_marks: float
    deductions: list[Deduction]


def load_sheet(path: str | Path | None = None) -> Sheet:
    """The sheet at `path`, or the default one; a sheet that cannot be read raises NoticeError naming it."""
    try:
        raw = (
            Path(path).read_text(encoding="utf-8")
            if path is not None
            else resources.files("notice_miner").joinpath("data", _DEFAULT).read_text(encoding="utf-8")
        )
        data = tomllib.loads(raw)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise NoticeError(str(path or _DEFAULT), f"cannot read the scoring sheet: {err}") from None
    unknown = set(data) - {"sheet", *CHECK_IDS}
    if unknown:
        raise NoticeError(str(path), f"scoring sheet: unknown criteria {', '.join(sorted(unknown))} (known: {', '.join(CHECK_IDS)})")
    problem = _sheet_problem(data)
    if problem:
        raise NoticeError(str(path), f"scoring sheet: {problem}")
    head = data.get("sheet", {})
    return Sheet(
        name=str(head.get("name", "")),
        full_marks=float(head.get("full_marks", 100)),
        criteria={k: dict(v) for k, v in data.items() if k in CHECK_IDS},
    )


# the keys each criterion takes besides `counts` and `source`; a misspelt key would silently score 0
_KEYS = {
    "coverage": {"per_finding", "max"},
    "elements": {"responsible", "deadline", "target"},
    "unsupported_completion": {"per_finding", "max"},
    "arithmetic": {"per_error", "per_warning", "max"},
    "paper_only": {"tolerated_share", "weight"},
    "hedging": {"density_threshold", "dense", "per_stock_measure", "max"},
    "restated_problem": {"min_overlap", "per_finding", "max"},
    "timing": {"limit_months", "late", "missing_date"},
    "disclosure": {"per_missing_item", "max"},
}
_SHARES = {"tolerated_share", "min_overlap"}  # between 0 and 1


def _sheet_problem(data: dict) -> str | None:
    """What makes the parsed sheet unusable, in words, or None."""
    head = data.get("sheet", {})
    if not isinstance(head, dict) or set(head) - {"name", "full_marks"}:
        return "[sheet] takes name and full_marks only"
    if not _number(head.get("full_marks", 100)) or head.get("full_marks", 100) <= 0:
        return "[sheet] full_marks must be a number above 0"
    criteria = {k: v for k, v in data.items() if k in CHECK_IDS}
    if not criteria:
        return f"no criteria (give one or more of {', '.join(CHECK_IDS)}; the default sheet lists them all)"
    for check, rule in criteria.items():
        problem = _rule_problem(check, rule) if isinstance(rule, dict) else "must be a table"
        if problem:
            return f"[{check}] {problem}"
    return None


def _rule_problem(check: str, rule: dict) -> str | None:
    unknown = set(rule) - {"counts", "source", *_KEYS[check]}
    if unknown:
        return f"unknown keys {', '.join(sorted(unknown))} (known: counts, source, {', '.join(sorted(_KEYS[check]))})"
    if not isinstance(rule.get("counts", False), bool):
        return "counts must be true or false"
    for key in sorted(_KEYS[check] & set(rule)):
        value = rule[key]
        if not _number(value) or value < 0:
            return f"{key} must be a number, 0 or more (got {value!r})"
        if key in _SHARES and value > 1:
            return f"{key} is a share, between 0 and 1 (got {value!r})"
        if key == "limit_months" and (value != int(value) or value < 1):
            return f"limit_months must be a whole number of months, 1 or more (got {value!r})"
    return None


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def score(checks: Checks, sheet: Sheet) -> Score:
    """The notice's score on the sheet, with every deduction."""
    deductions = []
    for check in CHECK_IDS:
        if sheet.counts(check):
            found = [f for f in checks.findings if f.check == check]
            points, reason, n = _SCORERS[check](checks, found, sheet.criteria[check])
            if points > 0:
                deductions.append(Deduction(check, round(points, 2), reason, n))
    total = sum(d.points for d in deductions)
    return Score(round(max(0.0, sheet.full_marks - total), 2), sheet.full_marks, deductions)


def _capped(points: float, rule: dict) -> float:
    cap = rule.get("max")
    return min(points, float(cap)) if cap is not None else points


def _per_finding(found: list[Finding], rule: dict, zh: str, en: str) -> tuple[float, str, int]:
    points = _capped(len(found) * float(rule.get("per_finding", 0)), rule)
    return points, f"{zh}{len(found)}处 ({len(found)} {en})", len(found)


def _coverage(checks, found, rule):
    return _per_finding(found, rule, "问题无整改措施", "problems without a measure")


def _elements(checks: Checks, found, rule):
    shares = checks.summary.element_shares
    if not checks.summary.measures:
        return 0.0, "", 0
    lost = {name: float(rule.get(name, 0)) * (1 - share) for name, share in shares.items()}
    words = "、".join(f"{name} {share:.0%}" for name, share in shares.items())
    return sum(lost.values()), f"措施要素齐全率 {words} (share of measures naming each element)", len(found)


def _unsupported(checks, found, rule):
    return _per_finding(found, rule, "称已完成而无佐证", "completions claimed with nothing behind them")


def _arithmetic(checks, found, rule):
    errors = sum(f.severity == "error" for f in found)
    warnings = len(found) - errors
    points = _capped(errors * float(rule.get("per_error", 0)) + warnings * float(rule.get("per_warning", 0)), rule)
    return points, f"数据不一致{len(found)}处 ({errors} contradictions, {warnings} gaps)", len(found)


def _paper_only(checks: Checks, found, rule):
    share = checks.summary.paper_only_share
    tolerated = float(rule.get("tolerated_share", 0.5))
    if share is None or share <= tolerated:
        return 0.0, "", 0
    points = float(rule.get("weight", 0)) * (share - tolerated) / (1 - tolerated) if tolerated < 1 else 0.0
    return points, f"仅开会发文的措施占{share:.0%} (share of paper-only measures, above {tolerated:.0%})", len(found)


def _hedging(checks: Checks, found, rule):
    density = checks.summary.hedging_per_1000
    dense = density > float(rule.get("density_threshold", 10.0))
    stock = [f for f in found if f.item]
    points = _capped((float(rule.get("dense", 0)) if dense else 0) + len(stock) * float(rule.get("per_stock_measure", 0)), rule)
    return (
        points,
        (
            f"套话每千字{density:.1f}处,只有套话的措施{len(stock)}条 "
            f"({density:.1f} hedges per 1,000 characters; {len(stock)} stock-phrase-only measures)"
        ),
        len(found),
    )


def _restated(checks, found, rule):
    least = float(rule.get("min_overlap", 0))
    counted = [f for f in found if any(x.name == "overlap" and x.value >= least for x in f.figures)]
    return _per_finding(counted, rule, "措施照抄问题", "measures restating their problem")


def _timing(checks: Checks, found, rule):
    days = checks.summary.days_to_publication
    limit = int(rule.get("limit_months", checks.timing_limit_months))
    if days is None:
        return (float(rule.get("missing_date", 0)) if found else 0.0), "未写明反馈或发布日期 (a date not stated)", len(found)
    return (
        float(rule.get("late", 0)) if found else 0.0,
        f"反馈后{days}天公布,时限{limit}个月 ({days} days after feedback; limit {limit} months)",
        len(found),
    )


def _disclosure(checks: Checks, found, rule):
    missing = [name for name, given in checks.summary.disclosed.items() if not given]
    points = _capped(len(missing) * float(rule.get("per_missing_item", 0)), rule)
    return points, f"未公开{len(missing)}项 (not given: {', '.join(missing)})", len(found)


_SCORERS = {
    "coverage": _coverage,
    "elements": _elements,
    "unsupported_completion": _unsupported,
    "arithmetic": _arithmetic,
    "paper_only": _paper_only,
    "hedging": _hedging,
    "restated_problem": _restated,
    "timing": _timing,
    "disclosure": _disclosure,
}
