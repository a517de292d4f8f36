"""Path → extracted text, one reader per format; the format libraries load with their reader.

source     reading a path safely (kind, size, bytes)
encoding   bytes → text: BOMs, UTF-8, UTF-16, declared charsets, detection
text       .txt: decoded, hard-wrapped lines re-joined
html       .html/.htm: the article's lines, list numbers (page_meta: the page's own metadata and title)
pdf        .pdf: lines re-joined into paragraphs, page numbers, running heads and footnotes left out
docx       .docx: paragraphs and tables as Word shows them, automatic list numbers drawn
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from notice_miner.errors import UnreadableInput, UnsupportedFormat
from notice_miner.fileio import without_surrogates
from notice_miner.ingest import source
from notice_miner.ingest.common import MAX_CHARS, Extracted

__all__ = ["MAX_BYTES", "MAX_CHARS", "SUPPORTED", "Extracted", "from_bytes", "from_text", "read"]

MAX_BYTES = 50 * 1024 * 1024
SUPPORTED = (".txt", ".html", ".htm", ".pdf", ".docx")
_FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
_MODULES = {"txt": "text", "html": "html", "pdf": "pdf", "docx": "docx"}  # each with read(path, data, doc)


def from_text(text: str, *, name: str = "<text>") -> Extracted:
    """Text already in memory, as if read from a UTF-8 file (surrogate code points, which no such file holds,
    made characters: see `fileio.without_surrogates`). A `name` ending in .html/.htm reads it as a page."""
    _check_length(name, text)
    text, warnings = without_surrogates(text)
    data = text.encode("utf-8")
    is_page = Path(name).suffix.lower() in (".html", ".htm")
    doc = Extracted(
        path=name,
        name=name,
        format="html" if is_page else "text",
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding="utf-8",
        warnings=warnings,
    )
    if is_page:
        doc.text = ""
        _reader("html").read_markup(Path(name), text, doc)
        doc.warnings = [*warnings, *doc.warnings]
        _require_text(Path(name), doc)
    return doc


def read(path: str | Path, *, max_bytes: int | None = None) -> Extracted:
    """Read one notice file into text. Raises `UnsupportedFormat` or `UnreadableInput` with a one-line reason.

    `max_bytes` (default `MAX_BYTES`) is checked against the file size before anything is read.
    """
    path = Path(path)
    data = source.read_bytes(path, SUPPORTED, MAX_BYTES if max_bytes is None else max_bytes)
    return _extract(path, data, _FORMATS[path.suffix.lower()])


def from_bytes(data: bytes, *, name: str, format_hint: str | None = None, max_bytes: int | None = None) -> Extracted:
    """A notice's bytes already in memory (stdin, an upload), read as `format_hint` (txt html pdf docx)
    says or else as `name`'s extension says."""
    path = Path(name)
    fmt = _FORMATS.get(f".{format_hint.lower().lstrip('.')}" if format_hint else path.suffix.lower())
    if fmt is None:
        given = f"format hint {format_hint!r}" if format_hint else f"{path.suffix!r} files" if path.suffix else "no extension"
        raise UnsupportedFormat(path, f"unsupported format: {given} (give one of: txt html pdf docx)")
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise UnreadableInput(path, f"input is too large ({len(data)} bytes; the limit is {limit})")
    if not data:
        raise UnreadableInput(path, "empty input (0 bytes)")
    return _extract(path, data, fmt)


def _extract(path: Path, data: bytes, fmt: str) -> Extracted:
    doc = Extracted(path=str(path), name=path.name, format=fmt, text="", sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    _reader(fmt).read(path, data, doc)
    _require_text(path, doc)
    _check_length(path, doc.text)
    return doc


def _reader(fmt: str):
    """The module reading `fmt`; each format's module (and its library) loads on the first file of that format."""
    return importlib.import_module(f"{__name__}.{_MODULES[fmt]}")


def _require_text(path: Path, doc: Extracted) -> None:
    if not doc.text.strip():
        raise UnreadableInput(path, "no text in the file (empty or whitespace only)")


def _check_length(path: str | Path, text: str) -> None:
    if len(text) > MAX_CHARS:
        raise UnreadableInput(path, f"text too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
