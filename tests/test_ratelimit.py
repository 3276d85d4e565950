"""Rate limits: the same semantics in memory and in a real Redis, shared across instances and processes."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from llm_warden.policy.ratelimit import Limits, MemoryLimiter, RateLimitError, RedisLimiter

# tests/ is on sys.path (conftest.py); the fixtures are found by name in this module.
from redis_server import redis_server, redis_url, start_redis  # noqa: F401

DAY = 86400.0
T0 = 20_000 * DAY + 3600.0  # 01:00 UTC on some day: 23 h until the daily budget resets


class FakeClock:
    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def run(fn: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(fn())


@pytest.fixture(params=["memory", "redis"])
def lim(request: pytest.FixtureRequest) -> Iterator[tuple[Any, FakeClock]]:
    """One limiter of each kind driven by a fake clock, so both are held to the same semantics."""
    clock = FakeClock()
    if request.param == "memory":
        yield MemoryLimiter(clock=clock), clock
    else:
        limiter = RedisLimiter(request.getfixturevalue("redis_url"), clock=clock)
        yield limiter, clock
        if limiter._sclient is not None:  # the blocking client of test_sync_check_matches_async
            limiter._sclient[0].close()


async def checks(
    limiter: Any, key: str, limits: dict[str, Any], n: int, tokens: int = 0
) -> list[tuple[bool, float | None]]:
    out = [await limiter.acheck(key, limits, tokens) for _ in range(n)]
    return out


# -- semantics, both backends -------------------------------------------------------------------


def test_requests_per_minute_is_a_sliding_window(lim):
    limiter, clock = lim
    rpm = {"requests_per_minute": 3}

    async def body() -> None:
        for _ in range(3):
            assert await limiter.acheck("alice", rpm, 0) == (True, None)
            clock.advance(10)
        ok, retry = await limiter.acheck("alice", rpm, 0)  # t0+30: oldest (t0) leaves at t0+60
        assert ok is False and retry == pytest.approx(30, abs=0.01)
        clock.advance(29.9)
        ok, retry = await limiter.acheck("alice", rpm, 0)
        assert ok is False and retry == pytest.approx(0.1, abs=0.01)
        clock.advance(0.1)  # exactly t0+60: the first request has left the window
        assert await limiter.acheck("alice", rpm, 0) == (True, None)
        ok, retry = await limiter.acheck("alice", rpm, 0)  # next to leave: t0+10
        assert ok is False and retry == pytest.approx(10, abs=0.01)
        await limiter.aclose()

    run(body)


def test_denied_requests_are_not_counted(lim):
    limiter, clock = lim

    async def body() -> None:
        rpm = {"requests_per_minute": 2}
        assert [a for a, _ in await checks(limiter, "k", rpm, 7)] == [True, True] + [False] * 5
        clock.advance(60)
        assert [a for a, _ in await checks(limiter, "k", rpm, 3)] == [True, True, False]
        await limiter.aclose()

    run(body)


def test_tokens_per_day_budget_and_reset(lim):
    limiter, clock = lim
    tpd = {"tokens_per_day": 1000}

    async def body() -> None:
        assert await limiter.acheck("k", tpd, 600) == (True, None)
        ok, retry = await limiter.acheck("k", tpd, 401)  # would overshoot by one
        assert ok is False and retry == pytest.approx(23 * 3600, abs=0.01)
        assert await limiter.acheck("k", tpd, 400) == (True, None)  # exactly the budget
        ok, retry = await limiter.acheck("k", tpd, 0)  # exhausted: even a zero estimate waits
        assert ok is False and retry == pytest.approx(23 * 3600, abs=0.01)
        assert await limiter.acheck("k", tpd, 1001) == (False, None)  # never fits: no retry time
        clock.advance(23 * 3600)  # 00:00 UTC next day
        assert await limiter.acheck("k", tpd, 1000) == (True, None)
        await limiter.aclose()

    run(body)


def test_record_tokens_adds_refunds_and_clamps(lim):
    limiter, clock = lim
    tpd = {"tokens_per_day": 1000}

    async def body() -> None:
        assert (await limiter.acheck("k", tpd, 100))[0]
        await limiter.arecord_tokens("k", 850)  # completion tokens: 950 used
        assert (await limiter.acheck("k", tpd, 100))[0] is False
        await limiter.arecord_tokens("k", -200)  # estimate was too high: 750 used
        assert (await limiter.acheck("k", tpd, 250))[0] is True  # 1000
        assert (await limiter.acheck("k", tpd, 1))[0] is False
        await limiter.arecord_tokens("k", -(10**9))  # clamped at zero, not negative
        assert (await limiter.acheck("k", tpd, 1000))[0] is True
        clock.advance(DAY)
        await limiter.arecord_tokens("k", 999)  # yesterday's usage does not carry over
        assert (await limiter.acheck("k", tpd, 1))[0] is True
        assert (await limiter.acheck("k", tpd, 1))[0] is False
        await limiter.aclose()

    run(body)


def test_both_limits_atomic_and_retry_is_the_longer_wait(lim):
    limiter, clock = lim
    both = {"requests_per_minute": 3, "tokens_per_day": 100, "key": "ignored"}

    async def body() -> None:
        assert (await limiter.acheck("k", both, 80))[0]
        assert (await limiter.acheck("k", both, 30))[0] is False  # tokens deny: no rpm slot taken
        assert (await limiter.acheck("k", both, 10))[0]
        assert (await limiter.acheck("k", both, 10))[0]  # 3 requests, 100 tokens
        ok, retry = await limiter.acheck("k", both, 0)  # both exceeded: wait for the later reset
        assert ok is False and retry == pytest.approx(23 * 3600, abs=0.01)
        clock.advance(23 * 3600)  # new day, and the minute has long passed
        assert (await limiter.acheck("k", both, 50))[0]
        await limiter.aclose()

    run(body)


def test_rpm_denial_leaves_tokens_uncharged(lim):
    limiter, clock = lim
    both = {"requests_per_minute": 1, "tokens_per_day": 100}

    async def body() -> None:
        assert (await limiter.acheck("k", both, 40))[0]
        for _ in range(5):
            ok, retry = await limiter.acheck("k", both, 40)
            assert ok is False and retry == pytest.approx(60, abs=0.01)
        clock.advance(60)
        # only the first request's 40 tokens were charged: exactly 60 remain
        assert (await limiter.acheck("k", both, 61))[0] is False
        assert (await limiter.acheck("k", both, 60)) == (True, None)
        await limiter.aclose()

    run(body)


def test_zero_limits_never_allow(lim):
    limiter, _ = lim

    async def body() -> None:
        assert await limiter.acheck("k", {"requests_per_minute": 0}, 0) == (False, None)
        assert await limiter.acheck("k", {"tokens_per_day": 0}, 0) == (False, None)
        await limiter.aclose()

    run(body)


def test_no_limits_always_allow_and_keys_are_independent(lim):
    limiter, _ = lim

    async def body() -> None:
        for limits in (None, {}, {"key": "user:alice"}):
            assert [a for a, _ in await checks(limiter, "k", limits, 5, 10**6)] == [True] * 5  # type: ignore[arg-type]
        rpm = {"requests_per_minute": 1}
        assert (await limiter.acheck("alice", rpm))[0]
        assert (await limiter.acheck("alice", rpm))[0] is False
        assert (await limiter.acheck("bob", rpm))[0]
        await limiter.aclose()

    run(body)


@pytest.mark.parametrize(
    "limits",
    [
        {"requests_per_second": 5},
        {"requests_per_minute": -1},
        {"tokens_per_day": 1.5},
        {"tokens_per_day": True},
        {"requests_per_minute": "10"},
    ],
)
def test_invalid_limits_raise(lim, limits):
    limiter, _ = lim
    with pytest.raises(ValueError):
        run(lambda: limiter.acheck("k", limits, 0))


def test_invalid_tokens_raise(lim):
    limiter, _ = lim
    with pytest.raises(ValueError):
        run(lambda: limiter.acheck("k", {"tokens_per_day": 10}, -1))
    with pytest.raises(ValueError):
        run(lambda: limiter.arecord_tokens("k", 1.5))


def test_concurrent_checks_never_exceed_the_limit(lim):
    limiter, _ = lim

    async def body() -> list[bool]:
        res = await asyncio.gather(*(limiter.acheck("k", {"requests_per_minute": 10}, 0) for _ in range(40)))
        await limiter.aclose()
        return [a for a, _ in res]

    assert sum(run(body)) == 10


def test_sync_check_matches_async(lim):
    limiter, _ = lim
    rpm = {"requests_per_minute": 2}
    assert limiter.check("k", rpm, 0) == (True, None)

    async def once() -> tuple[bool, float | None]:
        try:
            return await limiter.acheck("k", rpm, 0)
        finally:
            await limiter.aclose()

    assert run(once) == (True, None)
    assert limiter.check("k", rpm, 0)[0] is False
    limiter.record_tokens("k", 5)


def test_limits_parse():
    assert Limits.parse({"requests_per_minute": 5, "key": "x"}) == Limits(5, None)
    assert Limits.parse(None) == Limits()


# -- memory only --------------------------------------------------------------------------------


def test_memory_limiter_is_bounded():
    clock = FakeClock()
    m = MemoryLimiter(clock=clock, max_keys=10)
    for i in range(25):
        assert m.check(f"user{i}", {"requests_per_minute": 1}, 1)[0]
    assert len(m) <= 10
    # the most recent keys are still limited
    assert m.check("user24", {"requests_per_minute": 1}, 1)[0] is False
    clock.advance(DAY)
    m.check("fresh", {"requests_per_minute": 1}, 0)
    assert len(m) <= 10


# -- Redis only ---------------------------------------------------------------------------------


def test_two_redis_limiters_share_the_count(redis_url):
    """Two limiters (two replicas) on the real server clock: one count, sensible retry_after."""
    a, b = RedisLimiter(redis_url), RedisLimiter(redis_url)
    rpm = {"requests_per_minute": 3, "tokens_per_day": 10_000}

    async def body() -> None:
        assert (await a.acheck("team:alice", rpm, 100))[0]
        assert (await b.acheck("team:alice", rpm, 100))[0]
        assert (await a.acheck("team:alice", rpm, 100))[0]
        ok, retry = await b.acheck("team:alice", rpm, 100)
        assert ok is False and retry is not None and 55 < retry <= 60
        await b.arecord_tokens("team:alice", 9_650)  # 9,950 used across both replicas
        assert (await a.acheck("team:bob", {"tokens_per_day": 10_000}, 1))[0]  # other key unaffected
        await a.arecord_tokens("team:carol", 9_999)
        assert (await b.acheck("team:carol", {"tokens_per_day": 10_000}, 2))[0] is False
        await a.aclose()
        await b.aclose()

    run(body)


def test_two_redis_limiters_concurrently(redis_url):
    a, b = RedisLimiter(redis_url), RedisLimiter(redis_url)

    async def body() -> int:
        limits = {"requests_per_minute": 20}
        res = await asyncio.gather(*(lim.acheck("shared", limits, 0) for _ in range(30) for lim in (a, b)))
        await a.aclose()
        await b.aclose()
        return sum(ok for ok, _ in res)

    assert run(body) == 20


CHILD = textwrap.dedent(
    """
    import asyncio, json, sys
    from llm_warden.policy.ratelimit import RedisLimiter

    async def main():
        lim = RedisLimiter(sys.argv[1])
        sys.stdout.write("ready\\n"); sys.stdout.flush()
        sys.stdin.readline()  # start together
        res = [await lim.acheck("proc-shared", {"requests_per_minute": 40}, 0) for _ in range(30)]
        await lim.aclose()
        print(json.dumps([ok for ok, _ in res]))

    asyncio.run(main())
    """
)


def test_two_processes_share_one_limit(redis_url, tmp_path: Path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), redis_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        results = [json.loads(p.communicate(timeout=60)[0]) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert all(p.returncode == 0 for p in procs)
    assert [len(r) for r in results] == [30, 30]
    assert sum(map(sum, results)) == 40  # 60 attempts over two processes, one shared limit


def test_redis_keys_expire(redis_url):
    lim_ = RedisLimiter(redis_url, prefix="t:")
    lim_.check("alice", {"requests_per_minute": 5, "tokens_per_day": 100}, 3)
    r = redis.Redis.from_url(redis_url)
    keys = sorted(k.decode() for k in r.keys("*"))
    assert keys == ["t:{alice}:rpm", "t:{alice}:tpd"]
    assert 0 < r.pttl("t:{alice}:rpm") <= 61_000
    assert 0 < r.pttl("t:{alice}:tpd") <= (DAY + 3600) * 1000
    assert r.hget("t:{alice}:tpd", "used") == b"3"
    r.close()


def test_unreachable_redis_raises_clearly(redis_url):
    with socket_closed_port() as port:
        url = f"redis://:hunter2@127.0.0.1:{port}/0"
        lim_ = RedisLimiter(url, connect_timeout=0.5, timeout=0.5)
        start = time.monotonic()
        with pytest.raises(RateLimitError) as ei:
            run(lambda: lim_.acheck("k", {"requests_per_minute": 1}, 0))
        assert time.monotonic() - start < 10
        assert "hunter2" not in str(ei.value) and f"127.0.0.1:{port}" in str(ei.value)
        with pytest.raises(RateLimitError):
            run(lambda: lim_.arecord_tokens("k", 5))
        with pytest.raises(RateLimitError):
            lim_.check("k", {"requests_per_minute": 1}, 0)


def test_redis_going_away_raises(tmp_path: Path):
    server = start_redis(tmp_path / "r")
    lim_ = RedisLimiter(server.url, connect_timeout=0.5, timeout=0.5)

    async def body() -> None:
        try:
            assert (await lim_.acheck("k", {"requests_per_minute": 5}, 0))[0]
            server.stop()
            with pytest.raises(RateLimitError):
                await lim_.acheck("k", {"requests_per_minute": 5}, 0)
        finally:
            server.stop()
            await lim_.aclose()

    run(body)


class socket_closed_port:
    """A loopback port nobody listens on (bound, never listened, so connects are refused)."""

    def __enter__(self) -> int:
        import socket

        self.s = socket.socket()
        self.s.bind(("127.0.0.1", 0))
        return int(self.s.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        self.s.close()
