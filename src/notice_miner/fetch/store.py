"""What a fetch keeps: the WARC archive (warcio), notice files with sidecars, the SQLite state, the request log.

Layout of DIR:

    warc/fetch-<time>-<pid>.warc.gz   every request and response of one process, as served
    files/<host>/<path>               each notice page and attachment, its body as served
    files/<host>/<path>.source.json   its sidecar: url, retrieved, http_date, sha256, list_page, page, title
    state.sqlite                      URLs (queued, fetching, done, failed), validators, runs
    fetch.log.jsonl                   one line per request

Order of writes per response: WARC record (flushed), file and sidecar, state. A run killed between
them finds the URL marked `fetching` with its record id and takes the response from the WARC.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
import time
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from notice_miner.fetch.http import Response
from notice_miner.fileio import SIDECAR_SUFFIX
from notice_miner.model import VERSION

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started TEXT, finished TEXT);
CREATE TABLE IF NOT EXISTS urls(
  url TEXT PRIMARY KEY, kind TEXT NOT NULL, parent TEXT, list_page TEXT, title TEXT, list_date TEXT,
  state TEXT NOT NULL, run INTEGER NOT NULL, seq INTEGER NOT NULL, record TEXT,
  etag TEXT, last_modified TEXT, sha256 TEXT, file TEXT, status INTEGER, retrieved TEXT, reason TEXT);
CREATE TABLE IF NOT EXISTS hosts(host TEXT PRIMARY KEY, next_allowed REAL);
CREATE TABLE IF NOT EXISTS links(list_url TEXT, url TEXT, kind TEXT, title TEXT, list_date TEXT,
  PRIMARY KEY(list_url, url));
"""
_MAX_NAME_BYTES = 180  # file systems allow 255; room for the sidecar suffix and a temporary prefix
_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")
_TYPE_SUFFIX = {
    "text/html": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
}


class State:
    """The crawl's state in SQLite: every URL seen, what became of it, and the runs."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + _SCHEMA)
        last = self.db.execute("SELECT id, finished FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        self.resuming = last is not None and last["finished"] is None
        if self.resuming:
            self.run = last["id"]
        else:  # what an earlier run left queued or failed (given-up hosts, --max-pages, errors) is tried again
            self.run = self.db.execute("INSERT INTO runs(started) VALUES (?)", (_now(),)).lastrowid
            self.db.execute("UPDATE urls SET state = 'queued', run = ? WHERE state IN ('queued', 'fetching', 'failed')", (self.run,))
        self._seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM urls").fetchone()[0]

    def enqueue(
        self,
        url: str,
        kind: str,
        *,
        parent: str | None = None,
        list_page: str | None = None,
        title: str | None = None,
        list_date: str | None = None,
        revisit: bool = False,
    ) -> bool:
        """Queue a URL not yet handled in this run. Done (or disallowed) in an earlier run: queued again only
        if `revisit` (list pages are, so new notices show)."""
        row = self.db.execute("SELECT state, run FROM urls WHERE url = ?", (url,)).fetchone()
        self._seq += 1
        if row is None:
            self.db.execute(
                "INSERT INTO urls(url, kind, parent, list_page, title, list_date, state, run, seq) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)",
                (url, kind, parent, list_page, title, list_date, self.run, self._seq),
            )
            return True
        if row["run"] == self.run or (row["state"] in ("done", "skipped") and not revisit):
            return False
        self.db.execute("UPDATE urls SET state = 'queued', run = ?, seq = ? WHERE url = ?", (self.run, self._seq, url))
        return True

    def queued(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM urls WHERE state IN ('queued', 'fetching') AND run = ? ORDER BY seq", (self.run,)).fetchall()

    def get(self, url: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM urls WHERE url = ?", (url,)).fetchone()

    def fetching(self, url: str, record: str) -> None:
        self.db.execute("UPDATE urls SET state = 'fetching', record = ? WHERE url = ?", (record, url))

    def done(
        self,
        url: str,
        response: Response | None,
        *,
        file: str | None = None,
        sha256: str | None = None,
        state: str = "done",
        reason: str | None = None,
    ) -> None:
        """The URL's outcome; a 304 keeps the validators, file and hash of the copy fetched before."""
        fields = {"state": state, "reason": reason, "run": self.run}
        if response is not None:
            fields["status"] = response.status
            if response.status != 304:
                fields.update(
                    etag=response.header("ETag"),
                    last_modified=response.header("Last-Modified"),
                    retrieved=response.retrieved,
                    file=file,
                    sha256=sha256,
                )
        assignments = ", ".join(f"{key} = ?" for key in fields)
        self.db.execute(f"UPDATE urls SET {assignments} WHERE url = ?", (*fields.values(), url))

    def remember_links(self, list_url: str, links: list[tuple[str, str, str | None, str | None]]) -> None:
        """(url, kind, title, date) a list page led to, for the run that gets a 304 for it next time."""
        self.db.execute("DELETE FROM links WHERE list_url = ?", (list_url,))
        self.db.executemany("INSERT OR IGNORE INTO links VALUES (?, ?, ?, ?, ?)", [(list_url, *link) for link in links])

    def links_of(self, list_url: str) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM links WHERE list_url = ?", (list_url,)).fetchall()

    def next_allowed(self, host: str) -> float | None:
        """When (wall clock, seconds) the host may be asked again, as the last run left it."""
        row = self.db.execute("SELECT next_allowed FROM hosts WHERE host = ?", (host,)).fetchone()
        return row["next_allowed"] if row else None

    def set_next_allowed(self, host: str, when: float) -> None:
        self.db.execute("INSERT INTO hosts VALUES (?, ?) ON CONFLICT(host) DO UPDATE SET next_allowed = excluded.next_allowed", (host, when))

    def finish(self) -> None:
        self.db.execute("UPDATE runs SET finished = ? WHERE id = ?", (_now(), self.run))

    def close(self) -> None:
        self.db.close()


class Archive:
    """WARC files under DIR/warc: one per process, so a killed run never leaves a torn file to append to."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / f"fetch-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}.warc.gz"
        self._fh = None
        self._writer = None

    def new_record_id(self) -> str:
        return f"<urn:uuid:{uuid.uuid4()}>"

    def write(self, response: Response, record_id: str) -> None:
        """The request and its response as two WARC records; the response gets `record_id`."""
        writer = self._open()
        http_headers = StatusAndHeaders(
            f"{response.status} {response.reason}".strip(),
            [(k, v) for k, v in response.headers if k.lower() != "transfer-encoding"],
            protocol=response.version,
        )
        record = writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body if response.raw is None else response.raw),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Record-ID": record_id, "WARC-Date": response.retrieved},
        )
        path = urlsplit(response.url)
        target = (path.path or "/") + (f"?{path.query}" if path.query else "")
        request_headers = StatusAndHeaders(f"GET {target} HTTP/1.1", response.request_headers, is_http_request=True)
        request = writer.create_warc_record(
            response.url,
            "request",
            http_headers=request_headers,
            warc_headers_dict={"WARC-Date": response.retrieved, "WARC-Concurrent-To": record_id},
        )
        writer.write_record(record)
        writer.write_record(request)
        self._fh.flush()  # enough for a killed process; no fsync per record (a power cut may cost a refetch)

    def recover(self, record_ids: set[str]) -> dict[str, Response]:
        """Responses with these record ids found in the WARC files (a run killed after writing them)."""
        found: dict[str, Response] = {}
        for path in sorted(self.folder.glob("*.warc.gz")):
            with open(path, "rb") as fh:
                try:
                    for record in ArchiveIterator(fh):
                        record_id = record.rec_headers.get_header("WARC-Record-ID")
                        if record.rec_type == "response" and record_id in record_ids:
                            found[record_id] = _response_of(record)
                except (ArchiveLoadFailed, EOFError, OSError, ValueError):
                    continue  # a record torn by the kill ends that file
        return found

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()

    def _open(self) -> WARCWriter:
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "ab")
            self._writer = WARCWriter(self._fh, gzip=True)
            info = self._writer.create_warcinfo_record(self.path.name, {"software": f"notice-miner/{VERSION}", "format": "WARC File Format 1.1"})
            self._writer.write_record(info)
        return self._writer


def _response_of(record) -> Response:
    headers = record.http_headers
    reason = headers.statusline.partition(" ")[2]
    return Response(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(headers.get_statuscode()),
        reason=reason,
        headers=list(headers.headers),
        body=record.content_stream().read(),
        request_headers=[],
        retrieved=record.rec_headers.get_header("WARC-Date"),
    )


def file_path(url: str, content_type: str | None) -> Path:
    """Where a fetched file goes under files/: its host, then its URL path; a query becomes a hash."""
    parts = urlsplit(url)
    host = _UNSAFE.sub("_", parts.netloc.rsplit("@", 1)[-1])
    segments = [_short(_UNSAFE.sub("_", unquote(s))) for s in parts.path.split("/")]
    segments = [s for s in segments if s.strip(".")]  # never "..": a file stays under its host
    if not segments or parts.path.endswith("/"):
        segments.append("index")
    stem, dot, suffix = segments[-1].rpartition(".")
    if not dot:
        stem, suffix = segments[-1], ""
    if parts.query:
        stem = f"{stem}_{hashlib.sha1(parts.query.encode('utf-8')).hexdigest()[:8]}"
    typed = _TYPE_SUFFIX.get((content_type or "").split(";")[0].strip().lower())
    if not suffix or (typed and f".{suffix.lower()}" not in (typed, ".htm", ".shtml")):
        suffix = (typed or ".bin").lstrip(".")
    if suffix.lower() == "shtml":
        suffix = "html"  # batch reads .html and .htm
    segments[-1] = f"{stem}.{_short(suffix, 16)}"
    return Path(host, *segments)


def _short(name: str, limit: int = _MAX_NAME_BYTES) -> str:
    """A name within `limit` bytes: a long one (a whole title as a file name) keeps its start and a hash."""
    if len(name.encode("utf-8")) <= limit:
        return name
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    stem, dot, suffix = name.rpartition(".")
    suffix = suffix if dot and len(suffix) <= 8 else ""
    keep = stem if suffix else name
    while len(f"{keep}_{digest}.{suffix}".encode("utf-8")) > limit:
        keep = keep[:-1]
    return f"{keep}_{digest}.{suffix}" if suffix else f"{keep}_{digest}"


def save_file(files_dir: Path, url: str, response: Response, sidecar: dict) -> tuple[str, str]:
    """Write the body and its sidecar; (path relative to files/, sha256)."""
    rel = file_path(url, response.header("Content-Type"))
    target = files_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(response.body).hexdigest()
    _write(target, response.body)
    meta = {
        "url": url,
        "retrieved": response.retrieved,
        "http_date": response.header("Date"),
        "last_modified": response.header("Last-Modified"),
        "etag": response.header("ETag"),
        "content_type": response.header("Content-Type"),
        "sha256": sha,
        "bytes": len(response.body),
        **sidecar,
    }
    _write(target.with_name(target.name + SIDECAR_SUFFIX), json.dumps(meta, ensure_ascii=False, indent=1).encode())
    return rel.as_posix(), sha


def _write(path: Path, data: bytes) -> None:
    """Via a hidden temporary name and a rename: never half a file (no fsync, as batch: a refetch is cheap)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class RequestLog:
    """fetch.log.jsonl: one line per request, appended and flushed as it happens."""

    def __init__(self, path: Path):
        self._fh = open(path, "a", encoding="utf-8")

    def write(self, **fields) -> None:
        self._fh.write(json.dumps({"time": _now(), **fields}, ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
