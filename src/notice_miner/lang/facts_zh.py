"""Language data for facts.py: how notices state their metadata, contact block and figures.

Patterns apply to normalised text (half-width ",", ":", ";", "(", ")", "%"); Chinese
punctuation without an ASCII twin (、。“”) is as printed. Named groups carry the values.
"""
from __future__ import annotations

import functools
import re

from notice_miner.lang.layout_zh import ANY_PART, ENUM_LINE  # noqa: F401 (facts.py reads them here)
from notice_miner.lang.numerals import DATE_PATTERN

# --- numbers ---------------------------------------------------------------
# a count in Arabic or Chinese numerals (十四个, 两人, 四十七条), never the tail of a longer
# number or of a word (第一个, 逐一, 统一, 每一个)
_NUM_CHARS = r"\d零〇一二两三四五六七八九十百千"
# the first character is matched before the look behind, so the scan skips other text fast; the
# look behind's second character is that one (a numeral), so "." stands for it: every class of
# these characters costs ~0.25 ms to compile, and NUM is written ~95 times
NUM = rf"[{_NUM_CHARS}](?<![{_NUM_CHARS}.第逐统唯每].)[{_NUM_CHARS}]*"
CN_NUM = NUM
# a sum word between a thing and its count: 整改措施共计94条, 共梳理问题12个
SUM_WORDS = ("共计", "合计", "累计", "总计", "共有", "共")
SUM = rf"(?:{'|'.join(SUM_WORDS)})?"


def _sum_before(word: str) -> str:
    """`{SUM}word` as alternatives that each open with a plain character (same matches in the
    same order), so the engine skips to them fast instead of trying every position."""
    return "|".join([*(s + word for s in SUM_WORDS), word])


AMOUNT = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|(?<![零〇一二两三四五六七八九十百千])[一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*)"
# a count may be approximate too: 整改措施100余条, 提醒谈话30余人 (the stated figure is kept)
ABOUT = r"(?:余|多)?"
# an amount may be approximate: 8000余元, 120多万元, 近5万元, 约3.2万元 (the stated figure is kept)
APPROX_BEFORE = r"(?:近|约|逾|超过|达)?"
MONEY_UNIT_WORD = r"(?P<unit>亿|万|千)?\s*(?:余|多)?\s*元"

# A date and a date whose year may be left out (the end of a range).
DATE = DATE_PATTERN
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
PARTIAL_DATE = rf"(?:(?P<ey>{_YEAR})\s*年\s*)?(?P<em>{_MD})\s*月\s*(?P<ed>{_MD})\s*[日号]"
DATE_RE = re.compile(DATE)

# the issuing body before 关于 in the title
TITLE_SUBJECT = re.compile(r"^(?P<agency>[^\s,。;:]{3,40}?)关于")

# --- agency ----------------------------------------------------------------
# the inspected body as the opening sentence names it: …巡察组对市科技局党组开展了常规巡察
AGENCY_SHORT = re.compile(
    r"(?:巡视|巡察)(?:工作)?(?:第?[一二三四五六七八九十\d]+)?组[^。;]{0,30}?(?:对|进驻|入驻)(?P<short>[^,。;:、\s]{2,30}?)(?:党组织)?"
    # …党组及局机关 / …党委及所属单位 / …党组和下属单位 / …党组等3个单位: the body is named first
    r"(?:(?:及|以及|和(?=所属|下属|直属|局属|机关))[^,。;:、\s]{1,12}?|等\s*[一二三四五六七八九十\d]*\s*个?(?:单位|部门|党组织)?)?"
    r"(?:开展了?|进行了?|实施了?)")
ENTERED = re.compile(r"进驻|入驻")
FEEDBACK_TO = re.compile(r"向(?P<to>[^,。;:、\s]{2,30}?)反馈")
# the body inspected, told the other way round: 县乙局党组接受了县委第一巡察组的常规巡察
AGENCY_SHORT_PASSIVE = re.compile(
    r"(?P<short>[^,。;:、\s]{2,30}?)接受了?[^。;]{0,30}?(?:巡视|巡察)(?:工作)?(?:第?[一二三四五六七八九十\d]+)?组的")
# pronouns, not names: 对我局开展了巡察
AGENCY_PRONOUN = re.compile(r"^(?:我|本|该)")
# the party organ at the end of a full name, and the short form used for the canonical name
PARTY_ORGAN_CANONICAL = [("工作委员会", "党工委"), ("总支部委员会", "党总支"),
                         ("支部委员会", "党支部"), ("委员会", "党委")]
PARTY_PREFIXES = ("中国共产党", "中共")
# party organs that end a body's name; the 委员会 forms only after 中共 (发展和改革委员会 is a body)
PARTY_ORGANS = ("党工委", "党总支", "党支部", "党组", "党委")
PARTY_COMMITTEES = ("总支部委员会", "支部委员会", "工作委员会", "委员会")

# --- region, level and body type -------------------------------------------
# provinces and autonomous regions whose names are used without a 省/自治区 suffix
BARE_PROVINCES = ("内蒙古", "广西", "西藏", "宁夏", "新疆", "北京", "天津", "上海", "重庆",
                  "香港", "澳门")
# first place in a name: 2-8 characters and an administrative suffix
# characters that never occur in the stem of a lower place name (keep 城市管理局, 住房和城乡建设局 out)
PLACE_STEM = r"[^\s城区县乡镇局委会院司所站厅部办和与及心党组政府学校集团公\d]"
PLACE_FIRST = re.compile(
    rf"^(?:{PLACE_STEM}{{2,8}}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|旗|区))")
PLACE_NEXT = re.compile(
    rf"^(?:{PLACE_STEM}{{2,5}}?(?:自治县|自治旗|新区|市|区|县|旗|镇|乡|街道))")
# region suffix → level, for the place at the end of a region
REGION_LEVEL = [
    (("特别行政区", "自治区", "省"), "province"),
    (("自治州", "地区", "市", "州", "盟"), "city"),
    (("自治县", "自治旗", "新区", "县", "区", "旗"), "county"),
    (("街道", "镇", "乡"), "township"),
]
# who sent the inspectors → the level of the body inspected
INSPECTOR_LEVEL = [
    (("中央",), "central"),
    (("省委", "自治区党委", "区党委"), "province"),
    (("市委", "州委", "盟委", "地委"), "city"),
    (("县委", "区委", "旗委"), "county"),
    (("镇党委", "乡党委", "街道党工委"), "township"),
]
# body type from the body's own name (after the place, before the party organ); first hit wins
BODY_TYPES = [
    ("人民法院", "court"), ("法院", "court"),
    ("人民检察院", "procuratorate"), ("检察院", "procuratorate"),
    ("公安局", "police"),
    ("纪委监委", "discipline"), ("纪律检查委员会", "discipline"),
    ("医院", "hospital"), ("卫生院", "hospital"), ("保健院", "hospital"),
    ("大学", "university"), ("学院", "university"), ("高等专科学校", "university"),
    ("党校", "party_school"),
    ("中学", "school"), ("小学", "school"), ("学校", "school"), ("幼儿园", "school"),
    ("集团", "soe"), ("有限公司", "soe"), ("有限责任公司", "soe"), ("公司", "soe"), ("银行", "soe"),
    ("街道", "township"), ("镇", "township"), ("乡", "township"),
    ("人民政府", "government"), ("政府", "government"),
    ("委员会", "commission"),
    ("局", "bureau"), ("厅", "department"), ("部", "department"),
    ("委", "commission"), ("办公室", "office"), ("办", "office"),
    ("中心", "centre"), ("研究院", "institute"), ("研究所", "institute"),
    ("协会", "association"), ("联合会", "association"),
]

# --- inspector and kind ----------------------------------------------------
INSPECTOR_WHO = (r"(?:中央|自治区党委|省委|市委|州委|盟委|地委|县委|区委|旗委|"
                 r"(?:学校|大学|学院|医院|集团公司|集团|公司|中心|校|院|局|厅|委)党(?:委|组)|(?:街道|镇|乡)党(?:工委|委)|(?:社区|中心)党委"
                 # any body's own committee, named whole from the start of its clause:
                 # 湖北省税务局党委第三巡察组, 总行党委第三巡视组 (not 根据局党委…)
                 r"|(?:(?<=[^\u4e00-\u9fa5])|(?<=由))(?!根据|按照|依据|经|在|对|受|由)[\u4e00-\u9fa5]{1,14}?(?:党委|党组|党工委)"
                 r"|党委|党组|党工委)")
_ORDINAL = r"[一二三四五六七八九十\d]+"
# 市委第一巡察组, 市委巡察第一组, 十五届县委第六轮巡察第三巡察组 (the term and round as written)
INSPECTOR = re.compile(
    rf"(?P<inspector>(?:{_ORDINAL}届)?(?P<who>{INSPECTOR_WHO})(?:第{_ORDINAL}轮(?:巡视|巡察)?)?"
    rf"(?:第(?P<n>{_ORDINAL})(?:轮)?(?:巡视|巡察)(?:工作)?组|(?:巡视|巡察)第{_ORDINAL}组"
    rf"|(?:巡视|巡察)[一二三四五六七八九十]+组|(?:巡视|巡察)(?:工作)?组))")
# kinds as printed; the first one after the inspector's 对… wins
INSPECTION_KIND = re.compile(
    r"(?P<kind>(?:巡视|巡察)\s*[“\"]\s*回头看\s*[”\"]|(?:巡视|巡察)回头看|"
    r"(?:常规|专项|机动|提级|联动|交叉|延伸|下沉|上下联动|点穴式|常规机动)(?:巡视|巡察))")
INSPECTION_CLAUSE_END = "。;"

# --- dates -----------------------------------------------------------------
# 3月28日至5月30日, 3月28日起至5月30日, 3月28日—5月30日
RANGE_SEP = r"\s*(?:起\s*)?(?:至|到|—|–|-|~|～)\s*"
INSPECTION_RANGE = re.compile(rf"(?P<start>{DATE}){RANGE_SEP}(?P<end>{PARTIAL_DATE})")
# a range with no year at all (3月25日至5月17日): the year comes from the context
YEARLESS_RANGE = re.compile(
    rf"(?<![\d年])(?P<start>(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*[日号]){RANGE_SEP}"
    rf"(?P<end>(?P<em>{_MD})\s*月\s*(?P<ed>{_MD})\s*[日号])")
# the start and end told apart: 巡察组于2024年5月6日进驻县乙局开展常规巡察,6月21日结束
# the start alone: 于2024年5月6日进驻…, 2024年9月2日起,…巡察组对…开展了…
INSPECTION_ENTRY = re.compile(rf"(?P<start>{DATE})\s*(?:起?\s*(?:进驻|入驻)|起\s*(?=,))")
INSPECTION_EXIT = re.compile(rf"(?P<end>{PARTIAL_DATE})[^,。;\d]{{0,8}}?(?:结束|撤离|撤出|完成现场巡[察视])")
# 2024年9月27日,市委巡察组(向…)反馈了巡察意见: the verb, then the date nearest before it
# 反馈了巡察意见, 召开反馈会, 反馈了巡察发现的问题, 进行了反馈, 将巡察意见反馈给…
# (not 巡察反馈意见整改工作部署会: there the 意见 is what another meeting is about)
# (every branch opens with a plain character, so the engine skips to 反, 进, 作, 予 or 意 fast)
FEEDBACK_VERB = re.compile(r"反馈(?:了)?(?:(?!整改|落实)[^,。;]){0,10}?(?:意见|会|情况)(?!整改|落实|专题|部署)|反馈了[^,。;]{0,12}?问题|进行了?反馈|作了反馈|作出反馈|予以反馈"
                           r"|意见反馈给")
FEEDBACK_DATE = re.compile(
    rf"(?P<date>(?:(?P<fy>{_YEAR})\s*年\s*)?(?P<fm>{_MD})\s*月\s*(?P<fd>{_MD})\s*[日号])")
# how far before 反馈 its date may be, and the words that make a date a cut-off, not the feedback
FEEDBACK_DATE_REACH = 60
CUT_OFF_BEFORE = re.compile(r"(?:截至|截止|截止到|到|至)\s*$")
# …and a deadline or a starting point is not the feedback either: 9月30日前, 6月1日以来
DEADLINE_AFTER = re.compile(r"\s*(?:前|以前|之前|以来|起)")
# a year (and month) that gives a later yearless date its year: 2024年9月, 2024年9月至10月, 2023年12月6日至1月
YEAR_CONTEXT = re.compile(
    rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_MD})\s*月(?:\s*{_MD}\s*[日号])?"
    rf"(?:{RANGE_SEP}(?:(?P<ey>{_YEAR})\s*年\s*)?(?P<em>{_MD})\s*月)?")
# --- contact block ---------------------------------------------------------
# a mobile number first: its first 8 digits would pass for a landline
PHONE_NUMBER = (r"1[3-9]\d{9}(?!\d)|(?:\(?0\d{2,3}\)?\s*[-—–]?\s*)?\d{7,8}(?!\d)(?:\s*[-—–转]\s*\d{1,5})?"
                r"|12388|12345")
# dashes a phone number may be typed with, and an area code in brackets or before a space:
# the value is written 0379-68221735
PHONE_DASH = re.compile(r"\s*[-—–]\s*")
PHONE_AREA_CODE = re.compile(r"^\(?(0\d{2,3})\)?\s*[-—–]?\s*(?=\d{7,8})")
PHONE = re.compile(
    rf"(?:联系电话|监督电话|举报电话|来电电话|咨询电话|联系方式|电话)\s*(?:[::]|为|是)?\s*(?P<phone>{PHONE_NUMBER})")
# a numbered contact channel: 1.电话:… / 2.电子邮箱:… / 3.来信请寄:…
CONTACT_ITEM = re.compile(r"\s*(?:联系|监督|举报|咨询)?(?:电话|电子邮箱|邮箱|信箱|来信|来访|地址|通信地址|通讯地址|邮编|邮政编码|网址)")
# 联系人及电话:王某,0851-1234567 / 联系人:王某,电话0851-1234567
PHONE_AFTER_NAME = re.compile(
    rf"联系人(?:及电话|及联系方式)?\s*[:]\s*[\u4e00-\u9fa5]{{1,4}}\s*[,、 ]\s*(?:(?:联系)?电话\s*[:]?\s*)?(?P<phone>{PHONE_NUMBER})")
ADDRESS = re.compile(
    r"(?:通信地址|通讯地址|来信地址|邮寄地址|信件地址|地址)\s*(?:[::]|为)\s*(?P<address>[^;。\n]+?)"
    r"(?=\s*(?:[;。\n]|,?\s*(?:邮政编码|邮编|电子邮箱|电子信箱|邮箱|联系电话|电话|E-?mail)|$))")
# a note in parentheses at the end of an address: (信封请注明…)
ADDRESS_NOTE = re.compile(r"\s*\((?:[^()]*(?:注明|信封|工作日|时间)[^()]*)\)\s*$")
POSTCODE = re.compile(r"(?:邮政编码|邮编)\s*(?:[::]|为)?\s*(?P<postcode>\d{6})(?!\d)")
EMAIL = re.compile(
    r"(?:电子邮箱|电子信箱|电子邮件|邮箱|E-?mail)\s*(?:[::]|为)?\s*(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})",
    re.I)
CONTACT_KEY_WORDS = ("电话", "地址", "邮政编码", "邮编", "邮箱", "信箱")
CONTACT_KEY_EMAIL = re.compile(r"E-?mail", re.I)
CONTACT_KEY = re.compile("|".join([*CONTACT_KEY_WORDS, CONTACT_KEY_EMAIL.pattern]), re.I)
# a contact line of the notice asks for opinions; a site footer does not
CONTACT_CONTEXT = re.compile(r"意见|建议|监督|反映|举报|来信|来访|信访")
# characters between a contact line and the signature below it, at most
CONTACT_BEFORE_SIGNATURE = 400
FOOTER_WORDS = re.compile(r"主办单位|承办单位|主办:|承办:|版权所有|ICP|网站标识码|技术支持|公网安备|网站地图|维护单位")

# --- where the summary figures are -----------------------------------------
# "二、" heading: the problem-by-problem part starts below it
PART_TWO = re.compile(r"^\s*二\s*、", re.M)
# the heading of the problem-by-problem part (二、巡察反馈问题整改落实情况)
PROBLEM_PART_HEADING = re.compile(r"问题|整改任务|落实情况|具体整改|整改情况")
# a top-level part that is one problem: 一、关于村级财务管理不规范的问题
PROBLEM_ENTRY_HEADING = re.compile(r"\s*关于[^。]{2,60}?问题\s*$")
NOT_PROBLEM_PART = re.compile(r"主体责任|下一步|下步|打算|安排|组织|总体|开展情况|工作情况")
SUMMARY_PARAGRAPH_NEEDS = re.compile(rf"{NUM}个(?:具体)?问题[^。]*(?:整改|完成)|已完成整改{NUM}个")
# below the next steps, a paragraph that sums up what the feedback's problems came to
SUMMARY_AFTER_PLAN = re.compile(rf"(?:反馈|指出)的?\s*{NUM}\s*[个项条](?:具体)?问题[^。]*?(?:已|完成)")
SUMMARY_AFTER_PLAN_WORDS = ("反馈", "指出")
# a paragraph outside the summary part that still sums up (截至目前,…)
SUMMARY_PARAGRAPH_START = re.compile(r"^\s*(?:截至|截止|到|至|目前|总体(?:来看|上看)?|综上|至此)")
SUMMARY_PARAGRAPH_FIRST_CHARS = "截到至目总综"

# --- statistics ------------------------------------------------------------
_PROB = r"(?:个|项|条)"
# standalone done / in-progress counts are only trusted in 个: 措施 and 任务 are counted in 项/条;
# in 项 or 条 only next to a total in that unit (see done_in_totals_unit)
_PROB_ALONE = r"个"


def _prob_ends(unit: str) -> str:
    """A count that ends the phrase: 已完成整改14个, / 14个问题 — not 已完成12个老旧小区改造."""
    return rf"{unit}(?:(?=(?:具体)?问题)|(?![\u4e00-\u9fa5]))"


_PROB_ENDS = _prob_ends(_PROB_ALONE)
_DONE_VERB = r"(?:完成整改|整改完成|整改到位|整改完毕|整改销号|完成销号|完成|销号)"
# 正在整改, 正在按计划持续推进, 正在有序推进整改
_ONGOING = (r"(?:正在(?:按计划|按照计划|按时序|有序|持续|加快|加紧|积极|稳步|扎实|全力|抓紧|逐步|深入){0,3}(?:整改|推进|落实)"
            r"|持续(?:整改|推进)|推进中|整改中|尚在整改|仍在整改|基本完成|阶段性(?:完成|成效|进展|目标)"
            r"|取得(?:阶段性|积极|明显|初步)(?:成效|进展)"
            r"|需(?:要)?长期(?:坚持|推进|整改)|长期坚持|列为长期|列入长期|纳入长期)")
# 3个方面, 三大方面, 3方面, 3大类, 4类
_AREAS = r"(?:(?:个|大)?方面|大?类)"
# between a total and its done count: ,截至4月30日, / ,目前
_CUT_OFF_CLAUSE = r"[,]?\s*(?:(?:截至|截止到|截止|到)[^,。;]{0,16}?[,]?\s*)?(?:目前|现)?"
# who a count of people names, between the measure and the count: 提醒谈话相关干部8人
_WHOM = r"(?:(?:相关|有关|涉事)?(?:责任人员|责任人|工作人员|党员干部|干部|人员|党员|同志)|相关责任人)?"
# 对履职不到位的8名社区干部进行提醒谈话: what the people did may stand between 对 and the count
_TO_WHOM = r"对(?:[^,。;:\d]{0,24}?的)?"
_PERSONS = rf"{ABOUT}\s*(?:人|名|位)"
# people counted after the measure (诫勉谈话5人) or before it (对…的3名干部进行诫勉谈话)
_PEOPLE_MEASURES = [
    ("people_org_handled", r"组织处理"),
    ("people_admonished", r"诫勉(?:谈话)?"),
    ("people_criticized", r"批评教育"),
    ("people_reminded", r"(?:提醒谈话|谈话提醒|提醒谈话函询)"),
]


def _people_after(key: str, measure: str) -> re.Pattern[str]:
    return re.compile(rf"{measure}(?:处理)?{SUM}\s*{_WHOM}\s*(?P<{key}>{NUM})\s*{_PERSONS}")


def _people_before(key: str, measure: str) -> re.Pattern[str]:
    return re.compile(rf"{_TO_WHOM}(?P<{key}>{NUM})\s*{_PERSONS}[^,。;]{{0,16}}?(?:进行|予以|开展|作出|给予|实施)?{measure}")


def _recovered(verb: str) -> re.Pattern[str]:
    return re.compile(rf"{verb}[^,,。;:\d]{{0,30}}?(?:共计|合计|累计|共|总计|金额)?\s*{APPROX_BEFORE}\s*"
                      rf"(?P<amount>{AMOUNT})\s*(?:余|多)?\s*{MONEY_UNIT_WORD}")


def _done_alone(unit: str) -> list[re.Pattern[str]]:
    """A done count on its own: 已完成整改14个 / 已整改问题14个 / 已完成整改的问题14个 / 14个已完成."""
    ends = _prob_ends(unit)
    return [
        re.compile(rf"已(?:经)?(?:全部)?(?:{_DONE_VERB}|整改)(?:的)?(?:问题)?(?P<problems_done>{NUM})\s*{ends}"),
        re.compile(rf"(?:完成整改|整改完成|整改到位)(?:问题)?(?P<problems_done>{NUM})\s*{ends}"),
        re.compile(rf"(?P<problems_done>{NUM})\s*{unit}(?:问题)?(?:目前|现)?已(?:经)?(?:全部)?{_DONE_VERB}(?![\d率])"),
    ]


# What a pattern's match holds, when a zone often lacks it: a word of each group (a zone without
# them is not scanned; a pattern that opens with a number is tried at every numeral otherwise).
_AREA_WORDS = ("方面", "类")
_COUNTED_PROBLEM = ("个问题", "项问题", "条问题", "具体问题")
_COUNTED_TASK = ("项整改任务", "个整改任务", "条整改任务", "具体整改任务")

# (stat keys, pattern[, the words its match holds]); earlier patterns win over later ones, then
# the earliest position.
STAT_PATTERNS: list[tuple] = [
    # 4个方面17个问题 / 3个方面21个问题
    (("problem_areas", "problems_total"),
     re.compile(rf"(?P<problem_areas>{NUM})\s*{_AREAS}(?:的)?{SUM}\s*(?P<problems_total>{NUM})\s*{_PROB}(?:具体)?问题"),
     (_AREA_WORDS, _COUNTED_PROBLEM)),
    # 反馈的问题共3大类18个
    (("problem_areas", "problems_total"),
     re.compile(rf"问题{SUM}\s*(?P<problem_areas>{NUM})\s*{_AREAS}(?:的)?{SUM}\s*(?P<problems_total>{NUM})\s*{_PROB}")),
    # 17个问题已整改完成15个 / 46个具体问题已完成整改39个 / 21个问题中已完成整改18个
    (("problems_total", "problems_done"),
     re.compile(rf"(?P<problems_total>{NUM})\s*{_PROB}(?:具体)?问题[,,]?(?:中[,,]?)?(?:目前|现)?已(?:经)?(?:全部)?{_DONE_VERB}"
                rf"(?:问题)?(?P<problems_done>{NUM})\s*{_PROB}"),
     (_COUNTED_PROBLEM, ("已",))),
    # 17个问题已全部整改完成 / 反馈问题15个,已全部整改完成: the group "all" fills every key
    (("problems_total", "problems_done"),
     re.compile(rf"(?P<all>{NUM})\s*{_PROB}(?:具体)?问题[,,]?(?:目前|现)?(?:均已|已经?全部|全部|均)(?:已)?{_DONE_VERB}"),
     (_COUNTED_PROBLEM, ("均", "全部"))),
    (("problems_total", "problems_done"),
     re.compile(rf"(?:反馈|指出|交办)(?:的)?(?:具体)?问题{SUM}\s*(?P<all>{NUM})\s*{_PROB}[,,]?(?:目前|现)?(?:均已|已经?全部|全部|均)(?:已)?{_DONE_VERB}")),
    (("problem_areas",), re.compile(rf"(?P<problem_areas>{NUM})\s*{_AREAS}(?=[^。;]{{0,12}}问题)")),
    # 反馈问题共20个 / 共梳理问题12个 / 梳理形成问题清单15项
    (("problems_total",),
     re.compile(rf"(?:反馈|指出|交办|移交|梳理(?:出|形成)?|{_sum_before('涉及')}|{_sum_before('发现')})(?:的)?(?:问题|具体问题)(?:清单)?{SUM}\s*(?P<problems_total>{NUM})\s*{_PROB}")),
    (("problems_total",),
     re.compile(rf"(?:反馈|指出|交办|梳理(?:出|形成)?)(?:了|的)?{SUM}\s*(?P<problems_total>{NUM})\s*{_PROB}(?:具体)?问题")),
    # …4个方面14项问题,(截至目前,)已完成整改12项: the done count right after the total, in its unit
    (("problems_done",),
     re.compile(rf"(?<=问题)(?:中)?{_CUT_OFF_CLAUSE}已(?:经)?(?:全部)?{_DONE_VERB}(?:问题)?(?P<problems_done>{NUM})\s*{_PROB}")),
    *[(("problems_done",), p) for p in _done_alone(_PROB_ALONE)],
    (("problems_fixed_immediately",),
     re.compile(rf"立行立改(?:类)?(?:问题)?(?P<problems_fixed_immediately>{NUM})\s*{_PROB}")),
    (("problems_fixed_immediately",),
     re.compile(rf"(?P<problems_fixed_immediately>{NUM})\s*{_PROB}(?:问题)?(?:已)?(?:实现|完成)?立行立改")),
    (("completion_rate",),
     re.compile(r"(?:整改完成率|整改到位率|整改率|完成率|整改销号率|销号率)(?:为|达到了?|达)?\s*(?P<completion_rate>\d+(?:\.\d+)?)\s*%")),
    # 制定整改措施四十七条 / 94条整改措施 / 整改措施共计94条 / 整改举措58项
    (("measures_total",),
     re.compile(rf"(?P<measures_total>{NUM})\s*{ABOUT}(?:条|项)(?:具体)?整改(?:措施|举措)"),
     (("条整改措施", "项整改措施", "具体整改措施", "条整改举措", "项整改举措", "具体整改举措"),)),
    (("measures_total",),
     re.compile(rf"(?:整改|具体)(?:措施|举措){SUM}\s*(?P<measures_total>{NUM})\s*{ABOUT}(?:条|项)")),
    # 分解为45项整改任务,(截至4月30日,)已完成42项 / 细化整改任务45项,已完成42项
    (("tasks_total", "tasks_done"),
     re.compile(rf"(?P<tasks_total>{NUM})\s*{ABOUT}(?:项|个|条)(?:具体)?整改任务{_CUT_OFF_CLAUSE}已(?:全部)?完成(?:整改)?(?:任务)?"
                rf"(?P<tasks_done>{NUM})\s*{ABOUT}(?:项|个|条)"),
     (_COUNTED_TASK, ("已",), ("完成",))),
    (("tasks_total", "tasks_done"),
     re.compile(rf"整改任务{SUM}\s*(?P<tasks_total>{NUM})\s*{ABOUT}(?:项|个|条){_CUT_OFF_CLAUSE}已(?:全部)?完成(?:整改)?(?:任务)?"
                rf"(?P<tasks_done>{NUM})\s*{ABOUT}(?:项|个|条)")),
    (("tasks_total",),
     re.compile(rf"(?P<tasks_total>{NUM})\s*{ABOUT}(?:项|个|条)(?:具体)?整改任务"), (_COUNTED_TASK,)),
    (("tasks_total",), re.compile(rf"整改任务{SUM}\s*(?P<tasks_total>{NUM})\s*{ABOUT}(?:项|个|条)")),
    (("tasks_done",), re.compile(rf"(?:已完成|完成)(?:整改)?任务(?P<tasks_done>{NUM})\s*{ABOUT}(?:项|个|条)")),
    (("rules_made",),
     re.compile(rf"(?:制定|修订|修改|完善|建立|新建|出台|健全|新制定|形成)(?:[和、及与]?(?:制定|修订|修改|完善|建立|新建|出台|健全|废止))*"
                rf"(?:各类|相关|[\u4e00-\u9fa5]{{0,4}}?)(?:规章)?制度(?:机制|文件|规定|成果)?{SUM}\s*(?P<rules_made>{NUM})\s*{ABOUT}(?:项|个|份|件|部|篇)")),
    (("rules_made",),
     re.compile(rf"(?:制定|修订|修改|完善|建立|新建|出台|健全)(?:[和、及与]?(?:制定|修订|修改|完善|建立|新建|出台|健全))*"
                rf"(?P<rules_made>{NUM})\s*{ABOUT}(?:项|个|份|件|部)(?:各类|相关)?(?:规章)?制度")),
    (("rules_made",), re.compile(rf"建章立制(?P<rules_made>{NUM})\s*{ABOUT}(?:项|个|份|件)")),
    (("funds_recovered_yuan",), _recovered(r"(?:追回|追缴|清退|收缴|挽回|清收|退缴|退赔|追收|追偿)")),
    # 收回 and 退还 only when nothing plainer is stated; not 盘活和收回 (idle budget put back to use)
    # nor 退还群众多缴费用 (a refund to the public) (the look behinds stand after the word, ".." for it,
    # so the scan skips to 收 and 退 fast)
    (("funds_recovered_yuan",), _recovered(r"(?:收回(?<!盘活..)(?<!盘活和..)(?<!盘活、..)|退还(?<!向..)(?![^,。;]{0,12}?(?:多缴|多收|群众|业主|企业|缴费人|服务对象)))")),
    (("people_disciplined",),
     re.compile(rf"(?:党纪政务处分|党纪和政务处分|党纪、政务处分|党政纪处分|党纪政纪处分){SUM}\s*{_WHOM}\s*(?P<people_disciplined>{NUM})\s*{_PERSONS}")),
    *[((key,), _people_after(key, measure)) for key, measure in _PEOPLE_MEASURES],
    (("people_referred",),
     re.compile(rf"移送(?:司法机关|检察机关|纪检监察机关|纪委监委|[\u4e00-\u9fa5]{{0,8}}纪委监委)?(?:处理)?{SUM}\s*(?P<people_referred>{NUM})\s*{_PERSONS}")),
    (("clues_transferred",),
     re.compile(rf"(?:问题线索|线索){SUM}\s*(?P<clues_transferred>{NUM})\s*{ABOUT}(?:件|条|个)")),
    (("clues_transferred",),
     re.compile(rf"(?P<clues_transferred>{NUM})\s*{ABOUT}(?:件|条|个)问题线索")),
    *[((key,), _people_before(key, measure)) for key, measure in _PEOPLE_MEASURES],
    # 给予2名干部党内警告处分 / 对负有责任的2名干部给予党纪政务处分
    (("people_disciplined",),
     re.compile(rf"给予(?P<people_disciplined>{NUM})\s*(?:人|名[^,,。;]{{0,10}}?)(?:党纪政务|党纪|政务|党内|纪律)[^,,。;]{{0,4}}?处分")),
    (("people_disciplined",),
     re.compile(rf"{_TO_WHOM}(?P<people_disciplined>{NUM})\s*{_PERSONS}[^,。;]{{0,16}}?给予(?:党纪政务|党纪|政务|党内|纪律)[^,,。;]{{0,4}}?处分")),
    (("people_referred",),
     re.compile(rf"(?:将|把|对)(?:[^,。;:\d]{{0,24}}?的)?(?P<people_referred>{NUM})\s*{_PERSONS}[^,。;]{{0,16}}?移送")),
]

# right after a stated total (…4个方面21个问题): 已全部完成整改 — every one of them is done
ALL_DONE_AFTER_TOTAL = re.compile(
    rf"(?:中)?{_CUT_OFF_CLAUSE}(?:均已|已经?全部|全部|均)(?:已)?{_DONE_VERB}(?![\d率])")

# A summary given as a table: a row of labels (one cell a line, its unit in brackets) and
# below it a row of values, cell for cell. The first label pattern that fits names the figure.
TABLE_LABEL_LINE = re.compile(r"[ ]*(?P<label>[^\d\n()%]{2,20}?)[ ]*(?:\((?P<unit>[^()\n]{1,4})\))?[ ]*$")
TABLE_VALUE_LINE = re.compile(r"[ ]*(?P<value>\d+(?:\.\d+)?)[ ]*(?P<percent>%)?[ ]*$")
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

# Words a summary zone must hold for a figure's patterns to be tried at all (a cheap filter:
# most patterns open with a number and would otherwise be tried at every position).
STAT_ANCHORS = {
    "problem_areas": ("方面", "类"), "problems_total": ("问题",), "problems_done": ("整改", "完成", "销号"),
    "problems_fixed_immediately": ("立行立改",), "completion_rate": ("率",), "measures_total": ("措施", "举措"),
    "tasks_total": ("任务",), "tasks_done": ("任务",), "rules_made": ("制度", "建章立制"),
    "funds_recovered_yuan": ("元",), "people_disciplined": ("处分",), "people_org_handled": ("组织处理",),
    "people_admonished": ("诫勉",), "people_criticized": ("批评教育",), "people_reminded": ("谈话",),
    "people_referred": ("移送",), "clues_transferred": ("线索",),
}

# Counts that are added up when one summary sentence states them apart:
# 给予党纪处分1人、政务处分1人 / 已完成整改12个,阶段性完成3个,持续推进2个.
# (the look behinds after 党纪/政务, ".." for it, so the scan skips to 党 and 政 fast)
SEPARATE_DISCIPLINE = re.compile(
    rf"(?:党纪|政务)(?<!政务..)(?<!党纪..)(?:轻处分|重处分|处分){SUM}\s*(?P<n>{NUM})\s*{_PERSONS}")


def _in_progress_parts(unit: str) -> list[re.Pattern[str]]:
    ends = _prob_ends(unit)
    return [
        re.compile(rf"{_ONGOING}(?:的)?(?:问题)?(?P<n>{NUM})\s*{ends}"),
        # 2个正在整改 / 6个问题正在按计划持续推进 / 2个问题因涉及历史遗留正在推进
        re.compile(rf"(?P<n>{NUM})\s*{unit}(?:(?:具体)?问题[^,。;\d]{{0,8}}?|已|目前|仍)?{_ONGOING}"),
        # 其余2个正在按计划推进 / 其余7个需要长期推进的问题已取得阶段性成效,正在持续推进
        re.compile(rf"(?:其余|剩余|其他|另有|余下|尚有)(?P<n>{NUM})\s*{unit}[^。;]{{0,40}}?(?:{_ONGOING}|推进)"),
        re.compile(rf"(?:尚未完成|未完成|未整改完成)(?:整改)?(?:的)?(?:问题)?(?P<n>{NUM})\s*{ends}"),
    ]


IN_PROGRESS_PARTS = _in_progress_parts(_PROB_ALONE)

# Problems counted in 项 or 条 (巡察反馈问题17项 / 反馈的17条问题): done and in-progress counts in
# that unit belong to them from the total up to the end of the next sentence, unless a count of
# something else that uses those units comes between (整改任务45项,已完成42项 / 建立制度9项).
TOTAL_UNIT = re.compile(rf"{NUM}\s*(?P<unit>[个项条])")
OTHER_COUNTED_THING = re.compile(r"任务|措施|举措|制度|建章立制|线索")
# (compiled on first use, for one notice in a few: they would add ~40 ms to every start-up)
TOTALS_UNITS = ("项", "条")


@functools.cache
def done_in_totals_unit(unit: str) -> list[re.Pattern[str]]:
    return _done_alone(unit)


@functools.cache
def in_progress_in_totals_unit(unit: str) -> list[re.Pattern[str]]:
    return _in_progress_parts(unit)
