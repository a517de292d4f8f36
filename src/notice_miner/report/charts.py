"""The report's charts, inline SVG: the category heatmap and the bars of categories and concrete measures."""

from __future__ import annotations

import pandas as pd

from notice_miner import compare
from notice_miner.report.markup import Links, Words, category_label, esc, notices_by

MAX_HEATMAP_GROUPS = 60
MAX_BAR_GROUPS = 30


def heatmap_section(corpus: compare.Corpus, tables: dict, by: str, link: Links, words: Words) -> str:
    counts = compare.category_counts(corpus, by)
    if counts.empty:
        return f'<section id="categories"><h2>{esc(words("h.categories"))}</h2><p class="note">{esc(words("categories.none"))}</p></section>'
    totals = counts.sum(axis=1).sort_values(ascending=False)
    shown = totals.index[:MAX_HEATMAP_GROUPS]
    counts = counts.loc[shown]
    shares = counts.div(counts.sum(axis=1), axis=0)
    flags = {}
    differences = tables["category_differences"]
    for row in differences[differences["flag"] != ""].itertuples():
        flags[(row.group, row.category)] = row.flag
    items = compare.items_with_group(corpus, by).dropna(subset=["category"])
    holders = notices_by(items, ["group", "category"])
    cell_w, cell_h, label_w, head_h = 62, 24, 240, 110
    width = label_w + cell_w * len(counts.columns) + 140  # room for the last rotated header
    height = head_h + cell_h * len(shown) + 10
    parts = [
        (
            f'<svg id="heatmap" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(words("categories.aria"))}">'
        )
    ]
    for j, category in enumerate(counts.columns):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(f'<text x="{x}" y="{head_h - 6}" transform="rotate(-40 {x} {head_h - 6})" font-size="11">{esc(category_label(category))}</text>')
    peak = max(float(shares.to_numpy().max()), 1e-9)
    share_array, count_array = shares.to_numpy(), counts.to_numpy()
    for i, group in enumerate(shown):
        y = head_h + i * cell_h
        name = str(group) if len(str(group)) <= 24 else str(group)[:23] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12"><title>{esc(group)}</title>{esc(name)}</text>')
        for j, category in enumerate(counts.columns):
            x = label_w + j * cell_w
            share = float(share_array[i, j])
            count = int(count_array[i, j])
            level = share / peak
            fill = f"rgb({int(255 - 224 * level)},{int(255 - 160 * level)},{int(255 - 87 * level)})"
            flag = flags.get((group, category), "")
            stroke = {"over": ' stroke="#b42318" stroke-width="2.5"', "under": ' stroke="#175cd3" stroke-width="2.5" stroke-dasharray="3 2"'}.get(
                flag, ""
            )
            mark = {"over": "▲", "under": "▼"}.get(flag, "")
            colour = "#fff" if level > 0.6 else "#1f2933"
            notice_ids = holders.get((group, category), [])
            what = words("categories.cell", group=group, label=category_label(category), count=count, pct=100 * share)
            tip = what + (" — " + words(f"categories.{flag}") if flag else "")
            cell = (
                f'<rect class="cell" x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}"{stroke}>'
                f"<title>{esc(tip)}</title></rect>"
                f'<text x="{x + cell_w / 2}" y="{y + 16}" text-anchor="middle" font-size="11" fill="{colour}">'
                f"{esc(f'{100 * share:.0f}%')}{mark}</text>"
            )
            if count:
                keys = sorted({link.index[n] for n in notice_ids if n in link.index})
                cell = f'<a href="#n{keys[0]}" data-n="{" ".join(map(str, keys))}" data-what="{esc(what)}">{cell}</a>'
            parts.append(cell)
    parts.append("</svg>")
    note = words("categories.note")
    if len(totals) > len(shown):
        note += words("categories.showing", shown=len(shown), total=len(totals))
    return (
        f'<section id="categories"><h2>{esc(words("h.categories"))}</h2><div class="scroll">{"".join(parts)}</div>'
        f'<p class="note">{esc(note)}</p>{category_bars(corpus, link, words)}</section>'
    )


def hbars(
    chart_id: str, rows: list[tuple[str, list[tuple[float, str, str]], str]], total_width: int = 520, label_w: int = 240, scale: float | None = None
) -> str:
    """Horizontal (stacked) bars: rows of (label, [(value, colour, link html attrs)], right-hand text)."""
    bar_h = 20
    peak = scale or max((sum(v for v, _, _ in segs) for _, segs, _ in rows), default=1) or 1
    height = bar_h * len(rows) + 8
    width = label_w + total_width + 110
    parts = [(f'<svg id="{chart_id}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">')]
    for i, (label, segments, right) in enumerate(rows):
        y = i * bar_h + 4
        short = label if len(label) <= 24 else label[:23] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12"><title>{esc(label)}</title>{esc(short)}</text>')
        x = float(label_w)
        for value, colour, attrs in segments:
            w = total_width * value / peak
            rect = f'<rect x="{x:.1f}" y="{y + 2}" width="{max(w, 0):.1f}" height="{bar_h - 5}" fill="{colour}"></rect>'
            parts.append(f"<a {attrs}>{rect}</a>" if attrs else rect)
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}" font-size="11">{esc(right)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def link_attrs(link: Links, notice_ids, what: str) -> str:
    keys = sorted({link.index[n] for n in notice_ids if n in link.index})
    if not keys:
        return ""
    return f'href="#n{keys[0]}" data-n="{" ".join(map(str, keys))}" data-what="{esc(what)}"'


def category_bars(corpus: compare.Corpus, link: Links, words: Words) -> str:
    items = corpus.items.dropna(subset=["category"])
    if items.empty:
        return ""
    counts = items.groupby("category").size()
    holders = notices_by(items, "category")
    rows = []
    for category in compare.category_order(counts.index):
        label = category_label(category)
        what = words("categories.bar", label=label, count=counts[category])
        rows.append(
            (
                label,
                [(float(counts[category]), "#3b82c4", link_attrs(link, holders[category], what))],
                f"{counts[category]:,} ({100 * counts[category] / counts.sum():.0f}%)",
            )
        )
    return f"<h3>{esc(words('h.category_bars'))}</h3>" + hbars("bars-categories", rows)


def concrete_section(corpus: compare.Corpus, profiles: pd.DataFrame, by: str, link: Links, words: Words) -> str:
    shown = profiles.sort_values("measures", ascending=False).head(MAX_BAR_GROUPS)
    items = compare.items_with_group(corpus, by)
    concrete_holders = notices_by(items[items["concrete"]], "group")
    stock_holders = notices_by(items[~items["concrete"]], "group")
    rows = []
    for row in shown.itertuples():
        if not row.measures:
            continue
        concrete_share = row.concrete / row.measures
        rows.append(
            (
                str(row.group),
                [
                    (
                        concrete_share,
                        "#2f855a",
                        link_attrs(link, concrete_holders.get(row.group, []), words("concrete.what", group=row.group, n=row.concrete)),
                    ),
                    (
                        1 - concrete_share,
                        "#cbd2d9",
                        link_attrs(link, stock_holders.get(row.group, []), words("concrete.stock_what", group=row.group, n=row.stock)),
                    ),
                ],
                words("concrete.right", pct=100 * concrete_share, n=row.measures),
            )
        )
    note = words("concrete.note", threshold=compare.CONCRETE_SPECIFICITY) + (
        words("concrete.showing", n=MAX_BAR_GROUPS) if len(profiles) > MAX_BAR_GROUPS else ""
    )
    return (
        f'<section id="concrete"><h2>{esc(words("h.concrete"))}</h2>{hbars("bars-concrete", rows, scale=1.0)}'
        f'<p class="note">{esc(note)}</p></section>'
    )


MAX_TERM_GROUPS = 40
TERMS_PER_GROUP = 10


def terms_section(terms: pd.DataFrame, link: Links, words: Words) -> str:
    """Distinctive words as one small bar chart per group (bar length: z), not a long table."""
    title = f'<section id="terms"><h2>{esc(words("h.terms"))}</h2>'
    if terms.empty:
        return title + f'<p class="note">{esc(words("terms.none"))}</p></section>'
    groups = terms["group"].drop_duplicates().head(MAX_TERM_GROUPS)
    shown = terms[terms["group"].isin(groups)].groupby("group").head(TERMS_PER_GROUP)
    peak = float(shown["z"].max()) or 1.0
    charts = []
    for number, (group, terms_of) in enumerate(shown.groupby("group", sort=True)):
        rows = [
            (
                str(r.term),
                [(float(r.z), "#7c5cbf", link_attrs(link, str(r.notices).split(";"), words("terms.what", group=group, term=r.term)))],
                words("terms.right", z=r.z, n=r.count_group),
            )
            for r in terms_of.itertuples(index=False)
        ]
        charts.append(
            f'<figure class="terms"><figcaption>{esc(group)}</figcaption>'
            f"{hbars(f'terms-{number}', rows, total_width=200, label_w=110, scale=peak)}</figure>"
        )
    note = words("terms.note", prior=compare.PRIOR_SIZE, n=TERMS_PER_GROUP)
    if terms["group"].nunique() > MAX_TERM_GROUPS:
        note += words("terms.showing", shown=MAX_TERM_GROUPS, total=terms["group"].nunique())
    return title + f'<div class="term-charts">{"".join(charts)}</div><p class="note">{esc(note)}</p></section>'
