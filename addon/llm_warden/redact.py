"""Redaction on the way out and restoration on the way back.

Outbound, each finding the decision names is replaced in its segment by its strategy's
replacement (a reversible typed placeholder from the vault, a mask, a keyed hash, or nothing),
written back through the segment's JSON pointer so the body stays valid for the provider.

Inbound, placeholders in the answer are swapped back for the values. Only the placeholders
that were put into *this* request are restored: the map is built while redacting, so the model
cannot make the gateway inject any value the caller did not send in this conversation.
Streamed answers are rewritten event by event; a placeholder split across two events is held
back until it is complete, so nothing but a placeholder-shaped tail is ever delayed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .providers import pointer as jp
from .types import Finding, LocatedFinding, Segment

PLACEHOLDER = re.compile(r"\[([A-Z][A-Z_]*?)_(\d{1,6})\]")
#: a text tail that could still become a placeholder: "[", "[PER", "[PERSON_1"
_PARTIAL = re.compile(r"\[[A-Z_]{0,40}\d{0,6}$")
_KEEP_LAST4 = {"CREDIT_CARD", "IBAN_CODE", "US_SSN", "PHONE_NUMBER"}


class Vault(Protocol):
    async def assign(self, scope: str, entity_type: str, value: str) -> str: ...


@dataclass(slots=True)
class Redaction:
    """What redaction did to one request: the new document, the restore map, what was replaced."""

    doc: Any
    restore: dict[str, str] = field(default_factory=dict)  # placeholder → original value
    replaced: list[tuple[str, Finding, str]] = field(default_factory=list)  # (pointer, finding, strategy)


def mask(entity_type: str, value: str) -> str:
    if entity_type in _KEEP_LAST4 and len(value) > 4:
        return "*" * (len(value) - 4) + value[-4:]
    return "*" * len(value)


def keyed_hash(key: bytes, entity_type: str, value: str) -> str:
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:12]
    return f"[{entity_type}:{digest}]"


async def redact(
    doc: Any,
    segments: list[Segment],
    findings: list[LocatedFinding],
    strategies: dict[str, str],
    *,
    vault: Vault,
    scope: str,
    hash_key: bytes,
) -> Redaction:
    """Apply ``strategies`` (entity type → strategy) to the findings and return the new document."""
    out = Redaction(doc)
    by_pointer: dict[str, list[Finding]] = {}
    for lf in findings:
        if lf.finding.type in strategies:
            by_pointer.setdefault(lf.pointer, []).append(lf.finding)
    for seg in segments:
        chosen = _non_overlapping(by_pointer.get(seg.pointer, []))
        if not chosen:
            continue
        text = seg.text
        pieces: list[str] = []
        cursor = 0
        for f in chosen:
            value = text[f.start:f.end]
            strategy = strategies[f.type]
            if strategy == "placeholder":
                replacement = await vault.assign(scope, f.type, value)
                out.restore[replacement] = value
            elif strategy == "mask":
                replacement = mask(f.type, value)
            elif strategy == "hash":
                replacement = keyed_hash(hash_key, f.type, value)
            elif strategy == "drop":
                replacement = ""
            else:
                raise ValueError(f"unknown redaction strategy {strategy!r}")
            pieces += [text[cursor:f.start], replacement]
            cursor = f.end
            out.replaced.append((seg.pointer, f, strategy))
        pieces.append(text[cursor:])
        out.doc = jp.set(out.doc, seg.pointer, "".join(pieces))
    return out


def _non_overlapping(found: list[Finding]) -> list[Finding]:
    """Left-to-right, longest first at equal starts; overlapping later spans are absorbed."""
    result: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if result and f.start < result[-1].end:
            continue
        result.append(f)
    return result


# -- restoration --------------------------------------------------------------------------------


def restore_text(text: str, mapping: dict[str, str], *, json_escaped: bool = False) -> str:
    """Swap known placeholders back; unknown placeholder-shaped text is left as it is."""
    if not mapping or "[" not in text:
        return text

    def sub(m: re.Match[str]) -> str:
        value = mapping.get(m.group(0))
        if value is None:
            return m.group(0)
        return json.dumps(value, ensure_ascii=False)[1:-1] if json_escaped else value

    return PLACEHOLDER.sub(sub, text)


def restore_json(node: Any, mapping: dict[str, str]) -> Any:
    """Restore every string leaf; strings holding JSON documents (tool arguments) are restored
    inside the decoded document so a value with quotes cannot break them."""
    if isinstance(node, str):
        if "[" not in node:
            return node
        stripped = node.lstrip()
        if stripped[:1] in ("{", "["):
            try:
                inner = json.loads(node)
            except ValueError:
                pass
            else:
                if isinstance(inner, (dict, list)):
                    return json.dumps(restore_json(inner, mapping), ensure_ascii=False)
        return restore_text(node, mapping)
    if isinstance(node, dict):
        return {k: restore_json(v, mapping) for k, v in node.items()}
    if isinstance(node, list):
        return [restore_json(v, mapping) for v in node]
    return node


class DeltaText:
    """Holds back a placeholder-shaped tail per stream key until it is complete."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        self.pending: dict[Any, str] = {}

    def feed(self, key: Any, text: str, *, json_escaped: bool = False) -> str:
        text = self.pending.pop(key, "") + text
        m = _PARTIAL.search(text)
        if m:
            self.pending[key] = text[m.start():]
            text = text[:m.start()]
        return restore_text(text, self.mapping, json_escaped=json_escaped)

    def flush(self, key: Any) -> str:
        return self.pending.pop(key, "")

    def flush_all(self) -> list[tuple[Any, str]]:
        out = [(k, v) for k, v in self.pending.items() if v]
        self.pending.clear()
        return out


#: A locator yields, for one decoded event, the text fields to restore:
#: (stream key, container, field name, is a JSON fragment).
Field = tuple[Any, Any, str | int, bool]


def _openai_chat_fields(event: Any) -> list[Field]:
    out: list[Field] = []
    for choice in event.get("choices") or []:
        if not isinstance(choice, dict):
            continue
        i = choice.get("index", 0)
        delta = choice.get("delta")
        if isinstance(delta, dict):
            if isinstance(delta.get("content"), str):
                out.append(((i, "content"), delta, "content", False))
            for call in delta.get("tool_calls") or []:
                fn = call.get("function") if isinstance(call, dict) else None
                if isinstance(fn, dict) and isinstance(fn.get("arguments"), str):
                    out.append(((i, "tool", call.get("index", 0)), fn, "arguments", True))
        if isinstance(choice.get("text"), str):  # legacy completions stream
            out.append(((i, "text"), choice, "text", False))
    return out


def _openai_responses_fields(event: Any) -> list[Field]:
    kind = event.get("type", "")
    if kind.endswith(".delta") and isinstance(event.get("delta"), str):
        key = (event.get("item_id"), event.get("output_index"), event.get("content_index"))
        return [(key, event, "delta", kind.startswith("response.function_call_arguments"))]
    return []


def _anthropic_fields(event: Any) -> list[Field]:
    if event.get("type") == "content_block_delta":
        delta = event.get("delta")
        if isinstance(delta, dict):
            if isinstance(delta.get("text"), str):
                return [(event.get("index"), delta, "text", False)]
            if isinstance(delta.get("partial_json"), str):
                return [(event.get("index"), delta, "partial_json", True)]
    return []


def _gemini_fields(event: Any) -> list[Field]:
    out: list[Field] = []
    for ci, cand in enumerate(event.get("candidates") or []):
        parts = ((cand or {}).get("content") or {}).get("parts") or []
        for pi, part in enumerate(parts):
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                out.append(((cand.get("index", ci), pi), part, "text", False))
    return out


def _ndjson_fields(event: Any) -> list[Field]:
    msg = event.get("message")
    if isinstance(msg, dict) and isinstance(msg.get("content"), str):
        return [("content", msg, "content", False)]
    if isinstance(event.get("response"), str):
        return [("response", event, "response", False)]
    return []


def _is_terminal(event: dict[str, Any]) -> bool:
    """An event that closes a text stream: held-back tails must be emitted before it."""
    kind = event.get("type")
    if isinstance(kind, str) and (kind in ("content_block_stop", "message_delta", "message_stop")
                                  or kind.endswith(".done") or kind == "response.completed"):
        return True
    for choice in event.get("choices") or []:
        if isinstance(choice, dict) and choice.get("finish_reason"):
            return True
    for cand in event.get("candidates") or []:
        if isinstance(cand, dict) and cand.get("finishReason"):
            return True
    return event.get("done") is True


LOCATORS: dict[str, Callable[[Any], list[Field]]] = {
    "openai": _openai_chat_fields,
    "openai_responses": _openai_responses_fields,
    "anthropic": _anthropic_fields,
    "gemini": _gemini_fields,
    "ndjson": _ndjson_fields,
}


class StreamRestorer:
    """A ``flow.response.stream`` callable that restores placeholders in SSE or NDJSON answers.

    Bytes are held only until an event (SSE: blank line; NDJSON: newline) is complete. Events the
    locator does not know pass through untouched, byte for byte. Full-text fields some formats
    repeat at the end (``response.completed``, ``*.done``) are restored whole.
    """

    def __init__(self, fmt: str, mapping: dict[str, str], *, ndjson: bool = False) -> None:
        self.locate = LOCATORS[fmt]
        self.delta = DeltaText(mapping)
        self.mapping = mapping
        self.ndjson = ndjson
        self.buf = b""
        self.last_data: dict[Any, tuple[dict[str, Any], Callable[[dict[str, Any]], Field]]] = {}

    def __call__(self, chunk: bytes) -> bytes:
        if chunk == b"":  # end of stream
            tail, self.buf = self.buf, b""
            out = self._event(tail) if tail else b""
            return out + self._flush_all()
        self.buf += chunk
        out = bytearray()
        sep = b"\n" if self.ndjson else None
        while True:
            if sep:
                idx = self.buf.find(sep)
                end = idx + 1
            else:
                idx, end = self._sse_boundary()
            if idx < 0:
                break
            event, self.buf = self.buf[:end], self.buf[end:]
            out += self._event(event)
        return bytes(out)

    def _sse_boundary(self) -> tuple[int, int]:
        best = (-1, -1)
        for sep in (b"\n\n", b"\r\n\r\n", b"\r\r"):
            i = self.buf.find(sep)
            if i >= 0 and (best[0] < 0 or i < best[0]):
                best = (i, i + len(sep))
        return best

    def _event(self, raw: bytes) -> bytes:
        if self.ndjson:
            return self._rewrite_json_line(raw)
        lines = raw.split(b"\n")
        changed = False
        prefix = b""
        for n, line in enumerate(lines):
            bare = line.rstrip(b"\r")
            if bare.startswith(b"data:"):
                payload = bare[5:].lstrip(b" ")
                if payload.strip() == b"[DONE]":
                    return self._flush_all() + raw
                flush, new = self._rewrite(payload)
                prefix += flush
                if new is not None:
                    lines[n] = b"data: " + new + (b"\r" if line.endswith(b"\r") else b"")
                    changed = True
        return prefix + (b"\n".join(lines) if changed else raw)

    def _rewrite_json_line(self, raw: bytes) -> bytes:
        body = raw.rstrip(b"\r\n")
        if not body.strip():
            return raw
        flush, new = self._rewrite(body)
        return flush + (raw if new is None else new + raw[len(body):])

    def _rewrite(self, payload: bytes) -> tuple[bytes, bytes | None]:
        """(held-back text to emit first, the rewritten payload or None when unchanged)."""
        try:
            event = json.loads(payload)
        except ValueError:
            return b"", None
        if not isinstance(event, dict):
            return b"", None
        flush = self._flush_all() if _is_terminal(event) else b""
        fields = self.locate(event)
        for key, container, name, is_json in fields:
            container[name] = self.delta.feed(key, container[name], json_escaped=is_json)
        self._restore_whole_texts(event)
        if not fields and not self._has_placeholder(payload):
            return flush, None
        return flush, json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _restore_whole_texts(self, event: dict[str, Any]) -> None:
        kind = event.get("type", "")
        if isinstance(kind, str) and (kind.endswith(".done") or kind in ("response.completed", "message_start")):
            for k, v in list(event.items()):
                if k not in ("type", "delta"):
                    event[k] = restore_json(v, self.mapping)

    def _has_placeholder(self, payload: bytes) -> bool:
        return bool(self.mapping) and b"[" in payload

    def _flush_all(self) -> bytes:
        """Emit held-back tails that never became placeholders, as plain text events."""
        out = bytearray()
        for key, text in self.delta.flush_all():
            out += self._synthetic(key, text)
        return bytes(out)

    def _synthetic(self, key: Any, text: str) -> bytes:
        # A minimal event of the same format carrying the text that was held back.
        if self.locate is _anthropic_fields:
            ev: dict[str, Any] = {"type": "content_block_delta", "index": key,
                                  "delta": {"type": "text_delta", "text": text}}
            return b"event: content_block_delta\ndata: " + json.dumps(ev).encode() + b"\n\n"
        if self.locate is _openai_chat_fields:
            ev = {"object": "chat.completion.chunk", "choices": [{"index": key[0], "delta": {"content": text}}]}
        elif self.locate is _gemini_fields:
            ev = {"candidates": [{"index": key[0], "content": {"role": "model", "parts": [{"text": text}]}}]}
        elif self.locate is _openai_responses_fields:
            ev = {"type": "response.output_text.delta", "item_id": key[0], "output_index": key[1],
                  "content_index": key[2], "delta": text}
        else:
            ev = {"message": {"role": "assistant", "content": text}} if key == "content" else {"response": text}
            return json.dumps(ev).encode() + b"\n"
        return b"data: " + json.dumps(ev).encode() + b"\n\n"


def restore_body(content_type: str, body: bytes, mapping: dict[str, str]) -> bytes:
    """Restore placeholders in a buffered answer: JSON leaf by leaf, text as text, else as is."""
    if not body or not mapping:
        return body
    if "json" in content_type:
        doc = json.loads(body)
        return json.dumps(restore_json(doc, mapping), ensure_ascii=False).encode()
    if content_type.startswith("text/"):
        return restore_text(body.decode("utf-8"), mapping).encode("utf-8")
    return body


def safe_stream(restorer: StreamRestorer) -> Callable[[bytes], bytes]:
    """A stream callable that never breaks the answer: on an error it passes bytes through as
    they came (placeholders then reach the client unrestored, which leaks nothing)."""
    broken = False

    def call(chunk: bytes) -> bytes:
        nonlocal broken
        if not broken:
            try:
                return restorer(chunk)
            except Exception:
                broken = True
                logging.getLogger("llm_warden").exception("llm-warden: streamed restore failed; passing the rest through")
                pending, restorer.buf = restorer.buf, b""
                return pending + chunk
        return chunk

    return call
