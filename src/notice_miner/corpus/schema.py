"""The batch tables, column by column: each column's type and meaning, defined once.

The Parquet schemas (`arrow_schema`), the pandas dtypes of `to_frames` (carried in the Parquet
files' pandas metadata, so `pandas.read_parquet` gives the same ones), the CSV and Excel renderings
of list columns and the data dictionary (`data_dictionary`, shipped as data/tables.md and printed
by `notice-miner schema --tables`) all come from `TABLES`. Columns that copy a field of the data
model take its type and description from the model.

Types: `string`, `int` (nullable 64-bit integers: pandas `Int64`), `float`, `date`, `timestamp`
(UTC), `list` (of strings). Lists are list columns in Parquet and pandas, joined with
`LIST_SEPARATOR` in CSV and Excel (`path` with `PATH_SEPARATOR`).

Import cost: pyarrow is imported only where a schema is built (workers never need it).
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from notice_miner.model import CHECK_IDS, CheckSummary, Finding, Item, Metadata, Notice, Page, Section, Signals, Source, Stats

LIST_SEPARATOR = "|"
PATH_SEPARATOR = " > "
MAX_LABEL_COLUMNS = 3
ELEMENT_NAMES = ("responsible", "deadline", "target")  # the elements check's shares, one column each
KEY_SEPARATOR = "#"  # notice_id#item_id: unique per item across the folder


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, int, float, date, timestamp, list
    meaning: str

    @property
    def separator(self) -> str | None:
        """How a list is joined in CSV and Excel."""
        if self.type != "list":
            return None
        return PATH_SEPARATOR if self.name == "path" else LIST_SEPARATOR


def _kind(annotation) -> str:
    """The column type of a model field's annotation (pydantic keeps constraints apart: `int | None`)."""
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    args = {_plain(a) for a in (typing.get_args(annotation) if union else (annotation,))}
    if any(typing.get_origin(a) is list for a in args):
        return "list"
    for kind, python in (("date", dt.date), ("int", int), ("float", float)):
        if python in args:
            return kind
    return "string"


def _plain(annotation):
    """`Annotated[int, Ge(0)]` -> int."""
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def _field(model: type[BaseModel], name: str, column: str | None = None, meaning: str | None = None) -> Column:
    """A column copying a model field: its type and description from the model."""
    info = model.model_fields[name]
    return Column(column or name, _kind(info.annotation), meaning or info.description or name)


def _fields(model: type[BaseModel], prefix: str = "", skip: tuple[str, ...] = ()) -> list[Column]:
    return [_field(model, name, prefix + name) for name in model.model_fields if name not in skip]


def _page_columns() -> list[Column]:
    return [Column(f"page_{c.name}", "string", f"the web page's own metadata: {c.meaning}") for c in _fields(Page)]


YEAR = Column("year", "int", "the notice's year: of `published`, else `feedback_date`, else `inspection_end` (as `compare --by year` groups)")
NOTICE_ID = Column("notice_id", "string", "the notice's id: its file name in notices/ without .json; unique in the folder")

NOTICES = [
    NOTICE_ID,
    *(_field(Source, name, f"source_{name}") for name in ("path", "name", "sha256", "format", "encoding", "bytes", "pages", "url")),
    Column("source_retrieved", "timestamp", "when `notice-miner fetch` fetched the file (UTC)"),
    Column("tool_version", "string", "the notice-miner version that wrote the notice"),
    Column("tool_model", "string", "id of the classifier that labelled the items"),
    _field(Notice, "title", meaning="the notice's title line (or the web page's title)"),
    *_fields(Metadata, skip=("page",)),
    *_page_columns(),
    YEAR,
    *_fields(Stats),
    Column("n_sections", "int", "headings in the notice (rows of the sections table)"),
    Column("n_items", "int", "measures in the notice (rows of the items table)"),
    Column("n_done_items", "int", "measures reported as taken"),
    Column("n_plan_items", "int", "next steps (status plan)"),
    Column("n_labelled_items", "int", "measures with at least one label"),
    Column("n_evidence", "int", "evidence entries (values read from the text)"),
    Column("n_chars", "int", "characters of the normalised text"),
    Column("keywords", "list", "up to 15 characteristic words of the notice"),
    Column("n_warnings", "int", "what was odd about the input"),
    Column("warnings", "list", "the warnings, in words"),
    # the rectification-quality checks (empty with --no-checks) and the score on the default sheet
    Column("check_score", "float", "the 0-100 score of the checks on the default scoring sheet"),
    Column("check_findings", "int", "findings of the checks (rows of the checks table)"),
    *(Column(f"check_{c}", "int", f"findings of the {c} check") for c in CHECK_IDS),
    _field(CheckSummary, "measures", "check_measures"),
    Column("check_problems_without_measure", "int", "feedback problems with no measure under them"),
    *(Column(f"check_share_{e}", "float", f"share of measures naming a {e} (elements check; null with no measure)") for e in ELEMENT_NAMES),
    _field(CheckSummary, "paper_only_share", "check_paper_only_share"),
    _field(CheckSummary, "hedging_per_1000", "check_hedging_per_1000"),
    _field(CheckSummary, "days_to_publication", "check_days_to_publication"),
]

# the notice's columns on every item and section row, for grouping without a join
CONTEXT = [
    NOTICE_ID,
    Column("source_name", "string", "the input file's name"),
    Column("source_url", "string", "where the file was served"),
    Column("source_retrieved", "timestamp", "when it was fetched (UTC)"),
    *(_field(Metadata, name) for name in ("agency", "agency_canonical", "region", "level", "body_type", "published")),
    YEAR,
]

_LABELS = [
    column
    for k in range(1, MAX_LABEL_COLUMNS + 1)
    for column in (
        Column(f"label_{k}", "string", f"the item's label {k} (best first), an id of the taxonomy"),
        Column(f"score_{k}", "float", f"the calibrated score of label_{k}"),
    )
]

ITEMS = [
    Column("item_key", "string", f"unique per item across the folder: notice_id{KEY_SEPARATOR}item_id"),
    *CONTEXT[:1],
    _field(Item, "id", "item_id"),
    Column("item_no", "int", "the item's place in its notice, from 1"),
    *CONTEXT[1:],
    Column("section", "string", "id of the innermost section holding the item (sections.section_id)"),
    _field(Item, "path"),
    Column("depth", "int", "number of markers in `path`"),
    _field(Item, "marker"),
    _field(Item, "status"),
    _field(Item, "problem"),
    _field(Item, "text"),
    _field(Item, "text_printed"),
    Column("span_start", "int", "where the item starts in the notice's normalised text"),
    Column("span_end", "int", "where it ends (exclusive)"),
    Column("n_chars", "int", "characters of the item's text"),
    *_LABELS,
    Column("labels", "list", "every label, best first"),
    Column("n_labels", "int", "how many labels"),
    Column("n_documents", "int", "named documents 《…》 in the item"),
    Column("n_names", "int", "named programmes or platforms “…”"),
    Column("n_amounts", "int", "amounts of money stated"),
    Column("amounts_total_yuan", "float", "their sum, in yuan"),
    Column("n_numbers", "int", Signals.model_fields["numbers"].description),
    Column("n_dates", "int", "dates and deadlines stated"),
    Column("n_units", "int", "named responsible units"),
    Column("n_stock_phrases", "int", "formulaic phrases (进一步加强 …)"),
    _field(Signals, "specificity", meaning="how concrete the measure is, 0 to 1 (README: Signals and specificity)"),
    *(_field(Signals, name) for name in ("documents", "names", "units", "stock_phrases", "dates")),
]

SECTIONS = [
    Column("section_key", "string", f"unique per section across the folder: notice_id{KEY_SEPARATOR}section_id"),
    *CONTEXT[:1],
    _field(Section, "id", "section_id"),
    Column("section_no", "int", "the section's place in its notice, from 1"),
    *CONTEXT[1:],
    _field(Section, "marker"),
    _field(Section, "level", "section_level"),
    _field(Section, "title"),
    _field(Section, "status"),
    _field(Section, "parent"),
    _field(Section, "children"),
    Column("span_start", "int", "where the heading starts in the notice's normalised text"),
    Column("span_end", "int", "where it ends (exclusive)"),
    Column("n_items", "int", "measures whose innermost section it is"),
]

CHECKS = [
    NOTICE_ID,
    Column("finding_key", "string", f"unique per finding across the folder: notice_id{KEY_SEPARATOR}finding_no"),
    CONTEXT[1],
    *(c for c in CONTEXT if c.name in ("agency", "agency_canonical")),
    Column("finding_no", "int", "the finding's place in its notice, from 1"),
    Column("check", "string", "the check's id: " + ", ".join(CHECK_IDS)),
    _field(Finding, "severity", meaning="info, warning or error"),
    _field(Finding, "message"),
    _field(Finding, "gloss"),
    _field(Finding, "item", "item_id"),
    _field(Finding, "missing"),
    Column("span_start", "int", "where the finding's first span starts in the notice's normalised text"),
    Column("span_end", "int", "where it ends (exclusive)"),
    Column("quote", "string", "the text of that span"),
    Column("n_spans", "int", "spans the finding stands on"),
    Column("figures", "list", "the figures it rests on, as name=value"),
]

TABLES: dict[str, list[Column]] = {"notices": NOTICES, "items": ITEMS, "sections": SECTIONS, "checks": CHECKS}
WHAT = {
    "notices": "one row per notice",
    "items": "one row per measure (leaf item), in reading order",
    "sections": "one row per heading that groups items",
    "checks": "one row per finding of the rectification-quality checks (none with --no-checks)",
}


def _arrow_type(kind: str):
    import pyarrow as pa

    return {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("ms", tz="UTC"),
        "list": pa.list_(pa.field("element", pa.string())),
    }[kind]  # "element": what Parquet calls it


@functools.lru_cache(maxsize=None)
def arrow_schema(table: str):
    """The table's Arrow schema, with pandas metadata that makes `int` columns nullable `Int64`."""
    import pyarrow as pa

    plain = pa.schema([(c.name, _arrow_type(c.type)) for c in TABLES[table]])
    frame = plain.empty_table().to_pandas()
    for column in TABLES[table]:
        if column.type == "int":
            frame[column.name] = frame[column.name].astype("Int64")
    return plain.with_metadata(pa.Schema.from_pandas(frame, preserve_index=False).metadata)


_TYPE_TEXT = {
    "string": "text",
    "int": "integer (nullable)",
    "float": "number",
    "date": "date (YYYY-MM-DD)",
    "timestamp": "date and time, UTC",
    "list": "list of text",
}


def data_dictionary() -> str:
    """Every table of `batch`, every column: its type in Parquet and its meaning (Markdown)."""
    lines = [
        "# The tables of `notice-miner batch`",
        "",
        "Generated from the data model (`notice-miner schema --tables`; `notice_miner.corpus.schema`).",
        "Each table is `OUT/<table>.parquet` and `OUT/<table>.csv` (UTF-8 with BOM), and a sheet of "
        "`OUT/tables.xlsx` with `--xlsx`; `notice_miner.to_frames(notices)` gives the same tables as pandas "
        "DataFrames. Every table has these columns whatever the data, empty tables included.",
        "",
        f"Lists are list columns in Parquet and pandas, joined with `{LIST_SEPARATOR}` in CSV and Excel "
        f"(`path` with `{PATH_SEPARATOR}`). Integers are nullable (pandas `Int64`); an empty cell is a value "
        "the notice does not state. Postcodes and phone numbers are text (leading zeros kept; open the CSV "
        "as text or use the workbook).",
        "",
    ]
    for table, columns in TABLES.items():
        lines += [f"## {table}", "", f"{WHAT[table]}.", "", "| column | type | meaning |", "|---|---|---|"]
        for c in columns:
            joined = f" (CSV/Excel: joined with `{c.separator}`)" if c.separator else ""
            meaning = f"{c.meaning}{joined}".replace("|", "\\|")  # a bar inside a Markdown cell
            lines.append(f"| `{c.name}` | {_TYPE_TEXT[c.type]} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
