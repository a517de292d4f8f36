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
    # coverage 1×5; elements 6×1 + 6×1 + 4×0.75; completion 1×3; arithmetic 2 errors × 5 + 1 gap × 2;
    # paper-only 50 % is tolerated; hedging dense 4 + 1 stock measure; restated 1×3; late 8; 3 items not given × 2
    assert lost == {"coverage": 5, "elements": 15, "unsupported_completion": 3, "arithmetic": 12, "hedging": 5,
                    "restated_problem": 3, "timing": 8, "disclosure": 6}
    assert result.score == 100 - sum(lost.values()) == 43


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
    ("[sheet]\nname = \"x\"\n", "no criteria"),
    ("[sheet]\nfull_marks = \"a\"\n[coverage]\ncounts = true\n", "full_marks must be a number above 0"),
    ("[coverage]\ncounts = true\nper_finding = -5\n", "per_finding must be a number, 0 or more"),
    ("[coverage]\ncounts = \"yes\"\n", "counts must be true or false"),
    ("[coverage]\ncounts = true\nper_findng = 5\n", "unknown keys per_findng"),
    ("[paper_only]\ncounts = true\ntolerated_share = 1.5\n", "tolerated_share is a share"),
    ("[timing]\ncounts = true\nlimit_months = -1\n", "limit_months must be"),
    ("[timing]\ncounts = true\nlimit_months = 1.5\n", "limit_months must be a whole number"),
    ("[hedging]\ncounts = true\nmax = nan\n", "max must be a number"),
    ("coverage = 5\n", "must be a table"),
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
    assert "43/100" in result.output and "关于“招商项目跟踪服务滞后”问题" in result.output
    assert all(check[:12] in result.output for check in CHECK_IDS)


def test_check_on_a_narrow_terminal_cuts_no_deduction_reason():
    """At 80 columns a reason in Chinese (no spaces to wrap at) is folded onto more lines, never cut short."""
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["check", str(FIXTURES / "bad.txt")])
    assert result.exit_code == 0, result.output
    deductions = result.output.split("\nmeasures ")[0]
    assert "…" not in deductions
    joined = "".join(line.split("│")[4].strip() for line in deductions.splitlines() if line.count("│") == 5)
    assert "只有套话的措施1条" in joined


def test_check_prints_names_and_sheet_titles_as_written_not_as_markup(tmp_path):
    """A file name or sheet name with square brackets is shown as it is (rich would read [red] as a style
    and fail on a stray closing tag)."""
    notice = tmp_path / "[red]临江.txt"
    notice.write_bytes((FIXTURES / "good.txt").read_bytes())
    sheet = tmp_path / "sheet.toml"
    sheet.write_text(SHIPPED.read_text(encoding="utf-8").replace('name = "', 'name = "[/]', 1), encoding="utf-8")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, ["check", str(notice), "--sheet", str(sheet)])
    assert result.exit_code == 0, result.output
    assert "[red]临江" in result.output and "[/]巡察整改" in result.output



def test_check_review_names_the_measure_each_finding_is_about():
    result = CliRunner(env={"COLUMNS": "240"}).invoke(cli, ["check", str(FIXTURES / "bad.txt")])
    assert result.exit_code == 0
    assert "[i1]" in result.output and "[i2]" in result.output  # not swallowed as rich markup


def test_check_says_when_a_text_does_not_read_like_a_notice(tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text("临江市今天天气晴朗,市民在公园散步。\n", encoding="utf-8")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, ["check", str(prose)])
    assert result.exit_code == 0 and "does not read like a rectification notice" in result.output
    reviews = json.loads(CliRunner().invoke(cli, ["check", str(prose), "--format", "json"]).output)
    assert reviews[0]["reads_like_notice"] is False
    good = json.loads(CliRunner().invoke(cli, ["check", str(FIXTURES / "good.txt"), "--format", "json"]).output)
    assert good[0]["reads_like_notice"] is True


def test_check_json_gives_the_score_deductions_and_checks():
    result = CliRunner().invoke(cli, ["check", str(FIXTURES / "bad.txt"), str(FIXTURES / "good.txt"),
                                      "--format", "json"])
    assert result.exit_code == 0
    reviews = json.loads(result.output)
    assert [(r["notice"], r["score"]) for r in reviews] == [("bad", 43), ("good", 100)]
    assert sum(d["points"] for d in reviews[0]["deductions"]) == 57
    assert reviews[0]["checks"]["summary"]["counts"]["coverage"] == 1


def test_check_csv_gives_one_row_per_finding_with_its_quote():
    result = CliRunner().invoke(cli, ["check", str(FIXTURES / "bad.txt"), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    bad = notice_miner.parse(FIXTURES / "bad.txt", classifier=None)
    assert len(rows) == len(bad.checks.findings)
    for row in rows:
        if row["start"]:
            assert bad.text[int(row["start"]):int(row["end"])] == row["quote"]
    assert {row["score"] for row in rows} == {"43.0"}


def test_check_reads_a_folder_of_notice_json_and_reports_what_it_cannot(tmp_path):
    out = tmp_path / "json"
    assert CliRunner().invoke(cli, ["parse", str(FIXTURES / "bad.txt"), "-o", str(out), "--no-labels",
                                    "--no-checks"]).exit_code == 0
    (out / "broken.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(out), "--format", "json"])
    assert result.exit_code == 1
    assert [r["score"] for r in json.loads(result.stdout)] == [43]
    assert "broken.json: not a notice JSON" in result.stderr


def test_check_reads_a_folder_of_notice_files_as_the_files_themselves(tmp_path):
    """A folder with no notice JSON is reviewed by its notice files (as `check DIR/*.txt` would), the same
    scores as the batch output of it; a folder with neither says what it looked for."""
    for name in ("bad.txt", "good.txt"):
        (tmp_path / "in" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "in" / "notes.md").write_text("not a notice file", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "in"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [(r["notice"], r["score"]) for r in json.loads(result.stdout)] == [("bad", 43), ("good", 100)]
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "no notice JSON or notice files" in result.stderr


def test_output_with_checks_validates_against_the_shipped_schema(bad):
    schema = json.loads(resources.files("notice_miner").joinpath("data/notice.schema.json").read_text("utf-8"))
    out = bad.to_dict()
    assert out["checks"]["findings"]
    jsonschema.validate(out, schema)


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory) -> tuple[Path, Path]:
    """The bad and the good notice batched (without labels): the input folder and the output folder."""
    notices = tmp_path_factory.mktemp("in")
    for name in ("bad.txt", "good.txt"):
        (notices / name).write_bytes((FIXTURES / name).read_bytes())
    out = tmp_path_factory.mktemp("out")
    assert CliRunner().invoke(cli, ["batch", str(notices), "-o", str(out), "--no-labels", "-q"]).exit_code == 0
    return notices, out


def test_batch_tables_have_a_row_per_finding_and_the_score_per_notice(batch_run, tmp_path):
    import pandas as pd

    notices, out = batch_run
    checks = pd.read_parquet(out / "checks.parquet")
    bad = notice_miner.parse(FIXTURES / "bad.txt", classifier=None)
    assert (checks.notice_id == "bad.txt").sum() == len(bad.checks.findings)
    quoted = checks.dropna(subset=["span_start"])
    text = {"bad.txt": bad.text}
    assert all(text[r.notice_id][int(r.span_start):int(r.span_end)] == r.quote
               for r in quoted.itertuples() if r.notice_id == "bad.txt")
    table = pd.read_parquet(out / "notices.parquet").set_index("notice_id")
    assert table.loc["bad.txt", "check_score"] == 43 and table.loc["good.txt", "check_score"] == 100
    assert table.loc["bad.txt", "check_coverage"] == 1 and table.loc["bad.txt", "check_days_to_publication"] == 149
    assert (out / "checks.csv").read_bytes().startswith(b"\xef\xbb\xbfnotice_id,")

    again = tmp_path / "bare"
    assert CliRunner().invoke(cli, ["batch", str(notices), "-o", str(again), "--no-labels", "--no-checks",
                                    "-q"]).exit_code == 0
    assert pd.read_parquet(again / "checks.parquet").empty
    assert pd.read_parquet(again / "notices.parquet").check_score.isna().all()


def test_show_marks_findings_on_the_text_with_the_message_on_hover(bad):
    from notice_miner import view

    page = view.render_html(bad, "en")
    assert "<h2>checks</h2>" in page and 'href="#fd-0"' in page and 'id="fd-0"' in page
    coverage = next(f for f in bad.checks.findings if f.check == "coverage")
    assert f"coverage: {coverage.message}" in page
    assert 'class="fd-error"' in page or "fd-error" in page
    assert " style=" not in page  # the page's Content-Security-Policy allows no style attribute


def test_the_comparison_gives_each_group_its_score_distribution_elements_and_failing_arithmetic(batch_run, tmp_path):
    from notice_miner import compare, report

    out = batch_run[1]
    corpus = compare.load_outputs(out)
    quality = compare.comparison_tables(corpus, "agency")["check_quality"].set_index("group")
    bad, good = quality.loc["东湖区商务局党组"], quality.loc["临江市水务局党组"]
    assert (bad["score_mean"], bad["score_<60"], bad["arithmetic_failing"]) == (43, 1, 1)
    assert (good["score_90–100"], good["arithmetic_failing"], good["lacking_deadline"]) == (1, 0, 0)
    assert bad["lacking_responsible"] == 1.0 and bad["lacking_target"] == pytest.approx(0.75)
    page = tmp_path / "report.html"
    report.build_report(out, page, by="agency", language="en")
    section = page.read_text(encoding="utf-8").split('<section id="quality">')[1].split("</section>")[0]
    assert "Rectification quality" in section and 'data-what="东湖区商务局党组: figures that do not add up"' in section
