"""The Ray pool: one actor per CPU, each building its worker state (the extractor) once.

``ray.init(address=...)`` joins an existing cluster (``ray://HOST:10001`` through Ray Client,
``auto`` on a cluster node, or ``$RAY_ADDRESS``); without an address a local Ray is started with
``num_cpus`` set, no dashboard and usage statistics off, and it is shut down on close. A Ray that
is already running in this process is used as it is and left running. Nothing is downloaded:
workers import Faultlines and the spaCy model from their own Python environment.
"""

from __future__ import annotations

import os
from collections import deque
from typing import Any, Callable, Iterable, Iterator

from faultlines.errors import FaultlinesError, UsageError
from faultlines.runners.pools import WorkerLost


class _Actor:
    """A Ray actor holding one worker's state."""

    def __init__(self, setup: Callable[[], Any]) -> None:
        self.state = setup()

    def run(self, job: Callable[[Any, Any], Any], task: Any) -> Any:
        return job(self.state, task)


def import_ray():
    """The ``ray`` module; raise ``E700`` without the ray extra."""
    try:
        import ray
    except ImportError as e:
        raise UsageError("E700", reason=str(e)) from e
    return ray


def connect(ray, address: str | None, workers: int | None) -> bool:
    """Join the cluster at ``address`` (else ``$RAY_ADDRESS``) or start a local one; True if started here."""
    if ray.is_initialized():
        return False
    address = address or os.environ.get("RAY_ADDRESS") or None
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(address="local", num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                     log_to_driver=False)
    except Exception as e:  # noqa: BLE001 - Ray raises ConnectionError, RuntimeError, ValueError ...
        raise UsageError("E701", address=address or "local", reason=str(e).splitlines()[0] if str(e) else
                         type(e).__name__) from e
    return True


class RayPool:
    """``workers`` actors (default: the cluster's CPUs), two tasks in flight on each."""

    def __init__(self, setup: Callable[[], Any], job: Callable[[Any, Any], Any], workers: int | None,
                 address: str | None) -> None:
        self.ray = import_ray()
        self.started = connect(self.ray, address, workers)
        self.job = job
        self.actor_class = self.ray.remote(num_cpus=1)(_Actor)
        self.setup_ref = self.ray.put(setup)  # the catalogue goes to the object store once
        n = workers or max(1, int(self.ray.cluster_resources().get("CPU", 1)))
        self.actors = [self.actor_class.remote(self.setup_ref) for _ in range(n)]

    def imap(self, tasks: Iterable) -> Iterator[tuple[Any, Any]]:
        ray = self.ray
        pending, running = deque(tasks), {}
        load = {i: 0 for i in range(len(self.actors))}
        while pending or running:
            for i in sorted(load, key=load.get):
                while pending and load[i] < 2:
                    task = pending.popleft()
                    running[self.actors[i].run.remote(self.job, task)] = (i, self.actors[i], task)
                    load[i] += 1
            [ref], _ = ray.wait(list(running), num_returns=1)
            i, actor, task = running.pop(ref)
            load[i] -= 1
            try:
                yield task, ray.get(ref)
            except ray.exceptions.RayActorError as e:
                if self.actors[i] is actor:  # its other task fails too; replace the actor once
                    self.actors[i] = self.actor_class.remote(self.setup_ref)
                yield task, WorkerLost(str(e).splitlines()[0] if str(e) else "the Ray actor died")
            except ray.exceptions.RayTaskError as e:
                if isinstance(e.cause, FaultlinesError):
                    raise e.cause from None
                raise

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        if self.started:
            self.ray.shutdown()

