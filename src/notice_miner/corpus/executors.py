"""Where the chunks are parsed: in this process, in a pool of worker processes, or on a Dask cluster.

Each executor has `start`, `run(chunks)` (the outcomes, in the order they finish) and `close`.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from notice_miner.corpus.work import Outcome, Task, init_worker, noop, parse_chunk, warm_up
from notice_miner.errors import BatchError
from notice_miner.model import ClassifierSpec


def executor_for(scheduler: str | None, jobs: int, spec: ClassifierSpec, write_dir: str) -> Inline | Pool | Dask:
    """Dask when a scheduler is named, a pool of processes for several jobs, else this process."""
    if scheduler:
        return Dask(scheduler, jobs, spec)
    return Pool(jobs, spec, write_dir) if jobs > 1 else Inline(spec, write_dir)


class Inline:
    """The chunks parsed one after another in this process."""

    def __init__(self, spec: ClassifierSpec, write_dir: str):
        self.spec, self.write_dir = spec, write_dir

    def start(self) -> None:
        pass

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[Outcome]:
        for chunk in chunks:
            yield from parse_chunk(chunk, self.spec, self.write_dir)

    def close(self) -> None:
        pass


class Pool:
    """N worker processes with a bounded number of chunks in flight.

    If a worker dies (a crash in a format library, the OOM killer), the chunks in flight
    are retried one file at a time, serially, so the file that kills a worker is named
    in errors.jsonl and the rest go through.
    """

    def __init__(self, jobs: int, spec: ClassifierSpec, write_dir: str):
        self.jobs, self.spec, self.write_dir = jobs, spec, write_dir
        self.pool = None

    def _new_pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ProcessPoolExecutor(self.jobs, mp_context=context, initializer=init_worker,
                                   initargs=(self.spec,))

    def start(self) -> None:
        # load everything once here: forked workers share it; and fork before a progress thread runs
        warm_up(self.spec)
        self.pool = self._new_pool()
        for future in [self.pool.submit(noop) for _ in range(self.jobs)]:
            future.result()

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[Outcome]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        solo: deque[list[Task]] = deque()  # files retried one at a time after a worker died
        pending: dict = {}
        more = True
        while True:
            limit = 1 if solo else 3 * self.jobs
            more = self._submit(pending, solo, chunks, limit, more)
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                chunk = pending.pop(future)
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    broken = True
                    yield from self._after_death(chunk, solo, alone=limit == 1)
            if broken:
                self._restart(pending, solo)

    def _submit(self, pending: dict, solo: deque[list[Task]], chunks: Iterator[list[Task]], limit: int,
                more: bool) -> bool:
        """Submit until `limit` chunks are in flight, retries first; whether `chunks` may have more."""
        while len(pending) < limit:
            chunk = solo.popleft() if solo else (next(chunks, None) if more else None)
            if chunk is None:
                return False
            pending[self.pool.submit(parse_chunk, chunk, self.spec, self.write_dir)] = chunk
        return more

    @staticmethod
    def _after_death(chunk: list[Task], solo: deque[list[Task]], alone: bool) -> list[Outcome]:
        """A chunk whose worker died: a file that was parsed alone is named; the others are retried alone."""
        if len(chunk) == 1 and alone:
            return [Outcome(chunk[0], reason="the worker process died while parsing this file")]
        solo.extend([task] for task in chunk)
        return []

    def _restart(self, pending: dict, solo: deque[list[Task]]) -> None:
        """A new pool after a worker died; the chunks that were in flight are retried a file at a time."""
        for chunk in pending.values():
            solo.extend([task] for task in chunk)
        pending.clear()
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


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
                self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1,
                                            dashboard_address=None)
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
