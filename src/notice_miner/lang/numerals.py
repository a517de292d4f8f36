"""Chinese numerals, dates and money amounts: small parsers any module may import.

cn_to_int("二十三") == 23          cn_to_int("二〇二四") == 2024
parse_cn_date("二〇二四年十二月六日") == date(2024, 12, 6)
money_to_yuan("21.37", "万元") == 213700.0
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

CN_DIGIT_VALUES = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGIT_VALUES) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)
_AS_DIGITS = str.maketrans({ch: str(value) for ch, value in CN_DIGIT_VALUES.items()})
# No figure a notice states is written with more characters than this; a longer run of digits is
# not a number it counts with (and int() refuses strings of more than 4,300 digits).
LONGEST_NUMBER = 24

# Units of money, in yuan.
MONEY_UNITS = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "千元": Decimal(1000),
}

# A date written 2024年3月29日, 二〇二四年十二月六日 or with mixed numerals.
_Y = r"(?:\d{4}|[〇○零Ｏ一二三四五六七八九]{4})"
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_PATTERN = rf"(?P<y>{_Y})\s*年\s*(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*[日号]"
_DATE_RE = re.compile(DATE_PATTERN)
_ISO_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def cn_to_int(s: str) -> int | None:
    """An integer written in Arabic or Chinese numerals (二十三, 一百零五, 两万, 二〇二四); None if it is not one."""
    s = s.strip()
    if not s or len(s) > LONGEST_NUMBER:
        return None
    if s.isdigit():
        return int(s)
    as_digits = s.translate(_AS_DIGITS)
    if as_digits.isdigit():  # digit by digit, as years are written: 二〇二四
        return int(as_digits)
    if any(ch not in CN_NUMERAL_CHARS and not ch.isdigit() for ch in s):
        return None
    return _with_units(s)


def _with_units(s: str) -> int:
    """A numeral with units (一百零五, 三万二千, 1万5千)."""
    total = section = 0
    digit: int | None = None
    for ch in s:
        if ch in CN_SMALL_UNITS:
            section += (digit or 1) * CN_SMALL_UNITS[ch]  # 十 alone and 零十 (一万零十) count one ten
            digit = None
        elif ch in CN_BIG_UNITS:
            big = CN_BIG_UNITS[ch]
            section += digit or 0
            total = (total + section) * big if big > 10_000 else total + section * big
            section, digit = 0, None
        else:
            value = int(ch) if ch.isdigit() else CN_DIGIT_VALUES[ch]
            digit = value if digit is None or digit == 0 else digit * 10 + value
    return total + section + (digit or 0)


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it cannot exist (month 13, 31 April …)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_cn_date(s: str) -> date | None:
    """A date written with 年月日 in Arabic or Chinese numerals, or as 2024-10-28; None otherwise."""
    m = _DATE_RE.search(s)
    if m:
        y, mo, d = (cn_to_int(m.group(k)) for k in ("y", "m", "d"))
        if y is None or mo is None or d is None:
            return None
        return make_date(y, mo, d)
    m = _ISO_RE.search(s)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def money_to_yuan(number: str, unit: str) -> float | None:
    """An amount in yuan from a number and its unit (21.37 万元 → 213700.0); None if not a number."""
    multiplier = MONEY_UNITS.get(unit.strip())
    if multiplier is None or len(number) > LONGEST_NUMBER:
        return None
    try:
        value = Decimal(number.replace(",", "").strip())
    except InvalidOperation:
        as_int = cn_to_int(number)
        if as_int is None:
            return None
        value = Decimal(as_int)
    return float(value * multiplier)


def percent_to_fraction(number: str) -> float | None:
    """85.7 (per cent) → 0.857, exactly as printed."""
    if len(number) > LONGEST_NUMBER:
        return None
    try:
        return float(Decimal(number.strip()) / 100)
    except InvalidOperation:
        return None
