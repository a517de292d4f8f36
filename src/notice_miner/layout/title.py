"""The notice's own title: its title line, or two lines at the very top (中共…党组 / 关于…的通报)."""
from __future__ import annotations

import re

from notice_miner.lang import layout_zh as zh
from notice_miner.layout.reading import Span, View, line_end


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
        m = zh.TITLE_LINE.fullmatch(text, line_start, line_end(text, end.start()))
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
