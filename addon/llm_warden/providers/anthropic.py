"""Anthropic Messages (and the legacy Text Completions) API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..types import Segment
from . import pointer as jp
from .base import Adapter, Route, text_segment, walk_strings

_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                404: "not_found_error", 407: "authentication_error", 413: "request_too_large",
                429: "rate_limit_error", 503: "api_error"}


def block_segments(blocks: Any, base: str, role: str) -> Iterator[Segment]:
    """Content blocks: text, tool_use input, tool_result content, documents."""
    if isinstance(blocks, str):
        yield from text_segment(blocks, base, role)
        return
    if not isinstance(blocks, list):
        return
    for j, block in enumerate(blocks):
        ptr = jp.join(base, j)
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        if kind == "text":
            yield from text_segment(block.get("text"), ptr + "/text", role)
        elif kind in ("tool_use", "server_tool_use"):
            yield from walk_strings(block.get("input"), ptr + "/input", "tool_args")
        elif kind == "tool_result":
            yield from block_segments(block.get("content"), ptr + "/content", "tool_result")
        elif kind == "document":
            source = block.get("source")
            if isinstance(source, dict) and source.get("type") == "text":
                yield from text_segment(source.get("data"), ptr + "/source/data", role)
            elif isinstance(source, dict) and source.get("type") == "content":
                yield from block_segments(source.get("content"), ptr + "/source/content", role)
            yield from text_segment(block.get("context"), ptr + "/context", role)
            yield from text_segment(block.get("title"), ptr + "/title", role)


def messages_segments(doc: Any) -> Iterator[Segment]:
    if not isinstance(doc, dict):
        return
    yield from block_segments(doc.get("system"), "/system", "system")
    messages = doc.get("messages")
    if isinstance(messages, list):
        for i, msg in enumerate(messages):
            if isinstance(msg, dict):
                role = msg.get("role") if isinstance(msg.get("role"), str) else "user"
                yield from block_segments(msg.get("content"), jp.join("", "messages", i, "content"), role)


class AnthropicAdapter(Adapter):
    name = "anthropic"
    stream_format = "anthropic"

    def route(self, method: str, path: str) -> Route | None:
        clean = path.split("?", 1)[0].rstrip("/")
        if clean.endswith("/messages/count_tokens"):
            return Route(self, "messages.count_tokens")
        if clean.endswith("/messages"):
            return Route(self, "messages")
        if clean.endswith("/complete"):
            return Route(self, "complete")
        return None

    def segments(self, api: str, doc: Any) -> list[Segment]:
        if api.startswith("messages"):
            return list(messages_segments(doc))
        if api == "complete" and isinstance(doc, dict):
            return list(text_segment(doc.get("prompt"), "/prompt", "user"))
        return list(walk_strings(doc, "", "content"))

    def error_body(self, status: int, message: str) -> tuple[dict[str, Any], dict[str, str]]:
        return ({"type": "error", "error": {"type": _ERROR_TYPES.get(status, "api_error"), "message": message}}, {})
