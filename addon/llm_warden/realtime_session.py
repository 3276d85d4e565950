"""WebSocket LLM APIs (OpenAI Realtime): each client text frame is a decision.

A frame the policy denies is dropped and the client gets a Realtime ``error`` event with the
reason; a redacted frame goes on rewritten, and the placeholders it put out are restored in the
server's frames, split placeholders included (the same ``StreamRestorer`` as for SSE).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mitmproxy import ctx, http

from .gateway import FlowState, Verdict
from .providers.base import Route
from .providers.realtime import RealtimeAdapter
from .redact import StreamRestorer

log = logging.getLogger("llm_warden")

#: decides one client frame: (flow, state, raw bytes, is text) → verdict (recorded)
DecideFrame = Callable[[http.HTTPFlow, FlowState, bytes, bool], Awaitable[Verdict]]


class Session:
    """One Realtime connection: its route, and the placeholders its client frames put out."""

    def __init__(self, route: Route, host: str) -> None:
        self.route, self.host = route, host
        self.restore: dict[str, str] = {}
        self.restorer: StreamRestorer | None = None


class RealtimeSessions:
    def __init__(self, decide: DecideFrame) -> None:
        self.decide = decide
        self.sessions: dict[str, Session] = {}
        self.adapter = RealtimeAdapter()

    def open(self, flow: http.HTTPFlow, host: str) -> None:
        model = flow.request.query.get("model") or flow.request.query.get("deployment")
        self.sessions[flow.id] = Session(Route(self.adapter, "realtime", model), host)

    def end(self, flow: http.HTTPFlow) -> None:
        self.sessions.pop(flow.id, None)

    async def message(self, flow: http.HTTPFlow) -> None:
        session = self.sessions.get(flow.id)
        if session is None or flow.websocket is None:
            return
        message = flow.websocket.messages[-1]
        if message.injected:
            return
        if not message.from_client:
            self._restore(flow, session, message)
            return
        try:
            verdict = await self.decide(flow, FlowState(session.route, session.host), message.content,
                                        message.is_text)
        except Exception as e:  # fail closed: the frame is dropped, the client told why
            log.exception("llm-warden: error while inspecting a WebSocket frame")
            message.drop()
            self._error(flow, f"llm-warden could not inspect this message ({type(e).__name__}); it was not forwarded")
            return
        if not verdict.forwarded:
            message.drop()
            self._error(flow, verdict.message)
        elif verdict.action == "redact" and verdict.body is not None:
            message.content = verdict.body
            session.restore.update(verdict.restore)

    def _restore(self, flow: http.HTTPFlow, session: Session, message: Any) -> None:
        if not session.restore or not message.is_text:
            return
        try:
            if session.restorer is None:
                session.restorer = StreamRestorer("openai_responses", session.restore, ndjson=True)
            frames = [f for f in session.restorer(message.content + b"\n").split(b"\n") if f]
            for held_back in frames[:-1]:  # text held back from earlier frames goes out first
                ctx.master.commands.call("inject.websocket", flow, True, held_back, True)
            message.content = frames[-1] if frames else b""
        except Exception:
            log.exception("llm-warden: could not restore placeholders in a WebSocket frame; sent as is")

    def _error(self, flow: http.HTTPFlow, text: str) -> None:
        event = self.adapter.error_event(text)
        ctx.master.commands.call("inject.websocket", flow, True, json.dumps(event).encode(), True)
