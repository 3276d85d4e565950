"""OpenAI's API family: chat completions, Responses, legacy completions, embeddings.

Also the shape spoken by Azure OpenAI and by the OpenAI-compatible hosts (Mistral, Groq, OpenRouter,
DeepSeek, Together, vLLM, LM Studio, ...), which subclass this adapter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..types import Segment
from . import pointer as jp
from .base import Adapter, Route, embedded_json, get_path, text_segment, walk_strings

#: path suffix → API name; matched on the end of the path so any prefix (/v1, /openai/v1,
#: /api/v1, /inference/v1, an Azure deployment) works.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("/chat/completions", "chat.completions"),
    ("/responses", "responses"),
    ("/completions", "completions"),
    ("/embeddings", "embeddings"),
    ("/moderations", "moderations"),
)


def chat_segments(doc: Any) -> Iterator[Segment]:
    """Messages of a chat-completions body: every role, content parts, names, tool calls."""
    messages = get_path(doc, "messages")
    if not isinstance(messages, list):
        return
    for i, msg in enumerate(messages):
        if not isinstance(msg, dict):
            continue
        base = jp.join("", "messages", i)
        role = msg.get("role") if isinstance(msg.get("role"), str) else "user"
        content = msg.get("content")
        if isinstance(content, str):
            yield from text_segment(content, base + "/content", role)
        elif isinstance(content, list):
            for j, part in enumerate(content):
                ptr = jp.join(base, "content", j)
                if isinstance(part, str):
                    yield from text_segment(part, ptr, role)
                elif isinstance(part, dict):
                    for key in ("text", "refusal"):
                        yield from text_segment(part.get(key), jp.join(ptr, key), role)
        yield from text_segment(msg.get("name"), base + "/name", role)
        yield from text_segment(msg.get("refusal"), base + "/refusal", role)
        for j, call in enumerate(msg.get("tool_calls") or []):
            fn = get_path(call, "function")
            if isinstance(fn, dict):
                ptr = jp.join(base, "tool_calls", j, "function")
                yield from embedded_json(fn.get("arguments"), ptr + "/arguments", "tool_args")
        fn = msg.get("function_call")
        if isinstance(fn, dict):
            yield from embedded_json(fn.get("arguments"), base + "/function_call/arguments", "tool_args")


def responses_segments(doc: Any) -> Iterator[Segment]:
    """Responses API: ``instructions`` and ``input`` (a string or a list of items)."""
    yield from text_segment(get_path(doc, "instructions"), "/instructions", "system")
    items = get_path(doc, "input")
    if isinstance(items, str):
        yield from text_segment(items, "/input", "user")
        return
    if not isinstance(items, list):
        return
    for i, item in enumerate(items):
        base = jp.join("", "input", i)
        if isinstance(item, str):
            yield from text_segment(item, base, "user")
            continue
        if not isinstance(item, dict):
            continue
        kind = item.get("type", "message")
        role = item.get("role") if isinstance(item.get("role"), str) else "user"
        if kind == "message" or "content" in item:
            content = item.get("content")
            if isinstance(content, str):
                yield from text_segment(content, base + "/content", role)
            elif isinstance(content, list):
                for j, part in enumerate(content):
                    if isinstance(part, dict):
                        yield from text_segment(part.get("text"), jp.join(base, "content", j, "text"), role)
        if kind in ("function_call", "custom_tool_call"):
            yield from embedded_json(item.get("arguments"), base + "/arguments", "tool_args")
            yield from text_segment(item.get("input"), base + "/input", "tool_args")
        if kind in ("function_call_output", "custom_tool_call_output", "computer_call_output"):
            output = item.get("output")
            if isinstance(output, str):
                yield from embedded_json(output, base + "/output", "tool_result")
            else:
                yield from walk_strings(output, base + "/output", "tool_result")


def prompt_segments(node: Any, ptr: str, role: str) -> Iterator[Segment]:
    """``prompt`` / ``input`` of completions and embeddings: a string, strings, or token arrays."""
    if isinstance(node, str):
        yield from text_segment(node, ptr, role)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, str):
                yield from text_segment(item, jp.join(ptr, i), role)
            elif isinstance(item, dict):  # moderation / multimodal inputs
                yield from text_segment(item.get("text"), jp.join(ptr, i, "text"), role)


class OpenAIAdapter(Adapter):
    name = "openai"
    stream_format = "openai"

    def route(self, method: str, path: str) -> Route | None:
        clean = path.split("?", 1)[0].rstrip("/")
        for suffix, api in _SUFFIXES:
            if clean.endswith(suffix):
                return Route(self, api)
        return None

    def segments(self, api: str, doc: Any) -> list[Segment]:
        if not isinstance(doc, dict):
            return list(walk_strings(doc, "", "content"))
        if api == "chat.completions":
            return list(chat_segments(doc))
        if api == "responses":
            return list(responses_segments(doc))
        if api == "completions":
            return [*prompt_segments(doc.get("prompt"), "/prompt", "user"),
                    *text_segment(doc.get("suffix"), "/suffix", "user")]
        if api in ("embeddings", "moderations"):
            return list(prompt_segments(doc.get("input"), "/input", "input"))
        return list(walk_strings(doc, "", "content"))

    def stream_kind(self, api: str) -> str:
        return "openai_responses" if api == "responses" else "openai"


_AZURE_DEPLOYMENT = re.compile(r"^/openai/deployments/(?P<dep>[^/]+)/(?P<rest>.+)$")


class AzureOpenAIAdapter(OpenAIAdapter):
    """Azure OpenAI: ``/openai/deployments/{deployment}/chat/completions?api-version=...``.

    The deployment name stands in for the model (the body usually has none).
    """

    name = "azure_openai"

    def route(self, method: str, path: str) -> Route | None:
        clean = path.split("?", 1)[0].rstrip("/")
        m = _AZURE_DEPLOYMENT.match(clean)
        base = super().route(method, path)
        if base is None:
            return None
        return Route(self, base.api, m.group("dep") if m else None)


class OpenAICompatibleAdapter(OpenAIAdapter):
    """A host that speaks OpenAI's wire format under its own name (Mistral, Groq, vLLM, ...)."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property  # type: ignore[override]
    def name(self) -> str:  # noqa: D401 - the provider recorded for this host
        return self._name
