"""One HTTP GET, without following redirects: status, headers and body, within a size limit and a deadline.

The standard library's http.client: the crawler decides about redirects, retries and delays itself.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

CHUNK = 64 * 1024


class FetchError(Exception):
    """A request that got no usable response; `str()` is the one-line reason. `lasting`: asking again
    gets the same (a body over the limit, an unknown encoding), unlike a timeout or a dropped connection."""

    def __init__(self, reason: str, lasting: bool = False):
        super().__init__(reason)
        self.lasting = lasting


@dataclass
class Response:
    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    retrieved: str  # ISO 8601 UTC, when the response arrived
    elapsed: float = 0.0
    version: str = "HTTP/1.1"
    raw: bytes | None = None  # the body as served when a Content-Encoding had to be undone (kept in the WARC)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), None)


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def get(url: str, headers: dict[str, str], *, timeout: float, max_bytes: int) -> Response:
    """GET `url`. Raises `FetchError` for malformed URLs, network errors, timeouts and bodies over `max_bytes`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("not an http(s) URL", lasting=True)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = parts.netloc.rsplit("@", 1)[-1]
    sent = [("Host", host_header), *headers.items()]
    started = time.monotonic()
    connection = _connection(parts, timeout)
    try:
        connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        for key, value in sent:
            connection.putheader(key, value)
        connection.endheaders()
        reply = connection.getresponse()
        body = _read_body(reply, started + timeout, max_bytes)
    except (OSError, http.client.HTTPException, ValueError) as err:
        raise FetchError(_reason(err, timeout)) from None
    finally:
        connection.close()
    content = _decoded(body, reply.getheader("Content-Encoding"), max_bytes)
    return Response(
        url=url,
        status=reply.status,
        reason=reply.reason or "",
        headers=list(reply.getheaders()),
        body=content,
        request_headers=sent,
        retrieved=now_iso(),
        elapsed=time.monotonic() - started,
        version="HTTP/1.0" if reply.version == 10 else "HTTP/1.1",
        raw=body if content is not body else None,
    )


def _decoded(body: bytes, coding: str | None, max_bytes: int) -> bytes:
    """The body with a gzip or deflate Content-Encoding undone (servers send one even to `identity`),
    within the size limit."""
    coding = (coding or "identity").strip().lower()
    if coding in ("", "identity") or not body:
        return body
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"content encoding {coding!r} is not supported", lasting=True)
    for wbits in (16 + zlib.MAX_WBITS,) if "gzip" in coding else (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        try:
            content = zlib.decompressobj(wbits).decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(content) > max_bytes:
            raise FetchError(f"response is over the size limit of {max_bytes} bytes once decompressed", lasting=True)
        return content
    raise FetchError(f"a {coding} body that does not decompress", lasting=True)


def _connection(parts, timeout: float) -> http.client.HTTPConnection:
    try:
        port = parts.port
    except ValueError:
        raise FetchError("malformed port in the URL", lasting=True) from None
    if parts.scheme == "https":
        return http.client.HTTPSConnection(parts.hostname, port, timeout=timeout, context=ssl.create_default_context())
    return http.client.HTTPConnection(parts.hostname, port, timeout=timeout)


def _read_body(reply: http.client.HTTPResponse, deadline: float, max_bytes: int) -> bytes:
    """The body, read in chunks: a declared or actual size over the limit, or a slow drip past the deadline, fails."""
    declared = reply.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response of {int(declared)} bytes is over the size limit of {max_bytes} bytes", lasting=True)
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise socket.timeout("timed out")
        chunk = reply.read(CHUNK)
        if not chunk:
            if declared and declared.isdigit() and size < int(declared):
                raise FetchError(f"connection closed after {size} of the {int(declared)} bytes announced")
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response is over the size limit of {max_bytes} bytes", lasting=True)
        chunks.append(chunk)


def _reason(err: Exception, timeout: float) -> str:
    if isinstance(err, (socket.timeout, TimeoutError)):
        return f"timed out after {timeout:g} s"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused"
    if isinstance(err, socket.gaierror):
        return "host name not found"
    if isinstance(err, ssl.SSLError):
        return f"TLS error: {err.reason or err}"
    return f"{type(err).__name__}: {err}"
