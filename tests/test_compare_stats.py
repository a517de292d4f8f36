"""Issue 11: statistics that hold up (the notice as the unit, effect sizes with intervals, small
groups warned), findings in plain words (Chinese by default, English on request), distinctive words
as charts, copies within one agency, and copy detection bounded on near-identical measures."""
from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_miner import compare, report
from notice_miner.cli import cli

from test_compare import CATEGORIES, CUES, WORDS, _notice, _write


def _filler(rng: random.Random, category: str) -> str:
    return CUES[category] + "," + "、".join(rng.sample(WORDS, 6)) + f"等{rng.randint(2, 99)}项"


@pytest.fixture(scope="module")
def one_odd_notice(tmp_path_factory) -> Path:
    """Two agencies of six notices each, measures of every category alike, except one notice of 甲
    that lists 60 audit measures: the measures say 甲 audits far more, the notices do not."""
    rng = random.Random(8)
    out = tmp_path_factory.mktemp("odd")
    for a, agency in enumerate(["甲市审计局", "乙市审计局"]):
        for k in range(6):
            measures = [(_filler(rng, c), c) for c in rng.choices(CATEGORIES, k=12)]
            if a == 0 and k == 0:
                measures += [(_filler(rng, "audit"), "audit") for _ in range(60)]
            _write(out, _notice(f"o{a}{k}", agency, measures))
    return out


def test_one_notice_with_many_measures_is_not_a_difference_between_agencies(one_odd_notice):
    differences = compare.category_differences(compare.load_outputs(one_odd_notice), by="agency")
    cell = differences.set_index(["group", "category"]).loc[("甲市审计局", "audit")]
    assert cell["pct_in_group"] > 1.8 * cell["pct_in_rest"] and cell["z"] > 0
    # a measure-level test (chi-square on the measures) would call this cell significant
    from scipy import stats
    table = compare.category_counts(compare.load_outputs(one_odd_notice), by="agency")
    assert stats.chi2_contingency(table.to_numpy())[1] < 0.01
    assert cell["flag"] == "" and cell["p_adjusted"] >= 0.05
    assert cell["diff_ci_low"] <= cell["diff_pp"] <= cell["diff_ci_high"]
    assert {"ratio", "notices", "few_notices", "permutations"} <= set(differences.columns)


def test_a_real_difference_across_notices_is_flagged_with_its_effect_size(tmp_path):
    rng = random.Random(9)
    for a, agency in enumerate(["甲局", "乙局", "丙局"]):
        for k in range(8):
            categories = rng.choices(CATEGORIES, k=10) + (["audit"] * 6 if a == 0 else [])
            _write(tmp_path, _notice(f"r{a}{k}", agency, [(_filler(rng, c), c) for c in categories]))
    differences = compare.category_differences(compare.load_outputs(tmp_path))
    cell = differences.set_index(["group", "category"]).loc[("甲局", "audit")]
    assert cell["flag"] == "over" and cell["p_adjusted"] < 0.05 and cell["diff_ci_low"] > 0 and not cell["few_notices"]
    flagged = differences[differences["flag"] != ""]
    assert ((flagged["group"] == "甲局") | (flagged["category"] == "audit")).all()


def test_findings_in_plain_chinese_by_default_and_english_on_request(tmp_path, one_odd_notice):
    rng = random.Random(10)
    for a, agency in enumerate(["甲局", "乙局", "丙局"]):
        for k in range(3 if a == 0 else 8):
            categories = rng.choices(CATEGORIES, k=10) + (["audit"] * 12 if a == 0 else [])
            _write(tmp_path / "in", _notice(f"f{a}{k}", agency, [(_filler(rng, c), c) for c in categories]))
    runner = CliRunner()
    for language, words in (("zh", ["甲局", "倍", "只有3份通报", "可能是偶然", "置换检验"]),
                            ("en", ["甲局 has", "times the share", "only 3 notices", "may be chance", "Method:"])):
        page = tmp_path / f"{language}.html"
        args = ["compare", str(tmp_path / "in"), "--report", str(page)] + (["--lang", "en"] if language == "en" else [])
        assert runner.invoke(cli, args).exit_code == 0
        html = page.read_text("utf-8")
        findings = html[html.index('id="differences"'):html.index('id="terms"')]
        for word in words:
            assert word in findings, (language, word)
        assert 'class="finding"' in findings and "maxT" in findings
    html = (tmp_path / "zh.html").read_text("utf-8")
    terms = html[html.index('id="terms"'):html.index('id="copies"')]
    assert 'id="terms-table"' not in terms and terms.count("<svg") >= 2 and "<figcaption>" in terms


def test_a_measure_reused_across_an_agencys_own_notices_is_reported(tmp_path):
    rng = random.Random(11)
    reused = "建立食堂采购台账,对供应商资质、进货价格和验收记录逐月核对并公示结果"
    for a, agency in enumerate(["甲局", "乙局", "丙局"]):
        for k in range(4):
            measures = [(_filler(rng, c), c) for c in rng.choices(CATEGORIES, k=8)]
            if a == 1:
                measures.append((reused.replace("逐月", "每月") if k % 2 else reused, "institution"))
            _write(tmp_path, _notice(f"u{a}{k}", agency, measures))
    corpus = compare.load_outputs(tmp_path)
    clusters = compare.copied_measures(corpus)
    own = clusters[clusters["scope"] == "agency"]
    assert set(own["agency"]) == {"乙局"} and own["n_notices"].max() == 4 and own["cluster"].nunique() == 1
    assert compare.copy_pairs(corpus)["within_agency"].any()
    tables = report.build_report(tmp_path, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text("utf-8")
    section = page[page.index('id="reuse"'):]
    assert "乙局" in section[:section.index("</section>")] and len(tables["copied_measures"]) == 4


def test_copy_detection_stays_linear_on_near_identical_measures(tmp_path):
    """1,200 measures that all copy one another (a digit changed) across 300 agencies: one cluster,
    about one joining pair per measure instead of 720,000 pairs."""
    rng = random.Random(12)
    base = "对全系统公务用车使用情况开展专项检查,清理超标配备车辆{n}台,建立车辆使用登记和定期公示制度"
    for k in range(300):
        measures = [(base.format(n=rng.randint(10, 99)), "supervision") for _ in range(4)]
        _write(tmp_path, _notice(f"c{k:03d}", f"第{k}局", measures))
    corpus = compare.load_outputs(tmp_path, keep_duplicates=True)
    started = time.process_time()
    pairs = compare.copy_pairs(corpus)
    clusters = compare.copied_measures(corpus, pairs=pairs)
    assert time.process_time() - started < 60
    assert len(pairs) < 2 * len(corpus.items) and clusters["cluster"].nunique() == 1
    assert len(clusters) == 1200


def test_tables_carry_the_clusters_and_effect_sizes(one_odd_notice, tmp_path):
    tables = report.build_report(one_odd_notice, tables_dir=tmp_path)
    assert {"duplicates", "category_differences"} <= set(tables)
    header = (tmp_path / "category_differences.csv").read_text("utf-8-sig").splitlines()[0]
    assert re.search(r"diff_pp,diff_ci_low,diff_ci_high,ratio,z,p,p_adjusted,flag,few_notices", header)
    assert json.loads(json.dumps(list(tables["duplicates"].columns)))[:3] == ["cluster", "notice_id", "kept"]
