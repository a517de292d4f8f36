"""Duplicate notices (issue 11): exact and near duplicates found, one kept per cluster for every
statistic, clusters listed; a corpus of distinct notices each copied 20 times compares exactly like
the distinct corpus."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from notice_miner import compare, report
from notice_miner.cli import cli

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_notices import build_corpus  # noqa: E402

CHROME_HEAD = ["临江市人民政府门户网站\n首页 > 信息公开 > 通知公告\n发布时间:2024-05-0{k} 浏览次数:{n}\n",
               "东湖区纪委监委网站\n当前位置:首页 > 巡察整改\n【字体:大 中 小】\n"]
CHROME_FOOT = ["\n【打印本页】【关闭窗口】\n", "\n主办单位:东湖区纪委监委 网站标识码:{n}\n"]


def _with_chrome(doc: dict, k: int) -> dict:
    """The same notice as another site shows it: other page chrome around the text, spans shifted."""
    doc = json.loads(json.dumps(doc))
    head = CHROME_HEAD[k % 2].format(k=k % 9 + 1, n=100 + k)
    doc["text"] = head + doc["text"] + CHROME_FOOT[k % 2].format(n=4000 + k)
    for part in doc["items"] + doc["sections"]:
        part["span"] = [part["span"][0] + len(head), part["span"][1] + len(head)]
    doc["source"]["path"] = f"mirror{k}/{doc['source']['name']}"
    return doc


def _copies(distinct: Path, out: Path, times: int) -> None:
    """Each notice of `distinct` written `times` times under out/copyNN/: even copies exact, odd ones
    under other page chrome."""
    for path in sorted((distinct / "notices").glob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        for k in range(times):
            folder = out / f"copy{k:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / path.name).write_text(json.dumps(doc if k % 2 == 0 else _with_chrome(doc, k), ensure_ascii=False),
                                            encoding="utf-8")


def _figures(tables: dict) -> dict:
    """Everything compare reports, with notice ids left out (the kept copy has another file name)."""
    drop = {"notices", "notice_id", "notice_a", "notice_b", "json_path", "source_path", "a", "b", "row"}
    figures = {}
    for name in ("profiles", "category_counts", "category_differences", "distinctive_terms", "copied_measures",
                 "stock_phrases"):
        frame = tables[name]
        figures[name] = frame[[c for c in frame.columns if c not in drop]].reset_index(drop=True)
    return figures


def test_twenty_copies_of_each_notice_compare_exactly_like_the_distinct_notices(tmp_path):
    distinct = tmp_path / "distinct"
    build_corpus(distinct, 23, items_per_notice=12, copy_groups=6, seed=3)
    copied = tmp_path / "copied"
    _copies(distinct, copied, 20)
    runner = CliRunner()
    lines = []
    for folder in (distinct, copied):
        result = runner.invoke(cli, ["compare", str(folder), "--by", "level", "--tables", str(tmp_path / folder.name / "t"),
                                     "--lang", "en"])
        assert result.exit_code == 0, result.output
        lines.append(result.output.splitlines()[0])
    assert lines[0].startswith("23 notices") and lines[1] == lines[0] + "; 437 duplicates left out (23 clusters, see the duplicates table)"
    one = _figures(compare.comparison_tables(compare.load_outputs(distinct), by="level"))
    many_corpus = compare.load_outputs(copied)
    many = _figures(compare.comparison_tables(many_corpus, by="level"))
    for name in one:
        pd.testing.assert_frame_equal(one[name], many[name], check_dtype=False, obj=name)
    clusters = many_corpus.duplicates
    assert clusters["cluster"].nunique() == 23 and (clusters.groupby("cluster").size() == 20).all()
    assert (clusters.groupby("cluster")["kept"].sum() == 1).all() and set(clusters["kind"]) == {"kept", "exact", "near"}
    assert many_corpus.duplicates_left_out == 23 * 19
    kept_all = compare.load_outputs(copied, keep_duplicates=True)
    assert len(kept_all.notices) == 460 and kept_all.duplicates_left_out == 0


def test_keep_duplicates_opts_out_and_duplicates_are_listed(tmp_path):
    distinct = tmp_path / "distinct"
    build_corpus(distinct, 6, items_per_notice=8, seed=4)
    copied = tmp_path / "copied"
    _copies(distinct, copied, 3)
    runner = CliRunner()
    kept = runner.invoke(cli, ["compare", str(copied), "--tables", str(tmp_path / "t"), "--report", str(tmp_path / "r.html"),
                               "--lang", "en"])
    assert kept.exit_code == 0 and kept.output.startswith("6 notices") and "12 duplicates left out" in kept.output
    table = pd.read_parquet(tmp_path / "t" / "duplicates.parquet")
    assert len(table) == 18 and table["cluster"].nunique() == 6 and int(table["kept"].sum()) == 6
    assert "duplicates.csv" in {p.name for p in (tmp_path / "t").iterdir()}
    page = (tmp_path / "r.html").read_text("utf-8")
    assert 'id="duplicates"' in page and "mirror1/" in page
    opted = runner.invoke(cli, ["compare", str(copied), "--keep-duplicates"])
    assert opted.exit_code == 0 and opted.output.startswith("18份通报") and "12份重复通报作为通报计入" in opted.output


def test_near_duplicates_are_the_same_notice_not_a_reworded_one(tmp_path):
    """Other chrome and a few characters changed: one cluster. The same wording with other figures
    (a notice re-using another's text) and another notice of the agency: not duplicates."""
    build_corpus(tmp_path, 3, items_per_notice=20, seed=5)
    base = json.loads((tmp_path / "notices" / "n00000.json").read_text("utf-8"))
    edited = _with_chrome(base, 1)
    first = edited["items"][0]
    start, end = first["span"]
    changed = first["text"][:5] + "各" + first["text"][6:]
    edited["text"] = edited["text"][:start] + changed + edited["text"][end:]
    first["text"] = changed
    reworded = json.loads(json.dumps(base))
    rng = random.Random(1)
    reworded["text"] = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in base["text"])
    for item in reworded["items"]:
        item["text"] = reworded["text"][item["span"][0]:item["span"][1]]
    for name, doc in (("edited", edited), ("reworded", reworded)):
        (tmp_path / "notices" / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    corpus = compare.load_outputs(tmp_path)
    clusters = corpus.duplicates
    assert set(clusters["notice_id"]) == {"n00000", "edited"}
    assert sorted(clusters["kind"]) == ["kept", "near"] and clusters["similarity"].min() >= compare.DUPLICATE_THRESHOLD
    assert "reworded" in set(corpus.notices["notice_id"]) and len(corpus.notices) == 4


def test_two_agencies_sharing_a_template_are_two_notices(tmp_path):
    """Same body under two agencies' titles: not a republication."""
    build_corpus(tmp_path, 2, items_per_notice=10, seed=7)
    doc = json.loads((tmp_path / "notices" / "n00000.json").read_text("utf-8"))
    other = json.loads(json.dumps(doc))
    other["metadata"]["agency_canonical"] = "东湖区审计局"
    other["title"] = other["title"].replace(doc["metadata"]["agency_canonical"], "东湖区审计局")
    other["text"] = other["title"] + "\n" + other["text"]  # the title line (spans shift, the body stays)
    for part in other["items"]:
        part["span"] = [part["span"][0] + len(other["title"]) + 1, part["span"][1] + len(other["title"]) + 1]
    (tmp_path / "notices" / "other.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "notices" / "same.json").write_text(json.dumps(_with_chrome(doc, 3), ensure_ascii=False), encoding="utf-8")
    clusters = compare.load_outputs(tmp_path).duplicates
    assert set(clusters["notice_id"]) == {"n00000", "same"}


def test_build_report_keeps_duplicates_when_asked(tmp_path):
    build_corpus(tmp_path / "d", 4, items_per_notice=6, seed=6)
    _copies(tmp_path / "d", tmp_path / "c", 2)
    assert len(report.build_report(tmp_path / "c")["notices"]) == 4
    assert len(report.build_report(tmp_path / "c", keep_duplicates=True)["notices"]) == 8
