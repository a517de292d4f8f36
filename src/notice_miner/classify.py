"""Taxonomy, cue-word rules and the measure classifier: train, predict, evaluate, save, load."""
from __future__ import annotations


def default_classifier() -> object | None:
    """The model shipped in models/, or None while no model is shipped."""
    return None
