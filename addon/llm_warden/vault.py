"""The redaction vault: reversible typed placeholders, per scope.

Redaction replaces a value with ``[PERSON_1]``, ``[EMAIL_ADDRESS_2]``, ...; the answer is
restored by looking the placeholder up again. The caller derives the *scope* from the identity
(and conversation), so that

- the same value in the same scope always gets the same placeholder — a chat resends its whole
  history each turn and the model must see one consistent name for one person;
- numbering is per entity type per scope and never reuses a number within a live scope, so an old
  placeholder can never come to mean a different value;
- a placeholder resolves only in the scope that assigned it: restoration never injects a value
  the same identity did not send.

Both vaults are bounded (least-recently-used entries of a scope are evicted past
``max_entries_per_scope``) and expiring (a scope untouched for ``ttl_seconds`` is forgotten as a
whole; every assign or resolve renews it). A value is keyed by ``(entity_type, value)``: the same
text found as two types gets two placeholders, each restoring to it.

:class:`RedisVault` lets replicas share conversations. Nothing sensitive is stored in the clear:
values are sealed with a NaCl SecretBox under a key derived from the 32-byte key the replicas
hold, the value→placeholder index is keyed by an HMAC of the value, and scope names are HMACed
too (they usually contain a user name). Each sealed entry names its scope and type, so a blob
copied to another scope or placeholder in Redis is refused rather than restored.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import nacl.exceptions
import nacl.secret
import redis.asyncio
import redis.exceptions

from .redis_store import async_client, safe_url

__all__ = [
    "PLACEHOLDER_RE",
    "MemoryVault",
    "RedisVault",
    "Vault",
    "VaultError",
    "format_placeholder",
    "parse_placeholder",
]

log = logging.getLogger(__name__)

#: A placeholder as it appears in text; group 1 is the entity type, group 2 the number.
PLACEHOLDER_RE = re.compile(r"\[([A-Z][A-Z0-9_]{0,63})_([1-9][0-9]{0,9})\]")
_TYPE_RE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")


class VaultError(RuntimeError):
    """The vault cannot be used (store unreachable, wrong key). Callers must not forward unredacted."""


class Vault(Protocol):
    """What the redactor needs from a vault."""

    async def assign(self, scope: str, entity_type: str, value: str) -> str: ...

    async def resolve(self, scope: str, placeholder: str) -> str | None: ...

    async def aclose(self) -> None: ...


def format_placeholder(entity_type: str, n: int) -> str:
    return f"[{entity_type}_{n}]"


def parse_placeholder(text: str) -> tuple[str, int] | None:
    """``("PERSON", 1)`` for ``"[PERSON_1]"``; ``None`` for anything that is not exactly one."""
    m = PLACEHOLDER_RE.fullmatch(text)
    return (m.group(1), int(m.group(2))) if m else None


def _validate(scope: str, entity_type: str, value: str) -> None:
    if not isinstance(scope, str) or not scope:
        raise ValueError("scope must be a non-empty string")
    if not isinstance(entity_type, str) or not _TYPE_RE.fullmatch(entity_type):
        raise ValueError(f"entity type {entity_type!r} must match {_TYPE_RE.pattern} to stay parseable")
    if not isinstance(value, str) or not value:
        raise ValueError("value must be a non-empty string")


def _check_bounds(max_entries_per_scope: int, ttl_seconds: float) -> None:
    if max_entries_per_scope < 1:
        raise ValueError("max_entries_per_scope must be at least 1")
    if ttl_seconds <= 0:
        raise ValueError("ttl_seconds must be positive")


# -- in memory ------------------------------------------------------------------------------------


@dataclass
class _Scope:
    last_used: float
    by_value: OrderedDict[tuple[str, str], str] = field(default_factory=OrderedDict)  # LRU order
    by_placeholder: dict[str, tuple[str, str]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)


class MemoryVault:
    """A vault in this process: right for one proxy; conversations do not survive a restart.

    ``max_scopes`` bounds the number of live scopes as well (least recently used dropped first),
    so the total size is bounded by ``max_scopes * max_entries_per_scope`` entries.
    """

    def __init__(
        self,
        max_entries_per_scope: int = 10000,
        ttl_seconds: float = 86400,
        *,
        max_scopes: int = 10000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        _check_bounds(max_entries_per_scope, ttl_seconds)
        if max_scopes < 1:
            raise ValueError("max_scopes must be at least 1")
        self.max_entries_per_scope = max_entries_per_scope
        self.ttl_seconds = ttl_seconds
        self.max_scopes = max_scopes
        self._clock = clock
        self._scopes: OrderedDict[str, _Scope] = OrderedDict()  # least recently used first

    def _expire(self, now: float) -> None:
        # Scopes are kept in last-use order, so expired ones are all at the front.
        while self._scopes:
            first = next(iter(self._scopes.values()))
            if now - first.last_used < self.ttl_seconds:
                break
            self._scopes.popitem(last=False)

    def _scope(self, scope: str, *, create: bool) -> _Scope | None:
        now = self._clock()
        self._expire(now)
        s = self._scopes.get(scope)
        if s is None:
            if not create:
                return None
            s = self._scopes[scope] = _Scope(last_used=now)
            while len(self._scopes) > self.max_scopes:
                self._scopes.popitem(last=False)
        s.last_used = now
        self._scopes.move_to_end(scope)
        return s

    async def assign(self, scope: str, entity_type: str, value: str) -> str:
        """The placeholder for ``value`` in ``scope``: the existing one, or the next number."""
        _validate(scope, entity_type, value)
        s = self._scope(scope, create=True)
        assert s is not None
        key = (entity_type, value)
        ph = s.by_value.get(key)
        if ph is not None:
            s.by_value.move_to_end(key)
            return ph
        n = s.counters.get(entity_type, 0) + 1
        s.counters[entity_type] = n
        ph = format_placeholder(entity_type, n)
        s.by_value[key] = ph
        s.by_placeholder[ph] = key
        while len(s.by_value) > self.max_entries_per_scope:
            _, old = s.by_value.popitem(last=False)
            del s.by_placeholder[old]
        return ph

    async def resolve(self, scope: str, placeholder: str) -> str | None:
        """The value ``placeholder`` stands for in ``scope``, or ``None`` (unknown, evicted, expired)."""
        if not isinstance(scope, str) or not scope or parse_placeholder(placeholder) is None:
            return None
        s = self._scope(scope, create=False)
        if s is None:
            return None
        key = s.by_placeholder.get(placeholder)
        if key is None:
            return None
        s.by_value.move_to_end(key)
        return key[1]

    async def aclose(self) -> None:
        return None

    def __len__(self) -> int:
        """Live entries over all scopes (for tests and metrics)."""
        self._expire(self._clock())
        return sum(len(s.by_value) for s in self._scopes.values())


# -- in Redis -------------------------------------------------------------------------------------

_FIELD_HEX = 64  # hex HMAC-SHA256 of the value: the index field, also prefixed to each sealed blob

# KEYS: idx (hmac -> placeholder), val (placeholder -> hmac .. sealed), lru (zset placeholder by
# tick), ctr (type -> last number, '#tick'). ARGV: hmac field, type, sealed blob, max, ttl_ms.
_ASSIGN_LUA = """
local ph = redis.call('HGET', KEYS[1], ARGV[1])
local tick = redis.call('HINCRBY', KEYS[4], '#tick', 1)
if not ph then
  local n = redis.call('HINCRBY', KEYS[4], ARGV[2], 1)
  ph = '[' .. ARGV[2] .. '_' .. n .. ']'
  redis.call('HSET', KEYS[1], ARGV[1], ph)
  redis.call('HSET', KEYS[2], ph, ARGV[1] .. ARGV[3])
end
redis.call('ZADD', KEYS[3], tick, ph)
local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[4])
if over > 0 then
  local old = redis.call('ZPOPMIN', KEYS[3], over)
  for i = 1, #old, 2 do
    local v = redis.call('HGET', KEYS[2], old[i])
    if v then redis.call('HDEL', KEYS[1], string.sub(v, 1, FIELD_HEX)) end
    redis.call('HDEL', KEYS[2], old[i])
  end
end
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
return ph
""".replace("FIELD_HEX", str(_FIELD_HEX))

# Same KEYS. ARGV: placeholder, ttl_ms. Returns hmac .. sealed, or nil.
_RESOLVE_LUA = """
local v = redis.call('HGET', KEYS[2], ARGV[1])
if not v then return false end
local tick = redis.call('HINCRBY', KEYS[4], '#tick', 1)
redis.call('ZADD', KEYS[3], 'XX', tick, ARGV[1])
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return v
"""

_KEYCHECK_PLAINTEXT = b"llm-warden vault key check v1"


def _derive(key: bytes, label: bytes) -> bytes:
    """Separate keys for sealing and for indexing, so neither use can weaken the other."""
    return hmac.new(key, b"llm-warden/vault/" + label, hashlib.sha256).digest()


class RedisVault:
    """A vault shared by every replica holding the same 32-byte ``key``.

    Per scope, four keys live under ``{prefix}{{scope-hmac}}:`` (one Redis Cluster slot), all
    with the scope's sliding TTL. On first use each client checks the key against a sealed marker
    (``{prefix}keycheck``) and raises :class:`VaultError` if it differs from the one the shared
    vault was created with — a misconfigured replica fails loudly instead of silently never
    finding anything. Redis failures raise :class:`VaultError`.
    """

    def __init__(
        self,
        url: str,
        key: bytes,
        ttl_seconds: float = 86400,
        *,
        max_entries_per_scope: int = 10000,
        prefix: str = "warden:vault:",
        check_key: bool = True,
        connect_timeout: float = 1.0,
        timeout: float = 2.0,
    ) -> None:
        if not isinstance(key, bytes) or len(key) != nacl.secret.SecretBox.KEY_SIZE:
            raise ValueError(f"vault key must be {nacl.secret.SecretBox.KEY_SIZE} bytes")
        _check_bounds(max_entries_per_scope, ttl_seconds)
        self.url = url
        self.prefix = prefix
        self.ttl_ms = max(1, int(ttl_seconds * 1000))
        self.max_entries_per_scope = max_entries_per_scope
        self._box = nacl.secret.SecretBox(_derive(key, b"seal/v1"))
        self._mac_key = _derive(key, b"index/v1")
        self._check_key = check_key
        self._timeouts = {"connect_timeout": connect_timeout, "timeout": timeout}
        self._client: tuple[asyncio.AbstractEventLoop, redis.asyncio.Redis, Any, Any] | None = None
        self._key_ok = False

    # -- names and sealing -------------------------------------------------------------------------

    def _mac(self, *parts: str) -> str:
        msg = b"\0".join(p.encode("utf-8") for p in parts)
        return hmac.new(self._mac_key, msg, hashlib.sha256).hexdigest()

    def _scope_id(self, scope: str) -> str:
        return self._mac("scope", scope)[:32]

    def _keys(self, scope_id: str) -> list[str]:
        base = f"{self.prefix}{{{scope_id}}}"
        return [f"{base}:idx", f"{base}:val", f"{base}:lru", f"{base}:ctr"]

    def _seal(self, scope_id: str, entity_type: str, value: str) -> bytes:
        doc = json.dumps({"s": scope_id, "t": entity_type, "v": value}, separators=(",", ":"))
        return bytes(self._box.encrypt(doc.encode("utf-8")))

    def _open(self, scope_id: str, placeholder: str, blob: bytes) -> str | None:
        field_hex, sealed = blob[:_FIELD_HEX].decode("ascii", "replace"), blob[_FIELD_HEX:]
        try:
            doc = json.loads(self._box.decrypt(sealed))
        except (nacl.exceptions.CryptoError, ValueError, TypeError):
            log.warning("vault entry %s cannot be decrypted (wrong key or tampered); not restored", placeholder)
            return None
        typ = parse_placeholder(placeholder)
        value = doc.get("v") if isinstance(doc, dict) else None
        if (
            not isinstance(value, str)
            or typ is None
            or doc.get("s") != scope_id
            or doc.get("t") != typ[0]
            or not hmac.compare_digest(field_hex, self._mac("value", scope_id, typ[0], value))
        ):
            log.warning("vault entry %s does not belong to this scope/placeholder; not restored", placeholder)
            return None
        return value

    # -- connection ----------------------------------------------------------------------------------

    def _error(self, e: Exception) -> VaultError:
        return VaultError(f"vault store {safe_url(self.url)} failed: {type(e).__name__}: {e}")

    async def _conn(self) -> tuple[redis.asyncio.Redis, Any, Any]:
        loop = asyncio.get_running_loop()
        if self._client is None or self._client[0] is not loop:
            client = async_client(self.url, **self._timeouts)
            self._client = (loop, client, client.register_script(_ASSIGN_LUA), client.register_script(_RESOLVE_LUA))
        client = self._client[1]
        if self._check_key and not self._key_ok:
            marker = f"{self.prefix}keycheck"
            await client.set(marker, bytes(self._box.encrypt(_KEYCHECK_PLAINTEXT)), nx=True)
            stored = await client.get(marker)
            try:
                ok = isinstance(stored, bytes) and self._box.decrypt(stored) == _KEYCHECK_PLAINTEXT
            except nacl.exceptions.CryptoError:
                ok = False
            if not ok:
                raise VaultError(
                    f"vault key mismatch: the shared vault at {safe_url(self.url)} (prefix {self.prefix!r}) "
                    "was created with a different key; every replica must hold the same vault key"
                )
            self._key_ok = True
        return client, self._client[2], self._client[3]

    # -- API -----------------------------------------------------------------------------------------

    async def assign(self, scope: str, entity_type: str, value: str) -> str:
        """The placeholder for ``value`` in ``scope``, shared with every replica (atomic in Redis)."""
        _validate(scope, entity_type, value)
        sid = self._scope_id(scope)
        field_hex = self._mac("value", sid, entity_type, value)
        blob = self._seal(sid, entity_type, value)
        try:
            _, assign, _ = await self._conn()
            ph = await assign(
                keys=self._keys(sid),
                args=[field_hex, entity_type, blob, self.max_entries_per_scope, self.ttl_ms],
            )
        except (redis.exceptions.RedisError, OSError) as e:
            raise self._error(e) from e
        return ph.decode("ascii") if isinstance(ph, bytes) else str(ph)

    async def resolve(self, scope: str, placeholder: str) -> str | None:
        """The value in ``scope``, or ``None`` (unknown, evicted, expired, or failing its checks)."""
        if not isinstance(scope, str) or not scope or parse_placeholder(placeholder) is None:
            return None
        sid = self._scope_id(scope)
        try:
            _, _, resolve = await self._conn()
            blob = await resolve(keys=self._keys(sid), args=[placeholder, self.ttl_ms])
        except (redis.exceptions.RedisError, OSError) as e:
            raise self._error(e) from e
        if blob is None:
            return None
        return self._open(sid, placeholder, blob)

    async def aclose(self) -> None:
        if self._client is not None:
            loop, client, _, _ = self._client
            self._client = None
            if loop is asyncio.get_running_loop():
                await client.aclose()
