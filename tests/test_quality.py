"""Quality floors: the figures each evaluation set must not fall below (tests/quality_floors.json).

The floors are what main reached when they were set; raise them as the parser improves, never lower
them to make a change pass. The shared real set is a development set (rules were fixed against it);
the real-like notices are the project's own regression cases of the same kinds of page.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from notice_miner import scoring

from conftest import ROOT, SHARED, parsed_outputs

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
SETS = {"real (development set)": SHARED / "corpus" / "real",
        "real-like regression": ROOT / "tests" / "fixtures" / "real_like"}


def scored(name: str) -> scoring.SetScore:
    golds = scoring.read_gold(SETS[name])
    outputs = parsed_outputs([g.notice for g in golds])
    return scoring.score_set(name, [SETS[name]], outputs.get)


def below_floor(score: scoring.SetScore) -> dict:
    figures = score.figures()
    return {key: (figures[key], floor) for key, floor in FLOORS[score.name].items()
            if figures[key] is None or figures[key] < floor}


def losses(score: scoring.SetScore) -> dict:
    """Per notice: (gold, predicted, matched, right-path) items and the fields it gets wrong, where any."""
    out = {}
    for n in score.notices:
        c = n.counts
        if n.wrong_fields or not c["gold_items"] == c["pred_items"] == c["matched"] == c["path_ok"]:
            out[n.name] = ((c["gold_items"], c["pred_items"], c["matched"], c["path_ok"]), n.wrong_fields)
    return out


def test_floors_name_known_sets_and_figures():
    figures = {key for key, _ in scoring.FIGURES}
    for name, floors in FLOORS.items():
        if not name.startswith("_"):
            assert name in SETS and set(floors) <= figures and all(0 <= v <= 1 for v in floors.values()), name


def test_real_development_set_holds_its_floors(shared):
    score = scored("real (development set)")
    assert len(score.notices) == 69
    below = below_floor(score)
    assert below == {}, f"(figure, floor) {below}; per notice (gold, pred, matched, path ok) items and wrong fields: {losses(score)}"
