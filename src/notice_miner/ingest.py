"""Path → extracted text per format (txt, html, pdf, docx). Format libraries are imported lazily."""
from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from errno import EBADF, ELOOP, ENOENT, ENOTDIR
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path
from stat import S_ISDIR

from notice_miner.errors import UnreadableInput, UnsupportedFormat

MAX_BYTES = 50 * 1024 * 1024
SUPPORTED = (".txt", ".html", ".htm", ".pdf", ".docx")


@dataclass
class Extracted:
    """What a file holds as text, before normalisation."""

    path: str
    name: str
    format: str
    text: str
    sha256: str
    size: int
    encoding: str | None = None
    pages: int | None = None
    title: str | None = None
    page_meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def from_text(text: str, *, name: str = "<text>") -> Extracted:
    data = text.encode("utf-8")
    return Extracted(path=name, name=name, format="text", text=text,
                     sha256=hashlib.sha256(data).hexdigest(), size=len(data), encoding="utf-8")


def read(path: str | Path, *, max_bytes: int | None = None) -> Extracted:
    """Read one notice file into text. Raises `UnsupportedFormat` or `UnreadableInput` with a one-line reason.

    `max_bytes` (default `MAX_BYTES`) is checked against the file size before anything is read.
    """
    path = Path(path)
    try:
        status = path.stat()
    except (OSError, ValueError) as err:
        if isinstance(err, OSError) and not _missing(err):
            raise
        raise UnreadableInput(path, "no such file") from None
    if S_ISDIR(status.st_mode):
        raise UnreadableInput(path, "is a directory, not a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        kind = f"{path.suffix!r} files" if path.suffix else "files without an extension"
        raise UnsupportedFormat(path, f"unsupported format: {kind} are not read (supported: {' '.join(SUPPORTED)})")
    limit = MAX_BYTES if max_bytes is None else max_bytes
    size = status.st_size
    if size > limit:
        raise UnreadableInput(path, f"file is too large ({_mb(size)}; the limit is {_mb(limit)})")
    if size == 0:
        raise UnreadableInput(path, "empty file (0 bytes)")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableInput(path, f"cannot read the file ({err.strerror or err})") from None
    doc = Extracted(path=str(path), name=path.name, format="html" if suffix == ".htm" else suffix[1:], text="",
                    sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    reader = {".txt": _read_txt, ".html": _read_html, ".htm": _read_html, ".pdf": _read_pdf, ".docx": _read_docx}
    reader[suffix](path, data, doc)
    if not doc.text.strip():
        raise UnreadableInput(path, "no text in the file (empty or whitespace only)")
    return doc


def _missing(err: OSError) -> bool:
    """The errors for which `Path.exists()` says False (one stat call serves for existence, kind and size)."""
    return err.errno in (ENOENT, ENOTDIR, EBADF, ELOOP) or getattr(err, "winerror", None) in (21, 123, 1921)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


@lru_cache(maxsize=1)
def _lang() -> dict:
    return json.loads((Path(__file__).parent / "lang" / "ingest.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- text and encodings

_CHINESE_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn", "x-gbk", "gb_2312_80", "hz_gb_2312"}
# codecs a Chinese notice is plausibly written in; anything else charset-normalizer proposes is
# checked against gb18030 first, because on short GBK texts detectors sometimes pick an exotic codec
_TRUSTED = {"utf_8", "gb18030", "big5", "big5hkscs", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "ascii"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1a\x1b")
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_PLAUSIBLE_RUNS = re.compile("[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def _canonical(encoding: str) -> str:
    name = encoding.lower().replace("-", "_")
    if name in _CHINESE_FAMILY:
        return "gb18030"
    return {"utf_8": "utf-8", "utf8": "utf-8", "utf_16": "utf-16", "utf_16_le": "utf-16-le",
            "utf_16_be": "utf-16-be", "ascii": "utf-8", "us_ascii": "utf-8"}.get(name, name)


def _read_txt(path: Path, data: bytes, doc: Extracted) -> None:
    text, doc.encoding, doc.warnings = _decode(path, data)
    doc.text = _unwrap_hard_breaks(text)


class _NarrowKeeper(dict):
    """A `str.translate` table that deletes wide characters (East Asian Width W or F) and keeps the rest.

    Each character is looked up in `unicodedata` once per process, the first time a text holds it.
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.east_asian_width(chr(code)) in "WF" else code
        self[code] = kept
        return kept


_NARROW_KEEPER = _NarrowKeeper()


def _display_width(line: str) -> int:
    """Columns a line takes in a fixed-width font: two for a wide character, one for any other."""
    return 2 * len(line) - len(line.translate(_NARROW_KEEPER))


# a full line of a hard-wrapped text is 23 characters or more in either way of counting (24 characters
# less one of slack, 48 columns less two, a column at most two characters wide)
_SHORTEST_FULL_LINE = 23


def _unwrap_hard_breaks(text: str) -> str:
    """Text cut into lines of one width (copied out of a PDF, or from a fixed-width mail) re-joined into paragraphs.

    Only on strong evidence: a quarter of the lines or more (five at least) are full to within a character of
    one width of 24 characters or more (counted in characters or in display columns), hardly any line is longer,
    and most full lines end in the middle of a sentence. A full line then runs on into the next unless the next is indented or opens with a marker.
    """
    lines = text.split("\n")
    body = [line.rstrip() for line in lines if line.strip()]
    if len(body) < 8:
        return text
    final = tuple(_lang()["sentence_final"])
    # cheap necessary condition first: 70 % of a quarter of the lines (four at least) are long and end mid-sentence
    open_long = sum(1 for line in body if len(line) >= _SHORTEST_FULL_LINE and not line.endswith(final))
    if open_long < 4 or open_long < 0.17 * len(body):
        return text
    starts = re.compile(_lang()["pdf_paragraph_start"])
    fits = []
    for measure, slack, narrowest in ((len, 1, 24), (_display_width, 2, 48)):
        widths = [measure(line) for line in body]
        upper = sorted(widths)[len(widths) // 2:]
        lines_of = Counter(widths)
        width = max(set(upper), key=lambda w: (sum(lines_of[v] for v in range(w - slack, w + 1)), w))
        full = [line for line, w in zip(body, widths) if width - slack <= w <= width]
        longer = sum(1 for w in widths if w > width + slack)
        mid_sentence = sum(1 for line in full if not line.endswith(final))
        if (width >= narrowest and len(full) >= max(5, 0.25 * len(body)) and longer <= 0.05 * len(body)
                and mid_sentence >= 0.7 * len(full)):
            fits.append((len(full), measure, slack, width))
    if not fits:
        return text
    _, measure, slack, width = max(fits, key=lambda fit: fit[0])  # the way of counting that fits more lines
    indent_style = sum(1 for line in body if line[0] in " \t\u3000") >= 2
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        prev = prev.rstrip("\r")
        wrapped = (prev.strip() and line.strip() and width - slack <= measure(prev) <= width + slack
                   and line[0] not in " \t\u3000" and not starts.match(line.strip())
                   and (indent_style or not prev.endswith(final)))
        if wrapped:
            out[-1] = out[-1].rstrip("\r") + line
        else:
            out.append(line)
    return "\n".join(out)


def _decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes → (text, encoding, warnings): BOM, strict UTF-8, UTF-16 sniffing, declared charset, detection.

    Text that is valid UTF-8 is taken as UTF-8 even where a page declares another charset: GBK Chinese is
    practically never valid UTF-8, while mislabelled pages are common.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-8-sig":
                _reject_binary(path, data)
            return _decode_lenient(path, data, enc)
    try:
        text = data.decode("utf-8")
        _reject_binary(path, data)
        return text, "utf-8", []
    except UnicodeDecodeError:
        pass
    # sniffed only after strict UTF-8 fails: pairs of ASCII letters would read as CJK ideographs
    utf16 = _sniff_utf16(data)
    if utf16:
        return data.decode(utf16), utf16, []
    _reject_binary(path, data)
    if declared:
        enc = _canonical(declared)
        try:
            return data.decode(enc), enc, []
        except (UnicodeDecodeError, LookupError):
            pass
    text, errors = _decode_counting(data, "utf-8")
    if errors <= max(1, 0.01 * _non_ascii(text)):  # UTF-8 with a stray bad byte run
        return _decode_lenient(path, data, "utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = _canonical(best.encoding) if best else None
    if guess and guess.replace("-", "_") in _TRUSTED:
        return str(best), guess, []
    gb_text, gb_errors = _decode_counting(data, "gb18030")
    if gb_errors == 0 and _plausible(gb_text) > 0.9:
        return gb_text, "gb18030", []
    if guess:
        return str(best), guess, []
    return _decode_lenient(path, data, "gb18030" if gb_errors < errors else "utf-8")


def _decode_lenient(path: Path, data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    text, errors = _decode_counting(data, encoding)
    if errors > 0.2 * max(1, len(text)):
        raise UnreadableInput(path, "binary data, not text")
    warnings = []
    if errors:
        warnings.append(f"{errors} byte sequence(s) could not be decoded as {encoding} "
                        "and were replaced with �")
    return text, encoding, warnings


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")


def _plausible(text: str) -> float:
    """Share of characters a Chinese notice is made of (CJK, its punctuation, ASCII, whitespace)."""
    if not text:
        return 0.0
    return (len(text) - len(_PLAUSIBLE_RUNS.sub("", text))) / len(text)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: the byte order whose decoding reads as Chinese or ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    scores = {}
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            scores[enc] = _plausible(data.decode(enc))
        except UnicodeDecodeError:
            continue
    best = max(scores, key=scores.get, default=None)
    return best if best and scores[best] >= 0.95 else None


def _reject_binary(path: Path, data: bytes) -> None:
    sample = data[:65536]
    controls = len(sample.translate(None, _NOT_CONTROL_BYTES))
    if sample.count(0) > 0.01 * len(sample) or controls > 0.05 * len(sample):
        raise UnreadableInput(path, "binary data, not text")


# ---------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "dt", "dd",
               "section", "article", "blockquote", "center", "pre", "address", "header", "footer", "main",
               "tbody", "thead", "hr", "figure", "figcaption", "caption"}
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "input", "button", "select", "textarea", "nav",
              "svg", "object", "embed", "template", "canvas", "map", "audio", "video")
_LINE_TAGS = _BLOCK_TAGS | {"td", "th"}  # what starts and ends a line of text
_OPAQUE_TAGS = _LINE_TAGS | {"a"}  # children whose text is not their parent's own when weighing prose blocks
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_CJK = re.compile(r"[^\u3400-\u9fff]+")
_NOT_CJK_LEAD_BYTES = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
_CJK_EXT_A_UTF8 = re.compile(rb"\xe3[\x90-\xbf]")
# a space between CJK characters, once each run of whitespace is one space (opening with the space lets
# the regex engine skip to the spaces instead of trying the lookbehind at every character)
_SPACE_BETWEEN_CJK = re.compile(r" (?<=[\u3000-\u9fff\uff00-\uffef] )(?=[\u3000-\u9fff\uff00-\uffef])")
_WS_IN_LINE = re.compile(r"[^\S\n]+")
_WS = re.compile(r"[\s\u00a0\u3000]+")
_VALUE_TRIM = " \t\r\n\u00a0\u3000|丨｜"


def _read_html(path: Path, data: bytes, doc: Extracted) -> None:
    from lxml import etree

    declared = _META_CHARSET.search(data[:8192])
    text, doc.encoding, doc.warnings = _decode(path, data, declared.group(1).decode("ascii") if declared else None)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = etree.fromstring(text, _html_parser())
        if root is None:
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError) as err:
        raise UnreadableInput(path, f"not a readable HTML page ({err})") from None
    head_meta = {(m.get("name") or m.get("property") or "").strip().lower(): (m.get("content") or "").strip()
                 for m in root.iter("meta")}
    title_tag = _clean(root.findtext(".//title") or "")
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS)):
        _drop(el)
    for style in _xpath("descendant-or-self::*/@style")(root):
        if "display:none" in style.replace(" ", "").lower():
            _drop(style.getparent())
    body = root.find("body")
    if body is None:
        raise UnreadableInput(path, "no text in the page (an HTML page without a body)")
    survey = _Survey(body)
    meta, holders = _page_meta(body, survey)
    for key, names in _lang()["page_meta_tags"].items():
        for name in names:
            if key not in meta and head_meta.get(name.lower()):
                meta[key] = _clean(head_meta[name.lower()])
    doc.title = _html_title(body, head_meta, title_tag, survey)
    if doc.title and "page_title" not in meta:
        meta["page_title"] = doc.title
    doc.page_meta = meta
    total = max(1, survey.prose(body))
    furniture = _furniture(body, survey)
    # never throw away the part of the page that holds most of its prose
    for el in _outermost([el for el in holders + furniture if survey.prose(el) < 0.4 * total]):
        survey.dropped(el)
        _drop(el)
    article = _article_body(body, survey)
    lines = _block_lines(article)
    if doc.title and lines and _squash(lines[0]) == _squash(doc.title):
        lines = lines[1:]
    doc.text = "\n".join([doc.title, ""] + lines if doc.title else lines) + "\n" if lines else ""


@lru_cache(maxsize=1)
def _html_parser():
    """lxml's HTML parser building plain elements: lxml.html's element classes cost a Python call per element."""
    from lxml import etree

    return etree.HTMLParser()


@cache
def _xpath(expression: str):
    from lxml import etree

    return etree.XPath(expression)


def _text_content(el) -> str:
    """The text of an element and all its descendants, without its tail."""
    return _xpath("string()")(el)


def _drop(el) -> None:
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


def _clean(text: str) -> str:
    # str.split() cuts at the characters _WS matches; the spaces it leaves out at the ends would be trimmed
    return _SPACE_BETWEEN_CJK.sub("", " ".join(text.split())).strip(_VALUE_TRIM)


def _squash(text: str) -> str:
    return "".join(text.split())  # the characters str.split() cuts at are those _WS matches


def _count_cjk(text: str) -> int:
    """CJK ideographs (U+3400-U+9FFF) in the text."""
    if text.isascii():
        return 0
    if len(text) < 100:
        return len(_NOT_CJK.sub("", text))
    # a long text is counted in UTF-8, where bytes E4-E9 lead only U+4000-U+9FFF and E3 followed by 90-BF
    # leads U+3400-U+3FFF: bytes.translate is many times faster than a regex over the characters
    data = text.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _NOT_CJK_LEAD_BYTES)) + len(_CJK_EXT_A_UTF8.findall(data))


class _Survey:
    """What the page-cleaning steps ask of each element of <body>, gathered in one post-order pass.

    text: element → its text content (as `_text_content`); weight: line-breaking element → CJK characters
    of its own text (its text, its children's tails and the text of its inline children); tokens: element →
    its class/id words (elements that have a class or id). And the elements worth a closer look:
    colon_holders (post-order): short enough for an info bar and holding a colon; label_candidates:
    opening with a label's first character, three children at most; wording_candidates: short and opening
    with a furniture marker's first character.
    """

    def __init__(self, body) -> None:
        from lxml import etree

        label_openings = _label_patterns().first_chars
        furniture_openings = _furniture_words()[2]
        self.text: dict = {}
        self.weight: dict = {}
        self.colon_holders: list = []
        self.label_candidates: set = set()
        self.wording_candidates: set = set()
        self.tokens: dict = {}
        text_of = self.text.get
        for _, el in etree.iterwalk(body, events=("end",)):
            content = el.text or ""
            line_tag = el.tag in _LINE_TAGS
            children = len(el)
            if children:
                parts = [content]
                own = [content]
                for child in el:
                    inner, tail = text_of(child, ""), child.tail or ""
                    parts += (inner, tail)
                    if line_tag:
                        own.append(tail)
                        if child.tag not in _OPAQUE_TAGS:
                            own.append(inner)
                content = "".join(parts)
                if line_tag:
                    self.weight[el] = _count_cjk("".join(own))
            elif line_tag:
                self.weight[el] = _count_cjk(content)
            self.text[el] = content
            if el.get("class") or el.get("id"):
                self.tokens[el] = _tokens(el)
            opening = content.lstrip()[:1]
            if opening in label_openings and children <= 3:
                self.label_candidates.add(el)
            if len(content) < 300 and opening in furniture_openings:
                self.wording_candidates.add(el)
            if len(content) <= 2000 and (":" in content or "：" in content):
                self.colon_holders.append(el)
        self.nested_links = bool(_xpath("descendant::a[ancestor::a]")(body))

    def dropped(self, el) -> None:
        """Forget what the elements lose when `el` is dropped: their text content and own text."""
        for ancestor in el.iterancestors():
            self.text.pop(ancestor, None)
            self.weight.pop(ancestor, None)

    def text_content(self, el) -> str:
        text = self.text.get(el)
        return _text_content(el) if text is None else text

    def prose(self, el) -> int:
        """CJK characters in the element outside links."""
        if el.tag == "a":
            return 0
        if self.nested_links:
            # the links in it that are in no other link in it: as many links around them as around the element
            depth = sum(1 for _ in el.iterancestors("a"))
            links = _xpath("descendant::a[count(ancestor::a) = $depth]")(el, depth=depth)
        else:
            links = el.iter("a")
        return _count_cjk(self.text[el]) - _count_cjk("".join([self.text[link] for link in links]))


@dataclass(frozen=True)
class _Labels:
    by_label: dict[str, str]  # label → metadata key
    known: re.Pattern  # a label and its colon, where a value follows
    any_label: re.Pattern  # a short CJK word and a colon, where the value before it ends
    first_chars: set[str]  # what a label opens with
    somewhere: re.Pattern  # a label and its colon anywhere, as in any text `known` can find one in


@lru_cache(maxsize=1)
def _label_patterns() -> _Labels:
    by_label = {label: key for key, labels in _lang()["page_meta_labels"].items() for label in labels}
    spaced = sorted(by_label, key=len, reverse=True)
    alternation = "|".join(r"\s*".join(map(re.escape, label)) for label in spaced)
    # any short CJK word followed by a colon after a gap ends the value before it (浏览量：, 字号：)
    any_label = re.compile(r"(?:^|(?<=[\s|丨｜]))[\u4e00-\u9fff]{2,6}\s*[:：]")
    return _Labels(by_label, re.compile(rf"(?<![\u4e00-\u9fff])({alternation})\s*[:：]"), any_label,
                   {label[:1] for label in by_label}, re.compile(rf"(?:{alternation})\s*[:：]"))


def _page_meta(body, survey: _Survey) -> tuple[dict[str, str], list]:
    """Page metadata from label/value pairs (table cells, dt/dd, `label：value` spans) and the elements holding them."""
    labels = _label_patterns()
    by_label, known, any_label = labels.by_label, labels.known, labels.any_label
    generic = {label for label in by_label if len(label) <= 2}
    meta: dict[str, str] = {}
    holders = []
    candidates = survey.label_candidates
    for el in body.iter():
        if el not in candidates:
            continue
        raw = _squash(survey.text[el])
        label = raw.rstrip(":：")
        # a bare 日期 or 来源 (no colon) is more likely a column head of a table in the article
        if label not in by_label or (label in generic and label == raw):
            continue
        value = _clean(el.tail or "")
        sibling = el.getnext()
        if not value and sibling is not None:
            value = _clean(_text_content(sibling))
        if value and not known.match(value):
            meta.setdefault(by_label[label], value)
            holders.append(next(el.iterancestors("table", "dl"), el.getparent()))
    for el in survey.colon_holders:
        # an info bar is short; skip joining the text of big containers, and any without a label and colon
        if el is body or not labels.somewhere.search(survey.text[el]):
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if len(text) > 300:
            continue
        covered = 0
        for match in known.finditer(text):
            rest = text[match.end():]
            stop = any_label.search(rest)
            value = _clean(rest[: stop.start()] if stop else rest)
            if value:
                meta.setdefault(by_label[_squash(match.group(1))], value)
            covered += len(match.group(0)) + min(len(value), 60)
        # an info bar is mostly labels and values; a paragraph that mentions 日期： is not
        if covered and covered >= 0.6 * len(text) and el.tag not in ("p", "h1", "h2", "h3"):
            holders.append(el)
    return meta, holders


def _outermost(elements: list) -> list:
    chosen = {id(e): e for e in elements if e is not None and e.getparent() is not None}
    return [el for el in chosen.values() if not any(id(anc) in chosen for anc in el.iterancestors())]


def _html_title(body, head_meta: dict[str, str], title_tag: str, survey: _Survey) -> str | None:
    parts = [p.strip() for p in re.split(r"_|\||｜| - | — |－", title_tag) if p.strip()]
    from_tag = max(parts, key=len) if parts else ""
    tokens = survey.tokens
    candidates = [h for h in body.iter() if isinstance(h.tag, str)
                  and (h.tag in ("h1", "h2", "h3") or h in tokens and "title" in tokens[h])]
    headings = [t for t in (_clean(survey.text[h]) for h in candidates) if 6 <= len(t) <= 200]
    for heading in headings:
        if heading == from_tag:
            return heading
    for heading in headings:
        if from_tag and (heading in from_tag or from_tag in heading) and len(heading) >= 0.6 * len(from_tag):
            return heading
    article_title = _clean(head_meta.get("articletitle", ""))
    return article_title or from_tag or (headings[0] if headings else None)


def _tokens(el) -> set[str]:
    """The words of the class and id attributes (split at spaces, _ and -), and all of them run together."""
    words = f"{el.get('class', '')} {el.get('id', '')}".lower().replace("_", " ").replace("-", " ").split()
    return {*words, "".join(words)}


@lru_cache(maxsize=1)
def _furniture_words() -> tuple[set[str], tuple[str, ...], set[str]]:
    markers = tuple(_lang()["furniture_text"])
    return set(_lang()["furniture_tokens"]), markers, {marker[:1] for marker in markers}


def _furniture(body, survey: _Survey) -> list:
    """Navigation, breadcrumbs, share bars, article tools, related links, footers: by class/id and by wording."""
    names, markers, _ = _furniture_words()
    tokens, wording = survey.tokens, survey.wording_candidates
    found = []
    for el in body.iter():
        if not isinstance(el.tag, str) or el is body:
            continue
        if el in tokens and tokens[el] & names or el.tag in ("header", "footer", "aside"):
            found.append(el)
            continue
        if el not in wording:  # too long, or opening with no marker's first character
            continue
        head = _squash("".join(islice(el.itertext(), 6)))
        if head.startswith(markers):
            found.append(el)
    return found


_PARAGRAPH_TAGS = {"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "center", "blockquote"}


def _article_body(body, survey: _Survey):
    """The container holding most paragraph text: each text block scores its container, half to the one above."""
    hints = set(_lang()["content_tokens"])
    scores: dict = {}
    for block in body.iter(*_BLOCK_TAGS, "td", "th"):
        tag = block.tag
        if tag in ("h1", "h2"):
            continue
        weight = survey.weight.get(block)
        if weight is None:  # a drop below changed it
            own = [block.text or ""]
            for child in block:
                own.append(child.tail or "")
                if isinstance(child.tag, str) and child.tag not in _OPAQUE_TAGS:
                    own.append(survey.text_content(child))
            weight = _count_cjk("".join(own))
        if not weight:
            continue
        if tag in _PARAGRAPH_TAGS:
            container = block.getparent()
        elif tag in ("td", "th"):
            container = block
        else:
            is_leaf = next(islice(block.iter(*_BLOCK_TAGS), 1, None), None) is None  # the first is the block
            breaks = sum(1 for _ in block.iter("br"))
            container = block.getparent() if is_leaf and breaks < 2 else block
        scores[container] = scores.get(container, 0.0) + weight
        parent = container.getparent() if container is not body else None
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + 0.5 * weight
    if not scores:
        return body
    for el in scores:
        if el in survey.tokens and survey.tokens[el] & hints:
            scores[el] *= 1.2
    return max(scores, key=scores.get)


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

    from lxml import etree

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
    text = _SPACE_BETWEEN_CJK.sub("", _WS_IN_LINE.sub(" ", "".join(pieces)))
    lines = (line.strip(" ") for line in text.split("\n"))
    return [line for line in lines if line]


_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([^;]+)", re.I)


def _list_markers(root) -> dict:
    """<li> → the number a browser draws before it (ol, or ul styled with numbers); start, value, reversed, type.

    An item whose text already opens with a typed marker gets none (a site's CSS hides such lists' numbers).
    """
    styles = _lang()["html_list_styles"]
    typed = re.compile(_lang()["pdf_paragraph_start"])
    markers = {}
    for listing in root.iter("ol", "ul"):
        kind = _list_style(listing, styles) or ("decimal" if listing.tag == "ol" else None)
        items = [li for li in listing if li.tag == "li"]
        step = -1 if listing.get("reversed") is not None else 1
        number = _int(listing.get("start"), len(items) if step < 0 else 1)
        for li in items:
            number = _int(li.get("value"), number)
            style = _list_style(li, styles) or kind
            if style in styles and not typed.match(_squash(_text_content(li))):
                fmt, suffix = styles[style]
                markers[li] = _list_number(number, fmt) + suffix
            number += step
    return markers


def _list_style(el, styles: dict) -> str | None:
    """The list-style-type set on the element (inline CSS, or the type attribute of ol/li)."""
    css = _LIST_STYLE.search(el.get("style") or "")
    if css:
        words = css.group(1).lower().split()
        return next((w for w in words if w in styles or w in ("none", "disc", "circle", "square")), None)
    return {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman",
            "I": "upper-roman"}.get(el.get("type") or "")


# ---------------------------------------------------------------- PDF


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


def _read_pdf(path: Path, data: bytes, doc: Extracted) -> None:
    import pdfplumber

    if b"%PDF-" not in data[:1024]:
        raise UnreadableInput(path, "not a PDF file (no %PDF header)")
    empty_pages: list[int] = []
    pages: list[list[_Line]] = []
    rules: list[list[tuple[float, float, float]]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            doc.pages = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                lines = [_pdf_line(raw, number, float(page.height))
                         for raw in page.extract_text_lines(strip=True, return_chars=True)]
                lines = [line for line in lines if line.text]
                if not lines:
                    empty_pages.append(number)
                pages.append(_with_table_cells(page, lines, number) if page.rects or page.lines else lines)
                rules.append([(float(r["x0"]), float(r["x1"]), float(r["top"])) for r in (*page.lines, *page.rects)
                              if float(r["bottom"]) - float(r["top"]) <= 2 and float(r["x1"]) - float(r["x0"]) > 10])
    except Exception as err:  # pdfminer raises many unrelated types for damaged files
        raise UnreadableInput(path, _pdf_failure(err)) from None
    if not doc.pages:
        raise UnreadableInput(path, "not a readable PDF (no pages)")
    if len(empty_pages) == doc.pages:
        raise UnreadableInput(path, "no text layer (scanned or image-only PDF); run OCR first")
    if empty_pages:
        doc.warnings.append(f"page(s) {', '.join(map(str, empty_pages))} of {doc.pages} have no text layer "
                            "(scanned images?); their text is missing")
    pages, notes = _drop_footnotes(pages, rules)
    if notes:
        where = sorted({line.page for line in notes})
        doc.warnings.append(f"{len(notes)} footnote line(s) at the foot of page(s) {', '.join(map(str, where))} "
                            "left out of the text")
    paragraphs = _pdf_paragraphs(_drop_page_furniture(pages))
    doc.title = _pdf_title(paragraphs)
    doc.text = "\n".join(_join_lines(lines) for lines in paragraphs) + "\n"


def _with_table_cells(page, lines: list[_Line], number: int) -> list[_Line]:
    """A ruled table's text as one line per cell, row by row, in place of the lines running across its cells.

    As in the HTML and DOCX readers: the cell boundary is where a problem, its measures and its status part,
    and where a summary table's labels and values part; read as lines, a row's cells run into one.
    """
    tables = []
    for table in page.find_tables():
        rows = [(row, texts) for row, texts in zip(table.rows, table.extract(), strict=True)]
        if sum(1 for _, texts in rows for text in texts if text and text.strip()) >= 2:
            tables.append((table.bbox, rows))
    if not tables:
        return lines

    def inside(line: _Line, bbox: tuple) -> bool:
        middle = line.top + line.size / 2
        return bbox[1] <= middle <= bbox[3] and line.x0 < bbox[2] and line.x1 > bbox[0]

    kept = [line for line in lines if not any(inside(line, bbox) for bbox, _ in tables)]
    covered = [line for line in lines if line not in kept]
    size = statistics.median(line.size for line in covered) if covered else statistics.median(
        line.size for line in lines)
    cells = []
    for _, rows in tables:
        for row, texts in rows:
            for column, (box, text) in enumerate(zip(row.cells, texts, strict=True)):
                text = _join_texts((text or "").split("\n")) if box else ""
                if text:
                    cells.append(_Line(text=text, x0=float(box[0]), x1=float(box[2]),
                                       top=float(box[1]) + column * 1e-3, size=size, page=number,
                                       page_height=float(page.height), cell=True))
    return sorted(kept + cells, key=lambda line: line.top)


def _pdf_failure(err: Exception) -> str:
    name = type(err).__name__
    if "Password" in name or "Encrypt" in name:
        return "encrypted PDF (needs a password)"
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
    return _Line(text=text, x0=min(float(ch["x0"]) for ch in chars), x1=max(float(ch["x1"]) for ch in chars),
                 top=float(raw["top"]), size=size, page=page, page_height=page_height,
                 refs=tuple(marks))


def _superscript_refs(chars: list[dict], size: float) -> set[int]:
    """Indexes of footnote reference marks: small characters raised above the line (Word's superscript 1, 2, *)."""
    marks = re.compile(_lang()["footnote_ref"])
    baseline = statistics.median(float(ch.get("bottom", 0)) for ch in chars)
    return {k for k, ch in enumerate(chars)
            # after a Latin letter a raised 2 or 3 is a unit's power (m2, km2), not a reference
            if k > 0 and marks.fullmatch(ch.get("text", "")) and not re.fullmatch(r"[A-Za-z]", chars[k - 1]["text"])
            and float(ch.get("size", size)) <= 0.75 * size
            and float(ch.get("bottom", baseline)) < baseline - 0.2 * size}


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
    page_number = re.compile(_lang()["page_number"])
    with_text = [lines for lines in pages if lines]
    repeated: set[str] = set()
    if len(with_text) >= 2:
        need = max(2, round(0.6 * len(with_text)))
        for edge in (slice(0, 2), slice(-2, None)):
            counts: dict[str, int] = {}
            for lines in with_text:
                # a running head is short or sits in the margin band; body lines that happen to
                # look alike once digits are masked are neither
                edge_keys = {_furniture_key(line.text) for line in lines[edge]
                             if line.in_margin or len(line.text) <= 25}
                for key in edge_keys:
                    counts[key] = counts.get(key, 0) + 1
            repeated |= {key for key, n in counts.items() if n >= need}
    kept = []
    for lines in pages:
        edges = {id(line) for line in lines[:2] + lines[-2:] if not line.cell}
        for line in lines:
            if id(line) in edges and (page_number.match(line.text.strip())
                                      or _furniture_key(line.text) in repeated):
                continue
            kept.append(line)
    return _drop_running_heads(kept)


def _drop_footnotes(pages: list[list[_Line]], rules: list[list[tuple[float, float, float]]]
                    ) -> tuple[list[list[_Line]], list[_Line]]:
    """Footnotes at the foot of a page taken out, so a paragraph running over the page break reads on.

    The lines below the page's last body line, each set clearly smaller than the body (Word sets notes in
    about 0.7 of the body size), are footnotes when a short rule separates them from the body (Word's
    separator) or when the first opens with a mark that the body carries as a superscript reference.
    Page numbers under them stay where they are.
    """
    all_lines = [line for lines in pages for line in lines]
    if not all_lines:
        return pages, []
    char, left, right = _type_area(all_lines)
    page_number = re.compile(_lang()["page_number"])
    note_start = re.compile(_lang()["footnote_start"])
    marks = {mark for line in all_lines for mark in line.refs}

    def small_in_lower_half(line: _Line) -> bool:
        return line.size <= 0.85 * char and line.top > 0.5 * line.page_height

    kept_pages, notes = [], []
    for lines, page_rules in zip(pages, rules, strict=True):
        end = len(lines)
        while end and page_number.match(lines[end - 1].text.strip()):
            end -= 1
        start = end
        while start and small_in_lower_half(lines[start - 1]):
            start -= 1
        block = lines[start:end]
        if not block or start == 0:
            kept_pages.append(lines)
            continue
        body_foot = lines[start - 1].top + lines[start - 1].size
        separated = any(body_foot <= top <= block[0].top and x1 - x0 < 0.6 * (right - left)
                        for x0, x1, top in page_rules)
        opening = note_start.match(block[0].text)
        if separated or (opening and opening.group(1) in marks):
            notes.extend(block)
            kept_pages.append(lines[:start] + lines[end:])
        else:
            kept_pages.append(lines)
    return kept_pages, notes


def _drop_running_heads(lines: list[_Line]) -> list[_Line]:
    """A running head printed from page 2 on occurs once in a two-page file, so repetition cannot show it.

    The first line of a later page is one when it is set smaller than the body and centred in the
    margin band, or when it is short and made of the title's characters in the title's order.
    """
    if not lines:
        return lines
    char, left, right = _type_area(lines)
    title = _leading_title(lines, char)
    starts = re.compile(_lang()["pdf_paragraph_start"])
    kept, seen_pages = [], set()
    for line in lines:
        first_on_page = line.page not in seen_pages
        seen_pages.add(line.page)
        if first_on_page and line.page > 1 and not line.cell and not starts.match(line.text):
            small_centred = line.size < 0.85 * char and line.in_margin and _centred(line, char, left, right)
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
    if len(text) < 8 or not title or len(text) > len(title) or text.endswith(tuple(_lang()["sentence_final"])):
        return False
    blocks = difflib.SequenceMatcher(None, text, title, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) >= 0.8 * len(text)


def _pdf_paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Re-join lines broken only by the page width; markers, indents and short lines start or end paragraphs."""
    if not lines:
        return []
    starts = re.compile(_lang()["pdf_paragraph_start"])
    final = tuple(_lang()["sentence_final"])
    char, left, right = _type_area(lines)
    middle = (left + right) / 2
    indented = [line.x0 - left >= 0.9 * char for line in lines]
    indent_style = sum(indented) >= 2

    def centred(line: _Line) -> bool:
        # on the axis to half a character: a heading or first line set at the two-character indent
        # of a narrow 公文 measure (28 characters) is off the axis by about a character
        return _centred(line, char, left, right, slack=0.5)

    def title_line(line: _Line) -> bool:
        """A wide line set on the page's axis in title type (a long title's first line nearly fills the width)."""
        return (line.x1 - line.x0 >= 0.6 * (right - left) and line.size >= 1.15 * char
                and abs((line.x0 + line.x1) / 2 - middle) < 0.5 * line.size)

    paragraphs: list[list[_Line]] = []
    prev: _Line | None = None
    for line, is_indented in zip(lines, indented):
        wrapped = (prev is not None
                   and prev.x1 >= right - 1.5 * prev.size
                   and not is_indented
                   and not starts.match(line.text)
                   and (indent_style or not prev.text.endswith(final)))
        # a long centred title set over two or more lines
        title_wrapped = (prev is not None and prev.page == line.page and (centred(prev) or title_line(prev))
                         and (centred(line) or title_line(line)) and abs(prev.size - line.size) < 0.5
                         and not starts.match(line.text)
                         and prev.x1 - prev.x0 >= 0.6 * (right - left)
                         and not prev.text.endswith(final) and line.top - prev.top < 2.5 * line.size)
        if (wrapped or title_wrapped) and not line.cell and not prev.cell:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        prev = line
    return paragraphs


def _type_area(lines: list[_Line]) -> tuple[float, float, float]:
    """(body type size, left edge, right edge) of the text block, from the lines of all pages."""
    char = statistics.median(line.size for line in lines)
    prose = [line for line in lines if not line.cell] or lines
    long_lines = [line for line in prose if len(line.text) >= 8] or prose
    return (char, _percentile([line.x0 for line in long_lines], 0.1),
            _percentile([line.x1 for line in long_lines], 0.9))


def _centred(line: _Line, char: float, left: float, right: float, slack: float = 2.0) -> bool:
    """Set in from the left edge with its middle within `slack` characters of the type area's axis."""
    return line.x0 - left >= 2 * char and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < slack * char


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


# ---------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# run containers whose text Word shows (tracked insertions and moves included); w:del and w:moveFrom
# hold deleted text, drawings and alternate content hold text boxes (their text twice, once per fallback)
_RUN_CONTAINERS = {"r", "hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent",
                   "dir", "bdo"}


def _read_docx(path: Path, data: bytes, doc: Extracted) -> None:
    import zipfile

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableInput(path, "not a valid .docx (not a zip archive)")
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        document = docx.Document(io.BytesIO(data))
        try:
            numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except KeyError:
            numbering = None
        lists = _WordLists(numbering, document.styles.element)
    except Exception as err:  # a zip that is not a Word document: KeyError, ValueError, XML errors
        raise UnreadableInput(path, f"not a valid .docx ({type(err).__name__}: {str(err)[:100]})") from None
    lines: list[str] = []

    def walk(parent, in_cell: bool = False) -> None:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag == "p":
                text = _paragraph_text(child)
                marker = lists.marker(child)  # an empty numbered paragraph still takes its number, as in Word
                marker = marker if text.strip() else ""
                if not in_cell:
                    lines.append(marker + text)
                elif text.strip():
                    lines.append(marker + _WS.sub(" ", text).strip())
            elif tag in ("tbl", "tr", "tc"):
                # each cell's paragraphs on lines of their own: a row's cells never run together
                walk(child, in_cell=True)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                walk(child, in_cell)

    walk(document.element.body)
    doc.text = "\n".join(line.rstrip() for line in lines) + "\n"
    title = (document.core_properties.title or "").strip()
    doc.title = title if _CJK.search(title) else None


def _paragraph_text(p) -> str:
    """The text Word shows for a paragraph: runs in order, tracked insertions in, deletions and hidden runs out."""
    out: list[str] = []

    def walk(el) -> None:
        for child in el.iterchildren():
            if not isinstance(child.tag, str):
                continue
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "t":
                out.append(child.text or "")
            elif tag == "tab" and el.tag == _W + "r":
                out.append("\t")
            elif tag in ("br", "cr") and child.get(_W + "type") not in ("page", "column"):
                out.append("\n")
            elif tag == "noBreakHyphen":
                out.append("-")
            elif tag == "r":
                if child.find(f"{_W}rPr/{_W}vanish") is None:
                    walk(child)
            elif tag in _RUN_CONTAINERS:
                walk(child)

    walk(p)
    return "".join(out)


class _WordLists:
    """The list numbers Word draws before numbered paragraphs (automatic numbering is not in the runs).

    numPr (on the paragraph, or on its style or a style it is based on) → w:num → w:abstractNum level →
    numFmt and lvlText. Instances of one abstractNum continue each other's count, as in Word, unless an
    instance restarts a level with lvlOverride/startOverride; a level restarts when a shallower one advances.
    """

    def __init__(self, numbering, styles) -> None:
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.level_overrides: dict[str, dict[int, object]] = {}  # numId → ilvl → w:lvl replacing the abstract one
        self.levels: dict[str, dict[int, object]] = {}  # abstractNumId → ilvl → w:lvl
        self.styles: dict[str, object] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if styles is not None:
            self.styles = {s.get(_W + "styleId"): s for s in styles.iter(_W + "style")}
        if numbering is None:
            return
        abstract = {a.get(_W + "abstractNumId"): a for a in numbering.iter(_W + "abstractNum")}
        for num in numbering.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is None:
                continue
            num_id, overrides = num.get(_W + "numId"), {}
            for override in num.iter(_W + "lvlOverride"):
                start, level = override.find(_W + "startOverride"), override.find(_W + "lvl")
                if start is not None:
                    overrides[_int(override.get(_W + "ilvl"))] = _int(start.get(_W + "val"), 1)
                if level is not None:
                    self.level_overrides.setdefault(num_id, {})[_int(override.get(_W + "ilvl"))] = level
            self.nums[num_id] = (self._linked(ref.get(_W + "val"), abstract), overrides)
        for key, definition in abstract.items():
            self.levels[key] = {_int(lvl.get(_W + "ilvl")): lvl for lvl in definition.iter(_W + "lvl")}

    def _linked(self, abstract_id: str, abstract: dict) -> str:
        """An abstractNum that only points at a numbering style (numStyleLink) counts as the one defining it."""
        definition = abstract.get(abstract_id)
        link = definition.find(_W + "numStyleLink") if definition is not None else None
        if link is None:
            return abstract_id
        for key, other in abstract.items():
            style_link = other.find(_W + "styleLink")
            if style_link is not None and style_link.get(_W + "val") == link.get(_W + "val"):
                return key
        return abstract_id

    def _num_pr(self, p) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, style id) for a paragraph: its own numPr first, then its style chain's."""
        num_id = ilvl = None
        ppr = p.find(_W + "pPr")
        style_el = ppr.find(_W + "pStyle") if ppr is not None else None
        style_id = style_el.get(_W + "val") if style_el is not None else None
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        seen = set()
        current = style_id
        while current and current not in seen and (num_id is None or ilvl is None):
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                break
            style_num = style.find(f"{_W}pPr/{_W}numPr")
            if style_num is not None:
                num_id = num_id if num_id is not None else _val(style_num, "numId")
                ilvl = ilvl if ilvl is not None else _val(style_num, "ilvl")
            based = style.find(_W + "basedOn")
            current = based.get(_W + "val") if based is not None else None
        return num_id, (int(ilvl) if ilvl is not None and ilvl.isdigit() else None), style_id

    def marker(self, p) -> str:
        """The number Word draws before this paragraph, advancing the list's counters; '' when it has none."""
        num_id, ilvl, style_id = self._num_pr(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = {**self.levels.get(abstract_id, {}), **self.level_overrides.get(num_id, {})}
        if ilvl is None:  # a level may name the paragraph style it numbers
            ilvl = next((k for k, lvl in levels.items() if style_id and _val(lvl, "pStyle") == style_id), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for restarted in overrides:
                counters.pop(restarted, None)
        start = overrides.get(ilvl, _int(_val(level, "start"), 1))
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            # lvlRestart: the one-based level whose advance restarts this one (0: never)
            restart_after = _int(_val(levels.get(deeper), "lvlRestart"), deeper)
            if restart_after > ilvl:
                del counters[deeper]
        fmt = _val(level, "numFmt") or "decimal"
        template = _val(level, "lvlText")
        if fmt == "bullet" or template is None:
            return ""
        legal = level.find(_W + "isLgl") is not None

        def render(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k)
            value = counters.get(k, overrides.get(k, _int(_val(shown, "start"), 1)) if shown is not None else 1)
            return _list_number(value, "decimal" if legal and k != ilvl else (_val(shown, "numFmt") or "decimal"))

        text = re.sub(r"%([1-9])", render, template)
        # Word puts a tab after the number; a marker ending in a digit or letter needs the gap kept
        return text + " " if text and text[-1].isalnum() and text[-1].isascii() else text


def _val(el, name: str) -> str | None:
    if el is None:
        return None
    child = el.find(_W + name)
    return child.get(_W + "val") if child is not None else None


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _list_number(n: int, fmt: str) -> str:
    """A list counter written in one of Word's number formats (ST_NumberFormat)."""
    formats = _lang()["list_number_formats"]
    if fmt in formats["sequences"]:
        sequence = formats["sequences"][fmt]
        return sequence[n - 1] if 1 <= n <= len(sequence) else str(n)
    if fmt in formats["counting"]:
        return _chinese_counting(n, formats["counting"][fmt]) if n > 0 else str(n)
    if fmt in formats["digits"]:
        return "".join(formats["digits"][fmt][int(d)] for d in str(n))
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _chinese_counting(n: int, digits: str) -> str:
    """一 … 十 十一 … 二十一 … 一百零五 with the given ten digits (零一二… or 零壹贰…) and units 十百千."""
    units = digits[10:] or "十百千"
    if n >= 10000:
        return str(n)
    parts, zero = [], False
    for power in (3, 2, 1, 0):
        digit = n // 10 ** power % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        if not (power == 1 and digit == 1 and not parts and units[0] == "十"):  # 十一, not 一十一; but 壹拾壹
            parts.append(digits[digit])
        if power:
            parts.append(units[power - 1])
    return "".join(parts)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out
