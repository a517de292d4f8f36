"""The report's sections of text and tables: summary, profiles, category differences, distinctive
words, copied measures, stock phrases and the notices table."""
from __future__ import annotations

import difflib

import pandas as pd

from notice_miner import compare
from notice_miner.lang.report_text import FORMULA, GROUP_WORDS, TEXT
from notice_miner.report.markup import (BY_LABELS, MAX_TABLE_ROWS, Links, capped, category_label, esc, fmt,
                                        notices_by, table)

MAX_CLUSTERS = 100
MAX_CLUSTER_COLUMNS = 6
MAX_CLUSTER_PAIRS = 15


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
        (f"{corpus.duplicates_left_out:,}", "duplicate notices left out"),
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


def differences_section(corpus: compare.Corpus, differences: pd.DataFrame, by: str, link: Links,
                        language: str = "zh") -> str:
    """The findings in plain words (Chinese or English), the table of significant cells, the formula."""
    text, by_words = TEXT[language], GROUP_WORDS[language][by]
    title = f'<section id="differences"><h2>{esc(text["title"])}</h2>'
    notes = _corpus_notes(corpus, differences, by, language)
    formula = FORMULA[language].format(perm=compare.PERMUTATIONS, min=compare.MIN_NOTICES)
    if differences.empty:
        return title + notes + '<p class="note">Not enough labelled measures or groups for a test.</p></section>'
    flagged = differences[differences["flag"] != ""].sort_values(["p_adjusted", "z"], key=_strength)
    # large differences that do not survive the adjustment are told too, as possibly chance
    notable = differences[(differences["flag"] == "") & (differences["p"] < ALPHA_NOTABLE)
                          & ((differences["ratio"] >= 2) | (differences["ratio"] <= 0.5))]
    items = compare.items_with_group(corpus, by).dropna(subset=["category"])
    holders = notices_by(items, ["group", "category"])
    told = pd.concat([flagged, notable.sort_values(["p", "z"], key=_strength)]).head(MAX_FINDINGS)
    findings = "".join(f'<p class="finding">{_finding(row, text, by_words, link, holders)}</p>'
                       for row in told.itertuples(index=False))
    if flagged.empty:
        findings = f'<p class="finding">{esc(text["none"].format(by=by_words))}</p>' + findings
    shown, note = capped(flagged, MAX_TABLE_ROWS, "flagged cells")
    headers = [("Group", False), ("Category", False), ("Notices", True), ("Measures", True), ("% in group", True),
               ("% in rest", True), ("Difference, points [95% CI]", True), ("Ratio", True), ("z", True),
               ("Adjusted p", True), ("", False)]
    rows = []
    for row in shown.itertuples(index=False):
        label = category_label(row.category)
        few = ' <span class="few">⚠</span>' if row.few_notices else ""
        rows.append([(esc(row.group) + few, str(row.group)), (esc(label), label), (esc(row.notices), row.notices),
                     (link(row.count, holders.get((row.group, row.category), []), f"{row.group} · {label}"), row.count),
                     (esc(fmt(row.pct_in_group, 1)), row.pct_in_group), (esc(fmt(row.pct_in_rest, 1)), row.pct_in_rest),
                     (esc(f"{row.diff_pp:+.1f} [{row.diff_ci_low:+.1f}, {row.diff_ci_high:+.1f}]"), row.diff_pp),
                     (esc(fmt(row.ratio, 2)), row.ratio), (esc(fmt(row.z, 2)), row.z),
                     (esc(f"{row.p_adjusted:.2g}"), row.p_adjusted),
                     (f'<span class="flag-{row.flag}">{"▲ over" if row.flag == "over" else "▼ under"}</span>', row.flag)])
    table_html = table("differences-table", headers, rows, note) if rows else ""
    return title + notes + findings + table_html + f'<p class="note formula">{esc(formula)}</p></section>'


MAX_FINDINGS = 12
ALPHA_NOTABLE = 0.05


def _strength(column: pd.Series) -> pd.Series:
    """Sort key: smallest adjusted p first, then largest |z|."""
    return -column.abs() if column.name == "z" else column


def _finding(row, text: dict, by_words: str, link: Links, holders: dict) -> str:
    """One flagged cell as sentences an officer can repeat."""
    words = {"group": row.group, "category": compare.category_names().get(row.category, row.category), "by": by_words,
             "pct_g": f"{row.pct_in_group:.1f}", "pct_r": f"{row.pct_in_rest:.1f}",
             "times": f"{row.ratio:.1f}" if pd.notna(row.ratio) else "∞", "diff": f"{abs(row.diff_pp):.1f}",
             "lo": _signed(row.diff_ci_low), "hi": _signed(row.diff_ci_high), "p": f"{row.p_adjusted:.2g}",
             "n": row.notices}
    direction = "over" if row.diff_pp > 0 else "under"
    verdict = "chance" if row.flag else "maybe_chance"
    sentence = esc(text[direction].format(**words)) + " " + esc(text[verdict].format(**words))
    if row.few_notices:
        sentence += f' <b class="few">{esc(text["few"].format(**words))}</b>'
    notices = holders.get((row.group, row.category), [])
    return sentence + " " + link("→", notices, f"{row.group} · {row.category}")


def _signed(value: float) -> str:
    return "" if pd.isna(value) else f"{value:+.1f}"


def _corpus_notes(corpus: compare.Corpus, differences: pd.DataFrame, by: str, language: str) -> str:
    """The warnings that go with every finding: small groups, duplicates left out or kept."""
    text, by_words = TEXT[language], GROUP_WORDS[language][by]
    notes = []
    sizes = corpus.notices.groupby(compare.group_column(by)).size()
    small = int((sizes < compare.MIN_NOTICES).sum())
    if small:
        notes.append(text["small_groups"].format(k=small, m=len(sizes), min=compare.MIN_NOTICES, by=by_words))
    duplicates = corpus.duplicates
    if not duplicates.empty:
        key = "duplicates_kept" if corpus.keep_duplicates else "duplicates"
        notes.append(text[key].format(clusters=duplicates["cluster"].nunique(), extra=int((~duplicates["kept"]).sum())))
    return "".join(f'<p class="warning">{esc(n)}</p>' for n in notes)


def duplicates_section(corpus: compare.Corpus, duplicates: pd.DataFrame, link: Links) -> str:
    """The clusters of republished notices: which one is kept, how each copy matched it."""
    title = '<section id="duplicates"><h2>Duplicate notices</h2>'
    method = (f"Exact: the same normalised text (sha256). Near: the MinHash estimate ({compare.NUM_PERM} permutations) "
              f"of the Jaccard similarity of the notice bodies' character {compare.BODY_SHINGLE}-shingles is at least "
              f"{compare.DUPLICATE_THRESHOLD:g} (the body runs from the first section or measure to the end of the last, so "
              "page chrome does not count). Of each cluster the notice with most measures is kept for every figure "
              "of this report" + (" — here all are counted, as asked (--keep-duplicates)." if corpus.keep_duplicates
                                  else "; the others are left out."))
    if duplicates.empty:
        return title + f'<p>No notice was found twice.</p><p class="note">{esc(method)}</p></section>'
    shown, note = capped(duplicates, MAX_TABLE_ROWS, "members")
    headers = [("Cluster", True), ("Members", True), ("", False), ("Kind", False), ("Similarity", True),
               ("Agency", False), ("Measures", True), ("Source file", False), ("Notice", False)]
    rows = [[(esc(r.cluster), r.cluster), (esc(r.n_members), r.n_members), (esc("kept" if r.kept else "left out"), r.kept),
             (esc(r.kind), r.kind), (esc(fmt(r.similarity, 2)), r.similarity), (esc(r.agency), str(r.agency)),
             (esc(r.measures), r.measures), (esc(r.source_path), str(r.source_path)),
             (link(r.notice_id, [r.notice_id], f"duplicate cluster {r.cluster}"), str(r.notice_id))]
            for r in shown.itertuples(index=False)]
    summary = (f"{duplicates['cluster'].nunique():,} clusters, {len(duplicates):,} notices, "
               f"{int((~duplicates['kept']).sum()):,} copies.")
    return title + f"<p>{esc(summary)}</p>" + table("duplicates-table", headers, rows, method + " " + note) + "</section>"


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
    members = scoped(members, "agencies")
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


def scoped(members: pd.DataFrame, scope: str) -> pd.DataFrame:
    """The copy clusters of one scope: "agencies" (copied across) or "agency" (re-used within one)."""
    return members[members["scope"] == scope] if len(members) else members


def reuse_section(members: pd.DataFrame, link: Links) -> str:
    """Measures one agency re-uses across its own notices: one row per cluster."""
    title = '<section id="reuse"><h2>Measures re-used within one agency</h2>'
    method = ("Clusters of near-identical measures (the copy test above) whose members all come from one agency's "
              "different notices: the agency repeats its own measure from notice to notice.")
    own = scoped(members, "agency")
    if own.empty:
        return title + f'<p>No agency re-uses a measure across its own notices.</p><p class="note">{esc(method)}</p></section>'
    rows = []
    clusters = own.groupby("cluster", sort=True)
    for number, cluster in list(clusters)[:MAX_CLUSTERS]:
        first = cluster.iloc[0]
        notices = cluster["notice_id"].tolist()
        rows.append([(esc(first["agency"]), str(first["agency"])),
                     (link(first["n_notices"], notices, f"{first['agency']}: re-used measure {number}"), first["n_notices"]),
                     (esc(first["text"]), str(first["text"])), (esc(fmt(cluster["max_jaccard"].min(), 2)),
                                                                 cluster["max_jaccard"].min())])
    by_agency = own.groupby("agency")["cluster"].nunique().sort_values(ascending=False)
    lead = "; ".join(f"{agency}: {count}" for agency, count in by_agency.head(10).items())
    note = method + (f" Showing {MAX_CLUSTERS} of {clusters.ngroups} clusters; all are in the tables."
                     if clusters.ngroups > MAX_CLUSTERS else "")
    headers = [("Agency", False), ("Notices", True), ("Measure (first)", False), ("Lowest Jaccard", True)]
    return (title + f"<p>{esc(f'Re-used measures per agency: {lead}.')}</p>" + table("reuse-table", headers, rows, note)
            + "</section>")


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
