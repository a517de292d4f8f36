"""compare: profiles, significance flags, distinctive words, copied measures, escaping, tables, report."""
from __future__ import annotations

import itertools
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from notice_miner import compare, report
from notice_miner.cli import cli
from notice_miner.errors import NoticeError

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
CATEGORIES = ["institution", "supervision", "education", "party_building", "responsibility", "audit"]
CUES = {"fund_recovery": "追缴违规资金并退回财政", "institution": "制定管理办法", "supervision": "开展专项检查",
        "education": "组织警示教育", "party_building": "开展主题党日", "responsibility": "压实整改责任",
        "audit": "开展内部审计"}
WORDS = ["科研", "经费", "医保", "基金", "食堂", "车辆", "公房", "档案", "采购", "合同", "工程", "招标", "补贴", "项目", "平台", "数据", "人才", "企业", "学校", "医院", "街道", "社区", "乡镇", "农业", "林业", "水利", "交通", "港口", "园区", "税收", "债务", "预算", "资产", "仓储", "粮食", "物业", "养老", "托育", "就业", "社保", "环保", "河道", "森林", "燃气", "消防", "应急", "网络", "信息", "质量", "计量", "药品", "器械", "疫苗", "卫生", "文化", "旅游", "体育", "广电", "出版", "文物"]


def _filler(rng: random.Random, category: str) -> str:
    return CUES[category] + "," + "、".join(rng.sample(WORDS, 7)) + f"等{rng.randint(2, 99)}项"


def _light_edit(rng: random.Random, text: str) -> str:
    chars = list(text)
    for at in rng.sample(range(len(chars)), 2):
        chars[at] = "各"
    return rng.choice(["结合实际,", "坚持问题导向,"]) + "".join(chars)


def _notice(notice_id: str, agency: str, measures: list[tuple[str, str | None]], **meta) -> dict:
    text, items = "", []
    for k, (measure, category) in enumerate(measures, start=1):
        start = len(text)
        text += measure + "\n"
        items.append({"id": f"i{k}", "path": ["二", f"({k})"], "marker": f"({k})", "text": measure,
                      "span": [start, start + len(measure)], "status": "done",
                      "labels": [{"label": category, "score": 0.9}] if category else [],
                      "signals": {"documents": [], "names": [], "amounts_yuan": [], "dates": [],
                                  "specificity": 0.75 if any(c.isdigit() for c in measure) else 0.2}})
    return {"schema_version": "1.0", "tool": {"name": "notice-miner", "version": "0.1.0", "model": None},
            "source": {"path": f"in/{notice_id}.html", "name": f"{notice_id}.html", "sha256": "0" * 64,
                       "format": "html", "bytes": len(text)},
            "title": f"{agency}关于巡察整改进展情况的通报",
            "metadata": {"agency": agency, **meta}, "stats": {},
            "sections": [], "items": items, "text": text, "warnings": []}


def _write(folder: Path, notice: dict, stats: dict | None = None) -> None:
    if stats:
        notice["stats"] = stats
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{notice['source']['name'].removesuffix('.html')}.json").write_text(
        json.dumps(notice, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, set[frozenset]]:
    """Five agencies, three notices each: 甲 heavy in fund recovery; 12 measures copied with light edits
    across agencies; one agency and one measure carrying a script tag; a manifest and a broken file."""
    rng = random.Random(5)
    out = tmp_path_factory.mktemp("batch")
    agencies = ["甲市财政局", "乙市科技局", "丙市卫健委", "丁区教育局", f"戊县{SCRIPT}局"]
    notices = {}
    for a, agency in enumerate(agencies):
        for k in range(3):
            measures = []
            for m in range(10):
                if a == 0:
                    category = "fund_recovery" if m < 8 else rng.choice(CATEGORIES)
                else:
                    category = "fund_recovery" if m == 0 and k == 0 else rng.choice(CATEGORIES)
                measures.append((_filler(rng, category), category))
            notices[(a, k)] = measures
    notices[(4, 0)].append((f"开展专项检查{SCRIPT}并整改到位", "supervision"))
    truth = set()
    for group in range(12):
        base = ("按照上级部署," + "、".join(rng.sample(WORDS, 12)) + f"等领域开展专项整治,完成整改{rng.randint(10, 99)}项,"
                + "建立" + "".join(rng.sample(WORDS, 4)) + "工作台账")
        hosts = rng.sample([(a, k) for a in range(5) for k in range(3)], 6)
        chosen, seen = [], set()
        for host in hosts:
            if host[0] not in seen and len(chosen) < rng.choice([2, 3]) + (1 if not chosen else 0):
                chosen.append(host)
                seen.add(host[0])
        members = []
        for n, host in enumerate(chosen):
            notices[host].append((base if n == 0 else _light_edit(rng, base), "responsibility"))
            members.append((f"n{host[0]}{host[1]}", f"i{len(notices[host])}"))
        truth.update(frozenset(pair) for pair in itertools.combinations(members, 2))
    dates = {"inspection_end": "2024-06-21", "feedback_date": "2024-09-27", "published": "2025-01-15"}
    for (a, k), measures in notices.items():
        notice = _notice(f"n{a}{k}", agencies[a], measures, level="city" if a < 3 else "county",
                         **(dates if a == 0 else {}))
        stats = {"funds_recovered_yuan": 10000.0 * (k + 1), "problems_total": 20, "completion_rate": 0.5 + 0.1 * k} \
            if a == 0 else {"problems_total": 10}
        _write(out / "notices", notice, stats)
    (out / "manifest.json").write_text('{"files": 15}', encoding="utf-8")
    (out / "notices" / "broken.json").write_text('{"schema_version": "1.0", "items": [', encoding="utf-8")
    return out, truth


@pytest.fixture(scope="module")
def corpus(planted) -> compare.Corpus:
    return compare.load_outputs(planted[0])


def test_load_reads_notices_and_skips_other_files_with_a_warning(corpus):
    assert len(corpus.notices) == 15
    assert set(corpus.notices["notice_id"]) == {f"n{a}{k}" for a in range(5) for k in range(3)}
    assert len(corpus.items) == int(corpus.notices["measures"].sum()) >= 150
    assert len(corpus.warnings) == 1 and "broken.json" in corpus.warnings[0]
    assert corpus.notices.set_index("notice_id").loc["n00", "days_to_feedback"] == 98


def test_load_fails_cleanly_on_a_folder_without_notices(tmp_path):
    with pytest.raises(NoticeError, match="no notice JSON"):
        compare.load_outputs(tmp_path)


def test_profiles_count_shares_stated_statistics_and_timing(corpus):
    table = compare.profiles(corpus, by="agency").set_index("group")
    heavy = table.loc["甲市财政局"]
    assert heavy["notices"] == 3 and heavy["measures"] == len(corpus.items[corpus.items["notice_id"].str.startswith("n0")])
    assert heavy["n_fund_recovery"] == 24
    assert heavy["pct_fund_recovery"] == round(100 * 24 / heavy["labelled"], 1)
    assert heavy["funds_recovered_yuan_sum"] == 60000 and heavy["funds_recovered_yuan_n"] == 3
    assert heavy["funds_recovered_yuan_per_notice"] == 20000
    assert heavy["completion_rate_mean"] == pytest.approx(0.6)
    assert heavy["days_to_feedback_median"] == 98 and heavy["days_to_publication_median"] == 110
    other = table.loc["乙市科技局"]
    assert other["funds_recovered_yuan_n"] == 0 and pd.isna(other["funds_recovered_yuan_sum"])
    assert other["problems_total_sum"] == 30 and other["days_to_feedback_n"] == 0
    assert (table["concrete"] + table["stock"] == table["measures"]).all()
    by_level = compare.profiles(corpus, by="level").set_index("group")
    assert by_level.loc["city", "notices"] == 9 and by_level.loc["county", "notices"] == 6


def test_fund_recovery_heavy_agency_is_flagged_over_represented(corpus):
    differences = compare.category_differences(corpus, by="agency")
    cell = differences.set_index(["group", "category"]).loc[("甲市财政局", "fund_recovery")]
    assert cell["flag"] == "over" and cell["z"] > 1.96 and cell["p_adjusted"] < 0.05
    assert cell["diff_ci_low"] > 0 and cell["ratio"] > 5 and cell["few_notices"]
    flagged = differences[differences["flag"] == "over"]
    assert set(flagged["category"]) == {"fund_recovery"} and set(flagged["group"]) == {"甲市财政局"}
    assert (differences["p_adjusted"] >= differences["p"]).all()


def test_holm_adjustment():
    assert list(compare.holm([0.01, 0.04, 0.03])) == pytest.approx([0.03, 0.06, 0.06])


def test_distinctive_words_of_the_fund_recovery_agency(corpus):
    terms = compare.distinctive_terms(corpus, by="agency")
    heavy = terms[terms["group"] == "甲市财政局"]
    assert "追缴" in set(heavy["term"]) and (heavy["z"] > 1.96).all()
    assert not set(terms["term"]) & {"进一步", "整改", "开展"}


def test_copied_measures_recover_the_planted_copies(planted, corpus):
    truth = planted[1]
    pairs = compare.copy_pairs(corpus)
    clusters = compare.copied_measures(corpus, pairs=pairs)
    across = clusters[clusters["scope"] == "agencies"]
    found = {frozenset({(x.notice_id, x.item_id), (y.notice_id, y.item_id)})
             for _, members in across.groupby("cluster") for x, y in itertools.combinations(members.itertuples(), 2)}
    hits = len(found & truth)
    assert hits / len(found) >= 0.9 and hits / len(truth) >= 0.9
    assert (pairs["notice_a"] != pairs["notice_b"]).all()
    assert ((pairs["jaccard"] >= compare.DEFAULT_THRESHOLD) & (pairs["jaccard_est"] > 0)).all()
    assert across["cluster"].nunique() == 12 and (across["n_agencies"] >= 2).all()
    assert compare.copy_pairs(corpus, threshold=1.0).empty or (compare.copy_pairs(corpus, 1.0)["jaccard"] == 1).all()


def test_shingles_drop_punctuation_and_sketches_estimate_jaccard():
    a = compare.shingles("追缴违规发放的科研经费资金12万元,已全部退回财政")
    b = compare.shingles("追缴违规发放的科研经费资金15万元,已全部退回财政")
    assert "元已全" in a and not any("," in s for s in a)
    exact = len(a & b) / len(a | b)
    sketch_a, sketch_b = compare.minhashes([a, b])
    assert abs(sketch_a.jaccard(sketch_b) - exact) < 0.15
    assert compare.minhashes([a])[0].jaccard(sketch_a) == 1.0


def test_stock_phrases_are_repeated_across_notices(corpus):
    phrases = compare.stock_phrases(corpus)
    top = phrases.iloc[0]
    assert top["n_notices"] >= 3 and len(top["phrase"]) >= 6
    assert any("追缴违规资金并退回财政" in p for p in phrases["phrase"])


def test_stock_phrases_do_not_depend_on_the_hash_seed(tmp_path):
    """Five phrases tied in every notice, two asked for: the n-gram decides the tie, not set iteration,
    so interpreters with other hash seeds choose the same two (they chose differently before)."""
    import os
    import sys

    phrases = ["健全采购内控流程", "规范公务用车管理", "加强食堂账目审核", "严格差旅报销标准", "完善档案借阅登记"]
    for k in range(4):
        _write(tmp_path, _notice(f"t{k}", f"{'甲乙丙丁'[k]}局", [(p, None) for p in phrases]))
    code = ("import sys, json; from notice_miner import compare; print(json.dumps(list(compare.stock_phrases("
            "compare.load_outputs(sys.argv[1], keep_duplicates=True), top=2)['phrase']), ensure_ascii=False))")
    runs = {subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(1, 9)}
    assert len(runs) == 1 and len(json.loads(runs.pop())) == 2


def test_no_labels_yet_still_profiles_and_reports(tmp_path):
    for k, agency in enumerate(["甲局", "乙局"]):
        _write(tmp_path, _notice(f"x{k}", agency, [("制定管理办法,规范科研经费使用", None)] * 3))
    corpus = compare.load_outputs(tmp_path)
    assert compare.category_differences(corpus).empty
    assert compare.profiles(corpus)["labelled"].sum() == 0
    tables = report.build_report(tmp_path, tmp_path / "r.html", language="en")
    assert "No labelled measures" in (tmp_path / "r.html").read_text("utf-8")
    assert tables["distinctive_terms"].empty or set(tables["distinctive_terms"].columns) >= {"term", "z"}


def test_report_escapes_notice_text_and_tables_are_written(planted, tmp_path):
    out, _ = planted
    tables = report.build_report(out, tmp_path / "report.html", tables_dir=tmp_path / "tables")
    page = (tmp_path / "report.html").read_text("utf-8")
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert len(re.findall(r"<script", page)) == 1
    assert not re.search(r"""(src|href)=["']https?:""", page)
    for name in tables:
        csv = (tmp_path / "tables" / f"{name}.csv").read_bytes()
        assert csv.startswith(b"\xef\xbb\xbf")
        assert len(pd.read_parquet(tmp_path / "tables" / f"{name}.parquet")) == len(tables[name])
    assert "甲市财政局" in (tmp_path / "tables" / "profiles.csv").read_text("utf-8-sig")


def test_report_marks_differences_between_copies():
    marked = report.sections.marked("追缴资金12万元", "追缴各资金13万元<b>")
    assert "<ins>各</ins>" in marked and "<del>2</del>" in marked and "&lt;b&gt;" in marked


def test_cli_compare(planted, tmp_path):
    result = CliRunner().invoke(cli, ["compare", str(planted[0]), "--by", "level", "--report", str(tmp_path / "r.html"),
                                      "--tables", str(tmp_path / "t"), "--threshold", "0.7"])
    assert result.exit_code == 0, result.output
    assert "15份通报" in result.output and (tmp_path / "r.html").is_file() and (tmp_path / "t" / "profiles.csv").is_file()
    english = CliRunner().invoke(cli, ["compare", str(planted[0]), "--by", "level", "--lang", "en"])
    assert english.exit_code == 0 and english.output.startswith("15 notices") and "groups by level" in english.output
    missing = CliRunner().invoke(cli, ["compare", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no such folder" in missing.output and "Traceback" not in missing.output


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                           "--enable-logging=stderr", "--v=0", "--window-size=1400,2000", *extra, url],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does it)")
def test_report_renders_in_headless_chromium(planted, corpus, tmp_path):
    out, _ = planted
    page = tmp_path / "report.html"
    report.build_report(out, page, by="agency")
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    shot = _chromium(page.as_uri(), tmp_path / "profile-shot", f"--screenshot={artifacts / 'compare_report.png'}")
    assert (artifacts / "compare_report.png").stat().st_size > 10_000, shot.stderr[-2000:]
    dump = _chromium(page.as_uri() + "#sort=profiles-table,2,ascending", tmp_path / "profile-dom", "--dump-dom")
    console = [line for line in (shot.stderr + dump.stderr).splitlines() if "CONSOLE" in line]
    assert not console, console
    dom = dump.stdout
    assert 'data-report-ready="1"' in dom
    groups = compare.category_counts(corpus, "agency").shape
    assert f'data-cells="{groups[0] * groups[1]}"' in dom
    assert dom.count('data-sortable="ready"') >= 4
    assert 'data-sorted="2,ascending"' in dom
    body = dom[dom.index('id="profiles-table"'):]
    body = body[:body.index("</tbody>")]
    measures = [int(m) for m in re.findall(r'<tr><td[^>]*>[^<]*</td><td[^>]*data-v="\d+">.*?data-v="(\d+)"', body)]
    assert len(measures) == 5 and measures == sorted(measures)
    assert dom.count("<script") == 1 and "&lt;script&gt;alert(1)" in dom


def test_stock_phrases_are_whole_phrases_not_fragments(tmp_path):
    """Runs repeated up to a varying word (对巡察移交的 + 信访件/线索…, 对…情况进行全面 + 排查/梳理…) are
    fragments and are not reported; a repeated whole clause is."""
    rng = random.Random(3)
    for k in range(8):
        measures = []
        for _ in range(4):
            word = rng.choice(WORDS)
            measures += [(f"对巡察移交的{rng.choice(['信访件', '问题线索', '举报材料', '案件'])}逐一核查{word}", None),
                         (f"对{word}管理情况进行全面{rng.choice(['排查', '梳理', '清理', '核查'])},{rng.choice(WORDS)}", None),
                         (f"{word}{rng.choice(WORDS)}制度不完善,建立健全长效机制。", None)]
        _write(tmp_path, _notice(f"w{k}", f"{'甲乙丙丁戊己庚辛'[k]}局", measures))
    phrases = list(compare.stock_phrases(compare.load_outputs(tmp_path), min_notices=3)["phrase"])
    assert "建立健全长效机制" in phrases
    assert not any(p.endswith(("的", "全面", "对")) or p.startswith("的") for p in phrases), phrases
