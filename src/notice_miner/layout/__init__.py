"""Layout: what the structure and facts stages both need, found once, as spans into the text.

`analyse(text)` reads the normalised text (never changing it) and returns a `Layout`:
- `view`: the text as it reads, with hard wraps, letter spacing and mirror-site pinyin taken out,
  traditional characters read as simplified and dotted dates written 2024年3月11日, with a map
  from every view offset back to the text;
- `paragraphs`: the non-blank lines, a line flattened from a whole notice split after the title
  that opens it and before the 一、 (一) 1. markers that stand mid-line after a sentence end, a
  space or a part's heading, each with its role: page chrome (breadcrumbs, 来源/发布时间 lines,
  widgets, site templates, a repeated title above the notice; widgets and 上一篇/下一篇 links
  anywhere), the title, a closing (欢迎…监督, 联系电话…), a signature line, the next-steps title
  or lead paragraph, or body;
- `title`, `signature` (signing body and date), `contact` (the notice's own contact lines),
  `problems` (where the problem-by-problem part opens, and how), `plan_start` (where the
  next-steps part opens), `closed_from` (where the closing part begins) and `parts` (preamble,
  organisation, items, plan, closing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notice_miner.lang import layout_zh as zh
from notice_miner.lang.numerals import cn_to_int
from notice_miner.layout.chrome import is_furniture, is_page_line
from notice_miner.layout.contact import find_contact_lines
from notice_miner.layout.reading import Span, View, line_end
from notice_miner.layout.signature import Signature, find_signature, signature_in_text
from notice_miner.layout.title import find_title, is_agency_name

__all__ = [
    "Layout",
    "Paragraph",
    "Part",
    "ProblemPart",
    "Signature",
    "Span",
    "View",
    "analyse",
    "find_problem_part",
    "find_signature",
    "find_title",
    "is_agency_name",
    "plan_heading",
]

# paragraph roles
BODY = "body"
CHROME = "chrome"
TITLE = "title"
CLOSING = "closing"
SIGNATURE = "signature"
PLAN_TITLE = "plan_title"  # an unnumbered 下一步工作打算 line
PLAN_LEAD = "plan_lead"  # 下一步,… : a paragraph that opens the next steps without a heading


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    role: str = BODY


@dataclass(frozen=True, slots=True)
class Part:
    kind: str  # preamble, organisation, items, plan, closing
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ProblemPart:
    """Where the notice starts answering the feedback's problems one by one, and what opens it:
    a part `heading` that says so (二、巡察反馈问题整改落实情况: its line ends at `heading_end`), a
    top-level part that is itself one problem (`entry`: 一、关于…的问题), or, with neither, a
    numbered problem `line` (1.关于“…”问题的整改, 问题3:)."""

    start: int
    opened_by: str  # heading, entry, line
    heading_end: int


@dataclass
class Layout:
    text: str
    view: View
    paragraphs: list[Paragraph] = field(default_factory=list)
    title: str | None = None
    title_span: Span | None = None
    signature: Signature = field(default_factory=Signature)
    contact: list[Span] = field(default_factory=list)
    problems: ProblemPart | None = None
    plan_start: int | None = None
    closed_from: int | None = None
    parts: list[Part] = field(default_factory=list)


def analyse(text: str) -> Layout:
    """The layout of a normalised notice text."""
    view = View(text)
    title, title_span = find_title(view)
    if title_span is not None:
        title_span = view.to_text(title_span)
    paragraphs = _split_flattened(text, _lines(text, title_span[1] if title_span else None))
    roles = _roles(text, [view.reading(span) for span in paragraphs], paragraphs, title, title_span)
    paras = [Paragraph(a, b, r) for (a, b), r in zip(paragraphs, roles)]
    signature = find_signature(view)
    layout = Layout(
        text=text,
        view=view,
        paragraphs=paras,
        title=title,
        title_span=title_span,
        signature=signature_in_text(view, signature),
        contact=[view.to_text(span) for span in find_contact_lines(view.text, signature)],
    )
    layout.plan_start = next((p.start for p in paras if p.role in (PLAN_TITLE,) or (p.role == BODY and _is_plan_heading_paragraph(text, p))), None)
    layout.problems = _in_text(view, find_problem_part(view.text, 0))
    layout.closed_from = _closed_from(text, paras)
    layout.parts = _parts(layout)
    return layout


def plan_heading(title: str) -> bool:
    """Whether a heading's title opens the next-steps part (下一步工作打算, 今后工作安排 …)."""
    return bool(zh.PLAN_HEADING.search(title))


# --- paragraphs ------------------------------------------------------------------

_LINE = re.compile(r"^[^\S\n]*(\S(?:[^\n]*\S)?)", re.M)


def _lines(text: str, title_end: int | None) -> list[Span]:
    """(start, end) of every non-blank line, leading and trailing white space skipped; a line the
    title opens (a flattened notice's) is two: the title and what follows it."""
    lines = []
    for m in _LINE.finditer(text):
        start, end = m.span(1)
        if title_end is not None and start < title_end < end:
            rest = title_end + len(text[title_end:end]) - len(text[title_end:end].lstrip())
            lines += [(start, title_end), (rest, end)]
        else:
            lines.append((start, end))
    return lines


def _split_flattened(text: str, lines: list[Span]) -> list[Span]:
    """Lines split before the 一、 (一) 1. markers that stand mid-line: after a sentence end or a
    space, outside quotes, counting on from the last marker of their kind (or the first)."""
    last: dict[str, int] = {}
    out: list[Span] = []
    for start, end in lines:
        cuts = []
        for kind, value, at in _markers_in_line(text, start, end):
            if at == start:
                last[kind] = value
                continue
            if value == 1 or last.get(kind) == value - 1:
                cuts.append(at)
                last[kind] = value
        bounds = [start, *cuts, end]
        for a, b in zip(bounds, bounds[1:]):
            while b > a and text[b - 1].isspace():
                b -= 1
            out.append((a, b))
    return _bare_markers_joined(text, out)


def _bare_markers_joined(text: str, paragraphs: list[Span]) -> list[Span]:
    """A marker and nothing else after a sentence end (…完成时限。（二）, a line broken right after
    its marker, as a PDF's lines break) opens the paragraph after it. A bare 1、 at the top or
    inside a sentence is a document site's chunk number, not a marker."""
    out: list[Span] = []
    for start, end in paragraphs:
        if out and _is_bare_marker(text, *out[-1]):
            start = out.pop()[0]
        out.append((start, end))
    return out


def _is_bare_marker(text: str, start: int, end: int) -> bool:
    return zh.HEAD_MARKER.fullmatch(text, start, end) is not None and _after_sentence_end(text, start)


def _after_sentence_end(text: str, pos: int) -> bool:
    """Whether the last character before `pos` that is not white space ends a sentence."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos > 0 and text[pos - 1] in zh.MIDLINE_AFTER


def _markers_in_line(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(kind, value, offset) of the markers at the start of the line and of those standing mid-line
    after a sentence end or a space and outside quotes, or, counting from one, right after a part's
    heading (一、整改工作推进情况(一)…: the space between them lost), in order."""
    found = []
    midline = _may_hold_midline_markers(text, start, end)
    for kind, pattern in zh.MIDLINE_MARKERS:
        for m in pattern.finditer(text, start, end) if midline else _at_start(pattern, text, start, end):
            at = m.start()
            raw = m.group("v")
            value = int(raw) if raw.isdigit() else cn_to_int(raw)
            if (
                at != start
                and not (_after_break(text, start, at) and not _quoted(text, start, at))
                and not (value == 1 and zh.PART_HEADING_BEFORE.search(text, start, at))
            ):
                continue
            if value and (m.end() < end or _after_sentence_end(text, at)):  # …。（二）\n opens the next line
                found.append((kind, value, at))
    found.sort(key=lambda f: f[2])
    return found


def _may_hold_midline_markers(text: str, start: int, end: int) -> bool:
    """Whether a marker stands after the line's start where a mid-line one may: right after a
    sentence end or a space, or right after a part's heading."""
    return bool(zh.MARKER_AFTER_BREAK.search(text, start, end) or zh.MARKER_AFTER_PART_HEADING.search(text, start, end))


def _at_start(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """The match of `pattern` at the start of the line, if any (the first `finditer` would give)."""
    m = pattern.match(text, start, end)
    return [m] if m else []


def _after_break(text: str, line_start: int, at: int) -> bool:
    """Right after a sentence end, spaces aside, or after a space that follows text."""
    pos = at
    while pos > line_start and text[pos - 1] in zh.MIDLINE_SPACES:
        pos -= 1
    if pos == line_start:
        return False
    return text[pos - 1] in zh.MIDLINE_AFTER or pos < at


def _quoted(text: str, line_start: int, at: int) -> bool:
    """Whether an opening quote or bracket before `at` on its line is still open."""
    depth = {o: 0 for o in zh.QUOTE_PAIRS}
    closers = {c: o for o, c in zh.QUOTE_PAIRS.items()}
    for ch in text[line_start:at]:
        if ch in depth:
            depth[ch] += 1
        elif ch in closers and depth[closers[ch]] > 0:
            depth[closers[ch]] -= 1
    return any(depth.values())


# --- roles -------------------------------------------------------------------------


def _roles(text: str, readings: list[str], paragraphs: list[Span], title_text: str | None, title_span: Span | None) -> list[str]:
    """The role of each paragraph, judged on how it reads (`readings`, in the view)."""
    reader = _RoleReader(title_text, title_span, tail_from=len(text) * zh.CLOSING_TAIL)
    return [reader.role(para, start) if para else BODY for (start, _), para in zip(paragraphs, readings)]


@dataclass
class _RoleReader:
    """The paragraph roles, read in order, with what one paragraph tells about the next."""

    title_text: str | None
    title_span: Span | None
    tail_from: float
    head: bool = True  # chrome stands above the body: before the first sentence or marker
    links: bool = False  # below the body, the page's list of links has begun: the rest is the page's
    closed: bool = False  # a closing in the last part of the text has begun: the rest closes too

    def role(self, para: str, start: int) -> str:
        if self.head and self.title_span and self.title_span[0] <= start < self.title_span[1]:
            return TITLE
        self.links = self.links or (not self.head and bool(zh.PAGE_LINKS.match(para)))
        if self.links or (self.head and _is_chrome(para, self.title_text)) or is_furniture(para):
            return CHROME
        if "。" in para or zh.ENUM_LINE.match(para):
            self.head = False
        role, self.closed = _closing_role(para, start, self.tail_from, self.closed)
        return role or _tail_role(para) or BODY


def _is_chrome(para: str, title: str | None) -> bool:
    """A line of the page around the notice: breadcrumb, page metadata or widget, site template,
    bare separator, or the title again (whole or one of its two lines)."""
    if len(para) > zh.CHROME_MAX_CHARS or "。" in para:
        return False
    if is_page_line(para):
        return True
    bare = para.replace(" ", "")
    return title is not None and len(bare) >= 4 and bare in title.replace(" ", "")


def _closing_role(para: str, start: int, tail_from: float, closed: bool) -> tuple[str | None, bool]:
    """CLOSING for a closing paragraph (and for all after one in the last part of the text)."""
    cue = None if _opens_with_marker(para) else zh.CLOSING_INSIDE.search(para)
    if closed or zh.CLOSING.match(para) or (cue and start + cue.start() > tail_from):
        # a closing in the last part of the notice runs to its end; earlier it only stops
        return CLOSING, closed or start > tail_from
    return None, closed


def _opens_with_marker(para: str) -> bool:
    return zh.HEAD_MARKER.match(para) is not None


def _tail_role(para: str) -> str | None:
    if zh.SIGNATURE_PARAGRAPH.match(para):
        return SIGNATURE
    if zh.PLAN_TITLE_LINE.match(para) and zh.PLAN_HEADING.search(para) and not _opens_with_marker(para):
        return PLAN_TITLE
    if zh.PLAN_PARAGRAPH.match(para):
        return PLAN_LEAD
    return None


def _is_plan_heading_paragraph(text: str, p: Paragraph) -> bool:
    """A numbered heading whose title opens the next steps: 三、下一步工作打算, (四)今后工作安排."""
    m = zh.PART_MARKER.match(text, p.start, p.end)
    if not m:
        return False
    end = zh.HEADING_END.search(text, m.end(), p.end)
    heading = text[m.end() : end.start() if end else p.end]
    return bool(zh.PLAN_HEADING.match(heading))


def _closed_from(text: str, paras: list[Paragraph]) -> int | None:
    tail_from = len(text) * zh.CLOSING_TAIL
    return next((p.start for p in paras if p.role == CLOSING and p.start > tail_from), None)


def _parts(layout: Layout) -> list[Part]:
    """Preamble (below the title to the first marker), organisation (how the rectification was
    organised), items (the problems answered one by one), plan, closing: consecutive, to the text's end."""
    text = layout.text
    first_marker = next(
        (
            p.start
            for p in layout.paragraphs
            if p.role == BODY and (zh.ENUM_LINE.match(text[p.start : p.end]) or zh.ANY_PART.match(text[p.start : p.end]))
        ),
        None,
    )
    start = next((p.start for p in layout.paragraphs if p.role not in (CHROME, TITLE)), len(text))
    items = _paragraph_at(layout.paragraphs, layout.problems.start) if layout.problems else None
    return _consecutive(
        [("preamble", start), ("organisation", first_marker), ("items", items), ("plan", layout.plan_start), ("closing", layout.closed_from)],
        len(text),
    )


def _consecutive(starts: list[tuple[str, int | None]], end: int) -> list[Part]:
    """Parts from where each starts to where the next does: a part whose start does not follow the
    one before is not one; a part that starts where the one before does leaves that one empty."""
    kept: list[tuple[str, int]] = []
    for kind, at in starts:
        if at is not None and kept and at == kept[-1][1]:
            kept[-1] = (kind, at)  # 一、 opens the problems at once: no organisation part
        elif at is not None and (not kept or at > kept[-1][1]):
            kept.append((kind, at))
    ends = [at for _, at in kept[1:]] + [end]
    return [Part(kind, a, b) for (kind, a), b in zip(kept, ends) if b > a]


def _paragraph_at(paragraphs: list[Paragraph], pos: int) -> int | None:
    """The start of the first paragraph at or after `pos`."""
    return next((p.start for p in paragraphs if p.end > pos), None)


# --- the problem-by-problem part ---------------------------------------------------


def find_problem_part(text: str, start: int) -> ProblemPart | None:
    """Where the problems are answered one by one, from `start` on (in the view): the first numbered
    part whose heading says so or is one problem; else the first numbered problem line."""
    for part in zh.ANY_PART.finditer(text, start):
        heading_end = line_end(text, part.end())
        heading = text[part.end() : heading_end]
        if zh.PROBLEM_ENTRY_HEADING.match(heading):
            return ProblemPart(part.start(), "entry", heading_end)
        if zh.PROBLEM_PART_HEADING.search(heading) and not zh.NOT_PROBLEM_PART.search(heading):
            return ProblemPart(part.start(), "heading", heading_end)
    line = zh.PROBLEM_LINE.search(text, start)
    return ProblemPart(line.start(), "line", line_end(text, line.start())) if line else None


def _in_text(view: View, found: ProblemPart | None) -> ProblemPart | None:
    if found is None or not view.changed:
        return found
    return ProblemPart(view.offset_in_text(found.start), found.opened_by, view.offset_in_text(found.heading_end))
