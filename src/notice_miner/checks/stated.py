"""Checks on what the notice states about itself: its figures (arithmetic), its dates (timing) and
what it discloses. A figure or date the notice does not state is never guessed."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from notice_miner.checks.common import Reading, evidence_span, finding
from notice_miner.lang import checks_zh as zh
from notice_miner.model import CheckFigure, Finding, Notice

_PRINTED_PERCENT = re.compile(r"(\d{1,3})(?:\.(\d{1,4}))?\s?%")


def _stated(notice: Notice, name: str) -> CheckFigure | None:
    value = getattr(notice.stats, name)
    if value is None:
        return None
    return CheckFigure(name=f"stats.{name}", value=value, span=evidence_span(notice, f"stats.{name}"))


def _spans(*figures: CheckFigure | None) -> list:
    return sorted({f.span for f in figures if f is not None and f.span is not None})


def arithmetic(reading: Reading) -> list[Finding]:
    """The summary figures agree with one another, and every stated total with its stated parts."""
    notice = reading.notice
    return [*_done_and_open(notice), *_rate(notice), *_tasks(notice), *_totals_and_parts(reading.text)]


def _done_and_open(notice: Notice) -> list[Finding]:
    """Done + in progress (+ not done) = total problems; never more done than found."""
    total, done, ongoing = (_stated(notice, n) for n in ("problems_total", "problems_done", "problems_in_progress"))
    if total is None or done is None:
        return []
    if ongoing is not None:
        not_done = _not_done(notice.text, _spans(total, done, ongoing))
        return _parts_against_total(total, [f for f in (done, ongoing, not_done) if f is not None])
    if done.value > total.value:
        return [
            finding(
                "arithmetic",
                "error",
                f"已完成{done.value:g}个,多于问题总数{total.value:g}个",
                f"{done.value:g} problems done, more than the {total.value:g} stated",
                _spans(total, done),
                [total, done],
            )
        ]
    return []


def _parts_against_total(total: CheckFigure, parts: list[CheckFigure]) -> list[Finding]:
    summed = sum(f.value for f in parts)
    if summed == total.value:
        return []
    gap, words = int(summed - total.value), "、".join(_PART_ZH[f.name] + f"{f.value:g}个" for f in parts)
    return [
        finding(
            "arithmetic",
            "error" if gap > 0 else "warning",
            f"{words},合计{summed:g}个,与问题总数{total.value:g}个{'多出' if gap > 0 else '相差'}{abs(gap)}个",
            f"{' + '.join(f'{f.value:g}' for f in parts)} ({', '.join(_PART_EN[f.name] for f in parts)}) = "
            f"{summed:g}, {abs(gap)} {'more' if gap > 0 else 'fewer'} than the {total.value:g} problems stated",
            _spans(*parts, total),
            [total, *parts, CheckFigure(name="difference", value=gap)],
        )
    ]


_PART_ZH = {"stats.problems_done": "已完成", "stats.problems_in_progress": "正在推进", "problems_not_done": "未完成"}
_PART_EN = {"stats.problems_done": "done", "stats.problems_in_progress": "in progress", "problems_not_done": "not done"}


def _not_done(text: str, spans: list) -> CheckFigure | None:
    """Problems stated as not done or not started in the sentence of the other counts (未完成5个)."""
    start, end = spans[0][0], spans[-1][1]
    stop = zh.PARTS_END.search(text, end)
    hit = next(
        (m for m in zh.NOT_DONE.finditer(text, start, stop.start() if stop else len(text)) if all(m.end() <= a or m.start() >= b for a, b in spans)),
        None,
    )  # not a count already read
    return CheckFigure(name="problems_not_done", value=int(hit.group("n")), span=hit.span()) if hit else None


def _rate(notice: Notice) -> list[Finding]:
    """The stated completion rate equals done / total to the precision printed."""
    total, done, rate = (_stated(notice, n) for n in ("problems_total", "problems_done", "completion_rate"))
    if total is None or done is None or rate is None or not total.value:
        return []
    expected = 100 * done.value / total.value
    printed, decimals = _printed_percent(notice, rate.value)
    scale = 10**decimals
    if any(math.isclose(printed, v, abs_tol=1e-6) for v in (round(expected, decimals), math.floor(expected * scale) / scale)):
        return []
    return [
        finding(
            "arithmetic",
            "error",
            f"整改完成率写为{printed:g}%,按{done.value:g}/{total.value:g}计算应为{expected:.{decimals}f}%",
            f"the completion rate printed is {printed:g}%, but {done.value:g}/{total.value:g} = {expected:.{decimals}f}%",
            _spans(total, done, rate),
            [total, done, rate, CheckFigure(name="completion_rate_computed", value=round(expected / 100, 4))],
        )
    ]


def _printed_percent(notice: Notice, rate: float) -> tuple[float, int]:
    """The rate as printed (in %) and its decimals; from the quote it was read from where it shows one."""
    quote = next((e.quote for e in notice.evidence if e.field == "stats.completion_rate"), "")
    printed = _PRINTED_PERCENT.findall(quote)
    if printed:
        whole, decimals = printed[-1]
        return float(f"{whole}.{decimals}" if decimals else whole), len(decimals)
    return round(rate * 100, 1), 0


def _tasks(notice: Notice) -> list[Finding]:
    total, done = _stated(notice, "tasks_total"), _stated(notice, "tasks_done")
    if total is None or done is None or done.value <= total.value:
        return []
    return [
        finding(
            "arithmetic",
            "error",
            f"已完成整改任务{done.value:g}项,多于任务总数{total.value:g}项",
            f"{done.value:g} tasks done, more than the {total.value:g} stated",
            _spans(total, done),
            [total, done],
        )
    ]


def _totals_and_parts(text: str) -> list[Finding]:
    """共…N人(元, 项),其中a人、b人…: with two or more parts of the same kind, they add up to the total."""
    found = []
    for total in zh.TOTAL_WITH_PARTS.finditer(text):
        kind = zh.UNIT_KIND[total.group("unit")]
        end_mark = zh.PARTS_END.search(text, total.end())
        end = end_mark.start() if end_mark else len(text)
        parts = [p for p in zh.PART.finditer(text, total.end(), end) if zh.UNIT_KIND.get(p.group("unit")) == kind]
        if len(parts) < 2:
            continue
        whole = _in_units(total)
        summed = sum(_in_units(p) for p in parts)
        tolerance = zh.MONEY_TOLERANCE_YUAN * len(parts) if kind == "money" else 0.5
        if abs(whole - summed) <= tolerance:
            continue
        shown = _shown(kind)
        figures = [
            CheckFigure(name=f"total_{kind}", value=whole, span=(total.start("n"), total.end("unit"))),
            *(CheckFigure(name=f"part_{kind}", value=_in_units(p), span=p.span()) for p in parts),
            CheckFigure(name="difference", value=round(summed - whole, 2)),
        ]
        # parts over the total contradict it; parts short of it leave a gap (the list may leave some out),
        # as done + in progress short of the total problems does
        over = summed > whole
        found.append(
            finding(
                "arithmetic",
                "error" if over else "warning",
                f"合计{shown(whole)},其中各项相加为{shown(summed)},{'多出' if over else '相差'}{shown(abs(summed - whole))}"
                + ("" if over else "(或未列全)"),
                f"a total of {shown(whole)} whose parts add up to {shown(summed)}"
                + ("" if over else f": {shown(whole - summed)} not accounted for (or not all parts listed)"),
                [(total.start("n"), total.end("unit")), *(p.span() for p in parts)],
                figures,
            )
        )
    return found


def _in_units(m: re.Match) -> float:
    return float(m.group("n")) * zh.UNIT_YUAN.get(m.group("unit"), 1)


def _shown(kind: str):
    if kind == "money":
        return lambda v: f"{v / 10_000:g}万元"
    return lambda v: f"{v:g}{'人' if kind == 'people' else '项'}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day where it has no such day)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def days_to_publication(notice: Notice) -> int | None:
    feedback, published = notice.metadata.feedback_date, notice.metadata.published
    return (published - feedback).days if feedback and published else None


def timing(reading: Reading, limit_months: int) -> list[Finding]:
    """Days from feedback to publication, against the limit; a date the notice does not state is a finding."""
    notice = reading.notice
    feedback, published = notice.metadata.feedback_date, notice.metadata.published
    missing = [
        (zh_name, name)
        for value, zh_name, name in ((feedback, "巡察反馈日期", "feedback date"), (published, "发布日期", "publication date"))
        if value is None
    ]
    if missing:
        return [
            finding(
                "timing",
                "warning",
                f"通报未写明{'和'.join(z for z, _ in missing)},无法核对整改时限",
                f"the notice states no {' or '.join(e for _, e in missing)}: the time limit cannot be checked",
            )
        ]
    days = (published - feedback).days
    spans = [s for s in (evidence_span(notice, "metadata.feedback_date"), evidence_span(notice, "metadata.published")) if s]
    figures = [CheckFigure(name="days_to_publication", value=days), CheckFigure(name="limit_months", value=limit_months)]
    if days < 0:
        return [finding("timing", "error", f"发布日期早于巡察反馈日期{-days}天", f"published {-days} days before the feedback", spans, figures)]
    if published > add_months(feedback, limit_months):
        return [
            finding(
                "timing",
                "warning",
                f"反馈后{days}天才公布整改情况,超过{limit_months}个月时限",
                f"published {days} days after the feedback, past the {limit_months}-month limit",
                spans,
                figures,
            )
        ]
    return []


def disclosure(reading: Reading) -> list[Finding]:
    """One note listing what the notice does not give of what a public notice is expected to."""
    absent = [name for name, given in reading.disclosed.items() if not given]
    if not absent:
        return []
    return [
        finding(
            "disclosure",
            "info",
            f"通报未公开{'、'.join(zh.DISCLOSURE_NAMES_ZH[a] for a in absent)}",
            f"the notice does not give: {', '.join(absent)}",
            figures=[CheckFigure(name="items_missing", value=len(absent))],
        )
    ]
