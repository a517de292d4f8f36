"""Segmentation with the domain dictionary, per-item signals, keywords, and the spaCy Doc on request."""
from __future__ import annotations

from notice_miner.model import Notice


def enrich(notice: Notice) -> None:
    """Fill `signals` of every item and the notice's `keywords`."""
