"""The notices of a batch run: walking the input folders, and the output name of each file."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from notice_miner.errors import as_text

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".pdf", ".docx"})
# What an annotated corpus keeps beside its notices (gold files, tables, scripts, notes): passed
# over without a word, so `skipped` lists only documents that might have been notices (.doc, .wps …).
SIDECAR_SUFFIXES = frozenset({".json", ".jsonl", ".csv", ".parquet", ".md", ".py", ".notice", ".measures", ".src", ".npz"})
_MAX_NAME_BYTES = 200  # file systems allow 255; leave room for the hash and the temporary prefix


@dataclass(frozen=True)
class InputFile:
    """A notice file found under one of the input folders."""

    path: Path
    rel: str  # POSIX path relative to the input folder it was found in

    @functools.cached_property  # realpath stats every folder of the path
    def key(self) -> str:
        """The identity the manifest remembers the file by: its absolute path, symlinks resolved
        (a symlink loop stays as it is; reading it says so)."""
        return Path(os.path.realpath(self.path)).as_posix()


def iter_notice_files(
    dirs: Iterable[str | Path],
    *,
    skipped: list[Path] | None = None,
    exclude: str | Path | None = None,
    unreadable: list[tuple[Path, str]] | None = None,
) -> Iterator[InputFile]:
    """Every supported notice under `dirs`, recursively, in a stable (sorted) order.

    Hidden files and folders, and sidecar files (gold files, tables, scripts, notes) are passed
    over; other unsupported files are appended to `skipped`, folders that cannot be opened to
    `unreadable` with the reason. Anything given that is not a folder is taken as a file as it is
    (reading it tells a FIFO, a device or a symlink loop); the folder `exclude` (the output folder)
    is not entered; a file reached twice is yielded once.
    """
    excluded = os.path.realpath(exclude) if exclude is not None else None
    seen: set[str] = set()

    def accept(path: Path, rel: str) -> InputFile | None:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            if skipped is not None and path.suffix.lower() not in SIDECAR_SUFFIXES:
                skipped.append(path)
            return None
        found = InputFile(path, rel)
        if found.key in seen:
            return None
        seen.add(found.key)
        return found

    def cannot_open(err: OSError) -> None:
        if unreadable is not None:
            unreadable.append((Path(err.filename), f"cannot open the folder ({err.strerror or err}); the files in it are not read"))

    for root in map(Path, dirs):
        if not root.is_dir():
            if found := accept(root, root.name):
                yield found
            continue
        for dirpath, dirnames, filenames in os.walk(root, onerror=cannot_open):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (excluded is None or os.path.realpath(here / d) != excluded))
            for filename in sorted(filenames):
                if filename.startswith("."):
                    continue
                path = here / filename
                if found := accept(path, path.relative_to(root).as_posix()):
                    yield found


def output_name(rel: str) -> str:
    """The plain output name of a relative input path (see the module docstring)."""
    name = as_text(rel).replace("/", "__") + ".json"
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        name = _with_hash(name[:60] + ".json", rel)
    return name


def _with_hash(name: str, key: str, length: int = 8) -> str:
    return f"{name[:-5]}-{hashlib.sha1(os.fsencode(key)).hexdigest()[:length]}.json"


def standalone_names(paths: list[Path]) -> list[str]:
    """Output names for files given one by one (`parse -o`), one per path, never two alike (ignoring case).

    A file's name is `<file name without extension>.json` where no other path given takes it; files
    whose names would meet are named as batch names them, by their path relative to the folder they
    share (`a/index.html`, `b/index.html` -> `a__index.html.json`, `b__index.html.json`). A file
    given twice gets its one name twice.
    """
    files = [InputFile(path, path.name) for path in map(Path, paths)]
    keys = [f.key for f in files]
    groups: dict[str, dict[str, InputFile]] = {}  # plain name -> the distinct files that would take it
    for f, key in zip(files, keys):
        groups.setdefault(f"{f.path.stem}.json".casefold(), {}).setdefault(key, f)
    names: dict[str, str] = {}
    for group in groups.values():
        if len(group) == 1:
            continue
        shared = os.path.commonpath([os.path.dirname(key) for key in group])
        relative = [InputFile(f.path, os.path.relpath(key, shared).replace(os.sep, "/")) for key, f in group.items()]
        names.update(zip(group, assign_names(relative, {})))
    taken = {name.casefold() for name in names.values()}
    for f, key in zip(files, keys):
        if key not in names:
            name = f"{f.path.stem}.json"
            if name.casefold() in taken:  # a plain name equal to a relative one: rare, still never shared
                name = _with_hash(name, key)
            names[key] = name
    return [names[key] for key in keys]


def assign_names(files: list[InputFile], previous: dict[str, dict], reserved: Iterable[str] = ()) -> list[str]:
    """Output names for `files`, collision-free (also ignoring case) and stable across runs.

    `previous` maps input keys to their manifest entries; their recorded names are kept. `reserved`
    names (notices kept from earlier runs) are taken by none of `files`.
    """
    keys = [f.key for f in files]
    owner: dict[str, str] = {name.casefold(): "" for name in reserved}  # "": no input of this run
    for key in keys:
        if key in previous:
            owner.setdefault(previous[key]["name"].casefold(), key)
    names = []
    for f, key in zip(files, keys):
        entry = previous.get(key)
        if entry and owner.get(entry["name"].casefold()) == key:
            names.append(entry["name"])
            continue
        name, length = output_name(f.rel), 8
        while owner.get(name.casefold(), key) != key:
            name, length = _with_hash(output_name(f.rel), key, length), length + 4
        owner[name.casefold()] = key
        names.append(name)
    return names
