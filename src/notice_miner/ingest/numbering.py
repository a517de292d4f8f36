"""List numbers as Word (ST_NumberFormat) and browsers (list-style-type) draw them: 1, 一, ①, a, iv …"""

from __future__ import annotations

from notice_miner.ingest.common import lang


def list_number(n: int, fmt: str) -> str:
    """A list counter written in one of Word's number formats (ST_NumberFormat)."""
    formats = lang()["list_number_formats"]
    if fmt in formats["sequences"]:
        sequence = formats["sequences"][fmt]
        return sequence[n - 1] if 1 <= n <= len(sequence) else str(n)
    if fmt in formats["counting"]:
        return _chinese_counting(n, formats["counting"][fmt]) if n > 0 else str(n)
    if fmt in formats["digits"]:
        return "".join(formats["digits"][fmt][int(d)] for d in str(n))
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _chinese_counting(n: int, digits: str) -> str:
    """一 … 十 十一 … 二十一 … 一百零五 with the given ten digits (零一二… or 零壹贰…) and units 十百千."""
    units = digits[10:] or "十百千"
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        if not (power == 1 and digit == 1 and not parts and units[0] == "十"):  # 十一, not 一十一; but 壹拾壹
            parts.append(digits[digit])
        if power:
            parts.append(units[power - 1])
    return "".join(parts)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + numeral, n - value
    return out
