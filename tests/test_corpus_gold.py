"""The bundled corpus: every notice has well-formed gold that its document actually says."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from notice_miner import ingest

from conftest import CORPUS, ROOT

DOC_SUFFIXES = {".txt", ".html", ".pdf", ".docx"}
GOLD_KEYS = {"file", "metadata", "stats", "items"}
ITEM_KEYS = {"path", "marker", "text", "status", "labels"}
META_KEYS = {"agency", "agency_short", "inspector", "inspection_kind", "inspection_start",
             "inspection_end", "feedback_date", "published", "phone", "postcode"}
DATE_KEYS = {"inspection_start", "inspection_end", "feedback_date", "published"}
STATS_KEYS = {"problem_areas", "problems_total", "problems_done", "problems_in_progress",
              "problems_fixed_immediately", "completion_rate", "measures_total", "tasks_total",
              "tasks_done", "rules_made", "funds_recovered_yuan", "people_disciplined",
              "people_org_handled", "people_admonished", "people_criticized", "people_reminded",
              "people_referred", "clues_transferred"}
MARKER = re.compile(r"[一二三四五六七八九十]+|\([一二三四五六七八九十]+\)|\d+|\(\d+\)|[①-⑳]"
                    r"|第[一二三四五六七八九十]+|[一二三四五六七八九十]+是")

DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in DOC_SUFFIXES)
GOLDS = sorted(CORPUS.glob("*.gold.json"))


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def taxonomy_ids() -> set[str]:
    data = json.loads((ROOT / "src" / "notice_miner" / "data" / "taxonomy.json").read_text(encoding="utf-8"))
    return {label["id"] for label in data["labels"]}


def readme_rows() -> dict[str, str]:
    """file → its format / encoding column in corpus/README.md."""
    rows = {}
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and Path(cells[0]).suffix in DOC_SUFFIXES:
            rows[cells[0]] = cells[2]
    return rows


def test_corpus_is_large_and_varied():
    assert len(DOCUMENTS) >= 14
    suffixes = Counter(p.suffix for p in DOCUMENTS)
    assert suffixes[".txt"] >= 8 and suffixes[".html"] >= 2 and suffixes[".pdf"] >= 2 and suffixes[".docx"] >= 2


def test_every_document_has_gold_and_every_gold_its_document():
    assert {p.name for p in DOCUMENTS} == {load(g)["file"] for g in GOLDS}
    for g in GOLDS:
        assert g.name == Path(load(g)["file"]).stem + ".gold.json"


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_gold_is_well_formed(gold_path):
    gold = load(gold_path)
    labels_known = taxonomy_ids()
    assert set(gold) == GOLD_KEYS
    assert set(gold["metadata"]) <= META_KEYS
    for key in DATE_KEYS & set(gold["metadata"]):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold["metadata"][key]), key
    assert set(gold["stats"]) <= STATS_KEYS
    for key, value in gold["stats"].items():
        assert isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0, key
        if key == "completion_rate":
            assert 0 <= value <= 1
        else:
            assert isinstance(value, int), key
    assert gold["items"], "a notice without items"
    for item in gold["items"]:
        assert set(item) == ITEM_KEYS
        assert item["path"] and item["marker"] == item["path"][-1]
        assert all(MARKER.fullmatch(step) for step in item["path"]), item["path"]
        assert item["status"] in ("done", "plan")
        assert 1 <= len(item["labels"]) <= 3 and len(set(item["labels"])) == len(item["labels"])
        assert set(item["labels"]) <= labels_known, item["labels"]
        assert item["text"] == item["text"].strip() and item["text"]


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_gold_is_what_the_document_says(gold_path):
    """Item texts occur in the extracted text in reading order; contact and signature details too."""
    gold = load(gold_path)
    extracted = ingest.read(CORPUS / gold["file"])
    text = squash(extracted.text)
    pos = 0
    for item in gold["items"]:
        found = text.find(squash(item["text"]), pos)
        assert found >= 0, f"{item['path']}: {item['text'][:40]}… not at or after offset {pos}"
        pos = found + 1
    meta = gold["metadata"]
    for key in ("agency", "agency_short", "inspector", "phone", "postcode"):
        if key in meta:
            assert squash(meta[key]) in text, key
    year, month, day = (int(x) for x in meta["published"].split("-"))
    assert f"{year}年{month}月{day}日" in text or _cn_date(year, month, day) in text


def _cn_date(year: int, month: int, day: int) -> str:
    digits = "〇一二三四五六七八九"

    def small(n: int) -> str:
        if n < 10:
            return digits[n]
        return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")

    return "".join(digits[int(c)] for c in str(year)) + f"年{small(month)}月{small(day)}日"


def test_plan_items_are_the_last_items():
    """Next-step plans close a notice: no done item follows a plan item."""
    for g in GOLDS:
        statuses = [item["status"] for item in load(g)["items"]]
        assert "plan" in statuses, g.name
        first_plan = statuses.index("plan")
        assert set(statuses[first_plan:]) == {"plan"}, g.name


def test_every_label_is_first_on_at_least_15_items():
    first = Counter(load(g)["items"][i]["labels"][0] for g in GOLDS for i in range(len(load(g)["items"])))
    assert set(first) == taxonomy_ids()
    assert min(first.values()) >= 15, first


@pytest.mark.parametrize("doc", [p for p in DOCUMENTS if p.suffix == ".txt"], ids=lambda p: p.name)
def test_text_encodings_are_what_the_readme_says(doc):
    declared = readme_rows()[doc.name]
    data = doc.read_bytes()
    if "UTF-16" in declared:
        assert data[:2] == b"\xff\xfe"
        data.decode("utf-16")
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    elif "GBK" in declared or "GB18030" in declared:
        data.decode("gbk" if "GBK" in declared else "gb18030")
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    else:
        assert "UTF-8" in declared
        assert data.startswith(b"\xef\xbb\xbf") == ("BOM" in declared)
        data.decode("utf-8")
    assert (b"\r\n" in data or b"\r\x00\n\x00" in data) == ("CRLF" in declared)


def test_readme_lists_every_document():
    assert set(readme_rows()) == {p.name for p in DOCUMENTS}


def test_gold_and_text_documents_match_their_sources():
    """corpus/build.py --check: committed gold, text and HTML files are what the sources render."""
    spec = importlib.util.spec_from_file_location("corpus_build", CORPUS / "build.py")
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build  # dataclasses look their module up here
    try:
        spec.loader.exec_module(build)
        assert build.main(["--check"]) == 0
    finally:
        del sys.modules[spec.name]
