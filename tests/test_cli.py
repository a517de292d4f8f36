"""The command line fits its users' habits: --version, examples in every --help, -q/-v, Ctrl-C."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_miner import pipeline
from notice_miner.cli import INTERRUPTED, cli
from notice_miner.model import VERSION

COMMANDS = sorted(cli.commands)


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert VERSION in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_real_examples(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    tail = result.output.rstrip().split("Examples:")
    assert len(tail) == 2, f"{command} --help has no Examples section"
    examples = [line.strip() for line in tail[1].splitlines() if line.strip()]
    assert 2 <= len(examples) <= 3
    assert all(f"notice-miner {command} " in line for line in examples)


@pytest.mark.parametrize("command", COMMANDS)
def test_quiet_and_verbose_on_every_command(command: str) -> None:
    options = {opt for param in cli.commands[command].params for opt in param.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= options


@pytest.mark.parametrize(("flag", "level"), [("-q", logging.WARNING), ("-v", logging.DEBUG), (None, logging.INFO)])
def test_verbosity_sets_logging_level(flag: str | None, level: int) -> None:
    args = ["schema"] + ([flag] if flag else [])
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert logging.getLogger("notice_miner").level == level


def test_ctrl_c_exits_130_saying_a_rerun_resumes(tmp_path, monkeypatch) -> None:
    notice = tmp_path / "n.txt"
    notice.write_text("临江市委关于巡察整改情况的通报\n一、整改落实情况\n", encoding="utf-8")

    def interrupted(*args, **kwargs):  # what Ctrl-C raises in the middle of a parse
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "parse_many", interrupted)
    result = CliRunner().invoke(cli, ["parse", str(notice), "--no-labels"])
    assert result.exit_code == INTERRUPTED == 130
    assert "again to resume" in result.stderr


NOTICE = "临江市委关于巡察整改情况的通报\n一、整改落实情况\n（一）关于理论学习不深入的问题\n整改情况：制定学习计划，开展专题学习3次。\n"
PAGE = ("<html><head><meta charset='gbk'><title>东湖区委巡察整改通报</title></head><body><div>"
        + "".join(f"<p>{line}</p>" for line in NOTICE.splitlines()) + "</div></body></html>")


def _run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(cli, [*args, "--no-labels"], input=stdin)


def test_dash_reads_one_notice_from_stdin(tmp_path) -> None:
    from_file = tmp_path / "n.txt"
    from_file.write_text(NOTICE, encoding="utf-8")
    piped = _run("parse", "-", stdin=NOTICE.encode("utf-8"))
    assert piped.exit_code == 0, piped.stderr
    assert json.loads(piped.stdout)["items"] == json.loads(_run("parse", str(from_file)).stdout)["items"]


def test_format_hint_reads_stdin_as_html() -> None:
    result = _run("parse", "-", "--format-hint", "html", stdin=PAGE.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    notice = json.loads(result.stdout)
    assert notice["source"]["format"] == "html" and "<p>" not in notice["text"]


def test_globs_are_expanded_by_the_tool(tmp_path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(NOTICE, encoding="utf-8")
    result = _run("parse", str(tmp_path / "*.txt"))
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["source"]["name"] for line in result.stdout.splitlines()] == ["a.txt", "b.txt"]
    nothing = _run("parse", str(tmp_path / "*.pdf"))
    assert nothing.exit_code == 2 and "no file matches" in nothing.stderr


def test_parse_dir_suggests_batch(tmp_path) -> None:
    result = _run("parse", str(tmp_path))
    assert result.exit_code == 2
    assert "notice-miner batch" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("count", [1, 2])
def test_parse_format_json_and_jsonl(tmp_path, count: int) -> None:
    paths = []
    for i in range(count):
        paths.append(tmp_path / f"n{i}.txt")
        paths[-1].write_text(NOTICE, encoding="utf-8")
    as_json = json.loads(_run("parse", *map(str, paths), "--format", "json").stdout)
    lines = _run("parse", *map(str, paths), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == count
    assert (as_json if count > 1 else [as_json]) == [json.loads(line) for line in lines]


def test_show_prints_without_out(tmp_path) -> None:
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    result = _run("show", str(notice))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize("with_out", [True, False])
def test_show_open_hands_the_written_view_to_the_browser(tmp_path, with_out: bool) -> None:
    """The real webbrowser module, its browser named by BROWSER: a script that records what it was asked to open."""
    import os
    import subprocess
    import sys
    from urllib.parse import unquote, urlparse

    notice, record = tmp_path / "n.txt", tmp_path / "opened.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}"\n', encoding="utf-8")
    browser.chmod(0o755)
    out = tmp_path / "view.html"
    args = [sys.executable, "-m", "notice_miner", "show", str(notice), "--no-labels", "--open"]
    run = subprocess.run(args + (["-o", str(out)] if with_out else []), capture_output=True, text=True, timeout=120,
                         env={**os.environ, "BROWSER": f"{browser} %s"})
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""
    opened = Path(unquote(urlparse(record.read_text(encoding="utf-8")).path))
    assert opened.is_file() and opened.read_text(encoding="utf-8").lower().startswith("<!doctype html")
    if with_out:
        assert opened == out.resolve()


def test_parse_spacy_labels_item_spans_sets_cats_and_uses_the_tables_notice_id(tmp_path) -> None:
    """The DocBin of `parse --spacy` against the items table `batch` writes for the same files."""
    spacy = pytest.importorskip("spacy", reason="spaCy is the optional extra notice-miner[spacy]")
    import pandas as pd
    from spacy.tokens import DocBin

    from notice_miner import classify

    folder = tmp_path / "in"
    folder.mkdir()
    measures = ["追回违规发放的补贴资金12.6万元,已全部缴入国库。", "修订《公务接待管理办法》,明确审批权限。",
                "组织党员干部开展专题学习培训3次。"]
    for name in ("东湖.txt", "b.txt"):
        (folder / name).write_text("临江市委关于巡察整改情况的通报\n一、整改落实情况\n"
                                   + "".join(f"{k}.{m}\n" for k, m in enumerate(measures, 1)), encoding="utf-8")
    out = tmp_path / "notices.spacy"
    result = CliRunner().invoke(cli, ["parse", str(folder / "*.txt"), "--spacy", str(out), "-o", str(tmp_path / "json")])
    assert result.exit_code == 0, result.stderr
    assert CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "batch"), "-q"]).exit_code == 0
    items = pd.read_parquet(tmp_path / "batch" / "items.parquet")
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}}).vocab))
    assert sorted(doc.user_data["notice_id"] for doc in docs) == sorted(items["notice_id"].unique())
    labels = pipeline.parse(folder / "b.txt", classifier="default").items
    for doc in docs:
        rows = items[items["notice_id"] == doc.user_data["notice_id"]]
        assert [s.text for s in doc.spans["items"]] == rows["text"].tolist() == measures
        assert [s.id_ for s in doc.spans["items"]] == rows["item_id"].tolist()
        assert [s.label_ for s in doc.spans["items"]] == [item.labels[0].label for item in labels]
        assert [(s.id_, s.label_) for s in doc.spans["categories"]] == [(i.id, lab.label) for i in labels for lab in i.labels]
        assert set(doc.cats) == set(classify.default_classifier().labels)  # every category, 0.0 where no item has it
        assert doc.cats["fund_recovery"] == max(lab.score for i in labels for lab in i.labels if lab.label == "fund_recovery")
        assert all(0.0 <= v <= 1.0 for v in doc.cats.values())


def test_parse_out_never_loses_a_file_with_the_same_name(tmp_path) -> None:
    # two pages both called index.html (one per site): each gets its own output, named by its path
    for folder, agency in (("a", "临江市委"), ("b", "东湖区委")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(PAGE.replace("东湖区委", agency), encoding="utf-8")
    (tmp_path / "a" / "n.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "a" / "n.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    given = ["a/index.html", "b/index.html", "a/n.txt", "a/n.html"]
    result = _run("parse", *(str(tmp_path / p) for p in given), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    written = {json.loads(p.read_text(encoding="utf-8"))["source"]["path"]: p.name for p in out.glob("*.json")}
    assert written == {str(tmp_path / "a/index.html"): "a__index.html.json", str(tmp_path / "b/index.html"): "b__index.html.json",
                       str(tmp_path / "a/n.txt"): "n.txt.json", str(tmp_path / "a/n.html"): "n.html.json"}
    # a file that stands alone keeps its plain name, and parsing it again replaces its own output
    assert _run("parse", str(tmp_path / "a/index.html"), "-o", str(out)).exit_code == 0
    assert _run("parse", str(tmp_path / "a/index.html"), "-o", str(out)).exit_code == 0
    assert (out / "index.json").is_file()
    # …but never the output of another input: that notice fails, saying so, and the file is kept
    before = (out / "index.json").read_bytes()
    refused = _run("parse", str(tmp_path / "b/index.html"), "-o", str(out))
    assert refused.exit_code == 1
    assert "index.json: already holds the notice parsed from" in refused.stderr and "not overwritten" in refused.stderr
    assert (out / "index.json").read_bytes() == before
