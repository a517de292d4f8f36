"""Language data for stats.py: how notices state their summary figures and where.

Patterns apply to normalised text (half-width ",", ":", ";", "(", ")", "%"); Chinese
punctuation without an ASCII twin (、。“”) is as printed. Named groups carry the values.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# --- numbers ---------------------------------------------------------------
# a count in Arabic or Chinese numerals (十四个, 两人, 四十七条), never the tail of a longer
# number or of a word (第一个, 逐一, 统一, 每一个)
_NUM_CHARS = r"\d零〇一二两三四五六七八九十百千"
NUM = rf"(?<![{_NUM_CHARS}.第逐统唯每])[{_NUM_CHARS}]+"
# a sum word between a thing and its count: 整改措施共计94条, 共梳理问题12个
SUM = r"(?:共计|合计|累计|总计|共有|共)?"

AMOUNT = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|(?<![零〇一二两三四五六七八九十百千])[一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*)"
# a count may be approximate too: 整改措施100余条, 提醒谈话30余人 (the stated figure is kept)
ABOUT = r"(?:余|多)?"
# an amount may be approximate: 8000余元, 120多万元, 近5万元, 约3.2万元 (the stated figure is kept)
APPROX_BEFORE = r"(?:(?:近|约|逾|超过|达)\s*)?"
# (each optional word carries the spaces after it, so that no two runs of spaces meet: linear time)
MONEY_UNIT_WORD = r"(?:(?P<unit>亿|万|千)\s*)?(?:(?:余|多)\s*)?元"

# --- where the summary figures are -----------------------------------------
# what kind of problems a count names: 18个突出问题, 40项具体问题
_KIND = r"(?:具体|突出|主要|重点|共性|典型)?"
SUMMARY_PARAGRAPH_NEEDS = re.compile(rf"{NUM}个{_KIND}问题[^。]*(?:整改|完成)|已完成整改{NUM}个")
# below the next steps, a paragraph that sums up what the feedback's problems came to
SUMMARY_AFTER_PLAN = re.compile(rf"(?:反馈|指出)的?\s*{NUM}\s*[个项条]{_KIND}问题[^。]*?(?:已|完成)")
# a paragraph outside the summary part that still sums up (截至目前,…)
SUMMARY_PARAGRAPH_START = re.compile(r"^\s*(?:截至|截止|到|至|目前|总体(?:来看|上看)?|综上|至此)")
# a sentence inside a paragraph that sums up where the work stands: from 截至目前 to its end
SUMMARY_SENTENCE = re.compile(r"(?:^|(?<=[。;!]))[ \t]*(?:截至|截止|至此|目前)[^。;!\n]*", re.M)

# --- statistics ------------------------------------------------------------
_PROB = r"(?:个|项|条)"
# standalone done / in-progress counts are only trusted in 个: 措施 and 任务 are counted in 项/条;
# in 项 or 条 only next to a total in that unit (see done_in_totals_unit)
_PROB_ALONE = r"个"


def _prob_ends(unit: str) -> str:
    """A count that ends the phrase: 已完成整改14个, / 14个问题 — not 已完成12个老旧小区改造."""
    return rf"{unit}(?:(?={_KIND}问题)|(?![\u4e00-\u9fa5]))"


_PROB_ENDS = _prob_ends(_PROB_ALONE)
_DONE_VERB = r"(?:完成整改|整改完成|整改到位|整改完毕|整改销号|完成销号|完成|销号)"
# 正在整改, 正在按计划持续推进, 正在有序推进整改
_ONGOING = (
    r"(?:正在(?:按计划|按照计划|按时序|有序|持续|加快|加紧|积极|稳步|扎实|全力|抓紧|逐步|深入){0,3}(?:整改|推进|落实)"
    r"|持续(?:整改|推进)|推进中|整改中|(?:尚|仍)在整改|基本完成|阶段性(?:完成|成效|进展|目标)"
    r"|取得(?:阶段性|积极|明显|初步)(?:成效|进展)"
    r"|需(?:要)?长期(?:坚持|推进|整改)|长期坚持|(?:列为|列入|纳入)长期)"
)
# 3个方面, 三大方面, 3方面, 3大类, 4类
_AREAS = r"(?:(?:个|大)?方面|大?类)"
# areas counted in 项 when a count of problems in 个 follows at once: 4项12个问题
_AREAS_BEFORE_COUNT = rf"(?:{_AREAS}|项(?=\s*{NUM}\s*个))"
# between a total and its done count: ,截至4月30日, / ,目前
_CUT_OFF_CLAUSE = r"[,]?\s*(?:(?:截至|截止到|截止|到)[^,。;]{0,16}?[,]?\s*)?(?:目前|现)?"
# who a count of people names, between the measure and the count: 提醒谈话相关干部8人
_WHOM = r"(?:(?:(?:相关|有关|涉事)?(?:责任人员|责任人|工作人员|党员干部|干部|人员|党员|同志)|相关责任人)\s*)?"
# 对履职不到位的8名社区干部进行提醒谈话: what the people did may stand between 对 and the count
_TO_WHOM = r"对(?:[^,。;:\d]{0,24}?的)?"
_PERSONS = r"(?:(?:余|多)\s*)?(?:人|名|位)"
# people counted after the measure (诫勉谈话5人) or before it (对…的3名干部进行诫勉谈话)
_PEOPLE_MEASURES = [
    ("people_org_handled", r"组织处理"),
    ("people_admonished", r"诫勉(?:谈话)?"),
    ("people_criticized", r"批评教育"),
    ("people_reminded", r"(?:提醒谈话|谈话提醒|提醒谈话函询|教育提醒)"),
]
# a measure listed after another without a count of its own shares the count that follows
# (责令检查、批评教育、提醒谈话24人): none of them is counted on its own (one look-behind over the
# words, so each has two characters: a look-behind has one width)
_SHARED_COUNT = r"(?<!(?:检查|教育|提醒|谈话|函询|处理|诫勉|处分|问责)、)"


def _people_after(key: str, measure: str) -> re.Pattern[str]:
    return re.compile(rf"{_SHARED_COUNT}{measure}(?:处理)?{SUM}\s*{_WHOM}(?P<{key}>{NUM})\s*{_PERSONS}")


def _people_before(key: str, measure: str) -> re.Pattern[str]:
    return re.compile(rf"{_TO_WHOM}(?P<{key}>{NUM})\s*{_PERSONS}[^,。;]{{0,16}}?(?:进行|予以|开展|作出|给予|实施)?{measure}")


def _recovered(verb: str) -> re.Pattern[str]:
    return re.compile(
        rf"{verb}[^,,。;:\d]{{0,30}}?(?:共计|合计|累计|共|总计|金额)?\s*{APPROX_BEFORE}"
        rf"(?P<amount>{AMOUNT})\s*(?:(?:余|多)\s*)?{MONEY_UNIT_WORD}"
    )


def _done_alone(unit: str) -> list[re.Pattern[str]]:
    """A done count on its own: 已完成整改14个 / 已整改问题14个 / 已完成整改的问题14个 / 14个已完成."""
    ends = _prob_ends(unit)
    return [
        re.compile(rf"已(?:经)?(?:全部)?(?:{_DONE_VERB}|整改)(?:的)?(?:问题)?(?P<problems_done>{NUM})\s*{ends}"),
        re.compile(rf"(?:完成整改|整改完成|整改到位)(?:问题)?(?P<problems_done>{NUM})\s*{ends}"),
        re.compile(rf"(?P<problems_done>{NUM})\s*{unit}(?:问题)?(?:目前|现)?已(?:经)?(?:全部)?{_DONE_VERB}(?![\d率])"),
    ]


class StatPattern(NamedTuple):
    """The figures one pattern reads; `summary_only`: trusted only where the notice sums up (a
    done count on its own in an item counts what that item did, not the rectification's)."""

    keys: tuple[str, ...]
    pattern: re.Pattern[str]
    summary_only: bool = False


_P = StatPattern
# problems as a clause counts them: 16个问题, 79个“问题清单”, 33项具体问题
_COUNTED_PROBLEMS = rf"\s*{_PROB}[“\"]?{_KIND}问题"
# what a total of problems is stated after: the feedback, the inspection, or what it was broken into
_PROBLEMS_FROM = r"(?:反馈|指出|交办|移交|巡察|巡视|梳理(?:出|形成)?|(?:共计|合计|累计|总计|共有|共)?涉及)"

# Earlier patterns win over later ones, then the earliest position.
STAT_PATTERNS: list[StatPattern] = [
    # 4个方面17个问题 / 3个方面、21个突出问题 / 5个方面14个大类40项具体问题 / 4项12个问题
    _P(
        ("problem_areas", "problems_total"),
        re.compile(
            rf"(?P<problem_areas>{NUM})\s*{_AREAS_BEFORE_COUNT}(?:的)?[、,]?(?:{NUM}\s*个?大?类(?:的)?[、,]?)?"
            rf"{SUM}\s*(?P<problems_total>{NUM}){_COUNTED_PROBLEMS}"
        ),
    ),
    # 反馈的问题共3大类18个
    _P(
        ("problem_areas", "problems_total"),
        re.compile(rf"问题{SUM}\s*(?P<problem_areas>{NUM})\s*{_AREAS}(?:的)?{SUM}\s*(?P<problems_total>{NUM})\s*{_PROB}"),
    ),
    # 17个问题已整改完成15个 / 46个具体问题已完成整改39个 / 21个问题中已完成整改18个
    _P(
        ("problems_total", "problems_done"),
        re.compile(
            rf"(?P<problems_total>{NUM})\s*{_PROB}{_KIND}问题[,,]?(?:中[,,]?)?(?:目前|现)?已(?:经)?(?:全部)?{_DONE_VERB}"
            rf"(?:问题)?(?P<problems_done>{NUM})\s*{_PROB}"
        ),
    ),
    # 巡察反馈问题8个,已完成整改7个
    _P(
        ("problems_total", "problems_done"),
        re.compile(
            rf"{_PROBLEMS_FROM}(?:的)?{_KIND}问题{SUM}\s*(?P<problems_total>{NUM})\s*{_PROB}[,]?"
            rf"{_CUT_OFF_CLAUSE}已(?:经)?(?:全部)?{_DONE_VERB}(?:问题)?(?P<problems_done>{NUM})\s*{_PROB}"
        ),
    ),
    # 17个问题已全部整改完成 / 反馈问题15个,已全部整改完成: the group "all" fills every key
    _P(
        ("problems_total", "problems_done"),
        re.compile(rf"(?P<all>{NUM})\s*{_PROB}{_KIND}问题[,,]?(?:目前|现)?(?:均已|已经?全部|全部|均)(?:已)?{_DONE_VERB}"),
    ),
    _P(
        ("problems_total", "problems_done"),
        re.compile(
            rf"(?:反馈|指出|交办)(?:的)?{_KIND}问题{SUM}\s*(?P<all>{NUM})\s*{_PROB}[,,]?(?:目前|现)?(?:均已|已经?全部|全部|均)(?:已)?{_DONE_VERB}"
        ),
    ),
    # 六个方面的问题 / 聚焦6个方面,制定186条整改措施: areas of problems, or what the measures answer
    _P(("problem_areas",), re.compile(rf"(?P<problem_areas>{NUM})\s*{_AREAS}(?=[^。;]{{0,12}}问题|[^。;]{{0,20}}整改(?:措施|举措|任务))")),
    # 反馈问题共20个 / 共梳理问题12个 / 梳理形成问题清单15项
    _P(("problems_total",), re.compile(rf"{_PROBLEMS_FROM}(?:的)?{_KIND}问题(?:清单)?{SUM}\s*(?P<problems_total>{NUM})\s*{_PROB}")),
    _P(("problems_total",), re.compile(rf"{_PROBLEMS_FROM}(?:了|的)?{SUM}\s*(?P<problems_total>{NUM}){_COUNTED_PROBLEMS}")),
    # 共发现问题12个: the inspection's findings where the notice sums up (elsewhere 发现 is often
    # what a later check found)
    _P(("problems_total",), re.compile(rf"{SUM}发现(?:的)?{_KIND}问题(?:清单)?{SUM}\s*(?P<problems_total>{NUM})\s*{_PROB}"), summary_only=True),
    _P(("problems_total",), re.compile(rf"{SUM}发现(?:了|的)?{SUM}\s*(?P<problems_total>{NUM}){_COUNTED_PROBLEMS}"), summary_only=True),
    # 细化为39个具体问题 / 分解形成79个“问题清单”: what the feedback was broken into
    _P(
        ("problems_total",),
        re.compile(rf"(?:细化|分解|梳理|形成|明确|确定|对应)[^,。;\d]{{0,4}}?(?P<problems_total>{NUM})\s*{_PROB}(?:具体问题|[“\"]?问题清单)"),
    ),
    # …4个方面14项问题,(截至目前,)已完成整改12项: the done count right after the total, in its unit
    _P(
        ("problems_done",), re.compile(rf"(?<=问题)(?:中)?{_CUT_OFF_CLAUSE}已(?:经)?(?:全部)?{_DONE_VERB}(?:问题)?(?P<problems_done>{NUM})\s*{_PROB}")
    ),
    *[_P(("problems_done",), p, summary_only=True) for p in _done_alone(_PROB_ALONE)],
    _P(
        ("problems_fixed_immediately",),
        re.compile(rf"立行立改(?:类|的)?(?:问题)?(?:已)?(?:完成)?(?:整改)?(?P<problems_fixed_immediately>{NUM})\s*{_PROB}"),
    ),
    _P(("problems_fixed_immediately",), re.compile(rf"(?P<problems_fixed_immediately>{NUM})\s*{_PROB}(?:问题)?(?:已)?(?:实现|完成)?立行立改")),
    # 对5个具备立行立改条件的问题马上改正
    _P(
        ("problems_fixed_immediately",), re.compile(rf"(?P<problems_fixed_immediately>{NUM})\s*{_PROB}[^,。;\d]{{0,8}}?立行立改[^,。;\d]{{0,6}}?问题")
    ),
    _P(
        ("completion_rate",),
        re.compile(r"(?:整改完成率|整改到位率|整改率|完成率|整改销号率|销号率)(?:为|达到了?|达)?\s*(?P<completion_rate>\d+(?:\.\d+)?)\s*%"),
    ),
    # 制定整改措施四十七条 / 94条整改措施 / 整改措施共计94条 / 整改举措58项
    _P(("measures_total",), re.compile(rf"(?P<measures_total>{NUM})\s*{ABOUT}(?:条|项)(?:具体)?整改(?:措施|举措)")),
    _P(("measures_total",), re.compile(rf"(?:整改|具体)(?:措施|举措){SUM}\s*(?P<measures_total>{NUM})\s*{ABOUT}(?:条|项)")),
    # 分解为45项整改任务,(截至4月30日,)已完成42项 / 细化整改任务45项,已完成42项
    _P(
        ("tasks_total", "tasks_done"),
        re.compile(
            rf"(?P<tasks_total>{NUM})\s*{ABOUT}(?:项|个|条)(?:具体)?整改任务{_CUT_OFF_CLAUSE}已(?:全部)?完成(?:整改)?(?:任务)?"
            rf"(?P<tasks_done>{NUM})\s*{ABOUT}(?:项|个|条)"
        ),
    ),
    _P(
        ("tasks_total", "tasks_done"),
        re.compile(
            rf"整改任务{SUM}\s*(?P<tasks_total>{NUM})\s*{ABOUT}(?:项|个|条){_CUT_OFF_CLAUSE}已(?:全部)?完成(?:整改)?(?:任务)?"
            rf"(?P<tasks_done>{NUM})\s*{ABOUT}(?:项|个|条)"
        ),
    ),
    _P(("tasks_total",), re.compile(rf"(?P<tasks_total>{NUM})\s*{ABOUT}(?:项|个|条)(?:(?:具体)?整改任务|[“\"]任务清单)")),
    # 整改任务共45项 / 整改任务清单56项 / 任务清单36项
    _P(("tasks_total",), re.compile(rf"(?:整改任务(?:清单)?|任务清单){SUM}\s*(?P<tasks_total>{NUM})\s*{ABOUT}(?:项|个|条)")),
    _P(("tasks_done",), re.compile(rf"(?:已)?完成(?:整改)?任务(?P<tasks_done>{NUM})\s*{ABOUT}(?:项|个|条)")),
    _P(
        ("rules_made",),
        re.compile(
            rf"(?<!督促)(?<![定订改善立台全])(?:制定|修订|修改|完善|建立|新建|出台|健全|新制定|形成)(?:[和、及与]?(?:制定|修订|修改|完善|建立|新建|出台|健全|废止))*"
            rf"(?:各类|相关|[\u4e00-\u9fa5]{{0,4}}?)(?:规章)?制度(?:机制|文件|规定|成果)?{SUM}\s*(?P<rules_made>{NUM})\s*{ABOUT}(?:项|个|份|件|部|篇)"
        ),
    ),
    _P(
        ("rules_made",),
        re.compile(
            rf"(?:制定|修订|修改|完善|建立|新建|出台|健全)(?:[和、及与]?(?:制定|修订|修改|完善|建立|新建|出台|健全))*"
            rf"(?P<rules_made>{NUM})\s*{ABOUT}(?:项|个|份|件|部)(?:各类|相关)?(?:规章)?制度"
        ),
    ),
    _P(("rules_made",), re.compile(rf"建章立制(?P<rules_made>{NUM})\s*{ABOUT}(?:项|个|份|件)")),
    _P(
        ("people_disciplined",),
        re.compile(
            rf"(?:党纪政务处分|党纪和政务处分|党纪、政务处分|党政纪处分|党纪政纪处分){SUM}\s*{_WHOM}(?P<people_disciplined>{NUM})\s*{_PERSONS}"
        ),
    ),
    *[_P((key,), _people_after(key, measure)) for key, measure in _PEOPLE_MEASURES],
    _P(
        ("people_referred",),
        re.compile(
            rf"移送(?:司法机关|检察机关|纪检监察机关|纪委监委|[\u4e00-\u9fa5]{{0,8}}纪委监委)?(?:处理)?{SUM}\s*(?P<people_referred>{NUM})\s*{_PERSONS}"
        ),
    ),
    # 交由纪委调查1人 / 移交纪检监察机关处理2人
    _P(
        ("people_referred",),
        re.compile(
            rf"(?:交由|移交)[\u4e00-\u9fa5]{{0,8}}?(?:纪委|监委|纪检监察|司法|检察|公安)[\u4e00-\u9fa5]{{0,6}}?{SUM}\s*(?P<people_referred>{NUM})\s*{_PERSONS}"
        ),
    ),
    _P(("clues_transferred",), re.compile(rf"(?:问题线索|线索){SUM}\s*(?P<clues_transferred>{NUM})\s*{ABOUT}(?:件|条|个)")),
    _P(("clues_transferred",), re.compile(rf"(?P<clues_transferred>{NUM})\s*{ABOUT}(?:件|条|个)问题线索")),
    *[_P((key,), _people_before(key, measure)) for key, measure in _PEOPLE_MEASURES],
    # 给予2名干部党内警告处分 / 对负有责任的2名干部给予党纪政务处分
    _P(
        ("people_disciplined",),
        re.compile(rf"给予(?P<people_disciplined>{NUM})\s*(?:人|名[^,,。;]{{0,10}}?)(?:党纪政务|党纪|政务|党内|纪律)[^,,。;]{{0,4}}?处分"),
    ),
    _P(
        ("people_disciplined",),
        re.compile(rf"{_TO_WHOM}(?P<people_disciplined>{NUM})\s*{_PERSONS}[^,。;]{{0,16}}?给予(?:党纪政务|党纪|政务|党内|纪律)[^,,。;]{{0,4}}?处分"),
    ),
    _P(("people_referred",), re.compile(rf"(?:将|把|对)(?:[^,。;:\d]{{0,24}}?的)?(?P<people_referred>{NUM})\s*{_PERSONS}[^,。;]{{0,16}}?移送")),
]

# Funds recovered: every amount a sentence states is added (清退…66万元、追回…146万元), none
# after 其中 (a part of a total already stated). 收回 and 退还 only when nothing plainer is stated;
# not 盘活和收回 (idle budget put back to use) nor 退还群众多缴费用 (a refund to the public).
RECOVERED = [_recovered(r"(?:追回|追缴|清退|收缴|挽回|清收|退缴|退赔|追收|追偿)")]
RECOVERED_OTHERWISE = [
    _recovered(r"(?:(?<!盘活)(?<!盘活和)(?<!盘活、)收回|(?<!向)退还(?![^,。;]{0,12}?(?:多缴|多收|群众|业主|企业|缴费人|服务对象)))")
]
# what follows it in a sentence is a part of what was counted before it
PART_OF_BEFORE = re.compile(r"其中")

# right after a stated total (…4个方面21个问题): 已全部完成整改 — every one of them is done
ALL_DONE_AFTER_TOTAL = re.compile(rf"(?:中)?{_CUT_OFF_CLAUSE}(?:均已|已经?全部|全部|均)(?:已)?{_DONE_VERB}(?![\d率])")

# A summary given as a table: a row of labels (one cell a line, its unit in brackets) and
# below it a row of values, cell for cell. The first label pattern that fits names the figure.
# (the label opens and ends with a non-space and one run of spaces stands between it and the
# end, so a long run of spaces is crossed once, not tried in every split: linear time)
TABLE_LABEL_LINE = re.compile(r"[ \t]*(?P<label>[^\s\d()%][^\n\d()%]{0,18}?[^\s\d()%])[ \t]*(?:\((?P<unit>[^()\n]{1,4})\)[ \t]*)?$")
TABLE_VALUE_LINE = re.compile(r"[ \t]*(?P<value>\d+(?:\.\d+)?)[ \t]*(?:(?P<percent>%)[ \t]*)?$")
TABLE_LABELS = [
    ("completion_rate", re.compile(r"率")),
    ("problems_in_progress", re.compile(r"正在整改|整改中|推进中|未完成|阶段性")),
    ("problems_fixed_immediately", re.compile(r"立行立改")),
    ("tasks_total", re.compile(r"整改任务")),
    ("measures_total", re.compile(r"整改措施|整改举措")),
    ("rules_made", re.compile(r"制度")),
    ("funds_recovered_yuan", re.compile(r"追回|追缴|清退|挽回|收缴|退缴")),
    ("people_org_handled", re.compile(r"组织处理")),
    ("people_admonished", re.compile(r"诫勉")),
    ("people_criticized", re.compile(r"批评教育")),
    ("people_reminded", re.compile(r"提醒谈话|谈话提醒")),
    ("people_disciplined", re.compile(r"处分")),
    ("clues_transferred", re.compile(r"线索")),
    ("problems_done", re.compile(r"已完成|已整改|完成整改|整改完成|已销号")),
    ("problem_areas", re.compile(r"方面")),
    ("problems_total", re.compile(r"问题")),
]

# Counts that are added up when one summary sentence states them apart:
# 给予党纪处分1人、政务处分1人 / 已完成整改12个,阶段性完成3个,持续推进2个.
SEPARATE_DISCIPLINE = re.compile(rf"(?<!政务)(?<!党纪)(?:党纪|政务)(?:轻处分|重处分|处分){SUM}\s*(?P<n>{NUM})\s*{_PERSONS}")


def _in_progress_parts(unit: str) -> list[re.Pattern[str]]:
    ends = _prob_ends(unit)
    return [
        # 正在整改的问题2个 / 阶段性完成整改3个 / 基本完成整改1个
        re.compile(rf"{_ONGOING}(?:整改)?(?:的)?(?:问题)?(?P<n>{NUM})\s*{ends}"),
        # 2个正在整改 / 6个问题正在按计划持续推进 / 2个问题因涉及历史遗留正在推进
        re.compile(rf"(?P<n>{NUM})\s*{unit}(?:{_KIND}问题[^,。;\d]{{0,8}}?|已|目前|仍)?{_ONGOING}"),
        # 其余2个正在按计划推进 / 其余7个需要长期推进的问题已取得阶段性成效,正在持续推进
        re.compile(rf"(?:其余|剩余|其他|另有|余下|尚有)(?P<n>{NUM})\s*{unit}[^。;]{{0,40}}?(?:{_ONGOING}|推进)"),
    ]


def _not_done_parts(unit: str) -> list[re.Pattern[str]]:
    """未完成3个: in progress only when the notice states no other count of what is under way
    (beside 持续整改4个 it counts what has not started)."""
    return [re.compile(rf"(?:尚未完成|未完成|未整改完成)(?:整改)?(?:的)?(?:问题)?(?P<n>{NUM})\s*{_prob_ends(unit)}")]


IN_PROGRESS_PARTS = _in_progress_parts(_PROB_ALONE)
NOT_DONE_PARTS = _not_done_parts(_PROB_ALONE)

# Done and in-progress counts in the unit of the problems' total (巡察反馈问题17项 / 反馈的17条
# 问题 / 8个问题) belong to them from the total up to the end of the next sentence, unless a count
# of something else comes between (整改任务45项,已完成42项 / 建立制度9项).
TOTAL_UNIT = re.compile(rf"{NUM}\s*(?P<unit>[个项条])")
_OTHER_THINGS = r"(?:任务|措施|举措|制度|建章立制|线索)"
OTHER_COUNTED_THING = re.compile(rf"{_OTHER_THINGS}[^,。;\d]{{0,6}}?{NUM}|{NUM}\s*{ABOUT}[个项条件][^,。;\d]{{0,4}}?{_OTHER_THINGS}")
TOTALS_UNITS = ("个", "项", "条")
DONE_IN_TOTALS_UNIT = {unit: _done_alone(unit) for unit in TOTALS_UNITS}
IN_PROGRESS_IN_TOTALS_UNIT = {unit: _in_progress_parts(unit) for unit in TOTALS_UNITS}
NOT_DONE_IN_TOTALS_UNIT = {unit: _not_done_parts(unit) for unit in TOTALS_UNITS}
