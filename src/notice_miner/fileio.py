"""File helpers shared by the commands: writing atomically, write failures as one line naming the folder,
CSV cells a spreadsheet cannot mistake for formulas, the sidecar of a fetched file, text that UTF-8 can hold."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from notice_miner.errors import OutputError

# A CSV cell starting with one of these is a formula (or the start of one) to Excel, LibreOffice and
# Google Sheets: a notice or file name such as "=HYPERLINK(…)" would run when the table is opened.
# CSV outputs prefix such cells with an apostrophe, which spreadsheets show as text and hide
# (OWASP's rule for CSV injection); Parquet and JSON keep the value exact.
FORMULA_START = r"^[=+\-@\t\r]"


def spreadsheet_safe(value: str) -> str:
    """`value` as a CSV cell: with a leading apostrophe if it starts like a formula (FORMULA_START)."""
    return "'" + value if re.match(FORMULA_START, value) else value


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
        raise OutputError(folder, _reason(err)) from None


def _reason(err: OSError) -> str:
    """The system's words for the error (Arrow's errors bury the errno in a message of their own)."""
    found = re.search(r"\[errno (\d+)\]", str(err), re.IGNORECASE)
    if found:
        return os.strerror(int(found[1]))
    return err.strerror or str(err)


# `notice-miner fetch` writes NAME.source.json beside each file it fetched (url, retrieved, http_date, sha256 …)
SIDECAR_SUFFIX = ".source.json"


def read_sidecar(path: str | Path) -> dict:
    """The fetch sidecar of the file at `path`, or {} when it has none or it is unreadable."""
    sidecar = Path(f"{path}{SIDECAR_SUFFIX}")
    try:
        if not stat.S_ISREG(os.stat(sidecar).st_mode):  # a FIFO or a device there would never end
            return {}
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> tuple[str, list[str]]:
    """Text read as UTF-16 would be: a high and low surrogate in a row as the character they encode, a lone
    surrogate (half of a pair, not a character: it cannot be written in UTF-8) as U+FFFD with a warning."""
    if not _SURROGATE.search(text):
        return text, []
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    lone = fixed.count("\ufffd") - text.count("\ufffd")
    warnings = [f"{lone} lone surrogate code point(s) (half of a UTF-16 pair, not characters) were replaced with �"]
    return fixed, warnings if lone else []
