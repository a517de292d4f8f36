"""Path → extracted text per format (txt, html, pdf, docx). Format libraries are imported lazily."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from notice_miner.errors import UnreadableInput, UnsupportedFormat


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


def read(path: Path) -> Extracted:
    # placeholder until the ingest issue work lands: UTF-8 text only
    if not path.exists():
        raise UnreadableInput(path, "no such file")
    if path.suffix.lower() != ".txt":
        raise UnsupportedFormat(path, f"unsupported format {path.suffix!r}")
    data = path.read_bytes()
    return Extracted(path=str(path), name=path.name, format="txt", text=data.decode("utf-8-sig"),
                     sha256=hashlib.sha256(data).hexdigest(), size=len(data), encoding="utf-8")
