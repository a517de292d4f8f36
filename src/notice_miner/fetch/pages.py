"""What a fetched page says: its text, its list entries and next pages, its attachments, whether it blocks us.

Site profiles (TOML) name the selectors of one layout; without one, generic rules read the common CMS
layouts. A selector is CSS, or XPath when it starts with "/", "./" or "(".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from notice_miner.ingest.encoding import decode
from notice_miner.lang import fetch_zh as zh

_CHARSET = re.compile(r"charset\s*=\s*(?:[\"']\s*)?([\w-]+)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_\-]+)""", re.I)
_ENTRY_TAGS = {"li", "tr", "dd", "dt", "p", "div", "td"}
PROFILE_KEYS = {"name", "match", "list", "link", "date", "next"}


class ProfileError(Exception):
    """A sites file that cannot be used; `str()` names the file and the reason."""


@dataclass(frozen=True)
class Profile:
    name: str
    match: re.Pattern
    list: str | None = None  # each entry of the list
    link: str | None = None  # the entry's link, inside the entry
    date: str | None = None  # the entry's date, inside the entry
    next: str | None = None  # the link to the next list page


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    date: date | None


@dataclass
class ListPage:
    entries: list[Entry]
    next_pages: list[str]


def load_profiles(path: Path | None) -> list[Profile]:
    """The profiles of a sites file, then the shipped ones; the first whose `match` finds the URL is used."""
    shipped = resources.files("notice_miner").joinpath("data/sites.toml").read_text("utf-8")
    own = []
    if path is not None:
        try:
            own = _profiles(path.read_text(encoding="utf-8"), str(path))
        except OSError as err:
            raise ProfileError(f"{path}: cannot read: {err.strerror or err}") from None
    return own + _profiles(shipped, "shipped sites.toml")


def _profiles(text: str, where: str) -> list[Profile]:
    try:
        sites = tomllib.loads(text).get("site", [])
    except tomllib.TOMLDecodeError as err:
        raise ProfileError(f"{where}: not valid TOML: {err}") from None
    found = []
    for number, site in enumerate(sites, 1):
        unknown = set(site) - PROFILE_KEYS
        if unknown or "match" not in site:
            raise ProfileError(
                f"{where}: site {number}: " + (f"unknown keys {sorted(unknown)}" if unknown else "`match` (a regular expression) is required")
            )
        try:
            profile = Profile(
                name=site.get("name", f"site {number}"),
                match=re.compile(site["match"]),
                **{key: site.get(key) for key in ("list", "link", "date", "next")},
            )
            for selector in (profile.list, profile.link, profile.date, profile.next):
                if selector:
                    _compiled(selector)
        except (re.error, etree.XPathError, ValueError) as err:
            raise ProfileError(f"{where}: site {number}: bad pattern or selector: {err}") from None
        found.append(profile)
    return found


def profile_for(url: str, profiles: list[Profile]) -> Profile | None:
    return next((p for p in profiles if p.match.search(url)), None)


@cache
def _compiled(selector: str):
    if selector.startswith(("/", "./", "(")):
        return etree.XPath(selector)
    return CSSSelector(selector)


def _select(element, selector: str) -> list:
    return [found for found in _compiled(selector)(element) if isinstance(found, etree._Element)]


# --- reading pages ----------------------------------------------------------------------------


def is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return b"<html" in body[:2048].lower() or b"<!doctype html" in body[:2048].lower()


def page_text(url: str, body: bytes, content_type: str | None) -> str:
    """The page decoded: its declared charset (header, then meta), else detection (GBK pages often declare none)."""
    declared = _CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:8192])
    charset = declared.group(1) if declared else meta.group(1).decode("ascii") if meta else None
    text, _, _ = decode(Path(url), body, charset)
    return text


def parse_html(url: str, text: str):
    """The page's element tree, or None when it has none."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.fromstring(text or "<html></html>", base_url=url)
    except (etree.ParserError, ValueError):
        return None


def is_notice_title(title: str) -> bool:
    """The anchor text or title reads like a rectification notice, not like news about one."""
    title = title.strip()
    if len(title) < zh.MIN_TITLE_CHARS or zh.NOT_A_NOTICE.search(title):
        return False
    if zh.TRUNCATED.search(title):
        return bool(zh.NOTICE_TITLE.search(title) or zh.TRUNCATED_NOTICE.search(title))
    return bool(zh.NOTICE_TITLE.search(title))


def read_list(url: str, root, profile: Profile | None) -> ListPage:
    """The list's entries (every link with its title and date) and the next list pages on the same host.

    A profile whose list selector finds nothing does not fit the page: the generic rules read it."""
    entries = []
    containers = _select(root, profile.list) if profile and profile.list else None
    if containers == []:
        containers, profile = None, None
    anchors = (
        [(a, box) for box in containers for a in _select(box, profile.link or ".//a[@href]")]
        if containers is not None
        else [(a, None) for a in root.iter("a")]
    )
    for anchor, box in anchors:
        href = anchor.get("href")
        target = _absolute(url, href) if href else None
        if target is None:
            continue
        title = max((anchor.get("title") or "").strip(), " ".join(anchor.text_content().split()), key=len)
        entries.append(Entry(target, title, _entry_date(anchor, box, profile, target)))
    return ListPage(entries, _next_pages(url, root, profile))


def notice_links(url: str, page: ListPage) -> list[Entry]:
    """The entries that read like rectification notices, once each, never a list page."""
    seen, chosen = {url}, []
    for entry in page.entries:
        if entry.url in seen or zh.LIST_PATH.search(urlsplit(entry.url).path + _query(entry.url)):
            continue
        if is_notice_title(entry.title):
            seen.add(entry.url)
            chosen.append(entry)
    return chosen


def attachments(url: str, root) -> list[tuple[str, str]]:
    """(URL, anchor text) of the files a notice page links to as its attachments."""
    found, seen = [], set()
    for anchor in root.iter("a"):
        href = anchor.get("href")
        target = _absolute(url, href) if href else None
        text = " ".join(anchor.text_content().split())
        if target is None or target in seen:
            continue
        parent = anchor.getparent()
        label = (parent.text or "") if parent is not None else ""  # 附件1:<a …>下载</a>
        if urlsplit(target).path.lower().endswith(zh.ATTACHMENT_SUFFIXES) or zh.ATTACHMENT_TEXT.match(text) or zh.ATTACHMENT_TEXT.match(label):
            seen.add(target)
            found.append((target, text))
    return found


def blocked_reason(status: int, url: str, location: str | None, body: bytes, root) -> str | None:
    """Why the response is a wall instead of content (captcha, JavaScript challenge, login), or None.

    `root` is the page's element tree (None when it is not HTML). A page with text or links to read is
    content even when a form on it asks for a 验证码 or a header links to a login."""
    if status in zh.CHALLENGE_STATUS:
        return f"JavaScript challenge (HTTP {status})"
    if status in zh.LOGIN_STATUS:
        return f"login required (HTTP {status})"
    if location and 300 <= status < 400 and zh.LOGIN_URL.search(urlsplit(urljoin(url, location)).path):
        return "redirected to a login page"
    if root is None and status < 400:
        return None
    if (
        root is not None
        and status < 400
        and (len(visible_text(root)) > zh.BLOCK_PAGE_MAX_TEXT or len(root.findall(".//a")) > zh.BLOCK_PAGE_MAX_LINKS)
    ):
        return None
    head = body[:65536].decode("utf-8", errors="ignore")
    for pattern, what in ((zh.CAPTCHA, "captcha"), (zh.JS_CHALLENGE, "JavaScript challenge"), (zh.LOGIN, "login")):
        if pattern.search(head):
            return f"{what} page (HTTP {status})"
    return None


def visible_text(root) -> str:
    """The words a reader sees: no scripts or styles."""
    if root is None:
        return ""
    texts = [t for t in root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")]
    return " ".join(" ".join(texts).split())


# --- helpers ----------------------------------------------------------------------------------


def _absolute(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    try:
        target = urldefrag(urljoin(base, href)).url
    except ValueError:
        return None
    return target if urlsplit(target).scheme in ("http", "https") else None


def _query(url: str) -> str:
    query = urlsplit(url).query
    return f"?{query}" if query else ""


def _entry_date(anchor, box, profile: Profile | None, url: str) -> date | None:
    """The date beside the entry (profile selector, then the entry's text), else the one in its URL path."""
    box = box if box is not None else _entry_box(anchor)
    texts = []
    if profile and profile.date and box is not None:
        texts = [" ".join(el.text_content().split()) for el in _select(box, profile.date)]
    if not texts and box is not None:
        texts = [box.text_content()]
    for text in texts:
        if found := zh.LIST_DATE.search(text):
            return _date(*found.groups())
    found = zh.URL_DATE.search(urlsplit(url).path)
    return _date(*[g for g in found.groups() if g]) if found else None


def _entry_box(anchor):
    """The list entry around a link: the nearest li/tr/dd… holding at most a few links."""
    node = anchor.getparent()
    for _ in range(3):
        if node is None:
            return None
        if node.tag in _ENTRY_TAGS and len(node.findall(".//a")) <= 3:
            return node
        node = node.getparent()
    return None


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _next_pages(url: str, root, profile: Profile | None) -> list[str]:
    """Next list pages on the same host: the profile's selector, else the generic rules."""
    if profile and profile.next:
        candidates = [el.get("href") for el in _select(root, profile.next)]
    else:
        candidates = _generic_next(root)
    host = urlsplit(url).netloc
    pages = []
    for href in candidates:
        target = _absolute(url, href) if href else None
        if target and target != url and urlsplit(target).netloc == host and target not in pages:
            pages.append(target)
    return pages


def _generic_next(root) -> list[str | None]:
    """A 下一页 link, rel=next, and the next page of a createPageHTML script pager."""
    found = [a.get("href") for a in root.iter("a") if zh.NEXT_PAGE_TEXT.match(a.text_content() or "")]
    found += [link.get("href") for link in root.iter("link") if (link.get("rel") or "").lower() == "next"]
    for script in root.iter("script"):
        if pager := zh.SCRIPT_PAGER.search(script.text or ""):
            total, current, stem, ext = int(pager[1]), int(pager[2]), pager[3], pager[4]
            if current + 1 < total:
                found.append(f"{stem}_{current + 1}.{ext}")
    return found
