"""The loaded `batch` output: one row per notice and one per measure, and the groups they fall in."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from notice_miner.compare.duplicates import body_signature, find_duplicates, text_sha256
from notice_miner.compare.quality import check_fields
from notice_miner.errors import NoticeError
from notice_miner.model import Metadata, Page

CONCRETE_SPECIFICITY = 0.5
STATED_STATS = ("problems_total", "completion_rate", "funds_recovered_yuan", "people_disciplined", "rules_made")
UNSTATED = "(unstated)"
_DATES = ("inspection_start", "inspection_end", "feedback_date", "published")
# The metadata a notice's row holds as text, UNSTATED where the notice does not state it: every field
# but the agency's three (`_agency_fields`) and the dates (`_date_fields`), then the web page's own.
_TEXT_METADATA = tuple(name for name in Metadata.model_fields if name not in {"page", "agency", "agency_short", "agency_canonical", *_DATES})
_PAGE_METADATA = tuple(f"page_{name}" for name in Page.model_fields)
# Names `--by` takes besides the columns: agency groups on the canonical name (full and short forms as one)
GROUPINGS = {"agency": "agency_canonical", "kind": "inspection_kind", "team": "inspector"}
GROUPABLE = ("agency_canonical", "agency", "agency_short", *_TEXT_METADATA, "year", *_PAGE_METADATA)


@dataclass
class Corpus:
    """The loaded `batch` output: one row per notice and one per measure, plus what was skipped."""

    notices: pd.DataFrame
    items: pd.DataFrame
    root: Path
    warnings: list[str] = field(default_factory=list)
    # clusters of republished notices (compare.duplicates.find_duplicates), every member listed; unless
    # loaded with keep_duplicates, `notices` and `items` hold only the kept member of each cluster
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    keep_duplicates: bool = False

    @property
    def duplicates_left_out(self) -> int:
        """Notices read but left out of the statistics as duplicates of a kept one."""
        if self.keep_duplicates or self.duplicates.empty:
            return 0
        return int((~self.duplicates["kept"]).sum())


# ---------------------------------------------------------------- loading


def load_outputs(out_dir: str | Path, *, keep_duplicates: bool = False) -> Corpus:
    """Read every per-notice JSON (`schema_version` + `items`) below OUT_DIR (in notices/ or directly),
    one file at a time. Other JSON files are ignored; unreadable ones are skipped with a warning in
    `Corpus.warnings`. The batch's Parquet tables are not read: the per-notice JSON is the contract.

    Republished notices (compare.duplicates) are found and, unless `keep_duplicates`, only one of each
    cluster is kept in `notices` and `items`; `Corpus.duplicates` lists every cluster."""
    root = Path(out_dir)
    if not root.is_dir():
        raise NoticeError(root, "no such folder (expected the output folder of `notice-miner batch`)")
    notice_rows, item_rows, warnings, sketches, sketched = [], [], [], {}, {}
    for path in sorted(root.rglob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            warnings.append(f"{path}: skipped, not readable JSON ({err.__class__.__name__}: {err})")
            continue
        if not isinstance(doc, dict) or "schema_version" not in doc or not isinstance(doc.get("items"), list):
            continue
        notice_id = path.relative_to(root).with_suffix("").as_posix().removeprefix("notices/")
        try:
            notice = _notice_row(doc, notice_id, path.relative_to(root).as_posix())
            items = _item_rows(doc, notice_id)
            notice["text_sha256"] = sha = text_sha256(doc)
            sketches[notice_id] = sketched.get(sha)
            if sketches[notice_id] is None:  # the same text is sketched once
                sketches[notice_id] = sketched[sha] = body_signature(doc)
        except (TypeError, ValueError, AttributeError) as err:
            warnings.append(f"{path}: skipped, does not follow the output contract ({err})")
            continue
        notice_rows.append(notice)
        item_rows.extend(items)
    if not notice_rows:
        raise NoticeError(root, "no notice JSON files (with schema_version and items) found")
    notices = pd.DataFrame(notice_rows)
    items = pd.DataFrame(item_rows, columns=_ITEM_COLUMNS)
    notices["measures"] = notices["notice_id"].map(items.groupby("notice_id").size()).fillna(0).astype(int)
    duplicates = find_duplicates(notices, sketches)
    if not keep_duplicates and not duplicates.empty:
        left_out = set(duplicates.loc[~duplicates["kept"], "notice_id"])
        notices = notices[~notices["notice_id"].isin(left_out)].reset_index(drop=True)
        items = items[~items["notice_id"].isin(left_out)].reset_index(drop=True)
    return Corpus(notices=notices, items=items, root=root, warnings=warnings, duplicates=duplicates, keep_duplicates=keep_duplicates)


def _notice_row(doc: dict, notice_id: str, json_path: str) -> dict:
    """One notice's row: where it came from, its metadata, its dates and the statistics it states."""
    meta = doc.get("metadata") or {}
    source = doc.get("source") or {}
    return {
        "notice_id": notice_id,
        "json_path": json_path,
        "source_path": _text(source.get("path")) or "",
        "title": _text(doc.get("title")) or "",
        **_agency_fields(meta),
        **{name: _text(meta.get(name)) or UNSTATED for name in _TEXT_METADATA},
        **{column: _text((meta.get("page") or {}).get(column.removeprefix("page_"))) or UNSTATED for column in _PAGE_METADATA},
        **_date_fields(meta),
        **_stated_stats(doc.get("stats") or {}),
        **check_fields(doc.get("checks")),
    }


def _agency_fields(meta: dict) -> dict:
    """The agency as stated and short, and the canonical name to group on (falling back to those)."""
    agency = _text(meta.get("agency"))
    short = _text(meta.get("agency_short"))
    canonical = _text(meta.get("agency_canonical")) or agency or short
    return {"agency": agency or "", "agency_short": short or "", "agency_canonical": canonical or UNSTATED}


def _date_fields(meta: dict) -> dict:
    """The four dates (ISO or None), the year to group on (the latest stated of publication, feedback,
    end of inspection) and the days from the end of the inspection to feedback and to publication."""
    dated = {k: _iso_date(meta.get(k)) for k in _DATES}
    year_from = dated["published"] or dated["feedback_date"] or dated["inspection_end"]
    return {
        **{k: (v.isoformat() if v else None) for k, v in dated.items()},
        "year": str(year_from.year) if year_from else UNSTATED,
        "days_to_feedback": _days(dated["inspection_end"], dated["feedback_date"]),
        "days_to_publication": _days(dated["feedback_date"], dated["published"]),
    }


def _stated_stats(stats: dict) -> dict:
    """Each statistic of STATED_STATS as a float, None where unstated or not a number."""
    return {name: _number(stats.get(name)) for name in STATED_STATS}


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


_ITEM_COLUMNS = [
    "notice_id",
    "item_id",
    "path",
    "status",
    "text",
    "text_printed",
    "category",
    "labels",
    "specificity",
    "concrete",
    "n_documents",
    "n_names",
    "n_amounts",
    "n_dates",
]


def _item_rows(doc: dict, notice_id: str) -> list[dict]:
    """One row per measure of the notice."""
    return [_item_row(item, n, notice_id) for n, item in enumerate(doc["items"])]


def _item_row(item: dict, n: int, notice_id: str) -> dict:
    """A measure's row: its place, status, text, labels and how many signals of each kind it has."""
    labels = [label for label in map(_label_id, item.get("labels") or []) if label]
    signals = item.get("signals") or {}
    specificity = float(signals.get("specificity") or 0.0)
    return {
        "notice_id": notice_id,
        "item_id": _text(item.get("id")) or f"#{n + 1}",
        "path": " > ".join(str(p) for p in item.get("path") or []),
        "status": _text(item.get("status")) or "done",
        "text": _text(item.get("text")) or "",
        # as printed (full-width punctuation), same length as `text`; outputs before schema 2.1 have only `text`
        "text_printed": _text(item.get("text_printed", item.get("text"))) or "",
        "category": labels[0] if labels else None,
        "labels": ";".join(labels),
        "specificity": specificity,
        "concrete": specificity >= CONCRETE_SPECIFICITY,
        **{column: len(signals.get(key) or []) for column, key in _SIGNAL_COUNTS},
    }


# (column, signals key): the signal lists counted per measure
_SIGNAL_COUNTS = (("n_documents", "documents"), ("n_names", "names"), ("n_amounts", "amounts_yuan"), ("n_dates", "dates"))


def _label_id(label: object) -> str | None:
    if isinstance(label, dict):
        return _text(label.get("label"))
    return _text(label)


def _text(value: object) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _days(start: date | None, end: date | None) -> float | None:
    return float((end - start).days) if start and end else None


def group_column(by: str) -> str:
    """The notices column `--by` groups on: a metadata column (`GROUPABLE`) or a name of `GROUPINGS`."""
    column = GROUPINGS.get(by, by)
    if column not in GROUPABLE:
        raise ValueError(f"cannot group by {by!r}; choose one of: {', '.join(group_choices())}")
    return column


def group_choices() -> list[str]:
    """What `--by` accepts: the short names, then every column to group on."""
    return list(dict.fromkeys([*GROUPINGS, *GROUPABLE]))


def items_with_group(corpus: Corpus, by: str) -> pd.DataFrame:
    """Measures with the group of their notice in column `group`."""
    groups = corpus.notices.set_index("notice_id")[group_column(by)]
    items = corpus.items.copy()
    items["group"] = items["notice_id"].map(groups)
    return items


@lru_cache(maxsize=1)
def category_names() -> dict[str, str]:
    """Category id → Chinese name, in taxonomy order, from the shipped taxonomy when present."""
    try:
        data = json.loads(resources.files("notice_miner").joinpath("data/taxonomy.json").read_text("utf-8"))
        return {label["id"]: label.get("name", label["id"]) for label in data["labels"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def category_order(categories) -> list[str]:
    """Taxonomy order first, then any other label alphabetically."""
    known = list(category_names())
    present = set(categories)
    return [c for c in known if c in present] + sorted(present - set(known))
