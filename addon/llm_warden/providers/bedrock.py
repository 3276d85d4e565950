"""Amazon Bedrock runtime: Converse / ConverseStream and InvokeModel (model-specific bodies).

The model id is in the path (``/model/{modelId}/converse``), URL-encoded when it is an ARN.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from ..types import Segment
from . import pointer as jp
from .anthropic import messages_segments
from .base import Adapter, Route, text_segment, walk_strings

_PATH = re.compile(r"^/model/(?P<model>[^/]+)/(?P<op>converse|converse-stream|invoke|invoke-with-response-stream)$")
_ERRORS = {400: "ValidationException", 403: "AccessDeniedException", 407: "AccessDeniedException",
           413: "ValidationException", 429: "ThrottlingException", 503: "ServiceUnavailableException"}


def converse_blocks(blocks: Any, base: str, role: str) -> Iterator[Segment]:
    if not isinstance(blocks, list):
        return
    for j, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        ptr = jp.join(base, j)
        yield from text_segment(block.get("text"), ptr + "/text", role)
        if isinstance(block.get("toolUse"), dict):
            yield from walk_strings(block["toolUse"].get("input"), ptr + "/toolUse/input", "tool_args")
        if isinstance(block.get("toolResult"), dict):
            content = block["toolResult"].get("content")
            if isinstance(content, list):
                for k, item in enumerate(content):
                    if isinstance(item, dict):
                        yield from text_segment(item.get("text"), jp.join(ptr, "toolResult", "content", k, "text"), "tool_result")
                        yield from walk_strings(item.get("json"), jp.join(ptr, "toolResult", "content", k, "json"), "tool_result")


def converse_segments(doc: Any) -> Iterator[Segment]:
    if not isinstance(doc, dict):
        return
    yield from converse_blocks(doc.get("system"), "/system", "system")
    for i, msg in enumerate(doc.get("messages") or []):
        if isinstance(msg, dict):
            role = msg.get("role") if isinstance(msg.get("role"), str) else "user"
            yield from converse_blocks(msg.get("content"), jp.join("", "messages", i, "content"), role)


class BedrockAdapter(Adapter):
    name = "bedrock"
    stream_format = "none"  # AWS event-stream framing: placeholders are not restored in it

    def route(self, method: str, path: str) -> Route | None:
        clean = path.split("?", 1)[0].rstrip("/")
        m = _PATH.match(clean)
        if not m:
            return None
        return Route(self, m.group("op"), unquote(m.group("model")))

    def segments(self, api: str, doc: Any) -> list[Segment]:
        if api.startswith("converse"):
            return list(converse_segments(doc))
        if isinstance(doc, dict) and "messages" in doc and "anthropic_version" in doc:
            return list(messages_segments(doc))
        # InvokeModel bodies differ per model family (Titan inputText, Llama prompt, Cohere message...):
        # every string leaf is prompt text until proven otherwise.
        return list(walk_strings(doc, "", "user"))

    def error_body(self, status: int, message: str) -> tuple[dict[str, Any], dict[str, str]]:
        kind = _ERRORS.get(status, "AccessDeniedException")
        return ({"message": message, "__type": kind}, {"x-amzn-ErrorType": kind})
