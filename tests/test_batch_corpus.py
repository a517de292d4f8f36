"""An OUT folder of `batch` is one corpus: notices/, the tables, index.csv, the manifest and `compare`
agree on the notices it holds after every run; failures and texts that are no notices are named."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from notice_miner import compare, corpus
from notice_miner.cli import cli
from notice_miner.errors import NoticeError

NOTICE = ("{agency}关于巡察整改进展情况的通报\n一、整改落实情况\n（一）关于{topic}的问题\n"
          "1．制定{topic}制度2项，开展专项检查3次。\n2．建立{topic}台账，逐项整改销号。\n")
AGENCIES = ["临江市委", "东湖区委", "西山县委", "南屏镇党委"]


def _write(folder: Path, rel: str, agency: str, topic: str = "经费管理") -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NOTICE.format(agency=agency, topic=topic), encoding="utf-8")
    return path


def _held(out: Path) -> dict[str, set[str]]:
    """The notice ids each part of the folder says it holds."""
    index = pd.read_csv(out / "index.csv")
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return {
        "notices/": {p.name.removesuffix(".json") for p in (out / "notices").glob("*.json")},
        "notices.parquet": set(pd.read_parquet(out / "notices.parquet")["notice_id"]),
        "notices.csv": set(pd.read_csv(out / "notices.csv", encoding="utf-8-sig")["notice_id"]),
        "items.parquet": set(pd.read_parquet(out / "items.parquet")["notice_id"]),
        "index.csv": {name.removesuffix(".json") for name in index["name"]},
        "manifest": {entry["name"].removesuffix(".json") for entry in manifest},
        "compare": _compared(out),
    }


def _compared(out: Path) -> set[str]:
    """The notices `compare` reads (none: it says so, one line)."""
    try:
        return set(compare.load_outputs(out).notices["notice_id"])
    except NoticeError as err:
        assert "no notice JSON files" in str(err)
        return set()


def _agree(out: Path) -> set[str]:
    held = _held(out)
    assert all(ids == held["notices/"] for ids in held.values()), held
    return held["notices/"]


def _sources(out: Path) -> set[str]:
    return set(pd.read_parquet(out / "notices.parquet")["source_path"])


@pytest.fixture
def two_runs(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    kept = [_write(first, "x.txt", AGENCIES[0]), _write(first, "sub/a.txt", AGENCIES[1])]
    # the same relative path as a notice of the first run, another notice
    given = [_write(second, "x.txt", AGENCIES[2]), _write(second, "b.txt", AGENCIES[3])]
    return tmp_path / "out", first, second, kept, given


def test_a_second_run_with_other_inputs_keeps_the_first_everywhere(two_runs):
    out, first, second, kept, given = two_runs
    assert corpus.run_batch([first], out, progress=False, classifier=None).processed == 2
    summary = corpus.run_batch([second], out, progress=False, classifier=None)
    assert (summary.processed, summary.kept, summary.pruned) == (2, 2, 0)
    assert "2 kept from earlier runs" in summary.describe() and "--prune" in summary.describe()
    assert len(_agree(out)) == 4
    assert _sources(out) == {str(p) for p in kept + given}  # nothing overwritten by x.txt of the second run
    # a re-run changes nothing; the first run's notices are still held
    again = corpus.run_batch([second], out, progress=False, classifier=None)
    assert (again.processed, again.unchanged, again.kept) == (0, 2, 2)
    assert len(_agree(out)) == 4


def test_prune_removes_what_this_run_was_not_given_from_every_part(two_runs):
    out, first, second, kept, given = two_runs
    corpus.run_batch([first], out, progress=False, classifier=None)
    corpus.run_batch([second], out, progress=False, classifier=None)
    summary = corpus.run_batch([second], out, progress=False, classifier=None, prune=True)
    assert (summary.unchanged, summary.kept, summary.pruned) == (2, 0, 2)
    assert "2 of earlier runs removed" in summary.describe()
    assert len(_agree(out)) == 2 and _sources(out) == {str(p) for p in given}
    # a vanished input is pruned the same way; a notice file no manifest entry holds goes too
    given[1].unlink()
    (out / "notices" / "stray.txt.json").write_bytes(next((out / "notices").glob("x.txt*.json")).read_bytes())
    result = CliRunner().invoke(cli, ["batch", str(second), "-o", str(out), "-q", "--no-labels", "--prune"])
    assert result.exit_code == 0, result.output
    assert "1 of earlier runs removed" in result.stderr
    assert [name.split("-")[0] for name in _agree(out)] == ["x.txt"]


def test_failed_files_are_named_first_ten_then_a_count(tmp_path):
    inputs = tmp_path / "in"
    _write(inputs, "good.txt", AGENCIES[0])
    for k in range(12):
        (inputs / f"broken{k:02}.pdf").write_bytes(b"%PDF-1.4 not a PDF at all")
    result = CliRunner().invoke(cli, ["batch", str(inputs), "-o", str(tmp_path / "out"), "-q", "--no-labels"])
    assert result.exit_code == 1
    named = [line for line in result.stderr.splitlines() if line.strip().startswith("failed: ")]
    assert len(named) == 10 and all("broken" in line and ".pdf: " in line for line in named)
    assert "… and 2 more (12 in all)" in result.stderr
    assert "errors.jsonl" in result.stderr.splitlines()[-1] or any(
        line.startswith("every failure with its reason:") and line.endswith("errors.jsonl") for line in result.stderr.splitlines())


def test_a_text_that_is_no_notice_is_counted_apart(tmp_path):
    inputs = tmp_path / "in"
    _write(inputs, "notice.txt", AGENCIES[0])
    (inputs / "menu.txt").write_text("网站首页\n联系我们\n版权所有 临江市人民政府\n", encoding="utf-8")
    for _ in range(2):  # parsed now, then unchanged: counted alike
        summary = corpus.run_batch([inputs], tmp_path / "out", progress=False, classifier=None)
        assert (summary.processed + summary.unchanged, summary.not_notices, summary.failed) == (1, 1, 0)
        assert "1 do not read like a notice" in summary.describe()
        assert any(line.strip() == f"does not read like a notice: {inputs / 'menu.txt'}"
                   for line in summary.describe().splitlines())


def test_any_sequence_of_runs_leaves_one_corpus(tmp_path_factory):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    pool = tmp_path_factory.mktemp("pool")
    folders = []
    for k, agency in enumerate(AGENCIES + ["北岭乡党委"]):
        # two share a relative path, so names must stay with their inputs across runs
        _write(pool / f"f{k}", "n.txt" if k < 2 else f"n{k}.txt", agency, topic=["经费管理", "公务用车", "选人用人"][k % 3])
        folders.append(pool / f"f{k}")
    runs = st.lists(st.tuples(st.sets(st.integers(0, len(folders) - 1)), st.booleans()), min_size=1, max_size=4)

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(runs)
    def check(sequence):
        out = tmp_path_factory.mktemp("out")
        held: set[str] = set()
        for chosen, prune in sequence:
            given_now = {str(next(folders[k].glob("*.txt"))) for k in chosen}
            corpus.run_batch([folders[k] for k in sorted(chosen)], out, progress=False, classifier=None, prune=prune)
            held = given_now | (set() if prune else held)
            assert len(_agree(out)) == len(held)
            assert _sources(out) == held

    check()
