"""The signature: the signing body and date below the notice's last sentence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notice_miner.lang import layout_zh as zh
from notice_miner.lang.numerals import parse_cn_date
from notice_miner.layout.reading import Span, View
from notice_miner.layout.title import is_agency_name


@dataclass
class Signature:
    """The signing body and date at the end of the notice."""

    agency: str | None = None
    agency_span: Span | None = None
    date: date | None = None
    date_span: Span | None = None
    start: int | None = None


def find_signature(view: View) -> Signature:
    """The signing body and date at the end, read in the view (spans are the view's): the last
    date-only line in the second half of the text, with the body on the line above or beside it."""
    text = view.text
    half = len(text) // 2
    # The signature stands below the last sentence: read from the line after it first; a signing
    # body found there is the one the whole second half would give.
    last_sentence = max(text.rfind(ch) for ch in zh.SIGNATURE_NEVER_HOLDS)
    below = text.find("\n", last_sentence) + 1 if last_sentence >= half else half
    if below > half:
        found = _signature_from(text, below)
        if found is not None and found.agency is not None:
            return found
    return _signature_from(text, half) or Signature()


def signature_in_text(view: View, sig: Signature) -> Signature:
    """A signature read in the view, its spans mapped onto the text."""
    if not view.changed:
        return sig
    spans = [view.to_text(s) if s is not None else None for s in (sig.agency_span, sig.date_span)]
    start = view.to_text((sig.start, sig.start + 1))[0] if sig.start is not None else None
    return Signature(sig.agency, spans[0], sig.date, spans[1], start)


def _signature_from(text: str, half: int) -> Signature | None:
    candidates = list(zh.SIGNATURE_DATE_LINE.finditer(text, half))
    one_line = [m for m in zh.SIGNATURE_WITH_DATE.finditer(text, half) if is_agency_name(m.group("agency"))]
    best: Signature | None = None
    for m in reversed(candidates):
        prev = _previous_line(text, m.start())
        name = zh.SEAL_NOTE.sub("", prev[0].strip()) if prev else ""  # 中共…党组(印)
        if prev and zh.SIGNATURE_BODY_LINE.fullmatch(prev[0]) and is_agency_name(name):
            start = prev[1] + prev[0].index(name)
            best = Signature(name, (start, start + len(name)), parse_cn_date(m.group("date")), m.span("date"), start)
            break
    if one_line and (best is None or one_line[-1].start() > best.start):
        m = one_line[-1]
        best = Signature(m.group("agency"), m.span("agency"), parse_cn_date(m.group("date")), m.span("date"), m.start("agency"))
    if best is None and candidates:
        m = candidates[-1]
        best = Signature(None, None, parse_cn_date(m.group("date")), m.span("date"), m.start("date"))
    return best


def _previous_line(text: str, pos: int) -> tuple[str, int] | None:
    """The nearest non-blank line before `pos`, with its start offset."""
    end = text.rfind("\n", 0, pos)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            return line, start
        end = start - 1
    return None
