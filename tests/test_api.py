"""The Python API takes notices the way users hold them: a path, bytes, a binary file object, an HTML string."""
from __future__ import annotations

import io

import pytest

import notice_miner

NOTICE = "临江市委关于巡察整改情况的通报\n一、整改落实情况\n（一）关于理论学习不深入的问题\n整改情况：制定学习计划，开展专题学习3次。\n"
PAGE = ("<html><head><title>东湖区委巡察整改通报</title></head><body><div>"
        + "".join(f"<p>{line}</p>" for line in NOTICE.splitlines()) + "</div></body></html>")


@pytest.fixture
def notice_file(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path


def _items(notice):
    return [(item.path, item.text) for item in notice.items]


def test_parse_takes_bytes_with_a_name_or_a_hint(notice_file) -> None:
    expected = _items(notice_miner.parse(notice_file, classifier=None))
    data = NOTICE.encode("utf-8")
    assert _items(notice_miner.parse(data, name="n.txt", classifier=None)) == expected
    assert _items(notice_miner.parse(data, format_hint="txt", classifier=None)) == expected


def test_parse_takes_a_binary_file_object(notice_file) -> None:
    expected = _items(notice_miner.parse(notice_file, classifier=None))
    with open(notice_file, "rb") as fh:
        assert _items(notice_miner.parse(fh, classifier=None)) == expected
    page = notice_miner.parse(io.BytesIO(PAGE.encode("utf-8")), format_hint="html", classifier=None)
    assert page.source.format == "html" and "<p>" not in page.text


def test_parse_refuses_what_it_cannot_read_with_a_reason() -> None:
    with pytest.raises(notice_miner.NoticeError, match="format"):
        notice_miner.parse(b"anything", classifier=None)
    with pytest.raises(TypeError, match="binary mode"):
        notice_miner.parse(io.StringIO(NOTICE), classifier=None)


def test_parse_text_reads_html_as_html() -> None:
    page = notice_miner.parse_text(PAGE, name="page.html", classifier=None)
    as_bytes = notice_miner.parse(PAGE.encode("utf-8"), name="page.html", classifier=None)
    assert page.source.format == "html" and "<p>" not in page.text and "<title>" not in page.text
    assert _items(page) == _items(as_bytes) and page.items
