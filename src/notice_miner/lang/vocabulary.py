"""The closed vocabularies of the output that are Chinese words: the inspection kinds.

facts_zh's INSPECTION_KIND pattern is built from the same lists, so the model allows exactly
the kinds facts can find, in simplified script or, for a page printed in traditional script,
as printed there.
"""

from __future__ import annotations

INSPECTORATES = ("巡视", "巡察")
# the word before 巡视/巡察 that names a kind, as printed (常规巡察, 专项巡视 …); order is the pattern's
KIND_WORDS = ("常规", "专项", "机动", "提级交叉", "提级", "联动", "交叉", "延伸", "下沉", "上下联动", "点穴式", "常规机动")
# a 回头看 (a second look at an earlier inspection), always written with the quotation marks
REVISIT = "“回头看”"
# the characters of these words that traditional script writes otherwise (常规巡视 → 常規巡視)
TRADITIONAL = str.maketrans("视规专项机动级联点头", "視規專項機動級聯點頭")
SIMPLIFIED_KINDS = (*(word + body for word in KIND_WORDS for body in INSPECTORATES), *(body + REVISIT for body in INSPECTORATES))
INSPECTION_KINDS = tuple(dict.fromkeys((*SIMPLIFIED_KINDS, *(kind.translate(TRADITIONAL) for kind in SIMPLIFIED_KINDS))))
