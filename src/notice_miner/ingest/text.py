"""Plain text files: decoded (see `encoding`), lines cut at one width re-joined into their paragraphs."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import cache
from pathlib import Path

from notice_miner.errors import UnreadableInput
from notice_miner.ingest.common import MAX_CHARS, Extracted, paragraph_start, sentence_final
from notice_miner.ingest.encoding import decode

_INDENTS = " \t\u3000"


def read(path: Path, data: bytes, doc: Extracted) -> None:
    if len(data) > 4 * MAX_CHARS:  # no encoding takes more than four bytes a character
        raise UnreadableInput(path, f"text too long (more than {MAX_CHARS:,} characters in {len(data):,} bytes; the limit is {MAX_CHARS:,})")
    text, doc.encoding, doc.warnings = decode(path, data)
    doc.text = unwrap_hard_breaks(text)


def display_width(line: str) -> int:
    """Columns a line takes in a fixed-width font: two for a wide character, one for any other."""
    return sum(map(_columns, line))


@cache
def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1  # East Asian Width: wide or fullwidth


def unwrap_hard_breaks(text: str) -> str:
    """Text cut into lines of one width (copied out of a PDF, or from a fixed-width mail) re-joined into paragraphs.

    Only on strong evidence: a quarter of the lines or more (five at least) are full to within a character of
    one width of 24 characters or more (counted in characters or in display columns), hardly any line is longer,
    and most full lines end in the middle of a sentence. A full line then runs on into the next unless the next
    is indented or opens with a marker.
    """
    lines = text.split("\n")
    body = [line.rstrip() for line in lines if line.strip()]
    if len(body) < 8:
        return text
    fits = [fit for fit in (_fit(body, len, 1, 24), _fit(body, display_width, 2, 48)) if fit]
    if not fits:
        return text
    _, measure, slack, width = max(fits, key=lambda fit: fit[0])  # the way of counting that fits more lines
    indent_style = sum(1 for line in body if line[0] in _INDENTS) >= 2

    def runs_on(prev: str, line: str) -> bool:
        """A full line runs on into the next unless the next is indented or opens with a marker; where
        paragraphs do not open indented, a full line that ends a sentence ends its paragraph too."""
        return bool(
            prev.strip()
            and line.strip()
            and width - slack <= measure(prev) <= width + slack
            and line[0] not in _INDENTS
            and not paragraph_start().match(line.strip())
            and (indent_style or not prev.endswith(sentence_final()))
        )

    out = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        if runs_on(prev.rstrip("\r"), line):
            out[-1] = out[-1].rstrip("\r") + line
        else:
            out.append(line)
    return "\n".join(out)


def _fit(body: list[str], measure: Callable[[str], int], slack: int, narrowest: int) -> tuple[int, Callable[[str], int], int, int] | None:
    """(full lines, measure, slack, width) when the lines, counted by `measure`, look cut at one width; else None.

    The width is the one among the longer half of the lines that most lines fill to within `slack` (the
    widest on a tie).
    """
    final = sentence_final()
    widths = [measure(line) for line in body]
    ordered = sorted(widths)

    def filling(w: int) -> int:
        """Lines from `slack` short of `w` to `w` wide."""
        return bisect_right(ordered, w) - bisect_left(ordered, w - slack)

    width = max(set(ordered[len(ordered) // 2 :]), key=lambda w: (filling(w), w))
    full = [line for line, w in zip(body, widths) if width - slack <= w <= width]
    longer = len(ordered) - bisect_right(ordered, width + slack)
    mid_sentence = sum(1 for line in full if not line.endswith(final))
    if width >= narrowest and len(full) >= max(5, 0.25 * len(body)) and longer <= 0.05 * len(body) and mid_sentence >= 0.7 * len(full):
        return len(full), measure, slack, width
    return None
