"""Metadata, dates and the contact block (and the figures of stats.py), each with the span it was read from.

Only what the text states is returned; a field it does not state stays None. Every value
has one `Evidence` whose `quote` is `text[span]` (or, for values taken from the web
page's own metadata, `source="page"` and no span). Values are read from the layout's reading
view (`layout.View`: hard wraps, letter spacing and mirror-site script taken out); their spans
index the text as given, and names read from a mirror's copy are given as printed. The opening
sentence (inspector, kind, dates) is read by inspection.py, the figures by stats.py.

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

from pydantic import TypeAdapter

from notice_miner.agency import Name, inspected_names, is_agency_name
from notice_miner.found import Found
from notice_miner.inspection import body_start, inspected, read_opening
from notice_miner.lang import facts_zh as zh
from notice_miner.lang.numerals import parse_cn_date
from notice_miner.lang.vocabulary import INSPECTION_KINDS
from notice_miner.layout import CHROME, Layout, ProblemPart, Signature
from notice_miner.model import Evidence, Metadata, Page, Stats
from notice_miner.stats import stats_warnings, summary_stats

Span = tuple[int, int]
# the page metadata ingest reads → the fields of `metadata.page`
PAGE_FIELDS = {
    "index_no": "index_no",
    "page_title": "title",
    "page_agency": "agency",
    "page_date": "date",
    "page_published": "published",
    "page_source": "source",
    "page_doc_no": "doc_no",
}


@dataclass
class Facts:
    title: str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    stats: Stats = field(default_factory=Stats)
    evidence: list[Evidence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_EVIDENCE = TypeAdapter(list[Evidence])


def extract_facts(layout: Layout, *, page: dict[str, str] | None = None, title_hint: str | None = None) -> Facts:
    """Title, metadata, statistics and their evidence from a notice's layout."""
    text, view = layout.text, layout.view
    page = {k: v.strip() for k, v in (page or {}).items() if isinstance(v, str) and v.strip()}
    found = Found(view.text)
    title, seen = layout.title, _in_view_of(layout)
    title_span, signature = seen.title_span, seen.signature
    start = body_start(view.text, title_span)
    opening = inspected(view.text, start)
    _names(found, view.text, opening, signature, title, title_span, title_hint)
    read_opening(found, view.text, signature, opening, start)
    _published(found, view.text, signature, page, _byline_lines(layout))
    _contact(found, view.text, signature, seen.contact)
    _derived(found, view.text)
    for figure in summary_stats(view.text, start, seen.plan_start, seen.problems):
        found.put("stats", figure.key, figure.value, figure.span)
    if title is not None:
        found.evidence.insert(0, {"field": "title", "span": title_span, "source": "text", "quote": view.text[title_span[0] : title_span[1]]})
    found.evidence = [view.evidence(ev, text) for ev in found.evidence]
    _as_printed(found, layout)
    page_metadata = _page_metadata(found, page)
    _check(found)
    facts = Facts(
        title=title if title is not None else (title_hint.strip() if title_hint and title_hint.strip() else None),
        metadata=Metadata(**found.metadata, page=page_metadata),
        stats=Stats(**found.stats),
        evidence=_EVIDENCE.validate_python(found.evidence),
        warnings=found.warnings,
    )
    if title is None and facts.title is not None:
        facts.evidence.insert(0, Evidence(field="title", span=None, source="page", quote=facts.title))
    return facts


def _page_metadata(found: Found, page: dict[str, str]) -> Page | None:
    """The web page's own metadata, as ingest read it, for `metadata.page`; each with its page evidence."""
    fields = {name: page[key] for key, name in PAGE_FIELDS.items() if key in page}
    found.evidence += [{"field": f"metadata.page.{name}", "span": None, "source": "page", "quote": value} for name, value in fields.items()]
    return Page(**fields) if fields else None


@dataclass
class _InView:
    """What the layout found, with its offsets in the reading view (where facts are read)."""

    title_span: Span | None
    signature: Signature
    contact: list[Span]
    problems: ProblemPart | None
    plan_start: int | None


def _in_view_of(layout: Layout) -> _InView:
    view = layout.view
    problems, plan_start = layout.problems, layout.plan_start
    if problems is not None and view.changed:
        problems = ProblemPart(view.offset_in_view(problems.start), problems.opened_by, view.offset_in_view(problems.heading_end))
    return _InView(
        title_span=view.from_text(layout.title_span) if layout.title_span is not None else None,
        signature=_signature_in_view(layout),
        contact=[view.from_text(span) for span in layout.contact],
        problems=problems,
        plan_start=view.offset_in_view(plan_start) if plan_start is not None else None,
    )


def _signature_in_view(layout: Layout) -> Signature:
    """The layout's signature with its spans in the view."""
    sig, view = layout.signature, layout.view
    if not view.changed:
        return sig
    spans = [view.from_text(s) if s is not None else None for s in (sig.agency_span, sig.date_span)]
    start = view.from_text((sig.start, sig.start))[0] if sig.start is not None else None
    return Signature(sig.agency, spans[0], sig.date, spans[1], start)


def _as_printed(found: Found, layout: Layout) -> None:
    """Names read from a mirror's copy (traditional script, pinyin notes) are given as printed:
    a value that is the quote of its span in the view becomes the text's quote."""
    view = layout.view
    if not view.script_edits:
        return
    for ev in found.evidence:
        group, _, name = ev["field"].partition(".")
        if group != "metadata" or ev["span"] is None or not isinstance(found.metadata.get(name), str):
            continue
        # a kind is a word of a closed vocabulary: as printed only where the vocabulary has that form
        if name == "inspection_kind" and ev["quote"] not in INSPECTION_KINDS:
            continue
        if view.script_changed(ev["span"]) and view.reading(ev["span"]) == found.metadata[name]:
            found.metadata[name] = ev["quote"]


# --- agency --------------------------------------------------------------------


def _names(
    found: Found, text: str, opening: re.Match | None, sig: Signature, title: str | None, title_span: Span | None, title_hint: str | None
) -> None:
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


# --- signature date and contact block ----------------------------------------


def _byline_lines(layout: Layout) -> list[Span]:
    """The page-chrome lines above the notice, as spans in the view."""
    return [layout.view.from_text((p.start, p.end)) for p in layout.paragraphs if p.role == CHROME]


def _published(found: Found, text: str, sig: Signature, page: dict[str, str], byline: list[Span]) -> None:
    """The signature's date; else the date of the page's byline in the text; else the page's metadata."""
    if sig.date_span is not None:
        if sig.date is None:
            found.warnings.append(f"the signature date {text[sig.date_span[0] : sig.date_span[1]]!r} cannot exist")
        else:
            found.put("metadata", "published", sig.date.isoformat(), sig.date_span)
            return
    for start, end in byline:
        m = zh.BYLINE_DATE.search(text, start, end)
        value = parse_cn_date(m.group("date")) if m else None
        if value is not None:
            found.put("metadata", "published", value.isoformat(), m.span("date"))
            return
    for key in ("page_date", "page_published"):
        value = parse_cn_date(page.get(key, ""))
        if value is not None:
            found.put("metadata", "published", value.isoformat(), None, page_quote=f"{key}: {page[key]}")
            return


def _contact(found: Found, text: str, sig: Signature, lines: list[Span]) -> None:
    """Phone, address, postcode and email from the notice's own contact lines (the layout's, in
    the view): the line nearest above the signature first, then those below it in order."""
    if sig.start is not None:
        lines = sorted(lines, key=lambda ln: (ln[0] >= sig.start, -ln[0] if ln[0] < sig.start else ln[0]))
    for start, end in lines:
        _read_contact_line(found, text[start:end], start)


def _read_contact_line(found: Found, body: str, line_start: int) -> None:
    for name, pattern in (("phone", zh.PHONE), ("phone", zh.PHONE_AFTER_NAME), ("postcode", zh.POSTCODE), ("email", zh.EMAIL)):
        m = pattern.search(body)
        if m:
            value = m.group(name).strip().rstrip(".")
            if name == "phone":
                # 0730—7612385, (0123)68221735 → 0730-7612385, 0123-68221735
                value = zh.PHONE_DASH.sub("-", zh.PHONE_AREA_CODE.sub(r"\1-", value))
            found.put("metadata", name, value, _shift(m.span(name), line_start))
    m = zh.ADDRESS.search(body)
    if m:
        address = zh.ADDRESS_NOTE.sub("", m.group("address")).strip()
        start = line_start + m.start("address")
        if address:
            found.put("metadata", "address", address, (start, start + len(address)))


def _shift(span: Span, offset: int) -> Span:
    return span[0] + offset, span[1] + offset


# --- derived fields ------------------------------------------------------------


def _strip_party(name: str) -> tuple[str, int]:
    for prefix in zh.PARTY_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :], len(prefix)
    return name, 0


def _derived(found: Found, text: str) -> None:
    """Canonical name, region, body type and level of the agency (set whenever a name is)."""
    agency = found.metadata.get("agency")
    if not agency:
        return
    agency_span = found.span_of("metadata", "agency")
    bare, skip = _strip_party(agency)
    found.put("metadata", "agency_canonical", _canonical(agency, bare), agency_span, page_quote=agency if agency_span is None else None)
    region, places = _region(bare)
    body = bare[len(region) :] if region else bare
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
    rest = rest[len(places[-1]) :]
    while len(places) < 4:
        m = zh.PLACE_NEXT.match(rest)
        if not m:
            break
        places.append(m.group())
        rest = rest[len(m.group()) :]
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


def _level(found: Found, places: list[str], body_type: str | None, body: str) -> None:
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


def _check(found: Found) -> None:
    m = found.metadata
    if m.get("published") and m.get("feedback_date") and m["published"] < m["feedback_date"]:
        found.warnings.append(f"the notice is dated {m['published']}, before the feedback it answers ({m['feedback_date']})")
    found.warnings.extend(stats_warnings(found.stats))
