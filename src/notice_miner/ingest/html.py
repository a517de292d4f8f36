"""Agency web pages: the article's text, one line per block, without the page's furniture.

The page's own metadata and title come from `page_meta`; elements holding them, navigation, share bars,
footers and hidden elements are dropped, and the container holding most of the prose is the article.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import etree

from notice_miner.errors import UnreadableInput
from notice_miner.ingest.common import Extracted, lang, paragraph_start, to_int
from notice_miner.ingest.encoding import decode
from notice_miner.ingest.markup import Survey, clean, count_cjk, drop, drop_spaces_between_cjk, spaced_alternation, squash, text_content, xpath
from notice_miner.ingest.numbering import list_number
from notice_miner.ingest.page_meta import page_meta, page_title

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "blockquote",
    "center",
    "pre",
    "address",
    "header",
    "footer",
    "main",
    "tbody",
    "thead",
    "hr",
    "figure",
    "figcaption",
    "caption",
}
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "nav",
    "svg",
    "object",
    "embed",
    "template",
    "canvas",
    "map",
    "audio",
    "video",
)
_LINE_TAGS = _BLOCK_TAGS | {"td", "th"}  # what starts and ends a line of text
_OPAQUE_TAGS = _LINE_TAGS | {"a"}  # children whose text is not their parent's own when weighing prose blocks
_PARAGRAPH_TAGS = {"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "center", "blockquote"}
_WS_IN_LINE = re.compile(r"[^\S\n]+")
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([^;\s][^;]*)", re.I)


def read(path: Path, data: bytes, doc: Extracted) -> None:
    declared = _META_CHARSET.search(data[:8192])
    text, doc.encoding, doc.warnings = decode(path, data, declared.group(1).decode("ascii") if declared else None)
    read_markup(path, text, doc)


def read_markup(path: Path, text: str, doc: Extracted) -> None:
    """A page already decoded to text (its declared charset no longer applies): the article's lines."""
    root = _parse(path, text, doc.warnings)
    head_meta = {(m.get("name") or m.get("property") or "").strip().lower(): (m.get("content") or "").strip() for m in root.iter("meta")}
    title_tag = clean(root.findtext(".//title") or "")
    _drop_invisible(root)
    body = root.find("body")
    if body is None:
        raise UnreadableInput(path, "no text in the page (an HTML page without a body)")
    survey = Survey(body)
    doc.page_meta, holders = page_meta(body, survey, head_meta)
    doc.title = page_title(body, survey, head_meta, title_tag)
    if doc.title and "page_title" not in doc.page_meta:
        doc.page_meta["page_title"] = doc.title
    _drop_furniture(body, survey, holders)
    lines = _block_lines(_article_body(body, survey))
    if doc.title and lines and squash(lines[0]) == squash(doc.title):
        lines = lines[1:]
    doc.text = "\n".join([doc.title, ""] + lines if doc.title else lines) + "\n" if lines else ""


def _parse(path: Path, text: str, warnings: list[str]):
    """The page's tree. libxml2 stops at 256 levels of nesting, dropping all the text below (a notice
    in 300 divs read as empty): a page that reaches it is parsed again with the limit raised to 2,048
    levels, with a warning, and a page deeper still says where its text stops."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        parser = etree.HTMLParser()
        root = etree.fromstring(text, parser)
        if limit := _stopped(parser):
            warnings.append(
                "the page nests elements more than 255 levels deep (read again with libxml2's huge-tree option)"
                if "depth" in limit
                else f"the page goes past a limit of libxml2 ({limit}; read again with its huge-tree option)"
            )
            parser = etree.HTMLParser(huge_tree=True)
            root = etree.fromstring(text, parser)
            if limit := _stopped(parser):
                warnings.append(f"HTML parser stopped early ({limit}): the text past that point is missing")
        if root is None:
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError) as err:
        raise UnreadableInput(path, f"not a readable HTML page ({err})") from None
    return root


def _stopped(parser: etree.HTMLParser) -> str:
    """libxml2's message where it stopped reading at one of its limits (nesting depth, a text node's
    length), else ""."""
    return next((error.message.strip() for error in parser.error_log if error.type_name == "ERR_RESOURCE_LIMIT"), "")


def _drop_invisible(root) -> None:
    """Comments, scripts, styles, forms, embedded objects, navigation and elements styled display:none."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS)):
        drop(el)
    for style in xpath("descendant-or-self::*/@style")(root):
        if "display:none" in style.replace(" ", "").lower():
            drop(style.getparent())


def _drop_furniture(body, survey: Survey, holders: list) -> None:
    """The page metadata's holders and the page furniture dropped, but never the part holding most of the prose."""
    total = max(1, survey.prose(body))
    for el in _outermost([el for el in holders + _furniture(body, survey) if survey.prose(el) < 0.4 * total]):
        survey.drop(el)


def _outermost(elements: list) -> list:
    chosen = {id(e): e for e in elements if e is not None and e.getparent() is not None}
    return [el for el in chosen.values() if not any(id(anc) in chosen for anc in el.iterancestors())]


@cache
def _furniture_words() -> tuple[set[str], re.Pattern]:
    """The class/id words of page furniture, and the wording a furniture element opens with, whitespace aside."""
    return set(lang()["furniture_tokens"]), re.compile(rf"\s*(?:{spaced_alternation(lang()['furniture_text'])})")


def _furniture(body, survey: Survey) -> list:
    """Navigation, breadcrumbs, share bars, article tools, related links, footers: by class/id and by wording."""
    names, markers = _furniture_words()
    found = []
    for el in body.iterdescendants():
        if survey.tokens.get(el, set()) & names or el.tag in ("header", "footer", "aside"):
            found.append(el)
        elif len(survey.text[el]) < 300 and markers.match(survey.text[el]):
            found.append(el)
    return found


def _article_body(body, survey: Survey):
    """The container holding most paragraph text: each text block scores its container, half to the one above."""
    scores: dict = {}
    for block in body.iter(*_BLOCK_TAGS, "td", "th"):
        if block.tag in ("h1", "h2"):
            continue
        own = [block.text or ""]
        for child in block:
            own.append(child.tail or "")
            if child.tag not in _OPAQUE_TAGS:
                own.append(survey.text[child])
        weight = count_cjk("".join(own))
        if not weight:
            continue
        container = _container(block)
        scores[container] = scores.get(container, 0.0) + weight
        parent = container.getparent() if container is not body else None
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + 0.5 * weight
    if not scores:
        return body
    hints = set(lang()["content_tokens"])
    for el in scores:
        if survey.tokens.get(el, set()) & hints:
            scores[el] *= 1.2
    return max(scores, key=scores.get)


def _container(block):
    """The element a text block's prose counts for: a paragraph's parent, a cell itself, a div of its own lines."""
    if block.tag in _PARAGRAPH_TAGS:
        return block.getparent()
    if block.tag in ("td", "th"):
        return block
    is_leaf = next(block.iterdescendants(*_BLOCK_TAGS), None) is None
    breaks = sum(1 for _ in block.iter("br"))
    return block.getparent() if is_leaf and breaks < 2 else block


def _block_lines(article) -> list[str]:
    """One line per block (p, div, li, tr …), per table cell or per <br>; list items with the number a browser draws.

    A table row's cells are not run together: the cell boundary is where a problem, its measures and its
    status column part, and a line break is the only boundary the text can carry.
    """
    markers = _list_markers(article)
    pieces: list[str] = []
    pending: list[str] = []  # a list item's number, waiting for the item's first text

    def add(text: str) -> None:
        if pending and text.strip():
            text = pending.pop() + text.lstrip()
        pieces.append(text)

    for event, el in etree.iterwalk(article, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag in _LINE_TAGS or tag == "br":
                pieces.append("\n")
            if el in markers:
                pending[:] = [markers[el]]
            if tag != "br" and el.text:
                add(el.text)
        else:
            if tag == "li":
                pending.clear()
            if tag in _LINE_TAGS:
                pieces.append("\n")
            if el is not article and el.tail:
                add(el.tail)
    # each line's whitespace runs made one space, spaces between CJK characters dropped, ends trimmed
    text = drop_spaces_between_cjk(_WS_IN_LINE.sub(" ", "".join(pieces)))
    lines = (line.strip(" ") for line in text.split("\n"))
    return [line for line in lines if line]


def _list_markers(root) -> dict:
    """<li> → the number a browser draws before it (ol, or ul styled with numbers); start, value, reversed, type.

    An item whose text already opens with a typed marker gets none (a site's CSS hides such lists' numbers).
    """
    styles = lang()["html_list_styles"]
    typed = paragraph_start()
    markers = {}
    for listing in root.iter("ol", "ul"):
        kind = _list_style(listing, styles) or ("decimal" if listing.tag == "ol" else None)
        items = [li for li in listing if li.tag == "li"]
        step = -1 if listing.get("reversed") is not None else 1
        number = to_int(listing.get("start"), len(items) if step < 0 else 1)
        for li in items:
            number = to_int(li.get("value"), number)
            style = _list_style(li, styles) or kind
            if style in styles and not typed.match(squash(text_content(li))):
                fmt, suffix = styles[style]
                markers[li] = list_number(number, fmt) + suffix
            number += step
    return markers


def _list_style(el, styles: dict) -> str | None:
    """The list-style-type set on the element (inline CSS, or the type attribute of ol/li)."""
    css = _LIST_STYLE.search(el.get("style") or "")
    if css:
        words = css.group(1).lower().split()
        return next((w for w in words if w in styles or w in ("none", "disc", "circle", "square")), None)
    return {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}.get(el.get("type") or "")
