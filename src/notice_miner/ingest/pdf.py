"""PDF text layers: lines re-joined into paragraphs; page numbers, running heads and footnotes left out.

pdfplumber gives each line's characters with their geometry; a line's size, indent and right edge against
the type area tell a paragraph's first and last lines, a title, a page's furniture and its footnotes.
"""

from __future__ import annotations

import difflib
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from notice_miner.errors import UnreadableInput
from notice_miner.ingest.common import MAX_CHARS, Extracted, lang, paragraph_start, sentence_final


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    page: int
    page_height: float = 842.0  # A4 in points
    refs: tuple[str, ...] = ()  # footnote reference marks taken out of the text
    cell: bool = False  # a table cell's text: a paragraph of its own, never page furniture

    @property
    def in_margin(self) -> bool:
        """In the band above or below the type area, where running heads and folios sit."""
        return self.top < 0.1 * self.page_height or self.top + self.size > 0.9 * self.page_height


def read(path: Path, data: bytes, doc: Extracted) -> None:
    if b"%PDF-" not in data[:1024]:
        raise UnreadableInput(path, "not a PDF file (no %PDF header)")
    pages, rules, empty_pages = _page_lines(path, data, doc)
    if not doc.pages:
        raise UnreadableInput(path, "not a readable PDF (no pages)")
    if len(empty_pages) == doc.pages:
        raise UnreadableInput(path, "no text layer (scanned or image-only PDF); run OCR first")
    if empty_pages:
        doc.warnings.append(f"page(s) {', '.join(map(str, empty_pages))} of {doc.pages} have no text layer (scanned images?); their text is missing")
    pages, notes = _drop_footnotes(pages, rules)
    if notes:
        where = sorted({line.page for line in notes})
        doc.warnings.append(f"{len(notes)} footnote line(s) at the foot of page(s) {', '.join(map(str, where))} left out of the text")
    paragraphs = _pdf_paragraphs(_drop_page_furniture(pages))
    doc.title = _pdf_title(paragraphs)
    doc.text = "\n".join(_join_lines(lines) for lines in paragraphs) + "\n"


def _page_lines(path: Path, data: bytes, doc: Extracted) -> tuple[list[list[_Line]], list[list[tuple[float, float, float]]], list[int]]:
    """Each page's lines (a ruled table's cells as lines of their own), its horizontal rules (x0, x1, top),
    and the numbers of the pages without a text line."""
    empty_pages: list[int] = []
    pages: list[list[_Line]] = []
    rules: list[list[tuple[float, float, float]]] = []
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            doc.pages = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                lines = [_pdf_line(raw, number, float(page.height)) for raw in page.extract_text_lines(strip=True, return_chars=True)]
                lines = [line for line in lines if line.text]
                if not lines:
                    empty_pages.append(number)
                pages.append(_with_table_cells(page, lines, number) if page.rects or page.lines else lines)
                rules.append(
                    [
                        (float(r["x0"]), float(r["x1"]), float(r["top"]))
                        for r in (*page.lines, *page.rects)
                        if float(r["bottom"]) - float(r["top"]) <= 2 and float(r["x1"]) - float(r["x0"]) > 10
                    ]
                )
                page.close()  # its characters and layout objects go: memory stays that of one page, not all
                chars += sum(len(line.text) for line in pages[-1])
                if chars > MAX_CHARS:
                    raise UnreadableInput(
                        path, f"text too long (more than {MAX_CHARS:,} characters by page {number} of {doc.pages}; the limit is {MAX_CHARS:,})"
                    )
    except UnreadableInput:
        raise
    except Exception as err:  # pdfminer raises many unrelated types for damaged files
        raise UnreadableInput(path, _pdf_failure(err)) from None
    return pages, rules, empty_pages


def _with_table_cells(page, lines: list[_Line], number: int) -> list[_Line]:
    """A ruled table's text as one line per cell, row by row, in place of the lines running across its cells.

    As in the HTML and DOCX readers: the cell boundary is where a problem, its measures and its status part,
    and where a summary table's labels and values part; read as lines, a row's cells run into one.
    """
    tables = _ruled_tables(page)
    if not tables:
        return lines
    covered = [line for line in lines if any(_inside(line, bbox) for bbox, _ in tables)]
    kept = [line for line in lines if not any(_inside(line, bbox) for bbox, _ in tables)]
    size = statistics.median(line.size for line in covered or lines)
    cells = [cell for _, rows in tables for cell in _cell_lines(rows, size, number, float(page.height))]
    return sorted(kept + cells, key=lambda line: line.top)


def _ruled_tables(page) -> list[tuple[tuple, list]]:
    """(bounding box, [(row, cell texts)]) of each table pdfplumber finds on the page with text in two cells or more."""
    tables = []
    for table in page.find_tables():
        rows = list(zip(table.rows, table.extract(), strict=True))
        if sum(1 for _, texts in rows for text in texts if text and text.strip()) >= 2:
            tables.append((table.bbox, rows))
    return tables


def _inside(line: _Line, bbox: tuple) -> bool:
    middle = line.top + line.size / 2
    return bbox[1] <= middle <= bbox[3] and line.x0 < bbox[2] and line.x1 > bbox[0]


def _cell_lines(rows: list, size: float, page: int, page_height: float) -> list[_Line]:
    """Each cell with text as a line of its own; a row's cells a hair apart in height, so they keep their order."""
    cells = []
    for row, texts in rows:
        for column, (box, text) in enumerate(zip(row.cells, texts, strict=True)):
            text = _join_texts((text or "").split("\n")) if box else ""
            if text:
                cells.append(
                    _Line(
                        text=text,
                        x0=float(box[0]),
                        x1=float(box[2]),
                        top=float(box[1]) + column * 1e-3,
                        size=size,
                        page=page,
                        page_height=page_height,
                        cell=True,
                    )
                )
    return cells


def _pdf_failure(err: Exception) -> str:
    name = type(err).__name__
    # pdfplumber wraps pdfminer's errors (PdfminerException(PDFPasswordIncorrect())): look inside too
    causes = [err, *(arg for arg in err.args if isinstance(arg, Exception)), err.__cause__, err.__context__]
    if any("Password" in type(cause).__name__ or "Encrypt" in type(cause).__name__ for cause in causes if cause):
        return "encrypted PDF: needs a password (one that opens it with an empty password is read)"
    detail = str(err).strip().splitlines()[0][:120] if str(err).strip() else name
    return f"not a readable PDF (damaged or truncated: {detail})"


def _pdf_line(raw: dict, page: int, page_height: float) -> _Line:
    # the geometry of the visible characters: a leading ideographic space must not hide an indent
    chars = [ch for ch in raw.get("chars", []) if not ch.get("text", "").isspace()]
    if not chars:
        return _Line(text="", x0=0.0, x1=0.0, top=0.0, size=0.0, page=page, page_height=page_height)
    size = statistics.median(float(ch.get("size", 0)) for ch in chars)
    text = raw["text"].strip()
    refs = _superscript_refs(chars, size)
    marks = _ref_marks(chars, refs)
    if refs:
        text = _without_chars(text, chars, refs)
        chars = [ch for k, ch in enumerate(chars) if k not in refs]
    if " " in text and _letter_spaced(chars, size):
        text = "".join(text.split())
    return _Line(
        text=text,
        x0=min(float(ch["x0"]) for ch in chars),
        x1=max(float(ch["x1"]) for ch in chars),
        top=float(raw["top"]),
        size=size,
        page=page,
        page_height=page_height,
        refs=tuple(marks),
    )


def _superscript_refs(chars: list[dict], size: float) -> set[int]:
    """Indexes of footnote reference marks: small characters raised above the line (Word's superscript 1, 2, *)."""
    marks = re.compile(lang()["footnote_ref"])
    baseline = statistics.median(float(ch.get("bottom", 0)) for ch in chars)
    return {
        k
        for k, ch in enumerate(chars)
        # after a Latin letter a raised 2 or 3 is a unit's power (m2, km2), not a reference
        if k > 0
        and marks.fullmatch(ch.get("text", ""))
        and not re.fullmatch(r"[A-Za-z]", chars[k - 1]["text"])
        and float(ch.get("size", size)) <= 0.75 * size
        and float(ch.get("bottom", baseline)) < baseline - 0.2 * size
    }


def _ref_marks(chars: list[dict], refs: set[int]) -> list[str]:
    """The reference marks as written (consecutive raised digits make one number, as 12)."""
    marks: list[str] = []
    for k in sorted(refs):
        if k - 1 in refs and marks:
            marks[-1] += chars[k]["text"]
        else:
            marks.append(chars[k]["text"])
    return marks


def _without_chars(text: str, chars: list[dict], drop: set[int]) -> str:
    """`text` (the extractor's line, with the spaces it inferred) less the characters at the indexes `drop`."""
    out, k = [], 0
    for ch in text:
        if k < len(chars) and ch == chars[k].get("text"):
            if k not in drop:
                out.append(ch)
            k += 1
        else:
            out.append(ch)
    return "".join(out)


def _letter_spaced(chars: list[dict], size: float) -> bool:
    """Set with wide letter spacing (as 小标宋 titles and 黑体 headings often are): every character stands apart
    from the next by one and the same gap, so the spaces the extractor put in the gaps are no word breaks."""
    gaps = [float(b["x0"]) - float(a["x1"]) for a, b in zip(chars, chars[1:])]
    return len(gaps) >= 3 and min(gaps) > 0.1 * size and max(gaps) - min(gaps) < 0.15 * size


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_page_furniture(pages: list[list[_Line]]) -> list[_Line]:
    """Page numbers at the head or foot of a page, and lines repeated at the top or bottom of most pages."""
    page_number = re.compile(lang()["page_number"])
    repeated = _repeated_at_edges(pages)
    kept = []
    for lines in pages:
        edges = {id(line) for line in lines[:2] + lines[-2:] if not line.cell}
        for line in lines:
            if id(line) in edges and (page_number.match(line.text.strip()) or _furniture_key(line.text) in repeated):
                continue
            kept.append(line)
    return _drop_running_heads(kept)


def _repeated_at_edges(pages: list[list[_Line]]) -> set[str]:
    """The lines (digits masked) among the first two or the last two of 60 % of the pages with text or more."""
    with_text = [lines for lines in pages if lines]
    if len(with_text) < 2:
        return set()
    need = max(2, round(0.6 * len(with_text)))
    repeated: set[str] = set()
    for edge in (slice(0, 2), slice(-2, None)):
        counts: Counter[str] = Counter()
        for lines in with_text:
            # a running head is short or sits in the margin band; body lines that happen to
            # look alike once digits are masked are neither
            counts.update({_furniture_key(line.text) for line in lines[edge] if line.in_margin or len(line.text) <= 25})
        repeated |= {key for key, n in counts.items() if n >= need}
    return repeated


def _drop_footnotes(pages: list[list[_Line]], rules: list[list[tuple[float, float, float]]]) -> tuple[list[list[_Line]], list[_Line]]:
    """Footnotes at the foot of a page taken out, so a paragraph running over the page break reads on.

    The lines below the page's last body line, each set clearly smaller than the body (Word sets notes in
    about 0.7 of the body size), are footnotes when a short rule separates them from the body (Word's
    separator) or when the first opens with a mark that the body carries as a superscript reference.
    Page numbers under them stay where they are.
    """
    all_lines = [line for lines in pages for line in lines]
    if not all_lines:
        return pages, []
    area = _type_area(all_lines)
    marks = {mark for line in all_lines for mark in line.refs}
    note_start = re.compile(lang()["footnote_start"])
    kept_pages, notes = [], []
    for lines, page_rules in zip(pages, rules, strict=True):
        start, end = _foot_block(lines, area.char)
        block = lines[start:end]
        if block and start > 0:
            body_foot = lines[start - 1].top + lines[start - 1].size
            separated = any(body_foot <= top <= block[0].top and x1 - x0 < 0.6 * area.width for x0, x1, top in page_rules)
            opening = note_start.match(block[0].text)
            if separated or (opening and opening.group(1) in marks):
                notes.extend(block)
                lines = lines[:start] + lines[end:]
        kept_pages.append(lines)
    return kept_pages, notes


def _foot_block(lines: list[_Line], char: float) -> tuple[int, int]:
    """(start, end) of the run of lines set smaller than the body in the page's lower half, above its page number."""
    page_number = re.compile(lang()["page_number"])
    end = len(lines)
    while end and page_number.match(lines[end - 1].text.strip()):
        end -= 1
    start = end
    while start and lines[start - 1].size <= 0.85 * char and lines[start - 1].top > 0.5 * lines[start - 1].page_height:
        start -= 1
    return start, end


def _drop_running_heads(lines: list[_Line]) -> list[_Line]:
    """A running head printed from page 2 on occurs once in a two-page file, so repetition cannot show it.

    The first line of a later page is one when it is set smaller than the body and centred in the
    margin band, or when it is short and made of the title's characters in the title's order.
    """
    if not lines:
        return lines
    area = _type_area(lines)
    title = _leading_title(lines, area.char)
    kept, seen_pages = [], set()
    for line in lines:
        first_on_page = line.page not in seen_pages
        seen_pages.add(line.page)
        if first_on_page and line.page > 1 and not line.cell and not paragraph_start().match(line.text):
            small_centred = line.size < 0.85 * area.char and line.in_margin and area.centred(line)
            if small_centred or _echoes_title(line.text, title):
                seen_pages.discard(line.page)  # the line under it is now the page's first
                continue
        kept.append(line)
    return kept


def _leading_title(lines: list[_Line], char: float) -> str:
    """The lines at the head of page 1 set in a larger type than the body (a title's lines)."""
    title = []
    for line in lines:
        if line.page != 1 or line.size < 1.15 * char:
            break
        title.append(line.text)
    return "".join(title)


def _echoes_title(text: str, title: str) -> bool:
    """A line made of the title's characters in the title's order (a running head naming the notice).

    At least eight characters, so a short heading that repeats words of the title (整改进展情况) stays.
    """
    text = re.sub(r"\s+", "", text)
    if len(text) < 8 or not title or len(text) > len(title) or text.endswith(sentence_final()):
        return False
    blocks = difflib.SequenceMatcher(None, text, title, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) >= 0.8 * len(text)


def _pdf_paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Re-join lines broken only by the page width; markers, indents and short lines start or end paragraphs."""
    if not lines:
        return []
    area = _type_area(lines)
    indent_style = sum(1 for line in lines if area.indented(line)) >= 2
    paragraphs: list[list[_Line]] = []
    prev: _Line | None = None
    for line in lines:
        if prev is not None and not line.cell and not prev.cell and (_runs_on(prev, line, area, indent_style) or _title_runs_on(prev, line, area)):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        prev = line
    return paragraphs


def _runs_on(prev: _Line, line: _Line, area: _TypeArea, indent_style: bool) -> bool:
    """A line that continues the paragraph of the line above, which reaches the right edge.

    Where paragraphs open indented, an unindented line continues; where they do not, it continues unless
    the line above ends a sentence. A line opening with a marker never does.
    """
    return (
        prev.x1 >= area.right - 1.5 * prev.size
        and not area.indented(line)
        and not paragraph_start().match(line.text)
        and (indent_style or not prev.text.endswith(sentence_final()))
    )


def _title_runs_on(prev: _Line, line: _Line, area: _TypeArea) -> bool:
    """The next line of a long title set centred over two or more lines."""

    def title_like(line: _Line) -> bool:
        # on the axis to half a character: a heading or first line set at the two-character indent
        # of a narrow 公文 measure (28 characters) is off the axis by about a character
        return area.centred(line, slack=0.5) or area.title_line(line)

    return (
        prev.page == line.page
        and title_like(prev)
        and title_like(line)
        and abs(prev.size - line.size) < 0.5
        and not paragraph_start().match(line.text)
        and prev.x1 - prev.x0 >= 0.6 * area.width
        and not prev.text.endswith(sentence_final())
        and line.top - prev.top < 2.5 * line.size
    )


@dataclass(frozen=True)
class _TypeArea:
    """The body's type size and the left and right edges of the text block."""

    char: float
    left: float
    right: float

    @property
    def width(self) -> float:
        return self.right - self.left

    def indented(self, line: _Line) -> bool:
        return line.x0 - self.left >= 0.9 * self.char

    def centred(self, line: _Line, slack: float = 2.0) -> bool:
        """Set in from the left edge with its middle within `slack` characters of the type area's axis."""
        return line.x0 - self.left >= 2 * self.char and abs((line.x0 + line.x1) / 2 - (self.left + self.right) / 2) < slack * self.char

    def title_line(self, line: _Line) -> bool:
        """A wide line set on the page's axis in title type (a long title's first line nearly fills the width)."""
        return (
            line.x1 - line.x0 >= 0.6 * self.width
            and line.size >= 1.15 * self.char
            and abs((line.x0 + line.x1) / 2 - (self.left + self.right) / 2) < 0.5 * line.size
        )


def _type_area(lines: list[_Line]) -> _TypeArea:
    """The body type size and the text block's edges, from the lines of all pages."""
    char = statistics.median(line.size for line in lines)
    prose = [line for line in lines if not line.cell] or lines
    long_lines = [line for line in prose if len(line.text) >= 8] or prose
    return _TypeArea(char, _percentile([line.x0 for line in long_lines], 0.1), _percentile([line.x1 for line in long_lines], 0.9))


def _join_lines(lines: list[_Line]) -> str:
    return _join_texts([line.text for line in lines])


def _join_texts(texts: list[str]) -> str:
    """Lines of one paragraph run together: no gap between CJK, a space between Latin words."""
    texts = [text.strip() for text in texts if text.strip()]
    if not texts:
        return ""
    text = texts[0]
    for line in texts[1:]:
        glue = " " if re.search(r"[A-Za-z0-9]$", text) and re.match(r"[A-Za-z]", line) else ""
        text += glue + line
    return text


def _pdf_title(paragraphs: list[list[_Line]]) -> str | None:
    """The first paragraph when it is set in a larger type than the body, as titles are."""
    if not paragraphs:
        return None
    body_size = statistics.median(line.size for lines in paragraphs for line in lines)
    first = paragraphs[0]
    text = _join_lines(first)
    return text if min(line.size for line in first) >= 1.15 * body_size and len(text) >= 6 else None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
