"""`notice-miner check`: each notice's checks and its score on a sheet, as rich tables, JSON or CSV.

Inputs are notice files (parsed here), notice JSON files, or folders of them (a `batch` or `parse -o`
output); the checks are run again on every notice with the sheet's timing limit, so JSON written
without checks, or under another limit, is reviewed the same way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import ValidationError

from notice_miner import pipeline
from notice_miner.checks import run_checks
from notice_miner.checks.sheet import Score, Sheet, score
from notice_miner.errors import NoticeError
from notice_miner.fileio import spreadsheet_safe
from notice_miner.model import CHECK_IDS, Checks, Notice
from notice_miner.structure import NOT_A_NOTICE

NOTICE_SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
CSV_COLUMNS = ["notice", "path", "score", "check", "severity", "message", "gloss", "start", "end", "quote", "item"]


@dataclass(frozen=True)
class Review:
    name: str
    path: str
    notice: Notice
    checks: Checks
    score: Score


def review_paths(paths: Iterable[Path], sheet: Sheet) -> Iterator[Review | pipeline.Failure]:
    """A review per notice the paths name (files, or folders searched for notice JSON, else notice files);
    a Failure per input that cannot be read."""
    for path in paths:
        if path.is_dir():
            found = _in_folder(path)
            if not found:
                yield pipeline.Failure(
                    str(path), f"no notice JSON or notice files (*.json, {', '.join(f'*{s}' for s in sorted(NOTICE_SUFFIXES))}) in this folder"
                )
            yield from (_review_file(p, sheet) for p in found)
        else:
            yield _review_file(path, sheet)


def _in_folder(folder: Path) -> list[Path]:
    """The notice JSON under a folder (a batch or parse -o output), else its notice files."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return [p for p in files if p.suffix.lower() == ".json"] or [p for p in files if p.suffix.lower() in NOTICE_SUFFIXES]


def _review_file(path: Path, sheet: Sheet) -> Review | pipeline.Failure:
    try:
        notice = _read_notice(path)
    except NoticeError as err:
        return pipeline.Failure(err.path, err.reason)
    checks = run_checks(notice, timing_limit_months=sheet.timing_limit_months)
    return Review(path.stem, str(path), notice, checks, score(checks, sheet))


def _read_notice(path: Path) -> Notice:
    if path.suffix.lower() in NOTICE_SUFFIXES:
        return pipeline.parse(path, classifier=None, checks=False)
    if path.suffix.lower() != ".json":
        raise NoticeError(path, f"not a notice file or notice JSON (.json, {', '.join(sorted(NOTICE_SUFFIXES))})")
    try:
        return Notice.model_validate_json(path.read_bytes())
    except OSError as err:
        raise NoticeError(path, f"cannot read: {err.strerror or err}") from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise NoticeError(path, f"not a notice JSON: {where or 'document'}: {first.get('msg', '')}") from None


# --- output ---------------------------------------------------------------------------


def as_json(reviews: list[Review]) -> str:
    return json.dumps([_review_dict(r) for r in reviews], ensure_ascii=False, indent=1)


def _review_dict(r: Review) -> dict:
    return {
        "notice": r.name,
        "path": r.path,
        "agency": r.notice.metadata.agency,
        "reads_like_notice": pipeline.reads_like_a_notice(r.notice),
        "score": r.score.score,
        "full_marks": r.score.full_marks,
        "deductions": [asdict(d) for d in r.score.deductions],
        "checks": r.checks.model_dump(mode="json"),
    }


def as_csv(reviews: list[Review]) -> str:
    """One row per finding (a notice with none: one row with its score), quotes taken from the text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in reviews:
        for f in r.checks.findings or [None]:
            start, end = f.spans[0] if f and f.spans else (None, None)
            quote = r.notice.text[start:end] if start is not None else ""
            row = [r.name, r.path, r.score.score] + ([f.check, f.severity, f.message, f.gloss, start, end, quote, f.item or ""] if f else [""] * 8)
            writer.writerow([spreadsheet_safe(v) if isinstance(v, str) else ("" if v is None else v) for v in row])
    return out.getvalue()


def render(reviews: list[Review], sheet: Sheet, console) -> None:
    """The readable review: per notice its score, a table of checks and deductions, and the findings."""
    from rich.markup import escape
    from rich.table import Table

    for r in reviews:
        meta = r.notice.metadata
        console.rule(f"[bold]{escape(r.name)}[/]  {escape(meta.agency or '')}  [bold]{r.score.score:g}[/]/{r.score.full_marks:g}")
        if not pipeline.reads_like_a_notice(r.notice):
            console.print(f"[yellow]{escape(NOT_A_NOTICE)}: the findings and the score say little[/]")
        by_check = {d.check: d for d in r.score.deductions}
        table = Table(title=escape(sheet.name), show_lines=False, expand=False)
        for column in ("check", "findings", "deduction", "reason"):
            table.add_column(column, overflow="fold")  # Chinese has no spaces to wrap at: fold, never cut
        for check in CHECK_IDS:
            d = by_check.get(check)
            table.add_row(
                check,
                str(r.checks.summary.counts[check]),
                f"-{d.points:g}" if d else "",
                escape(d.reason) if d else ("" if sheet.counts(check) else "(not counted)"),
            )
        console.print(table)
        console.print(_summary_line(r.checks))
        if r.checks.findings:
            console.print(_findings_table(r))


def _summary_line(checks: Checks) -> str:
    s = checks.summary
    shares = ", ".join(f"{k} {v:.0%}" if v is not None else f"{k} –" for k, v in s.element_shares.items())
    paper = f"{s.paper_only_share:.0%}" if s.paper_only_share is not None else "–"
    days = f"{s.days_to_publication} days" if s.days_to_publication is not None else "not stated"
    return (
        f"measures {s.measures}, problems {s.problems} ({s.problems_without_measure} without a measure); "
        f"elements {shares}; paper-only {paper}; hedging {s.hedging_per_1000:g}/1,000 chars; "
        f"feedback → publication {days}"
    )


def _findings_table(r: Review):
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, expand=False)
    for column in ("", "check", "message", "where"):
        table.add_column(column, overflow="fold")
    for f in r.checks.findings:
        where = "; ".join(_clip(r.notice.text[a:b]) for a, b in f.spans[:2])
        table.add_row(
            f"[{SEVERITY_STYLE[f.severity]}]{f.severity}[/]",
            f.check,
            escape(f"{f.message}\n{f.gloss}"),
            escape(where + (f" [{f.item}]" if f.item else "")),
        )
    return table


def _clip(quote: str, width: int = 36) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= width else quote[: width - 1] + "…"
