"""The redaction vault: stable placeholders, scoping, bounds, expiry; Redis sealed at rest."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_warden.vault import (
    PLACEHOLDER_RE,
    MemoryVault,
    RedisVault,
    VaultError,
    format_placeholder,
    parse_placeholder,
)

# tests/ is on sys.path (conftest.py); the fixtures are found by name in this module.
from redis_server import redis_server, redis_url  # noqa: F401

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def run(fn: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(fn())


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(params=["memory", "redis"])
def make_vault(request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """A factory for vaults of each kind, so both are held to the same contract."""
    if request.param == "memory":
        yield lambda **kw: MemoryVault(**kw)
    else:
        url = request.getfixturevalue("redis_url")
        yield lambda **kw: RedisVault(url, KEY, **kw)


# -- the contract, both backends ----------------------------------------------------------------


def test_stable_placeholders_and_numbering_per_type(make_vault):
    v = make_vault()

    async def body() -> None:
        assert await v.assign("alice:c1", "PERSON", "Ada Lovelace") == "[PERSON_1]"
        assert await v.assign("alice:c1", "EMAIL_ADDRESS", "ada@example.com") == "[EMAIL_ADDRESS_1]"
        assert await v.assign("alice:c1", "PERSON", "Charles Babbage") == "[PERSON_2]"
        assert await v.assign("alice:c1", "PERSON", "Ada Lovelace") == "[PERSON_1]"  # next turn, same value
        assert await v.assign("alice:c1", "EMAIL_ADDRESS", "cb@example.com") == "[EMAIL_ADDRESS_2]"
        assert await v.resolve("alice:c1", "[PERSON_2]") == "Charles Babbage"
        assert await v.resolve("alice:c1", "[EMAIL_ADDRESS_1]") == "ada@example.com"
        assert await v.resolve("alice:c1", "[PERSON_3]") is None
        # the same text as another type is a separate entry, restoring to the same text
        assert await v.assign("alice:c1", "ORGANIZATION", "Ada Lovelace") == "[ORGANIZATION_1]"
        await v.aclose()

    run(body)


def test_scopes_are_independent(make_vault):
    v = make_vault()

    async def body() -> None:
        assert await v.assign("alice", "PERSON", "Ada") == "[PERSON_1]"
        assert await v.assign("bob", "PERSON", "Grace") == "[PERSON_1]"  # own numbering
        assert await v.assign("bob", "PERSON", "Ada") == "[PERSON_2]"
        assert await v.resolve("alice", "[PERSON_1]") == "Ada"
        assert await v.resolve("bob", "[PERSON_1]") == "Grace"  # never alice's value
        assert await v.resolve("carol", "[PERSON_1]") is None
        await v.aclose()

    run(body)


@pytest.mark.parametrize("text", ["PERSON_1", "[PERSON_0]", "[person_1]", "[PERSON_1] ", "[PERSON_x]", ""])
def test_resolve_non_placeholders(make_vault, text):
    v = make_vault()

    async def body() -> None:
        await v.assign("s", "PERSON", "Ada")
        assert await v.resolve("s", text) is None
        await v.aclose()

    run(body)


@pytest.mark.parametrize(
    "scope,etype,value", [("", "PERSON", "x"), ("s", "person", "x"), ("s", "A]B", "x"), ("s", "PERSON", "")]
)
def test_assign_rejects_bad_input(make_vault, scope, etype, value):
    v = make_vault()
    with pytest.raises(ValueError):
        run(lambda: v.assign(scope, etype, value))


def test_bounded_lru_and_numbers_not_reused(make_vault):
    v = make_vault(max_entries_per_scope=3)

    async def body() -> None:
        for name in ("a", "b", "c"):
            await v.assign("s", "PERSON", name)
        assert await v.resolve("s", "[PERSON_1]") == "a"  # touch a: b is now least recently used
        assert await v.assign("s", "PERSON", "d") == "[PERSON_4]"
        assert await v.resolve("s", "[PERSON_2]") is None  # b evicted
        assert await v.resolve("s", "[PERSON_1]") == "a"
        assert await v.assign("s", "PERSON", "c") == "[PERSON_3]"  # touch c
        assert await v.assign("s", "PERSON", "b") == "[PERSON_5]"  # b comes back: a new number
        assert await v.resolve("s", "[PERSON_4]") is None  # d was the LRU now
        assert {await v.resolve("s", f"[PERSON_{i}]") for i in (1, 3, 5)} == {"a", "c", "b"}
        await v.aclose()

    run(body)


def test_unicode_values(make_vault):
    v = make_vault()

    async def body() -> None:
        for val in ("Zoë Ångström", "李小龍", "emoji 🙂 name", 'quote " and \\ and \x00'):
            ph = await v.assign("s", "PERSON", val)
            assert await v.resolve("s", ph) == val
        await v.aclose()

    run(body)


def test_concurrent_assign_of_one_value_gets_one_placeholder(make_vault):
    v = make_vault()

    async def body() -> list[str]:
        res = await asyncio.gather(*(v.assign("s", "PERSON", f"p{i % 5}") for i in range(50)))
        await v.aclose()
        return list(res)

    res = run(body)
    assert len(set(res)) == 5
    assert sorted(set(res)) == [f"[PERSON_{i}]" for i in range(1, 6)]


# -- memory only --------------------------------------------------------------------------------


def test_memory_vault_expires_idle_scopes():
    clock = FakeClock()
    v = MemoryVault(ttl_seconds=100, clock=clock)

    async def body() -> None:
        await v.assign("old", "PERSON", "Ada")
        await v.assign("busy", "PERSON", "Grace")
        clock.t += 60
        assert await v.resolve("busy", "[PERSON_1]") == "Grace"  # use renews the scope
        clock.t += 60
        assert await v.resolve("old", "[PERSON_1]") is None  # idle for 120 s > ttl
        assert await v.resolve("busy", "[PERSON_1]") == "Grace"
        clock.t += 100
        assert len(v) == 0
        assert await v.assign("busy", "PERSON", "Someone") == "[PERSON_1]"  # fresh scope, fresh numbers

    run(body)


def test_memory_vault_bounds_scopes():
    v = MemoryVault(max_scopes=3)

    async def body() -> None:
        for i in range(5):
            await v.assign(f"s{i}", "PERSON", "x")
        assert [await v.resolve(f"s{i}", "[PERSON_1]") for i in range(5)] == [None, None, "x", "x", "x"]

    run(body)


def test_placeholder_helpers():
    assert format_placeholder("US_SSN", 12) == "[US_SSN_12]"
    assert parse_placeholder("[US_SSN_12]") == ("US_SSN", 12)
    assert parse_placeholder("[US_SSN_012]") is None
    assert [m.group(0) for m in PLACEHOLDER_RE.finditer("hi [PERSON_1], mail [EMAIL_ADDRESS_2].")] == [
        "[PERSON_1]",
        "[EMAIL_ADDRESS_2]",
    ]


# -- hypothesis: stability against a model -------------------------------------------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(["alice", "bob", "carol/conv-2"]),
        st.sampled_from(["PERSON", "EMAIL_ADDRESS", "LOCATION"]),
        st.text(min_size=1, max_size=12),
    ),
    max_size=40,
)


async def check_against_model(v: Any, ops: list[tuple[str, str, str]], scope_prefix: str = "") -> None:
    model: dict[tuple[str, str, str], str] = {}
    counts: dict[tuple[str, str], int] = {}
    for scope, etype, value in ops:
        ph = await v.assign(scope_prefix + scope, etype, value)
        if (scope, etype, value) in model:
            assert ph == model[(scope, etype, value)]  # stable
        else:
            counts[(scope, etype)] = counts.get((scope, etype), 0) + 1
            assert ph == f"[{etype}_{counts[(scope, etype)]}]"  # dense numbering per type per scope
            model[(scope, etype, value)] = ph
    by_scope: dict[str, dict[str, str]] = {}
    for (scope, _etype, value), ph in model.items():
        by_scope.setdefault(scope, {})[ph] = value
    for scope in ("alice", "bob", "carol/conv-2", "nobody"):
        own = by_scope.get(scope, {})
        for ph in {p for m in by_scope.values() for p in m}:
            # resolves to this scope's own value or to nothing: never to another scope's value
            assert await v.resolve(scope_prefix + scope, ph) == own.get(ph)


@settings(max_examples=200, deadline=None)
@given(OPS)
def test_memory_placeholders_match_model(ops):
    run(lambda: check_against_model(MemoryVault(), ops))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_redis_placeholders_match_model(redis_server, ops):
    v = RedisVault(redis_server.url, KEY)

    async def body() -> None:
        await check_against_model(v, ops, scope_prefix=uuid.uuid4().hex + ":")
        await v.aclose()

    run(body)


# -- Redis only ---------------------------------------------------------------------------------


SECRETS = {
    "PERSON": "Margaret Hamilton",
    "EMAIL_ADDRESS": "margaret.hamilton@nasa.example",
    "US_SSN": "078-05-1120",
    "PHONE_NUMBER": "+1 415 555 0199",
}
SCOPE = "user:margaret@corp.example/conv-42"


def dump_everything(url: str) -> list[bytes]:
    """Every key name and every stored byte: DUMP plus the type-specific readout."""
    r = redis.Redis.from_url(url)
    out: list[bytes] = []
    for k in r.keys("*"):
        out.append(k)
        out.append(r.dump(k) or b"")
        t = r.type(k)
        if t == b"string":
            out.append(r.get(k) or b"")
        elif t == b"hash":
            for f, val in r.hgetall(k).items():
                out += [f, val]
        elif t == b"zset":
            out += [m for m, _ in r.zrange(k, 0, -1, withscores=True)]
        else:
            raise AssertionError(f"unexpected key type {t!r} for {k!r}")
    r.close()
    return out


def test_redis_stores_nothing_in_the_clear(redis_url):
    v = RedisVault(redis_url, KEY)

    async def body() -> dict[str, str]:
        phs = {t: await v.assign(SCOPE, t, val) for t, val in SECRETS.items()}
        for t, ph in phs.items():
            assert await v.resolve(SCOPE, ph) == SECRETS[t]
        await v.aclose()
        return phs

    phs = run(body)
    blobs = dump_everything(redis_url)
    assert len(blobs) > 10
    needles = [s.encode() for s in SECRETS.values()]
    needles += [SCOPE.encode(), b"margaret", b"Margaret", b"078-05", b"hamilton", b"4155550199"]
    for needle in needles:
        hits = [b for b in blobs if needle.lower() in b.lower()]
        assert not hits, f"{needle!r} found in Redis"
    # sanity of the scan itself: the placeholders (not secret) are visible to it
    assert any(phs["PERSON"].encode() in b for b in blobs)


def test_redis_ttl_applied_and_expires(redis_url):
    v = RedisVault(redis_url, KEY, ttl_seconds=1.5)

    async def body() -> None:
        ph = await v.assign("s", "PERSON", "Ada")
        r = redis.asyncio.Redis.from_url(redis_url)
        keys = [k for k in await r.keys("*") if not k.endswith(b"keycheck")]
        assert len(keys) == 4
        for k in keys:
            assert 0 < await r.pttl(k) <= 1500
        await r.aclose()
        await asyncio.sleep(0.9)
        assert await v.resolve("s", ph) == "Ada"  # renews
        await asyncio.sleep(0.9)
        assert await v.resolve("s", ph) == "Ada"  # 1.8 s after assign, but used 0.9 s ago
        await asyncio.sleep(2.0)
        assert await v.resolve("s", ph) is None
        assert await v.assign("s", "PERSON", "Other") == "[PERSON_1]"
        await v.aclose()

    run(body)


def test_redis_bounded_in_storage(redis_url):
    v = RedisVault(redis_url, KEY, max_entries_per_scope=5)

    async def body() -> None:
        for i in range(50):
            await v.assign("s", "EMAIL_ADDRESS", f"u{i}@example.com")
        await v.aclose()

    run(body)
    r = redis.Redis.from_url(redis_url)
    hashes = {k.decode().rsplit(":", 1)[1]: k for k in r.keys("*") if not k.endswith(b"keycheck")}
    assert r.hlen(hashes["idx"]) == 5 and r.hlen(hashes["val"]) == 5 and r.zcard(hashes["lru"]) == 5
    assert sorted(r.hkeys(hashes["val"])) == sorted(f"[EMAIL_ADDRESS_{i}]".encode() for i in range(46, 51))
    r.close()


def test_two_replicas_share_the_vault(redis_url):
    a, b = RedisVault(redis_url, KEY), RedisVault(redis_url, KEY)

    async def body() -> None:
        ph = await a.assign("alice:c1", "PERSON", "Ada")
        assert await b.resolve("alice:c1", ph) == "Ada"
        assert await b.assign("alice:c1", "PERSON", "Ada") == ph  # same placeholder on the other replica
        assert await b.assign("alice:c1", "PERSON", "Grace") == "[PERSON_2]"
        assert await a.resolve("alice:c1", "[PERSON_2]") == "Grace"
        assert await b.resolve("bob:c1", ph) is None
        res = await asyncio.gather(*(vault.assign("alice:c1", "LOCATION", "Paris") for vault in (a, b) * 10))
        assert set(res) == {"[LOCATION_1]"}
        await a.aclose()
        await b.aclose()

    run(body)


def test_different_key_fails_loudly(redis_url):
    a = RedisVault(redis_url, KEY)
    b = RedisVault(redis_url, OTHER_KEY)

    async def body() -> None:
        ph = await a.assign("alice", "PERSON", "Ada")
        with pytest.raises(VaultError, match="different key"):
            await b.resolve("alice", ph)
        with pytest.raises(VaultError, match="different key"):
            await b.assign("alice", "PERSON", "Ada")
        await a.aclose()
        await b.aclose()

    run(body)


def test_different_key_without_key_check_cannot_read(redis_url):
    a = RedisVault(redis_url, KEY)
    b = RedisVault(redis_url, OTHER_KEY, check_key=False)

    async def body() -> None:
        ph = await a.assign("alice", "PERSON", "Ada")
        assert await b.resolve("alice", ph) is None
        await a.aclose()
        await b.aclose()

    run(body)


def test_tampered_or_moved_blobs_are_not_restored(redis_url):
    v = RedisVault(redis_url, KEY)

    async def body() -> tuple[str, str]:
        await v.assign("alice", "PERSON", "Ada")
        await v.assign("alice", "PERSON", "Grace")
        await v.assign("mallory", "PERSON", "Eve")
        await v.aclose()
        return v._keys(v._scope_id("alice"))[1], v._keys(v._scope_id("mallory"))[1]

    alice_val, mallory_val = run(body)
    r = redis.Redis.from_url(redis_url)
    ada = r.hget(alice_val, "[PERSON_1]")
    assert ada is not None
    # 1. a blob moved from alice's scope into mallory's: refused, mallory never gets alice's value
    r.hset(mallory_val, "[PERSON_1]", ada)
    # 2. a flipped ciphertext byte in alice's own entry: refused
    grace = bytearray(r.hget(alice_val, "[PERSON_2]") or b"")
    grace[-1] ^= 1
    r.hset(alice_val, "[PERSON_2]", bytes(grace))
    # 3. a blob relabelled under another type's placeholder: refused
    r.hset(alice_val, "[LOCATION_1]", ada)
    r.close()

    async def check() -> None:
        assert await v.resolve("mallory", "[PERSON_1]") is None
        assert await v.resolve("alice", "[PERSON_2]") is None
        assert await v.resolve("alice", "[LOCATION_1]") is None
        assert await v.resolve("alice", "[PERSON_1]") == "Ada"
        await v.aclose()

    run(check)


def test_redis_unreachable_raises_vault_error():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        v = RedisVault(f"redis://:hunter2@127.0.0.1:{port}/0", KEY, connect_timeout=0.5, timeout=0.5)
        start = time.monotonic()
        with pytest.raises(VaultError) as ei:
            run(lambda: v.assign("s", "PERSON", "Ada"))
        assert "hunter2" not in str(ei.value)
        with pytest.raises(VaultError):
            run(lambda: v.resolve("s", "[PERSON_1]"))
        assert time.monotonic() - start < 20


def test_bad_key_size():
    with pytest.raises(ValueError, match="32 bytes"):
        RedisVault("redis://127.0.0.1:1/0", os.urandom(16))
