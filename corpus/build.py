#!/usr/bin/env python3
"""Render the bundled corpus: each composed source in corpus/src/NAME.notice becomes the
document NAME.EXT in its target format and its gold annotation NAME.gold.json.

usage: build.py [--check] [--only NAME ...]

--check   regenerate the gold files and the text-format documents in memory and exit 1 if any
          committed file differs (PDF/DOCX are not compared: their bytes depend on font and library versions).

A source is a header of `key: value` lines, a line `===`, then the notice body.  In the body,
`[MARK]` is a heading marker, `[MARK|label,label]` an item marker with its labels, and `[/]`
ends the item before it.  Blank lines separate paragraphs.  Line prefixes: `# ` title,
`> ` signature line, `| ` table row (DOCX only), `@ ` a line printed without indent.
"""
from __future__ import annotations

import html
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
TAXONOMY = HERE.parent / "src" / "notice_miner" / "data" / "taxonomy.json"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")

META_KEYS = ["agency", "agency_short", "inspector", "inspection_kind", "inspection_start",
             "inspection_end", "feedback_date", "published", "phone", "postcode"]
STATS_KEYS = ["problem_areas", "problems_total", "problems_done", "problems_in_progress",
              "problems_fixed_immediately", "completion_rate", "measures_total", "tasks_total",
              "tasks_done", "rules_made", "funds_recovered_yuan", "people_disciplined",
              "people_org_handled", "people_admonished", "people_criticized", "people_reminded",
              "people_referred", "clues_transferred"]
PLAN_HEADINGS = ("下一步工作打算", "下步打算", "下一步工作安排", "下一步工作计划", "今后工作打算",
                 "下一步打算", "下步工作打算")
TEXT_FORMATS = {"txt-utf8": "utf-8", "txt-utf8-bom": "utf-8-sig", "txt-gbk": "gbk",
                "txt-gb18030": "gb18030", "txt-utf16": "utf-16"}
TOKEN = re.compile(r"\[([^\[\]|]+?)(?:\|([a-z_,]+))?\]")
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}

# marker kind → depth; an item's path is the chain of open markers of smaller depth
RANK = {"part": 0, "sub": 1, "num": 2, "pnum": 3, "enum": 4}


@dataclass
class Item:
    path: list[str]
    marker: str
    text: str
    status: str
    labels: list[str]


@dataclass
class Notice:
    name: str
    header: dict[str, str]
    meta: dict[str, str]
    stats: dict[str, object]
    blocks: list[tuple[str, str]]          # (kind, line text with markers rendered)
    text: str = ""                         # canonical rendered text the gold indexes
    items: list[Item] = field(default_factory=list)

    @property
    def fmt(self) -> str:
        return self.header["format"]

    @property
    def file(self) -> str:
        return self.header["file"]


def normalise_marker(mark: str) -> tuple[str, str]:
    """(kind, normalised marker) of a marker token as printed."""
    if re.fullmatch(r"[①-⑳]", mark):
        return "enum", mark
    m = unicodedata.normalize("NFKC", mark).strip()
    if re.fullmatch(r"[一二三四五六七八九十]+、", m):
        return "part", m[:-1]
    if re.fullmatch(r"\([一二三四五六七八九十]+\)", m):
        return "sub", m
    if mt := re.fullmatch(r"(\d+)[.、]", m):
        return "num", mt.group(1)
    if mt := re.fullmatch(r"(?:反馈)?问题([0-9一二三四五六七八九十]+)[:]?", m):
        return "num", mt.group(1)
    if re.fullmatch(r"\(\d+\)", m):
        return "pnum", m
    if mt := re.fullmatch(r"(第[一二三四五六七八九十]+)[,、:]?", m):
        return "enum", mt.group(1)
    if re.fullmatch(r"[一二三四五六七八九十]+是", m):
        return "enum", m
    raise ValueError(f"unknown marker {mark!r}")


def read_source(path: Path) -> Notice:
    raw = path.read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n===\n")
    if not sep:
        raise SystemExit(f"{path}: no '===' line between header and body")
    header: dict[str, str] = {}
    for line in head.splitlines():
        if line.strip() and not line.startswith("//"):
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
    meta = {k[5:]: v for k, v in header.items() if k.startswith("meta.")}
    stats: dict[str, object] = {}
    for k, v in header.items():
        if k.startswith("stats."):
            stats[k[6:]] = parse_stat(v)
    if header.get("punct") == "half":
        body = body.translate(str.maketrans("，；：（）！？", ",;:()!?"))
    blocks = []
    for line in body.strip("\n").split("\n"):
        if not line.strip():
            blocks.append(("blank", ""))
        elif line.startswith("# "):
            blocks.append(("title", line[2:]))
        elif line.startswith("> "):
            blocks.append(("sig", line[2:]))
        elif line.startswith("| "):
            blocks.append(("row", line[2:]))
        elif line.startswith("@ "):
            blocks.append(("plain", line[2:]))
        else:
            blocks.append(("para", line))
    return Notice(path.stem, header, meta, stats, blocks)


def parse_stat(value: str) -> object:
    """A stat as written in the header: 12, 0.871, 87.1%, 21.37万元, 4300元."""
    v = value.replace(",", "")
    if v.endswith("%"):
        return round(float(v[:-1]) / 100, 6)
    if v.endswith("万元"):
        return round(float(v[:-2]) * 10000)
    if v.endswith("亿元"):
        return round(float(v[:-2]) * 100000000)
    if v.endswith("元"):
        return round(float(v[:-1]))
    return float(v) if "." in v else int(v)


def stat_surface(value: str) -> str:
    """The string a stat written with a unit must appear as in the text."""
    return value if value.endswith(("%", "元")) else ""


def line_prefix(notice: Notice, kind: str, for_txt: bool) -> str:
    if not for_txt or kind in ("title", "sig", "plain", "blank"):
        return ""
    return {"fullwidth": "\u3000\u3000", "spaces": "    ", "none": ""}[notice.header.get("indent", "fullwidth")]


def assemble(notice: Notice, for_txt: bool, blanks: bool = True) -> tuple[str, list[tuple[int, int, str, str | None]]]:
    """Rendered text and its tokens (start, end, mark, labels) in rendered offsets."""
    out: list[str] = []
    tokens: list[tuple[int, int, str, str | None]] = []
    pos = 0
    lines = [(k, t) for k, t in notice.blocks if (k != "row" or not for_txt) and (k != "blank" or blanks)]
    for n, (kind, line) in enumerate(lines):
        if kind == "row":
            line = "　".join(c.strip() for c in line.split("|"))
        piece = line_prefix(notice, kind, for_txt)
        out.append(piece)
        pos += len(piece)
        last = 0
        for m in TOKEN.finditer(line):
            out.append(line[last:m.start()])
            pos += m.start() - last
            mark = "" if m.group(1) == "/" else m.group(1)
            if mark and line[:m.start()].endswith(mark):
                raise SystemExit(f"{notice.name}: marker {mark} printed twice")
            tokens.append((pos, pos + len(mark), m.group(1), m.group(2)))
            out.append(mark)
            pos += len(mark)
            last = m.end()
        out.append(line[last:])
        pos += len(line) - last
        if n < len(lines) - 1:
            out.append("\n")
            pos += 1
    text = "".join(out)
    if "[" in text or "]" in text:
        raise SystemExit(f"{notice.name}: stray bracket in body")
    return text, tokens


def extract_items(notice: Notice, text: str, tokens, check: bool = True) -> list[Item]:
    items: list[Item] = []
    stack: list[tuple[str, str, str]] = []        # (kind, normalised marker, heading text)
    for i, (start, end, mark, labels) in enumerate(tokens):
        if mark == "/":
            continue
        stop = tokens[i + 1][0] if i + 1 < len(tokens) else len(text)
        own = text[end:stop].strip()
        kind, norm = normalise_marker(mark)
        while stack and RANK[stack[-1][0]] >= RANK[kind]:
            stack.pop()
        if labels is None:
            stack.append((kind, norm, own.split("\n")[0]))
            continue
        if i + 1 == len(tokens):
            raise SystemExit(f"{notice.name}: last item {mark} is not closed with [/]")
        if check and ("\n\n" in own or "联系电话" in own):
            raise SystemExit(f"{notice.name}: item {mark} runs over a paragraph break: {own[:60]}…")
        plan = any(p in head for _, _, head in stack for p in PLAN_HEADINGS)
        items.append(Item([s[1] for s in stack] + [norm], norm, own, "plan" if plan else "done",
                          labels.split(",")))
    return items


def parse_cn_date(s: str) -> str | None:
    s = s.strip()
    if m := re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", s):
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m := re.fullmatch(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]+)月([一二三四五六七八九十]+)日", s):
        year = int("".join(str(CN_DIGITS[c]) for c in m[1]))
        return f"{year:04d}-{cn_small(m[2]):02d}-{cn_small(m[3]):02d}"
    return None


def cn_small(s: str) -> int:
    if "十" not in s:
        return CN_DIGITS[s]
    tens, _, ones = s.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def validate(notice: Notice, labels_known: set[str]) -> None:
    where = notice.name
    bad = set(notice.meta) - set(META_KEYS)
    bad |= set(notice.stats) - set(STATS_KEYS)
    if bad:
        raise SystemExit(f"{where}: unknown keys {sorted(bad)}")
    sig_dates = [d for k, t in notice.blocks if k == "sig" and (d := parse_cn_date(t))]
    if notice.meta.get("published") != (sig_dates[-1] if sig_dates else None):
        raise SystemExit(f"{where}: published {notice.meta.get('published')} ≠ signature {sig_dates}")
    for key in ("agency", "agency_short", "inspector", "phone", "postcode"):
        if key in notice.meta and notice.meta[key] not in notice.text:
            raise SystemExit(f"{where}: metadata {key}={notice.meta[key]!r} not in the text")
    for key, raw in notice.header.items():
        if key.startswith("stats.") and (surface := stat_surface(raw)) and surface not in notice.text:
            raise SystemExit(f"{where}: {key} {surface!r} not in the text")
    for it in notice.items:
        if not 1 <= len(it.labels) <= 3 or set(it.labels) - labels_known or len(set(it.labels)) < len(it.labels):
            raise SystemExit(f"{where}: bad labels {it.labels} at {it.path}")
    if notice.fmt in ("txt-gbk", "txt-gb18030"):
        notice.text.encode(TEXT_FORMATS[notice.fmt])


def gold_of(notice: Notice) -> dict:
    return {
        "file": notice.file,
        "metadata": {k: notice.meta[k] for k in META_KEYS if k in notice.meta},
        "stats": {k: notice.stats[k] for k in STATS_KEYS if k in notice.stats},
        "items": [{"path": it.path, "marker": it.marker, "text": it.text, "status": it.status,
                   "labels": it.labels} for it in notice.items],
    }


def build(notice: Notice, labels_known: set[str]) -> None:
    txt = notice.fmt in TEXT_FORMATS
    notice.text, tokens = assemble(notice, for_txt=txt)
    notice.items = extract_items(notice, notice.text, tokens)
    if txt and notice.header.get("blank_lines") == "no":
        # the paragraph-break checks above ran on the text with blank lines
        notice.text, tokens = assemble(notice, for_txt=txt, blanks=False)
        notice.items = extract_items(notice, notice.text, tokens, check=False)
    validate(notice, labels_known)


# ---------------------------------------------------------------- renderers

def render_txt(notice: Notice) -> bytes:
    text = notice.text + "\n"
    if notice.header.get("newline") == "crlf":
        text = text.replace("\n", "\r\n")
    return text.encode(TEXT_FORMATS[notice.fmt])


def paragraphs(notice: Notice) -> list[tuple[str, list[str]]]:
    """Rendered paragraphs as (kind, lines); tables as ("table", rows)."""
    text, _ = assemble(notice, for_txt=False)
    kinds = [k for k, _ in notice.blocks]
    lines = text.split("\n")
    out: list[tuple[str, list[str]]] = []
    for kind, line in zip(kinds, lines):
        if kind == "blank":
            out.append(("blank", []))
        elif out and out[-1][0] == kind and kind in ("para", "row"):
            out[-1][1].append(line)
        else:
            out.append((kind, [line]))
    return [p for p in out if p[0] != "blank"]


HTML_A = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="{site}">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{pubtime}">
<title>{title}-{site}</title>
<link rel="stylesheet" href="/css/base.css">
<script src="/js/common.js"></script>
</head>
<body>
<div id="topbar"><div class="w1200"><span>欢迎访问{site}！</span><a href="/m/">手机版</a><a href="/wza/">无障碍</a><a href="javascript:;" class="care">关怀版</a></div></div>
<div id="head"><div class="w1200"><a href="/" class="logo"><img src="/images/logo.png" alt="{site}"></a>
<div class="sch"><input id="kw" type="text" value="" placeholder="站内搜索"><a href="javascript:;" onclick="doSearch()">搜 索</a></div></div></div>
<ul id="menu" class="w1200">
<li><a href="/">网站首页</a></li><li><a href="/zwgk/">政府信息公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/gzhd/">公众互动</a></li><li><a href="/ztzl/">专题专栏</a></li><li><a href="/lxwm/">联系我们</a></li>
</ul>
<div class="w1200 position">您所在的位置：{crumbs}</div>
<div class="w1200 detail">
<table class="gk-table" border="1" cellspacing="0">
<tbody>
<tr><td class="t">信息索引号</td><td>{index_no}</td><td class="t">生成日期</td><td>{written}</td></tr>
<tr><td class="t">文件名称</td><td colspan="3">{title}</td></tr>
<tr><td class="t">发布机构</td><td>{publisher}</td><td class="t">成文日期</td><td>{written}</td></tr>
<tr><td class="t">主题分类</td><td>其他</td><td class="t">公开方式</td><td>主动公开</td></tr>
</tbody>
</table>
<div class="art-title"><h2>{title}</h2></div>
<div class="art-info"><span>来源：{source}</span><span>发布时间：{pubtime}</span><span>点击数：<b id="clicks">{clicks}</b></span><span class="zh">【字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span></div>
<div class="art-con" id="zoomcon">
{body}
</div>
<div class="bdsharebuttonbox"><span>分享：</span><a href="#" class="bds_weixin" data-cmd="weixin" title="分享到微信"></a><a href="#" class="bds_tsina" data-cmd="tsina" title="分享到新浪微博"></a><a href="#" class="bds_qzone" data-cmd="qzone" title="分享到QQ空间"></a></div>
<div class="art-btn"><a href="javascript:window.print();">打印本页</a><a href="javascript:window.close();">关闭窗口</a></div>
<div class="prev-next"><p>上一篇：<a href="./t20240911_1.html">{prev}</a></p><p>下一篇：<a href="./t20241105_3.html">{next}</a></p></div>
</div>
<div id="foot"><div class="w1200">
<p>版权所有：{site}　主办：{owner}</p>
<p>地址：{footer_address}　邮编：{footer_postcode}　电话：{footer_phone}</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">{icp}</a>　网站标识码：{site_code}</p>
</div></div>
</body>
</html>
"""

HTML_B = """<!doctype html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}_{site}</title>
<meta name="keywords" content="巡察整改,{publisher}">
<meta name="description" content="{title}">
<style type="text/css">
body {{ margin:0; font-family: "Microsoft YaHei"; }}
.TRS_Editor p {{ line-height:180%; font-size:16px; }}
</style>
</head>
<body>
<div class="header">
  <div class="banner"><img src="/res/banner.jpg" alt="{site}"></div>
  <div class="navbar">
    <a href="/index.html">首页</a><a href="/ywjj/">要闻聚焦</a><a href="/xcgz/">巡察工作</a><a href="/dfjs/">党风廉政</a><a href="/jsbg/">监督曝光</a><a href="/jbzq/">举报专区</a><a href="/zcfg/">政策法规</a>
  </div>
</div>
<div class="content-wrap">
  <div class="left-col">
    <h4>巡察工作</h4>
    <ul class="sub-menu"><li><a href="/xcgz/xcdt/">巡察动态</a></li><li class="on"><a href="/xcgz/zggk/">整改公开</a></li><li><a href="/xcgz/xcjb/">巡察监督</a></li></ul>
    <div class="jb-box">举报电话：{footer_phone}<br>来信地址：{footer_address}</div>
  </div>
  <div class="right-col">
    <div class="breadcrumb">您当前的位置：{crumbs}</div>
    <div class="info-index">
      <span>索 引 号：{index_no}</span>
      <span>发布机构：{publisher}</span>
      <span>成文日期：{written}</span>
      <span>文件名称：{title}</span>
    </div>
    <h1 class="news-title">{title}</h1>
    <div class="news-attr">
      <span class="time">发布时间：{pubtime}</span>&nbsp;&nbsp;<span class="src">来源：{source}</span>&nbsp;&nbsp;<span class="author">编辑：{editor}</span>&nbsp;&nbsp;<span class="views">阅读次数：<script>document.write({clicks});</script></span>
    </div>
    <div class="TRS_Editor">
{body}
    </div>
    <div class="share"><span>【分享到】</span><a class="jiathis_button_weixin">微信</a><a class="jiathis_button_tsina">微博</a><a class="jiathis_button_cqq">QQ</a></div>
    <div class="tools"><a href="javascript:window.print()">【打印】</a><a href="javascript:addFavorite()">【收藏】</a><a href="javascript:self.close()">【关闭】</a></div>
  </div>
</div>
<div class="footer">
  <p>{site}　版权所有　技术支持：{owner}</p>
  <p>地址：{footer_address}　邮政编码：{footer_postcode}　值班电话：{footer_phone}</p>
  <p>{icp}</p>
</div>
</body>
</html>
"""


def html_escape_cn(s: str, entities: bool) -> str:
    s = html.escape(s, quote=False)
    if entities:
        s = s.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("—", "&mdash;").replace("\u3000", "&#12288;")
    return s


def render_html(notice: Notice) -> bytes:
    h = {k[5:]: v for k, v in notice.header.items() if k.startswith("html.")}
    title = next(t for k, ls in paragraphs(notice) if k == "title" for t in ls)
    template_b = notice.fmt == "html-b"
    body = []
    for kind, lines in paragraphs(notice):
        if kind == "title":
            continue
        esc = [html_escape_cn(line, template_b) for line in lines]
        if kind == "sig":
            body.extend(f'<p style="text-align: right;">{e}</p>' for e in esc)
        elif template_b:
            joined = "<br/>\n&#12288;&#12288;".join(esc)
            strong = TOKEN_HEADING.match(lines[0]) and len(lines[0]) < 40
            inner = f"<strong>{joined}</strong>" if strong else joined
            body.append(f'<p align="justify">&#12288;&#12288;{inner}</p>')
        else:
            joined = "<br>".join(esc)
            body.append(f'<p style="text-indent: 2em;"><span style="font-family: 仿宋_GB2312; font-size: 16pt;">{joined}</span></p>')
    fields = {**h, "title": html.escape(title), "body": "\n".join(body)}
    page = (HTML_B if template_b else HTML_A).format(**fields)
    return page.encode("utf-8")


TOKEN_HEADING = re.compile(r"[一二三四五六七八九十]+、")


def render_pdf(notice: Notice) -> bytes:
    from fpdf import FPDF

    running = notice.header["pdf.header"]

    class Doc(FPDF):
        def header(self):
            if self.page_no() > 1:
                self.set_font("zh", size=9)
                self.set_y(14)
                self.cell(0, 5, running, align="C")
                self.line(self.l_margin, 20, self.w - self.r_margin, 20)

        def footer(self):
            self.set_y(-22)
            self.set_font("zh", size=12)
            self.cell(0, 8, f"— {self.page_no()} —", align="C")

    pdf = Doc(format="A4", unit="mm")
    pdf.set_creation_date(__import__("datetime").datetime(2025, 1, 1))
    pdf.add_font("zh", fname=str(CJK_FONT))
    pdf.set_margins(26, 30, 24)
    pdf.set_auto_page_break(False)
    bottom = pdf.h - 30
    pdf.add_page()
    size, lead = 13, 8.2
    width = pdf.w - pdf.l_margin - pdf.r_margin
    notice.header["_pdf_breaks"] = "0"

    def wrap(text: str, first_indent: float) -> list[str]:
        lines, cur, avail = [], "", width - first_indent
        for ch in text:
            if pdf.get_string_width(cur + ch) > avail and cur:
                # no closing punctuation at a line start, no opening one at a line end
                line, carry = cur, ch
                while len(line) > 1 and (carry[0] in "，。、；：）》”！？" or line[-1] in "“《（"):
                    line, carry = line[:-1], line[-1] + carry
                lines.append(line)
                cur, avail = carry, width
                continue
            cur += ch
        lines.append(cur)
        return lines

    for kind, lines in paragraphs(notice):
        if kind == "title":
            pdf.set_font("zh", size=19)
            for t in lines:
                for row in wrap(t, 0):
                    pdf.set_x(pdf.l_margin)
                    pdf.cell(width, 11, row, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
            continue
        pdf.set_font("zh", size=size)
        for line in lines:
            indent = 0 if kind == "sig" else pdf.get_string_width("中中")
            rows = wrap(line, indent)
            for n, row in enumerate(rows):
                if pdf.get_y() + lead > bottom:
                    pdf.add_page()
                    pdf.set_y(30)
                    if n:
                        notice.header["_pdf_breaks"] = str(int(notice.header["_pdf_breaks"]) + 1)
                if kind == "sig":
                    pdf.set_x(pdf.l_margin)
                    pdf.cell(width - 8, lead, row, align="R", new_x="LMARGIN", new_y="NEXT")
                else:
                    pdf.set_x(pdf.l_margin + (indent if n == 0 else 0))
                    pdf.cell(0, lead, row, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render_docx(notice: Notice) -> bytes:
    import datetime

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.created = datetime.datetime(2025, 1, 1)
    doc.core_properties.modified = datetime.datetime(2025, 1, 1)
    doc.core_properties.author = notice.header.get("docx.author", "")
    style = doc.styles["Normal"]
    style.font.size = Pt(15)
    style.font.name = "FangSong"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    split_runs = notice.header.get("docx.runs") == "split"
    for kind, lines in paragraphs(notice):
        if kind == "table":
            continue
        if kind == "row":
            rows = [r.split("\u3000") for r in lines]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
            continue
        for line in lines:
            p = doc.add_paragraph()
            if kind == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = p.add_run(line)
                run.bold = True
                run.font.size = Pt(20)
                continue
            if kind == "sig":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.add_run(line)
                continue
            p.paragraph_format.first_line_indent = Pt(30)
            head = TOKEN_HEADING.match(line)
            if head and len(line) < 40:
                p.add_run(line).bold = True
            elif split_runs and (m := re.match(r"(（[一二三四五六七八九十]+）|\d+[．.、]|第[一二三四五六七八九十]+，)", line)):
                p.add_run(m.group(1)).bold = True
                rest = line[m.end():]
                # break the rest into runs at sentence ends, as Word does after edits
                for piece in re.findall(r"[^。；]*[。；]?", rest):
                    if piece:
                        p.add_run(piece)
            else:
                p.add_run(line)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every member dated 2025-01-01, so rebuilding does not change the bytes."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render(notice: Notice) -> bytes:
    if notice.fmt in TEXT_FORMATS:
        return render_txt(notice)
    if notice.fmt.startswith("html"):
        return render_html(notice)
    if notice.fmt == "pdf":
        return render_pdf(notice)
    if notice.fmt.startswith("docx"):
        return render_docx(notice)
    raise SystemExit(f"{notice.name}: unknown format {notice.fmt}")


# ---------------------------------------------------------------- README

README_HEAD = """# Bundled corpus

Rectification notices (巡察/巡视整改情况的通报) that ship with notice-miner. They are the input of the
project's main job (`notice-miner batch corpus -o out`), regression tests (`tests/test_corpus_gold.py`
checks the gold against the documents; the scorer test checks the parser's output against the gold) and
training data for the measure classifier.

**All notices here are composed for this project and report no real events.** The bodies' findings,
measures, amounts, counts, dates, document names, platform names, phone numbers, postcodes, addresses
and web pages are invented. Place names are real and a body's name may match a real institution, but
nothing here describes any real body. Do not cite these files as facts.

Each notice is written once as a source, `src/NAME.notice`, and `build.py` renders both the document
(`NAME.txt` / `.html` / `.pdf` / `.docx`) and its gold annotation `NAME.gold.json` (format:
`shared/spec/gold-format.md`) from it, so the gold text is the document's text by construction.
Rebuild with `/work/venv/bin/python corpus/build.py` (PDFs need `fonts-wqy-zenhei`);
`build.py --check` verifies that committed gold and text files match their sources.
`corpus/training/` is separate (classifier training material) and not part of this table.

## Source syntax

A header of `key: value` lines (`file`, `format`, `meta.*`, `stats.*`, page and layout details), a line
`===`, then the body. `[一、]` marks a heading, `[一是|supervision,institution]` an item with its labels
(most important first), `[/]` closes the item before it. The renderer prints the markers as written;
an item's gold text runs from after its marker to the next marker, so it is exactly what the document
says. Paths follow marker depth 一、 > （一） > 1./1、/问题N > （1） > 一是/第一/①. Status is `plan` under a
heading that says 下一步工作打算, 下步打算, 下一步打算, 下一步工作安排, 下一步工作计划 or 今后工作打算.

## Notices

| file | body | format / encoding | structure | items (plan) |
|---|---|---|---|---|
"""

README_TAIL = """
## Annotation notes

- Gold follows the text, not what the text should have said: where a notice skips a number, the gold
  keeps the printed numbers (the parser is expected to warn).
- False markers inside sentences (第一时间, 第一责任人, 驻村第一书记, 一是一、二是二) are never items.
- Web pages, PDFs and Word files: item text is the text without tags, page furniture or line wrapping;
  for HTML/PDF/DOCX the gold text carries no indentation. Page numbers, running headers, site
  navigation, footers and their phone numbers are not part of the notice; `phone` and `postcode` come
  from the notice's own contact line, `published` from its signature date.
- `stats` holds only figures the summary lines state (see the shared conventions): a stated zero
  (给予党纪处分0人) is 0; “未发现需要追缴的资金” states no figure and is left out.
- The DOCX ledger table in the district office notice holds no enumerated items.
"""


def readme(notices: list[Notice]) -> str:
    labels = [lab["id"] for lab in json.loads(TAXONOMY.read_text(encoding="utf-8"))["labels"]]
    rows = []
    first: dict[str, int] = dict.fromkeys(labels, 0)
    anywhere: dict[str, int] = dict.fromkeys(labels, 0)
    total = plans = 0
    for n in notices:
        plan = sum(it.status == "plan" for it in n.items)
        total += len(n.items)
        plans += plan
        rows.append(f"| {n.file} | {n.header['body']} | {n.header['format_note']} | {n.header['structure']} | "
                    f"{len(n.items)} ({plan}) |")
        for it in n.items:
            first[it.labels[0]] += 1
            for lab in it.labels:
                anywhere[lab] += 1
    table = ["", f"Totals: {len(notices)} notices, {total} items ({plans} plan).", "",
             "## Labels", "", "| label | first label | any position |", "|---|---|---|"]
    table += [f"| `{lab}` | {first[lab]} | {anywhere[lab]} |" for lab in labels]
    return README_HEAD + "\n".join(rows) + "\n" + "\n".join(table) + "\n" + README_TAIL


def main(argv: list[str]) -> int:
    check = "--check" in argv
    only = set(argv[argv.index("--only") + 1:]) if "--only" in argv else set()
    known = {lab["id"] for lab in json.loads(TAXONOMY.read_text(encoding="utf-8"))["labels"]}
    notices = []
    for path in sorted(SRC.glob("*.notice")):
        notice = read_source(path)
        build(notice, known)
        notices.append(notice)
    stale = []
    for notice in notices:
        if only and notice.name not in only:
            continue
        gold = json.dumps(gold_of(notice), ensure_ascii=False, indent=1) + "\n"
        outputs = {f"{notice.name}.gold.json": gold.encode("utf-8")}
        if notice.fmt in TEXT_FORMATS or notice.fmt.startswith("html") or not check:
            outputs[notice.file] = render(notice)
        for fname, data in outputs.items():
            target = HERE / fname
            if check:
                if not target.exists() or target.read_bytes() != data:
                    stale.append(fname)
            else:
                target.write_bytes(data)
        if not check:
            extra = f", {notice.header['_pdf_breaks']} paragraph(s) across a page break" if notice.fmt == "pdf" else ""
            print(f"{notice.file}: {len(notice.items)} items{extra}")
    text = readme(notices)
    if check:
        if (HERE / "README.md").read_text(encoding="utf-8") != text:
            stale.append("README.md")
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        print(f"{len(notices)} notices up to date")
        return 0
    if not only:
        (HERE / "README.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
