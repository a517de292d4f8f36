"""The contact block: the lines where the notice gives its own phone, address, postcode or email for
opinions (not a site footer, not a hotline one of its measures sets up)."""

from __future__ import annotations

import re

from notice_miner.lang import layout_zh as zh
from notice_miner.layout.reading import Span
from notice_miner.layout.signature import Signature

_LINE = re.compile(r"[^\n]+")


def find_contact_lines(text: str, sig: Signature) -> list[Span]:
    """The notice's own contact lines, in order (spans of `text`, the view the signature was read in)."""
    starts = sorted({text.rfind("\n", 0, key.start()) + 1 for key in zh.CONTACT_KEY.finditer(text)})
    return [line.span() for line in (_LINE.match(text, start) for start in starts) if _is_contact_line(text, line, sig)]


def _is_contact_line(text: str, line: re.Match, sig: Signature) -> bool:
    body = line.group()
    item = zh.ENUM_LINE.match(body) or zh.ANY_PART.match(body)
    # a hotline a numbered measure sets up is not the notice's; a numbered contact channel is
    if zh.FOOTER_WORDS.search(body) or (item and not zh.CONTACT_CHANNEL.match(body, item.end())):
        return False
    if sig.start is not None and line.start() >= sig.start:
        # below the signature only a line that itself invites opinions is the notice's
        return bool(zh.CONTACT_CONTEXT.search(body))
    before = text[max(0, line.start() - 150) : line.start()]
    return bool(
        zh.CONTACT_CONTEXT.search(body)
        or zh.CONTACT_CONTEXT.search(before)
        # or the line closes the notice just above its signature
        or (sig.start is not None and sig.start - line.end() <= zh.CONTACT_BEFORE_SIGNATURE)
    )
