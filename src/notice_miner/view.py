"""A self-contained HTML page showing what was extracted from one notice.

The notice text with its sections, items (coloured by first label, outlined by status, the
path in the margin and as a tooltip) and signals highlighted; the metadata and statistics,
each value linked to the place in the text it was read from; keywords and warnings. No
scripts and no external assets; every piece of notice text is HTML-escaped, and the page's
Content-Security-Policy allows only its own style sheet (by hash) and no script at all, so
escaping is not the only defence.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from functools import partial
from html import escape

from notice_miner.lang.report_ui import HTML_LANG, say
from notice_miner.model import Finding, Item, Notice

_CHINESE = partial(say, "zh")
SIGNAL_KINDS = ("document", "name", "amount", "count", "date", "unit", "stock_phrase")

_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;display:flex;color:#222}
main{flex:3;padding:1.5em 2em;max-width:60em}
aside{flex:1;padding:1.5em;background:#f6f6f4;border-left:1px solid #ddd;min-width:22em;font-size:.9em}
.text{white-space:pre-wrap;line-height:2.1;font-size:1.02em}
.item{border-radius:3px;padding:1px 0}
.item.plan{outline:1px dashed #777}
.item-start::before{content:attr(data-path);font-size:.78em;line-height:1.4;color:#ffffff;background:#1f2933;
 border-radius:3px;padding:0 .35em;margin-right:.3em;user-select:none;vertical-align:.15em}
.sec-start::before{content:attr(data-path);font-size:.78em;line-height:1.4;color:#1f2933;background:#ffffff;
 border:1px solid #52606d;border-radius:3px;padding:0 .35em;margin-right:.3em;user-select:none;vertical-align:.15em}
.sig-document{border-bottom:2px solid #1f6feb}.sig-name{border-bottom:2px solid #8250df}
.sig-amount{background:#ffd33d !important}.sig-count{border-bottom:2px solid #bf8700}
.sig-date{border-bottom:2px solid #1a7f37}.sig-unit{border-bottom:2px dotted #0969da}
.sig-stock_phrase{border-bottom:2px dashed #7b8794;background:#f0f2f5}
.ev{box-shadow:inset 0 -3px 0 #fb8f44}
table{border-collapse:collapse;width:100%;margin-bottom:1em}td,th{text-align:left;padding:.2em .4em;
 border-bottom:1px solid #e4e4e4;vertical-align:top}th{color:#555;font-weight:normal}
.legend span{display:inline-block;margin:.1em .4em .1em 0;padding:0 .3em}
.warn{color:#9a2b00}
.fd-error{text-decoration:underline wavy #d1242f;text-decoration-skip-ink:none}
.fd-warning{text-decoration:underline wavy #bf8700;text-decoration-skip-ink:none}
.fd-info{text-decoration:underline dotted #6e7781}
.sig-stock_phrase.fd-error,.sig-stock_phrase.fd-warning,.sig-stock_phrase.fd-info{text-decoration-line:underline line-through}
.findings li{margin-bottom:.4em}.findings small{color:#666}
.sev-error{color:#d1242f;font-weight:bold}.sev-warning{color:#9a6700}.sev-info{color:#6e7781}
"""


def content_security_policy(*, styles: tuple[str, ...] = (), scripts: tuple[str, ...] = ()) -> str:
    """A `<meta>` Content-Security-Policy allowing exactly the given inline style sheets and scripts
    (by their sha256) and nothing else: no other inline script, style attribute, network access,
    form or plugin runs even if some markup ever escaped escaping."""

    def sources(blocks: tuple[str, ...]) -> str:
        return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks) or "'none'"

    policy = f"default-src 'none'; style-src {sources(styles)}; script-src {sources(scripts)}; img-src data:; base-uri 'none'; form-action 'none'"
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def render_html(notice: Notice, language: str = "zh") -> str:
    """The HTML page of a parsed notice, its own words in `language` (zh or en; lang/report_ui.py)."""
    words = partial(say, language)
    title = notice.title or notice.source.name
    colours = _label_colours(notice)
    css = _CSS + "".join(f".{cls}{{background:{colour}}}" for cls, colour in colours.values())
    return "".join(
        (
            f'<!DOCTYPE html>\n<html lang="{HTML_LANG[language]}"><head><meta charset="utf-8">',
            content_security_policy(styles=(css,)),
            f"<title>{escape(title)}</title><style>{css}</style></head><body><main>",
            f"<h1>{escape(title)}</h1>",
            f"<p>{escape(words('show.counts', name=notice.source.name, sections=len(notice.sections), items=len(notice.items)))}</p>",
            _legend(colours, words),
            f'<div class="text">{_marked_text(notice, colours, words)}</div></main><aside>',
            _findings_panel(notice, words),
            _facts_table(notice, "metadata", words),
            _facts_table(notice, "stats", words),
            _keywords(notice, words),
            _warnings(notice, words),
            "</aside></body></html>\n",
        )
    )


def _marked_text(notice: Notice, colours: dict[str | None, tuple[str, str]], words: Callable[..., str]) -> str:
    """The text cut at every boundary of an item, section, signal or evidence span; each piece
    wrapped in one span carrying the classes of all that cover it (so overlaps stay valid HTML)."""
    text = notice.text
    items = sorted(notice.items, key=lambda i: i.span)
    signals, evidence, findings = _signal_spans(notice), _evidence_spans(notice), _finding_spans(notice)
    starts = _anchors(notice, evidence, findings)
    bounds = {0, len(text), *starts}
    for s, e in [item.span for item in items] + [(s, e) for s, e, _ in signals + evidence + findings]:
        bounds.update((s, e))
    cuts = sorted(bounds)

    out: list[str] = []
    item_at = 0
    for a, b in zip(cuts, cuts[1:]):
        out += starts.pop(a, ())
        while item_at < len(items) and items[item_at].span[1] <= a:
            item_at += 1
        item = items[item_at] if item_at < len(items) and items[item_at].span[0] <= a else None
        if item is not None and a == item.span[0]:
            out.append(f'<span class="item-start" id="{escape(item.id)}" data-path="{escape(" › ".join(item.path))}"></span>')
        out.append(
            _piece(text[a:b], a, b, item, signals, evidence, colours, [notice.checks.findings[i] for s, e, i in findings if s <= a and b <= e], words)
        )
    for rest in starts.values():
        out += rest
    return "".join(out)


def _signal_spans(notice: Notice) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every signal inside the text."""
    from notice_miner.enrich import signal_spans

    return [(s, e, kind) for (s, e), kind in signal_spans(notice) if 0 <= s < e <= len(notice.text)]


def _evidence_spans(notice: Notice) -> list[tuple[int, int, int]]:
    """(start, end, evidence index) of every evidence read from the text."""
    return [
        (ev.span[0], ev.span[1], i)
        for i, ev in enumerate(notice.evidence)
        if ev.source == "text" and ev.span and 0 <= ev.span[0] < ev.span[1] <= len(notice.text)
    ]


def _finding_spans(notice: Notice) -> list[tuple[int, int, int]]:
    """(start, end, finding index) of every span of every check finding."""
    if notice.checks is None:
        return []
    return [(a, b, i) for i, f in enumerate(notice.checks.findings) for a, b in f.spans if 0 <= a < b <= len(notice.text)]


def _anchors(notice: Notice, evidence: list[tuple[int, int, int]], findings: list[tuple[int, int, int]] = ()) -> dict[int, list[str]]:
    """Offset → the empty elements that open there: a section's marker, an evidence span's or a
    finding's link target."""
    starts: dict[int, list[str]] = {}
    for i in sorted({i for _, _, i in findings}):
        first = min(a for a, _, j in findings if j == i)
        starts.setdefault(first, []).append(f'<a id="fd-{i}"></a>')
    for section in notice.sections:
        starts.setdefault(section.span[0], []).append(
            f'<span class="sec-start" id="{escape(section.id)}" data-path="{escape(section.marker)}"></span>'
        )
    for s, _, i in evidence:
        starts.setdefault(s, []).append(f'<a id="ev-{i}"></a>')
    return starts


def _piece(
    piece: str,
    a: int,
    b: int,
    item: Item | None,
    signals: list[tuple[int, int, str]],
    evidence: list[tuple[int, int, int]],
    colours: dict[str | None, tuple[str, str]],
    findings: list[Finding] = (),
    words: Callable[..., str] = _CHINESE,
) -> str:
    """The text between two cuts, escaped, in a span with the classes of the item, signals, evidence
    and check findings covering it (bare when nothing does); the findings' messages lead its hover title."""
    classes, titles = [], [f"{f.check}: {f.message} ({f.gloss})" for f in findings]
    if item is not None:
        classes += ["item", item.status, colours[_first_label(item)][0]]
        titles.append(_item_title(item, words))
    classes += sorted({f"sig-{kind}" for s, e, kind in signals if s <= a and b <= e})
    if any(s <= a and b <= e for s, e, _ in evidence):
        classes.append("ev")
    if findings:
        classes.append(f"fd-{min((f.severity for f in findings), key=_SEVERITY_ORDER.index)}")
    attrs = f' title="{escape(chr(10).join(titles))}"' if titles else ""
    piece = escape(piece)
    return f'<span class="{" ".join(classes)}"{attrs}>{piece}</span>' if classes else piece


_SEVERITY_ORDER = ("error", "warning", "info")


def _findings_panel(notice: Notice, words: Callable[..., str]) -> str:
    """The checks' findings, most severe first, each linked to where it stands in the text."""
    if notice.checks is None:
        return ""
    summary = notice.checks.summary
    counts = " · ".join(f"{check} {n}" for check, n in summary.counts.items() if n) or words("show.none")
    order = sorted(range(len(notice.checks.findings)), key=lambda i: _SEVERITY_ORDER.index(notice.checks.findings[i].severity))
    rows = []
    for i in order:
        f = notice.checks.findings[i]
        where = f' <a href="#fd-{i}">{escape(words("show.to_text"))}</a>' if f.spans else ""
        rows.append(
            f'<li><span class="sev-{f.severity}">{f.severity}</span> {escape(f.check)}: '
            f"{escape(f.message)}{where}<br><small>{escape(f.gloss)}</small></li>"
        )
    head = f"<h2>{escape(words('show.checks'))}</h2><p>{escape(counts)}</p>"
    return head + (f'<ul class="findings">{"".join(rows)}</ul>' if rows else "")


def _first_label(item: Item) -> str | None:
    return item.labels[0].label if item.labels else None


def _label_colours(notice: Notice) -> dict[str | None, tuple[str, str]]:
    """First label (None: unlabelled) -> (class name, light background), the colour stable across runs.

    Colours go into the style sheet as classes (`lab-N`), not into style attributes, which the
    page's Content-Security-Policy does not allow.
    """
    firsts = sorted({_first_label(item) for item in notice.items}, key=lambda label: label or "")
    colours = {}
    for n, label in enumerate(firsts):
        hue = int(hashlib.md5(label.encode()).hexdigest()[:4], 16) % 360 if label else None
        colours[label] = (f"lab-{n}", f"hsl({hue},70%,90%)" if label else "#eef1f4")
    return colours


def _item_title(item: Item, words: Callable[..., str]) -> str:
    """The item's hover title: id, path, status, labels, specificity, problem, and the measure as
    printed (original punctuation) where that differs from the normalised text."""
    labels = ", ".join(f"{lab.label} {lab.score:.2f}" for lab in item.labels) or words("show.no_label")
    parts = [item.id, " › ".join(item.path), item.status, labels, words("show.specificity", value=item.signals.specificity)]
    if item.problem:
        parts.append(words("show.problem", problem=item.problem))
    title = " · ".join(parts)
    if item.text_printed and item.text_printed != item.text:
        title += "\n" + words("show.printed", text=item.text_printed)
    return title


def _legend(colours: dict[str | None, tuple[str, str]], words: Callable[..., str]) -> str:
    signal_kinds = "".join(f'<span class="sig-{k}">{escape(words(f"show.signal.{k}"))}</span>' for k in SIGNAL_KINDS)
    label_keys = "".join(f'<span class="{cls}">{escape(label)}</span>' for label, (cls, _) in colours.items() if label is not None)
    return (
        f'<p class="legend">{escape(words("show.signals"))}{signal_kinds} '
        f'<span class="ev">{escape(words("show.evidence"))}</span> <span class="item plan">'
        f"{escape(words('show.plan'))}</span><br>{escape(words('show.first_label'))}{label_keys or '—'}</p>"
    )


def _facts_table(notice: Notice, group: str, words: Callable[..., str]) -> str:
    """The notice's metadata or stats, field names as in the JSON, each value linked to its evidence."""
    values = _flat(getattr(notice, group).model_dump(mode="json", exclude_none=True))
    heading = f"<h2>{escape(words(f'show.{group}'))}</h2>"
    if not values:
        return f"{heading}<p>{escape(words('show.none_stated'))}</p>"
    evidence = {ev.field: (i, ev) for i, ev in enumerate(notice.evidence)}
    rows = []
    for name, value in values.items():
        shown = escape(str(value))
        found = evidence.get(f"{group}.{name}")
        if found and found[1].source == "text" and found[1].span:
            shown = f'<a href="#ev-{found[0]}" title="{escape(found[1].quote)}">{shown}</a>'
        elif found:
            shown += f' <small title="{escape(found[1].quote)}">{escape(words("show.web_page"))}</small>'
        rows.append(f"<tr><th>{escape(name)}</th><td>{shown}</td></tr>")
    return f"{heading}<table>{''.join(rows)}</table>"


def _flat(values: dict, prefix: str = "") -> dict:
    """Nested groups (metadata.page) as dotted names, the way evidence names them."""
    flat = {}
    for name, value in values.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _keywords(notice: Notice, words: Callable[..., str]) -> str:
    return f"<h2>{escape(words('show.keywords'))}</h2><p>{escape(' · '.join(notice.keywords)) or '—'}</p>"


def _warnings(notice: Notice, words: Callable[..., str]) -> str:
    heading = f"<h2>{escape(words('show.warnings'))}</h2>"
    if not notice.warnings:
        return f"{heading}<p>{escape(words('show.none'))}</p>"
    return f"{heading}<ul>" + "".join(f'<li class="warn">{escape(w)}</li>' for w in notice.warnings) + "</ul>"
