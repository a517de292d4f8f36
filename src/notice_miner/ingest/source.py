"""Reading a path safely: what it is, how big it is, and its bytes, each failure one line naming the file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from notice_miner.errors import UnreadableInput, UnsupportedFormat

# What a path can be besides a regular file, as the messages name it.
_NOT_REGULAR = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
)
_MISSING = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ENAMETOOLONG})


def _not_regular(mode: int) -> str | None:
    for test, reason in _NOT_REGULAR:
        if test(mode):
            return reason
    return None if stat.S_ISREG(mode) else "is not a regular file"


def _unreadable(path: Path, err: OSError | ValueError) -> UnreadableInput:
    """The one-line reason for a path that cannot be looked at or opened."""
    if isinstance(err, ValueError):  # an embedded NUL
        return UnreadableInput(path, "no such file")
    if err.errno == errno.ELOOP:
        return UnreadableInput(path, "a symlink loop: the link never reaches a file")
    if err.errno in _MISSING or getattr(err, "winerror", None) in (21, 123, 1921):
        return UnreadableInput(path, "no such file")
    return UnreadableInput(path, f"cannot read the file ({err.strerror or err})")


def regular_status(path: Path) -> os.stat_result:
    """The status of `path` (a symlink's target) once it is known to be a regular file.

    Anything else (missing, a symlink loop, a folder, a FIFO, a socket, a device, out of reach)
    raises `UnreadableInput` with the reason; nothing is opened.
    """
    try:
        status = os.stat(path)
    except (OSError, ValueError) as err:
        raise _unreadable(path, err) from None
    if reason := _not_regular(status.st_mode):
        raise UnreadableInput(path, reason)
    return status


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading in binary, only if it is a regular file (`regular_status`).

    Opened without blocking and checked again on the open file, so a file swapped for a FIFO or
    a device after the check is refused too, and never waited on.
    """
    regular_status(path)
    return _open_checked(path)


def _open_checked(path: Path) -> BinaryIO:
    """`path` opened without blocking and checked on the open file: only a regular file is returned."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise _unreadable(path, err) from None
    try:
        if reason := _not_regular(os.fstat(fd).st_mode):
            raise UnreadableInput(path, reason)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_bytes(path: Path, supported: tuple[str, ...], limit: int) -> bytes:
    """The file's bytes once it is known to be a regular file of a supported kind of at most `limit` bytes.

    The kind (only regular files: no folder, FIFO, socket, device or symlink loop) and the size are
    checked before anything is read.
    """
    status = regular_status(path)
    if path.suffix.lower() not in supported:
        kind = f"{path.suffix!r} files" if path.suffix else "files without an extension"
        raise UnsupportedFormat(path, f"unsupported format: {kind} are not read (supported: {' '.join(supported)})")
    if status.st_size > limit:
        raise UnreadableInput(path, f"file is too large ({_mb(status.st_size)}; the limit is {_mb(limit)})")
    if status.st_size == 0:
        raise UnreadableInput(path, "empty file (0 bytes)")
    try:
        with _open_checked(path) as fh:  # the path's status is known: the open file is checked again
            data = fh.read(status.st_size + 1)  # the size seen, and a byte more to tell whether it grew
            if len(data) > status.st_size:
                data += fh.read(limit + 1 - len(data))
    except OSError as err:
        raise UnreadableInput(path, f"cannot read the file ({err.strerror or err})") from None
    if len(data) > limit:  # it grew since it was looked at
        raise UnreadableInput(path, f"file is too large (over {_mb(limit)}, the limit)")
    return data


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"
