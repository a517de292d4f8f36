"""Page chrome: the lines of the web page or document site around the notice, not the notice's own."""

from __future__ import annotations

from notice_miner.lang import layout_zh as zh


def is_page_line(para: str) -> bool:
    """A line of the page above the notice: breadcrumb, page metadata or widget, site template, bare
    separator (short and never a sentence)."""
    if len(para) > zh.CHROME_MAX_CHARS or "。" in para:
        return False
    return bool(zh.BREADCRUMB.search(para) or zh.PAGE_META.search(para) or zh.TEMPLATE_LINE.match(para) or zh.BARE_PUNCT.match(para))


def is_furniture(para: str) -> bool:
    """Page furniture that may stand anywhere, below the notice too: widgets, links to the pages
    before and after, a document site's page numbers."""
    return bool(zh.PAGE_FURNITURE.match(para))
