"""Pure text → text normalisation that keeps a map back to the source.

Steps, in order:
- full-width ASCII (！ to ～) becomes half-width, the ideographic space a plain
  space: one character for one, so spans stay valid;
- line breaks become "\\n" (CRLF and CR, U+2028/2029); tabs and no-break spaces
  become spaces; zero-width characters and other control characters go;
- trailing spaces at the end of a line go, and runs of more than two blank lines
  shrink to one blank line.
Chinese punctuation that has no ASCII twin (、。“”《》……——) is kept as it is.

`Normalised.printed(source, start, end)` gives a span of the text back as the source prints it:
since folding is one character for one and `offsets` map every character back, each folded
character is looked up in the source; the result has the span's length, so spans index it too.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_SPACES = "\t\u00a0\u2002\u2003\u2009\u202f\u3000"
_WIDTH = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({c: " " for c in _SPACES})
_WIDE = re.compile(f"[\uff01-\uff5e{_SPACES}]")
# what `printed` restores: the full-width forms and the ideographic space (not tabs or no-break spaces)
_PRINTED = {wide: narrow for wide, narrow in _WIDTH.items() if wide == "\u3000" or "\uff01" <= wide <= "\uff5e"}
_FORM = re.compile("[" + re.escape("".join(_PRINTED)) + "]")


@dataclass
class Normalised:
    text: str
    offsets: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_source(self, pos: int) -> int:
        """Offset in the source text of the character at `pos` in the normalised text."""
        k = bisect.bisect_right(self.offsets, (pos, float("inf"))) - 1
        start, src = self.offsets[max(k, 0)]
        return src + (pos - start)

    def printed(self, source: str, start: int, end: int) -> str:
        """`text[start:end]` as `source` (the text normalised) prints it: a character folded from a
        full-width form (，：；（） …) or the ideographic space is that form again; every other character
        is as in `text`. Same length as the span."""
        chars = list(self.text[start:end])
        for begin, stop, at in self._runs(start, end):  # text [begin, stop) is source [at, …) one for one
            for form in _FORM.finditer(source, at, at + stop - begin):
                k = begin - start + form.start() - at
                if _PRINTED[form.group()] == chars[k]:
                    chars[k] = form.group()
        return "".join(chars)

    def _runs(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The runs of the text span [start, end) that were read one for one from the source: (start, end,
        source offset of start)."""
        runs = self.offsets or [(0, 0)]
        k = max(bisect.bisect_right(runs, (start, float("inf"))) - 1, 0)
        out = []
        while start < end:
            stop = min(runs[k + 1][0], end) if k + 1 < len(runs) else end
            out.append((start, stop, runs[k][1] + start - runs[k][0]))
            start, k = stop, k + 1
        return out


def normalise(source: str) -> Normalised:
    """Normalise `source`; `offsets` maps every output character back into `source`."""
    text = _fold_width(source)  # one for one: no offsets change
    text, runs = _rewrite(_breaks_and_junk(text), text, _replacement)
    text, outer = _rewrite(_EXTRA_BLANK.finditer(text), text, lambda m: "\n\n")
    return Normalised(text, _compose(outer, runs))


_LINE_BREAK = "\r\n|\r|[\u2028\u2029\x0c]"
# a run of spaces (dropped where it ends a line), a line break, or a character that goes
_BREAKS_AND_JUNK = re.compile(rf"[ ]+|{_LINE_BREAK}|[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LINE_END = re.compile(rf"{_LINE_BREAK}|\n|\Z")
_EXTRA_BLANK = re.compile(r"\n\n(?:[ ]*\n)+")


def _breaks_and_junk(text: str):
    """Line breaks, characters that go, and the spaces that end a line (each run of spaces is read once, so
    a long run inside a line costs its length, not its square)."""
    for m in _BREAKS_AND_JUNK.finditer(text):
        if m.group()[0] != " " or _LINE_END.match(text, m.end()):
            yield m


def _fold_width(text: str) -> str:
    """Full-width ASCII → half-width, odd spaces → " ". A replace per distinct character
    present is several times faster than str.translate on CJK text (a dict look-up per character)."""
    for ch in set(_WIDE.findall(text)):
        text = text.replace(ch, _WIDTH[ch])
    return text


def _replacement(m: re.Match[str]) -> str:
    return "\n" if m.group()[0] in "\r\u2028\u2029\x0c" else ""


def _rewrite(matches, text: str, repl) -> tuple[str, list[tuple[int, int]]]:
    """Replace each of `matches` in `text` by `repl(match)`, recording runs (output offset, input offset)."""
    out: list[str] = []
    runs = [(0, 0)]
    done = out_len = 0
    for m in matches:
        out.append(text[done : m.start()])
        out_len += m.start() - done
        new = repl(m)
        out.append(new)
        if new:
            runs.append((out_len, m.start()))
        out_len += len(new)
        runs.append((out_len, m.end()))
        done = m.end()
    out.append(text[done:])
    return "".join(out), runs


def _compose(outer: list[tuple[int, int]], inner: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of inner∘outer: output of the second rewrite → input of the first."""
    result: list[tuple[int, int]] = []
    inner_starts = [q for q, _ in inner]
    for k, (p0, q0) in enumerate(outer):
        p_end = outer[k + 1][0] if k + 1 < len(outer) else None
        q_end = None if p_end is None else q0 + (p_end - p0)
        j = bisect.bisect_right(inner_starts, q0) - 1
        while j < len(inner) and (q_end is None or inner[j][0] < q_end):
            q_run = max(q0, inner[j][0])
            result.append((p0 + (q_run - q0), inner[j][1] + (q_run - inner[j][0])))
            j += 1
    merged: list[tuple[int, int]] = []
    for p, s in result:  # drop runs that only continue the previous one, keep the last at a point
        if merged and merged[-1][0] == p:
            merged[-1] = (p, s)
        elif not merged or s - merged[-1][1] != p - merged[-1][0]:
            merged.append((p, s))
    return merged
