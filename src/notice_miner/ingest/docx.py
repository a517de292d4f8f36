"""Word files: paragraphs and tables in document order as Word shows them, automatic list numbers drawn."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE

from notice_miner.errors import UnreadableInput
from notice_miner.ingest.common import Extracted, to_int
from notice_miner.ingest.markup import one_line
from notice_miner.ingest.numbering import list_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# run containers whose text Word shows (tracked insertions and moves included); w:del and w:moveFrom
# hold deleted text, drawings and alternate content hold text boxes (their text twice, once per fallback)
_RUN_CONTAINERS = {"r", "hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent", "dir", "bdo"}


# What a .docx may unpack to at most (its XML and media together): a Word notice holds a few MB; a zip
# bomb of a few hundred KB can inflate to GBs, which python-docx would hold in memory at once.
MAX_UNPACKED = 100 * 1024 * 1024
# Of that, its XML parts: python-docx holds them as lxml trees of ~12x their size, so 50 MB of XML
# (600 MB of trees) keeps one input under the 1 GB bound; media parts are held as their bytes.
MAX_XML = 50 * 1024 * 1024


def read(path: Path, data: bytes, doc: Extracted) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableInput(path, "not a valid .docx (not a zip archive)")
    _check_unpacked_size(path, data)
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
                    lines.append(marker + one_line(text))
            elif tag in ("tbl", "tr", "tc"):
                # each cell's paragraphs on lines of their own: a row's cells never run together
                walk(child, in_cell=True)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                walk(child, in_cell)

    walk(document.element.body)
    doc.text = "\n".join(line.rstrip() for line in lines) + "\n"
    title = (document.core_properties.title or "").strip()
    doc.title = title if re.search(r"[\u3400-\u9fff]", title) else None


def _check_unpacked_size(path: Path, data: bytes) -> None:
    """The sizes the archive declares, then the bytes it really inflates to (read a MB at a time and
    counted, never held), stay within MAX_UNPACKED in all and MAX_XML for the XML parts. Raises
    `UnreadableInput`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            _within_limits(path, sum(i.file_size for i in infos), sum(i.file_size for i in infos if _is_xml(i)))
            unpacked = xml = 0
            for info in infos:
                with zf.open(info) as member:
                    while chunk := member.read(2**20):
                        unpacked += len(chunk)
                        xml += len(chunk) if _is_xml(info) else 0
                        _within_limits(path, unpacked, xml)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError) as err:
        raise UnreadableInput(path, f"not a valid .docx ({type(err).__name__}: {str(err)[:100]})") from None


def _is_xml(info: zipfile.ZipInfo) -> bool:
    return info.filename.endswith((".xml", ".rels"))


def _within_limits(path: Path, unpacked: int, xml: int) -> None:
    if unpacked > MAX_UNPACKED:
        raise UnreadableInput(
            path, f"the .docx unpacks to more than {MAX_UNPACKED // 2**20} MB (a zip bomb?); the limit is {MAX_UNPACKED // 2**20} MB"
        )
    if xml > MAX_XML:
        raise UnreadableInput(path, f"the .docx holds more than {MAX_XML // 2**20} MB of XML; the limit is {MAX_XML // 2**20} MB")


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
                    overrides[to_int(override.get(_W + "ilvl"))] = to_int(start.get(_W + "val"), 1)
                if level is not None:
                    self.level_overrides.setdefault(num_id, {})[to_int(override.get(_W + "ilvl"))] = level
            self.nums[num_id] = (self._linked(ref.get(_W + "val"), abstract), overrides)
        for key, definition in abstract.items():
            self.levels[key] = {to_int(lvl.get(_W + "ilvl")): lvl for lvl in definition.iter(_W + "lvl")}

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
        if num_id is None or ilvl is None:
            num_id, ilvl = self._style_num_pr(style_id, num_id, ilvl)
        return num_id, (int(ilvl) if ilvl is not None and ilvl.isdigit() else None), style_id

    def _style_num_pr(self, style_id: str | None, num_id: str | None, ilvl: str | None) -> tuple[str | None, str | None]:
        """numId and ilvl completed from the paragraph style and the styles it is based on, nearest first."""
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
        return num_id, ilvl

    def marker(self, p) -> str:
        """The number Word draws before this paragraph, advancing the list's counters; '' when it has none."""
        found = self._list_level(p)
        if found is None:
            return ""
        num_id, ilvl, levels = found
        counters = self._advance(num_id, ilvl, levels)
        level = levels[ilvl]
        template = _val(level, "lvlText")
        if _val(level, "numFmt") == "bullet" or template is None:
            return ""
        legal = level.find(_W + "isLgl") is not None
        overrides = self.nums[num_id][1]

        def render(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k)
            value = counters.get(k, overrides.get(k, to_int(_val(shown, "start"), 1)) if shown is not None else 1)
            return list_number(value, "decimal" if legal and k != ilvl else (_val(shown, "numFmt") or "decimal"))

        text = re.sub(r"%([1-9])", render, template)
        # Word puts a tab after the number; a marker ending in a digit or letter needs the gap kept
        return text + " " if text and text[-1].isalnum() and text[-1].isascii() else text

    def _list_level(self, p) -> tuple[str, int, dict[int, object]] | None:
        """(numId, ilvl, the list's levels) of a numbered paragraph; None when it is in no list."""
        num_id, ilvl, style_id = self._num_pr(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id = self.nums[num_id][0]
        levels = {**self.levels.get(abstract_id, {}), **self.level_overrides.get(num_id, {})}
        if ilvl is None:  # a level may name the paragraph style it numbers
            ilvl = next((k for k, lvl in levels.items() if style_id and _val(lvl, "pStyle") == style_id), 0)
        return (num_id, ilvl, levels) if ilvl in levels else None

    def _advance(self, num_id: str, ilvl: int, levels: dict[int, object]) -> dict[int, int]:
        """Count one more at level `ilvl` of the list and return its counters (level → current number)."""
        abstract_id, overrides = self.nums[num_id]
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for restarted in overrides:
                counters.pop(restarted, None)
        start = overrides.get(ilvl, to_int(_val(levels[ilvl], "start"), 1))
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            # lvlRestart: the one-based level whose advance restarts this one (0: never)
            restart_after = to_int(_val(levels.get(deeper), "lvlRestart"), deeper)
            if restart_after > ilvl:
                del counters[deeper]
        return counters


def _val(el, name: str) -> str | None:
    if el is None:
        return None
    child = el.find(_W + name)
    return child.get(_W + "val") if child is not None else None
