"""Data flows one way: each module imports only modules of earlier layers."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "notice_miner"

# Layers in the order data flows; a module may import its own layer's basics and anything earlier.
LAYERS = [
    {"model", "errors", "fileio", "lang", "scoring"},
    {"ingest"}, {"normalise"}, {"structure"}, {"stats"}, {"facts", "agency"}, {"enrich"}, {"classify"},
    {"pipeline"},
    {"corpus"},
    {"compare", "view"},  # presentation: reads outputs, renders them
    {"report"},  # the comparison report builds on compare; compare never imports it
    {"cli", "__main__", "__init__"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("notice_miner"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "notice_miner" and len(parts) > 1:
                    found.add(parts[1])
    return found


def test_every_module_has_a_layer():
    names = {p.stem for p in PACKAGE.glob("*.py")} | {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert names - set(RANK) == set(), "add new modules to LAYERS"


def test_imports_point_only_to_earlier_layers():
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = path.parent.name if path.parent != PACKAGE else path.stem
        for dep in _imports(path):
            if dep in RANK and RANK[dep] > RANK[me]:
                bad.append(f"{path.relative_to(PACKAGE)} imports {dep}")
    assert bad == []


def test_only_the_pipeline_chains_stages():
    stages = {"ingest", "normalise", "structure", "stats", "facts", "enrich", "classify"}
    for path in PACKAGE.glob("*.py"):
        if path.stem in {"pipeline", "cli", "__init__", "corpus", "compare", "report", "view"}:
            continue
        used = _imports(path) & stages - {path.stem}
        assert len(used) <= 1, f"{path.name} chains stages {sorted(used)}; only pipeline.py may"
