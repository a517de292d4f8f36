"""The comparison report's plain-words findings, in Chinese (default) and English.

Each finding is a sentence an officer can repeat; the formula stays in the note below them.
Placeholders: group, category, by (what the groups are), pct_g / pct_r (shares in %), times (the
ratio), diff / lo / hi (percentage points and the 95 % interval), p (adjusted p), n (notices).
"""

from __future__ import annotations

GROUP_WORDS = {
    "zh": {"agency": "单位", "level": "层级", "kind": "巡察类型", "year": "年份", "body_type": "单位类型"},
    "en": {"agency": "agencies", "level": "levels", "kind": "inspection kinds", "year": "years", "body_type": "body types"},
}

TEXT = {
    "zh": {
        "title": "主要发现（用通俗的话说）",
        "over": "{group}的“{category}”类措施占其全部措施的{pct_g}%，其他{by}合计为{pct_r}%，约为其他{by}的{times}倍"
        "（高出{diff}个百分点，95%置信区间{lo}至{hi}个百分点）。",
        "under": "{group}的“{category}”类措施只占其全部措施的{pct_g}%，其他{by}合计为{pct_r}%，约为其他{by}的{times}倍"
        "（低{diff}个百分点，95%置信区间{lo}至{hi}个百分点）。",
        "chance": "以通报为单位的置换检验表明，这一差异不大可能是偶然造成的（校正后p={p}）。",
        "maybe_chance": "考虑到同时比较了很多组和类别，这一差异在统计上站不住（校正后p={p}），可能是偶然。",
        "few": "但{group}只有{n}份通报，差异可能是偶然的，引用时请注明。",
        "none": "各{by}之间没有哪一类措施的占比差异在统计上站得住（校正后p均不小于0.05）。",
        "small_groups": "{k}个{by}（共{m}个）的通报少于{min}份：它们的占比只代表很少几份通报，可能是偶然。",
        "duplicates": "已识别出{clusters}组重复发布的通报，共{extra}份副本未计入统计（每组只保留一份）。",
        "duplicates_kept": "已识别出{clusters}组重复发布的通报；按要求（--keep-duplicates）{extra}份副本也计入了统计，同一份通报会被重复计算。",
    },
    "en": {
        "title": "Findings in plain words",
        "over": "{group} has {times} times the share of “{category}” measures of the other {by}: {pct_g}% of its "
        "measures against {pct_r}% ({diff} percentage points more, 95% interval {lo} to {hi}).",
        "under": "{group} has {times} times the share of “{category}” measures of the other {by}: {pct_g}% of its "
        "measures against {pct_r}% ({diff} percentage points fewer, 95% interval {lo} to {hi}).",
        "chance": "A permutation test over notices says this is unlikely to be chance (adjusted p = {p}).",
        "maybe_chance": "Allowing for the many groups and categories compared, it is not significant (adjusted p = {p}): it may be chance.",
        "few": "But {group} has only {n} notices: this may be chance; say so when quoting it.",
        "none": "No category's share differs between the {by} by more than chance would explain (every adjusted p ≥ 0.05).",
        "small_groups": "{k} of {m} {by} have fewer than {min} notices: their shares rest on a few notices and may be chance.",
        "duplicates": "{clusters} notices were published more than once; {extra} copies are left out of every figure (one kept per cluster).",
        "duplicates_kept": "{clusters} notices were published more than once; as asked (--keep-duplicates) the {extra} "
        "copies count as notices too, so those notices count several times.",
    },
}

FORMULA = {
    "zh": (
        "计算方法：某组某类措施的占比 p_g = 该组该类措施数 ÷ 该组已分类措施数，与其余各组合计的占比 p_r 比较；"
        "z = (p_g − p_r) / SE，SE² = s²·(Σ_g m_i² / M_g² + Σ_r m_i² / M_r²)，其中 s² = Σ(c_i − R·m_i)² / Σm_i² "
        "是各份通报在“无差异”假设下的残差方差（m_i 为通报的已分类措施数，c_i 为其中该类的数目，R 为全库占比），"
        "即以通报为单位（同一通报内的措施不相互独立）。显著性：把通报的分组标签随机打乱{perm}次（置换检验），"
        "校正后 p 为打乱后整张表最大 |z| 不小于该格 |z| 的比例（Westfall–Young maxT，控制多重比较）；"
        "校正后 p < 0.05 记为显著。置信区间：按通报聚类的稳健标准误（CR1）的95%正态区间。"
        "通报少于{min}份的组会特别提示。"
    ),
    "en": (
        "Method: a group's share of a category p_g = its measures in the category ÷ its labelled measures, "
        "against the share p_r of all other groups together; z = (p_g − p_r) / SE with SE² = s²·(Σ_g m_i² / M_g² + "
        "Σ_r m_i² / M_r²) and s² = Σ(c_i − R·m_i)² / Σm_i², the notices' residual variance under no difference "
        "(m_i a notice's labelled measures, c_i those in the category, R the corpus share), so the notice, not "
        "the measure, is the unit (measures of one notice are not independent). Significance: the notices' group labels are "
        "shuffled {perm} times (permutation test); the adjusted p is the share of shuffles whose largest |z| "
        "over the whole table reaches the cell's |z| (Westfall–Young maxT, for the many cells tested); "
        "adjusted p < 0.05 counts as significant. Interval: 95% normal interval with a notice-clustered (CR1) "
        "standard error. Groups with fewer than {min} notices are pointed out."
    ),
}
