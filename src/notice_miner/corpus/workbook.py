"""The Excel workbook of a batch run (`--xlsx`): the finished tables as sheets, and the data dictionary.

Read from the Parquet tables once they are written, so the workbook holds exactly what they hold.
Text cells are written as text (a postcode keeps its leading zero, a cell starting with `=` stays
text, never a formula); dates as Excel dates; lists joined as in the CSV. Needs openpyxl
(`notice-miner[xlsx]`): pandas and pyarrow write no xlsx themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

from notice_miner.corpus.schema import TABLES
from notice_miner.corpus.tables import TABLE_NAMES

WORKBOOK = "tables.xlsx"
EXCEL_ROWS = 1_048_576  # rows of a sheet, the header included
EXCEL_CELL = 32_767  # characters of a cell


class WorkbookError(Exception):
    """The workbook cannot be written (openpyxl missing, a table too long for a sheet)."""


def missing_extra() -> str | None:
    """Why --xlsx cannot work here, or None."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return "--xlsx needs openpyxl: pip install 'notice-miner[xlsx]'"
    return None


def write_workbook(out_dir: Path) -> Path:
    """OUT_DIR/tables.xlsx from OUT_DIR's Parquet tables, written under a temporary name and renamed."""
    if message := missing_extra():
        raise WorkbookError(message)
    import openpyxl
    import pyarrow.parquet as pq

    tables = {name: pq.ParquetFile(out_dir / f"{name}.parquet") for name in TABLE_NAMES}
    for name, table in tables.items():
        if table.metadata.num_rows + 1 > EXCEL_ROWS:
            raise WorkbookError(f"{name}: {table.metadata.num_rows} rows, more than an Excel sheet holds; read the Parquet or CSV")
    book = openpyxl.Workbook(write_only=True)
    for name, table in tables.items():
        sheet = book.create_sheet(name)
        columns = TABLES[name]
        sheet.append([c.name for c in columns])
        for batch in table.iter_batches(batch_size=2048):
            for row in zip(*(batch.column(c.name).to_pylist() for c in columns)):
                sheet.append([_cell(sheet, spec, value) for spec, value in zip(columns, row)])
    sheet = book.create_sheet("dictionary")
    sheet.append(["table", "column", "type", "meaning"])
    for name, columns in TABLES.items():
        for c in columns:
            sheet.append([_text(sheet, v) for v in (name, c.name, c.type, c.meaning)])
    target = out_dir / WORKBOOK
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        book.save(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _text(sheet, value: str):
    """A text cell, never read as a formula (openpyxl stores a str as text unless it starts with "=")."""
    value = value[:EXCEL_CELL]
    if not value.startswith("="):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _cell(sheet, spec, value):
    if value is None:
        return None
    if spec.separator is not None:
        return _text(sheet, spec.separator.join(value)) if value else None
    if spec.type == "timestamp":
        return value.replace(tzinfo=None)  # UTC; Excel has no time zones
    if spec.type == "string":
        return _text(sheet, value)
    return value
