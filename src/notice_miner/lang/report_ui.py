"""Every visible string of the comparison report, the `compare` summary and the `show` page:
key -> (Chinese, English).

Chinese is the default (`--lang zh`), English on request (`--lang en`). Placeholders are
`str.format` fields filled by the report builders; the plain-words findings and the formula are in
`report_text`.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
HTML_LANG = {"zh": "zh-CN", "en": "en"}

UI: dict[str, tuple[str, str]] = {
    # page and navigation
    "page.title": ("整改通报比较（按{by}）", "Rectification notices compared by {by}"),
    "page.meta": ("{n:,}份通报，来自{root} · notice-miner {version} · {stamp}", "{n:,} notices from {root} · notice-miner {version} · {stamp}"),
    "nav.summary": ("概况", "Summary"),
    "nav.categories": ("措施类别", "Categories"),
    "nav.concrete": ("具体措施", "Concrete"),
    "nav.profiles": ("分组概况", "Profiles"),
    "nav.differences": ("主要发现", "Findings"),
    "nav.terms": ("特色词", "Words"),
    "nav.copies": ("雷同措施", "Copies"),
    "nav.reuse": ("重复使用", "Re-used"),
    "nav.stock": ("套话", "Stock phrases"),
    "nav.quality": ("整改质量", "Quality"),
    "nav.duplicates": ("重复通报", "Duplicates"),
    "nav.notices": ("通报列表", "Notices"),
    # what the notices are grouped by
    "by.agency": ("单位", "agency"),
    "by.level": ("层级", "level"),
    "by.kind": ("巡察类型", "inspection kind"),
    "by.year": ("年份", "year"),
    "by.body_type": ("单位类型", "body type"),
    "by.region": ("地区", "region"),
    "by.team": ("巡察组", "inspection team"),
    "by.inspector": ("巡察组", "inspection team"),
    # shared pieces
    "capped": (
        "仅显示前{limit:,}行（共{total:,}行{what}）；完整表格见CSV/Parquet表。",
        "Showing the first {limit:,} of {total:,} {what}; the full table is in the CSV/Parquet tables.",
    ),
    "col.group": ("组", "Group"),
    "col.notices": ("通报数", "Notices"),
    "col.measures": ("措施数", "Measures"),
    "col.agency": ("单位", "Agency"),
    "col.source": ("源文件", "Source file"),
    "what.notices": ("{group}：通报", "{group}: notices"),
    # summary
    "h.summary": ("概况", "Summary"),
    "card.notices": ("份通报", "notices"),
    "card.groups": ("个组（按{by}）", "groups by {by}"),
    "card.measures": ("条措施", "measures"),
    "card.labelled": ("的措施已分类", "measures with a category"),
    "card.concrete": ("的措施较具体", "concrete measures"),
    "card.flagged": ("项显著的类别差异", "significant category differences"),
    "card.copies": ("组雷同措施（Jaccard ≥ {threshold:g}）", "copied-measure clusters (Jaccard ≥ {threshold:g})"),
    "card.duplicates": ("份重复通报未计入", "duplicate notices left out"),
    "summary.no_labels": (
        "还没有任何措施带有类别标签（分类器未给出类别）：类别占比和差异为空。",
        "No measure carries a category label yet (the classifier left them empty): category shares and differences are empty.",
    ),
    "summary.no_specificity": (
        "所有措施的具体程度都是0：相关信号可能没有计算，具体/套话的划分不说明问题。",
        "Every measure has specificity 0: the signals were probably not computed, so the concrete/stock split says nothing.",
    ),
    "summary.more_skipped": ("……另有{n}个文件被跳过。", "… and {n} more skipped files."),
    # category heatmap and bars
    "h.categories": ("各组的措施类别", "Measure categories by group"),
    "categories.none": ("没有已分类的措施：无可显示。", "No labelled measures: nothing to show."),
    "categories.aria": ("各组措施类别占比", "share of measure categories by group"),
    "categories.cell": ("{group} · {label}：{count}条措施（{pct:.0f}%）", "{group} · {label}: {count} measures ({pct:.0f}%)"),
    "categories.over": ("偏高", "over-represented"),
    "categories.under": ("偏低", "under-represented"),
    "categories.note": (
        "每组已分类措施（按第一个标签）在各类别中的占比，颜色越深占比越大。▲红框：偏高，▼蓝色虚线框：偏低"
        "（以通报为单位的置换检验，校正后p < 0.05）。点击格子查看对应通报。",
        "Share of each group's labelled measures (first label) per category; darker is a larger share. "
        "▲ red border: over-represented, ▼ dashed blue border: under-represented "
        "(permutation test over notices, adjusted p < 0.05). Click a cell for its notices.",
    ),
    "categories.showing": (
        "仅显示已分类措施最多的{shown}个组（共{total}个）。",
        " Showing the {shown} groups with most labelled measures of {total}.",
    ),
    "h.category_bars": ("全库各类别措施数", "Measures per category, whole corpus"),
    "categories.bar": ("全部组 · {label}：{count}条措施", "all groups · {label}: {count} measures"),
    # concrete vs stock
    "h.concrete": ("具体措施与套话措施", "Concrete vs stock measures"),
    "concrete.right": ("{n:,}条中{pct:.0f}%较具体", "{pct:.0f}% concrete of {n:,}"),
    "concrete.what": ("{group}：{n}条具体措施", "{group}: {n} concrete measures"),
    "concrete.stock_what": ("{group}：{n}条套话措施", "{group}: {n} stock measures"),
    "concrete.note": (
        "具体（绿色）：具体程度 ≥ {threshold}；套话（灰色）：低于此值。",
        "Concrete (green): specificity ≥ {threshold}; stock (grey): below.",
    ),
    "concrete.showing": ("显示措施最多的{n}个组。", " The {n} groups with most measures."),
    # profiles
    "h.profiles": ("分组概况（按{by}）", "Profiles by {by}"),
    "col.per_notice": ("每份通报措施数", "Per notice"),
    "col.concrete_pct": ("具体措施%", "Concrete %"),
    "col.problems_total": ("问题数（合计 · 通报数）", "Problems (sum · notices)"),
    "col.completion_rate": ("整改完成率（平均）", "Completion (mean)"),
    "col.funds_recovered_yuan": ("追缴资金（元）", "Funds recovered, yuan"),
    "col.people_disciplined": ("处理人数", "People disciplined"),
    "col.rules_made": ("制定制度数", "Rules made"),
    "col.days_to_feedback": ("反馈用时（天，中位数[最小–最大]）", "Days to feedback (median [min–max])"),
    "col.days_to_publication": ("公开用时（天，中位数[最小–最大]）", "Days to publication (median [min–max])"),
    "profiles.measures_what": ("{group}：其{n}条措施所在的通报", "{group}: notices of its {n} measures"),
    "profiles.concrete_what": ("{group}：通报（具体措施占比）", "{group}: notices (concrete share)"),
    "profiles.stating_what": ("{group}：写明“{name}”的通报", "{group}: notices stating {name}"),
    "profiles.note": (
        "“· n”表示有多少份通报写明了该数字；每份通报的平均值（合计 ÷ n）见表格文件。完成率是写明的完成率的平均值。"
        "点击数字查看对应通报；点击列标题排序。",
        "“· n” is how many notices state the figure; per-notice averages (sum ÷ n) are in the tables. "
        "Completion is the mean of the stated rates. Click a number for the notices behind it; click a "
        "column header to sort.",
    ),
    "profiles.capped": ("个组", "groups"),
    # findings table
    "differences.empty": ("已分类的措施或组太少，无法检验。", "Not enough labelled measures or groups for a test."),
    "col.category": ("类别", "Category"),
    "col.pct_in_group": ("组内占比%", "% in group"),
    "col.pct_in_rest": ("其余各组占比%", "% in rest"),
    "col.diff": ("差（百分点）[95%置信区间]", "Difference, points [95% CI]"),
    "col.ratio": ("倍数", "Ratio"),
    "col.p_adjusted": ("校正后p", "Adjusted p"),
    "col.flag": ("方向", "Direction"),
    "differences.over": ("▲ 偏高", "▲ over"),
    "differences.under": ("▼ 偏低", "▼ under"),
    "differences.capped": ("个显著格", "flagged cells"),
    # distinctive words
    "h.terms": ("各组特色词", "Distinctive words"),
    "terms.none": ("没有哪个词对任何组有显著特色（z > 1.96）。", "No word is distinctive (z > 1.96) for any group."),
    "terms.what": ("{group}：使用“{term}”的通报", "{group}: notices using “{term}”"),
    "terms.right": ("z {z:.1f} · {n}次", "z {z:.1f} · {n}×"),
    "terms.note": (
        "条长：带信息性狄利克雷先验的加权对数几率比的z值（Monroe、Colaresi和Quinn 2008），该组对其余各组，"
        "基于措施的jieba分词；先验为全库词频分布，缩放为{prior:g}个伪计数；已去除本文体的套话和停用词。"
        "每组最多{n}个z > 1.96的词；“n次”为该组使用该词的次数。点击条形查看使用该词的通报。",
        "Bar length: z of the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & "
        "Quinn 2008), group against the rest, on jieba words of the measures; the prior is the corpus' word "
        "distribution scaled to {prior:g} pseudo-counts; the genre's stock phrases and stopwords are "
        "removed. Up to {n} words per group with z > 1.96; “n×” is how often the group uses the word. "
        "Click a bar for the notices using the word.",
    ),
    "terms.showing": ("仅显示{shown}个组（共{total}个）；全部见表格文件。", " Showing {shown} of {total} groups; all are in the tables."),
    # copied measures
    "h.copies": ("不同单位之间的雷同措施", "Copied measures across agencies"),
    "copies.method": (
        "来自不同单位、至少{chars}个字的措施，其字符3-gram集合的精确Jaccard相似度 ≥ {threshold:g}"
        "（候选对由MinHash LSH给出，{perm}个置换），合并成组。每组第一条措施为参照；其余措施中，高亮为增加或改动的文字，"
        "删除线为省去的文字。措施按原文标点显示，按规范化文本比较。",
        "Measures of at least {chars} characters from different agencies whose character "
        "3-shingle sets have an exact Jaccard similarity ≥ {threshold:g} (candidates from MinHash LSH, "
        "{perm} permutations), joined into clusters. In each cluster the first measure is the "
        "reference; in the others, highlighted text is added or changed and struck-through text is left out. "
        "Measures are shown as printed (full-width punctuation) and compared on their normalised text.",
    ),
    "copies.none": ("未发现雷同措施。", "No copied measures found."),
    "copies.cluster": ("第{number}组：{n}条措施，来自{agencies}个单位 — ", "Cluster {number}: {n} measures from {agencies} agencies — "),
    "copies.what": ("雷同措施第{number}组", "copy cluster {number}"),
    "copies.reference": ("参照 · ", "reference · "),
    "copies.more_members": ("另有{n}条措施见表格文件。", "{n} more members are in the tables."),
    "col.measure": ("措施", "Measure"),
    "col.jaccard_est": ("Jaccard相似度（MinHash估计）", "Jaccard (MinHash estimate)"),
    "col.jaccard": ("Jaccard相似度（精确）", "Jaccard (exact)"),
    "copies.more_pairs": ("另有{n}对见表格文件。", "{n} more pairs are in the tables."),
    "copies.showing": (
        "仅显示{shown}组（共{total}组，涉及单位最多者）；全部见表格文件。",
        "Showing {shown} of {total} clusters (those spanning most agencies); all are in the tables.",
    ),
    # re-used within one agency
    "h.reuse": ("同一单位重复使用的措施", "Measures re-used within one agency"),
    "reuse.method": (
        "近乎相同的措施组（同上文的雷同检测），其成员都来自同一单位的不同通报：该单位在各份通报中重复同一条措施。",
        "Clusters of near-identical measures (the copy test above) whose members all come from one agency's "
        "different notices: the agency repeats its own measure from notice to notice.",
    ),
    "reuse.none": ("没有单位在自己的不同通报中重复使用措施。", "No agency re-uses a measure across its own notices."),
    "reuse.what": ("{agency}：重复使用的措施{number}", "{agency}: re-used measure {number}"),
    "reuse.showing": ("仅显示{shown}组（共{total}组）；全部见表格文件。", " Showing {shown} of {total} clusters; all are in the tables."),
    "reuse.lead": ("各单位重复使用的措施数：{lead}。", "Re-used measures per agency: {lead}."),
    "col.first_measure": ("措施（第一条）", "Measure (first)"),
    "col.lowest_jaccard": ("最低Jaccard相似度", "Lowest Jaccard"),
    # stock phrases
    "h.stock": ("最常重复的套话", "Most repeated stock phrases"),
    "stock.none": ("没有在多份通报中重复的短语。", "No phrase repeats across notices."),
    "col.phrase": ("短语", "Phrase"),
    "col.pct_notices": ("通报占比%", "% of notices"),
    "col.agencies": ("单位数", "Agencies"),
    "stock.what": ("使用“{phrase}”的通报", "notices using “{phrase}”"),
    "stock.note": (
        "出现在最多通报中的措施字符6-gram，只要其出现处至少80%后接同一个字就继续延长。",
        "Character 6-grams of the measures found in the most notices, each grown while at least 80% of its "
        "occurrences continue with the same character.",
    ),
    # rectification quality
    "h.quality": ("整改质量", "Rectification quality"),
    "quality.intro": (
        "每份通报按默认评分表（data/check_sheet.toml；`notice-miner check --sheet`可换用其他评分表）计0–100分。"
        "缺少某要素的措施占比合并计算该组各通报的措施。",
        "Each notice's checks scored 0–100 on the default sheet (data/check_sheet.toml; "
        "`notice-miner check --sheet` scores on another). Shares of measures lacking an element pool the "
        "measures of the group's notices.",
    ),
    "quality.none": (
        "没有通报带有检查结果（输出是用--no-checks或在2.1版输出格式之前写的）。",
        "No notice carries checks (the outputs were written with --no-checks or before schema 2.1).",
    ),
    "col.score_mean": ("平均分", "Score mean"),
    "col.score_median": ("中位数", "Median"),
    "col.score_range": ("最低–最高", "Min–max"),
    "col.score_band": ("得分{band}", "Score {band}"),
    "col.lacking.responsible": ("无责任人%", "No responsible %"),
    "col.lacking.deadline": ("无时限%", "No deadline %"),
    "col.lacking.target": ("无目标%", "No target %"),
    "col.arithmetic_failing": ("数字对不上", "Arithmetic failing"),
    "quality.checked_what": ("{group}：已检查的通报", "{group}: notices checked"),
    "quality.band_what": ("{group}：得分{band}", "{group}: score {band}"),
    "quality.failing_what": ("{group}：数字对不上的通报", "{group}: figures that do not add up"),
    # duplicate notices
    "h.duplicates": ("重复发布的通报", "Duplicate notices"),
    "duplicates.method": (
        "完全相同：规范化文本相同（sha256）。近似相同：通报正文字符{shingle}-gram的Jaccard相似度的MinHash估计"
        "（{perm}个置换）不低于{threshold:g}（正文从第一个部分或措施起到最后一个止，网页外框不计）。"
        "每组保留措施最多的一份通报用于本报告的所有数字",
        "Exact: the same normalised text (sha256). Near: the MinHash estimate ({perm} permutations) "
        "of the Jaccard similarity of the notice bodies' character {shingle}-shingles is at least "
        "{threshold:g} (the body runs from the first section or measure to the end of the last, so "
        "page chrome does not count). Of each cluster the notice with most measures is kept for every "
        "figure of this report",
    ),
    "duplicates.method_kept": ("——按要求（--keep-duplicates）这里全部计入。", " — here all are counted, as asked (--keep-duplicates)."),
    "duplicates.method_left": ("；其余的不计入。", "; the others are left out."),
    "duplicates.none": ("没有发现重复的通报。", "No notice was found twice."),
    "col.cluster": ("组号", "Cluster"),
    "col.members": ("成员数", "Members"),
    "col.kept": ("是否计入", "Counted"),
    "col.kind": ("方式", "Kind"),
    "col.similarity": ("相似度", "Similarity"),
    "col.notice": ("通报", "Notice"),
    "duplicates.kept": ("计入", "kept"),
    "duplicates.left_out": ("未计入", "left out"),
    "duplicates.kind.kept": ("保留", "kept"),
    "duplicates.kind.exact": ("完全相同", "exact"),
    "duplicates.kind.near": ("近似相同", "near"),
    "duplicates.what": ("重复通报第{cluster}组", "duplicate cluster {cluster}"),
    "duplicates.summary": ("{clusters:,}组，{notices:,}份通报，{copies:,}份副本。", "{clusters:,} clusters, {notices:,} notices, {copies:,} copies."),
    "duplicates.capped": ("份通报", "members"),
    # notices table
    "h.notices": ("通报列表", "Notices"),
    "col.number": ("序号", "#"),
    "col.level": ("层级", "Level"),
    "col.body_type": ("单位类型", "Body type"),
    "col.inspection_kind": ("巡察类型", "Kind"),
    "col.year": ("年份", "Year"),
    "col.published": ("发布日期", "Published"),
    "col.json": ("JSON文件", "JSON"),
    "notices.banner": (
        '显示以下内容对应的<span class="count"></span>份通报：<span class="what"></span>',
        'Showing <span class="count"></span> notices behind: <span class="what"></span>',
    ),
    "notices.show_all": ("显示全部", "show all"),
    "notices.note": ("源文件按各JSON中的记录；JSON路径相对于{root}。", "Source files as recorded in each JSON; JSON paths relative to {root}."),
    # the terminal summary of `compare`
    "cli.summary": (
        "{notices}份通报，{measures}条措施，按{by}分为{groups}组；{flagged}项显著的类别差异；{clusters}组雷同措施",
        "{notices} notices, {measures} measures in {groups} groups by {by}; {flagged} significant category "
        "differences; {clusters} copied-measure clusters",
    ),
    "cli.duplicates_kept": (
        "；{extra}份重复通报作为通报计入（--keep-duplicates；{clusters}组）",
        "; {extra} duplicates kept as notices (--keep-duplicates; {clusters} clusters)",
    ),
    "cli.duplicates_left": (
        "；{extra}份重复通报未计入（{clusters}组，见重复通报表）",
        "; {extra} duplicates left out ({clusters} clusters, see the duplicates table)",
    ),
    "cli.report": ("报告：{path}", "report: {path}"),
    "cli.table_title": ("{n}份通报，按{by}", "{n} notices by {by}"),
    "cli.col.notices": ("通报数", "notices"),
    "cli.col.measures": ("措施数", "measures"),
    "cli.col.concrete": ("具体措施%", "concrete %"),
    "cli.col.most_used": ("最常见类别（占已分类%）", "most used categories (% of labelled)"),
    "cli.col.marks": ("偏多（+）/ 偏少（−）的类别", "over (+) / under (−) used"),
    "cli.table_caption": (
        "仅列出措施最多的{shown}组（共{total}组）；--tables DIR 写出全部",
        "{shown} of {total} groups, most measures first; --tables DIR writes them all",
    ),
    "cli.tables": ("表格：{path}", "tables: {path}"),
}

UI |= {
    # the one-notice page of `show`
    "show.counts": ("{name} · {sections}个部分 · {items}条措施", "{name} · {sections} sections · {items} items"),
    "show.signals": ("信号：", "signals: "),
    "show.signal.document": ("文件", "document"),
    "show.signal.name": ("名称", "name"),
    "show.signal.amount": ("金额", "amount"),
    "show.signal.count": ("数量", "count"),
    "show.signal.date": ("日期", "date"),
    "show.signal.unit": ("单位", "unit"),
    "show.signal.stock_phrase": ("套话", "stock phrase"),
    "show.evidence": ("依据", "evidence"),
    "show.plan": ("计划", "plan"),
    "show.first_label": ("第一个类别：", "first label: "),
    "show.checks": ("检查", "checks"),
    "show.none": ("无", "none"),
    "show.to_text": ("→ 原文", "→ text"),
    "show.metadata": ("基本信息", "metadata"),
    "show.stats": ("统计数字", "stats"),
    "show.none_stated": ("未写明", "none stated"),
    "show.web_page": ("（网页）", "(web page)"),
    "show.keywords": ("关键词", "keywords"),
    "show.warnings": ("警告", "warnings"),
    "show.no_label": ("无类别", "no label"),
    "show.specificity": ("具体程度{value:.2f}", "specificity {value:.2f}"),
    "show.problem": ("问题：{problem}", "problem: {problem}"),
    "show.printed": ("原文：{text}", "as printed: {text}"),
}


def say(language: str, key: str, **fields: object) -> str:
    """The string `key` in `language` (zh or en), its fields filled in."""
    text = UI[key][LANGUAGES.index(language)]
    return text.format(**fields) if fields else text


# strings the tests accept without Chinese in the zh report: identifiers and symbols meant as such
IDENTIFIERS = frozenset({"z"})
