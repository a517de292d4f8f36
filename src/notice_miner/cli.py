"""The `notice-miner` command. Each command is a few lines over the Python API.

Errors a user can cause become one line on stderr naming the file and the
reason, and a non-zero exit; never a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from notice_miner.fileio import write_atomic
from notice_miner.model import VERSION


def _error(message: str) -> None:
    click.echo(f"notice-miner: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="notice-miner")
def cli() -> None:
    """Parse Chinese rectification notices (巡察/巡视整改情况的通报) into structured data."""


@cli.command()
@click.argument("notices", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write OUT/<name>.json per notice instead of printing.")
@click.option("--model", "model_dir", type=click.Path(path_type=Path),
              help="Classifier model folder (default: the shipped model).")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A taxonomy file replacing the default one (the model must have been trained on it).")
@click.option("--no-labels", is_flag=True, help="Skip classification; labels stay empty.")
@click.option("--spacy", "spacy_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also export the notices as a spaCy DocBin (needs notice-miner[spacy]).")
def parse(notices: tuple[Path, ...], out_dir: Path | None, model_dir: Path | None,
          taxonomy: Path | None, no_labels: bool, spacy_out: Path | None) -> None:
    """Parse NOTICE files (.txt .html .htm .pdf .docx) into JSON.

    One notice prints its JSON; several print JSON Lines; with -o each is written
    to OUT/<file name without extension>.json.
    """
    from notice_miner import pipeline

    classifier = _load_classifier(model_dir, taxonomy, no_labels)
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    docs, failed = [], 0
    for result in pipeline.parse_many(notices, classifier=classifier):
        if isinstance(result, pipeline.Failure):
            _error(str(result))
            failed += 1
            continue
        if out_dir:
            write_atomic(out_dir / f"{Path(result.source.name).stem}.json", result.to_json())
        elif len(notices) == 1:
            click.echo(result.to_json(indent=1))
        else:
            click.echo(result.to_json(indent=None))
        if spacy_out:
            docs.append(result)
    if spacy_out and docs:
        _export_spacy(docs, spacy_out)
    sys.exit(1 if failed else 0)


def _load_classifier(model_dir: Path | None, taxonomy: Path | None, no_labels: bool) -> object | None:
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


def _export_spacy(notices: list, path: Path) -> None:
    try:
        from notice_miner import enrich

        enrich.export_docbin(notices, path)
    except ImportError:
        _error("--spacy needs spaCy: pip install 'notice-miner[spacy]'")
        sys.exit(2)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the per-notice output."""
    import json

    from notice_miner.model import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))


@cli.command()
@click.argument("in_dirs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: notices/*.json, notices/items tables (.parquet, .csv), errors.jsonl.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on a Dask cluster (tcp://host:8786), or 'local' to start one here.")
@click.option("--force", is_flag=True, help="Reprocess notices that are unchanged since the last run.")
@click.option("--no-labels", is_flag=True, help="Skip classification; labels stay empty.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def batch(in_dirs: tuple[Path, ...], out_dir: Path, jobs: int, scheduler: str | None, force: bool,
          no_labels: bool, quiet: bool) -> None:
    """Parse every notice under IN_DIR folders into OUT_DIR, resumably, with corpus tables.

    Re-running skips notices whose content and tool/model version are unchanged. Exit
    status 1 if any file failed (see OUT_DIR/errors.jsonl).
    """
    from notice_miner import corpus

    try:
        summary = corpus.run_batch(in_dirs, out_dir, jobs=jobs, scheduler=scheduler, force=force,
                                   classifier=None if no_labels else "default", progress=not quiet)
    except corpus.BatchError as err:
        _error(str(err))
        sys.exit(2)
    click.echo(summary.describe(), err=True)
    sys.exit(1 if summary.failed else 0)


# --- further commands (show, train, evaluate, suggest, batch, compare) are added below ---


def main() -> None:
    cli(prog_name="notice-miner")
