"""Language data for recovering the hierarchy of a notice: markers, table cells, problem blocks.

Closings, signature lines and the next-steps part are the layout's (layout_zh.py).

Patterns apply to normalised text (half-width punctuation: "(一)", "1.", ":", ",", ";").
"""

from __future__ import annotations

import re

CN_DIGITS = "〇零一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]{{1,4}}"

# Single-character enclosed numerals that Word templates and 仿宋 fonts produce (⑴ ㈠ ⒈),
# written in `path` the way the scorer's NFKC folding writes them: (1), (一), 1.
ENCLOSED = {
    **{chr(0x2474 + k): str(k + 1) for k in range(20)},  # ⑴ … ⒇
    **{chr(0x2488 + k): str(k + 1) for k in range(20)},  # ⒈ … ⒛
    **{chr(0x3220 + k): "一二三四五六七八九十"[k] for k in range(10)},  # ㈠ … ㈩
}

# Marker kinds. Each kind is one rung of the hierarchy wherever it appears; the
# order in which kinds first open below a heading gives the depth (see structure.py).
# (kind, pattern at the start of a paragraph, how the marker is written in `path`)
LINE_MARKERS: list[tuple[str, re.Pattern[str], str]] = [
    # 问题1: or 问题1 and a space (not 问题 10 个, a count)
    ("problem_cn", re.compile(rf"(?:反馈)?问题({_CN})(?:\s*[:.、]|\s(?![个项条类]))\s*"), "{}"),
    # 问题1: is its own rung: under 1.关于…方面 it opens one level below (1. → 问题1 → 一是)
    ("problem_ar", re.compile(r"(?:反馈)?问题\s*(\d{1,3})(?:\s*[:.、]|\s(?![个项条类]))\s*"), "{}"),
    ("arabic", re.compile(r"(\d{1,3})\s*[.、](?![\d%])\s*"), "{}"),
    ("cn_dun", re.compile(rf"({_CN})\s*[、.]\s*"), "{}"),  # 一. is a 一、 typed with a dot
    ("cn_paren", re.compile(rf"\(\s*({_CN})\s*\)\s*(?:[、.]\s*)?"), "({})"),
    # 一) 1) with the opening bracket lost (mirror sites, OCR) read as (一) (1)
    ("cn_paren", re.compile(rf"({_CN})\s*\)\s*(?:[、.]\s*)?"), "({})"),
    ("cn_paren", re.compile(r"([㈠-㈩])\s*(?:[、.]\s*)?"), "({})"),
    ("ar_paren", re.compile(r"\(\s*(\d{1,3})\s*\)\s*(?:[、.]\s*)?"), "({})"),
    ("ar_paren", re.compile(r"(\d{1,3})\)\s*(?:[、.]\s*)?"), "({})"),
    ("ar_paren", re.compile(r"([⑴-⒇])\s*(?:[、.]\s*)?"), "({})"),
    ("arabic", re.compile(r"([⒈-⒛])\s*"), "{}"),
    ("circled", re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(?:[、.,]\s*)?"), "{}"),
    ("di", re.compile(rf"第({_CN})\s*[,、:]\s*"), "第{}"),
    ("shi", re.compile(rf"({_CN})是\s*(?:[,:、]\s*)?"), "{}是"),
]

PATH_FORMAT = {kind: fmt for kind, _, fmt in LINE_MARKERS}
# Any of them, each in a group named after its place in LINE_MARKERS (m0, m1 …): one match tells
# whether a paragraph opens with a marker and the first pattern that fits it.
HEAD_MARKER = re.compile("|".join(f"(?P<m{i}>{pattern.pattern})" for i, (_, pattern, _) in enumerate(LINE_MARKERS)))
# Kinds that may also enumerate inside a paragraph (一是…;二是…), and their patterns there.
INLINE_MARKERS: dict[str, re.Pattern[str]] = {
    "shi": re.compile(rf"({_CN})是\s*(?:[,:、]\s*)?"),
    "ar_paren": re.compile(r"(?:\(\s*(\d{1,3})\s*\)|([⑴-⒇])|(?<![(\d])(\d{1,3})\))\s*(?:[、.]\s*)?"),
    "circled": re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(?:[、.,]\s*)?"),
    "di": re.compile(rf"第({_CN})\s*[,、:]\s*"),
    "cn_paren": re.compile(rf"(?:\(\s*({_CN})\s*\)|([㈠-㈩])|(?<![({CN_DIGITS}])({_CN})\))\s*"),
    # 整改措施:1.…;2.… — its own rung, so a list inside a 3.-problem nests below it
    "arabic_inline": re.compile(r"(\d{1,2})\s*[.、](?![\d%])\s*"),
}
PATH_FORMAT["arabic_inline"] = "{}"
# An inline marker only counts right after the start of the paragraph or a break in the
# sentence: this keeps 做到一是一、二是二, 第一时间 and 附件(1) out.
INLINE_BOUNDARY_CHARS = frozenset("。;:!?,")
# A heading whose list follows with no break (a page whose spaces between CJK were dropped: 关于X的问题一是…;
# 二是…): the first marker of a run counts after one of these words when the run goes on after breaks.
GLUED_RUN_AFTER = ("问题", "方面", "情况")
# Any inline marker where one may stand (structure._at_boundary): at the start, after a break in the
# sentence or a space, or glued to one of those words. A paragraph without one holds no inline marker.
_BREAK = re.escape("".join(sorted(INLINE_BOUNDARY_CHARS)) + " ")
INLINE_MARKER = re.compile(
    rf"(?:^|[{_BREAK}]|{'|'.join(GLUED_RUN_AFTER)})(?:" + "|".join(f"(?:{pattern.pattern})" for pattern in INLINE_MARKERS.values()) + ")"
)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# A line that is only a progress word or a deadline: the status or time-limit cell of a
# rectification table row. It ends the item before it instead of joining it.
TABLE_CELL = re.compile(
    r"(?:已完成(?:整改)?|已整改(?:到位)?|已办结|正在整改|整改中|持续整改|基本完成|阶段性完成|长期坚持|持续推进|"
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底)?(?:前|以前)?(?:完成)?(?:,?(?:并)?长期坚持)?)[。.]?$"
)
# Labelled lines of a problem block (整改情况: …); the text before the first is the problem.
BLOCK_LABEL = re.compile(r"(?:整改情况|整改措施|整改进展|整改成效|整改时限|责任单位|责任领导|牵头单位)\s*[::]")
# A label in brackets after a measure (…逐项销号(责任单位:区财政局)) is the measure's attribute: the text
# before it is the measure, not a problem statement.
ATTRIBUTE_OPENS = frozenset("([【")
# A block label with the space after it, to tell a list that opens right after one (整改情况:一是…).
BLOCK_LABEL_END = re.compile(BLOCK_LABEL.pattern + r"\s*")
# A labelled line that still belongs to the item above it (完成情况:已完成, 整改时限:6月底).
LABELLED_LINE = re.compile(r"(?:整改|完成|责任|牵头|配合|办结)[\u4e00-\u9fff]{0,4}\s*[::]")
# A line ending in one of these broke off mid-sentence.
MID_SENTENCE = frozenset(",、")
# A paragraph ending here has closed its last sentence.
SENTENCE_FINAL = re.compile(r"[。!?]")
SENTENCE_FINALS = frozenset("。!?")
# End of a heading's first sentence.
SENTENCE_END = re.compile(r"[。;!?]")
# 关于“X”(的)问题(的整改): the problem is X.
QUOTED_PROBLEM = re.compile(r"^关于“(.+)”(?:的)?问题")
# Words every rectification notice uses; a text without any is probably something else (a 404 page).
GENRE_CUE = re.compile(r"整改|巡察|巡视")
