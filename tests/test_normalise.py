"""Normalisation keeps every character traceable to the source."""
from __future__ import annotations

import random
import time

import pytest

from notice_miner.normalise import normalise

_PIECES = ["（一）", "一是", "，", "。", "１２", "ＡＢ", "\u3000", " ", "\t", "\r\n", "\n", "\r", "\u200b",
           "\ufeff", "\x0c", "\u2028", "文", "字", "“广州科技GI”", "\n\n\n\n", "  \n", "\x07", "……"]


def _same(src_char: str, out_char: str) -> bool:
    if out_char == "\n":
        return src_char in "\r\n\u2028\u2029\x0c"
    if out_char == " ":
        return src_char in " \t\u3000\u00a0\u2002\u2003\u2009\u202f"
    return src_char == out_char or ord(src_char) - 0xFEE0 == ord(out_char)


def test_width_folding_and_whitespace():
    n = normalise("（一）测试，ＡＢ１２\u3000\r\n\r\n\r\n\r\n  二是\u200b好 \t\nend")
    assert n.text == "(一)测试,AB12\n\n  二是好\nend"


def test_chinese_punctuation_without_ascii_twin_is_kept():
    assert normalise("、。“”《》……——").text == "、。“”《》……——"


@pytest.mark.parametrize("seed", range(40))
def test_every_output_character_maps_back(seed):
    rng = random.Random(seed)
    source = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 80)))
    n = normalise(source)
    positions = [n.to_source(i) for i in range(len(n.text))]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    for i, ch in enumerate(n.text):
        assert _same(source[positions[i]], ch), (source, n.text, i)
    assert "\r" not in n.text and "\u200b" not in n.text and "\n\n\n" not in n.text


def test_every_full_width_character_folds_one_for_one():
    wide = "".join(chr(cp) for cp in range(0xFF01, 0xFF5F))
    assert normalise(wide + "\u3000文\u00a0").text == "".join(chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)) + " 文"


@pytest.mark.parametrize("run", [" ", "\t", "\u3000", "\u00a0"])
def test_a_long_run_of_spaces_inside_a_line_takes_linear_time(run):
    """Each run of spaces is read once (a lookahead tried at every space of the run was quadratic: 40,000
    spaces took 21 s)."""
    source = "甲" + run * 50_000 + "乙 \n丙" + run * 50_000
    started = time.perf_counter()
    n = normalise(source)
    assert time.perf_counter() - started < 1.0
    assert n.text == "甲" + " " * 50_000 + "乙\n丙"


def test_printed_gives_a_span_back_as_the_source_prints_it():
    source = "（一）制定计划：开展学习，覆盖（全体）党员；\r\n\u3000\u3000二是\u200b完成ＡＢ 12.\t"
    n = normalise(source)
    assert n.printed(source, 0, len(n.text)) == "（一）制定计划：开展学习，覆盖（全体）党员；\n\u3000\u3000二是完成ＡＢ 12."
    start = n.text.index("开展")
    assert n.printed(source, start, start + 5) == "开展学习，"


def test_printed_is_the_text_with_each_folded_character_as_printed():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_PIECES + ["ａ", "：", "；", "("]), max_size=40), st.data())
    def check(pieces, data):
        source = "".join(pieces)
        n = normalise(source)
        start = data.draw(st.integers(0, len(n.text)))
        end = data.draw(st.integers(start, len(n.text)))
        printed = n.printed(source, start, end)
        assert len(printed) == end - start  # spans index it as they index the text
        for k, (p, t) in enumerate(zip(printed, n.text[start:end])):
            printed_there = source[n.to_source(start + k)]  # the form the source prints, where it was folded
            assert p == (printed_there if (printed_there == "\u3000" or "\uff01" <= printed_there <= "\uff5e") and _same(printed_there, t) else t)

    check()
