"""The opening sentence of a notice: who inspected whom, in what kind of inspection, and when
(inspector, inspection_kind, inspection_start/end, feedback_date), each with the span it was read from.

Dates without a year take it from their context: the start of their range, the last year and
month written before them, else the notice's own date below (which they precede). A date that
cannot exist is left out with a warning; none is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from notice_miner.found import Found
from notice_miner.lang import facts_zh as zh
from notice_miner.lang.numerals import cn_to_int, make_date
from notice_miner.layout import Signature

Span = tuple[int, int]


def body_start(text: str, title_span: Span | None) -> int:
    """Where the notice's own text begins: below its title when a preface stands above it
    (a 编者按 of the page that publishes it), else the start of the text."""
    if title_span is None or not text[: title_span[0]].strip() or title_span[0] > len(text) // 2:
        return 0
    return title_span[1] if zh.AGENCY_SHORT.search(text, title_span[1]) else 0


def inspected(text: str, start: int) -> re.Match | None:
    """The sentence naming the inspected body (…巡察组对X开展了…, or X接受了…巡察组的…). When the
    opening paragraph names two inspections (a 回头看 recalling the first round), the one the
    feedback answers: the last named before 反馈."""
    first = zh.AGENCY_SHORT.search(text, start) or zh.AGENCY_SHORT_PASSIVE.search(text, start)
    if first is None:
        return None
    paragraph_end = _line_end(text, first.end())
    verb = zh.FEEDBACK_VERB.search(text, first.end(), paragraph_end)
    later = [m for m in zh.AGENCY_SHORT.finditer(text, first.end(), verb.start() if verb else first.end())]
    return later[-1] if later else first


def read_opening(found: Found, text: str, sig: Signature, short: re.Match | None, start: int = 0) -> None:
    inspector = None
    if short:
        # the inspector named in the same sentence as 对…开展
        sentence_start = max(text.rfind(c, 0, short.start()) for c in "。\n") + 1
        inspector = zh.INSPECTOR.search(text, sentence_start, short.end())
        clause_end = _clause_end(text, short.end())
        # the kind after 对…, else one the sentence names before it (以“交叉巡察”方式对…开展了巡察)
        kind = zh.INSPECTION_KIND.search(text, short.end(), clause_end) or zh.INSPECTION_KIND.search(text, sentence_start, short.start("short"))
        if kind:
            found.put("metadata", "inspection_kind", _canonical_kind(kind.group("kind")), kind.span("kind"))
    if inspector is None:
        inspector = zh.INSPECTOR.search(text, start)
    anchor = short.start() if short else (inspector.start() if inspector else 0)
    line_start = text.rfind("\n", 0, anchor) + 1
    region = (max(0, line_start - 200), min(len(text), anchor + 800))
    if short and (zh.INSPECTION_RANGE.search(text, sentence_start, short.end()) or zh.INSPECTION_ENTRY.search(text, sentence_start, short.end())):
        region = (sentence_start, region[1])  # the dates of this inspection, not of one recalled before
    if inspector:
        found.put("metadata", "inspector", inspector.group("inspector"), inspector.span("inspector"))
        found.put("metadata", "inspector_level", inspector.group("who"), inspector.span("who"))
    _inspection_dates(found, text, region, sig)
    _feedback(found, text, region, sig)
    _run_together_dates(found, text, region)


def _run_together_dates(found: Found, text: str, region: tuple[int, int]) -> None:
    """Dates a mirror printed without 年 and 月 (202442日至820日): which digits are the month
    and which the day cannot be told for certain, so they are left out, and said so."""
    quotes = [m.group() for m in zh.RUN_TOGETHER_DATE.finditer(text, *region)]
    if quotes:
        found.warnings.append(f"dates printed with their digits run together were left out: {', '.join(quotes)}")


def _clause_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in zh.INSPECTION_CLAUSE_END + "\n") if i >= 0]
    return min(ends) if ends else len(text)


def _canonical_kind(kind: str) -> str:
    kind = re.sub(r"\s+", "", kind)
    if "回头看" in kind:
        return kind[:2] + "“回头看”"
    return kind


def _ymd(year: str | None, month: str, day: str) -> tuple[int | None, int | None, int | None]:
    return (cn_to_int(year) if year else None), cn_to_int(month), cn_to_int(day)


def _inspection_dates(found: Found, text: str, region: tuple[int, int], sig: Signature) -> None:
    matches = _inspection_span(text, region)
    if matches is None:
        _yearless_range(found, text, region, sig)
        return
    start_match, end_match = matches
    sy, sm, sd = _ymd(start_match.group("y"), start_match.group("m"), start_match.group("d"))
    start = _valid_date(found, sy, sm, sd, start_match.group("start"))
    found.put("metadata", "inspection_start", start.isoformat() if start else None, start_match.span("start"))
    if end_match is None:
        return
    ey, em, ed = _ymd(end_match.group("ey"), end_match.group("em"), end_match.group("ed"))
    end_span = end_match.span("end")
    if ey is None and None not in (sy, sm, em, ed):
        # a range written 2023年11月6日至1月12日 runs into the next year
        ey = sy + 1 if (em, ed) < (sm, sd or 0) else sy
        end_span = (start_match.start(), end_match.end("end"))  # the year is read from the start
    end = _valid_date(found, ey, em, ed, end_match.group("end"))
    found.put("metadata", "inspection_end", end.isoformat() if end else None, end_span)
    if start and end and end < start:
        found.warnings.append(f"the inspection ends ({end}) before it starts ({start})")


def _inspection_span(text: str, region: tuple[int, int]) -> tuple[re.Match, re.Match | None] | None:
    """The matches that start and end the inspection: a dated range (…至…), else an entry date
    and the end its clause states (于2024年5月6日进驻…,6月21日结束)."""
    m = zh.INSPECTION_RANGE.search(text, *region)
    if m:
        end_match = m
        # 1月10日至2月6日、2月21日至3月24日: the last part ends the inspection
        while more := zh.RANGE_CONTINUED.match(text, end_match.end()):
            end_match = more
        return m, end_match
    start_match = zh.INSPECTION_ENTRY.search(text, *region)
    if not start_match:
        return None
    return start_match, zh.INSPECTION_EXIT.search(text, start_match.end(), _clause_end(text, start_match.end()))


def _yearless_range(found: Found, text: str, region: tuple[int, int], sig: Signature) -> None:
    """3月25日至5月17日 with no year: the year of the context before it, or of the notice below."""
    m = zh.YEARLESS_RANGE.search(text, *region)
    if not m:
        return
    sm, sd, em, ed = (cn_to_int(m.group(k)) for k in ("m", "d", "em", "ed"))
    if None in (sm, sd, em, ed):
        return
    resolved = _resolve_year(found, text, region[0], m.start(), sig, em, ed)
    if resolved is None:
        return
    ey, context_span = resolved
    sy = ey - 1 if (sm, sd) > (em, ed) else ey
    span = (min(context_span[0], m.start()), max(context_span[1], m.end()))
    start, end = _valid_date(found, sy, sm, sd, m.group("start")), _valid_date(found, ey, em, ed, m.group("end"))
    found.put("metadata", "inspection_start", start.isoformat() if start else None, span)
    found.put("metadata", "inspection_end", end.isoformat() if end else None, span)


def _resolve_year(found: Found, text: str, start: int, pos: int, sig: Signature, month: int, day: int) -> tuple[int, Span] | None:
    """The year of a yearless month and day at `pos`, and the span it is read from."""
    context = _year_context(found, text, start, pos, sig)
    if context is None:
        return None
    if context.later:  # the notice's own date, below: the date is no later
        return (context.year if (month, day) <= (context.month, context.day) else context.year - 1), context.span
    return (context.year + 1 if month < context.month else context.year), context.span


def _valid_date(found: Found, y: int | None, m: int | None, d: int | None, quote: str) -> date | None:
    if y is None or m is None or d is None:
        return None
    value = make_date(y, m, d)
    if value is None:
        found.warnings.append(f"the date {quote!r} cannot exist and was left out")
    return value


def _feedback(found: Found, text: str, region: tuple[int, int], sig: Signature) -> None:
    """The date nearest before 反馈…意见 in its sentence (not a date of the inspection range)."""
    inspection = zh.INSPECTION_RANGE.search(text, *region)
    for verb in zh.FEEDBACK_VERB.finditer(text, *region):
        sentence_start = max(text.rfind(c, 0, verb.start()) for c in "。;") + 1
        dates = [
            d
            for d in zh.FEEDBACK_DATE.finditer(text, sentence_start, verb.start())
            if d.end() >= verb.start() - zh.FEEDBACK_DATE_REACH
            and not (inspection and inspection.start() <= d.start() < inspection.end())
            and not zh.CUT_OFF_BEFORE.search(text, max(0, d.start() - 4), d.start())
            and not zh.DEADLINE_AFTER.match(text, d.end())
        ]
        if dates:
            _put_feedback(found, text, dates[-1], region, sig)
            return


def _put_feedback(found: Found, text: str, m: re.Match, region: tuple[int, int], sig: Signature) -> None:
    y, mo, d = _ymd(m.group("fy"), m.group("fm"), m.group("fd"))
    span = m.span("date")
    if y is None and mo is not None:
        resolved = _resolve_year(found, text, region[0], m.start(), sig, mo, d or 0)
        if resolved is None:
            return
        y, context_span = resolved
        span = (min(context_span[0], span[0]), max(context_span[1], span[1]))
    value = _valid_date(found, y, mo, d, m.group("date"))
    found.put("metadata", "feedback_date", value.isoformat() if value else None, span)


@dataclass(frozen=True)
class _YearContext:
    """A dated context a yearless date takes its year from: the date comes after it, or, for the
    notice's own date (`later`), before it."""

    year: int
    month: int
    day: int
    span: Span
    later: bool = False


def _year_context(found: Found, text: str, start: int, pos: int, sig: Signature) -> _YearContext | None:
    """What a yearless date at `pos` follows, and where it is read: the inspection range, the last
    year and month written before it (2024年9月至10月), or the signature date it precedes."""
    end = found.metadata.get("inspection_end") or found.metadata.get("inspection_start")
    if end is not None:
        span = found.span_of("metadata", "inspection_end") or found.span_of("metadata", "inspection_start")
        return _YearContext(int(end[:4]), int(end[5:7]), int(end[8:10]), span)
    last = None
    for last in zh.YEAR_CONTEXT.finditer(text, start, pos):  # noqa: B007 (the loop keeps the last match)
        pass
    if last is not None:
        y, m = cn_to_int(last.group("y")), cn_to_int(last.group("m"))
        if last.group("em"):
            em = cn_to_int(last.group("em"))
            y = cn_to_int(last.group("ey")) if last.group("ey") else (y + 1 if em < m else y)
            m = em
        if y is not None and m is not None:
            return _YearContext(y, m, 31, last.span())
    if sig.date is not None and sig.date_span[0] > pos:
        return _YearContext(sig.date.year, sig.date.month, sig.date.day, sig.date_span, later=True)
    return None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end
