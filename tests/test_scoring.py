"""notice_miner.scoring: the gold-format rules on small cases, and the same figures as the shared scorer."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from notice_miner import scoring
from notice_miner.errors import NoticeError

from conftest import SHARED, parsed_outputs


def item(text: str, path=("一", "一是"), status="done", labels=()) -> dict:
    return {"path": list(path), "marker": path[-1], "text": text, "status": status, "labels": list(labels)}


GOLD = {
    "metadata": {"agency": "中共某县统计局党组", "feedback_date": "2024-06-05"},
    "stats": {"problems_total": 12, "completion_rate": 0.75},
    "items": [item("制定完善统计数据质量管理办法并组织全员学习", labels=["institution", "education"]),
              item("对历年调查台账逐本核对建立问题清单", path=("一", "二是"), labels=["responsibility"]),
              item("下一步持续做好数据审核工作", path=("二", "一是"), status="plan", labels=["supervision"])],
}


def test_items_match_after_nfkc_and_whitespace_and_in_order():
    pred = ["对历年调查台账逐本核对 建立问题清单", "制定完善统计数据质量管理办法并组织全员学习。", "无关的内容完全不同"]
    assert scoring.match_items([i["text"] for i in GOLD["items"]], pred) == [(0, 1), (1, 0)]
    assert scoring.normalised("（一） ２０２４\u3000年") == "(一)2024年"


def test_similarity_threshold_is_inclusive_at_point_nine():
    gold = "甲" * 18 + "乙乙"           # 20 characters
    assert scoring.similarity(gold, "甲" * 18 + "丙丙") == pytest.approx(0.9)
    assert scoring.match_items([gold], ["甲" * 18 + "丙丙"]) == [(0, 0)]
    assert scoring.match_items([gold], ["甲" * 17 + "丙丙丙"]) == []
    assert scoring.similarity(gold, "甲" * 10) == 0.0   # lengths too far apart to reach 0.9


def test_score_notice_counts_paths_status_labels_and_fields():
    out = {"metadata": {"agency": "中共某县统计局党组", "feedback_date": "2024-06-06"},
           "stats": {"problems_total": 12.0, "completion_rate": 0.7500000001},
           "items": [item("制定完善统计数据质量管理办法并组织全员学习", labels=[{"label": "institution", "score": 0.9}]),
                     item("对历年调查台账逐本核对建立问题清单", labels=["supervision"]),
                     item("下一步持续做好数据审核工作", path=("二", "一是"), status="done")]}
    s = scoring.score_notice("n", GOLD, out)
    assert s.counts == {"gold_items": 3, "pred_items": 3, "matched": 3, "path_ok": 2, "status_ok": 2, "labelled": 3, "first_ok": 1,
                        "meta_total": 2, "meta_ok": 1, "stats_total": 2, "stats_ok": 2}
    assert s.wrong_fields == ["metadata.feedback_date"]
    figures = scoring.SetScore("one", [s]).figures()
    assert figures["path_accuracy"] == figures["status_accuracy"] == round(2 / 3, 3)
    # labels: institution tp, education fn, responsibility fn, supervision fp then fn
    assert figures["label_micro_f1"] == round(2 * (1 / 2) * (1 / 4) / (1 / 2 + 1 / 4), 3)
    assert figures["label_macro_f1"] == round((1.0 + 0 + 0 + 0) / 4, 3)


def test_missing_output_scores_nothing_found():
    s = scoring.SetScore("x", [scoring.score_notice("n", GOLD, None)])
    f = s.figures()
    assert (f["item_recall"], f["item_f1"], f["metadata_accuracy"], f["stats_accuracy"]) == (0, 0, 0, 0)
    assert f["path_accuracy"] is None       # nothing matched: nothing to judge


def test_label_figures_are_absent_without_gold_labels():
    gold = {"items": [item("甲乙丙丁戊己庚辛")]}
    s = scoring.SetScore("x", [scoring.score_notice("n", gold, {"items": [item("甲乙丙丁戊己庚辛", labels=["audit"])]})])
    f, i = s.figures(), s.intervals(resamples=50)
    assert f["first_label_accuracy"] is None and f["label_macro_f1"] is None and i["label_micro_f1"] is None
    assert f["item_f1"] == 1.0


def test_bootstrap_is_seeded_and_brackets_the_point_figure():
    notices = [scoring.score_notice(f"n{k}", GOLD, {"items": GOLD["items"][: k % 4]}) for k in range(12)]
    s = scoring.SetScore("x", notices)
    low, high = s.intervals(resamples=500, seed=1)["item_recall"]
    assert s.intervals(resamples=500, seed=1)["item_recall"] == (low, high)
    assert low < s.figures()["item_recall"] < high
    narrower = scoring.SetScore("x4", notices * 4).intervals(resamples=500, seed=1)["item_recall"]
    assert high - low > narrower[1] - narrower[0] > 0     # four times the notices: a narrower interval


def test_read_gold_names_the_file_it_cannot_read(tmp_path):
    (tmp_path / "a.gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(NoticeError, match="a.gold.json: unreadable gold file"):
        scoring.read_gold(tmp_path)


# ---- the same figures as shared/tools/score.py on the shared sets ---------------------------------

SHARED_SETS = {"real": [SHARED / "corpus" / "real"], "composed": [SHARED / "corpus", SHARED / "corpus" / "dev"]}


def write_outputs(golds: list[scoring.GoldNotice], out: Path) -> None:
    """What `notice-miner parse NOTICES -o OUT` writes."""
    out.mkdir(parents=True, exist_ok=True)
    for path, output in parsed_outputs([g.notice for g in golds]).items():
        (out / f"{path.stem}.json").write_text(json.dumps(output, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("name", list(SHARED_SETS))
def test_point_figures_equal_the_shared_scorer(shared, name, tmp_path):
    folders = SHARED_SETS[name]
    gold_dir, out_dir = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    golds = [g for folder in folders for g in scoring.read_gold(folder)]
    for folder in folders:   # score.py reads one gold folder: gather the set's gold files in one
        for path in folder.glob("*.gold.json"):
            (gold_dir / path.name).write_bytes(path.read_bytes())
    write_outputs(golds, out_dir)
    run = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), str(gold_dir), str(out_dir), "--json"],
                         capture_output=True, text=True, timeout=300, check=True)
    theirs = json.loads(run.stdout)["summary"]
    theirs.update(label_micro_f1=theirs["labels"]["micro_f1"], label_macro_f1=theirs["labels"]["macro_f1"])

    def output(path: Path) -> dict | None:
        file = out_dir / f"{path.stem}.json"
        return json.loads(file.read_text(encoding="utf-8")) if file.exists() else None

    ours = scoring.score_set(name, folders, output)
    assert len(ours.notices) == theirs["notices"]
    assert ours.figures() == {key: theirs[key] for key, _ in scoring.FIGURES}


def test_a_pooled_set_judges_labels_on_its_labelled_gold_only():
    """Gold without labels (a set annotated for structure only) adds nothing to the label figures."""
    out = {"items": [item("制定完善统计数据质量管理办法并组织全员学习", labels=["institution"])]}
    labelled = scoring.score_notice("a", {"items": [item("制定完善统计数据质量管理办法并组织全员学习",
                                                          labels=["institution"])]}, out)
    unlabelled = scoring.score_notice("b", {"items": [item("制定完善统计数据质量管理办法并组织全员学习")]}, out)
    assert unlabelled.counts["labelled"] == 0 and unlabelled.label_pairs == []
    figures = scoring.SetScore("pooled", [labelled, unlabelled]).figures()
    assert figures["first_label_accuracy"] == figures["label_micro_f1"] == figures["label_macro_f1"] == 1.0
    assert figures["item_f1"] == 1.0
    assert scoring.SetScore("structure only", [unlabelled]).figures()["first_label_accuracy"] is None
