"""The `notice-miner` command. Each command is a few lines over the Python API.

Errors a user can cause become one line on stderr naming the file and the
reason, and a non-zero exit; never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

import click

from notice_miner.errors import shown
from notice_miner.fileio import write_atomic, writing
from notice_miner.model import VERSION, Classifier


def _error(message: str) -> None:
    click.echo(f"notice-miner: {message}", err=True)


_HINTS = ("txt", "html", "pdf", "docx")  # what --format-hint names for a notice on stdin
INTERRUPTED = 130  # the shell's status for a process ended by SIGINT (128 + 2)


class _Group(click.Group):
    """Every command: Ctrl-C ends with status 130 and a line saying that a re-run resumes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _error("interrupted; run the same command again to resume (finished outputs are kept)")
            ctx.exit(INTERRUPTED)


def _examples(*lines: str) -> str:
    """A command's help epilog: real invocations, kept as written (click's \\b stops re-wrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def out_folder(name: str, help: str):
    """The required -o/--out folder option, passed to the command as `name`."""
    return click.option("-o", "--out", name, required=True, type=click.Path(file_okay=False, path_type=Path), help=help)


def language_option(help: str):
    """The --lang option (zh or en, Chinese by default), passed to the command as `language`."""
    return click.option("--lang", "language", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help=help)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """-q: warnings and errors only, no progress; -v: debug messages too; neither: info."""
    if value:
        ctx.meta[f"notice_miner.{param.name}"] = True
    quiet, verbose = ctx.meta.get("notice_miner.quiet"), ctx.meta.get("notice_miner.verbose")
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(format="notice-miner: %(message)s", force=True)
    logging.getLogger("notice_miner").setLevel(level)
    return value


def verbosity(command):
    """The -q/--quiet and -v/--verbose options every command takes (logging levels of `notice_miner`)."""
    command = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_verbosity, help="Also log debug messages.")(command)
    return click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity, help="Only warnings and errors; no progress display."
    )(command)


def _set_segmentation(ctx: click.Context, param: click.Parameter, value) -> None:
    """--segmenter and --userdict, applied as soon as either is read (the other as read so far)."""
    from notice_miner import pipeline
    from notice_miner.errors import NoticeError

    ctx.meta[f"notice_miner.{param.name}"] = value
    try:
        pipeline.use_segmenter(ctx.meta.get("notice_miner.segmenter") or "rjieba", ctx.meta.get("notice_miner.userdict") or ())
    except NoticeError as err:
        raise click.BadParameter(str(err), param=param) from None


def segmentation(command):
    """The --segmenter and --userdict options of every command that segments text."""
    command = click.option(
        "--userdict",
        multiple=True,
        expose_value=False,
        callback=_set_segmentation,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="FILE",
        help="A user dictionary in jieba's format (word [freq] [tag] a line), added after the domain dictionary; repeatable.",
    )(command)
    return click.option(
        "--segmenter",
        type=click.Choice(["rjieba", "jieba"]),
        default="rjieba",
        show_default=True,
        expose_value=False,
        callback=_set_segmentation,
        help="Word segmenter: rjieba (fast) or jieba; both give the same words.",
    )(command)


def _quiet() -> bool:
    return bool(click.get_current_context().meta.get("notice_miner.quiet"))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="notice-miner")
def cli() -> None:
    """Parse Chinese rectification notices (巡察/巡视整改情况的通报) into structured data."""


@segmentation
@verbosity
@cli.command(
    epilog=_examples(
        "notice-miner parse notice.html",
        "notice-miner parse 'notices/*.pdf' --format jsonl > notices.jsonl",
        "curl -s https://example.org/n.html | notice-miner parse - --format-hint html",
    )
)
@click.argument("notices", nargs=-1, required=True, type=click.Path(readable=False, allow_dash=True, path_type=Path))
@click.option(
    "-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Write OUT/<name>.json per notice instead of printing."
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["json", "jsonl"]),
    help="Printed output: json (one document; several notices make an array) or jsonl (one line "
    "per notice). Default: json for one notice, jsonl for several.",
)
@click.option(
    "--format-hint",
    type=click.Choice(list(_HINTS)),
    help="Format of the notice read from '-' (stdin); default: html if it starts with '<', else txt.",
)
@click.option("--model", "model_dir", type=click.Path(path_type=Path), help="Classifier model folder (default: the shipped model).")
@click.option(
    "--taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A taxonomy file replacing the default one (the model must have been trained on it).",
)
@click.option("--no-labels", is_flag=True, help="Skip classification; labels stay empty.")
@click.option("--no-checks", is_flag=True, help="Skip the rectification-quality checks; no `checks` part.")
@click.option(
    "--spacy",
    "spacy_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also export the notices as a spaCy DocBin (needs notice-miner[spacy]).",
)
def parse(
    notices: tuple[Path, ...],
    out_dir: Path | None,
    out_format: str | None,
    format_hint: str | None,
    model_dir: Path | None,
    taxonomy: Path | None,
    no_labels: bool,
    no_checks: bool,
    spacy_out: Path | None,
) -> None:
    """Parse NOTICE files (.txt .html .htm .pdf .docx; '-' reads one from stdin; globs such as
    'notices/*.pdf' are expanded here too) into JSON.

    One notice prints its JSON; several print JSON Lines (see --format); with -o each is written
    to OUT/<file name without extension>.json, or, where two inputs share a file name, to batch's name
    for its path (a/index.html -> OUT/a__index.html.json). A file there from another input is never
    overwritten: that notice fails with one line saying so.
    """
    from notice_miner import pipeline

    paths = _expand(notices)
    classifier = _load_classifier(model_dir, taxonomy, no_labels)
    if out_dir:
        with _stop_on_output_error(), writing(out_dir):
            out_dir.mkdir(parents=True, exist_ok=True)
    out_format = out_format or ("json" if len(paths) == 1 else "jsonl")
    names = _output_names(paths, say=bool(out_dir))
    docs, printed, failed = [], [], 0
    for number, result in enumerate(_parse_inputs(paths, classifier, format_hint, checks=not no_checks)):
        if isinstance(result, pipeline.Failure):
            _error(str(result))
            failed += 1
            continue
        if out_dir:
            written = _write_output(out_dir / names[number], result, paths[number])
            failed += not written
        elif out_format == "jsonl":
            click.echo(result.to_json(indent=None))
        else:
            printed.append(result.to_json(indent=1))
        docs.append(result)
    if printed:
        click.echo(printed[0] if len(paths) == 1 else "[\n" + ",\n".join(printed) + "\n]")
    if spacy_out and docs:  # every notice parsed, whether or not -o could write it
        _export_spacy(docs, spacy_out, getattr(classifier, "labels", []))
    sys.exit(1 if failed else 0)


def _output_names(paths: list[Path], say: bool) -> list[str]:
    """The name under -o of each path: `<file name without extension>.json`, or batch's name by relative
    path where two inputs would meet (each such choice logged); stdin is named as a file `stdin`."""
    from notice_miner.corpus.files import standalone_names

    names = standalone_names([Path("stdin") if str(p) == "-" else p for p in paths])
    for path, name in zip(paths, names) if say else ():
        if name != f"{Path('stdin' if str(path) == '-' else path).stem}.json":
            logging.getLogger("notice_miner").info("%s -> %s (another input has the same file name)", shown(path), name)
    return names


def _write_output(target: Path, notice, given: Path) -> bool:
    """Write the notice to `target` unless that holds another input's output (then say so: False)."""
    if holder := _held_by_another(target, notice):
        _error(f"{shown(target)}: already holds {holder}; not overwritten with {shown(given)} (remove it or choose another -o)")
        return False
    with _stop_on_output_error(), writing(target.parent):
        write_atomic(target, notice.to_json())
    return True


def _held_by_another(target: Path, notice) -> str | None:
    """What `target` holds when it is not an earlier output of this notice (same path or same content):
    the input it was parsed from, or that it is another file; None when it may be replaced."""
    import json

    try:
        held = json.loads(target.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return "a file that is not a notice-miner output"
    source = held.get("source") if isinstance(held, dict) else None
    if not isinstance(source, dict):
        return "a file that is not a notice-miner output"
    if source.get("path") == notice.source.path or source.get("sha256") == notice.source.sha256:
        return None
    return f"the notice parsed from {shown(str(source.get('path')))}"


def _expand(args: tuple[Path, ...]) -> list[Path]:
    """The files the arguments name: '-' (stdin) as it is, a glob pattern no file is named after expanded
    here (Windows shells leave it to the program), a folder refused with a pointer to `batch`."""
    import glob

    paths: list[Path] = []
    for arg in args:
        text = str(arg)
        # os.path's tests answer False for a path out of reach; its reason comes when it is read
        if text != "-" and not os.path.lexists(arg) and glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                _error(f"{shown(text)}: no file matches this pattern")
                sys.exit(2)
            paths.extend(Path(m) for m in matches if not os.path.isdir(m))
        elif os.path.isdir(arg):
            _error(f"{shown(text)}: is a folder; to parse every notice in it run: notice-miner batch {text} -o OUT")
            sys.exit(2)
        else:
            paths.append(arg)
    return paths


def _parse_inputs(paths: list[Path], classifier: Classifier | None, format_hint: str | None, checks: bool = True):
    """Each path parsed (`pipeline.parse_many`), '-' from stdin, in order: a Notice or a Failure each."""
    from notice_miner import pipeline
    from notice_miner.errors import NoticeError

    for path in paths:
        if str(path) != "-":
            yield from pipeline.parse_many([path], classifier=classifier, checks=checks)
            continue
        data = sys.stdin.buffer.read()
        hint = format_hint or ("html" if data.lstrip()[:1] == b"<" else "txt")
        try:
            yield pipeline.parse(data, name=f"stdin.{hint}", format_hint=hint, classifier=classifier, checks=checks)
        except NoticeError as err:
            yield pipeline.Failure("<stdin>", err.reason)


@contextlib.contextmanager
def _stop_on_output_error():
    """An output that cannot be written (read-only folder, full disk) stops the command: one line, exit 2."""
    from notice_miner.errors import OutputError

    try:
        yield
    except OutputError as err:
        _error(str(err))
        sys.exit(2)


def _load_classifier(model_dir: Path | None, taxonomy: Path | None, no_labels: bool) -> Classifier | None:
    if no_labels:
        return None
    from notice_miner import classify
    from notice_miner.errors import ModelError

    try:
        if model_dir is None and taxonomy is None:
            return classify.default_classifier()
        return classify.load_classifier(model_dir, taxonomy=taxonomy)
    except ModelError as err:
        _error(str(err))
        sys.exit(2)


def _export_spacy(notices: list, path: Path, labels: list[str]) -> None:
    """The notices as a spaCy DocBin, each with the notice id `batch` gives its file in the tables."""
    from notice_miner.corpus.files import output_name
    from notice_miner.corpus.tables import notice_id_of

    try:
        from notice_miner import enrich

        ids = [notice_id_of(output_name(notice.source.name)) for notice in notices]
        with _stop_on_output_error(), writing(path.parent):
            enrich.export_docbin(notices, path, notice_ids=ids, labels=labels)
    except ImportError:
        _error("--spacy needs spaCy: pip install 'notice-miner[spacy]'")
        sys.exit(2)


@verbosity
@cli.command(epilog=_examples("notice-miner schema > notice.schema.json", "notice-miner schema --tables > tables.md"))
@click.option("--tables", is_flag=True, help="Print the data dictionary of batch's tables instead (Markdown).")
def schema(tables: bool) -> None:
    """Print the JSON Schema of the per-notice output, or with --tables the data dictionary of the
    batch tables: every table, every column, its type and meaning."""
    import json

    if tables:
        from notice_miner.corpus.schema import data_dictionary

        click.echo(data_dictionary(), nl=False)
        return
    from notice_miner.model import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))


@segmentation
@verbosity
@cli.command(
    epilog=_examples(
        "notice-miner batch notices/ -o out/",
        "notice-miner batch notices/ more/ -o out/ -j 2",
        "notice-miner batch notices/ -o out/ --force --no-labels",
    )
)
@click.argument("in_dirs", nargs=-1, required=True, type=click.Path(exists=True, readable=False, path_type=Path))
@out_folder("out_dir", "Output folder: notices/*.json, notices/items tables (.parquet, .csv), errors.jsonl.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster (tcp://host:8786), or 'local' to start one here.")
@click.option("--force", is_flag=True, help="Reprocess notices that are unchanged since the last run.")
@click.option("--no-labels", is_flag=True, help="Skip classification; labels stay empty.")
@click.option("--no-checks", is_flag=True, help="Skip the rectification-quality checks; no `checks` part.")
@click.option(
    "--time-limit",
    default=120.0,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Stop and report a file still parsing after this long (0: no limit; not on Dask).",
)
@click.option("--xlsx", is_flag=True, help="Also write the tables as an Excel workbook, OUT_DIR/tables.xlsx (needs notice-miner[xlsx]).")
@click.option(
    "--prune", is_flag=True, help="Remove the notices of earlier runs whose inputs are not given this time (default: keep them, in the tables too)."
)
def batch(
    in_dirs: tuple[Path, ...],
    out_dir: Path,
    jobs: int,
    scheduler: str | None,
    force: bool,
    no_labels: bool,
    no_checks: bool,
    time_limit: float,
    prune: bool,
    xlsx: bool,
) -> None:
    """Parse every notice under IN_DIR folders into OUT_DIR, resumably, with corpus tables.

    OUT_DIR holds one corpus: notices/, the tables, index.csv and the manifest cover the same notices,
    those of this run and those kept from earlier runs into it (--prune removes the latter).
    Re-running skips notices whose content and tool/model version are unchanged. Exit
    status 1 if any file failed (see OUT_DIR/errors.jsonl); 2 if the run could not go on
    (the output folder read-only or full: one line naming it; run again once it is writable).
    """
    from notice_miner import corpus

    try:
        with _stop_on_output_error():
            summary = corpus.run_batch(
                in_dirs,
                out_dir,
                jobs=jobs,
                scheduler=scheduler,
                force=force,
                classifier=None if no_labels else "default",
                progress=not _quiet(),
                time_limit=time_limit,
                checks=not no_checks,
                prune=prune,
                xlsx=xlsx,
            )
    except corpus.BatchError as err:
        _error(str(err))
        sys.exit(2)
    click.echo(summary.describe(), err=True)
    sys.exit(1 if summary.failed else 0)


def _parsed_or_none(path: Path):
    """The notice at `path` parsed without labels (context for gold items), or None if it cannot be read."""
    from notice_miner import pipeline

    try:
        return pipeline.parse(path, classifier=None)
    except Exception:  # no context is better than no training: items then go without problem and sections
        return None


@segmentation
@verbosity
@cli.command(
    "train",
    epilog=_examples(
        "notice-miner train gold/ -o my-model/",
        "notice-miner train labels.jsonl --taxonomy taxonomy.md -o my-model/ --seed 1",
        "notice-miner train corpus -o models --seed 0 --jobs 2",
    ),
)
@click.argument("label_files", metavar="LABELS...", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_folder("model_dir", "Folder to write the model (manifest.json, arrays.npz) and its card (README.md).")
@click.option(
    "--taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Taxonomy file (JSON, or a Markdown table like taxonomy.md) instead of the default.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Seed for the folds.")
@click.option(
    "--jobs", default=1, show_default=True, type=click.IntRange(min=1), help="Processes for the held-out fits (the model is the same for any number)."
)
def train_command(label_files: tuple[Path, ...], model_dir: Path, taxonomy: Path | None, seed: int, jobs: int) -> None:
    """Train the measure classifier from LABELS: gold files (*.gold.json), JSON Lines or CSV
    (text, labels, optional problem and section), or folders holding them."""
    from notice_miner import classify
    from notice_miner.classify import train
    from notice_miner.corpus.run import progress_bar
    from notice_miner.errors import ModelError, NoticeError

    try:
        tax = classify.load_taxonomy(taxonomy) if taxonomy else classify.default_taxonomy()
        examples = classify.read_examples(label_files, context=_parsed_or_none)
        with progress_bar(not _quiet(), "fits") as bar:
            task = bar.add_task("fits", total=None)
            result = train.train_model(
                examples,
                taxonomy=tax,
                seed=seed,
                jobs=jobs,
                command=" ".join(["notice-miner", *sys.argv[1:]]),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        with _stop_on_output_error(), writing(model_dir):
            clf = train.save(result, model_dir)
    except (ModelError, NoticeError) as err:
        _error(str(err))
        sys.exit(2)
    r = result.report
    click.echo(f"{clf.model_id}: {len(examples)} measures, {len(clf.labels)} labels → {model_dir}")
    click.echo(
        f"held-out ({r['folds']} folds, C {r['C']} chosen there): first-label accuracy {r['first_label_accuracy']}  "
        f"micro-F1 {r['micro_f1']}  macro-F1 {r['macro_f1']}  calibration error {r['ece_emitted']}"
    )


@segmentation
@verbosity
@cli.command(
    "evaluate",
    epilog=_examples(
        "notice-miner evaluate gold/",
        "notice-miner evaluate gold/ --model my-model/ --json",
        "notice-miner evaluate gold/ --rules",
    ),
)
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--model", "model_dir", type=click.Path(path_type=Path), help="Model folder (default: the shipped model).")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Taxonomy the model must have been trained for.")
@click.option("--gold-items", is_flag=True, help="Classify the gold items' own texts instead of parsing the notices.")
@click.option("--rules", is_flag=True, help="Evaluate the cue-word rules baseline instead of a model.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
def evaluate_command(gold_dir: Path, model_dir: Path | None, taxonomy: Path | None, gold_items: bool, rules: bool, as_json: bool) -> None:
    """Score labels against GOLD_DIR (*.gold.json beside their notices): per-label P/R/F1, micro and
    macro F1, first-label accuracy and the confusion of first labels."""
    import json

    from notice_miner import classify, pipeline
    from notice_miner.classify import evaluate
    from notice_miner.errors import ModelError, NoticeError

    try:
        predictor: classify.RulesClassifier | classify.LinearClassifier
        if rules:
            tax = classify.load_taxonomy(taxonomy) if taxonomy else classify.default_taxonomy()
            predictor = classify.RulesClassifier(tax)
        else:
            predictor = classify.load_classifier(model_dir, taxonomy=taxonomy)
        if gold_items:
            metrics = evaluate.evaluate_examples(predictor, classify.read_examples([gold_dir], context=_parsed_or_none))
        else:
            golds = classify.read_gold_dir(gold_dir)
            metrics = evaluate.evaluate_notices([(g, pipeline.parse(doc, classifier=predictor)) for g, doc in golds])
    except (ModelError, NoticeError) as err:
        _error(str(err))
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(metrics, ensure_ascii=False, indent=1))
    else:
        source = "gold item texts" if gold_items else f"parsed notices, {metrics['items']} of {metrics['gold_items']} gold items matched"
        click.echo(evaluate.format_metrics(metrics, f"{predictor.model_id} on {gold_dir} ({source})"))


@segmentation
@verbosity
@cli.command(
    "suggest",
    epilog=_examples(
        "notice-miner suggest out/notices",
        "notice-miner suggest out/notices -n 100 -o to-label.jsonl",
    ),
)
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-n", "count", default=50, show_default=True, type=click.IntRange(1), help="How many measures.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write JSON Lines here instead of printing.")
@click.option("--model", "model_dir", type=click.Path(path_type=Path), help="Model folder (default: the shipped model).")
def suggest_command(corpus_dir: Path, count: int, out: Path | None, model_dir: Path | None) -> None:
    """List the measures in CORPUS_DIR (per-notice JSON outputs) the model is least sure about,
    as JSON Lines ready for annotation (fill `labels`, then `notice-miner train`)."""
    import json

    from notice_miner import classify
    from notice_miner.classify.suggest import least_sure
    from notice_miner.errors import ModelError

    try:
        clf = classify.load_classifier(model_dir)
    except ModelError as err:
        _error(str(err))
        sys.exit(2)
    notices, skipped = classify.read_outputs(corpus_dir)
    if not notices:
        _error(f"{corpus_dir}: no notice JSON outputs here")
        sys.exit(2)
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in least_sure(notices, clf, count))
    if out:
        with _stop_on_output_error(), writing(out.parent):
            write_atomic(out, lines)
        click.echo(f"{lines.count(chr(10))} measures from {len(notices)} notices → {out}", err=True)
    else:
        click.echo(lines, nl=False)


@segmentation
@verbosity
@cli.command(
    epilog=_examples(
        "notice-miner show notice.html -o view.html",
        "notice-miner show notice.pdf --no-labels > view.html",
        "notice-miner show notice.docx --open",
    )
)
@click.argument("notice", type=click.Path(readable=False, path_type=Path))
@click.option("-o", "--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write (default: print it).")
@click.option("--no-labels", is_flag=True, help="Skip classification; items are coloured grey.")
@click.option("--open", "open_it", is_flag=True, help="Open the view in the web browser (without -o it goes to a temporary file).")
@language_option("Language of the page's headings, legend and hover titles: Chinese (zh) or English (en).")
def show(notice: Path, out_path: Path | None, no_labels: bool, open_it: bool, language: str) -> None:
    """Write an HTML view of NOTICE: items, signals and the evidence of every fact highlighted."""
    from notice_miner import pipeline, view
    from notice_miner.errors import NoticeError

    classifier = _load_classifier(None, None, no_labels)
    try:
        parsed = pipeline.parse(notice, classifier=classifier)
    except NoticeError as err:
        _error(str(err))
        sys.exit(1)
    if out_path is None and not open_it:
        click.echo(view.render_html(parsed, language), nl=False)
        return
    if out_path is None:  # kept: the browser reads it after the command has ended
        import tempfile

        out_path = Path(tempfile.mkdtemp(prefix="notice-miner-")) / f"{Path(parsed.source.name).stem or 'notice'}.html"
    with _stop_on_output_error(), writing(out_path.parent):
        write_atomic(out_path, view.render_html(parsed, language))
    if open_it:
        _open_in_browser(out_path)


def _open_in_browser(path: Path) -> None:
    """Open a written file in the user's browser (the BROWSER variable names another one)."""
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        _error(f"no web browser could be started; the view is at {shown(str(path))}")


@segmentation
@verbosity
@cli.command(
    epilog=_examples(
        "notice-miner check notice.pdf",
        "notice-miner check out/notices --format csv > findings.csv",
        "notice-miner check out/ --sheet my_sheet.toml --format json",
    )
)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(readable=False, path_type=Path))
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: a readable review per notice; json: one object per notice; csv: one row per finding.",
)
@click.option(
    "--sheet",
    "sheet_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A scoring sheet (TOML) instead of the default one (notice_miner/data/check_sheet.toml).",
)
def check(inputs: tuple[Path, ...], out_format: str, sheet_path: Path | None) -> None:
    """Review the rectification quality of notices: NOTICE files, notice JSON files, or folders of notice
    JSON (a batch or parse -o output), else of notice files. Each notice gets its findings and a 0–100 score on the sheet,
    with every deduction listed. Exit status 1 if any input could not be read."""
    from rich.console import Console

    from notice_miner import pipeline, review
    from notice_miner.checks.sheet import load_sheet
    from notice_miner.errors import NoticeError

    try:
        sheet = load_sheet(sheet_path)
    except NoticeError as err:
        _error(str(err))
        sys.exit(2)
    reviews, failed = [], 0
    for result in review.review_paths(_expand_files(inputs), sheet):
        if isinstance(result, pipeline.Failure):
            _error(str(result))
            failed += 1
        else:
            reviews.append(result)
    if out_format == "json":
        click.echo(review.as_json(reviews))
    elif out_format == "csv":
        click.echo(review.as_csv(reviews), nl=False)
    else:
        review.render(reviews, sheet, Console(highlight=False))
    sys.exit(1 if failed else 0)


def _expand_files(args: tuple[Path, ...]) -> list[Path]:
    """Folders as they are; glob patterns expanded as `parse` does."""
    return [p for arg in args for p in ([arg] if os.path.isdir(arg) else _expand((arg,)))]


@segmentation
@verbosity
@cli.command(
    epilog=_examples(
        "notice-miner compare out/ --by region",
        "notice-miner compare out/ --by year --report report.html",
        "notice-miner compare out/ --tables tables/",
    )
)
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option(
    "--by",
    default="agency",
    show_default=True,
    callback=lambda ctx, param, value: _group_by(value),
    help="Group notices by this metadata column: agency, region, level, kind, team (the inspector), year, "
    "body_type, inspector_level, … (a wrong name lists them all).",
)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the self-contained HTML report here.")
@click.option(
    "--tables",
    "tables_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write every table as CSV (UTF-8 with BOM) and Parquet into this folder.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.05, 1.0),
    default=0.6,
    show_default=True,
    help="Exact Jaccard similarity from which two measures count as copies.",
)
@click.option("--keep-duplicates", is_flag=True, help="Count republished copies of a notice as notices of their own (by default one per cluster).")
@language_option("Language of the report and of this summary: Chinese (zh) or English (en).")
def compare(
    out_dir: Path, by: str, report_path: Path | None, tables_dir: Path | None, threshold: float, keep_duplicates: bool, language: str
) -> None:
    """Compare the notices in OUT_DIR (the output of `batch`) by agency, region, level, kind, team, year or any
    other metadata column. Without --report the comparison prints as a table."""
    from notice_miner import report
    from notice_miner.errors import NoticeError

    try:
        with _stop_on_output_error():
            tables = report.build_report(
                out_dir, report_path, by=by, threshold=threshold, tables_dir=tables_dir, keep_duplicates=keep_duplicates, language=language
            )
    except (NoticeError, OSError) as err:
        _error(str(err))
        sys.exit(1)
    words = report.Words(language)
    profiles, flagged, copied = tables["profiles"], tables["category_differences"], tables["copied_measures"]
    click.echo(
        words(
            "cli.summary",
            notices=len(tables["notices"]),
            measures=int(profiles["measures"].sum()),
            groups=len(profiles),
            by=words.by(by),
            flagged=int((flagged["flag"] != "").sum()) if len(flagged) else 0,
            clusters=copied["cluster"].nunique() if len(copied) else 0,
        )
        + _duplicates_note(tables["duplicates"], keep_duplicates, words)
    )
    for path, what in ((report_path, "cli.report"), (tables_dir, "cli.tables")):
        if path:
            click.echo(words(what, path=path))
    if report_path is None:
        from notice_miner.report.terminal import print_summary

        print_summary(tables, by, words=words)


def _group_by(by: str) -> str:
    """--by checked before anything is read: a wrong name is a usage error listing the names."""
    from notice_miner import compare

    try:
        compare.group_column(by)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    return by


def _duplicates_note(duplicates, kept: bool, words) -> str:
    """'; N duplicates left out (K clusters)' for the compare summary, or what --keep-duplicates kept."""
    if duplicates.empty:
        return ""
    fields = {"clusters": duplicates["cluster"].nunique(), "extra": int((~duplicates["kept"]).sum())}
    return words("cli.duplicates_kept" if kept else "cli.duplicates_left", **fields)


@verbosity
@cli.command(
    epilog=_examples(
        "notice-miner fetch https://example.org/notices/ -o crawl/ --contact me@example.org",
        "notice-miner fetch https://example.org/list.html -o crawl/ --since 2024-01-01 --max-pages 50",
    )
)
@click.argument("start_urls", metavar="START_URL...", nargs=-1, required=True)
@out_folder("out_dir", "Output folder: files/ (notices and attachments with sidecars), warc/, state.sqlite, fetch.log.jsonl.")
@click.option(
    "--sites",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Site profiles (TOML): list, link, date and next-page selectors per site.",
)
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Leave out notices listed before this date.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many list and notice pages.")
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    help="Seconds between requests to one host (default 2; never under 1 except on loopback; a larger Crawl-delay wins).",
)
@click.option("--contact", metavar="URL_OR_EMAIL", help="How site owners reach you; goes into the User-Agent.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds a request may take.")
@click.option("--max-bytes", default=50 * 1024 * 1024, show_default=True, type=click.IntRange(min=1), help="Largest response body kept.")
@click.option("--revalidate", is_flag=True, help="Also re-request known notices (conditionally) to catch changes.")
def fetch(
    start_urls: tuple[str, ...],
    out_dir: Path,
    sites: Path | None,
    since,
    max_pages: int | None,
    delay: float | None,
    contact: str | None,
    timeout: float,
    max_bytes: int,
    revalidate: bool,
) -> None:
    """Collect rectification notices from agency list pages at START_URL into OUT, politely and resumably.

    Follows pagination, picks the links that read like rectification notices, fetches them and their
    attachments; obeys robots.txt; archives every response as WARC. Then: notice-miner batch OUT/files -o …
    """
    from notice_miner import fetch as fetch_package

    if message := fetch_package.missing_extra():
        _error(message)
        sys.exit(2)
    from notice_miner.fetch.crawl import run_fetch

    code = run_fetch(
        list(start_urls),
        out_dir,
        sites=sites,
        since=since.date() if since else None,
        max_pages=max_pages,
        delay=delay,
        contact=contact,
        timeout=timeout,
        max_bytes=max_bytes,
        revalidate=revalidate,
        progress=not _quiet(),
        say=_error,
    )
    sys.exit(code)


# --- further commands (show, train, evaluate, suggest, batch, compare) are added below ---


def main() -> None:
    cli(prog_name="notice-miner")
