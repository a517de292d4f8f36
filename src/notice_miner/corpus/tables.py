"""The tables of a batch run (notices, items, sections, checks; Parquet, and CSV with a BOM for Excel), in walk order.

Columns, types and meanings are defined once in `schema`; `table_rows` makes one notice's rows and
`to_frames` the same tables as pandas DataFrames from Python objects.
"""

from __future__ import annotations

import codecs
import contextlib
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from notice_miner.checks.sheet import load_sheet, score
from notice_miner.corpus.schema import ELEMENT_NAMES, KEY_SEPARATOR, MAX_LABEL_COLUMNS, TABLES, arrow_schema
from notice_miner.fileio import FORMULA_START
from notice_miner.model import CHECK_IDS, Metadata, Notice, Page

NOTICES_DIR = "notices"
TABLE_ROWS_PER_CHUNK = 256
TABLE_NAMES = tuple(TABLES)  # notices, items, sections, checks

Rows = tuple[dict, list[dict], list[dict], list[dict]]  # one notice's row, its item, section and check rows
# the same rows as values in their table's column order: how they travel from a worker and are written
Values = tuple[tuple, list[tuple], list[tuple], list[tuple]]


def notice_id_of(name: str) -> str:
    """A notice's id in the tables: its output name without .json."""
    return name.removesuffix(".json")


def tables_present(out_dir: Path) -> bool:
    """Whether every table, Parquet and CSV, is in `out_dir`."""
    return all((out_dir / f"{stem}.{kind}").is_file() for stem in TABLE_NAMES for kind in ("parquet", "csv"))


def _metadata_row(meta: Metadata) -> dict:
    """The notice's metadata as columns: its own fields, then the web page's as page_<name>."""
    row = {name: getattr(meta, name) for name in Metadata.model_fields if name != "page"}
    page = meta.page or Page()
    row.update({f"page_{name}": getattr(page, name) for name in Page.model_fields})
    return row


_COLUMNS = [[column.name for column in TABLES[name]] for name in TABLE_NAMES]


def row_values(rows: Rows) -> Values:
    """A notice's rows as values in each table's column order (None for a column a row lacks). A worker
    sends these rather than the dicts: a tuple is several times cheaper to pickle and unpickle than a
    dict of the same values, and the columns of a chunk are its rows transposed."""
    notice_row, item_rows, section_rows, check_rows = rows
    items, sections, checks = (
        [_values(row, columns) for row in extra] for extra, columns in zip((item_rows, section_rows, check_rows), _COLUMNS[1:])
    )
    return _values(notice_row, _COLUMNS[0]), items, sections, checks


def _values(row: dict, columns: list[str]) -> tuple:
    return tuple(map(row.get, columns))


def notice_year(meta: Metadata) -> int | None:
    """The year a notice counts for: of its publication, else its feedback, else the inspection's end."""
    dated = meta.published or meta.feedback_date or meta.inspection_end
    return dated.year if dated else None


def _timestamp(value: str | None) -> datetime | None:
    """An ISO date and time (a fetch sidecar's `retrieved`), or None where it does not read as one."""
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def table_rows(notice_id: str, notice: Notice) -> Rows:
    """The notices-table row and the items-, sections- and checks-table rows of one notice."""
    source, meta, items = notice.source, notice.metadata, notice.items
    # the notice's columns on every item and section row, for grouping without a join
    context = {
        "notice_id": notice_id,
        "source_name": source.name,
        "source_url": source.url,
        "source_retrieved": _timestamp(source.retrieved),
        "agency": meta.agency,
        "agency_canonical": meta.agency_canonical,
        "region": meta.region,
        "level": meta.level,
        "body_type": meta.body_type,
        "published": meta.published,
        "year": notice_year(meta),
    }
    notice_row = {
        **context,
        "source_path": source.path,
        "source_sha256": source.sha256,
        "source_format": source.format,
        "source_encoding": source.encoding,
        "source_bytes": source.bytes,
        "source_pages": source.pages,
        "tool_version": notice.tool.version,
        "tool_model": notice.tool.model,
        "title": notice.title,
        **_metadata_row(meta),
        **notice.stats.__dict__,
        "n_sections": len(notice.sections),
        "n_items": len(items),
        "n_done_items": sum(item.status == "done" for item in items),
        "n_plan_items": sum(item.status == "plan" for item in items),
        "n_labelled_items": sum(bool(item.labels) for item in items),
        "n_evidence": len(notice.evidence),
        "n_chars": len(notice.text),
        "keywords": notice.keywords,
        "n_warnings": len(notice.warnings),
        "warnings": notice.warnings,
        **_check_columns(notice),
    }
    item_rows = [_item_row(context, number, item) for number, item in enumerate(items, 1)]
    in_section: dict[str | None, int] = {}
    for item in items:
        in_section[item.section] = in_section.get(item.section, 0) + 1
    section_rows = [
        {
            **context,
            "section_key": f"{notice_id}{KEY_SEPARATOR}{section.id}",
            "section_id": section.id,
            "section_no": number,
            "marker": section.marker,
            "section_level": section.level,
            "title": section.title,
            "status": section.status,
            "parent": section.parent,
            "children": section.children,
            "span_start": section.span[0],
            "span_end": section.span[1],
            "n_items": in_section.get(section.id, 0),
        }
        for number, section in enumerate(notice.sections, 1)
    ]
    return notice_row, item_rows, section_rows, _check_rows(notice_id, notice)


_SHEET = []  # the default scoring sheet, read once per process


def _check_columns(notice: Notice) -> dict:
    """The notices-table columns of the checks: counts, summary figures and the default sheet's score."""
    if notice.checks is None:
        return {}
    if not _SHEET:
        _SHEET.append(load_sheet())
    summary = notice.checks.summary
    return {
        "check_score": score(notice.checks, _SHEET[0]).score,
        "check_findings": len(notice.checks.findings),
        **{f"check_{c}": summary.counts[c] for c in CHECK_IDS},
        "check_measures": summary.measures,
        "check_problems_without_measure": summary.problems_without_measure,
        # a notice without measures has no shares (null), also where it was written with 0 under 2.2
        **{f"check_share_{e}": summary.element_shares[e] if summary.measures else None for e in ELEMENT_NAMES},
        "check_paper_only_share": summary.paper_only_share,
        "check_hedging_per_1000": summary.hedging_per_1000,
        "check_days_to_publication": summary.days_to_publication,
    }


def _check_rows(notice_id: str, notice: Notice) -> list[dict]:
    """One checks-table row per finding, with the quote of its first span."""
    if notice.checks is None:
        return []
    meta, rows = notice.metadata, []
    for number, f in enumerate(notice.checks.findings, 1):
        start, end = f.spans[0] if f.spans else (None, None)
        rows.append(
            {
                "finding_key": f"{notice_id}{KEY_SEPARATOR}{number}",
                "notice_id": notice_id,
                "source_name": notice.source.name,
                "agency": meta.agency,
                "agency_canonical": meta.agency_canonical,
                "finding_no": number,
                "check": f.check,
                "severity": f.severity,
                "message": f.message,
                "gloss": f.gloss,
                "item_id": f.item,
                "missing": f.missing or [],
                "span_start": start,
                "span_end": end,
                "quote": notice.text[start:end] if start is not None else None,
                "n_spans": len(f.spans),
                "figures": [f"{x.name}={x.value:g}" for x in f.figures],
            }
        )
    return rows


def _item_row(context: dict, number: int, item) -> dict:
    labels, signals = item.labels, item.signals
    amounts = signals.amounts_yuan
    row = {
        **context,
        "item_key": f"{context['notice_id']}{KEY_SEPARATOR}{item.id}",
        "item_id": item.id,
        "item_no": number,
        "section": item.section,
        "path": item.path,
        "depth": len(item.path),
        "marker": item.marker,
        "status": item.status,
        "problem": item.problem,
        "text": item.text,
        "text_printed": item.text_printed,
        "span_start": item.span[0],
        "span_end": item.span[1],
        "n_chars": len(item.text),
        "labels": [label.label for label in labels],
        "n_labels": len(labels),
        "n_documents": len(signals.documents),
        "n_names": len(signals.names),
        "n_amounts": len(amounts),
        "amounts_total_yuan": float(sum(amounts)) if amounts else None,
        "n_numbers": signals.numbers,
        "n_dates": len(signals.dates),
        "n_units": len(signals.units),
        "n_stock_phrases": len(signals.stock_phrases),
        "specificity": signals.specificity,
        "documents": signals.documents,
        "names": signals.names,
        "units": signals.units,
        "stock_phrases": signals.stock_phrases,
        "dates": signals.dates,
    }
    for k in range(MAX_LABEL_COLUMNS):
        label = labels[k] if k < len(labels) else None
        row[f"label_{k + 1}"] = label.label if label else None
        row[f"score_{k + 1}"] = label.score if label else None
    return row


def _rows_of_file(path: Path) -> Values:
    """Table rows of a notice written earlier, read back from its JSON."""
    return row_values(table_rows(notice_id_of(path.name), Notice.model_validate_json(path.read_bytes())))


def arrow_table(name: str, rows: list[tuple]):
    """Rows of one table, as values in its column order (`row_values`), as an Arrow table of its schema."""
    import pyarrow as pa

    schema = arrow_schema(name)
    columns = [list(column) for column in zip(*rows)] or [[] for _ in schema.names]
    return pa.Table.from_pydict(dict(zip(schema.names, columns, strict=True)), schema=schema)


def to_frames(notices: Iterable[Notice], ids: Iterable[str] | None = None) -> dict:
    """The batch tables of `notices` as pandas DataFrames, with the dtypes `pandas.read_parquet` gives for
    the Parquet files: {"notices": …, "items": …, "sections": …, "checks": …}. `ids` are the notice ids (default:
    each source file's name, with -2, -3 … where names repeat)."""
    notices = list(notices)
    ids = list(ids) if ids is not None else _ids_by_name(notices)
    rows: dict[str, list[tuple]] = {name: [] for name in TABLE_NAMES}
    for notice_id, notice in zip(ids, notices, strict=True):
        notice_row, *more = row_values(table_rows(notice_id, notice))
        rows["notices"].append(notice_row)
        for name, extra in zip(TABLE_NAMES[1:], more):
            rows[name].extend(extra)
    return {name: arrow_table(name, table).to_pandas() for name, table in rows.items()}


def _ids_by_name(notices: list[Notice]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for notice in notices:
        name = notice.source.name
        seen[name] = seen.get(name, 0) + 1
        ids.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return ids


def _for_csv(name: str, table):
    """The table as CSV and Excel show it: list columns joined with their separator (an empty list: an
    empty cell), text cells that start like a formula prefixed with an apostrophe (fileio.FORMULA_START)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns, fields = [], []
    for column, spec in zip(table.columns, TABLES[name]):
        if spec.separator is not None:
            joined = pc.binary_join(column, spec.separator)
            column = pc.if_else(pc.greater(pc.list_value_length(column), 0), joined, pa.scalar(None, pa.string()))
        if pa.types.is_string(column.type):
            column = pc.replace_substring_regex(column, pattern=f"({FORMULA_START})", replacement="'\\1")
        columns.append(column)
        fields.append(pa.field(spec.name, column.type))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


class _TableWriter:
    """A Parquet file and its CSV twin, appended chunk by chunk under temporary names."""

    def __init__(self, out_dir: Path, stem: str):
        import pyarrow.parquet as pq

        self.stem = stem
        self.final = [out_dir / f"{stem}.parquet", out_dir / f"{stem}.csv"]
        self.tmp = [p.with_name(f".{p.name}.tmp") for p in self.final]
        self.rows = 0
        self.parquet = pq.ParquetWriter(self.tmp[0], arrow_schema(stem), compression="zstd")
        self.csv_file = open(self.tmp[1], "wb")
        self.csv_file.write(codecs.BOM_UTF8 + (",".join(c.name for c in TABLES[stem]) + "\r\n").encode("utf-8"))
        self.csv = None

    def write(self, rows: list[tuple]) -> None:
        import pyarrow.csv as pa_csv

        if not rows:
            return
        table = arrow_table(self.stem, rows)
        self.parquet.write_table(table)
        shown = _for_csv(self.stem, table)
        if self.csv is None:
            options = pa_csv.WriteOptions(include_header=False, eol="\r\n", quoting_style="needed")
            self.csv = pa_csv.CSVWriter(self.csv_file, shown.schema, write_options=options)
        self.csv.write_table(shown)
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
    """The notices, items, sections and checks tables in walk order, written in chunks of TABLE_ROWS_PER_CHUNK notices.

    Notices arrive in any order from the workers. `in_order` holds, per position, the output name
    of a notice kept from an earlier run (its rows are read back from its JSON) or None for one
    parsed now (its rows arrive with it). Rows that arrive early wait for the ones before them,
    at most the chunks in flight.
    """

    def __init__(self, out_dir: Path, in_order: list[str | None]):
        self.writers: list[_TableWriter] = []
        try:
            for stem in TABLE_NAMES:
                self.writers.append(_TableWriter(out_dir, stem))
        except BaseException:
            for writer in self.writers:
                writer.close(keep=False)
            raise
        self.chunks: list[list[tuple]] = [[] for _ in TABLE_NAMES]
        self.notices_in_chunk = 0
        self.notices_dir = out_dir / NOTICES_DIR
        self.in_order = in_order
        self.waiting: dict[int, Values | None] = {}
        self.next = 0
        self._advance()

    def arrived(self, position: int, rows: Values | None) -> None:
        """Rows (`row_values`) of the notice at `position`, or None when it failed."""
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

    def _add(self, rows: Values) -> None:
        notice_row, *more = rows
        self.chunks[0].append(notice_row)
        for chunk, extra in zip(self.chunks[1:], more):
            chunk.extend(extra)
        self.notices_in_chunk += 1
        if self.notices_in_chunk >= TABLE_ROWS_PER_CHUNK:
            self._flush()

    def _flush(self) -> None:
        for writer, chunk in zip(self.writers, self.chunks):
            writer.write(chunk)
        self.chunks = [[] for _ in TABLE_NAMES]
        self.notices_in_chunk = 0

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
