"""facts.extract_facts and lang.numerals: every gold figure of the shared corpus, and each
pattern family on sentences written here (other agencies' wording, traps, fallbacks)."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notice_miner.layout import analyse
from notice_miner import ingest
from notice_miner.errors import UnsupportedFormat
from notice_miner.facts import extract_facts
from notice_miner.lang.numerals import cn_to_int, money_to_yuan, parse_cn_date, percent_to_fraction
from notice_miner.normalise import normalise


def facts_of(raw: str, **kw):
    text = normalise(raw).text
    return text, extract_facts(analyse(text), **kw)


def shared_notices(shared: Path) -> list[Path]:
    corpus = shared / "corpus"
    return sorted(p for p in [*corpus.glob("*.*"), *corpus.glob("dev/*.*")]
                  if p.suffix in (".txt", ".html"))


def read_notice(path: Path) -> tuple[str, dict, str | None]:
    """Normalised text, page metadata and title hint, through ingest (crude tag stripping if it has no HTML yet)."""
    try:
        doc = ingest.read(path)
        return normalise(doc.text).text, doc.page_meta, doc.title
    except UnsupportedFormat:
        import lxml.html

        tree = lxml.html.fromstring(path.read_bytes())
        for el in tree.xpath("//script|//style|//head"):
            el.drop_tree()
        return normalise(tree.text_content()).text, {}, None


def check_evidence(text: str, facts) -> None:
    """Every value has evidence; every quote is text[span] and states the value."""
    meta = facts.metadata.model_dump(mode="json", exclude_none=True)
    values = {f"metadata.{k}": v for k, v in meta.items() if k != "page"}
    values |= {f"metadata.page.{k}": v for k, v in meta.get("page", {}).items()}
    values |= {f"stats.{k}": v for k, v in facts.stats.model_dump(exclude_none=True).items()}
    fields = [ev.field for ev in facts.evidence if ev.field != "title"]
    assert sorted(fields) == sorted(values), "one evidence per value"
    for ev in facts.evidence:
        if ev.source == "page":
            assert ev.span is None and ev.quote
            continue
        assert text[ev.span[0]:ev.span[1]] == ev.quote
        if ev.field == "title":
            continue
        value = values[ev.field]
        name = ev.field.split(".", 1)[1]
        quote = re.sub(r"\s", "", ev.quote)  # a value may be wrapped over two lines
        if name == "funds_recovered_yuan":
            amounts = [money_to_yuan(n, u + "元") for n, u in re.findall(
                r"([\d.,]+|[一二两三四五六七八九十百千零〇]+)\s*(?:余|多)?\s*(亿|万|千)?\s*(?:余|多)?\s*元", quote)]
            if amounts:  # one amount, or the amounts a sentence states apart, added up
                assert value == pytest.approx(amounts[0]) or value == pytest.approx(sum(amounts))
            else:  # a table: the unit in the label's brackets, the number in its cell below
                unit = re.search(r"\(((?:亿|万|千)?元)\)", quote).group(1)
                assert any(money_to_yuan(n, unit) == pytest.approx(value) for n in re.findall(r"\d+(?:\.\d+)?", ev.quote))
        elif name == "completion_rate":
            # the stripped quote for a number wrapped over two lines, the quote as printed for a table's cells
            assert any(percent_to_fraction(n) == pytest.approx(value)
                       for n in re.findall(r"([\d.]+)\s*%", quote) + re.findall(r"([\d.]+)\s*%", ev.quote))
        elif name in ("inspection_start", "inspection_end", "feedback_date", "published"):
            y, m, d = (int(x) for x in value.split("-"))
            assert str(m) in quote or _cn(m) in quote
            assert str(d) in quote or _cn(d) in quote
        elif isinstance(value, int):
            # a count stated in parts (党纪处分2人、政务处分1人) is their sum
            parts = [cn_to_int(x) for x in re.findall(r"(\d+|[一二两三四五六七八九十]+)(?=[个人名])", quote)]
            assert str(value) in quote or value in _cn_numbers(quote) or sum(parts) == value
        elif name == "phone":  # written with "-" whatever dash or brackets the text uses
            assert re.sub(r"\D", "", value) in re.sub(r"\D", "", quote)
        elif name in ("agency", "agency_short"):  # an alias in brackets may be left out of the name
            rest = iter(quote)
            assert all(ch in rest for ch in value)
        elif isinstance(value, str) and name in ("postcode", "email", "address", "inspector", "inspection_kind"):
            assert re.sub(r"[“”\"\s]", "", value) in re.sub(r"[“”\"\s]", "", quote)


def _cn_numbers(quote: str) -> set[int]:
    """The numbers a quote writes in Chinese numerals (四十七, 一百二十三, 两)."""
    return {cn_to_int(x) for x in re.findall(r"[零〇一二两三四五六七八九十百千]+", quote)}


def _cn(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


# --- the shared corpus -------------------------------------------------------

def test_every_gold_metadata_and_stat_is_produced_exactly(shared):
    notices = shared_notices(shared)
    assert len(notices) >= 9
    for path in notices:
        gold = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".gold.json").read_text(encoding="utf-8"))
        text, page, hint = read_notice(path)
        facts = extract_facts(analyse(text), page=page, title_hint=hint)
        meta = facts.metadata.model_dump(mode="json", exclude_none=True)
        stats = facts.stats.model_dump(exclude_none=True)
        for key, value in gold["metadata"].items():
            assert meta.get(key) == value, f"{path.name} metadata.{key}: {meta.get(key)!r} != {value!r}"
        for key, value in gold["stats"].items():
            assert stats.get(key) == pytest.approx(value), f"{path.name} stats.{key}: {stats.get(key)!r} != {value!r}"
        # a figure the gold does not state must not be invented either
        assert set(stats) <= set(gold["stats"]), f"{path.name}: extra stats {set(stats) - set(gold['stats'])}"
        check_evidence(text, facts)
        assert facts.warnings == [], f"{path.name}: {facts.warnings}"


PROJECT_SETS = [Path(__file__).resolve().parent.parent / "corpus",
                Path(__file__).resolve().parent / "fixtures" / "regression"]


@pytest.mark.parametrize("path", sorted(p for d in PROJECT_SETS for p in d.glob("*.*")
                                        if p.suffix in (".txt", ".html", ".pdf", ".docx")
                                        and p.with_name(p.stem + ".gold.json").exists()), ids=lambda p: p.name)
def test_project_and_regression_gold_metadata_and_stats(path):
    """The project corpus and the outside testers' regression notices, read through ingest."""
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    doc = ingest.read(path)
    text = normalise(doc.text).text
    facts = extract_facts(analyse(text), page=doc.page_meta, title_hint=doc.title)
    meta = facts.metadata.model_dump(mode="json", exclude_none=True)
    stats = facts.stats.model_dump(exclude_none=True)
    assert {k: meta.get(k) for k in gold["metadata"]} == gold["metadata"]
    assert {k: stats.get(k) for k in gold["stats"]} == pytest.approx(gold["stats"])
    assert set(stats) <= set(gold["stats"]), f"extra stats {set(stats) - set(gold['stats'])}"
    check_evidence(text, facts)


def test_real_notice_without_title_line_has_no_title_unless_hinted(shared):
    text, _, _ = read_notice(shared / "corpus" / "000_e67ed025cdbe23ec.txt")
    assert extract_facts(analyse(text)).title is None
    assert extract_facts(analyse(text), title_hint="关于巡察整改进展情况的通报").title == "关于巡察整改进展情况的通报"


# --- numerals -------------------------------------------------------------------

@pytest.mark.parametrize("written, value", [
    ("二十三", 23), ("十二", 12), ("一百零五", 105), ("两万", 20000), ("三亿五千万", 350_000_000),
    ("二〇二四", 2024), ("○", 0), ("零", 0), ("17", 17), ("3万", 30000), ("十", 10),
])
def test_cn_to_int(written, value):
    assert cn_to_int(written) == value


def test_cn_to_int_rejects_words():
    assert cn_to_int("若干") is None
    assert cn_to_int("") is None


@pytest.mark.parametrize("written, value", [
    ("二〇二四年十二月六日", date(2024, 12, 6)),
    ("二○二三年一月三十一日", date(2023, 1, 31)),
    ("2025年11月20日", date(2025, 11, 20)),
    ("2024-10-29 09:16", date(2024, 10, 29)),
    ("2024年2月30日", None),
    ("二〇二四年十三月一日", None),
])
def test_parse_cn_date(written, value):
    assert parse_cn_date(written) == value


@pytest.mark.parametrize("number, unit, yuan", [
    ("21.37", "万元", 213700), ("3217.6", "万元", 32176000), ("1.2", "亿元", 120_000_000),
    ("71320", "元", 71320), ("4943.5", "万元", 49435000), ("1,234", "元", 1234),
])
def test_money_to_yuan(number, unit, yuan):
    assert money_to_yuan(number, unit) == yuan


# --- metadata on other agencies' wording -----------------------------------------

COUNTY_BUREAU = """中共某某县发展和改革局党组
关于县委第一巡察组提级巡察反馈意见整改情况的通报

根据县委统一部署，2023年11月6日至1月12日，县委第一巡察组对县发改局党组开展了提级巡察。2月20日，县委第一巡察组向县发改局党组反馈了巡察意见。

一、整改工作总体情况
截至2024年6月30日，反馈的3个方面12个问题中，立行立改5个，已整改到位10个，基本完成2个，整改完成率83.3%。细化整改任务45项，已完成整改任务40项。挽回经济损失1.2亿元，收缴违纪款项71320元；给予党纪处分2人、政务处分1人，组织处理3人，批评教育4人，提醒谈话5人，移送司法机关1人；处置问题线索6件。
二、巡察反馈问题整改落实情况
（一）关于某某方面
1.项目审批把关不严。一是追回资金99万元。二是给予党纪处分9人。三是制定修订制度40项。

欢迎广大干部群众监督。联系电话：0311-1234567（工作日8:30—17:30）。

中共某某县发展和改革局党组
二〇二四年七月三日

主办单位：某某县人民政府 联系电话：0311-7654321 地址：某某路1号
"""


def test_two_line_title_cross_year_range_and_feedback_year():
    text, f = facts_of(COUNTY_BUREAU)
    assert f.title == "中共某某县发展和改革局党组关于县委第一巡察组提级巡察反馈意见整改情况的通报"
    m = f.metadata
    assert (m.inspection_start, m.inspection_end) == (date(2023, 11, 6), date(2024, 1, 12))
    assert m.feedback_date == date(2024, 2, 20)  # no year: after the range, in the next calendar year
    assert m.published == date(2024, 7, 3)
    assert (m.inspection_kind, m.inspector, m.inspector_level) == ("提级巡察", "县委第一巡察组", "县委")
    assert (m.agency, m.agency_short, m.agency_canonical) == ("中共某某县发展和改革局党组", "县发改局党组", "某某县发展和改革局党组")
    assert (m.region, m.level, m.body_type) == ("某某县", "county", "bureau")
    check_evidence(text, f)


def test_footer_phone_after_the_signature_is_not_the_notices():
    _, f = facts_of(COUNTY_BUREAU)
    assert f.metadata.phone == "0311-1234567"
    assert f.metadata.address is None


def test_site_footer_is_ignored_when_the_notice_has_no_contact_line():
    body = COUNTY_BUREAU.replace("联系电话：0311-1234567（工作日8:30—17:30）。", "")
    _, f = facts_of(body)
    assert f.metadata.phone is None


def test_summary_stats_of_other_wording():
    text, f = facts_of(COUNTY_BUREAU)
    s = f.stats
    assert (s.problem_areas, s.problems_total, s.problems_done) == (3, 12, 10)
    assert s.problems_in_progress == 2  # 基本完成2个
    assert s.problems_fixed_immediately == 5
    assert s.completion_rate == pytest.approx(0.833)
    assert (s.tasks_total, s.tasks_done) == (45, 40)
    assert s.funds_recovered_yuan == 120_071_320  # 1.2亿元 and 71320元 stated apart in one sentence, added
    assert s.people_disciplined == 3  # 党纪处分2人、政务处分1人
    assert (s.people_org_handled, s.people_criticized, s.people_reminded, s.people_referred) == (3, 4, 5, 1)
    assert s.clues_transferred == 6
    # part 二's single measures (追回资金99万元, 处分9人, 制度40项) are not summaries
    assert s.rules_made is None
    check_evidence(text, f)


TOWNSHIP_WORK_COMMITTEE = """中共深圳市南山区粤海街道工作委员会关于区委巡察整改进展情况的通报
根据区委统一部署,2024年3月1日至2024年4月30日,区委第三巡察组对粤海街道党工委开展了常规巡察。2024年5月30日,区委第三巡察组向粤海街道党工委反馈了巡察意见。
巡察反馈的20个问题已整改完成18个,3个问题持续整改中。共细化整改措施80条。制定修订规章制度10项。追缴资金71320元。给予党纪政务处分0人。
一、问题整改情况
1.某问题。已追回资金5万元。
中共深圳市南山区粤海街道工作委员会
2024年2月30日
"""


def test_work_committee_zero_counts_and_yuan():
    text, f = facts_of(TOWNSHIP_WORK_COMMITTEE)
    m, s = f.metadata, f.stats
    assert m.agency_short == "粤海街道党工委"
    assert m.agency_canonical == "深圳市南山区粤海街道党工委"
    assert (m.region, m.level, m.body_type) == ("深圳市南山区粤海街道", "township", "township")
    assert (s.problems_total, s.problems_done, s.measures_total, s.rules_made) == (20, 18, 80, 10)
    assert s.funds_recovered_yuan == 71320
    assert s.people_disciplined == 0
    check_evidence(text, f)


def test_impossible_signature_date_is_left_out_with_warnings():
    _, f = facts_of(TOWNSHIP_WORK_COMMITTEE)
    assert f.metadata.published is None
    assert any("2024年2月30日" in w for w in f.warnings)
    assert any("do not add up" in w for w in f.warnings)  # 18 + 3 != 20


PAGE_ONLY = """根据市委统一部署,市委第二巡察组于2024年4月至6月对我局开展了巡察"回头看"。
截至目前,巡察反馈问题15个,已全部整改完成。清退违规发放津补贴3.5万元。
一、主体责任
(一)组织领导。建立整改台账。
二、问题整改情况
1.问题。整改措施。
地址:某市某路1号 联系电话:020-88888888
"""


def test_published_falls_back_to_the_page_and_says_so():
    page = {"page_date": "2024-08-01", "page_published": "2024-08-02 10:00", "index_no": "X-1"}
    text, f = facts_of(PAGE_ONLY, page=page, title_hint="关于巡察“回头看”整改进展情况的通报")
    m = f.metadata
    assert m.published == date(2024, 8, 1)
    ev = next(e for e in f.evidence if e.field == "metadata.published")
    assert ev.source == "page" and ev.span is None and "page_date" in ev.quote
    assert (m.page.index_no, m.page.date) == ("X-1", "2024-08-01")  # the page's own wording, as printed
    assert {e.field for e in f.evidence if e.field.startswith("metadata.page.")} == {
        "metadata.page.index_no", "metadata.page.date", "metadata.page.published"}
    assert f.title == "关于巡察“回头看”整改进展情况的通报"
    _, f2 = facts_of(PAGE_ONLY, page={"page_published": "2024-08-02 10:00"})
    assert f2.metadata.published == date(2024, 8, 2)
    assert next(e for e in f2.evidence if e.field == "metadata.published").quote.startswith("page_published")


BYLINE = """临江市东湖区水务局党组关于巡察整改情况的通报
发布时间:2024-03-05 10:20   来源:东湖区水务局   浏览次数:12
2023年9月4日至10月20日,区委第三巡察组对区水务局党组开展了常规巡察。2023年11月28日,巡察组反馈了巡察意见。
一、整改工作开展情况
(一)建立整改台账。对反馈的6个问题逐项明确责任人。
"""


def test_published_is_read_from_the_page_byline_in_the_text():
    text, f = facts_of(BYLINE, page={"page_date": "2024-03-09"})
    assert f.metadata.published == date(2024, 3, 5)  # the byline in the text before the page's metadata
    ev = next(e for e in f.evidence if e.field == "metadata.published")
    assert ev.source == "text" and text[ev.span[0]:ev.span[1]] == "2024-03-05"
    signed = BYLINE + "东湖区水务局党组\n2024年3月1日\n"
    assert facts_of(signed)[1].metadata.published == date(2024, 3, 1)  # the signature's date wins
    # a 时间: inside the notice's own sentences is no byline
    in_body = BYLINE.replace("发布时间:2024-03-05 10:20   来源:东湖区水务局   浏览次数:12\n", "") + "整改时间:2024-05-30。\n"
    assert facts_of(in_body)[1].metadata.published is None


def test_what_the_text_does_not_state_stays_empty():
    text, f = facts_of(PAGE_ONLY)
    m, s = f.metadata, f.stats
    assert m.agency_short is None  # 我局 is a pronoun, not a name
    assert m.inspection_kind == "巡察“回头看”"
    assert m.inspection_start is None and m.inspection_end is None  # months without days
    assert m.phone is None  # an address line that asks for nothing is not the notice's contact
    assert m.published is None and m.agency is None
    assert (s.problems_total, s.problems_done) == (15, 15)
    assert s.funds_recovered_yuan == 35000
    assert s.completion_rate is None  # no rate printed, none computed
    check_evidence(text, f)


@pytest.mark.parametrize("sentence, kind", [
    ("市委第五巡察组对市第三人民医院党委开展了医疗领域专项巡察。", "专项巡察"),
    ("区委第一巡察组对区法院党组开展了机动巡察。", "机动巡察"),
    ("自治区党委第三巡视组对北部湾物流集团党委开展了巡视“回头看”。", "巡视“回头看”"),
    ("市委第二巡察组对某某村党支部开展了联动巡察。", "联动巡察"),
    ("省委第八巡视组对某某大学党委进行了常规巡视。", "常规巡视"),
])
def test_inspection_kinds(sentence, kind):
    _, f = facts_of("根据统一部署," + sentence)
    assert f.metadata.inspection_kind == kind


@pytest.mark.parametrize("agency, region, level, body_type, inspector", [
    ("中共广州市天河区委员会", "广州市天河区", "county", "party_committee", "市委第一巡察组"),
    ("中共某某省交通运输厅党组", "某某省", "province", "department", "省委第二巡视组"),
    ("中共某某市人民检察院党组", "某某市", "city", "procuratorate", "市委第三巡察组"),
    ("中共某某市城市管理局党组", "某某市", "city", "bureau", "市委第三巡察组"),
    ("中共某某县第一中学委员会", "某某县", "county", "school", "县委第一巡察组"),
    ("中共某某大学委员会", None, "unit", "university", "校党委第一巡察组"),
])
def test_region_level_and_body_type(agency, region, level, body_type, inspector):
    raw = f"根据部署,2024年3月1日至4月30日,{inspector}对某单位党组开展了常规巡察。\n\n{agency}\n2024年9月1日\n"
    _, f = facts_of(raw)
    m = f.metadata
    assert m.agency == agency
    assert (m.region, m.level, m.body_type) == (region, level, body_type)


@pytest.mark.parametrize("sentence, field, value", [
    ("截至目前,17个问题已整改完成15个,其余2个正在按计划推进。", "problems_in_progress", 2),
    ("46个具体问题已完成整改39个,其余7个需要长期推进的问题已取得阶段性成效,正在持续推进。", "problems_in_progress", 7),
    ("反馈的25个问题,已完成整改19个,阶段性完成4个,持续推进2个。", "problems_in_progress", 6),
    ("巡察反馈问题28个,立行立改12个。", "problems_fixed_immediately", 12),
    ("共反馈问题20个,已整改到位18个。", "problems_done", 18),
    ("整改完成率达100%。", "completion_rate", 1.0),
    ("整改完成率为76%。", "completion_rate", 0.76),
    ("逐条制定整改措施58项,明确个人整改事项23项。", "measures_total", 58),
    ("制定及修改完善制度28项。", "rules_made", 28),
    ("建立完善制度13项。", "rules_made", 13),
    ("修订完善12项制度。", "rules_made", 12),
    ("追回和清退各类资金131.1万元。", "funds_recovered_yuan", 1311000),
    ("清收追回资金4943.5万元。", "funds_recovered_yuan", 49435000),
    ("收缴违纪违法所得2.5亿元。", "funds_recovered_yuan", 250_000_000),
    ("给予党纪处分一人。", "people_disciplined", 1),
    ("给予党纪政务处分0人,诫勉谈话0人。", "people_admonished", 0),
    ("给予党纪政务处分3人,组织处理2人,诫勉5人。", "people_org_handled", 2),
    ("移交问题线索11件。", "clues_transferred", 11),
    # counted per person, or in words
    ("给予党纪处分0人,对2名工作人员进行提醒谈话。", "people_reminded", 2),
    ("对3名干部进行组织处理。", "people_org_handled", 3),
    ("给予2名干部党内警告处分。", "people_disciplined", 2),
    ("反馈的三个方面十五个问题已完成整改13个。", "problem_areas", 3),
    ("反馈的三个方面十五个问题已完成整改13个。", "problems_total", 15),
    ("目前完成整改32个,需长期整改3个。", "problems_done", 32),
    ("目前完成整改32个,需长期整改3个。", "problems_in_progress", 3),
])
def test_summary_sentences(sentence, field, value):
    _, f = facts_of(f"市委第一巡察组对某局党组开展了常规巡察。\n{sentence}\n二、问题整改情况\n1.某问题。\n")
    assert getattr(f.stats, field) == pytest.approx(value)


def test_people_disciplined_is_not_org_handling_or_admonishment():
    _, f = facts_of("巡察组对某局党组开展了常规巡察。\n组织处理3人,诫勉谈话2人,约谈5人。\n")
    assert f.stats.people_disciplined is None
    assert (f.stats.people_org_handled, f.stats.people_admonished) == (3, 2)


def test_amounts_inside_measures_are_not_totals():
    raw = ("市委第一巡察组对某局党组开展了常规巡察。\n一、主体责任\n(一)加强领导。\n"
           "二、巡察反馈问题整改落实情况\n(一)关于某方面\n1.某问题。\n一是已追回补贴资金18.64万元。\n"
           "二是给予党纪警告处分1人、诫勉谈话2人。\n")
    _, f = facts_of(raw)
    assert f.stats.model_dump(exclude_none=True) == {}


def test_one_line_signature_and_chinese_numeral_date():
    raw = "市委第一巡察组对某局党组开展了常规巡察。\n正文。\n正文。\n中共某某市某某局党组 二〇二五年一月十日\n"
    text, f = facts_of(raw)
    assert (f.metadata.agency, f.metadata.published) == ("中共某某市某某局党组", date(2025, 1, 10))
    check_evidence(text, f)


def test_empty_and_odd_input_does_not_crash():
    for raw in ("", "\n\n", "通报", "2024年13月40日\n", "联系电话:"):
        _, f = facts_of(raw)
        assert f.stats.model_dump(exclude_none=True) == {}


def test_pdf_line_breaks_between_number_and_unit():
    raw = ("区委第一巡察组对某街道党工委开展了常规巡察。\n对照反馈的3个方面14个问题,制定整改措施52\n条,建立完善社区制度9\n项。"
           "\n二、巡察反馈问题整改落实情况\n1.某问题。\n")
    _, f = facts_of(raw)
    assert (f.stats.problem_areas, f.stats.problems_total, f.stats.measures_total, f.stats.rules_made) == (3, 14, 52, 9)


def test_feedback_of_a_follow_up_inspection():
    raw = ("根据省委统一部署,2024年3月18日至5月17日,省委第五巡视组对集团党委开展了巡视“回头看”。"
           "2024年7月2日,省委第五巡视组向集团党委反馈了巡视“回头看”意见。\n")
    _, f = facts_of(raw)
    assert f.metadata.feedback_date == date(2024, 7, 2)
    assert f.metadata.inspection_kind == "巡视“回头看”"


def test_contact_line_right_above_the_signature_needs_no_invitation():
    raw = ("市委第一巡察组对市财政局党组开展了常规巡察。\n三、下一步工作打算\n(一)持续攻坚。\n"
           "联系电话:0123-65550126;通信地址:临江市滨湖区望江大道248号市财政局;邮编:350999。\n"
           "中共临江市财政局党组\n2024年10月31日\n")
    text, f = facts_of(raw)
    m = f.metadata
    assert (m.phone, m.postcode, m.address) == ("0123-65550126", "350999", "临江市滨湖区望江大道248号市财政局")
    check_evidence(text, f)



def test_contact_below_the_signature_only_when_it_invites_opinions():
    raw = ("市委第一巡察组对市财政局党组开展了常规巡察。\n正文。\n中共临江市财政局党组\n2024年10月31日\n"
           "欢迎监督,如有意见建议请反映。联系电话:0123-65550126\n网站地址:www.example.cn 电话:0123-11111111\n")
    _, f = facts_of(raw)
    assert f.metadata.phone == "0123-65550126"
    _, f = facts_of(raw.replace("欢迎监督,如有意见建议请反映。联系电话:0123-65550126\n", ""))
    assert f.metadata.phone is None


def test_notice_dated_before_its_feedback_is_warned_about():
    raw = ("2024年3月1日至4月30日,市委第一巡察组对某局党组开展了常规巡察。2024年6月5日,市委第一巡察组向某局党组反馈了巡察意见。\n"
           "正文。\n中共某市某局党组\n2024年5月20日\n")
    _, f = facts_of(raw)
    assert (f.metadata.feedback_date, f.metadata.published) == (date(2024, 6, 5), date(2024, 5, 20))
    assert any("before the feedback" in w for w in f.warnings)


# --- feedback date: the date nearest before 反馈, its year from context ---------------

@pytest.mark.parametrize("opening, feedback", [
    # the inspection range and the feedback in one sentence
    ("2024年3月25日至5月17日,县委第三巡察组对县林业局党组开展了常规巡察,并于2024年6月20日反馈了巡察意见。", date(2024, 6, 20)),
    ("2024年5月13日至6月28日,县委第五巡察组对县供销社党组开展了专项巡察,7月30日向县供销社党组反馈了巡察意见。", date(2024, 7, 30)),
    ("2023年10月9日至12月8日,市委第四巡察组对市档案馆党组进行了常规巡察,于2024年1月15日召开巡察反馈会。", date(2024, 1, 15)),
    # a month-only range gives a later yearless date its year
    ("2024年9月至10月,省委第五巡视组对省地矿局党委开展了常规巡视。12月20日,省委第五巡视组向省地矿局党委反馈了巡视意见。", date(2024, 12, 20)),
    ("2023年11月至2024年1月,区委第二巡察组对区民政局党组开展了常规巡察。3月8日,区委第二巡察组向区民政局党组反馈了巡察意见。", date(2024, 3, 8)),
    ("2023年11月至1月,区委第二巡察组对区民政局党组开展了常规巡察。3月8日,区委第二巡察组向区民政局党组反馈了巡察意见。", date(2024, 3, 8)),
    ("二〇二三年十月至十二月,市委第一巡察组对市体育局党组开展了常规巡察。二月六日,市委第一巡察组反馈了巡察意见。", date(2024, 2, 6)),
    # other ways of saying it was fed back
    ("2024年3月25日至5月17日,县委第三巡察组对县林业局党组开展了常规巡察,6月20日向局党组反馈了巡察发现的问题。", date(2024, 6, 20)),
    ("2024年3月25日至5月17日,县委第三巡察组对县林业局党组开展了常规巡察,并于6月20日进行了反馈。", date(2024, 6, 20)),
    ("县委第三巡察组于2024年3月25日至5月17日对县林业局党组进行了巡察,并于6月20日将巡察意见反馈给局党组。", date(2024, 6, 20)),
    ("2024年3月25日至5月17日,县委第三巡察组对县林业局党组开展了常规巡察。6月20日,县委第三巡察组向局党组反馈了巡察情况。", date(2024, 6, 20)),
    # a deadline or a start is not the feedback
    ("市委第二巡察组对市气象局党组开展了常规巡察。局党组要求2024年9月30日前对照反馈意见完成整改。", None),
    # a cut-off date between them is not the feedback
    ("市委第二巡察组对市气象局党组开展了常规巡察,2024年4月2日反馈了巡察意见。截至2024年9月30日,对照巡察反馈意见完成整改。", date(2024, 4, 2)),
])
def test_feedback_date_is_the_one_nearest_before_the_feedback(opening, feedback):
    text, f = facts_of(f"关于巡察整改情况的通报\n\n根据统一部署,{opening}\n")
    assert f.metadata.feedback_date == feedback
    check_evidence(text, f)


def test_feedback_date_is_not_a_date_of_the_inspection_range():
    _, f = facts_of("2024年3月1日至4月30日,区委第二巡察组对区局党组开展了常规巡察并反馈了巡察意见。\n")
    assert f.metadata.inspection_end == date(2024, 4, 30)
    assert f.metadata.feedback_date is None


def test_yearless_feedback_takes_the_year_of_the_notice_it_precedes():
    raw = ("区委第二巡察组对区水务局党组开展了常规巡察。11月8日,区委第二巡察组向区水务局党组反馈了巡察意见。\n"
           "正文。\n中共某某区水务局党组\n2025年3月1日\n")
    text, f = facts_of(raw)
    assert f.metadata.feedback_date == date(2024, 11, 8)  # after 3月1日 of the notice's year: the year before
    check_evidence(text, f)
    _, f = facts_of(raw.replace("11月8日", "1月8日"))
    assert f.metadata.feedback_date == date(2025, 1, 8)
    _, f = facts_of(raw.replace("中共某某区水务局党组\n2025年3月1日\n", ""))
    assert f.metadata.feedback_date is None  # no year anywhere: left out


# --- counts in words, sum words, approximate amounts, words between count and verb --------

@pytest.mark.parametrize("sentence, expected", [
    # Chinese numerals for every count; 两 is 2
    ("巡察反馈的16个问题,已完成整改十四个,剩余两个正在整改。",
     {"problems_total": 16, "problems_done": 14, "problems_in_progress": 2}),
    ("反馈的二十三个问题已完成整改二十个,三个问题正在有序推进。",
     {"problems_total": 23, "problems_done": 20, "problems_in_progress": 3}),
    ("对照反馈的四个方面十八个问题,制定整改措施四十七条,建立完善制度十二项。",
     {"problem_areas": 4, "problems_total": 18, "measures_total": 47, "rules_made": 12}),
    ("反馈问题三十个,已完成整改二十八个,其余两个需长期坚持。",
     {"problems_total": 30, "problems_done": 28, "problems_in_progress": 2}),
    ("移交问题线索七件,给予党纪处分三人、诫勉谈话两人。",
     {"clues_transferred": 7, "people_disciplined": 3, "people_admonished": 2}),
    # a sum word between the thing and its count
    ("制定整改措施共计94条。", {"measures_total": 94}),
    ("细化整改举措合计58项,修订制度共计6项。", {"measures_total": 58, "rules_made": 6}),
    ("共梳理问题12个,已完成整改10个。", {"problems_total": 12, "problems_done": 10}),
    ("梳理出13个问题,已全部整改完成。", {"problems_total": 13, "problems_done": 13}),
    ("巡察组反馈问题共计21个,已完成整改19个。", {"problems_total": 21, "problems_done": 19}),
    # approximate amounts keep the stated figure
    ("共追回资金8000余元。", {"funds_recovered_yuan": 8000}),
    ("清退违规发放津补贴120多万元。", {"funds_recovered_yuan": 1_200_000}),
    ("追缴违纪资金近5万元。", {"funds_recovered_yuan": 50_000}),
    ("收回被占用资金约3.2亿元。", {"funds_recovered_yuan": 320_000_000}),
    ("追回资金8.5万余元。", {"funds_recovered_yuan": 85_000}),
    # words between the count and the verb
    ("已完成整改36个,6个问题正在按计划持续推进。", {"problems_done": 36, "problems_in_progress": 6}),
    ("已完成整改11个,2个问题因涉及历史遗留正在稳步推进。", {"problems_done": 11, "problems_in_progress": 2}),
    ("已完成整改18个,2个问题列为长期整改事项。", {"problems_done": 18, "problems_in_progress": 2}),
    ("已完成整改18个,尚有2个问题正在整改中。", {"problems_done": 18, "problems_in_progress": 2}),
    ("提醒谈话相关干部12人,诫勉谈话责任人3人。", {"people_reminded": 12, "people_admonished": 3}),
    # the count before the measure, after 对…的
    ("已完成整改24个,对履职不到位的8名社区干部进行提醒谈话。", {"problems_done": 24, "people_reminded": 8}),
    ("对履职不力的3名中层干部进行诫勉谈话,对2人进行批评教育。", {"people_admonished": 3, "people_criticized": 2}),
    ("对负有领导责任的两名干部给予党纪政务处分。", {"people_disciplined": 2}),
    ("对违反中央八项规定精神的5名党员作出组织处理。", {"people_org_handled": 5}),
    ("将涉嫌违法的2名人员移送司法机关。", {"people_referred": 2}),
    # tasks done after the total, across a cut-off clause, in either order
    ("分解为45项整改任务,截至4月30日,已完成42项。", {"tasks_total": 45, "tasks_done": 42}),
    ("细化整改任务45项,已完成42项。", {"tasks_total": 45, "tasks_done": 42}),
    ("明确整改任务共计三十项,截至目前,已完成二十八项。", {"tasks_total": 30, "tasks_done": 28}),
    ("形成整改任务60项,目前已全部完成整改任务60项。", {"tasks_total": 60, "tasks_done": 60}),
    # approximate counts, money in words, the done count in the total's unit or after words
    ("制定整改措施100余条,建立健全制度30余项。", {"measures_total": 100, "rules_made": 30}),
    ("提醒谈话30余人,批评教育10多人。", {"people_reminded": 30, "people_criticized": 10}),
    ("对相关责任人作出批评教育处理3人。", {"people_criticized": 3}),
    ("追回违规资金共计二十万元。", {"funds_recovered_yuan": 200_000}),
    ("14个问题目前已完成整改,1个问题正在整改。", {"problems_done": 14, "problems_in_progress": 1}),
    ("已整改问题14个,正在整改1个。", {"problems_done": 14, "problems_in_progress": 1}),
    ("已完成整改的问题14个,整改中的问题1个。", {"problems_done": 14, "problems_in_progress": 1}),
    ("对反馈的4个方面14项问题,截至2024年9月底,已完成整改12项。",
     {"problem_areas": 4, "problems_total": 14, "problems_done": 12}),
    ("巡察反馈的3方面15个问题,已完成整改13个。", {"problem_areas": 3, "problems_total": 15, "problems_done": 13}),
    # 销号 is done, 销号率 the completion rate; 共涉及问题N个 a total; 三大方面 / 3大类 areas
    ("反馈问题21个,已销号20个,销号率95.2%。", {"problems_total": 21, "problems_done": 20, "completion_rate": 0.952}),
    ("共涉及问题21个,目前已整改完成19个,其余2个已取得阶段性成效。",
     {"problems_total": 21, "problems_done": 19, "problems_in_progress": 2}),
    ("巡察反馈的三大方面18个问题,已完成整改16个。", {"problem_areas": 3, "problems_total": 18, "problems_done": 16}),
    ("反馈的问题共3大类18个,已完成整改16个。", {"problem_areas": 3, "problems_total": 18, "problems_done": 16}),
    ("对巡察组指出的4类24个问题照单全收。", {"problem_areas": 4, "problems_total": 24}),
    # a refund to the public is not a recovery; money paid back by those who took it is
    ("收回违规资金15.2万元,退还群众多缴费用3.6万元。", {"funds_recovered_yuan": 152_000}),
    ("向业主退还多缴资金3.6万元。", {}),
    ("督促相关人员退还违规领取的补贴2.4万元。", {"funds_recovered_yuan": 24_000}),
    # things other than problems counted after 已完成 / 正在推进 are not problems
    ("今年以来已完成12个老旧小区改造,正在推进3个项目。", {}),
    ("已完成整改14个问题,正在整改2个问题。", {"problems_done": 14, "problems_in_progress": 2}),
    # all done, right after a total stated with its areas
    ("巡察反馈的4个方面21个问题已全部完成整改。", {"problem_areas": 4, "problems_total": 21, "problems_done": 21}),
    ("对照反馈的三个方面十二个问题,截至目前,均已整改到位,整改完成率达到了100%。",
     {"problem_areas": 3, "problems_total": 12, "problems_done": 12, "completion_rate": 1.0}),
    ("反馈的4个方面21个问题全部纳入台账管理。", {"problem_areas": 4, "problems_total": 21}),
    ("对反馈的4方面19项问题照单全收,细化整改举措71项。截至8月31日,19项问题均已整改到位,整改到位率100%。",
     {"problem_areas": 4, "problems_total": 19, "problems_done": 19, "measures_total": 71, "completion_rate": 1.0}),
    # 发现问题 / 整改完毕 / 尚在整改 / 完成阶段性目标 / 具体措施 / 制度成果
    ("细化具体措施52项。巡察发现问题17个,已整改完毕15个,尚在整改2个;形成制度成果9项。",
     {"measures_total": 52, "problems_total": 17, "problems_done": 15, "problems_in_progress": 2, "rules_made": 9}),
    ("共发现问题12个,已完成整改10个,2个问题完成阶段性目标。",
     {"problems_total": 12, "problems_done": 10, "problems_in_progress": 2}),
    # problems counted in 项 or 条: done and in-progress counts in that unit are theirs, into the next sentence
    ("巡察反馈问题17项,已完成整改15项,正在整改2项。",
     {"problems_total": 17, "problems_done": 15, "problems_in_progress": 2}),
    ("反馈的17条问题,已整改15条,2条正在整改。", {"problems_total": 17, "problems_done": 15, "problems_in_progress": 2}),
    ("局党委对巡察反馈问题17项逐项建立整改台账。截至2024年10月31日,已完成整改15项,正在整改2项;建立完善制度9项。",
     {"problems_total": 17, "problems_done": 15, "problems_in_progress": 2, "rules_made": 9}),
    ("共反馈问题十二项,目前已整改到位十项,其余两项正在持续推进。",
     {"problems_total": 12, "problems_done": 10, "problems_in_progress": 2}),
    ("巡察组反馈的3个方面21条问题,截至目前已完成整改18条,3条问题正在整改中。",
     {"problem_areas": 3, "problems_total": 21, "problems_done": 18, "problems_in_progress": 3}),
    ("梳理形成问题清单15项,完成整改13项,2项需长期坚持。",
     {"problems_total": 15, "problems_done": 13, "problems_in_progress": 2}),
    # …but not once a count of tasks, measures or rules comes between, nor with a total in 个
    ("巡察反馈问题17项,细化整改任务45项,已完成42项,正在推进3项;建立完善制度9项。",
     {"problems_total": 17, "tasks_total": 45, "tasks_done": 42, "rules_made": 9}),
    ("反馈问题10条,制定整改措施32条,已完成整改30条。", {"problems_total": 10, "measures_total": 32}),
    ("反馈问题17个,其中已完成整改15项制度建设,2项正在推进。", {"problems_total": 17}),
    # ordinals and words ending in 一 are not counts
    ("第一个问题已完成整改,统一个人事项报告口径。", {}),
])
def test_summary_counts_in_other_wordings(sentence, expected):
    text, f = facts_of(f"市委第一巡察组对某局党组开展了常规巡察。\n{sentence}\n二、问题整改情况\n1.某问题。\n")
    assert f.stats.model_dump(exclude_none=True) == pytest.approx(expected)
    check_evidence(text, f)


@pytest.mark.parametrize("title, signature, agency", [
    # the title's full name over a short signature
    ("中共成都市武侯区玉林街道工作委员会关于巡察整改进展情况的通报", "玉林街道党工委", "中共成都市武侯区玉林街道工作委员会"),
    ("中共某某县人民医院委员会关于巡察整改情况的通报", "县人民医院党委", "中共某某县人民医院委员会"),
    ("成都市武侯区玉林街道党工委关于巡察整改进展情况的通报", "玉林街道党工委", "成都市武侯区玉林街道党工委"),
    # a full signature over the title's short name; without a full name the signature
    ("县医院党委关于巡察整改情况的通报", "中共某某县人民医院委员会", "中共某某县人民医院委员会"),
    ("县医院党委关于巡察整改情况的通报", "某某县人民医院党委", "某某县人民医院党委"),
])
def test_agency_prefers_the_full_name(title, signature, agency):
    raw = f"{title}\n\n根据部署,县委第一巡察组对某单位党委开展了常规巡察。\n正文。\n{signature}\n2024年12月20日\n"
    text, f = facts_of(raw)
    assert f.metadata.agency == agency
    check_evidence(text, f)


@pytest.mark.parametrize("line, phone", [
    ("联系电话:0730—7612385。", "0730-7612385"),
    ("监督电话:0551–65123456;邮政编码:230001。", "0551-65123456"),
    ("联系电话:0512 - 57561208。", "0512-57561208"),
    ("联系电话:020-83124172。", "020-83124172"),
    ("联系电话:(0123)68221735。", "0123-68221735"),
    ("监督电话:0123 68221735。", "0123-68221735"),
    ("联系电话:0311-1234567-8001。", "0311-1234567-8001"),
    ("举报电话:12388。", "12388"),
    ("联系电话:13812345678。", "13812345678"),
    ("联系电话:010-12345678转8001。", "010-12345678转8001"),
])
def test_phone_is_written_with_a_plain_dash(line, phone):
    raw = f"市委第一巡察组对市财政局党组开展了常规巡察。\n正文。\n欢迎监督。{line}\n中共某市财政局党组\n2024年10月31日\n"
    text, f = facts_of(raw)
    assert f.metadata.phone == phone
    check_evidence(text, f)


@pytest.mark.parametrize("sentence, expected", [
    # 盘活和收回 idle budget is not a recovery; the plain 追回 beside it is
    ("共制定完善制度机制16项,盘活和收回各类财政资金1.2亿元,追回违规发放的补贴资金86.4万元。",
     {"rules_made": 16, "funds_recovered_yuan": 864_000}),
    ("盘活收回闲置资金3000万元,清退多发津贴2.1万元。", {"funds_recovered_yuan": 21_000}),
    ("盘活和收回各类财政资金1.2亿元。", {}),
    ("收回违规出借资金56万元。", {"funds_recovered_yuan": 560_000}),
    # progress made is in progress
    ("19个问题中已完成整改17个,2个问题已取得阶段性进展。",
     {"problems_total": 19, "problems_done": 17, "problems_in_progress": 2}),
    ("已完成整改25个,3个问题已取得明显成效、正在持续推进。", {"problems_done": 25, "problems_in_progress": 3}),
])
def test_recovered_funds_and_progress_wordings(sentence, expected):
    text, f = facts_of(f"市委第一巡察组对某局党组开展了常规巡察。\n{sentence}\n二、问题整改情况\n1.某问题。\n")
    assert f.stats.model_dump(exclude_none=True) == pytest.approx(expected)
    check_evidence(text, f)


@pytest.mark.parametrize("opening, start, end", [
    ("自2024年3月28日起至5月30日,县委第二巡察组对县医疗保障局党组开展了常规巡察。", date(2024, 3, 28), date(2024, 5, 30)),
    ("2024年3月28日起至2024年5月30日,县委第二巡察组对县医疗保障局党组开展了常规巡察。", date(2024, 3, 28), date(2024, 5, 30)),
    ("从2023年11月20日到2024年1月19日,县委第二巡察组对县医疗保障局党组开展了常规巡察。", date(2023, 11, 20), date(2024, 1, 19)),
    ("2024年4月8日—6月7日,县委第二巡察组对县医疗保障局党组开展了常规巡察。", date(2024, 4, 8), date(2024, 6, 7)),
    # dates typed with dots, dashes or slashes
    ("2024-03-11至2024-04-26,市委第五巡察组对高新区党工委开展了常规巡察。", date(2024, 3, 11), date(2024, 4, 26)),
    ("2024.3.11—2024.4.26,市委第五巡察组对高新区党工委开展了巡察“回头看”。", date(2024, 3, 11), date(2024, 4, 26)),
    ("2024.3.11至4.26,市委第五巡察组对高新区党工委开展了常规巡察。", date(2024, 3, 11), date(2024, 4, 26)),
    ("2024/3/11至2024/4/26,市委第五巡察组对高新区党工委开展了常规巡察。", date(2024, 3, 11), date(2024, 4, 26)),
])
def test_inspection_range_wordings(opening, start, end):
    text, f = facts_of(f"根据县委统一部署,{opening}\n")
    assert (f.metadata.inspection_start, f.metadata.inspection_end) == (start, end)
    check_evidence(text, f)


WRAPPED = """中共昆山市人力资源和社会保障局党组关于巡察整改进展情况的通报
  根据市委统一部署,2024年3月11日至5月8日,市委第六巡察组对市
人社局党组开展了常规巡察。2024年6月19日,市委第六巡察组向市人社局
党组反馈了巡察意见。按照巡察工作有关要求,现将巡察整改进展情况予以公布。
  一、整改工作总体情况
  局党组对照巡察反馈的3个方面20个问题,逐项研究制定整改方案。截至2
024年11月30日,已完成整改18个,正在整改2个,制定整改措施5
6条,追回违规领取的社保待遇等资金168.3万元,给予党纪政务处
分2人。
  二、巡察反馈问题整改落实情况
  (一)关于落实就业优先战略方面
  1.对2021年以来发放的一次性吸纳就业补贴、社保补贴开展全面复核,通
过与税务、市场监管部门数据比对,发现不符合条件的企业27家。
  三、下一步整改工作安排
  (一)健全就业补贴和社保基金监管长效机制,坚决守住基金安全底线。
  欢迎社会各界对巡察整改情况进行监督。联系电话:0512-575612
08;邮政编码:215300。
中共昆山市人力资源和社会保障局党组
2024年12月16日
"""


def test_hard_wrapped_text_reads_across_its_line_breaks():
    text, f = facts_of(WRAPPED)
    m, s = f.metadata, f.stats
    assert (m.agency_short, m.inspection_kind, m.feedback_date) == ("市人社局党组", "常规巡察", date(2024, 6, 19))
    assert (m.phone, m.postcode, m.published) == ("0512-57561208", "215300", date(2024, 12, 16))
    assert m.agency == "中共昆山市人力资源和社会保障局党组"  # the signature line is not run on into its date
    assert (s.problems_done, s.measures_total, s.people_disciplined) == (18, 56, 2)
    check_evidence(text, f)
    assert next(e for e in f.evidence if e.field == "metadata.agency_short").quote == "市\n人社局党组"


def test_only_a_hard_wrapped_or_letter_spaced_text_is_read_through_a_view(shared):
    from notice_miner.layout import View as _View

    view = _View(normalise(WRAPPED).text)
    assert "对市人社局党组开展了常规巡察" in view.text and "0512-57561208" in view.text
    assert "党组\n2024年12月16日" in view.text  # the signature keeps its lines
    for path in shared_notices(shared):
        assert not _View(read_notice(path)[0]).changed, path.name
    # short heading lines above unindented paragraphs are not wrapping
    headings = "".join(f"{n}、关于某某方面的问题整改情况\n局党组已完成整改,建立长效机制。\n" for n in "一二三四五")
    assert not _View(normalise(headings).text).changed
    # a table row or a spaced name is not letter spacing
    assert not _View("序号 反馈问题 整改措施 完成情况\n联系人: 张 三\n").changed


LETTER_SPACED = """区 水 利 局 党 组 巡 察 整 改 情 况 通 报
根据区委统一部署,2024年5月20日至7月12日,区委第一巡察组对区水利局党组开展了常规巡察。
一 、 整 改 工 作 总 体 情 况
局党组对巡察反馈的10个问题逐项整改,已完成整改9个,正在整改1个。
二 、 整 改 落 实 情 况
1.对全区在建水利工程开展质量安全专项检查。
三 、 下 一 步 工 作 打 算
(一)巩固整改成果。
中 共 梧 州 市 长 洲 区 水 利 局 党 组
2024年12月25日
"""


def test_letter_spaced_lines_read_without_their_spaces():
    text, f = facts_of(LETTER_SPACED)
    assert f.title == "区水利局党组巡察整改情况通报"
    assert next(e for e in f.evidence if e.field == "title").quote == "区 水 利 局 党 组 巡 察 整 改 情 况 通 报"
    assert (f.metadata.agency, f.metadata.published) == ("中共梧州市长洲区水利局党组", date(2024, 12, 25))
    assert (f.stats.problems_total, f.stats.problems_done, f.stats.problems_in_progress) == (10, 9, 1)
    check_evidence(text, f)


@pytest.mark.parametrize("opening, expected", [
    # the start and end told in separate clauses
    ("县委第三巡察组于2024年5月6日进驻县乙局开展常规巡察,6月21日结束,8月2日向县乙局党组反馈了巡察意见。",
     {"inspection_start": date(2024, 5, 6), "inspection_end": date(2024, 6, 21), "feedback_date": date(2024, 8, 2),
      "inspection_kind": "常规巡察", "agency_short": "县乙局党组"}),  # the feedback's addressee
    ("市委巡察第二组于2023年11月13日进驻市统计局党组开展专项巡察,巡察组于1月10日撤离。",
     {"inspection_start": date(2023, 11, 13), "inspection_end": date(2024, 1, 10), "inspection_kind": "专项巡察",
      "agency_short": "市统计局党组", "inspector": "市委巡察第二组"}),
    ("县委第一巡察组于2024年3月4日起进驻县文旅局开展常规巡察。",
     {"inspection_start": date(2024, 3, 4), "inspection_kind": "常规巡察", "agency_short": "县文旅局"}),
    # the body is named before 及 (its offices and units come after)
    ("2024年3月25日至5月17日,县委第三巡察组对县林业局党组及局机关开展了常规巡察。", {"agency_short": "县林业局党组"}),
    ("2024年3月25日至5月17日,县委第三巡察组对县住房和城乡建设局党组以及所属单位开展了延伸巡察。",
     {"agency_short": "县住房和城乡建设局党组", "inspection_kind": "延伸巡察"}),
    ("2024年3月25日至5月17日,市委第二巡察组对市人力资源和社会保障局党组和下属单位开展了常规巡察。",
     {"agency_short": "市人力资源和社会保障局党组"}),
    # the inspector named with the term and round
    ("2024年5月6日至6月21日,十五届县委第六轮巡察第三巡察组对县乙局党组开展了常规巡察。",
     {"inspector": "十五届县委第六轮巡察第三巡察组", "inspection_start": date(2024, 5, 6)}),
    ("2024年4月1日至5月31日,市委第五轮巡察第二组对市林业局党组开展了常规巡察。",
     {"inspector": "市委第五轮巡察第二组", "agency_short": "市林业局党组"}),
    # a unit's own inspectors keep the unit's word; a kind named before 对
    ("2024年3月25日至5月17日,学校党委第二巡察组对化学学院党委开展了巡察。",
     {"inspector": "学校党委第二巡察组", "level": "unit"}),
    ("2024年3月25日至5月17日,集团公司党委第一巡察组对某分公司党委开展了常规巡察。",
     {"inspector": "集团公司党委第一巡察组", "inspection_kind": "常规巡察"}),
    ("2024年3月25日至5月17日,县委第三巡察组以“交叉巡察”方式对县林业局党组开展了巡察。",
     {"inspection_kind": "交叉巡察", "agency_short": "县林业局党组"}),
    # any body's own committee, named whole
    ("2024年5月13日至7月12日,总行党委第三巡视组对省分行党委开展了常规巡视。",
     {"inspector": "总行党委第三巡视组", "agency_short": "省分行党委"}),
    ("3月11日至5月8日,湖北省税务局党委第三巡察组对市税务局党委开展了常规巡察。",
     {"inspector": "湖北省税务局党委第三巡察组", "inspector_level": "湖北省税务局党委"}),
    ("根据局党委巡察工作安排,2024年4月1日至5月31日,由国网某某供电公司党委第一巡察组对某供电所党支部开展了常规巡察。",
     {"inspector": "国网某某供电公司党委第一巡察组"}),
    # a town's or community's own inspectors
    ("2024年9月2日至9月27日,街道党工委巡察组对社区党委开展了常规巡察,并于10月21日反馈了巡察意见。",
     {"inspector": "街道党工委巡察组", "inspector_level": "街道党工委", "feedback_date": date(2024, 10, 21)}),
    ("2024年5月6日至5月31日,镇党委第一巡察组对某村党支部开展了常规巡察。",
     {"inspector": "镇党委第一巡察组", "level": "township"}),
    # what the team is sent for between its number and 巡察组; a topic before 专项
    ("2024年4月6日至6月5日,市委第三提级交叉巡察组对县委统战部开展了巡察。",
     {"inspector": "市委第三提级交叉巡察组", "inspector_level": "市委"}),
    ("2024年4月6日至6月5日,区委第二联动巡察组对区检察院党组进行了联动巡察。",
     {"inspector": "区委第二联动巡察组", "inspection_kind": "联动巡察"}),
    ("2024年4月6日至6月5日,市委第五专项巡察组对市体育中心党委开展了专项巡察。",
     {"inspector": "市委第五专项巡察组", "inspection_kind": "专项巡察"}),
    ("2024年4月6日至6月5日,区委乡村振兴专项巡察组对某镇党委开展了专项巡察。",
     {"inspector": "区委乡村振兴专项巡察组", "inspection_kind": "专项巡察"}),
    ("2024年4月6日至6月5日,市委第二巡察组对某县交通局党组开展了提级交叉巡察。", {"inspection_kind": "提级交叉巡察"}),
    # the inspection office's team of a unit; a work committee's team; a team by its number alone
    ("2024年4月6日至6月5日,校党委巡察办专项巡察组对我院党委开展了专项巡察。", {"inspector": "校党委巡察办专项巡察组"}),
    ("2024年4月6日至6月5日,工委第二巡察组对区统计局党组开展了巡察。", {"inspector": "工委第二巡察组"}),
    ("根据统一部署,2024年4月6日至6月5日,第三巡察组对县档案馆党支部进行了巡察。", {"inspector": "第三巡察组"}),
    # the term and the place after it
    ("2024年4月6日至6月5日,十四届丰源市委第二轮巡察三组对丰源市第二中学进行了巡察。",
     {"inspector": "十四届丰源市委第二轮巡察三组", "inspector_level": "市委"}),
    # several teams
    ("2024年4月6日至6月5日,区委组建3个巡察组对区甲局、区乙局等2家单位开展常规巡察。\n"
     "2024年7月2日,区委3个巡察组向被巡察单位党组织反馈巡察情况。", {"inspector": "区委3个巡察组"}),
    # an inspection in two parts ends with the second
    ("2024年1月10日至2月6日、2月21日至3月24日,省委巡视二组对丰源市开展了巡视。",
     {"inspection_start": date(2024, 1, 10), "inspection_end": date(2024, 3, 24)}),
    ("2024年11月10日至12月20日和1月6日至1月24日,省委巡视二组对丰源市开展了巡视。",
     {"inspection_start": date(2024, 11, 10), "inspection_end": date(2025, 1, 24)}),
])
def test_opening_sentence_wordings(opening, expected):
    text, f = facts_of(f"根据统一部署,{opening}\n")
    meta = f.metadata.model_dump(exclude_none=True)
    assert {k: meta.get(k) for k in expected} == expected
    check_evidence(text, f)


@pytest.mark.parametrize("head, title", [
    ("中共青海省地质矿产勘查开发局委员会关于省委巡视整改进展\n情况的通报",
     "中共青海省地质矿产勘查开发局委员会关于省委巡视整改进展情况的通报"),
    ("中共某某县林业局党组关于县委巡察\n整改情况的通报", "中共某某县林业局党组关于县委巡察整改情况的通报"),
    ("中共某某县林业局党组\n关于县委巡察整改情况的通报", "中共某某县林业局党组关于县委巡察整改情况的通报"),
    ("中共某某县林业局党组关于县委巡察整改情况的\n通报", "中共某某县林业局党组关于县委巡察整改情况的通报"),
])
def test_title_broken_over_two_lines(head, title):
    text, f = facts_of(f"{head}\n根据县委统一部署,县委第一巡察组对县林业局党组开展了常规巡察。\n")
    assert f.title == title
    assert f.metadata.agency == title.split("关于")[0]
    check_evidence(text, f)


@pytest.mark.parametrize("signature, published", [
    ("中共甲县乙局党组\n2024.12.12", date(2024, 12, 12)),
    ("中共甲县乙局党组\n2024-12-12", date(2024, 12, 12)),
    ("中共甲县乙局党组\n2024/1/5", date(2024, 1, 5)),
    ("中共甲县乙局党组 2024.12.12", date(2024, 12, 12)),
    ("中共甲县乙局党组\n2024.12-12", None),  # mixed separators are not a date
    # web copies join the release note to the date line; some templates bracket the date
    ("中共甲县乙局党组\n2024年12月12日(此件公开发布)", date(2024, 12, 12)),
    ("中共甲县乙局党组\n二〇二四年十二月十二日 (此件主动公开)", date(2024, 12, 12)),
    ("中共甲县乙局党组\n(2024年12月12日)", date(2024, 12, 12)),
    ("中共甲县乙局党组\n( 2024年1月5日 )(此件公开发布)", date(2024, 1, 5)),
    ("中共甲县乙局党组 (2024年12月12日)", date(2024, 12, 12)),
    ("中共甲县乙局党组 2024年12月12日(此件公开发布)", date(2024, 12, 12)),
    ("中共甲县乙局党组(代章)\n2024年12月12日", date(2024, 12, 12)),
    # a half-bracketed date or another note is not a date line
    ("中共甲县乙局党组\n(2024年12月12日", None),
    ("中共甲县乙局党组\n2024年12月12日(已审核)", None),
])
def test_signature_dates_typed_with_dots_or_dashes_bracketed_or_noted(signature, published):
    raw = f"关于巡察整改情况的通报\n市委第一巡察组对乙局党组开展了常规巡察。\n正文。\n正文。\n正文。\n{signature}\n"
    text, f = facts_of(raw)
    assert f.metadata.published == published
    if published:
        assert f.metadata.agency == "中共甲县乙局党组"
        ev = next(e for e in f.evidence if e.field == "metadata.published")
        assert "(" not in ev.quote and "此件" not in ev.quote  # the date alone is quoted
    check_evidence(text, f)


@pytest.mark.parametrize("opening, signature_date, expected", [
    # no year anywhere before: the notice's date below gives it; a range may cross the new year
    ("3月25日至5月17日,县委第三巡察组对县林业局党组开展了常规巡察,6月20日反馈了巡察意见。", "2024年12月1日",
     (date(2024, 3, 25), date(2024, 5, 17), date(2024, 6, 20))),
    ("11月25日至1月17日,县委第三巡察组对县林业局党组开展了常规巡察,2月20日反馈了巡察意见。", "2025年6月1日",
     (date(2024, 11, 25), date(2025, 1, 17), date(2025, 2, 20))),
    ("9月2日至10月30日,县委第三巡察组对县林业局党组开展了常规巡察。", "2025年3月1日",
     (date(2024, 9, 2), date(2024, 10, 30), None)),
    # a year written before the range gives it
    ("按照2024年巡察工作计划,2024年1月起,县委第三巡察组于3月4日至4月30日对县林业局党组开展了常规巡察。", "2025年3月1日",
     (date(2024, 3, 4), date(2024, 4, 30), None)),
])
def test_yearless_inspection_range_takes_its_year_from_the_context(opening, signature_date, expected):
    raw = f"关于巡察整改情况的通报\n\n{opening}\n正文。\n中共某县林业局党组\n{signature_date}\n"
    text, f = facts_of(raw)
    m = f.metadata
    assert (m.inspection_start, m.inspection_end, m.feedback_date) == expected
    check_evidence(text, f)


@pytest.mark.parametrize("signature", [
    "中共临江市财政局党组\n2024年10月31日\n(此件公开发布)",
    "中共临江市财政局党组\n\n2024年10月31日\n\n附件:整改台账",
    "中共临江市财政局党组(印)\n2024年10月31日",
    "中共临江市财政局党组（盖章）\n2024年10月31日",
])
def test_signature_with_notes_around_it(signature):
    raw = f"关于巡察整改情况的通报\n市委第一巡察组对市财政局党组开展了常规巡察。\n正文。\n正文。\n正文。\n{signature}\n"
    text, f = facts_of(raw)
    assert (f.metadata.agency, f.metadata.published) == ("中共临江市财政局党组", date(2024, 10, 31))
    check_evidence(text, f)


def _hard_wrap(text: str, width: int) -> str:
    """Every line cut at `width` characters, as text pasted from a PDF is."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("width", [30, 36])
def test_a_notice_hard_wrapped_reads_as_printed(shared, width):
    for path in shared_notices(shared) + sorted(PROJECT_SETS[0].glob("*.txt")):
        text = read_notice(path)[0] if path.is_relative_to(shared) else normalise(ingest.read(path).text).text
        printed = extract_facts(analyse(text))
        wrapped_text = _hard_wrap(text, width)
        wrapped = extract_facts(analyse(wrapped_text))
        assert wrapped.metadata == printed.metadata, path.name
        assert wrapped.stats == printed.stats, path.name
        check_evidence(wrapped_text, wrapped)


def test_dotted_dates_in_the_opening_and_feedback():
    raw = ("根据市委统一部署,2024.3.11至2024.3.29,镇党委巡察组对南岙村党支部开展了常规巡察。"
           "2024.4.18,巡察组向南岙村党支部反馈了巡察意见。\n正文。\n中共某村支部委员会\n2024.8.12\n")
    text, f = facts_of(raw)
    m = f.metadata
    assert (m.inspection_start, m.inspection_end, m.feedback_date, m.published) == \
        (date(2024, 3, 11), date(2024, 3, 29), date(2024, 4, 18), date(2024, 8, 12))
    check_evidence(text, f)
    assert next(e for e in f.evidence if e.field == "metadata.feedback_date").quote == "2024.4.18"
    # numbers that only look like dates are left alone: versions, amounts, a year's decimals
    _, f = facts_of("市委巡察组对某局党组开展了常规巡察,系统升级至2024.3.15.2版,投资2024.5万元。\n")
    assert f.metadata.inspection_start is None


PREFACED = """市委第三轮巡察整改情况公开(三)

编者按:按照市委统一部署,市委第三轮巡察共派出6个巡察组,对12个市直单位党组织开展了常规巡察。截至2024年11月底,各被巡察单位共完成整改问题156个,建立完善制度87项。

中共阜阳市交通运输局党组关于巡察整改进展情况的通报

根据市委统一部署,2024-03-18至2024-05-17,市委第四巡察组对市交通运输局党组开展了常规巡察。2024-07-04,市委第四巡察组向市交通运输局党组反馈了巡察意见。

一、整改工作总体情况

对巡察反馈的14个问题,已完成整改12个;建立完善制度9项。

二、整改落实情况

(一)关于某方面的问题

1.某措施。

中共阜阳市交通运输局党组
2024年12月6日
"""


def test_a_preface_above_the_title_is_not_the_notice():
    text, f = facts_of(PREFACED)
    m, s = f.metadata, f.stats
    assert (m.agency_short, m.inspector, m.inspection_start, m.feedback_date) == \
        ("市交通运输局党组", "市委第四巡察组", date(2024, 3, 18), date(2024, 7, 4))
    assert (s.problems_total, s.problems_done, s.rules_made) == (14, 12, 9)
    check_evidence(text, f)


VILLAGE = """中共某村支部委员会关于巡察整改情况的通报

根据镇党委统一部署,2024年3月11日至3月29日,镇党委第二巡察组对某村党支部开展了常规巡察。现将整改情况公布如下:

一、关于村级财务管理不规范的问题

整改措施:一是追回多支付的误工补贴12,580元;二是对2名支委进行提醒谈话。

二、下步打算

一是对尚未完成的问题,8月底前完成。二是持续加强村务监督。

巡察反馈的8个问题,目前已整改7个,1个正在整改。欢迎广大村民进行监督。

中共某村支部委员会
2024年8月12日
"""


def test_closing_summary_below_the_next_steps_and_problems_as_parts():
    text, f = facts_of(VILLAGE)
    # each part is a problem: its measures are not summaries; the closing paragraph is
    assert f.stats.model_dump(exclude_none=True) == {"problems_total": 8, "problems_done": 7, "problems_in_progress": 1}
    check_evidence(text, f)


TABLE_SUMMARY = """关于巡察整改情况的通报
根据市委统一部署,2024年4月22日至6月7日,市委第二巡察组对市卫健委党组开展了专项巡察。
一、整改工作总体情况
截至2024年11月30日,整改完成情况如下表。
反馈问题(个)
已完成整改(个)
正在整改(个)
整改完成率
制定完善制度(项)
追回资金(万元)
15
13
2
86.7%
10
42.3
二、巡察反馈问题整改落实情况
(一)关于某方面的问题
1、追回违规收取的医疗服务费用42.3万元。
中共某市卫生健康委员会党组
2024年12月9日
附件:巡察反馈问题整改清单
序号
反馈问题
整改措施
完成情况
1
某问题
某措施
已完成
"""


def test_summary_given_as_a_table():
    text, f = facts_of(TABLE_SUMMARY)
    assert f.stats.model_dump(exclude_none=True) == pytest.approx({
        "problems_total": 15, "problems_done": 13, "problems_in_progress": 2, "completion_rate": 0.867,
        "rules_made": 10, "funds_recovered_yuan": 423_000})
    check_evidence(text, f)
    # a header without a value row of the same width, or money without its unit, gives nothing
    _, f = facts_of(TABLE_SUMMARY.replace("追回资金(万元)", "追回资金").replace("\n10\n42.3\n", "\n10\n"))
    assert f.stats.model_dump(exclude_none=True) == {}
    _, f = facts_of(TABLE_SUMMARY.replace("追回资金(万元)", "追回资金"))
    assert f.stats.funds_recovered_yuan is None and f.stats.problems_total == 15
    # the rows on one line each, the cells apart by spaces or tabs (a PDF's ruled table, a pasted one)
    for gap in (" ", "\t"):
        one_line = TABLE_SUMMARY.replace(
            "反馈问题(个)\n已完成整改(个)\n正在整改(个)\n整改完成率\n制定完善制度(项)\n追回资金(万元)\n15\n13\n2\n86.7%\n10\n42.3\n",
            gap.join(["反馈问题(个)", "已完成整改(个)", "正在整改(个)", "整改完成率", "制定完善制度(项)", "追回资金(万元)"])
            + "\n" + gap.join(["15", "13", "2", "86.7%", "10", "42.3"]) + "\n")
        text, f = facts_of(one_line)
        assert (f.stats.problems_total, f.stats.completion_rate, f.stats.funds_recovered_yuan) == (15, 0.867, 423_000)
        check_evidence(text, f)
    # a first column that names the rows
    text, f = facts_of(TABLE_SUMMARY.replace("反馈问题(个)\n", "类别\n反馈问题(个)\n").replace("\n15\n13", "\n完成情况\n15\n13"))
    assert (f.stats.problems_total, f.stats.problems_done, f.stats.funds_recovered_yuan) == (15, 13, 423_000)
    check_evidence(text, f)


def test_the_contact_phone_is_the_closing_lines_not_a_hotline_in_a_measure():
    raw = ("关于巡察整改情况的通报\n县委第一巡察组对县乙局党组开展了常规巡察。\n一、整改情况\n"
           "(一)设立举报电话0851-1111111,开通邮箱。\n(二)公布监督电话:0851-3333333,接受群众监督。\n"
           "欢迎广大干部群众监督。联系电话:0851-2222222。\n中共甲县乙局党组\n2024年12月12日\n")
    text, f = facts_of(raw)
    assert f.metadata.phone == "0851-2222222"
    check_evidence(text, f)
    _, f = facts_of(raw.replace("联系电话:0851-2222222", "电子邮箱:abc@163.com"))
    assert (f.metadata.phone, f.metadata.email) == (None, "abc@163.com")
    # a named contact person before the number; numbered contact channels
    _, f = facts_of(raw.replace("联系电话:0851-2222222", "联系人及电话:王某,0851-1234567"))
    assert f.metadata.phone == "0851-1234567"
    _, f = facts_of(raw.replace("联系电话:0851-2222222。", "请通过以下方式反映:\n1.电话:0833-3302715;\n2.电子邮箱:a@b.cn。"))
    assert (f.metadata.phone, f.metadata.email) == ("0833-3302715", "a@b.cn")


@pytest.mark.parametrize("opening, agency, short", [
    # named one way only: both hold that name
    ("区委第三巡察组对区水务局党组开展了常规巡察。2024年6月5日,巡察组向区水务局党组反馈了巡察意见。",
     "区水务局党组", "区水务局党组"),
    # an alias the opening gives: the short form, without its brackets
    ("中央第五巡视组对农业农村部党组(以下简称部党组)开展了常规巡视,并反馈了巡视意见。", "农业农村部党组", "部党组"),
    ("中央第五巡视组对农业农村部党组(以下简称“部党组”)开展了常规巡视。", "农业农村部党组", "部党组"),
    # a short alias inside the name: the full name without it, the short form from the feedback
    ("区委专项巡察组对中共丰源市临江新区开发建设管理局(简称临江管理局)党组开展专项巡察,并于7月5日向临江管理局党组反馈了巡察意见。",
     "中共丰源市临江新区开发建设管理局党组", "临江管理局党组"),
    # a bracketed part that belongs to the name stays in it
    ("区委第二巡察组对中共丰源市临江区文化局(临江区文物局,含区文化执法队)党组开展了巡察。",
     "中共丰源市临江区文化局(临江区文物局,含区文化执法队)党组", "中共丰源市临江区文化局(临江区文物局,含区文化执法队)党组"),
    # a second name in brackets after the name is not part of it
    ("省委巡视三组对临江区委(临江新区党工委)开展了巡视,并于3月2日反馈了巡视意见。", "临江区委", "临江区委"),
    # the full name in the opening, the body fed back to by its running-text name
    ("区委第一巡察组对青石街道河口社区党委进行了巡察。2024年2月2日,巡察组向社区党委反馈了巡察意见。",
     "青石街道河口社区党委", "社区党委"),
    ("市委第五巡察组对丰源港区管理办公室党委进行了巡察,4月9日向港区党委反馈了巡察意见。",
     "丰源港区管理办公室党委", "港区党委"),
    # the unit inspected, its party committee fed back to
    ("市委第八巡察组对丰源市第一中学进行了巡察。2023年12月18日,向学校党委反馈了巡察意见。", "丰源市第一中学", "学校党委"),
    # bodies inspected together under one party committee
    ("省委第二巡视组对省丰源集团、临江港集团党委进行了巡视。2022年1月11日,省委巡视组向集团党委反馈了巡视意见。",
     "省丰源集团、临江港集团党委", "集团党委"),
    # the full 中共 name the feedback went to; the opening's name is the short one
    ("市委第一巡察组对丰源市水利局开展了巡察,并向中共丰源市水利局党组反馈了巡察意见。", "中共丰源市水利局党组", "丰源市水利局"),
    # a pronoun in the opening: the name the feedback went to holds both
    ("县委第二巡察组对我单位进行了巡察。10月24日,巡察组向中共丰源县林业局党组反馈了巡察意见。",
     "中共丰源县林业局党组", "中共丰源县林业局党组"),
])
def test_inspected_body_names_from_the_opening(opening, agency, short):
    text, f = facts_of(f"根据统一部署,{opening}\n一、整改工作情况\n(一)加强领导。全面部署整改工作。\n")
    assert (f.metadata.agency, f.metadata.agency_short) == (agency, short)
    check_evidence(text, f)


@pytest.mark.parametrize("raw, agency, short", [
    # a fuller 中共 name a mention gives (a plan the body issued)
    ("市委第二巡察组对河口镇党委开展了巡察,并向河口镇党委反馈了巡察意见。\n一、整改情况\n"
     "镇党委制定印发了《中共丰源县河口镇党委关于巡察反馈意见整改工作的实施方案》,逐项明确责任。\n",
     "中共丰源县河口镇党委", "河口镇党委"),
    # a place only in the opening, its committee in the running text
    ("省委第二巡视组对丰源市开展了巡视,并于6月25日反馈了巡视意见。\n一、扛起整改责任\n"
     "丰源市委深刻认识到巡视整改的重大意义,第一时间召开常委会议部署整改。\n", "丰源市委", "丰源市"),
    ("省委第四巡视组对丰源经开区开展了巡视。\n一、整改组织情况\n丰源经开区党工委坚决扛起整改责任。\n",
     "丰源经开区党工委", "丰源经开区"),
    # 我院党组: the running text's name, and a 中共 name of that body in a plan it issued
    ("市委第三巡察组对我院党组开展了巡察,并反馈了巡察意见。\n一、提高政治站位\n县法院党组严格落实整改要求。"
     "县法院党组研究制定《中共丰源县人民法院党组关于巡察反馈意见的整改方案》。\n",
     "中共丰源县人民法院党组", "县法院党组"),
    # 我单位: the body a sentence of the running text opens with, fuller where the text is
    ("市委第七巡察组对我单位开展了巡察工作。县委组织部高度重视巡察反馈意见。\n一、全力抓好整改\n"
     "县委组织部传达学习市委第七巡察组向丰源县委组织部反馈巡察情况会议精神。\n",
     "丰源县委组织部", "县委组织部"),
    # 我局 alone names no body
    ("市委第三巡察组对我局开展了巡察,并反馈了巡察意见。\n一、整改情况\n我局高度重视。\n", None, None),
    # a place's committee extends to its full 中共 name
    ("市委第五巡视组对临江区委进行了巡视。\n一、整改情况\n中共丰源市临江区委员会印发整改方案。\n",
     "中共丰源市临江区委员会", "临江区委"),
    # villages inspected under a town the title names, fed back to the town's committee
    ("河口镇党委关于区委巡察整改进展情况的通报\n区委第五巡察组对河口镇东村、西村等2个村级党组织进行了巡察,"
     "3月14日,区委巡察组向河口镇党委主要负责人和被巡察村级党组织领导班子分别反馈了巡察意见。\n正文。\n",
     "河口镇党委", "河口镇党委"),
])
def test_inspected_body_names_from_the_running_text(raw, agency, short):
    text, f = facts_of(raw)
    assert (f.metadata.agency, f.metadata.agency_short) == (agency, short)
    check_evidence(text, f)


def test_agency_from_a_titled_page_with_a_label_before_the_title():
    raw = "市委第五巡视组对临江区委进行了巡视。\n一、整改情况\n区委印发整改方案。\n"
    text, f = facts_of(raw, title_hint="上级巡视:中共丰源市临江区委员会关于巡视整改进展情况的通报")
    assert (f.metadata.agency, f.metadata.agency_short) == ("中共丰源市临江区委员会", "临江区委")
    check_evidence(text, f)


def test_dates_printed_with_their_digits_run_together_are_left_out_and_said():
    raw = ("根据统一部署,202453日至621日,县委第一巡察组对县档案馆党支部开展了巡察。2024819日,"
           "县委第一巡察组反馈了巡察意见。\n")
    text, f = facts_of(raw)
    m = f.metadata
    assert (m.inspection_start, m.inspection_end, m.feedback_date) == (None, None, None)
    assert m.inspector == "县委第一巡察组"
    assert any("202453日至621日" in w and "2024819日" in w for w in f.warnings)
    check_evidence(text, f)


def test_a_party_committees_department_is_an_agency():
    raw = ("中共平利县委宣传部关于巡察整改情况的通报\n县委第一巡察组对县委宣传部开展了常规巡察。\n正文。\n"
           "中共平利县委宣传部\n2024年12月12日\n")
    text, f = facts_of(raw)
    assert (f.metadata.agency, f.metadata.agency_short) == ("中共平利县委宣传部", "县委宣传部")
    check_evidence(text, f)


def test_end_of_the_on_site_inspection():
    text, f = facts_of("县委第一巡察组于2024年3月11日进驻县乙局,4月26日完成现场巡察,6月5日反馈巡察意见。\n")
    assert (f.metadata.inspection_start, f.metadata.inspection_end, f.metadata.feedback_date) == \
        (date(2024, 3, 11), date(2024, 4, 26), date(2024, 6, 5))
    check_evidence(text, f)


@pytest.mark.parametrize("opening, expected", [
    # a 回头看 that first recalls the earlier round: the inspection the feedback answers
    ("2022年4月6日至5月27日,县委第三巡察组对县乙局党组开展了常规巡察。根据县委统一部署,2024年3月11日至4月26日,"
     "县委第一巡察组对县乙局党组开展了巡察“回头看”,并于2024年6月5日反馈了意见。",
     {"inspector": "县委第一巡察组", "inspection_kind": "巡察“回头看”", "inspection_start": date(2024, 3, 11),
      "inspection_end": date(2024, 4, 26), "feedback_date": date(2024, 6, 5)}),
    # told the other way round
    ("2024年3月11日至4月26日,县乙局党组接受了县委第一巡察组的常规巡察。6月5日,巡察组反馈了巡察意见。",
     {"agency_short": "县乙局党组", "inspection_kind": "常规巡察", "inspector": "县委第一巡察组"}),
    # groups numbered after 巡察; a start alone; one group for several bodies
    ("2024年3月11日至4月26日,县委巡察一组对县乙局党组开展了常规巡察。",
     {"inspector": "县委巡察一组", "inspection_kind": "常规巡察", "agency_short": "县乙局党组"}),
    ("2024年9月2日起,区委第二巡察组采取“一托N”方式,对区文旅局党组等3个单位开展了为期一个半月的常规巡察。",
     {"inspection_start": date(2024, 9, 2), "inspection_end": None, "agency_short": "区文旅局党组"}),
    # 进驻 names the office, the feedback its party group
    ("区委第四巡察组于2024年3月11日进驻区水务局开展常规巡察,4月26日完成现场巡察工作,6月5日向区水务局党组反馈了巡察意见。",
     {"agency_short": "区水务局党组", "inspection_end": date(2024, 4, 26)}),
    # a meeting about the feedback is not the feedback
    ("2024年3月11日至4月26日,县委第一巡察组对县乙局党组开展了常规巡察。2024年6月12日,局党组召开巡察反馈意见整改工作部署会。",
     {"feedback_date": None}),
])
def test_more_opening_wordings(opening, expected):
    text, f = facts_of(f"关于巡察整改情况的通报\n\n{opening}\n")
    meta = f.metadata.model_dump()
    assert {k: meta.get(k) for k in expected} == expected
    check_evidence(text, f)


_SIGNATURE_PIECES = ["\n", "\n\n", " ", "中共某县水利局党组", "某县水利局", "(印)", "2024年12月12日", "2024.3.1",
                     "(2024年1月2日)", "二〇二四年五月六日", "(此件公开发布)", "整改工作扎实推进。", "电话:0512-5756123",
                     "联系人,王某", ";", "年", "中共某镇委员会 2024年11月20日", "\n中共某县委巡察办\n2024年6月1日", "文", "3"]


@given(st.lists(st.sampled_from(_SIGNATURE_PIECES), max_size=24))
def test_signature_read_below_the_last_sentence_is_the_whole_scans(pieces):
    from notice_miner.layout import Signature, View, find_signature
    from notice_miner.layout.signature import _signature_from

    view = View("".join(pieces))
    text = view.text
    assert find_signature(view) == (_signature_from(text, len(text) // 2) or Signature()), text


