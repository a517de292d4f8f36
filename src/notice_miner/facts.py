"""Metadata, dates, statistics and the contact block, each with the span it was read from."""
from __future__ import annotations

from dataclasses import dataclass, field

from notice_miner.model import Evidence, Metadata, Stats


@dataclass
class Facts:
    title: str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    stats: Stats = field(default_factory=Stats)
    evidence: list[Evidence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract_facts(text: str, *, page: dict[str, str] | None = None, title_hint: str | None = None) -> Facts:
    return Facts(title=title_hint)
