"""The batch tables are typed and defined once: dates as dates, counts as nullable integers, codes as text,
lists as list columns, a year, sections, unique keys, one schema whatever the data, the measure as printed,
a data dictionary, an Excel workbook, and the same tables from Python objects (`to_frames`)."""
from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import notice_miner
from notice_miner import corpus
from notice_miner.cli import cli
from notice_miner.corpus import schema
from notice_miner.model import Notice

STATED = """中共临江市委关于巡察整改进展情况的通报
根据市委统一部署，2024年3月1日至4月30日，市委第一巡察组对临江市委进行了常规巡察，并于2024年6月5日反馈了巡察意见。截至目前，巡察反馈的12个问题已整改完成10个。
一、整改落实情况
（一）关于经费管理不规范的问题
1．制定《经费管理办法》，清退资金12万元；完成。
2．建立台账：逐项销号（共5项）。
（二）关于学习不深入的问题
1．=SUM(A1)开展专题学习3次，覆盖全体党员。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：01012345678；邮政编码：010020。
中共临江市委
2024年8月1日
"""
# states no figures and no dates: its counts and dates are empty, not zero
UNSTATED = """东湖区委关于巡察整改情况的通报
一、整改落实情况
1．完善制度，加强监督。
2．开展谈心谈话。
"""
TABLES = ("notices", "items", "sections", "checks")


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    inputs = tmp_path_factory.mktemp("in")
    (inputs / "a").mkdir()
    (inputs / "b").mkdir()
    (inputs / "a" / "n.txt").write_text(STATED, encoding="utf-8")
    (inputs / "b" / "n.txt").write_text(UNSTATED, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["batch", str(inputs), "-o", str(out), "-q", "--no-labels", "--xlsx"])
    assert result.exit_code == 0, result.output
    return out


def _read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{table}.parquet")


def test_every_table_has_its_schema_whatever_the_data(batch_out, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    corpus.run_batch([empty], tmp_path / "out", progress=False, classifier=None)
    for table in TABLES:
        expected = schema.arrow_schema(table)
        for out in (batch_out, tmp_path / "out"):
            assert pq.read_schema(out / f"{table}.parquet").equals(expected, check_metadata=True), table
            header = (out / f"{table}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
            assert header.split(",") == [c.name for c in schema.TABLES[table]]
        # an empty table reads with the dtypes of a full one
        assert _read(tmp_path / "out", table).dtypes.equals(_read(batch_out, table).dtypes)
        assert notice_miner.to_frames([])[table].dtypes.equals(_read(batch_out, table).dtypes)


def test_dates_counts_codes_and_years_are_typed(batch_out):
    notices = _read(batch_out, "notices").set_index("source_name", drop=False)
    notices = notices.set_index(notices["source_path"].str.split("/").str[-2])
    assert notices.loc["a", "published"] == dt.date(2024, 8, 1) and notices.loc["a", "year"] == 2024
    assert pd.isna(notices.loc["b", "published"]) and pd.isna(notices.loc["b", "year"])
    for column in ("problems_total", "problems_done", "people_disciplined", "n_items", "year", "source_bytes"):
        assert notices[column].dtype == "Int64", column
    assert notices.loc["a", "problems_total"] == 12 and pd.isna(notices.loc["b", "problems_total"])
    assert notices.loc["a", "postcode"] == "010020" and notices.loc["a", "phone"].startswith("0")
    csv = pd.read_csv(batch_out / "notices.csv", encoding="utf-8-sig", dtype=str).set_index("problems_total")
    assert csv.loc["12", "postcode"] == "010020" and csv.loc["12", "published"] == "2024-08-01"
    items = _read(batch_out, "items")
    assert items["year"].dtype == "Int64" and set(items["year"].dropna()) == {2024}


def test_lists_are_list_columns_joined_in_csv(batch_out):
    items = _read(batch_out, "items")
    first = items.iloc[0]
    assert list(first["path"]) == ["一", "(一)", "1"] and list(first["documents"]) == ["经费管理办法"]
    csv = pd.read_csv(batch_out / "items.csv", encoding="utf-8-sig", dtype=str)
    assert csv.loc[0, "path"] == "一 > (一) > 1" and csv.loc[0, "documents"] == "经费管理办法"
    keywords = _read(batch_out, "notices")["keywords"]
    joined = pd.read_csv(batch_out / "notices.csv", encoding="utf-8-sig", dtype=str)["keywords"]
    assert [schema.LIST_SEPARATOR.join(k) if len(k) else None for k in keywords] == \
        [None if pd.isna(j) else j for j in joined]


def test_keys_are_unique_across_the_folder_and_sections_have_a_table(batch_out):
    items, sections = _read(batch_out, "items"), _read(batch_out, "sections")
    # both notices number their items from i1: the key tells them apart
    assert items["item_id"].duplicated().any() and items["item_key"].is_unique
    assert (items["item_key"] == items["notice_id"] + "#" + items["item_id"]).all()
    assert sections["section_key"].is_unique
    for path in sorted((batch_out / "notices").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        mine = sections[sections["notice_id"] == path.stem]
        assert list(mine["section_id"]) == [s["id"] for s in doc["sections"]]
        assert list(mine["title"]) == [s["title"] for s in doc["sections"]]
        counted = pd.Series([i["section"] for i in doc["items"]]).value_counts()
        assert mine.set_index("section_id")["n_items"].to_dict() == \
            {s["id"]: int(counted.get(s["id"], 0)) for s in doc["sections"]}


def test_the_measure_as_printed_stands_beside_the_normalised_text(batch_out):
    doc = json.loads(next((batch_out / "notices").glob("a__n.txt*.json")).read_text(encoding="utf-8"))
    first = doc["items"][0]
    assert first["text"] == "制定《经费管理办法》,清退资金12万元;完成。"
    assert first["text_printed"] == "制定《经费管理办法》，清退资金12万元；完成。"
    for item in doc["items"]:
        assert len(item["text_printed"]) == len(item["text"]) == item["span"][1] - item["span"][0]
    items = _read(batch_out, "items")
    assert items.loc[0, "text_printed"] == first["text_printed"]
    assert "text_printed" in json.loads((resources.files("notice_miner") / "data/notice.schema.json").read_text("utf-8"))[
        "$defs"]["Item"]["properties"]


def test_to_frames_gives_the_tables_batch_writes(batch_out):
    paths = sorted((batch_out / "notices").glob("*.json"))
    notices = [Notice.model_validate_json(p.read_bytes()) for p in paths]
    frames = notice_miner.to_frames(notices, ids=[p.stem for p in paths])
    for table in TABLES:
        written = _read(batch_out, table)
        key = {"notices": "notice_id", "items": "item_key", "sections": "section_key", "checks": "finding_key"}[table]
        pd.testing.assert_frame_equal(frames[table].sort_values(key).reset_index(drop=True),
                                      written.sort_values(key).reset_index(drop=True))
    # without ids, the source names, made unique
    assert notice_miner.to_frames(notices)["notices"]["notice_id"].tolist() == ["n.txt", "n.txt-2"]


def test_the_workbook_holds_the_tables_as_text_dates_and_numbers(batch_out):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(batch_out / "tables.xlsx")
    assert book.sheetnames == [*TABLES, "dictionary"]
    for table in TABLES:
        rows = list(book[table].iter_rows(values_only=True))
        assert list(rows[0]) == [c.name for c in schema.TABLES[table]] and len(rows) - 1 == len(_read(batch_out, table))
    sheet = book["notices"]
    header = [c.value for c in sheet[1]]
    stated = next(row for row in sheet.iter_rows(min_row=2) if row[header.index("problems_total")].value == 12)
    postcode = stated[header.index("postcode")]
    assert postcode.value == "010020" and postcode.data_type == "s"
    assert stated[header.index("published")].value.date() == dt.date(2024, 8, 1)
    items = book["items"]
    header = [c.value for c in items[1]]
    texts = [row[header.index("text")] for row in items.iter_rows(min_row=2)]
    formula = next(cell for cell in texts if str(cell.value).startswith("=SUM"))
    assert formula.data_type == "s"  # a measure that starts like a formula stays text
    paths = [row[header.index("path")].value for row in items.iter_rows(min_row=2)]
    assert paths[0] == "一 > (一) > 1"


def test_the_data_dictionary_names_every_column_and_ships(batch_out):
    text = schema.data_dictionary()
    for table in TABLES:
        assert f"## {table}" in text
        for column in pq.read_schema(batch_out / f"{table}.parquet").names:
            assert f"| `{column}` |" in text, (table, column)
    shipped = (resources.files("notice_miner") / "data/tables.md").read_text("utf-8")
    assert shipped == text, "regenerate with: notice-miner schema --tables > src/notice_miner/data/tables.md"
    printed = CliRunner().invoke(cli, ["schema", "--tables"])
    assert printed.exit_code == 0 and printed.output == text
    assert all(line.count("|") - line.count("\\|") == 4 for line in text.splitlines() if line.startswith("| `"))
    # a bar is escaped inside a table cell only: in running text `\|` would show the backslash
    assert all("\\|" not in line for line in text.splitlines() if not line.startswith("|"))
    assert "joined with `|` in CSV and Excel" in text


def test_list_columns_are_lists_in_arrow():
    for table, columns in schema.TABLES.items():
        arrow = schema.arrow_schema(table)
        for column in columns:
            assert pa.types.is_list(arrow.field(column.name).type) == (column.type == "list"), (table, column.name)


def test_the_report_shows_copied_measures_as_printed(tmp_path):
    from notice_miner import report

    shared = "建立经费审批台账：对2023年以来的经费支出逐笔核查，清退违规发放津贴补贴（共计12笔），完善报销审核流程；"
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, agency in (("a.txt", "临江市委"), ("b.txt", "东湖区委")):
        (inputs / name).write_text(f"{agency}关于巡察整改进展情况的通报\n一、整改落实情况\n1．{shared}\n2．{agency}组织专题学习。\n",
                                   encoding="utf-8")
    corpus.run_batch([inputs], tmp_path / "out", progress=False, classifier=None)
    report.build_report(tmp_path / "out", tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text("utf-8")
    copies = page[page.index('<section id="copies">'):]
    copies = copies[:copies.index("</section>")]
    assert shared in copies and shared.replace("，", ",") not in copies


def test_the_workbook_stays_in_step_with_the_tables(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.txt").write_text(STATED, encoding="utf-8")
    (second / "b.txt").write_text(UNSTATED, encoding="utf-8")
    out = tmp_path / "out"
    corpus.run_batch([first], out, progress=False, classifier=None, xlsx=True)
    corpus.run_batch([second], out, progress=False, classifier=None)  # no --xlsx: the workbook there is redone
    book = openpyxl.load_workbook(out / "tables.xlsx", read_only=True)
    assert [row[0] for row in book["notices"].iter_rows(min_row=2, values_only=True)] == \
        list(_read(out, "notices")["notice_id"]) and len(_read(out, "notices")) == 2
