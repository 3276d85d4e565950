"""Identity-bound rate limits: requests per minute and tokens per day.

Semantics (the same for :class:`MemoryLimiter` and :class:`RedisLimiter`, so a deployment can
move from one replica to several without a change in behaviour):

- ``requests_per_minute`` is a **sliding window log**: a request is allowed when fewer than *n*
  allowed requests of the same key fall in the last 60 seconds. A limit of 60 therefore never lets
  120 requests through around a minute boundary, which a fixed window would. ``retry_after`` is
  the time until the oldest counted request leaves the window.
- ``tokens_per_day`` is a **fixed window per UTC calendar day** (a daily budget people can reason
  about: "resets at midnight UTC"). ``acheck(key, limits, tokens)`` allows the request when the
  budget is not exhausted and ``used + tokens`` fits, and then *charges* ``tokens`` (the caller's
  estimate for the request). :meth:`arecord_tokens` adds what is only known after the response
  (completion tokens, or a negative correction of the estimate); usage never goes below zero.
  ``retry_after`` is the time until the next UTC midnight.
- Denied requests are not counted: a client that keeps retrying is not locked out for longer.
- Both limits are checked and charged together, atomically: a request denied by one limit
  consumes nothing from the other.
- ``retry_after`` is ``None`` on a deny that waiting cannot fix (a limit of 0, or a single request
  larger than the whole daily budget).

``limits`` is the mapping the policy decision carries (``Decision.limits``); its ``key`` entry is
ignored here (the caller passes the key), an unknown entry raises ``ValueError`` rather than being
silently unenforced.

The Redis limiter runs each check as one Lua script (atomic across replicas) and by default takes
the time from the Redis server (``TIME``), so replicas with skewed clocks still agree. Any Redis
failure raises :class:`RateLimitError`; the addon fails closed on it.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import redis.asyncio
import redis.exceptions

from ..redis_store import async_client, safe_url, sync_client

__all__ = ["Limiter", "Limits", "MemoryLimiter", "RateLimitError", "RedisLimiter"]

MINUTE = 60.0
DAY = 86400.0
_KNOWN = frozenset({"requests_per_minute", "tokens_per_day", "key"})


class RateLimitError(RuntimeError):
    """The limiter cannot answer (Redis unreachable or failing). Callers must fail closed."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Parsed limits; ``None`` means "no limit of this kind"."""

    requests_per_minute: int | None = None
    tokens_per_day: int | None = None

    @classmethod
    def parse(cls, limits: Mapping[str, Any] | None) -> Limits:
        """Validate a policy's limits mapping (non-negative integers; unknown keys refused)."""
        if not limits:
            return cls()
        unknown = set(limits) - _KNOWN
        if unknown:
            raise ValueError(f"unknown rate limit(s): {sorted(unknown)}; known: requests_per_minute, tokens_per_day")
        out: dict[str, int | None] = {}
        for name in ("requests_per_minute", "tokens_per_day"):
            v = limits.get(name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                raise ValueError(f"{name} must be a non-negative integer, got {v!r}")
            out[name] = v
        return cls(**out)


class Limiter(Protocol):
    """What the addon needs from a limiter."""

    async def acheck(
        self, key: str, limits: Mapping[str, Any] | None, tokens: int = 0
    ) -> tuple[bool, float | None]: ...

    async def arecord_tokens(self, key: str, tokens: int) -> None: ...

    async def aclose(self) -> None: ...


def _check_tokens(tokens: int) -> int:
    if isinstance(tokens, bool) or not isinstance(tokens, int) or tokens < 0:
        raise ValueError(f"tokens must be a non-negative integer, got {tokens!r}")
    return tokens


def _until_next_day(now: float) -> float:
    return (math.floor(now / DAY) + 1) * DAY - now


# -- in memory ------------------------------------------------------------------------------------


class MemoryLimiter:
    """Limits kept in this process: right for a single proxy, lost on restart.

    ``clock`` returns wall-clock seconds (UTC days are computed from it); ``max_keys`` bounds the
    number of tracked keys: past it, keys with no live state are dropped first, then the least
    recently used ones (which can let a long-idle identity start afresh — the price of a bound).
    """

    def __init__(self, *, clock: Callable[[], float] = time.time, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._rpm: dict[str, deque[float]] = {}
        self._tpd: dict[str, list[int]] = {}  # key -> [utc_day, tokens_used]
        self._lock = threading.Lock()  # the sync API may be used from worker threads

    def check(self, key: str, limits: Mapping[str, Any] | None, tokens: int = 0) -> tuple[bool, float | None]:
        """Allow-and-charge or deny; see the module doc for the exact rules."""
        lim = Limits.parse(limits)
        tokens = _check_tokens(tokens)
        with self._lock:
            now = self._clock()
            day = math.floor(now / DAY)
            log = self._rpm.get(key)
            if log is not None:
                while log and log[0] <= now - MINUTE:
                    log.popleft()
            count = len(log) if log else 0
            state = self._tpd.get(key)
            used = state[1] if state and state[0] == day else 0

            ok, wait, never = True, 0.0, False
            rpm = lim.requests_per_minute
            if rpm is not None and count >= rpm:
                ok = False
                if rpm == 0:
                    never = True
                else:
                    assert log is not None
                    wait = max(wait, log[count - rpm] + MINUTE - now)
            tpd = lim.tokens_per_day
            if tpd is not None and (used >= tpd or used + tokens > tpd):
                ok = False
                if tpd == 0 or tokens > tpd:
                    never = True
                else:
                    wait = max(wait, _until_next_day(now))
            if not ok:
                return False, (None if never else max(wait, 0.001))

            if rpm is not None:
                if log is None:
                    log = self._rpm[key] = deque()
                log.append(now)
            self._tpd[key] = [day, used + tokens]
            self._touch(key)
            return True, None

    def record_tokens(self, key: str, tokens: int) -> None:
        """Add (or, negative, refund) token usage learnt after the response."""
        if isinstance(tokens, bool) or not isinstance(tokens, int):
            raise ValueError(f"tokens must be an integer, got {tokens!r}")
        with self._lock:
            now = self._clock()
            day = math.floor(now / DAY)
            state = self._tpd.get(key)
            used = state[1] if state and state[0] == day else 0
            self._tpd[key] = [day, max(0, used + tokens)]
            self._touch(key)

    def usage(self, key: str) -> tuple[int, int]:
        """(requests counted in the last minute, tokens used today) — for tests and metrics."""
        with self._lock:
            now = self._clock()
            log = self._rpm.get(key)
            count = sum(1 for t in log if t > now - MINUTE) if log else 0
            state = self._tpd.get(key)
            return count, (state[1] if state and state[0] == math.floor(now / DAY) else 0)

    async def acheck(self, key: str, limits: Mapping[str, Any] | None, tokens: int = 0) -> tuple[bool, float | None]:
        return self.check(key, limits, tokens)

    async def arecord_tokens(self, key: str, tokens: int) -> None:
        self.record_tokens(key, tokens)

    async def aclose(self) -> None:
        return None

    def __len__(self) -> int:
        return len(self._rpm.keys() | self._tpd.keys())

    def _touch(self, key: str) -> None:
        # dicts keep insertion order: re-inserting moves the key to the "recently used" end
        if key in self._rpm:
            self._rpm[key] = self._rpm.pop(key)
        if key in self._tpd:
            self._tpd[key] = self._tpd.pop(key)
        if len(self._tpd) > self._max_keys or len(self._rpm) > self._max_keys:
            self._sweep()

    def _sweep(self) -> None:
        now = self._clock()
        day = math.floor(now / DAY)
        for k in [k for k, log in self._rpm.items() if not log or log[-1] <= now - MINUTE]:
            del self._rpm[k]
        for k in [k for k, st in self._tpd.items() if st[0] != day or st[1] == 0]:
            del self._tpd[k]
        # Evict down to 90% so a full table does not pay for a sweep on every new key.
        target = int(self._max_keys * 0.9)
        for d in (self._rpm, self._tpd):
            if len(d) > self._max_keys:
                while len(d) > target:
                    del d[next(iter(d))]


# -- in Redis -------------------------------------------------------------------------------------

_NOW_LUA = """
local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local day = math.floor(now / 86400)
"""

# KEYS: rpm zset, tpd hash. ARGV: now|'' , rpm|-1, tpd|-1, tokens, unique member.
# Returns {1, ''} when allowed, {0, retry_after|''} when denied ('' = waiting will not help).
_CHECK_LUA = (
    _NOW_LUA
    + """
local rpm = tonumber(ARGV[2])
local tpd = tonumber(ARGV[3])
local tokens = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60)
local count = redis.call('ZCARD', KEYS[1])
local used = 0
if tonumber(redis.call('HGET', KEYS[2], 'day') or '-1') == day then
  used = tonumber(redis.call('HGET', KEYS[2], 'used') or '0')
end
local ok, wait, never = true, 0, false
if rpm >= 0 and count >= rpm then
  ok = false
  if rpm == 0 then never = true else
    local e = redis.call('ZRANGE', KEYS[1], count - rpm, count - rpm, 'WITHSCORES')
    wait = math.max(wait, tonumber(e[2]) + 60 - now)
  end
end
if tpd >= 0 and (used >= tpd or used + tokens > tpd) then
  ok = false
  if tpd == 0 or tokens > tpd then never = true else
    wait = math.max(wait, (day + 1) * 86400 - now)
  end
end
if not ok then
  if never then return {0, ''} end
  return {0, string.format('%.6f', math.max(wait, 0.001))}
end
if rpm >= 0 then
  redis.call('ZADD', KEYS[1], string.format('%.6f', now), ARGV[5])
  redis.call('PEXPIRE', KEYS[1], 61000)
end
redis.call('HSET', KEYS[2], 'day', string.format('%d', day), 'used', string.format('%d', used + tokens))
redis.call('PEXPIRE', KEYS[2], math.ceil(((day + 1) * 86400 - now + 3600) * 1000))
return {1, ''}
"""
)

# KEYS: tpd hash. ARGV: now|'', tokens (may be negative).
_RECORD_LUA = (
    _NOW_LUA
    + """
local used = 0
if tonumber(redis.call('HGET', KEYS[1], 'day') or '-1') == day then
  used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
end
used = math.max(0, used + tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'day', string.format('%d', day), 'used', string.format('%d', used))
redis.call('PEXPIRE', KEYS[1], math.ceil(((day + 1) * 86400 - now + 3600) * 1000))
return used
"""
)


class RedisLimiter:
    """Limits shared by every replica pointing at the same Redis.

    Keys are ``{prefix}{{key}}:rpm`` (a sorted set of request times) and ``{prefix}{{key}}:tpd``
    (a hash with the UTC day and tokens used); the braces make both land in one Redis Cluster
    slot so the script may touch both. Both expire on their own. ``clock`` overrides the Redis
    server clock (tests); leave it ``None`` in production so replicas share one clock.
    """

    def __init__(
        self,
        url: str,
        prefix: str = "warden:rl:",
        *,
        clock: Callable[[], float] | None = None,
        connect_timeout: float = 1.0,
        timeout: float = 2.0,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self._clock = clock
        self._timeouts = {"connect_timeout": connect_timeout, "timeout": timeout}
        self._aclient: tuple[asyncio.AbstractEventLoop, redis.asyncio.Redis, Any, Any] | None = None
        self._sclient: tuple[redis.Redis, Any, Any] | None = None

    def _keys(self, key: str) -> list[str]:
        base = f"{self.prefix}{{{key}}}"
        return [f"{base}:rpm", f"{base}:tpd"]

    def _now_arg(self) -> str:
        return "" if self._clock is None else f"{self._clock():.6f}"

    def _check_args(self, limits: Mapping[str, Any] | None, tokens: int) -> list[Any]:
        lim = Limits.parse(limits)
        tokens = _check_tokens(tokens)
        rpm = -1 if lim.requests_per_minute is None else lim.requests_per_minute
        tpd = -1 if lim.tokens_per_day is None else lim.tokens_per_day
        return [self._now_arg(), rpm, tpd, tokens, uuid.uuid4().hex]

    @staticmethod
    def _result(raw: Any) -> tuple[bool, float | None]:
        allowed, retry = raw
        if int(allowed) == 1:
            return True, None
        retry = retry.decode() if isinstance(retry, bytes) else retry
        return False, (float(retry) if retry else None)

    def _error(self, e: Exception) -> RateLimitError:
        return RateLimitError(f"rate-limit store {safe_url(self.url)} failed: {type(e).__name__}: {e}")

    def _async(self) -> tuple[redis.asyncio.Redis, Any, Any]:
        # A redis.asyncio connection belongs to the loop that opened it: one client per loop.
        loop = asyncio.get_running_loop()
        if self._aclient is None or self._aclient[0] is not loop:
            client = async_client(self.url, **self._timeouts)
            self._aclient = (loop, client, client.register_script(_CHECK_LUA), client.register_script(_RECORD_LUA))
        return self._aclient[1], self._aclient[2], self._aclient[3]

    def _sync(self) -> tuple[redis.Redis, Any, Any]:
        if self._sclient is None:
            client = sync_client(self.url, **self._timeouts)
            self._sclient = (client, client.register_script(_CHECK_LUA), client.register_script(_RECORD_LUA))
        return self._sclient

    async def acheck(self, key: str, limits: Mapping[str, Any] | None, tokens: int = 0) -> tuple[bool, float | None]:
        """Atomic allow-and-charge across all replicas. Raises :class:`RateLimitError`."""
        args = self._check_args(limits, tokens)
        _, check, _ = self._async()
        try:
            return self._result(await check(keys=self._keys(key), args=args))
        except (redis.exceptions.RedisError, OSError) as e:
            raise self._error(e) from e

    async def arecord_tokens(self, key: str, tokens: int) -> None:
        """Add (or, negative, refund) token usage learnt after the response."""
        if isinstance(tokens, bool) or not isinstance(tokens, int):
            raise ValueError(f"tokens must be an integer, got {tokens!r}")
        _, _, record = self._async()
        try:
            await record(keys=self._keys(key)[1:], args=[self._now_arg(), tokens])
        except (redis.exceptions.RedisError, OSError) as e:
            raise self._error(e) from e

    def check(self, key: str, limits: Mapping[str, Any] | None, tokens: int = 0) -> tuple[bool, float | None]:
        """Blocking variant of :meth:`acheck` (CLI, threads); never call it on the event loop."""
        args = self._check_args(limits, tokens)
        _, check, _ = self._sync()
        try:
            return self._result(check(keys=self._keys(key), args=args))
        except (redis.exceptions.RedisError, OSError) as e:
            raise self._error(e) from e

    def record_tokens(self, key: str, tokens: int) -> None:
        """Blocking variant of :meth:`arecord_tokens`."""
        if isinstance(tokens, bool) or not isinstance(tokens, int):
            raise ValueError(f"tokens must be an integer, got {tokens!r}")
        _, _, record = self._sync()
        try:
            record(keys=self._keys(key)[1:], args=[self._now_arg(), tokens])
        except (redis.exceptions.RedisError, OSError) as e:
            raise self._error(e) from e

    async def aclose(self) -> None:
        """Close the connections (the async one only if its loop is the running one)."""
        if self._aclient is not None:
            loop, client, _, _ = self._aclient
            self._aclient = None
            if loop is asyncio.get_running_loop():
                await client.aclose()
        if self._sclient is not None:
            self._sclient[0].close()
            self._sclient = None
