"""Small file helpers shared by the commands: atomic writes, the sidecar of a fetched file."""
from __future__ import annotations

import json
import os
from pathlib import Path


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write via a temporary file, fsync and rename, so no half-written file is ever left."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# `notice-miner fetch` writes NAME.source.json beside each file it fetched (url, retrieved, http_date, sha256 …)
SIDECAR_SUFFIX = ".source.json"


def read_sidecar(path: str | Path) -> dict:
    """The fetch sidecar of the file at `path`, or {} when it has none or it is unreadable."""
    try:
        meta = json.loads(Path(f"{path}{SIDECAR_SUFFIX}").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def lock_folder(folder: Path):
    """Hold FOLDER/.lock (an open file) so two runs never write one folder at once; None when another holds it."""
    fh = open(folder / ".lock", "w")
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        return fh
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh
