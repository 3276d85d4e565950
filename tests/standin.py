"""A stand-in LLM provider on loopback, speaking OpenAI, Anthropic and Gemini wire formats.

Real provider APIs are out of reach from the test machines, so the end-to-end tests point the
proxy here with mitmproxy's ``map_remote``. The stand-in answers by echoing the last user text
("echo: ..."), which is what lets a test see both sides of redaction: the stand-in records the
placeholders it received, and the client gets the original values back. Streamed answers are cut
into 3-character pieces so placeholders are split across events.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class StandIn:
    server: ThreadingHTTPServer
    thread: threading.Thread
    received: list[Received] = field(default_factory=list)
    piece: int = 3
    delay: float = 0.0  # between streamed events
    first_delay: float = 0.0  # before the first streamed event
    fail_status: int | None = None
    streams_done: int = 0  # streamed answers whose last byte has been written

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def clear(self) -> None:
        self.received.clear()

    def all_bytes(self) -> bytes:
        return b"\n".join(r.body + json.dumps(r.headers).encode() + r.path.encode() for r in self.received)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def last_user_text(doc: Any) -> str:
    """The text the stand-in echoes: the last user message in whichever format arrived."""
    if not isinstance(doc, dict):
        return ""
    if isinstance(doc.get("input"), str):
        return doc["input"]
    if isinstance(doc.get("input"), list) and doc["input"] and isinstance(doc["input"][0], str):
        return doc["input"][-1]
    for msg in reversed(doc.get("messages") or doc.get("input") or []):
        if isinstance(msg, dict) and msg.get("role") in ("user", "tool"):
            content = msg.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return " ".join(p.get("text", "") if isinstance(p.get("text"), str)
                                else (p.get("content") if isinstance(p.get("content"), str) else "")
                                for p in content if isinstance(p, dict))
    for content in reversed(doc.get("contents") or []):
        parts = content.get("parts") or []
        return " ".join(p.get("text", "") for p in parts if isinstance(p, dict))
    return ""


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self._record(b"")
            self._json(200, {"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model"}]})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            self._record(body)
            if state.fail_status:
                self._json(state.fail_status, {"error": {"message": "stand-in failure", "type": "server_error"}})
                return
            try:
                doc = json.loads(body) if body else {}
            except ValueError:
                self._json(400, {"error": {"message": "stand-in got invalid JSON", "type": "invalid_request_error"}})
                return
            text = "echo: " + last_user_text(doc)
            path = self.path.split("?")[0]
            stream = doc.get("stream") is True or ":streamGenerateContent" in path
            if path.endswith("/chat/completions"):
                self._openai_chat(doc, text, stream)
            elif path.endswith("/embeddings"):
                inputs = doc.get("input")
                n = len(inputs) if isinstance(inputs, list) else 1
                self._json(200, {"object": "list", "model": doc.get("model"),
                                 "data": [{"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]}
                                          for i in range(n)],
                                 "usage": {"prompt_tokens": 3, "total_tokens": 3}})
            elif path.endswith("/responses"):
                self._json(200, {"id": "resp_1", "object": "response", "status": "completed",
                                 "model": doc.get("model"), "created_at": int(time.time()),
                                 "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                                             "content": [{"type": "output_text", "text": text, "annotations": []}]}],
                                 "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10}})
            elif path.endswith("/messages"):
                self._anthropic(doc, text, stream)
            elif ":generateContent" in path or ":streamGenerateContent" in path:
                self._gemini(text, stream)
            else:
                self._json(200, {"ok": True, "echo": text})

        # -- formats ------------------------------------------------------------------------

        def _openai_chat(self, doc: dict[str, Any], text: str, stream: bool) -> None:
            base = {"id": "chatcmpl-1", "created": int(time.time()), "model": doc.get("model", "gpt-4o-mini")}
            if not stream:
                self._json(200, {**base, "object": "chat.completion",
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": text}}],
                                 "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}})
                return
            events = [{**base, "object": "chat.completion.chunk",
                       "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}]
            events += [{**base, "object": "chat.completion.chunk",
                        "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                       for piece in self._pieces(text)]
            events.append({**base, "object": "chat.completion.chunk",
                           "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            self._sse([(None, e) for e in events] + [(None, "[DONE]")])

        def _anthropic(self, doc: dict[str, Any], text: str, stream: bool) -> None:
            msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": doc.get("model", "claude"),
                   "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}
            if not stream:
                self._json(200, {**msg, "content": [{"type": "text", "text": text}], "stop_reason": "end_turn"})
                return
            events: list[tuple[str | None, Any]] = [("message_start", {"type": "message_start", "message": {**msg, "content": []}})]
            events.append(("content_block_start", {"type": "content_block_start", "index": 0,
                                                   "content_block": {"type": "text", "text": ""}}))
            events += [("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                 "delta": {"type": "text_delta", "text": p}}) for p in self._pieces(text)]
            events.append(("content_block_stop", {"type": "content_block_stop", "index": 0}))
            events.append(("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                             "usage": {"output_tokens": 5}}))
            events.append(("message_stop", {"type": "message_stop"}))
            self._sse(events)

        def _gemini(self, text: str, stream: bool) -> None:
            def cand(t: str, done: bool) -> dict[str, Any]:
                c: dict[str, Any] = {"content": {"role": "model", "parts": [{"text": t}]}, "index": 0}
                if done:
                    c["finishReason"] = "STOP"
                return {"candidates": [c], "usageMetadata": {"promptTokenCount": 5, "totalTokenCount": 10}}
            if not stream:
                self._json(200, cand(text, True))
                return
            pieces = self._pieces(text)
            self._sse([(None, cand(p, i == len(pieces) - 1)) for i, p in enumerate(pieces)])

        # -- plumbing ----------------------------------------------------------------------------

        def _pieces(self, text: str) -> list[str]:
            return [text[i:i + state.piece] for i in range(0, len(text), state.piece)] or [""]

        def _record(self, body: bytes) -> None:
            state.received.append(Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))

        def _json(self, status: int, doc: Any) -> None:
            data = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _sse(self, events: list[tuple[str | None, Any]]) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            if state.first_delay:
                time.sleep(state.first_delay)
            try:
                self._write_events(events)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client stopped reading: a normal end for a streamed answer

        def _write_events(self, events: list[tuple[str | None, Any]]) -> None:
            for name, data in events:
                payload = data if isinstance(data, str) else json.dumps(data)
                frame = (f"event: {name}\n" if name else "") + f"data: {payload}\n\n"
                raw = frame.encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(raw), raw))
                self.wfile.flush()
                if state.delay:
                    time.sleep(state.delay)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            state.streams_done += 1

    return Handler


def start() -> StandIn:
    holder: dict[str, StandIn] = {}

    class Server(ThreadingHTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), lambda *a: _handler(holder["s"])(*a))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    state = StandIn(server, thread)
    holder["s"] = state
    thread.start()
    return state
