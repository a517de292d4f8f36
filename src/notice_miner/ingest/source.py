"""Reading a path safely: what it is, how big it is, and its bytes, each failure one line naming the file."""
from __future__ import annotations

from errno import EBADF, ELOOP, ENOENT, ENOTDIR
from pathlib import Path
from stat import S_ISDIR

from notice_miner.errors import UnreadableInput, UnsupportedFormat

def read_bytes(path: Path, supported: tuple[str, ...], limit: int) -> bytes:
    """The file's bytes once it is known to be an existing file of a supported kind of at most `limit` bytes.

    The size is checked before anything is read.
    """
    try:
        status = path.stat()
    except (OSError, ValueError) as err:
        if isinstance(err, OSError) and not _missing(err):
            raise
        raise UnreadableInput(path, "no such file") from None
    if S_ISDIR(status.st_mode):
        raise UnreadableInput(path, "is a directory, not a file")
    if path.suffix.lower() not in supported:
        kind = f"{path.suffix!r} files" if path.suffix else "files without an extension"
        raise UnsupportedFormat(path, f"unsupported format: {kind} are not read (supported: {' '.join(supported)})")
    if status.st_size > limit:
        raise UnreadableInput(path, f"file is too large ({_mb(status.st_size)}; the limit is {_mb(limit)})")
    if status.st_size == 0:
        raise UnreadableInput(path, "empty file (0 bytes)")
    try:
        return path.read_bytes()
    except OSError as err:
        raise UnreadableInput(path, f"cannot read the file ({err.strerror or err})") from None


def _missing(err: OSError) -> bool:
    """The errors for which `Path.exists()` says False."""
    return err.errno in (ENOENT, ENOTDIR, EBADF, ELOOP) or getattr(err, "winerror", None) in (21, 123, 1921)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"
