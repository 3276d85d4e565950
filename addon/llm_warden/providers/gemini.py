"""Google Gemini (Generative Language API and Vertex AI): generateContent and friends.

The model and the method are in the path: ``/v1beta/models/gemini-2.0-flash:streamGenerateContent``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..types import Segment
from . import pointer as jp
from .base import Adapter, Route, text_segment, walk_strings

_PATH = re.compile(r"/models/(?P<model>[^/:]+):(?P<method>[A-Za-z]+)$")
_STATUS = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 407: "UNAUTHENTICATED",
           413: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED", 503: "UNAVAILABLE"}


def content_segments(content: Any, base: str, default_role: str) -> Iterator[Segment]:
    if not isinstance(content, dict):
        return
    role = content.get("role") if isinstance(content.get("role"), str) else default_role
    parts = content.get("parts")
    if not isinstance(parts, list):
        return
    for j, part in enumerate(parts):
        if not isinstance(part, dict):
            continue
        ptr = jp.join(base, "parts", j)
        yield from text_segment(part.get("text"), ptr + "/text", role)
        call = part.get("functionCall")
        if isinstance(call, dict):
            yield from walk_strings(call.get("args"), ptr + "/functionCall/args", "tool_args")
        resp = part.get("functionResponse")
        if isinstance(resp, dict):
            yield from walk_strings(resp.get("response"), ptr + "/functionResponse/response", "tool_result")


def generate_segments(doc: Any) -> Iterator[Segment]:
    if not isinstance(doc, dict):
        return
    for key in ("systemInstruction", "system_instruction"):
        yield from content_segments(doc.get(key), "/" + key, "system")
    contents = doc.get("contents")
    if isinstance(contents, list):
        for i, content in enumerate(contents):
            yield from content_segments(content, jp.join("", "contents", i), "user")
    elif isinstance(contents, dict):
        yield from content_segments(contents, "/contents", "user")


class GeminiAdapter(Adapter):
    name = "gemini"
    stream_format = "gemini"

    def route(self, method: str, path: str) -> Route | None:
        clean = path.split("?", 1)[0].rstrip("/")
        m = _PATH.search(clean)
        if not m:
            return None
        return Route(self, m.group("method"), m.group("model"))

    def segments(self, api: str, doc: Any) -> list[Segment]:
        if api in ("generateContent", "streamGenerateContent", "countTokens"):
            segs = list(generate_segments(doc))
            if api == "countTokens" and isinstance(doc, dict) and isinstance(doc.get("generateContentRequest"), dict):
                inner = doc["generateContentRequest"]
                segs += [s.__class__("/generateContentRequest" + s.pointer, s.text, s.role)
                         for s in generate_segments(inner)]
            return segs
        if api == "embedContent" and isinstance(doc, dict):
            return list(content_segments(doc.get("content"), "/content", "input"))
        if api == "batchEmbedContents" and isinstance(doc, dict):
            out: list[Segment] = []
            for i, req in enumerate(doc.get("requests") or []):
                if isinstance(req, dict):
                    out += content_segments(req.get("content"), jp.join("", "requests", i, "content"), "input")
            return out
        return list(walk_strings(doc, "", "content"))

    def error_body(self, status: int, message: str) -> tuple[dict[str, Any], dict[str, str]]:
        return ({"error": {"code": status, "message": message, "status": _STATUS.get(status, "UNKNOWN")}}, {})
