"""The comparison as a table for the terminal (`compare` without `--report`): one row per group."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

from notice_miner import compare
from notice_miner.report.markup import Words

MAX_ROWS = 30  # the groups with most measures; --tables writes every group
TOP_CATEGORIES = 3
PIPE_WIDTH = 1000  # lines printed to a pipe are as long as the table needs, up to this


def summary_table(tables: dict[str, pd.DataFrame], by: str, words: Words | None = None) -> Table:
    """Groups by measures: notices, measures, concrete share, the most used categories and the
    categories used significantly more (+) or less (−) than by the rest; headers in `words`' language
    (Chinese by default), the first one the column grouped on as given."""
    words = words or Words()
    profiles = tables["profiles"].sort_values(["measures", "group"], ascending=[False, True])
    names = compare.category_names()
    marked = _marks(tables["category_differences"], names)
    table = Table(title=words("cli.table_title", n=len(tables["notices"]), by=words.by(by)), title_justify="left")
    for header, right in (
        (by, False),
        *(
            (words(f"cli.col.{name}"), right)
            for name, right in (("notices", True), ("measures", True), ("concrete", True), ("most_used", False), ("marks", False))
        ),
    ):
        table.add_column(header, justify="right" if right else "left", overflow="fold")
    shares = [c for c in profiles.columns if c.startswith("pct_")]
    for _, row in profiles.head(MAX_ROWS).iterrows():
        concrete = f"{row['concrete_pct']:.0f}" if pd.notna(row["concrete_pct"]) else "–"
        table.add_row(
            str(row["group"]),
            str(row["notices"]),
            str(row["measures"]),
            concrete,
            _most_used(row, shares, names),
            " ".join(marked.get(row["group"], [])),
        )
    if len(profiles) > MAX_ROWS:
        table.caption = words("cli.table_caption", shown=MAX_ROWS, total=len(profiles))
    return table


def _marks(differences: pd.DataFrame, names: dict[str, str]) -> dict[str, list[str]]:
    """Per group, its significantly over-used (+) and under-used (−) categories."""
    marked: dict[str, list[str]] = {}
    for group, category, flag in differences[["group", "category", "flag"]].itertuples(index=False):
        if flag:
            marked.setdefault(group, []).append(("+" if flag == "over" else "−") + names.get(category, category))
    return marked


def _most_used(row: pd.Series, shares: list[str], names: dict[str, str]) -> str:
    """The group's TOP_CATEGORIES categories by share of its labelled measures."""
    top = sorted(((row[c], c.removeprefix("pct_")) for c in shares if pd.notna(row[c]) and row[c] > 0), reverse=True)
    return " · ".join(f"{names.get(c, c)} {pct:.0f}%" for pct, c in top[:TOP_CATEGORIES]) or "–"


def print_summary(tables: dict[str, pd.DataFrame], by: str, console: Console | None = None, words: Words | None = None) -> None:
    """The table on stdout: as wide as the terminal, or unwrapped when stdout is a pipe or a file."""
    console = console or Console()
    table = summary_table(tables, by, words)
    if not console.is_terminal:
        console = Console(
            file=console.file, width=console.measure(table, options=console.options.update(width=PIPE_WIDTH)).maximum, color_system=None
        )
    console.print(table)
