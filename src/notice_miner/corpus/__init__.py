"""Batch runs over a whole corpus: walk folders, parse each notice once, resume after a crash, write tables.

The package, by what each part does: `files` (the notices under the input folders and their output
names), `manifest` (what was written, so a re-run skips it), `work` (what a worker does with a
chunk of files), `executors` (worker processes or a Dask cluster), `tables` (the
notices and items tables), `run` (one run: `run_batch`).

Layout of OUT_DIR after `run_batch`:

    notices/<name>.json   one JSON per notice (the output contract)
    index.csv             output name -> input path and sha256, for every notice held
    manifest.jsonl        record of the notices held (appended as written, rewritten when some go); what a re-run skips
    errors.jsonl          one line {path, reason, time} per file that failed in the last run
    skipped.txt           files of unsupported kinds found in the last run
    notices.parquet/.csv  one row per notice   (CSV: UTF-8 with BOM, for Excel)
    items.parquet/.csv    one row per item
    sections.parquet/.csv one row per section
    tables.xlsx           the three tables and the data dictionary as sheets (with --xlsx; kept in step once there)

Output names: the file's path relative to the input folder it was found in, with "/" replaced by
"__", plus ".json" (`dev/dev01.txt` -> `dev__dev01.txt.json`); the suffix stays so `a.txt` and
`a.html` do not meet. When that name is already held by another input of the run (the same relative
path under two input folders, or names differing only in case), the later file in walk order gets
`-<first 8 hex of sha1 of its absolute path>` before ".json". A name recorded in the manifest stays
with its input on later runs, and no new input takes the name of a notice kept from an earlier run.

One corpus: after every run notices/, the tables, index.csv and the manifest cover exactly the same
notices: those of this run's inputs and those of earlier runs into the folder whose inputs were not
given this time (kept, and counted in the summary, unless `prune` removes them). A notice file no
manifest entry holds (a run killed between writing and recording it) is removed.

Tables: a worker returns the table rows of each notice it parsed with it; rows of notices kept
from an earlier run are read back from their JSON. Rows are written in walk order, in chunks,
under temporary names renamed at the end, so the tables of a resumed run equal a fresh run's.

Crash safety: every file is written to a hidden temporary name and renamed; a manifest line is
appended (and flushed) only after its notice file is in place, so a run killed at any moment
redoes at most the notices in flight when it is started again. Notice files are not fsynced one
by one (that cost 5 ms a file here, a tenth of the parse time); the manifest is fsynced once a
second and records each file's size, and a re-run redoes any notice whose file is missing or of
another size, which is what a power cut can leave.
"""

from __future__ import annotations

from notice_miner.corpus.files import SIDECAR_SUFFIXES, SUPPORTED_SUFFIXES, InputFile, assign_names, iter_notice_files, output_name
from notice_miner.corpus.manifest import Manifest
from notice_miner.corpus.run import DEFAULT_TIME_LIMIT, ERRORS, INDEX, MANIFEST, SKIPPED, BatchSummary, run_batch
from notice_miner.corpus.schema import data_dictionary
from notice_miner.corpus.tables import NOTICES_DIR, table_rows, to_frames
from notice_miner.errors import BatchError

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "ERRORS",
    "INDEX",
    "MANIFEST",
    "NOTICES_DIR",
    "SIDECAR_SUFFIXES",
    "SKIPPED",
    "SUPPORTED_SUFFIXES",
    "BatchError",
    "BatchSummary",
    "InputFile",
    "Manifest",
    "assign_names",
    "iter_notice_files",
    "data_dictionary",
    "output_name",
    "run_batch",
    "table_rows",
    "to_frames",
]
