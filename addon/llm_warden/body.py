"""Turn a request body into a JSON document, or say exactly why it cannot be.

Every way a body can be ambiguous is refused rather than guessed at, because the gateway and the
provider must see the same document: a duplicate key that one parser keeps first and another keeps
last, a stacked or unknown content-encoding, invalid UTF-8, or a compression bomb would all let
a prompt reach the provider in a form the classifier never read.
"""

from __future__ import annotations

import io
import json
import zlib
from typing import Any

import brotli
import zstandard

_CHUNK = 64 * 1024


class BodyError(Exception):
    """A body the gateway refuses; ``status`` is the truthful HTTP status (400, 413, 415)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _too_big(limit: int) -> BodyError:
    return BodyError(413, f"request body decodes to more than {limit} bytes (warden_max_body_bytes)")


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    d = zlib.decompressobj(wbits)
    out = d.decompress(data, limit + 1)
    if len(out) > limit:
        raise _too_big(limit)
    if d.unconsumed_tail:
        raise _too_big(limit)
    out += d.flush()
    if len(out) > limit:
        raise _too_big(limit)
    if not d.eof:
        raise BodyError(400, "compressed request body is truncated")
    if d.unused_data:
        raise BodyError(400, "compressed request body has trailing data (concatenated streams are not accepted)")
    return out


def _brotli(data: bytes, limit: int) -> bytes:
    d = brotli.Decompressor()
    out = bytearray()
    for i in range(0, max(len(data), 1), _CHUNK):
        out += d.process(data[i:i + _CHUNK], output_buffer_limit=limit + 1 - len(out))
        if len(out) > limit:
            raise _too_big(limit)
        while not d.can_accept_more_data():
            out += d.process(b"", output_buffer_limit=limit + 1 - len(out))
            if len(out) > limit:
                raise _too_big(limit)
    if not d.is_finished():
        raise BodyError(400, "brotli request body is truncated")
    return bytes(out)


def _zstd(data: bytes, limit: int) -> bytes:
    # stream_reader bounds the output of each read, so a bomb stops at limit + 1 bytes.
    with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=False) as r:
        out = r.read(limit + 1)
        while len(out) <= limit:
            more = r.read(limit + 1 - len(out))
            if not more:
                break
            out += more
    if len(out) > limit:
        raise _too_big(limit)
    return out


def decode_content(raw: bytes, encoding_header: str | None, limit: int) -> bytes:
    """Undo one ``Content-Encoding`` with a bound on the decoded size."""
    codings = [c.strip().lower() for c in (encoding_header or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        if len(raw) > limit:
            raise _too_big(limit)
        return raw
    if len(codings) > 1:
        raise BodyError(415, f"stacked content encodings are not accepted: {encoding_header!r}")
    coding = codings[0]
    try:
        if coding in ("gzip", "x-gzip"):
            return _inflate(raw, 16 + zlib.MAX_WBITS, limit)
        if coding == "deflate":
            # RFC 9110 says zlib-wrapped; some clients send raw deflate. Accept both, nothing else.
            try:
                return _inflate(raw, zlib.MAX_WBITS, limit)
            except zlib.error:
                return _inflate(raw, -zlib.MAX_WBITS, limit)
        if coding == "br":
            return _brotli(raw, limit)
        if coding == "zstd":
            return _zstd(raw, limit)
    except (zlib.error, brotli.error, zstandard.ZstdError) as e:
        raise BodyError(400, f"request body is not valid {coding}: {e}") from e
    raise BodyError(415, f"unsupported content encoding {coding!r} (accepted: gzip, deflate, br, zstd)")


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise BodyError(400, f"request JSON has a duplicate key {key!r}")
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise BodyError(400, f"request JSON contains {name}, which is not JSON")


def check_content_type(content_type: str | None) -> None:
    """Only JSON (or no declared type) is inspectable; a non-UTF-8 charset is refused."""
    if not content_type:
        return
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    if mime != "application/json" and not mime.endswith("+json") and mime != "text/plain":
        raise BodyError(415, f"content type {mime!r} cannot be inspected; LLM requests must be JSON")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise BodyError(415, f"charset {value.strip()!r} is not accepted; send UTF-8")


def parse_json(data: bytes) -> Any:
    """Strict JSON: UTF-8 only, no duplicate keys, no NaN/Infinity, bounded nesting."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise BodyError(400, "request body starts with a byte-order mark; send UTF-8 JSON without one")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BodyError(400, f"request body is not valid UTF-8 (byte {e.start})") from e
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except BodyError:
        raise
    except RecursionError as e:
        raise BodyError(400, "request JSON is nested too deeply") from e
    except ValueError as e:
        raise BodyError(400, f"request body is not valid JSON: {e}") from e


def dump_json(doc: Any) -> bytes:
    """Serialise a (redacted) document for forwarding: compact, UTF-8."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
