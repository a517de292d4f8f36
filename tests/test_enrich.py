"""Enrichment: segmentation with the domain dictionary (rjieba == jieba), item signals,
specificity, keywords, the spaCy Doc/DocBin, and the `show` HTML page."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_miner import enrich, ingest, view
from notice_miner.pipeline import with_parts
from notice_miner.cli import cli
from notice_miner.model import Item, Notice, Section, Source, Tool
from notice_miner.normalise import normalise

from conftest import CORPUS

DOMAIN_TERMS = ["巡察组", "巡视组", "三重一大", "主体责任", "第一责任人", "一岗双责", "三会一课", "主题党日",
                "民主生活会", "组织生活会", "问题清单", "任务清单", "责任清单", "立行立改", "对账销号", "清产核资",
                "经济责任审计", "党纪政务处分", "诫勉谈话", "问题线索", "八项规定", "四风", "以案促改", "警示教育",
                "政府采购", "回头看"]

CONCRETE = [
    "制定《集团贸易业务管理办法》,清理融资性贸易合同12份,追回资金3.2亿元。",
    "2024年8月底前上线“穗科贷”平台,为326家企业发放贷款1.5亿元。",
    "整改措施:修订《财务报销管理规定》,清退违规发放津补贴18.6万元。\n整改时限:2024年12月底前。\n"
    "责任单位:局财务处、人事处。",
    "由局办公室牵头,2024年9月30日前完成23个项目的档案补录,完成率100%。",
]
STOCK = [
    "进一步加强组织领导,持续深化巡察整改,切实提高政治站位,不断完善长效机制。",
    "认真落实主体责任,扎实推进各项工作,确保整改到位。",
    "深入推进全面从严治党,着力解决突出问题,全面提升工作水平。",
]


def make_notice(text: str, item_texts: list[str], *, name: str = "made.txt") -> Notice:
    """A Notice built by hand: one section over the whole text, items found in order in it."""
    items, pos = [], 0
    for k, item_text in enumerate(item_texts, 1):
        start = text.index(item_text, pos)
        pos = start + len(item_text)
        items.append(Item(id=f"i{k}", path=["一", f"{k}"], marker=f"{k}", text=item_text, span=(start, pos),
                          section="s1"))
    return Notice(tool=Tool(), text=text, items=items,
                  source=Source(path=name, name=name, sha256="0" * 64, format="text", bytes=len(text.encode())),
                  sections=[Section(id="s1", marker="一", level=1, title="整改落实情况", span=(0, len(text)))])


def enriched(notice: Notice) -> Notice:
    """The notice with enrich's part put in, as the pipeline does."""
    found = enrich.enrich(notice.text, notice.items)
    return notice.model_copy(update={"items": with_parts(notice.items, signals=found.signals),
                                     "keywords": found.keywords})


def made_notice() -> Notice:
    measures = CONCRETE + STOCK
    text = "一、整改落实情况\n" + "".join(f"{k}.{m}\n" for k, m in enumerate(measures, 1))
    return make_notice(text, measures)


def corpus_texts(shared: Path | None) -> dict[str, str]:
    """Normalised texts of the project corpus and, when present, the shared development corpus."""
    paths = sorted(p for p in CORPUS.glob("*.*") if p.suffix in {".txt", ".html", ".pdf", ".docx"})
    if shared is not None:
        paths += sorted((shared / "corpus").glob("*.txt")) + sorted((shared / "corpus" / "dev").glob("dev*.*"))
    return {p.name: normalise(ingest.read(p).text).text for p in paths if not p.name.endswith(".json")}


@pytest.fixture(scope="module")
def reference_jieba():
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(enrich.USERDICT_PATH))
    return tokenizer


# --- segmentation ---


@pytest.mark.parametrize("term", DOMAIN_TERMS)
def test_domain_terms_come_out_whole(term):
    for context in ("{}", "认真落实{}。", "局党组{}的情况", "建立{}制度,"):
        text = context.format(term)
        start = text.index(term)
        assert (term, start, start + len(term)) in enrich.tokenize(text), enrich.segment(text)


def test_userdict_is_a_few_hundred_distinct_terms():
    words = [w for w, _, _ in enrich.user_words()]
    assert len(words) >= 300 and len(set(words)) == len(words)
    assert set(DOMAIN_TERMS) <= set(words)


def test_tokens_cover_the_text_with_exact_offsets():
    text = made_notice().text + "联系电话:020-83124172\n邮箱:jw_office@gz.gov.cn"
    tokens = enrich.tokenize(text)
    assert "".join(w for w, _, _ in tokens) == text
    assert all(text[s:e] == w for w, s, e in tokens)
    assert [w for w, _, _ in tokens] == enrich.segment(text)


def test_fast_backend_gives_jiebas_tokens_on_the_corpora(reference_jieba, request):
    try:
        shared = request.getfixturevalue("shared")
    except pytest.skip.Exception:
        shared = None
    texts = corpus_texts(shared)
    assert len(texts) >= 10
    for name, text in texts.items():
        assert enrich.segment(text) == reference_jieba.lcut(text), name


def test_the_one_difference_class_is_undone(reference_jieba):
    import rjieba

    # rjieba alone keeps ASCII runs joined by - . _ whole; jieba splits them (decimals stay whole).
    for text in ("电话020-83124172", "网址www.gz.gov.cn", "版本v1.2.3-beta", "邮箱a_b@163.com", "第3.2.1条"):
        assert rjieba.cut(text) != reference_jieba.lcut(text)
        assert enrich.segment(text) == reference_jieba.lcut(text)


def test_fast_backend_agrees_on_mixed_fragments(reference_jieba):
    """Shuffled fragments of our examples with ASCII, numbers and punctuation: no other class differs."""
    pieces = [*CONCRETE, *STOCK, "020-83124172", "C++", "R&D", "23.6%", "1,268列", "2024-10-28", "COVID-19",
              "http://www.x.gov.cn/a_b.html", " ", "\n", "(一)", "①", "《》", "“”", "GPT-4o", "3.2亿元", "A+B"]
    rng = random.Random(7)
    for _ in range(200):
        fragments = [rng.choice(pieces) for _ in range(rng.randint(1, 6))]
        text = "".join(f[rng.randrange(len(f)):] if rng.random() < 0.3 else f for f in fragments)
        assert enrich.segment(text) == reference_jieba.lcut(text), text


def test_words_over_a_span_are_the_whole_texts_words_there(request):
    """Keywords segment only around each item: the words must be those of the whole text's
    segmentation that overlap the item, also where an item starts or ends inside a word."""
    try:
        shared = request.getfixturevalue("shared")
    except pytest.skip.Exception:
        shared = None
    texts = [made_notice().text + "联系电话:020-83124172,www.gz.gov.cn", *corpus_texts(shared).values()]
    rng = random.Random(5)
    for text in texts:
        seg = enrich._segmented(text)
        for _ in range(60):
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.randint(1, 120))
            i, j = seg.index_range(start, end)
            assert enrich._words_over(text, start, end) == seg.words[i:j], (start, end)


# --- signals ---


def test_signals_of_a_concrete_measure():
    sig = enrich.signals(
        "整改措施:制定《集团贸易业务管理办法》,清理“空转”“走单”贸易,追回资金3.2亿元、500余万元和71,320元,"
        "另有1亿2000万元、五万元;召开会议3次,处理12人,完成率85.7%,2024-10-28上线。元旦前开展检查。\n"
        "整改时限:2024年8月底前,2025年底前完成,8月31日前报送。\n"
        "责任单位:集团投资管理部、财务部和风控法务部。由市纪委监委牵头。联系电话020-83124172")
    assert sig.documents == ["集团贸易业务管理办法"]
    assert sig.names == ["空转", "走单"]
    assert sig.amounts_yuan == [320_000_000.0, 5_000_000.0, 71_320.0, 120_000_000.0, 50_000.0]
    assert sig.numbers == 3
    assert sig.dates == ["2024-10-28", "2024-08", "2025", "2025-08-31"]
    assert sig.units == ["集团投资管理部", "财务部", "风控法务部", "市纪委监委"]
    assert sig.stock_phrases == []
    assert sig.specificity == 1.0


@pytest.mark.parametrize("tail", ["责任单位:", "责任单位: ", "牵头单位:\n"])
def test_a_responsible_label_with_no_unit_after_it_names_none(tail):
    assert enrich.signals(f"完善制度3项。{tail}").units == []
    assert enrich.signals("完善制度3项。责任单位:县财政局。" + tail).units == ["县财政局"]


def test_quoted_problem_statements_are_not_names():
    sig = enrich.signals("关于“落实主体责任不够到位”问题的整改。在“选人用人”方面,建成“智慧审计”平台。")
    assert sig.names == ["智慧审计"]


def test_chinese_numeral_date_and_no_year_no_date():
    assert enrich.signals("二〇二四年十二月六日印发").dates == ["2024-12-06"]
    assert enrich.signals("三月开展自查,8月完成").dates == []


def test_specificity_separates_concrete_from_stock():
    for text in CONCRETE:
        assert enrich.signals(text).specificity >= 0.5, text
    for text in STOCK:
        sig = enrich.signals(text)
        assert sig.specificity <= 0.2 and sig.stock_phrases, text


def test_enrich_returns_signals_and_keywords_and_changes_nothing():
    made = made_notice()
    before = made.model_dump()
    found = enrich.enrich(made.text, made.items)
    assert made.model_dump() == before
    assert len(found.signals) == len(made.items)
    notice = enriched(made)
    by_text = {item.text: item.signals for item in notice.items}
    assert by_text[CONCRETE[1]].names == ["穗科贷"]
    assert by_text[CONCRETE[1]].amounts_yuan == [150_000_000.0]
    assert by_text[CONCRETE[2]].units == ["局财务处", "人事处"]
    assert all(by_text[t].specificity <= 0.2 for t in STOCK)
    assert 5 <= len(notice.keywords) <= enrich.KEYWORDS_MAX
    item_text = "".join(item.text for item in notice.items)
    assert all(k in item_text for k in notice.keywords)
    assert not set(notice.keywords) & {"进一步加强", "整改", "工作", "的"}


def test_item_signals_equal_signals_of_the_item_text():
    """The whole-text scan gives each item what scanning its text alone would."""
    notice = enriched(made_notice())
    for item in notice.items:
        assert item.signals == enrich.signals(item.text)


def test_one_scan_of_all_items_equals_a_scan_of_each(request):
    """Items cut at random places (inside numbers, dates, quotes, labels): the joined scan of
    `enrich` and `signal_spans` give each item exactly what scanning its text alone gives."""
    try:
        shared = request.getfixturevalue("shared")
    except pytest.skip.Exception:
        shared = None
    texts = [made_notice().text, *corpus_texts(shared).values()]
    rng = random.Random(11)
    for text in texts:
        # An item that ends on "责任单位:" has no value to read (scan and joined scan both fail).
        cuts = sorted({p for p in (rng.randrange(1, len(text)) for _ in range(len(text) // 40))
                       if not text[:p].rstrip().endswith(":")})
        bounds = [0, *cuts, len(text)]
        notice = make_notice(text, [text[a:b] for a, b in zip(bounds, bounds[1:]) if a < b])
        notice = enriched(notice)
        for item in notice.items:
            assert item.signals == enrich.signals(item.text), item.text
        expected = [((item.span[0] + s, item.span[0] + e), kind)
                    for item in notice.items for s, e, kind, _ in enrich._scan(item.text)]
        assert enrich.signal_spans(notice) == expected


def test_item_tokens_are_slices_of_the_notice_segmentation():
    notice = made_notice()
    item = notice.items[1]
    tokens = enrich.item_tokens(notice, item)
    assert "".join(w for w, _, _ in tokens) == item.text
    assert tokens[0][1] == item.span[0] and tokens[-1][2] == item.span[1]


# --- spaCy ---


def test_spacy_doc_and_docbin_round_trip(tmp_path):
    spacy = pytest.importorskip("spacy", reason="spaCy is the optional extra notice-miner[spacy]")
    from spacy.tokens import DocBin

    notice = enriched(made_notice())
    doc = enrich.to_spacy_doc(notice)
    assert doc.text == notice.text
    out = tmp_path / "notices.spacy"
    enrich.export_docbin([notice, notice], out)
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("zh", config={
        "nlp": {"tokenizer": {"segmenter": "char"}}}).vocab))
    assert len(docs) == 2
    back = docs[0]
    assert [t.text for t in back] == [t.text for t in doc]
    assert [s.text for s in back.spans["items"]] == [item.text for item in notice.items]
    assert [s.id_ for s in back.spans["items"]] == [item.id for item in notice.items]
    assert {s.label_ for s in back.spans["items"]} == {"item"} and back.cats == {}  # no labels: no categories
    assert [s.text for s in back.spans["sections"]] == [notice.text]
    signals = {(s.label_, s.text) for s in back.spans["signals"]}
    assert {("document", "《集团贸易业务管理办法》"), ("name", "“穗科贷”"), ("amount", "3.2亿元"),
            ("date", "2024年8月"), ("unit", "局财务处")} <= signals
    assert back.user_data["name"] == "made.txt" and list(back.user_data["item_ids"]) == [i.id for i in notice.items]


def test_spacy_spans_follow_items_that_cut_a_token():
    pytest.importorskip("spacy", reason="spaCy is the optional extra notice-miner[spacy]")
    text = "一是建立台账,二是完成销号。"
    notice = make_notice(text, ["立台账,", "完成销号"])  # 立 is inside the token 建立
    doc = enrich.to_spacy_doc(notice)
    assert [s.text for s in doc.spans["items"]] == ["立台账,", "完成销号"]
    assert doc.text == text


# --- show ---


def test_show_writes_escaped_html_with_item_highlights(tmp_path):
    hostile = "<script>alert('x')</script>"
    measures = [f"上线“穗科贷”平台{hostile},投入资金3.2亿元。", "进一步加强组织领导,持续深化巡察整改。"]
    text = "一、整改落实情况\n" + "".join(f"{k}.{m}\n" for k, m in enumerate(measures, 1))
    src = tmp_path / "hostile.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["show", str(src), "-o", str(out), "--no-labels"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'class="item done ' in html and "sig-amount" in html and "sig-name" in html


def test_render_html_marks_items_signals_and_paths():
    notice = enriched(made_notice())
    html = view.render_html(notice)
    assert html.count('class="item-start"') == len(notice.items)
    assert 'data-path="一 › 2"' in html
    assert "sig-document" in html and "sig-stock_phrase" in html


def test_show_missing_file_is_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["show", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x.html"),
                                      "--no-labels"])
    assert result.exit_code != 0
    assert "nope.txt" in result.output and "Traceback" not in result.output


def test_show_unwritable_output_is_one_line_error(tmp_path):
    src = tmp_path / "n.txt"
    src.write_text("一、整改落实情况\n1.制定《采购管理办法》。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(src), "-o", str(tmp_path / "missing" / "p.html"), "--no-labels"])
    assert result.exit_code != 0 and "cannot write" in result.output and "Traceback" not in result.output


def _contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_show_marks_stock_phrases_without_striking_them_and_path_badges_are_legible():
    """Issue 11: a stock phrase stays readable (marked, not struck through, text colour unchanged);
    item and section path badges carry their own text and background colours, contrast >= 7 (WCAG
    AAA), so whatever label colour lies under them they read."""
    from notice_miner import view

    rules = dict(re.findall(r"([.\w-]+(?:::before)?)\{([^}]*)\}", view._CSS))
    stock = rules[".sig-stock_phrase"]
    assert "line-through" not in stock and "color:" not in stock.replace("background", "")
    assert "border-bottom" in stock or "background" in stock
    for badge in (".item-start::before", ".sec-start::before"):
        colour = re.search(r"(?<![-\w])color:(#[0-9a-f]{6})", rules[badge])
        background = re.search(r"background:(#[0-9a-f]{6})", rules[badge])
        assert colour and background, badge
        assert _contrast(colour[1], background[1]) >= 7, badge
