"""Data-class-aware failover: when the provider fails, try the endpoints the rule permits.

The policy engine has already filtered a rule's fallbacks down to the endpoints allowed for the
data classes found, so this module never widens where data may go: it only walks that list, in
order, when the primary answers 5xx/429 or cannot be reached. A request with fallbacks is sent by
the warden's own client (mitmproxy cannot retry a flow upstream once its connection failed), so
its answer is buffered; requests without fallbacks stream as usual.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from mitmproxy import http

#: API name → the path suffix appended to an endpoint's base URL
API_SUFFIX = {
    "chat.completions": "/chat/completions",
    "responses": "/responses",
    "completions": "/completions",
    "embeddings": "/embeddings",
    "messages": "/messages",
}
_HOP = {"host", "content-length", "connection", "transfer-encoding", "keep-alive", "proxy-authorization",
        "proxy-connection", "te", "upgrade", "accept-encoding"}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 529})


@dataclass(slots=True)
class Attempt:
    endpoint: str
    url: str
    status: int | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "url": self.url, "status": self.status, "error": self.error}


@dataclass(slots=True)
class FailoverResult:
    response: http.Response
    answered_by: str
    attempts: list[Attempt] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"answered_by": self.answered_by, "attempts": [a.to_json() for a in self.attempts]}


def fallback_url(endpoint: dict[str, Any], api: str, query: str) -> str:
    base = str(endpoint["url"]).rstrip("/")
    suffix = API_SUFFIX.get(api)
    if suffix is None:
        raise ValueError(f"failover is not supported for the {api!r} API")
    return base + suffix + (f"?{query}" if query else "")


def _headers(request: http.Request, endpoint: dict[str, Any] | None) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP}
    if endpoint is None:
        return headers
    env = endpoint.get("api_key_env")
    if env:
        key = os.environ.get(env)
        if not key:
            raise ValueError(f"fallback endpoint {endpoint['name']!r}: environment variable {env} is not set")
        for name in [k for k in headers if k.lower() in ("authorization", "x-api-key", "api-key")]:
            headers.pop(name)
        provider = endpoint.get("provider", "openai")
        if provider == "anthropic":
            headers["x-api-key"] = key
        elif provider == "azure_openai":
            headers["api-key"] = key
        else:
            headers["authorization"] = f"Bearer {key}"
    headers.update({str(k): str(v) for k, v in (endpoint.get("headers") or {}).items()})
    return headers


def _body(body: bytes, endpoint: dict[str, Any] | None) -> bytes:
    if endpoint is None or not endpoint.get("model") or not body:
        return body
    doc = json.loads(body)
    if isinstance(doc, dict) and "model" in doc:
        doc["model"] = endpoint["model"]
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    return body


async def forward(request: http.Request, body: bytes, api: str, fallbacks: list[dict[str, Any]],
                  *, timeout: float = 120.0) -> FailoverResult:
    """Send to the primary, then to each permitted fallback, until one answers."""
    query = urlsplit(request.url).query
    candidates: list[tuple[str, str, dict[str, Any] | None]] = [("primary", request.url, None)]
    for ep in fallbacks:
        candidates.append((str(ep.get("name", ep["url"])), fallback_url(ep, api, query), ep))
    attempts: list[Attempt] = []
    async with httpx.AsyncClient(trust_env=False, timeout=timeout) as client:
        for i, (name, url, ep) in enumerate(candidates):
            attempt = Attempt(name, url.split("?", 1)[0])
            attempts.append(attempt)
            try:
                r = await client.request(request.method, url, content=_body(body, ep), headers=_headers(request, ep))
            except httpx.HTTPError as e:
                attempt.error = f"{type(e).__name__}: {e}"[:300]
                continue
            attempt.status = r.status_code
            if r.status_code in RETRY_STATUSES and i < len(candidates) - 1:
                continue
            headers = [(k.encode(), v.encode()) for k, v in r.headers.items()
                       if k.lower() not in ("content-encoding", "content-length", "transfer-encoding", "connection")]
            resp = http.Response.make(r.status_code, r.content, headers)
            return FailoverResult(resp, name, attempts)
    detail = "; ".join(f"{a.endpoint}: {a.error or a.status}" for a in attempts)
    raise FailoverExhausted(f"no permitted endpoint answered ({detail})", attempts)


class FailoverExhausted(Exception):
    def __init__(self, message: str, attempts: list[Attempt]) -> None:
        super().__init__(message)
        self.attempts = attempts
