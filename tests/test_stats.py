"""stats.summary_stats: figures stated in sentences, in tables and in parts, on notices written here."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_miner.facts import extract_facts
from notice_miner.normalise import normalise
from notice_miner.stats import summary_stats

OPENING = "市委第一巡察组对某局党组开展了常规巡察。\n"


def stats_of(body: str) -> dict:
    text = normalise(OPENING + body).text
    facts = extract_facts(text)
    for ev in facts.evidence:
        if ev.span is not None:
            assert text[ev.span[0]:ev.span[1]] == ev.quote
    return facts.stats.model_dump(exclude_none=True)


@pytest.mark.parametrize("spaces", [600, 5000])
def test_a_long_run_of_spaces_before_a_date_takes_linear_time(spaces):
    text = OPENING + " " * spaces + "2024年3月1日\n" + "反馈问题(个)\n" + " " * spaces + "\n"
    start = time.perf_counter()
    summary_stats(text)
    assert time.perf_counter() - start < 0.5


def test_a_table_label_line_still_reads_with_spaces_around_its_unit():
    table = "  反馈问题  (个)  \n 已完成整改 (个)\n 12 \n 10\n"
    figures = summary_stats("市委第一巡察组于2024年对某局党组开展了为期两个月的常规巡察。\n" + table)
    assert {f.key: f.value for f in figures} == {"problems_total": 12, "problems_done": 10}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=" \t\n、,。0123456789个项问题整改完成反馈(元)%方面", max_size=400))
def test_every_figure_is_read_from_its_span(body):
    text = OPENING + body
    for figure in summary_stats(text):
        assert 0 <= figure.span[0] < figure.span[1] <= len(text)
