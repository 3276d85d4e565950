"""RFC 6901 JSON pointers, extended to reach into JSON documents stored inside strings.

OpenAI tool-call arguments are a JSON document serialised into a string. Redacting inside the raw
string could cut through an escape sequence and break it, so we address the decoded value instead:
``/messages/1/tool_calls/0/function/arguments#/city`` means "the ``city`` member of the JSON document
held in that string". A literal ``#`` inside a reference token is escaped as ``~2`` (our extension;
``~0`` and ``~1`` are RFC 6901's).
"""

from __future__ import annotations

import json
from typing import Any


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1").replace("#", "~2")


def unescape(token: str) -> str:
    return token.replace("~2", "#").replace("~1", "/").replace("~0", "~")


def join(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + escape(t) for t in tokens)


def _tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"invalid JSON pointer {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def _step(node: Any, token: str) -> tuple[Any, str | int]:
    if isinstance(node, list):
        return node, int(token)
    if isinstance(node, dict):
        return node, token
    raise KeyError(token)


def get(doc: Any, pointer: str) -> Any:
    """Resolve ``pointer`` (with ``#`` descents into embedded JSON) in ``doc``."""
    outer, _, inner = pointer.partition("#")
    node = doc
    for token in _tokens(outer):
        container, key = _step(node, token)
        node = container[key]  # type: ignore[index]
    if inner or pointer.endswith("#"):
        return get(json.loads(node), inner)
    return node


def set(doc: Any, pointer: str, value: Any) -> Any:  # noqa: A001 - mirrors get()
    """Replace the value at ``pointer`` and return the (possibly new) root."""
    outer, sep, inner = pointer.partition("#")
    tokens = _tokens(outer)
    if sep:
        embedded = get(doc, outer)
        new_inner = set(json.loads(embedded), inner, value)
        value = json.dumps(new_inner, ensure_ascii=False, separators=(",", ":"))
    if not tokens:
        return value
    node = doc
    for token in tokens[:-1]:
        container, key = _step(node, token)
        node = container[key]  # type: ignore[index]
    container, key = _step(node, tokens[-1])
    container[key] = value  # type: ignore[index]
    return doc
