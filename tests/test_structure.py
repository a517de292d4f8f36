"""Hierarchy recovery on composed snippets of every layout, and on the shared development corpus."""
from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_miner.layout import analyse
from notice_miner.normalise import normalise
from notice_miner.structure import parse_structure


def _items(raw: str):
    text = normalise(raw).text
    result = parse_structure(analyse(text))
    for item in result.items:
        assert text[item.span[0]:item.span[1]] == item.text
        assert item.marker == item.path[-1]
    return result


def _paths(raw: str):
    return [(tuple(i.path), i.text, i.status) for i in _items(raw).items]


def test_classic_four_levels_with_plan_part():
    raw = """中共某县审计局党组关于巡察整改进展情况的通报

一、整改工作开展情况
（一）加强领导。成立领导小组。
（二）建立台账。逐项销号。
二、反馈问题整改落实情况
（一）关于财务管理方面
1.财务制度不健全。
一是修订《财务管理办法》。
二是开展财务检查。
2.资产底数不清。
一是开展清产核资。
三、下一步工作打算
（一）巩固成果。持续推进。
欢迎广大干部群众监督。联系电话：0571-1234567。
中共某县审计局党组
2024年5月6日"""
    assert _paths(raw) == [
        (("一", "(一)"), "加强领导。成立领导小组。", "done"),
        (("一", "(二)"), "建立台账。逐项销号。", "done"),
        (("二", "(一)", "1", "一是"), "修订《财务管理办法》。", "done"),
        (("二", "(一)", "1", "二是"), "开展财务检查。", "done"),
        (("二", "(一)", "2", "一是"), "开展清产核资。", "done"),
        (("三", "(一)"), "巩固成果。持续推进。", "plan"),
    ]


def test_problem_is_the_heading_the_measure_answers():
    raw = "二、整改情况\n1.关于“资金监管不严”的问题\n一是追回资金。\n二是约谈负责人。\n"
    items = _items(raw).items
    assert [i.problem for i in items] == ["资金监管不严", "资金监管不严"]


def test_inline_items_and_the_intro_belongs_to_no_item():
    raw = "一、整改情况\n局党组高度重视。一是成立专班，明确责任；二是建立台账；三是召开专题会议。\n"
    assert _paths(raw) == [
        (("一", "一是"), "成立专班,明确责任;", "done"),
        (("一", "二是"), "建立台账;", "done"),
        (("一", "三是"), "召开专题会议。", "done"),
    ]


def test_heading_run_into_its_body_with_inline_items():
    raw = "二、整改落实情况\n（二）关于财务管理方面。一是清理账户；二是规范报销。\n"
    assert _paths(raw) == [
        (("二", "(二)", "一是"), "清理账户;", "done"),
        (("二", "(二)", "二是"), "规范报销。", "done"),
    ]


def test_false_markers_inside_sentences_are_not_items():
    raw = ("一、整改情况\n（一）压实责任。党组第一时间召开会议，书记履行第一责任人职责，"
           "选派驻村第一书记，做到一是一、二是二，附件(1)已印发。\n")
    result = _items(raw)
    assert [i.path for i in result.items] == [["一", "(一)"]]
    assert result.items[0].text.endswith("附件(1)已印发。")


def test_numbering_that_skips_warns_but_parses():
    raw = "二、整改情况\n1.问题甲。\n一是措施。\n3.问题丙。\n一是措施。\n"
    result = _items(raw)
    assert [i.path for i in result.items] == [["二", "1", "一是"], ["二", "3", "一是"]]
    assert any("jumps to 3" in w for w in result.warnings)


def test_arabic_numbering_running_on_across_parts_does_not_warn():
    raw = "一、整改总体情况\n（一）甲方面\n1.问题一。\n2.问题二。\n（二）乙方面\n3.问题三。\n"
    result = _items(raw)
    assert [i.path for i in result.items] == [["一", "(一)", "1"], ["一", "(一)", "2"], ["一", "(二)", "3"]]
    assert result.warnings == []


def test_a_bracketed_responsibility_label_does_not_make_the_measure_its_own_problem():
    raw = ("二、整改情况\n1.关于“台账管理不规范”的问题\n一是建立整改台账,逐项对账销号(责任单位:区财政局)。\n"
           "二是开展专项检查(牵头单位:区审计局,完成时限:2024年6月)。\n")
    assert [i.problem for i in _items(raw).items] == ["台账管理不规范", "台账管理不规范"]


def test_problem_blocks_with_labelled_lines_are_one_item_each():
    raw = ("（一）关于主责主业方面\n问题1：主业不突出。\n整改措施：制定方案。\n整改时限：2024年底。\n"
           "责任单位：战略部。\n问题2：投资失控。\n整改措施：清理投资。\n")
    items = _items(raw).items
    assert [i.path for i in items] == [["(一)", "1"], ["(一)", "2"]]
    assert items[0].text.startswith("主业不突出。\n整改措施:制定方案。")
    assert items[0].problem == "主业不突出。"
    assert "责任单位:战略部。" in items[0].text


def test_cn_problem_markers_and_dun_numbering():
    raw = "二、整改\n反馈问题一：台账不清。整改情况：已建立台账。\n反馈问题二：制度缺失。整改情况：已出台制度。\n"
    assert [i.path for i in _items(raw).items] == [["二", "一"], ["二", "二"]]
    raw = "二、整改\n（一）甲方面\n1、问题一。\n一是措施甲。\n2、问题二。\n"
    assert [i.path for i in _items(raw).items] == [["二", "(一)", "1", "一是"], ["二", "(一)", "2"]]


def test_circled_and_di_markers_inline_and_per_paragraph():
    raw = ("二、整改\n1.问题一。\n①措施甲；②措施乙。\n2.问题二。\n第一，措施丙；第二，措施丁。\n"
           "3.问题三。\n（1）措施戊。\n（2）措施己。\n")
    assert [i.path for i in _items(raw).items] == [
        ["二", "1", "①"], ["二", "1", "②"], ["二", "2", "第一"], ["二", "2", "第二"],
        ["二", "3", "(1)"], ["二", "3", "(2)"]]


def test_next_steps_paragraph_without_heading_is_plan_and_ends_the_last_item():
    raw = ("二、整改\n1.问题一。\n整改情况：已完成。\n"
           "下一步，局党组将持续用力。一是巩固成果；二是健全机制。\n欢迎监督。\n")
    items = _items(raw).items
    assert [(i.path, i.status) for i in items] == [
        (["二", "1"], "done"), (["一是"], "plan"), (["二是"], "plan")]
    assert items[0].text == "问题一。\n整改情况:已完成。"


def test_top_level_part_with_prose_only_is_a_section():
    raw = "一、总体情况\n集团党委高度重视整改。\n二、整改落实\n（一）甲\n问题1：乙。\n整改措施：丙。\n"
    result = _items(raw)
    assert [i.path for i in result.items] == [["二", "(一)", "1"]]
    assert result.sections[0].marker == "一" and result.sections[0].children == []


def test_closing_and_signature_end_the_last_item():
    raw = "三、下步打算\n（一）持续整改。\n\n欢迎广大干部群众监督。\n中共某镇委员会\n二〇二四年十二月六日\n"
    items = _items(raw).items
    assert [(i.text, i.status) for i in items] == [("持续整改。", "plan")]


def test_empty_and_markerless_text():
    assert _items("").items == []
    assert _items("根据县委统一部署，开展了巡察。\n").items == []


def _nfkc(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


@pytest.mark.parametrize("name", ["000_e67ed025cdbe23ec", "dev01", "dev02", "dev03", "dev04",
                                  "dev05", "dev06", "dev07"])
def test_shared_development_notices(shared, name):
    """Every gold item comes out with the same path, status and text (whitespace aside)."""
    folder = shared / "corpus" if name.startswith("000") else shared / "corpus" / "dev"
    gold = json.loads((folder / f"{name}.gold.json").read_text(encoding="utf-8"))
    raw = (folder / f"{name}.txt").read_text(encoding="utf-8-sig")
    items = _items(raw).items
    got = [([_nfkc(p) for p in i.path], i.status, _nfkc(i.text)) for i in items]
    want = [([_nfkc(p) for p in g["path"]], g.get("status", "done"), _nfkc(g["text"])) for g in gold["items"]]
    assert got == want


@pytest.mark.parametrize("closing", ["监督电话:0577-1234567。", "来信请寄:某镇纪委办公室。", "邮编:325401",
                                     "举报电话:12388", "联系人:张某,电话:1234567"])
def test_closing_variants_end_the_last_item(closing):
    raw = "三、下步打算\n（一）持续整改。\n" + closing + "\n"
    assert [i.text for i in _items(raw).items] == ["持续整改。"]


_PIECES = ["一、", "（一）", "1.", "1、", "(1)", "①", "②", "第一，", "第二，", "一是", "二是", "三是", "问题1：",
           "整改情况：", "下一步，", "欢迎监督。", "文字", "。", "；", "\n", "\n\n", "2.", "十一、", "（十）", "100."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=120))
def test_any_sequence_of_markers_parses_with_grounded_spans(pieces):
    result = _items("".join(pieces))  # asserts text == text[span] and marker == path[-1]
    ids = {s.id for s in result.sections} | {i.id for i in result.items}
    for section in result.sections:
        assert set(section.children) <= ids


def test_inline_run_broken_across_lines_before_its_second_marker():
    raw = ("二、整改\n3.财务不规范。整改措施:(1)开展清查,清理挂账资金46.3万元;\n"
           "(2)追回资金23.61万元;(3)修订办法。\n4.采购不严。\n")
    assert [i.path for i in _items(raw).items] == [
        ["二", "3", "(1)"], ["二", "3", "(2)"], ["二", "3", "(3)"], ["二", "4"]]


def test_enclosed_numerals_from_word_templates():
    raw = ("二、整改落实情况\n㈠关于消费方面\n1.促消费政策落实不够有力\n⑴制定《措施》,举办活动32场。\n⑵培育街区4条。\n"
           "㈡关于财务方面\n⒉报销不规范\n一是清理;二是追回。\n")
    assert [i.path for i in _items(raw).items] == [
        ["二", "(一)", "1", "(1)"], ["二", "(一)", "1", "(2)"], ["二", "(二)", "2", "一是"], ["二", "(二)", "2", "二是"]]
    raw = "二、整改\n1.问题。整改措施:⑴制定制度;⑵开展检查。\n"
    assert [i.path for i in _items(raw).items] == [["二", "1", "(1)"], ["二", "1", "(2)"]]


def test_inline_arabic_lists_nest_below_their_heading():
    raw = ("二、整改落实情况\n（一）关于X的问题\n整改措施：1.开展A，整治63条；2.推行B，投入1.2亿元；3.建立C。\n"
           "三、下一步工作打算\n下一步，局党组将重点做好以下工作：1.加快推进；2.持续巩固。\n")
    assert [(i.path, i.status) for i in _items(raw).items] == [
        (["二", "(一)", "1"], "done"), (["二", "(一)", "2"], "done"), (["二", "(一)", "3"], "done"),
        (["三", "1"], "plan"), (["三", "2"], "plan")]
    raw = "二、整改\n3.关于Y的问题。整改措施:1.制定办法;2.开展检查。\n4.关于Z的问题。\n"
    assert [i.path for i in _items(raw).items] == [["二", "3", "1"], ["二", "3", "2"], ["二", "4"]]


def test_numbered_contact_channels_are_not_plan_items():
    raw = ("三、下一步工作打算\n（一）巩固成果。\n（二）健全机制。\n欢迎监督,可通过以下方式反映:\n"
           "1.电话:0571-1234567\n2.电子邮箱:abc@example.cn\n")
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["三", "(一)"], "巩固成果。"), (["三", "(二)"], "健全机制。")]


@pytest.mark.parametrize("cell", ["已完成", "正在整改", "持续整改。", "2024年12月底前", "长期坚持"])
def test_status_and_deadline_cells_of_a_table_row_end_the_item(cell):
    raw = f"二、整改\n1.设施管理不到位\n整改措施:一是新建场地23处。二是开通预约系统。\n{cell}\n2.资金管理不规范\n"
    items = _items(raw).items
    assert [i.text for i in items[:2]] == ["新建场地23处。", "开通预约系统。"]


def test_inline_run_goes_on_after_a_line_break_inside_the_paragraph():
    raw = ("二、整改落实情况\n（一）关于X方面\n针对A问题，一是开展甲；二是统筹资金4.2亿元支持产业，\n"
           "新造林36.8万亩；三是培育企业9家。\n（二）关于Y方面\n一是乙；二是丙。\n")
    items = _items(raw).items
    assert [(i.path, i.text.replace("\n", "")) for i in items] == [
        (["二", "(一)", "一是"], "开展甲;"), (["二", "(一)", "二是"], "统筹资金4.2亿元支持产业,新造林36.8万亩;"),
        (["二", "(一)", "三是"], "培育企业9家。"), (["二", "(二)", "一是"], "乙;"), (["二", "(二)", "二是"], "丙。")]


def test_a_fresh_run_in_the_next_line_wins_over_a_carried_one():
    raw = "一、整改\n一是甲;二是乙。\n整改情况:一是丙;二是丁;三是戊。\n"
    paths = [i.marker for i in _items(raw).items]
    assert paths.count("一是") == 2 and paths.count("三是") == 1


def test_closing_cues_inside_the_last_paragraph_end_the_last_plan_item():
    raw = ("二、整改\n" + "".join(f"（{n}）开展了第{n}项整改工作。\n" for n in "一二三四五六") + "三、下步打算\n一是完成C。二是加强D。\n"
           "巡察反馈的8个问题，目前已整改7个，1个正在整改。欢迎广大村民对整改落实情况进行监督。联系电话：0574-65361027。\n"
           "中共甲村支部委员会\n2024年8月12日\n")
    items = _items(raw).items
    assert [(i.path, i.text, i.status) for i in items][-2:] == [
        (["三", "一是"], "完成C。", "plan"), (["三", "二是"], "加强D。", "plan")]


@pytest.mark.parametrize("title", ["后续工作安排", "后续工作打算", "持续深化整改的工作打算", "下一阶段工作打算"])
def test_plan_part_titles(title):
    raw = f"一、整改情况\n（一）开展甲。\n四、{title}\n（一）持续乙。\n"
    assert [i.status for i in _items(raw).items] == ["done", "plan"]


def test_unnumbered_next_steps_title_starts_the_plan_part():
    raw = "现将整改情况通报如下。\n整改落实情况\n1.开展甲。\n2.开展乙。\n下一步工作打算\n1.持续丙。\n2.巩固丁。\n欢迎监督。\n"
    assert [(i.path, i.status) for i in _items(raw).items] == [
        (["1"], "done"), (["2"], "done"), (["1"], "plan"), (["2"], "plan")]
    raw = "第一部分 整改工作开展情况\n（一）开展甲。\n（二）开展乙。\n第二部分 下一步工作打算\n（一）持续丙。\n"
    assert [(i.path, i.text, i.status) for i in _items(raw).items] == [
        (["(一)"], "开展甲。", "done"), (["(二)"], "开展乙。", "done"), (["(一)"], "持续丙。", "plan")]


def test_inline_cn_paren_lists():
    raw = "（一）关于X问题。开展甲。\n（二）关于Y问题。开展乙。\n下一步，局党组将：（一）持续丙；（二）巩固丁。\n"
    assert [(i.path, i.text, i.status) for i in _items(raw).items][2:] == [
        (["(一)"], "持续丙;", "plan"), (["(二)"], "巩固丁。", "plan")]


def test_two_inline_levels_in_one_paragraph():
    raw = "二、整改情况\n（一）关于X方面。1.关于A问题。一是开展甲；二是开展乙。2.关于B问题。一是开展丙。\n"
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["二", "(一)", "1", "一是"], "开展甲;"), (["二", "(一)", "1", "二是"], "开展乙。"),
        (["二", "(一)", "2", "一是"], "开展丙。")]


def test_a_page_that_is_not_a_notice_says_so():
    assert "does not read like a rectification notice" in _items("404 Not Found\n页面不存在\n").warnings[0]
    assert "no enumerated measures" in _items("关于巡察整改情况的通报\n整改工作正在推进。\n").warnings[0]


def test_lead_in_before_a_fresh_inline_run_joins_no_item():
    raw = "二、整改落实情况\n（一）关于X方面\n针对A问题，一是开展甲；二是开展乙。\n针对B问题，一是开展丙；二是开展丁。\n"
    assert [i.text for i in _items(raw).items] == ["开展甲;", "开展乙。", "开展丙;", "开展丁。"]


_CLOSINGS = ["欢迎广大干部群众监督", "如有意见建议", "联系电话:0851-1234567", "联系方式:", "联系人:王某", "监督电话:12388",
             "举报电话:12388", "通信地址:某路1号", "通讯地址:", "联系地址:", "来信请寄", "邮政编码:550000", "邮编:550000",
             "电子邮箱:a@b.cn", "特此通报。", "附件 1:"]
_TABLE_CELLS = ["已完成", "已整改到位", "已办结", "正在整改", "整改中", "持续整改", "基本完成", "阶段性完成", "长期坚持",
                "持续推进", "2024年6月底前", "6月30日前完成", "12月"]
_SIGNATURES = ["中共某某县委员会", "某某局党组", "某某街道党工委", "某某总支部", "某某支部委员会", "某某村党支部",
               "某某县人民政府", "某某县委办公室", "2024年12月6日", "二〇二四年十二月六日"]
_CHANNELS = ["来信请寄:", "来电:", "电话:0851", "信箱:", "邮箱:", "电子邮箱:", "网络:", "网站:", "邮寄:", "举报:"]


@pytest.mark.parametrize("pattern, paragraph", [
    *(("CLOSING", p) for p in _CLOSINGS), *(("TABLE_CELL", p) for p in _TABLE_CELLS),
    *(("SIGNATURE_PARAGRAPH", p) for p in _SIGNATURES), *(("CONTACT_CHANNEL", p) for p in _CHANNELS)])
def test_every_form_of_a_paragraph_rule_is_recognised(pattern, paragraph):
    from notice_miner.lang import layout_zh, structure_zh

    rule = getattr(structure_zh, pattern, None) or getattr(layout_zh, pattern)  # closings and signatures are the layout's
    assert rule.match(paragraph)


def test_numbered_problems_below_a_numbered_area_are_a_level_of_their_own():
    raw = ("二、集中整改情况\n（一）关于落实主体责任方面\n1.关于“学习教育走过场”方面\n问题1：专题学习流于形式。\n"
           "整改情况：一是制定年度学习计划。二是开展专题研讨4次。三是建立学习台账。\n完成情况：已完成\n"
           "2.关于“资产管理不规范”方面\n问题2：闲置房产未及时处置。\n")
    items = _items(raw).items
    assert [(i.path, i.text) for i in items] == [
        (["二", "(一)", "1", "1", "一是"], "制定年度学习计划。"),
        (["二", "(一)", "1", "1", "二是"], "开展专题研讨4次。"),
        (["二", "(一)", "1", "1", "三是"], "建立学习台账。\n完成情况:已完成"),
        (["二", "(一)", "2", "2"], "闲置房产未及时处置。")]
    assert items[0].problem == "专题学习流于形式。"
    raw = "二、整改情况\n1.关于作风建设方面\n反馈问题3：会议过多。\n整改情况：精简会议。\n"
    assert [i.path for i in _items(raw).items] == [["二", "1", "3"]]


def test_a_labelled_list_of_one_is_an_item():
    raw = ("二、整改落实情况\n1.关于“值班制度执行不严”的问题\n整改情况：一是修订值班管理办法，每月通报抽查结果。\n"
           "2.关于“档案管理混乱”的问题\n整改情况：一是补齐缺失档案；二是落实专人管理。\n")
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["二", "1", "一是"], "修订值班管理办法,每月通报抽查结果。"),
        (["二", "2", "一是"], "补齐缺失档案;"), (["二", "2", "二是"], "落实专人管理。")]


def test_a_lone_first_marker_at_the_end_of_a_page_cut_short_is_an_item():
    raw = ("一、整改工作开展情况\n（一）党委落实整改情况。一是召开专题会议；二是制定整改方案。\n"
           "（二）书记履行第一责任人职责情况。一是带头领办重点难点问题，逐项督办。\n")
    assert [(i.path, i.text) for i in _items(raw).items][-1] == (
        ["一", "(二)", "一是"], "带头领办重点难点问题,逐项督办。")


def test_a_paragraph_after_a_finished_inline_list_is_not_its_last_item():
    raw = ("一、整改工作开展情况\n局党组把整改作为政治任务。一是成立领导小组。二是建立问题清单。\n"
           "整改期间，共约谈提醒干部6人，修订制度9项。\n")
    assert [i.text for i in _items(raw).items] == ["成立领导小组。", "建立问题清单。"]


def test_the_lead_in_of_a_second_run_joins_no_item():
    raw = ("一、整改组织情况\n一是统一思想。召开专题会议。\n二是压实责任。分解任务清单。\n\n"
           "主要负责人切实履行第一责任人责任。\n\n一是带头研究部署。主持召开会议3次。\n")
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["一", "一是"], "统一思想。召开专题会议。"), (["一", "二是"], "压实责任。分解任务清单。"),
        (["一", "一是"], "带头研究部署。主持召开会议3次。")]


def test_markers_that_lost_their_opening_bracket():
    raw = ("二、整改落实情况\n一)关于制度建设方面\n1.制度不健全。整改措施:1)精简会议;2)压缩文件。\n"
           "二)关于作风建设方面\n1)会风不实。\n2)文风不正。\n")
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["二", "(一)", "1", "(1)"], "精简会议;"), (["二", "(一)", "1", "(2)"], "压缩文件。"),
        (["二", "(二)", "(1)"], "会风不实。"), (["二", "(二)", "(2)"], "文风不正。")]


def test_a_number_opening_a_line_broken_mid_sentence_is_text():
    raw = ("一、整改工作开展情况\n（一）统一思想。收到反馈意见后，党支部立即召开会议，\n2、研究整改措施，明确分工。\n"
           "（二）细化措施。逐条制定方案。\n")
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["一", "(一)"], "统一思想。收到反馈意见后,党支部立即召开会议,\n2、研究整改措施,明确分工。"),
        (["一", "(二)"], "细化措施。逐条制定方案。")]
    raw = "二、整改\n1.开展学习，\n2.完善制度，\n3.加强监督。\n"
    assert [i.path for i in _items(raw).items] == [["二", "1"], ["二", "2"], ["二", "3"]]


def test_cn_heading_typed_with_a_dot():
    raw = "一.整改工作开展情况\n（一）成立专班。\n二.整改落实情况\n（一）修订制度。\n"
    assert [i.path for i in _items(raw).items] == [["一", "(一)"], ["二", "(一)"]]


# --- numbering as a property: any tree of marker kinds written out comes back as written -------

_RUNGS = {"cn_dun": ("{}、", "{}"), "cn_paren": ("（{}）", "({})"), "arabic": ("{}.", "{}"),
          "ar_paren": ("（{}）", "({})"), "circled": ("{}", "{}"), "shi": ("{}是", "{}是")}
_CN_NUM = "一二三四五六七八九十"
_LEAF_TEXTS = ["修订管理办法。", "开展专项检查，清理账户12个。", "建立问题台账；", "约谈相关负责人3人。"]
_HEADINGS = ["关于学习教育方面", "关于资金管理方面", "关于选人用人方面"]


def _numeral(kind: str, value: int) -> str:
    if kind in ("cn_dun", "cn_paren", "shi"):
        return _CN_NUM[value - 1]
    return "①②③④"[value - 1] if kind == "circled" else str(value)


@st.composite
def _marker_trees(draw):
    """A list of rungs (kinds, top first) and a tree over them: (children, inline) per node."""
    rungs = draw(st.lists(st.sampled_from(list(_RUNGS)), min_size=1, max_size=4, unique=True))

    def node(depth):
        if depth == len(rungs) - 1 or (depth > 0 and not draw(st.booleans())):
            return []
        return [node(depth + 1) for _ in range(draw(st.integers(1, 3)))]

    top = [node(0) for _ in range(draw(st.integers(1, 3)))]
    if rungs[0] == "cn_dun" and len(rungs) > 1:  # a top part holding only prose is a section, not an item
        top = [kids or [[]] for kids in top]
    elif rungs[0] == "cn_dun":
        rungs = ["cn_paren"]
    return rungs, top, draw(st.booleans()), draw(st.randoms(use_true_random=False))


@settings(max_examples=200, deadline=None)
@given(_marker_trees())
def test_any_marker_tree_comes_back_with_its_paths_and_texts(tree):
    rungs, top, inline_last, rnd = tree
    lines: list[str] = []
    want: list[tuple[list[str], str]] = []

    def write(children, depth, path):
        kind = rungs[depth]
        as_inline = inline_last and kind in ("shi", "ar_paren", "circled", "cn_paren") and len(children) > 1 and all(not c for c in children)
        pieces = []
        for value, kids in enumerate(children, 1):
            written, normal = _RUNGS[kind]
            marker = written.format(_numeral(kind, value))
            if kids:
                lines.append(marker + rnd.choice(_HEADINGS) + ("。" if inline_last else ""))
                write(kids, depth + 1, [*path, normal.format(_numeral(kind, value))])
                continue
            leaf = rnd.choice(_LEAF_TEXTS)
            want.append(([*path, normal.format(_numeral(kind, value))], normalise(leaf).text))
            pieces.append(marker + leaf) if as_inline else lines.append(marker + leaf)
        if pieces:
            lines[-1] += "".join(pieces)

    lines.append("现将整改情况通报如下。")
    write(top, 0, [])
    got = [(i.path, i.text) for i in _items("\n".join(lines) + "\n").items]
    assert got == want


def test_a_space_stands_for_a_line_break_before_an_inline_marker():
    raw = "二、整改落实情况\n1.关于“制度执行不严”问题的整改 一是修订议事规则，明确决策程序。\n"
    assert [(i.path, i.text) for i in _items(raw).items] == [(["二", "1", "一是"], "修订议事规则,明确决策程序。")]


def test_a_lone_first_marker_before_a_run_of_another_kind_heads_it():
    raw = "二、整改落实情况\n1.关于教育方针方面 (1)落实育人任务。一是健全德育机制。二是规范课程管理。\n"
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["二", "1", "(1)", "一是"], "健全德育机制。"), (["二", "1", "(1)", "二是"], "规范课程管理。")]


def test_a_run_that_starts_over_in_its_paragraph():
    raw = "一、整改组织情况\n一是统一思想;二是压实责任。针对重点问题,一是挂牌督办;二是限期销号。\n"
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["一", "一是"], "统一思想;"), (["一", "二是"], "压实责任。"),
        (["一", "一是"], "挂牌督办;"), (["一", "二是"], "限期销号。")]


def test_problem_markers_followed_by_a_space_instead_of_a_colon():
    raw = ("二、整改落实情况\n1.关于纪律建设方面\n问题1 请销假手续不全。\n整改情况:补办手续,每月抽查。\n"
           "问题2 公车使用登记缺项。\n整改情况:启用电子登记。\n问题 12 个已全部销号。\n")
    assert [(i.path, i.problem) for i in _items(raw).items] == [
        (["二", "1", "1"], "请销假手续不全。"), (["二", "1", "2"], "公车使用登记缺项。")]


def test_a_lost_bracket_with_a_space_before_it():
    raw = "一、整改组织情况\n一 )统一认识。召开支委会。\n二 )分解任务。列出清单。\n"
    assert [i.path for i in _items(raw).items] == [["一", "(一)"], ["一", "(二)"]]


def test_an_inline_run_whose_line_broke_after_its_first_item():
    raw = ("二、主要负责人履责情况\n书记带头抓整改。一是每月听取一次进展汇报,现场\n协调难点问题。二是带队督导下属单位。"
           "三是开展谈心谈话。\n")
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["二", "一是"], "每月听取一次进展汇报,现场\n协调难点问题。"), (["二", "二是"], "带队督导下属单位。"),
        (["二", "三是"], "开展谈心谈话。")]


def test_a_part_heading_after_an_inline_run_in_the_opening_is_a_part_of_its_own():
    raw = ("根据部署,市委巡察组对市档案局党组开展了巡察。局党组立即行动,一是召开党组会议;二是制定整改方案。\n"
           "一、整改落实情况\n（一）关于保密管理不严的问题。开展保密检查。\n")
    assert [i.path for i in _items(raw).items] == [["一是"], ["二是"], ["一", "(一)"]]
    raw = "一、整改组织情况\n（一）统一认识。一是召开会议；二是开展学习。\n1.细化分工。\n"
    assert [i.path for i in _items(raw).items] == [["一", "(一)", "一是"], ["一", "(一)", "二是"], ["一", "(一)", "1"]]


def test_a_heading_run_into_its_list_without_a_break():
    raw = ("二、整改落实情况\n（一）关于印章管理不规范的问题一是修订用印审批办法;二是建立用印登记台账。\n"
           "（二）关于调研成果转化不够的问题一是建立成果清单。\n")
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["二", "(一)", "一是"], "修订用印审批办法;"), (["二", "(一)", "二是"], "建立用印登记台账。"),
        (["二", "(二)"], "关于调研成果转化不够的问题一是建立成果清单。")]  # a list of one is not told from text


def test_a_second_list_of_one_in_flattened_text_after_its_lead_in():
    raw = ("一、整改组织情况 党组把整改作为政治任务。 一是统一思想。召开党组会议。 二是压实责任。列出任务清单。 "
           "书记认真履行第一责任人职责。 一是带头研究。主持专题会议4次。\n")
    assert [(i.path, i.text) for i in _items(raw).items] == [
        (["一", "一是"], "统一思想。召开党组会议。"), (["一", "二是"], "压实责任。列出任务清单。"),
        (["一", "一是"], "带头研究。主持专题会议4次。")]
