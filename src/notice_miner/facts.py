"""Metadata, dates and the contact block (and the figures of stats.py), each with the span it was read from.

Only what the text states is returned; a field it does not state stays None. Every value
has one `Evidence` whose `quote` is `text[span]` (or, for values taken from the web
page's own metadata, `source="page"` and no span). Values are read from a view of the text
without hard wraps and letter spacing (`_View`); their spans index the text as given.

Dates without a year take it from their context: the start of their range, the last year and
month written before them, else the notice's own date below (which they precede).

Derived fields and their rules:
- `agency_canonical`: the full name without 中共/中国共产党 and with its party organ in short
  form (…委员会 → …党委, …工作委员会 → …党工委), so "中共德清县新市镇委员会" and
  "德清县新市镇党委" unite; the short form when the text gives no full name.
- `region`: the place names that open the full name (广州市, 泉州市洛江区, 德清县新市镇).
- `body_type`: the head noun of the body's name (…局 bureau, …法院 court, …集团有限公司 soe);
  a region's own committee is `party_committee`, a town's `township`.
- `level`: a town or a region's own committee takes the level of its place; any other body the
  level of whoever sent the inspectors (省委 province, 市委 city, 县委/区委 county, 中央
  central, a unit's own 党委 unit); with no inspector, the level of the region's last place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pydantic import TypeAdapter

from notice_miner.agency import Name, inspected_names, is_agency_name
from notice_miner.lang import facts_zh as zh
from notice_miner.lang.numerals import cn_to_int, make_date, parse_cn_date
from notice_miner.model import Evidence, Metadata, Stats
from notice_miner.stats import stats_warnings, summary_stats

Span = tuple[int, int]
_LINE = re.compile(r"[^\n]+")
_CLAUSE_PUNCT = re.compile(r"[,。;:]")
PAGE_FIELDS = ("index_no", "page_title", "page_agency", "page_date", "page_published", "page_source", "page_doc_no")


@dataclass
class Facts:
    title: str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    stats: Stats = field(default_factory=Stats)
    evidence: list[Evidence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Found:
    """Values found so far, each with its evidence (as the fields of an `Evidence`, validated at the end)."""

    text: str
    metadata: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spans: dict[str, Span | None] = field(default_factory=dict)  # evidence field → its span

    def put(self, group: str, name: str, value, span: Span | None, *, page_quote: str | None = None) -> bool:
        target = self.metadata if group == "metadata" else self.stats
        if value is None or name in target:
            return False
        target[name] = value
        key = f"{group}.{name}"
        if span is None:
            self.evidence.append({"field": key, "span": None, "source": "page",
                                  "quote": page_quote if page_quote is not None else str(value)})
        else:
            self.evidence.append({"field": key, "span": span, "source": "text",
                                  "quote": self.text[span[0]:span[1]]})
        self.spans.setdefault(key, span)
        return True

    def span_of(self, group: str, name: str) -> Span | None:
        return self.spans.get(f"{group}.{name}")


_EVIDENCE = TypeAdapter(list[Evidence])


def extract_facts(text: str, *, page: dict[str, str] | None = None, title_hint: str | None = None) -> Facts:
    """Title, metadata, statistics and their evidence from a normalised notice text."""
    page = {k: v.strip() for k, v in (page or {}).items() if isinstance(v, str) and v.strip()}
    view = _View(text)
    found = _Found(view.text)
    title, title_span = _title(view.text)
    signature = _signature(view.text)
    body_start = _body_start(view.text, title_span)
    opening = _inspected(view.text, body_start)
    _names(found, view.text, opening, signature, title, title_span, title_hint)
    _opening(found, view.text, signature, opening, body_start)
    _published(found, view.text, signature, page)
    _contact(found, view.text, signature)
    _derived(found, view.text)
    for figure in summary_stats(view.text, body_start):
        found.put("stats", figure.key, figure.value, figure.span)
    if title is not None:
        found.evidence.insert(0, {"field": "title", "span": title_span, "source": "text",
                                  "quote": view.text[title_span[0]:title_span[1]]})
    found.evidence = [view.evidence(ev, text) for ev in found.evidence]
    for key in PAGE_FIELDS:
        if key in page:
            found.put("metadata", key, page[key], None, page_quote=page[key])
    _check(found)
    facts = Facts(title=title if title is not None else (title_hint.strip() if title_hint and title_hint.strip() else None),
                  metadata=Metadata(**found.metadata), stats=Stats(**found.stats),
                  evidence=_EVIDENCE.validate_python(found.evidence), warnings=found.warnings)
    if title is None and facts.title is not None:
        facts.evidence.insert(0, Evidence(field="title", span=None, source="page", quote=facts.title))
    return facts


# --- the reading view: hard wraps and letter spacing taken out --------------------

class _View:
    """The text as it reads: without the line breaks of hard wrapping (text pasted from a PDF,
    wrapped at a fixed width), so a sentence broken after 对市 or 0512-575612 reads whole,
    without the spaces of letter-spaced lines (区 水 利 局 党 组 巡 察 整 改 情 况 通 报), and with
    dates typed 2024.3.11 or 2024-03-11 written 2024年3月11日. Every value is read from the
    view; its evidence span is mapped back onto the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        spacing = _letter_spacing(text)
        removed = [i for gaps in spacing.values() for i in gaps] + _wrap_breaks(text, set(spacing))
        # original offset → what the view prints there instead ("" drops the character)
        edits = _numeric_dates(text) | dict.fromkeys(removed, "")
        self.changed = bool(edits)
        if edits:
            chars: list[str] = []
            self.original: list[int] = []
            for i, ch in enumerate(text):
                printed = edits.get(i, ch)
                chars.append(printed)
                self.original.extend([i] * len(printed))
            self.original.append(len(text))
            self.text = "".join(chars)

    def evidence(self, ev: dict, text: str) -> dict:
        if ev["span"] is None or not self.changed:
            return ev
        a, b = ev["span"]
        span = (self.original[a], self.original[b - 1] + 1 if b > a else self.original[a])
        return {**ev, "span": span, "quote": text[span[0]:span[1]]}


def _numeric_dates(text: str) -> dict[int, str]:
    """Edits that write 2024.3.11 / 2024-03-11 / 2024/3/11 (and the end of a range 2024.3.11—4.26)
    as 2024年3月11日: the separators become 年 and 月, 日 follows the day."""
    edits: dict[int, str] = {}
    for m in zh.NUMERIC_DATE.finditer(text):
        if not (1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31):
            continue
        edits[m.start("sep1")] = "年"
        edits[m.start("sep2")] = "月"
        edits[m.end("d") - 1] = text[m.end("d") - 1] + "日"
        end = zh.NUMERIC_RANGE_END.match(text, m.end())
        if end and 1 <= int(end.group("m")) <= 12 and 1 <= int(end.group("d")) <= 31:
            edits[end.start("sep")] = "月"
            edits[end.end("d") - 1] = text[end.end("d") - 1] + "日"
    return edits


def _letter_spacing(text: str) -> dict[int, list[int]]:
    """The letter-spaced lines: line start → offsets of the single spaces between all its characters."""
    gaps: dict[int, list[int]] = {}
    # only a line with a space between two characters can be letter-spaced: match at those lines'
    # starts (the pattern's ^ scan would try every position of the text)
    inner = zh.INNER_SPACE.search(text)
    while inner:
        line_start = text.rfind("\n", 0, inner.start()) + 1
        m = zh.LETTER_SPACED_LINE.match(text, line_start)
        if m:
            body = m.group("body")
            start = m.start("body")
            gaps[line_start] = [start + i for i, ch in enumerate(body) if ch == " "]
        line_end = text.find("\n", inner.start())
        inner = zh.INNER_SPACE.search(text, line_end) if line_end >= 0 else None
    return gaps


def _wrap_breaks(text: str, spaced_lines: set[int]) -> list[int]:
    """Offsets of the newlines that only wrap a line: after a line near the text's full width
    that stops mid-sentence, before a line that is neither indented nor a new item nor a date.
    A first line that is a title and letter-spaced lines (headings) are never wrapped."""
    pieces = text.split("\n")
    lines = []  # (index in pieces, start, text) of the non-blank lines
    start = 0
    for k, piece in enumerate(pieces):
        if piece.strip():
            lines.append((k, start, piece))
        start += len(piece) + 1
    if len(lines) < zh.WRAP_MIN_LINES:
        return []
    lengths = sorted(len(line) for _, _, line in lines)
    full = lengths[int(len(lengths) * 0.9)] * zh.WRAP_FULL_SHARE
    full = max(full, zh.WRAP_MIN_WIDTH)
    breaks = []
    # the first line is kept whole when it is a title (no clause punctuation), not when the body opens the text
    for k, start, line in lines if _CLAUSE_PUNCT.search(lines[0][2]) else lines[1:]:
        end, width = start + len(line), len(line)
        if width < full or k + 1 == len(pieces) or line[-1] in zh.SENTENCE_END or start in spaced_lines:
            continue
        following = pieces[k + 1]
        # what runs on is no wider than the wrap; a heading is followed by a wider paragraph
        if not following or len(following) > width * zh.WRAP_NEXT_SHARE \
                or following[:1].isspace() or zh.ENUM_LINE.match(following) \
                or zh.ANY_PART.match(following) or zh.SIGNATURE_DATE_LINE.match(following):
            continue
        breaks.append(end)
    return breaks if len(breaks) >= zh.WRAP_MIN_BREAKS else []


# --- title and agency ------------------------------------------------------

def _title(text: str) -> tuple[str | None, Span | None]:
    """The notice's own title line (or two lines at the very top)."""
    head = []
    for m in _LINE.finditer(text):
        if m.group().strip():
            head.append(m)
            if len(head) == 2:
                break
    if len(head) == 2 and not _CLAUSE_PUNCT.search(head[0].group()):
        first, second = head
        # 中共…党组 / 关于…的通报, or a title broken after 关于…
        split = "关于" in first.group() or (is_agency_name(first.group().strip())
                                           and second.group().strip().startswith("关于"))
        if split and zh.TITLE_CONTINUATION.fullmatch(second.group()) and not zh.TITLE_LINE.fullmatch(first.group()) \
                and len(first.group().strip()) + len(second.group().strip()) <= 120:
            start = first.start() + len(first.group()) - len(first.group().lstrip())
            end = second.start() + len(second.group().rstrip())
            return first.group().strip() + second.group().strip(), (start, end)
    for end in zh.TITLE_END.finditer(text):
        line_start = text.rfind("\n", 0, end.start()) + 1
        m = zh.TITLE_LINE.fullmatch(text, line_start, _line_end(text, end.start()))
        if m is None:
            continue
        candidate = m.group("title")
        if zh.TITLE_MUST_HAVE.search(candidate) and not _CLAUSE_PUNCT.search(candidate):
            return candidate, m.span("title")
    return None, None


@dataclass
class _Signature:
    agency: str | None = None
    agency_span: Span | None = None
    date: date | None = None
    date_span: Span | None = None
    start: int | None = None


def _signature(text: str) -> _Signature:
    """The signing body and date at the end: the last date-only line in the second half of the text."""
    half = len(text) // 2
    # The signature stands below the last sentence: read from the line after it first. No match
    # spans that sentence's line, so the matches below it are the last ones a scan from `half`
    # finds; a signing body found below it (date line under a name, or both on one line) starts
    # after anything above could, so it is the one the whole scan finds.
    last_sentence = max(text.rfind(ch) for ch in zh.SIGNATURE_NEVER_HOLDS)
    below = text.find("\n", last_sentence) + 1 if last_sentence >= half else half
    if below > half:
        found = _signature_from(text, below)
        if found is not None and found.agency is not None:
            return found
    return _signature_from(text, half) or _Signature()


def _signature_from(text: str, half: int) -> _Signature | None:
    candidates = list(zh.SIGNATURE_DATE_LINE.finditer(text, half))
    one_line = [m for m in zh.SIGNATURE_WITH_DATE.finditer(text, half) if is_agency_name(m.group("agency"))]
    best: _Signature | None = None
    for m in reversed(candidates):
        prev = _previous_line(text, m.start())
        name = zh.SEAL_NOTE.sub("", prev[0].strip()) if prev else ""  # 中共…党组(印)
        if prev and zh.SIGNATURE_LINE.fullmatch(prev[0]) and is_agency_name(name):
            start = prev[1] + prev[0].index(name)
            best = _Signature(name, (start, start + len(name)), parse_cn_date(m.group("date")),
                              m.span("date"), start)
            break
    if one_line and (best is None or one_line[-1].start() > best.start):
        m = one_line[-1]
        best = _Signature(m.group("agency"), m.span("agency"), parse_cn_date(m.group("date")),
                          m.span("date"), m.start("agency"))
    if best is None and candidates:
        m = candidates[-1]
        best = _Signature(None, None, parse_cn_date(m.group("date")), m.span("date"), m.start("date"))
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


def _names(found: _Found, text: str, opening: re.Match | None, sig: _Signature, title: str | None,
           title_span: Span | None, title_hint: str | None) -> None:
    """`agency` and `agency_short` (see agency.py) from the opening, the title and the signature."""
    signature = Name(sig.agency, sig.agency_span) if sig.agency else None
    subject = _title_subject(title)
    if subject is not None:
        start = title_span[0] + subject.start("agency")
        subject = Name(subject.group("agency"), (start, start + len(subject.group("agency"))))
    hint = _title_subject(title_hint.strip() if title_hint else None)
    if hint is not None:
        hint = Name(hint.group("agency"), None, quote=title_hint.strip())
    agency, short = inspected_names(text, opening, signature=signature, title=subject, hint=hint)
    for key, name in (("agency", agency), ("agency_short", short)):
        if name is not None:
            found.put("metadata", key, name.value, name.span, page_quote=name.quote)


def _title_subject(title: str | None) -> re.Match | None:
    m = zh.TITLE_SUBJECT.match(title) if title else None
    return m if m and is_agency_name(m.group("agency")) else None


# --- the opening sentence: inspector, kind, dates, short name ------------------

def _body_start(text: str, title_span: Span | None) -> int:
    """Where the notice's own text begins: below its title when a preface stands above it
    (a 编者按 of the page that publishes it), else the start of the text."""
    if title_span is None or not text[:title_span[0]].strip() or title_span[0] > len(text) // 2:
        return 0
    return title_span[1] if zh.AGENCY_SHORT.search(text, title_span[1]) else 0


def _inspected(text: str, body_start: int) -> re.Match | None:
    """The sentence naming the inspected body (…巡察组对X开展了…, or X接受了…巡察组的…). When the
    opening paragraph names two inspections (a 回头看 recalling the first round), the one the
    feedback answers: the last named before 反馈."""
    first = zh.AGENCY_SHORT.search(text, body_start) or zh.AGENCY_SHORT_PASSIVE.search(text, body_start)
    if first is None:
        return None
    paragraph_end = _line_end(text, first.end())
    verb = zh.FEEDBACK_VERB.search(text, first.end(), paragraph_end)
    later = [m for m in zh.AGENCY_SHORT.finditer(text, first.end(), verb.start() if verb else first.end())]
    return later[-1] if later else first


def _opening(found: _Found, text: str, sig: _Signature, short: re.Match | None, body_start: int = 0) -> None:
    inspector = None
    if short:
        # the inspector named in the same sentence as 对…开展
        sentence_start = max(text.rfind(c, 0, short.start()) for c in "。\n") + 1
        inspector = zh.INSPECTOR.search(text, sentence_start, short.end())
        clause_end = _clause_end(text, short.end())
        # the kind after 对…, else one the sentence names before it (以“交叉巡察”方式对…开展了巡察)
        kind = zh.INSPECTION_KIND.search(text, short.end(), clause_end) \
            or zh.INSPECTION_KIND.search(text, sentence_start, short.start("short"))
        if kind:
            found.put("metadata", "inspection_kind", _canonical_kind(kind.group("kind")), kind.span("kind"))
    if inspector is None:
        inspector = zh.INSPECTOR.search(text, body_start)
    anchor = short.start() if short else (inspector.start() if inspector else 0)
    line_start = text.rfind("\n", 0, anchor) + 1
    region = (max(0, line_start - 200), min(len(text), anchor + 800))
    if short and (zh.INSPECTION_RANGE.search(text, sentence_start, short.end())
                  or zh.INSPECTION_ENTRY.search(text, sentence_start, short.end())):
        region = (sentence_start, region[1])  # the dates of this inspection, not of one recalled before
    if inspector:
        found.put("metadata", "inspector", inspector.group("inspector"), inspector.span("inspector"))
        found.put("metadata", "inspector_level", inspector.group("who"), inspector.span("who"))
    _inspection_dates(found, text, region, sig)
    _feedback(found, text, region, sig)
    _run_together_dates(found, text, region)


def _run_together_dates(found: _Found, text: str, region: tuple[int, int]) -> None:
    """Dates a mirror printed without 年 and 月 (202442日至820日): which digits are the month
    and which the day cannot be told for certain, so they are left out, and said so."""
    quotes = [m.group() for m in zh.RUN_TOGETHER_DATE.finditer(text, *region)]
    if quotes:
        found.warnings.append(f"dates printed with their digits run together were left out: {', '.join(quotes)}")


def _clause_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in zh.INSPECTION_CLAUSE_END + "\n") if i >= 0]
    return min(ends) if ends else len(text)


def _canonical_kind(kind: str) -> str:
    kind = re.sub(r"\s+", "", kind)
    if "回头看" in kind:
        return kind[:2] + "“回头看”"
    return kind


def _ymd(year: str | None, month: str, day: str) -> tuple[int | None, int | None, int | None]:
    return (cn_to_int(year) if year else None), cn_to_int(month), cn_to_int(day)


def _inspection_dates(found: _Found, text: str, region: tuple[int, int], sig: _Signature) -> None:
    matches = _inspection_span(text, region)
    if matches is None:
        _yearless_range(found, text, region, sig)
        return
    start_match, end_match = matches
    sy, sm, sd = _ymd(start_match.group("y"), start_match.group("m"), start_match.group("d"))
    start = _valid_date(found, sy, sm, sd, start_match.group("start"))
    found.put("metadata", "inspection_start", start.isoformat() if start else None, start_match.span("start"))
    if end_match is None:
        return
    ey, em, ed = _ymd(end_match.group("ey"), end_match.group("em"), end_match.group("ed"))
    end_span = end_match.span("end")
    if ey is None and None not in (sy, sm, em, ed):
        # a range written 2023年11月6日至1月12日 runs into the next year
        ey = sy + 1 if (em, ed) < (sm, sd or 0) else sy
        end_span = (start_match.start(), end_match.end("end"))  # the year is read from the start
    end = _valid_date(found, ey, em, ed, end_match.group("end"))
    found.put("metadata", "inspection_end", end.isoformat() if end else None, end_span)
    if start and end and end < start:
        found.warnings.append(f"the inspection ends ({end}) before it starts ({start})")


def _inspection_span(text: str, region: tuple[int, int]) -> tuple[re.Match, re.Match | None] | None:
    """The matches that start and end the inspection: a dated range (…至…), else an entry date
    and the end its clause states (于2024年5月6日进驻…,6月21日结束)."""
    m = zh.INSPECTION_RANGE.search(text, *region)
    if m:
        end_match = m
        # 1月10日至2月6日、2月21日至3月24日: the last part ends the inspection
        while more := zh.RANGE_CONTINUED.match(text, end_match.end()):
            end_match = more
        return m, end_match
    start_match = zh.INSPECTION_ENTRY.search(text, *region)
    if not start_match:
        return None
    return start_match, zh.INSPECTION_EXIT.search(text, start_match.end(), _clause_end(text, start_match.end()))


def _yearless_range(found: _Found, text: str, region: tuple[int, int], sig: _Signature) -> None:
    """3月25日至5月17日 with no year: the year of the context before it, or of the notice below."""
    m = zh.YEARLESS_RANGE.search(text, *region)
    if not m:
        return
    sm, sd, em, ed = (cn_to_int(m.group(k)) for k in ("m", "d", "em", "ed"))
    if None in (sm, sd, em, ed):
        return
    resolved = _resolve_year(found, text, region[0], m.start(), sig, em, ed)
    if resolved is None:
        return
    ey, context_span = resolved
    sy = ey - 1 if (sm, sd) > (em, ed) else ey
    span = (min(context_span[0], m.start()), max(context_span[1], m.end()))
    start, end = _valid_date(found, sy, sm, sd, m.group("start")), _valid_date(found, ey, em, ed, m.group("end"))
    found.put("metadata", "inspection_start", start.isoformat() if start else None, span)
    found.put("metadata", "inspection_end", end.isoformat() if end else None, span)


def _resolve_year(found: _Found, text: str, start: int, pos: int, sig: _Signature,
                  month: int, day: int) -> tuple[int, Span] | None:
    """The year of a yearless month and day at `pos`, and the span it is read from."""
    context = _year_context(found, text, start, pos, sig)
    if context is None:
        return None
    if context.later:  # the notice's own date, below: the date is no later
        return (context.year if (month, day) <= (context.month, context.day) else context.year - 1), context.span
    return (context.year + 1 if month < context.month else context.year), context.span


def _valid_date(found: _Found, y: int | None, m: int | None, d: int | None, quote: str) -> date | None:
    if y is None or m is None or d is None:
        return None
    value = make_date(y, m, d)
    if value is None:
        found.warnings.append(f"the date {quote!r} cannot exist and was left out")
    return value


def _feedback(found: _Found, text: str, region: tuple[int, int], sig: _Signature) -> None:
    """The date nearest before 反馈…意见 in its sentence (not a date of the inspection range)."""
    inspection = zh.INSPECTION_RANGE.search(text, *region)
    for verb in zh.FEEDBACK_VERB.finditer(text, *region):
        sentence_start = max(text.rfind(c, 0, verb.start()) for c in "。;") + 1
        dates = [d for d in zh.FEEDBACK_DATE.finditer(text, sentence_start, verb.start())
                 if d.end() >= verb.start() - zh.FEEDBACK_DATE_REACH
                 and not (inspection and inspection.start() <= d.start() < inspection.end())
                 and not zh.CUT_OFF_BEFORE.search(text, max(0, d.start() - 4), d.start())
                 and not zh.DEADLINE_AFTER.match(text, d.end())]
        if dates:
            _put_feedback(found, text, dates[-1], region, sig)
            return


def _put_feedback(found: _Found, text: str, m: re.Match, region: tuple[int, int], sig: _Signature) -> None:
    y, mo, d = _ymd(m.group("fy"), m.group("fm"), m.group("fd"))
    span = m.span("date")
    if y is None and mo is not None:
        resolved = _resolve_year(found, text, region[0], m.start(), sig, mo, d or 0)
        if resolved is None:
            return
        y, context_span = resolved
        span = (min(context_span[0], span[0]), max(context_span[1], span[1]))
    value = _valid_date(found, y, mo, d, m.group("date"))
    found.put("metadata", "feedback_date", value.isoformat() if value else None, span)


@dataclass(frozen=True)
class _YearContext:
    """A dated context a yearless date takes its year from: the date comes after it, or, for the
    notice's own date (`later`), before it."""

    year: int
    month: int
    day: int
    span: Span
    later: bool = False


def _year_context(found: _Found, text: str, start: int, pos: int, sig: _Signature) -> _YearContext | None:
    """What a yearless date at `pos` follows, and where it is read: the inspection range, the last
    year and month written before it (2024年9月至10月), or the signature date it precedes."""
    end = found.metadata.get("inspection_end") or found.metadata.get("inspection_start")
    if end is not None:
        span = found.span_of("metadata", "inspection_end") or found.span_of("metadata", "inspection_start")
        return _YearContext(int(end[:4]), int(end[5:7]), int(end[8:10]), span)
    last = None
    for last in zh.YEAR_CONTEXT.finditer(text, start, pos):
        pass
    if last is not None:
        y, m = cn_to_int(last.group("y")), cn_to_int(last.group("m"))
        if last.group("em"):
            em = cn_to_int(last.group("em"))
            y = cn_to_int(last.group("ey")) if last.group("ey") else (y + 1 if em < m else y)
            m = em
        if y is not None and m is not None:
            return _YearContext(y, m, 31, last.span())
    if sig.date is not None and sig.date_span[0] > pos:
        return _YearContext(sig.date.year, sig.date.month, sig.date.day, sig.date_span, later=True)
    return None


# --- signature date and contact block ----------------------------------------

def _published(found: _Found, text: str, sig: _Signature, page: dict[str, str]) -> None:
    if sig.date_span is not None:
        if sig.date is None:
            found.warnings.append(f"the signature date {text[sig.date_span[0]:sig.date_span[1]]!r} cannot exist")
        else:
            found.put("metadata", "published", sig.date.isoformat(), sig.date_span)
            return
    for key in ("page_date", "page_published"):
        value = parse_cn_date(page.get(key, ""))
        if value is not None:
            found.put("metadata", "published", value.isoformat(), None, page_quote=f"{key}: {page[key]}")
            return


def _contact(found: _Found, text: str, sig: _Signature) -> None:
    """Phone, address, postcode and email from the notice's own contact lines (not a site footer,
    not a hotline a measure sets up): the line nearest above the signature first."""
    accepted = _contact_lines(text, sig)
    if sig.start is not None:  # nearest above the signature first, then below it in order
        accepted.sort(key=lambda ln: (ln.start() >= sig.start, -ln.start() if ln.start() < sig.start else ln.start()))
    for line in accepted:
        _read_contact_line(found, line)


def _contact_lines(text: str, sig: _Signature) -> list[re.Match]:
    """The lines with a contact key word that are the notice's own contact lines."""
    starts = sorted({text.rfind("\n", 0, key.start()) + 1 for key in zh.CONTACT_KEY.finditer(text)})
    return [line for line in (_LINE.match(text, start) for start in starts) if _is_contact_line(text, line, sig)]


def _is_contact_line(text: str, line: re.Match, sig: _Signature) -> bool:
    body = line.group()
    item = zh.ENUM_LINE.match(body) or zh.ANY_PART.match(body)
    # a hotline a numbered measure sets up is not the notice's; a numbered contact channel is
    if zh.FOOTER_WORDS.search(body) or (item and not zh.CONTACT_ITEM.match(body, item.end())):
        return False
    if sig.start is not None and line.start() >= sig.start:
        # below the signature only a line that itself invites opinions is the notice's
        return bool(zh.CONTACT_CONTEXT.search(body))
    before = text[max(0, line.start() - 150):line.start()]
    return bool(zh.CONTACT_CONTEXT.search(body) or zh.CONTACT_CONTEXT.search(before)
                # or the line closes the notice just above its signature
                or (sig.start is not None and sig.start - line.end() <= zh.CONTACT_BEFORE_SIGNATURE))


def _read_contact_line(found: _Found, line: re.Match) -> None:
    body = line.group()
    for name, pattern in (("phone", zh.PHONE), ("phone", zh.PHONE_AFTER_NAME),
                          ("postcode", zh.POSTCODE), ("email", zh.EMAIL)):
        m = pattern.search(body)
        if m:
            value = m.group(name).strip().rstrip(".")
            if name == "phone":
                # 0730—7612385, (0379)68221735 → 0730-7612385, 0379-68221735
                value = zh.PHONE_DASH.sub("-", zh.PHONE_AREA_CODE.sub(r"\1-", value))
            found.put("metadata", name, value, _shift(m.span(name), line.start()))
    m = zh.ADDRESS.search(body)
    if m:
        address = zh.ADDRESS_NOTE.sub("", m.group("address")).strip()
        start = line.start() + m.start("address")
        if address:
            found.put("metadata", "address", address, (start, start + len(address)))


def _shift(span: Span, offset: int) -> Span:
    return span[0] + offset, span[1] + offset


# --- derived fields ------------------------------------------------------------

def _strip_party(name: str) -> tuple[str, int]:
    for prefix in zh.PARTY_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):], len(prefix)
    return name, 0


def _derived(found: _Found, text: str) -> None:
    """Canonical name, region, body type and level of the agency (set whenever a name is)."""
    agency = found.metadata.get("agency")
    if not agency:
        return
    agency_span = found.span_of("metadata", "agency")
    bare, skip = _strip_party(agency)
    found.put("metadata", "agency_canonical", _canonical(agency, bare), agency_span,
              page_quote=agency if agency_span is None else None)
    region, places = _region(bare)
    body = bare[len(region):] if region else bare
    organs = zh.PARTY_ORGANS + (zh.PARTY_COMMITTEES if agency.startswith(zh.PARTY_PREFIXES) else ())
    organ = next((o for o in organs if body.endswith(o)), "")
    body = body[: len(body) - len(organ)]
    body_type, body_at = _body_type(body)
    if not body and region:
        body_type = "township" if places[-1].endswith(("镇", "乡", "街道")) else "party_committee"
        body_at = None
    if agency_span is None:
        found.put("metadata", "region", region or None, None, page_quote=agency)
        found.put("metadata", "body_type", body_type, None, page_quote=agency)
    else:
        offset = agency_span[0] + skip
        if region:
            found.put("metadata", "region", region, (offset, offset + len(region)))
        if body_type:
            at = offset + len(region)
            found.put("metadata", "body_type", body_type, (at + body_at[0], at + body_at[1]) if body_at else agency_span)
    _level(found, places, body_type, body)


def _canonical(agency: str, bare: str) -> str:
    """The name without 中共 and with its party organ in short form (…委员会 → …党委)."""
    if not agency.startswith(zh.PARTY_PREFIXES) or bare.endswith("纪律检查委员会"):
        return bare
    for long_form, short_form in zh.PARTY_ORGAN_CANONICAL:
        if bare.endswith(long_form):
            return bare[: -len(long_form)] + short_form
    return bare


def _region(name: str) -> tuple[str, list[str]]:
    """The place names that open a body's name, joined, and one by one."""
    places: list[str] = []
    rest = name
    m = zh.PLACE_FIRST.match(rest)
    if m:
        places.append(m.group())
    else:
        bare = next((p for p in zh.BARE_PROVINCES if rest.startswith(p)), None)
        if bare is None:
            return "", []
        places.append(bare)
    rest = rest[len(places[-1]):]
    while len(places) < 4:
        m = zh.PLACE_NEXT.match(rest)
        if not m:
            break
        places.append(m.group())
        rest = rest[len(m.group()):]
    return "".join(places), places


def _body_type(body: str) -> tuple[str | None, Span | None]:
    """The type named by the body's head noun: the keyword that ends last (then the longest)."""
    best = None
    for keyword, kind in zh.BODY_TYPES:
        at = body.rfind(keyword)
        if at < 0:
            continue
        key = (at + len(keyword), len(keyword))
        if best is None or key > best[0]:
            best = (key, kind, (at, at + len(keyword)))
    return (best[1], best[2]) if best else (None, None)


def _level(found: _Found, places: list[str], body_type: str | None, body: str) -> None:
    place_level = None
    if places:
        for suffixes, level in zh.REGION_LEVEL:
            if places[-1].endswith(suffixes):
                place_level = level
                break
    who = found.metadata.get("inspector_level")
    if body_type in ("township", "party_committee") and place_level:
        span = found.span_of("metadata", "region")
        found.put("metadata", "level", place_level, span, page_quote="".join(places))
        return
    if who:
        level = next((lv for names, lv in zh.INSPECTOR_LEVEL if who in names), None)
        if level is None and who.endswith(("党委", "党组", "党工委")):
            level = "unit"  # a body's own committee sent the inspectors
        if level:
            found.put("metadata", "level", level, found.span_of("metadata", "inspector_level"))
            return
    if place_level:
        found.put("metadata", "level", place_level, found.span_of("metadata", "region"), page_quote="".join(places))


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _check(found: _Found) -> None:
    m = found.metadata
    if m.get("published") and m.get("feedback_date") and m["published"] < m["feedback_date"]:
        found.warnings.append(f"the notice is dated {m['published']}, before the feedback it answers ({m['feedback_date']})")
    found.warnings.extend(stats_warnings(found.stats))
