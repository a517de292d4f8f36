"""Checks on problems and their measures: coverage (a problem with no measure) and restated problems."""

from __future__ import annotations

from notice_miner.checks.common import Reading, finding
from notice_miner.lang import checks_zh as zh
from notice_miner.model import CheckFigure, Finding


def coverage(reading: Reading) -> list[Finding]:
    """Every feedback problem the notice names has at least one measure under it."""
    return [
        finding("coverage", "error", f"问题“{p.statement}”下没有整改措施", f"the problem “{p.statement}” has no measure under it", [p.span])
        for p in reading.problems
        if not p.answered
    ]


def restated_problem(reading: Reading) -> list[Finding]:
    """Measures whose text mostly repeats the problem they answer."""
    found = []
    for measure in reading.measures:
        if not measure.problem:
            continue
        own = _bigrams(reading.text[measure.span[0] : measure.span[1]])
        share = _shared(own, measure.problem)
        if len(own) >= zh.RESTATED_MIN_BIGRAMS and share >= zh.RESTATED_OVERLAP:
            spans = [measure.span] + ([measure.problem_span] if measure.problem_span else [])
            found.append(
                finding(
                    "restated_problem",
                    "warning",
                    f"整改措施与问题表述重合{share:.0%},只是把问题反过来说",
                    f"{share:.0%} of the measure's wording repeats its problem: the problem restated, not a measure",
                    spans,
                    [CheckFigure(name="overlap", value=round(share, 3))],
                    item=measure.item.id,
                )
            )
    return found


def overlap(measure: str, problem: str) -> float:
    """The share of the measure's character bigrams that also stand in the problem."""
    return _shared(_bigrams(measure), problem)


def _shared(own: set[str], problem: str) -> float:
    """The share of the bigrams `own` that also stand in the problem."""
    return len(own & _bigrams(problem)) / len(own) if own else 0.0


def _bigrams(text: str) -> set[str]:
    """Character bigrams of the Chinese runs of `text` (punctuation, digits and Latin letters break runs)."""
    return {run[i : i + 2] for run in zh.BIGRAM_CHARS.findall(text) for i in range(len(run) - 1)}
