"""What the HTML reader and the page metadata reader share: element texts, removal and whitespace rules."""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")
_WS = re.compile(r"\s+")  # \s takes in the no-break and ideographic spaces
_VALUE_TRIM = " \t\r\n\u00a0\u3000|丨｜"


@cache
def xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression)


class Survey:
    """What the page-cleaning steps ask of each element of a page's body, gathered bottom-up in one pass.

    text: element → its text content (without its tail); tokens: element → its class/id words, for the
    elements that have a class or id.
    """

    def __init__(self, body) -> None:
        self.text: dict = {}
        self.tokens: dict = {}
        for _, el in etree.iterwalk(body, events=("end",)):
            self._measure(el)
            if el.get("class") or el.get("id"):
                self.tokens[el] = tokens(el)

    def _measure(self, el) -> None:
        self.text[el] = (el.text or "") + "".join(self.text[child] + (child.tail or "") for child in el)

    def prose(self, el) -> int:
        """CJK characters in the element's text outside links."""
        if el.tag == "a":
            return 0
        depth = sum(1 for _ in el.iterancestors("a"))
        # the links in it that are in no other link in it: no more links around them than around the element
        links = [a for a in el.iterdescendants("a") if sum(1 for _ in a.iterancestors("a")) == depth]
        return count_cjk(self.text[el]) - sum(count_cjk(self.text[link]) for link in links)

    def drop(self, el) -> None:
        """Remove `el` from the tree (see `drop`) and measure its ancestors again."""
        ancestors = [ancestor for ancestor in el.iterancestors() if ancestor in self.text]  # up to the body
        drop(el)
        for ancestor in ancestors:
            self._measure(ancestor)


def text_content(el) -> str:
    """The text of an element and all its descendants, without its tail."""
    return xpath("string()")(el)


def drop(el) -> None:
    """Remove an element, keeping its tail text in place (after the previous sibling, or in the parent's text)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


def squash(text: str) -> str:
    """The text without any whitespace."""
    return _WS.sub("", text)


def spaced_alternation(words) -> str:
    """A regex alternation of `words` (longest first) that allows whitespace between their characters,
    as a page's layout puts it there (发 布 日 期)."""
    return "|".join(r"\s*".join(map(re.escape, word)) for word in sorted(words, key=len, reverse=True))


def one_line(text: str) -> str:
    """Each run of whitespace one space, the ends trimmed."""
    return _WS.sub(" ", text).strip()


def drop_spaces_between_cjk(text: str) -> str:
    """A web page's spaces between CJK characters are layout (indents, justified text), not word breaks."""
    return _SPACE_BETWEEN_CJK.sub("", text)


def clean(text: str) -> str:
    """A value as shown: whitespace made single spaces, spaces between CJK dropped, separators at the ends trimmed."""
    return drop_spaces_between_cjk(_WS.sub(" ", text)).strip(_VALUE_TRIM)


def count_cjk(text: str) -> int:
    """CJK ideographs (U+3400-U+9FFF) in the text."""
    return len(_CJK.findall(text))


def tokens(el) -> set[str]:
    """The words of the class and id attributes (split at spaces, _ and -), and all of them run together."""
    words = f"{el.get('class', '')} {el.get('id', '')}".lower().replace("_", " ").replace("-", " ").split()
    return {*words, "".join(words)}
