"""Language data for enrichment: stock phrases, keyword stopwords, and the patterns of item signals.

Patterns apply to normalised text (half-width punctuation: ",", ":", ";", "(", ")").
The domain dictionary for segmentation is `data/userdict.txt` (jieba's format: word freq tag;
grouped by inspection, party building, discipline, finance/audit/procurement, personnel,
governance). Every entry carries frequency 2000: high enough that a term beats its parts in
any context, low enough to leave the rest of the segmentation as jieba makes it.
"""

from __future__ import annotations

import re

from notice_miner.lang.numerals import CN_NUMERAL_CHARS

# Formulaic phrases that promise without saying what was done (counted per item; they lower
# `specificity`). Longest first is not needed here: the pattern below sorts them.
STOCK_PHRASES: tuple[str, ...] = (
    "进一步加强",
    "进一步完善",
    "进一步提高",
    "进一步强化",
    "进一步规范",
    "进一步健全",
    "进一步提升",
    "进一步压实",
    "进一步落实",
    "进一步推动",
    "进一步增强",
    "进一步深化",
    "进一步严格",
    "进一步明确",
    "进一步拓展",
    "进一步巩固",
    "进一步扩大",
    "进一步发挥",
    "进一步优化",
    "持续深化",
    "持续加强",
    "持续推进",
    "持续巩固",
    "持续提升",
    "持续发力",
    "持续用力",
    "持续完善",
    "持续抓好",
    "持续强化",
    "持续优化",
    "持续整改",
    "切实提高",
    "切实加强",
    "切实增强",
    "切实履行",
    "切实做到",
    "切实抓好",
    "切实解决",
    "切实担负",
    "切实扛起",
    "切实把",
    "切实发挥",
    "不断完善",
    "不断提高",
    "不断加强",
    "不断增强",
    "不断提升",
    "不断深化",
    "不断强化",
    "不断健全",
    "扎实推进",
    "扎实开展",
    "扎实做好",
    "扎实抓好",
    "认真落实",
    "认真贯彻",
    "认真开展",
    "认真履行",
    "认真做好",
    "认真抓好",
    "认真学习",
    "深入推进",
    "深入开展",
    "深入贯彻",
    "深入学习",
    "着力加强",
    "着力提升",
    "着力解决",
    "着力推动",
    "着力构建",
    "全面加强",
    "全面提升",
    "全面落实",
    "全面推进",
    "全面提高",
    "大力推进",
    "大力加强",
    "积极推进",
    "积极推动",
    "积极开展",
    "有序推进",
    "稳步推进",
    "统筹推进",
    "协同推进",
    "高度重视",
    "常抓不懈",
    "久久为功",
    "落地见效",
    "落地落实",
    "落到实处",
    "取得实效",
    "见行见效",
    "抓实抓细",
    "走深走实",
    "压紧压实",
    "层层压实",
    "压实责任",
    "以上率下",
    "不折不扣",
    "动真碰硬",
    "严格落实",
    "严格执行",
    "牢固树立",
    "坚决扛起",
    "推动形成",
    "营造良好氛围",
    "形成长效机制",
    "建立长效机制",
    "健全长效机制",
    "确保整改到位",
    "确保取得实效",
    "确保落到实处",
    "提高政治站位",
    "增强政治意识",
    "强化责任意识",
    "高质量发展",
    "举一反三",
    "标本兼治",
)

# Words left out of keywords: function words, and words every rectification notice uses
# whatever its body and topic (so they say nothing about this notice).
KEYWORD_STOPWORDS: frozenset[str] = frozenset(
    """
的 了 和 与 及 以及 并 等 对 在 是 为 将 把 从 由 于 中 上 下 不 也 都 已 已经 要 就 各 其 该 此 这 那
我们 我局 我委 我院 我校 全局 全市 全县 全区 全省 全体 相关 有关 方面 情况 问题 工作 开展 进行 加强
推进 落实 建立 完善 健全 制定 印发 出台 组织 召开 推动 提高 提升 强化 规范 明确 深化 严格 实现 持续
进一步 切实 认真 深入 扎实 全面 不断 积极 坚持 注重 着力 围绕 通过 按照 根据 结合 进行 存在 做好 抓好
整改 巡察 巡视 反馈 意见 整改工作 整改落实 整改措施 整改情况 整改进展 整改时限 责任单位 巡察组 巡视组
巡察整改 巡视整改 巡察反馈 巡视反馈 反馈意见 党组 党委 领导 班子 干部 单位 部门 机制 制度 措施 要求
情况 目前 今年 年底 以来 期间 一批 一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 第一 第二 第三 第四
第五 下一步 下步 今后 长期坚持 已完成 完成 持续 目标 任务 具体 主要 重要 重点 有效 充分 及时 不够 不足
到位 不到位 较为 部分 个别 存在 进一步 全面从严治党 主体责任 问题清单 任务清单 责任清单
年底 月底 年初 月份 季度 上半年 下半年 当年 年度 每年 每月 每季度 同比 环比 增长 累计 共计 合计 其中 分别
万元 亿元 关于 全部 实行 今年 今年以来 梳理 纳入 依规 全院 全校 全员 负责人 相关人员 有关单位
所属 所有 以上 以下 之前 之后 以后 以前 同时 此外 另外 确保 做到 形成 达到 取得 实施 负责 配合 牵头 相应
""".split()
)

# Signals are found from literal anchors (元, 年, 月, ":", 《, “, 由) and Arabic digits, then
# matched around the anchor: a pattern that could start anywhere would cost a scan of the
# text per pattern, many times the segmentation itself.

# Labelled lines naming the responsible units of a measure (责任单位:集团财务部、审计部。);
# RESPONSIBLE_LABEL is searched in the few characters before a ":".
RESPONSIBLE_LABEL = re.compile(r"(?:责任(?:单位|部门|处室|科室|主体)|牵头(?:单位|部门|处室)|配合(?:单位|部门)|协办单位)\s*\Z")
RESPONSIBLE_VALUE = re.compile(r"\s*([^\s。][^\n。]*)")
RESPONSIBLE_SPLIT = re.compile(r"[、,;/]|(?<=[局部室处科委办院所站队司团厅心])(?:和|及|与)")
# 由X牵头 / 由X负责 with X ending like the name of a body.
UNIT_SUFFIX = (
    r"(?:纪委监委|纪委|监委|纪检监察组|办公室|领导小组|委员会|工作组|专班|中心|党组|党委|支部|"
    r"公司|集团|学院|医院|法院|检察院|街道|局|办|部|处|科|室|委|厅|署|所|院|站|队|校|馆|组)"
)
LED_BY = re.compile(rf"由([\u4e00-\u9fa5()]{{2,30}}?{UNIT_SUFFIX})(?:牵头|负责|统筹|会同|具体负责)")

# Named documents and quoted names.
DOCUMENT = re.compile(r"《([^《》\n]{1,80})》")
QUOTED = re.compile(r"“([^“”\n]{1,24})”")
# A quoted phrase that is a problem statement, not a name: 在“…”方面, 关于“…”问题, or a sentence.
QUOTED_PROBLEM_BEFORE = re.compile(r"(?:关于|在|对|针对)\Z")
QUOTED_PROBLEM_AFTER = re.compile(r"(?:方面|问题|的问题)")
QUOTED_SENTENCE = re.compile(r"[,。;:!?]")

# Money, searched just before a 元: 3.2亿元, 500余万元, 71,320元, 1亿2000万元, 五万元.
# 美元/港元 never match: the multiplier or number must touch the 元.
_NUM = r"[0-9]+(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)?"
_CN_NUM = f"[{CN_NUMERAL_CHARS}]+"
AMOUNT = re.compile(
    rf"(?:(?P<yi>{_NUM})亿)?(?P<num>{_NUM}|{_CN_NUM})\s*(?:(?:余|多)\s*)?"
    r"(?:(?P<unit>万亿|千万|百万|亿|万|千)\s*)?(?:(?:余|多)\s*)?元\Z"
)
AMOUNT_WINDOW = 30
NOT_MONEY_AFTER_YUAN = "旦素件宵首"  # 元旦, 元素, 元件, 元宵, 元首
MONEY_MULTIPLIER = {"": 1, "千": 1000, "万": 10_000, "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}

# Other stated quantities: an Arabic number followed by a measure word or %.
MEASURE_WORDS = (
    "个百分点",
    "人次",
    "户次",
    "个",
    "项",
    "人",
    "名",
    "件",
    "次",
    "家",
    "条",
    "份",
    "场",
    "期",
    "批",
    "户",
    "篇",
    "所",
    "套",
    "台",
    "处",
    "起",
    "轮",
    "列",
    "天",
    "类",
    "本",
    "张",
    "册",
    "笔",
    "宗",
    "座",
    "间",
    "支",
    "门",
    "节",
    "课时",
    "学时",
    "公里",
    "亩",
    "吨",
    "平方米",
    "%",
)
_COUNT_TAIL = rf"\s*(?:(?:余|多)\s*)?(?:(?:万|亿)\s*)?(?:{'|'.join(map(re.escape, MEASURE_WORDS))})"
# A number and, when it counts something, its measure word (the tail holds no digit, so a match
# ends where the next number could start). Written to start with one digit so that the regex
# engine can skip ahead to digits.
NUMBER_COUNTED = re.compile(rf"(?P<number>{_NUM.replace('[0-9]+', '[0-9][0-9]*', 1)})(?P<tail>{_COUNT_TAIL})?")

# Dates around a 年 or 月: 2024年8月26日, 2024年8月底前 (month only), 2025年底 (year only),
# 8月31日 (its year from the last year stated before it in the item), 二〇二四年十二月六日.
_CN_DIGITS = "〇○零一二三四五六七八九十"
_MD = rf"[0-9]{{1,2}}|[{_CN_DIGITS}]{{1,3}}"
DATE = re.compile(
    rf"(?P<y>[0-9]{{4}}|[{_CN_DIGITS}]{{4}})\s*年\s*"
    rf"(?:(?P<m>{_MD})\s*月(?:\s*(?P<d>{_MD})\s*[日号])?|(?P<part>底|末|年底|年内|上半年|下半年))"
    rf"|(?P<m2>{_MD})\s*月(?:\s*(?P<d2>{_MD})\s*[日号])?"
)
DATE_WINDOW = 10
# 2024-10-28, 2024/10/28, 2024.10.28, matched at a four-digit number.
ISO_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")

# Keywords must hold a Chinese character; tokens of one character never qualify.
HAN = re.compile(r"[\u4e00-\u9fff]")
