"""What makes a repeated character run a fragment rather than a whole stock phrase (compare.stock_phrases).

A phrase is whole when its edges are clause or word boundaries (the segmenter's) in most of its
occurrences and it neither opens nor closes on a word that leans on a neighbour outside it: a
particle or conjunction at the start (的…, 和…), a preposition, particle, conjunction, adverb or
light verb at the end (…对, …的, …进行, …全面), which need the word that follows.
"""

from __future__ import annotations

# jieba part-of-speech tags (prefixes; rjieba.tag) that cannot close a phrase: preposition, conjunction, particle, adverb
FRAGMENT_END_TAGS = ("p", "c", "u", "d", "ad")
# tags that cannot open one: particle, conjunction
FRAGMENT_START_TAGS = ("u", "c")
# words the tagger calls nouns or verbs that still need what follows (adverbial use, light verbs)
FRAGMENT_END_WORDS = frozenset(
    {
        "全面",
        "深入",
        "切实",
        "认真",
        "及时",
        "严格",
        "持续",
        "不断",
        "逐步",
        "坚决",
        "扎实",
        "大力",
        "进一步",
        "进行",
        "加以",
        "予以",
        "作出",
        "给予",
        "对",
        "对于",
        "关于",
        "按照",
        "根据",
        "围绕",
        "针对",
        "通过",
    }
)
FRAGMENT_START_WORDS = frozenset({"的", "之", "等", "了", "着", "和", "与", "及", "并", "或"})
# clause boundaries: any character that is not a Han character, letter or digit
CLAUSE_BREAK = r"[^\u4e00-\u9fffA-Za-z0-9]"
# share of a phrase's occurrences whose both edges must fall on boundaries
BOUNDARY_SHARE = 0.8
