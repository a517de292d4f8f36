"""Language data for facts.py: how notices state their metadata and contact block (figures: stats_zh.py).

Patterns apply to normalised text (half-width ",", ":", ";", "(", ")", "%"); Chinese
punctuation without an ASCII twin (、。“”) is as printed. Named groups carry the values.
"""

from __future__ import annotations

import re

from notice_miner.lang.layout_zh import AGENCY_ENDINGS, ANY_PART, ENUM_LINE  # noqa: F401 (read here by facts and agency)
from notice_miner.lang.numerals import DATE_PATTERN
from notice_miner.lang.vocabulary import KIND_WORDS

# A date and a date whose year may be left out (the end of a range).
DATE = DATE_PATTERN
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
PARTIAL_DATE = rf"(?:(?P<ey>{_YEAR})\s*年\s*)?(?P<em>{_MD})\s*月\s*(?P<ed>{_MD})\s*[日号]"

# the issuing body before 关于 in the title, after a page's label if any (上级巡视:中共…关于…)
TITLE_SUBJECT = re.compile(r"^(?:[^\s,。;:]{1,8}:\s*)?(?P<agency>[^\s,。;:]{3,40}?)关于")

# --- agency ----------------------------------------------------------------
# A name as a sentence gives it: no clause punctuation or white space; a bracketed part may hold
# commas (…文化和旅游局(…文物局,含…执法大队)党组); 、 joins bodies inspected together
# (省甲集团、乙港集团党委), a name holding one must end with a party organ.
_NAME = r"(?:[^,。;:、\s()]|\([^()。;\n]{1,40}?\))"
# the inspected body as the opening sentence names it: …巡察组对市科技局党组开展了常规巡察
AGENCY_SHORT = re.compile(
    rf"(?:巡视|巡察)(?:工作)?(?:第?[一二三四五六七八九十\d]+)?组[^。;]{{0,30}}?(?:对|进驻|入驻)(?P<short>(?:{_NAME}|、){{2,50}}?)(?:党组织)?"
    # …党组及局机关 / …党委及所属单位 / …党组和下属单位 / …党组等3个单位: the body is named first
    r"(?:(?:及|以及|和(?=所属|下属|直属|局属|机关))[^,。;:、\s]{1,12}?|等\s*(?:[一二三四五六七八九十\d]+\s*)?[个家]?(?:单位|部门|党组织)?)?"
    r"(?:开展了?|进行了?|实施了?)"
)
ENTERED = re.compile(r"进驻|入驻")
# the body the opening's feedback went to: 向区水务局党组反馈, 向镇党委主要负责人和…分别反馈,
# 向局党组和各学校党组织反馈 (a list only after a party organ or a role: 向区发展和改革局党组反馈)
FEEDBACK_TO = re.compile(
    rf"向(?P<to>{_NAME}{{2,50}}?)(?:主要负责人|主要领导|领导班子)?"
    r"(?:(?:(?<=党组|党委)|(?<=党工委|党总支|党支部|负责人)|(?<=领导班子))[和及][^,。;]{0,24}?)?"
    r"(?:分别|当面)?反馈"
)
# the body inspected, told the other way round: 县乙局党组接受了县委第一巡察组的常规巡察
AGENCY_SHORT_PASSIVE = re.compile(r"(?P<short>[^,。;:、\s]{2,30}?)接受了?[^。;]{0,30}?(?:巡视|巡察)(?:工作)?(?:第?[一二三四五六七八九十\d]+)?组的")
# pronouns, not names: 对我局开展了巡察, 向我院党组反馈
AGENCY_PRONOUN = re.compile(r"^(?:我|本|该)")
# an alias the text gives a name: 交通运输部党组(以下简称部党组), 某局(简称“甲局”)党组
NAME_ALIAS = re.compile(r"\((?:以下)?简称[::]?\s*[“\"]?(?P<alias>[^()“”\"]{2,20}?)[”\"]?\)")
# a bracketed second name after a name: 东湖区委(湖滨风景区党工委)
NAME_SECOND_NAME = re.compile(r"\([^()]{2,30}\)$")
# after a pronoun opening (对我局党组开展了巡察), the name the running text gives the body: a
# sentence that opens with it and acts (市检察院党组认真对照…, 县委统战部高度重视…)
RUNNING_NAME_ACTS = (
    "高度重视",
    "坚持",
    "认真",
    "严格",
    "立即",
    "第一时间",
    "及时",
    "切实",
    "始终",
    "坚决",
    "接到",
    "召开",
    "成立",
    "根据",
    "按照",
    "把",
    "将",
    "对照",
    "针对",
    "深刻",
)
RUNNING_NAME_ENDINGS = ("党组", "党委", "党工委", "党总支", "党支部", "部", "局", "委", "院", "办", "中心", "公司", "集团", "学校", "中学", "社区")
# what may stand before a name a mention extends (向临江县委统战部反馈, 《中共某镇党委关于…》)
NAME_LEFT_OF = "向对由和与及将为把在经据"
# the party organ at the end of a full name, and the short form used for the canonical name
PARTY_ORGAN_CANONICAL = [("工作委员会", "党工委"), ("总支部委员会", "党总支"), ("支部委员会", "党支部"), ("委员会", "党委")]
PARTY_PREFIXES = ("中国共产党", "中共")
# party organs that end a body's name; the 委员会 forms only after 中共 (发展和改革委员会 is a body)
PARTY_ORGANS = ("党工委", "党总支", "党支部", "党组", "党委")
PARTY_COMMITTEES = ("总支部委员会", "支部委员会", "工作委员会", "委员会")

# --- region, level and body type -------------------------------------------
# provinces and autonomous regions whose names are used without a 省/自治区 suffix
BARE_PROVINCES = ("内蒙古", "广西", "西藏", "宁夏", "新疆", "北京", "天津", "上海", "重庆", "香港", "澳门")
# first place in a name: 2-8 characters and an administrative suffix
# characters that never occur in the stem of a lower place name (keep 城市管理局, 住房和城乡建设局 out)
PLACE_STEM = r"[^\s城区县乡镇局委会院司所站厅部办和与及心党组政府学校集团公\d]"
PLACE_FIRST = re.compile(rf"^(?:{PLACE_STEM}{{2,8}}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|旗|区))")
PLACE_NEXT = re.compile(rf"^(?:{PLACE_STEM}{{2,5}}?(?:自治县|自治旗|新区|市|区|县|旗|镇|乡|街道))")
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
    ("人民法院", "court"),
    ("法院", "court"),
    ("人民检察院", "procuratorate"),
    ("检察院", "procuratorate"),
    ("公安局", "police"),
    ("纪委监委", "discipline"),
    ("纪律检查委员会", "discipline"),
    ("医院", "hospital"),
    ("卫生院", "hospital"),
    ("保健院", "hospital"),
    ("大学", "university"),
    ("学院", "university"),
    ("高等专科学校", "university"),
    ("党校", "party_school"),
    ("中学", "school"),
    ("小学", "school"),
    ("学校", "school"),
    ("幼儿园", "school"),
    ("集团", "soe"),
    ("有限公司", "soe"),
    ("有限责任公司", "soe"),
    ("公司", "soe"),
    ("银行", "soe"),
    ("街道", "township"),
    ("镇", "township"),
    ("乡", "township"),
    ("人民政府", "government"),
    ("政府", "government"),
    ("委员会", "commission"),
    ("局", "bureau"),
    ("厅", "department"),
    ("部", "department"),
    ("委", "commission"),
    ("办公室", "office"),
    ("办", "office"),
    ("中心", "centre"),
    ("研究院", "institute"),
    ("研究所", "institute"),
    ("协会", "association"),
    ("联合会", "association"),
]

# --- inspector and kind ----------------------------------------------------
INSPECTOR_WHO = (
    r"(?:中央|自治区党委|省委|市委|州委|盟委|地委|县委|区委|旗委|工委|"
    r"(?:学校|大学|学院|医院|集团公司|集团|公司|中心|校|院|局|厅|委)党(?:委|组)|(?:街道|镇|乡)党(?:工委|委)|(?:社区|中心)党委"
    # any body's own committee, named whole from the start of its clause:
    # 湖北省税务局党委第三巡察组, 总行党委第三巡视组 (not 根据局党委…)
    r"|(?:(?<=[^\u4e00-\u9fa5])|(?<=由))(?!根据|按照|依据|经|在|对|受|由)[\u4e00-\u9fa5]{1,14}?(?:党委|党组|党工委)"
    r"|党委|党组|党工委)"
)
_ORDINAL = r"[一二三四五六七八九十\d]+"
# what a team is sent for, between its number and 巡察组: 第三提级交叉巡察组, 第二联动巡察组,
# 乡村振兴专项巡察组 (a topic before 专项)
_TEAM_KIND = r"(?:提级交叉|上下联动|交叉|联动|专项|机动|提级|[\u4e00-\u9fa5]{2,6}?专项)"
_TEAM = r"(?:巡视|巡察)(?:工作)?组"
# 市委第一巡察组, 市委巡察第一组, 十五届县委第六轮巡察第三巡察组, 十二届某市委第八轮巡察二组 (the
# term, the place after it and the round as written), 院党委巡察办专项巡察组, 区委4个巡察组; a team
# named by its number alone opens its clause (…,第二巡察组对…)
INSPECTOR = re.compile(
    rf"(?P<inspector>(?:(?<![一二三四五六七八九十\d]){_ORDINAL}届(?:[\u4e00-\u9fa5]{{2,4}}?(?=[省市州县区]委))?)?(?P<who>{INSPECTOR_WHO})"
    rf"(?:巡察办|巡视办)?(?:第{_ORDINAL}轮(?:巡视|巡察)?)?"
    rf"(?:第{_ORDINAL}(?:轮)?{_TEAM_KIND}?{_TEAM}|(?:巡视|巡察)第{_ORDINAL}组"
    rf"|(?:巡视|巡察)[一二三四五六七八九十]+组|{_ORDINAL}个{_TEAM}|{_TEAM_KIND}?{_TEAM})"
    rf"|(?<![\u4e00-\u9fa5])第{_ORDINAL}{_TEAM_KIND}?{_TEAM})"
)
# kinds as printed; the first one after the inspector's 对… wins
INSPECTION_KIND = re.compile(
    r"(?P<kind>(?:巡视|巡察)\s*[“\"]\s*回头看\s*[”\"]|(?:巡视|巡察)回头看|"
    rf"(?:{'|'.join(KIND_WORDS)})(?:巡视|巡察))"
)
INSPECTION_CLAUSE_END = "。;"

# --- dates -----------------------------------------------------------------
# the page's byline above the notice (发布时间:2024-03-05 10:20 来源:…): its date is the publication date
# when the notice signs none; a bare 时间/日期 label counts only on a line the layout read as page chrome
BYLINE_DATE = re.compile(
    r"(?:发布|发文|公开|更新)?(?:时间|日期)\s*[::]\s*"
    r"(?P<date>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
)
# 3月28日至5月30日, 3月28日起至5月30日, 3月28日—5月30日
RANGE_SEP = r"\s*(?:起\s*)?(?:至|到|—|–|-|~|～)\s*"
INSPECTION_RANGE = re.compile(rf"(?P<start>{DATE}){RANGE_SEP}(?P<end>{PARTIAL_DATE})")
# a date a mirror printed without 年 and 月, and the end of its range: 202442日至820日
RUN_TOGETHER_DATE = re.compile(r"(?<![\d.])(?:19|20)\d{2}\d{2,4}[日号](?:\s*(?:至|到|—|–|-|~)\s*\d{2,4}[日号])?")
# an inspection in parts: …至2月6日、2月21日至3月24日
RANGE_CONTINUED = re.compile(rf"\s*[、和]\s*(?:{_YEAR}\s*年\s*)?{_MD}\s*月\s*{_MD}\s*[日号]{RANGE_SEP}(?P<end>{PARTIAL_DATE})")
# a range with no year at all (3月25日至5月17日): the year comes from the context
YEARLESS_RANGE = re.compile(
    rf"(?<![\d年])(?P<start>(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*[日号]){RANGE_SEP}"
    rf"(?P<end>(?P<em>{_MD})\s*月\s*(?P<ed>{_MD})\s*[日号])"
)
# the start and end told apart: 巡察组于2024年5月6日进驻县乙局开展常规巡察,6月21日结束
# the start alone: 于2024年5月6日进驻…, 2024年9月2日起,…巡察组对…开展了…
INSPECTION_ENTRY = re.compile(rf"(?P<start>{DATE})\s*(?:(?:起\s*)?(?:进驻|入驻)|起\s*(?=,))")
INSPECTION_EXIT = re.compile(rf"(?P<end>{PARTIAL_DATE})[^,。;\d]{{0,8}}?(?:结束|撤离|撤出|完成现场巡[察视])")
# 2024年9月27日,市委巡察组(向…)反馈了巡察意见: the verb, then the date nearest before it
# 反馈了巡察意见, 召开反馈会, 反馈了巡察发现的问题, 进行了反馈, 将巡察意见反馈给…
# (not 巡察反馈意见整改工作部署会: there the 意见 is what another meeting is about)
# (every branch opens with a plain character, so the engine skips to 反, 进, 作, 予 or 意 fast)
FEEDBACK_VERB = re.compile(
    r"反馈(?:了)?(?:(?!整改|落实)[^,。;]){0,10}?(?:意见|会|情况)(?!整改|落实|专题|部署)|反馈了[^,。;]{0,12}?问题|进行了?(?:巡察|巡视)?反馈|作了反馈|作出反馈|予以反馈"
    r"|意见反馈给"
)
FEEDBACK_DATE = re.compile(rf"(?P<date>(?:(?P<fy>{_YEAR})\s*年\s*)?(?P<fm>{_MD})\s*月\s*(?P<fd>{_MD})\s*[日号])")
# how far before 反馈 its date may be, and the words that make a date a cut-off, not the feedback
FEEDBACK_DATE_REACH = 60
CUT_OFF_BEFORE = re.compile(r"(?:截至|截止|截止到|到|至)\s*$")
# …and a deadline or a starting point is not the feedback either: 9月30日前, 6月1日以来
DEADLINE_AFTER = re.compile(r"\s*(?:前|以前|之前|以来|起)")
# a year (and month) that gives a later yearless date its year: 2024年9月, 2024年9月至10月, 2023年12月6日至1月
YEAR_CONTEXT = re.compile(
    rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_MD})\s*月(?:\s*{_MD}\s*[日号])?"
    rf"(?:{RANGE_SEP}(?:(?P<ey>{_YEAR})\s*年\s*)?(?P<em>{_MD})\s*月)?"
)
# --- contact block ---------------------------------------------------------
# a mobile number first: its first 8 digits would pass for a landline
PHONE_NUMBER = (
    r"1[3-9]\d{9}(?!\d)|(?:\(?0\d{2,3}\)?\s*(?:[-—–]\s*)?)?\d{7,8}(?!\d)(?:\s*[-—–转]\s*\d{1,5})?"
    r"|12388|12345"
)
# dashes a phone number may be typed with, and an area code in brackets or before a space:
# the value is written 0123-68221735
PHONE_DASH = re.compile(r"\s*[-—–]\s*")
PHONE_AREA_CODE = re.compile(r"^\(?(0\d{2,3})\)?\s*(?:[-—–]\s*)?(?=\d{7,8})")
PHONE = re.compile(rf"(?:联系电话|监督电话|举报电话|来电电话|咨询电话|联系方式|电话)\s*(?:(?:[::]|为|是)\s*)?(?P<phone>{PHONE_NUMBER})")
# 联系人及电话:王某,0851-1234567 / 联系人:王某,电话0851-1234567
PHONE_AFTER_NAME = re.compile(
    rf"联系人(?:及电话|及联系方式)?\s*[:]\s*[\u4e00-\u9fa5]{{1,4}}(?:\s*[,、]|\s)\s*(?:(?:联系)?电话\s*(?::\s*)?)?(?P<phone>{PHONE_NUMBER})"
)
ADDRESS = re.compile(
    r"(?:通信地址|通讯地址|来信地址|邮寄地址|信件地址|地址)\s*(?:[::]|为)\s*(?P<address>[^;。\s](?:[^;。\n]*?[^;。\s])?)"
    r"(?=\s*(?:[;。\n]|(?:,\s*)?(?:邮政编码|邮编|电子邮箱|电子信箱|邮箱|联系电话|电话|E-?mail)|$))"
)
# a note in parentheses at the end of an address: (信封请注明…)
ADDRESS_NOTE = re.compile(r"\s*\((?:[^()]*(?:注明|信封|工作日|时间)[^()]*)\)\s*$")
POSTCODE = re.compile(r"(?:邮政编码|邮编)\s*(?:(?:[::]|为)\s*)?(?P<postcode>\d{6})(?!\d)")
EMAIL = re.compile(
    r"(?:电子邮箱|电子信箱|电子邮件|邮箱|E-?mail)\s*(?:(?:[::]|为)\s*)?(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})", re.I
)
