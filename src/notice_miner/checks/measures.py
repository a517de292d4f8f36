"""Checks on each measure's wording: elements, unsupported completion, paper-only actions, hedging."""

from __future__ import annotations

from notice_miner.checks.common import ELEMENTS, Measure, Reading, finding, spans_of
from notice_miner.lang import checks_zh as zh
from notice_miner.model import CheckFigure, Finding

ELEMENT_ZH = {"responsible": "责任单位或责任人", "deadline": "完成时限", "target": "目标或标准"}


def elements(reading: Reading) -> list[Finding]:
    """Each measure that does not name a responsible unit or person, a deadline, or a target or standard."""
    found = []
    for measure, named in zip(reading.measures, reading.elements):
        missing = [name for name in ELEMENTS if name not in named]
        if missing:
            zh_names = "、".join(ELEMENT_ZH[m] for m in missing)
            found.append(
                finding(
                    "elements",
                    "warning" if len(missing) == len(ELEMENTS) else "info",
                    f"整改措施未写明{zh_names}",
                    f"the measure names no {', '.join(missing)}",
                    [measure.span],
                    item=measure.item.id,
                    missing=missing,
                )
            )
    return found


def unsupported_completion(reading: Reading) -> list[Finding]:
    """Measures claimed complete with nothing behind the claim: no figure, date, document, name,
    person or disposition in the measure's text."""
    found = []
    for measure in reading.measures:
        claim = next((c for c in zh.COMPLETION.finditer(reading.text, *measure.span) if not _aimed(reading.text, measure.span[0], c.start())), None)
        if claim and not zh.EVIDENCE.search(reading.text, *measure.span):
            found.append(
                finding(
                    "unsupported_completion",
                    "warning",
                    f"称“{claim.group()}”,但未列出任何数字、日期、文件、人员或处理结果",
                    f"claims “{claim.group()}” with no figure, date, document, person or disposition behind it",
                    [claim.span()],
                    item=measure.item.id,
                )
            )
    return found


def _aimed(text: str, start: int, at: int) -> bool:
    """A completion the clause before it aims at (确保…整改到位) rather than claims."""
    return bool(zh.COMPLETION_AIM.search(text[max(start, at - 16) : at]))


def paper_only(reading: Reading) -> list[Finding]:
    """Each measure that stays on paper (a meeting, study, a document) with no result on the ground."""
    return [
        finding(
            "paper_only",
            "info",
            "措施只有开会、学习、发文或订制度,未见实际整改结果",
            "the measure only holds meetings, studies, issues documents or drafts rules: no concrete result",
            spans_of(zh.PAPER_ACTION, reading.text, m.span)[:5] or [m.span],
            item=m.item.id,
        )
        for m, paper in zip(reading.measures, reading.paper_only)
        if paper
    ]


def hedging_density(reading: Reading) -> float:
    """Hedging words and stock phrases per 1,000 characters of the notice's text."""
    return 1000 * len(reading.hedges) / len(reading.text) if reading.text else 0.0


def hedging(reading: Reading) -> list[Finding]:
    """A notice dense in hedging words, and measures that are nothing but stock phrases."""
    text = reading.text
    found = []
    hedges = reading.hedges
    density = hedging_density(reading)
    if density > zh.HEDGING_DENSITY:
        found.append(
            finding(
                "hedging",
                "warning",
                f"套话和模糊表述每千字{density:.1f}处(超过{zh.HEDGING_DENSITY:g}处)",
                f"{density:.1f} hedging words or stock phrases per 1,000 characters (above {zh.HEDGING_DENSITY:g})",
                hedges,
                [CheckFigure(name="hedging_per_1000", value=round(density, 2)), CheckFigure(name="hedging_count", value=len(hedges))],
            )
        )
    for measure, named in zip(reading.measures, reading.elements):
        share = _stock_share(text, measure)
        if share >= zh.STOCK_ONLY_SHARE and not zh.EVIDENCE.search(text, *measure.span) and "target" not in named:
            found.append(
                finding(
                    "hedging",
                    "warning",
                    "整改措施只有套话,没有具体内容",
                    "the measure is nothing but stock phrases",
                    spans_of(zh.HEDGING, text, measure.span),
                    [CheckFigure(name="stock_share", value=round(share, 3))],
                    item=measure.item.id,
                )
            )
    return found


def _stock_share(text: str, measure: Measure) -> float:
    """The share of the measure's Chinese characters inside hedging words and stock phrases."""
    words = text[measure.span[0] : measure.span[1]]
    chars = sum(map(len, zh.BIGRAM_CHARS.findall(words)))
    covered = sum(m.end() - m.start() for m in zh.HEDGING.finditer(words))
    return covered / chars if chars else 0.0
