"""Compare agencies over the output of `notice-miner batch`: profiles, real differences,
distinctive words, copied measures and stock phrases, as pandas DataFrames.

    >>> from notice_miner import compare
    >>> corpus = compare.load_outputs("out/")
    >>> compare.profiles(corpus, by="agency")
    >>> compare.category_differences(corpus, by="level")
    >>> compare.copied_measures(corpus, threshold=0.8)

Rules a researcher checking the numbers needs:

- Unit of a category share: a measure (item) counts under its first (best) label; measures the
  classifier left unlabelled count as measures but in no category.
- Concrete vs stock: a measure is *concrete* when its `signals.specificity` is at least 0.5
  (`CONCRETE_SPECIFICITY`), otherwise *stock*.
- Stated statistics: `_sum` adds what the notices state; `_per_notice` is that sum divided by the
  notices that state it (`_n`); `completion_rate` is averaged, never summed.
- Timing: days from `inspection_end` to `feedback_date`, and from `feedback_date` to `published`.
- Duplicates: a notice republished (other site, other page chrome, a typo fixed) is counted once: exact
  duplicates share the sha256 of the normalised text, near duplicates a MinHash estimate >= 0.85 of
  the Jaccard similarity of their bodies' character 5-shingles (compare.duplicates says why 0.85).
  `load_outputs` keeps one per cluster (most measures) unless `keep_duplicates=True`; every statistic
  below is computed on what it keeps, and `Corpus.duplicates` lists the clusters.
- Over/under-represented categories: measures cluster within notices, so the notice is the unit. Per
  group x category cell z = (share in group - share in rest) / SE with SE from the notices' residuals;
  the notices' group labels are permuted 999 times and each cell's p is adjusted for the whole table
  by maxT (Westfall & Young); flagged when the adjusted p < 0.05. Effect sizes: difference in
  percentage points with a 95 % notice-clustered (CR1) interval, and the ratio of the shares. Groups
  with fewer than MIN_NOTICES (5) notices carry `few_notices`.
- Distinctive words: weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
  & Quinn 2008), group against the rest, on jieba tokens of the measure texts after the genre's
  stock phrases (lang/compare_stock_phrases.txt) and stopwords (lang/compare_stopwords.txt) are
  removed. The prior is the whole corpus' word distribution scaled to `PRIOR_SIZE` pseudo-counts;
  a word is distinctive when its z-score exceeds 1.96.
- Copied measures: datasketch MinHash (128 permutations) LSH over character 3-shingles of each measure
  of at least `MIN_COPY_CHARS` characters (punctuation and spaces dropped); candidates of different
  notices are verified by their exact Jaccard similarity >= threshold and joined into clusters by
  union-find; per LSH bucket a measure is checked against at most 8 leaders, so near-identical
  measures by the thousand cost linear work (compare.minhash.lsh_clusters). A cluster spanning two
  or more agencies is a copy across agencies (scope "agencies"); one agency's measure re-used in
  several of its own notices has scope "agency". Default threshold 0.6, chosen on the planted-copy
  test set of benchmarks/bench_copies.py (measures composed from the genre's phrase templates, so
  that non-copies share stock wording; copies get a changed number or two, a few swapped characters,
  an added or dropped clause). Pairwise precision / recall of the clusters there (seed 7, 6,638
  measures, 663 true pairs): 0.5 0.891/1.000  0.6 0.997/1.000  0.7 1.000/0.940  0.8 1.000/0.505
  0.9 1.000/0.152. Character 3-shingles are unforgiving: one changed character removes three
  shingles, so 0.8 misses half of lightly edited copies; 0.6 keeps precision near 1 on
  template-sharing non-copies.
- Rectification quality (`check_quality`): each notice's `checks` scored on the default sheet
  (data/check_sheet.toml); per group the score's mean, median, range and bands, the share of measures
  lacking a responsible unit, a deadline or a target (measures pooled over the group's notices), and
  the notices with an arithmetic finding. Notices written with --no-checks are left out.
- Stock phrases: character 6-grams of measure texts found in the most notices (ranked on a fixed
  sample of 400 notices, counted exactly over all), each grown left and right while at least 80 %
  of its occurrences share the next character.
"""

from __future__ import annotations

from notice_miner.compare.copies import DEFAULT_THRESHOLD, MIN_COPY_CHARS, NUM_PERM, SHINGLE, copied_measures, copy_pairs, minhashes, shingles
from notice_miner.compare.duplicates import BODY_SHINGLE, DUPLICATE_THRESHOLD, find_duplicates, notice_body
from notice_miner.compare.load import (
    CONCRETE_SPECIFICITY,
    GROUPABLE,
    GROUPINGS,
    STATED_STATS,
    UNSTATED,
    Corpus,
    category_names,
    category_order,
    group_choices,
    group_column,
    items_with_group,
    load_outputs,
)
from notice_miner.compare.profiles import ALPHA, MIN_NOTICES, PERMUTATIONS, category_counts, category_differences, holm, profiles
from notice_miner.compare.quality import CHECK_COLUMNS, SCORE_BANDS, check_fields, quality_by_group
from notice_miner.compare.tables import comparison_tables, write_tables
from notice_miner.compare.words import DISTINCTIVE_Z, PRIOR_SIZE, content_tokens, distinctive_terms, notice_texts, stock_phrases

__all__ = [
    "BODY_SHINGLE",
    "DUPLICATE_THRESHOLD",
    "find_duplicates",
    "notice_body",
    "CHECK_COLUMNS",
    "SCORE_BANDS",
    "check_fields",
    "quality_by_group",
    "ALPHA",
    "MIN_NOTICES",
    "PERMUTATIONS",
    "CONCRETE_SPECIFICITY",
    "DEFAULT_THRESHOLD",
    "DISTINCTIVE_Z",
    "GROUPABLE",
    "GROUPINGS",
    "MIN_COPY_CHARS",
    "NUM_PERM",
    "PRIOR_SIZE",
    "SHINGLE",
    "STATED_STATS",
    "UNSTATED",
    "Corpus",
    "category_counts",
    "category_differences",
    "category_names",
    "category_order",
    "comparison_tables",
    "content_tokens",
    "copied_measures",
    "copy_pairs",
    "distinctive_terms",
    "group_choices",
    "group_column",
    "holm",
    "items_with_group",
    "load_outputs",
    "minhashes",
    "notice_texts",
    "profiles",
    "shingles",
    "stock_phrases",
    "write_tables",
]
