"""The evaluation scripts the README's protocol relies on: the quality table and the before/after comparison."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from notice_miner import scoring

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_trees  # noqa: E402
import compare_outputs  # noqa: E402

REAL_LIKE = ROOT / "tests" / "fixtures" / "real_like"


def test_evaluate_prints_every_figure_with_its_interval_for_each_set():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "evaluate.py"), f"one={REAL_LIKE}",
                          f"two={REAL_LIKE}+{ROOT / 'corpus'}", "--json", "--resamples", "50"],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert list(data) == ["one", "two"]
    golds = len(scoring.read_gold(REAL_LIKE))
    assert data["one"]["notices"] == golds and data["two"]["notices"] == golds + len(scoring.read_gold(ROOT / "corpus"))
    for figures in data.values():
        assert set(figures["figures"]) == {key for key, _ in scoring.FIGURES}
        for key, value in figures["figures"].items():
            low, high = figures["intervals_95"][key]
            assert low - 1e-9 <= value <= high + 1e-9, key


def write(folder, name, doc):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_compare_outputs_names_each_changed_field_once_per_notice(tmp_path):
    doc = {"tool": {"version": "1"}, "source": {"path": "/a/x.txt", "name": "x.txt"},
           "metadata": {"agency": "县统计局党组"}, "stats": {"problems_total": 3},
           "items": [{"path": ["一", "一是"], "text": "甲"}, {"path": ["一", "二是"], "text": "乙"}],
           "evidence": [{"field": "stats.problems_total", "span": [1, 2]}, {"field": "metadata.agency", "span": [3, 4]}]}
    moved = {**doc, "tool": {"version": "2"}, "source": {"path": "/b/x.txt", "name": "x.txt"},
             "items": [{"path": ["一", "一是"], "text": "甲"}, {"path": ["二", "二是"], "text": "丙"}],
             "evidence": list(reversed(doc["evidence"]))}
    write(tmp_path / "old", "same", doc)
    write(tmp_path / "new", "same", {**doc, "tool": {"version": "2"}, "evidence": list(reversed(doc["evidence"]))})
    write(tmp_path / "old", "changed", doc)
    write(tmp_path / "new", "changed", {**moved, "stats": {"problems_total": 4}})
    same, changed, fields, _ = compare_outputs.compare(tmp_path / "old", tmp_path / "new")
    assert (same, changed) == (1, 1)   # the run's tool, the source path and evidence order do not count
    assert fields == Counter({"items[].path": 1, "items[].text": 1, "stats.problems_total": 1})


def test_bench_trees_lets_each_tree_run_first_equally_often():
    order = bench_trees.turns(4)
    assert order.count(0) == order.count(1) == 4
    firsts = [order[k] for k in range(0, len(order), 2)]
    assert firsts.count(0) == firsts.count(1) == 2
