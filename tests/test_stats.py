"""stats.summary_stats: figures stated in summary lines, in the sentences of a general part, in
tables and in parts, on notices written here (each class of wording real pages use, in words of
our own), and what is not a summary figure."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_miner.layout import analyse
from notice_miner.facts import extract_facts
from notice_miner.normalise import normalise
from notice_miner.stats import summary_stats
from test_facts import check_evidence

OPENING = "市委第一巡察组对某局党组开展了常规巡察。\n"


def in_general_part(paragraph: str, *, plan: str = "") -> str:
    """A notice whose figures stand in a paragraph of its first part (how the work was organised),
    not in a summary line; `plan` goes under its next steps."""
    return ("关于某区农业农村局党组巡察整改进展情况的通报\n"
            "根据区委统一部署,2024年4月8日至6月5日,区委第二巡察组对区农业农村局党组开展了常规巡察。"
            "现将整改进展情况通报如下。\n"
            "一、整改工作的组织开展情况\n"
            "(一)压实整改责任。局党组成立整改工作领导小组,党组书记任组长,多次召开专题会议研究部署。\n"
            f"(二)细化整改方案。{paragraph}\n"
            "二、下一步工作打算\n"
            f"(一)持续巩固整改成果。{plan or '坚持标本兼治,防止问题反弹。'}\n")


def general_stats(paragraph: str, **kw) -> dict:
    text = normalise(in_general_part(paragraph, **kw)).text
    facts = extract_facts(analyse(text))
    check_evidence(text, facts)
    return facts.stats.model_dump(exclude_none=True)


@pytest.mark.parametrize("paragraph, expected", [
    # areas, problems and measures in one running sentence
    ("局党组围绕巡察反馈的5个方面、21个突出问题,研究制定83项整改措施,逐项明确责任人和时限。",
     {"problem_areas": 5, "problems_total": 21, "measures_total": 83}),
    # areas, categories and specific problems: the problems are the last count
    ("对照反馈的4个方面12个大类35项具体问题,细化形成整改任务120条。",
     {"problem_areas": 4, "problems_total": 35, "tasks_total": 120}),
    # areas counted in 项 before a count of problems in 个
    ("巡察反馈意见中指出3项10个问题,局党组逐条研究。", {"problem_areas": 3, "problems_total": 10}),
    # the areas of problems without their count
    ("将巡察反馈意见归纳为六个方面的问题,逐一明确整改措施。", {"problem_areas": 6}),
    ("聚焦7个方面,制定52条具体整改措施。", {"problem_areas": 7, "measures_total": 52}),
    # what the feedback was broken into, and quoted lists
    ("将巡察反馈问题细化为26个具体问题,形成问题、任务、责任三张清单。", {"problems_total": 26}),
    ("将反馈意见分解形成32个“问题清单”、110条“任务清单”,落实到责任科室。",
     {"problems_total": 32, "tasks_total": 110}),
    # problems counted in 项, done in 项, the rate
    ("反馈的问题共17项,截至目前已完成整改17项,整改完成率100%。",
     {"problems_total": 17, "problems_done": 17, "completion_rate": 1.0}),
    # 基本完成 is in progress; 未完成 beside it counts what has not started
    ("截至目前,巡察指出问题9个,已完成整改6个,基本完成2个,尚未完成1个。",
     {"problems_total": 9, "problems_done": 6, "problems_in_progress": 2}),
    ("到目前为止,巡察指出问题9个,已完成整改8个,未完成1个。",
     {"problems_total": 9, "problems_done": 8, "problems_in_progress": 1}),
    # a total, then its done and in-progress counts mid-paragraph in the next sentence
    ("巡察反馈了3个方面11个问题。局党组逐项整改,截至目前,反馈问题11个,已完成整改10个,阶段性完成整改1个。",
     {"problem_areas": 3, "problems_total": 11, "problems_done": 10, "problems_in_progress": 1}),
    # people, in Chinese numerals and zero
    ("对相关责任人员教育提醒六人,诫勉谈话两人。", {"people_reminded": 6, "people_admonished": 2}),
    ("整改中给予党纪处分0人,组织处理0人,交由区纪委监委调查1人。",
     {"people_disciplined": 0, "people_org_handled": 0, "people_referred": 1}),
    # rules and every amount recovered in a sentence, added up
    ("建立完善制度十二项,清退违规发放的补贴3.5万元、追回多报销的差旅费8000元。",
     {"rules_made": 12, "funds_recovered_yuan": 43000}),
    # a breakdown after 其中 is part of the total before it
    ("共追回违规资金12万元,其中清退违规补贴2万元。", {"funds_recovered_yuan": 120000}),
    # a sentence opening with 截至目前 sums up even inside a paragraph
    ("局党组逐项推进整改。截至目前已整改到位34个,剩余3个需长期坚持。",
     {"problems_done": 34, "problems_in_progress": 3}),
    # lists of tasks, and clues handed on
    ("梳理形成问题清单12个、任务清单36项,向区纪委监委移交问题线索5件。",
     {"problems_total": 12, "tasks_total": 36, "clues_transferred": 5}),
    ("细化整改任务清单56项,逐项销号。", {"tasks_total": 56}),
    # problems fixed at once
    ("对2个具备立行立改条件的问题第一时间整改到位。", {"problems_fixed_immediately": 2}),
    ("反馈问题中立行立改问题3个,均已完成。", {"problems_fixed_immediately": 3}),
])
def test_figures_stated_in_a_paragraph_of_the_general_part(paragraph, expected):
    assert general_stats(paragraph) == pytest.approx(expected)


@pytest.mark.parametrize("paragraph", [
    # one count shared by several measures belongs to none of them
    "对相关人员给予批评教育、提醒谈话共15人。",
    # what a leader took on, what a later check found, what others were urged to do
    "党组书记主动认领5个具体问题,亲自研究推动。",
    "局纪检组开展督查3次,发现问题4个,督促健全完善各类制度20余项。",
    # measures of a policy, not of the rectification
    "出台《关于促进乡村产业发展的若干措施》,提出22条具体措施。",
])
def test_counts_that_are_not_the_rectifications_figures(paragraph):
    assert general_stats(paragraph) == {}


def test_the_next_steps_state_plans_not_figures():
    assert general_stats("局党组逐项研究整改。", plan="计划修订完善制度5项,追回资金3万元。") == {}


def test_an_item_of_the_problem_by_problem_part_counts_for_that_problem_only():
    text = normalise(
        "关于某局党组巡察整改情况的通报\n"
        "市委第一巡察组对某局党组开展了常规巡察,反馈问题12个。\n"
        "一、整改工作开展情况\n"
        "局党组召开专题会议研究部署整改工作。\n"
        "二、巡察反馈问题整改落实情况\n"
        "1.关于干部管理不严的问题。对2名干部进行提醒谈话,追回多发补贴1.2万元。\n").text
    assert extract_facts(analyse(text)).stats.model_dump(exclude_none=True) == {"problems_total": 12}


def stats_of(body: str) -> dict:
    text = normalise(OPENING + body).text
    facts = extract_facts(analyse(text))
    for ev in facts.evidence:
        if ev.span is not None:
            assert text[ev.span[0]:ev.span[1]] == ev.quote
    return facts.stats.model_dump(exclude_none=True)


@pytest.mark.parametrize("spaces", [600, 5000])
def test_a_long_run_of_spaces_before_a_date_takes_linear_time(spaces):
    text = OPENING + " " * spaces + "2024年3月1日\n" + "反馈问题(个)\n" + " " * spaces + "\n"
    start = time.perf_counter()
    summary_stats(text)
    assert time.perf_counter() - start < 0.5


def test_a_table_label_line_still_reads_with_spaces_around_its_unit():
    table = "  反馈问题  (个)  \n 已完成整改 (个)\n 12 \n 10\n"
    figures = summary_stats("市委第一巡察组于2024年对某局党组开展了为期两个月的常规巡察。\n" + table)
    assert {f.key: f.value for f in figures} == {"problems_total": 12, "problems_done": 10}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=" \t\n、,。0123456789个项问题整改完成反馈(元)%方面", max_size=400))
def test_every_figure_is_read_from_its_span(body):
    text = OPENING + body
    for figure in summary_stats(text):
        assert 0 <= figure.span[0] < figure.span[1] <= len(text)


def test_numbered_problems_without_a_part_heading_are_the_problem_by_problem_part():
    text = normalise(
        "关于某学院党委巡视整改进展情况的通报\n"
        "省委第三巡视组对某学院党委开展了常规巡视。截至目前,反馈的3个方面20个问题已完成整改18个。\n"
        "(一)在“落实全面从严治党责任”方面\n"
        "1.关于“廉政风险防控不到位”问题的整改\n"
        "整改情况:对巡视移交的4件问题线索全部办结,追回违规资金2万元。\n").text
    assert extract_facts(analyse(text)).stats.model_dump(exclude_none=True) == {
        "problem_areas": 3, "problems_total": 20, "problems_done": 18}
