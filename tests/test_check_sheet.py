"""The scoring sheet and `notice-miner check`: a 0–100 score with every deduction, in each output format."""
from __future__ import annotations

import csv
import io
import json
import tomllib
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import notice_miner
from notice_miner.checks.sheet import load_sheet, score
from notice_miner.cli import cli
from notice_miner.errors import NoticeError
from notice_miner.model import CHECK_IDS

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
SHIPPED = resources.files("notice_miner").joinpath("data", "check_sheet.toml")


@pytest.fixture(scope="module")
def bad():
    return notice_miner.parse(FIXTURES / "bad.txt", classifier=None)


def test_the_default_sheet_scores_every_check_and_says_where_each_comes_from():
    sheet = load_sheet()
    assert set(sheet.criteria) == set(CHECK_IDS)
    assert all(sheet.counts(c) and sheet.source(c) for c in CHECK_IDS)
    assert sheet.full_marks == 100 and sheet.timing_limit_months == 2


def test_the_bad_notice_loses_points_for_each_planted_defect(bad):
    result = score(bad.checks, load_sheet())
    lost = {d.check: d.points for d in result.deductions}
    # coverage 1×5; elements 6×1 + 6×1 + 4×0.75; completion 1×3; arithmetic 3 errors × 5 (cap 15);
    # paper-only 50 % is tolerated; hedging dense 4 + 1 stock measure; restated 1×3; late 8; 3 items not given × 2
    assert lost == {"coverage": 5, "elements": 15, "unsupported_completion": 3, "arithmetic": 15, "hedging": 5,
                    "restated_problem": 3, "timing": 8, "disclosure": 6}
    assert result.score == 100 - sum(lost.values()) == 40


def test_a_sound_notice_keeps_its_marks():
    good = notice_miner.parse(FIXTURES / "good.txt", classifier=None)
    assert score(good.checks, load_sheet()).deductions == []


def test_an_adapted_sheet_changes_weights_caps_and_what_counts(bad, tmp_path):
    data = SHIPPED.read_text(encoding="utf-8")
    data = data.replace("[arithmetic]\ncounts = true\nper_error = 5", "[arithmetic]\ncounts = true\nper_error = 2")
    data = data.replace("[timing]\ncounts = true", "[timing]\ncounts = false")
    data = data.replace("tolerated_share = 0.5", "tolerated_share = 0.25")
    path = tmp_path / "sheet.toml"
    path.write_text(data, encoding="utf-8")
    lost = {d.check: d.points for d in score(bad.checks, load_sheet(path)).deductions}
    assert lost["arithmetic"] == 6 and "timing" not in lost
    assert lost["paper_only"] == pytest.approx(10 * (0.5 - 0.25) / 0.75, abs=0.01)


@pytest.mark.parametrize(("content", "reason"), [
    ("[sheet\n", "cannot read the scoring sheet"),
    ("[sheet]\n[typo_check]\ncounts = true\n", "unknown criteria typo_check"),
])
def test_a_sheet_that_cannot_be_used_is_refused_with_one_line(tmp_path, content, reason):
    path = tmp_path / "sheet.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NoticeError, match=reason):
        load_sheet(path)
    result = CliRunner().invoke(cli, ["check", str(FIXTURES / "good.txt"), "--sheet", str(path)])
    assert result.exit_code == 2 and reason in result.output


def test_the_shipped_sheet_is_plain_toml():
    assert tomllib.loads(SHIPPED.read_text(encoding="utf-8"))["sheet"]["full_marks"] == 100


def test_check_prints_a_readable_review():
    result = CliRunner(env={"COLUMNS": "240"}).invoke(cli, ["check", str(FIXTURES / "bad.txt")])
    assert result.exit_code == 0, result.output
    assert "40/100" in result.output and "关于“招商项目跟踪服务滞后”问题" in result.output
    assert all(check[:12] in result.output for check in CHECK_IDS)


def test_check_json_gives_the_score_deductions_and_checks():
    result = CliRunner().invoke(cli, ["check", str(FIXTURES / "bad.txt"), str(FIXTURES / "good.txt"),
                                      "--format", "json"])
    assert result.exit_code == 0
    reviews = json.loads(result.output)
    assert [(r["notice"], r["score"]) for r in reviews] == [("bad", 40), ("good", 100)]
    assert sum(d["points"] for d in reviews[0]["deductions"]) == 60
    assert reviews[0]["checks"]["summary"]["counts"]["coverage"] == 1


def test_check_csv_gives_one_row_per_finding_with_its_quote():
    result = CliRunner().invoke(cli, ["check", str(FIXTURES / "bad.txt"), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    bad = notice_miner.parse(FIXTURES / "bad.txt", classifier=None)
    assert len(rows) == len(bad.checks.findings)
    for row in rows:
        if row["start"]:
            assert bad.text[int(row["start"]):int(row["end"])] == row["quote"]
    assert {row["score"] for row in rows} == {"40.0"}


def test_check_reads_a_folder_of_notice_json_and_reports_what_it_cannot(tmp_path):
    out = tmp_path / "json"
    assert CliRunner().invoke(cli, ["parse", str(FIXTURES / "bad.txt"), "-o", str(out), "--no-labels",
                                    "--no-checks"]).exit_code == 0
    (out / "broken.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(out), "--format", "json"])
    assert result.exit_code == 1
    assert [r["score"] for r in json.loads(result.stdout)] == [40]
    assert "broken.json: not a notice JSON" in result.stderr


def test_output_with_checks_validates_against_the_shipped_schema(bad):
    schema = json.loads(resources.files("notice_miner").joinpath("data/notice.schema.json").read_text("utf-8"))
    out = bad.to_dict()
    assert out["checks"]["findings"]
    jsonschema.validate(out, schema)
