"""The notices, items and checks tables of a batch run (Parquet, and CSV with a BOM for Excel), in walk order."""
from __future__ import annotations

import codecs
import contextlib
import os
import typing
from datetime import date
from pathlib import Path

from notice_miner.checks.sheet import load_sheet, score
from notice_miner.fileio import FORMULA_START
from notice_miner.model import CHECK_IDS, Metadata, Notice, Page, Stats

NOTICES_DIR = "notices"
TABLE_ROWS_PER_CHUNK = 256
LIST_SEPARATOR = "|"
MAX_LABEL_COLUMNS = 3
TABLE_STEMS = ("notices", "items", "checks")
ELEMENT_NAMES = ("responsible", "deadline", "target")


def notice_id_of(name: str) -> str:
    """A notice's id in the tables: its output name without .json."""
    return name.removesuffix(".json")


def tables_present(out_dir: Path) -> bool:
    """Whether every table, Parquet and CSV, is in `out_dir`."""
    return all((out_dir / f"{stem}.{kind}").is_file() for stem in TABLE_STEMS for kind in ("parquet", "csv"))


def _stat_type(name: str):
    import pyarrow as pa

    return pa.int64() if int in typing.get_args(Stats.model_fields[name].annotation) else pa.float64()


def _metadata_type(name: str):
    import pyarrow as pa

    return pa.date32() if date in typing.get_args(Metadata.model_fields[name].annotation) else pa.string()


def _metadata_row(meta: Metadata) -> dict:
    """The notice's metadata as columns: its own fields, then the web page's as page_<name>."""
    row = {name: getattr(meta, name) for name in Metadata.model_fields if name != "page"}
    page = meta.page or Page()
    row.update({f"page_{name}": getattr(page, name) for name in Page.model_fields})
    return row


def _schemas():
    import pyarrow as pa

    s, i, f, d = pa.string(), pa.int64(), pa.float64(), pa.date32()
    notice_cols = [
        ("notice_id", s), ("source_path", s), ("source_name", s), ("source_sha256", s),
        ("source_format", s), ("source_encoding", s), ("source_bytes", i), ("source_pages", i),
        ("source_url", s), ("source_retrieved", s),
        ("tool_version", s), ("tool_model", s), ("title", s),
        *((name, _metadata_type(name)) for name in Metadata.model_fields if name != "page"),
        *((f"page_{name}", s) for name in Page.model_fields),
        *((name, _stat_type(name)) for name in Stats.model_fields),
        ("n_sections", i), ("n_items", i), ("n_done_items", i), ("n_plan_items", i),
        ("n_labelled_items", i), ("n_evidence", i), ("n_chars", i), ("keywords", s),
        ("n_warnings", i), ("warnings", s),
        # the rectification-quality checks (absent with --no-checks) and the score on the default sheet
        ("check_score", f), ("check_findings", i), *((f"check_{c}", i) for c in CHECK_IDS),
        ("check_measures", i), ("check_problems_without_measure", i),
        *((f"check_share_{e}", f) for e in ELEMENT_NAMES), ("check_paper_only_share", f),
        ("check_hedging_per_1000", f), ("check_days_to_publication", i),
    ]
    labels = [col for k in range(1, MAX_LABEL_COLUMNS + 1) for col in ((f"label_{k}", s), (f"score_{k}", f))]
    item_cols = [
        ("notice_id", s), ("item_id", s), ("item_no", i), ("source_name", s), ("source_url", s),
        ("source_retrieved", s),
        ("agency", s), ("agency_canonical", s), ("region", s), ("level", s), ("body_type", s),
        ("published", d), ("section", s), ("path", s), ("depth", i), ("marker", s), ("status", s),
        ("problem", s), ("text", s), ("span_start", i), ("span_end", i), ("n_chars", i),
        *labels, ("labels", s), ("n_labels", i),
        ("n_documents", i), ("n_names", i), ("n_amounts", i), ("amounts_total_yuan", f),
        ("n_numbers", i), ("n_dates", i), ("n_units", i), ("n_stock_phrases", i), ("specificity", f),
        ("documents", s), ("names", s), ("units", s), ("stock_phrases", s), ("dates", s),
    ]
    check_cols = [
        ("notice_id", s), ("source_name", s), ("agency", s), ("agency_canonical", s), ("finding_no", i),
        ("check", s), ("severity", s), ("message", s), ("gloss", s), ("item_id", s), ("missing", s),
        ("span_start", i), ("span_end", i), ("quote", s), ("n_spans", i), ("figures", s),
    ]
    return pa.schema(notice_cols), pa.schema(item_cols), pa.schema(check_cols)


def _joined(values: list | None) -> str | None:
    return LIST_SEPARATOR.join(map(str, values)) if values else None


def table_rows(notice_id: str, notice: Notice) -> tuple[dict, list[dict], list[dict]]:
    """The notices-table row, the items-table rows and the checks-table rows of one notice."""
    source, meta, items = notice.source, notice.metadata, notice.items
    notice_row = {
        "notice_id": notice_id, "source_path": source.path, "source_name": source.name,
        "source_sha256": source.sha256, "source_format": source.format,
        "source_encoding": source.encoding, "source_bytes": source.bytes,
        "source_pages": source.pages, "source_url": source.url, "source_retrieved": source.retrieved,
        "tool_version": notice.tool.version,
        "tool_model": notice.tool.model, "title": notice.title,
        **_metadata_row(meta), **notice.stats.__dict__,
        "n_sections": len(notice.sections), "n_items": len(items),
        "n_done_items": sum(item.status == "done" for item in items),
        "n_plan_items": sum(item.status == "plan" for item in items),
        "n_labelled_items": sum(bool(item.labels) for item in items),
        "n_evidence": len(notice.evidence), "n_chars": len(notice.text),
        "keywords": _joined(notice.keywords), "n_warnings": len(notice.warnings),
        "warnings": _joined(notice.warnings), **_check_columns(notice),
    }
    # the notice's agency columns on every item row, for grouping without a join
    context = {"notice_id": notice_id, "source_name": source.name, "source_url": source.url,
               "source_retrieved": source.retrieved, "agency": meta.agency,
               "agency_canonical": meta.agency_canonical, "region": meta.region, "level": meta.level,
               "body_type": meta.body_type, "published": meta.published}
    rows = []
    for number, item in enumerate(items, 1):
        labels, signals = item.labels, item.signals
        amounts = signals.amounts_yuan
        row = {**context, "item_id": item.id, "item_no": number, "section": item.section,
               "path": " > ".join(item.path) or None, "depth": len(item.path),
               "marker": item.marker, "status": item.status, "problem": item.problem,
               "text": item.text, "span_start": item.span[0], "span_end": item.span[1],
               "n_chars": len(item.text),
               "labels": _joined([label.label for label in labels]), "n_labels": len(labels),
               "n_documents": len(signals.documents), "n_names": len(signals.names),
               "n_amounts": len(amounts), "amounts_total_yuan": float(sum(amounts)) if amounts else None,
               "n_numbers": signals.numbers, "n_dates": len(signals.dates), "n_units": len(signals.units),
               "n_stock_phrases": len(signals.stock_phrases), "specificity": signals.specificity,
               "documents": _joined(signals.documents), "names": _joined(signals.names),
               "units": _joined(signals.units), "stock_phrases": _joined(signals.stock_phrases),
               "dates": _joined(signals.dates)}
        for k in range(MAX_LABEL_COLUMNS):
            label = labels[k] if k < len(labels) else None
            row[f"label_{k + 1}"] = label.label if label else None
            row[f"score_{k + 1}"] = label.score if label else None
        rows.append(row)
    return notice_row, rows, _check_rows(notice_id, notice)


_SHEET = []  # the default scoring sheet, read once per process


def _check_columns(notice: Notice) -> dict:
    """The notices-table columns of the checks: counts, summary figures and the default sheet's score."""
    if notice.checks is None:
        return {}
    if not _SHEET:
        _SHEET.append(load_sheet())
    summary = notice.checks.summary
    return {"check_score": score(notice.checks, _SHEET[0]).score, "check_findings": len(notice.checks.findings),
            **{f"check_{c}": summary.counts[c] for c in CHECK_IDS},
            "check_measures": summary.measures, "check_problems_without_measure": summary.problems_without_measure,
            **{f"check_share_{e}": summary.element_shares[e] for e in ELEMENT_NAMES},
            "check_paper_only_share": summary.paper_only_share, "check_hedging_per_1000": summary.hedging_per_1000,
            "check_days_to_publication": summary.days_to_publication}


def _check_rows(notice_id: str, notice: Notice) -> list[dict]:
    """One checks-table row per finding, with the quote of its first span."""
    if notice.checks is None:
        return []
    meta, rows = notice.metadata, []
    for number, f in enumerate(notice.checks.findings, 1):
        start, end = f.spans[0] if f.spans else (None, None)
        rows.append({"notice_id": notice_id, "source_name": notice.source.name, "agency": meta.agency,
                     "agency_canonical": meta.agency_canonical, "finding_no": number, "check": f.check,
                     "severity": f.severity, "message": f.message, "gloss": f.gloss, "item_id": f.item,
                     "missing": _joined(f.missing), "span_start": start, "span_end": end,
                     "quote": notice.text[start:end] if start is not None else None, "n_spans": len(f.spans),
                     "figures": _joined([f"{x.name}={x.value:g}" for x in f.figures])})
    return rows


def _rows_of_file(path: Path) -> tuple[dict, list[dict], list[dict]]:
    """Table rows of a notice written earlier, read back from its JSON."""
    return table_rows(notice_id_of(path.name), Notice.model_validate_json(path.read_bytes()))


def _spreadsheet_safe(table):
    """The table with every text cell that starts like a formula prefixed with an apostrophe (fileio.FORMULA_START)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = [pc.replace_substring_regex(column, pattern=f"({FORMULA_START})", replacement="'\\1")
               if pa.types.is_string(column.type) else column for column in table.columns]
    return pa.Table.from_arrays(columns, schema=table.schema)


class _TableWriter:
    """A Parquet file and its CSV twin, appended chunk by chunk under temporary names."""

    def __init__(self, out_dir: Path, stem: str, schema):
        import pyarrow.parquet as pq

        self.schema = schema
        self.final = [out_dir / f"{stem}.parquet", out_dir / f"{stem}.csv"]
        self.tmp = [p.with_name(f".{p.name}.tmp") for p in self.final]
        self.rows = 0
        self.parquet = pq.ParquetWriter(self.tmp[0], schema, compression="zstd")
        self.csv_file = open(self.tmp[1], "wb")
        self.csv_file.write(codecs.BOM_UTF8 + (",".join(schema.names) + "\r\n").encode("utf-8"))
        self.csv = None

    def write(self, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.csv as pa_csv

        if not rows:
            return
        # column lists, not from_pylist: converting row dicts one by one cost 1.3 ms a notice
        table = pa.Table.from_pydict({name: [row.get(name) for row in rows] for name in self.schema.names},
                                     schema=self.schema)
        self.parquet.write_table(table)
        if self.csv is None:
            options = pa_csv.WriteOptions(include_header=False, eol="\r\n", quoting_style="needed")
            self.csv = pa_csv.CSVWriter(self.csv_file, self.schema, write_options=options)
        self.csv.write_table(_spreadsheet_safe(table))
        self.rows += len(rows)

    def close(self, keep: bool) -> None:
        """Rename the finished files onto their names (`keep`) or remove them: never a partial table
        under its name, nor a temporary one left when writing fails (a full disk)."""
        if keep:
            try:
                self._close_files()
                for tmp, final in zip(self.tmp, self.final):
                    os.replace(tmp, final)
            except BaseException:
                self.close(keep=False)
                raise
            return
        with contextlib.suppress(Exception):  # discarding: a failure to flush the discarded rows is moot
            self._close_files()
        for tmp in self.tmp:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _close_files(self) -> None:
        try:
            self.parquet.close()
            if self.csv is not None:
                self.csv.close()
        finally:
            self.csv_file.close()


class Tables:
    """The notices and items tables in walk order, written in chunks of TABLE_ROWS_PER_CHUNK notices.

    Notices arrive in any order from the workers. `in_order` holds, per position, the output name
    of a notice kept from an earlier run (its rows are read back from its JSON) or None for one
    parsed now (its rows arrive with it). Rows that arrive early wait for the ones before them,
    at most the chunks in flight.
    """

    def __init__(self, out_dir: Path, in_order: list[str | None]):
        self.writers: list[_TableWriter] = []
        try:
            for stem, schema in zip(TABLE_STEMS, _schemas()):
                self.writers.append(_TableWriter(out_dir, stem, schema))
        except BaseException:
            for writer in self.writers:
                writer.close(keep=False)
            raise
        self.chunks: list[list[dict]] = [[] for _ in TABLE_STEMS]  # notice rows, item rows, check rows
        self.notices_dir = out_dir / NOTICES_DIR
        self.in_order = in_order
        self.waiting: dict[int, tuple[dict, list[dict], list[dict]] | None] = {}
        self.next = 0
        self._advance()

    def arrived(self, position: int, rows: tuple[dict, list[dict], list[dict]] | None) -> None:
        """Rows of the notice at `position`, or None when it failed."""
        self.waiting[position] = rows
        self._advance()

    def close(self, keep: bool) -> None:
        if keep:
            try:
                self._flush()
            except BaseException:
                self.close(keep=False)
                raise
        for writer in self.writers:
            writer.close(keep=keep)

    def _add(self, rows: tuple[dict, list[dict], list[dict]]) -> None:
        notice_row, *more = rows
        self.chunks[0].append(notice_row)
        for chunk, extra in zip(self.chunks[1:], more):
            chunk.extend(extra)
        if len(self.chunks[0]) >= TABLE_ROWS_PER_CHUNK:
            self._flush()

    def _flush(self) -> None:
        for writer, chunk in zip(self.writers, self.chunks):
            writer.write(chunk)
        self.chunks = [[] for _ in TABLE_STEMS]

    def _advance(self) -> None:
        while self.next < len(self.in_order):
            name = self.in_order[self.next]
            if name is not None:
                self._add(_rows_of_file(self.notices_dir / name))
            elif self.next in self.waiting:
                rows = self.waiting.pop(self.next)
                if rows is not None:
                    self._add(rows)
            else:
                return
            self.next += 1
