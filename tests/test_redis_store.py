"""The shared Redis connection policy: bounded pools, timeouts, masked URLs (real redis-server)."""

from __future__ import annotations

import asyncio
import socket

import pytest
import redis.exceptions
from redis_server import redis_server, redis_url  # noqa: F401  (fixtures)

from llm_warden.redis_store import async_client, safe_url, sync_client


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("redis://:s3cret@cache:6379/1", "redis://:***@cache:6379/1"),
        ("rediss://warden:s3cret@cache.internal/0", "rediss://warden:***@cache.internal/0"),
    ],
)
def test_safe_url_masks_only_the_password(url: str, shown: str) -> None:
    assert safe_url(url) == shown
    assert "s3cret" not in safe_url(url)


def test_max_connections_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_connections"):
        sync_client("redis://127.0.0.1:1/0", connect_timeout=1, timeout=1, max_connections=0)


def _connected_clients(url: str) -> int:
    probe = sync_client(url, connect_timeout=2, timeout=2)
    try:
        return int(probe.info("clients")["connected_clients"]) - 1  # less the probe itself
    finally:
        probe.close()


def test_a_burst_shares_a_few_sockets(redis_url: str) -> None:  # noqa: F811
    """Forty concurrent calls on a pool of three: all answered, never more than three sockets."""

    async def body() -> tuple[list[int], int]:
        client = async_client(redis_url, connect_timeout=2, timeout=2, max_connections=3)
        try:
            replies = await asyncio.gather(*(client.incr("burst") for _ in range(40)))
            busy = await asyncio.to_thread(_connected_clients, redis_url)
            return replies, busy
        finally:
            await client.aclose()

    replies, busy = asyncio.run(body())
    assert sorted(replies) == list(range(1, 41))
    assert 1 <= busy <= 3
    assert _connected_clients(redis_url) == 0  # aclose() closed the pool


def test_a_dead_server_is_an_error_within_the_timeouts() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    client = sync_client(f"redis://127.0.0.1:{port}/0", connect_timeout=0.5, timeout=0.5)
    try:
        with pytest.raises(redis.exceptions.ConnectionError):
            client.ping()
    finally:
        client.close()
