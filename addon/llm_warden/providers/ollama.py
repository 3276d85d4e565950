"""Ollama's native API: ``/api/chat``, ``/api/generate``, ``/api/embed`` (NDJSON streaming)."""

from __future__ import annotations

from typing import Any

from ..types import Segment
from . import pointer as jp
from .base import Adapter, Route, text_segment, walk_strings
from .openai import prompt_segments


class OllamaAdapter(Adapter):
    name = "ollama"
    stream_format = "ndjson"

    def route(self, method: str, path: str) -> Route | None:
        clean = path.split("?", 1)[0].rstrip("/")
        for api in ("chat", "generate", "embed", "embeddings"):
            if clean == "/api/" + api:
                return Route(self, api)
        return None

    def segments(self, api: str, doc: Any) -> list[Segment]:
        if not isinstance(doc, dict):
            return list(walk_strings(doc, "", "content"))
        if api == "chat":
            out: list[Segment] = []
            for i, msg in enumerate(doc.get("messages") or []):
                if not isinstance(msg, dict):
                    continue
                role = msg.get("role") if isinstance(msg.get("role"), str) else "user"
                base = jp.join("", "messages", i)
                out += text_segment(msg.get("content"), base + "/content", role)
                for j, call in enumerate(msg.get("tool_calls") or []):
                    args = call.get("function", {}).get("arguments") if isinstance(call, dict) else None
                    out += walk_strings(args, jp.join(base, "tool_calls", j, "function", "arguments"), "tool_args")
            return out
        if api == "generate":
            return [*text_segment(doc.get("system"), "/system", "system"),
                    *text_segment(doc.get("prompt"), "/prompt", "user"),
                    *text_segment(doc.get("suffix"), "/suffix", "user")]
        if api == "embed":
            return list(prompt_segments(doc.get("input"), "/input", "input"))
        if api == "embeddings":
            return list(text_segment(doc.get("prompt"), "/prompt", "input"))
        return list(walk_strings(doc, "", "content"))

    def error_body(self, status: int, message: str) -> tuple[dict[str, Any], dict[str, str]]:
        return ({"error": message}, {})
