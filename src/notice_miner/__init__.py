"""notice-miner: parse Chinese inspection-rectification notices into grounded structured data.

>>> import notice_miner
>>> notice = notice_miner.parse("notice.html")
>>> notice.items[0].path, notice.items[0].text
"""

from notice_miner.errors import NoticeError
from notice_miner.model import VERSION as __version__
from notice_miner.model import Notice
from notice_miner.pipeline import parse, parse_many, parse_text, use_segmenter


def to_frames(notices, ids=None) -> dict:
    """The tables `batch` writes (notices, items, sections) as pandas DataFrames from `Notice` objects,
    with the dtypes `pandas.read_parquet` gives for the Parquet files (`notice_miner.corpus.tables.to_frames`)."""
    from notice_miner.corpus.tables import to_frames as frames

    return frames(notices, ids)


__all__ = ["Notice", "NoticeError", "parse", "parse_many", "parse_text", "to_frames", "use_segmenter", "__version__"]
