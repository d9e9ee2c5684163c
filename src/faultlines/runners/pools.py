"""Pools of workers that run one job over tasks: in this process, in a process pool, or on Ray.

Every pool is built from ``setup`` (a picklable callable returning a worker's state, called once
per worker: this is where the spaCy model is loaded) and ``job(state, task)``. ``imap`` yields
``(task, result)`` as tasks finish, in any order; a task whose worker died yields
:class:`WorkerLost` instead, and the pool replaces the worker and goes on. Any other exception of
a job (a setup error, ``--on-error raise``) stops the run and reaches the caller.

>>> with open_pool("serial", setup=dict, job=lambda state, task: task * 2) as pool:
...     [result for _, result in pool.imap([1, 2, 3])]
[2, 4, 6]
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

RUNNERS = ("serial", "process", "ray")


@dataclass(frozen=True)
class WorkerLost:
    """The worker running a task died (killed, out of memory, a crash in native code)."""

    reason: str


class SerialPool:
    """One worker: this process."""

    def __init__(self, setup: Callable[[], Any], job: Callable[[Any, Any], Any]) -> None:
        self.state, self.job = setup(), job

    def imap(self, tasks: Iterable) -> Iterator[tuple[Any, Any]]:
        for task in tasks:
            yield task, self.job(self.state, task)

    def close(self) -> None:
        pass


_STATE: Any = None  # a pool process's worker state, set once by _init_process


def _init_process(setup: Callable[[], Any]) -> None:
    global _STATE
    _STATE = setup()


def _call(job: Callable[[Any, Any], Any], task: Any) -> Any:
    return job(_STATE, task)


class ProcessPool:
    """``workers`` processes (spawned: no fork of a process holding DuckDB and spaCy threads)."""

    def __init__(self, setup: Callable[[], Any], job: Callable[[Any, Any], Any], workers: int) -> None:
        self.setup, self.job, self.workers = setup, job, workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_process, initargs=(self.setup,))

    def imap(self, tasks: Iterable) -> Iterator[tuple[Any, Any]]:
        pending, running = deque(tasks), {}
        while pending or running:
            while pending and len(running) < 2 * self.workers:  # two each: a worker never waits for the driver
                task = pending.popleft()
                running[self.executor.submit(_call, self.job, task)] = task
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                # A dead process breaks the whole executor: the tasks still running are lost with it.
                wait(running)
                for future, task in running.items():
                    broken = isinstance(future.exception(), BrokenProcessPool)
                    yield task, WorkerLost(str(future.exception()) or "a worker process exited") if broken \
                        else future.result()
                running.clear()
                self.executor.shutdown(wait=False, cancel_futures=True)
                self.executor = self._start()
                continue
            for future in done:
                yield running.pop(future), future.result()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def open_pool(runner: str, *, setup: Callable[[], Any], job: Callable[[Any, Any], Any], workers: int | None = None,
              ray_address: str | None = None) -> Iterator[SerialPool | ProcessPool]:
    """A pool of ``runner`` workers (``serial``, ``process`` or ``ray``), closed on exit.

    ``workers`` defaults to the CPUs of the machine (process) or of the Ray cluster; ``ray_address``
    (else ``$RAY_ADDRESS``) names an existing Ray cluster, without it a local one is started.
    """
    if runner == "serial":
        pool: Any = SerialPool(setup, job)
    elif runner == "process":
        pool = ProcessPool(setup, job, workers or os.cpu_count() or 1)
    else:
        from faultlines.runners.raypool import RayPool
        pool = RayPool(setup, job, workers, ray_address)
    try:
        yield pool
    finally:
        pool.close()
