"""The reading view of a notice: the text as it reads, with a map back to the text as given.

Hard wraps, letter spacing and mirror-site pinyin are taken out, traditional characters read as
simplified (by OpenCC) and dotted dates written 2024年3月11日; the text itself never changes. (A .txt
file cut at one width is re-joined by ingest already, so its text is whole for every stage; the view
reads the wraps that came in otherwise: lines pasted into a web page, text given in memory.)
"""

from __future__ import annotations

import bisect
from functools import cache

import opencc

from notice_miner.lang import layout_zh as zh

Span = tuple[int, int]


def line_end(text: str, pos: int) -> int:
    """The end of the line `pos` stands on."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


class View:
    """The text as it reads: without the line breaks of hard wrapping (text pasted from a PDF,
    wrapped at a fixed width), so a sentence broken after 对市 or 0512-575612 reads whole;
    without the spaces of letter-spaced lines (区 水 利 局 党 组 巡 察 整 改 情 况 通 报); with
    dates typed 2024.3.11 or 2024-03-11 written 2024年3月11日; and, for mirror-site copies, with
    the pinyin inserted after characters (衛(wèi)生) taken out and traditional characters read as
    simplified, one for one. `original[i]` is the text offset of view offset i."""

    def __init__(self, text: str) -> None:
        self.text = text
        spacing = _letter_spacing(text)
        removed = [i for gaps in spacing.values() for i in gaps] + _wrap_breaks(text, set(spacing))
        # original offset → what the view prints there instead ("" drops the character)
        edits = _numeric_dates(text) | dict.fromkeys(removed, "")
        script = _mirror_script(text)
        self.script_edits = frozenset(script)
        edits |= script
        self.changed = bool(edits)
        self.original: list[int] = []
        if edits:
            self.text, self.original = _edited(text, edits)

    def to_text(self, span: Span) -> Span:
        """The span of the text that view span `span` was read from."""
        if not self.changed:
            return span
        a, b = span
        return self.original[a], (self.original[b - 1] + 1 if b > a else self.original[a])

    def offset_in_text(self, pos: int) -> int:
        """The text offset of view offset `pos` (the text's end for the view's)."""
        return self.original[pos] if self.changed else pos

    def offset_in_view(self, pos: int) -> int:
        """The view offset that reads text offset `pos`."""
        return bisect.bisect_left(self.original, pos) if self.changed else pos

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
        return {**ev, "span": span, "quote": text[span[0] : span[1]]}


def _edited(text: str, edits: dict[int, str]) -> tuple[str, list[int]]:
    """The text with each edited character printed as its edit, and the text offset of every
    character of the result (and of its end): the text runs between edits are copied whole."""
    pieces: list[str] = []
    original: list[int] = []
    last = 0
    for i in sorted(edits):
        printed = edits[i]
        pieces += [text[last:i], printed]
        original += [*range(last, i), *[i] * len(printed)]
        last = i + 1
    pieces.append(text[last:])
    original += range(last, len(text) + 1)
    return "".join(pieces), original


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
    it converts to another length is converted character by character). The text is converted
    once: OpenCC's phrases never span a line break, so its lines convert as they do alone."""
    found: dict[int, str] = {}
    converted = _t2s().convert(text)
    if converted == text:
        return found
    lines = text.splitlines(keepends=True)
    converted_lines = converted.splitlines(keepends=True)
    if len(converted_lines) != len(lines):  # a line break converted (never seen): convert line by line
        converted_lines = [_t2s().convert(line) for line in lines]
    start = 0
    for line, new in zip(lines, converted_lines):
        if len(new) != len(line):
            new = "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in line)
        if new != line:
            found.update((start + i, b) for i, (a, b) in enumerate(zip(line, new)) if a != b)
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


def _letter_spacing(text: str) -> dict[int, list[int]]:
    """The letter-spaced lines: line start → offsets of the single spaces between all its characters."""
    return {m.start(): [m.start("body") + i for i, ch in enumerate(m.group("body")) if ch == " "] for m in zh.LETTER_SPACED_LINE.finditer(text)}


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
    return (
        bool(following)
        and len(following) <= width * zh.WRAP_NEXT_SHARE
        and not following[:1].isspace()
        and not (zh.ENUM_LINE.match(following) or zh.ANY_PART.match(following) or zh.SIGNATURE_DATE_LINE.match(following))
    )
