"""The rule pool: worker processes give the same findings as the engine's own thread, and a
failure in a worker denies the batch (an exception) instead of passing it unclassified."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from llm_warden.classify import pool as pool_mod
from llm_warden.classify.engine import Engine, _rule_findings
from llm_warden.classify.pool import RulePool, RulePoolError, _balanced, auto_processes

TEXTS = [
    "Ring Ingrid Halvorsen on +47 412 34 567 about the Bergen office move.",
    "card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00",
    "",
    "def f():\n    return 42\n",
    "Flytter fra Tromsø til Oslo i mars; ny adresse Storgata 12, 0155 Oslo.",
] * 3


@pytest.fixture(scope="module")
def pool() -> RulePool:
    p = RulePool(2)
    yield p
    p.close()


def test_workers_find_what_the_engine_thread_finds(pool: RulePool) -> None:
    assert pool.submit(TEXTS)() == [_rule_findings(t) for t in TEXTS]


def test_engine_with_processes_equals_engine_without() -> None:
    with Engine(use_ner=False, processes=2) as a, Engine(use_ner=False) as b:
        assert a.classify_many(TEXTS) == b.classify_many(TEXTS)


def test_a_detector_error_reaches_the_caller(pool: RulePool) -> None:
    wait = pool.submit(["fine", b"not text"])  # type: ignore[list-item]
    with pytest.raises((TypeError, AttributeError)):
        wait()
    assert pool.submit(["still serving"])() == [[]]


def test_a_dead_worker_fails_the_batch_and_the_next_batch_gets_a_new_pool() -> None:
    p = RulePool(2)
    try:
        assert p.submit(TEXTS)() == [_rule_findings(t) for t in TEXTS]
        victims = p.pids()
        assert len(victims) == 2
        os.kill(victims[0], signal.SIGKILL)
        deadline = time.monotonic() + 20
        with pytest.raises(RulePoolError):
            while time.monotonic() < deadline:  # the pool notices the death on its next use
                p.submit(TEXTS)()
        assert p.submit(TEXTS)() == [_rule_findings(t) for t in TEXTS]
        assert not set(p.pids()) & set(victims)
    finally:
        p.close()


def test_close_stops_the_workers_and_refuses_work() -> None:
    p = RulePool(1)
    p.submit(["x"])()
    pids = p.pids()
    p.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with pytest.raises(RuntimeError, match="closed"):
        p.submit(["x"])


def test_balanced_groups_share_the_length_and_keep_every_index() -> None:
    texts = ["a" * 1000, "b" * 10, "c" * 10, "d" * 990, "e" * 5]
    groups = _balanced(texts, 2)
    assert sorted(i for g in groups for i in g) == list(range(5))
    loads = [sum(len(texts[i]) for i in g) for g in groups]
    assert max(loads) - min(loads) < 100
    assert _balanced(["x"], 3) == [[0]]


def test_auto_is_one_per_core_and_none_on_a_single_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert auto_processes() == 0
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(4)))
    assert auto_processes() == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)))
    assert auto_processes() == pool_mod.MAX_AUTO_PROCESSES


def test_a_pool_needs_a_process() -> None:
    with pytest.raises(ValueError):
        RulePool(0)
    with pytest.raises(ValueError):
        Engine(use_ner=False, processes=-1)


def test_workers_leave_when_the_gateway_is_killed(tmp_path) -> None:
    """A SIGKILLed gateway runs no clean-up; its workers must not live on, each holding the gazetteers."""
    script = tmp_path / "gateway.py"
    script.write_text(
        "import os, signal\n"
        "from llm_warden.classify.pool import RulePool\n"
        "if __name__ == '__main__':\n"
        "    p = RulePool(2)\n"
        "    p.start()\n"
        "    p.submit(['warm up', 'twice', 'and', 'more'])()\n"
        "    print(' '.join(map(str, p.pids())), flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    pids = [int(x) for x in out.stdout.split()]
    assert pids, out.stderr
    deadline = time.monotonic() + 15
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        for pid in list(alive):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                alive.discard(pid)
        time.sleep(0.2)
    assert not alive, f"workers {alive} outlived their killed parent"
