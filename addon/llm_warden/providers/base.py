"""What every provider adapter offers: segments out of a body, the model, and the error format.

An adapter knows one API family. It never changes the body itself: it names where the text is
(JSON pointers), and the redactor writes back through those same pointers, so whatever the
provider requires of the rest of the document stays as the client sent it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from ..types import Segment
from . import pointer as jp


@dataclass(frozen=True, slots=True)
class Route:
    """The result of matching a request to an adapter: which API of that family it calls."""

    adapter: "Adapter"
    api: str
    path_model: str | None = None  # a model named in the path (Azure deployment, Gemini, Bedrock)


class Adapter:
    """Base class for an API family. Subclasses override ``route`` and ``segments``."""

    #: provider family name recorded in ``target.provider``
    name: ClassVar[str] = "generic"
    #: how streamed answers are framed, for placeholder restoration
    stream_format: ClassVar[str] = "none"

    def route(self, method: str, path: str) -> Route | None:
        """Which API ``path`` calls, or ``None`` when this family doesn't know it."""
        return None

    def segments(self, api: str, doc: Any) -> list[Segment]:
        """Every piece of prompt text in ``doc``, with its pointer."""
        return list(walk_strings(doc, "", "content"))

    def model(self, route: Route, doc: Any) -> str | None:
        if route.path_model:
            return route.path_model
        if isinstance(doc, dict) and isinstance(doc.get("model"), str):
            return doc["model"]
        return None

    def stream_kind(self, api: str) -> str:
        """The framing of a streamed answer to ``api`` (see ``redact.StreamRestorer``)."""
        return self.stream_format

    def error_body(self, status: int, message: str) -> tuple[dict[str, Any], dict[str, str]]:
        """The provider's own error JSON (and extra headers) for a refusal by the gateway."""
        kind = {400: "invalid_request_error", 403: "permission_denied", 407: "proxy_auth_required",
                413: "request_too_large", 429: "rate_limit_exceeded", 503: "service_unavailable"}
        return (
            {"error": {"message": message, "type": kind.get(status, "llm_warden_error"),
                       "code": "llm_warden_" + kind.get(status, "error"), "param": None}},
            {},
        )


# -- helpers shared by adapters ------------------------------------------------------------------


def walk_strings(node: Any, ptr: str, role: str) -> Iterator[Segment]:
    """Every non-empty string leaf under ``node`` (object keys are left alone: they are schema)."""
    if isinstance(node, str):
        if node.strip():
            yield Segment(ptr, node, role)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk_strings(value, jp.join(ptr, key), role)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk_strings(value, jp.join(ptr, i), role)


def text_segment(node: Any, ptr: str, role: str) -> Iterator[Segment]:
    """A single string field, if present and non-empty."""
    if isinstance(node, str) and node.strip():
        yield Segment(ptr, node, role)


def embedded_json(node: Any, ptr: str, role: str) -> Iterator[Segment]:
    """A string that holds a JSON document (tool-call arguments): segments of its decoded strings.

    When the string is not valid JSON (models do emit truncated arguments) it is scanned as text.
    """
    if not isinstance(node, str) or not node.strip():
        return
    try:
        inner = json.loads(node)
    except ValueError:
        yield Segment(ptr, node, role)
        return
    if isinstance(inner, (dict, list)):
        yield from walk_strings(inner, ptr + "#", role)
    elif isinstance(inner, str):
        yield from text_segment(inner, ptr + "#", role)


def get_path(doc: Any, *keys: str | int) -> Any:
    node = doc
    for key in keys:
        if isinstance(node, dict) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node
