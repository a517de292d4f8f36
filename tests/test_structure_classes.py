"""Composed notices, one or more for each class of input real pages show (issue #9), read end to end
through the layout and structure stages: flattened text, problem blocks, malformed markers, lists
after block labels, inline runs and the paragraph layouts of agency sites. All wording is composed."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from notice_miner.layout import analyse
from notice_miner.normalise import normalise
from notice_miner.structure import parse_structure

CASES = [
    # flattened
    pytest.param("根据市委部署,市委巡察组对区水务局进行了巡察。现将整改情况公布如下。 一、整改组织情况 1.强化责任担当。召开会议部署整改。 2.健全工作机制。建立周调度制度。 二、整改落实情况 (一)关于理论学习不深入的问题 一是完善学习制度,每月集中学习两次;二是开展专题研讨。 (二)关于资金管理不规范的问题 一是清理往来款项;二是修订财务制度。",
                 [["一", "1"], ["一", "2"], ["二", "(一)", "一是"], ["二", "(一)", "二是"], ["二", "(二)", "一是"], ["二", "(二)", "二是"]], id="flat_spaces"),
    pytest.param("现将整改情况公布如下。一、整改组织情况。(一)强化责任担当。召开会议部署整改。(二)健全工作机制。建立周调度制度。二、整改落实情况。1.关于学习不深入的问题。一是完善学习制度;二是开展专题研讨。2.关于资金管理不规范的问题。一是清理往来款项;二是修订财务制度。",
                 [["一", "(一)"], ["一", "(二)"], ["二", "1", "一是"], ["二", "1", "二是"], ["二", "2", "一是"], ["二", "2", "二是"]], id="flat_sentence_ends"),
    pytest.param("现将整改情况通报如下。 一、整改工作组织情况 局党组高度重视。一是成立领导小组,书记任组长;二是制定整改方案,明确责任分工;三是建立销号制度。 二、整改落实情况 (一)关于政治建设方面 一是开展专题学习;二是召开民主生活会。",
                 [["一", "一是"], ["一", "二是"], ["一", "三是"], ["二", "(一)", "一是"], ["二", "(一)", "二是"]], id="flat_shi_only"),
    pytest.param("现将整改情况公布如下。 一、整改组织情况 1、强化责任担当。召开会议部署整改。 2、健全工作机制。建立周调度制度。 二、整改落实情况 1、关于学习不深入的问题。一是完善学习制度;二是开展专题研讨。",
                 [["一", "1"], ["一", "2"], ["二", "1", "一是"], ["二", "1", "二是"]], id="flat_arabic_dun"),
    pytest.param("二、整改落实情况 1.关于落实主体责任方面 问题1:责任传导不到位。 整改情况:一是制定责任清单;二是开展约谈。 问题2:考核机制不健全。 整改情况:一是修订考核办法;二是强化结果运用。 2.关于作风建设方面 问题3:文山会海。 整改情况:一是精简文件;二是压缩会议。",
                 [["二", "1", "1", "一是"], ["二", "1", "1", "二是"], ["二", "1", "2", "一是"], ["二", "1", "2", "二是"], ["二", "2", "3", "一是"], ["二", "2", "3", "二是"]], id="flat_problem_blocks"),
    pytest.param("二、整改落实情况 (一)关于党的建设方面 问题一:组织生活不规范。整改情况:一是规范三会一课;二是建立督查机制。 问题二:党员教育不经常。整改情况:一是制定培训计划;二是开展轮训。",
                 [["二", "(一)", "一", "一是"], ["二", "(一)", "一", "二是"], ["二", "(一)", "二", "一是"], ["二", "(一)", "二", "二是"]], id="flat_spaces_problem_cn"),
    # problem blocks
    pytest.param("二、整改落实情况\n1.关于落实全面从严治党责任方面\n问题1:主体责任压得不实。\n整改情况:一是制定责任清单;二是签订责任书。\n完成情况:已完成。\n问题2:监督责任履行不到位。\n整改情况:一是开展专项检查;二是约谈负责人。\n2.关于选人用人方面\n问题3:干部交流不足。\n整改情况:一是制定交流计划;二是完成交流5人。\n",
                 [["二", "1", "1", "一是"], ["二", "1", "1", "二是"], ["二", "1", "2", "一是"], ["二", "1", "2", "二是"], ["二", "2", "3", "一是"], ["二", "2", "3", "二是"]], id="problem_blocks"),
    pytest.param("二、整改落实情况\n(一)关于党的建设方面\n问题一:组织生活不规范。\n整改情况:一是规范三会一课;二是建立督查机制。\n问题二:党员教育不经常。\n整改情况:一是制定培训计划。\n",
                 [["二", "(一)", "一", "一是"], ["二", "(一)", "一", "二是"], ["二", "(一)", "二", "一是"]], id="problem_blocks_cn"),
    pytest.param("二、整改落实情况\n(一)关于党建工作方面\n1.问题:组织生活不规范。整改情况:规范三会一课,建立督查机制。\n2.问题:党员教育不经常。整改情况:制定培训计划。\n",
                 [["二", "(一)", "1"], ["二", "(一)", "2"]], id="problem_paren"),
    pytest.param("二、整改落实情况\n1.关于“理论学习不深入”问题的整改\n一是关于学习制度落实不严格的问题。\n修订学习制度,建立考勤通报机制,全年集中学习12次。\n二是关于研讨交流不充分的问题。\n每季度开展一次专题研讨。\n",
                 [["二", "1", "一是"], ["二", "1", "二是"]], id="shi_subproblem_heading_then_body"),
    # malformed markers
    pytest.param("一、整改工作开展情况\n一)提高认识。召开党组会专题研究。\n二)细化方案。制定整改台账。\n二、整改落实情况\n一)关于制度建设滞后的问题。1.修订议事规则。2.完善采购制度。\n二)关于作风不实的问题。1.开展调研。2.减少会议。\n",
                 [["一", "(一)"], ["一", "(二)"], ["二", "(一)", "1"], ["二", "(一)", "2"], ["二", "(二)", "1"], ["二", "(二)", "2"]], id="malformed_paren"),
    pytest.param("二、整改落实情况\n(一)关于学习的问题\n1)完善制度。\n2)开展研讨。\n(二)关于资金的问题\n1)清理款项。\n",
                 [["二", "(一)", "(1)"], ["二", "(一)", "(2)"], ["二", "(二)", "(1)"]], id="malformed_ar"),
    pytest.param("一、整改工作开展情况\n(一)、加强组织领导。成立工作专班。\n(二)、细化整改措施。建立问题清单。\n",
                 [["一", "(一)"], ["一", "(二)"]], id="paren_dun"),
    pytest.param("二、整改落实情况\n1. 关于学习不深入的问题。一是完善学习制度;二是开展研讨。\n2. 关于监督不到位的问题。一是建立台账;二是开展检查。\n",
                 [["二", "1", "一是"], ["二", "1", "二是"], ["二", "2", "一是"], ["二", "2", "二是"]], id="arabic_fullstop_space"),
    # lists after labels
    pytest.param("二、整改落实情况\n(一)关于项目审批不严的问题\n整改措施:1.修订审批流程;2.建立会审机制;3.开展回头看。\n(二)关于档案管理混乱的问题\n整改措施:(1)补齐档案;(2)明确专人。\n",
                 [["二", "(一)", "1"], ["二", "(一)", "2"], ["二", "(一)", "3"], ["二", "(二)", "(1)"], ["二", "(二)", "(2)"]], id="list_after_label"),
    pytest.param("二、整改落实情况\n1.关于学习不深入的问题\n整改情况:一是制定学习计划,全年开展集中学习12次;二是开展交流研讨。\n2.关于监督不到位的问题\n整改情况:一是建立监督台账。二是开展专项检查3次。三是通报典型问题。\n",
                 [["二", "1", "一是"], ["二", "1", "二是"], ["二", "2", "一是"], ["二", "2", "二是"], ["二", "2", "三是"]], id="label_shi"),
    pytest.param("二、整改落实情况\n1.关于学习不深入的问题\n整改情况:\n一是制定学习计划。\n二是开展交流研讨。\n2.关于监督不到位的问题\n整改情况:\n一是建立监督台账。\n二是开展专项检查。\n",
                 [["二", "1", "一是"], ["二", "1", "二是"], ["二", "2", "一是"], ["二", "2", "二是"]], id="label_newline_shi"),
    pytest.param("二、整改落实情况\n(一)关于学习不深入的问题\n整改进展:一是完善学习制度;二是开展专题研讨。\n(二)关于资金管理不规范的问题\n整改措施:一是清理往来款项。\n",
                 [["二", "(一)", "一是"], ["二", "(一)", "二是"], ["二", "(二)", "一是"]], id="progress_label_shi"),
    pytest.param("一、整改工作开展情况\n(一)完善制度体系。按照整改要求,重点做了以下工作:1.修订党组议事规则;2.制定三重一大事项清单;3.完善财务报销制度。\n",
                 [["一", "(一)", "1"], ["一", "(一)", "2"], ["一", "(一)", "3"]], id="arabic_inline_after_leadin"),
    # inline runs
    pytest.param("一、整改工作开展情况\n局党组高度重视整改工作,一是成立领导小组,二是制定整改方案,三是召开推进会。\n",
                 [["一", "一是"], ["一", "二是"], ["一", "三是"]], id="shi_comma"),
    pytest.param("一、整改工作开展情况\n第一,加强组织领导。成立工作专班。第二,细化整改措施。建立问题清单。第三,强化督促检查。\n",
                 [["一", "第一"], ["一", "第二"], ["一", "第三"]], id="di_run"),
    pytest.param("一、整改工作开展情况\n局党组把整改作为重要政治任务,坚持立行立改与长远结合。一是强化组织推动。召开党组会议8次,一方面抓部署,另一方面抓落实。二是建立清单台账。梳理问题清单32项、任务清单105条。三是加强督查问效。开展督查4轮,通报问题11个。四是注重建章立制。\n",
                 [["一", "一是"], ["一", "二是"], ["一", "三是"], ["一", "四是"]], id="long_inline_shi_figures"),
    pytest.param("一、整改工作开展情况\n一是统一思想认识。召开动员会。\n二是细化任务分工。制定清单。\n针对共性问题,局党组举一反三开展专项治理。\n一是清理规范津补贴。\n二是整治违规吃喝。\n",
                 [["一", "一是"], ["一", "二是"], ["一", "一是"], ["一", "二是"]], id="shi_paragraphs_then_leadin_second_list"),
    pytest.param("一、整改工作开展情况\n(一)加强领导。党委书记认真履行第一责任人职责,第一时间召开会议。\n(二)压实责任。做到一是一、二是二,不打折扣。\n",
                 [["一", "(一)"], ["一", "(二)"]], id="first_is_responsible"),
    pytest.param("二、整改落实情况\n(一)关于学习教育方面\n①完善学习制度;②开展专题研讨;③建立学习台账。\n",
                 [["二", "(一)", "①"], ["二", "(一)", "②"], ["二", "(一)", "③"]], id="circled"),
    # paragraph layouts
    pytest.param("一、整改工作开展情况\n(一)提高政治站位。局党组召开专题会议,研究部署整改。\n(二)加强统筹调度。\n",
                 [["一", "(一)"], ["一", "(二)"]], id="heading_cut_at_end"),
    pytest.param("一、整改工作开展情况\n(一)坚持高位推动\n局党组书记主持召开专题会议,研究整改方案。\n班子成员分工负责,定期调度。\n(二)坚持建章立制\n修订完善制度12项。\n",
                 [["一", "(一)"], ["一", "(二)"]], id="heading_line_body_below"),
    pytest.param("一、整改工作开展情况\n(一)制定方案。印发《整改工作方案》(校党发〔2021〕3号),明确任务。根据文件(2020)12号要求推进。\n(二)跟踪督办。建立台账。\n",
                 [["一", "(一)"], ["一", "(二)"]], id="doc_numbers"),
    pytest.param("关于巡察整改情况的通报\n\n\u3000\u3000根据区委统一部署,区委第一巡察组对区司法局党组开展了巡察。\n\n\u3000\u3000一、整改工作开展情况\n\n\u3000\u3000(一)强化组织领导。成立领导小组。\n\n\u3000\u3000(二)细化整改措施。建立问题清单。\n",
                 [["一", "(一)"], ["一", "(二)"]], id="blank_line_paragraphs_indented"),
    pytest.param("一、整改组织情况\n(一)提高站位\n一是召开党组会议。\n二是开展专题学习。\n(二)压实责任\n一是制定责任清单。\n二是层层签订责任书。\n",
                 [["一", "(一)", "一是"], ["一", "(一)", "二是"], ["一", "(二)", "一是"], ["一", "(二)", "二是"]], id="part_two_shi_under_paren_lines"),
    pytest.param("根据部署,开展了巡察。\n一、整改工作开展情况\n局党组高度重视,召开专题会议研究部署。\n二、整改落实情况\n(一)关于学习的问题\n1.完善制度。\n2.开展研讨。\n",
                 [["二", "(一)", "1"], ["二", "(一)", "2"]], id="cn_dun_with_dot_heading_and_lone_part"),
]


@pytest.mark.parametrize("raw, paths", CASES)
def test_each_class_of_real_page_gives_its_items_with_their_paths(raw, paths):
    text = normalise(raw).text
    items = parse_structure(analyse(text)).items
    assert [i.path for i in items] == paths
    for item in items:
        assert text[item.span[0]:item.span[1]] == item.text and item.text


def test_a_heading_line_owns_the_body_paragraphs_below_it():
    raw = ("二、整改落实情况\n1.关于“台账管理粗放”问题的整改\n一是关于台账要素缺失的问题。\n补齐责任人和时限,按月更新。\n"
           "二是关于销号把关不严的问题。\n实行分管领导签字销号。\n")
    text = normalise(raw).text
    items = parse_structure(analyse(text)).items
    assert [i.text for i in items] == ["关于台账要素缺失的问题。\n补齐责任人和时限,按月更新。",
                                       "关于销号把关不严的问题。\n实行分管领导签字销号。"]


_REAL_LIKE = Path(__file__).parent / "fixtures" / "real_like"
# a document site's chunk number standing first on the page reads as a marker once the line under it is joined to it
_NOT_FLAT = {"rl17_chrome_no_title_chunks"}


@pytest.mark.parametrize("name", sorted(p.name[:-len(".gold.json")] for p in _REAL_LIKE.glob("*.gold.json")
                                        if (_REAL_LIKE / p.name.replace(".gold.json", ".txt")).exists()
                                        and not p.name.startswith(tuple(_NOT_FLAT))))
def test_a_real_like_notice_flattened_onto_one_line_keeps_its_paths(name):
    """Any notice of the real-like set with its lines joined by spaces (as mirrors and PDF extraction
    serve a whole notice) gives the items and paths of its gold."""
    raw = (_REAL_LIKE / f"{name}.txt").read_text(encoding="utf-8")
    flat = " ".join(line.strip() for line in raw.splitlines() if line.strip())
    items = parse_structure(analyse(normalise(flat).text)).items
    gold = json.loads((_REAL_LIKE / f"{name}.gold.json").read_text(encoding="utf-8"))
    assert [i.path for i in items] == [[unicodedata.normalize("NFKC", p) for p in g["path"]] for g in gold["items"]]
