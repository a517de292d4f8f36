"""The rectification-quality checks (issue #10) on composed notices: each check fires on what it looks for
and stays quiet where the notice gives no cause; every finding is grounded in the text."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import notice_miner
from notice_miner.checks import problems, run_checks
from notice_miner.checks.stated import add_months
from notice_miner.lang import checks_zh
from notice_miner.model import CHECK_IDS, Notice

FIXTURES = Path(__file__).parent / "fixtures" / "checks"


def _parse(name: str, **kwargs) -> Notice:
    return notice_miner.parse(FIXTURES / name, classifier=None, **kwargs)


def _text(text: str) -> Notice:
    return notice_miner.parse_text(text, classifier=None)


@pytest.fixture(scope="module")
def good() -> Notice:
    return _parse("good.txt")


@pytest.fixture(scope="module")
def bad() -> Notice:
    return _parse("bad.txt")


def _found(notice: Notice, check: str) -> list:
    return [f for f in notice.checks.findings if f.check == check]


def _quotes(notice: Notice, check: str) -> list[str]:
    return [notice.text[a:b] for f in _found(notice, check) for a, b in f.spans]


def _assert_grounded(notice: Notice) -> None:
    for f in notice.checks.findings:
        assert f.check in CHECK_IDS and f.message and f.gloss
        for a, b in f.spans:
            assert 0 <= a <= b <= len(notice.text)
        for figure in f.figures:
            if figure.name.startswith("stats."):
                quote = next(e.quote for e in notice.evidence if e.field == figure.name)
                assert notice.text[figure.span[0]:figure.span[1]] == quote
            elif figure.span is not None:
                assert f"{figure.value / (10_000 if '万元' in notice.text[slice(*figure.span)] else 1):g}" \
                    in notice.text[slice(*figure.span)]
        if f.item is not None:
            item = next(i for i in notice.items if i.id == f.item)
            assert all(item.span[0] <= a and b <= item.span[1] for a, b in f.spans if f.check != "restated_problem")


def test_a_sound_notice_gets_no_warning_or_error(good):
    assert [(f.check, f.message) for f in good.checks.findings if f.severity != "info"] == []
    summary = good.checks.summary
    assert summary.element_shares == {"responsible": 1.0, "deadline": 1.0, "target": 1.0}
    assert summary.problems == 3 and summary.problems_without_measure == 0
    assert summary.days_to_publication == 53 and all(summary.disclosed.values())
    assert set(summary.counts) == set(CHECK_IDS)
    _assert_grounded(good)


def test_every_check_fires_on_its_planted_defect(bad):
    counts = bad.checks.summary.counts
    assert {check for check, n in counts.items() if n} == set(CHECK_IDS)
    assert _quotes(bad, "coverage") == ["关于“招商项目跟踪服务滞后”问题"]
    assert _quotes(bad, "unsupported_completion") == ["已完成"]
    assert [f.item for f in _found(bad, "restated_problem")] == ["i2"]
    assert [f.item for f in _found(bad, "paper_only")] == ["i1", "i4"]
    stock_only = [f for f in _found(bad, "hedging") if f.item]
    assert [f.item for f in stock_only] == ["i4"]
    assert next(f for f in _found(bad, "elements") if f.item == "i1").missing == ["responsible", "deadline"]
    assert bad.checks.summary.days_to_publication == 149
    assert not bad.checks.summary.disclosed["contact"]
    _assert_grounded(bad)


def test_arithmetic_names_the_figures_that_disagree_and_by_how_much(bad):
    found = {f.message: f for f in _found(bad, "arithmetic")}
    short = "合计30万元,其中各项相加为20万元,相差10万元(或未列全)"
    assert set(found) == {"已完成7个、正在推进3个,合计10个,与问题总数9个多出1个",
                          "整改完成率写为90%,按7/9计算应为78%", short}
    sums = found[short]
    assert [(f.name, f.value) for f in sums.figures] == [
        ("total_money", 300_000), ("part_money", 120_000), ("part_money", 80_000), ("difference", -100_000)]
    # parts short of their total leave a gap (a warning, as done + in progress short of the total does);
    # more done than found and a wrong rate contradict the notice (errors)
    assert {m: f.severity for m, f in found.items()} == {m: "warning" if m == short else "error" for m in found}


@pytest.mark.parametrize(("sentence", "severity"), [
    ("共处理12人,其中党纪处分3人、诫勉谈话4人。", "warning"),  # 7 of 12: the rest may be left unlisted
    ("共处理6人,其中党纪处分3人、诫勉谈话4人。", "error"),  # 7 of 6: a contradiction
    ("共建立制度15项,其中新建9项、修订7项。", "error"),
])
def test_parts_over_their_total_contradict_it_parts_short_of_it_leave_a_gap(sentence, severity):
    notice = _text(f"关于巡察整改情况的通报\n一、整改情况\n(一)严肃问责。{sentence}\n")
    assert [f.severity for f in _found(notice, "arithmetic")] == [severity]


_SUMMARY = ("关于巡察整改情况的通报\n一、整改总体情况\n对照反馈的{total}个问题,截至目前,已完成整改{done}个,"
            "正在推进{ongoing}个{rest}。\n二、下一步打算\n持续巩固。\n")


@pytest.mark.parametrize(("total", "done", "ongoing", "rest", "messages"), [
    (12, 10, 2, ",整改完成率83.3%", []),  # 10/12 = 83.33…: printed to one place
    (12, 10, 2, ",整改完成率83%", []),
    (3, 2, 1, ",整改完成率66.6%", []),  # cut, not rounded: still what the figures give
    (12, 10, 2, ",整改完成率85%", ["整改完成率写为85%,按10/12计算应为83%"]),
    (20, 15, 3, "", ["已完成15个、正在推进3个,合计18个,与问题总数20个相差2个"]),
    (20, 15, 3, ",未完成2个", []),  # done + in progress + not done = total
])
def test_counts_and_rate_agree_to_the_precision_printed(total, done, ongoing, rest, messages):
    notice = _text(_SUMMARY.format(total=total, done=done, ongoing=ongoing, rest=rest))
    assert [f.message for f in _found(notice, "arithmetic")] == messages


@pytest.mark.parametrize(("sentence", "fires"), [
    ("共处理12人,其中党纪处分3人、诫勉谈话9人。", False),
    ("共处理12人,其中党纪处分3人、诫勉谈话7人。", True),
    ("累计追回资金1.5万元,其中追回补贴0.8万元、清退津贴0.7万元。", False),
    ("共处理12人,其中处级干部3人。", False),  # one part: a subset, not a breakdown
    ("共修订制度8项,其中新建3项、修订5项。", False),
])
def test_a_stated_total_equals_its_stated_parts(sentence, fires):
    notice = _text(f"关于巡察整改情况的通报\n一、整改情况\n(一)严肃问责。{sentence}\n")
    assert bool(_found(notice, "arithmetic")) is fires


def test_a_notice_stating_no_figures_gets_no_arithmetic_finding_only_a_disclosure_note():
    notice = _parse("nofigures.txt")
    assert _found(notice, "arithmetic") == []
    assert len(_found(notice, "disclosure")) == 1
    assert _found(notice, "timing")[0].message == "通报未写明巡察反馈日期,无法核对整改时限"
    assert notice.checks.summary.days_to_publication is None


@pytest.mark.parametrize(("feedback", "published", "finding"), [
    ("2025年1月31日", "2025年3月31日", None),  # the last day of the second month is within the limit
    ("2025年1月31日", "2025年4月1日", "反馈后60天才公布整改情况,超过2个月时限"),
    ("2025年5月10日", "2025年4月1日", "发布日期早于巡察反馈日期39天"),
])
def test_timing_counts_calendar_months_from_the_stated_feedback(feedback, published, finding):
    notice = _text(f"关于巡察整改情况的通报\n区委第一巡察组于{feedback}反馈了巡察意见。现将整改情况通报如下。\n"
                   f"一、整改情况\n(一)修订制度3项。\n中共东湖区某局党组\n{published}\n")
    assert [f.message for f in _found(notice, "timing")] == ([finding] if finding else [])


def test_the_timing_limit_is_a_setting():
    notice = _text("关于巡察整改情况的通报\n区委第一巡察组于2025年1月10日反馈了巡察意见。\n一、整改情况\n"
                   "(一)修订制度3项。\n中共东湖区某局党组\n2025年4月20日\n")
    assert _found(notice, "timing")
    assert not [f for f in run_checks(notice, timing_limit_months=4).findings if f.check == "timing"]


def test_add_months_keeps_the_day_or_the_month_end():
    import datetime as dt

    assert add_months(dt.date(2024, 12, 31), 2) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 11, 15), 2) == dt.date(2025, 1, 15)


@pytest.mark.parametrize(("measure", "fires"), [
    ("已完成整改。", True),
    ("相关问题已整改到位。", True),
    ("清退违规发放的津贴2.4万元,已完成整改。", False),
    ("2025年6月修订《会议费管理办法》,已完成整改。", False),
    ("对1名责任人给予诫勉,问题已整改到位。", False),
    ("建立周调度机制,确保整改到位。", False),  # aimed at, not claimed
])
def test_completion_needs_something_behind_it(measure, fires):
    notice = _text(f"关于巡察整改情况的通报\n一、整改情况\n(一)关于“经费管理不规范”问题\n1.{measure}\n")
    assert bool(_found(notice, "unsupported_completion")) is fires


@pytest.mark.parametrize(("measure", "paper"), [
    ("召开党组会议专题学习,传达巡察反馈意见。", True),
    ("制定《公务接待管理办法》,印发全局执行。", True),
    ("追回违规报销费用1.3万元,对2名责任人诫勉谈话。", False),
    ("对2022年以来的党组会议纪要逐一复核,对3项未经集体研究的事项补充履行程序。", False),
    ("建成智慧监管平台并投入使用。", False),
])
def test_paper_only_measures(measure, paper):
    notice = _text(f"关于巡察整改情况的通报\n一、整改情况\n(一)关于“财务管理不规范”问题\n1.{measure}\n")
    assert bool(_found(notice, "paper_only")) is paper


# Calibration of the restated-problem threshold (lang/checks_zh.RESTATED_OVERLAP): composed pairs of a
# problem and a measure that restates it, and of a problem and a measure that says what was done.
RESTATED = [
    ("公务用车管理不规范,存在私车公养现象", "规范公务用车管理,杜绝私车公养现象。"),
    ("落实全面从严治党主体责任不到位", "落实全面从严治党主体责任,解决主体责任不到位问题。"),
    ("干部教育培训针对性不强", "增强干部教育培训针对性。"),
    ("采购程序执行不严格", "严格执行采购程序,杜绝采购程序不严格问题。"),
]
CONCRETE = [
    ("公务用车管理不规范,存在私车公养现象", "收回违规使用的公务用车2辆,追缴私车公养费用1.2万元,对3名责任人诫勉谈话。"),
    ("落实全面从严治党主体责任不到位", "党组书记约谈班子成员6人次,签订责任书21份,将整改纳入年度考核。"),
    ("干部教育培训针对性不强", "按岗位分设财务、工程、法务三个培训班,全年培训210人次,考试不合格的12人补训。"),
    ("采购程序执行不严格", "对2023年以来41个采购项目逐项复查,对5个未公开招标项目重新履行程序。"),
]


def test_restated_threshold_separates_the_composed_restatements_from_measures():
    restated = [problems.overlap(m, p) for p, m in RESTATED]
    concrete = [problems.overlap(m, p) for p, m in CONCRETE]
    assert min(restated) >= checks_zh.RESTATED_OVERLAP > max(concrete)


def test_a_measure_restating_its_problem_is_found_and_one_saying_what_was_done_is_not():
    text = "关于巡察整改情况的通报\n一、整改情况\n(一)关于“采购程序执行不严格”问题\n1.{}\n2.{}\n"
    notice = _text(text.format(RESTATED[3][1], CONCRETE[3][1]))
    assert [f.item for f in _found(notice, "restated_problem")] == ["i1"]


# Calibration of the hedging density (HEDGING_DENSITY): the good notice reports results, the bad one is
# written in stock phrases.
def test_hedging_density_threshold_lies_between_the_composed_kinds(good, bad):
    assert good.checks.summary.hedging_per_1000 < checks_zh.HEDGING_DENSITY < bad.checks.summary.hedging_per_1000


def test_coverage_reads_problem_blocks_with_labels():
    notice = _text("关于巡察整改情况的通报\n一、反馈问题整改情况\n问题1:会议费报销不规范。整改情况:清退会议费0.6万元。\n"
                   "问题2:固定资产账实不符。整改情况:\n")
    assert [f.message for f in _found(notice, "coverage")] == ["问题“固定资产账实不符”下没有整改措施"]
    assert _quotes(notice, "coverage") == ["固定资产账实不符"]


def test_checks_can_be_left_out():
    assert _parse("good.txt", checks=False).checks is None


def test_checks_do_not_change_the_notice(good):
    bare = _parse("good.txt", checks=False)
    assert good.model_copy(update={"checks": None}) == bare
    assert run_checks(bare) == good.checks  # a notice read back from JSON gets the same checks


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["一、", "(一)", "1.", "关于“", "”问题", "已完成", "共", "12", "人", "其中", "3",
                                 "万元", "、", "。", "\n", "整改情况:", "进一步加强", "召开会议", "2025年3月1日",
                                 "反馈", "完成率", "80%", "个问题", "责任单位:"]), max_size=60))
def test_any_text_gets_grounded_checks(parts):
    notice = _text("关于巡察整改情况的通报\n" + "".join(parts))
    _assert_grounded(notice)


@pytest.mark.parametrize(("measure", "named"), [
    ("2025年4月修订《采购管理办法》,明确审批流程。", {"deadline", "target"}),  # a dated action: its completion date
    ("对2024年1月以来的采购合同逐份复查。", set()),  # a month opening a period is no date of the measure
    ("局党组书记对整改中的重点工作亲自督办。", {"responsible"}),
    ("由财务科牵头,6月底前完成3个账户的清理。", {"responsible", "deadline", "target"}),
])
def test_elements_a_measure_names(measure, named):
    notice = _text(f"关于巡察整改情况的通报\n一、整改情况\n(一)关于“财务管理不规范”问题\n1.{measure}\n")
    missing = next((f.missing for f in _found(notice, "elements")), [])
    assert {"responsible", "deadline", "target"} - set(missing) == named


@pytest.mark.parametrize(("item", "measure"), [
    ("对采购管理的规定掌握不够。班子成员对细节了解不深,执行中存在偏差。", False),  # a shortcoming listed as an item
    ("对发现的5个不规范项目逐一整改,重新履行审批程序。", True),
    ("内控制度执行不到位\n修订《内部控制手册》,对3个部门开展专项检查。", True),  # the shortcoming heads its measure
])
def test_an_item_stating_a_shortcoming_is_no_measure(item, measure):
    notice = _text(f"关于巡察整改情况的通报\n一、整改情况\n(一)关于“内部管理薄弱”问题\n1.{item}\n")
    assert notice.checks.summary.measures == int(measure)


def test_a_notice_without_measures_has_no_element_shares_not_zero_ones(tmp_path):
    """With no measure there is no share of measures naming a unit: null in the JSON, the notices table and
    the review, as the paper-only share already was; 0 would read as every measure lacking it."""
    import pandas as pd
    from click.testing import CliRunner

    from notice_miner.cli import cli

    text = "中共临江市委关于巡察整改情况的通报\n\n市委巡察组对临江市委开展了巡察。现将整改情况通报如下。\n"
    summary = _text(text).checks.summary
    assert summary.measures == 0
    assert summary.element_shares == {"responsible": None, "deadline": None, "target": None}
    assert summary.paper_only_share is None
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty_notice.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-labels", "-q"]).exit_code == 0
    row = pd.read_parquet(tmp_path / "out" / "notices.parquet").iloc[0]
    assert all(pd.isna(row[f"check_share_{e}"]) for e in ("responsible", "deadline", "target"))
    review = runner.invoke(cli, ["check", str(tmp_path / "in" / "empty_notice.txt")])
    assert review.exit_code == 0 and "responsible –" in review.output and "responsible 0%" not in review.output
