"""The comparison report: one self-contained HTML file (inline CSS, JS and SVG; nothing fetched).

Every string that comes from a notice goes through `esc`; numbers link to the notices behind
them (a click filters the notices table, which lists each notice's source path).
"""
from __future__ import annotations

import difflib
import html
import math
from datetime import datetime
from importlib import resources
from pathlib import Path

import pandas as pd

from notice_miner import compare
from notice_miner.fileio import write_atomic, writing
from notice_miner.model import VERSION
from notice_miner.view import content_security_policy

MAX_HEATMAP_GROUPS = 60
MAX_BAR_GROUPS = 30
MAX_TABLE_ROWS = 500
MAX_CLUSTERS = 100
MAX_CLUSTER_COLUMNS = 6
MAX_CLUSTER_PAIRS = 15
MAX_TERM_GROUPS = 40
BY_LABELS = {"agency": "agency", "level": "level", "kind": "inspection kind", "year": "year", "body_type": "body type"}


def esc(value: object) -> str:
    """HTML-escape anything shown in the report, quotes included (it may land in attributes)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _asset(name: str) -> str:
    return resources.files("notice_miner").joinpath(f"data/report/{name}").read_text("utf-8")


class _Links:
    """Turns notice ids into the anchors of the notices table."""

    def __init__(self, notices: pd.DataFrame):
        self.index = {notice_id: k for k, notice_id in enumerate(notices["notice_id"])}

    def __call__(self, text: object, notice_ids, what: str) -> str:
        keys = sorted({self.index[n] for n in notice_ids if n in self.index})
        if not keys:
            return esc(text)
        return (f'<a class="nl" href="#n{keys[0]}" data-n="{" ".join(map(str, keys))}" '
                f'data-what="{esc(what)}">{esc(text)}</a>')


def _holders(frame: pd.DataFrame, keys) -> dict:
    """Notice ids per value of `keys` (a column name or a list of them: tuple keys)."""
    out: dict = {}
    columns = [keys] if isinstance(keys, str) else list(keys)
    values = [frame[c].tolist() for c in columns]
    for *key, notice_id in zip(*values, frame["notice_id"].tolist()):
        out.setdefault(key[0] if isinstance(keys, str) else tuple(key), []).append(notice_id)
    return out


def _fmt(value: object, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}"
    return str(value)


def _num(value: object) -> str:
    """The data-v attribute sorting uses."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _table(table_id: str, headers: list[tuple[str, bool]], rows: list[list[tuple[str, object]]], note: str = "") -> str:
    """A sortable table; rows are lists of (cell html, sort value or None); headers (label, numeric)."""
    head = "".join(f'<th class="{"num" if numeric else ""}">{esc(label)}</th>' for label, numeric in headers)
    body = []
    for row in rows:
        cells = []
        for (cell, value), (_, numeric) in zip(row, headers):
            attr = f' data-v="{esc(_num(value))}"' if value is not None else ""
            cells.append(f'<td class="{"num" if numeric else ""}"{attr}>{cell}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    return (f'<div class="scroll"><table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>{note_html}')


def _capped(frame: pd.DataFrame, limit: int, what: str) -> tuple[pd.DataFrame, str]:
    if len(frame) <= limit:
        return frame, ""
    return frame.head(limit), f"Showing the first {limit:,} of {len(frame):,} {what}; the full table is in the CSV/Parquet tables."


def _category_label(category: str) -> str:
    name = compare.category_names().get(category)
    return f"{name} {category}" if name else category


# ---------------------------------------------------------------- sections

def _summary(corpus: compare.Corpus, tables: dict, by: str, threshold: float) -> str:
    notices, items = corpus.notices, corpus.items
    profiles = tables["profiles"]
    labelled = items["category"].notna().sum()
    concrete = int(items["concrete"].sum())
    clusters = tables["copied_measures"]
    n_clusters = clusters["cluster"].nunique() if len(clusters) else 0
    flagged = tables["category_differences"]
    n_flagged = int((flagged["flag"] != "").sum()) if len(flagged) else 0
    cards = [
        (f"{len(notices):,}", "notices"),
        (f"{len(profiles):,}", f"groups by {BY_LABELS[by]}"),
        (f"{len(items):,}", "measures"),
        (f"{100 * labelled / max(len(items), 1):.0f}%", "measures with a category"),
        (f"{100 * concrete / max(len(items), 1):.0f}%", "concrete measures"),
        (f"{n_flagged:,}", "significant category differences"),
        (f"{n_clusters:,}", f"copied-measure clusters (Jaccard ≥ {threshold:g})"),
    ]
    notes = []
    if labelled == 0:
        notes.append("No measure carries a category label yet (the classifier left them empty): "
                     "category shares and differences are empty.")
    if len(items) and (items["specificity"] == 0).all():
        notes.append("Every measure has specificity 0: the signals were probably not computed, "
                     "so the concrete/stock split says nothing.")
    notes += corpus.warnings[:20]
    if len(corpus.warnings) > 20:
        notes.append(f"… and {len(corpus.warnings) - 20} more skipped files.")
    html_cards = "".join(f'<div class="card"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for v, k in cards)
    html_notes = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return f'<section id="summary"><h2>Summary</h2><div class="cards">{html_cards}</div>{html_notes}</section>'


def _heatmap(corpus: compare.Corpus, tables: dict, by: str, link: _Links) -> str:
    counts = compare.category_counts(corpus, by)
    if counts.empty:
        return ('<section id="categories"><h2>Measure categories by group</h2>'
                '<p class="note">No labelled measures: nothing to show.</p></section>')
    totals = counts.sum(axis=1).sort_values(ascending=False)
    shown = totals.index[:MAX_HEATMAP_GROUPS]
    counts = counts.loc[shown]
    shares = counts.div(counts.sum(axis=1), axis=0)
    flags = {}
    differences = tables["category_differences"]
    for row in differences[differences["flag"] != ""].itertuples():
        flags[(row.group, row.category)] = row.flag
    items = compare.items_with_group(corpus, by).dropna(subset=["category"])
    holders = _holders(items, ["group", "category"])
    cell_w, cell_h, label_w, head_h = 62, 24, 240, 110
    width = label_w + cell_w * len(counts.columns) + 140  # room for the last rotated header
    height = head_h + cell_h * len(shown) + 10
    parts = [(f'<svg id="heatmap" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'viewBox="0 0 {width} {height}" role="img" aria-label="share of measure categories by group">')]
    for j, category in enumerate(counts.columns):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(f'<text x="{x}" y="{head_h - 6}" transform="rotate(-40 {x} {head_h - 6})" '
                     f'font-size="11">{esc(_category_label(category))}</text>')
    peak = max(float(shares.to_numpy().max()), 1e-9)
    share_array, count_array = shares.to_numpy(), counts.to_numpy()
    for i, group in enumerate(shown):
        y = head_h + i * cell_h
        name = str(group) if len(str(group)) <= 24 else str(group)[:23] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12">'
                     f'<title>{esc(group)}</title>{esc(name)}</text>')
        for j, category in enumerate(counts.columns):
            x = label_w + j * cell_w
            share = float(share_array[i, j])
            count = int(count_array[i, j])
            level = share / peak
            fill = f"rgb({int(255 - 224 * level)},{int(255 - 160 * level)},{int(255 - 87 * level)})"
            flag = flags.get((group, category), "")
            stroke = {"over": ' stroke="#b42318" stroke-width="2.5"', "under": ' stroke="#175cd3" stroke-width="2.5" stroke-dasharray="3 2"'}.get(flag, "")
            mark = {"over": "▲", "under": "▼"}.get(flag, "")
            colour = "#fff" if level > 0.6 else "#1f2933"
            notice_ids = holders.get((group, category), [])
            what = f"{group} · {_category_label(category)}: {count} measures ({100 * share:.0f}%)"
            cell = (f'<rect class="cell" x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}"{stroke}>'
                    f'<title>{esc(what)}{" — " + flag + "-represented" if flag else ""}</title></rect>'
                    f'<text x="{x + cell_w / 2}" y="{y + 16}" text-anchor="middle" font-size="11" fill="{colour}">'
                    f'{esc(f"{100 * share:.0f}%")}{mark}</text>')
            if count:
                keys = sorted({link.index[n] for n in notice_ids if n in link.index})
                cell = (f'<a href="#n{keys[0]}" data-n="{" ".join(map(str, keys))}" data-what="{esc(what)}">{cell}</a>')
            parts.append(cell)
    parts.append("</svg>")
    note = ("Share of each group's labelled measures (first label) per category; darker is a larger share. "
            "▲ red border: over-represented, ▼ dashed blue border: under-represented "
            "(adjusted standardised residual, Holm-adjusted p < 0.05). Click a cell for its notices.")
    if len(totals) > len(shown):
        note += f" Showing the {len(shown)} groups with most labelled measures of {len(totals)}."
    return (f'<section id="categories"><h2>Measure categories by group</h2><div class="scroll">{"".join(parts)}</div>'
            f'<p class="note">{esc(note)}</p>{_category_bars(corpus, link)}</section>')


def _hbars(chart_id: str, rows: list[tuple[str, list[tuple[float, str, str]], str]], total_width: int = 520,
           label_w: int = 240, scale: float | None = None) -> str:
    """Horizontal (stacked) bars: rows of (label, [(value, colour, link html attrs)], right-hand text)."""
    bar_h = 20
    peak = scale or max((sum(v for v, _, _ in segs) for _, segs, _ in rows), default=1) or 1
    height = bar_h * len(rows) + 8
    width = label_w + total_width + 110
    parts = [(f'<svg id="{chart_id}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'viewBox="0 0 {width} {height}">')]
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


def _link_attrs(link: _Links, notice_ids, what: str) -> str:
    keys = sorted({link.index[n] for n in notice_ids if n in link.index})
    if not keys:
        return ""
    return f'href="#n{keys[0]}" data-n="{" ".join(map(str, keys))}" data-what="{esc(what)}"'


def _category_bars(corpus: compare.Corpus, link: _Links) -> str:
    items = corpus.items.dropna(subset=["category"])
    if items.empty:
        return ""
    counts = items.groupby("category").size()
    holders = _holders(items, "category")
    rows = []
    for category in compare.category_order(counts.index):
        label = _category_label(category)
        what = f"all groups · {label}: {counts[category]} measures"
        rows.append((label, [(float(counts[category]), "#3b82c4", _link_attrs(link, holders[category], what))],
                     f"{counts[category]:,} ({100 * counts[category] / counts.sum():.0f}%)"))
    return "<h3>Measures per category, whole corpus</h3>" + _hbars("bars-categories", rows)


def _concrete_bars(corpus: compare.Corpus, profiles: pd.DataFrame, by: str, link: _Links) -> str:
    shown = profiles.sort_values("measures", ascending=False).head(MAX_BAR_GROUPS)
    items = compare.items_with_group(corpus, by)
    concrete_holders = _holders(items[items["concrete"]], "group")
    stock_holders = _holders(items[~items["concrete"]], "group")
    rows = []
    for row in shown.itertuples():
        if not row.measures:
            continue
        concrete_share = row.concrete / row.measures
        rows.append((str(row.group), [
            (concrete_share, "#2f855a", _link_attrs(link, concrete_holders.get(row.group, []),
                                                    f"{row.group}: {row.concrete} concrete measures")),
            (1 - concrete_share, "#cbd2d9", _link_attrs(link, stock_holders.get(row.group, []),
                                                        f"{row.group}: {row.stock} stock measures")),
        ], f"{100 * concrete_share:.0f}% concrete of {row.measures:,}"))
    note = (f"Concrete (green): specificity ≥ {compare.CONCRETE_SPECIFICITY}; stock (grey): below."
            + (f" The {MAX_BAR_GROUPS} groups with most measures." if len(profiles) > MAX_BAR_GROUPS else ""))
    return (f'<section id="concrete"><h2>Concrete vs stock measures</h2>{_hbars("bars-concrete", rows, scale=1.0)}'
            f'<p class="note">{esc(note)}</p></section>')


def _profiles(corpus: compare.Corpus, profiles: pd.DataFrame, by: str, link: _Links) -> str:
    notices = corpus.notices
    column = compare.group_column(by)
    members = _holders(notices, column)
    stating = {name: _holders(notices[notices[name].notna()], column) for name in compare.STATED_STATS}
    timed = {name: _holders(notices[notices[name].notna()], column)
             for name in ("days_to_feedback", "days_to_publication")}
    headers = [("Group", False), ("Notices", True), ("Measures", True), ("Per notice", True), ("Concrete %", True),
               ("Problems (sum · notices)", True), ("Completion (mean)", True), ("Funds recovered, yuan", True),
               ("People disciplined", True), ("Rules made", True), ("Days to feedback (median [min–max])", True),
               ("Days to publication (median [min–max])", True)]
    shown, note = _capped(profiles.sort_values("notices", ascending=False), MAX_TABLE_ROWS, "groups")
    rows = []
    for row in shown.itertuples(index=False):
        g = row.group
        everyone = members.get(g, [])
        cells = [(esc(g), str(g)),
                 (link(row.notices, everyone, f"{g}: notices"), row.notices),
                 (link(row.measures, everyone, f"{g}: notices of its {row.measures} measures"), row.measures),
                 (esc(_fmt(row.measures_per_notice, 1)), row.measures_per_notice),
                 (link(_fmt(row.concrete_pct, 0), everyone, f"{g}: notices (concrete share)"), row.concrete_pct)]
        for name, digits in (("problems_total", 0), ("completion_rate", 2), ("funds_recovered_yuan", 0),
                             ("people_disciplined", 0), ("rules_made", 0)):
            n_stating = getattr(row, f"{name}_n")
            value = getattr(row, f"{name}_mean" if name == "completion_rate" else f"{name}_sum")
            text = _fmt(value, digits)
            shown_text = link(text, stating[name].get(g, []), f"{g}: notices stating {name}") if n_stating else ""
            suffix = f' <span class="note">· {n_stating}</span>' if n_stating else ""
            cells.append((shown_text + suffix, value))
        for name in ("days_to_feedback", "days_to_publication"):
            median = getattr(row, f"{name}_median")
            if getattr(row, f"{name}_n"):
                text = f"{median:.0f} [{getattr(row, f'{name}_min'):.0f}–{getattr(row, f'{name}_max'):.0f}]"
                cells.append((link(text, timed[name].get(g, []), f"{g}: notices with {name}"), median))
            else:
                cells.append(("", None))
        rows.append(cells)
    explain = ("“· n” is how many notices state the figure; per-notice averages (sum ÷ n) are in the tables. "
               "Completion is the mean of the stated rates. Click a number for the notices behind it; click a "
               "column header to sort. " + note)
    return f'<section id="profiles"><h2>Profiles by {esc(BY_LABELS[by])}</h2>{_table("profiles-table", headers, rows, explain)}</section>'


def _differences(corpus: compare.Corpus, differences: pd.DataFrame, by: str, link: _Links) -> str:
    title = '<section id="differences"><h2>Categories over- and under-represented</h2>'
    if differences.empty:
        return title + '<p class="note">Not enough labelled measures or groups for a test.</p></section>'
    flagged = differences[differences["flag"] != ""].sort_values("residual", key=abs, ascending=False)
    items = compare.items_with_group(corpus, by).dropna(subset=["category"])
    holders = _holders(items, ["group", "category"])
    shown, note = _capped(flagged, MAX_TABLE_ROWS, "flagged cells")
    headers = [("Group", False), ("Category", False), ("Measures", True), ("Expected", True), ("% in group", True),
               ("% in rest", True), ("Adj. residual", True), ("Holm p", True), ("", False)]
    rows = []
    for row in shown.itertuples(index=False):
        label = _category_label(row.category)
        rows.append([(esc(row.group), str(row.group)), (esc(label), label),
                     (link(row.count, holders.get((row.group, row.category), []), f"{row.group} · {label}"), row.count),
                     (esc(_fmt(row.expected, 1)), row.expected), (esc(_fmt(row.pct_in_group, 1)), row.pct_in_group),
                     (esc(_fmt(row.pct_in_rest, 1)), row.pct_in_rest), (esc(_fmt(row.residual, 2)), row.residual),
                     (esc(f"{row.p_holm:.2g}"), row.p_holm),
                     (f'<span class="flag-{row.flag}">{"▲ over" if row.flag == "over" else "▼ under"}</span>', row.flag)])
    first = differences.iloc[0]
    explain = (f"Chi-square over the group × category table: χ² = {first.chi2:,.1f}, df = {first.chi2_dof}, "
               f"p = {first.chi2_p:.2g}. A cell is flagged when its adjusted standardised residual, as a two-sided "
               f"normal p-value, stays below 0.05 after Holm's correction over all {len(differences):,} cells. "
               f"Cells with few expected measures (below 5) rarely reach significance. " + note)
    if flagged.empty:
        return title + f'<p>No category differs significantly between groups.</p><p class="note">{esc(explain)}</p></section>'
    return title + _table("differences-table", headers, rows, explain) + "</section>"


def _terms(terms: pd.DataFrame, link: _Links) -> str:
    title = '<section id="terms"><h2>Distinctive words</h2>'
    if terms.empty:
        return title + '<p class="note">No word is distinctive (z > 1.96) for any group.</p></section>'
    groups = terms["group"].drop_duplicates().head(MAX_TERM_GROUPS)
    shown = terms[terms["group"].isin(groups)].groupby("group").head(10)
    headers = [("Group", False), ("Word", False), ("z", True), ("Uses in group", True), ("Uses in rest", True),
               ("Per 10k words, group", True), ("Per 10k words, rest", True)]
    rows = [[(esc(r.group), str(r.group)), (esc(r.term), r.term), (esc(_fmt(r.z, 2)), r.z),
             (link(r.count_group, str(r.notices).split(";"), f"{r.group}: notices using “{r.term}”"), r.count_group),
             (esc(r.count_rest), r.count_rest), (esc(_fmt(r.per_10k_group, 1)), r.per_10k_group),
             (esc(_fmt(r.per_10k_rest, 1)), r.per_10k_rest)] for r in shown.itertuples(index=False)]
    note = ("Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), group "
            f"against the rest, on jieba words of the measures; the prior is the corpus' word distribution scaled "
            f"to {compare.PRIOR_SIZE:g} pseudo-counts; the genre's stock phrases and stopwords are removed. "
            "Up to 10 words per group with z > 1.96.")
    if terms["group"].nunique() > MAX_TERM_GROUPS:
        note += f" Showing {MAX_TERM_GROUPS} of {terms['group'].nunique()} groups; all are in the tables."
    return title + _table("terms-table", headers, rows, note) + "</section>"


def _marked(reference: str, text: str) -> str:
    """`text` with what differs from `reference` marked: <ins> added or changed, <del> left out."""
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, reference, text, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(esc(text[j1:j2]))
            continue
        if i2 > i1:
            out.append(f"<del>{esc(reference[i1:i2])}</del>")
        if j2 > j1:
            out.append(f"<ins>{esc(text[j1:j2])}</ins>")
    return "".join(out)


def _copies(corpus: compare.Corpus, members: pd.DataFrame, pairs: pd.DataFrame, threshold: float, link: _Links) -> str:
    title = '<section id="copies"><h2>Copied measures across agencies</h2>'
    method = (f"Measures of at least {compare.MIN_COPY_CHARS} characters from different agencies whose character "
              f"3-shingle sets have an exact Jaccard similarity ≥ {threshold:g} (candidates from MinHash LSH, "
              f"{compare.NUM_PERM} permutations), joined into clusters. In each cluster the first measure is the "
              "reference; in the others, highlighted text is added or changed and struck-through text is left out.")
    if members.empty:
        return title + f'<p>No copied measures found.</p><p class="note">{esc(method)}</p></section>'
    parts = [title, f'<p class="note">{esc(method)}</p>']
    sources = dict(zip(corpus.notices["notice_id"], corpus.notices["source_path"]))
    by_cluster: dict[int, list[dict]] = {}
    for record in members.to_dict("records"):
        by_cluster.setdefault(record["cluster"], []).append(record)
    cluster_of_row = dict(zip(members["row"].tolist(), members["cluster"].tolist()))
    pairs_of: dict[int, list[dict]] = {}
    for pair in pairs.sort_values("jaccard", ascending=False).to_dict("records"):
        pairs_of.setdefault(cluster_of_row.get(pair["a"]), []).append(pair)
    clusters = sorted(by_cluster.items())
    for number, cluster in clusters[:MAX_CLUSTERS]:
        first = cluster[0]
        agencies = sorted({str(m["agency"]) for m in cluster})
        everyone = [m["notice_id"] for m in cluster]
        parts.append(f'<div class="cluster" id="copy-{number}"><h3>Cluster {number}: {len(cluster)} measures from '
                     f'{first["n_agencies"]} agencies — '
                     f'{link(", ".join(agencies[:6]) + (" …" if len(agencies) > 6 else ""), everyone, f"copy cluster {number}")}</h3>'
                     '<div class="side">')
        reference = str(first["text"])
        for k, member in enumerate(cluster[:MAX_CLUSTER_COLUMNS]):
            notice_id, agency = member["notice_id"], member["agency"]
            who = (f'{link(agency, [notice_id], f"{agency}, {notice_id}")} · '
                   f'{esc(notice_id)} {esc(member["item_id"])} · {esc(sources.get(notice_id, ""))}')
            body = esc(reference) if k == 0 else _marked(reference, str(member["text"]))
            parts.append(f'<div><div class="who">{"reference · " if k == 0 else ""}{who}</div>{body}</div>')
        parts.append("</div>")
        if len(cluster) > MAX_CLUSTER_COLUMNS:
            parts.append(f'<p class="note">{len(cluster) - MAX_CLUSTER_COLUMNS} more members are in the tables.</p>')
        inside = pairs_of.get(number, [])
        pair_rows = [f"<tr><td>{esc(p['agency_a'])} {esc(p['notice_a'])} {esc(p['item_a'])}</td><td>{esc(p['agency_b'])} "
                     f"{esc(p['notice_b'])} {esc(p['item_b'])}</td><td class=\"num\">{p['jaccard_est']:.2f}</td>"
                     f"<td class=\"num\">{p['jaccard']:.2f}</td></tr>" for p in inside[:MAX_CLUSTER_PAIRS]]
        parts.append('<table><thead><tr><th>Measure</th><th>Measure</th><th class="num">Jaccard (MinHash estimate)</th>'
                     f'<th class="num">Jaccard (exact)</th></tr></thead><tbody>{"".join(pair_rows)}</tbody></table>')
        if len(inside) > MAX_CLUSTER_PAIRS:
            parts.append(f'<p class="note">{len(inside) - MAX_CLUSTER_PAIRS} more pairs are in the tables.</p>')
        parts.append("</div>")
    if len(clusters) > MAX_CLUSTERS:
        parts.append(f'<p class="note">Showing {MAX_CLUSTERS} of {len(clusters)} clusters (those spanning most agencies); '
                     "all are in the tables.</p>")
    parts.append("</section>")
    return "".join(parts)


def _stock(phrases: pd.DataFrame, link: _Links) -> str:
    title = '<section id="stock"><h2>Most repeated stock phrases</h2>'
    if phrases.empty:
        return title + '<p class="note">No phrase repeats across notices.</p></section>'
    headers = [("Phrase", False), ("Notices", True), ("% of notices", True), ("Measures", True), ("Agencies", True)]
    rows = [[(esc(r.phrase), r.phrase), (link(r.n_notices, str(r.notices).split(";"), f"notices using “{r.phrase}”"), r.n_notices),
             (esc(_fmt(r.pct_notices, 1)), r.pct_notices), (esc(r.n_measures), r.n_measures), (esc(r.n_agencies), r.n_agencies)]
            for r in phrases.itertuples(index=False)]
    note = ("Character 6-grams of the measures found in the most notices, each grown while at least 80% of its "
            "occurrences continue with the same character.")
    return title + _table("stock-table", headers, rows, note) + "</section>"


def _notices(corpus: compare.Corpus) -> str:
    headers = [("#", True), ("Agency", False), ("Level", False), ("Body type", False), ("Kind", False), ("Year", False),
               ("Measures", True), ("Published", False), ("Source file", False), ("JSON", False)]
    rows = []
    for k, r in enumerate(corpus.notices.itertuples(index=False)):
        rows.append(f'<tr id="n{k}"><td class="num" data-v="{k}">{k}</td><td>{esc(r.agency or r.agency_canonical)}</td>'
                    f"<td>{esc(r.level)}</td><td>{esc(r.body_type)}</td><td>{esc(r.inspection_kind)}</td><td>{esc(r.year)}</td>"
                    f'<td class="num" data-v="{r.measures}">{r.measures}</td><td>{esc(r.published)}</td>'
                    f"<td>{esc(r.source_path)}</td><td>{esc(r.json_path)}</td></tr>")
    head = "".join(f'<th class="{"num" if n else ""}">{esc(h)}</th>' for h, n in headers)
    return ('<section id="notices"><h2>Notices</h2><div id="filter-banner">Showing <span class="count"></span> notices '
            'behind: <span class="what"></span> <button id="show-all" type="button">show all</button></div>'
            f'<div class="scroll"><table class="sortable" id="notices-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>'
            f'<p class="note">Source files as recorded in each JSON; JSON paths relative to {esc(corpus.root)}.</p></section>')


def render(corpus: compare.Corpus, tables: dict[str, pd.DataFrame], *, by: str = "agency",
           threshold: float = compare.DEFAULT_THRESHOLD) -> str:
    """The whole report as one HTML string."""
    link = _Links(corpus.notices)
    sections = [
        _summary(corpus, tables, by, threshold),
        _heatmap(corpus, tables, by, link),
        _concrete_bars(corpus, tables["profiles"], by, link),
        _profiles(corpus, tables["profiles"], by, link),
        _differences(corpus, tables["category_differences"], by, link),
        _terms(tables["distinctive_terms"], link),
        _copies(corpus, tables["copied_measures"], tables["copy_pairs"], threshold, link),
        _stock(tables["stock_phrases"], link),
        _notices(corpus),
    ]
    nav = "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in (
        ("summary", "Summary"), ("categories", "Categories"), ("concrete", "Concrete"), ("profiles", "Profiles"),
        ("differences", "Differences"), ("terms", "Words"), ("copies", "Copies"), ("stock", "Stock phrases"),
        ("notices", "Notices")))
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    css, script = _asset("report.css"), _asset("report.js")
    # the page's own style sheet and script by hash, nothing else (view.content_security_policy)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"{content_security_policy(styles=(css,), scripts=(script,))}"
            f"<title>Rectification notices compared by {esc(BY_LABELS[by])}</title><style>{css}</style></head>"
            f"<body><header><h1>Rectification notices compared by {esc(BY_LABELS[by])}</h1>"
            f"<p>{len(corpus.notices):,} notices from {esc(corpus.root)} · notice-miner {esc(VERSION)} · {esc(stamp)}</p></header>"
            f"<nav>{nav}</nav><main>{''.join(sections)}</main><script>{script}</script></body></html>\n")


def write(corpus: compare.Corpus, tables: dict[str, pd.DataFrame], path: str | Path, *, by: str = "agency",
          threshold: float = compare.DEFAULT_THRESHOLD) -> Path:
    """Write the report to PATH (atomically) and return the path."""
    path = Path(path)
    page = render(corpus, tables, by=by, threshold=threshold)
    with writing(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, page)
    return path


def build_report(out_dir: str | Path, report: str | Path | None = None, *, by: str = "agency",
                 threshold: float = compare.DEFAULT_THRESHOLD,
                 tables_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Load OUT_DIR, compute every table, write the HTML report and/or the tables; return the tables."""
    compare.group_column(by)
    corpus = compare.load_outputs(out_dir)
    tables = compare.comparison_tables(corpus, by, threshold)
    if tables_dir is not None:
        compare.write_tables(tables, tables_dir)
    if report is not None:
        write(corpus, tables, report, by=by, threshold=threshold)
    return tables
