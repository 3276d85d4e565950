"""The request path of one LLM call, independent of mitmproxy's hook plumbing.

``Gateway.inspect`` takes the facts of a buffered request and returns a ``Verdict``: the body to
forward (possibly redacted) or the refusal to answer with, plus the record that was made durable
before anything leaves. The addon (``mitm.py``) only gathers facts and applies verdicts, so this
module is where the fail-closed rules live and are tested.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import body as bodies
from .providers.base import Route
from .redact import Redaction, redact
from .types import Decision, Finding, Identity, LocatedFinding, PolicyRef, Segment, Target

log = logging.getLogger("llm_warden")

#: placeholder for records of requests refused before a policy could decide
NO_POLICY = PolicyRef(id="-", version="-", sha256="-", rule=None)


@dataclass(slots=True)
class RequestFacts:
    """What the addon knows about a request once its body is buffered."""

    route: Route
    host: str
    method: str
    path: str  # without the query string: queries can carry API keys (Gemini ?key=)
    query: dict[str, str]
    headers: dict[str, str]
    raw: bytes
    identity: Identity
    flow_id: str = ""


@dataclass(slots=True)
class Verdict:
    """What to do with a request: forward ``body`` or answer with ``status``/``message``."""

    action: str  # permit | redact | deny
    status: int
    message: str
    record: dict[str, Any] | None = None
    body: bytes | None = None  # the body to forward when not denied
    restore: dict[str, str] = field(default_factory=dict)
    retry_after: float | None = None
    fallbacks: list[dict[str, Any]] = field(default_factory=list)
    limit_key: str | None = None  # rate-limit key charged for this request, for the answer's tokens

    @property
    def forwarded(self) -> bool:
        return self.action in ("permit", "redact")


@dataclass(slots=True)
class FlowState:
    """What the addon remembers about an LLM flow between its hooks (never persisted)."""

    route: Route
    host: str
    started: float = field(default_factory=time.perf_counter)
    verdict: Verdict | None = None
    failover: dict[str, Any] | None = None  # which endpoint answered, and why, when a rule names fallbacks


def sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def scope_of(identity: Identity) -> str:
    """The vault scope: placeholders are never shared across identities."""
    if identity.user:
        return f"user:{identity.user}"
    if identity.key_fingerprint:
        return f"key:{identity.key_fingerprint}"
    return f"ip:{identity.client_ip or 'unknown'}"


class Gateway:
    """Holds the components and runs parse → classify → decide → redact → record."""

    def __init__(self, *, engine: Any, policies: Any, audit: Any, vault: Any, limiter: Any,
                 hash_key: bytes, max_body_bytes: int, sealed_to: str | None = None) -> None:
        self.engine = engine
        self.policies = policies
        self.audit = audit
        self.vault = vault
        self.limiter = limiter
        self.hash_key = hash_key
        self.max_body_bytes = max_body_bytes
        self.sealed_to = sealed_to
        self.observe_audit: Callable[[float], None] | None = None  # metrics hook: append latency

    async def _append(self, record: dict[str, Any]) -> dict[str, Any]:
        """Write a record durably (the log group-commits concurrent appends into one fsync)."""
        started = time.perf_counter()
        out = await self.audit.append(record)
        if self.observe_audit is not None:
            self.observe_audit(time.perf_counter() - started)
        return out

    # -- the pipeline ---------------------------------------------------------------------------

    async def inspect(self, facts: RequestFacts, content_encoding: str | None,
                      content_type: str | None) -> Verdict:
        started = time.perf_counter()
        adapter = facts.route.adapter
        target = Target(facts.host, adapter.name, facts.route.api, facts.route.path_model, facts.path)
        # A large body takes tens of milliseconds to decompress, parse and scan for keywords:
        # that work goes to a thread, so other flows on mitmproxy's event loop are not held up.
        large = len(facts.raw) > _LOOP_BYTES
        try:
            doc = await _maybe_off_loop(large, self._parse, facts.raw, content_encoding, content_type)
        except bodies.BodyError as e:
            return await self._refuse(facts, target, e.status, e.message, NO_POLICY)

        target = Target(facts.host, adapter.name, facts.route.api, adapter.model(facts.route, doc), facts.path)
        segments = adapter.segments(facts.route.api, doc) if doc is not None else []
        texts = [s.text for s in segments]
        results: list[list[Finding]] = await self.engine.aclassify_many(texts) if texts else []
        located = [LocatedFinding(seg.pointer, f) for seg, fs in zip(segments, results) for f in fs]

        self.policies.maybe_reload()
        policy = self.policies.current()
        decision: Decision = await _maybe_off_loop(large, policy.decide, facts.identity, target, segments, located)

        if decision.action != "deny" and decision.limits:
            ok, retry_after = await self.limiter.acheck(decision.limits.get("key", "anonymous"),
                                                         decision.limits, _estimate_tokens(texts))
            if not ok:
                decision.action, decision.status = "deny", 429
                decision.retry_after = retry_after
                decision.reason = (f"rate limit for {decision.limits.get('key')} reached under rule "
                                   f"{decision.policy.rule!r}; retry in {retry_after or 60:.0f}s")

        forwarded: bytes | None = None
        redaction: Redaction | None = None
        if decision.action == "redact":
            redaction = await redact(doc, segments, located, decision.redact, vault=self.vault,
                                     scope=scope_of(facts.identity), hash_key=self.hash_key)
            forwarded = bodies.dump_json(redaction.doc)
        elif decision.action == "permit":
            forwarded = facts.raw  # untouched, encoding and all

        status = 200 if decision.action != "deny" else (decision.status or 403)
        record = self._decision_record(facts, target, decision, segments, located, redaction,
                                       forwarded, status, started)
        if decision.sealed_evidence and facts.raw:
            if self.sealed_to is None:
                raise RuntimeError(f"rule {decision.policy.rule!r} asks for sealed evidence but no "
                                   "warden_auditor_key is configured")
            from .audit.sealed import sealed_evidence  # only deployments that ask for it pay for it
            record["sealed_request"] = sealed_evidence(facts.raw, self.sealed_to)
        record = await self._append(record)  # durable before anything is forwarded

        if decision.action == "deny":
            return Verdict("deny", status, _user_message(decision), record,
                           retry_after=decision.retry_after)
        return Verdict(decision.action, 200, decision.reason, record, body=forwarded,
                       restore=redaction.restore if redaction else {},
                       fallbacks=decision.fallbacks,
                       limit_key=decision.limits.get("key", "anonymous") if decision.limits else None)

    def _parse(self, raw: bytes, content_encoding: str | None, content_type: str | None) -> Any:
        """The JSON document of a request body (``None`` for no body); ``BodyError`` otherwise."""
        if not raw:
            return None
        bodies.check_content_type(content_type)
        return bodies.parse_json(bodies.decode_content(raw, content_encoding, self.max_body_bytes))

    async def refuse(self, facts: RequestFacts, status: int, message: str, ref: PolicyRef | None = None) -> Verdict:
        """Record and refuse a request stopped outside the rules (size, parse, error, shadow AI)."""
        adapter = facts.route.adapter
        target = Target(facts.host, adapter.name, facts.route.api, facts.route.path_model, facts.path)
        return await self._refuse(facts, target, status, message, ref or NO_POLICY)

    async def _refuse(self, facts: RequestFacts, target: Target, status: int, message: str,
                      ref: PolicyRef) -> Verdict:
        record = _record(facts, target, "deny", message, status, ref, [], [], None)
        record = await self._append(record)
        return Verdict("deny", status, message, record)

    def _decision_record(self, facts: RequestFacts, target: Target, decision: Decision,
                         segments: list[Segment], located: list[LocatedFinding],
                         redaction: Redaction | None, forwarded: bytes | None, status: int,
                         started: float) -> dict[str, Any]:
        roles = {s.pointer: s.role for s in segments}
        texts = {s.pointer: s.text for s in segments}
        applied = {(p, f.start, f.end): strategy for p, f, strategy in (redaction.replaced if redaction else [])}
        findings = []
        for lf in located:
            f = lf.finding
            item: dict[str, Any] = {
                "type": f.type, "pointer": lf.pointer, "role": roles.get(lf.pointer),
                "span": [f.start, f.end], "score": round(f.score, 4), "detector": f.detector,
                "fingerprint": self.audit.fingerprint(texts[lf.pointer][f.start:f.end]),
            }
            if f.kind:
                item["kind"] = f.kind
            if (lf.pointer, f.start, f.end) in applied:
                item["action"] = applied[(lf.pointer, f.start, f.end)]
            findings.append(item)
        record = _record(facts, target, decision.action, decision.reason, status, decision.policy,
                         decision.classes, findings, forwarded)
        record["request"]["segments"] = len(segments)
        record["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
        return record


def _record(facts: RequestFacts, target: Target, action: str, reason: str, status: int, ref: PolicyRef,
            classes: list[str], findings: list[dict[str, Any]], forwarded: bytes | None) -> dict[str, Any]:
    """The body of a decision record (the audit log adds seq, id, ts, prev, key_id and sig)."""
    return {
        "type": "decision",
        "decision": action,
        "reason": reason,
        "status": status,
        "identity": facts.identity.to_json(),
        "target": target.to_json(),
        "policy": ref.to_json(),
        "classes": classes,
        "findings": findings,
        "request": {"sha256": sha256(facts.raw), "forwarded_sha256": sha256(forwarded),
                    "bytes": len(facts.raw), "method": facts.method},
        "flow": facts.flow_id,
    }


_LOOP_BYTES = 256 * 1024


async def _maybe_off_loop(off: bool, fn: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.to_thread(fn, *args) if off else fn(*args)


def _user_message(decision: Decision) -> str:
    rule = f" (policy {decision.policy.id} v{decision.policy.version}, rule {decision.policy.rule})" \
        if decision.policy.rule else f" (policy {decision.policy.id} v{decision.policy.version})"
    reason = decision.reason if "llm-warden" in decision.reason else f"llm-warden refused this request: {decision.reason}"
    return f"{reason}{rule}"


def _estimate_tokens(texts: list[str]) -> int:
    """A provider-independent token estimate for limits before the answer reports real usage."""
    return sum(len(t) for t in texts) // 4 + 1
