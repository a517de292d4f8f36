"""The report's HTML pieces: escaping, the inline assets, links to the notices behind a number,
sortable tables, number formats."""

from __future__ import annotations

import html
import math
from importlib import resources

import pandas as pd

from notice_miner import compare
from notice_miner.lang.report_ui import HTML_LANG, UI, say

MAX_TABLE_ROWS = 500


class Words:
    """The report's visible strings in one language (lang/report_ui.py): `words(key, **fields)`."""

    def __init__(self, language: str = "zh"):
        if language not in HTML_LANG:
            raise ValueError(f"report language must be one of {', '.join(HTML_LANG)}, not {language!r}")
        self.language = language

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.language]

    def __call__(self, key: str, **fields: object) -> str:
        return say(self.language, key, **fields)

    def by(self, by: str) -> str:
        """What the groups are, e.g. 单位 / agency; a metadata column without a name here shows as itself."""
        return self(f"by.{by}") if f"by.{by}" in UI else by


def esc(value: object) -> str:
    """HTML-escape anything shown in the report, quotes included (it may land in attributes)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def asset(name: str) -> str:
    return resources.files("notice_miner").joinpath(f"data/report/{name}").read_text("utf-8")


class Links:
    """Turns notice ids into the anchors of the notices table."""

    def __init__(self, notices: pd.DataFrame):
        self.index = {notice_id: k for k, notice_id in enumerate(notices["notice_id"])}

    def __call__(self, text: object, notice_ids, what: str) -> str:
        keys = sorted({self.index[n] for n in notice_ids if n in self.index})
        if not keys:
            return esc(text)
        return f'<a class="nl" href="#n{keys[0]}" data-n="{" ".join(map(str, keys))}" data-what="{esc(what)}">{esc(text)}</a>'


def notices_by(frame: pd.DataFrame, keys) -> dict:
    """Notice ids per value of `keys` (a column name or a list of them: tuple keys)."""
    out: dict = {}
    columns = [keys] if isinstance(keys, str) else list(keys)
    values = [frame[c].tolist() for c in columns]
    for *key, notice_id in zip(*values, frame["notice_id"].tolist()):
        out.setdefault(key[0] if isinstance(keys, str) else tuple(key), []).append(notice_id)
    return out


def fmt(value: object, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}"
    return str(value)


def sort_value(value: object) -> str:
    """The data-v attribute sorting uses."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def table(table_id: str, headers: list[tuple[str, bool]], rows: list[list[tuple[str, object]]], note: str = "") -> str:
    """A sortable table; rows are lists of (cell html, sort value or None); headers (label, numeric)."""
    head = "".join(f'<th class="{"num" if numeric else ""}">{esc(label)}</th>' for label, numeric in headers)
    body = []
    for row in rows:
        cells = []
        for (cell, value), (_, numeric) in zip(row, headers):
            attr = f' data-v="{esc(sort_value(value))}"' if value is not None else ""
            cells.append(f'<td class="{"num" if numeric else ""}"{attr}>{cell}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    return (
        f'<div class="scroll"><table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{note_html}"
    )


def capped(frame: pd.DataFrame, limit: int, what: str, words: Words) -> tuple[pd.DataFrame, str]:
    """The first `limit` rows and a note saying so (`what`: the rows, in the report's language)."""
    if len(frame) <= limit:
        return frame, ""
    return frame.head(limit), words("capped", limit=limit, total=len(frame), what=what)


def category_label(category: str) -> str:
    name = compare.category_names().get(category)
    return f"{name} {category}" if name else category
