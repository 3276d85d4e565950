"""Audit records: canonical bytes, signatures with domain separation, the chain hash.

A record is stored as one line: the RFC 8785 (JCS) canonical JSON of the whole record, ``sig``
included. Canonical bytes matter because the same record must hash and verify identically on any
machine, years later, with any JSON library: the line *is* the canonical form, so nothing needs to
be re-serialised to check it.

What is signed is ``DOMAIN_RECORD + canonical(record without "sig")``. Because JCS sorts keys and
``sig`` is a plain base64 string, the signed bytes are exactly the stored line with the
``"sig":"..."`` member cut out (:func:`strip_member`). A verifier therefore never has to
re-canonicalise a record (that is the slow part in Python); a line that is not canonical simply
yields bytes nobody signed. The domain prefix keeps a record signature from ever being valid as a
checkpoint-note signature made with the same key, or the other way round.

``prev`` is the RFC 6962 leaf hash (``SHA-256(0x00 || line)``) of the previous record, so the hash
chain and the Merkle tree hash exactly the same bytes, and the 0x00 prefix separates it from the
tree's interior nodes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import rfc8785

#: Prefix of every record signature.
DOMAIN_RECORD = b"llm-warden/audit/v1/record\n"
#: Prefix of the new key's proof of possession in a key-transition record.
DOMAIN_TRANSITION = b"llm-warden/audit/v1/key-transition\n"
#: ``prev`` of the first record.
GENESIS_PREV = "0" * 64
#: Fields the log owns; a body passed to ``append`` must not carry them.
LOG_FIELDS = frozenset({"seq", "id", "ts", "prev", "key_id", "sig"})
#: Record format written into the genesis record.
FORMAT = "llm-warden-audit/1"

_INT_LIMIT = 2**53 - 1


class RecordError(ValueError):
    """A body that cannot become a record (not JSON, reserved field, missing type)."""


def canonical(obj: Any) -> bytes:
    """RFC 8785 canonical JSON of ``obj``.

    Sorted-key compact JSON (orjson when installed, else the standard library) produces the
    same bytes as JCS whenever every key is ASCII
    (Python sorts code points, JCS sorts UTF-16 units: they differ only beyond the BMP) and every
    float prints the same way in Python and ECMAScript (finite, not integral, no exponent). That
    covers every record the gateway writes and is ~5x faster than the reference implementation,
    which is used for everything else. A property test checks both paths agree.
    """
    if _simple(obj):
        try:
            return _fast_dumps(obj)
        except (UnicodeEncodeError, TypeError) as e:  # lone surrogates
            raise RecordError(f"record is not valid UTF-8: {e}") from e
    try:
        return rfc8785.dumps(obj)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as e:
        raise RecordError(f"record is not canonicalisable JSON: {e}") from e


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                            allow_nan=False)


def _stdlib_dumps(obj: Any) -> bytes:
    return _ENCODER.encode(obj).encode("utf-8")


try:  # optional: ~10x faster than the standard library, same bytes on the simple subset
    import orjson

    def _orjson_dumps(obj: Any) -> bytes:
        return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)

    _fast_dumps = _orjson_dumps
except ImportError:  # pragma: no cover - depends on the environment
    _fast_dumps = _stdlib_dumps


def _simple(obj: Any) -> bool:
    """True when ``json.dumps`` gives the JCS bytes for ``obj`` (see :func:`canonical`).

    Iterative, with leaves checked in place: this runs for every record under the writer's
    lock, and most of a record is strings.
    """
    if type(obj) is not dict and type(obj) is not list:
        return _scalar_ok(obj)
    stack: list[Any] = [obj]
    while stack:
        o = stack.pop()
        if type(o) is dict:
            for k in o:
                if type(k) is not str or not k.isascii():
                    return False
            values = o.values()
        else:
            values = o
        for v in values:
            t = type(v)
            if t is str or t is bool or v is None:
                continue
            if t is dict or t is list or t is tuple:
                stack.append(v)
            elif not _scalar_ok(v):
                return False
    return True


def _scalar_ok(v: Any) -> bool:
    t = type(v)
    if t is str or t is bool or v is None:
        return True
    if t is int:
        return bool(-_INT_LIMIT <= v <= _INT_LIMIT)
    if t is float:
        return bool(math.isfinite(v) and not v.is_integer() and "e" not in repr(v))
    if t is tuple:
        return _simple(list(v))
    return False  # subclasses, anything else: let the reference implementation decide


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def leaf_hash(line: bytes) -> bytes:
    """RFC 6962 leaf hash of a stored record line (without its newline)."""
    return hashlib.sha256(b"\x00" + line).digest()


def utc_now() -> str:
    """RFC 3339 UTC timestamp with microseconds, e.g. ``2025-01-31T12:00:00.123456Z``."""
    return datetime.now(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def parse_ts(text: str) -> datetime:
    """Parse an RFC 3339 timestamp (``Z`` or offset); naive input is taken as UTC."""
    dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def check_body(body: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a body handed to ``append`` and return a shallow copy the log may extend."""
    if not isinstance(body, Mapping):
        raise RecordError(f"record body must be a mapping, not {type(body).__name__}")
    clash = LOG_FIELDS.intersection(body)
    if clash:
        raise RecordError(f"record body must not set log-owned fields {sorted(clash)}")
    kind = body.get("type")
    if not isinstance(kind, str) or not kind:
        raise RecordError("record body needs a non-empty string 'type'")
    return dict(body)


def member_bytes(key: str, value: Any) -> bytes:
    """Canonical ``"key":value`` member, used to splice ``sig`` into a canonical object."""
    return canonical(key) + b":" + canonical(value)


_SIG_KEY = "sig".encode("utf-16-be")


def _join(a: bytes, b: bytes) -> bytes:
    """Concatenate the members of two canonical objects whose keys do not interleave."""
    if a == b"{}":
        return b
    if b == b"{}":
        return a
    return a[:-1] + b"," + b[1:]


def seal_line(unsigned: dict[str, Any], sign: Any) -> tuple[bytes, str]:
    """Canonicalise ``unsigned``, sign it, and return ``(line, sig_b64)``.

    The members sorting before and after ``sig`` are canonicalised as two objects; the signed
    bytes join them, and the stored line joins them around the ``sig`` member. So a record costs
    one canonicalisation, and the line is exactly ``canonical(record with sig)``.
    """
    if "sig" in unsigned:
        raise RecordError("unsigned record already has a sig")
    low: dict[str, Any] = {}
    high: dict[str, Any] = {}
    for k, v in unsigned.items():
        before = k < "sig" if k.isascii() else _utf16_key(k) < _SIG_KEY
        (low if before else high)[k] = v
    a, b = canonical(low), canonical(high)
    signed = _join(a, b)
    sig = b64(sign(DOMAIN_RECORD + signed))
    line = _join(_join(a, b'{"sig":"' + sig.encode("ascii") + b'"}'), b)
    return line, sig


def _utf16_key(k: str) -> bytes:
    return k.encode("utf-16-be")


_PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-")


def _string_member(key: str, value: str) -> bytes:
    """``member_bytes`` for a string value; base64 values (signatures) skip the JSON encoder."""
    if _PLAIN.issuperset(key) and _PLAIN.issuperset(value):
        return b'"' + key.encode() + b'":"' + value.encode() + b'"'
    return member_bytes(key, value)


def strip_member(line: bytes, key: str, value: str) -> bytes | None:
    """Remove the member ``"key":"value"`` (a string value) from a canonical JSON line.

    Returns None when the member is not present exactly once, which a verifier treats as a
    malformed record. Inside a JSON string a quote is always escaped, so the needle can only match
    real structure; requiring a single occurrence rules out a second, nested copy.
    """
    needle = _string_member(key, value)
    at = line.find(needle)
    if at < 0 or line.find(needle, at + 1) >= 0:
        return None
    end = at + len(needle)
    if line[end:end + 1] == b",":
        return line[:at] + line[end + 1:]
    if line[at - 1:at] == b",":
        return line[:at - 1] + line[end:]
    return line[:at] + line[end:]  # the only member


def signed_bytes(line: bytes, record: Mapping[str, Any]) -> bytes | None:
    """The bytes a record's ``sig`` covers (domain prefix included), or None if malformed."""
    sig = record.get("sig")
    if not isinstance(sig, str):
        return None
    body = strip_member(line, "sig", sig)
    return None if body is None else DOMAIN_RECORD + body


def transition_signed_bytes(line: bytes, record: Mapping[str, Any]) -> bytes | None:
    """The bytes the new key's ``new_sig`` covers in a key-transition record."""
    sig, new_sig = record.get("sig"), record.get("new_sig")
    if not isinstance(sig, str) or not isinstance(new_sig, str):
        return None
    without_sig = strip_member(line, "sig", sig)
    if without_sig is None:
        return None
    body = strip_member(without_sig, "new_sig", new_sig)
    return None if body is None else DOMAIN_TRANSITION + body
