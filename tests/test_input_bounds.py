"""Hostile input: any text is read in time linear in its length (issue #15).

A run of spaces, digits or numerals tens of thousands long, where a notice has one or two, must
cost its length and not its square or cube; `test_no_two_runs_of_spaces_meet` keeps the patterns
that made it cost more out of the language data.
"""
from __future__ import annotations

import importlib
import io
import json
import multiprocessing
import os
import pkgutil
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from re import _constants as C
from re import _parser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import notice_miner

_NOTICE = "关于巡察整改情况的通报\n一、整改工作开展情况\n(一)完善制度。修订办法3项,追回资金12万元。\n{}\n二、下一步工作打算\n持续巩固。\n"
_RUN = 50_000  # each text stays under 100,000 characters
_CASES = {  # the run, and what stands around it where a pattern was slow to fail
    "spaces before a date in a table": " " * _RUN + "2024-10-28",
    "ideographic spaces before a date": "\u3000" * _RUN + "2024-10-28",
    "spaces after a number in an item": "(二)加强监督3" + " " * _RUN + "项。",
    "spaces after a number before no measure word": "(二)加强监督3" + " " * _RUN + "x",
    "spaces inside a line": "甲" + " " * _RUN + "乙",
    "tabs inside a line": "甲" + "\t" * _RUN + "乙",
    "spaces after a recovery verb": "收回" + " " * _RUN + "资金",
    "spaces between a year and 年": "2024" + " " * _RUN + "年",
    "spaces between an amount and 元": "5" + " " * _RUN + "元",
    "spaces between a number and 人": "诫勉谈话3" + " " * _RUN + "x人",
    "spaces after a contact word": "联系电话" + " " * _RUN + "x",
    "spaces after an address": "通信地址:某市某路1号" + " " * _RUN + "x",
    "spaces after a signature date": "2024年12月12日" + " " * _RUN + "x",
    "a run of digits": "1" * _RUN,
    "a run of Chinese numerals": "一" * _RUN,
    "a run of digits before 年": "2" * _RUN + "年",
    "a letter-spaced line": "1 " * (_RUN // 2),
    "spaces and digits in turn": " 1" * (_RUN // 2),
}
_SECONDS = 5.0  # linear work takes well under a second; the quadratic patterns took minutes


def _parse(text: str) -> None:
    notice_miner.parse_text(text, classifier=None)


@pytest.mark.parametrize("case", list(_CASES))
def test_a_long_run_is_read_in_linear_time(case):
    """Run in a child process so that a pattern gone quadratic fails the test instead of hanging it."""
    notice_miner.parse_text(_NOTICE.format("x"), classifier=None)  # the child starts warm
    child = multiprocessing.get_context("fork").Process(target=_parse, args=(_NOTICE.format(_CASES[case]),))
    child.start()
    child.join(_SECONDS)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"{case}: not parsed within {_SECONDS} s")
    assert child.exitcode == 0


@pytest.mark.parametrize("figure", ["整改措施" + "1" * 5000 + "条", "完成率\n" + "9" * 5000 + "%",
                                    "追回资金" + "9" * 400 + "万元", "问题数\n" + "9" * 5000])
def test_a_number_too_long_to_count_with_is_no_figure(figure):
    """int() refuses more than 4,300 digits (ValueError) and a float overflows: no figure is read from it."""
    notice = notice_miner.parse_text(f"关于巡察整改情况的通报\n一、整改工作开展情况\n截至目前,{figure}\n", classifier=None)
    assert not notice.stats.model_dump(exclude_none=True)
    json.loads(notice.to_json())


_PIECES = ["①", "②", "③", "一、", "二、", "(一)", "(二)", "1.", "2.", "一是", "二是", ";", "。", ",", "\n", " ", "芏", "整改"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_every_item_says_something(pieces):
    """A marker followed by nothing, or by punctuation only (①②芏, 一是;二是), is no item: items with an
    empty text were emitted."""
    notice = notice_miner.parse_text("".join(pieces), classifier=None)
    assert all(any(ch.isalnum() for ch in item.text) for item in notice.items), [i.text for i in notice.items]


# ---------------------------------------------------------------- the patterns themselves

_UNBOUNDED = 100  # a repeat allowed more often than this is a run, not a few characters


def _takes_space(op, av) -> bool:
    """Whether a one-character item matches a space."""
    if op is C.LITERAL:
        return av == 32
    if op is C.NOT_LITERAL:
        return av != 32
    if op is C.ANY:
        return True
    if op is C.IN:
        negated = bool(av) and av[0][0] is C.NEGATE
        hit = any((o is C.LITERAL and a == 32) or (o is C.RANGE and a[0] <= 32 <= a[1])
                  or (o is C.CATEGORY and a in (C.CATEGORY_SPACE, C.CATEGORY_NOT_DIGIT, C.CATEGORY_NOT_WORD))
                  for o, a in av)
        return hit != negated
    return False


def _sequence(items, meets: list) -> tuple[bool, bool, bool]:
    """(can be empty, can open with a run of spaces, can end with one) of a sequence of items; each
    place where a run of spaces can meet another through items that can be empty goes into `meets`."""
    parts = [_item(op, av, meets) for op, av in items]
    after_run = False
    for empty, opens, ends in parts:
        if after_run and opens:
            meets.append(items)
        after_run = ends or (after_run and empty)

    def edge(parts, index):
        for part in parts:
            if part[index]:
                return True
            if not part[0]:
                return False
        return False
    return all(p[0] for p in parts), edge(parts, 1), edge(parts[::-1], 2)


def _item(op, av, meets) -> tuple[bool, bool, bool]:  # one case per kind of regex node
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        least, most, body = av
        if len(body.data) == 1 and _takes_space(*body.data[0]) and most > _UNBOUNDED:
            return least == 0, True, True
        empty, opens, ends = _sequence(body.data, meets)
        if most > 1 and opens and ends:
            meets.append(body.data)
        return least == 0 or empty, opens, ends
    if op is C.SUBPATTERN:
        return _sequence(av[-1].data, meets)
    if op is C.BRANCH:
        parts = [_sequence(branch.data, meets) for branch in av[1]]
        return tuple(any(p[k] for p in parts) for k in range(3))
    if op is C.GROUPREF_EXISTS:
        parts = [_sequence(branch.data, meets) if branch is not None else (True, False, False) for branch in av[1:]]
        return tuple(any(p[k] for p in parts) for k in range(3))
    if op in (C.ASSERT, C.ASSERT_NOT):
        _sequence(av[1].data, meets)
        return True, False, False
    if op in (C.POSSESSIVE_REPEAT, C.ATOMIC_GROUP):
        body = av[2] if op is C.POSSESSIVE_REPEAT else av
        empty, _, _ = _sequence(body.data, meets)
        return empty or (op is C.POSSESSIVE_REPEAT and av[0] == 0), False, False
    return op is C.AT, False, False


def _patterns(value, name: str, depth: int = 0):
    if isinstance(value, re.Pattern):
        yield name, value
    elif depth < 3 and isinstance(value, (list, tuple)):
        for i, inner in enumerate(value):
            yield from _patterns(inner, f"{name}[{i}]", depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, inner in value.items():
            yield from _patterns(inner, f"{name}[{key!r}]", depth + 1)


def test_no_two_runs_of_spaces_meet():
    """`\\s*(?:余|多)?\\s*` can split a run of n spaces n ways, and three such runs n² ways, each tried
    again at every start: a pattern lets a run of spaces follow another only across a word that must
    be there (`\\s*(?:余\\s*)?`), so that a run is crossed once. Every module's patterns are checked."""
    offenders = []
    for module in pkgutil.walk_packages(notice_miner.__path__, "notice_miner."):
        if module.name.endswith("__main__"):
            continue
        for attr, value in vars(importlib.import_module(module.name)).items():
            for name, pattern in _patterns(value, attr):
                meets: list = []
                _sequence(_parser.parse(pattern.pattern, pattern.flags).data, meets)
                if meets:
                    offenders.append(f"{module.name}.{name}: {pattern.pattern[:80]!r}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("pattern, meets", [
    (r"\d\s*(?:余|多)?\s*人", True),
    (r"\d\s*(?:(?:余|多)\s*)?人", False),
    (r"[^。]*\s*$", True),
    (r"[^。]{0,30}\s*$", False),
    (r"(?=\s*,?\s*x)", True),
    (r"(?:\s*x)*\s*", False),
    (r"(?:x\s*)+", False),
    (r"(?:\s*x?)+", True),
])
def test_the_meeting_check_tells_runs_that_meet(pattern, meets):
    found: list = []
    _sequence(_parser.parse(pattern).data, found)
    assert bool(found) == meets


# ---------------------------------------------------------------- model arrays

_BOMB_SHAPE = (40_000, 1_000)  # 320 MB of float64 zeros, a few hundred KB compressed


def _child_peak_mb(code: str) -> tuple[str, float]:
    """Run `code` in a fresh interpreter, its address space capped at 4 GB so that a bomb that goes
    off cannot take the machine: (what it printed, its peak resident memory in MB: VmHWM, which exec
    starts afresh, where ru_maxrss would keep the forking test process's)."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))

    probe = (f"{code}\nimport re; print(int(re.search(r'VmHWM:\\s*(\\d+)', "
             "open('/proc/self/status').read()).group(1)) / 1024)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, preexec_fn=cap,
                         env={**os.environ, "PYTHONPATH": str(Path(notice_miner.__file__).parents[1])})
    *said, peak = out.stdout.strip().splitlines() or ["", "0"]
    return "\n".join(said) + out.stderr, float(peak)


@pytest.fixture(scope="module")
def bomb_arrays(tmp_path_factory) -> Path:
    """The shipped model's arrays.npz with its coef array replaced by 320 MB of zeros."""
    import numpy as np

    from notice_miner.classify import model

    path = tmp_path_factory.mktemp("bomb") / model.ARRAYS
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": _BOMB_SHAPE})
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(model.DEFAULT_MODEL_DIR / model.ARRAYS) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for name in src.namelist():
            if name != "coef.npy":
                dst.writestr(name, src.read(name))
                continue
            with dst.open(name, "w", force_zip64=True) as out:
                out.write(header.getvalue())
                for _ in range(8 * _BOMB_SHAPE[0] * _BOMB_SHAPE[1] >> 20):
                    out.write(zeros)
    return path


@pytest.mark.parametrize("listed", [False, True], ids=["header disagrees", "manifest edited"])
def test_model_arrays_that_inflate_are_refused_before_loading(tmp_path, bomb_arrays, listed):
    """Each array's header and size in the zip are checked against the manifest, and the manifest's
    total against MAX_ARRAY_BYTES, before anything is decompressed (on main the 320 MB were loaded first)."""
    from notice_miner.classify import model

    folder = tmp_path / "bomb"
    folder.mkdir()
    (folder / model.ARRAYS).write_bytes(bomb_arrays.read_bytes())
    manifest = json.loads((model.DEFAULT_MODEL_DIR / model.MANIFEST).read_text(encoding="utf-8"))
    if listed:  # the manifest edited to list the bomb's shape, its hash recomputed (as anyone can)
        manifest["arrays"]["coef"]["shape"] = list(_BOMB_SHAPE)
        manifest["manifest_sha256"] = model._manifest_sha256(manifest)
    (folder / model.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    said, peak = _child_peak_mb(
        "from notice_miner.classify.model import load_classifier\nfrom notice_miner.errors import ModelError\n"
        f"try:\n    load_classifier({str(folder)!r})\nexcept ModelError as err:\n    print('refused:', err)")
    assert said.startswith("refused:") and "\n" not in said.strip(), said
    assert peak < 250, f"{peak:.0f} MB"


# ---------------------------------------------------------------- Word zip bombs

_BOMB_MB = 150  # of document XML, from a file of a few hundred KB


def _docx_bomb(path: Path, mb: int = _BOMB_MB) -> Path:
    """A Word file whose document.xml inflates to `mb` MB of paragraphs (written a MB at a time)."""
    import docx

    plain = io.BytesIO()
    docx.Document().save(plain)
    paragraph = "<w:p><w:r><w:t>整改工作扎实推进。</w:t></w:r></w:p>".encode()
    chunk = paragraph * (2**20 // len(paragraph))
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for name in src.namelist():
            if name != "word/document.xml":
                dst.writestr(name, src.read(name))
                continue
            head, tail = src.read(name).decode("utf-8").split("<w:body>")
            with dst.open(name, "w", force_zip64=True) as out:
                out.write(f"{head}<w:body>".encode())
                for _ in range(mb):
                    out.write(chunk)
                out.write(tail.encode())
    return path


def test_a_word_zip_bomb_is_refused_before_it_is_parsed(tmp_path):
    """Declared and inflated sizes are checked against MAX_UNPACKED (100 MB) before python-docx reads
    the file (on main a 646 KB file inflating to 200 MB passed 14 GB)."""
    bomb = _docx_bomb(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 2 * 2**20
    said, peak = _child_peak_mb(
        "from notice_miner import ingest\nfrom notice_miner.errors import UnreadableInput\n"
        f"try:\n    ingest.read({str(bomb)!r})\nexcept UnreadableInput as err:\n    print('refused:', err)")
    assert said.startswith("refused:") and "unpacks to more than 100 MB" in said and "\n" not in said.strip(), said
    assert peak < 300, f"{peak:.0f} MB"


def test_a_word_file_with_more_xml_than_its_trees_fit_in_memory_is_refused(tmp_path):
    """60 MB of XML passes MAX_UNPACKED (100 MB) but python-docx would build ~12x that in lxml trees,
    past the 1 GB bound on one input: MAX_XML (50 MB) refuses it before python-docx opens it."""
    big = _docx_bomb(tmp_path / "big.docx", mb=60)
    said, peak = _child_peak_mb(
        "from notice_miner import ingest\nfrom notice_miner.errors import UnreadableInput\n"
        f"try:\n    ingest.read({str(big)!r})\nexcept UnreadableInput as err:\n    print('refused:', err)")
    assert said.startswith("refused:") and "more than 50 MB of XML" in said, said
    assert peak < 300, f"{peak:.0f} MB"


def test_a_text_too_long_to_read_is_refused_in_one_line(tmp_path):
    """A text over MAX_CHARS (1,000,000 characters) is refused before the stages that take memory by the
    character; a .txt over four bytes a character of that before it is decoded (on main a 49 MB text
    took 9.4 GB)."""
    from notice_miner import ingest
    from notice_miner.errors import UnreadableInput

    with pytest.raises(UnreadableInput, match="text too long"):
        notice_miner.parse_text("整改" * (ingest.MAX_CHARS // 2 + 1), classifier=None)
    big = tmp_path / "big.txt"
    big.write_bytes("整改工作扎实推进。\n".encode() * (5 * 2**20 // 28))
    said, peak = _child_peak_mb(
        "from notice_miner import ingest\nfrom notice_miner.errors import UnreadableInput\n"
        f"try:\n    ingest.read({str(big)!r})\nexcept UnreadableInput as err:\n    print('refused:', err)")
    assert said.startswith("refused:") and "text too long" in said, said
    assert peak < 200, f"{peak:.0f} MB"


# ---------------------------------------------------------------- PDFs: passwords and length

_LINES = ["Notice on the rectification", "1. Rules were revised.", "2. Checks were made twice."]


def test_a_pdf_locked_by_an_owner_password_only_is_read(tmp_path):
    """Encrypted with an empty user password (printing or copying restricted): it opens and reads."""
    from notice_miner import ingest
    from pdf_writer import pdf

    path = tmp_path / "owner.pdf"
    path.write_bytes(pdf([_LINES], user=b""))
    assert ingest.read(path).text.splitlines() == _LINES


def test_a_pdf_that_needs_a_password_says_so(tmp_path):
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect: main called the file damaged or truncated."""
    from notice_miner import ingest
    from notice_miner.errors import UnreadableInput
    from pdf_writer import pdf

    path = tmp_path / "locked.pdf"
    path.write_bytes(pdf([_LINES], user=b"secret"))
    with pytest.raises(UnreadableInput, match="encrypted PDF: needs a password"):
        ingest.read(path)


def test_a_pdf_with_more_text_than_the_limit_stops_at_the_page_that_passes_it(tmp_path, monkeypatch):
    """Pages are read one at a time and let go (page.close()); the reading stops where the text passes
    MAX_CHARS instead of holding every page of a 2,000-page file first."""
    from notice_miner import ingest
    from notice_miner.errors import UnreadableInput
    from notice_miner.ingest import pdf as pdf_reader
    from pdf_writer import pdf

    monkeypatch.setattr(pdf_reader, "MAX_CHARS", 1_000)
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf([[f"Measure {p}.{k} was carried out and checked." for k in range(5)] for p in range(40)]))
    with pytest.raises(UnreadableInput, match=r"text too long \(more than 1,000 characters by page 6 of 40"):
        ingest.read(path)
