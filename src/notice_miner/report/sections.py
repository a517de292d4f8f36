"""The report's sections of text and tables: summary, profiles, category differences, distinctive
words, copied measures, stock phrases and the notices table."""
from __future__ import annotations

import difflib

import pandas as pd

from notice_miner import compare
from notice_miner.report.markup import (BY_LABELS, MAX_TABLE_ROWS, Links, capped, category_label, esc, fmt,
                                        notices_by, table)

MAX_CLUSTERS = 100
MAX_CLUSTER_COLUMNS = 6
MAX_CLUSTER_PAIRS = 15
MAX_TERM_GROUPS = 40


def summary_section(corpus: compare.Corpus, tables: dict, by: str, threshold: float) -> str:
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


def profiles_section(corpus: compare.Corpus, profiles: pd.DataFrame, by: str, link: Links) -> str:
    notices = corpus.notices
    column = compare.group_column(by)
    members = notices_by(notices, column)
    stating = {name: notices_by(notices[notices[name].notna()], column) for name in compare.STATED_STATS}
    timed = {name: notices_by(notices[notices[name].notna()], column)
             for name in ("days_to_feedback", "days_to_publication")}
    headers = [("Group", False), ("Notices", True), ("Measures", True), ("Per notice", True), ("Concrete %", True),
               ("Problems (sum · notices)", True), ("Completion (mean)", True), ("Funds recovered, yuan", True),
               ("People disciplined", True), ("Rules made", True), ("Days to feedback (median [min–max])", True),
               ("Days to publication (median [min–max])", True)]
    shown, note = capped(profiles.sort_values("notices", ascending=False), MAX_TABLE_ROWS, "groups")
    rows = []
    for row in shown.itertuples(index=False):
        g = row.group
        everyone = members.get(g, [])
        cells = [(esc(g), str(g)),
                 (link(row.notices, everyone, f"{g}: notices"), row.notices),
                 (link(row.measures, everyone, f"{g}: notices of its {row.measures} measures"), row.measures),
                 (esc(fmt(row.measures_per_notice, 1)), row.measures_per_notice),
                 (link(fmt(row.concrete_pct, 0), everyone, f"{g}: notices (concrete share)"), row.concrete_pct)]
        for name, digits in (("problems_total", 0), ("completion_rate", 2), ("funds_recovered_yuan", 0),
                             ("people_disciplined", 0), ("rules_made", 0)):
            n_stating = getattr(row, f"{name}_n")
            value = getattr(row, f"{name}_mean" if name == "completion_rate" else f"{name}_sum")
            text = fmt(value, digits)
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
    return f'<section id="profiles"><h2>Profiles by {esc(BY_LABELS[by])}</h2>{table("profiles-table", headers, rows, explain)}</section>'


def differences_section(corpus: compare.Corpus, differences: pd.DataFrame, by: str, link: Links) -> str:
    title = '<section id="differences"><h2>Categories over- and under-represented</h2>'
    if differences.empty:
        return title + '<p class="note">Not enough labelled measures or groups for a test.</p></section>'
    flagged = differences[differences["flag"] != ""].sort_values("residual", key=abs, ascending=False)
    items = compare.items_with_group(corpus, by).dropna(subset=["category"])
    holders = notices_by(items, ["group", "category"])
    shown, note = capped(flagged, MAX_TABLE_ROWS, "flagged cells")
    headers = [("Group", False), ("Category", False), ("Measures", True), ("Expected", True), ("% in group", True),
               ("% in rest", True), ("Adj. residual", True), ("Holm p", True), ("", False)]
    rows = []
    for row in shown.itertuples(index=False):
        label = category_label(row.category)
        rows.append([(esc(row.group), str(row.group)), (esc(label), label),
                     (link(row.count, holders.get((row.group, row.category), []), f"{row.group} · {label}"), row.count),
                     (esc(fmt(row.expected, 1)), row.expected), (esc(fmt(row.pct_in_group, 1)), row.pct_in_group),
                     (esc(fmt(row.pct_in_rest, 1)), row.pct_in_rest), (esc(fmt(row.residual, 2)), row.residual),
                     (esc(f"{row.p_holm:.2g}"), row.p_holm),
                     (f'<span class="flag-{row.flag}">{"▲ over" if row.flag == "over" else "▼ under"}</span>', row.flag)])
    first = differences.iloc[0]
    explain = (f"Chi-square over the group × category table: χ² = {first.chi2:,.1f}, df = {first.chi2_dof}, "
               f"p = {first.chi2_p:.2g}. A cell is flagged when its adjusted standardised residual, as a two-sided "
               f"normal p-value, stays below 0.05 after Holm's correction over all {len(differences):,} cells. "
               f"Cells with few expected measures (below 5) rarely reach significance. " + note)
    if flagged.empty:
        return title + f'<p>No category differs significantly between groups.</p><p class="note">{esc(explain)}</p></section>'
    return title + table("differences-table", headers, rows, explain) + "</section>"


def terms_section(terms: pd.DataFrame, link: Links) -> str:
    title = '<section id="terms"><h2>Distinctive words</h2>'
    if terms.empty:
        return title + '<p class="note">No word is distinctive (z > 1.96) for any group.</p></section>'
    groups = terms["group"].drop_duplicates().head(MAX_TERM_GROUPS)
    shown = terms[terms["group"].isin(groups)].groupby("group").head(10)
    headers = [("Group", False), ("Word", False), ("z", True), ("Uses in group", True), ("Uses in rest", True),
               ("Per 10k words, group", True), ("Per 10k words, rest", True)]
    rows = [[(esc(r.group), str(r.group)), (esc(r.term), r.term), (esc(fmt(r.z, 2)), r.z),
             (link(r.count_group, str(r.notices).split(";"), f"{r.group}: notices using “{r.term}”"), r.count_group),
             (esc(r.count_rest), r.count_rest), (esc(fmt(r.per_10k_group, 1)), r.per_10k_group),
             (esc(fmt(r.per_10k_rest, 1)), r.per_10k_rest)] for r in shown.itertuples(index=False)]
    note = ("Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), group "
            f"against the rest, on jieba words of the measures; the prior is the corpus' word distribution scaled "
            f"to {compare.PRIOR_SIZE:g} pseudo-counts; the genre's stock phrases and stopwords are removed. "
            "Up to 10 words per group with z > 1.96.")
    if terms["group"].nunique() > MAX_TERM_GROUPS:
        note += f" Showing {MAX_TERM_GROUPS} of {terms['group'].nunique()} groups; all are in the tables."
    return title + table("terms-table", headers, rows, note) + "</section>"


def marked(reference: str, text: str, printed_reference: str | None = None, printed: str | None = None) -> str:
    """`text` with what differs from `reference` marked: <ins> added or changed, <del> left out. Compared
    on the normalised texts and shown as printed where the printed forms (same lengths) are given."""
    shown_reference = printed_reference if printed_reference and len(printed_reference) == len(reference) else reference
    shown = printed if printed and len(printed) == len(text) else text
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, reference, text, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(esc(shown[j1:j2]))
            continue
        if i2 > i1:
            out.append(f"<del>{esc(shown_reference[i1:i2])}</del>")
        if j2 > j1:
            out.append(f"<ins>{esc(shown[j1:j2])}</ins>")
    return "".join(out)


def copies_section(corpus: compare.Corpus, members: pd.DataFrame, pairs: pd.DataFrame, threshold: float, link: Links) -> str:
    title = '<section id="copies"><h2>Copied measures across agencies</h2>'
    method = (f"Measures of at least {compare.MIN_COPY_CHARS} characters from different agencies whose character "
              f"3-shingle sets have an exact Jaccard similarity ≥ {threshold:g} (candidates from MinHash LSH, "
              f"{compare.NUM_PERM} permutations), joined into clusters. In each cluster the first measure is the "
              "reference; in the others, highlighted text is added or changed and struck-through text is left out. "
              "Measures are shown as printed (full-width punctuation) and compared on their normalised text.")
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
        reference_printed = _printed(corpus, first)
        for k, member in enumerate(cluster[:MAX_CLUSTER_COLUMNS]):
            notice_id, agency = member["notice_id"], member["agency"]
            who = (f'{link(agency, [notice_id], f"{agency}, {notice_id}")} · '
                   f'{esc(notice_id)} {esc(member["item_id"])} · {esc(sources.get(notice_id, ""))}')
            body = (esc(reference_printed) if k == 0
                    else marked(reference, str(member["text"]), reference_printed, _printed(corpus, member)))
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


def _printed(corpus: compare.Corpus, member: dict) -> str:
    """A copied measure as printed (its row in the corpus's items), else its normalised text."""
    items = corpus.items
    if "text_printed" in items.columns and 0 <= member["row"] < len(items):
        return str(items["text_printed"].iat[member["row"]])
    return str(member["text"])


def stock_section(phrases: pd.DataFrame, link: Links) -> str:
    title = '<section id="stock"><h2>Most repeated stock phrases</h2>'
    if phrases.empty:
        return title + '<p class="note">No phrase repeats across notices.</p></section>'
    headers = [("Phrase", False), ("Notices", True), ("% of notices", True), ("Measures", True), ("Agencies", True)]
    rows = [[(esc(r.phrase), r.phrase), (link(r.n_notices, str(r.notices).split(";"), f"notices using “{r.phrase}”"), r.n_notices),
             (esc(fmt(r.pct_notices, 1)), r.pct_notices), (esc(r.n_measures), r.n_measures), (esc(r.n_agencies), r.n_agencies)]
            for r in phrases.itertuples(index=False)]
    note = ("Character 6-grams of the measures found in the most notices, each grown while at least 80% of its "
            "occurrences continue with the same character.")
    return title + table("stock-table", headers, rows, note) + "</section>"


def notices_section(corpus: compare.Corpus) -> str:
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
