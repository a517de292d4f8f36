"""Rectification-quality checks (issue #10): what reviewing officers look for in a notice, grounded.

`run_checks(notice, layout)` reads an assembled `Notice` (and the layout the pipeline found; made
from `notice.text` when not given) and returns its `Checks` part: findings, each with spans into
`text`, and a per-notice summary. The notice is not changed. One module per group of checks:
`problems` (coverage, restated_problem), `measures` (elements, unsupported_completion, paper_only,
hedging), `stated` (arithmetic, timing, disclosure); `sheet` scores a notice's checks 0–100.
"""

from __future__ import annotations

from collections import Counter

from notice_miner import layout as layout_mod
from notice_miner.checks import measures as m
from notice_miner.checks import problems as p
from notice_miner.checks import stated as s
from notice_miner.checks.common import ELEMENTS, Reading, read
from notice_miner.lang.checks_zh import TIMING_LIMIT_MONTHS
from notice_miner.model import CHECK_IDS, Checks, CheckSummary, Notice

__all__ = ["TIMING_LIMIT_MONTHS", "run_checks"]

_CHECKS = {
    "coverage": p.coverage,
    "elements": m.elements,
    "unsupported_completion": m.unsupported_completion,
    "arithmetic": s.arithmetic,
    "paper_only": m.paper_only,
    "hedging": m.hedging,
    "restated_problem": p.restated_problem,
    "disclosure": s.disclosure,
}


_RANK = {check: rank for rank, check in enumerate(CHECK_IDS)}


def run_checks(notice: Notice, layout: layout_mod.Layout | None = None, timing_limit_months: int = TIMING_LIMIT_MONTHS) -> Checks:
    """The checks of one notice."""
    reading = read(notice, layout if layout is not None else layout_mod.analyse(notice.text))
    findings = [f for check in _CHECKS.values() for f in check(reading)]
    findings += s.timing(reading, timing_limit_months)
    findings.sort(key=lambda f: (_RANK[f.check], f.spans[0] if f.spans else (0, 0)))
    return Checks(timing_limit_months=timing_limit_months, findings=findings, summary=_summary(reading, findings))


def _summary(reading: Reading, findings) -> CheckSummary:
    measures = reading.measures
    share = (lambda n: round(n / len(measures), 4)) if measures else (lambda n: None)
    counts = Counter(f.check for f in findings)
    return CheckSummary(
        counts={check: counts[check] for check in CHECK_IDS},
        measures=len(measures),
        problems=len(reading.problems),
        problems_without_measure=sum(not problem.answered for problem in reading.problems),
        element_shares={name: share(sum(name in n for n in reading.elements)) for name in ELEMENTS},
        paper_only_share=share(sum(reading.paper_only)),
        hedging_per_1000=round(m.hedging_density(reading), 2),
        days_to_publication=s.days_to_publication(reading.notice),
        disclosed=reading.disclosed,
    )
