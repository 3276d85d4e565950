"""The rule detectors in worker processes.

Why: the rules (regexes, gazetteer look-ups) are most of the classifier's CPU time and hold the
GIL while they run. In the proxy's own process they use one core however many the machine has,
and every millisecond they run is a millisecond mitmproxy's event loop cannot serve other flows.
In a pool of worker processes they use every core, they run while the model (which releases the
GIL) reads the same texts in the proxy process, and the event loop stays free.

Fail closed: a detector's exception comes back to the caller as that exception, and a worker that
dies (killed, out of memory) breaks only the batch in flight: the caller gets a
:class:`RulePoolError`, so the request is denied, and the next batch gets a fresh pool.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..types import Finding

__all__ = ["RulePool", "RulePoolError", "auto_processes"]

log = logging.getLogger(__name__)

#: Worker processes when the count is left to the machine ("auto").
MAX_AUTO_PROCESSES = 8


class RulePoolError(RuntimeError):
    """A rule worker process died; the batch it held was not classified."""


def auto_processes() -> int:
    """One worker per usable core, at most 8; none (rules in-process) on a single core, where a
    pool would only add inter-process copies."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    return 0 if cores < 2 else min(cores, MAX_AUTO_PROCESSES)


def _init_worker(parent: int) -> None:
    """Load the gazetteers and phone metadata once per worker, before its first batch, and leave
    with the parent: a gateway killed with SIGKILL (the OOM killer, a container's stop timeout)
    runs no clean-up, and its workers, blocked on their queue, would otherwise live on."""
    threading.Thread(target=_exit_with_parent, args=(parent,), name="warden-pool-watchdog", daemon=True).start()
    from .engine import _warm_up

    _warm_up()


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(_WATCHDOG_SECONDS)
        if os.getppid() != parent:
            os._exit(0)


#: How often a worker checks that the process that started it is still there.
_WATCHDOG_SECONDS = 1.0


def _rules_for(texts: list[str]) -> list[list[Finding]]:
    from .engine import _rule_findings

    return [_rule_findings(t) for t in texts]


def _ready() -> int:
    return os.getpid()


def _balanced(texts: Sequence[str], bins: int) -> list[list[int]]:
    """Indices of ``texts`` split into ``bins`` groups of about equal length (longest first into
    the lightest group), so one long text does not leave the other workers idle."""
    groups: list[list[int]] = [[] for _ in range(bins)]
    load = [0] * bins
    for i in sorted(range(len(texts)), key=lambda i: -len(texts[i])):
        g = load.index(min(load))
        groups[g].append(i)
        load[g] += len(texts[i]) + 64  # a text's fixed cost: its detectors' set-up
    return [g for g in groups if g]


class RulePool:
    """``processes`` worker processes running :func:`engine._rule_findings`.

    Workers are started with the ``spawn`` method: forking mitmproxy's process, with its event loop
    and threads, is unsafe, and spawn behaves the same on Linux, macOS and Windows.
    """

    def __init__(self, processes: int) -> None:
        if processes < 1:
            raise ValueError("a rule pool needs at least one process")
        self.processes = processes
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False

    def start(self) -> None:
        """Start the workers now and let them load in the background, so the first request does
        not wait for them."""
        executor = self._get()
        for _ in range(self.processes):
            executor.submit(_ready)

    def submit(self, texts: Sequence[str]) -> Callable[[], list[list[Finding]]]:
        """Send ``texts`` to the workers; the returned function waits for their findings, in order."""
        executor = self._get()
        groups = _balanced(texts, min(self.processes, len(texts)))
        try:
            futures: list[Future[list[list[Finding]]]] = [
                executor.submit(_rules_for, [texts[i] for i in g]) for g in groups]
        except BrokenProcessPool as exc:
            self._discard(executor)
            raise RulePoolError(f"a classifier worker process died: {exc}") from exc

        def wait() -> list[list[Finding]]:
            out: list[list[Finding]] = [[] for _ in texts]
            try:
                for g, fut in zip(groups, futures, strict=True):
                    for i, found in zip(g, fut.result(), strict=True):
                        out[i] = found
            except BrokenProcessPool as exc:
                self._discard(executor)
                raise RulePoolError(f"a classifier worker process died: {exc}") from exc
            return out

        return wait

    def pids(self) -> list[int]:
        """Process ids of the live workers (for health checks and tests)."""
        with self._lock:
            procs = getattr(self._executor, "_processes", None) or {}
            return [p.pid for p in procs.values() if p.pid is not None and p.is_alive()]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("rule pool is closed")
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker, initargs=(os.getpid(),))
            return self._executor

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        """Forget a broken executor; the next batch starts a new one."""
        log.error("a classifier worker process died; starting a new pool for the next request")
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)
