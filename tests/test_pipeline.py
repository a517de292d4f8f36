"""The pipeline end to end: the output contract, its shipped schema, grounding, and the scorer's figures."""
from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

import notice_miner
from notice_miner.model import Label, json_schema

from conftest import CORPUS


def _shipped_schema() -> dict:
    return json.loads(resources.files("notice_miner").joinpath("data/notice.schema.json").read_text("utf-8"))


def test_shipped_schema_is_the_generated_one():
    # regenerate with: notice-miner schema > src/notice_miner/data/notice.schema.json
    assert _shipped_schema() == json_schema()


def test_parse_text_output_validates_and_is_grounded():
    text = ("中共某县水利局党组关于巡察整改进展情况的通报\n\n一、整改情况\n（一）加强领导。成立领导小组，"
            "追回资金12.5万元。\n二、下一步工作打算\n（一）巩固成果。\n")
    notice = notice_miner.parse_text(text, name="snippet.txt")
    out = notice.to_dict()
    jsonschema.validate(out, _shipped_schema())
    assert [i["path"] for i in out["items"]] == [["一", "(一)"], ["二", "(一)"]]
    assert [i["status"] for i in out["items"]] == ["done", "plan"]
    for item in out["items"]:
        assert out["text"][item["span"][0]:item["span"][1]] == item["text"]
    for ev in out["evidence"]:
        if ev["span"]:
            assert out["text"][ev["span"][0]:ev["span"][1]] == ev["quote"]


class _Recording:
    """A classifier that labels every item `stub` and keeps the notice it was given."""

    model_id = "recording"

    def label(self, notice):
        self.seen = notice
        return [[Label(label="stub", score=1.0)] for _ in notice.items]


def test_the_pipeline_assembles_the_stages_parts():
    # enrich and the classifier return their parts; the notice the classifier read is left as it was
    text = "一、整改情况\n(一)修订《资金管理办法》,追回资金12.5万元。\n(二)开展培训3次。\n"
    clf = _Recording()
    notice = notice_miner.parse_text(text, name="parts.txt", classifier=clf)
    assert notice.tool.model == "recording"
    assert [item.labels for item in notice.items] == [[Label(label="stub", score=1.0)]] * 2
    assert all(item.labels == [] for item in clf.seen.items)
    assert [item.signals for item in clf.seen.items] == [item.signals for item in notice.items]
    assert notice.items[0].signals.documents == ["资金管理办法"] and notice.keywords


def _parse_dir(files: list[Path], out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "notice_miner", "parse", *map(str, files), "-o", str(out)],
                          capture_output=True, text=True, timeout=600)


def _score(shared: Path, gold_dir: Path, out_dir: Path) -> dict:
    res = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), str(gold_dir), str(out_dir), "--json"],
                         capture_output=True, text=True, check=True, timeout=300)
    return json.loads(res.stdout)["summary"]


def _notices(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in {".txt", ".html", ".htm", ".pdf", ".docx"} and p.is_file())


def _gold_copy(folders: list[Path], dest: Path) -> Path:
    dest.mkdir()
    for folder in folders:
        for g in folder.glob("*.gold.json"):
            (dest / g.name).write_bytes(g.read_bytes())
    return dest


@pytest.fixture(scope="module")
def shared_scores(shared, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shared")
    folders = [shared / "corpus", shared / "corpus" / "dev"]
    files = [f for d in folders for f in _notices(d)]
    res = _parse_dir(files, tmp / "out")
    assert res.returncode == 0, res.stderr
    for f in sorted((tmp / "out").glob("*.json")):
        jsonschema.validate(json.loads(f.read_text("utf-8")), _shipped_schema())
    return _score(shared, _gold_copy(folders, tmp / "gold"), tmp / "out")


def test_shared_corpus_extraction_figures(shared_scores):
    s = shared_scores
    assert s["missing_outputs"] == []
    assert s["item_f1"] >= 0.97
    assert s["path_accuracy"] >= 0.95
    assert s["status_accuracy"] >= 0.98


def test_project_corpus_extraction_figures(shared, tmp_path):
    files = _notices(CORPUS)
    if not files:
        pytest.skip("the project corpus is empty")
    res = _parse_dir(files, tmp_path / "out")
    assert res.returncode == 0, res.stderr
    s = _score(shared, _gold_copy([CORPUS], tmp_path / "gold"), tmp_path / "out")
    assert s["missing_outputs"] == []
    assert s["item_f1"] >= 0.97
    assert s["path_accuracy"] >= 0.95
    assert s["status_accuracy"] >= 0.98
