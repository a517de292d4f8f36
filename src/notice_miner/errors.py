"""The exceptions a user can meet; each renders as one line naming the file and the reason."""

from __future__ import annotations

import os
import unicodedata

# Characters that would break a message's line or fool the terminal showing it: control characters
# (line breaks, tabs, escapes), format characters (bidi overrides), line and paragraph separators,
# and the surrogates that stand for bytes of a file name that are not UTF-8.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def shown(path: object) -> str:
    """A path as a message prints it: as it is, or quoted with escapes (Python's repr) when it holds
    a character of `_UNSAFE_CATEGORIES`, so one message stays one line."""
    text = os.fspath(path) if isinstance(path, os.PathLike) else str(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if any(unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in text):
        return repr(text)
    return text


def as_text(path: object) -> str:
    """A path as data (JSON, tables): bytes of the name that are not UTF-8 become U+FFFD."""
    return os.fsencode(os.fspath(path) if isinstance(path, os.PathLike) else str(path)).decode("utf-8", "replace")


class NoticeError(Exception):
    """A notice could not be read or parsed. `str()` is the one-line message for the user."""

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{shown(self.path)}: {reason}")


class UnsupportedFormat(NoticeError):
    """The file is of a kind the toolkit does not read."""


class UnreadableInput(NoticeError):
    """The file is missing, a directory, empty, corrupt, too large or has no text layer."""


class DictionaryError(NoticeError):
    """A user dictionary for segmentation is missing or unreadable."""


class ModelError(Exception):
    """A classifier model is missing, tampered with, or does not match the taxonomy in use."""


class BatchError(Exception):
    """A batch run cannot start (output folder busy, Dask missing, model not loadable)."""


class OutputError(Exception):
    """An output could not be written (read-only folder, full disk, quota): the run stops."""

    def __init__(self, folder: object, reason: str):
        self.folder = str(folder)
        self.reason = reason
        super().__init__(f"{shown(self.folder)}: cannot write here ({self.reason}); nothing half-written is left, run again once it is writable")
