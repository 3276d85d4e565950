"""OpenAI Realtime (and Azure's): JSON events over a WebSocket, each inspected like a request.

Only events that carry text the user or the application wrote are segmented: instructions,
conversation items (text, transcripts, function-call arguments and outputs) and the input of
``response.create``. Audio buffers are base64 sound, not text, and pass as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..types import Segment
from . import pointer as jp
from .base import Route, embedded_json, text_segment
from .openai import OpenAIAdapter

#: events a client sends that carry no text
_SILENT = {"input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
           "response.cancel", "conversation.item.truncate", "conversation.item.delete",
           "conversation.item.retrieve", "output_audio_buffer.clear"}


def item_segments(item: Any, base: str) -> Iterator[Segment]:
    if not isinstance(item, dict):
        return
    role = item.get("role") if isinstance(item.get("role"), str) else "user"
    content = item.get("content")
    if isinstance(content, list):
        for j, part in enumerate(content):
            if isinstance(part, dict):
                for key in ("text", "transcript"):
                    yield from text_segment(part.get(key), jp.join(base, "content", j, key), role)
    kind = item.get("type")
    if kind == "function_call":
        yield from embedded_json(item.get("arguments"), base + "/arguments", "tool_args")
    if kind == "function_call_output":
        yield from embedded_json(item.get("output"), base + "/output", "tool_result")


#: client events of the Realtime API whose text lives where ``event_segments`` looks
_KNOWN = {"session.update", "transcription_session.update", "conversation.item.create", "response.create"}
#: fields of unknown events that hold sound or media, not text
_MEDIA_KEYS = {"audio", "data", "inlineData", "inline_data", "mimeType", "mime_type"}


def _text_leaves(node: Any, ptr: str) -> Iterator[Segment]:
    """Every string leaf except media payloads: for WebSocket protocols we do not know."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _MEDIA_KEYS:
                yield from _text_leaves(value, jp.join(ptr, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _text_leaves(value, jp.join(ptr, i))
    elif isinstance(node, str) and node.strip():
        yield Segment(ptr, node, "user")


def event_segments(event: Any) -> list[Segment]:
    if isinstance(event, dict) and event.get("type") in _SILENT:
        return []
    if not isinstance(event, dict) or event.get("type") not in _KNOWN:
        # Another WebSocket LLM protocol (Gemini Live, Azure variants, a new event type): scan
        # every text leaf rather than let an unfamiliar shape through unread.
        return list(_text_leaves(event, ""))
    out: list[Segment] = []
    for key in ("session", "response"):
        block = event.get(key)
        if isinstance(block, dict):
            out += text_segment(block.get("instructions"), f"/{key}/instructions", "system")
            for i, item in enumerate(block.get("input") or []):
                out += item_segments(item, jp.join("", key, "input", i))
    out += item_segments(event.get("item"), "/item")
    return out


class RealtimeAdapter(OpenAIAdapter):
    """Segments one client event of a Realtime session; errors go back as Realtime error events."""

    name = "openai"
    stream_format = "openai_responses"

    def route(self, method: str, path: str) -> Route | None:
        return Route(self, "realtime") if path.split("?", 1)[0].rstrip("/").endswith("/realtime") else None

    def segments(self, api: str, doc: Any) -> list[Segment]:
        return event_segments(doc)

    def error_event(self, message: str, event_id: str | None = None) -> dict[str, Any]:
        return {"type": "error", "error": {"type": "invalid_request_error", "code": "llm_warden_denied",
                                           "message": message, "event_id": event_id}}
