"""The layout stage on composed snippets of each kind of page, and its spans as properties."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notice_miner import layout
from notice_miner.normalise import normalise
from notice_miner.structure import parse_structure
from notice_miner.facts import extract_facts


def _analyse(raw: str) -> layout.Layout:
    return layout.analyse(normalise(raw).text)


def _pieces(found: layout.Layout, role: str | None = None) -> list[str]:
    return [found.text[p.start:p.end] for p in found.paragraphs if role is None or p.role == role]


# --- flattened notices -------------------------------------------------------------------

FLAT = ("关于巡察整改情况的通报\n"
        "按照县委部署,县委第一巡察组对县林业局党组开展了常规巡察。现将整改情况通报如下。 一、加强组织领导 局党组召开专题会议,"
        "研究整改方案。 二、整改落实情况 (一)关于护林员管理松散的问题。修订护林员考核办法。(二)关于防火设施老化的问题。"
        "更新防火物资一批。 三、下一步打算 1.巩固整改成果。2.建立长效机制。\n")


def test_a_flattened_notice_is_split_at_its_markers():
    found = _analyse(FLAT)
    assert _pieces(found, layout.BODY)[1:] == [
        "一、加强组织领导 局党组召开专题会议,研究整改方案。", "二、整改落实情况",
        "(一)关于护林员管理松散的问题。修订护林员考核办法。", "(二)关于防火设施老化的问题。更新防火物资一批。",
        "三、下一步打算", "1.巩固整改成果。", "2.建立长效机制。"]
    assert found.plan_start == found.text.index("三、下一步打算")


def test_a_flattened_notice_gives_items_with_paths_and_plan_status():
    tree = parse_structure(_analyse(FLAT))
    assert [(i.path, i.status) for i in tree.items] == [
        (["二", "(一)"], "done"), (["二", "(二)"], "done"), (["三", "1"], "plan"), (["三", "2"], "plan")]


def test_problem_blocks_flattened_onto_one_line_are_split_at_their_numbers():
    line = ("二、整改落实情况 1.关于廉洁自律方面 问题1:公务接待超标准。 整改情况:一是清退超标费用;二是修订接待办法。 "
            "问题2:兼职取酬未清理。 整改情况:一是全面排查;二是收回兼职报酬。 2.关于工作作风方面 "
            "问题3:调研走过场。 整改情况:一是制定调研计划;二是形成调研报告。")
    assert _pieces(_analyse(line + "\n")) == [
        "二、整改落实情况", "1.关于廉洁自律方面", "问题1:公务接待超标准。 整改情况:一是清退超标费用;二是修订接待办法。",
        "问题2:兼职取酬未清理。 整改情况:一是全面排查;二是收回兼职报酬。", "2.关于工作作风方面",
        "问题3:调研走过场。 整改情况:一是制定调研计划;二是形成调研报告。"]
    assert [i.path for i in parse_structure(_analyse(line + "\n")).items] == [
        ["二", "1", "1", "一是"], ["二", "1", "1", "二是"], ["二", "1", "2", "一是"], ["二", "1", "2", "二是"],
        ["二", "2", "3", "一是"], ["二", "2", "3", "二是"]]


def test_a_flattened_notice_opens_with_its_title_and_a_space():
    raw = ("中共某县民政局党组关于巡察整改进展情况的通报 按照县委部署,县委第二巡察组对县民政局党组开展了常规巡察。"
           "现将整改情况通报如下。 一、整改工作推进情况(一)落实主体责任。局党组召开专题会议。(二)完善工作机制。"
           "建立整改台账。\n")
    found = _analyse(raw)
    assert found.title == "中共某县民政局党组关于巡察整改进展情况的通报"
    assert _pieces(found, layout.TITLE) == [found.title]
    assert _pieces(found, layout.BODY) == [
        "按照县委部署,县委第二巡察组对县民政局党组开展了常规巡察。现将整改情况通报如下。", "一、整改工作推进情况",
        "(一)落实主体责任。局党组召开专题会议。", "(二)完善工作机制。建立整改台账。"]
    assert extract_facts(found).metadata.agency == "中共某县民政局党组"


@pytest.mark.parametrize("line", ["按照县委巡察工作要求现将整改情况通报 如下。一、整改情况", "现将巡察整改情况通报 请各单位抓好落实。"])
def test_a_sentence_that_announces_the_notice_is_no_title(line):
    assert _analyse(line + "\n").title is None


def test_a_page_title_line_yields_to_the_flattened_title_that_names_the_subject():
    raw = ("县民政局巡察整改进展情况的通报\n\n"
           "中共某县民政局党组关于巡察整改进展情况的通报 按照县委部署,县委第二巡察组对县民政局党组开展了巡察。\n")
    assert _analyse(raw).title == "中共某县民政局党组关于巡察整改进展情况的通报"


def test_a_marker_its_line_broke_right_after_opens_the_next_line():
    raw = ("一、整改组织情况 （一）统一思想。党组召开专题会议3次。（二）\n分解任务。建立整改台账。二、整改落实情况\n"
           "巡察反馈的问题全部整改。(一)\n关于制度建设滞后的问题。修订制度5项。\n")
    assert _pieces(_analyse(raw)) == [
        "一、整改组织情况", "(一)统一思想。党组召开专题会议3次。", "(二)\n分解任务。建立整改台账。", "二、整改落实情况",
        "巡察反馈的问题全部整改。", "(一)\n关于制度建设滞后的问题。修订制度5项。"]
    assert [i.path for i in parse_structure(_analyse(raw)).items] == [["一", "(一)"], ["一", "(二)"], ["二", "(一)"]]


def test_a_part_heading_run_straight_into_its_first_item_is_split():
    raw = ("现将整改情况通报如下。一、整改组织情况(一)压实责任。签订责任书。(二)强化督查。开展督查2轮。"
           "二、问题整改情况1.关于采购程序不规范的问题。修订采购办法。\n")
    assert _pieces(_analyse(raw)) == [
        "现将整改情况通报如下。", "一、整改组织情况", "(一)压实责任。签订责任书。", "(二)强化督查。开展督查2轮。",
        "二、问题整改情况", "1.关于采购程序不规范的问题。修订采购办法。"]


@pytest.mark.parametrize("line", [
    "接到通知后第一时间召开会议。一是一、二是二,不搞变通。",  # 一是一、二是二 and 第一时间
    "全年完成投资1.5亿元,同比增长12.5%。",  # decimals
    "会议于2024.3.11召开。2024.4.1完成验收。",  # dotted dates
    "文件要求“一、统一思想 二、压实责任”两项内容。",  # markers inside quotes
    "整改措施:1.修订制度;2.开展培训。",  # an inline list after a colon stays whole
    "成立领导小组。 三、细化措施。",  # 三、 does not count on from anything
    "共查摆问题 12个,反馈问题3.5%未改。",  # counts and shares, not problem numbers
    "一、落实第(一)项要求的情况",  # an item referred to inside a heading
    "一、整改情况,(一)类问题已销号。",  # a title with punctuation is not a heading run into an item
    "按照“三、统一部署(一)”的要求推进。",  # a heading before (一) only counts outside a sentence
])
def test_no_split_where_a_marker_only_seems_to_stand(line):
    assert _pieces(_analyse(line + "\n")) == [line]


# --- page chrome and title -------------------------------------------------------------------

CHROME = """当前位置:首页 > 巡视巡察 > 整改公开 > 正文
中共某县水务局党组关于巡察整改情况的通报
中共某县水务局党组关于巡察整改情况的通报
来源:县纪委监委   发布时间:2024-10-08 09:12   浏览次数: 120
【字号:大 中 小】 打印 关闭
根据县委统一部署,县委第二巡察组对县水务局党组开展了常规巡察。
一、整改工作情况
(一)成立领导小组。
"""


def test_page_chrome_above_the_notice_is_marked_and_makes_no_item():
    found = _analyse(CHROME)
    assert _pieces(found, layout.CHROME) == [
        "当前位置:首页 > 巡视巡察 > 整改公开 > 正文", "中共某县水务局党组关于巡察整改情况的通报",
        "来源:县纪委监委   发布时间:2024-10-08 09:12   浏览次数: 120", "【字号:大 中 小】 打印 关闭"]
    assert found.title == "中共某县水务局党组关于巡察整改情况的通报"
    assert [i.path for i in parse_structure(found).items] == [["一", "(一)"]]


def test_bidding_site_template_lines_are_chrome():
    raw = "公告摘要\n项目编号-\n预算金额-\n公告正文\n根据市委部署,市委巡察组对某中学党委开展了巡察。\n一、整改情况\n(一)召开会议。\n"
    assert _pieces(_analyse(raw), layout.CHROME) == ["公告摘要", "项目编号-", "预算金额-", "公告正文"]


def test_a_title_split_over_two_lines():
    found = _analyse("中共某市统计局党组\n关于巡察整改进展情况的通报\n根据市委部署,开展了巡察。\n")
    assert found.title == "中共某市统计局党组关于巡察整改进展情况的通报"
    assert _pieces(found, layout.TITLE) == ["中共某市统计局党组", "关于巡察整改进展情况的通报"]


def test_a_notice_without_a_title():
    found = _analyse("根据区委部署,区委巡察组对区档案馆党支部开展了巡察。\n一、整改情况\n")
    assert found.title is None and not _pieces(found, layout.TITLE)


# --- parts, closing, signature -----------------------------------------------------------------

SIGNED = """关于巡察整改情况的通报
根据县委部署,县委第三巡察组对县文旅局党组开展了巡察。
一、整改落实情况
(一)完善制度。修订办法三项。
(二)强化监督。开展检查两次。
今后工作安排
(一)巩固成果。
欢迎社会各界监督。联系电话:0571-1234567。
中共某县文化和旅游局党组
2024年12月6日
"""


@pytest.mark.parametrize("heading", ["下一步工作打算", "今后工作安排", "下一步工作思路", "下阶段工作安排", "三、下步打算"])
def test_every_variant_of_the_next_steps_heading_opens_the_plan_part(heading):
    found = _analyse(SIGNED.replace("今后工作安排", heading))
    assert found.plan_start == found.text.index(heading)
    assert [p.kind for p in found.parts] == ["preamble", "items", "plan", "closing"]


ORGANISED = """关于巡察整改情况的通报
根据县委部署,县委第三巡察组对县文旅局党组开展了巡察。
一、整改工作组织开展情况
局党组召开专题会议,成立整改工作领导小组。
二、反馈问题整改落实情况
(一)关于“制度执行不严”的问题。修订办法三项。
1.关于“会议记录不全”的问题。规范记录。
三、下一步工作打算
(一)巩固成果。
"""


def test_the_parts_of_a_notice_that_organises_then_answers_problem_by_problem():
    found = _analyse(ORGANISED)
    text = found.text
    assert [(p.kind, text[p.start:p.end].split("\n")[0]) for p in found.parts] == [
        ("preamble", "根据县委部署,县委第三巡察组对县文旅局党组开展了巡察。"),
        ("organisation", "一、整改工作组织开展情况"),
        ("items", "二、反馈问题整改落实情况"),
        ("plan", "三、下一步工作打算"),
    ]
    assert found.problems.opened_by == "heading"


@pytest.mark.parametrize("body, opened_by, first", [
    ("一、关于“制度执行不严”的问题\n修订办法三项。\n", "entry", "一、关于“制度执行不严”的问题"),
    ("局党组召开专题会议。\n1.关于“会议记录不全”的问题。规范记录。\n", "line", "1.关于“会议记录不全”的问题。规范记录。"),
    ("问题3:会议记录不全。\n整改情况:规范记录。\n", "line", "问题3:会议记录不全。"),
])
def test_what_opens_the_problem_by_problem_part(body, opened_by, first):
    found = _analyse("根据县委部署,县委第三巡察组对县文旅局党组开展了巡察。\n" + body)
    assert found.problems.opened_by == opened_by
    assert found.text[found.problems.start:].startswith(first)


def test_slogans_and_plans_do_not_open_the_problem_by_problem_part():
    found = _analyse("根据县委部署,开展了巡察。\n一、坚持问题导向,全力推动整改见效\n二、下一步工作打算\n(一)巩固成果。\n")
    assert found.problems is None


def test_page_furniture_below_the_notice_is_chrome_and_ends_the_last_item():
    raw = ("根据县委统一部署,县委第二巡察组对县水务局党组开展了常规巡察。\n一、整改工作情况\n"
           "(一)成立领导小组。\n(二)修订采购办法。\n【打印本页】 【关闭窗口】\n上一篇:县水务局开展防汛演练\n"
           "下一篇:县水务局召开年度工作会议\n")
    found = _analyse(raw)
    assert _pieces(found, layout.CHROME) == ["【打印本页】 【关闭窗口】", "上一篇:县水务局开展防汛演练",
                                             "下一篇:县水务局召开年度工作会议"]
    assert [i.text for i in parse_structure(found).items] == ["成立领导小组。", "修订采购办法。"]


def test_the_page_list_of_links_below_the_notice_is_chrome_to_the_end():
    raw = ("根据县委统一部署,县委第二巡察组对县水务局党组开展了常规巡察。\n一、整改工作情况\n"
           "(一)成立领导小组。\n(二)修订采购办法。\n扫一扫在手机打开当前页\n相关文章:\n县水务局开展防汛演练\n"
           "县水务局召开年度工作会议\n")
    found = _analyse(raw)
    assert _pieces(found, layout.CHROME) == ["扫一扫在手机打开当前页", "相关文章:", "县水务局开展防汛演练",
                                             "县水务局召开年度工作会议"]
    assert [i.text for i in parse_structure(found).items] == ["成立领导小组。", "修订采购办法。"]


def test_a_document_sites_page_numbers_between_items_are_chrome():
    raw = ("根据县委统一部署,县委第二巡察组对县水务局党组开展了常规巡察。\n一、整改工作情况\n"
           "(一)成立领导小组。\n— 1 —\n(二)修订采购办法。\n第2页\n(三)开展警示教育。\n- 3 -\n")
    found = _analyse(raw)
    assert _pieces(found, layout.CHROME) == ["— 1 —", "第2页", "- 3 -"]
    assert [(i.path, i.text) for i in parse_structure(found).items] == [
        (["一", "(一)"], "成立领导小组。"), (["一", "(二)"], "修订采购办法。"), (["一", "(三)"], "开展警示教育。")]


def test_a_title_over_two_lines_below_a_breadcrumb():
    raw = ("当前位置:首页 > 信息公开\n中共某县水务局党组\n关于巡察整改进展情况的通报\n"
           "根据县委统一部署,县委第二巡察组对县水务局党组开展了常规巡察。\n")
    assert _analyse(raw).title == "中共某县水务局党组关于巡察整改进展情况的通报"


def test_closing_and_signature():
    found = _analyse(SIGNED)
    text = found.text
    assert _pieces(found, layout.CLOSING)[0].startswith("欢迎社会各界监督")
    sig = found.signature
    assert sig.agency == "中共某县文化和旅游局党组" and str(sig.date) == "2024-12-06"
    assert text[sig.agency_span[0]:sig.agency_span[1]] == sig.agency
    assert [i.status for i in parse_structure(found).items] == ["done", "done", "plan"]


# --- mirror-site text ---------------------------------------------------------------------------

MIRROR = ("根據縣委統一部署,縣委第二巡察組對縣衛(wèi)生健康局黨組開展了常規巡察。"
          "2024年5月9日,縣委第二巡察組向縣衛(wèi)生健康局黨組反饋了巡察意見。\n一、整改情況\n(一)召開專題會議。\n")


def test_mirror_text_reads_as_simplified_without_pinyin():
    found = _analyse(MIRROR)
    assert "县委第二巡察组对县卫生健康局党组开展了常规巡察" in found.view.text
    assert found.view.text.count("(wèi)") == 0


def test_mirror_values_are_given_as_printed_with_their_evidence():
    facts = extract_facts(_analyse(MIRROR))
    text = normalise(MIRROR).text
    assert facts.metadata.agency_short == "縣衛(wèi)生健康局黨組"
    assert facts.metadata.inspector == "縣委第二巡察組"
    assert facts.metadata.inspection_kind == "常規巡察"
    assert facts.metadata.feedback_date == date(2024, 5, 9)
    for ev in facts.evidence:
        if ev.span is not None:
            assert text[ev.span[0]:ev.span[1]] == ev.quote


def test_a_simplified_text_with_a_stray_traditional_character_reads_unchanged():
    text = normalise("根据县委部署,巡察组對县局开展了巡察。\n").text
    assert not layout.analyse(text).view.changed


# --- properties ---------------------------------------------------------------------------------

_PIECES = ["一、", "二、", "(一)", "(二)", "1.", "2.", "一是", "。", ";", " ", "\n", "\n\n", "整改", "“", "”", "衛(wèi)",
           "黨組", "來源:", "首页>", "2024.3.11", "下一步工作打算", "欢迎监督", "联系电话:0571-1234567", "中共某局党组",
           "2024年1月2日", "1.5亿", "第一时间", "区 水 利 局 党 组", "中共某局党组关于巡察整改情况的通报 ", "一、整改情况",
           "【打印本页】", "上一篇:", "相关链接:", "— 1 —", "当前位置:首页 > 信息公开"]
texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(texts)
def test_paragraphs_are_ordered_disjoint_and_cover_every_visible_character(raw):
    text = normalise(raw).text
    found = layout.analyse(text)
    covered = set()
    last_end = 0
    for p in found.paragraphs:
        assert last_end <= p.start < p.end <= len(text)
        assert not text[p.start].isspace() and not text[p.end - 1].isspace()
        covered.update(range(p.start, p.end))
        last_end = p.end
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


@given(texts)
def test_view_offsets_map_back_inside_the_text(raw):
    text = normalise(raw).text
    view = layout.analyse(text).view
    for a in range(len(view.text) + 1):
        b = min(len(view.text), a + 3)
        start, end = view.to_text((a, b))
        assert 0 <= start <= end <= len(text)
        va, vb = view.from_text((start, end))
        assert 0 <= va <= vb <= len(view.text)


@given(texts)
def test_parts_run_in_order_without_overlap(raw):
    found = layout.analyse(normalise(raw).text)
    ends = [(p.start, p.end) for p in found.parts]
    assert all(a < b for a, b in ends)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(ends, ends[1:]))
