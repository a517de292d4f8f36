"""notice-miner: parse Chinese inspection-rectification notices into grounded structured data.

    >>> import notice_miner
    >>> notice = notice_miner.parse("notice.html")
    >>> notice.items[0].path, notice.items[0].text
"""
from notice_miner.errors import NoticeError
from notice_miner.model import Notice
from notice_miner.pipeline import parse, parse_many, parse_text, use_segmenter

from notice_miner.model import VERSION as __version__
__all__ = ["Notice", "NoticeError", "parse", "parse_many", "parse_text", "use_segmenter", "__version__"]
