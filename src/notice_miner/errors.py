"""The exceptions a user can meet; each renders as one line naming the file and the reason."""
from __future__ import annotations


class NoticeError(Exception):
    """A notice could not be read or parsed. `str()` is the one-line message for the user."""

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormat(NoticeError):
    """The file is of a kind the toolkit does not read."""


class UnreadableInput(NoticeError):
    """The file is missing, a directory, empty, corrupt, too large or has no text layer."""


class ModelError(Exception):
    """A classifier model is missing, tampered with, or does not match the taxonomy in use."""


class BatchError(Exception):
    """A batch run cannot start (output folder busy, Dask missing, model not loadable)."""
