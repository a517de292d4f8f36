"""Where the files are parsed: worker processes on this machine, or a Dask cluster.

Each executor has `start`, `run(chunks)` (the outcomes, in the order they finish) and `close`.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from notice_miner.corpus.work import Outcome, Task, parse_chunk, serve, warm_up
from notice_miner.errors import BatchError
from notice_miner.model import ClassifierSpec


def executor_for(scheduler: str | None, jobs: int, classifier: ClassifierSpec, notices_dir: Path, time_limit: float | None) -> Workers | Dask:
    """Dask when a scheduler is named, else worker processes on this machine."""
    if scheduler:
        return Dask(scheduler, jobs, classifier)
    return Workers(jobs, classifier, str(notices_dir), time_limit)


class _Worker:
    """One worker process, the chunks it was given (the file it is on first) and since when it is on that file."""

    def __init__(self, process, conn):
        self.process, self.conn = process, conn
        self.chunks: deque[deque[Task]] = deque()
        self.since = 0.0

    def give(self, chunk: list[Task]) -> None:
        if not self.chunks:
            self.since = time.monotonic()
        self.chunks.append(deque(chunk))
        self.conn.send(chunk)

    def receive(self) -> Outcome | None:
        """The outcome of the file it was on, or None when the process died."""
        try:
            outcome = self.conn.recv()
        except (EOFError, OSError):
            return None
        self.chunks[0].popleft()
        if not self.chunks[0]:
            self.chunks.popleft()
        self.since = time.monotonic()
        return outcome

    def stop(self) -> tuple[str, list[list[Task]]]:
        """Kill the process if it still runs; how it ended, and the tasks it held (the one it was on first)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()
        return _ended(self.process.exitcode), [list(chunk) for chunk in self.chunks]


def _ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        import signal

        name = signal.Signals(-exitcode).name
        return f"killed by {name}" + (", perhaps out of memory" if name == "SIGKILL" else "")
    return f"exit status {exitcode}"


class Workers:
    """`jobs` worker processes parsing chunks of files, each file reported as soon as it is done.

    A file still parsing after `time_limit` seconds has its worker killed and is reported as
    stopped; a worker that dies (a crash in a format library, the OOM killer) costs only the file
    it was on. Either way the rest of its chunks go to a fresh worker, so one file never holds up
    or takes down the run. Workers are forked after the parent loaded the model and warmed the
    pipeline up, so they start at once and share that memory.
    """

    AHEAD = 2  # chunks a worker holds: the one it parses and the next, so it never waits for the parent

    def __init__(self, jobs: int, spec: ClassifierSpec, write_dir: str, time_limit: float | None):
        self.jobs, self.spec, self.write_dir, self.time_limit = jobs, spec, write_dir, time_limit or None
        self.workers: list[_Worker] = []

    def start(self) -> None:
        warm_up(self.spec)
        self.workers = [self._new_worker() for _ in range(self.jobs)]

    def _new_worker(self) -> _Worker:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, self.spec, self.write_dir), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[Outcome]:
        from multiprocessing.connection import wait

        retry: deque[list[Task]] = deque()  # chunks a stopped worker held, before any new one
        while True:
            self._feed(chunks, retry)
            busy = [worker for worker in self.workers if worker.chunks]
            if not busy:
                return
            ready = wait([worker.conn for worker in busy], self._timeout(busy))
            for worker in busy:
                if worker.conn in ready:
                    outcome = worker.receive()
                    yield outcome if outcome is not None else self._replace(worker, retry, None)
                elif self.time_limit and time.monotonic() - worker.since >= self.time_limit:
                    yield self._replace(worker, retry, self.time_limit)

    def _feed(self, chunks: Iterator[list[Task]], retry: deque[list[Task]]) -> None:
        """Top every worker up to AHEAD chunks, chunks to retry first."""
        for i, worker in enumerate(self.workers):
            if not worker.chunks and not worker.process.is_alive():  # died idle (the OOM killer's pick)
                worker.stop()
                self.workers[i] = worker = self._new_worker()
            while len(worker.chunks) < self.AHEAD and (chunk := retry.popleft() if retry else next(chunks, None)):
                worker.give(chunk)

    def _timeout(self, busy: list[_Worker]) -> float | None:
        """Seconds until the first worker's file runs over the limit."""
        if not self.time_limit:
            return None
        return max(0.0, min(worker.since for worker in busy) + self.time_limit - time.monotonic())

    def _replace(self, worker: _Worker, retry: deque[list[Task]], over: float | None) -> Outcome:
        """Stop `worker`, put a fresh one in its place, queue its other tasks; the outcome of the one it was on."""
        ended, held = worker.stop()
        self.workers[self.workers.index(worker)] = self._new_worker()
        current, rest = held[0][0], [held[0][1:], *held[1:]]
        retry.extendleft(reversed([chunk for chunk in rest if chunk]))
        if over is not None:
            return Outcome(current, reason=f"stopped after {over:g} s: longer than the time limit per file (--time-limit)")
        return Outcome(current, reason=f"the worker process died while parsing this file ({ended})")

    def close(self) -> None:
        for worker in self.workers:
            if worker.chunks:  # still busy: the run is being abandoned
                worker.stop()
                continue
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(timeout=5)
            worker.stop()
        self.workers = []


class Dask:
    """The same chunks on a Dask cluster; workers return the JSON and this process writes it."""

    def __init__(self, address: str, jobs: int, spec: ClassifierSpec):
        self.address, self.jobs, self.spec = address, jobs, spec
        self.client = self.cluster = None

    def start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError("--scheduler needs Dask: pip install 'notice-miner[dask]'") from None
        try:
            if self.address == "local":
                self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.address, timeout=10)
        except (OSError, TimeoutError) as err:
            self.close()
            raise BatchError(f"cannot reach the Dask scheduler {self.address}: {err}") from None

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[Outcome]:
        from distributed import as_completed

        threads = sum(self.client.nthreads().values()) or 1
        pending = as_completed()
        in_flight: dict = {}

        def submit() -> bool:
            chunk = next(chunks, None)
            if chunk is None:
                return False
            future = self.client.submit(parse_chunk, chunk, self.spec, None, pure=False)
            in_flight[future.key] = chunk
            pending.add(future)
            return True

        for _ in range(3 * threads):
            if not submit():
                break
        for future in pending:
            chunk = in_flight.pop(future.key)
            try:
                yield from future.result()
            except Exception as err:  # the worker died or the task was lost
                for task in chunk:
                    yield Outcome(task, reason=f"Dask worker failed: {type(err).__name__}: {err}")
            future.release()
            submit()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
