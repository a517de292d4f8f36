"""The crawl: list pages → notice links → notice pages → attachments, one request at a time, politely.

One thread: the next request goes to the host whose delay has run out first, so no host ever sees two
requests at once or two closer together than its delay.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from notice_miner.errors import NoticeError
from notice_miner.fetch import hosts as politeness
from notice_miner.fetch import pages
from notice_miner.fetch.hosts import Host, host_of
from notice_miner.fetch.http import FetchError, Response, get
from notice_miner.fetch.store import Archive, RequestLog, State, save_file
from notice_miner.fileio import lock_folder

MAX_BYTES = 50 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_RETRIES = 2  # a 5xx or a network error is tried this many more times
MAX_ATTACHMENTS = 20  # per notice page


@dataclass
class Options:
    out_dir: Path
    sites: Path | None = None
    since: date | None = None
    max_pages: int | None = None
    delay: float | None = None
    contact: str | None = None
    timeout: float = 30.0
    max_bytes: int = MAX_BYTES
    revalidate: bool = False  # also re-request known notices (conditionally) on a new run


@dataclass
class Summary:
    requests: int = 0
    lists: int = 0
    notices: int = 0
    attachments: int = 0
    not_modified: int = 0
    bytes: int = 0
    errors: int = 0
    disallowed: int = 0
    recovered: int = 0
    blocked: dict[str, str] = field(default_factory=dict)
    given_up: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"{self.requests} requests: {self.lists} list pages, {self.notices} notices, "
            f"{self.attachments} attachments, {self.not_modified} not modified, "
            f"{self.bytes / 1e6:.1f} MB, {self.errors} errors, {len(self.blocked)} blocked hosts"
        )

    def short(self) -> str:
        """The progress line: fits a narrow terminal with errors and blocked hosts still in sight."""
        return (
            f"{self.lists} lists · {self.notices} notices · {self.attachments} att. · {self.bytes / 1e6:.1f} MB"
            f" · {self.errors} errors · {len(self.blocked)} blocked"
        )

    def describe(self) -> str:
        lines = [
            self.line()
            + f"; {self.disallowed} URLs disallowed by robots.txt"
            + (f"; {self.recovered} responses of a killed run taken from the WARC" if self.recovered else "")
        ]
        lines += [f"blocked: {host}: {why}" for host, why in sorted(self.blocked.items())]
        lines += [f"given up: {host}: {why}" for host, why in sorted(self.given_up.items())]
        return "\n".join(lines)


class Crawler:
    """One run over the start URLs; `say` prints a line (errors, blocked hosts), `tick` shows progress."""

    def __init__(self, options: Options, say: Callable[[str], None], tick: Callable[[Summary], None] = lambda s: None):
        self.options = options
        self.say, self.tick = say, tick
        self.summary = Summary()
        self.agent = politeness.user_agent(options.contact)
        self.profiles = pages.load_profiles(options.sites)
        self.hosts: dict[str, Host] = {}
        self.queues: dict[str, deque[str]] = {}
        self.pending: set[str] = set()  # the URLs in the queues
        self.redirected_from: dict[str, list[str]] = {}
        self.attempts: dict[str, int] = {}
        out = options.out_dir
        out.mkdir(parents=True, exist_ok=True)
        self.lock = lock_folder(out)
        if self.lock is None:
            raise OSError(f"{out}: another fetch is writing to this folder")
        self.files_dir = out / "files"
        self.state = State(out / "state.sqlite")
        self.archive = Archive(out / "warc")
        self.log = RequestLog(out / "fetch.log.jsonl")

    def run(self, start_urls: list[str]) -> Summary:
        try:
            for url in start_urls:
                if _malformed(url):
                    self._error(url, "malformed URL (an http:// or https:// address is needed)")
                else:
                    self.state.enqueue(url, "list", revisit=True)
            self._recover()
            for row in self.state.queued():
                self._queue(row["url"])
            self._crawl()
            self.state.finish()  # only a killed run is resumed; what is left queued goes to the next run
        finally:
            self.state.close()
            self.archive.close()
            self.log.close()
            self.lock.close()
        return self.summary

    # --- scheduling ---------------------------------------------------------------------------

    def _queue(self, url: str, front: bool = False) -> None:
        if url in self.pending:
            return
        self.pending.add(url)
        host = self._host(host_of(url))
        queue = self.queues.setdefault(host.name, deque())
        queue.appendleft(url) if front else queue.append(url)

    def _host(self, name: str) -> Host:
        if name not in self.hosts:
            host = self.hosts[name] = Host(name, politeness.polite_delay(name, self.options.delay))
            # a run started right after another (a resume after a kill) keeps the pause the last one began
            left = (self.state.next_allowed(name) or 0.0) - time.time()
            host.ready_at = time.monotonic() + max(0.0, left)
        return self.hosts[name]

    def _next_host(self) -> Host | None:
        ready = [self.hosts[name] for name, queue in self.queues.items() if queue and self.hosts[name].usable]
        return min(ready, key=lambda h: h.ready_at, default=None)

    def _crawl(self) -> None:
        while (host := self._next_host()) is not None:
            if self._page_limit_reached():
                self.say(f"stopped after {self.options.max_pages} pages (--max-pages)")
                return
            url = self.queues[host.name].popleft()
            self.pending.discard(url)
            row = self.state.get(url)
            if host.robots is None:
                self._read_robots(host)
            if not host.usable:  # robots.txt showed a wall or could not be read: the URL waits for the next run
                continue
            if not host.allows(url, self.agent):
                self.summary.disallowed += 1
                self.state.done(url, None, state="skipped", reason="disallowed by robots.txt")
                continue
            response = self._request(host, url, row)
            if response is not None:
                self._handle(host, row, response)
            self.state.set_next_allowed(host.name, time.time() + host.ready_at - time.monotonic())
            self.tick(self.summary)

    def _page_limit_reached(self) -> bool:
        limit = self.options.max_pages
        return limit is not None and self.summary.lists + self.summary.notices >= limit

    # --- requests -----------------------------------------------------------------------------

    def _read_robots(self, host: Host) -> None:
        """robots.txt before the first page: a 4xx means no rules; no answer or a 5xx means stay away."""
        host.set_robots("", self.agent)  # while asking: no rules known yet
        url, response = self._robots_response(host)
        served_html = response is not None and b"<" in response.body[:512]  # robots.txt is plain text
        root = pages.parse_html(url, response.body.decode("utf-8", errors="replace")) if served_html else None
        wall = response and pages.blocked_reason(response.status, url, response.header("Location"), response.body, root)
        if wall:
            self._blocked(host, url, wall)
        elif response is None or response.status >= 500:
            host.set_robots("User-agent: *\nDisallow: /\n", self.agent)
            host.given_up = "robots.txt could not be read"
            self.summary.given_up[host.name] = host.given_up
            self.say(f"{host.name}: robots.txt could not be read; the host is left alone")
        elif response.status == 200:
            host.set_robots(response.body.decode("utf-8", errors="replace"), self.agent)

    def _robots_response(self, host: Host) -> tuple[str, Response | None]:
        """GET /robots.txt, following up to MAX_REDIRECTS redirects (each after its own host's delay)."""
        url = host.name + "/robots.txt"
        response = self._request(host, url, None, conditional=False)
        for _ in range(MAX_REDIRECTS):
            location = response.header("Location") if response is not None and 300 <= response.status < 400 else None
            if not location or urljoin(url, location) == url:
                break
            url = urljoin(url, location)
            response = self._request(self._host(host_of(url)), url, None, conditional=False)
        return url, response

    def _request(self, host: Host, url: str, row, conditional: bool = True) -> Response | None:
        """One GET after the host's delay, archived and logged; None when no response came."""
        headers = {"User-Agent": self.agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Encoding": "identity"}
        if conditional and row is not None:
            if row["etag"]:
                headers["If-None-Match"] = row["etag"]
            if row["last_modified"]:
                headers["If-Modified-Since"] = row["last_modified"]
        record_id = self.archive.new_record_id()
        if row is not None:
            self.state.fetching(url, record_id)
        host.wait()
        # before the request goes out: a run killed while it is in flight resumes a delay after it, not sooner
        self.state.set_next_allowed(host.name, time.time() + host.delay)
        self.summary.requests += 1
        try:
            response = get(url, headers, timeout=self.options.timeout, max_bytes=self.options.max_bytes)
        except FetchError as err:
            host.done()
            self.log.write(url=url, kind=row["kind"] if row else "robots", status=None, error=str(err))
            if row is not None:
                self._failed(host, url, str(err), retry=not err.lasting)
            return None
        host.done()
        self.archive.write(response, record_id)
        served = len(response.body if response.raw is None else response.raw)
        self.summary.bytes += served
        self.log.write(
            url=url, kind=row["kind"] if row else "robots", status=response.status, bytes=served, seconds=round(response.elapsed, 3), record=record_id
        )
        return response

    def _failed(self, host: Host, url: str, reason: str, retry: bool) -> None:
        """A request that did not work: tried again a few times, then an error line. Only failures that
        may pass (timeouts, 5xx, dropped connections) count towards giving the host up."""
        if retry:
            host.failed(reason)
        self.attempts[url] = self.attempts.get(url, 0) + 1
        if retry and self.attempts[url] <= MAX_RETRIES and host.usable:
            host.done(host.delay * 2 ** self.attempts[url])
            self.state.done(url, None, state="queued")
            self._queue(url)
        else:
            self._error(url, reason)
            self.state.done(url, None, state="failed", reason=reason)
        if host.given_up and host.name not in self.summary.given_up:
            self.summary.given_up[host.name] = host.given_up
            self.say(f"{host.name}: given up: {host.given_up}")

    def _error(self, url: str, reason: str) -> None:
        self.summary.errors += 1
        self.say(f"{url}: {reason}")

    # --- responses ----------------------------------------------------------------------------

    def _handle(self, host: Host, row, response: Response) -> None:
        url, status = row["url"], response.status
        location = response.header("Location")
        root = None
        if status < 300 and pages.is_html(response.header("Content-Type"), response.body):
            root = self._root(url, response)
        blocked = pages.blocked_reason(status, url, location, response.body, root)
        if blocked:
            self._blocked(host, url, blocked)
        elif status in (429, 503):
            self._back_off(host, url, response)
        elif 300 <= status < 400 and status != 304 and location:
            self._redirect(row, urljoin(url, location))
        elif status == 304:
            host.succeeded()
            self.summary.not_modified += 1
            self.state.done(url, response)
            if row["kind"] == "list":
                self._reuse_links(url)
        elif status >= 400:
            self._failed(host, url, f"HTTP {status} {response.reason}".strip(), retry=status >= 500)
        else:
            host.succeeded()
            self._content(row, response, root)

    def _root(self, url: str, response: Response):
        try:
            return pages.parse_html(url, pages.page_text(url, response.body, response.header("Content-Type")))
        except NoticeError:
            return None

    def _blocked(self, host: Host, url: str, reason: str) -> None:
        host.blocked = reason
        self.summary.blocked[host.name] = reason
        self.state.done(url, None, state="failed", reason=f"blocked: {reason}")
        self.say(f"{host.name}: blocked ({reason} at {url}); not worked around, the host is left alone")

    def _back_off(self, host: Host, url: str, response: Response) -> None:
        pause = host.back_off(politeness.retry_after(response.header("Retry-After")))
        host.done(pause)
        if host.given_up:
            self.summary.given_up[host.name] = host.given_up
            self.say(f"{host.name}: given up: {host.given_up}")
        self.state.done(url, None, state="queued")
        self._queue(url, front=True)

    def _redirect(self, row, target: str) -> None:
        url = row["url"]
        chain = self.redirected_from.get(url, []) + [url]
        if target in chain:
            reason = "redirect loop: " + " → ".join(chain + [target])
        elif len(chain) > MAX_REDIRECTS:
            reason = f"more than {MAX_REDIRECTS} redirects"
        else:
            reason = None
        self.state.done(url, None, state="failed" if reason else "done", reason=reason or f"redirected to {target}")
        if reason:
            self._error(url, reason)
            return
        self.redirected_from[target] = chain
        if self.state.enqueue(
            target,
            row["kind"],
            parent=row["parent"],
            list_page=row["list_page"],
            title=row["title"],
            list_date=row["list_date"],
            revisit=row["kind"] == "list",
        ):
            self._queue(target, front=True)

    def _content(self, row, response: Response, root) -> None:
        kind = row["kind"]
        if kind == "list":
            self._list_page(row, response, root)
            return
        sidecar = {
            "requested_url": self.redirected_from.get(row["url"], [row["url"]])[0],
            "list_page": row["list_page"],
            "title": row["title"],
            "list_date": row["list_date"],
            "page": row["parent"] if kind == "attachment" else None,
        }
        rel, sha = save_file(self.files_dir, row["url"], response, sidecar)
        self.state.done(row["url"], response, file=rel, sha256=sha)
        if kind == "attachment":
            self.summary.attachments += 1
            return
        self.summary.notices += 1
        if root is not None:
            for target, text in pages.attachments(row["url"], root)[:MAX_ATTACHMENTS]:
                if self.state.enqueue(
                    target,
                    "attachment",
                    parent=row["url"],
                    list_page=row["list_page"],
                    title=text or row["title"],
                    list_date=row["list_date"],
                    revisit=self.options.revalidate,
                ):
                    self._queue(target)

    def _list_page(self, row, response: Response, root) -> None:
        url = row["url"]
        if root is None:
            reason = f"not an HTML list page ({response.header('Content-Type') or 'no content type'})"
            self._error(url, reason)
            self.state.done(url, response, state="failed", reason=reason)
            return
        self.summary.lists += 1
        listed = pages.read_list(url, root, pages.profile_for(url, self.profiles))
        chosen = pages.notice_links(url, listed)
        since = self.options.since
        links = [(e.url, "notice", e.title, e.date.isoformat() if e.date else None) for e in chosen if not (since and e.date and e.date < since)]
        if not _reached(since, listed.entries):
            links += [(page, "list", None, None) for page in listed.next_pages]
        self.state.remember_links(url, links)
        self.state.done(url, response)
        self._follow(url, links)

    def _reuse_links(self, url: str) -> None:
        self._follow(url, [(link["url"], link["kind"], link["title"], link["list_date"]) for link in self.state.links_of(url)])

    def _follow(self, list_url: str, links) -> None:
        for target, kind, title, list_date in links:
            revisit = kind == "list" or self.options.revalidate
            if self.state.enqueue(target, kind, parent=list_url, list_page=list_url, title=title, list_date=list_date, revisit=revisit):
                self._queue(target)

    def _recover(self) -> None:
        """URLs a killed run was fetching: their response is taken from the WARC when it got there."""
        rows = [row for row in self.state.queued() if row["state"] == "fetching" and row["record"]]
        if not rows:
            return
        found = self.archive.recover({row["record"] for row in rows})
        for row in rows:
            response = found.get(row["record"])
            if response is not None:
                self.summary.recovered += 1
                self._handle(self._host(host_of(row["url"])), row, response)


def _reached(since: date | None, entries: list[pages.Entry]) -> bool:
    """The list has gone back past `since`: half or more of the page's dated entries are older (a pinned
    old entry on top, or a dated link in a side column, does not stop the crawl)."""
    dates = [e.date for e in entries if e.date]
    return since is not None and bool(dates) and 2 * sum(d < since for d in dates) >= len(dates)


def _malformed(url: str) -> bool:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 (reading it raises ValueError on a port that is not a number)
    except ValueError:
        return True
    return parts.scheme not in ("http", "https") or not parts.hostname


def run_fetch(start_urls: list[str], out_dir: Path, *, progress: bool = True, say: Callable[[str], None] = print, **options) -> int:
    """The `fetch` command: a run with a progress line and a summary; exit status 1 when anything failed."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from notice_miner.progress import ElapsedColumn

    try:
        crawler = Crawler(Options(out_dir=Path(out_dir), **options), say=say)
    except (pages.ProfileError, OSError) as err:
        say(str(err))
        return 2
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        ElapsedColumn(),
        console=console,
        disable=not (progress and console.is_terminal),
        transient=True,
    ) as bar:
        task = bar.add_task("starting")
        if progress:  # lines above the progress line, not through it
            crawler.say = lambda line: bar.console.print(f"notice-miner: {line}", markup=False, highlight=False, soft_wrap=True)
            crawler.tick = lambda summary: bar.update(task, description=summary.short())
        summary = crawler.run(start_urls)
    say(summary.describe())
    return 1 if summary.errors or summary.blocked or summary.given_up else 0
