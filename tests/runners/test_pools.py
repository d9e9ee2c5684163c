"""Pools: a worker process that dies loses only the tasks it held; the pool replaces it and goes on."""

from __future__ import annotations

import os

from faultlines.runners.pools import WorkerLost, open_pool


def _square_or_die(state: dict, task: int) -> int:
    if task == 3:
        os._exit(1)  # a crash in native code, the kernel's OOM killer: the process is simply gone
    return task * task


def test_a_dead_process_loses_its_task_and_the_pool_goes_on():
    with open_pool("process", setup=dict, job=_square_or_die, workers=1) as pool:
        results = dict(pool.imap(range(8)))
        again = dict(pool.imap([5, 6]))
    lost = {k for k, v in results.items() if isinstance(v, WorkerLost)}
    # With one worker and two tasks in flight, the task queued behind 3 may be lost with it.
    assert 3 in lost and lost <= {3, 4}
    assert {k: v for k, v in results.items() if k not in lost} == {k: k * k for k in range(8) if k not in lost}
    assert again == {5: 25, 6: 36}
