"""The guarded pool's task affinity: a task goes to the worker that holds what it needs, or to any
worker when that one is gone or stuck."""

from __future__ import annotations

import os
import time

import pytest

from navkort.app import pool as pool_module
from navkort.app.pool import Lost, Pool


def _work(task: tuple[str, float]) -> int:
    what, seconds = task
    if what == "die":
        os._exit(9)
    time.sleep(seconds)
    return os.getpid()


def _make() -> object:
    return _work


def _pids(pool: Pool) -> list[int]:
    got = dict(pool.run([("pid", 0.2), ("pid", 0.2)]))  # both workers busy at once: one task each
    assert len(set(got.values())) == 2
    return sorted(got.values())  # type: ignore[arg-type]


def test_each_task_goes_to_the_worker_it_names():
    with Pool(_make, (), 2) as pool:
        a, b = _pids(pool)
        want = [a, b, b, b, a, None, b, a]
        got = dict(pool.run([("pid", 0.01)] * len(want), want))
    assert [got[k] for k, w in enumerate(want) if w is not None] == [w for w in want if w is not None]


def test_a_task_whose_worker_died_goes_to_another():
    with Pool(_make, (), 2) as pool:
        a, b = _pids(pool)
        got = dict(pool.run([("die", 0), ("pid", 0.01), ("pid", 0.01)], [a, a, a]))
    assert isinstance(got[0], Lost) and got[0].why == "died"
    assert got[1] != a and got[2] != a and not isinstance(got[1], Lost)


def test_tasks_held_by_a_stuck_worker_are_taken_by_another(monkeypatch):
    monkeypatch.setattr(pool_module, "STEAL_AFTER", 0.3)
    with Pool(_make, (), 2) as pool:
        a, b = _pids(pool)
        start = time.monotonic()
        got = dict(pool.run([("pid", 3.0), ("pid", 0.01), ("pid", 0.01)], [a, a, a]))
        took = time.monotonic() - start
    assert got[0] == a and got[1] == b and got[2] == b  # not waiting 3 s for a
    assert took < 3.5


@pytest.mark.parametrize("jobs", [1, 2])
def test_affinity_never_leaves_a_task_behind(jobs):
    with Pool(_make, (), jobs) as pool:
        got = dict(pool.run([("pid", 0.0)] * 20, [12345678] * 10 + [None] * 10))  # a pid that is no worker
    assert sorted(got) == list(range(20)) and not any(isinstance(v, Lost) for v in got.values())
