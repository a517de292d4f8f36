"""Language data for the layout stage: page chrome, titles, paragraphs of flattened text, parts,
the signature and the reading view (hard wraps, letter spacing, dotted dates, mirror-site script).

Patterns apply to normalised text (half-width ",", ":", ";", "(", ")"); Chinese punctuation
without an ASCII twin (、。“”《》) is as printed.
"""

from __future__ import annotations

import re

from notice_miner.lang.numerals import DATE_PATTERN
from notice_miner.lang.structure_zh import CN_DIGITS, HEAD_MARKER  # noqa: F401 (the marker patterns a paragraph may open with)

# --- the reading view --------------------------------------------------------
# a text is hard-wrapped when at least WRAP_MIN_BREAKS lines of near full width (WRAP_FULL_SHARE of
# the 90th-percentile line length) stop mid-sentence and run on into an unindented line
WRAP_MIN_LINES = 8
WRAP_MIN_BREAKS = 3
WRAP_FULL_SHARE = 0.85
WRAP_MIN_WIDTH = 20
# the line that runs on is at most this share of the wrapped line's width (digits are narrower)
WRAP_NEXT_SHARE = 1.1
# (a line ending in ":" may wrap: 邮政编码:\n550200; one that opens a list is followed by a marker)
WRAP_SENTENCE_END = "。;!?”)"

# a line set with letter spacing: single spaces between all of its (at least four) characters
LETTER_SPACED_LINE = re.compile(r"^[ ]*(?P<body>\S(?: \S){3,})[ ]*$", re.M)
# a space between two characters
INNER_SPACE = re.compile(r"(?<=\S) (?=\S)")

# dates typed with dots, dashes or slashes (2024.3.11, 2024-03-11, 2024/3/11), read as 2024年3月11日;
# a short end of a range after one (2024.3.11—4.26) only with a dot
NUMERIC_DATE = re.compile(r"(?<![\d.\-/])(?:19|20)\d{2}(?P<sep1>[.\-/])(?P<m>\d{1,2})(?P<sep2>(?P=sep1))(?P<d>\d{1,2})(?!\d|[.\-/]\d)")
NUMERIC_RANGE_END = re.compile(r"\s*(?:至|到|—|–|-|~)\s*(?P<m>\d{1,2})(?P<sep>\.)(?P<d>\d{1,2})(?!\d|\.\d)")

# pinyin a mirror site writes after a character: 衛(wèi), 開(kāi), 據(jù); at least one toned vowel
# (or ü), so a bracketed Latin note such as (a) or (PPP) is never taken for one
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_NOTE = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}}\)")
# a text reads as traditional script when at least this many of its characters are traditional-only
TRADITIONAL_MIN = 5


# --- markers at the start of a line (what the statistics zones and the wrap test look for) ----------
ANY_PART = re.compile(r"^\s*[一二三四五六七八九十]\s*、", re.M)
# a line that opens a numbered problem, measure or sub-heading
ENUM_LINE = re.compile(
    r"^\s*(?:\(\s*[一二三四五六七八九十]+\s*\)|\d{1,3}\s*[.、](?![\d%])|问题\s*\d+|(?:反馈)?问题[一二三四五六七八九十]+\s*[:.、]"
    r"|第[一二三四五六七八九十]+\s*[,、:]|[一二三四五六七八九十]+是)",
    re.M,
)

# --- flattened text: markers standing mid-line ---------------------------------
# A notice flattened onto one or a few lines keeps its 一、 (一) 1. markers mid-line, after a sentence
# end or a space. (kind, pattern of the marker, its value group); the text is split before it when
# the marker counts on from the last of its kind (or is the first), outside quotes and brackets.
_CN = f"[{CN_DIGITS}]{{1,3}}"
MIDLINE_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("cn_dun", re.compile(rf"(?P<v>{_CN})\s*、")),
    ("cn_paren", re.compile(rf"\(\s*(?P<v>{_CN})\s*\)")),
    ("arabic", re.compile(r"(?P<v>\d{1,2})\s*[.、](?![\d%.])(?=\s*[\u4e00-\u9fff“])")),
    # 问题1: / 反馈问题二: opening a problem block (a colon: never 问题1个, a count)
    ("problem", re.compile(rf"(?:反馈)?问题\s*(?P<v>\d{{1,3}}|{_CN})\s*[:.、](?!\d)")),
]
# a part's marker and short heading right before a mid-line marker that counts from one: 一、整改工作推进情况(一)…
# (not 落实第(一)项: an item referred to by its number)
_PART_HEADING = rf"(?<![^。!?\s])[{CN_DIGITS}]{{1,3}}\s*、[^,。;:!?、()“”\s]{{2,20}}(?<!第)"
PART_HEADING_BEFORE = re.compile(_PART_HEADING + "$")
# where a mid-line marker may stand: after a sentence end (spaces aside) or after spaces
MIDLINE_AFTER = frozenset("。!?")
MIDLINE_SPACES = frozenset(" \t\u3000")
# A marker where one may stand mid-line: right after a sentence end or a space, or right after a part's
# heading. A line without either holds no mid-line marker (only, perhaps, the one it opens with).
# (The value groups go unnamed here: one name may not stand twice in a pattern.)
_ANY_MIDLINE = "|".join(f"(?:{pattern.pattern})".replace("(?P<v>", "(") for _, pattern in MIDLINE_MARKERS)
MARKER_AFTER_BREAK = re.compile(rf"[{re.escape(''.join(sorted(MIDLINE_AFTER | MIDLINE_SPACES)))}](?:{_ANY_MIDLINE})")
MARKER_AFTER_PART_HEADING = re.compile(rf"{_PART_HEADING}(?:{_ANY_MIDLINE})")
# opening and closing quotes and brackets: a marker between them is quoted, not a heading
QUOTE_PAIRS = {"“": "”", "《": "》", "(": ")", "「": "」", "‘": "’"}

# --- page chrome ----------------------------------------------------------------
# breadcrumbs: 当前位置:首页 > 巡视巡察 > 正文, 首页>通知公告
BREADCRUMB = re.compile(r"(?:当前位置|您的位置|您现在的位置|所在位置|现在位置)\s*[::]|^\s*首页\s*[>»›/]|[>»›]\s*正文\s*$")
# the page's own metadata and widgets: 来源:… 发布时间:… 浏览次数:… 【字号:大 中 小】 打印 关闭 分享
PAGE_META = re.compile(
    r"(?:信息来源|文章来源|来源|发布时间|发布日期|发文日期|发布者|作者|编辑|责任编辑|浏览次数|浏览量|阅读次数|点击数|"
    r"点击量|访问量|字号|字体|时间)\s*[::|]"
    r"|【[^】]{0,12}(?:字号|字体|打印|关闭)[^】]{0,12}】|(?:^|\s)大\s*中\s*小(?:\s|】|$)"
    r"|^\s*(?:打印(?:本页)?|关闭(?:窗口)?|分享到?|收藏|返回(?:顶部|上一级)?)\s*(?:[|/]|$)"
)
# site templates around the notice (bidding sites): 公告摘要 / 项目编号- / 公告正文
TEMPLATE_LINE = re.compile(
    r"^\s*(?:公告摘要|公告正文|项目编号|项目名称|预算金额|招标联系人|标书截止时间|投标截止时间|开标时间|采购单位|"
    r"公告类型)\s*(?:[-::]|$)"
)
# page furniture that may stand anywhere, below the notice too: a line of widgets only (【打印本页】
# 【关闭窗口】, [收藏]) or a link to the page before or after (上一篇:… 下一篇:…)
_WIDGET = r"[【\[][^】\]\n]{0,6}(?:打印|关闭|收藏|分享|返回|顶部|字号|字体|纠错|保存)[^】\]\n]{0,6}[】\]]"
# (or 扫一扫在手机打开当前页), or a document site's page number between two pages (— 1 —, 第2页)
PAGE_FURNITURE = re.compile(
    rf"^\s*{_WIDGET}(?:\s*{_WIDGET})*\s*$|^\s*(?:上一篇|下一篇|上一条|下一条)\s*[::]|^\s*(?:扫一扫|手机扫码|扫码)[^。]{{0,16}}$"
    r"|^\s*[-—–]+\s*\d{1,3}\s*[-—–]+\s*$|^\s*第\s*\d{1,3}\s*页(?:[,/\s]*共\s*\d{1,3}\s*页)?\s*$"
)
# the heading of the page's own list of links below the notice: all that follows it is the page's
PAGE_LINKS = re.compile(r"^\s*(?:相关链接|相关文章|相关阅读|相关新闻|相关信息|推荐阅读|热点推荐|延伸阅读)(?:\s*[::])?\s*$")
# a line of nothing but punctuation or a single separator (-, |, ——)
BARE_PUNCT = re.compile(r"^[\s\-—_|·•*=~.]+$")
# chrome lines never hold a sentence end and stay short
CHROME_MAX_CHARS = 120

# --- title ------------------------------------------------------------------------
TITLE_LINE = re.compile(r"^\s*(?P<title>\S.{3,120}?(?:通报|公告|报告|公示))\s*$", re.M)
# the second line of a title broken after 关于…: …整改进展 / 情况的通报
TITLE_CONTINUATION = re.compile(r"^\s*(?P<title>(?:\S.{0,60}?)?(?:通报|公告|报告|公示))\s*$")
TITLE_END = re.compile(r"(?:通报|公告|报告|公示)[ ]*$", re.M)
# a title line names the subject of the notice: 关于…, …整改…情况
TITLE_MUST_HAVE = re.compile(r"关于|整改|巡察|巡视")
TITLE_MAX_CHARS = 120
# a flattened notice's title opens one of its first lines, a space before the opening sentence
# (not a sentence that says so: 按照…要求现将整改情况通报 如下。)
TITLE_OPENING_A_LINE = re.compile(
    r"^\s*(?!根据|按照|依据|依照|遵照|现将|为了|为)(?P<title>\S.{3,120}?(?:通报|公告|报告|公示))[ ]+(?!如下)(?=\S[^\n]*。)"
)
FLAT_TITLE_LINES = 3
CLAUSE_PUNCT = re.compile(r"[,。;:]")

# --- agency names (a signature line or the body a title names) ---------------------------
# how the names of party organs and bodies end; a signature line ends with one of these
AGENCY_ENDINGS = (
    "党组",
    "党委",
    "委员会",
    "党工委",
    "党总支",
    "总支部委员会",
    "党支部",
    "支部委员会",
    "党组织",
    "局",
    "厅",
    "委",
    "部",
    "办",
    "办公室",
    "院",
    "公司",
    "集团",
    "政府",
    "中心",
    "大学",
    "学院",
    "学校",
    "医院",
    "法院",
    "检察院",
    "街道",
    "镇",
    "乡",
    "处",
    "所",
    "站",
    "馆",
    "社",
)
NOT_AGENCY_ENDINGS = ("通报", "情况")

# --- signature ------------------------------------------------------------------
# where the seal goes, written after the signing body: 中共…党组(印) / (盖章)
SEAL_NOTE = re.compile(r"\s*\((?:印|盖章|章|公章|签章|代章)\)$")
SIGNATURE_BODY_LINE = re.compile(r"^\s*(?P<agency>(?:中共|中国共产党)?[\u4e00-\u9fa5()“”]{2,40})\s*$")
# under the signature a date may also be typed 2024.12.12, 2024-12-12 or 2024/12/12
SIGNATURE_DATE = rf"(?:{DATE_PATTERN}|\d{{4}}\s*(?P<sep>[.\-/])\s*\d{{1,2}}\s*(?P=sep)\s*\d{{1,2}})"
# the date may stand in brackets ((2024年12月12日)) and carry the 公文's release note, which web
# copies join to it: 2024年12月12日(此件公开发布)
_BRACKETED_SIGNATURE_DATE = rf"(?:(?P<open>\()\s*)?(?P<date>{SIGNATURE_DATE})\s*(?(open)\)\s*)"
_RELEASE_NOTE = r"(?:\((?:此件|本件)[\u4e00-\u9fa5]{2,8}\)\s*)?"
SIGNATURE_DATE_LINE = re.compile(rf"^\s*{_BRACKETED_SIGNATURE_DATE}{_RELEASE_NOTE}$", re.M)
# the signature on one line: 中共…党组 2024年11月20日
SIGNATURE_WITH_DATE = re.compile(
    rf"^\s*(?P<agency>(?:中共|中国共产党)?[\u4e00-\u9fa5()]{{2,40}})\s+{_BRACKETED_SIGNATURE_DATE}{_RELEASE_NOTE}$", re.M
)
# characters neither signature pattern can match: no match spans a line holding one
SIGNATURE_NEVER_HOLDS = "。,;:"
# A paragraph that is a signature line: the issuing body alone on its line, or a date alone on its
# line. It belongs to no item wherever it stands.
SIGNATURE_PARAGRAPH = re.compile(
    r"^(?:中共|中国共产党)?[\u4e00-\u9fa5()（）]{2,40}(?:党组|党委|委员会|党工委|总支部|支部委员会|党支部|人民政府|办公室)$"
    rf"|^(?:\d{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*[\d{CN_DIGITS}]{{1,3}}\s*月\s*[\d{CN_DIGITS}]{{1,3}}\s*日$"
)

# --- closing --------------------------------------------------------------------
# Paragraphs that close the body (patterns are used with .match, anchored where they start).
CLOSING = re.compile(
    r"(?:欢迎.{0,30}(?:监督|批评|意见)|如有意见|联系电话|联系方式|联系人|监督电话|举报电话|"
    r"通信地址|通讯地址|联系地址|来信|邮政编码|邮编|电子邮箱|特此通报|附件\s*(?:\d+\s*)?:)"
)
# A closing cue inside a paragraph (巡察反馈的8个问题…已整改7个。欢迎广大村民…监督。联系电话…).
CLOSING_INSIDE = re.compile(r"欢迎.{0,30}(?:监督|批评|意见)|联系电话[::]")
# closings close the body for good only in the last 40% of the text; earlier they only stop an item
CLOSING_TAIL = 0.6

# --- the problem-by-problem part ---------------------------------------------------
# where the notice answers the feedback's problems one by one (the item parts)
# the heading of the problem-by-problem part (二、巡察反馈问题整改落实情况)
PROBLEM_PART_HEADING = re.compile(r"问题|整改任务|落实情况|具体整改|整改情况")
# a top-level part that is one problem: 一、关于村级财务管理不规范的问题
PROBLEM_ENTRY_HEADING = re.compile(r"\s*关于[^。]{2,60}?问题\s*$")
# (nor is a slogan of two phrases: 坚持问题导向,全力推动整改见效 heads how the work went)
NOT_PROBLEM_PART = re.compile(r"主体责任|下一步|下步|打算|安排|组织|总体|开展情况|工作情况|,")
# a numbered line that opens one problem or one area of problems, where no part heading says
# the problems are answered one by one: 1.关于“…”问题的整改 / (一)在“…”方面 / 问题3:
PROBLEM_LINE = re.compile(
    r"^[ \t]*(?:(?:\(\s*[一二三四五六七八九十]+\s*\)|\d{1,3}\s*[.、])\s*(?:关于|在)[^。\n]{2,60}?(?:问题|方面)"
    r"|(?:反馈)?问题\s*(?:\d+|[一二三四五六七八九十]+)\s*[:.、])",
    re.M,
)

# --- the next-steps part ----------------------------------------------------------
# A heading that opens the next-steps part: its items are plans, not measures taken.
PLAN_HEADING = re.compile(
    r"(?:下一步|下步|下阶段|今后|下一阶段).{0,8}(?:打算|安排|计划|措施|举措|思路|工作)"
    r"|后续.{0,6}(?:打算|安排|计划)|打算[。:]?$"
)
# A line that is only the title of the next-steps part, unnumbered (下一步工作打算, 第二部分 下步打算).
PLAN_TITLE_LINE = re.compile(r"(?:第[一二三四五六七八九十]部分\s*)?[^,。;:!?]{0,12}$")
# A paragraph opening the next-steps part without a numbered heading (下一步,学校党委将…).
PLAN_PARAGRAPH = re.compile(r"^(?:下一步|下步|下阶段|今后)[,,、]?")
# the heading of a numbered part or section, before its title: 三、 (三) 第三部分
PART_MARKER = re.compile(rf"\s*(?:[{CN_DIGITS}]{{1,3}}\s*、|\(\s*[{CN_DIGITS}]{{1,3}}\s*\)|第[{CN_DIGITS}]{{1,3}}部分)\s*")
# the end of a heading's first sentence
HEADING_END = re.compile(r"[。;!?]")


# --- the contact block ----------------------------------------------------------
# a line with one of these words may be a contact line (the notice's own, or a site footer's)
CONTACT_KEY = re.compile(r"电话|地址|邮政编码|邮编|邮箱|信箱|E-?mail", re.I)
# a contact line of the notice asks for opinions; a site footer does not
CONTACT_CONTEXT = re.compile(r"意见|建议|监督|反映|举报|来信|来访|信访")
# characters between a contact line and the signature below it, at most
CONTACT_BEFORE_SIGNATURE = 400
# a site footer's line
FOOTER_WORDS = re.compile(r"主办单位|承办单位|主办:|承办:|版权所有|ICP|网站标识码|技术支持|公网安备|网站地图|维护单位")
# what follows the marker of a numbered contact channel (1.电话:… / 2.电子邮箱:… / 3.来信请寄:…): such
# a line is a contact line and holds no item; a measure that sets up a hotline (3.开通举报电话…) is neither
CONTACT_CHANNEL = re.compile(
    r"\s*(?:联系|监督|举报|咨询)?(?:来信|来电|来访|电话|电子邮箱|邮箱|信箱|网络|网站|网址|邮寄|举报|地址|通信地址|通讯地址|"
    r"邮编|邮政编码)[^,。]{0,8}[::]"
)
