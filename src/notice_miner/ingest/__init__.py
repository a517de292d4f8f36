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

from notice_miner.errors import UnreadableInput
from notice_miner.ingest import source
from notice_miner.ingest.common import MAX_CHARS, Extracted
from notice_miner.ingest.encoding import without_surrogates

__all__ = ["MAX_BYTES", "MAX_CHARS", "SUPPORTED", "Extracted", "from_text", "read"]

MAX_BYTES = 50 * 1024 * 1024
SUPPORTED = (".txt", ".html", ".htm", ".pdf", ".docx")
_FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
_MODULES = {"txt": "text", "html": "html", "pdf": "pdf", "docx": "docx"}  # each with read(path, data, doc)


def from_text(text: str, *, name: str = "<text>") -> Extracted:
    """Text already in memory, as if read from a UTF-8 file (surrogate code points, which no such file holds,
    made characters: see `encoding.without_surrogates`)."""
    _check_length(name, text)
    text, warnings = without_surrogates(text)
    data = text.encode("utf-8")
    return Extracted(path=name, name=name, format="text", text=text, sha256=hashlib.sha256(data).hexdigest(),
                     size=len(data), encoding="utf-8", warnings=warnings)


def read(path: str | Path, *, max_bytes: int | None = None) -> Extracted:
    """Read one notice file into text. Raises `UnsupportedFormat` or `UnreadableInput` with a one-line reason.

    `max_bytes` (default `MAX_BYTES`) is checked against the file size before anything is read.
    """
    path = Path(path)
    data = source.read_bytes(path, SUPPORTED, MAX_BYTES if max_bytes is None else max_bytes)
    doc = Extracted(path=str(path), name=path.name, format=_FORMATS[path.suffix.lower()], text="",
                    sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    # each format's module (and its library) loads on the first file of that format
    importlib.import_module(f"{__name__}.{_MODULES[doc.format]}").read(path, data, doc)
    if not doc.text.strip():
        raise UnreadableInput(path, "no text in the file (empty or whitespace only)")
    _check_length(path, doc.text)
    return doc


def _check_length(path: str | Path, text: str) -> None:
    if len(text) > MAX_CHARS:
        raise UnreadableInput(path, f"text too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
