"""Summary statistics: the figures a notice states about its rectification, each with its span.

Figures are read only where a notice sums up (`_summary_zones`): the preamble and general part
before the first problem, later paragraphs that open with 截至/目前/总体…, a closing line below
the next steps that sums up the feedback's problems, and summary tables in those zones. A figure
the notice does not state stays out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from notice_miner.lang import stats_zh as zh
from notice_miner.lang.layout_zh import ANY_PART, ENUM_LINE
from notice_miner.lang.numerals import cn_to_int, money_to_yuan, percent_to_fraction
from notice_miner.layout import ProblemPart

Span = tuple[int, int]
_LINE = re.compile(r"[^\n]+")
_CELL = re.compile(r"\S+")


@dataclass(frozen=True)
class Figure:
    """One stated figure: its `Stats` field name, its value and the span of text it was read from."""

    key: str
    value: float | int
    span: Span


@dataclass
class _Figures:
    """The figures found so far, in the order they were found; the first value of a key stands."""

    stats: dict[str, float | int] = field(default_factory=dict)
    found: list[Figure] = field(default_factory=list)

    def put(self, key: str, value: float | int | None, span: Span) -> bool:
        if value is None or key in self.stats:
            return False
        self.stats[key] = value
        self.found.append(Figure(key, value, span))
        return True

    def span_of(self, key: str) -> Span | None:
        return next((f.span for f in self.found if f.key == key), None)


def summary_stats(text: str, body_start: int = 0, plan_start: int | None = None, problems: ProblemPart | None = None) -> list[Figure]:
    """The summary figures `text` states from `body_start` on, in the order they were read;
    `plan_start` is where the next-steps part opens and `problems` where the problems are answered
    one by one (the layout's, see `layout.find_problem_part`), if the notice has them."""
    found = _Figures()
    _statistics(found, text, _Bounds(body_start, plan_start, problems))
    return found.found


def stats_warnings(stats: dict[str, float | int]) -> list[str]:
    """What does not add up among the figures."""
    warnings = []
    total, done, ongoing = stats.get("problems_total"), stats.get("problems_done"), stats.get("problems_in_progress")
    if total is not None and done is not None and ongoing is not None and done + ongoing != total:
        warnings.append(f"problems done ({done}) and in progress ({ongoing}) do not add up to the total ({total})")
    if total is not None and done is not None and done > total:
        warnings.append(f"more problems done ({done}) than found ({total})")
    rate = stats.get("completion_rate")
    if rate is not None and total and done is not None and abs(done / total - rate) > 0.006:
        warnings.append(f"the printed completion rate {rate:.1%} differs from {done}/{total} = {done / total:.1%}")
    if rate is not None and rate > 1:
        warnings.append(f"the completion rate {rate:.1%} is above 100%")
    return warnings


@dataclass(frozen=True)
class _Bounds:
    """The parts of the notice the zones follow (offsets in the text the figures are read from)."""

    start: int = 0
    plan_start: int | None = None
    problems: ProblemPart | None = None


def _zones(text: str, bounds: _Bounds) -> tuple[list[Span], list[Span]]:
    """Where figures are read: the summary zones, and the rest of the general part.

    The summary zones are the preamble and general part up to the first problem-by-problem entry,
    later paragraphs that open with 截至/目前/总体…, and a closing paragraph below the next steps
    that sums up (巡察反馈的8个问题,目前已整改7个), and inside the general part the sentences that
    open with 截至/目前/至此. Where no part of the notice answers the problems
    one by one, the whole notice up to its next steps is its general part: what the zones leave
    of it is read for what they do not state (a count in a paragraph on how the work was organised)."""
    start, plan_start = bounds.start, bounds.plan_start
    opening_end, problems_start = _opening(text, start, bounds.problems)
    summary = [(start, opening_end)]
    later_end = plan_start if plan_start is not None and plan_start >= opening_end else len(text)
    summary += [
        para.span()
        for para in _LINE.finditer(text, opening_end, later_end)
        if zh.SUMMARY_PARAGRAPH_START.match(para.group()) and zh.SUMMARY_PARAGRAPH_NEEDS.search(para.group())
    ]
    summary += _closing_summaries(text, later_end)
    general_end = problems_start if problems_start is not None else later_end
    summary += [m.span() for a, b in _uncovered(start, general_end, summary) for m in zh.SUMMARY_SENTENCE.finditer(text, a, b)]
    return summary, _uncovered(start, general_end, summary)


def _opening(text: str, start: int, problems: ProblemPart | None) -> tuple[int, int | None]:
    """Where the opening summary ends, and where the problem-by-problem part begins (None: none found).
    A part heading that opens the problem-by-problem part is followed by its own opening paragraph,
    which sums up too; a part that is one problem ends the summary; else the first part's heading and
    its opening paragraph do."""
    if problems is not None and problems.opened_by == "entry":
        return problems.start, problems.start
    if problems is not None and problems.opened_by == "heading":
        nxt = ENUM_LINE.search(text, problems.heading_end)
        return (nxt.start() if nxt else len(text)), problems.start
    first_part = ANY_PART.search(text, start)
    nxt = ENUM_LINE.search(text, _line_end(text, first_part.end()) if first_part else start)
    return (nxt.start() if nxt else len(text)), (problems.start if problems else None)


def _merged(zones: list[Span]) -> list[Span]:
    """The zones with those that meet or overlap joined."""
    joined: list[Span] = []
    for a, b in sorted(zones):
        if joined and a <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(b, joined[-1][1]))
        else:
            joined.append((a, b))
    return joined


def _uncovered(start: int, end: int, zones: list[Span]) -> list[Span]:
    """The stretches of [start, end) that no zone covers."""
    rest, at = [], start
    for a, b in sorted(zones):
        if a > at:
            rest.append((at, min(a, end)))
        at = max(at, b)
    if at < end:
        rest.append((at, end))
    return [(a, b) for a, b in rest if a < b]


def _closing_summaries(text: str, start: int) -> list[Span]:
    """The lines from `start` on that sum up what the feedback's problems came to."""
    return [para.span() for para in _LINE.finditer(text, start) if zh.SUMMARY_AFTER_PLAN.search(para.group()) and not ENUM_LINE.match(para.group())]


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _stat_value(name: str, m: re.Match) -> float | int | None:
    if name == "funds_recovered_yuan":
        return money_to_yuan(m.group("amount"), (m.group("unit") or "") + "元")
    if name == "completion_rate":
        return percent_to_fraction(m.group(name))
    return cn_to_int(m.group(name) if name in m.re.groupindex else m.group("all"))


def _statistics(found: _Figures, text: str, bounds: _Bounds) -> None:
    """The figures where the notice sums up first; then, for what those do not state, the
    figures stated elsewhere in its general part (a sentence inside a paragraph)."""
    summary, general = _zones(text, bounds)
    used: list[Span] = []
    reach = _merged(summary + general)
    _read_zones(found, text, summary, used, reach, summary=True)
    _read_zones(found, text, general, used, reach, summary=False)


def _read_zones(found: _Figures, text: str, zones: list[Span], used: list[Span], reach: list[Span], *, summary: bool) -> None:
    """Every figure the zones state: sentences, then tables, then figures stated in parts.
    `reach`: every stretch read, joined where they meet (how far a total's sentences run)."""
    for stat in zh.STAT_PATTERNS:
        if found.stats.keys() >= set(stat.keys) or (stat.summary_only and not summary):
            continue
        hit = _first_free(text, zones, [stat.pattern], used)
        if hit is not None:
            for key in stat.keys:
                found.put(key, _stat_value(key, hit), hit.span())
            used.append(hit.span())
    for zone in zones:
        _table_stats(found, text, zone)
    _all_done_after_total(found, text)
    _summed(found, text, zones, "people_disciplined", [zh.SEPARATE_DISCIPLINE], used)
    _summed(found, text, zones, "funds_recovered_yuan", zh.RECOVERED, used)
    _summed(found, text, zones, "funds_recovered_yuan", zh.RECOVERED_OTHERWISE, used)
    _done_and_in_progress(found, text, zones, used, reach, summary=summary)


def _first_free(text: str, zones: list[Span], patterns: list[re.Pattern[str]], used: list[Span]) -> re.Match | None:
    """The earliest match of the patterns in the first zone that has one, outside the spans used."""
    for zone in zones:
        hits = [m for p in patterns for m in p.finditer(text, *zone) if _free(m.span(), used)]
        if hits:
            return min(hits, key=lambda m: (m.start(), -(m.end() - m.start())))
    return None


def _free(span: Span, used: list[Span]) -> bool:
    return all(span[1] <= a or span[0] >= b for a, b in used)


def _all_done_after_total(found: _Figures, text: str) -> None:
    """…4个方面21个问题,已全部完成整改: every problem of the total is done."""
    total_span = found.span_of("problems_total")
    if total_span is not None and "problems_done" not in found.stats:
        m = zh.ALL_DONE_AFTER_TOTAL.match(text, total_span[1])
        if m:
            found.put("problems_done", found.stats["problems_total"], (total_span[0], m.end()))


def _done_and_in_progress(found: _Figures, text: str, zones: list[Span], used: list[Span], reach: list[Span], *, summary: bool) -> None:
    """Problems done and in progress: counted in the total's unit next to it, else (in 个) in the
    sentence of the done count or, where the notice sums up, anywhere in the zones. 未完成N个
    counts as in progress only where nothing is said to be under way."""
    near_total = _near_total_in_its_unit(found, text, reach)
    if near_total and "problems_done" not in found.stats:
        hit = _first_free(text, [near_total[1]], zh.DONE_IN_TOTALS_UNIT[near_total[0]], used)
        if hit:
            found.put("problems_done", _stat_value("problems_done", hit), hit.span())
            used.append(hit.span())
    done_span = found.span_of("problems_done")
    in_progress_zones = ([_sentence(text, done_span)] if done_span else []) + (zones if summary else [])
    in_totals_unit = [near_total[1]] if near_total else []
    unit = near_total[0] if near_total else None
    _summed(found, text, in_progress_zones, "problems_in_progress", zh.IN_PROGRESS_PARTS, used)
    _summed(found, text, in_totals_unit, "problems_in_progress", zh.IN_PROGRESS_IN_TOTALS_UNIT.get(unit, []), used)
    _summed(found, text, in_progress_zones, "problems_in_progress", zh.NOT_DONE_PARTS, used)
    _summed(found, text, in_totals_unit, "problems_in_progress", zh.NOT_DONE_IN_TOTALS_UNIT.get(unit, []), used)


def _near_total_in_its_unit(found: _Figures, text: str, zones: list[Span]) -> tuple[str, Span] | None:
    """The unit the problems' total is counted in (个, 项 or 条), and the stretch after the total
    where done and in-progress counts in it are the problems' (to the end of the next sentence
    within the total's zone, cut short by a count of something else)."""
    total_span = found.span_of("problems_total")
    if total_span is None:
        return None
    units = list(zh.TOTAL_UNIT.finditer(text, *total_span))
    unit = units[-1].group("unit") if units else None
    if unit not in zh.TOTALS_UNITS:
        return None
    zone_end = next((b for a, b in zones if a <= total_span[0] < b), total_span[1])
    end = _sentence(text, total_span)[1]
    if end < zone_end:
        end = _sentence(text, (end + 1, end + 1))[1]
    end = min(end, zone_end)
    other = zh.OTHER_COUNTED_THING.search(text, total_span[1], end)
    return unit, (total_span[1], other.start() if other else end)


def _table_stats(found: _Figures, text: str, zone: Span) -> None:
    """Figures of a summary table: a row of labels on one line and a row of values on the next,
    cells apart by spaces or tabs, or a run of label lines, then as many value lines, cell for cell
    (反馈问题(个) / 已完成整改(个) / … then 15 / 13 / …). Each value's span runs from its label."""
    lines = [m for m in _LINE.finditer(text, *zone) if m.group().strip()]
    for row, below in zip(lines, lines[1:]):
        _put_cells(found, *_row_table(text, row, below))
    for labels, values in _column_tables(text, lines):
        _put_cells(found, labels, values)


def _row_table(text: str, row: re.Match, below: re.Match) -> tuple[list[re.Match], list[re.Match]]:
    """The cells of a row of labels over a row of values (none when the lines are not one)."""
    labels = [zh.TABLE_LABEL_LINE.fullmatch(text, *c.span()) for c in _CELL.finditer(text, *row.span())]
    if len(labels) < 2 or not all(labels):
        return [], []
    values = [zh.TABLE_VALUE_LINE.fullmatch(text, *c.span()) for c in _CELL.finditer(text, *below.span())]
    if len(values) == len(labels) and all(values):
        return labels, values
    return [], []


def _column_tables(text: str, lines: list[re.Match]) -> Iterator[tuple[list[re.Match], list[re.Match]]]:
    """Each run of label lines followed by as many value lines: the labels and the values."""
    i = 0
    while i < len(lines):
        labels = []
        while i < len(lines) and (label := zh.TABLE_LABEL_LINE.fullmatch(text, *lines[i].span())):
            labels.append(label)
            i += 1
        if not labels:
            i += 1
            continue
        if len(labels) >= 3 and not _table_key(labels[0]) and not _table_key(labels[-1]):
            # a table whose first column names the rows (类别 | 反馈问题 | … / 数量 | 15 | …): the
            # row's name was read as one more label; its cells follow it
            labels = labels[1:-1]
        values: list[re.Match[str]] = []
        while i < len(lines) and len(values) < len(labels) and (value := zh.TABLE_VALUE_LINE.fullmatch(text, *lines[i].span())):
            values.append(value)
            i += 1
        if len(labels) >= 2 and len(values) == len(labels):
            yield labels, values


def _put_cells(found: _Figures, labels: list[re.Match], values: list[re.Match]) -> None:
    for label, value in zip(labels, values):
        key = _table_key(label)
        figure = _table_value(key, label, value)
        if figure is not None:
            found.put(key, figure, (label.start(), value.end()))


def _table_key(label: re.Match) -> str | None:
    return next((k for k, p in zh.TABLE_LABELS if p.search(label.group("label"))), None)


def _table_value(key: str | None, label: re.Match, value: re.Match) -> float | int | None:
    number, unit = value.group("value"), label.group("unit") or ""
    if key is None:
        return None
    if key == "completion_rate":
        return percent_to_fraction(number) if value.group("percent") else None
    if key == "funds_recovered_yuan":
        return money_to_yuan(number, unit) if unit.endswith("元") else None
    return cn_to_int(number) if number.isdigit() and not value.group("percent") else None


def _sentence(text: str, span: Span) -> tuple[int, int]:
    start = max(text.rfind(c, 0, span[0]) for c in "。\n") + 1
    ends = [i for i in (text.find(c, span[1]) for c in "。\n") if i >= 0]
    return start, (min(ends) if ends else len(text))


def _summed(found: _Figures, text: str, zones: list[Span], key: str, patterns: list[re.Pattern[str]], used: list[Span]) -> None:
    """A figure stated in parts within one sentence (党纪处分1人、政务处分1人; 清退…2万元、追回…3万元):
    their sum, up to a 其中 that breaks down what came before."""
    if key in found.stats or not patterns:
        return
    first = _first_free(text, zones, patterns, used)
    if first is None:
        return
    parts = _parts(text, first, patterns, used)
    values = [_stat_value(key, m) if key == "funds_recovered_yuan" else cn_to_int(m.group("n")) for m in parts]
    if None not in values:
        found.put(key, sum(values), (parts[0].start(), parts[-1].end()))
        used.extend(m.span() for m in parts)


def _parts(text: str, first: re.Match, patterns: list[re.Pattern[str]], used: list[Span]) -> list[re.Match]:
    """The matches apart from one another from `first` to the end of its sentence or a 其中."""
    sentence_end = _sentence(text, first.span())[1]
    part_of = zh.PART_OF_BEFORE.search(text, first.end(), sentence_end)
    end = part_of.start() if part_of else sentence_end
    hits = sorted(
        (m for p in patterns for m in p.finditer(text, first.start(), end) if _free(m.span(), used)),
        key=lambda m: (m.start(), -(m.end() - m.start())),
    )
    parts: list[re.Match] = []
    for m in hits:
        if not parts or m.start() >= parts[-1].end():
            parts.append(m)
    return parts
