"""Segmentation: rjieba (the default) and jieba give the same words on every corpus folder, user
dictionaries in jieba's format reach every command that segments and the Python API."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_miner import enrich, ingest, pipeline
from notice_miner.cli import cli
from notice_miner.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
FORMATS = {".txt", ".html", ".htm", ".pdf", ".docx"}
SEGMENTING = {"parse", "show", "batch", "compare", "train", "evaluate", "suggest", "check"}
NOTICE = ("临江市委关于巡察整改情况的通报\n一、整改落实情况\n(一)关于清廉临江建设推进不力的问题\n"
          "1.制定清廉临江建设实施方案,明确责任分工。\n2.开展清廉临江建设专项检查3次,整改问题12个。\n")


def _folders() -> list[Path]:
    folders = [ROOT / "corpus", *sorted(p for p in (ROOT / "tests" / "fixtures").iterdir() if p.is_dir())]
    return folders + ([SHARED_CORPUS, *sorted(p for p in SHARED_CORPUS.iterdir() if p.is_dir())]
                      if SHARED_CORPUS.is_dir() else [])


def _name(folder: Path) -> str:
    return folder.relative_to(ROOT).as_posix() if folder.is_relative_to(ROOT) else f"shared/{folder.relative_to(SHARED_CORPUS.parent).as_posix()}"


@pytest.fixture
def restore_segmenter():
    yield
    pipeline.use_segmenter()


def _texts(folder: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in FORMATS:
            try:
                texts[path.name] = normalise(ingest.read(path).text).text
            except Exception:  # the hardening fixtures include files that are refused on purpose
                continue
    return texts


def _words(segmenter: str, texts: dict[str, str], userdicts=()) -> dict[str, list[str]]:
    pipeline.use_segmenter(segmenter, userdicts)
    return {name: enrich.segment(text) for name, text in texts.items()}


@pytest.mark.parametrize("folder", [pytest.param(f, id=_name(f)) for f in _folders()])
def test_rjieba_and_jieba_give_the_same_words(folder: Path, restore_segmenter) -> None:
    texts = _texts(folder)
    assert texts, f"{folder}: no notice read"
    fast, reference = _words("rjieba", texts), _words("jieba", texts)
    for name in texts:
        assert fast[name] == reference[name], name


def test_the_shared_corpus_is_compared_when_present() -> None:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout (the shared development corpus)")
    assert {SHARED_CORPUS / "dev", SHARED_CORPUS / "real"} <= set(_folders())


@pytest.mark.parametrize("segmenter", ["rjieba", "jieba"])
def test_a_user_dictionary_makes_its_words_whole_in_both(tmp_path: Path, segmenter: str, restore_segmenter) -> None:
    term = "清廉临江建设"
    assert term not in _words(segmenter, {"n": NOTICE})["n"]
    (tmp_path / "a.dict").write_text("\ufeff清廉临江建设 20 n\n\n", encoding="utf-8")  # a BOM and a blank line, as editors leave them
    (tmp_path / "b.dict").write_text("责任分工\n", encoding="utf-8")  # the word alone: jieba suggests its frequency
    words = _words(segmenter, {"n": NOTICE}, [tmp_path / "a.dict", tmp_path / "b.dict"])["n"]
    assert words.count(term) == 3 and "责任分工" in words
    assert words == _words("jieba" if segmenter == "rjieba" else "rjieba", {"n": NOTICE}, [tmp_path / "a.dict", tmp_path / "b.dict"])["n"]


def test_the_python_api_takes_a_user_dictionary(tmp_path: Path, restore_segmenter) -> None:
    (tmp_path / "terms.dict").write_text("清廉临江建设 20\n", encoding="utf-8")
    import notice_miner

    assert "清廉临江建设" not in notice_miner.parse_text(NOTICE, classifier=None).keywords
    notice_miner.use_segmenter("jieba", userdicts=[tmp_path / "terms.dict"])
    assert notice_miner.parse_text(NOTICE, classifier=None).keywords[0] == "清廉临江建设"


def test_words_added_for_one_segmentation_are_gone_in_the_next(tmp_path: Path) -> None:
    """The first segmenter of a process is rjieba's own (importing rjieba builds it) with the words
    added; the next, for other user dictionaries, is built afresh without them."""
    import subprocess
    import sys

    (tmp_path / "a.dict").write_text("清廉临江建设 20\n", encoding="utf-8")
    code = (f"from notice_miner import enrich\n"
            f"enrich.use_segmenter('rjieba', [{str(tmp_path / 'a.dict')!r}])\n"
            f"print('清廉临江建设' in enrich.words({NOTICE!r}))\n"
            f"enrich.use_segmenter('rjieba')\n"
            f"print('清廉临江建设' in enrich.words({NOTICE!r}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False"]


@pytest.mark.parametrize("command", sorted(SEGMENTING))
def test_every_command_that_segments_takes_the_options(command: str) -> None:
    options = {opt for param in cli.commands[command].params for opt in param.opts}
    assert {"--segmenter", "--userdict"} <= options


def test_parse_userdict_is_repeatable_and_a_bad_one_is_one_line(tmp_path: Path) -> None:
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    (tmp_path / "a.dict").write_text("清廉临江建设 20\n", encoding="utf-8")
    (tmp_path / "b.dict").write_text("专项检查 5000\n", encoding="utf-8")

    plain = json.loads(CliRunner().invoke(cli, ["parse", str(notice), "--no-labels"]).stdout)
    both = CliRunner().invoke(cli, ["parse", str(notice), "--no-labels", "--segmenter", "jieba",
                                    "--userdict", str(tmp_path / "a.dict"), "--userdict", str(tmp_path / "b.dict")])
    assert both.exit_code == 0, both.stderr
    keywords = json.loads(both.stdout)["keywords"]
    assert "清廉临江建设" in keywords and "清廉临江建设" not in plain["keywords"]
    (tmp_path / "bad.dict").write_bytes("清廉临江建设 20\n".encode("gbk"))
    bad = CliRunner().invoke(cli, ["parse", str(notice), "--userdict", str(tmp_path / "bad.dict")])
    assert bad.exit_code == 2 and "bad.dict" in bad.stderr and "not UTF-8" in bad.stderr and "Traceback" not in bad.output


def test_batch_redoes_notices_when_the_segmentation_changes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "n.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "a.dict").write_text("清廉临江建设 20\n", encoding="utf-8")
    out = str(tmp_path / "out")

    def run(*options: str) -> str:
        result = CliRunner().invoke(cli, ["batch", str(folder), "-o", out, "--no-labels", "-q", *options])
        assert result.exit_code == 0, result.output
        return result.stderr

    assert "1 processed" in run()
    assert "1 skipped as unchanged" in run("--segmenter", "rjieba")
    assert "1 processed" in run("--userdict", str(tmp_path / "a.dict"))
    assert "1 skipped as unchanged" in run("--segmenter", "rjieba", "--userdict", str(tmp_path / "a.dict"))
    refused = CliRunner().invoke(cli, ["batch", str(folder), "-o", out, "--scheduler", "local", "--segmenter", "jieba"])
    assert refused.exit_code == 2 and "without --scheduler" in refused.stderr


def test_a_process_parses_as_a_fresh_one_whatever_segmentations_it_used_before(tmp_path: Path, restore_segmenter) -> None:
    """Keywords weigh a word by the same dictionary frequency whichever segmenter cuts, so a process
    left on jieba, or switched back from user dictionaries, gives the output of a fresh process."""
    import subprocess
    import sys

    paths = sorted(str(p) for p in (ROOT / "corpus").glob("*.txt"))
    code = ("import json, sys\nfrom notice_miner import pipeline\n"
            "print(json.dumps([n.to_json() for n in pipeline.parse_many(sys.argv[1:], classifier=None)]))\n")
    fresh = json.loads(subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, check=True).stdout)
    (tmp_path / "a.dict").write_text("清廉临江建设 20\n专项检查\n", encoding="utf-8")
    for segmenter in ("jieba", "rjieba"):
        pipeline.use_segmenter(segmenter, [tmp_path / "a.dict"])
        pipeline.parse_text(NOTICE, classifier=None)
        for then in ("jieba", "rjieba"):
            pipeline.use_segmenter(then)
            assert [n.to_json() for n in pipeline.parse_many(paths, classifier=None)] == fresh, (segmenter, then)
