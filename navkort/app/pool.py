"""A process pool that a bad input cannot take down: each task runs in a worker process under an
address-space limit and a time limit. A worker that dies (abort, segfault, killed for memory) or
overruns is reported as *that task's* failure and replaced; every other task still completes and
the run always ends. Ctrl-C (or SIGTERM) stops the workers at once and cleans up.

Workers are built by `init(*initargs)` inside each worker process (the pool's initializer), so
nothing is shared between runs and the parent keeps no state.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from ..errors import Interrupted

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_TIMEOUT = 120.0  # seconds per office; NAVKORT_OFFICE_TIMEOUT changes it
DEFAULT_MEMORY_MB = 3072  # address space per worker process; NAVKORT_WORKER_MEMORY_MB changes it


def _setting(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Lost:
    """A task whose worker died or overran: `why` is "died" or "timeout", `detail` says how."""

    why: str
    detail: str


INIT_FAILED = 70  # exit code of a worker that could not even start


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the parent dies (even by SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child(conn: Connection, parent_end: Connection, init: Callable[..., Callable[[Any], Any]],
           initargs: tuple[Any, ...], memory_mb: int) -> None:
    """The worker process: build the worker, then run tasks until told to stop."""
    import faulthandler

    parent_end.close()  # or recv() would never see the parent go away
    _die_with_parent()
    os.environ["RUST_BACKTRACE"] = "0"  # a crash is reported once, by the parent, not as a backtrace

    faulthandler.disable()  # a crash is reported by the parent, for the office it was working on
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    signal.signal(signal.SIGTERM, _exit_on_term)  # unwinds, so temporary files are removed
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        work = init(*initargs)
    except BaseException:  # reported by the parent as one failure of the run
        os._exit(INIT_FAILED)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, task = msg
        conn.send((index, work(task)))


def _exit_on_term(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


class _Slot:
    """One worker process and the task it is working on."""

    def __init__(self, ctx: Any, init: Callable[..., Any], initargs: tuple[Any, ...], memory_mb: int) -> None:
        self.conn, child_conn = ctx.Pipe()
        self.proc = ctx.Process(target=_child, args=(child_conn, self.conn, init, initargs, memory_mb), daemon=True)
        self.proc.start()
        child_conn.close()
        self.task: tuple[int, Any] | None = None
        self.started = 0.0

    def give(self, index: int, task: Any) -> None:
        self.task = (index, task)
        self.started = time.monotonic()
        with contextlib.suppress(OSError):  # a worker already gone is reported by its sentinel
            self.conn.send((index, task))

    def stop(self, grace: float) -> None:
        """Ask the worker to stop (SIGTERM unwinds it), then kill it if it has not within `grace` s."""
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join(grace)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(1)
        self.conn.close()


def _stop_all(slots: list[_Slot], grace: float = 1.0) -> None:
    """Stop every worker at once: SIGTERM to all, one shared wait, then SIGKILL to what is left."""
    for s in slots:
        if s.proc.is_alive():
            s.proc.terminate()
    deadline = time.monotonic() + grace
    for s in slots:
        s.proc.join(max(0.0, deadline - time.monotonic()))
    for s in slots:
        s.stop(0.0)


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return {"SIGKILL": "SIGKILL (brukte trolig for mye minne)", "SIGABRT": "SIGABRT (avbrutt)",
                "SIGSEGV": "SIGSEGV (minnefeil)"}.get(name, name)
    return f"avslutningskode {code}"


STEAL_AFTER = 2.0  # seconds a worker may be stuck on one task before another takes the tasks it holds


def _holders(slots: list[_Slot]) -> dict[int | None, bool]:
    """Each live worker's pid, and whether it can be waited for (False: stuck on one task for long)."""
    now = time.monotonic()
    return {s.proc.pid: s.task is None or now - s.started < STEAL_AFTER for s in slots}


def _take(pending: list[tuple[int, T]], affinity: Sequence[int | None] | None, pid: int | None,
          holders: dict[int | None, bool]) -> tuple[int, T] | None:
    """The first pending task for the worker `pid`: its own, one no live worker holds, or else one
    held by a worker stuck for more than STEAL_AFTER seconds (the taker must then do without what
    the holder kept)."""
    assert affinity is not None
    stuck = None
    for pos, (index, _task) in enumerate(pending):
        want = affinity[index]
        if want is None or want == pid or want not in holders:
            return pending.pop(pos)
        if stuck is None and not holders[want]:
            stuck = pos
    return pending.pop(stuck) if stuck is not None else None


class Pool(Generic[T, R]):
    """Run `work(task)` for every task in up to `jobs` worker processes; see the module docstring."""

    def __init__(self, init: Callable[..., Callable[[T], R]], initargs: tuple[Any, ...], jobs: int,
                 timeout: float | None = None, memory_mb: int | None = None) -> None:
        self.init, self.initargs, self.jobs = init, initargs, max(1, jobs)
        self.timeout = timeout if timeout is not None else _setting("NAVKORT_OFFICE_TIMEOUT", DEFAULT_TIMEOUT)
        self.memory_mb = memory_mb if memory_mb is not None else int(
            _setting("NAVKORT_WORKER_MEMORY_MB", DEFAULT_MEMORY_MB))
        methods = multiprocessing.get_all_start_methods()
        self.ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.slots: list[_Slot] = []

    def run(self, tasks: Sequence[T], affinity: Sequence[int | None] | None = None) -> Iterator[tuple[int, R | Lost]]:
        """(index, result or Lost) for every task, as they finish. Raises Interrupted on Ctrl-C.
        `affinity[k]`: the pid of the worker that should run task k (it holds what the task needs);
        a task whose worker is gone (or stuck for STEAL_AFTER seconds) goes to any worker."""
        pending: deque[tuple[int, T]] | list[tuple[int, T]] = deque(enumerate(tasks)) if affinity is None \
            else list(enumerate(tasks))
        while len(self.slots) < min(self.jobs, len(tasks)):  # workers are kept from one run to the next
            self.slots.append(self._spawn())
        slots = self.slots
        done = 0
        try:
            while pending or any(s.task for s in slots):
                for i, s in enumerate(slots):
                    if s.task is None and pending:
                        if not s.proc.is_alive():  # died between tasks
                            s.stop(0.1)
                            slots[i] = s = self._spawn()
                        if isinstance(pending, deque):
                            s.give(*pending.popleft())
                        elif (task := _take(pending, affinity, s.proc.pid, _holders(slots))) is not None:
                            s.give(*task)
                busy = [s for s in slots if s.task is not None]
                ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=0.25)
                for i, s in enumerate(slots):
                    if s.task is None:
                        continue
                    outcome = self._collect(s, ready)
                    if outcome is None:
                        continue
                    done += 1
                    yield outcome
                    if isinstance(outcome[1], Lost):
                        s.stop(0.2)
                        slots[i] = self._spawn()
        except KeyboardInterrupt:
            self.close(grace=1.0)
            raise Interrupted(done, len(tasks)) from None
        except BaseException:
            self.close(grace=1.0)
            raise

    def close(self, grace: float | None = None) -> None:
        """Stop the workers: politely when the run is over, at once (`grace` s) when it was stopped."""
        if grace is not None:
            _stop_all(self.slots, grace)
        else:
            for s in self.slots:
                with contextlib.suppress(OSError):
                    s.conn.send(None)
            for s in self.slots:
                s.proc.join(2)
                s.stop(0.5)
        self.slots = []

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(grace=1.0 if exc[0] is not None else None)

    def _spawn(self) -> _Slot:
        return _Slot(self.ctx, self.init, self.initargs, self.memory_mb)

    def _check_started(self, s: _Slot) -> None:
        if s.proc.exitcode == INIT_FAILED:
            raise RuntimeError("en arbeidsprosess kunne ikke starte (for lite minne? sjekk NAVKORT_WORKER_MEMORY_MB)")

    def _collect(self, s: _Slot, ready: list[Any]) -> tuple[int, R | Lost] | None:
        """The finished task of slot `s`, if it finished (or died, or overran); else None."""
        assert s.task is not None
        index = s.task[0]
        if s.conn in ready:
            try:
                got_index, result = s.conn.recv()
            except (EOFError, OSError):
                s.proc.join(1)
                self._check_started(s)
                s.task = None
                return index, Lost("died", _death(s.proc.exitcode))
            s.task = None
            return got_index, result
        if s.proc.sentinel in ready or not s.proc.is_alive():
            s.proc.join(1)
            self._check_started(s)
            s.task = None
            return index, Lost("died", _death(s.proc.exitcode))
        if time.monotonic() - s.started > self.timeout:
            s.task = None
            return index, Lost("timeout", f"mer enn {self.timeout:g} s")
        return None
