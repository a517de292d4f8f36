"""Politeness per host: robots.txt (protego), the delay between requests, backoff, giving up, blocking.

A host is a URL's scheme and authority (`http://example.org:8080`), as robots.txt is.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from protego import Protego

from notice_miner.model import VERSION

DEFAULT_DELAY = 2.0
MIN_DELAY = 1.0  # never less, except for loopback hosts (tests, a local mirror)
MAX_FAILURES = 5  # consecutive failures after which a host is given up for the run
MAX_RETRY_AFTER = 600.0  # a host asking for a longer pause is given up for this run
MAX_BACKOFF = 120.0


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


def is_loopback(host: str) -> bool:
    name = urlsplit(host).hostname or ""
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def user_agent(contact: str | None) -> str:
    """The tool, its version and how to reach whoever runs it."""
    return f"notice-miner/{VERSION} (+{contact})" if contact else f"notice-miner/{VERSION}"


def polite_delay(host: str, requested: float | None) -> float:
    """The delay between two requests to `host`: the one asked for, never under MIN_DELAY off loopback."""
    delay = DEFAULT_DELAY if requested is None else requested
    return delay if is_loopback(host) else max(delay, MIN_DELAY)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class Host:
    """What the crawler knows about one host during a run."""

    name: str
    delay: float
    robots: Protego | None = None
    ready_at: float = 0.0  # monotonic time of the next allowed request
    failures: int = 0
    backoffs: int = 0
    blocked: str | None = None  # why the host stopped answering with content (captcha, challenge, login)
    given_up: str | None = None

    @property
    def usable(self) -> bool:
        return self.blocked is None and self.given_up is None

    def set_robots(self, text: str | None, agent: str) -> None:
        """robots.txt as served (None: none, everything allowed); a larger Crawl-delay wins over ours."""
        self.robots = Protego.parse(text or "")
        crawl_delay = self.robots.crawl_delay(agent)
        if crawl_delay and float(crawl_delay) > self.delay:
            self.ready_at += float(crawl_delay) - self.delay  # the pause already begun counts
            self.delay = float(crawl_delay)

    def allows(self, url: str, agent: str) -> bool:
        return self.robots is None or self.robots.can_fetch(url, agent)

    def wait(self) -> None:
        """Sleep until the next request to this host is allowed."""
        pause = self.ready_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)

    def done(self, extra_wait: float = 0.0) -> None:
        """A request ended: the next waits the delay (and any backoff) from now."""
        self.ready_at = time.monotonic() + max(self.delay, extra_wait)

    def succeeded(self) -> None:
        self.failures = self.backoffs = 0

    def failed(self, reason: str) -> None:
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.given_up = f"{self.failures} failures in a row, the last: {reason}"

    def back_off(self, asked: float | None) -> float:
        """A 429/503: the pause asked for by Retry-After, else doubling from the delay; too long a pause gives up."""
        self.backoffs += 1
        pause = asked if asked is not None else min(MAX_BACKOFF, self.delay * 2**self.backoffs)
        if pause > MAX_RETRY_AFTER:
            self.given_up = f"asked to wait {pause:.0f} s"
        elif self.backoffs > MAX_FAILURES:
            self.given_up = f"still overloaded after {MAX_FAILURES} pauses"
        return pause
