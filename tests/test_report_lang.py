"""The comparison report in Chinese (default) and English (issue 11): every heading, navigation link,
table header, card label, caption and note from lang/report_ui.py in the asked language."""
from __future__ import annotations

import random
import re
import string

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from notice_miner import compare
from notice_miner.cli import cli
from notice_miner.lang.report_ui import HTML_LANG, IDENTIFIERS, UI

from test_check_sheet import FIXTURES
from test_compare import CATEGORIES, _notice, _write
from test_compare_stats import _filler
from test_duplicates import _copies

CJK = re.compile(r"[\u4e00-\u9fff]")
# the report's chrome: what the builders write, not what the notices say
CHROME = ("//h1", "//h2", "//nav//a", "//th", "//div[@class='card']/span", "//button", "/html/head/title",
          "//p[contains(@class, 'note')]", "//div[@id='filter-banner']", "//svg/@aria-label")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    """A small batch output with every section filled: one agency over-represented in a category,
    a measure re-used by one agency, measures copied across agencies, republished notices and two
    checked notices; compared in each language. language -> (report HTML, terminal summary); "names": the
    agency and category names (the data's words, Chinese in either report)."""
    root = tmp_path_factory.mktemp("lang")
    rng = random.Random(12)
    reused = "建立食堂采购台账,对供应商资质、进货价格和验收记录逐月核对并公示结果"
    copied = "由纪检组牵头,每季度对下属单位公务用车使用登记和维修费用开展专项检查并通报结果"
    for a, agency in enumerate(["甲局", "乙局", "丙局"]):
        for k in range(8):
            categories = rng.choices(CATEGORIES, k=10) + (["audit"] * 16 if a == 0 else [])
            measures = [(_filler(rng, c), c) for c in categories] + ([(reused, "institution")] if a == 1 else [])
            if k == 0 and a != 1:  # the same measure in two agencies' notices, one word changed
                measures.append((copied.replace("每季度", "每月") if a else copied, "supervision"))
            _write(root / "distinct" / "notices", _notice(f"f{a}{k}", agency, measures))
    _copies(root / "distinct", root / "out", 2)
    (root / "in").mkdir()
    for name in ("bad.txt", "good.txt"):
        (root / "in" / name).write_bytes((FIXTURES / name).read_bytes())
    runner = CliRunner()
    assert runner.invoke(cli, ["batch", str(root / "in"), "-o", str(root / "out" / "checked"), "--no-labels",
                               "-q"]).exit_code == 0
    out = {}
    for language in HTML_LANG:
        page = root / f"{language}.html"
        args = ["compare", str(root / "out"), "--report", str(page)] + (["--lang", "en"] if language == "en" else [])
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        out[language] = (page.read_text("utf-8"), result.output)
    corpus = compare.load_outputs(root / "out")
    names = {*corpus.notices["agency"].dropna(), *corpus.notices["agency_canonical"].dropna(),
             *compare.category_names().values()}
    out["names"] = sorted(names, key=len, reverse=True)
    return out


def _chrome(page: str) -> list[str]:
    """The texts of the report's chrome, each element's whole text."""
    tree = lxml_html.fromstring(page.encode("utf-8"))
    texts = []
    for path in CHROME:
        for found in tree.xpath(path):
            texts.append(" ".join((found if isinstance(found, str) else found.text_content()).split()))
    return texts


def test_the_report_is_chinese_by_default_to_the_last_heading(reports):
    page, summary = reports["zh"]
    tree = lxml_html.fromstring(page.encode("utf-8"))
    assert tree.get("lang") == "zh-CN"
    for needed in ('id="differences-table"', 'id="reuse-table"', 'class="cluster"', 'id="duplicates-table"',
                   'id="quality-table"', "<figcaption>"):
        assert needed in page, needed  # every section has its table or chart, so every header is checked
    texts = _chrome(page)
    assert len(texts) > 80
    english = [t for t in texts if t and t not in IDENTIFIERS and not CJK.search(t)]
    assert not english, english
    # the texts the notices filter shows on a click
    whats = [w for w in tree.xpath("//@data-what") if not CJK.search(w)]
    assert not whats, whats[:5]
    assert summary.startswith("26份通报") and "条措施" in summary and "报告：" in summary


def test_the_english_report_has_no_chinese_chrome_and_no_key_left(reports):
    page, summary = reports["en"]
    tree = lxml_html.fromstring(page.encode("utf-8"))
    assert tree.get("lang") == "en"
    texts = _chrome(page)
    # agency and category names are the notices' and the taxonomy's own words; the chrome around them is English
    chinese = [t for t in texts if CJK.search(re.sub("|".join(map(re.escape, reports["names"])), "", t))]
    assert not chinese, chinese
    keys = [t for t in texts + tree.xpath("//@data-what") if re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", t)]
    assert not keys, keys
    assert "Findings" in texts and "Adjusted p" in texts and summary.startswith("26 notices")


def test_every_key_has_both_languages_with_the_same_fields():
    fields = string.Formatter()
    for key, (zh, en) in UI.items():
        assert zh and en, key
        assert CJK.search(zh) or zh in IDENTIFIERS, key
        assert not CJK.search(en), key
        assert ({f for _, f, _, _ in fields.parse(zh) if f} == {f for _, f, _, _ in fields.parse(en) if f}), key


def test_an_unknown_language_is_refused():
    from notice_miner.report.markup import Words

    with pytest.raises(ValueError, match="zh, en"):
        Words("fr")


NOTICE = ("临江市委巡察办关于巡察整改进展情况的通报\n一、整改落实情况\n"
          "1．建立经费审批台账：对近三年的经费支出逐笔核查，完善报销审核流程；\n2．组织专题学习（共3次）。\n")


@pytest.fixture(scope="module")
def shown(tmp_path_factory) -> dict[str, str]:
    """The `show` page of a composed notice in each language."""
    folder = tmp_path_factory.mktemp("show")
    (folder / "n.txt").write_text(NOTICE, encoding="utf-8")
    pages = {}
    for language in HTML_LANG:
        result = CliRunner().invoke(cli, ["show", str(folder / "n.txt"), "--no-labels", "--lang", language])
        assert result.exit_code == 0, result.output
        pages[language] = result.output
    return pages


@pytest.mark.parametrize("language", list(HTML_LANG))
def test_the_show_page_follows_the_language(shown, language):
    tree = lxml_html.fromstring(shown[language].encode("utf-8"))
    assert tree.get("lang") == HTML_LANG[language]
    chrome = [" ".join(e.text_content().split()) for e in tree.xpath("//h2 | //p[@class='legend'] | //main/p")]
    assert len(chrome) >= 6
    if language == "zh":
        assert all(CJK.search(text) for text in chrome), chrome
    else:  # the file name aside, nothing Chinese
        assert not [t for t in chrome if CJK.search(t.replace("n.txt", ""))], chrome


def test_the_show_page_gives_each_measure_as_printed_on_hover(shown):
    tree = lxml_html.fromstring(shown["zh"].encode("utf-8"))
    titles = [span.get("title") for span in tree.xpath("//span[contains(@class, 'item')][@title]")]
    assert any("原文：建立经费审批台账：对近三年的经费支出逐笔核查，完善报销审核流程" in t for t in titles), titles
