"""Bytes → text: a byte order mark, strict UTF-8, UTF-16 without a BOM, a declared charset, detection.

Text that is valid UTF-8 is taken as UTF-8 even where a page declares another charset: GBK Chinese is
practically never valid UTF-8, while mislabelled pages are common.
"""

from __future__ import annotations

import re
from pathlib import Path

from notice_miner.errors import UnreadableInput

_CHINESE_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn", "x-gbk", "gb_2312_80", "hz_gb_2312"}
# codecs a Chinese notice is plausibly written in; anything else charset-normalizer proposes is
# checked against gb18030 first, because on short GBK texts detectors sometimes pick an exotic codec
_TRUSTED = {"utf_8", "gb18030", "big5", "big5hkscs", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "ascii"}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# control bytes no text file holds (tab, line and page breaks, SUB and ESC are at home in old text files)
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0e-\x19\x1c-\x1f]")
_PLAUSIBLE_RUNS = re.compile("[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


def decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes → (text, encoding, warnings). Raises `UnreadableInput` for binary data."""
    bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None)
    if bom:
        if bom == "utf-8-sig":
            _reject_binary(path, data)
        return _decode_lenient(path, data, bom)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _reject_binary(path, data)
        return text, "utf-8", []
    # sniffed only after strict UTF-8 fails: pairs of ASCII letters would read as CJK ideographs
    utf16 = _sniff_utf16(data)
    if utf16:
        return data.decode(utf16), utf16, []
    _reject_binary(path, data)
    if declared:
        enc = _canonical(declared)
        try:
            return data.decode(enc), enc, []
        except (UnicodeDecodeError, LookupError):
            pass
    return _detect(path, data)


def _detect(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    """Neither marked, nor UTF-8, nor a working declared charset: UTF-8 with a stray bad byte, or a detector's guess."""
    text, errors = _decode_counting(data, "utf-8")
    if errors <= max(1, 0.01 * len(_NON_ASCII.findall(text))):
        return _decode_lenient(path, data, "utf-8")
    from charset_normalizer import from_bytes  # imported only here: most files never need a detector

    best = from_bytes(data).best()
    guess = _canonical(best.encoding) if best else None
    if guess and guess.replace("-", "_") in _TRUSTED:
        return str(best), guess, []
    gb_text, gb_errors = _decode_counting(data, "gb18030")
    if gb_errors == 0 and _plausible(gb_text) > 0.9:
        return gb_text, "gb18030", []
    if guess:
        return str(best), guess, []
    return _decode_lenient(path, data, "gb18030" if gb_errors < errors else "utf-8")


def _canonical(encoding: str) -> str:
    name = encoding.lower().replace("-", "_")
    if name in _CHINESE_FAMILY:
        return "gb18030"
    return {
        "utf_8": "utf-8",
        "utf8": "utf-8",
        "utf_16": "utf-16",
        "utf_16_le": "utf-16-le",
        "utf_16_be": "utf-16-be",
        "ascii": "utf-8",
        "us_ascii": "utf-8",
    }.get(name, name)


def _decode_lenient(path: Path, data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    text, errors = _decode_counting(data, encoding)
    if errors > 0.2 * max(1, len(text)):
        raise UnreadableInput(path, "binary data, not text")
    warnings = []
    if errors:
        warnings.append(f"{errors} byte sequence(s) could not be decoded as {encoding} and were replaced with �")
    return text, encoding, warnings


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """The text with undecodable bytes replaced by U+FFFD, and how many replacements were made."""
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")


def _plausible(text: str) -> float:
    """Share of characters a Chinese notice is made of (CJK, its punctuation, ASCII, whitespace)."""
    if not text:
        return 0.0
    return sum(len(run) for run in _PLAUSIBLE_RUNS.findall(text)) / len(text)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: the byte order whose decoding reads as Chinese or ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    scores = {}
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            scores[enc] = _plausible(data.decode(enc))
        except UnicodeDecodeError:
            continue
    best = max(scores, key=scores.get, default=None)
    return best if best and scores[best] >= 0.95 else None


def _reject_binary(path: Path, data: bytes) -> None:
    sample = data[:65536]
    if sample.count(0) > 0.01 * len(sample) or len(_CONTROL_BYTE.findall(sample)) > 0.05 * len(sample):
        raise UnreadableInput(path, "binary data, not text")
