"""The manifest of a batch run: what was written, so that a re-run skips it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from notice_miner.fileio import write_atomic


def json_line(record: dict) -> str:
    """One JSON Lines line, readable UTF-8; escaped where a path holds bytes that are not UTF-8."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line + "\n"


class Manifest:
    """Append-only JSON Lines of written notices, the last line per input winning.

    Each line is flushed as it is written, so it survives the process being killed; the
    file is fsynced at most once a second and on close. A torn last line is ignored.
    """

    SYNC_EVERY_SECONDS = 1.0

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict] = {}
        self.lines = 0
        ends_cleanly = True
        if path.exists():
            data = path.read_bytes()
            ends_cleanly = data.endswith(b"\n") or not data
            for line in data.splitlines():
                try:
                    entry = json.loads(line)
                    self.entries[entry["key"]] = entry
                    self.lines += 1
                except (ValueError, KeyError, TypeError):
                    continue
        self._rewrite = False
        self._fh = open(path, "a", encoding="utf-8")
        if not ends_cleanly:
            self._fh.write("\n")
        self._synced = time.monotonic()

    def record(self, entry: dict) -> None:
        self.entries[entry["key"]] = entry
        self._fh.write(json_line(entry))
        self._fh.flush()
        self.lines += 1
        if time.monotonic() - self._synced > self.SYNC_EVERY_SECONDS:
            self._sync()

    def retain(self, keys: set[str]) -> None:
        """Forget every entry but those of `keys` (the notices the folder holds); rewritten on close."""
        if set(self.entries) - keys:
            self.entries = {key: entry for key, entry in self.entries.items() if key in keys}
            self._rewrite = True

    def _sync(self) -> None:
        os.fsync(self._fh.fileno())
        self._synced = time.monotonic()

    def close(self) -> None:
        self._sync()
        self._fh.close()
        if self._rewrite or self.lines > 2 * len(self.entries) + 100:
            body = "".join(map(json_line, self.entries.values()))
            write_atomic(self.path, body)
