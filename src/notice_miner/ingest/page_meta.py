"""A web page's own metadata (索引号, 发布机构, 发布日期, 来源 …) and its title.

Read from label/value pairs (table cells, dt/dd, `label：value` info bars) and the head's meta tags;
the elements holding them are returned so the page reader can leave them out of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from notice_miner.ingest.common import lang
from notice_miner.ingest.markup import Survey, clean, one_line, spaced_alternation, squash, text_content


@dataclass(frozen=True)
class _Labels:
    by_label: dict[str, str]  # label → metadata key
    alone: re.Pattern  # a text that is a label and maybe its colon, whitespace aside
    known: re.Pattern  # a label and its colon, where a value follows
    any_label: re.Pattern  # a short CJK word and a colon, where the value before it ends


@cache
def _labels() -> _Labels:
    by_label = {label: key for key, labels in lang()["page_meta_labels"].items() for label in labels}
    alternation = spaced_alternation(by_label)
    # any short CJK word followed by a colon after a gap ends the value before it (浏览量：, 字号：)
    any_label = re.compile(r"(?:^|(?<=[\s|丨｜]))[\u4e00-\u9fff]{2,6}\s*[:：]")
    return _Labels(
        by_label, re.compile(rf"\s*({alternation})((?:\s*[:：])*)\s*"), re.compile(rf"(?<![\u4e00-\u9fff])({alternation})\s*[:：]"), any_label
    )


def page_meta(body, survey: Survey, head_meta: dict[str, str]) -> tuple[dict[str, str], list]:
    """Page metadata (key → value) and the elements holding it."""
    meta: dict[str, str] = {}
    holders = _labelled_elements(body, survey, meta) + _info_bars(body, survey, meta)
    for key, names in lang()["page_meta_tags"].items():
        for name in names:
            if key not in meta and head_meta.get(name.lower()):
                meta[key] = clean(head_meta[name.lower()])
    return meta, holders


def _labelled_elements(body, survey: Survey, meta: dict[str, str]) -> list:
    """Elements whose whole text is a label (信息来源：), the value in their tail or their next sibling."""
    labels = _labels()
    generic = {label for label in labels.by_label if len(label) <= 2}
    holders = []
    for el in body.iter():
        found = labels.alone.fullmatch(survey.text[el]) if len(el) <= 3 else None
        if not found:
            continue
        label = squash(found.group(1))
        # a bare 日期 or 来源 (no colon) is more likely a column head of a table in the article
        if label in generic and not found.group(2):
            continue
        value = clean(el.tail or "")
        sibling = el.getnext()
        if not value and sibling is not None:
            value = clean(text_content(sibling))
        if value and not labels.known.match(value):
            meta.setdefault(labels.by_label[label], value)
            holders.append(next(el.iterancestors("table", "dl"), el.getparent()))
    return holders


def _info_bars(body, survey: Survey, meta: dict[str, str]) -> list:
    """Short elements made mostly of `label：value` pairs (发布时间：… 来源：…), innermost first."""
    labels = _labels()
    holders = []
    for el, content in survey.text.items():
        # label：value pairs hold a colon; an info bar is short (a bound on its raw text first, whitespace and all)
        if el is body or len(content) > 2000 or not (":" in content or "：" in content):
            continue
        text = one_line(" ".join(el.itertext()))
        if len(text) > 300:
            continue
        covered = 0
        for match in labels.known.finditer(text):
            rest = text[match.end() :]
            stop = labels.any_label.search(rest)
            value = clean(rest[: stop.start()] if stop else rest)
            if value:
                meta.setdefault(labels.by_label[squash(match.group(1))], value)
            covered += len(match.group(0)) + min(len(value), 60)
        # an info bar is mostly labels and values; a paragraph that mentions 日期： is not
        if covered and covered >= 0.6 * len(text) and el.tag not in ("p", "h1", "h2", "h3"):
            holders.append(el)
    return holders


def page_title(body, survey: Survey, head_meta: dict[str, str], title_tag: str) -> str | None:
    """The article's title: the heading that the <title> names, else ArticleTitle, the <title>'s longest part,
    or the first heading."""
    parts = [p.strip() for p in re.split(r"_|\||｜| - | — |－", title_tag) if p.strip()]
    from_tag = max(parts, key=len) if parts else ""
    headings = _headings(body, survey)
    if from_tag in headings:
        return from_tag
    for heading in headings:
        if from_tag and (heading in from_tag or from_tag in heading) and len(heading) >= 0.6 * len(from_tag):
            return heading
    article_title = clean(head_meta.get("articletitle", ""))
    return article_title or from_tag or (headings[0] if headings else None)


def _headings(body, survey: Survey) -> list[str]:
    """The texts of h1-h3 and of elements with "title" in their class or id, 6 to 200 characters long."""
    candidates = [h for h in body.iter() if h.tag in ("h1", "h2", "h3") or "title" in survey.tokens.get(h, ())]
    return [t for t in (clean(survey.text[h]) for h in candidates) if 6 <= len(t) <= 200]
