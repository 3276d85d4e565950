"""Redis clients shared by the replicas' stores (rate limits, the redaction vault).

Both stores talk to Redis the same way, so the connection policy lives here once:

- a **bounded, blocking pool**: a burst of concurrent requests queues for one of a few sockets
  (each call is one short Lua script) instead of opening a socket per request. An unbounded pool
  turned a burst of 40 concurrent checks on a loaded host into connect timeouts, and since every
  store error denies the request, into denials;
- **timeouts** on connect, on each reply and on the wait for a free socket, so a dead Redis is an
  error (and a denial) within seconds rather than a hung request;
- URLs in messages with the **password masked**, so no log or audit record holds it.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import redis
import redis.asyncio

__all__ = ["async_client", "safe_url", "sync_client"]

MAX_CONNECTIONS = 8
"""Sockets per client; Redis answers a script in well under a millisecond, so a few suffice."""


def safe_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (user and host kept, to say which store)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def _pool_kwargs(connect_timeout: float, timeout: float, max_connections: int) -> dict[str, float | int]:
    if max_connections < 1:
        raise ValueError(f"max_connections must be at least 1, got {max_connections}")
    return {
        "socket_connect_timeout": connect_timeout,
        "socket_timeout": timeout,
        "max_connections": max_connections,
        "timeout": connect_timeout + timeout,  # waiting for a free socket
    }


def async_client(
    url: str, *, connect_timeout: float, timeout: float, max_connections: int = MAX_CONNECTIONS
) -> redis.asyncio.Redis:
    """An asyncio client on its own bounded pool; ``aclose()`` closes the pool too.

    A redis.asyncio connection belongs to the event loop that opened it: make one per loop.
    """
    pool = redis.asyncio.BlockingConnectionPool.from_url(url, **_pool_kwargs(connect_timeout, timeout, max_connections))
    return redis.asyncio.Redis.from_pool(pool)


def sync_client(
    url: str, *, connect_timeout: float, timeout: float, max_connections: int = MAX_CONNECTIONS
) -> redis.Redis:
    """A blocking client on its own bounded pool (CLI, worker threads); ``close()`` closes the pool."""
    pool = redis.BlockingConnectionPool.from_url(url, **_pool_kwargs(connect_timeout, timeout, max_connections))
    return redis.Redis.from_pool(pool)
