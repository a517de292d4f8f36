"""Language data for recovering the hierarchy of a notice: markers, closings, plan headings.

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
    ("problem_cn", re.compile(rf"(?:反馈)?问题({_CN})\s*[:.、]\s*"), "{}"),
    # 问题1: is its own rung: under 1.关于…方面 it opens one level below (1. → 问题1 → 一是)
    ("problem_ar", re.compile(r"(?:反馈)?问题\s*(\d{1,3})\s*[:.、]\s*"), "{}"),
    ("arabic", re.compile(r"(\d{1,3})\s*[.、](?![\d%])\s*"), "{}"),
    ("cn_dun", re.compile(rf"({_CN})\s*[、.]\s*"), "{}"),  # 一. is a 一、 typed with a dot
    ("cn_paren", re.compile(rf"\(\s*({_CN})\s*\)\s*(?:[、.]\s*)?"), "({})"),
    # 一) 1) with the opening bracket lost (mirror sites, OCR) read as (一) (1)
    ("cn_paren", re.compile(rf"({_CN})\)\s*(?:[、.]\s*)?"), "({})"),
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
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Paragraphs that close the body (patterns are used with .match, anchored where they start).
CLOSING = re.compile(
    r"(?:欢迎.{0,30}(?:监督|批评|意见)|如有意见|联系电话|联系方式|联系人|监督电话|举报电话|"
    r"通信地址|通讯地址|联系地址|来信|邮政编码|邮编|电子邮箱|特此通报|附件\s*(?:\d+\s*)?:)"
)
# A numbered line of the contact block (1.电话:… 2.电子邮箱:…) closes the body like a contact line.
CONTACT_CHANNEL = re.compile(r"(?:来信|来电|电话|信箱|邮箱|电子邮箱|网络|网站|邮寄|举报)[^,。]{0,8}[::]")
# A signature line: the issuing body alone on its line, or a date alone on its line.
SIGNATURE = re.compile(
    r"^(?:中共|中国共产党)?[\u4e00-\u9fa5()（）]{2,40}(?:党组|党委|委员会|党工委|总支部|支部委员会|党支部|人民政府|办公室)$"
    rf"|^(?:\d{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*[\d{CN_DIGITS}]{{1,3}}\s*月\s*[\d{CN_DIGITS}]{{1,3}}\s*日$"
)
# A line that is only a progress word or a deadline: the status or time-limit cell of a
# rectification table row. It ends the item before it instead of joining it.
TABLE_CELL = re.compile(
    r"(?:已完成(?:整改)?|已整改(?:到位)?|已办结|正在整改|整改中|持续整改|基本完成|阶段性完成|长期坚持|持续推进|"
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底)?(?:前|以前)?(?:完成)?(?:,?(?:并)?长期坚持)?)[。.]?$")
# A paragraph opening the next-steps part without a numbered heading (下一步,学校党委将…).
PLAN_PARAGRAPH = re.compile(r"^(?:下一步|下步|下阶段|今后)[,,、]?")
# A heading that opens the next-steps part: its items are plans, not measures taken.
PLAN_HEADING = re.compile(r"(?:下一步|下步|下阶段|今后|下一阶段).{0,8}(?:打算|安排|计划|措施|举措|思路|工作)"
                          r"|后续.{0,6}(?:打算|安排|计划)|打算[。:]?$")
# A line that is only the title of the next-steps part, unnumbered (下一步工作打算, 第二部分 下步打算).
PLAN_TITLE_LINE = re.compile(r"(?:第[一二三四五六七八九十]部分\s*)?[^,。;:!?]{0,12}$")
# A closing cue inside a paragraph (巡察反馈的8个问题…已整改7个。欢迎广大村民…监督。联系电话…).
CLOSING_INSIDE = re.compile(r"欢迎.{0,30}(?:监督|批评|意见)|联系电话[::]")
# Labelled lines of a problem block (整改情况: …); the text before the first is the problem.
BLOCK_LABEL = re.compile(r"(?:整改情况|整改措施|整改进展|整改成效|整改时限|责任单位|责任领导|牵头单位)\s*[::]")
# A block label with the space after it, to tell a list that opens right after one (整改情况:一是…).
BLOCK_LABEL_END = re.compile(BLOCK_LABEL.pattern + r"\s*")
# A labelled line that still belongs to the item above it (完成情况:已完成, 整改时限:6月底).
LABELLED_LINE = re.compile(r"(?:整改|完成|责任|牵头|配合|办结)[\u4e00-\u9fff]{0,4}\s*[::]")
# A line ending in one of these broke off mid-sentence.
MID_SENTENCE = frozenset(",、")
# A paragraph ending here has closed its last sentence.
SENTENCE_FINAL = re.compile(r"[。!?]")
# End of a heading's first sentence.
SENTENCE_END = re.compile(r"[。;!?]")
# 关于“X”(的)问题(的整改): the problem is X.
QUOTED_PROBLEM = re.compile(r"^关于“(.+)”(?:的)?问题")
# Words every rectification notice uses; a text without any is probably something else (a 404 page).
GENRE_CUE = re.compile(r"整改|巡察|巡视")
