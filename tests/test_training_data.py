"""Checks on the composed training data for the measure classifier (corpus/training/measures.jsonl)."""
from __future__ import annotations

import collections
import itertools
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MEASURES = ROOT / "corpus" / "training" / "measures.jsonl"
TAXONOMY_JSON = ROOT / "src" / "notice_miner" / "data" / "taxonomy.json"
DEFAULT_IDS = ["institution", "supervision", "fund_recovery", "accountability", "education",
               "party_building", "decision_making", "procurement", "assets_finance", "audit",
               "digitalization", "core_business", "personnel", "responsibility"]
KEYS = {"text", "labels", "problem", "section", "source", "group"}  # group: the source file, kept together in held-out folds
MIN_FIRST_LABEL = 40


def taxonomy_ids() -> list[str]:
    """Ids from the packaged taxonomy when it exists, else the default list of taxonomy.md."""
    if not TAXONOMY_JSON.is_file():
        return DEFAULT_IDS
    data = json.loads(TAXONOMY_JSON.read_text(encoding="utf-8"))
    entries = data.get("labels", data.get("categories", data)) if isinstance(data, dict) else data
    if isinstance(entries, dict):
        return list(entries)
    return [e["id"] if isinstance(e, dict) else e for e in entries]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    lines = MEASURES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_line_has_the_contract_keys(rows):
    assert len(rows) >= 14 * MIN_FIRST_LABEL
    for row in rows:
        assert set(row) == KEYS, row
        assert row["text"].strip() and isinstance(row["problem"], str) and row["section"].strip()
        assert row["source"] == "composed"


def test_labels_are_taxonomy_ids_one_to_three_distinct(rows):
    ids = set(taxonomy_ids())
    for row in rows:
        labels = row["labels"]
        assert 1 <= len(labels) <= 3 and len(set(labels)) == len(labels), row
        assert set(labels) <= ids, row


def test_no_duplicate_or_near_duplicate_texts(rows):
    texts = [re.sub(r"\s+", "", r["text"]) for r in rows]
    assert len(set(texts)) == len(texts)
    grams = [{t[i:i + 3] for i in range(len(t) - 2)} for t in texts]
    postings = collections.defaultdict(list)
    for n, gram_set in enumerate(grams):
        for gram in gram_set:
            postings[gram].append(n)
    shared_counts = collections.Counter(pair for rows_with_gram in postings.values()
                                        for pair in itertools.combinations(rows_with_gram, 2))
    close = [(texts[i][:20], texts[j][:20]) for (i, j), common in shared_counts.items()
             if common > 0.6 * (len(grams[i]) + len(grams[j]) - common)]
    assert not close


def test_each_id_leads_enough_lines(rows):
    first = collections.Counter(r["labels"][0] for r in rows)
    short = {i: first[i] for i in taxonomy_ids() if first[i] < MIN_FIRST_LABEL}
    assert not short, short


def test_no_text_is_copied_from_the_dev_corpus(rows, shared):
    gold_texts = {re.sub(r"\s+", "", item["text"])
                  for gold in shared.glob("corpus/**/*.gold.json")
                  for item in json.loads(gold.read_text(encoding="utf-8"))["items"]}
    # 20 characters: long enough to skip shared form lines such as 整改时限:2024年12月底前
    sentences = {s for t in gold_texts for s in re.split(r"[。;；]", t) if len(s) >= 20}
    for row in rows:
        text = re.sub(r"\s+", "", row["text"])
        assert not any(s in text for s in sentences), row["text"]
