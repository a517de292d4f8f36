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


def _imported_modules(path: Path) -> set[str]:
    """Every module the file imports, by its full name (`from a.b import c` counts as a.b.c and a.b)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _imports(path: Path) -> set[str]:
    """The modules and packages of notice_miner (first level under it) the file imports."""
    parts = (name.split(".") for name in _imported_modules(path))
    return {p[1] for p in parts if p[0] == "notice_miner" and len(p) > 1 and (p[1] in RANK or p[1] in _TOP)}


_TOP = {p.stem for p in PACKAGE.glob("*.py")} | {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}


def _layer_of(path: Path) -> str:
    """A module's layer name: its own for a top-level module, its package's for a module in a package."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_every_module_has_a_layer():
    assert _TOP - set(RANK) == set(), "add new modules and packages to LAYERS"


def test_imports_point_only_to_earlier_layers():
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _layer_of(path)
        for dep in _imports(path):
            if dep in RANK and RANK[dep] > RANK[me]:
                bad.append(f"{path.relative_to(PACKAGE)} imports {dep}")
    assert bad == []


def test_only_the_pipeline_chains_stages():
    stages = {"ingest", "normalise", "structure", "stats", "facts", "enrich", "classify"}
    for path in PACKAGE.rglob("*.py"):
        me = _layer_of(path)
        if me in {"pipeline", "cli", "__init__", "corpus", "compare", "report", "view"}:
            continue
        used = _imports(path) & stages - {me}
        assert len(used) <= 1, f"{path.name} chains stages {sorted(used)}; only pipeline.py may"


# Inside ingest: each format's reader uses the shared parts and never another format's reader, so a
# change to one format cannot reach the others. The package's __init__ loads a reader by name (importlib)
# on the first file of its format.
INGEST = PACKAGE / "ingest"
INGEST_MAY_IMPORT = {
    "__init__": {"common", "source"},
    "common": set(),  # the Extracted result and the language data
    "source": set(),  # reading a path safely
    "encoding": set(),  # bytes → text
    "numbering": {"common"},  # list numbers as Word and browsers draw them
    "markup": set(),  # element texts and whitespace rules of web pages
    "page_meta": {"common", "markup"},
    "text": {"common", "encoding"},
    "html": {"common", "encoding", "markup", "numbering", "page_meta"},
    "pdf": {"common"},
    "docx": {"common", "markup", "numbering"},
}
# the format libraries, each imported only where its format is read
LIBRARY_USERS = {"lxml": {"markup", "html"}, "pdfplumber": {"pdf"}, "pdfminer": set(), "docx": {"docx"},
                 "charset_normalizer": {"encoding"}}


def test_every_ingest_module_is_listed():
    assert {p.stem for p in INGEST.glob("*.py")} == set(INGEST_MAY_IMPORT)


def test_ingest_modules_import_only_what_they_may():
    bad = []
    for path in sorted(INGEST.glob("*.py")):
        imported = _imported_modules(path)
        inside = {name.split(".")[2] for name in imported if name.startswith("notice_miner.ingest.")}
        bad += [f"ingest/{path.name} imports ingest.{dep}" for dep in sorted(inside - INGEST_MAY_IMPORT[path.stem])
                if dep in INGEST_MAY_IMPORT]
        outside = {name.split(".")[1] for name in imported if name.startswith("notice_miner.")} - {"ingest"}
        bad += [f"ingest/{path.name} imports {dep}" for dep in sorted(outside - {"errors"})]
        libraries = {name.split(".")[0] for name in imported} & set(LIBRARY_USERS)
        bad += [f"ingest/{path.name} imports {lib}" for lib in sorted(libraries)
                if path.stem not in LIBRARY_USERS[lib]]
    assert bad == []


def test_ingest_dispatches_each_format_to_its_reader():
    import importlib

    from notice_miner import ingest

    readers = {fmt: importlib.import_module(f"notice_miner.ingest.{module}") for fmt, module in ingest._MODULES.items()}
    assert set(readers) == set(ingest._FORMATS.values())
    assert all(callable(reader.read) for reader in readers.values())
