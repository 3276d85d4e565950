"""The mitmproxy addon: hooks only, each thin, each failing closed.

Load it with ``llm-warden run`` (preferred: the addon is added programmatically, so a failed
script reload cannot silently drop it) or ``mitmdump -s addon/llm_warden/mitm.py``.

mitmproxy logs an exception raised in a hook and lets the flow continue: fail-open. Every hook
that touches an LLM request therefore catches everything and turns it into a refusal in the
provider's own error format (503 when the audit log cannot be written). The request path itself
lives in ``gateway.py``; WebSocket sessions in ``realtime_session.py``.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from mitmproxy import ctx, exceptions, http, tls
from mitmproxy.net.http import url
from mitmproxy.utils import human

try:  # `mitmdump -s addon/llm_warden/mitm.py` loads this file outside its package
    import llm_warden  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from llm_warden import components, failover, ops, option_guards  # noqa: E402
from llm_warden.audit.log import AuditWriteError  # noqa: E402
from llm_warden.gateway import FlowState, Gateway, RequestFacts, Verdict  # noqa: E402
from llm_warden.providers.base import Adapter, Route  # noqa: E402
from llm_warden.providers.registry import Registry  # noqa: E402
from llm_warden.realtime_session import RealtimeSessions  # noqa: E402
from llm_warden.redact import StreamRestorer, restore_body, safe_stream  # noqa: E402
from llm_warden.settings import Settings, declare_options  # noqa: E402

log = logging.getLogger("llm_warden")

_STREAM_TYPES = ("text/event-stream", "application/x-ndjson", "application/vnd.amazon.eventstream")


class Warden:
    """Inspects, decides on and records every request to an LLM API."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.gateway: Gateway | None = None
        # Known before configuration so that LLM hosts are recognised (and refused) even when
        # the gateway failed to come up: an unconfigured warden must not wave traffic through.
        self.registry: Any = Registry()
        self.flows: dict[str, FlowState] = {}
        self.realtime = RealtimeSessions(self._decide_frame)
        self.stream_threshold: int | None = None
        self._setting_stream_option = False
        self._running = False
        self.components: components.Components | None = None
        self.metrics = ops.Metrics()
        self.ops_server: ops.OpsServer | None = None
        self._json_handler: logging.Handler | None = None

    # -- configuration --------------------------------------------------------------------------

    def load(self, loader: Any) -> None:
        declare_options(loader)

    def configure(self, updated: set[str]) -> None:
        if "stream_large_bodies" in updated and not self._setting_stream_option:
            self._take_over_streaming()
        if self.gateway is None:
            self._default_lazy_connections()
        if updated & {"ignore_hosts", "allow_hosts", "warden_providers"}:
            option_guards.refuse_passthrough_of_llm_hosts(ctx.options, self.registry)
        if updated & {"proxyauth", "mode"}:
            option_guards.refuse_proxyauth_without_a_proxy_protocol(ctx.options)
        if not any(name.startswith("warden_") for name in updated):
            return
        if not self._running:
            # mitmproxy applies options in several steps at start-up (--set, then config files,
            # then flags): validate now, build once in `running` with the final values.
            try:
                Settings.from_options(ctx.options)
            except Exception as e:
                raise exceptions.OptionsError(f"llm-warden: {e}") from e
            return
        self._build()

    def _build(self) -> None:
        try:
            settings = Settings.from_options(ctx.options)
            built = components.build(settings, previous=self.components)
        except Exception as e:  # any bad setting refuses to (re)configure; the old gateway stays
            raise exceptions.OptionsError(f"llm-warden: {e}") from e
        if self.components is not None and self.components is not built:
            self.components.close_replaced(built)
        self.settings, self.components = settings, built
        self.registry, self.gateway = built.registry, built.gateway
        self.gateway.observe_audit = self.metrics.audit_latency.observe
        self._configure_logging(settings.log_json)
        if self.ops_server is not None and ops.parse_listen(settings.metrics_listen or ":0") != self.ops_server.address:
            self.ops_server.close()
            self.ops_server = None
            self._start_ops()
        log.info("llm-warden ready: policy %s v%s (%s), audit log %s, model %s",
                 built.policy_ref.id, built.policy_ref.version, built.policy_ref.sha256[:12],
                 settings.audit_dir, settings.model or "none (patterns only)")

    def running(self) -> None:
        self._running = True
        try:
            self._build()
        except exceptions.OptionsError as e:
            log.error("%s; shutting down", e)  # logged during start-up: mitmdump exits non-zero
            ctx.master.shutdown()
            return
        self._start_ops()
        option_guards.announce(ctx.options)

    def _start_ops(self) -> None:
        if self.settings is None or not self.settings.metrics_listen or self.ops_server is not None:
            return
        host, port = ops.parse_listen(self.settings.metrics_listen)
        self.ops_server = ops.OpsServer(host, port, self.metrics, self.health)
        self.ops_server.start()
        log.info("llm-warden metrics on http://%s:%s/metrics, health on /healthz", *self.ops_server.address)

    def health(self) -> dict[str, Any]:
        """What /healthz answers: ok only when the gateway is configured and the log writes."""
        c = self.components
        if c is None:
            return {"status": "unconfigured"}
        stats = getattr(c.audit, "stats", None)
        ref = c.policy_ref
        failing = bool(getattr(stats, "last_error", None)) and getattr(stats, "failures", 0) > 0
        self.metrics.audit_records.set(getattr(c.audit, "size", 0) or 0)
        return {"status": "degraded" if failing else "ok",
                "policy": {"id": ref.id, "version": ref.version, "sha256": ref.sha256},
                "audit": {"records": getattr(c.audit, "size", None), "dir": str(c.settings.audit_dir),
                          "last_error": getattr(stats, "last_error", None)},
                "model": c.settings.model, "in_flight": len(self.flows)}

    def _configure_logging(self, as_json: bool) -> None:
        logger = logging.getLogger("llm_warden")
        if as_json and self._json_handler is None:
            self._json_handler = logging.StreamHandler(sys.stderr)
            self._json_handler.setFormatter(ops.JsonFormatter())
            logger.addHandler(self._json_handler)
            logger.propagate = False
        elif not as_json and self._json_handler is not None:
            logger.removeHandler(self._json_handler)
            self._json_handler = None
            logger.propagate = True

    def _default_lazy_connections(self) -> None:
        """Open the upstream connection only for a forwarded request, so a denied request never
        touches the provider (and denies work when it is unreachable). An explicit setting wins."""
        opt = getattr(ctx.options, "_options", {}).get("connection_strategy")
        if opt is not None and not opt.has_changed() and opt.current() != "lazy":
            self._setting_stream_option = True
            try:
                ctx.options.update(connection_strategy="lazy")
            finally:
                self._setting_stream_option = False

    def _take_over_streaming(self) -> None:
        """mitmproxy would stream a large body to the server before any hook saw it, so the
        warden applies ``stream_large_bodies`` itself, to non-LLM flows only."""
        value = ctx.options.stream_large_bodies
        if not value:
            return
        self.stream_threshold = human.parse_size(value)
        self._setting_stream_option = True
        try:
            ctx.options.update(stream_large_bodies=None)
        finally:
            self._setting_stream_option = False
        log.info("llm-warden applies stream_large_bodies=%s to non-LLM traffic only; "
                 "LLM request bodies are always inspected before forwarding", value)

    def done(self) -> None:
        """Graceful shutdown: flush the log and write a final signed checkpoint."""
        if self.ops_server is not None:
            self.ops_server.close()
            self.ops_server = None
        if self.components is not None:
            self.components.close()
            log.info("llm-warden: audit log flushed and checkpointed at %s records",
                     getattr(self.components.audit, "size", "?"))

    # -- TLS: never pass an LLM host through undecrypted ----------------------------------------

    def _is_llm_sni(self, sni: str | None) -> bool:
        """Whether a TLS/QUIC server name is an LLM host; when that cannot be told, assume it is."""
        if not sni:
            return False
        try:
            return self.registry.is_llm_host(sni)
        except Exception:
            log.exception("llm-warden: could not classify the server name %r; treating it as an LLM host", sni)
            return True

    def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        sni = data.client_hello.sni
        if data.ignore_connection and self._is_llm_sni(sni):
            log.warning("llm-warden: %s is an LLM API host; intercepting it despite ignore_hosts", sni)
            data.ignore_connection = False

    def quic_start_client(self, data: Any) -> None:
        """QUIC (HTTP/3) to an LLM host is refused at the handshake, so clients fall back to
        HTTP/2 over TCP, which the warden inspects; mitmproxy closes a QUIC connection with no
        TLS settings."""
        sni = data.conn.sni
        if self._is_llm_sni(sni):
            data.settings = None
            log.info("llm-warden: refused QUIC to %s; the client falls back to TCP", sni)
            if self.components is not None:
                self.components.record_event({"type": "quic_refused", "host": sni,
                                              "client_ip": _peer(data.context.client),
                                              "reason": "QUIC/HTTP3 to LLM APIs is refused; clients use TCP"})

    def tls_failed_client(self, data: tls.TlsData) -> None:
        sni = data.context.client.sni
        if sni and self.registry.is_llm_host(sni) and self.components:
            self.components.record_event({
                "type": "tls_refused", "host": sni, "client_ip": _peer(data.context.client),
                "reason": "the client refused the gateway's certificate (certificate pinning or an "
                          "untrusted CA); nothing was forwarded",
            })

    # -- request path ---------------------------------------------------------------------------

    def _shadow_ai(self, host: str) -> str | None:
        if self.components is None:
            return None
        return self.components.policies.current().shadow_ai(host)

    async def http_connect(self, flow: http.HTTPFlow) -> None:
        """Refuse a tunnel to a shadow-AI host before any TLS, so even pinned apps are stopped."""
        try:
            reason = self._shadow_ai(flow.request.host)
            if reason is None or self.gateway is None or self.components is None:
                return
            state = FlowState(Route(Adapter(), "shadow_ai"), flow.request.host.lower())
            facts = self._facts(flow, state)
            facts.method = "CONNECT"
            await self.gateway.refuse(facts, 403, f"llm-warden: {reason}", self.components.policy_ref)
            flow.response = http.Response.make(403, f"llm-warden: {reason}\n".encode(), {"content-type": "text/plain"})
        except Exception:
            log.exception("llm-warden: error while checking a CONNECT against the shadow-AI list")
            flow.response = http.Response.make(403, b"llm-warden: could not check this destination\n")

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        try:
            self._requestheaders(flow)
        except Exception as e:  # never let an LLM request through uninspected because of us
            log.exception("llm-warden: error in requestheaders for %s", flow.request.pretty_url)
            state = FlowState(Route(Adapter(), "unknown"), flow.request.host)
            state.verdict = Verdict("deny", 403, f"llm-warden could not inspect this request ({type(e).__name__})")
            self.flows[flow.id] = state
            flow.request.stream = False

    def _requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None:  # already answered (proxyauth's 407): nothing will be forwarded
            return
        route, host = self._route(flow)
        if route is None:
            reason = self._shadow_ai(flow.request.host)
            if reason is not None:
                state = FlowState(Route(Adapter(), "shadow_ai"), flow.request.host.lower())
                state.verdict = Verdict("deny", 403, f"llm-warden: {reason}")
                self.flows[flow.id] = state
                return
            self._maybe_stream_other(flow.request)
            return
        # Buffer, whatever stream_large_bodies or another addon asked for.
        flow.request.stream = False
        state = FlowState(route, host)
        self.flows[flow.id] = state
        if self.settings is None or self.gateway is None:
            state.verdict = Verdict("deny", 503, "llm-warden is not configured; LLM requests are refused")
            return
        length = flow.request.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.settings.max_body_bytes:
            state.verdict = Verdict("deny", 413, f"request body of {length} bytes exceeds "
                                    f"warden_max_body_bytes ({self.settings.max_body_bytes})")

    async def request(self, flow: http.HTTPFlow) -> None:
        state = self.flows.get(flow.id)
        if state is None:
            try:
                unseen = flow.response is None and self._route(flow)[0] is not None
            except Exception:
                unseen = True
            if unseen:  # an LLM flow we did not see at requestheaders: never forward it
                self._answer(flow, None, 403, "llm-warden did not inspect this request; refused")
            return
        try:
            await self._inspect(flow, state)
        except Exception as e:  # fail closed: an error anywhere denies the request
            log.exception("llm-warden: error while inspecting %s", flow.request.pretty_url)
            await self._deny_on_error(flow, state, e)

    async def _inspect(self, flow: http.HTTPFlow, state: FlowState) -> None:
        if self.gateway is None or self.settings is None:
            self._answer(flow, state.route, 503, "llm-warden is not configured; LLM requests are refused")
            return
        facts = self._facts(flow, state)
        if state.verdict is not None:  # decided at requestheaders (size, shadow AI)
            ref = self.components.policy_ref if self.components and state.route.api == "shadow_ai" else None
            verdict = await self.gateway.refuse(facts, state.verdict.status, state.verdict.message, ref)
        elif flow.request.raw_content is None:
            verdict = await self.gateway.refuse(facts, 403, "request body was streamed and not inspected")
        elif len(flow.request.raw_content) > self.settings.max_body_bytes:
            verdict = await self.gateway.refuse(
                facts, 413, f"request body exceeds warden_max_body_bytes ({self.settings.max_body_bytes})")
        else:
            verdict = await self.gateway.inspect(
                facts, flow.request.headers.get("content-encoding"), flow.request.headers.get("content-type"))
        state.verdict = verdict
        _log_decision(verdict)
        self._observe(verdict, state)
        if not verdict.forwarded:
            self._answer(flow, state.route, verdict.status, verdict.message, verdict)
            return
        self._strip_identity_headers(flow)
        if verdict.action == "redact" and verdict.body is not None:
            flow.request.headers.pop("content-encoding", None)
            flow.request.content = verdict.body  # also sets content-length
        if verdict.restore:  # the answer is rewritten as it streams: ask for it uncompressed
            flow.request.headers["accept-encoding"] = "identity"
        if verdict.fallbacks:
            await self._forward_with_failover(flow, state)

    async def _forward_with_failover(self, flow: http.HTTPFlow, state: FlowState) -> None:
        assert state.verdict is not None
        try:
            result = await failover.forward(flow.request, flow.request.raw_content or b"", state.route.api,
                                            state.verdict.fallbacks)
        except failover.FailoverExhausted as e:
            state.failover = {"answered_by": None, "attempts": [a.to_json() for a in e.attempts]}
            self._answer(flow, state.route, 502, f"llm-warden: {e}")
            return
        flow.response = result.response
        state.failover = result.to_json()

    def _observe(self, verdict: Verdict, state: FlowState) -> None:
        if verdict.record is not None:
            self.metrics.observe_decision(verdict.record, time.perf_counter() - state.started)
        engine = self.components.engine if self.components else None
        rate = getattr(engine, "cache_hit_rate", None)
        if isinstance(rate, float):
            self.metrics.cache_hit_rate.set(rate)
        if self.settings is not None and self.settings.notify and verdict.action in ("deny", "redact"):
            found = ", ".join(sorted({f["type"] for f in (verdict.record or {}).get("findings") or []}))
            ops.notify(f"llm-warden: request {'refused' if verdict.action == 'deny' else 'redacted'}",
                       f"{state.host}: {found or verdict.message[:120]}")

    async def _deny_on_error(self, flow: http.HTTPFlow, state: FlowState, error: Exception) -> None:
        message = f"llm-warden could not inspect this request ({type(error).__name__}); it was not forwarded"
        status = 503 if _is_audit_error(error) else 403
        self.metrics.errors.labels("audit" if status == 503 else type(error).__name__).inc()
        if status == 503:
            message = "llm-warden could not record this request durably (audit log unavailable); it was not forwarded"
        else:
            try:  # record the refusal if the log still works; never let this mask the refusal
                if self.gateway is not None:
                    await self.gateway.refuse(self._facts(flow, state), status, message)
            except Exception:
                log.exception("llm-warden: could not record the refusal")
        self._answer(flow, state.route, status, message)

    # -- response path --------------------------------------------------------------------------

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        state = self.flows.get(flow.id)
        if state is None:
            if flow.response is not None:
                self._maybe_stream_other(flow.response)
            return
        verdict, resp = state.verdict, flow.response
        if verdict is None or not verdict.forwarded or resp is None:
            return
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in _STREAM_TYPES:
            return  # buffered: restored in `response`
        if not verdict.restore:
            resp.stream = True
            return
        fmt = state.route.adapter.stream_kind(state.route.api)
        if ctype == "application/vnd.amazon.eventstream" or fmt == "none":
            resp.stream = True  # framing we cannot rewrite: placeholders stay placeholders
            return
        restorer = StreamRestorer(fmt, verdict.restore, ndjson=ctype == "application/x-ndjson")
        resp.stream = safe_stream(restorer)

    async def response(self, flow: http.HTTPFlow) -> None:
        state = self.flows.pop(flow.id, None)
        if state is None or state.verdict is None or not state.verdict.forwarded:
            return
        resp = flow.response
        if resp is not None and resp.status_code == 101:
            self.realtime.open(flow, state.host)
        try:
            if resp is not None and state.verdict.restore and resp.raw_content is not None:
                resp.content = restore_body(resp.headers.get("content-type", ""), resp.content or b"", state.verdict.restore)
        except Exception:
            log.exception("llm-warden: could not restore placeholders in the answer; sent as is")
        await self._outcome(flow, state, error=None)

    async def error(self, flow: http.HTTPFlow) -> None:
        state = self.flows.pop(flow.id, None)
        if state is not None and state.verdict is not None and state.verdict.forwarded:
            await self._outcome(flow, state, error=flow.error.msg if flow.error else "unknown error")

    # -- WebSocket LLM APIs (OpenAI Realtime): every client text frame is a decision -----------

    async def websocket_message(self, flow: http.HTTPFlow) -> None:
        if flow.id not in self.realtime.sessions and flow.websocket is not None:
            try:
                unseen = self._route(flow)[0] is not None
            except Exception:
                unseen = True
            if unseen:  # an LLM WebSocket whose session was never opened: nothing goes through
                log.error("llm-warden: dropping a frame of an uninspected WebSocket to %s", flow.request.host)
                flow.websocket.messages[-1].drop()
                return
        await self.realtime.message(flow)

    def websocket_end(self, flow: http.HTTPFlow) -> None:
        self.realtime.end(flow)

    async def _decide_frame(self, flow: http.HTTPFlow, state: FlowState, raw: bytes, is_text: bool) -> Verdict:
        """A client frame of a Realtime session, decided and recorded like a request."""
        if self.gateway is None:
            return Verdict("deny", 503, "llm-warden is not configured; LLM requests are refused")
        facts = self._facts(flow, state)
        facts.method, facts.raw = "WEBSOCKET", raw
        if is_text:
            verdict = await self.gateway.inspect(facts, None, "application/json")
        else:
            verdict = await self.gateway.refuse(facts, 403, "binary WebSocket frames to an LLM API cannot be inspected")
        _log_decision(verdict)
        self._observe(verdict, state)
        return verdict

    # -- helpers --------------------------------------------------------------------------------

    def _route(self, flow: http.HTTPFlow) -> tuple[Route | None, str]:
        """Recognise the provider from every name the client used for the destination: the
        connection target, the Host header and the TLS SNI (map_remote has not run yet)."""
        req = flow.request
        names = [(req.host, req.port)]
        if req.host_header:
            host, port = url.parse_authority(req.host_header, check=False)
            names.append((host, port or req.port))
        if flow.client_conn.sni:
            names.append((flow.client_conn.sni, req.port))
        for host, port in names:
            route = self.registry.match(host, req.path, req.method, port)
            if route is not None:
                return route, host.lower()
        return None, ""

    def _facts(self, flow: http.HTTPFlow, state: FlowState) -> RequestFacts:
        assert self.components is not None
        req = flow.request
        headers = {k.lower(): v for k, v in req.headers.items()}
        query = dict(req.query.items())
        auth = flow.metadata.get("proxyauth")
        identity = self.components.resolve_identity(
            headers=headers, client_ip=_peer(flow.client_conn),
            proxy_user=auth[0] if isinstance(auth, tuple) and auth else None,
            query=query)
        return RequestFacts(route=state.route, host=state.host, method=req.method,
                            path=req.path.split("?", 1)[0], query=query, headers=headers,
                            raw=req.raw_content or b"", identity=identity, flow_id=flow.id)

    def _strip_identity_headers(self, flow: http.HTTPFlow) -> None:
        assert self.settings is not None
        flow.request.headers.pop(self.settings.identity_header, None)

    def _answer(self, flow: http.HTTPFlow, route: Route | None, status: int, message: str,
                verdict: Verdict | None = None) -> None:
        adapter = route.adapter if route is not None else Adapter()
        body, extra = adapter.error_body(status, message)
        headers = {"content-type": "application/json", "x-llm-warden-decision": "deny", **extra}
        if verdict is not None and verdict.record is not None:
            headers["x-llm-warden-record"] = str(verdict.record.get("id", ""))
        if verdict is not None and verdict.retry_after:
            headers["retry-after"] = str(max(1, int(verdict.retry_after + 0.999)))
        flow.response = http.Response.make(status, json.dumps(body).encode(), headers)

    async def _outcome(self, flow: http.HTTPFlow, state: FlowState, error: str | None) -> None:
        if self.components is None or state.verdict is None or state.verdict.record is None:
            return
        resp = flow.response
        usage = None
        if resp is not None and resp.raw_content and "json" in resp.headers.get("content-type", ""):
            try:
                usage = _usage(json.loads(resp.content or b"{}"))
            except Exception:
                usage = None
        body = {
            "type": "outcome",
            "decision_id": state.verdict.record.get("id"),
            "decision_seq": state.verdict.record.get("seq"),
            "status": resp.status_code if resp is not None else None,
            "error": error,
            "usage": usage,
            "streamed": bool(resp is not None and resp.stream),
            "endpoint": f"{flow.request.scheme}://{flow.request.pretty_host}:{flow.request.port}",
            "failover": state.failover,
            "latency_ms": round((time.perf_counter() - state.started) * 1000, 2),
        }
        try:
            await self.components.audit.append(body)
        except Exception:
            log.exception("llm-warden: could not record the outcome of %s", flow.id)
        completion = _completion_tokens(usage)
        if completion and state.verdict.limit_key:
            try:  # the prompt estimate was charged before forwarding; the answer's tokens now
                await self.components.limiter.arecord_tokens(state.verdict.limit_key, completion)
            except Exception:
                log.exception("llm-warden: could not charge %s tokens to %s", completion, state.verdict.limit_key)

    def _maybe_stream_other(self, message: http.Message) -> None:
        """Honour stream_large_bodies for traffic that is not an LLM API call."""
        if self.stream_threshold is None:
            return
        length = message.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.stream_threshold:
            message.stream = True


def _log_decision(verdict: Verdict) -> None:
    """One line per decision for the operator: who, where, what was found, what happened."""
    r = verdict.record or {}
    who = (r.get("identity") or {}).get("user") or (r.get("identity") or {}).get("client_ip") or "?"
    t = r.get("target") or {}
    found = ",".join(sorted({f["type"] for f in r.get("findings") or []})) or "-"
    rule = (r.get("policy") or {}).get("rule") or "-"
    log.info("llm-warden %s %s -> %s/%s %s [%s] rule=%s seq=%s", verdict.action.upper(), who,
             t.get("provider"), t.get("model") or t.get("api"), verdict.status, found, rule, r.get("seq"))


def _usage(doc: Any) -> dict[str, Any] | None:
    if not isinstance(doc, dict):
        return None
    usage = doc.get("usage") or doc.get("usageMetadata")
    return usage if isinstance(usage, dict) else None


def _completion_tokens(usage: dict[str, Any] | None) -> int:
    if not usage:
        return 0
    for key in ("completion_tokens", "output_tokens", "candidatesTokenCount"):
        if isinstance(usage.get(key), int):
            return usage[key]
    return 0


def _peer(conn: Any) -> str | None:
    peer = getattr(conn, "peername", None)
    return peer[0] if peer else None


def _is_audit_error(error: Exception) -> bool:
    return isinstance(error, AuditWriteError)


addons = [Warden()]
