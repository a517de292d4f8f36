"""`compare` in the terminal: any metadata column to group on, and a summary table without --report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_miner import compare
from notice_miner.cli import cli

MEASURES = {"fund_recovery": "追回违规发放的补贴资金{n}万元", "education": "组织开展专题培训{n}次",
            "institution": "修订完善内部管理制度{n}项"}


def _notice(k: int, meta: dict, categories: list[str]) -> dict:
    text, items = "", []
    for i, category in enumerate(categories, 1):
        measure = MEASURES[category].format(n=k * 10 + i)
        items.append({"id": f"i{i}", "path": [f"({i})"], "text": measure, "span": [len(text), len(text) + len(measure)],
                      "status": "done", "labels": [{"label": category, "score": 0.9}],
                      "signals": {"specificity": 0.75}})
        text += measure + "\n"
    return {"schema_version": "2.0", "source": {"path": f"in/n{k}.html", "name": f"n{k}.html"}, "title": "通报",
            "metadata": meta, "stats": {}, "sections": [], "items": items, "text": text, "warnings": []}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """Six notices of two regions, two inspection teams and two page sources; one states none of them."""
    folder = tmp_path_factory.mktemp("batch") / "notices"
    folder.mkdir()
    for k in range(6):
        meta = {"agency": f"临江市{'财政局' if k % 2 else '教育局'}", "level": "city"}
        if k < 5:
            meta |= {"region": "临江市" if k < 3 else "东湖区", "inspector": f"市委第{'一二'[k % 2]}巡察组",
                     "inspector_level": "市委", "page": {"source": "临江市纪委监委网站"}}
        categories = ["fund_recovery"] * 4 + ["education"] if k < 3 else ["education", "institution"] * 2
        (folder / f"n{k}.json").write_text(json.dumps(_notice(k, meta, categories), ensure_ascii=False), encoding="utf-8")
    return folder.parent


@pytest.mark.parametrize(("by", "groups"), [
    ("region", {"临江市": 3, "东湖区": 2, "(unstated)": 1}),
    ("team", {"市委第一巡察组": 3, "市委第二巡察组": 2, "(unstated)": 1}),
    ("inspector", {"市委第一巡察组": 3, "市委第二巡察组": 2, "(unstated)": 1}),
    ("inspector_level", {"市委": 5, "(unstated)": 1}),
    ("page_source", {"临江市纪委监委网站": 5, "(unstated)": 1}),
    ("level", {"city": 6}),
])
def test_by_groups_on_any_metadata_column(out: Path, by: str, groups: dict[str, int]) -> None:
    profiles = compare.profiles(compare.load_outputs(out), by=by)
    assert dict(zip(profiles["group"], profiles["notices"])) == groups


def test_compare_without_report_prints_a_summary_table(out: Path) -> None:
    chinese = CliRunner().invoke(cli, ["compare", str(out), "--by", "region"])
    assert chinese.exit_code == 0 and "6份通报，按地区" in chinese.stdout
    assert "通报数" in chinese.stdout and "最常见类别" in chinese.stdout and "concrete %" not in chinese.stdout
    result = CliRunner().invoke(cli, ["compare", str(out), "--by", "region", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert max(map(len, result.stdout.splitlines())) > 80  # not wrapped to 80 columns when printed to a pipe
    rows = [[cell.strip() for cell in line.split(line[0])[1:-1]] for line in result.stdout.splitlines()
            if line[:1] in "│┃" and line.strip("│┃ ")]
    assert rows[0][:4] == ["region", "notices", "measures", "concrete %"]
    by_group = {row[0]: row for row in rows[1:]}
    assert list(by_group) == ["临江市", "东湖区", "(unstated)"]  # most measures first
    assert by_group["临江市"][1:4] == ["3", "15", "100"]
    names = compare.category_names()
    assert by_group["临江市"][4] == f"{names['fund_recovery']} 80% · {names['education']} 20%"
    # the last column: the categories compare's test finds used significantly more (+) or less (−)
    from notice_miner.report.terminal import _marks

    tables = compare.comparison_tables(compare.load_outputs(out), "region")
    marks = _marks(tables["category_differences"], names)
    assert all(by_group[group][5] == " ".join(marks.get(group, [])) for group in by_group)


def test_the_marks_column_signs_over_and_under_used_categories() -> None:
    import pandas as pd

    from notice_miner.report.terminal import _marks

    differences = pd.DataFrame({"group": ["临江市", "临江市", "东湖区", "东湖区"],
                                "category": ["fund_recovery", "education", "fund_recovery", "education"],
                                "flag": ["over", "", "under", ""]})
    names = compare.category_names()
    assert _marks(differences, names) == {"临江市": [f"+{names['fund_recovery']}"], "东湖区": [f"−{names['fund_recovery']}"]}


def test_compare_with_a_report_prints_no_table(out: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["compare", str(out), "--report", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "具体措施%" not in result.stdout and "报告：" in result.stdout


def test_an_unknown_by_is_a_usage_error_listing_the_columns(out: Path) -> None:
    result = CliRunner().invoke(cli, ["compare", str(out), "--by", "colour"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    message = " ".join(result.stderr.split())
    assert "cannot group by 'colour'" in message
    for name in ("agency", "region", "level", "kind", "team", "year", "body_type", "inspector_level", "page_source"):
        assert name in message


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_report_groups_on_any_metadata_column_in_either_language(out: Path, tmp_path: Path, language: str) -> None:
    page = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["compare", str(out), "--by", "inspector_level", "--report", str(page),
                                      "--lang", language])
    assert result.exit_code == 0, result.output
    heading = {"zh": "整改通报比较（按inspector_level）", "en": "compared by inspector_level"}[language]
    assert heading in page.read_text("utf-8")
