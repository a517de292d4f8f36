"""The notice's own title: its title line, or two lines at the very top (中共…党组 / 关于…的通报)."""

from __future__ import annotations

import re
from collections.abc import Callable

from notice_miner.lang import layout_zh as zh
from notice_miner.layout.chrome import is_page_line
from notice_miner.layout.reading import Span, View, line_end


def is_agency_name(name: str) -> bool:
    """Whether `name` reads as the name of a body (…党组, …局, …委员会), not a title."""
    return name.endswith(zh.AGENCY_ENDINGS) and not name.endswith(zh.NOT_AGENCY_ENDINGS) and len(name) >= 4


def find_title(view: View) -> tuple[str | None, Span | None]:
    """The notice's own title line (or two lines at the very top), read in the view; the span is the view's.
    A flattened notice's title opens its first line, a space before the opening (X关于…的通报 根据…):
    it is the title unless a title line stands above it that names the subject as well (a page's
    title line without 关于 yields to it)."""
    text = view.text
    split = _split_title(text)
    if split is not None:
        return split
    whole = _title_line(text)
    flat = _title_opening_a_line(text)
    if flat is not None and (whole is None or flat[1][0] < whole[1][0] or ("关于" in flat[0] and "关于" not in whole[0])):
        return flat
    return whole if whole is not None else (None, None)


def _split_title(text: str) -> tuple[str, Span] | None:
    """A title over the first two lines: 中共…党组 / 关于…的通报, or a title broken after 关于…"""
    head = _first_lines(text, 2, skip=is_page_line)
    if len(head) < 2 or zh.CLAUSE_PUNCT.search(head[0].group()):
        return None
    first, second = head
    split = "关于" in first.group() or (is_agency_name(first.group().strip()) and second.group().strip().startswith("关于"))
    if (
        split
        and zh.TITLE_CONTINUATION.fullmatch(second.group())
        and not zh.TITLE_LINE.fullmatch(first.group())
        and len(first.group().strip()) + len(second.group().strip()) <= zh.TITLE_MAX_CHARS
    ):
        start = first.start() + len(first.group()) - len(first.group().lstrip())
        end = second.start() + len(second.group().rstrip())
        return first.group().strip() + second.group().strip(), (start, end)
    return None


def _title_line(text: str) -> tuple[str, Span] | None:
    """The first line that is a title on its own."""
    for end in zh.TITLE_END.finditer(text):
        line_start = text.rfind("\n", 0, end.start()) + 1
        m = zh.TITLE_LINE.fullmatch(text, line_start, line_end(text, end.start()))
        if m is None:
            continue
        candidate = m.group("title")
        if zh.TITLE_MUST_HAVE.search(candidate) and not zh.CLAUSE_PUNCT.search(candidate):
            return candidate, m.span("title")
    return None


def _title_opening_a_line(text: str) -> tuple[str, Span] | None:
    """A title that opens one of the first lines and a space parts from the notice's opening."""
    for line in _first_lines(text, zh.FLAT_TITLE_LINES):
        m = zh.TITLE_OPENING_A_LINE.match(line.group())
        if m and zh.TITLE_MUST_HAVE.search(m.group("title")) and not zh.CLAUSE_PUNCT.search(m.group("title")):
            return m.group("title"), (line.start() + m.start("title"), line.start() + m.end("title"))
    return None


_NONBLANK = re.compile(r"[^\n]*\S[^\n]*")


def _first_lines(text: str, n: int, skip: Callable[[str], bool] | None = None) -> list[re.Match[str]]:
    """The first `n` non-blank lines, those at the top that `skip` holds for (the page's) left out."""
    out: list[re.Match[str]] = []
    for m in _NONBLANK.finditer(text):
        if skip is not None and not out and skip(m.group().strip()):
            continue
        out.append(m)
        if len(out) == n:
            break
    return out
