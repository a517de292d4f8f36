"""Language data for the rectification-quality checks (`checks/`): cue lists and thresholds.

Patterns apply to normalised text (half-width punctuation: ",", ":", ";", "(", ")"). Every
window between two anchors is bounded ({0,N}), so a pattern costs the text's length, not more.
Thresholds were set on composed cases (tests/test_checks.py), never on the real pages; each
says why it stands where it does.
"""

from __future__ import annotations

import re

from notice_miner.lang.enrich_zh import STOCK_PHRASES

_N = r"(?:\d{1,9}(?:\.\d{1,4})?|[零〇一二两三四五六七八九十百千万]{1,6})"

# --- problems and measures ---------------------------------------------------------

# A problem heading standing alone (a problem with nothing under it): 关于“X”问题(的整改情况),
# 关于X的问题, 问题3:X, 在“X”方面.
PROBLEM_HEADING = re.compile(
    r"^\s*(?:关于\s*“[^”\n]{1,80}”\s*(?:的)?问题|关于[^。\n]{2,60}?的问题|(?:反馈)?问题\s*\d{1,3}\s*[:.、]"
    r"|在\s*“[^”\n]{1,60}”\s*方面(?:的)?(?:问题)?)"
)
PROBLEM_HEADING_TAIL = re.compile(r"(?:\s*的?整改(?:落实|进展)?情况|的)?\s*[。:.]?$")
# A problem statement opening an item, the measure after it: 关于“X”问题。召开…
PROBLEM_LEAD = re.compile(r"^\s*关于\s*“([^”\n]{1,80})”\s*(?:的)?问题(?:的整改(?:情况)?)?\s*[。:,]\s*")
# Where a problem block's measure starts (问题…。整改情况:…); the text before it is the problem. Labels
# of a status after the measure (完成情况:已完成, 整改成效:…) are not: the text before them is the measure.
MEASURE_LABEL = re.compile(r"(?:整改情况|整改措施|整改举措|整改落实情况|整改进展情况)\s*[:]\s*")
# A section title that is one problem (its items answer it), not an area (…方面).
PROBLEM_TITLE = re.compile(
    r"^\s*(?:关于\s*“[^”\n]{1,80}”\s*(?:的)?问题|关于[^。\n]{2,60}?的?问题(?:\s*的整改)?\s*$"
    r"|(?:反馈)?问题\s*\d{1,3}\s*[:.、])"
)
QUOTED_PROBLEM = re.compile(r"关于\s*“([^”\n]{1,80})”")
# An item that states a shortcoming rather than a measure (a feedback problem listed as an item): its
# first sentence names a shortcoming and does not open with an action.
SHORTCOMING = re.compile(
    r"不够|不到位|不扎实|不严格|不规范|不力|薄弱|欠缺|缺失|滞后|不健全|不完善|不及时|不充分"
    r"|不全面|不深入|不明显|偏弱|较弱|偏少|有差距|存在"
)
ACTION_START = re.compile(
    r"^\s*(?:制定|建立|召开|开展|成立|组织|修订|印发|完善|加强|落实|推进|整改|追回|清退|督促|严格|强化|健全|深化|坚持"
    r"|压实|提高|提升|狠抓|抓好|抓实|聚焦|针对|围绕|以|全面|认真|深入|持续|进一步|立即|及时|迅速|扎实|着力|推动|实行"
    r"|杜绝|解决|纠正|整治|防止|避免|确保"
    # 规范 opens a measure when its object ends the clause (规范食堂管理,…), a shortcoming when a 不 follows
    r"|规范[^,。;不\n]{1,14},"
    # 对 opens a measure when an action on its object follows (对5个项目逐一整改), a shortcoming when none
    # does (对有关规定掌握不够)
    r"|对[^,。;\n]{1,30}?(?:进行|开展|逐项|逐一|给予|予以|实施|实行|督促|组织|整改|清理|复查|核查|排查|处理|问责|追回|约谈))"
)
FIRST_SENTENCE = re.compile(r"[^。;!?\n]*")

# --- elements of a measure ---------------------------------------------------------

# Who answers for it: a labelled unit or leader, a unit or leader who leads or is in charge.
RESPONSIBLE = re.compile(
    r"责任(?:单位|部门|处室|科室|股室|领导|人)\s*[:]|牵头(?:单位|部门|领导|科室|股室)|配合(?:单位|部门)\s*[:]"
    r"|第一责任人|直接责任人|分管领导|主要负责人|(?:由|责成)[^,。;\n]{1,20}?(?:负责|牵头|落实|督办|承办)"
    r"|主要领导|主要负责同志|(?:书记|主任|局长|部长|院长|校长|董事长|总经理|组长|区长|县长|市长|镇长|乡长)[^,。;\n]{0,16}?"
    r"(?:负责|牵头|督办|亲自|挂帅|包干|任组长)"
    r"|(?:科|股|处|室|部|中心|办公室|局|公司|支部|学院)(?:负责|牵头|具体负责)"
)
# By when: a deadline (6月底前, 年底前, 限期, 30个工作日内, 立行立改) or a completion date (已于5月完成,
# 2025年3月修订…, 6月12日召开…); a year alone, or a month that opens a period (2024年1月以来), is neither.
DEADLINE = re.compile(
    rf"(?:\d{{4}}年)?{_N}月(?:份)?(?:底|末|中旬|上旬|下旬|{_N}日)?(?:前|以前|之前|完成|办结|整改到位)"
    r"|\d{4}年(?:底|年底)?(?:前|以前|之前)|年底前|年内|本月内|月底前|限期|时限\s*[:]|整改时限|完成时限"
    rf"|{_N}个?(?:工作日|天|日|月)内|立行立改|立查立改|已于[^,。;\n]{{2,14}}?(?:完成|办结|整改|到位|建成)"
    r"|截至\d{4}年|\d{4}年\d{1,2}月(?!以来|至今)|\d{1,2}月\d{1,2}日"
)
# To what standard: a count, an amount, a share, a named document or system, or a stated target.
_MEASURE_WORD = (
    r"(?:个|项|条|人|名|次|件|笔|家|处|户|宗|起|批|篇|期|份|场|所|辆|套|台|卷|册|张|间|栋|座|亩|吨|公里"
    r"|平方米|万元|亿元|元|%|人次|小时|天)"
)
TARGET = re.compile(
    rf"{_N}\s?万?{_MEASURE_WORD}|《[^《》\n]{{1,80}}》|“[^“”\n]{{2,24}}”(?:系统|平台|机制|制度|模式|工程|行动)?"
    r"|全覆盖|清零|零容忍|达标|目标[:]|标准[:]|百分之百"
)

# --- evidence of a claimed completion ---------------------------------------------

# A completion aimed at, not claimed: 确保…整改到位, 力争年底前完成 (searched in the clause before the claim).
COMPLETION_AIM = re.compile(r"(?:确保|力争|推动|督促|直至|务必|保证|做到|争取|实现|计划|预计|将于|按期|限期)[^,。;\n]{0,12}\Z")
COMPLETION = re.compile(r"已(?:全部)?(?:完成|整改到位|整改完毕|整改完成|办结|销号|整改)|(?:整改|全部)完成|整改到位|整改完毕")
# what stands behind a completion: a figure, a date, a document or name, a person, a disposition
EVIDENCE = re.compile(
    rf"{_N}\s?万?{_MEASURE_WORD}|\d{{4}}年|{_N}月{_N}日|《[^《》\n]{{1,80}}》|“[^“”\n]{{2,24}}”"
    r"|[\u4e00-\u9fa5]{1,3}同志|处分|诫勉|问责|追回|追缴|清退|收缴|退还|退缴|立案|移送|免职|调离|降职|撤职|通报批评"
    r"|批评教育|责令|罚款|扣罚|核减|审减|补缴|拆除|收回|注销|投入使用|上线运行|建成"
)

# --- paper-only measures ----------------------------------------------------------

# Actions that end on paper or in a room: meetings, study, talks, documents issued, rules drafted.
PAPER_ACTION = re.compile(
    r"召开|会议(?!纪要|记录)|学习|研讨|研究部署|传达|座谈|谈心谈话|集体谈话|印发|制定|修订|出台|起草|下发|转发|部署|培训|宣讲"
    r"|动员|警示教育|廉政教育|专题教育|主题教育|教育培训|集中教育|教育引导|讲党课|专题党课|理论中心组|党组会|民主生活会|组织生活会|警示教育|签订|承诺|方案|清单|台账"
)
# Results on the ground: money back, people handled, a project or fault fixed, a system in use.
CONCRETE_RESULT = re.compile(
    rf"追回|追缴|清退|收缴|退还|退缴|挽回|补缴|处分|诫勉|问责|立案|移送|免职|调离|降职|撤职|罚款|扣罚|核减|审减"
    r"|拆除|修复|完工|竣工|建成|投入使用|上线|启用|办结|兑付|发放|收回|盘活|注销|撤销|清理规范|整治|追究"
    rf"|(?:完成|整改|清理|处理|查处|纠正|补齐|规范|回收|退回|化解|解决|调整|轮岗|对)[^,。;\n]{{0,12}}?{_N}\s?"
    r"(?:个|项|家|处|件|笔|人|名|户|宗|起|批|辆|套|台|万元|元)"
)

# --- hedging ------------------------------------------------------------------------

# Words that promise without saying what was done; with enrich's stock phrases they make the
# hedging count of a notice (each occurrence once: the pattern takes the longest phrase at a place).
HEDGES: tuple[str, ...] = (
    "基本完成",
    "基本整改",
    "基本到位",
    "持续推进",
    "长期坚持",
    "进一步",
    "逐步",
    "不断",
    "持续",
    "努力",
    "力争",
    "适时",
    "有序推进",
    "稳步推进",
)
HEDGING = re.compile("|".join(sorted({*STOCK_PHRASES, *HEDGES}, key=len, reverse=True)))
# Hedging words per 1,000 characters of text above which a notice hedges: the composed notices that
# report results (the project corpus, tests/fixtures/checks/good.txt) carry 0–2.5, the composed
# notice written in stock phrases (bad.txt) 16.3; 10 stands between, four times the densest concrete one.
HEDGING_DENSITY = 10.0
# A measure is nothing but stock phrases when hedging covers at least this share of its characters
# and it gives no evidence (no figure, date, document, name): a one-line composed promise
# (进一步加强学习,持续推进整改) has 0.6; a measure naming what it does has under 0.2.
STOCK_ONLY_SHARE = 0.3

# --- restated problem ---------------------------------------------------------------

# A measure restates its problem when at least this share of its character bigrams (punctuation
# and digits left out) also stand in the problem. On the composed pairs of tests/test_checks.py the
# restatements (规范公务用车管理 under 公务用车管理不规范; 严格执行采购程序 under 采购程序执行不严格,
# whose reordered words lose bigrams) reach 0.46–0.8, measures that say what was done under the same
# problems 0.04–0.24; 0.4 lies between, nearer the restatements, so a measure sharing the problem's
# vocabulary while adding its own action and figures stays out.
RESTATED_OVERLAP = 0.4
# Shorter measures have too few bigrams for a share to mean anything (已完成整改).
RESTATED_MIN_BIGRAMS = 6
BIGRAM_CHARS = re.compile(r"[\u4e00-\u9fff]+")

# --- arithmetic -------------------------------------------------------------------

# A total and its parts in one sentence: 共处理12人,其中党纪处分3人、诫勉9人.
TOTAL_WITH_PARTS = re.compile(
    r"(?:共计|合计|累计|总计|共有|共)[^,。;\n\d]{0,16}?(?P<n>\d{1,9}(?:\.\d{1,4})?)\s?(?P<unit>万元|亿元|元|人|名|项|条|个|件)"
    r"[^。;\n]{0,40}?其中"
)
# Problems not started or not done, beside done and in progress (+ not started = total).
NOT_DONE = re.compile(r"(?:未完成|未启动|尚未(?:完成|启动|整改)|未整改到位|未整改)(?:整改)?\s?(?P<n>\d{1,6})\s?[个项条]")
PART = re.compile(r"(?P<n>\d{1,9}(?:\.\d{1,4})?)\s?(?P<unit>万元|亿元|元|人次|人|名|项|条|个|件)")
PARTS_END = re.compile(r"[。;\n]")
UNIT_KIND = {
    "元": "money",
    "万元": "money",
    "亿元": "money",
    "人": "people",
    "名": "people",
    "项": "count",
    "条": "count",
    "个": "count",
    "件": "count",
}
UNIT_YUAN = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
# How far a sum of money may stand from its parts and still agree (rounding of 万元 figures to
# two places: 0.01万元 per part).
MONEY_TOLERANCE_YUAN = 100.0

# --- timing and disclosure -------------------------------------------------------

# The months after feedback within which the rectification is reported (the inspection work
# regulations' limit); a sheet may set another.
TIMING_LIMIT_MONTHS = 2

# What a public notice is expected to give, and the stats or metadata fields that give it.
DISCLOSURE_ITEMS: dict[str, tuple[str, ...]] = {
    "contact": ("metadata.phone", "metadata.email", "metadata.address"),
    "problems_total": ("stats.problems_total",),
    "problems_done": ("stats.problems_done", "stats.completion_rate"),
    "people_handled": (
        "stats.people_disciplined",
        "stats.people_org_handled",
        "stats.people_admonished",
        "stats.people_criticized",
        "stats.people_reminded",
        "stats.people_referred",
    ),
    "funds_recovered": ("stats.funds_recovered_yuan",),
    "rules_made": ("stats.rules_made",),
}
DISCLOSURE_NAMES_ZH = {
    "contact": "监督电话或邮箱",
    "problems_total": "问题总数",
    "problems_done": "已完成整改数",
    "people_handled": "处理人数",
    "funds_recovered": "追回资金",
    "rules_made": "建章立制数",
}
