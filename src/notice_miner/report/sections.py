"""The report's sections of text and tables: summary, profiles, category differences, distinctive
words, copied measures, stock phrases and the notices table."""

from __future__ import annotations

import difflib

import pandas as pd

from notice_miner import compare
from notice_miner.lang.report_text import FORMULA, GROUP_WORDS, TEXT
from notice_miner.report.markup import MAX_TABLE_ROWS, Links, Words, capped, category_label, esc, fmt, notices_by, table

MAX_CLUSTERS = 100
MAX_CLUSTER_COLUMNS = 6
MAX_CLUSTER_PAIRS = 15


def summary_section(corpus: compare.Corpus, tables: dict, by: str, threshold: float, words: Words) -> str:
    notices, items = corpus.notices, corpus.items
    profiles = tables["profiles"]
    labelled = items["category"].notna().sum()
    concrete = int(items["concrete"].sum())
    clusters = tables["copied_measures"]
    n_clusters = clusters["cluster"].nunique() if len(clusters) else 0
    flagged = tables["category_differences"]
    n_flagged = int((flagged["flag"] != "").sum()) if len(flagged) else 0
    cards = [
        (f"{len(notices):,}", words("card.notices")),
        (f"{len(profiles):,}", words("card.groups", by=words.by(by))),
        (f"{len(items):,}", words("card.measures")),
        (f"{100 * labelled / max(len(items), 1):.0f}%", words("card.labelled")),
        (f"{100 * concrete / max(len(items), 1):.0f}%", words("card.concrete")),
        (f"{n_flagged:,}", words("card.flagged")),
        (f"{n_clusters:,}", words("card.copies", threshold=threshold)),
        (f"{corpus.duplicates_left_out:,}", words("card.duplicates")),
    ]
    notes = []
    if labelled == 0:
        notes.append(words("summary.no_labels"))
    if len(items) and (items["specificity"] == 0).all():
        notes.append(words("summary.no_specificity"))
    notes += corpus.warnings[:20]
    if len(corpus.warnings) > 20:
        notes.append(words("summary.more_skipped", n=len(corpus.warnings) - 20))
    html_cards = "".join(f'<div class="card"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for v, k in cards)
    html_notes = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return f'<section id="summary"><h2>{esc(words("h.summary"))}</h2><div class="cards">{html_cards}</div>{html_notes}</section>'


def profiles_section(corpus: compare.Corpus, profiles: pd.DataFrame, by: str, link: Links, words: Words) -> str:
    notices = corpus.notices
    column = compare.group_column(by)
    members = notices_by(notices, column)
    stating = {name: notices_by(notices[notices[name].notna()], column) for name in compare.STATED_STATS}
    timed = {name: notices_by(notices[notices[name].notna()], column) for name in ("days_to_feedback", "days_to_publication")}
    headers = [
        (words("col.group"), False),
        *(
            (words(f"col.{name}"), True)
            for name in (
                "notices",
                "measures",
                "per_notice",
                "concrete_pct",
                "problems_total",
                "completion_rate",
                "funds_recovered_yuan",
                "people_disciplined",
                "rules_made",
                "days_to_feedback",
                "days_to_publication",
            )
        ),
    ]
    shown, note = capped(profiles.sort_values("notices", ascending=False), MAX_TABLE_ROWS, words("profiles.capped"), words)
    rows = []
    for row in shown.itertuples(index=False):
        g = row.group
        everyone = members.get(g, [])
        cells = [
            (esc(g), str(g)),
            (link(row.notices, everyone, words("what.notices", group=g)), row.notices),
            (link(row.measures, everyone, words("profiles.measures_what", group=g, n=row.measures)), row.measures),
            (esc(fmt(row.measures_per_notice, 1)), row.measures_per_notice),
            (link(fmt(row.concrete_pct, 0), everyone, words("profiles.concrete_what", group=g)), row.concrete_pct),
        ]
        for name, digits in (
            ("problems_total", 0),
            ("completion_rate", 2),
            ("funds_recovered_yuan", 0),
            ("people_disciplined", 0),
            ("rules_made", 0),
        ):
            n_stating = getattr(row, f"{name}_n")
            value = getattr(row, f"{name}_mean" if name == "completion_rate" else f"{name}_sum")
            text = fmt(value, digits)
            what = words("profiles.stating_what", group=g, name=words(f"col.{name}"))
            shown_text = link(text, stating[name].get(g, []), what) if n_stating else ""
            suffix = f' <span class="note">· {n_stating}</span>' if n_stating else ""
            cells.append((shown_text + suffix, value))
        for name in ("days_to_feedback", "days_to_publication"):
            median = getattr(row, f"{name}_median")
            if getattr(row, f"{name}_n"):
                text = f"{median:.0f} [{getattr(row, f'{name}_min'):.0f}–{getattr(row, f'{name}_max'):.0f}]"
                what = words("profiles.stating_what", group=g, name=words(f"col.{name}"))
                cells.append((link(text, timed[name].get(g, []), what), median))
            else:
                cells.append(("", None))
        rows.append(cells)
    explain = words("profiles.note") + " " + note
    title = esc(words("h.profiles", by=words.by(by)))
    return f'<section id="profiles"><h2>{title}</h2>{table("profiles-table", headers, rows, explain)}</section>'


def differences_section(corpus: compare.Corpus, differences: pd.DataFrame, by: str, link: Links, words: Words) -> str:
    """The findings in plain words (Chinese or English), the table of significant cells, the formula."""
    language = words.language
    text, by_words = TEXT[language], GROUP_WORDS[language].get(by, words.by(by))
    title = f'<section id="differences"><h2>{esc(text["title"])}</h2>'
    notes = _corpus_notes(corpus, differences, by, words)
    formula = FORMULA[language].format(perm=compare.PERMUTATIONS, min=compare.MIN_NOTICES)
    if differences.empty:
        return title + notes + f'<p class="note">{esc(words("differences.empty"))}</p></section>'
    flagged = differences[differences["flag"] != ""].sort_values(["p_adjusted", "z"], key=_strength)
    # large differences that do not survive the adjustment are told too, as possibly chance
    notable = differences[
        (differences["flag"] == "") & (differences["p"] < ALPHA_NOTABLE) & ((differences["ratio"] >= 2) | (differences["ratio"] <= 0.5))
    ]
    items = compare.items_with_group(corpus, by).dropna(subset=["category"])
    holders = notices_by(items, ["group", "category"])
    told = pd.concat([flagged, notable.sort_values(["p", "z"], key=_strength)]).head(MAX_FINDINGS)
    findings = "".join(f'<p class="finding">{_finding(row, text, by_words, link, holders)}</p>' for row in told.itertuples(index=False))
    if flagged.empty:
        findings = f'<p class="finding">{esc(text["none"].format(by=by_words))}</p>' + findings
    shown, note = capped(flagged, MAX_TABLE_ROWS, words("differences.capped"), words)
    headers = [
        (words("col.group"), False),
        (words("col.category"), False),
        *((words(f"col.{name}"), True) for name in ("notices", "measures", "pct_in_group", "pct_in_rest", "diff", "ratio")),
        ("z", True),
        (words("col.p_adjusted"), True),
        (words("col.flag"), False),
    ]
    rows = []
    for row in shown.itertuples(index=False):
        label = category_label(row.category)
        few = ' <span class="few">⚠</span>' if row.few_notices else ""
        rows.append(
            [
                (esc(row.group) + few, str(row.group)),
                (esc(label), label),
                (esc(row.notices), row.notices),
                (link(row.count, holders.get((row.group, row.category), []), f"{row.group} · {label}"), row.count),
                (esc(fmt(row.pct_in_group, 1)), row.pct_in_group),
                (esc(fmt(row.pct_in_rest, 1)), row.pct_in_rest),
                (esc(f"{row.diff_pp:+.1f} [{row.diff_ci_low:+.1f}, {row.diff_ci_high:+.1f}]"), row.diff_pp),
                (esc(fmt(row.ratio, 2)), row.ratio),
                (esc(fmt(row.z, 2)), row.z),
                (esc(f"{row.p_adjusted:.2g}"), row.p_adjusted),
                (f'<span class="flag-{row.flag}">{esc(words(f"differences.{row.flag}"))}</span>', row.flag),
            ]
        )
    table_html = table("differences-table", headers, rows, note) if rows else ""
    return title + notes + findings + table_html + f'<p class="note formula">{esc(formula)}</p></section>'


MAX_FINDINGS = 12
ALPHA_NOTABLE = 0.05


def _strength(column: pd.Series) -> pd.Series:
    """Sort key: smallest adjusted p first, then largest |z|."""
    return -column.abs() if column.name == "z" else column


def _finding(row, text: dict, by_words: str, link: Links, holders: dict) -> str:
    """One flagged cell as sentences an officer can repeat."""
    words = {
        "group": row.group,
        "category": compare.category_names().get(row.category, row.category),
        "by": by_words,
        "pct_g": f"{row.pct_in_group:.1f}",
        "pct_r": f"{row.pct_in_rest:.1f}",
        "times": f"{row.ratio:.1f}" if pd.notna(row.ratio) else "∞",
        "diff": f"{abs(row.diff_pp):.1f}",
        "lo": _signed(row.diff_ci_low),
        "hi": _signed(row.diff_ci_high),
        "p": f"{row.p_adjusted:.2g}",
        "n": row.notices,
    }
    direction = "over" if row.diff_pp > 0 else "under"
    verdict = "chance" if row.flag else "maybe_chance"
    sentence = esc(text[direction].format(**words)) + " " + esc(text[verdict].format(**words))
    if row.few_notices:
        sentence += f' <b class="few">{esc(text["few"].format(**words))}</b>'
    notices = holders.get((row.group, row.category), [])
    return sentence + " " + link("→", notices, f"{row.group} · {row.category}")


def _signed(value: float) -> str:
    return "" if pd.isna(value) else f"{value:+.1f}"


def _corpus_notes(corpus: compare.Corpus, differences: pd.DataFrame, by: str, words: Words) -> str:
    """The warnings that go with every finding: small groups, duplicates left out or kept."""
    language = words.language
    text, by_words = TEXT[language], GROUP_WORDS[language].get(by, words.by(by))
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


def duplicates_section(corpus: compare.Corpus, duplicates: pd.DataFrame, link: Links, words: Words) -> str:
    """The clusters of republished notices: which one is kept, how each copy matched it."""
    title = f'<section id="duplicates"><h2>{esc(words("h.duplicates"))}</h2>'
    method = words("duplicates.method", perm=compare.NUM_PERM, shingle=compare.BODY_SHINGLE, threshold=compare.DUPLICATE_THRESHOLD) + words(
        "duplicates.method_kept" if corpus.keep_duplicates else "duplicates.method_left"
    )
    if duplicates.empty:
        return title + f'<p>{esc(words("duplicates.none"))}</p><p class="note">{esc(method)}</p></section>'
    shown, note = capped(duplicates, MAX_TABLE_ROWS, words("duplicates.capped"), words)
    headers = [
        (words(f"col.{name}"), numeric)
        for name, numeric in (
            ("cluster", True),
            ("members", True),
            ("kept", False),
            ("kind", False),
            ("similarity", True),
            ("agency", False),
            ("measures", True),
            ("source", False),
            ("notice", False),
        )
    ]
    rows = [
        [
            (esc(r.cluster), r.cluster),
            (esc(r.n_members), r.n_members),
            (esc(words("duplicates.kept" if r.kept else "duplicates.left_out")), r.kept),
            (esc(words(f"duplicates.kind.{r.kind}")), r.kind),
            (esc(fmt(r.similarity, 2)), r.similarity),
            (esc(r.agency), str(r.agency)),
            (esc(r.measures), r.measures),
            (esc(r.source_path), str(r.source_path)),
            (link(r.notice_id, [r.notice_id], words("duplicates.what", cluster=r.cluster)), str(r.notice_id)),
        ]
        for r in shown.itertuples(index=False)
    ]
    summary = words("duplicates.summary", clusters=duplicates["cluster"].nunique(), notices=len(duplicates), copies=int((~duplicates["kept"]).sum()))
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


def copies_section(corpus: compare.Corpus, members: pd.DataFrame, pairs: pd.DataFrame, threshold: float, link: Links, words: Words) -> str:
    title = f'<section id="copies"><h2>{esc(words("h.copies"))}</h2>'
    members = scoped(members, "agencies")
    method = words("copies.method", chars=compare.MIN_COPY_CHARS, threshold=threshold, perm=compare.NUM_PERM)
    if members.empty:
        return title + f'<p>{esc(words("copies.none"))}</p><p class="note">{esc(method)}</p></section>'
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
        heading = esc(words("copies.cluster", number=number, n=len(cluster), agencies=first["n_agencies"]))
        named = ", ".join(agencies[:6]) + (" …" if len(agencies) > 6 else "")
        parts.append(
            f'<div class="cluster" id="copy-{number}"><h3>{heading}'
            f'{link(named, everyone, words("copies.what", number=number))}</h3><div class="side">'
        )
        reference = str(first["text"])
        reference_printed = _printed(corpus, first)
        for k, member in enumerate(cluster[:MAX_CLUSTER_COLUMNS]):
            notice_id, agency = member["notice_id"], member["agency"]
            who = (
                f"{link(agency, [notice_id], f'{agency}, {notice_id}')} · "
                f"{esc(notice_id)} {esc(member['item_id'])} · {esc(sources.get(notice_id, ''))}"
            )
            body = esc(reference_printed) if k == 0 else marked(reference, str(member["text"]), reference_printed, _printed(corpus, member))
            reference_mark = esc(words("copies.reference")) if k == 0 else ""
            parts.append(f'<div><div class="who">{reference_mark}{who}</div>{body}</div>')
        parts.append("</div>")
        if len(cluster) > MAX_CLUSTER_COLUMNS:
            parts.append(f'<p class="note">{esc(words("copies.more_members", n=len(cluster) - MAX_CLUSTER_COLUMNS))}</p>')
        inside = pairs_of.get(number, [])
        pair_rows = [
            f"<tr><td>{esc(p['agency_a'])} {esc(p['notice_a'])} {esc(p['item_a'])}</td><td>{esc(p['agency_b'])} "
            f'{esc(p["notice_b"])} {esc(p["item_b"])}</td><td class="num">{p["jaccard_est"]:.2f}</td>'
            f'<td class="num">{p["jaccard"]:.2f}</td></tr>'
            for p in inside[:MAX_CLUSTER_PAIRS]
        ]
        measure = esc(words("col.measure"))
        parts.append(
            f"<table><thead><tr><th>{measure}</th><th>{measure}</th>"
            f'<th class="num">{esc(words("col.jaccard_est"))}</th><th class="num">{esc(words("col.jaccard"))}</th>'
            f"</tr></thead><tbody>{''.join(pair_rows)}</tbody></table>"
        )
        if len(inside) > MAX_CLUSTER_PAIRS:
            parts.append(f'<p class="note">{esc(words("copies.more_pairs", n=len(inside) - MAX_CLUSTER_PAIRS))}</p>')
        parts.append("</div>")
    if len(clusters) > MAX_CLUSTERS:
        parts.append(f'<p class="note">{esc(words("copies.showing", shown=MAX_CLUSTERS, total=len(clusters)))}</p>')
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


def reuse_section(members: pd.DataFrame, link: Links, words: Words) -> str:
    """Measures one agency re-uses across its own notices: one row per cluster."""
    title = f'<section id="reuse"><h2>{esc(words("h.reuse"))}</h2>'
    method = words("reuse.method")
    own = scoped(members, "agency")
    if own.empty:
        return title + f'<p>{esc(words("reuse.none"))}</p><p class="note">{esc(method)}</p></section>'
    rows = []
    clusters = own.groupby("cluster", sort=True)
    for number, cluster in list(clusters)[:MAX_CLUSTERS]:
        first = cluster.iloc[0]
        notices = cluster["notice_id"].tolist()
        rows.append(
            [
                (esc(first["agency"]), str(first["agency"])),
                (link(first["n_notices"], notices, words("reuse.what", agency=first["agency"], number=number)), first["n_notices"]),
                (esc(first["text"]), str(first["text"])),
                (esc(fmt(cluster["max_jaccard"].min(), 2)), cluster["max_jaccard"].min()),
            ]
        )
    by_agency = own.groupby("agency")["cluster"].nunique().sort_values(ascending=False)
    lead = "; ".join(f"{agency}: {count}" for agency, count in by_agency.head(10).items())
    note = method + (words("reuse.showing", shown=MAX_CLUSTERS, total=clusters.ngroups) if clusters.ngroups > MAX_CLUSTERS else "")
    headers = [(words("col.agency"), False), (words("col.notices"), True), (words("col.first_measure"), False), (words("col.lowest_jaccard"), True)]
    return title + f"<p>{esc(words('reuse.lead', lead=lead))}</p>" + table("reuse-table", headers, rows, note) + "</section>"


def stock_section(phrases: pd.DataFrame, link: Links, words: Words) -> str:
    title = f'<section id="stock"><h2>{esc(words("h.stock"))}</h2>'
    if phrases.empty:
        return title + f'<p class="note">{esc(words("stock.none"))}</p></section>'
    headers = [(words("col.phrase"), False), *((words(f"col.{name}"), True) for name in ("notices", "pct_notices", "measures", "agencies"))]
    rows = [
        [
            (esc(r.phrase), r.phrase),
            (link(r.n_notices, str(r.notices).split(";"), words("stock.what", phrase=r.phrase)), r.n_notices),
            (esc(fmt(r.pct_notices, 1)), r.pct_notices),
            (esc(r.n_measures), r.n_measures),
            (esc(r.n_agencies), r.n_agencies),
        ]
        for r in phrases.itertuples(index=False)
    ]
    return title + table("stock-table", headers, rows, words("stock.note")) + "</section>"


def notices_section(corpus: compare.Corpus, words: Words) -> str:
    headers = [
        (words(f"col.{name}"), numeric)
        for name, numeric in (
            ("number", True),
            ("agency", False),
            ("level", False),
            ("body_type", False),
            ("inspection_kind", False),
            ("year", False),
            ("measures", True),
            ("published", False),
            ("source", False),
            ("json", False),
        )
    ]
    rows = []
    for k, r in enumerate(corpus.notices.itertuples(index=False)):
        rows.append(
            f'<tr id="n{k}"><td class="num" data-v="{k}">{k}</td><td>{esc(r.agency or r.agency_canonical)}</td>'
            f"<td>{esc(r.level)}</td><td>{esc(r.body_type)}</td><td>{esc(r.inspection_kind)}</td><td>{esc(r.year)}</td>"
            f'<td class="num" data-v="{r.measures}">{r.measures}</td><td>{esc(r.published)}</td>'
            f"<td>{esc(r.source_path)}</td><td>{esc(r.json_path)}</td></tr>"
        )
    head = "".join(f'<th class="{"num" if n else ""}">{esc(h)}</th>' for h, n in headers)
    # the banner's markup is the language table's: its spans are filled in by report.js
    return (
        f'<section id="notices"><h2>{esc(words("h.notices"))}</h2><div id="filter-banner">{words("notices.banner")} '
        f'<button id="show-all" type="button">{esc(words("notices.show_all"))}</button></div>'
        f'<div class="scroll"><table class="sortable" id="notices-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<p class="note">{esc(words("notices.note", root=corpus.root))}</p></section>'
    )
