"""`notice-miner fetch`: collect notices from agency websites politely and archive what was served.

    http      one GET without redirects, within a size limit and a deadline (http.client)
    hosts     politeness per host: robots.txt (protego), delays, backoff, blocked and given-up hosts
    pages     list entries, notice links, dates, next pages, attachments, site profiles, walls
    store     the WARC archive (warcio), files with sidecars, the SQLite state, the request log
    crawl     the crawl itself, its options and summary

Needs the `fetch` extra: pip install 'notice-miner[fetch]'.
"""

from __future__ import annotations

EXTRA_MODULES = ("warcio", "protego", "cssselect")


def missing_extra() -> str | None:
    """The one-line message when a library of the `fetch` extra is not installed, else None."""
    import importlib

    missing = []
    for name in EXTRA_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        return f"fetch needs the 'fetch' extra ({', '.join(missing)} missing): pip install 'notice-miner[fetch]'"
    return None
