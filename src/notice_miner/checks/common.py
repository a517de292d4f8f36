"""What every check reads: the notice's measures and problems as spans of `text`, and how a finding is made."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from notice_miner.lang import checks_zh as zh
from notice_miner.layout import Layout
from notice_miner.model import CheckFigure, CheckId, Disclosed, Element, Finding, Item, Notice, Section, Severity, Span

_TRAILING = " \t\u3000。;,:"  # what ends a problem statement, left out of it


@dataclass(frozen=True)
class Measure:
    """A done item answering the feedback: the span of its measure text, and the problem it answers
    (its own problem statement before 整改情况:, or its problem heading's title), if the notice says."""

    item: Item
    span: Span
    problem: str | None = None
    problem_span: Span | None = None


@dataclass(frozen=True)
class Problem:
    """A feedback problem the notice names, and whether any measure answers it."""

    statement: str
    span: Span
    answered: bool


ELEMENTS: dict[Element, re.Pattern[str]] = {"responsible": zh.RESPONSIBLE, "deadline": zh.DEADLINE, "target": zh.TARGET}


@dataclass(frozen=True)
class Reading:
    """A notice as the checks read it."""

    notice: Notice
    measures: list[Measure]
    problems: list[Problem]

    @cached_property
    def text(self) -> str:
        return self.notice.text

    @cached_property
    def elements(self) -> list[set[Element]]:
        """The elements each measure names (its problem statement does not count), in measure order."""
        return [{name for name, pattern in ELEMENTS.items() if pattern.search(self.text, *m.span)} for m in self.measures]

    @cached_property
    def hedges(self) -> list[Span]:
        """Every hedging word and stock phrase in the text, in order (the density and the dense-notice finding)."""
        return [m.span() for m in zh.HEDGING.finditer(self.text)]

    @cached_property
    def disclosed(self) -> dict[Disclosed, bool]:
        """Which items a public notice is expected to give it gives (the disclosure finding and the summary)."""
        stated = {e.field for e in self.notice.evidence}
        return {name: any(field in stated for field in fields) for name, fields in zh.DISCLOSURE_ITEMS.items()}

    @cached_property
    def paper_only(self) -> list[bool]:
        """Whether each measure's only actions are meetings, study, talks, documents issued or rules drafted."""
        return [bool(zh.PAPER_ACTION.search(self.text, *m.span)) and not zh.CONCRETE_RESULT.search(self.text, *m.span) for m in self.measures]


def read(notice: Notice, layout: Layout) -> Reading:
    """The measures (done items in the problem-by-problem part, or every done item where the notice has
    no such part) and the problems a notice names."""
    part = next((p for p in layout.parts if p.kind == "items"), None)
    headings = _Headings.of(notice)
    measures, problems = [], []
    for item in notice.items:
        if item.status == "done" and (part is None or part.start <= item.span[0] < part.end):
            measure, problem = _read_item(notice.text, item, headings)
            measures += [measure] if measure is not None and measure.span[1] > measure.span[0] else []
            problems += [problem] if problem is not None else []
    problems += _problem_sections(notice, measures, headings)
    return Reading(notice, measures, sorted(problems, key=lambda p: p.span))


@dataclass(frozen=True)
class _Headings:
    """A notice's sections by id, and the statement (and its span) of each whose title is one problem."""

    sections: dict[str, Section]
    problems: dict[str, tuple[str, Span | None]]

    @classmethod
    def of(cls, notice: Notice) -> _Headings:
        problems = {s.id: _heading_statement(notice.text, s) for s in notice.sections if zh.PROBLEM_TITLE.match(s.title)}
        return cls({s.id: s for s in notice.sections}, problems)


def _read_item(text: str, item: Item, headings: _Headings) -> tuple[Measure | None, Problem | None]:
    """The measure an item states, and the problem it names itself (None: none)."""
    measure = _measure(text, item, headings)
    if measure is None:  # the item is a problem heading with nothing under it
        return None, Problem(_heading_problem(item.text), item.span, answered=False)
    if measure.problem_span is None or measure.problem_span[0] < item.span[0]:
        return _after_shortcoming(text, measure), None  # None: a feedback problem listed as an item
    answered = measure.span[1] > measure.span[0]
    return measure, Problem(measure.problem or "", measure.problem_span, answered=answered)


def _after_shortcoming(text: str, measure: Measure) -> Measure | None:
    """An item whose first sentence states a shortcoming rather than a measure: on a line of its own
    it is the problem the lines below answer; alone in its paragraph the item is no measure."""
    start, end = measure.span
    first = zh.FIRST_SENTENCE.match(text, start, end)
    if not zh.SHORTCOMING.search(first.group()) or zh.ACTION_START.match(first.group()):
        return measure
    line_end = text.find("\n", start, end)
    if line_end < 0:
        return None
    rest = len(text[line_end:end]) - len(text[line_end:end].lstrip())
    problem_end = start + len(text[start:line_end].rstrip(_TRAILING))
    return Measure(measure.item, (line_end + rest, end), text[start:problem_end], (start, problem_end))


def _measure(text: str, item: Item, headings: _Headings) -> Measure | None:
    start, end = item.span
    own = item.text
    heading = zh.PROBLEM_HEADING.match(own)
    if heading and zh.PROBLEM_HEADING_TAIL.fullmatch(own, heading.end()):
        return None
    label = zh.MEASURE_LABEL.search(own)
    if label and label.start() > 0:  # 问题…。整改情况:…
        problem_end = start + len(own[: label.start()].rstrip(_TRAILING))
        return Measure(item, (start + label.end(), end), text[start:problem_end], (start, problem_end))
    lead = zh.PROBLEM_LEAD.match(own)
    if lead:  # 关于“X”问题。召开…
        return Measure(item, (start + lead.end(), end), lead.group(1), (start + lead.start(1), start + lead.end(1)))
    heading = _problem_heading(item, headings)
    if heading is not None:
        return Measure(item, (start, end), *heading)
    return Measure(item, (start, end))


def _problem_heading(item: Item, headings: _Headings) -> tuple[str, Span | None] | None:
    """The statement of the nearest section holding the item whose title is one problem."""
    section = headings.sections.get(item.section or "")
    while section is not None:
        if section.id in headings.problems:
            return headings.problems[section.id]
        section = headings.sections.get(section.parent or "")
    return None


def _heading_statement(text: str, section: Section) -> tuple[str, Span | None]:
    """A problem heading's statement (关于“X”问题 → X) and its span in the text."""
    title_at = text.find(section.title, section.span[0])
    quoted = zh.QUOTED_PROBLEM.search(section.title)
    if quoted:
        statement, offset = quoted.group(1), quoted.start(1)
    else:
        statement, offset = section.title, 0
    if title_at < 0:
        return statement, None
    return statement, (title_at + offset, title_at + offset + len(statement))


def _heading_problem(heading: str) -> str:
    quoted = zh.QUOTED_PROBLEM.search(heading)
    return quoted.group(1) if quoted else heading.strip()


def _problem_sections(notice: Notice, measures: list[Measure], headings: _Headings) -> list[Problem]:
    """Problems stated as section headings (their measures are the items below them)."""
    answered = {m.item.section for m in measures}
    problems = []
    for section in notice.sections:
        if section.status != "done" or section.id not in headings.problems:
            continue
        statement, span = headings.problems[section.id]
        covered = any(_under(child, section.id, headings.sections) for child in answered if child)
        problems.append(Problem(statement, span or (section.span[0], section.span[0]), answered=covered))
    return problems


def _under(section_id: str, ancestor: str, by_id: dict[str, Section]) -> bool:
    section = by_id.get(section_id)
    while section is not None:
        if section.id == ancestor:
            return True
        section = by_id.get(section.parent or "")
    return False


def finding(
    check: CheckId,
    severity: Severity,
    message: str,
    gloss: str,
    spans: list[Span] = (),
    figures: list[CheckFigure] = (),
    item: str | None = None,
    missing: list[Element] | None = None,
) -> Finding:
    return Finding(check=check, severity=severity, message=message, gloss=gloss, spans=list(spans), figures=list(figures), item=item, missing=missing)


def spans_of(pattern: re.Pattern[str], text: str, span: Span) -> list[Span]:
    """Every match of `pattern` in `text[span[0]:span[1]]`, as spans of `text`."""
    return [m.span() for m in pattern.finditer(text, *span)]


def evidence_span(notice: Notice, field: str) -> Span | None:
    """Where the notice states a metadata or stats field (None: not stated in `text`)."""
    return next((e.span for e in notice.evidence if e.field == field and e.source == "text" and e.span), None)
