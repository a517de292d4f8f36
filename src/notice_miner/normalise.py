"""Pure text → text normalisation that keeps a map back to the source.

Steps, in order:
- full-width ASCII (！ to ～) becomes half-width, the ideographic space a plain
  space: one character for one, so spans stay valid;
- line breaks become "\\n" (CRLF and CR, U+2028/2029); tabs and no-break spaces
  become spaces; zero-width characters and other control characters go;
- trailing spaces at the end of a line go, and runs of more than two blank lines
  shrink to one blank line.
Chinese punctuation that has no ASCII twin (、。“”《》……——) is kept as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = "\t\u00a0\u2002\u2003\u2009\u202f\u3000"
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({ord(c): " " for c in _SPACES})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Normalised:
    text: str
    offsets: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_source(self, pos: int) -> int:
        """Offset in the source text of the character at `pos` in the normalised text."""
        lo, hi = 0, len(self.offsets) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.offsets[mid][0] <= pos:
                lo = mid
            else:
                hi = mid - 1
        start, src = self.offsets[lo]
        return src + (pos - start)


def normalise(source: str) -> Normalised:
    """Normalise `source`; `offsets` maps every output character back into `source`."""
    text = source.translate(_WIDTH)
    # every deletion below is recorded as a (kept_text_offset, source_offset) run
    keep = _deletion_plan(text)
    out_chars: list[str] = []
    offsets: list[tuple[int, int]] = []
    prev_src = -2
    for src, ch in keep:
        if src != prev_src + 1:
            offsets.append((len(out_chars), src))
        out_chars.append(ch)
        prev_src = src
    if not offsets:
        offsets.append((0, 0))
    warnings = []
    if "\ufffd" in source:
        warnings.append(f"{source.count(chr(0xFFFD))} character(s) could not be decoded and show as �")
    return Normalised("".join(out_chars), offsets, warnings)


_DROP_LINE_END = re.compile(r"[ ]+(?=\n)|[ ]+\Z")
_EXTRA_BLANK = re.compile(r"\n[ ]*\n(?:[ ]*\n)+")


def _deletion_plan(text: str) -> list[tuple[int, str]]:
    """The characters to keep, with their source offsets (after 1:1 width folding)."""
    chars: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\r":
            chars.append((i, "\n"))
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            continue
        if ch in "\u2028\u2029\x0c":
            chars.append((i, "\n"))
        elif ord(ch) in _ZERO_WIDTH or _CONTROL.match(ch):
            pass
        else:
            chars.append((i, ch))
        i += 1
    joined = "".join(c for _, c in chars)
    drop = set()
    for m in _DROP_LINE_END.finditer(joined):
        drop.update(range(m.start(), m.end()))
    for m in _EXTRA_BLANK.finditer(joined):
        # keep the first "\n\n" of the run, drop the rest
        first_nl = m.start()
        second_nl = joined.index("\n", first_nl + 1)
        drop.update(k for k in range(first_nl + 1, m.end()) if k != second_nl)
    return [c for k, c in enumerate(chars) if k not in drop]
