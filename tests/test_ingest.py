"""ingest: every format to text, encodings, page furniture, metadata, and every kind of bad input."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import modules_loaded_by
import notice_miner
from notice_miner import ingest
from notice_miner.ingest import markup, pdf
from notice_miner.ingest.encoding import decode
from notice_miner.ingest.numbering import list_number
from notice_miner.ingest.text import display_width, unwrap_hard_breaks
from notice_miner.errors import NoticeError, UnreadableInput, UnsupportedFormat
from notice_miner.lang.numerals import cn_to_int

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
_spec = importlib.util.spec_from_file_location("ingest_fixtures", FIXTURES / "make_fixtures.py")
made = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(made)
EXPECTED = made.paragraphs()  # title, body paragraphs, signature: what every fixture should yield


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- plain text and encodings

@pytest.mark.parametrize(("name", "encoding"), [
    ("notice_gbk.txt", "gb18030"),
    ("notice_utf16.txt", "utf-16"),
    ("notice_utf16be_nobom.txt", "utf-16-be"),
    ("notice_bom.txt", "utf-8-sig"),
])
def test_txt_encodings_are_detected_and_reported(name, encoding):
    doc = ingest.read(FIXTURES / name)
    assert doc.encoding == encoding
    assert doc.text.splitlines() == EXPECTED
    assert doc.warnings == []
    assert doc.format == "txt"


@settings(max_examples=80, deadline=None)
@given(text=st.text(st.sampled_from("巡察整改反馈意见问题完成率责任单位，。、；：“”《》（）abcXYZ019 -\n"), min_size=1),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_text_with_a_byte_order_mark_or_in_utf8_decodes_to_itself(text, encoding):
    decoded, used, warnings = decode(Path("notice.txt"), text.encode(encoding))
    assert (decoded, warnings) == (text, [])
    assert used == encoding


def test_utf16_little_endian_without_bom(tmp_path):
    path = tmp_path / "le.txt"
    path.write_bytes("\n".join(EXPECTED).encode("utf-16-le"))
    doc = ingest.read(path)
    assert (doc.encoding, doc.text.splitlines()) == ("utf-16-le", EXPECTED)


def test_short_gbk_text_is_read_as_gb18030_not_an_exotic_codec(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("关于巡察整改情况的通报".encode("gbk"))
    doc = ingest.read(path)
    assert (doc.encoding, doc.text) == ("gb18030", "关于巡察整改情况的通报")


def test_gb18030_only_characters(tmp_path):
    text = "县委巡察组反馈意见𠀀整改情况的通报，䶮字也在。"  # 𠀀 and 䶮 are outside GBK
    path = tmp_path / "gb18030.txt"
    path.write_bytes(text.encode("gb18030"))
    assert ingest.read(path).text == text


def test_undecodable_bytes_are_replaced_with_a_warning():
    doc = ingest.read(FIXTURES / "notice_badbyte.txt")
    assert doc.encoding == "utf-8"
    assert doc.text.count("\ufffd") == 2
    assert doc.text.replace("\ufffd", "").splitlines() == EXPECTED
    assert len(doc.warnings) == 1 and "could not be decoded" in doc.warnings[0]
    assert "\n" not in doc.warnings[0]


def _hard_wrap(paragraphs: list[str], width: int, measure=len, indent: str = "\u3000\u3000") -> str:
    """Paragraphs cut into lines of `width` (characters or display columns), as text copied out of a PDF."""
    lines = []
    for k, text in enumerate(paragraphs):
        line = text if k == 0 else indent + text
        while measure(line) > width:
            cut = max(n for n in range(len(line) + 1) if measure(line[:n]) <= width)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_hard_wrapped_txt_is_rejoined_into_its_paragraphs(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(_hard_wrap(EXPECTED, 36), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8").splitlines()) > 2 * len(EXPECTED)
    assert [line.lstrip("\u3000") for line in ingest.read(path).text.splitlines()] == EXPECTED


def test_text_wrapped_by_display_width_without_indents_is_rejoined(tmp_path):
    """Cut at 70 columns (a CJK character takes two, a digit one); paragraphs end where a sentence ends."""
    path = tmp_path / "columns.txt"
    path.write_text(_hard_wrap(EXPECTED, 70, display_width, indent=""), encoding="utf-8")
    lines = ingest.read(path).text.splitlines()
    assert lines == EXPECTED


@pytest.mark.parametrize("text", [
    "\n".join(EXPECTED) + "\n",  # one paragraph a line
    "\n".join(f"{n}、整改工作落实情况的第{n}部分内容。" for n in range(1, 13)),  # short lines of one width
    "\n".join(["局党组召开专题会议研究部署巡察整改工作并逐项明确责任领导。"] * 12),  # full lines, each a sentence
])
def test_text_that_is_not_hard_wrapped_is_left_alone(text):
    assert unwrap_hard_breaks(text) == text


# composed phrases for generated notices: none holds a digit, 一…十, 第, a bracket or 附件, so no line cut
# inside a paragraph can open with what reads as a marker
_PHRASES = ["局党组", "召开专题会议", "研究部署", "整改工作", "逐项明确", "责任领导", "和完成时限", "建立健全", "长效机制",
            "加强监督检查", "推动", "落实落细", "压实", "主体责任", "规范", "资金管理", "完善", "制度建设", "，"]
_SENTENCE = st.lists(st.sampled_from(_PHRASES), min_size=3, max_size=12).map(lambda words: "".join(words) + "。")
_PARAGRAPH = st.lists(_SENTENCE, min_size=4, max_size=8).map("".join).filter(lambda p: len(p) >= 80)


@settings(max_examples=60, deadline=None)
@given(paragraphs=st.lists(_PARAGRAPH, min_size=3, max_size=8), width=st.integers(24, 40))
def test_hard_wrapped_paragraphs_are_rejoined(paragraphs, width):
    """Paragraphs opening indented, cut at any width of 24 to 40 characters (two lines or more each), come back
    whole, where the cuts fall mostly inside sentences (the evidence the repair asks for: 70 %)."""
    wrapped = _hard_wrap(paragraphs, width)
    # the evidence is read off the full lines as cut (an indented paragraph's first line holds two characters less)
    # and the repair asks for eight lines or more, five of them full at least
    full = [line for line in wrapped.splitlines() if len(line) == width]
    assume(len(wrapped.splitlines()) >= 8 and len(full) >= 5)
    assume(sum(line.endswith("。") for line in full) <= 0.25 * len(full))
    assert [line.lstrip("\u3000") for line in unwrap_hard_breaks(wrapped).splitlines()] == paragraphs


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(_SENTENCE, min_size=8, max_size=30))
def test_lines_that_each_end_a_sentence_are_left_alone(lines):
    text = "\n".join(lines) + "\n"
    assert unwrap_hard_breaks(text) == text


def test_display_width_counts_wide_and_fullwidth_characters_twice():
    # wide ideographs, fullwidth forms and the ideographic space take two columns; ASCII, halfwidth forms and
    # a combining accent one each
    assert display_width("巡察ａＢ１\u3000") == 12
    assert display_width("abc 12\uff61e\u0301") == 9


def test_hash_size_path_and_name():
    path = FIXTURES / "notice_gbk.txt"
    doc = ingest.read(path)
    data = path.read_bytes()
    import hashlib

    assert (doc.sha256, doc.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert (doc.path, doc.name) == (str(path), "notice_gbk.txt")


# ---------------------------------------------------------------- HTML

FURNITURE_WORDS = ["网站首页", "您现在的位置", "栏目导航", "分享到", "打印本页", "关闭窗口", "相关文章",
                   "版权所有", "网站标识码", "siteId", "浏览次数", "索引号", "发布机构"]


def test_gbk_page_with_span_metadata_and_br_paragraphs():
    doc = ingest.read(FIXTURES / "page_gbk.html")
    assert (doc.format, doc.encoding) == ("html", "gb18030")
    assert doc.title == made.TITLE  # from <title> without " - 青禾县人民政府网"
    lines = doc.text.splitlines()
    assert lines[0] == made.TITLE and lines[1] == ""
    assert lines[2:] == EXPECTED[1:]
    for word in FURNITURE_WORDS:
        assert word not in doc.text
    assert doc.page_meta == {
        "index_no": "QH-NYJ-2024-0112",
        "page_agency": "青禾县农业农村局",
        "page_published": "2024-11-06",
        "page_source": "县农业农村局",
        "page_title": made.TITLE,
    }


PAGE_WITH_DL = """<html><head><title>关于巡察整改情况的通报|某某市人民政府</title>
<meta name="PubDate" content="2025-01-09 08:30"></head><body>
<div class="topnav"><a href="/">首页</a><a href="/a">机构概况</a><a href="/b">政务公开</a></div>
<div class="wrapper"><div class="left">
  <ul><li><a href="/1">全市推进高标准农田建设工作会议召开</a></li><li><a href="/2">市领导调研春耕备耕工作情况</a></li>
  <li><a href="/3">关于开展城乡环境综合整治行动的通知</a></li><li><a href="/4">我市举办乡村振兴专题培训班</a></li></ul>
</div>
<div class="right">
  <dl class="info"><dt>索 引 号：</dt><dd> 000014349/2025-00007 </dd><dt>发文机关</dt><dd>某某市水利局</dd>
  <dt>成文日期：</dt><dd>2025年01月08日</dd></dl>
  <h1>关于巡察整改情况的通报</h1>
  <div class="box-c">
    <div><span><font>一、</font></span><span>整改工作情况</span></div>
    <div>局党组召开会议<b>6次</b>，研究部署整改工作，制定整改措施<span>24条</span>。</div>
    <div>  二、下一步工作  </div>
    <table><tr><td>问题</td><td>措施</td></tr><tr><td>河道管护不到位</td><td>建立河长巡河制度</td></tr></table>
    <div style="text-align:right">中共某某市水利局党组</div>
    <div style="display:none">隐藏的统计代码文字</div>
  </div>
  <div class="share-box">分享：<a href="#">微信</a></div>
</div></div>
<footer><p>主办：某某市人民政府办公室 备案号：某ICP备12345678号</p></footer>
</body></html>"""


def test_page_with_dl_metadata_div_paragraphs_and_link_heavy_sidebar(tmp_path):
    path = tmp_path / "dl.htm"
    path.write_text(PAGE_WITH_DL, encoding="utf-8")
    doc = ingest.read(path)
    assert doc.format == "html" and doc.encoding == "utf-8"
    assert doc.text.splitlines() == [
        "关于巡察整改情况的通报", "",
        "一、整改工作情况",
        "局党组召开会议6次，研究部署整改工作，制定整改措施24条。",
        "二、下一步工作",
        "问题", "措施",
        "河道管护不到位", "建立河长巡河制度",
        "中共某某市水利局党组",
    ]
    assert doc.page_meta == {"index_no": "000014349/2025-00007", "page_agency": "某某市水利局",
                             "page_date": "2025年01月08日", "page_published": "2025-01-09 08:30",
                             "page_title": "关于巡察整改情况的通报"}


def test_survey_text_and_prose_agree_with_the_tree():
    """The survey: each element's text as lxml joins it; CJK outside links, a link in a link counted once."""
    from lxml import etree

    root = etree.fromstring("<html><body><div>前言<a>链接</a>正文<span>行内<b>粗</b></span>"
                            "<p>段落</p>结尾</div><a>外链</a></body></html>", etree.HTMLParser())
    body = root.find("body")
    inner = etree.SubElement(body[0][0], "a")  # the parser never nests links; a page's script may
    inner.text, inner.tail = "内层", "尾"
    survey = markup.Survey(body)
    for el in body.iter():
        assert survey.text[el] == "".join(el.itertext())
    assert survey.prose(body) == len("前言正文行内粗段落结尾")
    assert survey.prose(body[0][0]) == 0  # a link
    assert survey.prose(body[0][1]) == len("行内粗")
    survey.drop(body[0][1])
    assert survey.text[body] == "".join(body.itertext()) and survey.prose(body) == len("前言正文段落结尾")


@pytest.mark.parametrize(("style", "hidden"), [
    ("display:none", True), ("DISPLAY : None", True), ("color:red; display: none", True),
    ("display:\tnone", False), ("display:block", False),
])
def test_hidden_elements_are_dropped(tmp_path, style, hidden):
    path = tmp_path / "hidden.html"
    path.write_text(f"<html><body><div><p>局党组召开会议研究整改工作。</p><p style='{style}'>隐藏的文字内容</p>"
                    "</div></body></html>", encoding="utf-8")
    assert ("隐藏的文字内容" not in ingest.read(path).text) is hidden


def test_html_ordered_lists_get_the_numbers_a_browser_draws(tmp_path):
    prose = "<p>局党组对巡察反馈的11个问题逐项整改，截至2024年9月30日，已完成整改10个，正在整改1个。</p>"
    lists = """<p>（一）关于产业发展的问题</p>
<ol style="list-style-type: decimal;"><li><p>开展提质增效行动。</p></li><li><p>建立跟踪服务机制。</p></li></ol>
<ol start="3"><li>修订管理办法。<ol type="a"><li>公告公示。</li><li value="4">专项清理。</li></ol></li></ol>
<ol style="list-style-type:cjk-ideographic"><li>下一步工作打算</li></ol>
<ul><li>不编号的要点。</li></ul><ul style="list-style: decimal inside"><li>编号的要点。</li></ul>
<ol style="list-style:none"><li>不显示编号。</li></ol><ol><li>1.自己写了编号。</li><li>2.第二条。</li></ol>"""
    path = tmp_path / "lists.html"
    path.write_text(f"<html><head><title>整改通报</title></head><body><div>{prose}{lists}{prose}</div></body></html>",
                    encoding="utf-8")
    assert ingest.read(path).text.splitlines()[3:-1] == [
        "（一）关于产业发展的问题", "1.开展提质增效行动。", "2.建立跟踪服务机制。", "3.修订管理办法。", "a.公告公示。",
        "d.专项清理。", "一、下一步工作打算", "不编号的要点。", "1.编号的要点。", "不显示编号。", "1.自己写了编号。",
        "2.第二条。"]


@settings(max_examples=40, deadline=None)
@given(paragraphs=st.lists(_SENTENCE, min_size=1, max_size=12),
       layout=st.sampled_from(["<p>{}</p>", "<div>{}</div>", "<p>\n  \u3000\u3000{}\n</p>", "{}<br>"]))
def test_page_paragraphs_come_out_one_a_line(tmp_path_factory, paragraphs, layout):
    body = "".join(layout.format(p) for p in paragraphs)
    path = tmp_path_factory.mktemp("page") / "page.html"
    path.write_text(f"<html><head><meta charset='utf-8'></head><body><div id='nav'><a href='/'>首页</a></div>"
                    f"<div class='content'>{body}</div></body></html>", encoding="utf-8")
    assert ingest.read(path).text.splitlines() == [p.strip() for p in paragraphs]


def test_page_declaring_gbk_in_meta_charset(tmp_path):
    body = "<p>县委巡察组反馈意见整改情况。</p>" * 3
    page = f'<html><head><meta charset="gbk"><title>整改通报_某县</title></head><body><div>{body}</div></body></html>'
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gbk"))
    doc = ingest.read(path)
    assert doc.encoding == "gb18030"
    assert doc.text.splitlines() == ["整改通报", ""] + ["县委巡察组反馈意见整改情况。"] * 3


def test_dev08_page_from_the_shared_corpus(shared):
    page = shared / "corpus" / "dev" / "dev08.html"
    gold = json.loads((shared / "corpus" / "dev" / "dev08.gold.json").read_text(encoding="utf-8"))
    doc = ingest.read(page)
    body = squash(doc.text)
    for item in gold["items"]:
        assert squash(item["text"]) in body, item["text"][:30]
    assert doc.page_meta["index_no"] == "430726-XJYJ/2024-00386"
    assert doc.page_meta["page_date"] == "2024-10-28"
    assert doc.page_meta["page_published"] == "2024-10-29 09:16"
    assert doc.page_meta["page_source"] == "石门县教育局"
    assert doc.page_meta["page_agency"] == "石门县教育局"
    lines = doc.text.splitlines()
    assert lines[0] == doc.title == doc.page_meta["page_title"]
    assert lines[1] == ""
    assert lines[-2:] == ["中共石门县教育局党组", "2024年10月28日"]  # right-aligned signature survives
    for word in ["当前位置", "首页", "分享到", "打印本页", "相关链接", "主办单位", "浏览量", "信息索引号", "setFont"]:
        assert word not in doc.text


# ---------------------------------------------------------------- PDF

def test_pdf_lines_rejoined_and_page_furniture_dropped():
    path = FIXTURES / "notice_two_pages.pdf"
    doc = ingest.read(path)
    assert (doc.format, doc.pages, doc.warnings) == ("pdf", 2, [])
    assert doc.text.splitlines() == EXPECTED
    assert doc.title == made.TITLE  # a centred title over two lines, in a larger type

    import pdfplumber

    with pdfplumber.open(path) as pdf:  # the furniture is really there in the file
        raw = "\n".join(page.extract_text() for page in pdf.pages)
    assert "— 1 —" in raw and "— 2 —" in raw and raw.count("青禾县农业农村局\n") == 2
    assert "—" not in doc.text and "青禾县农业农村局\n" not in doc.text


def test_image_only_pdf_needs_ocr():
    with pytest.raises(UnreadableInput, match=r"scanned\.pdf: no text layer \(scanned or image-only PDF\); run OCR"):
        ingest.read(FIXTURES / "scanned.pdf")


def test_pdf_with_a_scanned_page_warns_naming_it():
    doc = ingest.read(FIXTURES / "partly_scanned.pdf")
    assert doc.pages == 2
    assert doc.text.strip() == made.TITLE[:20]
    assert len(doc.warnings) == 1 and "page(s) 2 of 2" in doc.warnings[0]


# ---------------------------------------------------------------- DOCX

def test_docx_paragraphs_and_table_in_document_order():
    doc = ingest.read(FIXTURES / "notice_table.docx")
    assert doc.format == "docx"
    table = ["问题", "整改措施", "完成情况", "惠农补贴发放不规范", "全面核查补贴发放", "已完成",
             "项目资金监管不到位", "修订资金管理办法", "正在整改"]
    assert doc.text.splitlines() == EXPECTED[:5] + table + EXPECTED[5:]
    assert doc.title == made.TITLE


def _docx_table_notice(path: Path) -> Path:
    """A problems table as agencies lay it out: a status column, a merged note row, a cell of two paragraphs."""
    import docx

    document = docx.Document()
    document.add_paragraph("二、整改落实情况")
    table = document.add_table(rows=4, cols=3)
    rows = [("反馈问题", "整改措施", "整改进展"),
            ("1.健身设施管护不到位", "整改措施：一是新建健身场地46处。二是建立管护员制度。", "已完成"),
            ("2.场馆开放不到位", "一是落实免费开放政策。", "正在整改")]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 1).add_paragraph("二是开通线上预约系统。")
    merged = table.cell(3, 0).merge(table.cell(3, 2))
    merged.text = "注：以上为截至10月底的进展。"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "已完成"  # one status cell spanning two rows
    document.add_paragraph("三、下一步工作打算")
    document.save(path)
    return path


def test_docx_table_cells_each_on_a_line_of_their_own(tmp_path):
    path = _docx_table_notice(tmp_path / "table.docx")
    lines = ingest.read(path).text.splitlines()
    assert lines == [
        "二、整改落实情况",
        "反馈问题", "整改措施", "整改进展",
        "1.健身设施管护不到位", "整改措施：一是新建健身场地46处。二是建立管护员制度。", "已完成",
        "2.场馆开放不到位", "一是落实免费开放政策。", "二是开通线上预约系统。",
        "注：以上为截至10月底的进展。",  # cells spanning columns or rows are read once
        "三、下一步工作打算",
    ]


def test_html_table_cells_each_on_a_line_of_their_own(tmp_path):
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td><td> {c} </td></tr>" for a, b, c in [
        ("反馈问题", "整改措施", "整改进展"),
        ("1.健身设施管护不到位", "整改措施：一是新建健身场地46处。<br>二是建立管护员制度。", "已完成")])
    prose = "<p>局党组对巡察反馈的9个问题逐项制定整改措施，截至目前已完成整改8个，正在整改1个。</p>"
    page = (f"<html><head><title>整改通报</title></head><body><div class='content'>{prose}<p>二、整改落实情况</p>"
            f"<table>{rows}</table><p>三、下一步工作打算</p>{prose}</div></body></html>")
    path = tmp_path / "table.html"
    path.write_text(page, encoding="utf-8")
    assert ingest.read(path).text.splitlines()[3:-1] == [
        "二、整改落实情况", "反馈问题", "整改措施", "整改进展",
        "1.健身设施管护不到位", "整改措施：一是新建健身场地46处。", "二是建立管护员制度。", "已完成",
        "三、下一步工作打算"]


# DOCX automatic numbering: Word draws the list number, the runs do not hold it

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def _numbered_docx(path: Path, abstract: dict[int, str], nums: dict[int, str],
                   paragraphs: list[tuple[str, int | None, int | None]], styles: str = "") -> Path:
    """A document whose numbering part holds `abstract` (id → levels) and `nums` (numId → inner XML);
    each paragraph is (text, numId or None, ilvl or None) or (text, style id, None)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for key, levels in abstract.items():
        numbering.append(parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{key}">{levels}</w:abstractNum>'))
    for key, inner in nums.items():
        numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{key}">{inner}</w:num>'))
    if styles:
        document.styles.element.append(parse_xml(styles))
    for text, num, ilvl in paragraphs:
        para = document.add_paragraph(text)
        if isinstance(num, str):
            para._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="{num}"/>'))
        elif num is not None:
            lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
            para._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}>{lvl}<w:numId w:val="{num}"/></w:numPr>'))
    document.save(path)
    return path


AGENCY_LEVELS = (_level(0, "chineseCounting", "%1、") + _level(1, "chineseCounting", "（%2）")
                 + _level(2, "decimal", "%3.") + _level(3, "decimalEnclosedCircle", "%4"))


def test_docx_numbering_of_an_agency_template(tmp_path):
    paragraphs = [("整改工作情况", 1, 0), ("关于政治建设方面", 1, 1), ("理论学习不深入", 1, 2),
                  ("制定学习计划。", 1, 3), ("开展专题研讨。", 1, 3), ("", 1, 2),  # empty: counted, not shown
                  ("意识形态工作不到位", 1, 2), ("关于作风建设方面", 1, 1), ("会议偏多", 1, 2),
                  ("未编号的段落。", None, None), ("下一步工作打算", 1, 0), ("持续抓好整改", 1, 1)]
    path = _numbered_docx(tmp_path / "n.docx", {0: AGENCY_LEVELS}, {1: '<w:abstractNumId w:val="0"/>'}, paragraphs)
    assert ingest.read(path).text.splitlines() == [
        "一、整改工作情况", "（一）关于政治建设方面", "1.理论学习不深入", "①制定学习计划。", "②开展专题研讨。",
        "", "3.意识形态工作不到位", "（二）关于作风建设方面", "1.会议偏多", "未编号的段落。",
        "二、下一步工作打算", "（一）持续抓好整改"]


def test_docx_numbering_instances_continue_or_restart_like_word(tmp_path):
    restart = '<w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    nums = {1: '<w:abstractNumId w:val="0"/>', 2: '<w:abstractNumId w:val="0"/>', 3: restart,
            4: '<w:abstractNumId w:val="1"/>'}
    levels = {0: _level(0, "decimal", "%1.") + _level(1, "decimal", "%1.%2", extra='<w:isLgl/>'),
              1: _level(0, "chineseCountingThousand", "第%1条", start=9)}
    paragraphs = [("甲", 1, 0), ("乙", 2, 0), ("乙一", 2, 1), ("丙", 3, 0), ("丁", 3, 0), ("戊", 4, 0),
                  ("己", 4, 0), ("庚", 4, 0), ("辛", 0, 0)]  # numId 0: numbering switched off
    path = _numbered_docx(tmp_path / "n.docx", levels, nums, paragraphs)
    assert ingest.read(path).text.splitlines() == [
        "1.甲", "2.乙", "2.1 乙一", "1.丙", "2.丁", "第九条戊", "第十条己", "第十一条庚", "辛"]


def test_docx_numbering_through_paragraph_styles(tmp_path):
    """Headings numbered by their style (as 标题 2 → （一） in agency templates), a level naming its style."""
    styles = (f'<w:style {W_NS} w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/>'
              '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>')
    levels = (_level(0, "chineseCounting", "%1、") + _level(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="H2"/>')
              + _level(2, "decimalEnclosedParen", "%3"))
    paragraphs = [("总体情况", 5, 0), ("关于党的建设", "H2", None), ("关于队伍建设", "H2", None),
                  ("措施一。", 5, 2), ("措施二。", 5, 2), ("落实情况", 5, 0), ("关于制度建设", "H2", None)]
    path = _numbered_docx(tmp_path / "n.docx", {3: levels}, {5: '<w:abstractNumId w:val="3"/>'}, paragraphs, styles)
    assert ingest.read(path).text.splitlines() == [
        "一、总体情况", "（一）关于党的建设", "（二）关于队伍建设", "⑴措施一。", "⑵措施二。", "二、落实情况",
        "（一）关于制度建设"]


def test_docx_list_number_style_of_the_default_template(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("二、整改落实情况")
    for heading in ("科技型企业培育力度不够", "科技成果转化渠道不畅"):
        document.add_paragraph(heading, style="List Number")
        document.add_paragraph("一是新认定高新技术企业46家。")
    document.save(tmp_path / "list.docx")
    assert ingest.read(tmp_path / "list.docx").text.splitlines() == [
        "二、整改落实情况", "1.科技型企业培育力度不够", "一是新认定高新技术企业46家。",
        "2.科技成果转化渠道不畅", "一是新认定高新技术企业46家。"]


@pytest.mark.parametrize(("fmt", "numbers"), [
    ("chineseCounting", ["一", "十", "十一", "二十一", "一百〇五"]),
    ("chineseCountingThousand", ["一", "十", "十一", "二十一", "一百零五"]),
    ("chineseLegalSimplified", ["壹", "壹拾", "壹拾壹", "贰拾壹", "壹佰零伍"]),
    ("ideographTraditional", ["甲", "癸", "11", "21", "105"]),
    ("decimalEnclosedCircle", ["①", "⑩", "⑪", "21", "105"]),
    ("ideographDigital", ["一", "一〇", "一一", "二一", "一〇五"]),
    ("upperRoman", ["I", "X", "XI", "XXI", "CV"]),
    ("lowerLetter", ["a", "j", "k", "u", "aa"]),
])
def test_word_number_formats(fmt, numbers):
    assert [list_number(n, fmt) for n in (1, 10, 11, 21, 105 if fmt != "lowerLetter" else 27)] == numbers


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 9999), fmt=st.sampled_from(["chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"]))
def test_chinese_list_numbers_read_back_as_their_value(n, fmt):
    assert cn_to_int(list_number(n, fmt)) == n


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


@given(n=st.integers(1, 3999))
def test_roman_list_numbers_read_back_as_their_value(n):
    numeral = list_number(n, "upperRoman")
    values = [_ROMAN[ch] for ch in numeral]
    # a smaller numeral before a larger one is taken off it (IV, XC, CM)
    assert sum(-v if v < w else v for v, w in zip(values, values[1:] + [0])) == n
    assert list_number(n, "lowerRoman") == numeral.lower()


def test_docx_tracked_insertions_are_read_and_deletions_are_not(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    para = document.add_paragraph("制定完善制度6项，")
    run = lambda text, tag="w:t": f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r>'  # noqa: E731
    for xml in (f'<w:ins {W_NS} w:id="1" w:author="a">{run("追回违规资金17.85万元，")}</w:ins>',
                f'<w:del {W_NS} w:id="2" w:author="a">{run("追回资金18万元，", "w:delText")}</w:del>',
                f'<w:moveFrom {W_NS} w:id="3" w:author="a">{run("给予处分3人。")}</w:moveFrom>',
                f'<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>',
                f'<w:moveTo {W_NS} w:id="4" w:author="a">{run("给予党纪政务处分2人。")}</w:moveTo>'):
        para._p.append(parse_xml(xml))
    document.save(tmp_path / "tracked.docx")
    assert ingest.read(tmp_path / "tracked.docx").text == "制定完善制度6项，追回违规资金17.85万元，给予党纪政务处分2人。\n"


# ---------------------------------------------------------------- bad input

def _truncated_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "truncated.pdf"
    data = (FIXTURES / "notice_two_pages.pdf").read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _zip_not_docx(tmp_path: Path) -> Path:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return path


def _file(name: str, data: bytes):
    def make(tmp: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name
    return make


def _folder(tmp: Path) -> Path:
    (tmp / "folder.txt").mkdir()
    return tmp / "folder.txt"


BAD_INPUTS = {
    "missing": (lambda tmp: tmp / "missing.txt", UnreadableInput, "no such file"),
    "directory": (_folder, UnreadableInput, "is a directory"),
    "empty": (_file("empty.txt", b""), UnreadableInput, r"empty file \(0 bytes\)"),
    "whitespace": (_file("blank.txt", " \n\u3000\n".encode()), UnreadableInput, "no text"),
    "nul junk": (_file("junk.txt", b"\x00\x01\x02\x03abc" * 200), UnreadableInput, "binary data, not text"),
    "random junk": (_file("rand.txt", os.urandom(4096)), UnreadableInput, "binary data, not text"),
    "truncated pdf": (_truncated_pdf, UnreadableInput, "not a readable PDF"),
    "not a pdf": (_file("fake.pdf", b"hello"), UnreadableInput, "not a PDF file"),
    "docx not zip": (_file("fake.docx", b"plain text"), UnreadableInput, r"not a valid \.docx \(not a zip archive\)"),
    "zip not docx": (_zip_not_docx, UnreadableInput, r"not a valid \.docx"),
    ".doc": (_file("old.doc", b"x"), UnsupportedFormat, r"'\.doc'"),
    ".xls": (_file("sheet.xls", b"x"), UnsupportedFormat, r"'\.xls'"),
    ".jpg": (_file("photo.JPG", b"x"), UnsupportedFormat, r"'\.JPG'"),
    "no suffix": (_file("README", b"x"), UnsupportedFormat, "without an extension"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_raises_one_line_naming_the_file(tmp_path, case):
    make, error, reason = BAD_INPUTS[case]
    path = make(tmp_path)
    with pytest.raises(error, match=reason) as caught:
        ingest.read(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path) + ": ")
    assert isinstance(caught.value, NoticeError)
    if error is UnsupportedFormat:
        assert ".txt .html .htm .pdf .docx" in message


def test_huge_file_rejected_from_its_size_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: costs no disk and would be all NULs if read
    with pytest.raises(UnreadableInput, match=r"too large \(200\.0 MB; the limit is 50\.0 MB\)"):
        ingest.read(path)


def test_size_limit_can_be_changed(tmp_path, monkeypatch):
    path = FIXTURES / "notice_gbk.txt"
    with pytest.raises(UnreadableInput, match="too large"):
        ingest.read(path, max_bytes=100)
    monkeypatch.setattr(ingest, "MAX_BYTES", 100)
    with pytest.raises(UnreadableInput, match="too large"):
        ingest.read(path)
    assert ingest.read(path, max_bytes=10_000).text


def test_format_libraries_load_lazily():
    names = ("lxml", "pdfplumber", "pdfminer", "docx", "charset_normalizer")
    assert modules_loaded_by("import notice_miner", names) == []


def test_cli_reports_bad_files_and_keeps_going(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes((FIXTURES / "notice_gbk.txt").read_bytes())
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\xff garbage")
    out_dir = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "notice_miner", "parse", "good.txt", "missing.txt", "junk.pdf",
                          "-o", str(out_dir), "--no-labels"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    errors = run.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "missing.txt" in errors[0] and "no such file" in errors[0]
    assert "junk.pdf" in errors[1] and "PDF" in errors[1]
    notice = json.loads((out_dir / "good.json").read_text(encoding="utf-8"))
    assert notice["source"]["encoding"] == "gb18030"
    assert sorted(p.name for p in out_dir.iterdir()) == ["good.json"]


def test_page_whose_meta_charset_lies(tmp_path):
    page = '<html><head><meta charset="utf-8"><title>整改通报</title></head><body><div>' \
           + "<p>县委巡察组反馈意见整改情况。</p>" * 3 + "</div></body></html>"
    path = tmp_path / "lying.html"
    path.write_bytes(page.encode("gbk"))
    doc = ingest.read(path)
    assert doc.encoding == "gb18030"
    assert doc.text.splitlines()[2:] == ["县委巡察组反馈意见整改情况。"] * 3


# PDF line roles on synthetic geometry: page numbers and running heads in other styles than the
# fixture's, and a layout without first-line indents where only punctuation tells paragraphs apart

def _line(text: str, page: int, top: float, x0: float = 72.0, size: float = 12.0) -> pdf._Line:
    return pdf._Line(text=text, x0=x0, x1=x0 + size * len(text), top=top, size=size, page=page)


@pytest.mark.parametrize("number", ["第{n}页", "{n}/3", "- {n} -", "{n}", "第 {n} 页 共 3 页"])
def test_pdf_page_numbers_and_running_heads_in_other_styles(number):
    pages = []
    for n in (1, 2, 3):
        pages.append([_line("某某市财政局文件", n, 30, x0=200),
                      _line(f"第{n}页正文内容在这里" * 3, n, 100),
                      _line(number.format(n=n), n, 800, x0=290)])
    kept = [line.text for line in pdf._drop_page_furniture(pages)]
    assert kept == [f"第{n}页正文内容在这里" * 3 for n in (1, 2, 3)]


def test_pdf_lines_without_indents_join_on_width_and_punctuation():
    full = 30  # characters to a full line
    lines = [
        _line("一、总体情况", 1, 100),
        _line("局党组召开专题会议研究整改工作，明确整改措施共计三十八条，并逐", 1, 120),
        _line("项落实责任。", 1, 140),
        _line("整改完成率达到百分之八十五，追回资金十八万元，建立完善制度九项。", 1, 160),
        _line("1.关于补贴发放的问题。", 1, 180),
    ]
    assert len(lines[1].text) == len(lines[3].text) - 1 == full + 1
    paragraphs = [pdf._join_lines(p) for p in pdf._pdf_paragraphs(lines)]
    assert paragraphs == [
        "一、总体情况",
        "局党组召开专题会议研究整改工作，明确整改措施共计三十八条，并逐项落实责任。",
        "整改完成率达到百分之八十五，追回资金十八万元，建立完善制度九项。",
        "1.关于补贴发放的问题。",
    ]


def _body_page(page: int, top: float, count: int = 6) -> list[pdf._Line]:
    """Body lines of a 12 pt type area from x 74 to 520 (37 characters), the first indented two characters."""
    return [_line("根据县委统一部署县委第二巡察组对县农业农村局党组开展了常规巡察反馈了巡察意见整改"[:37 - 2 * (k == 0)],
                  page, top + 21 * k, x0=98 if k == 0 else 74) for k in range(count)]


def test_pdf_title_wrapped_over_two_centred_lines_is_one_title():
    first = "中共青海省地质矿产勘查开发局委员会关于省委巡视整改进展"  # 27 characters of 16 pt: nearly the full width
    lines = [_line(first, 1, 69, x0=82, size=16), _line("情况的通报", 1, 94, x0=258, size=16), *_body_page(1, 131)]
    paragraphs = pdf._pdf_paragraphs(lines)
    assert pdf._join_lines(paragraphs[0]) == first + "情况的通报"
    assert pdf._pdf_title(paragraphs) == first + "情况的通报"
    assert len(paragraphs) == 2


def test_pdf_title_over_three_lines_in_large_type():
    """A 公文 title at 22 pt: two lines filling the width, the third short and centred."""
    parts = ["中共青禾县农业农村局党组关于县委第二巡察", "组巡察反馈意见整改情况及下一步工作安排", "的通报"]
    assert [len(p) for p in parts] == [20, 19, 3]
    lines = [_line(part, 1, 60 + 30 * k, x0=297 - 11 * len(part), size=22) for k, part in enumerate(parts)]
    lines += _body_page(1, 160)
    paragraphs = pdf._pdf_paragraphs(lines)
    assert pdf._pdf_title(paragraphs) == "".join(parts) and len(paragraphs) == 2


def test_pdf_full_body_line_is_not_taken_for_a_title_line():
    """A body line that fills the measure, then a centred line in body type (a heading): two paragraphs."""
    lines = [*_body_page(1, 100, count=2), _line("整改工作总体情况", 1, 150, x0=249)]
    assert [len(p) for p in pdf._pdf_paragraphs(lines)] == [2, 1]


def test_gongwen_pdf_headings_in_body_type_stay_apart_from_the_indented_line_below():
    """GB/T 9704 page (16 pt, 28 characters a line): a (一) heading of 22 or 24 characters at the indent is
    nearly on the measure's axis, but the indented 1. line under it opens a paragraph of its own (F43)."""
    doc = ingest.read(FIXTURES / "gongwen_two_pages.pdf")
    assert doc.text.splitlines() == made.gongwen_paragraphs()
    assert doc.title == made.GONGWEN_TITLE and doc.warnings == []


def test_pdf_line_on_the_axis_is_not_continued_by_an_indented_full_line():
    """A 24-character heading indented two characters in a 28-character measure is exactly centred; the
    paragraph line under it, with no marker, starts at the same indent and fills the measure: off the axis."""
    def full(text: str, top: float, x0: float) -> pdf._Line:
        line = _line(text, 1, top, x0=x0, size=16)
        line.x1 = 527.4
        return line

    body = [full("根据区委统一部署区委第一巡察组对区工信局党组开展常规", 242 + 29 * k, 79.4) for k in range(2)]
    heading = _line("（二）关于惠企政策落实不到位且兑现周期偏长的问题", 1, 300, x0=111.4, size=16)
    first = full("局党组对巡察反馈的问题逐项制定整改措施建立台账", 329, 111.4)
    last = _line("实行清单管理。", 1, 358, x0=79.4, size=16)
    assert abs((heading.x0 + heading.x1) / 2 - (79.4 + 527.4) / 2) < 1
    paragraphs = [pdf._join_lines(p) for p in pdf._pdf_paragraphs([*body, heading, first, last])]
    assert paragraphs[-2:] == [heading.text, first.text + last.text]


def test_pdf_footnotes_at_the_page_foot_leave_the_paragraph_cut_by_the_page_break_whole():
    """Word's footnotes (8.5 pt under a short rule) sit between the halves of a paragraph running over the
    page break; they are left out, with a warning, and so are the raised reference marks (F34)."""
    path = FIXTURES / "notice_footnotes.pdf"
    doc = ingest.read(path)
    assert doc.text.splitlines() == EXPECTED
    assert doc.warnings == ["3 footnote line(s) at the foot of page(s) 1 left out of the text"]

    import pdfplumber

    with pdfplumber.open(path) as pdf:  # the notes and the marks are really there
        raw = pdf.pages[0].extract_text()
    assert made.FOOTNOTES[1] in raw and "小组1，召开" in raw


def test_pdf_ruled_table_cells_each_on_a_line_of_their_own():
    """As in HTML and DOCX (F18): a summary table's labels and values (F50) and a problem table's cells, the
    wrapped text of a cell joined, read cell by cell; a value cell at the page foot is no page number."""
    path = FIXTURES / "notice_tables.pdf"
    doc = ingest.read(path)
    assert doc.text.splitlines() == made.table_paragraphs()

    import pdfplumber

    with pdfplumber.open(path) as pdf:  # as plain lines the cells run together and a cell wraps
        raw = [page.extract_text().splitlines() for page in pdf.pages]
    assert "12 10 2 83.3% 9" in raw[0] and "工程进度挂钩" in raw[1]


def _foot(notes: list[str], top: float = 740.0, size: float = 8.5) -> list[pdf._Line]:
    return [_line(note, 1, top + 11 * k, size=size) for k, note in enumerate(notes)]


@pytest.mark.parametrize(("refs", "rule", "dropped"), [
    ((), (72.0, 216.0, 735.0), True),  # Word's short separator rule
    (("1",), None, True),  # no rule drawn, but the body carries the mark raised
    ((), None, False),  # small type at the foot with neither: a note of the notice's own
    (("1",), (72.0, 520.0, 735.0), True),
    ((), (72.0, 520.0, 735.0), False),  # a full-width rule (a 公文's 抄送 block between rules) is no separator
])
def test_pdf_footnote_block_needs_a_separator_or_a_reference(refs, rule, dropped):
    body = _body_page(1, 100, count=6)
    body[2].refs = refs
    notes = _foot(["1 整改工作领导小组由局党组书记任组长。", "联系人：王某，电话0851-1234567"])
    pages, left_out = pdf._drop_footnotes([body + notes + [_line("- 1 -", 1, 800, x0=290, size=10)]],
                                             [[rule] if rule else []])
    assert (left_out == notes) is dropped and (notes[0] in pages[0]) is not dropped


def test_pdf_raised_reference_marks_are_taken_out_but_a_units_power_stays():
    def raw(text: str, raised: int) -> dict:
        line = _raw_line(text, gap=0.0)
        mark = line["chars"][raised]
        mark.update(size=7.2, bottom=106.0)
        for ch in line["chars"]:
            ch.setdefault("bottom", 112.0)
        return line

    line = pdf._pdf_line(raw("修订《实施办法》1，将境外投资", 8), 1, 842.0)
    assert (line.text, line.refs) == ("修订《实施办法》，将境外投资", ("1",))
    area = pdf._pdf_line(raw("海外仓面积增加18.6万m2，开通线路", 13), 1, 842.0)
    assert (area.text, area.refs) == ("海外仓面积增加18.6万m2，开通线路", ())


def test_pdf_running_head_on_page_two_only_is_dropped_and_the_title_kept_whole():
    path = FIXTURES / "notice_running_head.pdf"
    doc = ingest.read(path)
    assert doc.text.splitlines() == EXPECTED  # the sentence cut by the page break reads straight on
    assert doc.title == made.TITLE

    import pdfplumber

    with pdfplumber.open(path) as pdf:  # the head is really there, once, atop page 2
        raw = [page.extract_text() for page in pdf.pages]
    assert raw[1].startswith("青禾县农业农村局党组巡察整改情况通报\n") and "整改情况通报\n" not in raw[0]


def _two_pages(head: pdf._Line) -> list[list[pdf._Line]]:
    title = [_line("中共青禾县农业农村局党组关于县委巡察组反馈意见整改", 1, 60, x0=82, size=16),
             _line("情况的通报", 1, 84, x0=257, size=16)]
    return [title + _body_page(1, 120), [head] + _body_page(2, 90)]


@pytest.mark.parametrize("head", [
    _line("青禾县农业农村局巡察整改情况通报", 2, 50, x0=225, size=9),  # small, centred, in the top margin
    _line("农业农村局党组关于巡察整改情况的通报", 2, 50, x0=74),  # body type, flush left: but it is the title's words
])
def test_pdf_running_head_printed_once_is_dropped(head):
    kept = pdf._drop_page_furniture(_two_pages(head))
    assert head not in kept and len(kept) == 2 + 12


@pytest.mark.parametrize("line", [
    _line("整改进展情况", 2, 90, x0=261),  # a short heading in body type, made of title words
    _line("二、问题整改落实情况", 2, 90, x0=74),  # a marker heading
    _line("落实整改措施。", 2, 90, x0=260, size=9),  # small type, but a sentence deep in the page
])
def test_pdf_first_lines_of_a_page_that_are_not_running_heads_stay(line):
    pages = _two_pages(line)
    if line.text.startswith("落实"):
        line.top = 400.0
    kept = pdf._drop_page_furniture(pages)
    assert line in kept


def _raw_line(text: str, gap: float, word_space: float = 0.0, size: float = 12.0) -> dict:
    """What pdfplumber gives for a line: its text with the spaces it inferred, and the characters' boxes
    (CJK a full em wide, ASCII half), `gap` between any two characters and `word_space` more at each space."""
    chars, x = [], 74.0
    for ch in text:
        if ch == " ":
            x += word_space
            continue
        width = size / 2 if ch.isascii() else size
        chars.append({"text": ch, "x0": x, "x1": x + width, "size": size})
        x += width + gap
    return {"text": text, "top": 100.0, "chars": chars}


def test_pdf_letter_spaced_heading_loses_the_spaces_between_its_characters():
    assert pdf._pdf_line(_raw_line("三 、 下 一 步 工 作 打 算", gap=4.0), 1, 842.0).text == "三、下一步工作打算"
    assert pdf._pdf_line(_raw_line("截 至 2 0 2 4 年", gap=5.0), 1, 842.0).text == "截至2024年"


def test_pdf_real_word_spaces_stay():
    line = _raw_line("联系人 张三 电话 0851", gap=0.0, word_space=6.0)
    assert pdf._pdf_line(line, 1, 842.0).text == "联系人 张三 电话 0851"
    justified = _raw_line("巡 察 整 改  情 况", gap=3.5, word_space=6.0)  # one wider gap: a real word break
    assert pdf._pdf_line(justified, 1, 842.0).text == "巡 察 整 改  情 况"


# ---------------------------------------------------------------- hostile input (issue #15)

def test_lone_surrogates_in_text_become_replacement_characters_with_a_warning():
    doc = ingest.from_text("关于整改情况的通报\n一、完善制度\ud800。\n二、\udc80修订办法\ud83d\ude00。\n")
    assert doc.text == "关于整改情况的通报\n一、完善制度\ufffd。\n二、\ufffd修订办法\U0001f600。\n"  # a pair is its character
    assert doc.warnings == ["2 lone surrogate code point(s) (half of a UTF-16 pair, not characters) "
                            "were replaced with �"]
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


@settings(max_examples=50, deadline=None)
@given(text=st.text(st.sampled_from("整改通报一、。\n\ud800\udbff\udc00\udfff"), min_size=1))
def test_any_text_with_surrogates_parses(text):
    notice = notice_miner.parse_text(text, classifier=None)
    assert not any("\ud800" <= ch <= "\udfff" for ch in notice.text)
    json.loads(notice.to_json())


_DEEP_PARAGRAPHS = ["关于巡察整改情况的通报", "一、整改工作开展情况", "（一）完善制度。修订办法三项。", "（二）加强监督。开展检查两次。",
                    "二、下一步工作打算", "持续巩固整改成果。"]


@pytest.mark.parametrize("depth", [254, 300, 1500])
def test_a_page_nested_hundreds_of_levels_deep_is_read_whole(tmp_path, depth):
    """libxml2 stops at 256 levels unless told otherwise; the levels past the limit are flattened, with a warning."""
    paragraphs = "".join(f"<p>{p}</p>" for p in _DEEP_PARAGRAPHS)
    path = tmp_path / "deep.html"
    path.write_text(f"<html><body>{'<div>' * depth}{paragraphs}{'</div>' * depth}</body></html>", encoding="utf-8")
    doc = ingest.read(path)
    assert doc.text.splitlines() == _DEEP_PARAGRAPHS
    assert len(doc.warnings) == 1 and "levels deep" in doc.warnings[0]


def test_a_page_whose_tail_is_nested_deep_keeps_its_lines(tmp_path):
    head = "".join(f"<p>{p}</p>" for p in _DEEP_PARAGRAPHS[:3])
    tail = "".join(f"<div>{p}</div>" for p in _DEEP_PARAGRAPHS[3:])  # one more level each
    path = tmp_path / "tail.html"
    path.write_text(f"<html><body><div>{head}{'<div>' * 400}{tail}{'</div>' * 400}</div></body></html>", encoding="utf-8")
    assert ingest.read(path).text.splitlines() == _DEEP_PARAGRAPHS


def test_a_page_deeper_than_the_parser_reads_says_so(tmp_path):
    path = tmp_path / "abyss.html"
    path.write_text(f"<html><body><p>{_DEEP_PARAGRAPHS[0]}</p>{'<div>' * 3000}<p>{_DEEP_PARAGRAPHS[1]}</p>"
                    f"{'</div>' * 3000}</body></html>", encoding="utf-8")
    try:
        doc = ingest.read(path)
    except UnreadableInput as err:  # nothing read at all: the reason says why
        assert "HTML parser stopped" in str(err) and "\n" not in str(err)
    else:
        assert any("HTML parser stopped" in warning for warning in doc.warnings)
