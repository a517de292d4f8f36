"""Dates and numerals as notices write them: properties over generated values (Hypothesis)."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from notice_miner.layout import analyse
from notice_miner.facts import extract_facts
from notice_miner.lang.numerals import cn_to_int, parse_cn_date
from notice_miner.normalise import normalise

DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """n (0 ≤ n < 100,000,000) in Chinese numerals as counts are written: 一百零五, 两万, 十四."""
    if n == 0:
        return "零"
    out, zero = "", False
    for value, unit in ((10_000, "万"), (1, "")):
        part, n = divmod(n, value)
        if not part:
            zero = bool(out)
            continue
        if zero or (out and part < 1000):
            out += "零"
        out += _below_10000(part) + unit
        zero = False
    return out


def _below_10000(n: int) -> str:
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + ("" if (unit == "十" and digit == 1 and not out) else "一二三四五六七八九"[digit - 1]) + unit
            zero = False
        else:
            zero = bool(out)
    return out


def cn_day(n: int) -> str:
    """A month or day in Chinese numerals: 九, 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    return ("" if tens <= 1 else DIGITS[tens]) + ("十" if tens else "") + (DIGITS[ones] if ones else "")


def cn_year(y: int) -> str:
    return "".join(DIGITS[int(ch)] for ch in str(y))


def written(d: date, *, chinese: bool, year: bool = True) -> str:
    if chinese:
        return (f"{cn_year(d.year)}年" if year else "") + f"{cn_day(d.month)}月{cn_day(d.day)}日"
    return (f"{d.year}年" if year else "") + f"{d.month}月{d.day}日"


dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@given(st.integers(min_value=0, max_value=99_999_999))
@example(105)
@example(10)
@example(14)
@example(20_000)
@example(10_010)
def test_counts_in_chinese_numerals_read_back(n):
    assert cn_to_int(cn_number(n)) == n
    assert cn_to_int(str(n)) == n


@given(dates, st.booleans())
def test_dates_in_arabic_or_chinese_numerals_read_back(d, chinese):
    assert parse_cn_date(written(d, chinese=chinese)) == d


def facts(raw: str):
    return extract_facts(analyse(normalise(raw).text))


@settings(deadline=None, max_examples=60)
@given(dates, st.integers(1, 90), st.integers(1, 300), st.booleans())
def test_a_yearless_range_end_and_feedback_take_their_years_from_the_range(start, days, later, chinese):
    """2023年11月6日至1月12日 runs into the next year; a feedback date without a year comes
    after the inspection, within the year."""
    end, feedback = start + timedelta(days=days), start + timedelta(days=days + later)
    raw = (f"根据统一部署,{written(start, chinese=chinese)}至{written(end, chinese=chinese, year=False)},"
           f"市委第一巡察组对市林业局党组开展了常规巡察。{written(feedback, chinese=chinese, year=False)},"
           "市委第一巡察组向市林业局党组反馈了巡察意见。\n")
    m = facts(raw).metadata
    assert (m.inspection_start, m.inspection_end, m.feedback_date) == (start, end, feedback)


@settings(deadline=None, max_examples=60)
@given(dates, st.integers(1, 90), st.integers(1, 300))
def test_a_range_without_any_year_takes_it_from_the_notices_date(start, days, before):
    """3月25日至5月17日 with no year: the year of the signature below, which it precedes."""
    end = start + timedelta(days=days)
    signed = end + timedelta(days=before)
    raw = (f"关于巡察整改情况的通报\n{written(start, chinese=False, year=False)}至{written(end, chinese=False, year=False)},"
           "县委第三巡察组对县林业局党组开展了常规巡察。\n正文。\n中共某县林业局党组\n"
           f"{written(signed, chinese=False)}\n")
    m = facts(raw).metadata
    assert (m.inspection_start, m.inspection_end) == (start, end)


# pieces of dates, some impossible (5月0日, 13月) or without a year, and no signature date
_PIECES = ["7月9日", "反馈意见", "2022年3月5日", "至", "5月0日", "13月2日", "2月30日", "二〇二三年", "十月",
           "十二月六日", "巡察组", "对县甲局党组开展了巡察", "向县甲局党组反馈了巡察意见", "。", ",", "\n",
           "2024年9月", "至10月", "中共某县甲局党组\n", "2025年1月1日\n"]


@settings(deadline=None, max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
@example(["7月9日", "反馈意见", "2022年3月5日", "至", "5月0日"])
def test_odd_dates_never_break_reading_and_impossible_ones_are_left_out(pieces):
    f = facts("".join(pieces))
    for key in ("inspection_start", "inspection_end", "feedback_date", "published"):
        value = getattr(f.metadata, key)
        assert value is None or isinstance(value, date)  # a real date: the model refuses 5月0日


def test_a_yearless_feedback_before_the_range_it_answers_has_no_signature_to_lean_on():
    """The feedback date is written before a range whose end cannot exist, and no signature
    date follows: its year comes from the range's start (issue 15 raised AttributeError)."""
    f = facts("7月9日反馈意见2022年3月5日至5月0日")
    assert (f.metadata.inspection_start, f.metadata.inspection_end) == (date(2022, 3, 5), None)
    assert f.metadata.feedback_date == date(2022, 7, 9)
    assert any("5月0日" in w for w in f.warnings)
