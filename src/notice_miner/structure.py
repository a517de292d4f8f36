"""Headings and enumerations → section tree and items, each with its span in the text.

How the hierarchy is recovered:
1. Every paragraph that starts with a marker (一、 (一) 1. 问题1: (1) ① 第一, 一是) is a
   *marker event*; inside a paragraph, runs of 一是…二是…, (1)…(2)…, ①…②…, 第一,…第二,
   that count up from one are inline events.
2. Marker kinds are rungs, not fixed levels: a kind not open yet opens one level
   below the current one, a kind already open closes everything below it and
   becomes a sibling. So 一、/(一)/1./一是, (一)/1./(1) and 问题N blocks all come out
   right without a template per layout.
3. Each event owns the text from its marker to the next event, or to a closing
   paragraph (欢迎…监督, 联系电话, the signature) or a 下一步… paragraph.
   Events without children are items; events with children are sections and
   appear in their children's `path`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from notice_miner import layout as layout_mod
from notice_miner.lang import layout_zh
from notice_miner.lang import structure_zh as zh
from notice_miner.lang.numerals import cn_to_int
from notice_miner.layout import Layout
from notice_miner.model import Item, Section


@dataclass
class Structure:
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Event:
    kind: str
    value: int
    marker: str  # normalised, as written in `path`
    start: int  # where the marker starts
    body: int  # where the text after the marker starts
    end: int = 0  # where the event's own text ends (next event or a closing paragraph)
    title: str = ""  # first sentence after the marker
    plan_paragraph: bool = False  # inline items inside a 下一步… paragraph
    plan_part: bool = False  # after an unnumbered next-steps title line (下一步工作打算)
    parent: _Event | None = None
    children: list[_Event] = field(default_factory=list)
    extent: int = 0  # end of the event and all its descendants
    plan: bool = False  # a next-steps event, or below one
    id: str = ""  # s1, i1 … as emitted
    path: list[str] = field(default_factory=list)  # markers from the top down to this event
    inline: bool = False  # found inside a paragraph, not at its start


NOT_A_NOTICE = "the text does not read like a rectification notice (no 整改, 巡察 or 巡视 in it)"


def parse_structure(layout: Layout) -> Structure:
    """Recover sections and items from a notice's layout."""
    text = layout.text
    events, stops = _scan(layout)
    _close(events, stops, len(text))
    warnings = _build_tree(events)
    result = _emit(text, events, warnings)
    if not zh.GENRE_CUE.search(text):
        result.warnings.append(NOT_A_NOTICE)
    elif not result.items:
        result.warnings.append("no enumerated measures found (一、 (一) 1. (1) ① 第一 一是 …)")
    return result


# --- 1. scanning -----------------------------------------------------------------


def _marker(kind: str, m: re.Match[str]) -> tuple[int, str]:
    """The value of a marker match and how it is written in `path`."""
    raw = m.group(1) or m.group(m.lastindex)
    folded = zh.ENCLOSED.get(raw, raw)
    if kind == "circled":
        value = zh.CIRCLED.index(folded) + 1
    else:
        value = int(folded) if folded.isdigit() else cn_to_int(folded) or 0
    return value, zh.PATH_FORMAT[kind].format(folded)


def _scan(layout: Layout) -> tuple[list[_Event], list[int]]:
    """Marker events in reading order, and offsets where item text must stop."""
    text = layout.text
    scan = _Scan(text, plan_from=len(text))
    for para in layout.paragraphs:
        scan.read(para)
    scan.finish()
    for ev in scan.events:
        ev.title = _first_sentence(text, *_trimmed(text, ev.body, len(text)))
        ev.plan_part = ev.start > scan.plan_from
    return scan.events, scan.stops


@dataclass
class _Scan:
    """The paragraph rules, applied one paragraph at a time, and what they carry to the next."""

    text: str
    plan_from: int  # everything after an unnumbered next-steps title line is a plan
    events: list[_Event] = field(default_factory=list)
    stops: list[int] = field(default_factory=list)
    lone: _Event | None = None  # a single inline (1)/一是 kept until the next paragraph shows its (2)
    running: _Event | None = None  # the last inline marker of the run the previous line was in
    run_closed: bool = False  # the previous paragraph ended an inline run with a full sentence
    plain: int | None = None  # start of the last body paragraph with no marker since the last event
    line_runs: set[str] = field(default_factory=set)  # kinds of full inline runs earlier pieces of this line held
    previous_end: int = 0

    def read(self, paragraph: layout_mod.Paragraph) -> None:
        text = self.text
        start, end, role = paragraph.start, paragraph.end, paragraph.role
        if "\n" in text[self.previous_end : start]:
            self.line_runs = set()
        self.previous_end = end
        head = self._head(start, end)
        if self._holds_no_item(start, end, role, head):
            self.stops.append(start)
            return
        plan_paragraph = role == layout_mod.PLAN_LEAD
        if plan_paragraph:
            self.stops.append(start)
        if head is not None:
            self._line_event(head)
        elif self.run_closed and not zh.LABELLED_LINE.match(text, start, end):
            self.stops.append(start)  # a paragraph after a finished inline list is not its last item's
        self._inline_events(start, end, head, plan_paragraph)
        last_before = self.events and self.events[-1].start < start
        self.plain = start if head is None and last_before else None

    def _head(self, start: int, end: int) -> _Event | None:
        """The marker the paragraph opens with, unless it is a number inside a broken sentence."""
        head = _line_marker(self.text, start, end)
        return None if head is not None and self._breaks_a_sentence(head) else head

    def _holds_no_item(self, start: int, end: int, role: str, head: _Event | None) -> bool:
        """Chrome, title, closing, signature, a table's status cell, the next-steps title line
        (which opens the plan part) and a numbered contact line (1.电话:…) stop the item before them."""
        text = self.text
        if role in _NEVER_ITEMS or zh.TABLE_CELL.match(text, start, end):
            return True
        if head is None and role == layout_mod.PLAN_TITLE:
            self.plan_from = min(self.plan_from, start)
            return True
        return head is not None and bool(layout_zh.CLOSING.match(text, head.body) or layout_zh.CONTACT_CHANNEL.match(text, head.body))

    def finish(self) -> None:
        """A lone first marker in the last paragraph of the body is an item: nothing after it
        can show its second (a page cut short, a list of one)."""
        if self.lone is not None:
            self.events.append(self.lone)

    def _breaks_a_sentence(self, head: _Event) -> bool:
        """A number opening a line that goes on with a sentence the line before broke off
        (…召开会议,\n2、传达…) is text, unless it continues a numbering of its kind."""
        if head.value == 1 or _char_before(self.text, head.start) not in zh.MID_SENTENCE:
            return False
        last = next((e for e in reversed(self.events) if e.kind == head.kind), None)
        return last is None or last.value != head.value - 1

    def _lone_opens_a_list(self) -> bool:
        """A lone first marker that is a list of one: after a block label (整改情况:一是…), or in a
        piece of a flattened line whose earlier pieces held full runs of its kind."""
        lone = self.lone
        return lone is not None and (_after_label(self.text, lone.start) or lone.kind in self.line_runs)

    def _line_event(self, head: _Event) -> None:
        lone = self.lone
        if lone is not None and head.kind == lone.kind and head.value == lone.value + 1:
            self.events.append(lone)  # its run went on in this paragraph: a line broken before (2)
        elif head.value == 1 and self.plain is not None and self.events and self.events[-1].kind == head.kind:
            self.stops.append(self.plain)  # the paragraph before a fresh run is its lead-in
        self.events.append(head)
        self.running = None

    def _inline_events(self, start: int, end: int, head: _Event | None, plan_paragraph: bool) -> None:
        run = _with_nested_runs(self.text, self._with_restarts(self._run_in(start, end, head), end), end)
        for ev in run:
            ev.plan_paragraph = plan_paragraph
        self.events.extend(run)
        if run:
            self.running = run[-1]
        if len(run) > 1:
            self.line_runs.update(ev.kind for ev in run)
        self.run_closed = bool(run) and zh.SENTENCE_FINAL.match(self.text, end - 1) is not None
        # a line without markers keeps the run open: a line broken inside it (…支持产业,\n新造林…;三是…)

    def _run_in(self, start: int, end: int, head: _Event | None) -> list[_Event]:
        """The inline run of the paragraph (see _inline_markers), with a lone first marker the
        previous line broke off before it when the run goes on from it."""
        body = head.body if head is not None else start
        lone = self.lone if head is None else None
        run, self.lone = _inline_markers(self.text, body, end, head, self.running or lone)
        if lone is not None and run and run[0].kind == lone.kind and run[0].value == lone.value + 1:
            return [lone, *run]  # …一是A,协调\n解决B。二是C: its run goes on in this paragraph
        if self._lone_opens_a_list():
            run, self.lone = [self.lone], None
        if head is None and run and run[0].value == 1 and run[0].start > start:
            self.stops.append(start)  # 针对B问题,一是…: the lead-in belongs to no item, not to the one before
        return run

    def _with_restarts(self, run: list[_Event], end: int) -> list[_Event]:
        """A run that starts over at one later in its paragraph (…三是C。针对X问题,一是D;二是E):
        the fresh run too; the sentence it opens in is its lead-in, part of no item."""
        text = self.text
        while run:
            fresh = _run_of(text, run[-1].body, end, run[-1].kind, 1)
            if len(fresh) == 1 and _after_a_flattened_break(text, fresh[0].start):
                # …三是C。 X负责人…。 一是D (lines joined by spaces): the marker opens a paragraph, a list
                # even of one; the paragraph before it, if any, is its lead-in
                lead_in = _after_a_flattened_break(text, run[-1].body, fresh[0].start - 1)
                self.stops.append(lead_in or fresh[0].start)
            elif len(fresh) >= 2:
                self.stops.append(_sentence_start(text, run[-1].body, fresh[0].start))
            else:
                break
            run = run + fresh
        return run


def _after_a_flattened_break(text: str, pos: int, upto: int | None = None) -> int | None:
    """With `upto`: the last place in text[pos:upto] right after a sentence end and a space (a line
    break of flattened text); without: `pos` itself when it stands right after one."""
    spots = [pos] if upto is None else range(upto - 1, pos, -1)
    for at in spots:
        if text[at - 1] == " " and _char_before(text, at) in zh.SENTENCE_FINALS:
            return at
    return None


def _sentence_start(text: str, floor: int, pos: int) -> int:
    """Where the sentence that `pos` stands in begins (not before `floor`)."""
    while pos > floor and not zh.SENTENCE_END.match(text, pos - 1):
        pos -= 1
    while text[pos] == " ":
        pos += 1
    return pos


def _char_before(text: str, pos: int) -> str:
    """The last character before `pos` that is not white space ("" at the start)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return text[pos - 1] if pos else ""


def _after_label(text: str, pos: int) -> bool:
    """True where a block label (整改情况:, 整改措施: …) ends right before `pos`."""
    return any(m.end() == pos for m in zh.BLOCK_LABEL_END.finditer(text, max(0, pos - 12), pos))


# paragraphs that never hold a marker event and end the item before them
_NEVER_ITEMS = frozenset({layout_mod.CHROME, layout_mod.TITLE, layout_mod.CLOSING, layout_mod.SIGNATURE})


def _line_marker(text: str, start: int, end: int) -> _Event | None:
    """The marker a paragraph opens with, if any: the first of LINE_MARKERS that fits, from the
    first whose pattern matches at all (HEAD_MARKER's group says which)."""
    opening = zh.HEAD_MARKER.match(text, start, end)
    if opening is None or opening.lastgroup is None:
        return None
    for kind, pattern, _ in zh.LINE_MARKERS[int(opening.lastgroup[1:]) :]:
        m = pattern.match(text, start, end)
        if not m or m.end() >= end:
            continue
        value, marker = _marker(kind, m)
        if value > 0:
            return _Event(kind, value, marker, start, m.end())
    return None


def _inline_markers(text: str, start: int, end: int, head: _Event | None, running: _Event | None = None) -> tuple[list[_Event], _Event | None]:
    """The earliest run of one inline kind counting up from one (or on from the paragraph's own
    marker, or on from a run the previous line broke off), headed by a lone first marker of
    another kind before it ((1)X。一是…二是…: text flattened onto one line); when there is no
    run, a lone first marker that the next paragraph may continue."""
    if not zh.INLINE_MARKER.search(text[start:end]):
        return [], None  # no inline marker of any kind where one may stand (most paragraphs)
    best: list[_Event] = []
    lones: list[_Event] = []
    for kind, expect, enough in _run_starts(head, running):
        run = _run_of(text, start, end, kind, expect)
        if len(run) >= enough and (not best or run[0].start < best[0].start):
            best = run
        elif len(run) == 1 and run[0].value == 1:
            lones.append(run[0])
    lones.sort(key=lambda ev: ev.start)
    if not best:
        return best, (lones[0] if lones else None)
    heading = [ev for ev in lones if ev.kind != best[0].kind and ev.start < best[0].start][:1]
    return heading + best, None


def _run_starts(head: _Event | None, running: _Event | None) -> list[tuple[str, int, int]]:
    """(kind, first value expected, how many make a run) for every inline kind: a run counts on
    from the paragraph's own marker, else from one (two at least), or on from the run the
    previous line broke off."""
    starts = []
    for kind in zh.INLINE_MARKERS:
        if head is not None and head.kind == kind:
            starts.append((kind, head.value + 1, 1))
            continue
        starts.append((kind, 1, 2))
        if head is None and running is not None and running.kind == kind:
            starts.append((kind, running.value + 1, 1))
    return starts


def _run_of(text: str, start: int, end: int, kind: str, expect: int) -> list[_Event]:
    """Markers of one kind in text[start:end], after sentence breaks, counting up from `expect`."""
    segment = text[start:end]
    run: list[_Event] = []
    glued = False
    for m in zh.INLINE_MARKERS[kind].finditer(segment):
        if m.end() >= len(segment):
            continue
        value, marker = _marker(kind, m)
        at_boundary = _at_boundary(segment, m.start())
        if value == expect == 1 and not at_boundary and segment.endswith(zh.GLUED_RUN_AFTER, 0, m.start()):
            glued = at_boundary = True  # 关于X的问题一是A;二是B: a heading run into its list
        if value == expect and at_boundary:
            run.append(_Event(kind, value, marker, start + m.start(), start + m.end(), inline=True))
            expect += 1
    return run[1:] if glued and len(run) == 1 else run


def _with_nested_runs(text: str, run: list[_Event], end: int) -> list[_Event]:
    """An inline run whose pieces hold runs of another kind (1.关于A问题。一是…;二是…。2.…一是…):
    the nested markers too, in reading order. A lone 一是 in one piece counts when another piece
    holds a full run of its kind."""
    if len(run) < 2:
        return run
    nested: list[list[_Event]] = []
    lones: list[_Event | None] = []
    for ev, nxt in zip(run, [*run[1:], None]):
        piece_end = nxt.start if nxt is not None else end
        inner, lone = _inline_markers(text, ev.body, piece_end, None)
        inner = [e for e in inner if e.kind != ev.kind]
        nested.append(inner)
        lones.append(lone if lone is not None and lone.kind != ev.kind else None)
    kinds = {e.kind for inner in nested for e in inner}
    out: list[_Event] = []
    for ev, inner, lone in zip(run, nested, lones):
        out.append(ev)
        out.extend(inner or ([lone] if lone is not None and lone.kind in kinds else []))
    return out


def _at_boundary(segment: str, pos: int) -> bool:
    """True at the start of the paragraph, right after a break in the sentence, or after a space
    (Chinese text has none inside a sentence: in text flattened onto one line it stands for a
    line break, as in 1.关于X问题 一是…)."""
    return pos == 0 or segment[pos - 1] in zh.INLINE_BOUNDARY_CHARS or segment[pos - 1] == " "


# --- 2. extents and tree ---------------------------------------------------------


def _close(events: list[_Event], stops: list[int], text_end: int) -> None:
    """Each event's own text ends at the next event or the next stop, whichever is first."""
    bounds = sorted({*(e.start for e in events), *stops, text_end})
    for ev in events:
        ev.end = bounds[bisect.bisect_right(bounds, ev.start)]


def _build_tree(events: list[_Event]) -> list[str]:
    """Hang every event below the nearest open event of another kind (a kind already open
    closes what is below it); the warnings say where the numbering skips."""
    stack: list[_Event] = []
    in_plan_part = False
    for ev in events:
        if _opens_a_plan_part(ev, stack, in_plan_part):
            stack.clear()
        in_plan_part = in_plan_part or ev.plan_part
        while not ev.inline and stack and stack[-1].inline:
            stack.pop()  # a paragraph's own marker never hangs below a run inside an earlier paragraph
        kinds = [e.kind for e in stack]
        if ev.kind in kinds:
            del stack[kinds.index(ev.kind) :]
        ev.parent = stack[-1] if stack else None
        if ev.parent is not None:
            ev.parent.children.append(ev)
        stack.append(ev)
    return _numbering_warnings(events)


def _opens_a_plan_part(ev: _Event, stack: list[_Event], in_plan_part: bool) -> bool:
    """The first event after an unnumbered next-steps title, or a 下一步,…一是… run with no
    next-steps heading above it: a part of its own."""
    if ev.plan_part and not in_plan_part:
        return True
    return ev.plan_paragraph and ev.value == 1 and not any(layout_mod.plan_heading(e.title) for e in stack)


def _numbering_warnings(events: list[_Event]) -> list[str]:
    """A marker that is neither the next below its parent nor the next of its kind overall
    (1. 2. … often run on across (一) (二)) skips; a first marker may start at any value."""
    warnings: list[str] = []
    last_value: dict[tuple[int, str], int] = {}  # (parent id, kind) → last value seen
    last_of_kind: dict[str, int] = {}
    for ev in events:
        key = (id(ev.parent), ev.kind)
        expected = last_value.get(key, 0) + 1
        continued = last_of_kind.get(ev.kind, 0) + 1
        if ev.value not in (expected, continued) and not (ev.value == 1 and key not in last_value):
            warnings.append(f"numbering jumps to {ev.marker} after {last_value.get(key, 0) or 'the start'} at offset {ev.start}")
        last_value[key] = ev.value
        last_of_kind[ev.kind] = ev.value
    return warnings


# --- 3. output -------------------------------------------------------------------


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n,:、":
        start += 1
    while end > start and text[end - 1] in " \n":
        end -= 1
    return start, end


def _first_sentence(text: str, start: int, end: int) -> str:
    line_end = text.find("\n", start, end)
    line_end = end if line_end < 0 else line_end
    m = zh.SENTENCE_END.search(text, start, line_end)
    stop = m.end() if m else line_end
    return text[start:stop].strip()


_SECTIONS = TypeAdapter(list[Section])
_ITEMS = TypeAdapter(list[Item])


def _emit(text: str, events: list[_Event], warnings: list[str]) -> Structure:
    _mark_extents_and_ids(text, events)
    sections: list[dict] = []
    items: list[dict] = []
    for ev in events:
        parent = ev.parent
        ev.path = [*parent.path, ev.marker] if parent is not None else [ev.marker]
        status = "plan" if ev.plan else "done"
        parent_id = parent.id if parent is not None else None
        if ev.id[0] == "s":
            sections.append(
                dict(
                    id=ev.id,
                    marker=ev.marker,
                    level=len(ev.path),
                    title=ev.title,
                    span=(ev.start, ev.extent or ev.end),
                    status=status,
                    parent=parent_id,
                    children=[c.id for c in ev.children],
                )
            )
            continue
        start, end = _trimmed(text, ev.body, ev.end)
        items.append(
            dict(
                id=ev.id,
                path=ev.path,
                marker=ev.marker,
                text=text[start:end],
                span=(start, end),
                status=status,
                problem=_problem(text, ev),
                section=parent_id,
            )
        )
    return Structure(_SECTIONS.validate_python(sections), _ITEMS.validate_python(items), warnings)


def _mark_extents_and_ids(text: str, events: list[_Event]) -> None:
    """Each event's extent (its own text and its descendants'), whether it is a plan, and its id:
    events with children (and prose-only top parts) are sections, the others items."""
    for ev in reversed(events):  # children come after their parent
        ev.extent = max([ev.end, *(child.extent for child in ev.children)])
    section_count = item_count = 0
    for ev in events:
        parent = ev.parent
        ev.plan = (parent is not None and parent.plan) or ev.plan_paragraph or ev.plan_part or bool(ev.children and layout_mod.plan_heading(ev.title))
        if ev.children or not _is_item(text, ev):
            section_count += 1
            ev.id = f"s{section_count}"
        else:
            item_count += 1
            ev.id = f"i{item_count}"


def _is_item(text: str, ev: _Event) -> bool:
    """A leaf is an item when it says something (a bare marker, or one followed by punctuation only, is
    not: issue #15), except a top-level part (一、…) holding only prose."""
    start, end = _trimmed(text, ev.body, ev.end)
    if not any(ch.isalnum() for ch in text[start:end]):
        return False
    if ev.parent is None and ev.kind == "cn_dun":
        return bool(zh.BLOCK_LABEL.search(text, ev.body, ev.end))
    return True


_PROBLEM_KINDS = {"arabic", "problem_ar", "problem_cn"}


def _problem(text: str, ev: _Event) -> str | None:
    """The problem an item answers: its own problem statement, or its problem heading's."""
    label = zh.BLOCK_LABEL.search(text, ev.body, ev.end)
    if label and label.start() > ev.body and text[label.start() - 1] not in zh.ATTRIBUTE_OPENS:
        own = text[ev.body : label.start()].strip()
        if own:
            return _unquote_problem(own)
    if ev.kind in _PROBLEM_KINDS:
        return _unquote_problem(ev.title)
    node = ev.parent
    while node is not None:
        if node.kind in _PROBLEM_KINDS:
            return _unquote_problem(node.title)
        node = node.parent
    return None


def _unquote_problem(statement: str) -> str | None:
    """关于“X”问题的整改 → X; other statements stay as written."""
    m = zh.QUOTED_PROBLEM.match(statement)
    return (m.group(1) if m else statement) or None
