"""Headings and enumerations → section tree and items, each with its span."""
from __future__ import annotations

from dataclasses import dataclass, field

from notice_miner.model import Item, Section


@dataclass
class Structure:
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_structure(text: str) -> Structure:
    return Structure()
