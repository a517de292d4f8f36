"""Data flows one way: each module imports only modules of earlier layers."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "notice_miner"

# Layers in the order data flows; a module may import its own layer's basics and anything earlier.
LAYERS = [
    {"model", "errors", "fileio", "lang", "scoring", "progress"},
    {"ingest"}, {"normalise"}, {"layout"}, {"structure"}, {"stats"}, {"found"}, {"facts", "agency", "inspection"}, {"enrich"}, {"classify"}, {"checks"},
    {"pipeline"},
    {"corpus"},
    {"fetch"},  # collects files for batch from the web; reads pages with ingest's decoding, never parses notices
    {"compare", "view", "review"},  # presentation: reads outputs, renders them
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


def test_every_package_is_installed():
    # pyproject.toml lists the packages a wheel ships; an editable install finds unlisted ones anyway
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    packages = {"notice_miner." + p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages - listed == set()


def test_imports_point_only_to_earlier_layers():
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _layer_of(path)
        for dep in _imports(path):
            if dep in RANK and RANK[dep] > RANK[me]:
                bad.append(f"{path.relative_to(PACKAGE)} imports {dep}")
    assert bad == []


# The pipeline chains the stages; the layers after it (batch runs, presentation, the command line and
# the package's own exports) use the stages' names and types without chaining them, so they are not checked.
AFTER_THE_STAGES = {name for layer in LAYERS[RANK["pipeline"]:] for name in layer}


def test_only_the_pipeline_chains_stages():
    stages = {"ingest", "normalise", "layout", "structure", "stats", "facts", "enrich", "classify", "checks"}
    for path in PACKAGE.rglob("*.py"):
        me = _layer_of(path)
        if me in AFTER_THE_STAGES:
            continue
        # the layout is the reading structure and facts both take as input: importing its
        # types (Layout, Signature) is not running it, and neither calls layout.analyse
        used = _imports(path) & stages - {me, "layout"}
        assert len(used) <= 1, f"{path.name} chains stages {sorted(used)}; only pipeline.py may"



def test_structure_and_facts_take_the_layout_and_never_make_one():
    for name in ("structure", "facts", "stats", "agency", "inspection"):
        source = (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
        assert "analyse(" not in source, f"{name}.py analyses the layout itself; the pipeline passes it"


# Inside layout: the reading view, page chrome, then the title (read in the view), the signature (whose body is
# named like an agency in a title), then the analysis that uses them all; never the other way.
LAYOUT_ORDER = ["reading", "chrome", "title", "signature", "contact", "__init__"]


def test_layout_modules_import_only_earlier_ones():
    assert sorted(p.stem for p in (PACKAGE / "layout").glob("*.py")) == sorted(LAYOUT_ORDER)
    bad = []
    for rank, name in enumerate(LAYOUT_ORDER):
        imported = _imported_modules(PACKAGE / "layout" / f"{name}.py")
        later = {m for m in LAYOUT_ORDER[rank + 1:] if m != "__init__"}
        bad += [f"{name} imports {m}" for m in later if f"notice_miner.layout.{m}" in imported]
        if name != "__init__" and ("notice_miner.layout" in imported - {f"notice_miner.layout.{m}" for m in LAYOUT_ORDER}):
            bad.append(f"{name} imports the package's analysis")
    assert bad == []


# Inside ingest: each format's reader uses the shared parts and never another format's reader, so a
# change to one format cannot reach the others. The package's __init__ loads a reader by name (importlib)
# on the first file of its format.
INGEST = PACKAGE / "ingest"
INGEST_MAY_IMPORT = {
    "__init__": {"common", "source", "encoding"},
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


def _package_violations(package: Path, may_import: dict[str, set[str]], may_use: set[str],
                        library_users: dict[str, set[str]]) -> list[str]:
    """Imports inside a package beyond its modules' lists, of the rest of notice_miner beyond `may_use`,
    and of a library by a module not named as its user."""
    name, bad = package.name, []
    for path in sorted(package.glob("*.py")):
        imported = _imported_modules(path)
        inside = {n.split(".")[2] for n in imported if n.startswith(f"notice_miner.{name}.")}
        bad += [f"{name}/{path.name} imports {name}.{dep}" for dep in sorted(inside - may_import[path.stem])
                if dep in may_import]
        outside = {n.split(".")[1] for n in imported if n.startswith("notice_miner.")} - {name}
        bad += [f"{name}/{path.name} imports {dep}" for dep in sorted(outside - may_use)]
        bad += [f"{name}/{path.name} imports {lib}" for lib, users in sorted(library_users.items())
                if any(n == lib or n.startswith(lib + ".") for n in imported) and path.stem not in users]
    return bad


def test_ingest_modules_import_only_what_they_may():
    assert _package_violations(INGEST, INGEST_MAY_IMPORT, {"errors", "fileio"}, LIBRARY_USERS) == []


def test_ingest_dispatches_each_format_to_its_reader():
    import importlib

    from notice_miner import ingest

    readers = {fmt: importlib.import_module(f"notice_miner.ingest.{module}") for fmt, module in ingest._MODULES.items()}
    assert set(readers) == set(ingest._FORMATS.values())
    assert all(callable(reader.read) for reader in readers.values())


# Inside fetch: each library of the `fetch` extra is imported by one module only, and the modules form a
# chain (http → hosts → pages → store → crawl), so the request, the politeness rules, the reading of pages
# and the archive can each be changed alone.
FETCH = PACKAGE / "fetch"
FETCH_MAY_IMPORT = {
    "__init__": set(),  # says which extra is missing; imports no library of it
    "http": set(),
    "hosts": set(),
    "pages": set(),
    "store": {"http"},
    "crawl": {"http", "hosts", "pages", "store"},
}
FETCH_LIBRARY_USERS = {"http.client": {"http"}, "protego": {"hosts"}, "warcio": {"store"},
                       "lxml": {"pages"}, "cssselect": {"pages"}, "sqlite3": {"store"}}
# what fetch may use of the rest of the package: language data, the model's version, decoding, file helpers,
# the progress columns
FETCH_MAY_USE = {"lang", "model", "errors", "fileio", "ingest", "progress"}


def test_every_fetch_module_is_listed():
    assert {p.stem for p in FETCH.glob("*.py")} == set(FETCH_MAY_IMPORT)


def test_fetch_modules_import_only_what_they_may():
    bad = _package_violations(FETCH, FETCH_MAY_IMPORT, FETCH_MAY_USE, FETCH_LIBRARY_USERS)
    bad += [f"fetch/{path.name} imports {name}" for path in sorted(FETCH.glob("*.py"))
            for name in sorted(_imported_modules(path))
            if name.startswith("notice_miner.ingest.") and name.split(".")[2] != "encoding"]
    assert bad == []


def test_nothing_before_fetch_imports_it():
    users = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
             if "fetch" in _imports(path) and _layer_of(path) not in {"fetch", "cli"}]
    assert users == []


# Inside corpus: finding the files, the manifest and the tables know nothing of parsing; the worker
# parses (through the pipeline, the package's only way to it) and makes table rows; the executors
# run workers; the run ties them together.
CORPUS = PACKAGE / "corpus"
CORPUS_MAY_IMPORT = {
    "files": set(),
    "manifest": set(),
    "schema": set(),  # the tables' columns, from the model
    "tables": {"schema"},
    "workbook": {"schema", "tables"},  # the Excel workbook (--xlsx), from the finished tables
    "work": {"tables"},
    "executors": {"work"},
    "run": {"files", "manifest", "tables", "workbook", "work", "executors"},
    "__init__": {"files", "manifest", "schema", "tables", "run"},
}
CORPUS_LIBRARY_USERS = {"pyarrow": {"schema", "tables", "workbook"}, "openpyxl": {"workbook"}, "distributed": {"executors"}, "concurrent": {"executors"},
                        "multiprocessing": {"executors"}, "rich": {"run"}, "notice_miner.pipeline": {"work"},
                        "notice_miner.ingest": {"run"}}  # run reads each input as a regular file (ingest.source)


def test_every_corpus_module_is_listed():
    assert {p.stem for p in CORPUS.glob("*.py")} == set(CORPUS_MAY_IMPORT)


def test_corpus_modules_import_only_what_they_may():
    bad = _package_violations(CORPUS, CORPUS_MAY_IMPORT, {"model", "errors", "fileio", "ingest", "pipeline", "checks", "progress"},
                              CORPUS_LIBRARY_USERS)
    assert bad == []


# Inside report: the HTML pieces (and the words of both languages) first, the charts and the sections apart
# from each other, the page last; the terminal table takes only the words.
REPORT = PACKAGE / "report"
REPORT_MAY_IMPORT = {"markup": set(), "charts": {"markup"}, "sections": {"markup"}, "quality": {"markup"}, "terminal": {"markup"},
                     "__init__": {"markup", "charts", "sections", "quality"}}


def test_every_report_module_is_listed():
    assert {p.stem for p in REPORT.glob("*.py")} == set(REPORT_MAY_IMPORT)


def test_report_modules_import_only_what_they_may():
    # the report reads what compare computed; it writes through fileio, names the tool's version,
    # takes the page policy of the one-notice view and its findings' wording from lang
    assert _package_violations(REPORT, REPORT_MAY_IMPORT, {"compare", "fileio", "lang", "model", "view"}, {}) == []


# Inside the classify package, the same rule: parse-time modules first, the scikit-learn ones last.
CLASSIFY = PACKAGE / "classify"
CLASSIFY_LAYERS = [
    {"taxonomy"}, {"features"}, {"model"},
    {"data", "suggest", "card"},  # reading examples, ranking for annotation, the model card
    {"evaluate"}, {"train"},  # scikit-learn: loaded only by `train` and `evaluate`
    {"__init__"},
]
CLASSIFY_RANK = {name: i for i, layer in enumerate(CLASSIFY_LAYERS) for name in layer}
PARSE_TIME = {"__init__", "taxonomy", "features", "model", "data", "suggest", "card"}


def test_classify_modules_import_only_earlier_ones():
    assert {p.stem for p in CLASSIFY.glob("*.py")} == set(CLASSIFY_RANK), "add new modules to CLASSIFY_LAYERS"
    bad = []
    for path in sorted(CLASSIFY.glob("*.py")):
        for name in _imported_modules(path):
            if name.startswith("notice_miner.classify."):
                dep = name.split(".")[2]
                if CLASSIFY_RANK[dep] > CLASSIFY_RANK[path.stem] or (dep == path.stem):
                    bad.append(f"classify/{path.name} imports {dep}")
    assert bad == []


def test_parse_time_classify_modules_never_import_scikit_learn():
    """`parse` loads the package and these modules; scikit-learn stays in train and evaluate."""
    bad = [f"classify/{path.name} imports {name}" for path in sorted(CLASSIFY.glob("*.py")) if path.stem in PARSE_TIME
           for name in _imported_modules(path)
           if name.split(".")[0] in {"sklearn", "scipy"}
           or name.startswith(("notice_miner.classify.train", "notice_miner.classify.evaluate"))]
    assert bad == []
