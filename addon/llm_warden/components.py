"""Build the gateway's parts from ``Settings``, and keep the expensive ones across reconfigures.

Loading the NER model or opening the audit log takes a while and holds state (the log's chain
head, the model weights); a ``--set`` of an unrelated option must not redo it, so ``build``
reuses what a previous build made when the settings it depends on are unchanged.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .audit.keys import load_signer
from .audit.log import AuditLog
from .classify.engine import Engine
from .gateway import Gateway
from .identity import IdentityConfig, IdentityResolver, extract_api_key
from .policy.loader import PolicyStore
from .policy.ratelimit import MemoryLimiter, RedisLimiter
from .providers.registry import Registry
from .settings import Settings
from .types import Identity, PolicyRef
from .vault import MemoryVault, RedisVault

log = logging.getLogger("llm_warden")


def secret_file(path: Path, size: int = 32) -> bytes:
    """Read a per-deployment secret, creating it (0600, parents 0700) on first use."""
    path = path.expanduser()
    if path.exists():
        data = path.read_bytes()
        if len(data) != size:
            raise ValueError(f"{path} must hold exactly {size} bytes (found {len(data)}); "
                             "move it away to have a new one created")
        return data
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = os.urandom(size)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return data


@dataclass
class Components:
    settings: Settings
    registry: Registry
    policies: PolicyStore
    engine: Any
    audit: AuditLog
    identity: IdentityResolver
    vault: Any
    limiter: Any
    gateway: Gateway
    fingerprint_key: bytes

    @property
    def policy_ref(self) -> PolicyRef:
        return self.policies.current().ref

    def resolve_identity(self, *, headers: dict[str, str], client_ip: str | None,
                         proxy_user: str | None, query: dict[str, str]) -> Identity:
        api_key = extract_api_key(headers, query)
        result = self.identity.resolve_detailed(headers=headers, client_ip=client_ip, proxy_user=proxy_user,
                                                api_key=api_key, user_agent=headers.get("user-agent"))
        for note in result.notes:
            log.info("llm-warden identity: %s", note)
        return result.identity

    def record_event(self, body: dict[str, Any]) -> None:
        """Record an event from a synchronous context (policy reloads, TLS refusals)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.audit.append_sync(body)
            return
        task = loop.create_task(self.audit.append(body))
        task.add_done_callback(_log_task_error)

    def close_replaced(self, new: "Components") -> None:
        if new.audit is not self.audit:
            self.audit.close()
        if new.engine is not self.engine:
            self.engine.close()

    def close(self) -> None:
        self.audit.close()
        self.engine.close()


def _log_task_error(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("llm-warden: could not record an event: %s", task.exception())


def build(settings: Settings, previous: Components | None = None) -> Components:
    prev = previous.settings if previous else None
    state = settings.state_dir.expanduser()
    fingerprint_key = secret_file(state / "fingerprint.key")

    if previous and prev and (prev.model, prev.classify_processes) == (settings.model, settings.classify_processes):
        engine = previous.engine
    else:
        engine = Engine(model_dir=settings.model, use_ner=settings.model is not None,
                        processes=settings.classify_processes)

    if previous and prev and (prev.audit_dir, prev.signing_key, prev.checkpoint_every, prev.checkpoint_seconds) == \
            (settings.audit_dir, settings.signing_key, settings.checkpoint_every, settings.checkpoint_seconds):
        audit = previous.audit
    else:
        signer = load_signer(settings.signing_key, create=True)
        audit = AuditLog(settings.audit_dir, signer, fingerprint_key=fingerprint_key,
                         checkpoint_every=settings.checkpoint_every,
                         checkpoint_seconds=float(settings.checkpoint_seconds))

    holder: dict[str, Components] = {}

    def on_policy_event(event: dict[str, Any]) -> None:
        body = {"type": "policy_event", **{k: v for k, v in event.items() if k != "type"}}
        if "event" in event and event.get("event") == "reload_rejected":
            log.error("llm-warden: policy edit rejected, previous policy stays in force: %s", event.get("error"))
        else:
            log.info("llm-warden: policy event %s", event.get("event"))
        if "c" in holder:
            holder["c"].record_event(body)

    policies = PolicyStore(settings.policy, on_event=on_policy_event)

    if settings.redis:
        vault_key = _key_from_spec(settings.vault_key)
        vault: Any = RedisVault(settings.redis, key=vault_key)
        limiter: Any = RedisLimiter(settings.redis)
    else:
        vault, limiter = MemoryVault(), MemoryLimiter()
        if previous and prev and not prev.redis:
            vault, limiter = previous.vault, previous.limiter  # keep placeholders and counts

    identity = IdentityResolver(IdentityConfig.from_options(
        jwt_header=settings.identity_header, jwt_keys=settings.jwt_keys, jwt_issuer=settings.jwt_issuer,
        jwt_audience=settings.jwt_audience, ipmap=settings.ipmap, ipmap_trusted=settings.ipmap_trusted,
        groups_file=settings.groups, fingerprint_key=fingerprint_key))

    sealed_to = settings.auditor_key
    if sealed_to:
        from .audit.sealed import auditor_key_id
        auditor_key_id(sealed_to)  # a bad key is refused at configuration, not at the first request
    gateway = Gateway(engine=engine, policies=policies, audit=audit, vault=vault, limiter=limiter,
                      hash_key=fingerprint_key, max_body_bytes=settings.max_body_bytes, sealed_to=sealed_to)
    built = Components(settings, Registry.from_file(settings.providers), policies, engine, audit,
                       identity, vault, limiter, gateway, fingerprint_key)
    holder["c"] = built
    return built


def _key_from_spec(spec: str) -> bytes:
    if not spec.startswith("file:"):
        raise ValueError(f"warden_vault_key must be file:PATH, not {spec!r}")
    return secret_file(Path(spec[5:]))
