"""Regression notices (tests/fixtures/regression): parse each with the CLI and score it with the shared scorer.

The notices and their gold were written by hand by outside testers, and the parser was fixed against
them until they scored 1.0: they guard against regressions (they are not a hold-out); this test
states the release thresholds on them.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REGRESSION = Path(__file__).resolve().parent / "fixtures" / "regression"
NOTICE_SUFFIXES = {".txt", ".html", ".pdf", ".docx"}
THRESHOLDS = {
    "item_f1": 0.97,
    "path_accuracy": 0.95,
    "status_accuracy": 0.98,
    "metadata_accuracy": 0.90,
    "stats_accuracy": 0.90,
}


def _notices() -> list[Path]:
    return sorted(p for p in REGRESSION.iterdir() if p.suffix in NOTICE_SUFFIXES)


def test_every_regression_notice_has_gold():
    notices = _notices()
    assert len(notices) >= 12
    for notice in notices:
        assert (REGRESSION / f"{notice.stem}.gold.json").is_file(), notice.name


@pytest.fixture(scope="module")
def regression_summary(shared, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("regression_out")
    cli = Path(sys.executable).with_name("notice-miner")
    command = [str(cli)] if cli.exists() else [sys.executable, "-c", "from notice_miner.cli import main; main()"]
    run = subprocess.run([*command, "parse", "--no-labels", *map(str, _notices()), "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    scored = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), str(REGRESSION), str(out), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert scored.returncode == 0, scored.stderr
    return json.loads(scored.stdout)


def test_regression_has_no_missing_outputs(regression_summary):
    assert regression_summary["summary"]["missing_outputs"] == []


@pytest.mark.parametrize("measure", list(THRESHOLDS))
def test_regression_meets_threshold(regression_summary, measure):
    summary, per_notice = regression_summary["summary"], regression_summary["per_notice"]
    misses = {name: {k: row[k] for k in ("meta_wrong", "stats_wrong") if row.get(k)}
              for name, row in per_notice.items() if row.get("meta_wrong") or row.get("stats_wrong")}
    # gold / predicted / matched / right path, for the notices whose items are not all found
    items = {name: (row["gold_items"], row["pred_items"], row["matched"], row["path_ok"])
             for name, row in per_notice.items()
             if not row["gold_items"] == row["pred_items"] == row["matched"] == row["path_ok"]}
    assert summary[measure] >= THRESHOLDS[measure], (
        f"{measure} = {summary[measure]}; items (gold, pred, matched, path ok): {items}; fields: {misses}")
