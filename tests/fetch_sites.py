"""Composed agency websites for the fetch tests, served on 127.0.0.1 only.

Four hosts, each its own server (one port each):

    jcms   UTF-8; list /col/col1229/index.html paginated by ?page=N; articles /art/YYYY/M/D/art_1229_N.html;
           a robots.txt disallowing /col/col9999/ (which the list links into); a 429 with Retry-After; PDF
           attachments (one of them broken) and a notice published as a PDF straight from the list
    trs    GBK without any declared charset; list /xxgk/tzgg/index.html, pages index_N.html drawn by a
           createPageHTML script; articles ./YYYYMM/tYYYYMMDD_N.html; a DOCX attachment; a page that always
           answers 500, one that answers 500 once; a redirect loop
    vsb    list /zyxw/list.shtml, pages list_N.shtml behind 下一页; articles /info/1026/N.htm; Crawl-delay;
           a page sent gzipped unasked, a slow page, an attachment over the size limit, a transfer cut short, a JSON "list"
    wall   every page a JavaScript challenge

Every list mixes notices with news about rectification (meetings, orders, training) and other items;
`Site.truth` is the set of notice URLs each list links to. Servers log every request with its
monotonic time, so the tests check the crawler's pace and what it asked for from the server's side.
All names are made up (青禾县, 松川市 …) and report no real events.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"

ORGS = ["青禾县农业农村局", "松川市住房和城乡建设局", "柳溪区教育局", "青禾县水利局", "松川市交通运输局",
        "柳溪区卫生健康局", "青禾县市场监督管理局", "松川市自然资源局", "柳溪区财政局", "青禾县民政局",
        "松川市林业局", "柳溪区文化和旅游局", "青禾县人力资源和社会保障局", "松川市审计局", "柳溪区商务局"]
TEAMS = ["县委第二巡察组", "市委第三巡察组", "区委第一巡察组", "县委第四巡察组", "市委第五巡察组"]
NOTICE_TITLES = [
    "中共{org}党组关于{team}反馈意见整改情况的通报",
    "{org}关于巡察整改进展情况的公示",
    "关于{team}巡察反馈问题整改落实情况的报告",
    "中共{org}委员会关于巡视整改工作情况的通报",
    "{org}巡察整改情况通报",
    "关于{org}巡察集中整改进展情况的公告",
    "{org}党组关于落实{team}反馈意见整改工作的报告",
]
OTHER_TITLES = [
    "{org}召开巡察整改工作推进会",
    "{team}向{org}党组反馈巡察情况",
    "{org}关于开展安全隐患排查整改专项行动的通知",
    "{org}举办巡察整改专题培训班",
    "{org}2023年政府信息公开工作年度报告",
    "{org}办公楼维修改造项目招标公告",
    "{team}到{org}督导巡察整改工作",
    "关于公开征求《{org}行政执法公示办法》意见的公告",
    "{org}召开巡察反馈意见整改专题民主生活会",
    "《关于巡察整改情况通报》的政策解读",
]
TOPICS = ["惠农补贴发放不规范", "项目资金监管不到位", "公务用车管理不严格", "政府采购程序不规范", "档案管理不健全"]


def notice_paragraphs(org: str, team: str, year: int, k: int) -> list[str]:
    """A composed rectification notice: preamble, general part, problem-by-problem part, next steps, contact."""
    first, second = TOPICS[k % 5], TOPICS[(k + 2) % 5]
    return [
        f"根据统一部署，{year}年3月至5月，{team}对{org}党组开展了常规巡察，并于{year}年6月反馈了巡察意见。"
        "现将整改情况通报如下。",
        "一、整改工作总体情况",
        f"（一）加强组织领导。成立整改工作领导小组，召开专题会议{k % 7 + 3}次，逐项明确责任领导和完成时限。",
        f"（二）建立整改台账。对反馈的3个方面{k % 9 + 8}个问题，制定整改措施{k % 11 + 20}条，已完成整改{k % 9 + 6}个。",
        "二、问题整改落实情况",
        f"1.关于{first}的问题。一是开展全面核查，清理不合规事项{k + 4}件。二是建立部门会审制度，审核结果公示不少于7天。",
        f"2.关于{second}的问题。一是修订管理办法，实行台账管理。二是开展专项检查，追回资金{k + 2}.5万元。",
        "三、下一步工作打算",
        "（一）持续巩固整改成果。对已完成的整改事项适时开展“回头看”。",
        "（二）建立长效机制。把整改成果转化为制度成果。",
        f"欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-{1234567 + k}。",
        org,
        f"{year}年{k % 12 + 1}月{k % 27 + 1}日",
    ]


def article_html(title: str, paragraphs: list[str], published: date, org: str, *, charset: str | None = "utf-8",
                 extra: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
            '<div class="nav"><a href="/">首页</a> <a href="/col/index.html">巡察整改</a> <a href="/zwgk/">政务公开</a></div>'
            f'<div class="article"><h1>{title}</h1><div class="info">发布时间：{published.isoformat()} 来源：{org}</div>'
            f'<div class="content">{body}</div>{extra}</div>'
            '<div class="footer">主办单位：某某办公室 联系我们 网站地图</div></body></html>')


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    behaviour: str | None = None  # retry-after-once, fail-once, always-500, slow, loop-a, loop-b, cut-short
    target: str | None = None  # where a redirect goes
    hits: int = 0


@dataclass
class Site:
    name: str
    routes: dict[str, Route] = field(default_factory=dict)
    truth: set[str] = field(default_factory=set)  # notice URLs (absolute) the lists link to
    disallowed: tuple[str, ...] = ()
    log: list[tuple[float, str, dict]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, path: str, body: str | bytes, **kw) -> None:
        self.routes[path] = Route(body if isinstance(body, bytes) else body.encode("utf-8"), **kw)

    def requested(self) -> list[str]:
        return [path for _, path, _ in self.log]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # the site keeps its own log
            pass

        def do_GET(self) -> None:  # noqa: N802
            site.log.append((time.monotonic(), self.path, dict(self.headers)))
            route = site.routes.get(self.path)
            if route is None:
                self._send(404, b"<html><body>not found</body></html>", "text/html")
                return
            route.hits += 1
            self._answer(route)

        def _answer(self, route: Route) -> None:
            b = route.behaviour
            if b == "retry-after-once" and route.hits == 1:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            elif (b == "fail-once" and route.hits == 1) or b == "always-500":
                self._send(500, b"internal error", "text/plain")
            elif b == "redirect":
                self._send(302, b"", "text/html", {"Location": route.target})
            elif b == "gzip":  # compressed although the client asked for identity, as some servers do
                self._send(200, gzip.compress(route.body), route.content_type, {"Content-Encoding": "gzip"})
            elif b == "cut-short":
                self._send(200, route.body[:100], route.content_type, length=len(route.body))
            else:
                if b == "slow":
                    time.sleep(2.0)
                self._content(route)

        def _content(self, route: Route) -> None:
            etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", None, {"ETag": etag})
                return
            self._send(route.status, route.body, route.content_type,
                       {"ETag": etag, "Last-Modified": formatdate(1700000000, usegmt=True)})

        def _send(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None,
                  length: int | None = None) -> None:
            try:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                if length is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                if length is not None:
                    self.close_connection = True
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # a client that hung up (timeouts) is expected
        pass


def serve(site: Site) -> Site:
    site.server = _Server(("127.0.0.1", 0), _handler(site))
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    return site


def stop(site: Site) -> None:
    site.server.shutdown()
    site.server.server_close()


# --- the sites ----------------------------------------------------------------------------------

def _entries(seed: int, count: int, start: date) -> list[tuple[str, bool, date, int]]:
    """(title, is_notice, date, number) newest first: about half notices, the rest news and other items."""
    out = []
    for i in range(count):
        k = seed * 100 + i
        org, team = ORGS[k % len(ORGS)], TEAMS[k % len(TEAMS)]
        notice = (i * 7 + seed) % 2 == 0
        pool = NOTICE_TITLES if notice else OTHER_TITLES
        title = pool[(i + seed) % len(pool)].format(org=org, team=team)
        out.append((title, notice, start - timedelta(days=9 * i), k))
    return out


def _notice_page(title: str, k: int, day: date, *, charset: str | None = "utf-8", extra: str = "") -> str:
    org, team = ORGS[k % len(ORGS)], TEAMS[k % len(TEAMS)]
    return article_html(title, notice_paragraphs(org, team, day.year, k), day, org, charset=charset, extra=extra)


def _other_page(title: str, day: date, *, charset: str | None = "utf-8") -> str:
    return article_html(title, ["本网讯 近日，有关单位按计划开展了相关工作。", "会议要求，各单位要抓好落实。"], day, "本网",
                        charset=charset)


def jcms_site(now: date) -> Site:
    site = Site("jcms", disallowed=("/col/col9999/",))
    site.add("/robots.txt", "User-agent: *\nDisallow: /col/col9999/\n", content_type="text/plain")
    entries = _entries(1, 30, now)
    for page in range(3):
        items = []
        for n, (title, notice, day, k) in enumerate(entries[page * 10:(page + 1) * 10]):
            path = f"/art/{day.year}/{day.month}/{day.day}/art_1229_{k}.html"
            if notice and n == 3:  # a notice published as a PDF straight from the list
                path = f"/module/download/{k}.pdf"
                site.add(path, (FIXTURES / "notice_two_pages.pdf").read_bytes(), content_type="application/pdf")
            elif notice:
                extra = ""
                if (page, n) == (0, 5):  # an attachment that is broken: a PDF cut off after 600 bytes
                    extra = f'<p>附件：<a href="/module/download/{k}-broken.pdf">整改台账.pdf</a></p>'
                    site.add(f"/module/download/{k}-broken.pdf", (FIXTURES / "notice_two_pages.pdf").read_bytes()[:600],
                             content_type="application/pdf")
                if n == 1:
                    extra = f'<div class="fj">附件：<a href="/module/download/{k}-fj.pdf">{title}.pdf</a></div>'
                    site.add(f"/module/download/{k}-fj.pdf", (FIXTURES / "notice_two_pages.pdf").read_bytes(),
                             content_type="application/pdf")
                site.add(path, _notice_page(title, k, day, extra=extra),
                         behaviour="retry-after-once" if (page, n) == (1, 5) else None)
            else:
                site.add(path, _other_page(title, day))
            if notice:
                site.truth.add(path)
            short = title if len(title) <= 24 else title[:22] + "…"
            items.append(f'<li><a href="{path}" title="{title}" target="_blank">{short}</a>'
                         f'<span class="bt-date">{day.isoformat()}</span></li>')
        if page == 0:  # the disallowed section, linked from the list
            for j in range(2):
                path = f"/col/col9999/art_9999_{j}.html"
                title = f"{ORGS[j]}关于内部巡察整改情况的通报"
                site.add(path, _notice_page(title, j, now))
                site.truth.add(path)
                items.append(f'<li><a href="{path}">{title}</a><span class="bt-date">{now.isoformat()}</span></li>')
        pager = (f'<a href="?page={page + 2}">下一页</a>' if page < 2 else "") + (
            f' <a href="?page={page}">上一页</a>' if page else "")
        list_path = "/col/col1229/index.html" + (f"?page={page + 1}" if page else "")
        site.add(list_path, _list_html("巡察整改", items, pager, charset="utf-8"))
    return serve(site)


def trs_site(now: date) -> Site:
    site = Site("trs")
    # robots.txt moved: the rules are one redirect away
    site.add("/robots.txt", b"", behaviour="redirect", target="/static/robots.txt")
    site.add("/static/robots.txt", "User-agent: *\nDisallow: /xxgk/tzgg/202312/\n", content_type="text/plain")
    entries = _entries(2, 30, now)
    for page in range(3):
        items = []
        for n, (title, notice, day, k) in enumerate(entries[page * 10:(page + 1) * 10]):
            rel = f"./{day.year}{day.month:02d}/t{day.year}{day.month:02d}{day.day:02d}_{1895000 + k}.html"
            path = "/xxgk/tzgg" + rel[1:]
            behaviour, extra = None, ""
            if notice and (page, n) == (0, 0):
                extra = f'<p>附件：<a href="./P0{k}.docx">{title}</a></p>'
                site.add(path.rsplit("/", 1)[0] + f"/P0{k}.docx", _docx(title, k, day),
                         content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            if notice and (page, n) == (1, 2):
                behaviour = "always-500"
            if notice and (page, n) == (2, 0):
                behaviour = "fail-once"
            body = (_notice_page(title, k, day, charset=None, extra=extra) if notice
                    else _other_page(title, day, charset=None))
            site.add(path, body.encode("gbk"), content_type="text/html", behaviour=behaviour)
            if notice:
                site.truth.add(path)
            items.append(f'<li><span class="date">{day.isoformat()}</span><a href="{rel}">{title}</a></li>')
        if page == 0:  # a notice link that redirects in a circle
            for a, b in (("loop-a", "loop-b"), ("loop-b", "loop-a")):
                site.add(f"/xxgk/tzgg/202401/{a}.html", b"", behaviour="redirect", target=f"/xxgk/tzgg/202401/{b}.html")
            items.append('<li><span class="date">2024-01-02</span>'
                         f'<a href="./202401/loop-a.html">{ORGS[3]}关于巡察整改情况的通报</a></li>')
            site.truth.add("/xxgk/tzgg/202401/loop-a.html")
        script = f'<script>createPageHTML(3, {page}, "index", "html");</script>'
        list_path = "/xxgk/tzgg/index.html" if page == 0 else f"/xxgk/tzgg/index_{page}.html"
        site.add(list_path, _list_html("通知公告", items, script, charset=None).encode("gbk"), content_type="text/html")
    return serve(site)


def vsb_site(now: date) -> Site:
    site = Site("vsb")
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.06\nDisallow: /system/\n", content_type="text/plain")
    site.add("/data/list.json", b'{"items": []}', content_type="application/json")
    entries = _entries(3, 30, now)
    for page in range(3):
        items = []
        for n, (title, notice, day, k) in enumerate(entries[page * 10:(page + 1) * 10]):
            path = f"/info/1026/{4800 + k}.htm"
            behaviour, extra = None, ""
            if notice and (page, n) == (0, 1):
                behaviour = "slow"
            if notice and (page, n) == (2, 3):
                behaviour = "gzip"
            if notice and (page, n) == (1, 1):
                extra = (f'<p>附件1：<a href="/system/_content/download.jsp?id={k}">下载</a></p>'
                         f'<p>附件2：<a href="/files/{k}-big.pdf">整改清单.pdf</a></p>'
                         f'<p>附件3：<a href="/files/{k}-cut.pdf">整改台账.pdf</a></p>')
                site.add(f"/files/{k}-big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
                site.add(f"/files/{k}-cut.pdf", (FIXTURES / "notice_two_pages.pdf").read_bytes(),
                         content_type="application/pdf", behaviour="cut-short")
            body = _notice_page(title, k, day, extra=extra) if notice else _other_page(title, day)
            site.add(path, body, behaviour=behaviour)
            if notice:
                site.truth.add(path)
            items.append(f'<tr><td><a href="{path}" title="{title}">{title}</a></td><td>[{day.isoformat()}]</td></tr>')
        pager = f'<a class="Next" href="list_{page + 2}.shtml">下一页</a>' if page < 2 else ""
        list_path = "/zyxw/list.shtml" if page == 0 else f"/zyxw/list_{page + 1}.shtml"
        site.add(list_path, _list_html("工作动态", [f"<table>{''.join(items)}</table>"], pager, charset="utf-8"))
    return serve(site)


def wall_site() -> Site:
    site = Site("wall")
    page = ('<html><head><script>var x="__jsl_clearance=1700000000|0|abc";document.cookie=x;'
            'setTimeout(function(){location.reload()},1000);</script></head><body></body></html>')
    for path in ("/robots.txt", "/list/index.html"):
        site.add(path, page)
    return serve(site)


def _list_html(column: str, items: list[str], pager: str, *, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!DOCTYPE html><html><head>{meta}<title>{column}</title></head><body>"
            '<div class="nav"><a href="/">首页</a> <a href="/col/index.html">巡察整改</a>'
            ' <a href="/zwgk/index.html">整改情况公示</a> <a href="/xwzx/">新闻中心</a></div>'
            f'<div class="main"><h2>{column}</h2><ul class="list">{"".join(items)}</ul>'
            f'<div class="page">{pager}</div></div>'
            '<div class="side"><h3>热点</h3><a href="/zt/2024/">巡察整改专题</a></div>'
            '<div class="footer"><a href="/wzdt.html">网站地图</a></div></body></html>')


def _docx(title: str, k: int, day: date) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    for paragraph in notice_paragraphs(ORGS[k % len(ORGS)], TEAMS[k % len(TEAMS)], day.year, k):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def all_sites(now: date) -> dict[str, Site]:
    return {"jcms": jcms_site(now), "trs": trs_site(now), "vsb": vsb_site(now), "wall": wall_site()}


START_PATHS = {"jcms": "/col/col1229/index.html", "trs": "/xxgk/tzgg/index.html", "vsb": "/zyxw/list.shtml",
               "wall": "/list/index.html"}


def start_urls(sites: dict[str, Site]) -> list[str]:
    return [site.base + START_PATHS[name] for name, site in sites.items()]
