"""File helpers shared by the commands: writing atomically, and write failures as one line naming the folder."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from notice_miner.errors import OutputError


@contextlib.contextmanager
def atomic_path(path: Path, *, sync: bool = True) -> Iterator[Path]:
    """A hidden temporary path beside `path` to write to; renamed onto `path` when the block ends
    without error (after an fsync unless `sync` is False), removed when it raises."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        if sync:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: Path, content: str | bytes, *, sync: bool = True) -> None:
    """Write via a temporary file and rename (`atomic_path`), so no half-written file is ever left."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_path(path, sync=sync) as tmp, open(tmp, "wb") as fh:
        fh.write(data)


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Outputs into `folder`: an OSError (read-only folder, full disk, quota) becomes `OutputError`
    naming the folder."""
    try:
        yield
    except OutputError:
        raise
    except OSError as err:
        raise OutputError(folder, err.strerror or str(err)) from None
