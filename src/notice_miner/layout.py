"""Layout: what the structure and facts stages both need, found once, as spans into the text.

`analyse(text)` reads the normalised text (never changing it) and returns a `Layout`:
- `view`: the text as it reads, with hard wraps, letter spacing and mirror-site pinyin taken out,
  traditional characters read as simplified and dotted dates written 2024年3月11日, with a map
  from every view offset back to the text;
- `paragraphs`: the non-blank lines, a line flattened from a whole notice split before the
  一、 (一) 1. markers that stand mid-line after a sentence end or a space, each with its role:
  page chrome (breadcrumbs, 来源/发布时间 lines, widgets, site templates, a repeated title),
  the title, a closing (欢迎…监督, 联系电话…), a signature line, the next-steps title, or body;
- `title`, `signature` (signing body and date), `plan_start` (where the next-steps part opens),
  `closed_from` (where the closing part begins) and `parts` (preamble, body, plan, closing).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import opencc

from notice_miner.lang import layout_zh as zh
from notice_miner.lang.numerals import cn_to_int, parse_cn_date

Span = tuple[int, int]

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


@dataclass
class Signature:
    """The signing body and date at the end of the notice."""

    agency: str | None = None
    agency_span: Span | None = None
    date: date | None = None
    date_span: Span | None = None
    start: int | None = None


@dataclass(frozen=True, slots=True)
class Part:
    kind: str  # preamble, body, plan, closing
    start: int
    end: int


@dataclass
class Layout:
    text: str
    view: View
    paragraphs: list[Paragraph] = field(default_factory=list)
    title: str | None = None
    title_span: Span | None = None
    signature: Signature = field(default_factory=Signature)
    plan_start: int | None = None
    closed_from: int | None = None
    parts: list[Part] = field(default_factory=list)

    def role_at(self, start: int) -> str | None:
        """The role of the paragraph that starts at `start`."""
        for p in self.paragraphs:
            if p.start == start:
                return p.role
        return None

    @property
    def chrome(self) -> list[Span]:
        return [(p.start, p.end) for p in self.paragraphs if p.role == CHROME]


def analyse(text: str) -> Layout:
    """The layout of a normalised notice text."""
    view = View(text)
    paragraphs = _split_flattened(text, _lines(text))
    title, title_span = find_title(view)
    if title_span is not None:
        title_span = view.to_text(title_span)
    roles = _roles(text, [view.reading(span) for span in paragraphs], paragraphs, title, title_span)
    paras = [Paragraph(a, b, r) for (a, b), r in zip(paragraphs, roles)]
    layout = Layout(text=text, view=view, paragraphs=paras, title=title, title_span=title_span,
                    signature=_signature_in_text(view, find_signature(view)))
    layout.plan_start = next((p.start for p in paras if p.role in (PLAN_TITLE,) or (
        p.role == BODY and _is_plan_heading_paragraph(text, p))), None)
    layout.closed_from = _closed_from(text, paras)
    layout.parts = _parts(layout)
    return layout


def plan_heading(title: str) -> bool:
    """Whether a heading's title opens the next-steps part (下一步工作打算, 今后工作安排 …)."""
    return bool(zh.PLAN_HEADING.search(title))


# --- paragraphs ------------------------------------------------------------------

_LINE = re.compile(r"^[^\S\n]*(\S(?:[^\n]*\S)?)", re.M)


def _lines(text: str) -> list[Span]:
    """(start, end) of every non-blank line, leading and trailing white space skipped."""
    return [m.span(1) for m in _LINE.finditer(text)]


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
    return out


def _markers_in_line(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(kind, value, offset) of the markers at the start of the line and of those standing mid-line
    after a sentence end or a space and outside quotes, in order."""
    found = []
    for kind, pattern in zh.MIDLINE_MARKERS:
        for m in pattern.finditer(text, start, end):
            at = m.start()
            if at != start and not (_after_break(text, start, at) and not _quoted(text, start, at)):
                continue
            raw = m.group("v")
            value = int(raw) if raw.isdigit() else cn_to_int(raw)
            if value and m.end() < end:
                found.append((kind, value, at))
    found.sort(key=lambda f: f[2])
    return found


def _after_break(text: str, line_start: int, at: int) -> bool:
    """Right after a sentence end, spaces aside, or after a space that follows text."""
    pos = at
    while pos > line_start and text[pos - 1] in " \t\u3000":
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


def _roles(text: str, readings: list[str], paragraphs: list[Span], title_text: str | None,
           title_span: Span | None) -> list[str]:
    """The role of each paragraph, judged on how it reads (`readings`, in the view)."""
    roles = []
    head = True  # chrome stands above the body: before the first sentence or marker
    tail_from = len(text) * zh.CLOSING_TAIL
    closed = False
    for (start, end), para in zip(paragraphs, readings):
        if not para:
            roles.append(BODY)
            continue
        if head and title_span and title_span[0] <= start < title_span[1]:
            roles.append(TITLE)
            continue
        if head and _is_chrome(para, title_text):
            roles.append(CHROME)
            continue
        if "。" in para or zh.ENUM_LINE.match(para):
            head = False
        role, closed = _closing_role(para, start, tail_from, closed)
        if role is None:
            role = _tail_role(para)
        roles.append(role or BODY)
    return roles


def _is_chrome(para: str, title: str | None) -> bool:
    """A line of the page around the notice: breadcrumb, page metadata or widget, site template,
    bare separator, or the title again (whole or one of its two lines)."""
    if len(para) > zh.CHROME_MAX_CHARS or "。" in para:
        return False
    if zh.BREADCRUMB.search(para) or zh.PAGE_META.search(para) or zh.TEMPLATE_LINE.match(para) \
            or zh.BARE_PUNCT.match(para):
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
    return any(pattern.match(para) for pattern in zh.HEAD_MARKERS)


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
    heading = text[m.end():end.start() if end else p.end]
    return bool(zh.PLAN_HEADING.match(heading))


def _closed_from(text: str, paras: list[Paragraph]) -> int | None:
    tail_from = len(text) * zh.CLOSING_TAIL
    return next((p.start for p in paras if p.role == CLOSING and p.start > tail_from), None)


def _parts(layout: Layout) -> list[Part]:
    """Preamble (title to the first marker), body, plan, closing: consecutive, to the text's end."""
    text = layout.text
    body_paras = [p for p in layout.paragraphs if p.role == BODY]
    first_marker = next((p.start for p in body_paras if zh.ENUM_LINE.match(text[p.start:p.end])
                         or zh.ANY_PART.match(text[p.start:p.end])), None)
    start = next((p.start for p in layout.paragraphs if p.role not in (CHROME, TITLE)), len(text))
    bounds = [("preamble", start), ("body", first_marker), ("plan", layout.plan_start),
              ("closing", layout.closed_from), ("end", len(text))]
    bounds = [(k, b) for k, b in bounds if b is not None]
    parts = []
    for (kind, a), (_, b) in zip(bounds, bounds[1:]):
        if b > a:
            parts.append(Part(kind, a, b))
    return parts


# --- the reading view ------------------------------------------------------------


class View:
    """The text as it reads: without the line breaks of hard wrapping (text pasted from a PDF,
    wrapped at a fixed width), so a sentence broken after 对市 or 0512-575612 reads whole;
    without the spaces of letter-spaced lines (区 水 利 局 党 组 巡 察 整 改 情 况 通 报); with
    dates typed 2024.3.11 or 2024-03-11 written 2024年3月11日; and, for mirror-site copies, with
    the pinyin inserted after characters (衛(wèi)生) taken out and traditional characters read as
    simplified, one for one. `original[i]` is the text offset of view offset i."""

    def __init__(self, text: str) -> None:
        self.text = text
        spaced = _letter_spacing(text)
        removed = spaced + _wrap_breaks(text, {text.rfind("\n", 0, i) + 1 for i in spaced})
        # original offset → what the view prints there instead ("" drops the character)
        edits = _numeric_dates(text) | dict.fromkeys(removed, "")
        script = _mirror_script(text)
        self.script_edits = frozenset(script)
        edits |= script
        self.changed = bool(edits)
        self.original: list[int] = []
        if edits:
            chars: list[str] = []
            for i, ch in enumerate(text):
                printed = edits.get(i, ch)
                chars.append(printed)
                self.original.extend([i] * len(printed))
            self.original.append(len(text))
            self.text = "".join(chars)

    def to_text(self, span: Span) -> Span:
        """The span of the text that view span `span` was read from."""
        if not self.changed:
            return span
        a, b = span
        return self.original[a], (self.original[b - 1] + 1 if b > a else self.original[a])

    def from_text(self, span: Span) -> Span:
        """The view span that reads text span `span`."""
        if not self.changed:
            return span
        return bisect.bisect_left(self.original, span[0]), bisect.bisect_left(self.original, span[1])

    def reading(self, span: Span) -> str:
        """How text span `span` reads in the view."""
        a, b = self.from_text(span)
        return self.text[a:b]

    def script_changed(self, span: Span) -> bool:
        """Whether the characters of text span `span` were read in another script (or had pinyin taken out)."""
        return any(span[0] <= i < span[1] for i in self.script_edits)

    def evidence(self, ev: dict, text: str) -> dict:
        """An evidence record of the view mapped onto the text (span and quote)."""
        if ev["span"] is None or not self.changed:
            return ev
        span = self.to_text(ev["span"])
        return {**ev, "span": span, "quote": text[span[0]:span[1]]}


def _mirror_script(text: str) -> dict[int, str]:
    """Edits that read a mirror site's copy: pinyin notes dropped, traditional characters as
    simplified (only in a text that is written in traditional script)."""
    edits: dict[int, str] = {}
    for m in zh.PINYIN_NOTE.finditer(text):
        edits.update(dict.fromkeys(range(m.start(), m.end()), ""))
    simplified = _simplified(text)
    if len(simplified) >= zh.TRADITIONAL_MIN:
        for i, ch in simplified.items():
            edits.setdefault(i, ch)
    return edits


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplified(text: str) -> dict[int, str]:
    """The characters OpenCC reads otherwise in simplified script, by offset, one for one (a line
    it converts to another length is converted character by character)."""
    found: dict[int, str] = {}
    start = 0
    for line in text.splitlines(keepends=True):
        converted = _t2s().convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in line)
        found.update((start + i, new) for i, (old, new) in enumerate(zip(line, converted)) if old != new)
        start += len(line)
    return found


def _numeric_dates(text: str) -> dict[int, str]:
    """Edits that write 2024.3.11 / 2024-03-11 / 2024/3/11 (and the end of a range 2024.3.11—4.26)
    as 2024年3月11日: the separators become 年 and 月, 日 follows the day."""
    edits: dict[int, str] = {}
    for m in zh.NUMERIC_DATE.finditer(text):
        if not (1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31):
            continue
        edits[m.start("sep1")] = "年"
        edits[m.start("sep2")] = "月"
        edits[m.end("d") - 1] = text[m.end("d") - 1] + "日"
        end = zh.NUMERIC_RANGE_END.match(text, m.end())
        if end and 1 <= int(end.group("m")) <= 12 and 1 <= int(end.group("d")) <= 31:
            edits[end.start("sep")] = "月"
            edits[end.end("d") - 1] = text[end.end("d") - 1] + "日"
    return edits


def _letter_spacing(text: str) -> list[int]:
    """Offsets of the single spaces a letter-spaced line has between all its characters."""
    gaps: list[int] = []
    for m in zh.LETTER_SPACED_LINE.finditer(text):
        start = m.start("body")
        gaps.extend(start + i for i, ch in enumerate(m.group("body")) if ch == " ")
    return gaps


def _wrap_breaks(text: str, spaced_lines: set[int]) -> list[int]:
    """Offsets of the newlines that only wrap a line: after a line near the text's full width
    that stops mid-sentence, before a line that is neither indented nor a new item nor a date.
    A first line that is a title and letter-spaced lines (headings) are never wrapped."""
    pieces = text.split("\n")
    lines = []  # (index in pieces, start, text) of the non-blank lines
    start = 0
    for k, piece in enumerate(pieces):
        if piece.strip():
            lines.append((k, start, piece))
        start += len(piece) + 1
    if len(lines) < zh.WRAP_MIN_LINES:
        return []
    lengths = sorted(len(line) for _, _, line in lines)
    full = max(lengths[int(len(lengths) * 0.9)] * zh.WRAP_FULL_SHARE, zh.WRAP_MIN_WIDTH)
    breaks = []
    # the first line is kept whole when it is a title (no clause punctuation), not when the body opens the text
    for k, start, line in lines if zh.CLAUSE_PUNCT.search(lines[0][2]) else lines[1:]:
        if len(line) < full or k + 1 == len(pieces) or line[-1] in zh.WRAP_SENTENCE_END or start in spaced_lines:
            continue
        if _runs_on(pieces[k + 1], len(line)):
            breaks.append(start + len(line))
    return breaks if len(breaks) >= zh.WRAP_MIN_BREAKS else []


def _runs_on(following: str, width: int) -> bool:
    """Whether the line after a full-width one continues it: no wider than the wrap (a heading is
    followed by a wider paragraph), not indented, not a new item, not a date."""
    return bool(following) and len(following) <= width * zh.WRAP_NEXT_SHARE and not following[:1].isspace() \
        and not (zh.ENUM_LINE.match(following) or zh.ANY_PART.match(following)
                 or zh.SIGNATURE_DATE_LINE.match(following))


# --- title -------------------------------------------------------------------------


def is_agency_name(name: str) -> bool:
    """Whether `name` reads as the name of a body (…党组, …局, …委员会), not a title."""
    return name.endswith(zh.AGENCY_ENDINGS) and not name.endswith(zh.NOT_AGENCY_ENDINGS) and len(name) >= 4


def find_title(view: View) -> tuple[str | None, Span | None]:
    """The notice's own title line (or two lines at the very top), read in the view; the span is the view's."""
    text = view.text
    head = [m for m in _first_lines(text, 2)]
    if len(head) == 2 and not zh.CLAUSE_PUNCT.search(head[0].group()):
        first, second = head
        # 中共…党组 / 关于…的通报, or a title broken after 关于…
        split = "关于" in first.group() or (is_agency_name(first.group().strip())
                                           and second.group().strip().startswith("关于"))
        if split and zh.TITLE_CONTINUATION.fullmatch(second.group()) and not zh.TITLE_LINE.fullmatch(first.group()) \
                and len(first.group().strip()) + len(second.group().strip()) <= zh.TITLE_MAX_CHARS:
            start = first.start() + len(first.group()) - len(first.group().lstrip())
            end = second.start() + len(second.group().rstrip())
            return first.group().strip() + second.group().strip(), (start, end)
    for end in zh.TITLE_END.finditer(text):
        line_start = text.rfind("\n", 0, end.start()) + 1
        m = zh.TITLE_LINE.fullmatch(text, line_start, _line_end(text, end.start()))
        if m is None:
            continue
        candidate = m.group("title")
        if zh.TITLE_MUST_HAVE.search(candidate) and not zh.CLAUSE_PUNCT.search(candidate):
            return candidate, m.span("title")
    return None, None


_NONBLANK = re.compile(r"[^\n]*\S[^\n]*")


def _first_lines(text: str, n: int) -> list[re.Match[str]]:
    out = []
    for m in _NONBLANK.finditer(text):
        out.append(m)
        if len(out) == n:
            break
    return out


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


# --- signature -------------------------------------------------------------------


def find_signature(view: View) -> Signature:
    """The signing body and date at the end, read in the view (spans are the view's): the last
    date-only line in the second half of the text, with the body on the line above or beside it."""
    text = view.text
    half = len(text) // 2
    # The signature stands below the last sentence: read from the line after it first; a signing
    # body found there is the one the whole second half would give.
    last_sentence = max(text.rfind(ch) for ch in zh.SIGNATURE_NEVER_HOLDS)
    below = text.find("\n", last_sentence) + 1 if last_sentence >= half else half
    if below > half:
        found = _signature_from(text, below)
        if found is not None and found.agency is not None:
            return found
    return _signature_from(text, half) or Signature()


def _signature_in_text(view: View, sig: Signature) -> Signature:
    """A signature read in the view, its spans mapped onto the text."""
    if not view.changed:
        return sig
    spans = [view.to_text(s) if s is not None else None for s in (sig.agency_span, sig.date_span)]
    start = view.to_text((sig.start, sig.start + 1))[0] if sig.start is not None else None
    return Signature(sig.agency, spans[0], sig.date, spans[1], start)


def _signature_from(text: str, half: int) -> Signature | None:
    candidates = list(zh.SIGNATURE_DATE_LINE.finditer(text, half))
    one_line = [m for m in zh.SIGNATURE_WITH_DATE.finditer(text, half) if is_agency_name(m.group("agency"))]
    best: Signature | None = None
    for m in reversed(candidates):
        prev = _previous_line(text, m.start())
        name = zh.SEAL_NOTE.sub("", prev[0].strip()) if prev else ""  # 中共…党组(印)
        if prev and zh.SIGNATURE_BODY_LINE.fullmatch(prev[0]) and is_agency_name(name):
            start = prev[1] + prev[0].index(name)
            best = Signature(name, (start, start + len(name)), parse_cn_date(m.group("date")),
                             m.span("date"), start)
            break
    if one_line and (best is None or one_line[-1].start() > best.start):
        m = one_line[-1]
        best = Signature(m.group("agency"), m.span("agency"), parse_cn_date(m.group("date")),
                         m.span("date"), m.start("agency"))
    if best is None and candidates:
        m = candidates[-1]
        best = Signature(None, None, parse_cn_date(m.group("date")), m.span("date"), m.start("date"))
    return best


def _previous_line(text: str, pos: int) -> tuple[str, int] | None:
    """The nearest non-blank line before `pos`, with its start offset."""
    end = text.rfind("\n", 0, pos)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            return line, start
        end = start - 1
    return None
