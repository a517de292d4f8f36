"""What the format readers share: the `Extracted` result and the language data in lang/ingest.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# The longest text read (a notice runs to tens of thousands of characters): the stages after ingest
# take up to about 700 bytes a character (a text of tiny items), so this keeps one input under 1 GB.
MAX_CHARS = 1_000_000


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


@cache
def lang() -> dict:
    """Page metadata labels, page furniture, paragraph openings, sentence ends, list number formats."""
    return json.loads((Path(__file__).parents[1] / "lang" / "ingest.json").read_text(encoding="utf-8"))


def to_int(text: str | None, default: int = 0) -> int:
    """An attribute's integer value, `default` where it is absent or not a number."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@cache
def paragraph_start() -> re.Pattern:
    """What opens a paragraph of its own: a typed marker (一、 (一) 1. ① 一是 …) or 附件."""
    return re.compile(lang()["pdf_paragraph_start"])


@cache
def sentence_final() -> tuple[str, ...]:
    """The characters a sentence (or a line that ends one) ends with."""
    return tuple(lang()["sentence_final"])
